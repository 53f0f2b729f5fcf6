package autoroster

import (
	"fmt"
)

// Validate recomputes the objective of roster from scratch and lists every
// violated hard constraint (empty when the roster is feasible). It is written
// independently of the solver's incremental evaluation so that it can check
// the solver.
//
// Blocks of working days or days off that touch the first or the last day of
// the horizon are exempt from the minimum consecutive limits.
func Validate(p *Problem, sol Solution) (objective int, violations []string) {
	bad := func(format string, args ...any) {
		violations = append(violations, fmt.Sprintf(format, args...))
	}
	if len(sol) != len(p.Employees) {
		bad("roster has %d rows for %d employees", len(sol), len(p.Employees))
		return 0, violations
	}
	for e, row := range sol {
		if len(row) != p.Days {
			bad("employee %s: roster row has %d days, want %d", p.Employees[e].ID, len(row), p.Days)
			return 0, violations
		}
		for d, s := range row {
			if s < Off || s >= len(p.Shifts) {
				bad("employee %s day %d: unknown shift index %d", p.Employees[e].ID, d, s)
				return 0, violations
			}
		}
	}
	// The Monday-aligned index of day 0, so that (d+shift)/7 numbers weeks
	// and Saturday/Sunday of one weekend share a number.
	shift := (int(p.StartWeekday) + 6) % 7
	nights := make([]int, len(p.Employees))
	weekends := make([]int, len(p.Employees))
	for e, row := range sol {
		emp := &p.Employees[e]
		id := emp.ID
		for _, d := range emp.DaysOff {
			if row[d] != Off {
				bad("employee %s day %d: works %s on a fixed day off", id, d, p.Shifts[row[d]].ID)
			}
		}
		counts := make([]int, len(p.Shifts))
		minutes := 0
		for d, s := range row {
			if s == Off {
				continue
			}
			counts[s]++
			minutes += p.Shifts[s].Minutes
			if p.Shifts[s].Night {
				nights[e]++
			}
			if d > 0 && row[d-1] != Off && p.Forbidden[row[d-1]][s] {
				bad("employee %s day %d: %s may not follow %s", id, d, p.Shifts[s].ID, p.Shifts[row[d-1]].ID)
			}
		}
		for s, n := range counts {
			if emp.MaxShifts[s] >= 0 && n > emp.MaxShifts[s] {
				bad("employee %s: %d %s shifts, at most %d allowed", id, n, p.Shifts[s].ID, emp.MaxShifts[s])
			}
		}
		if minutes < emp.MinMinutes {
			bad("employee %s: %d minutes, at least %d required", id, minutes, emp.MinMinutes)
		}
		if emp.MaxMinutes > 0 && minutes > emp.MaxMinutes {
			bad("employee %s: %d minutes, at most %d allowed", id, minutes, emp.MaxMinutes)
		}
		// Walk maximal blocks of equal working status.
		for start := 0; start < p.Days; {
			working := row[start] != Off
			end := start
			for end+1 < p.Days && (row[end+1] != Off) == working {
				end++
			}
			length := end - start + 1
			edge := start == 0 || end == p.Days-1
			if working {
				if emp.MaxConsecutive > 0 && length > emp.MaxConsecutive {
					bad("employee %s days %d-%d: %d working days in a row, at most %d allowed", id, start, end, length, emp.MaxConsecutive)
				}
				if !edge && length < emp.MinConsecutive {
					bad("employee %s days %d-%d: %d working days in a row, at least %d required", id, start, end, length, emp.MinConsecutive)
				}
			} else if !edge && length < emp.MinConsecutiveOff {
				bad("employee %s days %d-%d: %d days off in a row, at least %d required", id, start, end, length, emp.MinConsecutiveOff)
			}
			start = end + 1
		}
		worked := map[int]bool{}
		for d, s := range row {
			if s != Off && p.IsWeekendDay(d) {
				worked[(d+shift)/7] = true
			}
		}
		weekends[e] = len(worked)
		if emp.MaxWeekends >= 0 && weekends[e] > emp.MaxWeekends {
			bad("employee %s: works %d weekends, at most %d allowed", id, weekends[e], emp.MaxWeekends)
		}
	}
	for _, l := range p.Locks {
		if sol[l.Employee][l.Day] != l.Shift {
			want := "off"
			if l.Shift != Off {
				want = p.Shifts[l.Shift].ID
			}
			bad("employee %s day %d: locked cell must be %s", p.Employees[l.Employee].ID, l.Day, want)
		}
	}
	// Soft constraints.
	for _, r := range p.OnRequests {
		if sol[r.Employee][r.Day] != r.Shift {
			objective += r.Weight
		}
	}
	for _, r := range p.OffRequests {
		if sol[r.Employee][r.Day] == r.Shift {
			objective += r.Weight
		}
	}
	for _, c := range p.Cover {
		n := 0
		for e := range sol {
			if sol[e][c.Day] == c.Shift {
				n++
			}
		}
		if n < c.Requirement {
			objective += c.Under * (c.Requirement - n)
		} else {
			objective += c.Over * (n - c.Requirement)
		}
	}
	if p.FairnessWeight > 0 {
		objective += p.FairnessWeight * (spread(nights) + spread(weekends))
	}
	return objective, violations
}

func spread(v []int) int {
	if len(v) == 0 {
		return 0
	}
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	return hi - lo
}
