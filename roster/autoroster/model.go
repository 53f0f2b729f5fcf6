// Package autoroster generates rosters automatically: a model of the
// shift-scheduling problem (the Curtois & Qu benchmark family plus the app's
// locked cells and fairness term), a reader for the benchmark format, an
// independent validator, and a solver that always returns a roster meeting
// every hard constraint.
package autoroster

import (
	"fmt"
	"time"

	"shiftguard/roster"
)

// Off is the shift index of a day off in a Solution.
const Off = -1

// Shift is a shift type of the problem.
type Shift struct {
	ID      string
	Minutes int
	Night   bool // counted by the fairness term
}

// Employee holds one employee's hard limits. Zero values mean "no limit"
// where noted.
type Employee struct {
	ID                string
	MaxShifts         []int // per shift index; a negative value means no limit
	MinMinutes        int
	MaxMinutes        int // 0 = no limit
	MinConsecutive    int // minimum consecutive working days (<=1: none)
	MaxConsecutive    int // 0 = no limit
	MinConsecutiveOff int // minimum consecutive days off (<=1: none)
	MaxWeekends       int // negative = no limit
	DaysOff           []int
}

// Request is a weighted wish of an employee to work (shift-on) or not to
// work (shift-off) a shift on a day.
type Request struct {
	Employee int
	Day      int
	Shift    int
	Weight   int
}

// Cover is the wanted number of people on a shift on a day, with the
// penalty per missing person (Under) and per surplus person (Over).
type Cover struct {
	Day         int
	Shift       int
	Requirement int
	Under       int
	Over        int
}

// Lock fixes one cell: Shift is a shift index or Off.
type Lock struct {
	Employee int
	Day      int
	Shift    int
}

// Problem is a shift-scheduling instance. Day 0 falls on StartWeekday.
type Problem struct {
	Days         int
	StartWeekday time.Weekday
	Shifts       []Shift
	// Forbidden[a][b] means shift b may not be worked the day after shift a.
	Forbidden   [][]bool
	Employees   []Employee
	OnRequests  []Request
	OffRequests []Request
	Cover       []Cover
	Locks       []Lock
	// FairnessWeight > 0 adds FairnessWeight × (spread of night shifts +
	// spread of weekends worked) over the employees to the objective, where
	// spread is max − min. Zero (the default) leaves the benchmark objective.
	FairnessWeight int
}

// Solution is a roster: Solution[e][d] is the shift index employee e works
// on day d, or Off.
type Solution [][]int

// Clone returns a deep copy.
func (s Solution) Clone() Solution {
	out := make(Solution, len(s))
	for i, row := range s {
		out[i] = append([]int(nil), row...)
	}
	return out
}

// IsWeekendDay reports whether day d is a Saturday or a Sunday.
func (p *Problem) IsWeekendDay(d int) bool {
	wd := (int(p.StartWeekday) + d) % 7
	return wd == int(time.Saturday) || wd == int(time.Sunday)
}

// Weekday returns the weekday of day d.
func (p *Problem) Weekday(d int) time.Weekday {
	return time.Weekday((int(p.StartWeekday) + d) % 7)
}

// ShiftIndex returns the index of the shift with the given ID, or -1.
func (p *Problem) ShiftIndex(id string) int {
	for i := range p.Shifts {
		if p.Shifts[i].ID == id {
			return i
		}
	}
	return -1
}

// EmployeeIndex returns the index of the employee with the given ID, or -1.
func (p *Problem) EmployeeIndex(id string) int {
	for i := range p.Employees {
		if p.Employees[i].ID == id {
			return i
		}
	}
	return -1
}

