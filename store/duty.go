package store

import (
	"context"
	"sort"
	"time"

	"shiftguard/compliance"
	"shiftguard/roster"
)

// attributionWindow is the RULES.md window on each side of a shift.
const attributionWindow = 240 * time.Minute

// AttributeEvents returns the events of in's employee that RULES.md
// attributes to in, given all instances of that employee that could
// compete for them (in included): an event belongs to the instance whose
// window [start−240 min, end+240 min) contains it, the nearest start
// winning (the earlier on a tie).
func AttributeEvents(in *roster.Instance, all []roster.Instance, evs []roster.Event) []roster.Event {
	for i, got := range Attribute(all, evs) {
		if all[i].Employee == in.Employee && all[i].Date == in.Date && all[i].Shift == in.Shift {
			return got
		}
	}
	return nil
}

// Attribute splits events among instances as RULES.md says; the result
// holds the events of all[i] at index i, in their order in evs.
func Attribute(all []roster.Instance, evs []roster.Event) [][]roster.Event {
	out := make([][]roster.Event, len(all))
	for _, e := range evs {
		best := -1
		var bestD time.Duration
		for i := range all {
			c := &all[i]
			if c.Employee != e.Employee || e.At.Before(c.Start.Add(-attributionWindow)) || !e.At.Before(c.End.Add(attributionWindow)) {
				continue
			}
			d := e.At.Sub(c.Start)
			if d < 0 {
				d = -d
			}
			if best < 0 || d < bestD || (d == bestD && c.Start.Before(all[best].Start)) {
				best, bestD = i, d
			}
		}
		if best >= 0 {
			out[best] = append(out[best], e)
		}
	}
	return out
}

// ComputeServiceClock derives the duty-desk timer from the effective
// events of one shift instance at now (pure; rule 9 of RULES.md: a service stretch
// starts at clock-in or at the end of a qualifying break, one lasting at
// least break_min; shorter breaks and time off post do not end it).
func ComputeServiceClock(evs []roster.Event, p compliance.Policy, now time.Time) ServiceClock {
	c := ServiceClock{State: StateNotStarted}
	evs = append([]roster.Event(nil), evs...)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].At.Before(evs[j].At) })
	var clockIn, clockOut time.Time
	for _, e := range evs {
		if e.Kind == roster.ClockIn && !e.At.After(now) && (clockIn.IsZero() || e.At.Before(clockIn)) {
			clockIn = e.At
		}
	}
	if clockIn.IsZero() {
		return c
	}
	for _, e := range evs {
		if e.Kind == roster.ClockOut && e.At.After(clockIn) && !e.At.After(now) {
			clockOut = e.At
		}
	}
	c.ClockIn = clockIn
	if !clockOut.IsZero() {
		c.State = StateDone
		return c
	}
	c.State = StateOnDuty
	stretch := clockIn
	breakMin := time.Duration(p.BreakMin) * time.Minute
	var breakOpen, offPost time.Time
	for _, e := range evs {
		if e.At.Before(clockIn) || e.At.After(now) {
			continue
		}
		switch e.Kind {
		case roster.BreakStart:
			if breakOpen.IsZero() {
				breakOpen = e.At
			}
		case roster.BreakEnd:
			if !breakOpen.IsZero() {
				if e.At.Sub(breakOpen) >= breakMin {
					stretch = e.At
				}
				breakOpen = time.Time{}
			}
		case roster.LeavePost:
			if offPost.IsZero() {
				offPost = e.At
			}
		case roster.ReturnPost:
			offPost = time.Time{}
		}
	}
	c.StretchStart = stretch
	c.BreakDue = stretch.Add(time.Duration(p.BreakAfterMin) * time.Minute)
	until := now
	switch {
	case !breakOpen.IsZero():
		c.State, c.BreakStart, until = StateOnBreak, breakOpen, breakOpen
	case !offPost.IsZero():
		c.State, c.OffPostSince = StateOffPost, offPost
	}
	c.ContinuousMin = roster.CeilMinutes(until.Sub(stretch))
	c.MinutesToBreak = roster.CeilMinutes(c.BreakDue.Sub(now))
	return c
}

