# ShiftGuard: two commands on a fresh Debian/Ubuntu machine.
#   make run   installs what is missing, builds and starts the app on the embedded database
#   make test  installs what is missing, vets, runs every test, builds the real binary and
#              runs every scenario of ../shared/scenarios through it
SHELL      := /bin/bash
BIN        := bin/shiftguard
GO         ?= go
SCENARIOS  ?= ../shared/scenarios
CURTOIS    ?= ../shared/benchmarks/curtois
SHOTS      ?= screenshots
# Debian packages the build and the tests need. The GUI build needs cgo with OpenGL and X11
# headers; the tests use Xvfb (screenshots), LibreOffice and openpyxl (independent .xlsx readers)
# and a CJK font so Chinese renders.
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev
TEST_PKGS  := xvfb xauth imagemagick fonts-noto-cjk libreoffice-calc-nogui python3-openpyxl poppler-utils
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
GOFLAGS_CI := -tags ci

.PHONY: run build test deps deps-test vet unit race scenarios lo-check screenshot package bench bench-roster demo clean

run: deps build
	./$(BIN)

build: $(BIN)

$(BIN): $(shell find . -name '*.go' -not -path './bin/*') go.mod go.sum assets
	@mkdir -p bin
	CGO_ENABLED=1 $(GO) build -o $(BIN) .

# Install missing Debian packages (through sudo only when not root).
deps:
	@./scripts/apt-ensure.sh $(BUILD_PKGS)
	@command -v $(GO) >/dev/null || { echo "Go is not installed: see https://go.dev/doc/install (Go 1.26 or newer)"; exit 1; }

deps-test: deps
	@./scripts/apt-ensure.sh $(TEST_PKGS)

test: deps-test vet unit race build scenarios
	@echo "make test: all checks passed"

vet:
	CGO_ENABLED=0 $(GO) vet $(GOFLAGS_CI) ./...
	@fmt=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$fmt" ]; then echo "gofmt needed: $$fmt"; exit 1; fi

unit:
	CGO_ENABLED=0 $(GO) test $(GOFLAGS_CI) -count=1 -timeout 20m ./...

# The solver's concurrent parts under the race detector (needs cgo, as the
# build does): parallel dives share nothing, which a plain run shows only
# now and then.
race:
	$(GO) test $(GOFLAGS_CI) -race -count=1 -run 'TestConcurrentDives' ./roster/autoroster

# Every scenario through the real (cgo) binary, compared with its .expected.json.
scenarios: $(BIN)
	SHIFTGUARD_BIN=$(CURDIR)/$(BIN) SHIFTGUARD_SCENARIOS=$(abspath $(SCENARIOS)) \
	  CGO_ENABLED=0 $(GO) test $(GOFLAGS_CI) -count=1 -run 'TestScenariosThroughBinary|TestMalformedThroughBinary' -v .

screenshot: deps-test $(BIN)
	./scripts/screenshots.sh $(BIN) $(SHOTS)

package: deps
	@command -v fyne >/dev/null || $(GO) install fyne.io/fyne/v2/cmd/fyne@v2.7.1
	PATH="$$PATH:$$($(GO) env GOPATH)/bin" fyne package -os linux -release
	@ls -l ShiftGuard.tar.xz

bench:
	CGO_ENABLED=0 $(GO) test $(GOFLAGS_CI) -run '^$$' -bench . -benchmem ./...

bench-roster: $(BIN)
	./$(BIN) bench-roster $(CURTOIS) --time 60s --out docs/benchmark-results.md

demo: $(BIN)
	./$(BIN) demo --db demo.db

clean:
	rm -rf bin $(SHOTS) ShiftGuard.tar.xz
