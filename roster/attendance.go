package roster

import (
	"strings"
	"time"
)

// EventKind is one of the six attendance event kinds of RULES.md.
type EventKind string

// The six event kinds (打卡).
const (
	ClockIn    EventKind = "clock_in"    // 上班
	ClockOut   EventKind = "clock_out"   // 下班
	BreakStart EventKind = "break_start" // 开始休息
	BreakEnd   EventKind = "break_end"   // 结束休息
	LeavePost  EventKind = "leave_post"  // 离岗
	ReturnPost EventKind = "return_post" // 返岗
)

// EventKinds lists the six kinds in the order of a working day.
var EventKinds = []EventKind{ClockIn, BreakStart, BreakEnd, LeavePost, ReturnPost, ClockOut}

// Valid reports whether k is one of the six kinds.
func (k EventKind) Valid() bool {
	switch k {
	case ClockIn, ClockOut, BreakStart, BreakEnd, LeavePost, ReturnPost:
		return true
	}
	return false
}

// Where an event was recorded.
const (
	SourceDesk   = "desk"   // the agent's own duty desk
	SourceKiosk  = "kiosk"  // a shared kiosk with PIN
	SourceImport = "import" // a time-clock import
	SourceManual = "manual" // entered or corrected by a manager
)

// Event is an attendance punch. Events are never rewritten: a correction is
// a new event whose Supersedes names the event it replaces (Kind may then
// be the replacement kind, or Void true to cancel the old one).
type Event struct {
	ID         int64
	Employee   string
	Kind       EventKind
	At         time.Time // with seconds
	RecordedBy string    // user name of whoever recorded it
	Source     string    // SourceDesk, SourceKiosk, SourceImport, SourceManual
	Supersedes int64     // ID of the event this one corrects, 0 if none
	Void       bool      // with Supersedes: the corrected event is cancelled
	Reason     string    // why a correction was made
}

// Validate checks the event's fields.
func (e *Event) Validate() error {
	switch {
	case !ValidCode(e.Employee):
		return FieldErrorf("employee", "event needs an employee number")
	case !e.Kind.Valid():
		return FieldErrorf("kind", "event kind %q is not one of clock_in, clock_out, break_start, break_end, leave_post, return_post", e.Kind)
	case e.At.IsZero():
		return FieldErrorf("at", "event needs a time")
	case e.Supersedes != 0 && strings.TrimSpace(e.Reason) == "":
		return FieldErrorf("reason", "a correction needs a reason")
	}
	return nil
}

// EffectiveEvents drops events that a later correction superseded and the
// void corrections themselves, keeping the rest in their order.
func EffectiveEvents(events []Event) []Event {
	superseded := map[int64]bool{}
	for i := range events {
		if events[i].Supersedes != 0 {
			superseded[events[i].Supersedes] = true
		}
	}
	if len(superseded) == 0 {
		return events
	}
	out := make([]Event, 0, len(events))
	for _, e := range events {
		if (e.ID != 0 && superseded[e.ID]) || e.Void {
			continue
		}
		out = append(out, e)
	}
	return out
}

// LeaveType is the kind of an approved leave (请假).
type LeaveType string

// Leave types.
const (
	LeaveAnnual   LeaveType = "annual"
	LeaveSick     LeaveType = "sick"
	LeavePersonal LeaveType = "personal"
)

// LeaveTypes lists the leave types.
var LeaveTypes = []LeaveType{LeaveAnnual, LeaveSick, LeavePersonal}

// Valid reports whether t is a known leave type.
func (t LeaveType) Valid() bool {
	return t == LeaveAnnual || t == LeaveSick || t == LeavePersonal
}

// Leave is approved leave covering whole shift dates of an employee.
type Leave struct {
	ID         int64
	Employee   string
	Date       Date
	Type       LeaveType
	Reason     string
	ApprovedBy string
}

// Validate checks the leave's fields.
func (l *Leave) Validate() error {
	switch {
	case !ValidCode(l.Employee):
		return FieldErrorf("employee", "leave needs an employee number")
	case l.Date.IsZero():
		return FieldErrorf("date", "leave needs a date")
	case !l.Type.Valid():
		return FieldErrorf("type", "leave type %q is not one of annual, sick, personal", l.Type)
	}
	return nil
}

