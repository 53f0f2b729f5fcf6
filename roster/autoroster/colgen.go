package autoroster

import (
	"math"
	"math/rand"
	"sort"
	"sync"
)

// Column generation and diving: the LP relaxation of the roster problem
// chooses, for every employee, a convex combination of feasible rows
// (columns) so that the cover rows are met up to priced shortfall and
// surplus. New columns come from each employee's row DP priced by the
// duals of the cover rows; that is the classic branch-and-price master
// problem. Instead of branching, the dive fixes the employees whose rows
// are (nearly) integral, re-solves, and repeats until every employee has a
// row: a primal heuristic that lands in a very different part of the
// search space from greedy construction and is usually close to optimal
// on the instances where the LP bound is tight.

// lpMaxRows bounds the size of the master (its dense basis inverse has
// rows^2 entries); larger problems skip this phase.
const lpMaxRows = 1500

// diveFixPct is the share of the free employees fixed at each step of the
// dive when none is integral.
const diveFixPct = 10

const lpFixBig = 1e7 // cost added to the columns an employee no longer may use

// cellFixPct is the share of the free employees that get a cell held at
// each step of a cell dive.
const cellFixPct = 30

// diveRounds bounds the pricing rounds after each fixing step of the dive.
const diveRounds = 6

type colGen struct {
	w       *worker
	helpers []*worker
	lp      *lpMaster
	nCover  int
	owner   []int // employee of each column, -1 for slacks
	rows    [][]int
	seen    map[string]bool
	fixed   []bool
	fixCol  []int
	start   Solution
	conv    []int // convexity row of each free employee, -1 for fixed ones
	lam     [][]float64
	rng     *rand.Rand
	bound   float64 // Lagrangian bound at the root (valid when pricing was exact)
	value   float64 // the master's value at the end of the root
	rounds  int
	rootLam [][]float64
	halted  bool
	// limit, when positive, bounds the effort (spent) of the root and the
	// dive: past it the dive is stopped as by the caller's stop. rootLimit,
	// when positive, gives up the dive when the root is not solved within
	// that effort. Both are checked between pricing rounds only, where
	// every worker of the team is idle, so they cut at the same point on
	// every run (a clock would not).
	limit, rootLimit int64
	// ticksFrom and pivotsFrom: the team's ticks and the master's pivots
	// when it was made or cloned (see spent).
	ticksFrom  int64
	pivotsFrom int
	// window: rows may differ from start only on days lo..hi, and the
	// master has cover rows for those days alone (lo, hi: 0, nd-1 for a
	// master of the whole horizon).
	window   bool
	lo, hi   int
	haltFree []int      // employees still free when the dive was stopped
	ban      [][]uint64 // cell dives: [e][d] choices (bit k: 0 off, s+1) no longer allowed
	// hurry: cell dives fix more cells at a time once much of limit is
	// spent (dives from the root, which share a part of the run).
	hurry bool
	// cutoff: a cell dive whose master value (after its re-pricing
	// rounds) exceeds it gives up and sets pruned; +Inf: never.
	cutoff float64
	pruned bool
	// The shortfall and surplus columns of each cover row.
	slackU, slackO []int
}

// newColGen builds the restricted master for the employees marked in
// free (all when free is nil), the others keeping their rows of start, with
// start's rows of the free employees as the first columns. The first basis
// (those columns and one shortfall or surplus variable per cover row) is
// triangular, so its inverse is written down directly.
func (w *worker) newColGen(start Solution, helpers []*worker, free []bool) *colGen {
	return w.newColGenIn(start, helpers, free, 0, w.nd-1)
}

