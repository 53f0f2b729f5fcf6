package compliance

import (
	"cmp"
	"slices"
	"strconv"

	"shiftguard/roster"
)

func itoa(i int) string { return strconv.Itoa(i) }

func quote(s string) string { return strconv.Quote(s) }

// indexEvents groups the events of rostered employees by employee and sorts
// each group by time (file order on equal instants). Events of employees
// with no assignment and events of unknown kinds are ignored.
func (e *evaluator) indexEvents() {
	n := len(e.empCodes)
	owner := make([]int32, len(e.events))
	kinds := make([]uint8, len(e.events))
	lastCode, lastEmp := "", int32(-1)
	for i := range e.events {
		ev := &e.events[i]
		owner[i] = -1
		k, ok := kindCode(ev.Kind)
		if !ok {
			continue
		}
		emp := lastEmp
		if ev.Employee != lastCode || lastEmp < 0 {
			var found bool
			emp, found = e.empIdx[ev.Employee]
			if !found {
				continue
			}
			lastCode, lastEmp = ev.Employee, emp
		}
		owner[i], kinds[i] = emp, k
	}
	// Scatter into the groups while reading the events in order.
	e.evLo = groupOffsets(owner, n)
	e.evs = make([]evRec, e.evLo[n])
	fill := slices.Clone(e.evLo[:n])
	for i, emp := range owner {
		if emp >= 0 {
			e.evs[fill[emp]] = evRec{at: e.events[i].At.UnixNano(), src: int32(i), kind: kinds[i]}
			fill[emp]++
		}
	}
	for emp := 0; emp < n; emp++ {
		group := e.evs[e.evLo[emp]:e.evLo[emp+1]]
		if !slices.IsSortedFunc(group, compareEv) {
			slices.SortFunc(group, compareEv)
		}
	}
}

func compareEv(a, b evRec) int {
	if c := cmp.Compare(a.at, b.at); c != 0 {
		return c
	}
	return cmp.Compare(a.src, b.src)
}

// attribute gives every event to the instance whose window
// [start-240, end+240) contains it, the nearest start winning (the earlier
// start on a tie), and computes each instance's clock_in and clock_out.
func (e *evaluator) attribute() {
	owner := make([]int32, len(e.evs))
	for emp := range e.empCodes {
		insts := e.empInstRange(int32(emp))
		evs := e.evs[e.evLo[emp]:e.evLo[emp+1]]
		base := e.evLo[emp]
		p := 0
		for k := range evs {
			at := evs[k].at
			for p < len(insts) && e.insts[insts[p]].start-window <= at {
				p++
			}
			best, bestD := int32(-1), int64(0)
			for j := p - 1; j >= 0; j-- {
				x := &e.insts[insts[j]]
				if x.start <= at-window-maxShift {
					break
				}
				if x.end+window > at {
					d := at - x.start
					if d < 0 {
						d = -d
					}
					if best < 0 || d <= bestD {
						best, bestD = insts[j], d
					}
				}
			}
			owner[base+int32(k)] = best
		}
	}
	var lo []int32
	e.instEv, lo = groupBy(owner, len(e.insts))
	for i := range e.insts {
		x := &e.insts[i]
		x.evLo, x.evHi = lo[i], lo[i+1]
		for _, k := range e.instEv[x.evLo:x.evHi] {
			r := &e.evs[k]
			if r.kind == kClockIn && x.clockIn == noTime {
				x.clockIn, x.ciSrc = r.at, r.src
			}
		}
		if x.clockIn == noTime {
			continue
		}
		for _, k := range e.instEv[x.evLo:x.evHi] {
			r := &e.evs[k]
			if r.kind == kClockOut && r.at > x.clockIn {
				x.clockOut, x.coSrc = r.at, r.src // events are in time order: the last wins
			}
		}
	}
}

// empInstRange returns the instances of employee emp sorted by start.
func (e *evaluator) empInstRange(emp int32) []int32 {
	return e.empInst[e.instLo[emp]:e.instLo[emp+1]]
}

type empDate struct {
	emp  string
	date roster.Date
}

func (e *evaluator) markLeaves() {
	if len(e.in.Leaves) == 0 {
		return
	}
	on := make(map[empDate]bool, len(e.in.Leaves))
	for _, l := range e.in.Leaves {
		on[empDate{l.Employee, l.Date}] = true
	}
	for i := range e.insts {
		a := &e.in.Assignments[e.insts[i].asg]
		e.insts[i].onLeave = on[empDate{a.Employee, a.Date}]
	}
}

type instKey struct {
	emp   string
	date  roster.Date
	shift string
}

// indexNotes groups handover notes by the instance they were written for.
// When two assignments are identical, the notes belong to the first one.
func (e *evaluator) indexNotes() {
	notes := e.in.Notes
	if len(notes) == 0 {
		return
	}
	owner := make([]int32, len(notes))
	for i := range notes {
		n := &notes[i]
		owner[i] = -1
		emp, ok := e.empIdx[n.Employee]
		if !ok {
			continue
		}
		day := dayNumber(n.Date)
		for _, k := range e.empInstRange(emp) {
			if e.insts[k].day == day && e.in.Assignments[e.insts[k].asg].Shift == n.Shift && (owner[i] < 0 || k < owner[i]) {
				owner[i] = k
			}
		}
	}
	var lo []int32
	e.instNotes, lo = groupBy(owner, len(e.insts))
	for i := range e.insts {
		e.insts[i].noteLo, e.insts[i].noteHi = lo[i], lo[i+1]
	}
}

