package autoroster

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"shiftguard/roster"
)

func TestFromRosterAndBack(t *testing.T) {
	first := roster.NewDate(2026, time.December, 1) // a Tuesday
	in := AppInput{
		First: first,
		Days:  14,
		Employees: []roster.Employee{
			{Code: "E1", Name: "A", Team: "T", Active: true, MaxNightsPerMonth: 3},
			{Code: "E2", Name: "B", Team: "T", Active: true},
			{Code: "E3", Name: "C", Team: "T", Active: true},
			{Code: "E9", Name: "Gone", Team: "T", Active: false},
		},
		Shifts: []roster.ShiftType{
			{Code: "DAY", Start: 8 * 60, End: 16 * 60},
			{Code: "NIGHT", Start: 22 * 60, End: 6 * 60},
		},
		Coverage: []roster.CoverageRequirement{
			{Shift: "DAY", Weekday: -1, Required: 1},
			{Shift: "DAY", Weekday: int(time.Saturday), Required: 2},
			{Shift: "DAY", Weekday: -1, Date: first.AddDays(2), Required: 0},
			{Shift: "NIGHT", Weekday: -1, Required: 1},
		},
		Leave:        []roster.Leave{{Employee: "E2", Date: first.AddDays(3), Type: roster.LeaveAnnual}},
		Locked:       []roster.Assignment{{Employee: "E3", Date: first.AddDays(1), Shift: "NIGHT", Locked: true}},
		Preferences:  []AppPreference{{Employee: "E1", Date: first, Shift: "DAY", On: true, Weight: 2}},
		MinRestHours: 11,
		Limits:       AppLimits{MaxConsecutive: 5, MinConsecutiveOff: 2, MaxWeekends: -1, MaxMinutes: 14 * 480},
	}
	p, err := FromRoster(in)
	if err != nil {
		t.Fatal(err)
	}
	if p.StartWeekday != time.Tuesday || len(p.Employees) != 3 {
		t.Fatalf("start %v, %d employees", p.StartWeekday, len(p.Employees))
	}
	day, night := p.ShiftIndex("DAY"), p.ShiftIndex("NIGHT")
	// NIGHT ends 06:00, DAY starts 08:00: 2 h rest < 11 h. DAY ends 16:00 and
	// the next NIGHT starts 22:00 a day later: 30 h.
	if !p.Forbidden[night][day] || p.Forbidden[day][night] || p.Forbidden[night][night] || p.Forbidden[day][day] {
		t.Fatalf("successions %v", p.Forbidden)
	}
	if !p.Shifts[night].Night || p.Shifts[night].Minutes != 480 || p.Employees[0].MaxShifts[night] != 3 || p.Employees[0].MaxShifts[day] != -1 {
		t.Fatalf("shifts %+v, E1 limits %v", p.Shifts, p.Employees[0].MaxShifts)
	}
	req, _, _ := p.coverMatrix()
	// Day 2 has a date rule (0); day 4 is a Saturday (2); others 1.
	if req[0][day] != 1 || req[2][day] != 0 || req[4][day] != 2 || req[5][day] != 1 || req[7][night] != 1 {
		t.Fatalf("cover %v", req)
	}
	if len(p.Employees[1].DaysOff) != 1 || p.Employees[1].DaysOff[0] != 3 || len(p.Locks) != 1 || p.Locks[0].Day != 1 {
		t.Fatalf("leave or lock wrong: %v %v", p.Employees[1].DaysOff, p.Locks)
	}
	sol, st := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 300})
	if st.Err != nil {
		t.Fatal(st.Err)
	}
	if _, viol := Validate(p, sol); len(viol) != 0 {
		t.Fatal(viol)
	}
	as := Assignments(p, first, sol)
	foundLock := false
	for _, a := range as {
		if err := a.Validate(); err != nil {
			t.Fatal(err)
		}
		if a.Employee == "E2" && a.Date == first.AddDays(3) {
			t.Fatalf("E2 works on leave: %+v", a)
		}
		if a.Employee == "E3" && a.Date == first.AddDays(1) {
			foundLock = a.Shift == "NIGHT" && a.Locked
		}
	}
	if !foundLock {
		t.Fatal("the locked cell is not in the result")
	}
	// A lock on a leave day is refused, naming the lock.
	in.Locked = append(in.Locked, roster.Assignment{Employee: "E2", Date: first.AddDays(3), Shift: "DAY"})
	if _, err := FromRoster(in); err == nil || roster.ErrorCode(err) != roster.EINVALID {
		t.Fatalf("err = %v, want EINVALID for a lock on leave", err)
	}
}