// newColGenIn is newColGen for a master whose rows may differ from start
// only on days lo..hi: it has cover rows for those days alone, so that a
// window of a long roster fits (the other days' cover is constant).
func (w *worker) newColGenIn(start Solution, helpers []*worker, free []bool, lo, hi int) *colGen {
	nCover := (hi - lo + 1) * w.ns
	var frees []int
	for e := 0; e < w.ne; e++ {
		if free == nil || free[e] {
			frees = append(frees, e)
		}
	}
	m := nCover + len(frees)
	if m > lpMaxRows || len(frees) == 0 {
		return nil
	}
	cg := &colGen{w: w, helpers: helpers, nCover: nCover, seen: map[string]bool{},
		fixed: make([]bool, w.ne), fixCol: make([]int, w.ne), conv: make([]int, w.ne), start: start,
		cutoff: math.Inf(1), window: lo > 0 || hi < w.nd-1, lo: lo, hi: hi,
		rng: rand.New(rand.NewSource(w.rng.Int63()))}
	cg.ticksFrom = cg.teamTicks()
	b := make([]float64, m)
	for d := lo; d <= hi; d++ {
		for s := 0; s < w.ns; s++ {
			// A tiny perturbation breaks the degeneracy of the cover rows.
			b[cg.coverRow(d, s)] = float64(w.req[d][s]) + 1e-7*cg.rng.Float64()
		}
	}
	for e := range cg.conv {
		cg.conv[e] = -1
	}
	for i, e := range frees {
		cg.conv[e] = nCover + i
		b[nCover+i] = 1
	}
	for e, row := range start {
		if cg.conv[e] >= 0 {
			continue
		}
		cg.fixed[e] = true
		for d := lo; d <= hi; d++ {
			if s := row[d]; s != Off {
				b[cg.coverRow(d, s)]--
			}
		}
	}
	cg.lp = newLPMaster(b)
	lp := cg.lp
	for i, e := range frees {
		j := cg.addRow(e, start[e])
		lp.basis[nCover+i] = j
		lp.pos[j] = int32(nCover + i)
	}
	count := make([]float64, nCover)
	for _, e := range frees {
		for d := lo; d <= hi; d++ {
			if s := start[e][d]; s != Off {
				count[cg.coverRow(d, s)]++
			}
		}
	}
	for d := lo; d <= hi; d++ {
		for s := 0; s < w.ns; s++ {
			r := cg.coverRow(d, s)
			u := lp.add(lpCol{cost: float64(w.under[d][s]), rows: []int32{int32(r)}, sign: 1})
			o := lp.add(lpCol{cost: float64(w.over[d][s]), rows: []int32{int32(r)}, sign: -1})
			cg.owner = append(cg.owner, -1, -1)
			cg.slackU, cg.slackO = append(cg.slackU, u), append(cg.slackO, o)
			j, sign := u, 1.0
			if b[r] < count[r] {
				j, sign = o, -1.0
			}
			lp.basis[r] = j
			lp.pos[j] = int32(r)
			lp.binv[r*m+r] = sign
		}
	}
	// B = [[S, A], [0, I]] with S = diag(sign): B^-1 = [[S, -S A], [0, I]].
	for i := range frees {
		c := &lp.cols[lp.basis[nCover+i]]
		for _, r := range c.rows {
			if int(r) < nCover {
				lp.binv[int(r)*m+nCover+i] = -lp.binv[int(r)*m+int(r)]
			}
		}
		lp.binv[(nCover+i)*m+nCover+i] = 1
	}
	lp.computeX()
	cg.lam = make([][]float64, w.nd)
	for d := range cg.lam {
		cg.lam[d] = make([]float64, w.ns)
	}
	cg.rows = make([][]int, w.ne)
	for e := range cg.rows {
		cg.rows[e] = make([]int, w.nd)
	}
	return cg
}

// coverRow is the master's row of the cover of shift s on day d.
func (cg *colGen) coverRow(d, s int) int { return (d-cg.lo)*cg.w.ns + s }

// coverCell is the day and shift of cover row r.
func (cg *colGen) coverCell(r int32) (d, s int) {
	return int(r)/cg.w.ns + cg.lo, int(r) % cg.w.ns
}

// addRow adds employee e's row as a column (once) and returns its index,
// or -1 if it was there already.
func (cg *colGen) addRow(e int, row []int) int {
	w := cg.w
	key := make([]byte, 0, len(row)+2)
	key = append(key, byte(e), byte(e>>8))
	for _, s := range row {
		key = append(key, byte(s+1))
	}
	if cg.seen[string(key)] {
		return -1
	}
	cg.seen[string(key)] = true
	c := lpCol{sign: 1, rows: []int32{int32(cg.conv[e])}, cost: float64(w.requestCost(e, row))}
	for d, s := range row {
		if s != Off && d >= cg.lo && d <= cg.hi {
			c.rows = append(c.rows, int32(cg.coverRow(d, s)))
		}
	}
	if cg.fixed[e] {
		c.cost += lpFixBig
	}
	cg.owner = append(cg.owner, e)
	return cg.lp.add(c)
}

