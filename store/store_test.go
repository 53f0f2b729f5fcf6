package store

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"shiftguard/compliance"
	"shiftguard/roster"
)

var ctx = context.Background()

// fixture is a small center: one post, two shifts, four agents.
type fixture struct {
	t        testing.TB
	db       *DB
	svc      *Service
	loc      *time.Location
	now      time.Time
	admin    *Session
	manager  *Session
	hr       *Session
	agent    *Session // E01
	agent2   *Session // E02
	sessions map[roster.Role]*Session
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	bcryptCost = bcrypt.MinCost
	db, err := Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	loc, _ := time.LoadLocation("Asia/Shanghai")
	f := &fixture{t: t, db: db, svc: NewService(db), loc: loc}
	f.setNow("2026-11-02T07:00")
	f.admin = must(f.svc.CreateFirstAdmin(ctx, "admin", "admin123"))
	for _, e := range []roster.Employee{
		{Code: "E01", Name: "张伟", Team: "A", Active: true},
		{Code: "E02", Name: "王芳", Team: "A", Active: true},
		{Code: "E03", Name: "李娜", Team: "B", Active: true},
		{Code: "E04", Name: "刘洋", Team: "B", Active: true},
	} {
		f.ok(f.svc.CreateEmployee(ctx, f.admin, &e))
	}
	f.ok(f.svc.SaveShiftType(ctx, f.admin, &roster.ShiftType{Code: "D", Name: "Day", Start: 8 * 60, End: 16 * 60, Post: "hotline", Handover: true}))
	f.ok(f.svc.SaveShiftType(ctx, f.admin, &roster.ShiftType{Code: "L", Name: "Late", Start: 16 * 60, End: 0, Post: "hotline", Handover: true}))
	for _, u := range []struct {
		name, emp string
		role      roster.Role
	}{{"mgr", "", roster.RoleManager}, {"hr", "", roster.RoleHR}, {"E01", "E01", roster.RoleAgent}, {"E02", "E02", roster.RoleAgent}} {
		f.ok(f.svc.CreateUser(ctx, f.admin, &roster.User{Username: u.name, DisplayName: u.name, Role: u.role, EmployeeCode: u.emp, Active: true}, "password1", "1234"))
	}
	f.manager = must(f.svc.Login(ctx, "mgr", "password1"))
	f.hr = must(f.svc.Login(ctx, "hr", "password1"))
	f.agent = must(f.svc.Login(ctx, "E01", "password1"))
	f.agent2 = must(f.svc.Login(ctx, "E02", "password1"))
	f.sessions = map[roster.Role]*Session{roster.RoleAdmin: f.admin, roster.RoleManager: f.manager, roster.RoleHR: f.hr, roster.RoleAgent: f.agent}
	return f
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func (f *fixture) ok(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) at(s string) time.Time {
	t, err := roster.ParseLocal(s, f.loc)
	if err != nil {
		f.t.Fatal(err)
	}
	return t
}

func (f *fixture) setNow(s string) {
	f.now = f.at(s)
	f.svc.Now = func() time.Time { return f.now }
}

func date(s string) roster.Date { return must(roster.ParseDate(s)) }

func (f *fixture) assign(emp, d, shift string) {
	f.t.Helper()
	f.ok(f.svc.SetAssignment(ctx, f.manager, roster.Assignment{Employee: emp, Date: date(d), Shift: shift}, ""))
}

func (f *fixture) punch(emp string, kind roster.EventKind, at string) *roster.Event {
	f.t.Helper()
	return must(f.svc.RecordEvent(ctx, f.manager, emp, kind, f.at(at), "entered from paper log"))
}

func (f *fixture) auditCount() int {
	var n int
	f.ok(f.db.ro.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&n))
	return n
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if roster.ErrorCode(err) != code {
		t.Fatalf("error %v (code %q), want code %q", err, roster.ErrorCode(err), code)
	}
}

func TestMigrationsAreAppliedOnceAndAuditIsAppendOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	for i := 0; i < 2; i++ {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := migrations()
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.SchemaVersion(ctx)
		if err != nil || v != ms[len(ms)-1].version {
			t.Fatalf("schema version %d, %v", v, err)
		}
		var n int
		if err := db.ro.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(ms) {
			t.Fatalf("%d migrations recorded, %v", n, err)
		}
		var mode string
		if err := db.ro.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Fatalf("journal mode %q, %v", mode, err)
		}
		var fk int
		if err := db.rw.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
			t.Fatalf("foreign keys %d, %v", fk, err)
		}
		db.Close()
	}
	f := newFixture(t)
	if _, err := f.db.rw.ExecContext(ctx, `UPDATE audit_log SET actor = 'x'`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("audit log update: %v", err)
	}
	if _, err := f.db.rw.ExecContext(ctx, `DELETE FROM audit_log`); err == nil {
		t.Fatal("audit log delete succeeded")
	}
	if _, err := f.db.rw.ExecContext(ctx, `INSERT INTO assignments (employee, date, shift) VALUES ('NOPE', '2026-11-01', 'D')`); err == nil {
		t.Fatal("foreign key not enforced")
	}
}

