package compliance

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shiftguard/roster"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata")

// TestMalformedScenarios checks the error message of every file in
// testdata/malformed against its .golden file (go test -update rewrites them).
func TestMalformedScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "malformed", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no malformed scenarios: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".json"), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Check(data)
			if err == nil {
				t.Fatalf("Check accepted a malformed file and printed:\n%s", out)
			}
			if out != nil {
				t.Errorf("Check returned output with an error: %s", out)
			}
			if roster.ErrorCode(err) != roster.EINVALID {
				t.Errorf("error code %q, want %q", roster.ErrorCode(err), roster.EINVALID)
			}
			golden := strings.TrimSuffix(f, ".json") + ".golden"
			got := err.Error() + "\n"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("got  %swant %s", got, want)
			}
		})
	}
}

// TestCheckOutputGolden pins the full output of Check (evidence, labels,
// layout) for one scenario, so that changes to what a manager reads are
// reviewed (go test -update rewrites it).
func TestCheckOutputGolden(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "scenarios", "02-overnight-chain.json"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Check(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Check(data)
	if string(out) != string(again) {
		t.Fatal("Check is not deterministic")
	}
	golden := filepath.Join("testdata", "check-output.golden")
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(out) != string(want) {
		t.Errorf("output changed:\n%s", out)
	}
}
