// Package compliance judges shift instances against the duty rules of
// RULES.md: policy, violations with evidence, points, the 90-day standing,
// the discipline ladder and rewards. Pure functions over roster types.
package compliance

import (
	"fmt"

	"shiftguard/roster"
)

// Rule is a violation code.
type Rule string

// The violation codes of RULES.md, in the order the rules are numbered.
const (
	Absent           Rule = "ABSENT"
	Late             Rule = "LATE"
	LateMajor        Rule = "LATE_MAJOR"
	NotEarly         Rule = "NOT_EARLY"
	MissingClockOut  Rule = "MISSING_CLOCK_OUT"
	EarlyDeparture   Rule = "EARLY_DEPARTURE"
	LeftBeforeRelief Rule = "LEFT_BEFORE_RELIEF"
	HandoverMissing  Rule = "HANDOVER_MISSING"
	HandoverUnread   Rule = "HANDOVER_UNREAD"
	BreakMissed      Rule = "BREAK_MISSED"
	BreakTooLong     Rule = "BREAK_TOO_LONG"
	LeftPost         Rule = "LEFT_POST"
	DailyLogMissing  Rule = "DAILY_LOG_MISSING"
)

// Rules lists every rule in RULES.md order.
var Rules = []Rule{Absent, Late, LateMajor, NotEarly, MissingClockOut, EarlyDeparture,
	LeftBeforeRelief, HandoverMissing, HandoverUnread, BreakMissed, BreakTooLong, LeftPost, DailyLogMissing}

var ruleLabels = map[Rule][2]string{
	Absent:           {"旷工", "Absent"},
	Late:             {"迟到", "Late"},
	LateMajor:        {"严重迟到", "Seriously late"},
	NotEarly:         {"未提前到岗", "Not early for handover"},
	MissingClockOut:  {"漏打下班卡", "Missing clock-out"},
	EarlyDeparture:   {"早退", "Early departure"},
	LeftBeforeRelief: {"未等接班离岗", "Left before relief"},
	HandoverMissing:  {"未写交接记录", "Handover note missing"},
	HandoverUnread:   {"未阅交接记录", "Handover note unread"},
	BreakMissed:      {"未按规定休息", "Mandatory break missed"},
	BreakTooLong:     {"休息超时", "Break too long"},
	LeftPost:         {"擅自离岗", "Left post"},
	DailyLogMissing:  {"未填情绪日志", "Daily log missing"},
}