func TestFirstRunAndLogin(t *testing.T) {
	bcryptCost = bcrypt.MinCost
	db, err := Open(ctx, filepath.Join(t.TempDir(), "x", "first.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := NewService(db)
	if need, err := svc.NeedsSetup(ctx); err != nil || !need {
		t.Fatalf("NeedsSetup = %v, %v", need, err)
	}
	_, err = svc.CreateFirstAdmin(ctx, "root", "short")
	wantCode(t, err, roster.EINVALID)
	if _, err := svc.CreateFirstAdmin(ctx, "root", "longenough"); err != nil {
		t.Fatal(err)
	}
	if need, _ := svc.NeedsSetup(ctx); need {
		t.Fatal("still needs setup")
	}
	_, err = svc.CreateFirstAdmin(ctx, "root2", "longenough")
	wantCode(t, err, roster.ECONFLICT)
	if p, err := svc.Policy(ctx, &Session{User: roster.User{Username: "root", Role: roster.RoleAdmin}}); err != nil || p.Version != 1 {
		t.Fatalf("policy %v, %v", p.Version, err)
	}

	_, errWrongPw := svc.Login(ctx, "root", "wrongpassword")
	_, errNoUser := svc.Login(ctx, "nobody", "wrongpassword")
	wantCode(t, errWrongPw, roster.EUNAUTHORIZED)
	wantCode(t, errNoUser, roster.EUNAUTHORIZED)
	if errWrongPw.Error() != errNoUser.Error() {
		t.Fatalf("messages differ: %q vs %q", errWrongPw, errNoUser)
	}
	if s, err := svc.Login(ctx, "root", "longenough"); err != nil || s.User.PasswordHash != "" {
		t.Fatalf("login: %v, hash leaked %q", err, s.User.PasswordHash)
	}
}

func TestKioskLoginAndDeactivatedUser(t *testing.T) {
	f := newFixture(t)
	ks := must(f.svc.KioskEmployees(ctx))
	if len(ks) != 2 || ks[0].Code != "E01" || ks[0].Name != "张伟" || ks[1].Code != "E02" {
		t.Fatalf("kiosk list %+v", ks)
	}
	s, err := f.svc.KioskLogin(ctx, "E01", "1234")
	if err != nil || !s.Kiosk || s.User.EmployeeCode != "E01" {
		t.Fatalf("kiosk login %+v, %v", s, err)
	}
	_, e1 := f.svc.KioskLogin(ctx, "E01", "9999")
	_, e2 := f.svc.KioskLogin(ctx, "E99", "1234")
	wantCode(t, e1, roster.EUNAUTHORIZED)
	wantCode(t, e2, roster.EUNAUTHORIZED)
	if e1.Error() != e2.Error() {
		t.Fatal("kiosk errors reveal whether the employee exists")
	}
	ev := must(f.svc.RecordEvent(ctx, s, "E01", roster.ClockIn, time.Time{}, ""))
	if ev.Source != roster.SourceKiosk || !ev.At.Equal(f.now) {
		t.Fatalf("kiosk punch %+v", ev)
	}
	u := roster.User{Username: "E02", DisplayName: "E02", Role: roster.RoleAgent, EmployeeCode: "E02", Active: false}
	f.ok(f.svc.UpdateUser(ctx, f.admin, &u))
	_, err = f.svc.Login(ctx, "E02", "password1")
	wantCode(t, err, roster.EUNAUTHORIZED)
	f.ok(f.svc.ResetPassword(ctx, f.admin, "E01", "newpassword"))
	_, err = f.svc.Login(ctx, "E01", "password1")
	wantCode(t, err, roster.EUNAUTHORIZED)
	must(f.svc.Login(ctx, "E01", "newpassword"))
	f.ok(f.svc.ChangePassword(ctx, f.agent, "newpassword", "another-one"))
	wantCode(t, f.svc.ChangePassword(ctx, f.agent, "wrong-old-pw", "another-two"), roster.EUNAUTHORIZED)
}

// action is one service call used by the permission and audit tables.
type action struct {
	name string
	// forbidden lists the roles that must get EFORBIDDEN.
	forbidden []roster.Role
	// setup prepares data (as admin) and returns the call to make.
	call func(f *fixture, s *Session) error
	// entity is the audit entity the call must write (when allowed).
	entity string
}

var (
	agentHR  = []roster.Role{roster.RoleAgent, roster.RoleHR}
	agentMgr = []roster.Role{roster.RoleAgent, roster.RoleManager}
	notAdmin = []roster.Role{roster.RoleAgent, roster.RoleManager, roster.RoleHR}
)

func (f *fixture) evaluated() int64 {
	f.assign("E03", "2026-11-02", "D")
	f.punch("E03", roster.ClockIn, "2026-11-02T08:20")
	f.punch("E03", roster.ClockOut, "2026-11-02T16:00")
	f.setNow("2026-11-05T12:00")
	must(f.svc.Evaluate(ctx, f.manager, date("2026-11-02"), date("2026-11-02"), nil))
	rs := must(f.svc.Violations(ctx, f.manager, ViolationFilter{Employee: "E03", Rule: compliance.Late}))
	if len(rs) != 1 {
		f.t.Fatalf("want one LATE, got %+v", rs)
	}
	return rs[0].ID
}

func (f *fixture) proposed() int64 {
	id := must(f.svc.ProposeAction(ctx, f.manager, "E03"))
	if id != nil {
		return id.ID
	}
	// Make the standing reach the first ladder step.
	f.ok(f.svc.Award(ctx, f.hr, &compliance.Reward{Employee: "E03", Kind: compliance.ManualPenalty, Points: 6, Reason: "rude to a customer"}))
	return must(f.svc.ProposeAction(ctx, f.manager, "E03")).ID
}

var actions = []action{
	{"create employee", agentHR, func(f *fixture, s *Session) error {
		return f.svc.CreateEmployee(ctx, s, &roster.Employee{Code: "N" + string(s.User.Role), Name: "新人", Team: "A", Active: true})
	}, "employee"},
	{"update employee", agentHR, func(f *fixture, s *Session) error {
		return f.svc.UpdateEmployee(ctx, s, &roster.Employee{Code: "E04", Name: "刘洋洋", Team: "B", Active: true})
	}, "employee"},
	{"deactivate employee", agentHR, func(f *fixture, s *Session) error {
		return f.svc.DeactivateEmployee(ctx, s, "E04", "left the company")
	}, "employee"},
	{"save shift type", agentHR, func(f *fixture, s *Session) error {
		return f.svc.SaveShiftType(ctx, s, &roster.ShiftType{Code: "X", Start: 9 * 60, End: 17 * 60})
	}, "shift_type"},
	{"delete shift type", agentHR, func(f *fixture, s *Session) error {
		f.ok(f.svc.SaveShiftType(ctx, f.admin, &roster.ShiftType{Code: "TMP", Start: 9 * 60, End: 17 * 60}))
		return f.svc.DeleteShiftType(ctx, s, "TMP")
	}, "shift_type"},
	{"save coverage", agentHR, func(f *fixture, s *Session) error {
		return f.svc.SaveCoverage(ctx, s, &roster.CoverageRequirement{Shift: "D", Weekday: -1, Required: 2})
	}, "coverage"},
	{"delete coverage", agentHR, func(f *fixture, s *Session) error {
		c := &roster.CoverageRequirement{Shift: "D", Weekday: 1, Required: 1}
		f.ok(f.svc.SaveCoverage(ctx, f.admin, c))
		return f.svc.DeleteCoverage(ctx, s, c.ID)
	}, "coverage"},
	{"set assignment", agentHR, func(f *fixture, s *Session) error {
		return f.svc.SetAssignment(ctx, s, roster.Assignment{Employee: "E01", Date: date("2026-11-05"), Shift: "D"}, "")
	}, "assignment"},
	{"set assignments", agentHR, func(f *fixture, s *Session) error {
		return f.svc.SetAssignments(ctx, s, []roster.Assignment{{Employee: "E02", Date: date("2026-11-05"), Shift: "L"}}, "")
	}, "assignment"},
	{"clear assignment", agentHR, func(f *fixture, s *Session) error {
		f.assign("E03", "2026-11-06", "D")
		return f.svc.ClearAssignment(ctx, s, "E03", date("2026-11-06"), "")
	}, "assignment"},
	{"publish month", agentHR, func(f *fixture, s *Session) error {
		return f.svc.PublishMonth(ctx, s, roster.Month{Year: 2026, Month: 12})
	}, "month"},
	{"unpublish month", agentHR, func(f *fixture, s *Session) error {
		f.ok(f.svc.PublishMonth(ctx, f.admin, roster.Month{Year: 2027, Month: 1}))
		return f.svc.UnpublishMonth(ctx, s, roster.Month{Year: 2027, Month: 1}, "wrong month")
	}, "month"},
	{"add leave", agentHR, func(f *fixture, s *Session) error {
		return f.svc.AddLeave(ctx, s, &roster.Leave{Employee: "E02", Date: date("2026-11-09"), Type: roster.LeaveSick})
	}, "leave"},
	{"cancel leave", agentHR, func(f *fixture, s *Session) error {
		l := &roster.Leave{Employee: "E02", Date: date("2026-11-10"), Type: roster.LeaveAnnual}
		f.ok(f.svc.AddLeave(ctx, f.admin, l))
		return f.svc.CancelLeave(ctx, s, l.ID, "plans changed")
	}, "leave"},
	{"approve post leave", agentHR, func(f *fixture, s *Session) error {
		return f.svc.ApprovePostLeave(ctx, s, &roster.PostLeave{Employee: "E01", From: f.at("2026-11-02T10:00"), To: f.at("2026-11-02T10:20")})
	}, "post_leave"},
	{"cancel post leave", agentHR, func(f *fixture, s *Session) error {
		p := &roster.PostLeave{Employee: "E01", From: f.at("2026-11-02T11:00"), To: f.at("2026-11-02T11:20")}
		f.ok(f.svc.ApprovePostLeave(ctx, f.admin, p))
		return f.svc.CancelPostLeave(ctx, s, p.ID, "not needed")
	}, "post_leave"},
	{"request swap for someone else", []roster.Role{roster.RoleAgent, roster.RoleHR}, func(f *fixture, s *Session) error {
		f.assign("E02", "2026-11-11", "D")
		return f.svc.RequestSwap(ctx, s, &roster.SwapRequest{Requester: "E02", Date: date("2026-11-11"), Other: "E03", Reason: "doctor"})
	}, "swap"},
	{"approve swap", agentHR, func(f *fixture, s *Session) error {
		f.assign("E01", "2026-11-12", "D")
		r := &roster.SwapRequest{Requester: "E01", Date: date("2026-11-12"), Other: "E02", Reason: "family"}
		f.ok(f.svc.RequestSwap(ctx, f.agent, r))
		return f.svc.ApproveSwap(ctx, s, r.ID, "ok")
	}, "swap"},
	{"refuse swap", agentHR, func(f *fixture, s *Session) error {
		f.assign("E01", "2026-11-13", "D")
		r := &roster.SwapRequest{Requester: "E01", Date: date("2026-11-13"), Other: "E02", Reason: "family"}
		f.ok(f.svc.RequestSwap(ctx, f.agent, r))
		return f.svc.RefuseSwap(ctx, s, r.ID, "short staffed")
	}, "swap"},
	{"record punch for someone else", []roster.Role{roster.RoleAgent, roster.RoleHR}, func(f *fixture, s *Session) error {
		_, err := f.svc.RecordEvent(ctx, s, "E02", roster.ClockIn, f.at("2026-11-02T07:40"), "card reader broken")
		return err
	}, "event"},
	{"correct punch", agentHR, func(f *fixture, s *Session) error {
		e := f.punch("E02", roster.ClockIn, "2026-11-02T07:41")
		_, err := f.svc.CorrectEvent(ctx, s, e.ID, roster.ClockIn, f.at("2026-11-02T07:35"), false, "typo")
		return err
	}, "event"},
	{"import punches", agentHR, func(f *fixture, s *Session) error {
		return f.svc.ImportEvents(ctx, s, []roster.Event{{Employee: "E02", Kind: roster.ClockOut, At: f.at("2026-11-02T16:01")}})
	}, "events"},
	{"write note for someone else", []roster.Role{roster.RoleAgent, roster.RoleHR}, func(f *fixture, s *Session) error {
		f.assign("E02", "2026-11-02", "D")
		return f.svc.WriteHandoverNote(ctx, s, &roster.HandoverNote{Employee: "E02", Date: date("2026-11-02"), Shift: "D", Text: "all calm"})
	}, "handover_note"},
	{"daily log for someone else", []roster.Role{roster.RoleAgent, roster.RoleHR}, func(f *fixture, s *Session) error {
		return f.svc.WriteDailyLog(ctx, s, &roster.DailyLog{Employee: "E02", Mood: 4})
	}, "daily_log"},
	{"evaluate", agentHR, func(f *fixture, s *Session) error {
		f.assign("E04", "2026-11-03", "D")
		f.setNow("2026-11-05T12:00")
		_, err := f.svc.Evaluate(ctx, s, date("2026-11-03"), date("2026-11-03"), nil)
		return err
	}, "violation"},
	{"waive violation", agentHR, func(f *fixture, s *Session) error {
		return f.svc.WaiveViolation(ctx, s, f.evaluated(), "traffic accident on the way")
	}, "violation"},
	{"confirm violation", agentHR, func(f *fixture, s *Session) error {
		return f.svc.ConfirmViolation(ctx, s, f.evaluated(), "")
	}, "violation"},
	{"propose action", []roster.Role{roster.RoleAgent}, func(f *fixture, s *Session) error {
		f.ok(f.svc.Award(ctx, f.hr, &compliance.Reward{Employee: "E03", Kind: compliance.ManualPenalty, Points: 6, Reason: "rude to a customer"}))
		_, err := f.svc.ProposeAction(ctx, s, "E03")
		return err
	}, "discipline_action"},
	{"confirm action", agentMgr, func(f *fixture, s *Session) error {
		return f.svc.ConfirmAction(ctx, s, f.proposed(), "talked to them", 0)
	}, "discipline_action"},
	{"dismiss action", agentMgr, func(f *fixture, s *Session) error {
		return f.svc.DismissAction(ctx, s, f.proposed(), "points were disputed")
	}, "discipline_action"},
	{"revoke action", agentMgr, func(f *fixture, s *Session) error {
		id := f.proposed()
		f.ok(f.svc.ConfirmAction(ctx, f.hr, id, "", 0))
		return f.svc.RevokeAction(ctx, s, id, "appeal upheld")
	}, "discipline_action"},
	{"award service star", []roster.Role{roster.RoleAgent}, func(f *fixture, s *Session) error {
		return f.svc.Award(ctx, s, &compliance.Reward{Employee: "E01", Kind: compliance.ServiceStar, Month: roster.Month{Year: 2026, Month: 10}})
	}, "reward"},
	{"manual penalty", agentMgr, func(f *fixture, s *Session) error {
		return f.svc.Award(ctx, s, &compliance.Reward{Employee: "E01", Kind: compliance.ManualPenalty, Points: 2, Reason: "phone on duty"})
	}, "reward"},
	{"revoke reward", agentMgr, func(f *fixture, s *Session) error {
		r := &compliance.Reward{Employee: "E01", Kind: compliance.ManualReward, Reason: "customer praise"}
		f.ok(f.svc.Award(ctx, f.hr, r))
		return f.svc.RevokeReward(ctx, s, r.ID, "given twice")
	}, "reward"},
	{"create user", notAdmin, func(f *fixture, s *Session) error {
		return f.svc.CreateUser(ctx, s, &roster.User{Username: "new" + string(s.User.Role), Role: roster.RoleHR, Active: true}, "password1", "")
	}, "user"},
	{"update user", notAdmin, func(f *fixture, s *Session) error {
		return f.svc.UpdateUser(ctx, s, &roster.User{Username: "hr", DisplayName: "HR", Role: roster.RoleHR, Active: true})
	}, "user"},
	{"reset password", notAdmin, func(f *fixture, s *Session) error {
		return f.svc.ResetPassword(ctx, s, "E02", "brandnew1")
	}, "user"},
	{"reset PIN", notAdmin, func(f *fixture, s *Session) error { return f.svc.ResetPIN(ctx, s, "E02", "5678") }, "user"},
	{"save policy", notAdmin, func(f *fixture, s *Session) error {
		p := compliance.DefaultPolicy()
		p.LateMajorMin = 20
		_, err := f.svc.SavePolicy(ctx, s, p, "stricter")
		return err
	}, "policy"},
	{"save settings", notAdmin, func(f *fixture, s *Session) error {
		return f.svc.SaveSettings(ctx, s, Settings{CenterName: "热线中心", TimeZone: "Asia/Shanghai"})
	}, "settings"},
	{"backup", notAdmin, func(f *fixture, s *Session) error {
		return f.svc.Backup(ctx, s, filepath.Join(f.t.TempDir(), "b.db"))
	}, "database"},
	// Own actions every employee may do.
	{"own punch", nil, func(f *fixture, s *Session) error {
		_, err := f.svc.RecordEvent(ctx, f.agent, "E01", roster.ClockIn, time.Time{}, "")
		return err
	}, "event"},
	{"own note", nil, func(f *fixture, s *Session) error {
		f.assign("E01", "2026-11-02", "D")
		return f.svc.WriteHandoverNote(ctx, f.agent, &roster.HandoverNote{Employee: "E01", Date: date("2026-11-02"), Shift: "D", Text: "printer jammed"})
	}, "handover_note"},
	{"ack", nil, func(f *fixture, s *Session) error {
		f.assign("E01", "2026-11-02", "D")
		f.assign("E02", "2026-11-02", "L")
		n := &roster.HandoverNote{Employee: "E01", Date: date("2026-11-02"), Shift: "D", Text: "printer jammed"}
		f.ok(f.svc.WriteHandoverNote(ctx, f.agent, n))
		return f.svc.AckHandoverNote(ctx, f.agent2, n.ID)
	}, "handover_note"},
	{"own swap request", nil, func(f *fixture, s *Session) error {
		f.assign("E01", "2026-11-14", "D")
		return f.svc.RequestSwap(ctx, f.agent, &roster.SwapRequest{Requester: "E01", Date: date("2026-11-14"), Other: "E02", Reason: "wedding"})
	}, "swap"},
	{"own daily log", nil, func(f *fixture, s *Session) error {
		return f.svc.WriteDailyLog(ctx, f.agent, &roster.DailyLog{Employee: "E01", Mood: 3, Text: "busy"})
	}, "daily_log"},
}

func TestEachForbiddenActionFailsForTheWrongRole(t *testing.T) {
	n := 0
	for _, a := range actions {
		for _, role := range a.forbidden {
			t.Run(a.name+"/"+string(role), func(t *testing.T) {
				f := newFixture(t)
				wantCode(t, a.call(f, f.sessions[role]), roster.EFORBIDDEN)
			})
			n++
		}
	}
	if n < 60 {
		t.Fatalf("only %d forbidden cases", n)
	}
}

func TestEachChangeLeavesAnAuditEntry(t *testing.T) {
	for _, a := range actions {
		t.Run(a.name, func(t *testing.T) {
			f := newFixture(t)
			// Pick an allowed role: manager unless forbidden, else HR, else admin.
			sess := f.manager
			for _, r := range a.forbidden {
				if r == roster.RoleManager {
					sess = f.hr
				}
			}
			for _, r := range a.forbidden {
				if r == roster.RoleHR && sess == f.hr {
					sess = f.admin
				}
			}
			var lastID int64
			f.ok(f.db.ro.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&lastID))
			if err := a.call(f, sess); err != nil {
				t.Fatalf("%s as %s: %v", a.name, sess.User.Role, err)
			}
			entries := must(f.svc.AuditLog(ctx, f.admin, AuditFilter{Entity: a.entity}))
			found := false
			for _, e := range entries {
				if e.ID <= lastID {
					continue
				}
				found = true
				if e.Actor == "" || e.At.IsZero() || e.Action == "" || (e.Before == "" && e.After == "") {
					t.Errorf("incomplete audit entry %+v", e)
				}
			}
			if !found {
				t.Fatalf("no new audit entry for entity %q", a.entity)
			}
		})
	}
}

func TestAuditKeepsBeforeAndAfter(t *testing.T) {
	f := newFixture(t)
	f.ok(f.svc.UpdateEmployee(ctx, f.manager, &roster.Employee{Code: "E01", Name: "张伟伟", Team: "B", Active: true}))
	es := must(f.svc.AuditLog(ctx, f.hr, AuditFilter{Entity: "employee", EntityID: "E01"}))
	if len(es) != 2 || es[0].Action != "update" || !strings.Contains(es[0].Before, "张伟") || !strings.Contains(es[0].After, "张伟伟") || es[0].Actor != "mgr" || es[0].Role != roster.RoleManager {
		t.Fatalf("audit entries %+v", es)
	}
	_, err := f.svc.AuditLog(ctx, f.agent, AuditFilter{})
	wantCode(t, err, roster.EFORBIDDEN)
}

func TestPublishedMonthNeedsAReason(t *testing.T) {
	f := newFixture(t)
	f.assign("E01", "2026-11-03", "D")
	f.ok(f.svc.PublishMonth(ctx, f.manager, roster.Month{Year: 2026, Month: 11}))
	wantCode(t, f.svc.PublishMonth(ctx, f.manager, roster.Month{Year: 2026, Month: 11}), roster.ECONFLICT)
	err := f.svc.SetAssignment(ctx, f.manager, roster.Assignment{Employee: "E01", Date: date("2026-11-03"), Shift: "L"}, "")
	wantCode(t, err, roster.ELOCKED)
	wantCode(t, f.svc.ClearAssignment(ctx, f.manager, "E01", date("2026-11-03"), " "), roster.ELOCKED)
	f.ok(f.svc.SetAssignment(ctx, f.manager, roster.Assignment{Employee: "E01", Date: date("2026-11-03"), Shift: "L"}, "E01 sick, covering late"))
	es := must(f.svc.AuditLog(ctx, f.manager, AuditFilter{Entity: "assignment", EntityID: "E01@2026-11-03"}))
	if len(es) != 2 || es[0].Reason != "E01 sick, covering late" || !strings.Contains(es[0].Before, `"Shift":"D"`) || !strings.Contains(es[0].After, `"Shift":"L"`) {
		t.Fatalf("audit %+v", es)
	}
	mr := must(f.svc.MonthRoster(ctx, f.agent, roster.Month{Year: 2026, Month: 11}))
	if !mr.Published || mr.PublishedBy != "mgr" || mr.Shift("E01", 3) != "L" || len(mr.Employees) != 4 {
		t.Fatalf("month roster %+v", mr)
	}
	// Another month is not locked.
	f.assign("E01", "2026-12-01", "D")
}

func TestAllOrNothing(t *testing.T) {
	f := newFixture(t)
	before := f.auditCount()
	err := f.svc.ImportEvents(ctx, f.manager, []roster.Event{
		{Employee: "E01", Kind: roster.ClockIn, At: f.at("2026-11-02T07:40")},
		{Employee: "E01", Kind: "nap", At: f.at("2026-11-02T09:00")},
	})
	wantCode(t, err, roster.EINVALID)
	if !strings.Contains(err.Error(), "event 2") {
		t.Fatalf("error does not name the position: %v", err)
	}
	err = f.svc.ImportEvents(ctx, f.manager, []roster.Event{
		{Employee: "E01", Kind: roster.ClockIn, At: f.at("2026-11-02T07:40")},
		{Employee: "E77", Kind: roster.ClockOut, At: f.at("2026-11-02T16:00")},
	})
	if err == nil || !strings.Contains(err.Error(), "event 2") || !strings.Contains(err.Error(), "E77") {
		t.Fatalf("unknown employee: %v", err)
	}
	err = f.svc.SetAssignments(ctx, f.manager, []roster.Assignment{
		{Employee: "E01", Date: date("2026-11-04"), Shift: "D"},
		{Employee: "E02", Date: date("2026-11-04"), Shift: "ZZ"},
	}, "")
	if err == nil || !strings.Contains(err.Error(), "assignment 2") {
		t.Fatalf("bad shift: %v", err)
	}
	if evs := must(f.svc.Events(ctx, f.manager, EventFilter{})); len(evs) != 0 {
		t.Fatalf("partial import kept %d events", len(evs))
	}
	if as := must(f.svc.Assignments(ctx, f.manager, date("2026-11-04"), date("2026-11-04"), "")); len(as) != 0 {
		t.Fatalf("partial roster change kept %v", as)
	}
	if f.auditCount() != before {
		t.Fatal("failed calls left audit entries")
	}
	// A good import goes in whole, with one audit entry.
	evs := make([]roster.Event, 250)
	for i := range evs {
		evs[i] = roster.Event{Employee: "E02", Kind: roster.BreakStart, At: f.at("2026-11-02T09:00").Add(time.Duration(i) * time.Minute)}
	}
	f.ok(f.svc.ImportEvents(ctx, f.manager, evs))
	if got := must(f.svc.Events(ctx, f.manager, EventFilter{Employee: "E02"})); len(got) != 250 || got[0].Source != roster.SourceImport || got[0].RecordedBy != "mgr" {
		t.Fatalf("imported %d events: %+v", len(got), got[0])
	}
	if f.auditCount() != before+1 {
		t.Fatalf("import wrote %d audit entries", f.auditCount()-before)
	}
	// Importing the same file again adds nothing.
	f.ok(f.svc.ImportEvents(ctx, f.manager, evs))
	if got := must(f.svc.Events(ctx, f.manager, EventFilter{Employee: "E02"})); len(got) != 250 {
		t.Fatalf("second import: %d events", len(got))
	}
}

func TestAgentsSeeOnlyTheirOwnRecords(t *testing.T) {
	f := newFixture(t)
	f.punch("E02", roster.ClockIn, "2026-11-02T07:40")
	_, err := f.svc.Events(ctx, f.agent, EventFilter{Employee: "E02"})
	wantCode(t, err, roster.EFORBIDDEN)
	if evs := must(f.svc.Events(ctx, f.agent, EventFilter{})); len(evs) != 0 {
		t.Fatalf("agent sees %v", evs)
	}
	_, err = f.svc.Violations(ctx, f.agent, ViolationFilter{Employee: "E02"})
	wantCode(t, err, roster.EFORBIDDEN)
	_, err = f.svc.TodayShift(ctx, f.agent, "E02", f.now)
	wantCode(t, err, roster.EFORBIDDEN)
	_, err = f.svc.Users(ctx, f.manager)
	wantCode(t, err, roster.EFORBIDDEN)
	_, err = f.svc.PeriodData(ctx, f.agent, PeriodFilter{From: date("2026-11-01"), To: date("2026-11-30")})
	wantCode(t, err, roster.EFORBIDDEN)
	st := must(f.svc.Standings(ctx, f.agent, date("2026-11-30")))
	if len(st) != 1 || st[0].Employee != "E01" {
		t.Fatalf("agent standings %+v", st)
	}
	// An agent's own punch is at now, whatever time it asks for.
	e := must(f.svc.RecordEvent(ctx, f.agent, "E01", roster.ClockIn, f.at("2026-11-01T07:00"), ""))
	if !e.At.Equal(f.now) || e.Source != roster.SourceDesk {
		t.Fatalf("agent punch %+v", e)
	}
	_, err = f.svc.RecordEvent(ctx, nil, "E01", roster.ClockIn, time.Time{}, "")
	wantCode(t, err, roster.EUNAUTHORIZED)
}

func TestEvaluateUpsertsAndKeepsDecisions(t *testing.T) {
	f := newFixture(t)
	f.assign("E01", "2026-11-02", "D")
	f.assign("E02", "2026-11-02", "L")
	late := f.punch("E01", roster.ClockIn, "2026-11-02T08:20")
	f.punch("E01", roster.ClockOut, "2026-11-02T16:05")
	f.punch("E02", roster.ClockIn, "2026-11-02T15:40")
	f.punch("E02", roster.ClockOut, "2026-11-03T00:00")
	f.setNow("2026-11-05T12:00")
	var steps []int
	sum := must(f.svc.Evaluate(ctx, f.manager, date("2026-11-02"), date("2026-11-02"), func(d, total int) { steps = append(steps, d) }))
	if sum.Instances != 2 || sum.New == 0 || sum.New != sum.Violations || steps[len(steps)-1] != 100 {
		t.Fatalf("summary %+v, steps %v", sum, steps)
	}
	rs := must(f.svc.Violations(ctx, f.manager, ViolationFilter{Employee: "E01"}))
	var lateRec *compliance.Record
	for i := range rs {
		if rs[i].Rule == compliance.Late {
			lateRec = &rs[i]
		}
	}
	if lateRec == nil || lateRec.Minutes != 20 || lateRec.Status != compliance.StatusOpen || len(lateRec.Evidence) == 0 || lateRec.PolicyVersion != 1 {
		t.Fatalf("records %+v", rs)
	}
	standing := func() int {
		st := must(f.svc.Standings(ctx, f.manager, date("2026-11-02")))
		for _, s := range st {
			if s.Employee == "E01" {
				return s.Points
			}
		}
		return -1
	}
	p0 := standing()
	wantCode(t, f.svc.WaiveViolation(ctx, f.manager, lateRec.ID, ""), roster.EINVALID)
	f.ok(f.svc.WaiveViolation(ctx, f.manager, lateRec.ID, "metro breakdown, certificate shown"))
	if p1 := standing(); p1 != p0-2 {
		t.Fatalf("standing %d after waiver, was %d", p1, p0)
	}
	// Re-evaluating keeps the waiver and creates nothing new.
	sum = must(f.svc.Evaluate(ctx, f.manager, date("2026-11-02"), date("2026-11-02"), nil))
	if sum.New != 0 || sum.Superseded != 0 {
		t.Fatalf("second evaluation %+v", sum)
	}
	r := must(f.svc.Violation(ctx, f.manager, lateRec.ID))
	if r.Status != compliance.StatusWaived || r.Reason != "metro breakdown, certificate shown" || r.DecidedBy != "mgr" {
		t.Fatalf("waiver lost: %+v", r)
	}
	// A correction removes the lateness: the record is superseded, never deleted.
	must(f.svc.CorrectEvent(ctx, f.manager, late.ID, roster.ClockIn, f.at("2026-11-02T07:40"), false, "card reader was slow"))
	sum = must(f.svc.Evaluate(ctx, f.manager, date("2026-11-02"), date("2026-11-02"), nil))
	if sum.Superseded == 0 {
		t.Fatalf("third evaluation %+v", sum)
	}
	r = must(f.svc.Violation(ctx, f.manager, lateRec.ID))
	if !r.Superseded || r.Status != compliance.StatusWaived {
		t.Fatalf("after correction %+v", r)
	}
	if got := must(f.svc.Violations(ctx, f.manager, ViolationFilter{Employee: "E01", Rule: compliance.Late})); len(got) != 0 {
		t.Fatalf("superseded record still listed: %+v", got)
	}
	if got := must(f.svc.Violations(ctx, f.manager, ViolationFilter{Employee: "E01", Rule: compliance.Late, IncludeSuperseded: true})); len(got) != 1 {
		t.Fatalf("superseded record gone: %+v", got)
	}
	_, err := f.svc.CorrectEvent(ctx, f.manager, late.ID, roster.ClockIn, f.at("2026-11-02T07:45"), false, "again")
	wantCode(t, err, roster.ECONFLICT)
	// The trace shows the record, both events, the policy and the audit.
	tr := must(f.svc.TraceViolation(ctx, f.manager, lateRec.ID))
	if len(tr.Events) < 3 || tr.Policy.Policy.Version != 1 || len(tr.Audit) < 4 {
		t.Fatalf("trace: %d events, policy %d, %d audit entries", len(tr.Events), tr.Policy.Policy.Version, len(tr.Audit))
	}
	actions := map[string]bool{}
	for _, a := range tr.Audit {
		actions[a.Entity+"/"+a.Action] = true
	}
	for _, want := range []string{"violation/judge", "violation/waived", "violation/supersede", "event/record", "policy/create"} {
		if !actions[want] {
			t.Errorf("trace lacks %s: %v", want, actions)
		}
	}
	// A cancelled evaluation changes nothing.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := f.svc.Evaluate(cctx, f.manager, date("2026-11-02"), date("2026-11-02"), nil); err == nil {
		t.Fatal("cancelled evaluation succeeded")
	}
}

