package autoroster

import (
	"fmt"

	"shiftguard/roster"
)

// AppLimits are the hard limits the app applies to every employee (the
// app has no per-employee contract fields yet). Zero means no limit,
// except MaxWeekends where a negative value means no limit.
type AppLimits struct {
	MinMinutes        int
	MaxMinutes        int
	MinConsecutive    int
	MaxConsecutive    int
	MinConsecutiveOff int
	MaxWeekends       int
}

// AppPreference is an agent's weighted wish to work (On) or not to work a
// shift on a date. Shift "" with On false is a wish for the day off: not
// to work any shift that day.
type AppPreference struct {
	Employee string
	Date     roster.Date
	Shift    string
	On       bool
	Weight   int
}

// AppInput is what the roster screen knows about a period to fill.
type AppInput struct {
	First          roster.Date // first day of the period
	Days           int
	Employees      []roster.Employee
	Shifts         []roster.ShiftType
	Coverage       []roster.CoverageRequirement
	Leave          []roster.Leave
	Locked         []roster.Assignment // cells a manager fixed
	Preferences    []AppPreference
	MinRestHours   int // successions leaving less rest are forbidden
	Limits         AppLimits
	UnderWeight    int // per missing person (default 100)
	OverWeight     int // per surplus person (default 1)
	FairnessWeight int // 0 = off
}