// price solves every free employee's DP under the current duals and adds
// the rows of negative reduced cost; it returns how many were added.
func (cg *colGen) price(stopped func() bool) int {
	added, _ := cg.priceAt(cg.lp.y, stopped)
	return added
}

// priceAt prices every free employee under the duals y (indexed like the
// master's rows: cover rows, then convexity rows) and adds the rows of
// negative reduced cost. It returns how many were added and the Lagrangian
// bound at y: the dual objective with each convexity dual lowered to the
// employee's least reduced cost (a lower bound on the LP when every DP
// was exact and y meets the bounds of the shortfall and surplus columns).
func (cg *colGen) priceAt(y []float64, stopped func() bool) (added int, bound float64) {
	w, lp := cg.w, cg.lp
	for d := cg.lo; d <= cg.hi; d++ {
		for s := 0; s < w.ns; s++ {
			cg.lam[d][s] = -y[cg.coverRow(d, s)]
		}
	}
	team := append([]*worker{w}, cg.helpers...)
	oks := make([]bool, w.ne)
	var wg sync.WaitGroup
	for t, h := range team {
		wg.Add(1)
		go func(t int, h *worker) {
			defer wg.Done()
			for e := t; e < w.ne; e += len(team) {
				if cg.fixed[e] || stopped() {
					continue
				}
				// Only rows cheaper than the convexity dual price out.
				limit := int64(math.Floor(y[cg.conv[e]]*1024)) - 1
				var ban []uint64
				if cg.ban != nil {
					ban = cg.ban[e]
				}
				if cg.window {
					_, oks[e] = h.priceRowIn(e, cg.lam, cg.rows[e], nil, limit, cg.start[e], cg.lo, cg.hi, ban)
				} else {
					_, oks[e] = h.priceRowIn(e, cg.lam, cg.rows[e], nil, limit, nil, 0, w.nd-1, ban)
				}
			}
		}(t, h)
	}
	wg.Wait()
	for r, v := range y {
		bound += v * lp.b[r]
	}
	if !cg.slacksPriced(y) {
		bound = math.Inf(-1)
	}
	for e := 0; e < w.ne; e++ {
		if !oks[e] || cg.fixed[e] {
			continue
		}
		rc := -y[cg.conv[e]]
		for d, s := range cg.rows[e] {
			rc += float64(w.base[e][d][s+1])
			if s != Off && d >= cg.lo && d <= cg.hi {
				rc -= y[cg.coverRow(d, s)]
			}
		}
		if rc < 0 {
			bound += rc
		}
		if rc < -1e-6 && cg.addRow(e, cg.rows[e]) >= 0 {
			added++
		}
	}
	return added, bound
}

// slacksPriced reports whether no shortfall or surplus column has a
// negative reduced cost at the duals y; else the Lagrangian function at y,
// in which those columns are unbounded, bounds nothing (the master's duals
// can be such when the simplex stopped at its pivot limit).
func (cg *colGen) slacksPriced(y []float64) bool {
	cols := cg.lp.cols
	for r := 0; r < cg.nCover; r++ {
		if y[r] > cols[cg.slackU[r]].cost+1e-6 || -y[r] > cols[cg.slackO[r]].cost+1e-6 {
			return false
		}
	}
	return true
}

// converge alternates simplex and pricing until no column prices out,
// at most maxRounds rounds; it reports whether it converged.
func (cg *colGen) converge(maxRounds int, stopped func() bool) bool {
	for r := 0; r < maxRounds; r++ {
		if stopped() || cg.over() {
			return false
		}
		cg.lp.solve(50 * cg.lp.m)
		cg.rounds++
		if cg.price(stopped) == 0 {
			return true
		}
	}
	cg.lp.solve(50 * cg.lp.m)
	return false
}

