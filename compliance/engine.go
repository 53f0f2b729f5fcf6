package compliance

import (
	"cmp"
	"math"
	"slices"
	"time"

	"shiftguard/roster"
)

// Input is everything Evaluate needs to judge shift instances. Events may
// include corrections: Evaluate applies them with roster.EffectiveEvents.
type Input struct {
	Loc         *time.Location
	Policy      Policy
	ShiftTypes  map[string]*roster.ShiftType
	Assignments []roster.Assignment
	Events      []roster.Event
	Leaves      []roster.Leave
	PostLeaves  []roster.PostLeave
	Notes       []roster.HandoverNote
	DailyLogs   []roster.DailyLog
	// From and To bound the dates of the instances that are judged (both
	// included; a zero Date leaves that side open). Instances outside the
	// range still take part in attribution and in successor relations.
	From, To roster.Date
}

// noTime marks an instant that does not exist (no clock_in, no clock_out).
const noTime int64 = math.MinInt64

const (
	minute   = int64(time.Minute)
	window   = 240 * minute // attribution window on each side of a shift
	maxShift = 25 * 60 * minute
)

// event kinds as small integers for the hot loops.
const (
	kClockIn uint8 = iota
	kClockOut
	kBreakStart
	kBreakEnd
	kLeavePost
	kReturnPost
)

func kindCode(k roster.EventKind) (uint8, bool) {
	switch k {
	case roster.ClockIn:
		return kClockIn, true
	case roster.ClockOut:
		return kClockOut, true
	case roster.BreakStart:
		return kBreakStart, true
	case roster.BreakEnd:
		return kBreakEnd, true
	case roster.LeavePost:
		return kLeavePost, true
	case roster.ReturnPost:
		return kReturnPost, true
	}
	return 0, false
}

// evRec is an event reduced to what the rules need.
type evRec struct {
	at   int64 // Unix nanoseconds
	src  int32 // index into evaluator.events
	kind uint8
}

// inst is a shift instance with everything computed about it.
type inst struct {
	asg        int32 // index into Input.Assignments
	day        int32 // the assignment's date as days since 1970-01-01
	emp        int32
	post       int32
	st         *roster.ShiftType
	start, end int64
	evLo, evHi int32 // range in evaluator.instEv
	clockIn    int64
	clockOut   int64
	ciSrc      int32
	coSrc      int32
	relief     int64 // earliest clock_in of a successor, noTime if none
	reliefSrc  int32 // instance whose clock_in is relief, -1 if none
	noteLo     int32 // range in evaluator.instNotes
	noteHi     int32
	hasSucc    bool
	onLeave    bool
	judged     bool
}

// span is a break or an off-post interval.
type span struct {
	from, to         int64
	fromSrc, toSrc   int32 // event indices; toSrc -1 when closed by a bound
	closedByClockOut bool
}

type evaluator struct {
	in     *Input
	p      *Policy
	loc    *time.Location
	events []roster.Event

	empCodes []string
	insts    []inst
	instEv   []int32 // per instance, positions in evs (time order)
	empIdx   map[string]int32
	evs      []evRec // grouped by employee, sorted by time
	evLo     []int32 // per employee range in evs
	empInst  []int32 // instance indices grouped by employee, sorted by start
	instLo   []int32 // per employee range in empInst

	instNotes []int32       // note indices grouped by instance
	unread    []*unreadInfo // per instance, nil when every predecessor note was read in time
	postLeave [][]span      // per employee: merged approved off-post intervals
	logs      [][]int64     // per employee: sorted daily log times

	breaks, offs []span // scratch
	zone         zoneSpan
	out          []Violation
}

// Evaluate judges every shift instance whose date is in [in.From, in.To]
// against rules 1-12 of RULES.md and returns the violations sorted by
// employee, date, shift and rule. It fails with an EINVALID error when an
// assignment names an unknown shift type or the time zone is missing.
func Evaluate(in *Input) ([]Violation, error) {
	e, err := newEvaluator(in)
	if err != nil {
		return nil, err
	}
	e.out = make([]Violation, 0, len(e.insts)/4+8)
	for i := range e.insts {
		if e.insts[i].judged && !e.insts[i].onLeave {
			e.judge(int32(i))
		}
	}
	return sortViolations(e.out), nil
}

// newEvaluator resolves the instances and builds every index the rules use.
func newEvaluator(in *Input) (*evaluator, error) {
	if in.Loc == nil {
		return nil, roster.FieldErrorf("timezone", "evaluation needs the center's time zone")
	}
	e := &evaluator{in: in, p: &in.Policy, loc: in.Loc, events: roster.EffectiveEvents(in.Events)}
	if err := e.buildInstances(); err != nil {
		return nil, err
	}
	e.indexEvents()
	e.attribute()
	e.markLeaves()
	e.indexNotes()
	e.successors()
	e.indexPostLeaves()
	e.indexLogs()
	return e, nil
}

