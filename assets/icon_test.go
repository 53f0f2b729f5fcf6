package assets

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "redraw icon.png")

// drawIcon draws the app icon: a blue shield holding a white clock face at
// ten past ten, anti-aliased by 4×4 supersampling, on a transparent ground.
func drawIcon(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	s := float64(size) / 512
	const ss = 4
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / s
					y := (float64(py) + (float64(sy)+0.5)/ss) / s
					c, ok := iconSample(x, y)
					if !ok {
						continue
					}
					r += float64(c.R)
					g += float64(c.G)
					b += float64(c.B)
					a++
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{uint8(r / a), uint8(g / a), uint8(b / a), uint8(255 * a / (ss * ss))})
		}
	}
	return img
}

// iconSample returns the colour of the icon at (x, y) in a 512 grid.
func iconSample(x, y float64) (color.NRGBA, bool) {
	if !inShield(x, y, 0) {
		return color.NRGBA{}, false
	}
	dark := color.NRGBA{0x0D, 0x3B, 0x66, 0xFF}
	if !inShield(x, y, 18) {
		return dark, true // the rim
	}
	// The shield's body: a vertical gradient from light to deep blue.
	t := (y - 40) / 440
	body := color.NRGBA{uint8(0x2E - 0x10*t), uint8(0x86 - 0x30*t), uint8(0xDE - 0x40*t), 0xFF}
	cx, cy := 256.0, 238.0
	dx, dy := x-cx, y-cy
	d := math.Hypot(dx, dy)
	switch {
	case d > 132:
		return body, true
	case d > 116:
		return dark, true // the clock's ring
	}
	face := color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	// Hour ticks.
	ang := math.Atan2(dy, dx)
	for i := 0; i < 12; i++ {
		ta := float64(i) * math.Pi / 6
		if d > 92 && d < 108 && math.Abs(angleDiff(ang, ta)) < 0.05 {
			return dark, true
		}
	}
	if d < 12 {
		return color.NRGBA{0xE5, 0x39, 0x35, 0xFF}, true // the hub
	}
	// Hands: minute hand to 12 (up), hour hand to 10.
	if onHand(dx, dy, -math.Pi/2, 92, 7) || onHand(dx, dy, -math.Pi/2-2*math.Pi/6, 62, 9) {
		return dark, true
	}
	return face, true
}

// inShield reports whether (x, y) lies inside the shield shrunk by inset.
func inShield(x, y, inset float64) bool {
	top, mid, tip := 40+inset, 300.0, 480-inset*1.4
	half := 196 - inset
	ux := math.Abs(x-256) / half
	if ux > 1 {
		return false
	}
	// The top edge dips a little towards the middle.
	if y < top+22*(1-ux*ux) {
		return false
	}
	if y <= mid {
		return true
	}
	if y >= tip {
		return false
	}
	t := (y - mid) / (tip - mid)
	w := half * math.Pow(math.Cos(t*math.Pi/2), 0.85)
	return math.Abs(x-256) <= w
}

func angleDiff(a, b float64) float64 {
	d := math.Mod(a-b+3*math.Pi, 2*math.Pi) - math.Pi
	return d
}

// onHand reports whether (dx, dy) lies on a hand at angle a of length l and
// half-width w.
func onHand(dx, dy, a, l, w float64) bool {
	ux, uy := math.Cos(a), math.Sin(a)
	along := dx*ux + dy*uy
	across := math.Abs(-dx*uy + dy*ux)
	return along > -14 && along < l && across < w
}

// TestIcon checks that icon.png is what drawIcon draws (512×512, opaque
// shield, transparent corners); -update writes it.
func TestIcon(t *testing.T) {
	img := drawIcon(512)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("icon.png", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := png.Decode(bytes.NewReader(Icon))
	if err != nil {
		t.Fatalf("icon.png does not decode: %v", err)
	}
	if b := got.Bounds(); b.Dx() != 512 || b.Dy() != 512 {
		t.Fatalf("icon.png is %v, want 512×512", b)
	}
	if _, _, _, a := got.At(2, 2).RGBA(); a != 0 {
		t.Errorf("corner of the icon is not transparent")
	}
	if _, _, _, a := got.At(256, 420).RGBA(); a != 0xFFFF {
		t.Errorf("the shield is not opaque at its lower middle")
	}
	if r, g, b, _ := got.At(256, 300).RGBA(); r < 0xF000 || g < 0xF000 || b < 0xF000 {
		t.Errorf("the clock face is not white")
	}
	if !*update && !bytes.Equal(buf.Bytes(), Icon) {
		t.Errorf("icon.png differs from drawIcon; run go test ./assets -run TestIcon -update")
	}
}
