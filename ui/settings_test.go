package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"shiftguard/roster"
	"shiftguard/store"
)

func (f *fixture) settings() *settingsScreen {
	f.t.Helper()
	if !f.st.show("settings") {
		f.t.Fatal("no settings screen in the navigation")
	}
	return f.st.screenFor("settings").(*settingsScreen)
}

// fieldIndex is the index of a policy parameter in the form.
func fieldIndex(t *testing.T, key string) int {
	t.Helper()
	for i, p := range policyInts() {
		if p.key == key {
			return i
		}
	}
	t.Fatalf("no policy field %q", key)
	return -1
}

// The admin's settings, on one center (signing in builds every screen,
// which takes a while): policy versions, bad values, users, center, backup.
func TestSettingsAdmin(t *testing.T) {
	f := newFixture(t)
	f.signIn("admin")
	s := f.settings()
	t.Run("saves a policy version", func(t *testing.T) { adminSavesPolicyVersion(t, f, s) })
	t.Run("rejects bad values", func(t *testing.T) { rejectsBadValues(t, f, s) })
	t.Run("users and center", func(t *testing.T) { usersAndCenter(t, f, s) })
	t.Run("backup", func(t *testing.T) { backup(t, f, s) })
}

// An admin changes one parameter and one rule's points; saving asks for a
// reason and adds a version that the history shows, newest first.
func adminSavesPolicyVersion(t *testing.T, f *fixture, s *settingsScreen) {
	before := len(s.versions)
	if before == 0 || s.ints[0].Disabled() || s.save.Hidden {
		t.Fatalf("admin: %d versions, entry disabled %v, save hidden %v", before, s.ints[0].Disabled(), s.save.Hidden)
	}
	if got := s.ints[fieldIndex(t, "early_arrival_min")].Text; got != "15" {
		t.Fatalf("early arrival shows %q, want the default 15", got)
	}
	setEntry(s.ints[fieldIndex(t, "early_arrival_min")], "20")
	setEntry(s.points["LATE"], "3")
	test.Tap(s.save)
	if f.st.prompt == nil {
		t.Fatalf("saving did not ask for a reason (error %q)", f.st.lastError)
	}
	// An empty reason is refused and nothing is saved.
	f.st.prompt.submit()
	if !strings.Contains(f.st.lastError, "reason") {
		t.Fatalf("empty reason: error %q", f.st.lastError)
	}
	test.Tap(s.save)
	setEntry(f.st.prompt.entry, "总部要求提前20分钟到岗")
	f.st.prompt.submit()
	if len(s.versions) != before+1 {
		t.Fatalf("versions: %d, want %d", len(s.versions), before+1)
	}
	top := s.versions[0]
	if top.Policy.EarlyArrivalMin != 20 || top.Policy.Points["LATE"] != 3 || top.Reason != "总部要求提前20分钟到岗" || top.CreatedBy != "admin" {
		t.Fatalf("newest version: %+v", top)
	}
	if got := s.versionTable.cell(0, 0); got != strconv.Itoa(top.Policy.Version) || top.Policy.Version <= s.versions[1].Policy.Version {
		t.Fatalf("history row 0 shows version %q; newest %d, next %d", got, top.Policy.Version, s.versions[1].Policy.Version)
	}
	if last := len(s.versions) - 1; s.versionTable.cell(last, 3) != T("settings.default_reason") {
		t.Errorf("first version's reason shows as %q", s.versionTable.cell(last, 3))
	}
	if s.versionTable.cell(0, 3) != top.Reason {
		t.Fatalf("history row 0 reason %q", s.versionTable.cell(0, 3))
	}
	p, err := f.svc.Policy(context.Background(), f.st.sess)
	f.must(err)
	if p.EarlyArrivalMin != 20 || p.Version != top.Policy.Version {
		t.Fatalf("policy in force: v%d early %d", p.Version, p.EarlyArrivalMin)
	}
}

// Bad values are refused with the parameter's name and save nothing.
func rejectsBadValues(t *testing.T, f *fixture, s *settingsScreen) {
	for _, c := range []struct {
		name, field, value, want string
	}{
		{"not a number", "break_min", "十", "break_min"},
		{"out of range", "points_window_days", "0", "points_window_days"},
		{"ladder not increasing", "", "", "ladder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s.refresh()
			f.st.lastError = ""
			before := len(s.versions)
			if c.field != "" {
				setEntry(s.ints[fieldIndex(t, c.field)], c.value)
			} else {
				setEntry(s.ladder[1], "3")
			}
			test.Tap(s.save)
			if f.st.prompt != nil {
				t.Fatal("a bad value still asked for a reason")
			}
			if !strings.Contains(f.st.lastError, c.want) {
				t.Fatalf("error %q does not name %q", f.st.lastError, c.want)
			}
			s.refresh()
			if len(s.versions) != before {
				t.Fatalf("a version was saved: %d", len(s.versions))
			}
		})
	}
}