func TestSwapApprovalExchangesAssignments(t *testing.T) {
	f := newFixture(t)
	f.assign("E01", "2026-11-05", "D")
	f.assign("E02", "2026-11-06", "L")
	f.ok(f.svc.PublishMonth(ctx, f.manager, roster.Month{Year: 2026, Month: 11}))
	r := &roster.SwapRequest{Requester: "E01", Date: date("2026-11-05"), Other: "E02", OtherDate: date("2026-11-06"), Reason: "exam"}
	f.ok(f.svc.RequestSwap(ctx, f.agent, r))
	if got := must(f.svc.SwapRequests(ctx, f.agent2, SwapFilter{})); len(got) != 1 || got[0].Status != roster.SwapPending {
		t.Fatalf("colleague sees %+v", got)
	}
	f.ok(f.svc.ApproveSwap(ctx, f.manager, r.ID, "fine"))
	wantCode(t, f.svc.ApproveSwap(ctx, f.manager, r.ID, "again"), roster.ECONFLICT)
	as := must(f.svc.Assignments(ctx, f.manager, date("2026-11-05"), date("2026-11-06"), ""))
	got := map[string]string{}
	for _, a := range as {
		got[a.Employee+"@"+a.Date.String()] = a.Shift
	}
	want := map[string]string{"E02@2026-11-05": "D", "E01@2026-11-06": "L"}
	if len(got) != 2 || got["E02@2026-11-05"] != want["E02@2026-11-05"] || got["E01@2026-11-06"] != want["E01@2026-11-06"] {
		t.Fatalf("after swap %v", got)
	}
	// A swap that would double-book fails as a whole.
	f.ok(f.svc.SetAssignment(ctx, f.manager, roster.Assignment{Employee: "E01", Date: date("2026-11-20"), Shift: "D"}, "cover"))
	f.ok(f.svc.SetAssignment(ctx, f.manager, roster.Assignment{Employee: "E02", Date: date("2026-11-20"), Shift: "L"}, "cover"))
	r2 := &roster.SwapRequest{Requester: "E01", Date: date("2026-11-20"), Other: "E02", Reason: "give away"}
	f.ok(f.svc.RequestSwap(ctx, f.agent, r2))
	wantCode(t, f.svc.ApproveSwap(ctx, f.manager, r2.ID, ""), roster.ECONFLICT)
	if a := must(f.svc.Assignments(ctx, f.manager, date("2026-11-20"), date("2026-11-20"), "E01")); len(a) != 1 {
		t.Fatal("failed swap removed an assignment")
	}
}

