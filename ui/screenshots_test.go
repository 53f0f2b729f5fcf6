package ui

import (
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shiftguard/store"
)

// Screenshots on a fresh demo center writes a non-blank picture of every
// main screen.
func TestScreenshotsOfTheDemoCenter(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo center")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	opts := store.DefaultDemoOptions()
	opts.Agents = 12
	if err := store.Demo(ctx, db, opts); err != nil {
		t.Fatal(err)
	}
	defer func(d time.Duration) { shotDelay = d }(shotDelay)
	shotDelay = 0
	a := test.NewTempApp(t)
	w := a.NewWindow("ShiftGuard")
	w.Resize(fyne.NewSize(1366, 768))
	out := filepath.Join(dir, "shots")
	if err := Screenshots(a, w, store.NewService(db), out, "en"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"signin", "desk", "kiosk", "roster", "handover", "compliance", "rewards", "reports", "settings", "settings-admin"} {
		f, err := os.Open(filepath.Join(out, "en-"+name+".png"))
		if err != nil {
			t.Errorf("no picture of %s: %v", name, err)
			continue
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if img.Bounds().Dx() < 1300 || blank(img) {
			t.Errorf("%s: picture %v is blank or small", name, img.Bounds())
		}
	}
}

// blank reports whether every pixel of img has the same colour.
func blank(img image.Image) bool {
	b := img.Bounds()
	r0, g0, b0, a0 := img.At(b.Min.X, b.Min.Y).RGBA()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			if r, g, bb, a := img.At(x, y).RGBA(); r != r0 || g != g0 || bb != b0 || a != a0 {
				return false
			}
		}
	}
	return true
}
