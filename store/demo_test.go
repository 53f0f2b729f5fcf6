package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"shiftguard/compliance"
	"shiftguard/roster"
)

func TestDemoBuildsAndEvaluates(t *testing.T) {
	bcryptCost = bcrypt.MinCost
	db, err := Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, loc)
	opts := DefaultDemoOptions()
	opts.Now = now
	if err := Demo(ctx, db, opts); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(db.Path() + "-wal"); err == nil && st.Size() > 0 {
		t.Fatalf("write-ahead log left at %d bytes", st.Size())
	}
	wantCode(t, Demo(ctx, db, opts), roster.ECONFLICT)
	svc := NewService(db)
	svc.Now = func() time.Time { return now }
	for user, pw := range map[string]string{"admin": DemoAdminPassword, "manager": DemoManagerPassword, "hr": DemoHRPassword, "A001": DemoAgentPassword} {
		if _, err := svc.Login(ctx, user, pw); err != nil {
			t.Fatalf("demo login %s: %v", user, err)
		}
	}
	if _, err := svc.KioskLogin(ctx, "A007", DemoAgentPIN); err != nil {
		t.Fatal(err)
	}
	mgr := must(svc.Login(ctx, "manager", DemoManagerPassword))
	if st := must(svc.Settings(ctx, mgr)); st.TimeZone != "Asia/Shanghai" {
		t.Fatal(st)
	}
	emps := must(svc.Employees(ctx, mgr, EmployeeFilter{}))
	teams := must(svc.Teams(ctx, mgr))
	types := must(svc.ShiftTypes(ctx, mgr))
	overnight := 0
	for _, st := range types {
		if st.Overnight() {
			overnight++
		}
	}
	if len(emps) != 30 || len(teams) != 2 || len(types) != 4 || overnight != 1 {
		t.Fatalf("%d employees, teams %v, %d shift types (%d overnight)", len(emps), teams, len(types), overnight)
	}
	prev := must(svc.MonthRoster(ctx, mgr, roster.Month{Year: 2026, Month: 10}))
	cur := must(svc.MonthRoster(ctx, mgr, roster.Month{Year: 2026, Month: 11}))
	if !prev.Published || cur.Published || len(prev.Assignments) < 30*20 || len(cur.Assignments) < 30*20 {
		t.Fatalf("rosters: prev %d published %v, cur %d published %v", len(prev.Assignments), prev.Published, len(cur.Assignments), cur.Published)
	}
	// About a third of the agents have 1–4 valid preferences in the
	// unpublished month, and auto-generate weighs every one of them.
	nov := roster.Month{Year: 2026, Month: 11}
	prefs := must(svc.Preferences(ctx, mgr, nov, ""))
	perEmp := map[string]int{}
	for _, p := range prefs {
		if err := p.Validate(); err != nil {
			t.Fatalf("demo preference %+v: %v", p, err)
		}
		perEmp[p.Employee]++
	}
	for e, n := range perEmp {
		if n < 1 || n > 4 {
			t.Errorf("%s has %d preferences", e, n)
		}
	}
	if len(perEmp) != 10 {
		t.Errorf("%d of 30 agents have preferences, want 10", len(perEmp))
	}
	if in := must(svc.AutoRosterInput(ctx, mgr, nov)); len(in.Preferences) != len(prefs) || len(prefs) < 10 {
		t.Errorf("auto-generate weighs %d of the %d preferences", len(in.Preferences), len(prefs))
	}
	if old := must(svc.Preferences(ctx, mgr, roster.Month{Year: 2026, Month: 10}, "")); len(old) != 0 {
		t.Errorf("the published month has %d preferences", len(old))
	}
	// Rest: nobody works a night shift followed by an early one.
	as := must(svc.Assignments(ctx, mgr, date("2026-10-01"), date("2026-11-30"), ""))
	last := map[string]roster.Assignment{}
	for _, a := range as {
		if p, ok := last[a.Employee]; ok && p.Shift == "N" && a.Shift == "A" && a.Date == p.Date.AddDays(1) {
			t.Fatalf("no rest: %v then %v", p, a)
		}
		last[a.Employee] = a
	}
	vs := must(svc.Violations(ctx, mgr, ViolationFilter{}))
	rules := map[compliance.Rule]int{}
	status := map[compliance.Status]int{}
	for _, v := range vs {
		rules[v.Rule]++
		status[v.Status]++
		if !v.Date.Before(date("2026-11-20")) {
			t.Fatalf("violation judged for an unfinished day: %+v", v)
		}
	}
	instances := 0
	for _, a := range as {
		if a.Date.Before(date("2026-11-20")) {
			instances++
		}
	}
	t.Logf("%d violations on %d instances: %v %v", len(vs), instances, rules, status)
	// Mostly on time: violations on well under half of the instances, yet a mix of rules.
	if len(vs) == 0 || len(vs) > instances/2 || len(rules) < 6 || status[compliance.StatusWaived] == 0 {
		t.Fatalf("%d violations on %d instances: %v %v", len(vs), instances, rules, status)
	}
	hr := must(svc.Login(ctx, "hr", DemoHRPassword))
	if acts := must(svc.DisciplineActions(ctx, hr, ActionFilter{})); len(acts) == 0 {
		t.Fatal("no discipline actions")
	}
	if rs := must(svc.Rewards(ctx, hr, RewardFilter{Kind: compliance.ServiceStar})); len(rs) != 4 {
		t.Fatalf("service stars %+v", rs)
	}
	if ns := must(svc.HandoverNotes(ctx, mgr, NoteFilter{Limit: 10})); len(ns) != 10 || len(ns[0].Acks) == 0 && len(ns[1].Acks) == 0 {
		t.Fatalf("notes %+v", ns)
	}
	if sw := must(svc.SwapRequests(ctx, mgr, SwapFilter{Status: roster.SwapPending})); len(sw) != 2 {
		t.Fatalf("pending swaps %+v", sw)
	}
	if ls := must(svc.Leaves(ctx, mgr, LeaveFilter{})); len(ls) == 0 {
		t.Fatal("no leave")
	}
	// The same seed and time give the same center.
	db2, err := Open(ctx, filepath.Join(t.TempDir(), "demo2.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if err := Demo(ctx, db2, opts); err != nil {
		t.Fatal(err)
	}
	vs2 := must(NewService(db2).Violations(ctx, mgr, ViolationFilter{}))
	prefs2 := must(NewService(db2).Preferences(ctx, mgr, nov, ""))
	if fmt.Sprint(prefs2) != fmt.Sprint(prefs) {
		t.Fatalf("demo preferences are not deterministic:\n%v\n%v", prefs, prefs2)
	}
	if len(vs2) != len(vs) || vs2[0].Employee != vs[0].Employee || vs2[len(vs2)-1].Minutes != vs[len(vs)-1].Minutes {
		t.Fatalf("demo is not deterministic: %d vs %d violations", len(vs), len(vs2))
	}
}