func TestDutyDeskAndHandover(t *testing.T) {
	f := newFixture(t)
	f.assign("E01", "2026-11-02", "D")
	f.assign("E02", "2026-11-02", "L")
	f.setNow("2026-11-02T07:45")
	ds := must(f.svc.TodayShift(ctx, f.agent, "E01", f.now))
	if ds.Instance == nil || ds.Instance.Shift != "D" || ds.Clock.State != StateNotStarted || !ds.HandoverRequired {
		t.Fatalf("before clock-in %+v", ds)
	}
	must(f.svc.RecordEvent(ctx, f.agent, "E01", roster.ClockIn, time.Time{}, ""))
	f.setNow("2026-11-02T10:30")
	ds = must(f.svc.TodayShift(ctx, f.agent, "E01", f.now))
	if ds.Clock.State != StateOnDuty || ds.Clock.ContinuousMin != 165 || ds.Clock.MinutesToBreak != 15 {
		t.Fatalf("on duty %+v", ds.Clock)
	}
	must(f.svc.RecordEvent(ctx, f.agent, "E01", roster.BreakStart, time.Time{}, ""))
	f.setNow("2026-11-02T10:42")
	must(f.svc.RecordEvent(ctx, f.agent, "E01", roster.BreakEnd, time.Time{}, ""))
	f.setNow("2026-11-02T11:00")
	ds = must(f.svc.TodayShift(ctx, f.agent, "E01", f.now))
	if ds.Clock.ContinuousMin != 18 || ds.Clock.MinutesToBreak != 162 || len(ds.Events) != 3 {
		t.Fatalf("after a qualifying break %+v, %d events", ds.Clock, len(ds.Events))
	}
	f.setNow("2026-11-02T15:40")
	n := &roster.HandoverNote{Employee: "E01", Date: date("2026-11-02"), Shift: "D", Text: "客户王先生投诉未处理完"}
	f.ok(f.svc.WriteHandoverNote(ctx, f.agent, n))
	// The note must belong to the writer's own assignment.
	wantCode(t, f.svc.WriteHandoverNote(ctx, f.agent, &roster.HandoverNote{Employee: "E01", Date: date("2026-11-03"), Shift: "D", Text: "x"}), roster.EINVALID)
	ds2 := must(f.svc.TodayShift(ctx, f.agent2, "E02", f.now))
	if ds2.Instance == nil || ds2.Instance.Shift != "L" || len(ds2.PredecessorNotes) != 1 || ds2.PredecessorNotes[0].ID != n.ID {
		t.Fatalf("successor desk %+v", ds2)
	}
	f.setNow("2026-11-02T15:50")
	f.ok(f.svc.AckHandoverNote(ctx, f.agent2, n.ID))
	f.ok(f.svc.AckHandoverNote(ctx, f.agent2, n.ID)) // repeat: no-op
	wantCode(t, f.svc.AckHandoverNote(ctx, f.agent, n.ID), roster.ECONFLICT)
	d := must(f.svc.HandoverNote(ctx, f.manager, n.ID))
	if len(d.Note.Acks) != 1 || d.Note.Acks[0].Employee != "E02" || !d.Note.Acks[0].At.Equal(f.now) || len(d.Expected) != 1 || d.Expected[0] != "E02" || d.Post != "hotline" {
		t.Fatalf("note detail %+v", d)
	}
	list := must(f.svc.HandoverNotes(ctx, f.agent2, NoteFilter{Post: "hotline"}))
	if len(list) != 1 || len(list[0].Acks) != 1 {
		t.Fatalf("agent's notes %+v", list)
	}
	if l := must(f.svc.HandoverNotes(ctx, f.manager, NoteFilter{Unacknowledged: true})); len(l) != 0 {
		t.Fatalf("unacknowledged %+v", l)
	}
	// E03 never works on the hotline post and does not see its notes.
	f.ok(f.svc.CreateUser(ctx, f.admin, &roster.User{Username: "E03", Role: roster.RoleAgent, EmployeeCode: "E03", Active: true}, "password1", ""))
	e3 := must(f.svc.Login(ctx, "E03", "password1"))
	if l := must(f.svc.HandoverNotes(ctx, e3, NoteFilter{})); len(l) != 0 {
		t.Fatalf("E03 sees %+v", l)
	}
	_, err := f.svc.HandoverNote(ctx, e3, n.ID)
	wantCode(t, err, roster.EFORBIDDEN)
	wantCode(t, f.svc.AckHandoverNote(ctx, e3, n.ID), roster.EFORBIDDEN)
	wantCode(t, f.svc.CreateUser(ctx, f.admin, &roster.User{Username: "ghost", Role: roster.RoleAgent, EmployeeCode: "E99", Active: true}, "password1", ""), roster.EINVALID)
}

