package autoroster

import (
	"math"
	"slices"
	"sort"
	"sync/atomic"
)

// stateLimit is the largest dense state space per day with the counts of
// limited shift types tracked (a variable so that tests can force limits
// onto penalties).
var stateLimit = 600_000

const (
	inf        = math.MaxInt64 / 4
	noBound    = -inf // cost-to-go bound that prunes nothing
	maxTracked = 3    // shift types whose counts the DP tracks exactly
)

// rowModel is the per-employee dynamic programme: it finds a cheapest row
// (one shift or off per day) meeting every hard constraint of the employee,
// for given per-cell costs. Counts of shift types whose limit cannot be
// tracked within stateLimit states are handled by Lagrangian penalties and
// checked afterwards.
type rowModel struct {
	p      *Problem
	e      int
	ns, nd int
	mo     int // min consecutive days off (>=1)
	mcMin  int // min consecutive working days (>=1)
	mc     int // max consecutive working days
	runDim int
	// Shift types whose successors are forbidden alike are one class for
	// the state (the row keeps the shift itself): cls[k] is the class of
	// choice k (0 off), nc the number of classes, rep[c] a choice of class c.
	cls     []int
	nc      int
	rep     []int
	wDim    int // weekends dimension (1 when unlimited)
	unit    int // minutes unit (gcd of shift lengths)
	lenU    []int
	maxLenU int
	mDim    int // minutes dimension
	minU    int // minimum minutes in units
	// Caps a solve may set below the employee's limits (the construction
	// of long rosters spreads the limits over the horizon): most minute
	// units and weekends (exclusive) worked.
	capU, capW int
	// end is the last day solved (the horizon's unless a construction
	// window ends the row early: later days are off and the row is
	// judged as if the horizon ended there).
	end                       int
	saturate                  bool
	tracked                   []int // shift indexes tracked exactly
	tDim                      []int
	relaxed                   []int // shift indexes with a binding limit handled by penalties
	strideR, strideW, strideM int
	strideT                   []int
	size                      int
	closing                   []bool // day closes a weekend
	countWeekends             bool   // the weekend limit can bind
	sunday                    []bool
	buf                       *dpBuffers
	work                      *int64        // states expanded, summed over solves (may be nil)
	ticks                     *int64        // the time of the solves in ticks (see solveTicks; may be nil)
	shown                     *atomic.Int64 // set to *ticks at each solve, for Options.Effort (nil with ticks)
	// buffers
	lists [][]dstate // states reached on each day, with their predecessors
	pos   []int32    // position of each state of the next day in its list
	cur   []int64
	next  []int64
	curL  []dstate
	nextL []dstate
	h     []int64    // [day][last][run]: lower bound on the cost of later days
	trans [][]dtrans // [last*runDim+run]: the allowed next choices
	// transK[lr*(ns+1)+k] is the transition of choice k from lr (k = -1
	// when there is none).
	transK []dtrans
	shift  []dshift
	tail   dpTail // tailEffect's result, reused
	// Shifts of one class and one length whose counts are neither
	// tracked nor penalised lead from a state to the same next state:
	// group[k] numbers such choices (-1 for the others), and red[lr] is
	// trans[lr] keeping, for the day being walked, only the cheapest
	// choice of each group (the others can never be better).
	group   []int
	ngroups int
	red     [][]dtrans
	gbest   []int8
	// red[lr] is up to date when redGen[lr] == gen (gen counts the days
	// walked), so only the (class, run) pairs that states reach are reduced.
	redGen []int64
	gen    int64
}