// stabilised, used at the root, is converge with Wentges' dual smoothing:
// the DPs price a point between the duals of the best Lagrangian bound so
// far (the stability centre) and the master's duals, which damps the
// oscillation of the duals from round to round and so cuts the number of
// rounds and of simplex pivots. A row of negative reduced cost at the
// smoothed point prices out at the master's duals too (the centre is dual
// feasible and reduced costs are affine in the duals); when there is none
// (a mispricing) the bound at the smoothed point raises the centre and the
// master's duals are priced instead. It stops when the bound reaches the
// master's value, or once both round up to the same integer, and returns
// whether it did and the best bound.
func (cg *colGen) stabilised(maxRounds int, stopped func() bool) (converged bool, bound float64) {
	lp := cg.lp
	var center []float64
	best := math.Inf(-1)
	ysep := make([]float64, lp.m)
	over := func() bool { return stopped() || cg.over() || cg.rootOver() }
	for r := 0; r < maxRounds; r++ {
		if over() {
			return false, best
		}
		lp.solve(50 * lp.m)
		cg.rounds++
		z := lp.objective()
		alpha := 0.0
		if center != nil {
			alpha = cgSmoothing
		}
		for {
			if cg.closed(best, z) {
				return true, best
			}
			for i := range ysep {
				ysep[i] = lp.y[i]
				if alpha > 0 {
					ysep[i] = alpha*center[i] + (1-alpha)*lp.y[i]
				}
			}
			added, b := cg.priceAt(ysep, stopped)
			if over() {
				return false, best
			}
			if b > best {
				best = b
				center = append(center[:0], ysep...)
			}
			if added > 0 {
				break
			}
			if alpha == 0 {
				return true, best
			}
			alpha = 0
		}
	}
	lp.solve(50 * lp.m)
	return false, best
}

// cgSmoothing is the weight of the stability centre in the smoothed duals.
const cgSmoothing = 0.5

// closed reports whether the Lagrangian bound meets the master's value z.
func (cg *colGen) closed(bound, z float64) bool {
	if bound >= z-1e-6*max(1, math.Abs(z)) {
		return true
	}
	// Costs are integers (the right-hand side is perturbed by far less than
	// 1e-3): once the bound rounds up to the value's integer,
	// more rounds cannot raise the bound on the roster's objective.
	return math.Ceil(bound-1e-3) >= math.Ceil(z-1e-3)
}

// fix ties employee e to column j: every other column of e becomes
// prohibitively expensive and e is no longer priced.
func (cg *colGen) fix(e, j int) {
	cg.fixed[e] = true
	cg.fixCol[e] = j
	for k, o := range cg.owner {
		if o == e && k != j {
			cg.lp.cols[k].cost += lpFixBig
			cg.lp.dead[k] = true
		}
	}
}

// poolSize is the most rows the pool keeps per employee.
const poolSize = 48

// keepRoot adds the rows of positive value in c's LP solution to w's pool.
func (w *worker) keepRoot(c *colGen) {
	if c.window {
		return // its columns hold the window's cells alone
	}
	if w.pool == nil {
		w.pool = make([][][]int, w.ne)
	}
	for k, e := range c.owner {
		if e < 0 || c.fixed[e] || c.lp.value(k) <= 1e-9 {
			continue
		}
		row := make([]int, w.nd)
		for d := range row {
			row[d] = Off
		}
		for _, r := range c.lp.cols[k].rows {
			if int(r) < c.nCover {
				d, s := c.coverCell(r)
				row[d] = s
			}
		}
		w.pool[e] = append(w.pool[e], row)
		if len(w.pool[e]) > poolSize {
			w.pool[e] = w.pool[e][1:]
		}
	}
}

// addPool adds the pool's rows of the free employees as columns.
func (cg *colGen) addPool() {
	for e, rows := range cg.w.pool {
		if cg.conv[e] < 0 {
			continue
		}
		for _, row := range rows {
			cg.addRow(e, row)
		}
	}
}

// dive solves the root and dives from it (see root and diveFrom).
func (cg *colGen) dive(stopped func() bool) Solution {
	if !cg.root(stopped) {
		return nil
	}
	return cg.diveFrom(stopped, 0)
}

// root runs column generation at the root: it sets the bound and the root
// duals as cover prices (rootLam), and reports false, marking the colGen
// halted, when the root spent rootLimit before it was solved.
func (cg *colGen) root(stopped func() bool) bool {
	w, lp := cg.w, cg.lp
	converged, bound := cg.stabilised(200, stopped)
	cg.bound, cg.value = bound, lp.objective()
	cg.rootLam = make([][]float64, w.nd)
	for d := range cg.rootLam {
		cg.rootLam[d] = make([]float64, w.ns)
		if d < cg.lo || d > cg.hi {
			continue
		}
		for s := range cg.rootLam[d] {
			cg.rootLam[d][s] = min(max(-lp.y[cg.coverRow(d, s)], -float64(w.under[d][s])), float64(w.over[d][s]))
		}
	}
	if !converged && cg.rootOver() && !cg.nearlyClosed() {
		// Too slow to dive: the duals so far still price the cover.
		cg.halted = true
		cg.bound = math.Inf(-1)
		return false
	}
	return true
}