func TestServiceClock(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	at := func(s string) time.Time { return must(roster.ParseLocal("2026-11-02T"+s, loc)) }
	ev := func(k roster.EventKind, s string) roster.Event {
		return roster.Event{Employee: "E", Kind: k, At: at(s)}
	}
	p := compliance.DefaultPolicy()
	for _, c := range []struct {
		name      string
		evs       []roster.Event
		now       string
		state     DutyState
		cont, due int
	}{
		{"not started", nil, "08:00", StateNotStarted, 0, 0},
		{"just in", []roster.Event{ev(roster.ClockIn, "08:00")}, "08:00", StateOnDuty, 0, 180},
		{"seconds round up", []roster.Event{ev(roster.ClockIn, "08:00")}, "08:00:30", StateOnDuty, 1, 180},
		{"overdue", []roster.Event{ev(roster.ClockIn, "08:00")}, "11:10", StateOnDuty, 190, -10},
		{"short break keeps stretch", []roster.Event{ev(roster.ClockIn, "08:00"), ev(roster.BreakStart, "09:00"), ev(roster.BreakEnd, "09:05")}, "10:00", StateOnDuty, 120, 60},
		{"break of exactly break_min", []roster.Event{ev(roster.ClockIn, "08:00"), ev(roster.BreakStart, "09:00"), ev(roster.BreakEnd, "09:10")}, "10:00", StateOnDuty, 50, 130},
		{"on break", []roster.Event{ev(roster.ClockIn, "08:00"), ev(roster.BreakStart, "10:00")}, "10:05", StateOnBreak, 120, 55},
		{"off post keeps stretch", []roster.Event{ev(roster.ClockIn, "08:00"), ev(roster.LeavePost, "09:00")}, "09:30", StateOffPost, 90, 90},
		{"returned", []roster.Event{ev(roster.ClockIn, "08:00"), ev(roster.LeavePost, "09:00"), ev(roster.ReturnPost, "09:20")}, "09:30", StateOnDuty, 90, 90},
		{"done", []roster.Event{ev(roster.ClockIn, "08:00"), ev(roster.ClockOut, "16:00")}, "16:01", StateDone, 0, 0},
		{"future clock-out ignored", []roster.Event{ev(roster.ClockIn, "08:00"), ev(roster.ClockOut, "16:00")}, "12:00", StateOnDuty, 240, -60},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := ComputeServiceClock(c.evs, p, at(c.now))
			if got.State != c.state || got.ContinuousMin != c.cont || got.MinutesToBreak != c.due {
				t.Fatalf("got %s cont %d due %d, want %s %d %d", got.State, got.ContinuousMin, got.MinutesToBreak, c.state, c.cont, c.due)
			}
		})
	}
}