// Validate checks the problem's structure (indexes in range, sizes
// consistent). It does not decide whether a feasible roster exists.
func (p *Problem) Validate() error {
	if p.Days <= 0 || p.Days > 3660 {
		return roster.FieldErrorf("days", "horizon must be 1 to 3660 days, got %d", p.Days)
	}
	if len(p.Shifts) == 0 {
		return roster.FieldErrorf("shifts", "the problem needs at least one shift type")
	}
	if len(p.Employees) == 0 {
		return roster.FieldErrorf("employees", "the problem needs at least one employee")
	}
	seen := map[string]bool{}
	for i, s := range p.Shifts {
		if s.ID == "" || seen[s.ID] {
			return roster.FieldErrorf(fmt.Sprintf("shifts[%d].id", i), "shift ID %q is empty or repeated", s.ID)
		}
		seen[s.ID] = true
		if s.Minutes <= 0 || s.Minutes > 24*60 {
			return roster.FieldErrorf(fmt.Sprintf("shifts[%d].minutes", i), "shift %s length must be 1 to 1440 minutes, got %d", s.ID, s.Minutes)
		}
	}
	if len(p.Forbidden) != len(p.Shifts) {
		return roster.FieldErrorf("forbidden", "succession matrix has %d rows for %d shifts", len(p.Forbidden), len(p.Shifts))
	}
	for i, row := range p.Forbidden {
		if len(row) != len(p.Shifts) {
			return roster.FieldErrorf(fmt.Sprintf("forbidden[%d]", i), "succession row has %d entries for %d shifts", len(row), len(p.Shifts))
		}
	}
	seen = map[string]bool{}
	for i, e := range p.Employees {
		f := fmt.Sprintf("employees[%d]", i)
		if e.ID == "" || seen[e.ID] {
			return roster.FieldErrorf(f+".id", "employee ID %q is empty or repeated", e.ID)
		}
		seen[e.ID] = true
		if len(e.MaxShifts) != len(p.Shifts) {
			return roster.FieldErrorf(f+".max_shifts", "employee %s has %d max-shift entries for %d shifts", e.ID, len(e.MaxShifts), len(p.Shifts))
		}
		if e.MinMinutes < 0 || e.MaxMinutes < 0 || (e.MaxMinutes > 0 && e.MinMinutes > e.MaxMinutes) {
			return roster.FieldErrorf(f+".minutes", "employee %s minute limits %d..%d are wrong", e.ID, e.MinMinutes, e.MaxMinutes)
		}
		if e.MaxConsecutive < 0 || e.MinConsecutive < 0 || e.MinConsecutiveOff < 0 ||
			(e.MaxConsecutive > 0 && e.MinConsecutive > e.MaxConsecutive) {
			return roster.FieldErrorf(f+".consecutive", "employee %s consecutive limits are wrong", e.ID)
		}
		for _, d := range e.DaysOff {
			if d < 0 || d >= p.Days {
				return roster.FieldErrorf(f+".days_off", "employee %s day off %d is outside the horizon", e.ID, d)
			}
		}
	}
	checkReq := func(name string, rs []Request) error {
		for i, r := range rs {
			if r.Employee < 0 || r.Employee >= len(p.Employees) || r.Day < 0 || r.Day >= p.Days ||
				r.Shift < 0 || r.Shift >= len(p.Shifts) || r.Weight < 0 {
				return roster.FieldErrorf(fmt.Sprintf("%s[%d]", name, i), "request is out of range")
			}
		}
		return nil
	}
	if err := checkReq("on_requests", p.OnRequests); err != nil {
		return err
	}
	if err := checkReq("off_requests", p.OffRequests); err != nil {
		return err
	}
	seenCover := map[[2]int]bool{}
	for i, c := range p.Cover {
		if seenCover[[2]int{c.Day, c.Shift}] {
			return roster.FieldErrorf(fmt.Sprintf("cover[%d]", i), "cover of day %d shift %d is given twice", c.Day, c.Shift)
		}
		seenCover[[2]int{c.Day, c.Shift}] = true
		if c.Day < 0 || c.Day >= p.Days || c.Shift < 0 || c.Shift >= len(p.Shifts) ||
			c.Requirement < 0 || c.Under < 0 || c.Over < 0 {
			return roster.FieldErrorf(fmt.Sprintf("cover[%d]", i), "cover entry is out of range")
		}
	}
	for i, l := range p.Locks {
		if l.Employee < 0 || l.Employee >= len(p.Employees) || l.Day < 0 || l.Day >= p.Days ||
			l.Shift < Off || l.Shift >= len(p.Shifts) {
			return roster.FieldErrorf(fmt.Sprintf("locks[%d]", i), "locked cell is out of range")
		}
	}
	if p.FairnessWeight < 0 {
		return roster.FieldErrorf("fairness_weight", "fairness weight cannot be negative")
	}
	return nil
}

// coverMatrix returns requirement, under and over weights as [day][shift].
func (p *Problem) coverMatrix() (req, under, over [][]int) {
	mk := func() [][]int {
		m := make([][]int, p.Days)
		for d := range m {
			m[d] = make([]int, len(p.Shifts))
		}
		return m
	}
	req, under, over = mk(), mk(), mk()
	for _, c := range p.Cover {
		req[c.Day][c.Shift] += c.Requirement
		under[c.Day][c.Shift] = c.Under
		over[c.Day][c.Shift] = c.Over
	}
	return req, under, over
}