type dstate struct {
	idx  int32
	from int32 // position of the predecessor in the previous day's list
	m    int32
	run  int16
	last int8 // 0 = off, s+1
	w    int8
	c    [maxTracked]uint8
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func newRowModel(p *Problem, e int) *rowModel {
	emp := &p.Employees[e]
	m := &rowModel{p: p, e: e, ns: len(p.Shifts), nd: p.Days}
	m.mo = max(1, emp.MinConsecutiveOff)
	m.mcMin = max(1, emp.MinConsecutive)
	m.mc = emp.MaxConsecutive
	if m.mc <= 0 || m.mc > m.nd {
		m.mc = m.nd
	}
	m.runDim = max(m.mo, 2*m.mc)
	m.closing = make([]bool, m.nd)
	m.sunday = make([]bool, m.nd)
	weekends := 0
	for d := 0; d < m.nd; d++ {
		wd := p.Weekday(d)
		m.sunday[d] = wd == 0
		m.closing[d] = wd == 0 || (wd == 6 && d == m.nd-1)
		if m.closing[d] {
			weekends++
		}
	}
	// Weekends are counted only when the limit can bind.
	m.wDim = 1
	m.countWeekends = emp.MaxWeekends >= 0 && emp.MaxWeekends < weekends
	if m.countWeekends {
		m.wDim = emp.MaxWeekends + 1
	}
	g := 0
	for _, s := range p.Shifts {
		g = gcd(g, s.Minutes)
	}
	m.unit = g
	m.lenU = make([]int, m.ns)
	for i, s := range p.Shifts {
		m.lenU[i] = s.Minutes / g
		m.maxLenU = max(m.maxLenU, m.lenU[i])
	}
	m.minU = (emp.MinMinutes + g - 1) / g
	switch {
	case emp.MaxMinutes > 0:
		m.mDim = emp.MaxMinutes/g + 1
	case emp.MinMinutes > 0:
		m.mDim = m.minU + 1
		m.saturate = true
	default:
		m.mDim = 1
		m.saturate = true
	}
	// Binding shift-type limits, tightest first.
	var binding []int
	for s := 0; s < m.ns; s++ {
		lim := emp.MaxShifts[s]
		if lim <= 0 {
			continue
		}
		possible := m.nd
		if emp.MaxMinutes > 0 {
			possible = min(possible, emp.MaxMinutes/p.Shifts[s].Minutes)
		}
		if lim < possible {
			binding = append(binding, s)
		}
	}
	sort.SliceStable(binding, func(i, j int) bool { return emp.MaxShifts[binding[i]] < emp.MaxShifts[binding[j]] })
	m.cls = make([]int, m.ns+1)
	m.rep = []int{0}
	for s := 0; s < m.ns; s++ {
		m.cls[s+1] = -1
		for c := 1; c < len(m.rep); c++ {
			r := m.rep[c] - 1
			same := true
			for t := 0; t < m.ns && same; t++ {
				same = p.Forbidden[s][t] == p.Forbidden[r][t]
			}
			if same {
				m.cls[s+1] = c
				break
			}
		}
		if m.cls[s+1] < 0 {
			m.cls[s+1] = len(m.rep)
			m.rep = append(m.rep, s+1)
		}
	}
	m.nc = len(m.rep)
	base := m.nc * m.runDim * m.wDim * m.mDim
	for _, s := range binding {
		d := emp.MaxShifts[s] + 1
		if len(m.tracked) < maxTracked && base*d <= stateLimit && d <= 255 {
			m.tracked = append(m.tracked, s)
			m.tDim = append(m.tDim, d)
			base *= d
		} else {
			m.relaxed = append(m.relaxed, s)
		}
	}
	m.size = base
	m.capU, m.capW = m.mDim-1, m.wDim
	m.end = m.nd - 1
	// strides: idx = ((((last*runDim+run)*wDim+w)*mDim+m)*t0+c0)*t1+c1...
	m.strideT = make([]int, len(m.tracked))
	st := 1
	for i := len(m.tracked) - 1; i >= 0; i-- {
		m.strideT[i] = st
		st *= m.tDim[i]
	}
	m.strideM = st
	m.strideW = st * m.mDim
	m.strideR = m.strideW * m.wDim
	return m
}

// dpBuffers are the work arrays of the DP, shared by the row models of one
// worker (which run one at a time). The dense arrays hold one entry per
// state of a day; the states reached are kept in a list per day, each with
// the position of its predecessor, so memory grows with the states reached
// rather than with days times the state space.
type dpBuffers struct {
	lists     [][]dstate
	pos       []int32
	cur, next []int64
}

func newDPBuffers(days, size int) *dpBuffers {
	b := &dpBuffers{lists: make([][]dstate, days), pos: make([]int32, size), cur: make([]int64, size), next: make([]int64, size)}
	for i := range b.cur {
		b.cur[i], b.next[i] = inf, inf
	}
	return b
}

func (m *rowModel) alloc() {
	if m.buf == nil {
		m.buf = newDPBuffers(m.nd, m.size)
	}
	m.lists, m.pos, m.cur, m.next = m.buf.lists, m.buf.pos, m.buf.cur, m.buf.next
}

// The ticks of a row DP (worker.ticks, the unit of Options.Work) are the
// transitions it walks (about 20 ns each), plus solveTicks for the parts
// that do not depend on them (tables, bounds, the walk back, and the rest
// of a move around it) and cellTicks/3 for each cell of its cost table,
// on every day it spans (the caller fills them all, also a window move's
// days outside the window, each with its one choice). The weights are
// fitted to the time of the phases of runs over the benchmark and larger
// rosters (docs/autoroster.md); states alone tracked the time of the DPs
// within 27%, transitions (1.6-2.8 a state) within 10%.
const (
	solveTicks = 245
	cellTicks  = 8 // per 3 cells
)

// solve returns the cheapest feasible row for the cell costs cost[d][k]
// (k = 0 off, k = s+1 shift s; values >= inf forbid the cell), or ok=false.
// penalty[s] is added to every use of shift s (Lagrangian term).
func (m *rowModel) solve(cost [][]int64, penalty []int64, row []int, ub int64) (best int64, ok bool) {
	if m.ticks != nil {
		*m.ticks += solveTicks + int64((m.end+1)*(m.ns+1))*cellTicks/3
		m.shown.Store(*m.ticks)
	}
	m.alloc()
	m.bound(cost, ub)
	m.curL = m.lists[0][:0]
	// Day 0.
	push := func(list *[]dstate, arr []int64, st dstate, c int64) []dstate {
		idx := m.cls[st.last]*m.strideR*m.runDim + int(st.run)*m.strideR + int(st.w)*m.strideW + int(st.m)*m.strideM
		for i := range m.tracked {
			idx += int(st.c[i]) * m.strideT[i]
		}
		st.idx = int32(idx)
		st.from = -1
		if arr[idx] >= inf {
			arr[idx] = c
			m.pos[idx] = int32(len(*list))
			*list = append(*list, st)
		} else if c < arr[idx] {
			arr[idx] = c
			(*list)[m.pos[idx]].last = st.last
		}
		return *list
	}
	remMax := func(d int) int { return (m.end - d) * m.maxLenU }
	for k := 0; k <= m.ns; k++ {
		c := cost[0][k]
		if c >= inf {
			continue
		}
		var st dstate
		st.last = int8(k)
		if k == 0 {
			st.run = int16(m.mo - 1) // exempt: counts as a satisfied off block
		} else {
			s := k - 1
			if !m.useShift(&st, s) {
				continue
			}
			st.run = 1 // (count-1)*2 + exempt
			c += penalty[s]
			if !m.addMinutes(&st, s) {
				continue
			}
		}
		if m.closing[0] && k != 0 && m.countWeekends {
			if m.capW <= 1 {
				continue
			}
			st.w = 1
		}
		if int(st.m) < m.minU && int(st.m)+remMax(0) < m.minU {
			continue
		}
		if c+m.h[m.cls[k]*m.runDim+int(st.run)] > ub {
			continue
		}
		m.curL = push(&m.curL, m.cur, st, c)
	}
	m.lists[0] = m.curL
	m.prepare(penalty)
	// The days after the last one with a choice (a window move's later
	// days, each with its one fixed cell) are not walked state by state:
	// their effect on a state is summed once (tailEffect) and applied to
	// the states of that last day.
	last := m.end
	if useTail {
		for last > 0 && single(cost[last]) {
			last--
		}
	}
	for d := 1; d <= last; d++ {
		m.nextL = m.lists[d][:0]
		cd := cost[d]
		if m.work != nil {
			*m.work += int64(len(m.curL))
		}
		edges := 0
		hd := m.h[d*m.nc*m.runDim:]
		rem := remMax(d)
		closing := m.countWeekends && m.closing[d]
		sunday := m.sunday[d]
		next, pos := m.next, m.pos
		// A day with a single choice (outside the window of a window
		// move) walks one transition per state instead of all of them.
		only := -1
		for k, c := range cd {
			if c < inf {
				if only == -1 {
					only = k
				} else {
					only = -2
					break
				}
			}
		}
		grouped := only == -2 && m.ngroups > 0
		m.gen++ // a new day: every red[lr] is out of date
		for i, st := range m.curL {
			base := m.cur[st.idx]
			lr := m.cls[st.last]*m.runDim + int(st.run)
			rest := int(st.idx) - lr*m.strideR // weekends, minutes and counts
			trs := m.trans[lr]
			if grouped {
				if m.redGen[lr] != m.gen {
					m.reduce(lr, cd)
				}
				trs = m.red[lr]
			}
			if only >= 0 {
				j := lr*(m.ns+1) + only
				if m.transK[j].k < 0 {
					continue
				}
				trs = m.transK[j : j+1]
			}
			edges += len(trs)
			for _, tr := range trs {
				k := int(tr.k)
				c := cd[k]
				if c >= inf {
					continue
				}
				ns := st
				ns.last = int8(k)
				ns.run = tr.run
				idx := rest + int(tr.lr)*m.strideR
				if k != 0 {
					sh := &m.shift[k-1]
					if sh.ti >= 0 {
						if int(ns.c[sh.ti])+1 >= m.tDim[sh.ti] {
							continue
						}
						ns.c[sh.ti]++
						idx += m.strideT[sh.ti]
					}
					v := int(ns.m) + int(sh.lenU)
					if v >= m.mDim {
						if !m.saturate {
							continue
						}
						v = m.mDim - 1
					}
					if v > m.capU {
						continue
					}
					idx += (v - int(ns.m)) * m.strideM
					ns.m = int32(v)
					c += sh.pen
				}
				if closing && (k != 0 || (sunday && st.last != 0)) {
					ns.w++
					if int(ns.w) >= m.capW {
						continue
					}
					idx += m.strideW
				}
				if int(ns.m) < m.minU && int(ns.m)+rem < m.minU {
					continue
				}
				v := base + c
				if v+hd[tr.lr] > ub {
					continue
				}
				ns.idx = int32(idx)
				if old := next[idx]; old >= inf {
					next[idx] = v
					pos[idx] = int32(len(m.nextL))
					ns.from = int32(i)
					m.nextL = append(m.nextL, ns)
				} else if v < old {
					next[idx] = v
					o := &m.nextL[pos[idx]]
					o.from, o.last = int32(i), int8(k)
				}
			}
		}
		if m.ticks != nil {
			*m.ticks += int64(edges)
		}
		for _, st := range m.curL {
			m.cur[st.idx] = inf
		}
		m.cur, m.next = m.next, m.cur
		m.lists[d] = m.nextL
		m.curL = m.nextL
	}
	best = inf
	bestIdx, bestPos := int32(-1), -1
	if last < m.end {
		if m.work != nil {
			// Counted as if walked: the work measures effort for the
			// search's balance of moves, tuned with the walk.
			*m.work += int64(len(m.curL)) * int64(m.end-last)
		}
		if m.ticks != nil {
			*m.ticks += int64(len(m.curL)) // applying the summed tail
		}
		t := m.tailEffect(cost, penalty, last)
		for i, st := range m.curL {
			if !t.feasible[m.cls[st.last]*m.runDim+int(st.run)] {
				continue
			}
			nm := int(st.m) + t.minutes
			if nm >= m.mDim {
				if !m.saturate {
					continue
				}
				nm = m.mDim - 1
			}
			if (t.minutes > 0 && nm > m.capU) || nm < m.minU {
				continue
			}
			if m.countWeekends {
				nw := int(st.w) + t.weekends
				if t.firstSunday && st.last != 0 {
					nw++
				}
				if nw > int(st.w) && nw >= m.capW {
					continue
				}
			}
			over := false
			for j := range m.tracked {
				if t.counts[j] > 0 && int(st.c[j])+t.counts[j] >= m.tDim[j] {
					over = true
				}
			}
			if over {
				continue
			}
			// Ties go to the smallest index of the state the walk would
			// have ended in, as without the summing.
			lr := m.cls[st.last]*m.runDim + int(st.run)
			idx := int32(int(st.idx) + (t.final[lr]-lr)*m.strideR + (nm-int(st.m))*m.strideM)
			if m.countWeekends {
				nw := t.weekends
				if t.firstSunday && st.last != 0 {
					nw++
				}
				idx += int32(nw * m.strideW)
			}
			for j := range m.tracked {
				idx += int32(t.counts[j] * m.strideT[j])
			}
			v := m.cur[st.idx] + t.cost
			if v < best || (v == best && idx < bestIdx) {
				best, bestIdx, bestPos = v, idx, i
			}
		}
		if bestIdx >= 0 {
			for d := last + 1; d <= m.end; d++ {
				for k, c := range cost[d] {
					if c < inf {
						row[d] = k - 1
					}
				}
			}
		}
	} else {
		for i, st := range m.curL {
			if int(st.m) < m.minU {
				continue
			}
			if v := m.cur[st.idx]; v < best || (v == best && st.idx < bestIdx) {
				best, bestIdx, bestPos = v, st.idx, i
			}
		}
	}
	for _, st := range m.curL {
		m.cur[st.idx] = inf
	}
	if bestIdx < 0 {
		return 0, false
	}
	for d := m.end + 1; d < m.nd; d++ {
		row[d] = Off
	}
	for d, i := last, bestPos; d >= 0; d-- {
		st := &m.lists[d][i]
		row[d] = int(st.last) - 1
		i = int(st.from)
	}
	return best, true
}

// dtrans is a move of the run state: choice k leads to run value run, and
// lr = k*runDim+run locates the new state.
type dtrans struct {
	k   int8
	run int16
	lr  int32
}

// dshift is what the DP needs of a shift type in its inner loop.
type dshift struct {
	ti   int   // index among the tracked counts, -1 when not tracked
	lenU int32 // length in minute units
	pen  int64 // Lagrangian penalty of the current solve
}

// prepare fills the transition table (once) and the per-shift data of
// the inner loop for this solve's penalties.
func (m *rowModel) prepare(penalty []int64) {
	m.tables()
	for s := range m.shift {
		m.shift[s].pen = penalty[s]
	}
}

// tables builds, once, the transitions of every (class, run) and the
// shifts' inner-loop data.
func (m *rowModel) tables() {
	if m.trans == nil {
		m.trans = make([][]dtrans, m.nc*m.runDim)
		for last := 0; last < m.nc; last++ {
			for run := 0; run < m.runDim; run++ {
				var ts []dtrans
				for k := 0; k <= m.ns; k++ {
					if k > 0 && m.p.Employees[m.e].MaxShifts[k-1] == 0 {
						continue
					}
					r2, ok := m.step(m.rep[last], run, k)
					if !ok {
						continue
					}
					ts = append(ts, dtrans{k: int8(k), run: int16(r2), lr: int32(m.cls[k]*m.runDim + r2)})
				}
				m.trans[last*m.runDim+run] = ts
			}
		}
		m.transK = make([]dtrans, len(m.trans)*(m.ns+1))
		for i := range m.transK {
			m.transK[i].k = -1
		}
		for lr, ts := range m.trans {
			for _, t := range ts {
				m.transK[lr*(m.ns+1)+int(t.k)] = t
			}
		}
		m.shift = make([]dshift, m.ns)
		for s := range m.shift {
			m.shift[s] = dshift{ti: -1, lenU: int32(m.lenU[s])}
			for i, t := range m.tracked {
				if t == s {
					m.shift[s].ti = i
				}
			}
		}
		m.groups()
	}
}

// groups numbers the interchangeable choices (see rowModel.group): shifts
// of one class (so the same next run state) and one length, neither
// tracked nor relaxed. A group of one is not a group.
func (m *rowModel) groups() {
	m.group = make([]int, m.ns+1)
	type key struct{ cls, lenU int }
	members := map[key][]int{}
	var keys []key
	for s := 0; s < m.ns; s++ {
		m.group[s+1] = -1
		if m.shift[s].ti >= 0 || slices.Contains(m.relaxed, s) || m.p.Employees[m.e].MaxShifts[s] == 0 {
			continue
		}
		k := key{m.cls[s+1], m.lenU[s]}
		if members[k] == nil {
			keys = append(keys, k)
		}
		members[k] = append(members[k], s+1)
	}
	m.group[0] = -1
	for _, k := range keys {
		if ks := members[k]; len(ks) > 1 {
			for _, c := range ks {
				m.group[c] = m.ngroups
			}
			m.ngroups++
		}
	}
	m.red = make([][]dtrans, len(m.trans))
	for lr, ts := range m.trans {
		m.red[lr] = make([]dtrans, 0, len(ts))
	}
	m.gbest = make([]int8, m.ngroups)
	m.redGen = make([]int64, len(m.trans))
}

// reduce sets red[lr] to trans[lr] with one choice per group, the one of
// least cost on the day (cd; ties to the lowest choice, which the full
// walk would keep too, as it replaces a state only by a cheaper one).
// Every member of a group reachable from lr leads to the same next
// state, so the others can never be kept.
func (m *rowModel) reduce(lr int, cd []int64) {
	ts := m.trans[lr]
	for g := range m.gbest {
		m.gbest[g] = -1
	}
	for _, t := range ts {
		if g := m.group[t.k]; g >= 0 && cd[t.k] < inf {
			if b := m.gbest[g]; b < 0 || cd[t.k] < cd[b] {
				m.gbest[g] = t.k
			}
		}
	}
	out := m.red[lr][:0]
	for _, t := range ts {
		if g := m.group[t.k]; g < 0 || m.gbest[g] == t.k {
			out = append(out, t)
		}
	}
	m.red[lr] = out
	m.redGen[lr] = m.gen
}

func (m *rowModel) useShift(st *dstate, s int) bool {
	if m.p.Employees[m.e].MaxShifts[s] == 0 {
		return false
	}
	for i, t := range m.tracked {
		if t == s {
			if int(st.c[i])+1 >= m.tDim[i] {
				return false
			}
			st.c[i]++
			return true
		}
	}
	return true
}

func (m *rowModel) addMinutes(st *dstate, s int) bool {
	v := int(st.m) + m.lenU[s]
	if v >= m.mDim {
		if !m.saturate {
			return false
		}
		v = m.mDim - 1
	}
	if v > m.capU {
		return false
	}
	st.m = int32(v)
	return true
}

// step applies the consecutive-day rules to the run state (last, run) when
// choice k (0 off, s+1 shift s) is taken the next day, returning the new
// run value. Off runs count days off up to mo; working runs encode
// (count-1)*2 + exempt, exempt marking the block that started the horizon.
func (m *rowModel) step(last, run, k int) (int, bool) {
	if k == 0 {
		if last == 0 {
			return min(run+1, m.mo-1), true
		}
		if run%2 == 0 && run/2+1 < m.mcMin {
			return 0, false
		}
		return 0, true
	}
	if last == 0 {
		if run < m.mo-1 {
			return 0, false
		}
		return 0, true
	}
	if m.p.Forbidden[last-1][k-1] || run/2+1 >= m.mc {
		return 0, false
	}
	return run + 2, true
}

// bound fills m.h with the exact cost-to-go of a relaxation that keeps
// only the successions and the consecutive-day rules: a lower bound used
// to prune states that cannot beat the upper bound.
//
// Without an upper bound nothing is pruned, and days before the first day
// with a choice (the fixed days before the window of a window move) carry
// a single state, so the bound is not computed there.
func (m *rowModel) bound(cost [][]int64, ub int64) {
	w := m.nc * m.runDim
	if len(m.h) != m.nd*w {
		m.h = make([]int64, m.nd*w)
	}
	first := m.nd - 1 // first day with more than one choice
	if ub < inf {
		for d, c := range cost {
			n := 0
			for _, v := range c {
				if v < inf {
					n++
				}
			}
			if n > 1 {
				first = d
				break
			}
		}
	} else {
		first = m.nd
	}
	if first >= m.nd {
		for i := range m.h {
			m.h[i] = noBound
		}
		return
	}
	for i := range m.h[:max(0, first-1)*w] {
		m.h[i] = noBound
	}
	last := m.h[(m.nd-1)*w : m.nd*w]
	for i := range last {
		last[i] = 0
	}
	m.tables()
	for d := m.nd - 2; d >= max(0, first-1); d-- {
		cur := m.h[d*w : (d+1)*w]
		nxt := m.h[(d+1)*w : (d+2)*w]
		cd := cost[d+1]
		only := -1 // the day's one allowed choice (-2: several)
		for k, c := range cd {
			if c < inf {
				if only == -1 {
					only = k
				} else {
					only = -2
					break
				}
			}
		}
		for lr := range cur {
			best := int64(inf)
			if only >= 0 {
				if t := m.transK[lr*(m.ns+1)+only]; t.k >= 0 {
					best = cd[only] + nxt[t.lr]
				}
			} else {
				for _, t := range m.trans[lr] {
					if c := cd[t.k]; c < inf {
						best = min(best, c+nxt[t.lr])
					}
				}
			}
			cur[lr] = min(best, inf)
		}
	}
}

// spanCost estimates the states a solve expands when it re-optimises win
// consecutive days of the row (the others fixed): every day carries at
// most the states a window of win days can reach, whose weekends, minutes
// and tracked counts can differ only by what the window adds.
func (m *rowModel) spanCost(win int) float64 {
	reach := float64(m.nc*m.runDim) * float64(min(m.wDim, win/7+2)) * float64(min(m.mDim, win*m.maxLenU+1))
	for _, d := range m.tDim {
		reach *= float64(min(d, win+1))
	}
	return float64(m.nd) * reach
}

// useTail turns on the summed walk of the fixed days after the last day
// with a choice (a variable so that tests can compare both walks).
var useTail = true

// single reports whether a day's costs allow exactly one choice.
func single(c []int64) bool {
	n := 0
	for _, v := range c {
		if v < inf {
			n++
		}
	}
	return n == 1
}

// dpTail is the effect of the fixed days after day last on a state of
// that day: which (class, run) pairs can walk them, and what they add.
type dpTail struct {
	feasible    []bool // by class*runDim + run
	final       []int  // class*runDim + run at the end, by the same
	cost        int64
	minutes     int // units
	weekends    int // weekends closed with work, given an off Saturday before
	firstSunday bool
	counts      [maxTracked]int
	ks          []int // the choice of each day walked (a buffer)
}

// tailEffect walks the one-choice days last+1..end once: their cost and
// penalties, minutes, tracked counts and closed weekends are additive;
// the consecutive rules and successions depend on the (class, run) at
// day last alone; and a Sunday first day off closes a weekend when
// Saturday was worked (firstSunday). The result is the model's own,
// reused by the next solve.
func (m *rowModel) tailEffect(cost [][]int64, penalty []int64, last int) *dpTail {
	t := &m.tail
	if t.feasible == nil {
		t.feasible, t.final = make([]bool, m.nc*m.runDim), make([]int, m.nc*m.runDim)
	}
	t.cost, t.minutes, t.weekends, t.firstSunday, t.counts = 0, 0, 0, false, [maxTracked]int{}
	ks := t.ks[:0]
	prev := -1
	for d := last + 1; d <= m.end; d++ {
		k := -1
		for j, c := range cost[d] {
			if c < inf {
				k = j
			}
		}
		ks = append(ks, k)
		t.cost += cost[d][k]
		if k > 0 {
			sh := &m.shift[k-1]
			t.cost += penalty[k-1]
			t.minutes += int(sh.lenU)
			if sh.ti >= 0 {
				t.counts[sh.ti]++
			}
		}
		if m.closing[d] {
			switch {
			case k != 0:
				t.weekends++
			case m.sunday[d] && d == last+1:
				t.firstSunday = true
			case m.sunday[d] && prev != 0:
				t.weekends++
			}
		}
		prev = k
	}
	for lr0 := range t.feasible {
		lr, ok := lr0, true
		for _, k := range ks {
			tr := m.transK[lr*(m.ns+1)+k]
			if tr.k < 0 {
				ok = false
				break
			}
			lr = int(tr.lr)
		}
		t.feasible[lr0], t.final[lr0] = ok, lr
	}
	t.ks = ks
	return t
}
