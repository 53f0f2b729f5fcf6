package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shiftguard/roster"
	"shiftguard/store"
)

// fakeClock is the injected Options.Now of the tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// fixture is a temporary center: an admin, a manager, an HR user and two
// agents (E01, E02) on a day shift A (08:00–16:00, handover required)
// followed by a late shift B (16:00–24:00) on the same post.
type fixture struct {
	t     *testing.T
	svc   *store.Service
	clock *fakeClock
	loc   *time.Location
	day   roster.Date
	app   fyne.App
	win   fyne.Window
	st    *appState
}

const testPassword = "secret-pass"

var (
	templateOnce sync.Once
	templateDB   string
	templateErr  error
)

// fixtureDay is the day the fixture's roster is for.
var fixtureDay = roster.NewDate(2026, 11, 2)

// buildTemplate writes the fixture's center once (password hashes are
// slow); each test works on its own copy.
func buildTemplate() (string, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "shiftguard-ui-test")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "template.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	svc := store.NewService(db)
	loc, _ := time.LoadLocation("Asia/Shanghai")
	svc.Now = func() time.Time { return fixtureDay.At(7*60, loc) }
	admin, err := svc.CreateFirstAdmin(ctx, "admin", testPassword)
	if err != nil {
		return "", err
	}
	var errs []error
	for _, st := range []roster.ShiftType{
		{Code: "A", Name: "Day", Start: 8 * 60, End: 16 * 60, Handover: true, Color: "#4CAF50"},
		{Code: "B", Name: "Late", Start: 16 * 60, End: 0, Handover: true, Color: "#2196F3"},
	} {
		st := st
		errs = append(errs, svc.SaveShiftType(ctx, admin, &st))
	}
	for _, e := range []roster.Employee{
		{Code: "E01", Name: "王伟", Team: "一组", Active: true},
		{Code: "E02", Name: "李娜", Team: "一组", Active: true},
	} {
		e := e
		errs = append(errs, svc.CreateEmployee(ctx, admin, &e))
		u := roster.User{Username: strings.ToLower(e.Code), DisplayName: e.Name, Role: roster.RoleAgent, EmployeeCode: e.Code, Active: true}
		errs = append(errs, svc.CreateUser(ctx, admin, &u, testPassword, "1234"))
	}
	for _, u := range []roster.User{
		{Username: "manager", DisplayName: "经理", Role: roster.RoleManager, Active: true},
		{Username: "hr", DisplayName: "人事", Role: roster.RoleHR, Active: true},
	} {
		u := u
		errs = append(errs, svc.CreateUser(ctx, admin, &u, testPassword, ""))
	}
	errs = append(errs, svc.SetAssignment(ctx, admin, roster.Assignment{Employee: "E01", Date: fixtureDay, Shift: "A"}, ""),
		svc.SetAssignment(ctx, admin, roster.Assignment{Employee: "E02", Date: fixtureDay, Shift: "B"}, ""))
	return path, errors.Join(errs...)
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	templateOnce.Do(func() { templateDB, templateErr = buildTemplate() })
	if templateErr != nil {
		t.Fatal(templateErr)
	}
	ctx := context.Background()
	data, err := os.ReadFile(templateDB)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "t.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	loc, _ := time.LoadLocation("Asia/Shanghai")
	f := &fixture{t: t, svc: store.NewService(db), loc: loc, day: fixtureDay}
	f.clock = &fakeClock{t: f.at(7, 0)}
	f.svc.Now = f.clock.Now
	f.app = test.NewTempApp(t)
	f.win = f.app.NewWindow("ShiftGuard")
	f.win.Resize(fyne.NewSize(1366, 768))
	t.Cleanup(f.win.Close)
	f.st = newAppState(f.app, f.win, f.svc, Options{DBPath: path, Lang: LangZH, Now: f.clock.Now})
	f.st.noTicker = true
	f.st.showStart()
	return f
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// at is the fixture's day at h:m in the center's zone.
func (f *fixture) at(h, m int) time.Time {
	return time.Date(f.day.Year, f.day.Month, f.day.Day, h, m, 0, 0, f.loc)
}

// signIn signs in through the sign-in screen, as a user would.
func (f *fixture) signIn(user string) {
	f.t.Helper()
	if f.st.sess != nil {
		f.st.signOut()
	}
	s := f.signInScreen()
	setEntry(s.username, user)
	setEntry(s.password, testPassword)
	test.Tap(s.submit)
	if f.st.sess == nil || f.st.sess.User.Username != user {
		f.t.Fatalf("sign in as %s failed: %q", user, f.st.lastError)
	}
}

// signInScreen digs the sign-in screen out of the window.
func (f *fixture) signInScreen() *signInScreen {
	f.t.Helper()
	if f.st.signIn == nil {
		f.t.Fatal("no sign-in screen shown")
	}
	return f.st.signIn
}

func (f *fixture) desk() *deskScreen {
	f.t.Helper()
	if !f.st.show("desk") {
		f.t.Fatal("no duty desk in the navigation")
	}
	return f.st.screenFor("desk").(*deskScreen)
}

func (f *fixture) compliance() *complianceScreen {
	f.t.Helper()
	if !f.st.show("compliance") {
		f.t.Fatal("no compliance screen in the navigation")
	}
	return f.st.screenFor("compliance").(*complianceScreen)
}

// setEntry replaces an entry's text as a user would.
func setEntry(e interface {
	fyne.Focusable
	SetText(string)
}, s string) {
	e.SetText("")
	test.Type(e, s)
}
