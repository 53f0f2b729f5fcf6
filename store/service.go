package store

import (
	"time"

	"shiftguard/compliance"
	"shiftguard/roster"
)

// Service is the one layer through which every read and write of the UI
// passes. Each method takes the acting Session, refuses what its role may not
// do with roster.EFORBIDDEN, and runs in one transaction that also writes an
// append-only audit entry for every change.
//
// Permissions (roster.Role):
//   - admin: everything, including users, policy, settings and backups.
//   - manager: employees, shift types, coverage, rosters (publish; changes in
//     a published month need a reason), leave and off-post approvals, swaps,
//     manual punches and corrections, waiving and confirming violations,
//     re-evaluation, proposing discipline actions, awarding perfect
//     attendance and service stars (RULES.md: stars are chosen by a manager).
//   - hr: confirming, dismissing and revoking discipline actions, proposing
//     them, every reward including manual rewards and penalties; reads all.
//   - agent: only their own punches (at the current time), handover notes,
//     acknowledgements, daily logs and swap requests; reads the roster, the
//     handover notes of their post, and their own events, violations,
//     standing and rewards.
//
// Errors are coded (roster.ErrorCode): EFORBIDDEN for a role that may not,
// EUNAUTHORIZED for no session or a wrong password, EINVALID naming the
// field or the position in a batch, ENOTFOUND, ECONFLICT, and ELOCKED for a
// change in a published month without a reason. Instants come back as
// time.Time values (UTC or local); show them with .In(Location(ctx)).
type Service struct {
	db *DB
	// Now returns the current time; tests and the kiosk may replace it.
	Now func() time.Time
}

// NewService returns a Service over db.
func NewService(db *DB) *Service {
	return &Service{db: db, Now: time.Now}
}

// DB returns the database the service works on.
func (s *Service) DB() *DB { return s.db }

// Session is a signed-in user. Kiosk is true for a PIN sign-in at a shared
// kiosk (its punches are recorded with source "kiosk").
type Session struct {
	User  roster.User
	Kiosk bool
}

// Settings are the center-wide settings.
type Settings struct {
	CenterName string
	TimeZone   string // IANA name, e.g. Asia/Shanghai
}

// EmployeeFilter selects employees. Zero values select everything active.
type EmployeeFilter struct {
	Team            string
	IncludeInactive bool
}

// MonthRoster is everything the roster grid shows for one month.
type MonthRoster struct {
	Month       roster.Month
	Employees   []roster.Employee // active employees (and inactive ones with assignments), by team then code
	ShiftTypes  []roster.ShiftType
	Assignments []roster.Assignment // sorted by employee then date
	Coverage    []roster.CoverageRequirement
	Leaves      []roster.Leave
	Published   bool
	PublishedBy string
	PublishedAt time.Time

	cells map[string][]string // employee -> shift code per day
}

// LeaveFilter selects leave or off-post approvals. Zero dates mean no bound.
type LeaveFilter struct {
	From, To roster.Date
	Employee string
}

// SwapFilter selects swap requests.
type SwapFilter struct {
	Status   roster.SwapStatus // "" for any
	Employee string            // requester or colleague; "" for any
}

// EventFilter selects attendance events in [From, To).
type EventFilter struct {
	Employee string
	From, To time.Time
	// IncludeSuperseded also returns events that a correction replaced and
	// void corrections.
	IncludeSuperseded bool
}

// DutyState is what an agent is doing now, as the duty desk shows it.
type DutyState string

// Duty states.
const (
	StateNotStarted DutyState = "not_started" // not clocked in yet
	StateOnDuty     DutyState = "on_duty"
	StateOnBreak    DutyState = "on_break"
	StateOffPost    DutyState = "off_post"
	StateDone       DutyState = "done" // clocked out
)

// ServiceClock is the live continuous-service timer of the duty desk
// (RULES.md rule 9: a stretch ends only at a qualifying break).
type ServiceClock struct {
	State        DutyState
	ClockIn      time.Time // zero when not clocked in
	StretchStart time.Time // start of the current service stretch
	// ContinuousMin is the current stretch's length in whole minutes
	// (rounded up); 0 when not on duty.
	ContinuousMin int
	// BreakDue is when the mandatory break falls due (StretchStart +
	// break_after_min); zero when not on duty.
	BreakDue time.Time
	// MinutesToBreak is whole minutes until BreakDue, negative when overdue.
	MinutesToBreak int
	// BreakStart is the start of the open break (StateOnBreak).
	BreakStart time.Time
	// OffPostSince is the start of the open off-post interval (StateOffPost).
	OffPostSince time.Time
}

