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

// diveRounds bounds the pricing rounds after each fixing step of the dive.
const diveRounds = 6

const lpFixBig = 1e7 // cost added to the columns an employee no longer may use

type colGen struct {
	w        *worker
	helpers  []*worker
	lp       *lpMaster
	nCover   int
	owner    []int // employee of each column, -1 for slacks
	rows     [][]int
	seen     map[string]bool
	fixed    []bool
	fixCol   []int
	start    Solution
	conv     []int // convexity row of each free employee, -1 for fixed ones
	lam      [][]float64
	rng      *rand.Rand
	bound    float64 // LP value at the root (a lower bound when pricing was exact)
	rounds   int
	rootLam  [][]float64
	rootStop func() bool // gives up the dive when the root takes too long
	halted   bool
	window   bool // rows may differ from start only on days lo..hi
	lo, hi   int
	haltFree []int // employees still free when the dive was stopped
}

// newColGen builds the restricted master for the employees marked in
// free (all when free is nil), the others keeping their rows of start, with
// start's rows of the free employees as the first columns. The first basis
// (those columns and one shortfall or surplus variable per cover row) is
// triangular, so its inverse is written down directly.
func (w *worker) newColGen(start Solution, helpers []*worker, free []bool) *colGen {
	nCover := w.nd * w.ns
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
		rng: rand.New(rand.NewSource(w.rng.Int63()))}
	b := make([]float64, m)
	for d := 0; d < w.nd; d++ {
		for s := 0; s < w.ns; s++ {
			// A tiny perturbation breaks the degeneracy of the cover rows.
			b[d*w.ns+s] = float64(w.req[d][s]) + 1e-7*cg.rng.Float64()
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
		for d, s := range row {
			if s != Off {
				b[d*w.ns+s]--
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
		for d, s := range start[e] {
			if s != Off {
				count[d*w.ns+s]++
			}
		}
	}
	for d := 0; d < w.nd; d++ {
		for s := 0; s < w.ns; s++ {
			r := d*w.ns + s
			u := lp.add(lpCol{cost: float64(w.under[d][s]), rows: []int32{int32(r)}, sign: 1})
			o := lp.add(lpCol{cost: float64(w.over[d][s]), rows: []int32{int32(r)}, sign: -1})
			cg.owner = append(cg.owner, -1, -1)
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
	c := lpCol{sign: 1, rows: []int32{int32(cg.conv[e])}}
	for d, s := range row {
		c.cost += float64(w.base[e][d][s+1])
		if s != Off {
			c.rows = append(c.rows, int32(d*w.ns+s))
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
	w, lp := cg.w, cg.lp
	for d := 0; d < w.nd; d++ {
		for s := 0; s < w.ns; s++ {
			cg.lam[d][s] = -lp.y[d*w.ns+s]
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
				limit := int64(math.Floor(cg.lp.y[cg.conv[e]]*1024)) - 1
				if cg.window {
					_, oks[e] = h.priceRowIn(e, cg.lam, cg.rows[e], nil, limit, cg.start[e], cg.lo, cg.hi)
				} else {
					_, oks[e] = h.priceRow(e, cg.lam, cg.rows[e], nil, limit)
				}
			}
		}(t, h)
	}
	wg.Wait()
	added := 0
	for e := 0; e < w.ne; e++ {
		if !oks[e] || cg.fixed[e] {
			continue
		}
		rc := -lp.y[cg.conv[e]]
		for d, s := range cg.rows[e] {
			rc += float64(w.base[e][d][s+1])
			if s != Off {
				rc -= lp.y[d*w.ns+s]
			}
		}
		if rc < -1e-6 && cg.addRow(e, cg.rows[e]) >= 0 {
			added++
		}
	}
	return added
}

// converge alternates simplex and pricing until no column prices out,
// at most maxRounds rounds; it reports whether it converged.
func (cg *colGen) converge(maxRounds int, stopped func() bool) bool {
	for r := 0; r < maxRounds; r++ {
		if stopped() {
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

// dive solves the root and dives from it (see root and diveFrom).
func (cg *colGen) dive(stopped func() bool) Solution {
	if !cg.root(stopped) {
		return nil
	}
	return cg.diveFrom(stopped, 0)
}

// root runs column generation at the root: it sets the bound and the root
// duals as cover prices (rootLam), and reports false, marking the colGen
// halted, when rootStop said to give up before the root was solved.
func (cg *colGen) root(stopped func() bool) bool {
	w, lp := cg.w, cg.lp
	rootStop := stopped
	if cg.rootStop != nil {
		rootStop = func() bool { return stopped() || cg.rootStop() }
	}
	converged := cg.converge(200, rootStop)
	cg.bound = lp.objective()
	cg.rootLam = make([][]float64, w.nd)
	for d := range cg.rootLam {
		cg.rootLam[d] = make([]float64, w.ns)
		for s := range cg.rootLam[d] {
			cg.rootLam[d][s] = min(max(-lp.y[d*w.ns+s], -float64(w.under[d][s])), float64(w.over[d][s]))
		}
	}
	if !converged && cg.rootStop != nil && cg.rootStop() {
		// Too slow to dive: the duals so far still price the cover.
		cg.halted = true
		cg.bound = math.Inf(-1)
		return false
	}
	return true
}

// clone copies the master and the dive's state, so that several dives can
// start from one solved root.
func (cg *colGen) clone() *colGen {
	c := *cg
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
	c.seen = make(map[string]bool, len(cg.seen))
	for k := range cg.seen {
		c.seen[k] = true
	}
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
	w, lp := cg.w, cg.lp
	left := 0
	for e := range cg.conv {
		if cg.conv[e] >= 0 {
			left++
		}
	}
	for left > 0 {
		halt := stopped()
		cg.halted = cg.halted || halt
		var fixNow, frac [][2]int
		var fracV []float64
		for e := 0; e < w.ne; e++ {
			if cg.fixed[e] {
				continue
			}
			j, v := -1, -1.0
			for k, o := range cg.owner {
				if o == e {
					if x := lp.value(k); x > v {
						j, v = k, x
					}
				}
			}
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
	sol := make(Solution, w.ne)
	for e := range sol {
		sol[e] = make([]int, w.nd)
		if cg.conv[e] < 0 {
			copy(sol[e], cg.start[e])
			continue
		}
		for d := range sol[e] {
			sol[e][d] = Off
		}
		for _, r := range lp.cols[cg.fixCol[e]].rows {
			if int(r) < cg.nCover {
				sol[e][int(r)/w.ns] = int(r) % w.ns
			}
		}
	}
	return sol
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
	sol := cg.dive(stopped)
	w.dpWork += cg.simplexWork()
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
	cg := w.newColGen(start, nil, nil)
	if cg == nil {
		return false
	}
	cg.window, cg.lo, cg.hi = true, lo, lo+length-1
	sol := cg.dive(stopped)
	w.dpWork += cg.simplexWork()
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
