package compliance

import (
	"time"

	"shiftguard/roster"
)

// Status is where a judged violation stands.
type Status string

// Violation states. A waived violation carries no points and stays on record.
const (
	StatusOpen      Status = "open"
	StatusConfirmed Status = "confirmed"
	StatusWaived    Status = "waived"
)

// Record is a judged violation as it lives in the store: the violation, its
// status and who decided it. Records are never deleted; a re-evaluation that
// no longer finds a violation marks it Superseded (with the policy version).
type Record struct {
	ID int64
	Violation
	Seq        int // tells apart several violations of one rule in one instance
	Status     Status
	JudgedAt   time.Time
	DecidedBy  string
	DecidedAt  time.Time
	Reason     string // waiver (免责) or confirmation reason
	Superseded bool   // a later evaluation no longer finds it
}

// Counts reports whether the record carries points (not waived, not superseded).
func (r *Record) Counts() bool { return r.Status != StatusWaived && !r.Superseded }

// Level is a step of the discipline ladder (0 = none).
type Level int

// Ladder levels of RULES.md.
const (
	LevelNone      Level = 0
	LevelVerbal    Level = 1 // 批评教育
	LevelWritten   Level = 2 // 书面警告
	LevelPenalty   Level = 3 // 处罚
	LevelDismissal Level = 4 // 辞退审议
)

var levelLabels = [...][2]string{
	{"无", "None"},
	{"批评教育", "Verbal reminder"},
	{"书面警告", "Written warning"},
	{"处罚", "Penalty"},
	{"辞退审议", "Dismissal review"},
}

// Label returns the level's name in "zh" or "en".
func (l Level) Label(lang string) string {
	if l < 0 || int(l) >= len(levelLabels) {
		return "?"
	}
	if lang == "en" {
		return levelLabels[l][1]
	}
	return levelLabels[l][0]
}

// ActionStatus is where a discipline action stands.
type ActionStatus string

// Discipline action states. Confirmed actions are never deleted, only revoked.
const (
	ActionProposed  ActionStatus = "proposed"
	ActionConfirmed ActionStatus = "confirmed"
	ActionDismissed ActionStatus = "dismissed"
	ActionRevoked   ActionStatus = "revoked"
)

// DisciplineAction is a step of the ladder proposed for an employee, which
// HR (or a manager) confirms or dismisses.
type DisciplineAction struct {
	ID         int64
	Employee   string
	Level      Level
	Points     int // standing when proposed
	ProposedAt time.Time
	Status     ActionStatus
	DecidedBy  string
	DecidedAt  time.Time
	Reason     string
	FineCents  int64 // for LevelPenalty, set by HR
}

// RewardKind is the kind of a reward or manual entry.
type RewardKind string

// Reward kinds.
const (
	PerfectAttendance RewardKind = "PERFECT_ATTENDANCE" // 全勤奖
	ServiceStar       RewardKind = "SERVICE_STAR"       // 服务之星
	ManualReward      RewardKind = "MANUAL_REWARD"      // 手动奖励
	ManualPenalty     RewardKind = "MANUAL_PENALTY"     // 手动处罚 (points > 0 add to standing)
)

// Label returns the reward kind's name in "zh" or "en".
func (k RewardKind) Label(lang string) string {
	zh, en := map[RewardKind]string{PerfectAttendance: "全勤奖", ServiceStar: "服务之星", ManualReward: "手动奖励", ManualPenalty: "手动处罚"}[k],
		map[RewardKind]string{PerfectAttendance: "Perfect attendance", ServiceStar: "Service star", ManualReward: "Manual reward", ManualPenalty: "Manual penalty"}[k]
	if lang == "en" {
		return en
	}
	return zh
}

// Reward is an awarded reward, or a manual reward or penalty with a reason.
type Reward struct {
	ID        int64
	Employee  string
	Kind      RewardKind
	Month     roster.Month // the month it is for
	Date      roster.Date  // when it was given (for manual entries)
	Points    int          // penalty points (ManualPenalty) counted in the standing
	Reason    string
	AwardedBy string
	AwardedAt time.Time
	Revoked   bool
}

// Validate checks a reward or manual entry.
func (r *Reward) Validate() error {
	switch {
	case !roster.ValidCode(r.Employee):
		return roster.FieldErrorf("employee", "reward needs an employee number")
	case r.Kind != PerfectAttendance && r.Kind != ServiceStar && r.Kind != ManualReward && r.Kind != ManualPenalty:
		return roster.FieldErrorf("kind", "unknown reward kind %q", r.Kind)
	case (r.Kind == ManualReward || r.Kind == ManualPenalty) && len([]rune(r.Reason)) < 2:
		return roster.FieldErrorf("reason", "a manual reward or penalty needs a reason")
	case r.Points < 0 || r.Points > 100:
		return roster.FieldErrorf("points", "points must be 0 to 100")
	}
	return nil
}