// DutyShift is what the duty desk shows an agent: the current or next
// shift instance, its events and the service clock.
type DutyShift struct {
	Instance *roster.Instance // nil when the employee has no shift now or later today
	Events   []roster.Event   // effective events attributed to the instance, in time order
	Clock    ServiceClock
	OnLeave  bool // approved leave covers the instance's date
	// PredecessorNotes are the handover notes of the instance's predecessors
	// (with their acknowledgements) that its employee must read.
	PredecessorNotes []roster.HandoverNote
	// OwnNotes are the notes the employee wrote for this instance.
	OwnNotes         []roster.HandoverNote
	HandoverRequired bool // the shift type asks for a handover note
	DailyLogRequired bool // the policy asks for a daily log
	DailyLogDone     bool // a daily log was written since clock-in
}

// NoteFilter selects handover notes by the date of the writer's shift.
type NoteFilter struct {
	From, To roster.Date // zero: no bound
	Employee string      // writer
	Team     string      // writer's team
	Post     string      // post of the writer's shift type
	Shift    string
	Text     string // substring of the text
	// Unacknowledged keeps only notes without any acknowledgement.
	Unacknowledged bool
	Limit          int // 0: no limit
}

// NoteDetail is a handover note with the people expected to read it.
type NoteDetail struct {
	Note roster.HandoverNote
	Post string
	// Expected are the employees of the successor instances (RULES.md)
	// who must acknowledge the note.
	Expected []string
}

// DailyLogFilter selects daily log entries in [From, To).
type DailyLogFilter struct {
	Employee string
	From, To time.Time
}

// PolicyVersion is one saved version of the policy.
type PolicyVersion struct {
	Policy    compliance.Policy
	CreatedBy string
	CreatedAt time.Time
	Reason    string
}

// Progress reports how far a long operation is: done of total steps.
type Progress func(done, total int)

// EvalSummary reports what an evaluation found.
type EvalSummary struct {
	From, To        roster.Date
	PolicyVersion   int
	Instances       int
	Violations      int // violations found in the period
	New             int // of them, not judged before
	Superseded      int // records that the evaluation no longer finds
	Revived         int // superseded records found again
	ProposedActions int
}

// ViolationFilter selects judged violations by date. Zero values match all.
type ViolationFilter struct {
	From, To          roster.Date
	Team              string
	Employee          string
	Rule              compliance.Rule
	Status            compliance.Status
	IncludeSuperseded bool
	Limit             int
}

// Standing is an employee's 90-day standing.
type Standing struct {
	Employee string
	Name     string
	Team     string
	Points   int
	Level    compliance.Level
}

// ActionFilter selects discipline actions.
type ActionFilter struct {
	Employee string
	Status   compliance.ActionStatus
}

// RewardFilter selects rewards and manual entries.
type RewardFilter struct {
	Employee       string
	Kind           compliance.RewardKind
	Month          roster.Month // zero: any
	IncludeRevoked bool
}

// Candidate is an employee proposed for a reward.
type Candidate struct {
	Employee string
	Name     string
	Team     string
	Points   int // unwaived points in the month
	Shifts   int // shifts worked in the month
	Awarded  bool
}

// AuditEntry is one append-only audit record.
type AuditEntry struct {
	ID       int64
	At       time.Time
	Actor    string
	Role     roster.Role
	Action   string
	Entity   string
	EntityID string
	Before   string // JSON, "" when created
	After    string // JSON, "" when removed
	Reason   string
}

// AuditFilter selects audit entries, newest first.
type AuditFilter struct {
	Entity   string
	EntityID string
	Actor    string
	From, To time.Time
	Limit    int
}

// Trace is everything behind a judged violation, for a disputed penalty.
type Trace struct {
	Record compliance.Record
	// Events are all events of the employee around the instance, corrections
	// and superseded ones included.
	Events []roster.Event
	Notes  []roster.HandoverNote
	Policy PolicyVersion // the version that judged it
	// Audit are the entries that touched the violation, its events and the
	// policy version, oldest first.
	Audit []AuditEntry
}

// PeriodFilter selects a period for reports.
type PeriodFilter struct {
	From, To roster.Date // both included
	Team     string
}

// Period is the raw data of a period for reports and exports.
type Period struct {
	From, To    roster.Date
	Location    *time.Location
	Employees   []roster.Employee
	ShiftTypes  []roster.ShiftType
	Assignments []roster.Assignment
	Events      []roster.Event // effective events
	Leaves      []roster.Leave
	PostLeaves  []roster.PostLeave
	Notes       []roster.HandoverNote
	Records     []compliance.Record // not superseded
	Rewards     []compliance.Reward
	Actions     []compliance.DisciplineAction
}

// AttendanceRow is one employee-day of the attendance report.
type AttendanceRow struct {
	Employee string
	Name     string
	Team     string
	Date     roster.Date
	Shift    string // "" on a day off
	Start    time.Time
	End      time.Time
	ClockIn  time.Time // zero when none
	ClockOut time.Time
	Leave    roster.LeaveType // "" when none
	Rules    []compliance.Rule
	Points   int // unwaived points of the day's violations
}