// zone loads the center's time zone and shift types by code: what turns
// assignments into instances.
func zone(ctx context.Context, q querier) (*time.Location, map[string]*roster.ShiftType, error) {
	st, err := loadSettings(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	loc, err := roster.LoadLocation(st.TimeZone)
	if err != nil {
		return nil, nil, err
	}
	list, err := shiftTypes(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	return loc, shiftMap(list), nil
}

// loadInstances resolves the assignments of [from, to] (one employee or
// all) to instances in loc.
func loadInstances(ctx context.Context, q querier, loc *time.Location, types map[string]*roster.ShiftType, from, to roster.Date, employee string) ([]roster.Instance, error) {
	as, err := assignments(ctx, q, from, to, employee)
	if err != nil {
		return nil, err
	}
	return roster.Instances(as, types, loc)
}

// TodayShift returns what the duty desk shows employee at now.
func (s *Service) TodayShift(ctx context.Context, sess *Session, employee string, now time.Time) (*DutyShift, error) {
	emp, err := readOwn(sess, employee)
	if err != nil {
		return nil, err
	}
	if emp == "" {
		return nil, roster.FieldErrorf("employee", "the duty desk needs an employee number")
	}
	q := s.db.ro
	loc, types, err := zone(ctx, q)
	if err != nil {
		return nil, err
	}
	today := roster.DateOf(now.In(loc))
	insts, err := loadInstances(ctx, q, loc, types, today.AddDays(-2), today.AddDays(1), emp)
	if err != nil {
		return nil, err
	}
	p, err := currentPolicy(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &DutyShift{DailyLogRequired: p.DailyLogRequired}
	// The instance whose window holds now (nearest start), else the next
	// one that starts today.
	var cur *roster.Instance
	var bestD time.Duration
	for i := range insts {
		in := &insts[i]
		if now.Before(in.Start.Add(-attributionWindow)) || !now.Before(in.End.Add(attributionWindow)) {
			continue
		}
		d := now.Sub(in.Start)
		if d < 0 {
			d = -d
		}
		if cur == nil || d < bestD {
			cur, bestD = in, d
		}
	}
	if cur == nil {
		for i := range insts {
			if in := &insts[i]; in.Start.After(now) && in.Date == today {
				cur = in
				break
			}
		}
	}
	if cur == nil {
		return out, nil
	}
	out.Instance = cur
	out.HandoverRequired = cur.Type.Handover
	evs, err := events(ctx, q, EventFilter{Employee: emp, From: cur.Start.Add(-2 * attributionWindow), To: cur.End.Add(2 * attributionWindow)})
	if err != nil {
		return nil, err
	}
	out.Events = AttributeEvents(cur, insts, evs)
	out.Clock = ComputeServiceClock(out.Events, p, now)
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM leaves WHERE employee = ? AND date = ?`, emp, dateText(cur.Date)).Scan(&n); err != nil {
		return nil, err
	}
	out.OnLeave = n > 0
	if out.PredecessorNotes, err = s.predecessorNotes(ctx, q, loc, types, p, cur); err != nil {
		return nil, err
	}
	if out.OwnNotes, err = handoverNotes(ctx, q, NoteFilter{From: cur.Date, To: cur.Date, Employee: emp, Shift: cur.Shift}, ""); err != nil {
		return nil, err
	}
	if !out.Clock.ClockIn.IsZero() {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM daily_logs WHERE employee = ? AND at >= ?`, emp, out.Clock.ClockIn.Unix()).Scan(&n); err != nil {
			return nil, err
		}
		out.DailyLogDone = n > 0
	}
	return out, nil
}

// isSuccessor reports whether s is a successor of p (RULES.md).
func isSuccessor(p, s *roster.Instance, overlapMin int) bool {
	return p.Post() == s.Post() && p.Employee != s.Employee &&
		!s.Start.Before(p.End.Add(-time.Duration(overlapMin)*time.Minute)) && !s.Start.After(p.End)
}

// predecessorNotes returns the notes of cur's predecessors with acks.
func (s *Service) predecessorNotes(ctx context.Context, q querier, loc *time.Location, types map[string]*roster.ShiftType, p compliance.Policy, cur *roster.Instance) ([]roster.HandoverNote, error) {
	around, err := loadInstances(ctx, q, loc, types, cur.Date.AddDays(-2), cur.Date, "")
	if err != nil {
		return nil, err
	}
	var out []roster.HandoverNote
	for i := range around {
		pi := &around[i]
		if !pi.Type.Handover || !isSuccessor(pi, cur, p.HandoverOverlapMaxMin) {
			continue
		}
		notes, err := handoverNotes(ctx, q, NoteFilter{From: pi.Date, To: pi.Date, Employee: pi.Employee, Shift: pi.Shift}, "")
		if err != nil {
			return nil, err
		}
		out = append(out, notes...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].WrittenAt.Before(out[j].WrittenAt) })
	return out, nil
}

// PredecessorNotes returns the notes of the predecessors of employee's
// instance on date with shift (RULES.md), with their acknowledgements.
func (s *Service) PredecessorNotes(ctx context.Context, sess *Session, employee string, date roster.Date, shift string) ([]roster.HandoverNote, error) {
	if _, err := readOwn(sess, employee); err != nil {
		return nil, err
	}
	q := s.db.ro
	loc, types, err := zone(ctx, q)
	if err != nil {
		return nil, err
	}
	st, ok := types[shift]
	if !ok {
		return nil, roster.FieldErrorf("shift", "unknown shift code %q", shift)
	}
	start, end := st.Bounds(date, loc)
	cur := &roster.Instance{Assignment: roster.Assignment{Employee: employee, Date: date, Shift: shift}, Type: st, Start: start, End: end}
	p, err := currentPolicy(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.predecessorNotes(ctx, q, loc, types, p, cur)
}