func TestRewardsAndDiscipline(t *testing.T) {
	f := newFixture(t)
	for _, d := range []string{"2026-10-05", "2026-10-06"} {
		f.assign("E01", d, "D")
		f.assign("E02", d, "L")
		// E01 does everything right: early, three breaks, a note, waits for relief.
		for _, p := range []struct {
			k roster.EventKind
			t string
		}{{roster.ClockIn, "07:40"}, {roster.BreakStart, "10:00"}, {roster.BreakEnd, "10:12"}, {roster.BreakStart, "13:00"},
			{roster.BreakEnd, "13:12"}, {roster.BreakStart, "15:00"}, {roster.BreakEnd, "15:11"}, {roster.ClockOut, "16:31"}} {
			f.punch("E01", p.k, d+"T"+p.t)
		}
		f.ok(f.svc.WriteHandoverNote(ctx, f.manager, &roster.HandoverNote{Employee: "E01", Date: date(d), Shift: "D", WrittenAt: f.at(d + "T15:50"), Text: "交接: 无遗留"}))
		f.punch("E02", roster.ClockIn, d+"T16:30") // late
		f.punch("E02", roster.ClockOut, d+"T23:59")
	}
	f.ok(f.svc.AddLeave(ctx, f.manager, &roster.Leave{Employee: "E03", Date: date("2026-10-07"), Type: roster.LeaveSick}))
	f.assign("E03", "2026-10-07", "D")
	must(f.svc.Evaluate(ctx, f.manager, date("2026-10-01"), date("2026-10-31"), nil))
	m := roster.Month{Year: 2026, Month: 10}
	pa := must(f.svc.PerfectAttendance(ctx, f.hr, m))
	if len(pa) != 1 || pa[0].Employee != "E01" {
		t.Fatalf("perfect attendance %+v", pa)
	}
	stars := must(f.svc.ServiceStarCandidates(ctx, f.manager, m, "A"))
	if len(stars) != 2 || stars[0].Employee != "E01" || stars[1].Points == 0 {
		t.Fatalf("stars %+v", stars)
	}
	f.ok(f.svc.Award(ctx, f.manager, &compliance.Reward{Employee: "E01", Kind: compliance.ServiceStar, Month: m}))
	wantCode(t, f.svc.Award(ctx, f.manager, &compliance.Reward{Employee: "E01", Kind: compliance.ServiceStar, Month: m}), roster.ECONFLICT)
	if s := must(f.svc.ServiceStarCandidates(ctx, f.manager, m, "A")); !s[0].Awarded {
		t.Fatal("awarded flag missing")
	}
	wantCode(t, f.svc.Award(ctx, f.hr, &compliance.Reward{Employee: "E01", Kind: compliance.ManualPenalty, Points: 3}), roster.EINVALID)
	f.setNow("2026-10-20T12:00")
	f.ok(f.svc.Award(ctx, f.hr, &compliance.Reward{Employee: "E02", Kind: compliance.ManualPenalty, Points: 7, Reason: "left phone unattended"}))
	a := must(f.svc.ProposeAction(ctx, f.hr, "E02"))
	if a == nil || a.Points < 7+2*2 || a.Level != compliance.LevelFor(a.Points, compliance.DefaultPolicy()) || a.Level < compliance.LevelWritten {
		t.Fatalf("proposed %+v", a)
	}
	if again := must(f.svc.ProposeAction(ctx, f.hr, "E02")); again != nil {
		t.Fatalf("proposed twice: %+v", again)
	}
	f.ok(f.svc.ConfirmAction(ctx, f.hr, a.ID, "meeting held", 0))
	wantCode(t, f.svc.DismissAction(ctx, f.hr, a.ID, "too late"), roster.ECONFLICT)
	f.ok(f.svc.RevokeAction(ctx, f.hr, a.ID, "appeal upheld"))
	acts := must(f.svc.DisciplineActions(ctx, f.hr, ActionFilter{Employee: "E02", Status: compliance.ActionRevoked}))
	if len(acts) != 1 || acts[0].ID != a.ID || acts[0].Reason != "appeal upheld" || acts[0].DecidedBy != "hr" {
		t.Fatalf("actions %+v", acts)
	}
	rows := must(f.svc.Attendance(ctx, f.hr, PeriodFilter{From: date("2026-10-01"), To: date("2026-10-31")}))
	if len(rows) != 5 {
		t.Fatalf("attendance rows %+v", rows)
	}
	for _, r := range rows {
		if r.Employee == "E02" && (len(r.Rules) == 0 || r.Points == 0 || r.ClockIn.IsZero() || r.ClockOut.IsZero()) {
			t.Fatalf("E02 row %+v", r)
		}
		if r.Employee == "E03" && r.Leave != roster.LeaveSick {
			t.Fatalf("E03 row %+v", r)
		}
	}
}

