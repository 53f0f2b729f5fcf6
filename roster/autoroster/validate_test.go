package autoroster

import (
	"strings"
	"testing"
	"time"
)

// tinyProblem is a hand-checkable instance: 7 days from Monday, shifts
// E (480 min) and L (600 min) where E may not follow L, two employees.
func tinyProblem() *Problem {
	return &Problem{
		Days:         7,
		StartWeekday: time.Monday,
		Shifts:       []Shift{{ID: "E", Minutes: 480}, {ID: "L", Minutes: 600, Night: true}},
		Forbidden:    [][]bool{{false, false}, {true, false}},
		Employees: []Employee{
			{ID: "A", MaxShifts: []int{-1, 2}, MinMinutes: 960, MaxMinutes: 2400,
				MinConsecutive: 2, MaxConsecutive: 3, MinConsecutiveOff: 2, MaxWeekends: 0, DaysOff: []int{4}},
			{ID: "B", MaxShifts: []int{-1, -1}, MinMinutes: 0, MaxMinutes: 0,
				MinConsecutive: 1, MaxConsecutive: 0, MinConsecutiveOff: 1, MaxWeekends: 1},
		},
		OnRequests:  []Request{{Employee: 0, Day: 0, Shift: 0, Weight: 2}, {Employee: 1, Day: 4, Shift: 1, Weight: 3}},
		OffRequests: []Request{{Employee: 1, Day: 6, Shift: 0, Weight: 5}},
		Cover: []Cover{
			{Day: 0, Shift: 0, Requirement: 1, Under: 100, Over: 1},
			{Day: 1, Shift: 0, Requirement: 2, Under: 100, Over: 1},
			{Day: 2, Shift: 1, Requirement: 1, Under: 50, Over: 10},
			{Day: 6, Shift: 0, Requirement: 0, Under: 100, Over: 7},
		},
	}
}

const (
	e = 0
	l = 1
	o = Off
)

