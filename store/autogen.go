package store

import (
	"context"
	"fmt"
	"strings"

	"shiftguard/roster"
	"shiftguard/roster/autoroster"
)

// Defaults of automatic rostering. The app has no per-employee contract
// fields yet, so every employee gets the same conservative limits:
//   - AutoMinRestHours between the end of one shift and the start of the
//     next (the usual 11 hours of daily rest);
//   - AutoMaxConsecutive working days in a row (one day off a week);
//   - AutoMinConsecutiveOff days off in a row between two working stretches
//     (a real weekend rather than a lone day);
//   - AutoFairnessWeight per unit of spread of nights and working weekends
//     between employees;
//   - AutoPreferenceWeight per weight unit of an agent's preference that
//     the roster does not honour (normal 1, important 2, very important 3):
//     a preference weighs more than the fairness of one night, and less
//     than one missing person (the under-cover weight 100).
//
// No minimum or maximum of minutes and no cap on weekends is set, so that
// a roster always exists: coverage that cannot be met becomes a shortfall
// in the objective, never an infeasible problem. Where cells a manager has
// locked already break a limit (seven locked days in a row, a lone leave
// day between locked shifts, a locked pair with little rest), AutoRosterInput
// loosens that limit just enough for the locked cells to fit.
const (
	AutoMinRestHours      = 11
	AutoMaxConsecutive    = 6
	AutoMinConsecutiveOff = 2
	AutoFairnessWeight    = 5
	AutoPreferenceWeight  = 10
)

// AutoRosterInput gathers what automatic rostering needs for month m
// (manager): the active employees, the shift types, the coverage rules,
// the approved leave of the month, its locked cells and the active shift
// preferences of its active employees (weights scaled by
// AutoPreferenceWeight), with the limits described at AutoMinRestHours.
// Locked cells of inactive employees stay as they are and are not part of
// the input; a preference for a shift type that no longer exists is left
// out.
func (s *Service) AutoRosterInput(ctx context.Context, sess *Session, m roster.Month) (*autoroster.AppInput, error) {
	if err := allow(sess, "generate a roster", roster.RoleManager); err != nil {
		return nil, err
	}
	mr, err := s.MonthRoster(ctx, sess, m)
	if err != nil {
		return nil, err
	}
	in := &autoroster.AppInput{
		First: m.First(), Days: m.Days(), Shifts: mr.ShiftTypes, Coverage: mr.Coverage, Leave: mr.Leaves,
		MinRestHours: AutoMinRestHours, FairnessWeight: AutoFairnessWeight,
		Limits: autoroster.AppLimits{MaxConsecutive: AutoMaxConsecutive, MinConsecutiveOff: AutoMinConsecutiveOff, MaxWeekends: -1},
	}
	active := map[string]bool{}
	for _, e := range mr.Employees {
		if e.Active {
			in.Employees = append(in.Employees, e)
			active[e.Code] = true
		}
	}
	for _, a := range mr.Assignments {
		if a.Locked && active[a.Employee] {
			in.Locked = append(in.Locked, a)
		}
	}
	prefs, err := preferences(ctx, s.db.ro, m, "")
	if err != nil {
		return nil, err
	}
	shifts := map[string]bool{"": true}
	for _, st := range mr.ShiftTypes {
		shifts[st.Code] = true
	}
	for _, p := range prefs {
		if active[p.Employee] && shifts[p.Shift] {
			in.Preferences = append(in.Preferences, autoroster.AppPreference{
				Employee: p.Employee, Date: p.Date, Shift: p.Shift, On: p.On, Weight: p.Weight * AutoPreferenceWeight,
			})
		}
	}
	loosenForLocks(in)
	return in, nil
}

// loosenForLocks relaxes in's limits where the locked cells and leave
// already break them, so that the problem keeps a feasible roster.
func loosenForLocks(in *autoroster.AppInput) {
	shifts := map[string]roster.ShiftType{}
	for _, st := range in.Shifts {
		shifts[st.Code] = st
	}
	// Per employee and day: a locked shift code, "-" for leave, "" free.
	fixed := map[string][]string{}
	row := func(emp string) []string {
		if fixed[emp] == nil {
			fixed[emp] = make([]string, in.Days)
		}
		return fixed[emp]
	}
	for _, l := range in.Leave {
		if d := roster.DaysBetween(in.First, l.Date); d >= 0 && d < in.Days {
			row(l.Employee)[d] = "-"
		}
	}
	for _, a := range in.Locked {
		if d := roster.DaysBetween(in.First, a.Date); d >= 0 && d < in.Days {
			row(a.Employee)[d] = a.Shift
		}
	}
	for _, r := range fixed {
		run := 0
		for d, c := range r {
			working := c != "" && c != "-"
			if working {
				run++
				in.Limits.MaxConsecutive = max(in.Limits.MaxConsecutive, run)
			} else {
				run = 0
			}
			if working && d > 0 && r[d-1] != "" && r[d-1] != "-" {
				a, b := shifts[r[d-1]], shifts[c]
				rest := 24*60 + int(b.Start) - (int(a.Start) + a.Minutes())
				if rest < in.MinRestHours*60 {
					in.MinRestHours = max(0, rest/60)
				}
			}
			// A lone fixed day off between two locked working days.
			if c == "-" && d > 0 && d+1 < len(r) && r[d-1] != "" && r[d-1] != "-" && r[d+1] != "" && r[d+1] != "-" {
				in.Limits.MinConsecutiveOff = min(in.Limits.MinConsecutiveOff, 1)
			}
		}
	}
}