func TestPolicyVersions(t *testing.T) {
	f := newFixture(t)
	p := compliance.DefaultPolicy()
	p.BreakAfterMin = 0
	_, err := f.svc.SavePolicy(ctx, f.admin, p, "")
	wantCode(t, err, roster.EINVALID)
	p.BreakAfterMin = 120
	v := must(f.svc.SavePolicy(ctx, f.admin, p, "summer"))
	if v != 2 {
		t.Fatalf("version %d", v)
	}
	cur := must(f.svc.Policy(ctx, f.agent))
	if cur.Version != 2 || cur.BreakAfterMin != 120 || cur.Points[compliance.Late] != 2 {
		t.Fatalf("current %+v", cur)
	}
	vs := must(f.svc.PolicyVersions(ctx, f.manager))
	if len(vs) != 2 || vs[0].CreatedBy != "admin" || vs[0].Reason != "summer" {
		t.Fatalf("versions %+v", vs)
	}
}

func TestBackupAndSettings(t *testing.T) {
	f := newFixture(t)
	f.ok(f.svc.SaveSettings(ctx, f.admin, Settings{CenterName: "客服中心", TimeZone: "Asia/Urumqi"}))
	wantCode(t, f.svc.SaveSettings(ctx, f.admin, Settings{CenterName: "x", TimeZone: "Mars/Base"}), roster.EINVALID)
	dest := filepath.Join(t.TempDir(), "backup", "copy.db")
	f.ok(f.svc.Backup(ctx, f.admin, dest))
	wantCode(t, f.svc.Backup(ctx, f.admin, dest), roster.ECONFLICT)
	db2, err := Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	st := must(NewService(db2).Settings(ctx, f.agent))
	if st.CenterName != "客服中心" || st.TimeZone != "Asia/Urumqi" {
		t.Fatalf("backup settings %+v", st)
	}
}

func TestEmployeesAndCoverage(t *testing.T) {
	f := newFixture(t)
	wantCode(t, f.svc.CreateEmployee(ctx, f.manager, &roster.Employee{Code: "E01", Name: "重复", Team: "A", Active: true}), roster.ECONFLICT)
	wantCode(t, f.svc.CreateEmployee(ctx, f.manager, &roster.Employee{Code: "bad code", Name: "x", Team: "A"}), roster.EINVALID)
	f.ok(f.svc.DeactivateEmployee(ctx, f.manager, "E02", "resigned"))
	if _, err := f.svc.Login(ctx, "E02", "password1"); roster.ErrorCode(err) != roster.EUNAUTHORIZED {
		t.Fatalf("a departed agent signs in: %v", err)
	}
	f.ok(f.svc.DeactivateEmployee(ctx, f.manager, "E04", "resigned"))
	f.ok(f.svc.UpdateEmployee(ctx, f.manager, &roster.Employee{Code: "E02", Name: "王芳", Team: "A", Active: true}))
	if es := must(f.svc.Employees(ctx, f.agent, EmployeeFilter{})); len(es) != 3 {
		t.Fatalf("active employees %d", len(es))
	}
	if es := must(f.svc.Employees(ctx, f.agent, EmployeeFilter{IncludeInactive: true})); len(es) != 4 {
		t.Fatalf("all employees %d", len(es))
	}
	if ts := must(f.svc.Teams(ctx, f.agent)); len(ts) != 2 {
		t.Fatalf("teams %v", ts)
	}
	_, err := f.svc.RecordEvent(ctx, f.manager, "E04", roster.ClockIn, f.now, "late entry")
	wantCode(t, err, roster.EINVALID)
	wantCode(t, f.svc.SetAssignment(ctx, f.manager, roster.Assignment{Employee: "E04", Date: date("2026-11-09"), Shift: "D"}, ""), roster.EINVALID)
	wantCode(t, f.svc.SetAssignment(ctx, f.manager, roster.Assignment{Employee: "E77", Date: date("2026-11-09"), Shift: "D"}, ""), roster.EINVALID)
	f.assign("E01", "2026-11-02", "D")
	wantCode(t, f.svc.DeleteShiftType(ctx, f.manager, "D"), roster.ECONFLICT)
	f.ok(f.svc.SaveCoverage(ctx, f.manager, &roster.CoverageRequirement{Shift: "D", Weekday: -1, Required: 2}))
	f.ok(f.svc.SaveCoverage(ctx, f.manager, &roster.CoverageRequirement{Shift: "D", Weekday: 1, Required: 3}))
	f.ok(f.svc.SaveCoverage(ctx, f.manager, &roster.CoverageRequirement{Shift: "D", Date: date("2026-11-03"), Weekday: -1, Required: 5}))
	wantCode(t, f.svc.SaveCoverage(ctx, f.manager, &roster.CoverageRequirement{Shift: "Q", Weekday: -1, Required: 1}), roster.EINVALID)
	mr := must(f.svc.MonthRoster(ctx, f.manager, roster.Month{Year: 2026, Month: 11}))
	if mr.Required("D", date("2026-11-02")) != 3 || mr.Required("D", date("2026-11-03")) != 5 || mr.Required("D", date("2026-11-04")) != 2 || mr.Count("D", date("2026-11-02")) != 1 {
		t.Fatalf("coverage: %d %d %d count %d", mr.Required("D", date("2026-11-02")), mr.Required("D", date("2026-11-03")), mr.Required("D", date("2026-11-04")), mr.Count("D", date("2026-11-02")))
	}
	_, err = f.svc.MonthRoster(ctx, f.manager, roster.Month{Year: 2026, Month: 13})
	wantCode(t, err, roster.EINVALID)
}