// lowerBound is the least objective any roster can have by the root's
// Lagrangian bound, rounded up, or math.MinInt64 when the root gives no
// such bound: it was halted, or some employee's pricing DP meets a limit
// through penalties (then it is not exact). The caller must also know
// that the master covers the whole roster and the objective has no term
// outside the master (fairness). The bound is taken down first by what
// pricing with duals rounded to 1/1024 a cell, and its limit just below
// the convexity dual, can miss (each employee's least reduced cost, by up
// to (nd+2)/1024) and by what the cover rows' tiny perturbation can add
// (1e-7 times the larger cover weight of each row).
func (cg *colGen) lowerBound() int64 {
	w := cg.w
	if cg.halted || cg.window || math.IsInf(cg.bound, 0) || math.IsNaN(cg.bound) {
		return math.MinInt64
	}
	for _, m := range w.models {
		if len(m.relaxed) > 0 {
			return math.MinInt64
		}
	}
	margin := float64(w.ne*(w.nd+2))/1024 + 1e-6
	for d := range w.under {
		for s := range w.under[d] {
			margin += 1e-7 * float64(max(w.under[d][s], w.over[d][s]))
		}
	}
	return int64(math.Ceil(cg.bound - margin))
}

// nearlyClosed reports whether the root's Lagrangian bound is within
// tuneRootGap of the master's value: a root stopped by its time limit so
// close to its end prices and dives as well as a finished one (a 56-day
// roster of 32 employees finished its root just before the limit in some
// runs and not in others: 11,714 with dives, 12,162 without).
func (cg *colGen) nearlyClosed() bool {
	return !math.IsInf(cg.bound, -1) && cg.value-cg.bound <= tuneRootGap*max(1, math.Abs(cg.value))
}

// cloneFor copies the master and the dive's state for a dive run by
// worker w, pricing with helpers, with buffers and a random source of its
// own, so that several dives can start from one solved root, also at once.
func (cg *colGen) cloneFor(w *worker, helpers []*worker) *colGen {
	c := *cg
	c.w, c.helpers = w, helpers
	// The clone's random source comes from w's, so that clones made on
	// several threads at once do not share one.
	c.rng = rand.New(rand.NewSource(w.rng.Int63()))
	lp := *cg.lp
	lp.b = append([]float64(nil), cg.lp.b...)
	lp.cols = append([]lpCol(nil), cg.lp.cols...)
	lp.basis = append([]int(nil), cg.lp.basis...)
	lp.pos = append([]int32(nil), cg.lp.pos...)
	lp.dead = append([]bool(nil), cg.lp.dead...)
	lp.binv = append([]float64(nil), cg.lp.binv...)
	lp.xb = append([]float64(nil), cg.lp.xb...)
	lp.y = append([]float64(nil), cg.lp.y...)
	lp.d = append([]float64(nil), cg.lp.d...)
	c.lp = &lp
	c.owner = append([]int(nil), cg.owner...)
	c.fixed = append([]bool(nil), cg.fixed...)
	c.fixCol = append([]int(nil), cg.fixCol...)
	if cg.ban != nil {
		c.ban = make([][]uint64, len(cg.ban))
		for e := range cg.ban {
			c.ban[e] = append([]uint64(nil), cg.ban[e]...)
		}
	}
	c.seen = make(map[string]bool, len(cg.seen))
	for k := range cg.seen {
		c.seen[k] = true
	}
	c.lam = make([][]float64, len(cg.lam))
	for d := range c.lam {
		c.lam[d] = append([]float64(nil), cg.lam[d]...)
	}
	c.rows = make([][]int, len(cg.rows))
	for e := range c.rows {
		c.rows[e] = append([]int(nil), cg.rows[e]...)
	}
	c.ticksFrom, c.pivotsFrom = c.teamTicks(), c.lp.pivots
	c.limit, c.rootLimit = 0, 0
	return &c
}