// ApplyAutoRoster makes the month's roster the proposal as (manager), in
// one transaction with an audit entry (action "autoroster") per changed
// cell: for every active employee, cells that are not locked become exactly
// as says (set, changed or cleared); locked cells and the cells of inactive
// employees are kept. as must lie in the month, name active employees, hold
// one cell per employee and day, avoid approved leave days, and agree with
// every locked cell (ECONFLICT if a lock changed since the proposal was
// made). A published month needs a reason (roster.ELOCKED otherwise).
func (s *Service) ApplyAutoRoster(ctx context.Context, sess *Session, m roster.Month, as []roster.Assignment, reason string) error {
	if err := allow(sess, "edit the roster", roster.RoleManager); err != nil {
		return err
	}
	if m.Month < 1 || m.Month > 12 || m.Year < 1900 || m.Year > 9999 {
		return roster.FieldErrorf("month", "%04d-%02d is not a month", m.Year, int(m.Month))
	}
	type key struct {
		emp  string
		date roster.Date
	}
	return s.write(ctx, sess, func(t *tx) error {
		if pub, err := t.published(m); err != nil {
			return err
		} else if pub && strings.TrimSpace(reason) == "" {
			return roster.Errorf(roster.ELOCKED, "%s is published: changing it needs a reason", m)
		}
		emps, err := loadEmployees(t.ctx, t, EmployeeFilter{})
		if err != nil {
			return err
		}
		active := map[string]bool{}
		for _, e := range emps {
			active[e.Code] = true
		}
		lv, err := leaves(t.ctx, t, LeaveFilter{From: m.First(), To: m.Last()})
		if err != nil {
			return err
		}
		onLeave := map[key]bool{}
		for _, l := range lv {
			onLeave[key{l.Employee, l.Date}] = true
		}
		old, err := assignments(t.ctx, t, m.First(), m.Last(), "")
		if err != nil {
			return err
		}
		have := map[key]roster.Assignment{}
		for _, a := range old {
			have[key{a.Employee, a.Date}] = a
		}
		want := map[key]roster.Assignment{}
		for i, a := range as {
			at := fmt.Sprintf("proposal[%d]", i)
			k := key{a.Employee, a.Date}
			switch {
			case roster.MonthOf(a.Date) != m:
				return roster.FieldErrorf(at, "%s %s is outside %s", a.Employee, a.Date, m)
			case !active[a.Employee]:
				return roster.FieldErrorf(at, "%s is not an active employee", a.Employee)
			case onLeave[k]:
				return roster.FieldErrorf(at, "%s is on leave on %s", a.Employee, a.Date)
			}
			if _, dup := want[k]; dup {
				return roster.FieldErrorf(at, "%s has two shifts on %s; the roster holds one a day", a.Employee, a.Date)
			}
			if h, ok := have[k]; ok && h.Locked && h.Shift != a.Shift {
				return roster.Errorf(roster.ECONFLICT, "%s: the locked cell of %s on %s is %s, the proposal has %s; generate again", at, a.Employee, a.Date, h.Shift, a.Shift)
			}
			a.ID, a.Locked = 0, false
			want[k] = a
		}
		for _, e := range emps {
			for d := m.First(); !d.After(m.Last()); d = d.AddDays(1) {
				k := key{e.Code, d}
				h, had := have[k]
				if had && h.Locked {
					continue
				}
				a, ok := want[k]
				switch {
				case ok && had && h.Shift == a.Shift:
				case ok:
					if err := t.setAssignment(a, reason, "autoroster"); err != nil {
						return roster.Errorf(roster.ErrorCode(err), "%s %s: %s", e.Code, d, roster.ErrorMessage(err))
					}
				case had:
					if err := t.clearAssignment(e.Code, d, reason, "autoroster"); err != nil {
						return roster.Errorf(roster.ErrorCode(err), "%s %s: %s", e.Code, d, roster.ErrorMessage(err))
					}
				}
			}
		}
		return nil
	})
}