func TestImportEmployeesAndReplaceRoster(t *testing.T) {
	f := newFixture(t)
	_, _, err := f.svc.ImportEmployees(ctx, f.agent, nil)
	wantCode(t, err, roster.EFORBIDDEN)
	_, _, err = f.svc.ImportEmployees(ctx, f.manager, []roster.Employee{{Code: "E09", Name: "新", Team: "A", Active: true}, {Code: "E09", Name: "重", Team: "A"}})
	if err == nil || !strings.Contains(err.Error(), "employee 2") {
		t.Fatalf("duplicate: %v", err)
	}
	c, u, err := f.svc.ImportEmployees(ctx, f.manager, []roster.Employee{
		{Code: "E09", Name: "新人", Team: "A", Active: true},
		{Code: "E01", Name: "张伟", Team: "B", Active: true},
		{Code: "E02", Name: "王芳", Team: "A", Active: true},
	})
	if err != nil || c != 1 || u != 1 {
		t.Fatalf("import: created %d updated %d, %v", c, u, err)
	}
	f.assign("E01", "2026-11-03", "D")
	f.assign("E01", "2026-11-04", "D")
	f.assign("E03", "2026-11-04", "D")
	n, err := f.svc.ReplaceRoster(ctx, f.manager, []string{"E01", "E02"}, date("2026-11-03"), date("2026-11-04"),
		[]roster.Assignment{{Employee: "E01", Date: date("2026-11-04"), Shift: "L"}, {Employee: "E02", Date: date("2026-11-03"), Shift: "D"}}, "")
	if err != nil || n != 3 {
		t.Fatalf("replace: %d changes, %v", n, err)
	}
	as := must(f.svc.Assignments(ctx, f.manager, date("2026-11-03"), date("2026-11-04"), ""))
	got := map[string]string{}
	for _, a := range as {
		got[a.Employee+"@"+a.Date.String()] = a.Shift
	}
	if len(got) != 3 || got["E01@2026-11-04"] != "L" || got["E02@2026-11-03"] != "D" || got["E03@2026-11-04"] != "D" {
		t.Fatalf("after replace %v", got)
	}
	f.ok(f.svc.PublishMonth(ctx, f.manager, roster.Month{Year: 2026, Month: 11}))
	_, err = f.svc.ReplaceRoster(ctx, f.manager, []string{"E01"}, date("2026-11-03"), date("2026-11-04"), nil, "")
	wantCode(t, err, roster.ELOCKED)
	if as := must(f.svc.Assignments(ctx, f.manager, date("2026-11-04"), date("2026-11-04"), "E01")); len(as) != 1 {
		t.Fatal("failed replace cleared a cell")
	}
}

func TestMonthRosterKeepsInactiveEmployeesWithCells(t *testing.T) {
	f := newFixture(t)
	f.assign("E04", "2026-11-10", "D")
	f.ok(f.svc.DeactivateEmployee(ctx, f.manager, "E04", "resigned"))
	f.ok(f.svc.DeactivateEmployee(ctx, f.manager, "E03", "resigned"))
	mr := must(f.svc.MonthRoster(ctx, f.manager, roster.Month{Year: 2026, Month: 11}))
	var codes []string
	for _, e := range mr.Employees {
		codes = append(codes, e.Code)
	}
	if strings.Join(codes, ",") != "E01,E02,E04" || mr.Shift("E04", 10) != "D" {
		t.Fatalf("grid employees %v", codes)
	}
	if mr := must(f.svc.MonthRoster(ctx, f.manager, roster.Month{Year: 2026, Month: 12})); len(mr.Employees) != 2 {
		t.Fatalf("December grid %d employees", len(mr.Employees))
	}
}

func TestEvaluateJudgesOnlySettledInstances(t *testing.T) {
	f := newFixture(t)
	f.assign("E01", "2026-11-02", "D")
	f.assign("E01", "2026-11-03", "D")
	f.setNow("2026-11-02T08:20")
	must(f.svc.RecordEvent(ctx, f.agent, "E01", roster.ClockIn, time.Time{}, ""))
	f.setNow("2026-11-02T10:00")
	must(f.svc.Evaluate(ctx, f.manager, date("2026-11-01"), date("2026-11-30"), nil))
	rs := must(f.svc.Violations(ctx, f.manager, ViolationFilter{}))
	if len(rs) != 1 || rs[0].Rule != compliance.Late || rs[0].Minutes != 20 {
		t.Fatalf("while the shift runs: %+v", rs)
	}
	f.setNow("2026-11-03T21:00")
	must(f.svc.Evaluate(ctx, f.manager, date("2026-11-01"), date("2026-11-30"), nil))
	got := map[string]bool{}
	for _, r := range must(f.svc.Violations(ctx, f.manager, ViolationFilter{})) {
		got[r.Date.String()+" "+string(r.Rule)] = true
	}
	for _, want := range []string{"2026-11-02 LATE", "2026-11-02 MISSING_CLOCK_OUT", "2026-11-02 BREAK_MISSED", "2026-11-03 ABSENT"} {
		if !got[want] {
			t.Errorf("missing %s in %v", want, got)
		}
	}
}

func TestAttribute(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	types := map[string]*roster.ShiftType{"D": {Code: "D", Start: 8 * 60, End: 16 * 60}, "N": {Code: "N", Start: 20 * 60, End: 4 * 60}}
	insts := must(roster.Instances([]roster.Assignment{
		{Employee: "E", Date: date("2026-11-02"), Shift: "D"},
		{Employee: "E", Date: date("2026-11-02"), Shift: "N"},
	}, types, loc))
	at := func(s string) time.Time { return must(roster.ParseLocal(s, loc)) }
	evs := []roster.Event{
		{ID: 1, Employee: "E", At: at("2026-11-02T04:00")}, // D's window starts here (included)
		{ID: 2, Employee: "E", At: at("2026-11-02T03:59")}, // before every window
		{ID: 3, Employee: "E", At: at("2026-11-02T15:59")}, // only D's window (N's opens at 16:00)
		{ID: 4, Employee: "E", At: at("2026-11-02T16:30")}, // both windows: nearer N's start
		{ID: 5, Employee: "X", At: at("2026-11-02T09:00")}, // someone else
		{ID: 6, Employee: "E", At: at("2026-11-03T08:00")}, // N's window ends here (excluded)
		{ID: 7, Employee: "E", At: at("2026-11-03T07:59")},
	}
	got := Attribute(insts, evs)
	ids := func(es []roster.Event) (out []int64) {
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	if d, n := ids(got[0]), ids(got[1]); !reflect.DeepEqual(d, []int64{1, 3}) || !reflect.DeepEqual(n, []int64{4, 7}) {
		t.Fatalf("D %v, N %v", d, n)
	}
}