// notesOf returns the indices of the notes written for instance i.
func (e *evaluator) notesOf(i int32) []int32 {
	x := &e.insts[i]
	if x.noteHi <= x.noteLo {
		return nil
	}
	return e.instNotes[x.noteLo:x.noteHi]
}

// unreadNote is one predecessor note that S's employee did not acknowledge
// by its deadline.
type unreadNote struct {
	note     int32
	pred     int32
	deadline int64
	ack      int64 // noTime if never acknowledged
	late     int64
}

type unreadInfo struct {
	notes []unreadNote
	max   int64
}

// successors finds, per post, every successor S of every instance P
// (different employees, P.end - overlap <= S.start <= P.end), computes P's
// relief and collects S's unacknowledged predecessor notes.
func (e *evaluator) successors() {
	nposts := int32(0)
	for i := range e.insts {
		nposts = max(nposts, e.insts[i].post+1)
	}
	labels := make([]int32, len(e.insts))
	for i := range e.insts {
		labels[i] = e.insts[i].post
	}
	byPost, lo := groupBy(labels, int(nposts))
	overlap := int64(e.p.HandoverOverlapMaxMin) * minute
	ackGrace := int64(e.p.HandoverAckGraceMin) * minute
	for p := int32(0); p < nposts; p++ {
		// By start (then roster order): the order among equal starts does not matter here.
		group := byPost[lo[p]:lo[p+1]]
		byStart := func(a, b int32) int {
			if c := cmp.Compare(e.insts[a].start, e.insts[b].start); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		}
		if !slices.IsSortedFunc(group, byStart) {
			slices.SortFunc(group, byStart)
		}
		for _, pi := range group {
			P := &e.insts[pi]
			from := P.end - overlap
			k, _ := slices.BinarySearchFunc(group, from, func(i int32, t int64) int { return cmp.Compare(e.insts[i].start, t) })
			notes := e.notesOf(pi)
			for ; k < len(group); k++ {
				si := group[k]
				S := &e.insts[si]
				if S.start > P.end {
					break
				}
				if S.emp == P.emp {
					continue
				}
				P.hasSucc = true
				if S.clockIn != noTime && (P.relief == noTime || S.clockIn < P.relief) {
					P.relief, P.reliefSrc = S.clockIn, si
				}
				if len(notes) == 0 || !P.st.Handover || !S.judged || S.onLeave || S.clockIn == noTime {
					continue
				}
				sEmp := e.empCodes[S.emp]
				for _, ni := range notes {
					n := &e.in.Notes[ni]
					w := n.WrittenAt.UnixNano()
					deadline := S.start
					if w > S.start {
						deadline = w + ackGrace
					}
					ack := noTime
					for _, a := range n.Acks {
						if a.Employee == sEmp {
							if t := a.At.UnixNano(); ack == noTime || t < ack {
								ack = t
							}
						}
					}
					if ack != noTime && ack <= deadline {
						continue
					}
					late := max(0, S.end-deadline)
					if ack != noTime {
						late = ack - deadline
					}
					if e.unread == nil {
						e.unread = make([]*unreadInfo, len(e.insts))
					}
					u := e.unread[si]
					if u == nil {
						u = &unreadInfo{max: late}
						e.unread[si] = u
					}
					u.max = max(u.max, late)
					u.notes = append(u.notes, unreadNote{note: ni, pred: pi, deadline: deadline, ack: ack, late: late})
				}
			}
		}
	}
}

// indexPostLeaves merges each rostered employee's approved off-post
// intervals into disjoint, sorted spans.
func (e *evaluator) indexPostLeaves() {
	if len(e.in.PostLeaves) == 0 {
		return
	}
	e.postLeave = make([][]span, len(e.empCodes))
	for i, pl := range e.in.PostLeaves {
		emp, ok := e.empIdx[pl.Employee]
		if !ok || !pl.To.After(pl.From) {
			continue
		}
		e.postLeave[emp] = append(e.postLeave[emp], span{from: pl.From.UnixNano(), to: pl.To.UnixNano(), fromSrc: int32(i)})
	}
	for emp, spans := range e.postLeave {
		if len(spans) == 0 {
			continue
		}
		slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.from, b.from) })
		merged := spans[:1]
		for _, s := range spans[1:] {
			last := &merged[len(merged)-1]
			if s.from <= last.to {
				last.to = max(last.to, s.to)
				continue
			}
			merged = append(merged, s)
		}
		e.postLeave[emp] = merged
	}
}

func (e *evaluator) indexLogs() {
	if !e.p.DailyLogRequired {
		return
	}
	e.logs = make([][]int64, len(e.empCodes))
	for _, l := range e.in.DailyLogs {
		if emp, ok := e.empIdx[l.Employee]; ok {
			e.logs[emp] = append(e.logs[emp], l.At.UnixNano())
		}
	}
	for _, ts := range e.logs {
		slices.Sort(ts)
	}
}