// sortViolations sorts by employee, date, shift and rule, keeping the
// order of emission (time order) among equal keys. It sorts indices, not
// the large Violation values.
func sortViolations(vs []Violation) []Violation {
	idx := make([]int32, len(vs))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		if c := compareViolations(&vs[a], &vs[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	out := make([]Violation, len(vs))
	for i, k := range idx {
		out[i] = vs[k]
	}
	return out
}

func compareViolations(a, b *Violation) int {
	if c := cmp.Compare(a.Employee, b.Employee); c != 0 {
		return c
	}
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Shift, b.Shift); c != 0 {
		return c
	}
	return cmp.Compare(a.Rule, b.Rule)
}

func (e *evaluator) buildInstances() error {
	in := e.in
	empIdx := make(map[string]int32, len(in.Assignments)/16+1)
	e.insts = make([]inst, len(in.Assignments))
	type boundsKey struct {
		d  roster.Date
		st *roster.ShiftType
	}
	var bounds [2]int64
	var lastKey boundsKey
	posts := map[string]int32{}
	for i := range in.Assignments {
		a := &in.Assignments[i]
		st := in.ShiftTypes[a.Shift]
		if st == nil {
			return &roster.Error{Code: roster.EINVALID, Field: "assignments[" + itoa(i) + "].shift",
				Message: "assignment of " + a.Employee + " on " + a.Date.String() + " names unknown shift code " + quote(a.Shift)}
		}
		k := boundsKey{a.Date, st}
		if i == 0 || k != lastKey {
			s, t := st.Bounds(a.Date, e.loc)
			bounds = [2]int64{s.UnixNano(), t.UnixNano()}
			lastKey = k
		}
		emp, ok := empIdx[a.Employee]
		if !ok {
			emp = int32(len(e.empCodes))
			empIdx[a.Employee] = emp
			e.empCodes = append(e.empCodes, a.Employee)
		}
		post, ok := posts[st.PostName()]
		if !ok {
			post = int32(len(posts))
			posts[st.PostName()] = post
		}
		e.insts[i] = inst{asg: int32(i), day: dayNumber(a.Date), emp: emp, post: post, st: st, start: bounds[0], end: bounds[1],
			clockIn: noTime, clockOut: noTime, ciSrc: -1, coSrc: -1, relief: noTime, reliefSrc: -1,
			judged: (in.From.IsZero() || !a.Date.Before(in.From)) && (in.To.IsZero() || !a.Date.After(in.To))}
	}
	// Instances grouped by employee, each group sorted by start.
	n := len(e.empCodes)
	labels := make([]int32, len(e.insts))
	for i := range e.insts {
		labels[i] = e.insts[i].emp
	}
	var lo []int32
	e.empInst, lo = groupBy(labels, n)
	for emp := 0; emp < n; emp++ {
		group := e.empInst[lo[emp]:lo[emp+1]]
		if !slices.IsSortedFunc(group, e.compareInst) {
			slices.SortFunc(group, e.compareInst)
		}
	}
	e.instLo = lo
	e.empIdx = empIdx
	return nil
}

// compareInst orders instances by start, then date, shift code and position.
func (e *evaluator) compareInst(a, b int32) int {
	x, y := &e.insts[a], &e.insts[b]
	if c := cmp.Compare(x.start, y.start); c != 0 {
		return c
	}
	ax, ay := &e.in.Assignments[x.asg], &e.in.Assignments[y.asg]
	if c := ax.Date.Compare(ay.Date); c != 0 {
		return c
	}
	if c := cmp.Compare(ax.Shift, ay.Shift); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

// dayNumber returns the days from 1970-01-01 to d (proleptic Gregorian).
func dayNumber(d roster.Date) int32 {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468)
}

// groupBy orders the items 0..len(labels)-1 by their label in [0, n),
// keeping item order within a label and leaving out items labelled -1 (a
// counting sort). Group g is order[lo[g]:lo[g+1]].
func groupBy(labels []int32, n int) (order, lo []int32) {
	lo = groupOffsets(labels, n)
	order = make([]int32, lo[n])
	fill := slices.Clone(lo[:n])
	for i, l := range labels {
		if l >= 0 {
			order[fill[l]] = int32(i)
			fill[l]++
		}
	}
	return order, lo
}

// groupOffsets returns where each label's group starts when the items are
// grouped by label (n+1 offsets; items labelled -1 are left out).
func groupOffsets(labels []int32, n int) []int32 {
	lo := make([]int32, n+1)
	for _, l := range labels {
		if l >= 0 {
			lo[l+1]++
		}
	}
	for k := 1; k <= n; k++ {
		lo[k] += lo[k-1]
	}
	return lo
}
