package store

import (
	"fmt"
	"testing"
	"time"

	"shiftguard/roster"
	"shiftguard/roster/autoroster"
)

func (f *fixture) prefAudit(action string) []AuditEntry {
	f.t.Helper()
	var out []AuditEntry
	for _, e := range must(f.svc.AuditLog(ctx, f.manager, AuditFilter{Entity: "preference"})) {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// Agents state preferences for themselves, managers for anyone, HR not at
// all; every write leaves an audit entry; agents read only their own.
func TestPreferenceRolesAndAudit(t *testing.T) {
	f := newFixture(t) // now: 2026-11-02 07:00
	d := date("2026-11-10")
	own := &roster.ShiftPreference{Employee: "E01", Date: d, Weight: roster.PreferenceVeryImportant, Note: " 孩子生日 "}
	f.ok(f.svc.AddPreference(ctx, f.agent, own))
	if own.ID == 0 || own.CreatedBy != "E01" || !own.CreatedAt.Equal(f.now.Truncate(time.Second)) || own.Note != "孩子生日" {
		t.Fatalf("stored %+v", own)
	}
	for _, tc := range []struct {
		name string
		sess *Session
		p    roster.ShiftPreference
		code string
	}{
		{"agent for a colleague", f.agent, roster.ShiftPreference{Employee: "E02", Date: d, Weight: 1}, roster.EFORBIDDEN},
		{"hr", f.hr, roster.ShiftPreference{Employee: "E01", Date: d, Weight: 1}, roster.EFORBIDDEN},
		{"no session", nil, roster.ShiftPreference{Employee: "E01", Date: d, Weight: 1}, roster.EUNAUTHORIZED},
		{"wish to work without a shift", f.agent, roster.ShiftPreference{Employee: "E01", Date: d, On: true, Weight: 1}, roster.EINVALID},
		{"unknown shift", f.agent, roster.ShiftPreference{Employee: "E01", Date: d, Shift: "X", On: true, Weight: 1}, roster.EINVALID},
		{"weight", f.manager, roster.ShiftPreference{Employee: "E03", Date: d, Shift: "D", Weight: 5}, roster.EINVALID},
		{"past", f.agent, roster.ShiftPreference{Employee: "E01", Date: date("2026-11-01"), Weight: 1}, roster.EINVALID},
		{"unknown employee", f.manager, roster.ShiftPreference{Employee: "E99", Date: d, Weight: 1}, roster.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := f.auditCount()
			p := tc.p
			wantCode(t, f.svc.AddPreference(ctx, tc.sess, &p), tc.code)
			if f.auditCount() != n {
				t.Error("a refused preference left an audit entry")
			}
		})
	}
	// Today is not in the past.
	f.ok(f.svc.AddPreference(ctx, f.agent2, &roster.ShiftPreference{Employee: "E02", Date: date("2026-11-02"), Shift: "L", Weight: 1}))
	f.ok(f.svc.AddPreference(ctx, f.manager, &roster.ShiftPreference{Employee: "E03", Date: d, Shift: "D", On: true, Weight: 2}))
	f.ok(f.svc.AddPreference(ctx, f.admin, &roster.ShiftPreference{Employee: "E04", Date: date("2026-11-30"), Shift: "L", Weight: 1}))
	created := f.prefAudit("create")
	if len(created) != 4 || created[len(created)-1].Actor != "E01" || created[len(created)-1].EntityID != itoa64(own.ID) || created[len(created)-1].Reason != "孩子生日" {
		t.Fatalf("create audit entries %+v", created)
	}

	nov := roster.Month{Year: 2026, Month: time.November}
	mine := must(f.svc.Preferences(ctx, f.agent, nov, ""))
	if len(mine) != 1 || mine[0].ID != own.ID || mine[0].Weight != 3 || mine[0].On || mine[0].Shift != "" {
		t.Fatalf("agent's list %+v", mine)
	}
	_, err := f.svc.Preferences(ctx, f.agent, nov, "E02")
	wantCode(t, err, roster.EFORBIDDEN)
	for _, sess := range []*Session{f.manager, f.hr, f.admin} {
		all := must(f.svc.Preferences(ctx, sess, nov, ""))
		var got []string
		for _, p := range all {
			got = append(got, p.Date.String()+" "+p.Employee)
		}
		if want := "[2026-11-02 E02 2026-11-10 E01 2026-11-10 E03 2026-11-30 E04]"; fmt.Sprint(got) != want {
			t.Fatalf("%s sees %v, want %s", sess.User.Role, got, want)
		}
	}
	if dec := must(f.svc.Preferences(ctx, f.manager, nov.Next(), "")); len(dec) != 0 {
		t.Fatalf("December has %+v", dec)
	}
}

// A second preference for the same day replaces the first, which is
// withdrawn (kept, with an audit entry); withdrawing is own-or-manager,
// a manager gives a reason, and a withdrawn preference stays withdrawn.
func TestPreferenceReplaceAndWithdraw(t *testing.T) {
	f := newFixture(t)
	d := date("2026-11-12")
	first := &roster.ShiftPreference{Employee: "E01", Date: d, Shift: "L", Weight: 1}
	f.ok(f.svc.AddPreference(ctx, f.agent, first))
	second := &roster.ShiftPreference{Employee: "E01", Date: d, Shift: "D", On: true, Weight: 2}
	f.ok(f.svc.AddPreference(ctx, f.agent, second))
	nov := roster.Month{Year: 2026, Month: time.November}
	if got := must(f.svc.Preferences(ctx, f.agent, nov, "E01")); len(got) != 1 || got[0].ID != second.ID {
		t.Fatalf("after replacing: %+v", got)
	}
	w := f.prefAudit("withdraw")
	if len(w) != 1 || w[0].EntityID != itoa64(first.ID) || w[0].Reason != "replaced by a new preference" || w[0].Before == "" {
		t.Fatalf("withdraw audit %+v", w)
	}
	var rows int
	f.ok(f.db.ro.QueryRowContext(ctx, `SELECT COUNT(*) FROM shift_preferences WHERE employee = 'E01'`).Scan(&rows))
	if rows != 2 {
		t.Fatalf("%d rows kept, want 2", rows)
	}

	wantCode(t, f.svc.WithdrawPreference(ctx, f.agent2, second.ID, ""), roster.EFORBIDDEN)
	wantCode(t, f.svc.WithdrawPreference(ctx, f.hr, second.ID, "no"), roster.EFORBIDDEN)
	wantCode(t, f.svc.WithdrawPreference(ctx, f.manager, second.ID, ""), roster.EINVALID)
	wantCode(t, f.svc.WithdrawPreference(ctx, f.agent, 999, ""), roster.ENOTFOUND)
	f.ok(f.svc.WithdrawPreference(ctx, f.agent, second.ID, ""))
	wantCode(t, f.svc.WithdrawPreference(ctx, f.agent, second.ID, ""), roster.ECONFLICT)
	if got := must(f.svc.Preferences(ctx, f.agent, nov, "")); len(got) != 0 {
		t.Fatalf("after withdrawing: %+v", got)
	}
	var by string
	var at int64
	f.ok(f.db.ro.QueryRowContext(ctx, `SELECT withdrawn_by, withdrawn_at FROM shift_preferences WHERE id = ?`, second.ID).Scan(&by, &at))
	if by != "E01" || at != f.now.Unix() {
		t.Fatalf("withdrawn by %q at %d", by, at)
	}

	// A manager withdraws an agent's preference with a reason.
	third := &roster.ShiftPreference{Employee: "E02", Date: d, Weight: 1}
	f.ok(f.svc.AddPreference(ctx, f.agent2, third))
	f.ok(f.svc.WithdrawPreference(ctx, f.manager, third.ID, "entered by mistake"))
	if w := f.prefAudit("withdraw"); len(w) != 3 || w[0].Actor != "mgr" || w[0].Reason != "entered by mistake" {
		t.Fatalf("withdraw audit %+v", w)
	}

	// Once the day has passed, nothing changes any more.
	fourth := &roster.ShiftPreference{Employee: "E02", Date: d, Weight: 1}
	f.ok(f.svc.AddPreference(ctx, f.agent2, fourth))
	f.setNow("2026-11-13T08:00")
	wantCode(t, f.svc.WithdrawPreference(ctx, f.agent2, fourth.ID, ""), roster.EINVALID)
}

// A published month's preferences are frozen: neither added nor withdrawn.
func TestPreferencePublishedMonth(t *testing.T) {
	f := newFixture(t)
	dec := roster.Month{Year: 2026, Month: time.December}
	p := &roster.ShiftPreference{Employee: "E01", Date: date("2026-12-05"), Weight: 2}
	f.ok(f.svc.AddPreference(ctx, f.agent, p))
	f.ok(f.svc.PublishMonth(ctx, f.manager, dec))
	n := f.auditCount()
	wantCode(t, f.svc.AddPreference(ctx, f.agent, &roster.ShiftPreference{Employee: "E01", Date: date("2026-12-06"), Weight: 1}), roster.ELOCKED)
	wantCode(t, f.svc.AddPreference(ctx, f.manager, &roster.ShiftPreference{Employee: "E02", Date: date("2026-12-06"), Weight: 1}), roster.ELOCKED)
	wantCode(t, f.svc.WithdrawPreference(ctx, f.agent, p.ID, ""), roster.ELOCKED)
	if f.auditCount() != n {
		t.Error("refused changes left audit entries")
	}
	if got := must(f.svc.Preferences(ctx, f.agent, dec, "")); len(got) != 1 {
		t.Fatalf("December: %+v", got)
	}
	f.ok(f.svc.UnpublishMonth(ctx, f.manager, dec, "staff change"))
	f.ok(f.svc.WithdrawPreference(ctx, f.agent, p.ID, ""))
}

// AutoRosterInput carries the month's active preferences of active
// employees with scaled weights, and the generated roster honours a very
// important day-off wish and a wish to work when coverage leaves room.
func TestPreferencesInAutoRoster(t *testing.T) {
	f := newFixture(t)
	dec := roster.Month{Year: 2026, Month: time.December}
	for _, c := range []roster.CoverageRequirement{
		{Shift: "D", Weekday: -1, Required: 1}, {Shift: "L", Weekday: -1, Required: 1},
		// On the 10th three of the four work D: E01 is free to be off only
		// because the others can cover.
		{Shift: "D", Weekday: -1, Date: date("2026-12-10"), Required: 3}, {Shift: "L", Weekday: -1, Date: date("2026-12-10"), Required: 0},
	} {
		f.ok(f.svc.SaveCoverage(ctx, f.manager, &c))
	}
	off := &roster.ShiftPreference{Employee: "E01", Date: date("2026-12-10"), Weight: roster.PreferenceVeryImportant, Note: "wedding"}
	work := &roster.ShiftPreference{Employee: "E02", Date: date("2026-12-15"), Shift: "L", On: true, Weight: roster.PreferenceImportant}
	notD := &roster.ShiftPreference{Employee: "E03", Date: date("2026-12-20"), Shift: "D", Weight: roster.PreferenceNormal}
	withdrawn := &roster.ShiftPreference{Employee: "E03", Date: date("2026-12-21"), Weight: 1}
	gone := &roster.ShiftPreference{Employee: "E04", Date: date("2026-12-22"), Weight: 1}
	nov := &roster.ShiftPreference{Employee: "E01", Date: date("2026-11-20"), Weight: 1}
	for _, p := range []*roster.ShiftPreference{off, work, notD, withdrawn, gone, nov} {
		f.ok(f.svc.AddPreference(ctx, f.manager, p))
	}
	f.ok(f.svc.WithdrawPreference(ctx, f.manager, withdrawn.ID, "changed plans"))
	f.ok(f.svc.CreateEmployee(ctx, f.admin, &roster.Employee{Code: "E05", Name: "陈静", Team: "B", Active: true}))
	f.ok(f.svc.DeactivateEmployee(ctx, f.manager, "E04", "left the company"))

	in := must(f.svc.AutoRosterInput(ctx, f.manager, dec))
	want := []autoroster.AppPreference{
		{Employee: "E01", Date: off.Date, Weight: 3 * AutoPreferenceWeight},
		{Employee: "E02", Date: work.Date, Shift: "L", On: true, Weight: 2 * AutoPreferenceWeight},
		{Employee: "E03", Date: notD.Date, Shift: "D", Weight: AutoPreferenceWeight},
	}
	if fmtPrefs(in.Preferences) != fmtPrefs(want) {
		t.Fatalf("input preferences\n%v\nwant\n%v", in.Preferences, want)
	}

	p, err := autoroster.FromRoster(*in)
	if err != nil {
		t.Fatal(err)
	}
	sol, st := autoroster.Solve(ctx, p, autoroster.Options{Seed: 1, Threads: 1, MaxIterations: 300})
	if st.Err != nil {
		t.Fatal(st.Err)
	}
	if obj, bad := autoroster.Validate(p, sol); len(bad) > 0 || obj != st.Objective {
		t.Fatalf("objective %d (solver %d), violations %v", obj, st.Objective, bad)
	}
	f.ok(f.svc.ApplyAutoRoster(ctx, f.manager, dec, autoroster.Assignments(p, in.First, sol), "automatic roster"))
	mr := must(f.svc.MonthRoster(ctx, f.manager, dec))
	for _, pr := range []*roster.ShiftPreference{off, work, notD} {
		if got := mr.Shift(pr.Employee, pr.Date.Day); !pr.Met(got) {
			t.Errorf("%s on %s works %q: preference %+v not honoured", pr.Employee, pr.Date, got, *pr)
		}
	}
	// The 10th is still covered: three on D without E01.
	n := 0
	for _, e := range []string{"E02", "E03", "E05"} {
		if mr.Shift(e, 10) == "D" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d on D on the 10th, want 3", n)
	}
}

func fmtPrefs(ps []autoroster.AppPreference) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Employee+" "+p.Date.String()+" "+p.Shift+" "+boolText(p.On)+" "+itoa64(int64(p.Weight)))
	}
	return fmt.Sprint(s)
}

func boolText(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
