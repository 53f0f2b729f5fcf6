package ui

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/software"

	"shiftguard/roster"
	"shiftguard/store"
)

// shotDelay lets the real driver settle before each picture.
var shotDelay = 700 * time.Millisecond

// Screenshots signs in to the demo center (store.Demo) as each role, shows
// every main screen in lang ("zh" or "en"; "" the system's) and writes
// w.Canvas().Capture() of each to dir/<lang>-<screen>.png: signin, desk,
// kiosk, roster, handover, compliance, rewards, reports, settings. It runs
// off the UI goroutine (main.go calls it in a goroutine beside a.Run) and
// drives the UI through fyne.DoAndWait.
func Screenshots(a fyne.App, w fyne.Window, svc *store.Service, dir string, lang string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	l := normLang(lang)
	if l == "" {
		l = systemLang()
	}
	ctx := context.Background()
	var st *appState
	fyne.DoAndWait(func() {
		st = newAppState(a, w, svc, Options{DBPath: svc.DB().Path(), Lang: l})
		st.noTicker = true
		w.Resize(fyne.NewSize(1366, 768))
		w.Show()
		st.showStart()
	})
	shot := func(name string) error {
		time.Sleep(900 * time.Millisecond) // let the frame draw
		path := filepath.Join(dir, fmt.Sprintf("%s-%s.png", l, name))
		if captureX(path) {
			return nil
		}
		img := w.Canvas().Capture()
		if uniform(img) {
			return fmt.Errorf("screenshot %s: the captured frame is blank", name)
		}
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := png.Encode(f, img); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	if err := shot("signin"); err != nil {
		return err
	}
	agent, err := demoAgentOnDuty(ctx, svc, st.now())
	if err != nil {
		return err
	}
	roles := []struct{ user, password string }{
		{"manager", store.DemoManagerPassword},
		{agent, store.DemoAgentPassword},
		{"hr", store.DemoHRPassword},
		{"admin", store.DemoAdminPassword},
	}
	done := map[string]bool{}
	for _, r := range roles {
		sess, err := svc.Login(ctx, r.user, r.password)
		if err != nil {
			return fmt.Errorf("screenshots need the demo center (shiftguard demo): sign in as %s: %w", r.user, err)
		}
		fyne.DoAndWait(func() { st.signedIn(sess) })
		for _, it := range st.nav {
			name := it.key
			if done[name] {
				if !(name == "settings" && r.user == "admin") {
					continue
				}
				name = "settings-admin"
			}
			done[name] = true
			key := it.key
			fyne.DoAndWait(func() {
				st.show(key)
				st.prepareShot(key)
			})
			if err := shot(name); err != nil {
				return err
			}
		}
		if r.user == "manager" {
			fyne.DoAndWait(func() {
				st.startKiosk()
				if k := st.kiosk; k != nil && len(k.shown) > 0 {
					k.list.Select(0)
				}
			})
			if err := shot("kiosk"); err != nil {
				return err
			}
		}
	}
	fyne.DoAndWait(st.signOut)
	return nil
}

// renderWindow draws the window's content with Fyne's software painter
// (the GL front buffer reads back blank on virtual X servers such as Xvfb).
// The content moves to an off-screen canvas of the window's size for the
// picture and comes back.
func renderWindow(w fyne.Window) image.Image {
	content := w.Content()
	size := w.Canvas().Size()
	c := software.NewCanvas()
	c.SetPadded(false)
	w.SetContent(canvas.NewRectangle(color.Transparent))
	c.SetContent(content)
	c.Resize(size)
	img := c.Capture()
	c.SetContent(canvas.NewRectangle(color.Transparent))
	w.SetContent(content)
	return img
}

// prepareShot puts a screen in a state worth a picture: a violation or a
// note selected so that its detail shows.
func (st *appState) prepareShot(key string) {
	switch s := st.screenFor(key).(type) {
	case *complianceScreen:
		s.from.SetText(st.today().AddDays(-30).String())
		s.load()
		if len(s.records) > 0 {
			s.table.selectRow(0)
		}
	case *handoverScreen:
		if len(s.notes) > 0 {
			s.table.selectRow(0)
		}
	}
}

// demoAgentOnDuty returns the user name of a demo agent on duty now (else
// one with a shift today, else any agent).
func demoAgentOnDuty(ctx context.Context, svc *store.Service, now time.Time) (string, error) {
	admin, err := svc.Login(ctx, "admin", store.DemoAdminPassword)
	if err != nil {
		return "", fmt.Errorf("screenshots need the demo center (shiftguard demo): %w", err)
	}
	users, err := svc.Users(ctx, admin)
	if err != nil {
		return "", err
	}
	best, bestRank := "", -1
	for _, u := range users {
		if u.Role != roster.RoleAgent || !u.Active || u.EmployeeCode == "" {
			continue
		}
		rank := 0
		if d, err := svc.TodayShift(ctx, admin, u.EmployeeCode, now); err == nil && d.Instance != nil {
			rank = 1
			if d.Clock.State == store.StateOnDuty {
				rank = 2
			}
		}
		if rank > bestRank {
			best, bestRank = u.Username, rank
		}
		if rank == 2 {
			break
		}
	}
	if best == "" {
		return "", roster.Errorf(roster.ENOTFOUND, "the demo center has no agent")
	}
	return best, nil
}

// captureX writes what the X server shows (the real window, as a person sees
// it) with ImageMagick's import when there is a display and the tool. The GL
// driver's Canvas().Capture() reads back an empty frame under Xvfb's
// software OpenGL, so the X server's view is preferred.
func captureX(path string) bool {
	if os.Getenv("DISPLAY") == "" {
		return false
	}
	tool, err := exec.LookPath("import")
	if err != nil {
		return false
	}
	return exec.Command(tool, "-window", "root", path).Run() == nil
}

// uniform reports whether every pixel of img has the same colour.
func uniform(img image.Image) bool {
	b := img.Bounds()
	if b.Empty() {
		return true
	}
	first := img.At(b.Min.X, b.Min.Y)
	r0, g0, b0, a0 := first.RGBA()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bb, a := img.At(x, y).RGBA()
			if r != r0 || g != g0 || bb != b0 || a != a0 {
				return false
			}
		}
	}
	return true
}
