package store

import (
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"shiftguard/roster"
	"shiftguard/roster/autoroster"
)

// The demo center's month is generated with a lock and a leave day in it:
// the proposal keeps both, meets every hard constraint, and applying it
// replaces the other cells with audit entries; agents may do neither.
func TestAutoRosterOnDemo(t *testing.T) {
	bcryptCost = bcrypt.MinCost
	db, err := Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, loc)
	opts := DefaultDemoOptions()
	opts.Now, opts.Months, opts.Agents = now, 1, 12
	if err := Demo(ctx, db, opts); err != nil {
		t.Fatal(err)
	}
	svc := NewService(db)
	svc.Now = func() time.Time { return now }
	mgr, err := svc.Login(ctx, "manager", DemoManagerPassword)
	if err != nil {
		t.Fatal(err)
	}
	agent, err := svc.Login(ctx, "A001", DemoAgentPassword)
	if err != nil {
		t.Fatal(err)
	}
	m := roster.Month{Year: 2026, Month: time.November}
	_, err = svc.AutoRosterInput(ctx, agent, m)
	wantCode(t, err, roster.EFORBIDDEN)
	wantCode(t, svc.ApplyAutoRoster(ctx, agent, m, nil, "x"), roster.EFORBIDDEN)

	before, err := svc.MonthRoster(ctx, mgr, m)
	if err != nil {
		t.Fatal(err)
	}
	shift := before.ShiftTypes[0].Code
	locked := []roster.Assignment{
		{Employee: "A002", Date: roster.NewDate(2026, 11, 10), Shift: shift, Locked: true},
		{Employee: "A002", Date: roster.NewDate(2026, 11, 11), Shift: shift, Locked: true},
	}
	if err := svc.SetAssignments(ctx, mgr, locked, "fixed by the manager"); err != nil {
		t.Fatal(err)
	}
	leaveDay := roster.NewDate(2026, 11, 25)
	if err := svc.ClearAssignment(ctx, mgr, "A003", leaveDay, "leave"); err != nil && roster.ErrorCode(err) != roster.ENOTFOUND {
		t.Fatal(err)
	}
	if err := svc.AddLeave(ctx, mgr, &roster.Leave{Employee: "A003", Date: leaveDay, Type: roster.LeaveAnnual, Reason: "family"}); err != nil {
		t.Fatal(err)
	}

	in, err := svc.AutoRosterInput(ctx, mgr, m)
	if err != nil {
		t.Fatal(err)
	}
	if in.Days != 30 || len(in.Employees) == 0 || len(in.Coverage) == 0 || in.MinRestHours != AutoMinRestHours || in.FairnessWeight == 0 {
		t.Fatalf("input: days %d, %d employees, %d coverage rules, rest %d, fairness %d", in.Days, len(in.Employees), len(in.Coverage), in.MinRestHours, in.FairnessWeight)
	}
	if len(in.Locked) != 2 {
		t.Fatalf("locked cells in the input: %+v", in.Locked)
	}
	p, err := autoroster.FromRoster(*in)
	if err != nil {
		t.Fatal(err)
	}
	sol, st := autoroster.Solve(ctx, p, autoroster.Options{Seed: 1, Threads: 1, MaxIterations: 200})
	if st.Err != nil {
		t.Fatal(st.Err)
	}
	obj, bad := autoroster.Validate(p, sol)
	if len(bad) > 0 || obj != st.Objective {
		t.Fatalf("proposal: objective %d (solver %d), violations %v", obj, st.Objective, bad)
	}
	prop := autoroster.Assignments(p, in.First, sol)
	got := map[string]roster.Assignment{}
	for _, a := range prop {
		got[a.Employee+"@"+a.Date.String()] = a
	}
	for _, l := range locked {
		if a := got[l.Employee+"@"+l.Date.String()]; a.Shift != l.Shift || !a.Locked {
			t.Errorf("locked cell %s %s: proposal has %+v", l.Employee, l.Date, a)
		}
	}
	if a, ok := got["A003@"+leaveDay.String()]; ok {
		t.Errorf("proposal works A003 on leave: %+v", a)
	}

	// A proposal that changes a locked cell is refused.
	conflict := append([]roster.Assignment(nil), prop...)
	for i, a := range conflict {
		if a.Locked {
			conflict[i].Shift = before.ShiftTypes[1].Code
			break
		}
	}
	wantCode(t, svc.ApplyAutoRoster(ctx, mgr, m, conflict, "auto"), roster.ECONFLICT)

	if before.Published {
		wantCode(t, svc.ApplyAutoRoster(ctx, mgr, m, prop, ""), roster.ELOCKED)
	}
	if err := svc.ApplyAutoRoster(ctx, mgr, m, prop, "automatic roster"); err != nil {
		t.Fatal(err)
	}
	after, err := svc.MonthRoster(ctx, mgr, m)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range in.Employees {
		for d := 1; d <= m.Days(); d++ {
			date := roster.NewDate(2026, 11, d)
			if want, have := got[e.Code+"@"+date.String()].Shift, after.Shift(e.Code, d); want != have {
				t.Fatalf("%s %s: roster has %q, proposal %q", e.Code, date, have, want)
			}
		}
	}
	for _, a := range after.Assignments {
		if a.Employee == "A002" && (a.Date == locked[0].Date || a.Date == locked[1].Date) && !a.Locked {
			t.Errorf("lock lost: %+v", a)
		}
	}
	log, err := svc.AuditLog(ctx, mgr, AuditFilter{Entity: "assignment"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range log {
		if e.Action == "autoroster" {
			n++
			if e.Reason != "automatic roster" || e.Actor != "manager" {
				t.Errorf("audit entry %+v", e)
			}
		}
	}
	if n == 0 {
		t.Error("applying the proposal left no audit entries")
	}
	// Applying the same proposal again changes nothing.
	if err := svc.ApplyAutoRoster(ctx, mgr, m, prop, "again"); err != nil {
		t.Fatal(err)
	}
	log2, _ := svc.AuditLog(ctx, mgr, AuditFilter{Entity: "assignment"})
	if len(log2) != len(log) {
		t.Errorf("re-applying wrote %d audit entries", len(log2)-len(log))
	}
}

// Locks that already break a default limit loosen it so that a roster
// still exists.
func TestLoosenForLocks(t *testing.T) {
	first := roster.NewDate(2026, 12, 1)
	in := &autoroster.AppInput{
		First: first, Days: 31, MinRestHours: AutoMinRestHours,
		Shifts: []roster.ShiftType{{Code: "D", Start: 8 * 60, End: 16 * 60}, {Code: "N", Start: 22 * 60, End: 6 * 60}},
		Limits: autoroster.AppLimits{MaxConsecutive: AutoMaxConsecutive, MinConsecutiveOff: AutoMinConsecutiveOff},
		Leave:  []roster.Leave{{Employee: "A", Date: first.AddDays(20)}},
	}
	for d := 0; d < 8; d++ {
		in.Locked = append(in.Locked, roster.Assignment{Employee: "A", Date: first.AddDays(d), Shift: "D"})
	}
	in.Locked = append(in.Locked,
		roster.Assignment{Employee: "A", Date: first.AddDays(19), Shift: "D"},
		roster.Assignment{Employee: "A", Date: first.AddDays(21), Shift: "D"},
		roster.Assignment{Employee: "B", Date: first.AddDays(3), Shift: "N"},
		roster.Assignment{Employee: "B", Date: first.AddDays(4), Shift: "D"})
	loosenForLocks(in)
	if in.Limits.MaxConsecutive != 8 || in.Limits.MinConsecutiveOff != 1 || in.MinRestHours != 2 {
		t.Fatalf("limits %+v, rest %d", in.Limits, in.MinRestHours)
	}
}