func TestValidateHandChecked(t *testing.T) {
	tests := []struct {
		name string
		sol  Solution
		obj  int
		want []string // substrings, one per expected violation
	}{
		{
			// A: E E - - - - -  (960 min, block days 0-1 touches the start)
			// B: - E L L - - E
			// on-requests: A d0 E met (0); B d4 L unmet (+3)
			// off-request: B d6 E violated (+5)
			// cover: d0 E 1/1 (0); d1 E 2/2 (0); d2 L 1/1 (0); d6 E 1/0 over 1×7 (+7)
			// objective 3 + 5 + 7 = 15. B works the weekend of days 5-6 once (max 1).
			name: "feasible",
			sol:  Solution{{e, e, o, o, o, o, o}, {o, e, l, l, o, o, e}},
			obj:  15,
		},
		{
			// A: - E E - ... : on-request A d0 unmet (+2); cover d0 E 0/1 (+100),
			// d1 E 2/2 (0), d2 L 0/1 (+50), d6 E 0/0 (0); B d4 unmet (+3): 155.
			// A's off block day 0 touches the start (exempt); days 3-6 off.
			name: "start blocks exempt",
			sol:  Solution{{o, e, e, o, o, o, o}, {o, e, o, o, o, o, o}},
			obj:  155,
		},
		{
			// A: E E E E E works day 4 (fixed day off), 5 in a row (> 3),
			// 2400 minutes (= max);
			// B: L then E on days 2-3 is a forbidden succession.
			// on: A d0 met; B d4 unmet (+3). cover d0 1/1, d1 2/2, d2 L 1/1, d6 0/0.
			// objective 3.
			name: "day off, max consecutive, succession",
			sol:  Solution{{e, e, e, e, e, o, o}, {o, e, l, e, o, o, o}},
			obj:  3,
			want: []string{"fixed day off", "5 working days in a row, at most 3", "E may not follow L"},
		},
		{
			// A: E - E E - - -: 1-day off block (day 1) < 2 and the block
			// days 2-3 is fine; A's minutes 1440 >= 960.
			// B: - E - L - E E: single working day 1 is allowed (min 1),
			// weekend worked once; L on day 3 then off.
			// on: A d0 met; B d4 unmet (+3). off: B d6 E (+5).
			// cover: d0 1/1; d1 1/2 (+100); d2 L 0/1 (+50); d6 E 1/0 (+7).
			// objective 165.
			name: "min consecutive off",
			sol:  Solution{{e, o, e, e, o, o, o}, {o, e, o, l, o, e, e}},
			obj:  165,
			want: []string{"1 days off in a row, at least 2"},
		},
		{
			// A: - - E - - - L: E on day 2 is a 1-day block inside the
			// horizon (< 2); L on Sunday works a weekend (max 0); 1080 min
			// >= 960. A d0 unmet (+2); B all off: d4 unmet (+3).
			// cover: d0 0/1 (+100); d1 0/2 (+200); d2 L 0/1 (+50); d6 0/0.
			// objective 355.
			name: "min consecutive and weekends",
			sol:  Solution{{o, o, e, o, o, o, l}, {o, o, o, o, o, o, o}},
			obj:  355,
			want: []string{"1 working days in a row, at least 2", "works 1 weekends, at most 0"},
		},
		{
			// A: L L L - - - -: 3 L shifts (max 2), 1800 min. d0 E unmet for
			// A (+2); B: - - - - L - -: B d4 met.
			// cover: d0 0/1 (+100); d1 0/2 (+200); d2 L 1/1 (0); d6 0/0.
			// objective 302.
			name: "max shifts of a type",
			sol:  Solution{{l, l, l, o, o, o, o}, {o, o, o, o, l, o, o}},
			obj:  302,
			want: []string{"3 L shifts, at most 2"},
		},
		{
			// A: E - - - - - -: 480 min < 960. A d0 met. B all off (+3).
			// cover: d0 1/1; d1 0/2 (+200); d2 0/1 (+50). objective 253.
			name: "min minutes",
			sol:  Solution{{e, o, o, o, o, o, o}, {o, o, o, o, o, o, o}},
			obj:  253,
			want: []string{"480 minutes, at least 960"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tinyProblem()
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
			obj, viol := Validate(p, tc.sol)
			if obj != tc.obj {
				t.Errorf("objective %d, want %d", obj, tc.obj)
			}
			if len(viol) != len(tc.want) {
				t.Fatalf("violations %q, want %d matching %q", viol, len(tc.want), tc.want)
			}
			for i, w := range tc.want {
				if !strings.Contains(viol[i], w) {
					t.Errorf("violation %d = %q, want it to mention %q", i, viol[i], w)
				}
			}
		})
	}
}

func TestValidateLocksAndFairness(t *testing.T) {
	p := tinyProblem()
	p.Locks = []Lock{{Employee: 1, Day: 2, Shift: l}, {Employee: 1, Day: 0, Shift: Off}}
	p.FairnessWeight = 4
	sol := Solution{{e, e, o, o, o, o, o}, {o, e, l, l, o, o, e}}
	// Objective 15 as in "feasible"; nights (L): A 0, B 2, spread 2;
	// weekends: A 0, B 1, spread 1; fairness 4 × (2 + 1) = 12: total 27.
	obj, viol := Validate(p, sol)
	if obj != 27 || len(viol) != 0 {
		t.Fatalf("got %d %q, want 27 and no violations", obj, viol)
	}
	sol[1][2] = e // breaks the lock (and makes L, E, ... fine otherwise)
	_, viol = Validate(p, sol)
	if len(viol) != 1 || !strings.Contains(viol[0], "locked cell must be L") {
		t.Fatalf("violations %q, want the lock", viol)
	}
}

func TestValidateWeekendsFromSunday(t *testing.T) {
	// A horizon starting on Sunday: day 0 is a weekend on its own, days 6-7
	// (Saturday, Sunday) are the next one.
	p := tinyProblem()
	p.Days = 8
	p.StartWeekday = time.Sunday
	p.Employees[1].MaxWeekends = 1
	sol := Solution{
		{o, o, e, e, o, o, o, o},
		{e, o, o, o, o, o, e, e},
	}
	_, viol := Validate(p, sol)
	if len(viol) != 1 || !strings.Contains(viol[0], "works 2 weekends, at most 1") {
		t.Fatalf("violations %q, want B's 2 weekends", viol)
	}
}
