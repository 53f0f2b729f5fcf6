package ui

import (
	"context"
	"strings"
	"testing"

	"shiftguard/roster"
)

// TestScheduleShowsOnlyOwnShifts: an agent's "My schedule" lists their own
// shifts and leave of the month with the totals, never a colleague's; the
// screen is only in the agents' navigation (staff use the roster grid).
func TestScheduleShowsOnlyOwnShifts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	admin, err := f.svc.Login(ctx, "admin", testPassword)
	f.must(err)
	d5, d9 := roster.NewDate(2026, 11, 5), roster.NewDate(2026, 11, 9)
	f.must(f.svc.SetAssignment(ctx, admin, roster.Assignment{Employee: "E01", Date: d5, Shift: "B"}, ""))
	f.must(f.svc.SetAssignment(ctx, admin, roster.Assignment{Employee: "E02", Date: d9, Shift: "A"}, ""))
	f.must(f.svc.AddLeave(ctx, admin, &roster.Leave{Employee: "E01", Date: d9, Type: roster.LeaveAnnual, Reason: "trip"}))

	f.signIn("e01")
	if !f.st.show("schedule") {
		t.Fatal("no schedule screen in the agent's navigation")
	}
	s := f.st.screenFor("schedule").(*scheduleScreen)
	if s.month != roster.MonthOf(f.day) {
		t.Fatalf("month = %v, want %v", s.month, roster.MonthOf(f.day))
	}
	var got []string
	for _, r := range s.rows {
		got = append(got, r.date.String()+":"+r.code+":"+string(r.leave))
	}
	want := []string{"2026-11-02:A:", "2026-11-05:B:", "2026-11-09::" + string(roster.LeaveAnnual)}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("rows = %v, want %v", got, want)
	}
	// A 8 h + B 8 h (16:00–24:00 ends on the next day: a night).
	if want := Tf("schedule.totals", 2, "16.0", 1); s.totals.Text != want {
		t.Errorf("totals = %q, want %q", s.totals.Text, want)
	}

	s.month = s.month.Next()
	s.refresh()
	if len(s.rows) != 0 || !strings.Contains(s.totals.Text, "0") {
		t.Errorf("December: rows %v, totals %q", s.rows, s.totals.Text)
	}

	f.signIn("manager")
	if f.st.screenFor("schedule") != nil {
		t.Error("a manager's navigation has the agent's schedule screen")
	}
}

// TestDeskBreakBarHiddenWhenIdle: before clock-in the break countdown bar
// is hidden (Fyne paints an empty bar in faded primary, which read as
// full); once a stretch runs it shows and counts from empty.
func TestDeskBreakBarHiddenWhenIdle(t *testing.T) {
	f := newFixture(t)
	f.signIn("e01")
	d := f.desk()
	if d.breakBar.Visible() {
		t.Fatalf("break bar visible before clock-in (value %v)", d.breakBar.Value)
	}
	f.clock.set(f.at(8, 0))
	d.punch(roster.ClockIn)
	if !d.breakBar.Visible() || d.breakBar.Value != 0 {
		t.Fatalf("after clock-in: visible %v, value %v; want visible at 0", d.breakBar.Visible(), d.breakBar.Value)
	}
	f.clock.set(f.at(9, 30))
	d.tick()
	if want := 90.0 / float64(d.policy.BreakAfterMin); d.breakBar.Value != want {
		t.Errorf("value at 1 h 30 = %v, want %v", d.breakBar.Value, want)
	}
}