// Preferences become weighted requests: a wish to work a shift an on
// request, a wish not to work it an off request, and a wish for the day
// off (no shift) an off request for every shift of that day; the solver
// then gives the day off when another employee can cover.
func TestFromRosterPreferences(t *testing.T) {
	first := roster.NewDate(2026, time.December, 1)
	in := AppInput{
		First: first, Days: 7,
		Employees: []roster.Employee{{Code: "E1", Active: true}, {Code: "E2", Active: true}, {Code: "E3", Active: true}},
		Shifts:    []roster.ShiftType{{Code: "DAY", Start: 8 * 60, End: 16 * 60}, {Code: "LATE", Start: 14 * 60, End: 22 * 60}},
		Coverage:  []roster.CoverageRequirement{{Shift: "DAY", Weekday: -1, Required: 1}, {Shift: "LATE", Weekday: -1, Required: 1}},
		Preferences: []AppPreference{
			{Employee: "E1", Date: first.AddDays(2), Weight: 30},                          // day off
			{Employee: "E2", Date: first.AddDays(3), Shift: "LATE", On: true, Weight: 20}, // wants LATE
			{Employee: "E3", Date: first.AddDays(4), Shift: "DAY", Weight: 10},            // rather not DAY
			{Employee: "E1", Date: first.AddDays(40), Weight: 30},                         // outside: ignored
			{Employee: "E2", Date: first.AddDays(5), Shift: "", On: false, Weight: 0},     // weight floored at 1
		},
		MinRestHours: 11,
		Limits:       AppLimits{MaxWeekends: -1},
	}
	p, err := FromRoster(in)
	if err != nil {
		t.Fatal(err)
	}
	day, late := p.ShiftIndex("DAY"), p.ShiftIndex("LATE")
	wantOff := []Request{
		{Employee: 0, Day: 2, Shift: day, Weight: 30}, {Employee: 0, Day: 2, Shift: late, Weight: 30},
		{Employee: 2, Day: 4, Shift: day, Weight: 10},
		{Employee: 1, Day: 5, Shift: day, Weight: 1}, {Employee: 1, Day: 5, Shift: late, Weight: 1},
	}
	wantOn := []Request{{Employee: 1, Day: 3, Shift: late, Weight: 20}}
	if fmt.Sprint(p.OffRequests) != fmt.Sprint(wantOff) || fmt.Sprint(p.OnRequests) != fmt.Sprint(wantOn) {
		t.Fatalf("off %v, want %v\non %v, want %v", p.OffRequests, wantOff, p.OnRequests, wantOn)
	}
	sol, st := Solve(context.Background(), p, Options{Seed: 1, Threads: 1, MaxIterations: 300})
	if st.Err != nil {
		t.Fatal(st.Err)
	}
	if _, viol := Validate(p, sol); len(viol) != 0 {
		t.Fatal(viol)
	}
	if sol[0][2] != Off {
		t.Errorf("E1 works shift %d on the day they wished off: %v", sol[0][2], sol[0])
	}
	if sol[1][3] != late {
		t.Errorf("E2 does not work LATE on day 3: %v", sol[1])
	}
	if sol[2][4] == day {
		t.Errorf("E3 works DAY on day 4: %v", sol[2])
	}

	// A wish to work needs a shift that exists.
	in.Preferences = []AppPreference{{Employee: "E1", Date: first, Shift: "NIGHT", On: true, Weight: 1}}
	if _, err := FromRoster(in); roster.ErrorCode(err) != roster.EINVALID || !strings.Contains(err.Error(), "preferences[0]") {
		t.Fatalf("unknown shift: err = %v, want EINVALID naming preferences[0]", err)
	}
}