// diveFrom fixes employees until all have a row: at each step every
// employee whose best row has value >= 0.99, or else the 10% of free
// employees whose best rows have the largest values (each value plus a
// random share of noise, 0 for the plain dive), then re-prices. When
// stopped before the end, every employee still free gets the row of largest
// value in the current LP solution, so the result is always a roster
// meeting every employee's hard constraints.
func (cg *colGen) diveFrom(stopped func() bool, noise float64) Solution {
	w := cg.w
	left := 0
	for e := range cg.conv {
		if cg.conv[e] >= 0 {
			left++
		}
	}
	for left > 0 {
		halt := stopped() || cg.over()
		cg.halted = cg.halted || halt
		var fixNow, frac [][2]int
		var fracV []float64
		for e := 0; e < w.ne; e++ {
			if cg.fixed[e] {
				continue
			}
			j, v := cg.bestColumn(e)
			if halt {
				cg.haltFree = append(cg.haltFree, e)
			}
			if v >= 0.99 || halt {
				fixNow = append(fixNow, [2]int{e, j})
			} else {
				frac = append(frac, [2]int{e, j})
				fracV = append(fracV, v+noise*cg.rng.Float64())
			}
		}
		if len(fixNow) == 0 {
			// The largest values first; a share of the free employees at a
			// time keeps the number of re-solves small on large rosters.
			idx := make([]int, len(frac))
			for i := range idx {
				idx[i] = i
			}
			sort.SliceStable(idx, func(a, b int) bool { return fracV[idx[a]] > fracV[idx[b]] })
			n := max(1, left*diveFixPct/100)
			for _, i := range idx[:min(n, len(idx))] {
				fixNow = append(fixNow, frac[i])
			}
		}
		for _, f := range fixNow {
			cg.fix(f[0], f[1])
			left--
		}
		if left > 0 {
			cg.converge(diveRounds, stopped)
		}
	}
	return cg.solution()
}

// solution is the roster of the fixed columns (start's rows for the
// employees outside the master).
func (cg *colGen) solution() Solution {
	w, lp := cg.w, cg.lp
	sol := make(Solution, w.ne)
	for e := range sol {
		sol[e] = make([]int, w.nd)
		if cg.conv[e] < 0 {
			copy(sol[e], cg.start[e])
			continue
		}
		copy(sol[e], cg.start[e])
		for d := cg.lo; d <= cg.hi; d++ {
			sol[e][d] = Off
		}
		for _, r := range lp.cols[cg.fixCol[e]].rows {
			if int(r) < cg.nCover {
				d, s := cg.coverCell(r)
				sol[e][d] = s
			}
		}
	}
	return sol
}

// cellDiveFrom is diveFrom fixing cells rather than rows: at each step the
// employees with a (nearly) integral row are fixed to it as before; else
// the LP's share of each employee's rows that work shift s on day d (or are
// off) is summed per cell, and the most decided fractional cells (the
// largest shares, plus noise), one per employee, cellFixPct % of the free
// employees, are held: columns that disagree die and the DPs keep the held
// cells. Fixing a day of a roster rather than all of it changes the LP far
// less, so the dive strays less from the LP optimum. With holdIntegral the
// cells at >= 0.99 are held too (no LP value changes, but the DPs get much
// faster and the dive much shorter; it also gets greedier, as those cells
// might have changed later).
func (cg *colGen) cellDiveFrom(stopped func() bool, noise float64, holdIntegral bool) Solution {
	w, lp := cg.w, cg.lp
	began := cg.spent()
	cg.allocBan()
	z := make([][]float64, w.nd)
	for d := range z {
		z[d] = make([]float64, w.ns+1)
	}
	left := 0
	for e := range cg.conv {
		if cg.conv[e] >= 0 && !cg.fixed[e] {
			left++
		}
	}
	type cell struct {
		e, d, k int
		v       float64
	}
	for left > 0 {
		halt := stopped() || cg.over()
		cg.halted = cg.halted || halt
		var cands []cell
		nfix := 0
		for e := 0; e < w.ne; e++ {
			if cg.fixed[e] {
				continue
			}
			j, v := cg.bestColumn(e)
			if v >= 0.99 || halt {
				if halt {
					cg.haltFree = append(cg.haltFree, e)
				}
				cg.fix(e, j)
				left--
				nfix++
				continue
			}
			for d := range z {
				for k := range z[d] {
					z[d][k] = 0
				}
			}
			for k, o := range cg.owner {
				if o == e {
					if x := lp.value(k); x > 1e-9 {
						cg.addChoices(z, k, x)
					}
				}
			}
			best := cell{e: e, d: -1, v: -1}
			for d := 0; d < w.nd; d++ {
				if cg.held(e, d) {
					continue
				}
				for k, x := range z[d] {
					if x >= 0.99 {
						if holdIntegral {
							cg.holdCell(e, d, k)
						}
					} else if x > 1e-9 {
						if y := x + noise*cg.rng.Float64(); y > best.v {
							best = cell{e, d, k, y}
						}
					}
				}
			}
			if best.d >= 0 {
				cands = append(cands, best)
			}
		}
		if nfix == 0 && len(cands) > 0 {
			sort.SliceStable(cands, func(a, b int) bool { return cands[a].v > cands[b].v })
			n := max(1, left*cellFixPct/100)
			if cg.hurry && cg.limit > 0 {
				// Hurry when most of the effort is gone: a finished
				// dive is worth more than a careful one that is cut
				// short.
				now := cg.spent()
				if used, rest := now-began, cg.limit-now; used > rest {
					n *= 4
				} else if 3*used > rest {
					n *= 2
				}
			}
			for _, c := range cands[:min(n, len(cands))] {
				cg.holdCell(c.e, c.d, c.k)
			}
		}
		if left > 0 {
			cg.converge(diveRounds, stopped)
			if lp.objective() > cg.cutoff {
				cg.pruned = true
				return nil
			}
		}
	}
	return cg.solution()
}