// Label returns the rule's Chinese or English name (lang "zh" or "en").
func (r Rule) Label(lang string) string {
	l, ok := ruleLabels[r]
	if !ok {
		return string(r)
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}

// Valid reports whether r is a known rule.
func (r Rule) Valid() bool { _, ok := ruleLabels[r]; return ok }

// Policy holds every parameter of RULES.md. A center edits it in Settings;
// each saved change gets a new Version, and every judged violation records
// the version that judged it.
type Policy struct {
	Version int `json:"version"`

	EarlyArrivalMin       int  `json:"early_arrival_min"`
	LateMajorMin          int  `json:"late_major_min"`
	HandoverGraceMin      int  `json:"handover_grace_min"`
	HandoverAckGraceMin   int  `json:"handover_ack_grace_min"`
	HandoverOverlapMaxMin int  `json:"handover_overlap_max_min"`
	ReliefWaitMaxMin      int  `json:"relief_wait_max_min"`
	BreakAfterMin         int  `json:"break_after_min"`
	BreakMin              int  `json:"break_min"`
	BreakMaxMin           int  `json:"break_max_min"`
	LeftPostGraceMin      int  `json:"left_post_grace_min"`
	DailyLogRequired      bool `json:"daily_log_required"`
	PointsWindowDays      int  `json:"points_window_days"`
	ServiceStarsPerMonth  int  `json:"service_stars_per_month"`

	// Points per violation.
	Points map[Rule]int `json:"points"`
	// Ladder thresholds: points ≥ each value reach the level of that index+1.
	Ladder [4]int `json:"ladder"`
}

// DefaultPolicy returns the defaults of RULES.md (version 1).
func DefaultPolicy() Policy {
	return Policy{
		Version:               1,
		EarlyArrivalMin:       15,
		LateMajorMin:          30,
		HandoverGraceMin:      15,
		HandoverAckGraceMin:   15,
		HandoverOverlapMaxMin: 60,
		ReliefWaitMaxMin:      30,
		BreakAfterMin:         180,
		BreakMin:              10,
		BreakMaxMin:           15,
		LeftPostGraceMin:      0,
		DailyLogRequired:      false,
		PointsWindowDays:      90,
		ServiceStarsPerMonth:  2,
		Points: map[Rule]int{
			NotEarly: 1, Late: 2, LateMajor: 4, Absent: 10, EarlyDeparture: 3,
			MissingClockOut: 1, LeftBeforeRelief: 5, HandoverMissing: 3, HandoverUnread: 2,
			BreakMissed: 1, BreakTooLong: 1, LeftPost: 5, DailyLogMissing: 1,
		},
		Ladder: [4]int{5, 10, 20, 40},
	}
}

// Clone returns a deep copy of p.
func (p Policy) Clone() Policy {
	c := p
	c.Points = make(map[Rule]int, len(p.Points))
	for k, v := range p.Points {
		c.Points[k] = v
	}
	return c
}

// PointsFor returns the points a violation of rule r carries.
func (p *Policy) PointsFor(r Rule) int { return p.Points[r] }

// Validate checks that every parameter is in a sensible range.
func (p *Policy) Validate() error {
	check := func(field string, v, lo, hi int) error {
		if v < lo || v > hi {
			return roster.FieldErrorf(field, "%s must be between %d and %d, not %d", field, lo, hi, v)
		}
		return nil
	}
	for _, c := range []struct {
		f         string
		v, lo, hi int
	}{
		{"early_arrival_min", p.EarlyArrivalMin, 0, 240},
		{"late_major_min", p.LateMajorMin, 0, 1440},
		{"handover_grace_min", p.HandoverGraceMin, 0, 1440},
		{"handover_ack_grace_min", p.HandoverAckGraceMin, 0, 1440},
		{"handover_overlap_max_min", p.HandoverOverlapMaxMin, 0, 720},
		{"relief_wait_max_min", p.ReliefWaitMaxMin, 0, 720},
		{"break_after_min", p.BreakAfterMin, 1, 1440},
		{"break_min", p.BreakMin, 0, 240},
		{"break_max_min", p.BreakMaxMin, 0, 480},
		{"left_post_grace_min", p.LeftPostGraceMin, 0, 480},
		{"points_window_days", p.PointsWindowDays, 1, 3650},
		{"service_stars_per_month", p.ServiceStarsPerMonth, 0, 100},
	} {
		if err := check(c.f, c.v, c.lo, c.hi); err != nil {
			return err
		}
	}
	for r, v := range p.Points {
		if !r.Valid() {
			return roster.FieldErrorf("points", "unknown rule %q", r)
		}
		if v < 0 || v > 1000 {
			return roster.FieldErrorf("points."+string(r), "points for %s must be between 0 and 1000", r)
		}
	}
	for i := 1; i < len(p.Ladder); i++ {
		if p.Ladder[i] <= p.Ladder[i-1] || p.Ladder[0] <= 0 {
			return roster.FieldErrorf("ladder", "ladder thresholds must be positive and increasing: %v", p.Ladder)
		}
	}
	return nil
}

// Violation is one judged breach of a rule by one shift instance.
type Violation struct {
	Rule     Rule
	Employee string
	Date     roster.Date
	Shift    string
	Minutes  int
	Points   int
	// PolicyVersion is the version of the policy that judged it.
	PolicyVersion int
	// Evidence: the facts that prove it, in time order.
	Evidence []Evidence
}

// Key identifies a violation across re-evaluations (one instance may have
// several violations of BREAK_TOO_LONG or LEFT_POST; Seq tells them apart).
func (v *Violation) Key(seq int) string {
	return fmt.Sprintf("%s|%s|%s|%s|%d", v.Employee, v.Date, v.Shift, v.Rule, seq)
}

// Evidence is one fact behind a violation: an event, a note, the shift's
// bounds or a computed instant, with a label in both languages.
type Evidence struct {
	Kind    string // "event", "note", "ack", "shift", "computed", "approval"
	At      string // local time "YYYY-MM-DD HH:MM:SS" of the fact
	EventID int64  // the event or note ID when Kind is "event" or "note"
	ZH, EN  string // what it shows
}