// PostLeave is an approved interval during which an employee may be off
// post (离岗审批).
type PostLeave struct {
	ID         int64
	Employee   string
	From, To   time.Time
	Reason     string
	ApprovedBy string
}

// Validate checks the interval.
func (p *PostLeave) Validate() error {
	switch {
	case !ValidCode(p.Employee):
		return FieldErrorf("employee", "off-post approval needs an employee number")
	case p.From.IsZero() || p.To.IsZero():
		return FieldErrorf("from", "off-post approval needs a start and an end")
	case !p.To.After(p.From):
		return FieldErrorf("to", "off-post approval must end after it starts")
	}
	return nil
}

// Ack is an acknowledgement (已阅) of a handover note.
type Ack struct {
	Employee string
	At       time.Time
}

// HandoverNote is written by the employee of one assignment for the next
// shift (交接班记录).
type HandoverNote struct {
	ID        int64
	Employee  string
	Date      Date   // date of the writer's assignment
	Shift     string // shift code of the writer's assignment
	WrittenAt time.Time
	Text      string
	Acks      []Ack
}

// Validate checks the note's fields.
func (n *HandoverNote) Validate() error {
	switch {
	case !ValidCode(n.Employee):
		return FieldErrorf("employee", "handover note needs an employee number")
	case n.Date.IsZero():
		return FieldErrorf("date", "handover note needs the date of its shift")
	case !ValidCode(n.Shift):
		return FieldErrorf("shift", "handover note needs the code of its shift")
	case n.WrittenAt.IsZero():
		return FieldErrorf("written_at", "handover note needs the time it was written")
	case len([]rune(n.Text)) > 10000:
		return FieldErrorf("text", "handover note is longer than 10,000 characters")
	}
	return nil
}

// DailyLog is an entry of the daily mood log (情绪日志).
type DailyLog struct {
	ID       int64
	Employee string
	At       time.Time
	Mood     int // 1 (bad) .. 5 (good); 0 = not given
	Text     string
}

// Validate checks the entry.
func (d *DailyLog) Validate() error {
	switch {
	case !ValidCode(d.Employee):
		return FieldErrorf("employee", "daily log needs an employee number")
	case d.At.IsZero():
		return FieldErrorf("at", "daily log needs a time")
	case d.Mood < 0 || d.Mood > 5:
		return FieldErrorf("mood", "mood must be 1 to 5")
	}
	return nil
}

// SwapStatus is the state of a shift-swap request.
type SwapStatus string

// Swap states.
const (
	SwapPending  SwapStatus = "pending"
	SwapApproved SwapStatus = "approved"
	SwapRefused  SwapStatus = "refused"
)

// SwapRequest asks to exchange two assignments (or to give one away when
// TheirDate is zero): the requester takes the other's shift and vice versa.
type SwapRequest struct {
	ID          int64
	Requester   string // employee code
	Date        Date   // requester's assignment date
	Other       string // employee code of the colleague
	OtherDate   Date   // colleague's assignment date (zero: give away)
	Reason      string
	Status      SwapStatus
	DecidedBy   string
	DecidedAt   time.Time
	DecideNote  string
	RequestedAt time.Time
}

// Validate checks the request.
func (s *SwapRequest) Validate() error {
	switch {
	case !ValidCode(s.Requester) || !ValidCode(s.Other):
		return FieldErrorf("employee", "a swap needs two employees")
	case s.Requester == s.Other:
		return FieldErrorf("other", "a swap needs two different employees")
	case s.Date.IsZero():
		return FieldErrorf("date", "a swap needs the date of the requester's shift")
	}
	return nil
}

// Month identifies a roster month.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the month of d.
func MonthOf(d Date) Month { return Month{d.Year, d.Month} }

// First returns the first day of the month.
func (m Month) First() Date { return NewDate(m.Year, m.Month, 1) }

// Last returns the last day of the month.
func (m Month) Last() Date { return NewDate(m.Year, m.Month+1, 0) }

// Days returns the number of days in the month.
func (m Month) Days() int { return m.Last().Day }

// String formats the month as YYYY-MM.
func (m Month) String() string { return m.First().String()[:7] }

// Next returns the following month.
func (m Month) Next() Month { return MonthOf(NewDate(m.Year, m.Month+1, 1)) }

// Prev returns the previous month.
func (m Month) Prev() Month { return MonthOf(NewDate(m.Year, m.Month-1, 1)) }
