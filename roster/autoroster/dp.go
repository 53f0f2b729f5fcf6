package autoroster

import (
	"math"
	"sort"
)

const (
	inf        = math.MaxInt64 / 4
	maxTracked = 3       // shift types whose counts the DP tracks exactly
	stateLimit = 600_000 // largest dense state space per day
)

// rowModel is the per-employee dynamic programme: it finds a cheapest row
// (one shift or off per day) meeting every hard constraint of the employee,
// for given per-cell costs. Counts of shift types whose limit cannot be
// tracked within stateLimit states are handled by Lagrangian penalties and
// checked afterwards.
type rowModel struct {
	p                         *Problem
	e                         int
	ns, nd                    int
	mo                        int // min consecutive days off (>=1)
	mcMin                     int // min consecutive working days (>=1)
	mc                        int // max consecutive working days
	runDim                    int
	wDim                      int // weekends dimension (1 when unlimited)
	unit                      int // minutes unit (gcd of shift lengths)
	lenU                      []int
	maxLenU                   int
	mDim                      int // minutes dimension
	minU                      int // minimum minutes in units
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
	work                      *int64 // states expanded, summed over solves (may be nil)
	// buffers
	pred  [][]int32
	cur   []int64
	next  []int64
	curL  []dstate
	nextL []dstate
	h     []int64    // [day][last][run]: lower bound on the cost of later days
	trans [][]dtrans // [last*runDim+run]: the allowed next choices
	shift []dshift
}

type dstate struct {
	idx  int32
	last int8 // 0 = off, s+1
	run  int16
	w    int8
	m    int16
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
	base := (m.ns + 1) * m.runDim * m.wDim * m.mDim
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
// worker (which run one at a time).
type dpBuffers struct {
	pred      [][]int32
	cur, next []int64
}

func newDPBuffers(days, size int) *dpBuffers {
	b := &dpBuffers{pred: make([][]int32, days), cur: make([]int64, size), next: make([]int64, size)}
	for d := range b.pred {
		b.pred[d] = make([]int32, size)
	}
	for i := range b.cur {
		b.cur[i], b.next[i] = inf, inf
	}
	return b
}

func (m *rowModel) alloc() {
	if m.buf == nil {
		m.buf = newDPBuffers(m.nd, m.size)
	}
	m.pred, m.cur, m.next = m.buf.pred, m.buf.cur, m.buf.next
}

// solve returns the cheapest feasible row for the cell costs cost[d][k]
// (k = 0 off, k = s+1 shift s; values >= inf forbid the cell), or ok=false.
// penalty[s] is added to every use of shift s (Lagrangian term).
func (m *rowModel) solve(cost [][]int64, penalty []int64, row []int, ub int64) (best int64, ok bool) {
	m.alloc()
	m.bound(cost)
	m.curL = m.curL[:0]
	// Day 0.
	push := func(list *[]dstate, arr []int64, st dstate, c int64, d int, from int32) []dstate {
		idx := int(st.last)*m.strideR*m.runDim + int(st.run)*m.strideR + int(st.w)*m.strideW + int(st.m)*m.strideM
		for i := range m.tracked {
			idx += int(st.c[i]) * m.strideT[i]
		}
		st.idx = int32(idx)
		if arr[idx] >= inf {
			arr[idx] = c
			m.pred[d][idx] = from
			*list = append(*list, st)
		} else if c < arr[idx] {
			arr[idx] = c
			m.pred[d][idx] = from
		}
		return *list
	}
	remMax := func(d int) int { return (m.nd - 1 - d) * m.maxLenU }
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
			if m.wDim <= 1 {
				continue
			}
			st.w = 1
		}
		if int(st.m) < m.minU && int(st.m)+remMax(0) < m.minU {
			continue
		}
		if c+m.h[k*m.runDim+int(st.run)] > ub {
			continue
		}
		m.curL = push(&m.curL, m.cur, st, c, 0, -1)
	}
	m.prepare(penalty)
	for d := 1; d < m.nd; d++ {
		m.nextL = m.nextL[:0]
		cd := cost[d]
		if m.work != nil {
			*m.work += int64(len(m.curL))
		}
		hd := m.h[d*(m.ns+1)*m.runDim:]
		rem := remMax(d)
		closing := m.countWeekends && m.closing[d]
		sunday := m.sunday[d]
		next, pred := m.next, m.pred[d]
		for _, st := range m.curL {
			base := m.cur[st.idx]
			lr := int(st.last)*m.runDim + int(st.run)
			rest := int(st.idx) - lr*m.strideR // weekends, minutes and counts
			for _, tr := range m.trans[lr] {
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
					idx += (v - int(ns.m)) * m.strideM
					ns.m = int16(v)
					c += sh.pen
				}
				if closing && (k != 0 || (sunday && st.last != 0)) {
					ns.w++
					if int(ns.w) >= m.wDim {
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
					pred[idx] = st.idx
					m.nextL = append(m.nextL, ns)
				} else if v < old {
					next[idx] = v
					pred[idx] = st.idx
				}
			}
		}
		for _, st := range m.curL {
			m.cur[st.idx] = inf
		}
		m.cur, m.next = m.next, m.cur
		m.curL, m.nextL = m.nextL, m.curL
	}
	best = inf
	bestIdx := int32(-1)
	for _, st := range m.curL {
		if int(st.m) < m.minU {
			continue
		}
		if v := m.cur[st.idx]; v < best || (v == best && st.idx < bestIdx) {
			best, bestIdx = v, st.idx
		}
	}
	for _, st := range m.curL {
		m.cur[st.idx] = inf
	}
	if bestIdx < 0 {
		return 0, false
	}
	idx := bestIdx
	for d := m.nd - 1; d >= 0; d-- {
		last := int(idx) / (m.strideR * m.runDim)
		row[d] = last - 1
		idx = m.pred[d][idx]
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
	if m.trans == nil {
		m.trans = make([][]dtrans, (m.ns+1)*m.runDim)
		for last := 0; last <= m.ns; last++ {
			for run := 0; run < m.runDim; run++ {
				var ts []dtrans
				for k := 0; k <= m.ns; k++ {
					if k > 0 && m.p.Employees[m.e].MaxShifts[k-1] == 0 {
						continue
					}
					r2, ok := m.step(last, run, k)
					if !ok {
						continue
					}
					ts = append(ts, dtrans{k: int8(k), run: int16(r2), lr: int32(k*m.runDim + r2)})
				}
				m.trans[last*m.runDim+run] = ts
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
	}
	for s := range m.shift {
		m.shift[s].pen = penalty[s]
	}
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
	st.m = int16(v)
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
func (m *rowModel) bound(cost [][]int64) {
	w := (m.ns + 1) * m.runDim
	if len(m.h) != m.nd*w {
		m.h = make([]int64, m.nd*w)
	}
	last := m.h[(m.nd-1)*w : m.nd*w]
	for i := range last {
		last[i] = 0
	}
	for d := m.nd - 2; d >= 0; d-- {
		cur := m.h[d*w : (d+1)*w]
		nxt := m.h[(d+1)*w : (d+2)*w]
		for l := 0; l <= m.ns; l++ {
			for r := 0; r < m.runDim; r++ {
				best := int64(inf)
				for k := 0; k <= m.ns; k++ {
					c := cost[d+1][k]
					if c >= inf {
						continue
					}
					r2, ok := m.step(l, r, k)
					if !ok {
						continue
					}
					if v := c + nxt[k*m.runDim+r2]; v < best {
						best = v
					}
				}
				cur[l*m.runDim+r] = min(best, inf)
			}
		}
	}
}