// bestColumn returns employee e's column of largest value in the current
// LP solution, and that value.
func (cg *colGen) bestColumn(e int) (j int, v float64) {
	j, v = -1, -1.0
	for k, o := range cg.owner {
		if o == e {
			if x := cg.lp.value(k); x > v {
				j, v = k, x
			}
		}
	}
	return j, v
}

// addChoices adds x to z[d][k] for the choice k of column j on every day.
func (cg *colGen) addChoices(z [][]float64, j int, x float64) {
	w := cg.w
	worked := make([]bool, w.nd)
	for _, r := range cg.lp.cols[j].rows {
		if int(r) < cg.nCover {
			d, s := cg.coverCell(r)
			z[d][s+1] += x
			worked[d] = true
		}
	}
	for d := cg.lo; d <= cg.hi; d++ {
		if !worked[d] {
			z[d][0] += x
		}
	}
}

// allocBan makes the cell restrictions (none) if there are none yet.
func (cg *colGen) allocBan() {
	if cg.ban != nil {
		return
	}
	cg.ban = make([][]uint64, cg.w.ne)
	for e := range cg.ban {
		cg.ban[e] = make([]uint64, cg.w.nd)
	}
}

// cellChoices reports whether cell restrictions can be expressed: one bit
// per choice (off and every shift) in a uint64.
func (cg *colGen) cellChoices() bool { return cellChoicesFit(cg.w.ns) }

// cellChoicesFit reports whether off and ns shift types fit in the uint64
// of a cell restriction.
func cellChoicesFit(ns int) bool { return ns+1 <= 64 }

// held reports whether employee e has a single choice left on day d.
func (cg *colGen) held(e, d int) bool {
	all := uint64(1)<<(cg.w.ns+1) - 1
	left := all &^ cg.ban[e][d]
	return left&(left-1) == 0
}

// holdCell keeps employee e's choice k on day d: the DP may no longer
// choose otherwise and every column of e that does dies.
func (cg *colGen) holdCell(e, d, k int) {
	cg.ban[e][d] |= (uint64(1)<<(cg.w.ns+1) - 1) &^ (1 << k)
	cg.killBanned(e, d)
}

// killBanned kills every column of e whose choice on day d is banned.
func (cg *colGen) killBanned(e, d int) {
	for j, o := range cg.owner {
		if o != e || cg.lp.dead[j] {
			continue
		}
		got := 0
		for _, r := range cg.lp.cols[j].rows {
			if int(r) < cg.nCover {
				if dr, s := cg.coverCell(r); dr == d {
					got = s + 1
				}
			}
		}
		if cg.ban[e][d]>>got&1 != 0 {
			cg.lp.cols[j].cost += lpFixBig
			cg.lp.dead[j] = true
		}
	}
}

