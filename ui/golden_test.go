package ui

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"shiftguard/roster"
)

var update = flag.Bool("update", false, "rewrite the golden markup in testdata/")

// assertMarkup compares the window's markup with testdata/name (-update
// rewrites it).
func assertMarkup(t *testing.T, f *fixture, name string) {
	t.Helper()
	if *update {
		path := filepath.Join("testdata", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(test.RenderToMarkup(f.win.Canvas())), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	test.AssertRendersToMarkup(t, name, f.win.Canvas())
}

// The sign-in screen in both languages and the duty desk after a late
// clock-in are stable screens: their markup is golden.
func TestGoldenScreens(t *testing.T) {
	f := newFixture(t)
	assertMarkup(t, f, "signin_zh.xml")
	f.st.switchLang(LangEN)
	assertMarkup(t, f, "signin_en.xml")
	f.st.switchLang(LangZH)

	f.clock.set(f.at(8, 20))
	f.signIn("e01")
	d := f.desk()
	test.Tap(d.buttons[roster.ClockIn])
	f.clock.set(f.at(9, 5))
	d.tick()
	assertMarkup(t, f, "desk_zh.xml")
}
