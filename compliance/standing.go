package compliance

import (
	"time"

	"shiftguard/roster"
)

// inWindow reports whether d is in the points_window_days days ending asOf
// (both ends included).
func inWindow(d, asOf roster.Date, days int) bool {
	return !d.After(asOf) && !d.Before(asOf.AddDays(-(days - 1)))
}

// Standing is an employee's standing on asOf: the points of the records
// that count (not waived, not superseded) dated in the last
// points_window_days days ending asOf, plus the points of unrevoked manual
// penalties given in that window. Pass one employee's records and entries.
func Standing(records []Record, manual []Reward, p Policy, asOf roster.Date) int {
	sum := 0
	for i := range records {
		if records[i].Counts() && inWindow(records[i].Date, asOf, p.PointsWindowDays) {
			sum += records[i].Points
		}
	}
	for _, m := range manual {
		d := m.Date
		if d.IsZero() {
			d = roster.DateOf(m.AwardedAt)
		}
		if m.Kind == ManualPenalty && !m.Revoked && inWindow(d, asOf, p.PointsWindowDays) {
			sum += m.Points
		}
	}
	return sum
}

// LevelFor returns the highest ladder level whose threshold points reach.
func LevelFor(points int, p Policy) Level {
	level := LevelNone
	for i, threshold := range p.Ladder {
		if threshold > 0 && points >= threshold {
			level = Level(i + 1)
		}
	}
	return level
}

// ProposeAction returns the discipline action to propose for an employee
// with the given standing: the highest level reached, unless an action of
// that level or above is already proposed or confirmed within the last
// points_window_days days before now. It returns nil when there is nothing
// to propose.
func ProposeAction(employee string, standing int, existing []DisciplineAction, p Policy, now time.Time) *DisciplineAction {
	level := LevelFor(standing, p)
	if level == LevelNone {
		return nil
	}
	since := now.AddDate(0, 0, -p.PointsWindowDays)
	for _, a := range existing {
		if a.Employee != employee || a.Level < level || a.ProposedAt.Before(since) {
			continue
		}
		if a.Status == ActionProposed || a.Status == ActionConfirmed {
			return nil
		}
	}
	return &DisciplineAction{Employee: employee, Level: level, Points: standing, ProposedAt: now, Status: ActionProposed}
}