// lpMove re-solves the rows of k employees jointly (the others fixed) by
// column generation and a dive over their columns, and keeps the result
// when it does not worsen the objective. Re-optimising several rows
// together finds exchanges that one-row-at-a-time moves cannot, such as
// one employee taking a shift so that another can move a working block.
// It returns whether the roster changed.
func (w *worker) lpMove(k int, stopped func() bool) bool {
	free := make([]bool, w.ne)
	for _, e := range w.rng.Perm(w.ne)[:k] {
		free[e] = true
	}
	start := w.sol.Clone()
	cg := w.newColGen(start, nil, free)
	if cg == nil {
		return false
	}
	cg.limit = w.lpCap
	sol := cg.dive(stopped)
	cg.chargeMove()
	return w.adoptIfNotWorse(sol, start)
}

// lpWindowMove re-solves every employee's cells on a window of days
// jointly (the other days fixed) by column generation and a dive, and keeps
// the result when it does not worsen the objective: the time-window
// decomposition of fix-and-optimise heuristics. It returns whether the
// roster changed.
func (w *worker) lpWindowMove(length int, stopped func() bool) bool {
	length = min(length, w.nd)
	lo := w.rng.Intn(w.nd - length + 1)
	start := w.sol.Clone()
	cg := w.newColGenIn(start, nil, nil, lo, lo+length-1)
	if cg == nil {
		return false
	}
	cg.limit = w.lpCap
	sol := cg.dive(stopped)
	cg.chargeMove()
	return w.adoptIfNotWorse(sol, start)
}

// adoptIfNotWorse makes sol the worker's roster when it is not worse than
// the current one, start (a copy of it); it reports whether it did.
func (w *worker) adoptIfNotWorse(sol, start Solution) bool {
	if sol == nil {
		return false
	}
	before := w.fullObjective()
	w.load(sol)
	if w.fullObjective() <= before {
		return true
	}
	w.load(start)
	return false
}

// simplexWork is the simplex effort of the master so far in the unit of
// worker.dpWork (DP states, each a few transitions): a pivot costs about
// m^2 multiply-adds, counted as m^2/16 states.
func (cg *colGen) simplexWork() int64 {
	m := int64(cg.lp.m)
	return int64(cg.lp.pivots) * m * m / 16
}

// simplexTicks is the time of the master's simplex since it was made,
// cloned or last charged, in ticks (worker.ticks): m^3/8400 a pivot for a
// master of m rows, fitted with the DP's weights (the update of the
// inverse is m^2, but larger masters also price more columns a pivot:
// m^2/44, the weight before, gave instance 9's masters of 148 rows 1.6
// times the time per pivot of instance 12's of 340).
func (cg *colGen) simplexTicks() int64 {
	m := int64(cg.lp.m)
	return int64(cg.lp.pivots-cg.pivotsFrom) * (m * m * m / simplexCube)
}

// simplexCube: a pivot of a master of m rows is m^3/simplexCube ticks.
const simplexCube = 8400

// teamTicks is the ticks of the worker and its helpers so far.
func (cg *colGen) teamTicks() int64 {
	n := cg.w.ticks
	for _, h := range cg.helpers {
		n += h.ticks
	}
	return n
}

// spent is the ticks of this master since it was made or cloned: its
// team's DPs and its pivots. Read it only between pricing rounds, where
// the helpers are idle.
func (cg *colGen) spent() int64 {
	return cg.teamTicks() - cg.ticksFrom + cg.simplexTicks()
}

// over reports whether the master spent its limit.
func (cg *colGen) over() bool { return cg.limit > 0 && cg.spent() >= cg.limit }

// rootOver reports whether the master spent its root's limit.
func (cg *colGen) rootOver() bool { return cg.rootLimit > 0 && cg.spent() >= cg.rootLimit }

// chargeMove charges a move's master (lpMove, lpWindowMove, an anchored
// dive): its ticks, and its simplex effort to dpWork, which steers the
// balance of moves (the root and its dives leave dpWork alone, as the
// search was tuned).
func (cg *colGen) chargeMove() {
	cg.chargeSimplex()
	cg.w.dpWork += cg.simplexWork()
}

// chargeSimplex adds the ticks of the master's pivots not charged yet to
// the worker's (the DPs count their own); spent stays the same. The
// helpers wait while the worker pivots, yet charging the pivots once
// tracks the time best: fitted over the benchmark, where instance 12's
// root is mostly pivots.
func (cg *colGen) chargeSimplex() {
	cg.w.ticks += cg.simplexTicks()
	cg.w.shown.Store(cg.w.ticks)
	cg.pivotsFrom = cg.lp.pivots
}