// FromRoster builds a Problem from the app's data. Inactive employees are
// left out; leave days become fixed days off; locked assignments become
// locked cells; coverage for a date is its date-specific requirement, else
// its weekday rule, else the every-day rule. An employee's
// MaxNightsPerMonth caps each overnight shift type. A preference becomes a
// shift-on or shift-off request of its weight; a wish for the day off
// becomes an off request for every shift of that day, each of its weight.
func FromRoster(in AppInput) (*Problem, error) {
	if in.First.IsZero() || in.Days <= 0 {
		return nil, roster.FieldErrorf("period", "the period needs a first day and a length")
	}
	p := &Problem{Days: in.Days, StartWeekday: in.First.Weekday(), FairnessWeight: in.FairnessWeight}
	under, over := in.UnderWeight, in.OverWeight
	if under == 0 {
		under = 100
	}
	if over == 0 {
		over = 1
	}
	for _, st := range in.Shifts {
		p.Shifts = append(p.Shifts, Shift{ID: st.Code, Minutes: st.Minutes(), Night: st.Overnight()})
	}
	p.Forbidden = make([][]bool, len(in.Shifts))
	for a, sa := range in.Shifts {
		p.Forbidden[a] = make([]bool, len(in.Shifts))
		for b, sb := range in.Shifts {
			rest := 24*60 + int(sb.Start) - (int(sa.Start) + sa.Minutes())
			p.Forbidden[a][b] = rest < in.MinRestHours*60
		}
	}
	dayOf := func(d roster.Date) (int, bool) {
		i := roster.DaysBetween(in.First, d)
		return i, i >= 0 && i < in.Days
	}
	for _, emp := range in.Employees {
		if !emp.Active {
			continue
		}
		e := Employee{
			ID: emp.Code, MaxShifts: make([]int, len(in.Shifts)),
			MinMinutes: in.Limits.MinMinutes, MaxMinutes: in.Limits.MaxMinutes,
			MinConsecutive: in.Limits.MinConsecutive, MaxConsecutive: in.Limits.MaxConsecutive,
			MinConsecutiveOff: in.Limits.MinConsecutiveOff, MaxWeekends: in.Limits.MaxWeekends,
		}
		for s := range e.MaxShifts {
			e.MaxShifts[s] = -1
			if p.Shifts[s].Night && emp.MaxNightsPerMonth > 0 {
				e.MaxShifts[s] = emp.MaxNightsPerMonth
			}
		}
		p.Employees = append(p.Employees, e)
	}
	empIdx := func(code, what string) (int, error) {
		if i := p.EmployeeIndex(code); i >= 0 {
			return i, nil
		}
		return 0, roster.FieldErrorf(what, "employee %s is not an active employee of the roster", code)
	}
	for i, l := range in.Leave {
		d, ok := dayOf(l.Date)
		if !ok {
			continue
		}
		e, err := empIdx(l.Employee, fmt.Sprintf("leave[%d]", i))
		if err != nil {
			continue // leave of someone not rostered does not matter
		}
		p.Employees[e].DaysOff = append(p.Employees[e].DaysOff, d)
	}
	for i, a := range in.Locked {
		d, ok := dayOf(a.Date)
		if !ok {
			continue
		}
		e, err := empIdx(a.Employee, fmt.Sprintf("locked[%d]", i))
		if err != nil {
			return nil, err
		}
		s := p.ShiftIndex(a.Shift)
		if s < 0 {
			return nil, roster.FieldErrorf(fmt.Sprintf("locked[%d]", i), "locked cell of %s on %s has unknown shift %s", a.Employee, a.Date, a.Shift)
		}
		for _, off := range p.Employees[e].DaysOff {
			if off == d {
				return nil, roster.FieldErrorf(fmt.Sprintf("locked[%d]", i), "%s is locked on %s but is on leave that day", a.Employee, a.Date)
			}
		}
		p.Locks = append(p.Locks, Lock{Employee: e, Day: d, Shift: s})
	}
	for i, pr := range in.Preferences {
		d, ok := dayOf(pr.Date)
		if !ok {
			continue
		}
		e, err := empIdx(pr.Employee, fmt.Sprintf("preferences[%d]", i))
		if err != nil {
			return nil, err
		}
		w := max(1, pr.Weight)
		if pr.Shift == "" && !pr.On {
			// A wish for the day off: an off request for every shift, so
			// that whichever shift the employee works costs w once.
			for s := range p.Shifts {
				p.OffRequests = append(p.OffRequests, Request{Employee: e, Day: d, Shift: s, Weight: w})
			}
			continue
		}
		s := p.ShiftIndex(pr.Shift)
		if s < 0 {
			return nil, roster.FieldErrorf(fmt.Sprintf("preferences[%d]", i), "unknown shift %q", pr.Shift)
		}
		r := Request{Employee: e, Day: d, Shift: s, Weight: w}
		if pr.On {
			p.OnRequests = append(p.OnRequests, r)
		} else {
			p.OffRequests = append(p.OffRequests, r)
		}
	}
	for s, st := range in.Shifts {
		for d := 0; d < in.Days; d++ {
			date := in.First.AddDays(d)
			req, rank := 0, -1
			for _, c := range in.Coverage {
				if c.Shift != st.Code {
					continue
				}
				r := -1
				switch {
				case !c.Date.IsZero():
					if c.Date == date {
						r = 2
					}
				case c.Weekday == int(date.Weekday()):
					r = 1
				case c.Weekday == -1:
					r = 0
				}
				if r > rank {
					req, rank = c.Required, r
				}
			}
			if rank >= 0 {
				p.Cover = append(p.Cover, Cover{Day: d, Shift: s, Requirement: req, Under: under, Over: over})
			}
		}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// Assignments turns a solution of a problem made by FromRoster into the
// app's assignments (days off give none); locked cells keep Locked.
func Assignments(p *Problem, first roster.Date, sol Solution) []roster.Assignment {
	locked := map[[2]int]bool{}
	for _, l := range p.Locks {
		locked[[2]int{l.Employee, l.Day}] = true
	}
	var out []roster.Assignment
	for e, row := range sol {
		for d, s := range row {
			if s == Off {
				continue
			}
			out = append(out, roster.Assignment{
				Employee: p.Employees[e].ID, Date: first.AddDays(d), Shift: p.Shifts[s].ID,
				Locked: locked[[2]int{e, d}],
			})
		}
	}
	return out
}