// A manager and HR see the values read-only and no users; the service
// refuses their changes anyway. Agents have no settings screen.
func TestSettingsReadOnlyForNonAdmins(t *testing.T) {
	f := newFixture(t)
	for _, user := range []string{"manager", "hr"} {
		f.signIn(user)
		s := f.settings()
		for _, e := range s.allEntries() {
			if !e.Disabled() {
				t.Fatalf("%s: a policy entry is editable", user)
			}
		}
		if !s.save.Hidden || !s.saveSite.Hidden || !s.backup.Hidden || !s.dailyLog.Disabled() {
			t.Fatalf("%s: save %v, center %v, backup %v hidden", user, s.save.Hidden, s.saveSite.Hidden, s.backup.Hidden)
		}
		if s.userTable != nil {
			t.Fatalf("%s sees the users", user)
		}
		if got := s.mirror[s.ints[0]]; got == nil || got.Text != "15" {
			t.Fatalf("%s does not see the early arrival value", user)
		}
		ctx := context.Background()
		p := s.policy.Clone()
		p.BreakMin = 5
		if _, err := f.svc.SavePolicy(ctx, f.st.sess, p, "x"); roster.ErrorCode(err) != roster.EFORBIDDEN {
			t.Fatalf("%s SavePolicy: %v", user, err)
		}
		if _, err := f.svc.Users(ctx, f.st.sess); roster.ErrorCode(err) != roster.EFORBIDDEN {
			t.Fatalf("%s Users: %v", user, err)
		}
		if err := f.svc.Backup(ctx, f.st.sess, filepath.Join(t.TempDir(), "b.db")); roster.ErrorCode(err) != roster.EFORBIDDEN {
			t.Fatalf("%s Backup: %v", user, err)
		}
	}
	f.signIn("e01")
	if f.st.show("settings") {
		t.Fatal("an agent has a settings screen")
	}
}

// The admin creates a user linked to an employee, resets nothing else,
// deactivates it, and the center's name and time zone are saved.
func usersAndCenter(t *testing.T, f *fixture, s *settingsScreen) {
	n := len(s.users)
	if n != 5 {
		t.Fatalf("users listed: %d, want 5", n)
	}
	s.onNewUser()
	u := s.newUser
	setEntry(u.name, "lead1")
	setEntry(u.display, "组长")
	u.role.SetSelectedIndex(1) // manager
	u.emp.SetSelectedIndex(1)  // first employee
	setEntry(u.pass, "short")
	f.st.form.submit()
	if !strings.Contains(f.st.lastError, "password") || len(s.users) != n {
		t.Fatalf("short password: error %q, %d users", f.st.lastError, len(s.users))
	}
	setEntry(u.pass, "a-long-password")
	f.st.form.submit()
	if len(s.users) != n+1 {
		t.Fatalf("users after create: %d (error %q)", len(s.users), f.st.lastError)
	}
	row := -1
	for i, x := range s.users {
		if x.Username == "lead1" {
			row = i
			if x.Role != roster.RoleManager || x.EmployeeCode != "E01" || !x.Active {
				t.Fatalf("created %+v", x)
			}
		}
	}
	if _, err := f.svc.Login(context.Background(), "lead1", "a-long-password"); err != nil {
		t.Fatalf("new user cannot sign in: %v", err)
	}
	s.userTable.selectRow(row)
	if s.userTable.cell(row, 2) != roleLabel(roster.RoleManager) {
		t.Fatalf("role column %q", s.userTable.cell(row, 2))
	}
	// The deactivation goes through a confirmation dialog; apply it as OK does.
	v := s.users[row]
	v.Active = false
	f.must(f.svc.UpdateUser(context.Background(), f.st.sess, &v))
	s.loadUsers()
	if _, err := f.svc.Login(context.Background(), "lead1", "a-long-password"); err == nil {
		t.Fatal("a deactivated user signed in")
	}

	setEntry(s.center, "  ")
	s.onSaveCenter()
	if !strings.Contains(f.st.lastError, "center_name") {
		t.Fatalf("empty name: %q", f.st.lastError)
	}
	setEntry(s.center, "上海客服中心")
	setEntry(s.timeZone, "Asia/Urumqi")
	s.onSaveCenter()
	got, err := f.svc.Settings(context.Background(), f.st.sess)
	f.must(err)
	if got.CenterName != "上海客服中心" || got.TimeZone != "Asia/Urumqi" || f.st.center != "上海客服中心" {
		t.Fatalf("settings %+v, app center %q", got, f.st.center)
	}
}

// "Back up now" writes a copy of the database that opens with the same users.
func backup(t *testing.T, f *fixture, s *settingsScreen) {
	if want := filepath.Dir(f.st.opts.DBPath); !strings.HasSuffix(s.dataFolder(), filepath.Base(want)) {
		t.Fatalf("data folder %q, database in %q", s.dataFolder(), want)
	}
	dest := filepath.Join(t.TempDir(), "copy.db")
	f.st.lastError = ""
	s.backupTo(dest)
	f.st.wait()
	if f.st.lastError != "" {
		t.Fatal(f.st.lastError)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dest)
	f.must(err)
	defer db.Close()
	if _, err := store.NewService(db).Login(ctx, "hr", testPassword); err != nil {
		t.Fatalf("backup has no hr user: %v", err)
	}
}

type fakeFile struct{ closed bool }

// uriCloser stands for fyne.URIReadCloser and URIWriteCloser, which the
// dialogs pass as nil interfaces when cancelled.
type uriCloser interface {
	URI() fyne.URI
	Close() error
}

func (f *fakeFile) URI() fyne.URI { return storage.NewFileURI("/tmp/x/backup.db") }
func (f *fakeFile) Close() error  { f.closed = true; return nil }

// The file dialogs' callback passes the chosen path on, ignores a
// cancelled dialog and shows an error.
func TestPickedPath(t *testing.T) {
	st := &appState{win: test.NewTempApp(t).NewWindow("x")}
	var got []string
	cb := pickedPath[uriCloser](st, func(p string) { got = append(got, p) })
	cb(nil, nil)
	ff := &fakeFile{}
	cb(ff, nil)
	cb(nil, errors.New("disk gone"))
	if len(got) != 1 || got[0] != "/tmp/x/backup.db" || !ff.closed {
		t.Fatalf("paths %v, closed %v", got, ff.closed)
	}
	if !strings.Contains(st.lastError, "disk gone") {
		t.Fatalf("error shown: %q", st.lastError)
	}
}
