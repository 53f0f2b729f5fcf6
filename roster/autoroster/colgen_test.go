package autoroster

import (
	"context"
	"math"
	"math/rand"
	"reflect"
	"sync"
	"testing"
)

// TestLPMasterTiny solves a two-row cover LP whose optimum is known: the
// column covering both rows (cost 4) beats the two single ones (3 + 3) and
// the shortfall (100 each).
func TestLPMasterTiny(t *testing.T) {
	lp := newLPMaster([]float64{1, 1})
	u0 := lp.add(lpCol{cost: 100, rows: []int32{0}, sign: 1})
	u1 := lp.add(lpCol{cost: 100, rows: []int32{1}, sign: 1})
	lp.add(lpCol{cost: 0, rows: []int32{0}, sign: -1})
	lp.add(lpCol{cost: 0, rows: []int32{1}, sign: -1})
	a := lp.add(lpCol{cost: 3, rows: []int32{0}, sign: 1})
	b := lp.add(lpCol{cost: 3, rows: []int32{1}, sign: 1})
	c := lp.add(lpCol{cost: 4, rows: []int32{0, 1}, sign: 1})
	if !lp.setBasis([]int{u0, u1}) {
		t.Fatal("slack basis is singular")
	}
	if !lp.solve(100) {
		t.Fatal("not optimal")
	}
	if got := lp.objective(); math.Abs(got-4) > 1e-9 {
		t.Fatalf("objective %v, want 4", got)
	}
	if lp.value(c) < 1-1e-9 || lp.value(a) > 1e-9 || lp.value(b) > 1e-9 {
		t.Fatalf("values a=%v b=%v c=%v, want 0 0 1", lp.value(a), lp.value(b), lp.value(c))
	}
	if y := lp.y[0] + lp.y[1]; math.Abs(y-4) > 1e-9 {
		t.Fatalf("duals sum to %v, want 4 (the cost of the basic column)", y)
	}
}

// feasibleRows enumerates every row employee e may work, by brute force
// judged by the independent validator.
func feasibleRows(p *Problem, e int) [][]int {
	single := *p
	single.Employees = []Employee{p.Employees[e]}
	single.Cover, single.OnRequests, single.OffRequests, single.Locks = nil, nil, nil, nil
	var out [][]int
	row := make([]int, p.Days)
	var rec func(d int)
	rec = func(d int) {
		if d == p.Days {
			if _, v := Validate(&single, Solution{row}); len(v) == 0 {
				out = append(out, append([]int(nil), row...))
			}
			return
		}
		for s := Off; s < len(p.Shifts); s++ {
			row[d] = s
			rec(d + 1)
		}
	}
	rec(0)
	return out
}

// TestColumnGenerationBound checks column generation against brute force on
// tiny random problems: the root's Lagrangian bound is at most the LP over
// every feasible row and the master's value rounds up to the same integer
// as that LP (so pricing finds the improving columns), the bound is at most
// the integer optimum, and every kind of dive gives a valid roster with an
// objective no better than that optimum.
func TestColumnGenerationBound(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	checked, proved := 0, 0
	for trial := 0; trial < 200 && checked < 40; trial++ {
		p := randomSmallProblem(rng, 4+rng.Intn(3))
		base := p.Employees[0]
		p.Employees = nil
		for e := 0; e < 2+rng.Intn(2); e++ {
			emp := base
			emp.ID = string(rune('A' + e))
			emp.MaxShifts = append([]int(nil), base.MaxShifts...)
			emp.DaysOff = nil
			if rng.Intn(2) == 0 {
				emp.DaysOff = []int{rng.Intn(p.Days)}
			}
			p.Employees = append(p.Employees, emp)
		}
		for d := 0; d < p.Days; d++ {
			for s := range p.Shifts {
				p.Cover = append(p.Cover, Cover{Day: d, Shift: s, Requirement: rng.Intn(3), Under: 1 + rng.Intn(20), Over: rng.Intn(5)})
			}
		}
		for i := 0; i < p.Days; i++ {
			r := Request{Employee: rng.Intn(len(p.Employees)), Day: rng.Intn(p.Days), Shift: rng.Intn(len(p.Shifts)), Weight: 1 + rng.Intn(3)}
			if rng.Intn(2) == 0 {
				p.OnRequests = append(p.OnRequests, r)
			} else {
				p.OffRequests = append(p.OffRequests, r)
			}
		}
		if p.Validate() != nil {
			continue
		}
		rows := make([][][]int, len(p.Employees))
		ok := true
		for e := range rows {
			rows[e] = feasibleRows(p, e)
			ok = ok && len(rows[e]) > 0
		}
		if !ok {
			continue
		}
		// Integer optimum by enumeration.
		opt := math.MaxInt
		sol := make(Solution, len(p.Employees))
		var rec func(e int)
		rec = func(e int) {
			if e == len(sol) {
				if obj, v := Validate(p, sol); len(v) == 0 && obj < opt {
					opt = obj
				}
				return
			}
			for _, r := range rows[e] {
				sol[e] = r
				rec(e + 1)
			}
		}
		rec(0)

		sh := newShared(p)
		w := newWorker(p, sh, 1)
		if err := w.construct(never); err != nil {
			t.Fatal(err)
		}
		exact := true
		for _, m := range w.models {
			exact = exact && len(m.relaxed) == 0
		}
		// The LP over every feasible row.
		full := w.newColGen(w.sol.Clone(), nil, nil)
		for e := range rows {
			for _, r := range rows[e] {
				full.addRow(e, r)
			}
		}
		full.lp.solve(100000)
		fullLP := full.lp.objective()

		cg := w.newColGen(w.sol.Clone(), nil, nil)
		if !cg.root(never) {
			t.Fatalf("trial %d: root not solved", trial)
		}
		bound, value := cg.bound, cg.value
		if bound > float64(opt)+1e-4 {
			t.Fatalf("trial %d: Lagrangian bound %.4f above the optimum %d", trial, bound, opt)
		}
		// The integer bound that stops a search is below the optimum too,
		// given only where every DP is exact; a search it stops has found
		// the optimum.
		if lb := cg.lowerBound(); lb > int64(opt) || (!exact && lb != math.MinInt64) {
			t.Fatalf("trial %d: lower bound %d, optimum %d (exact pricing: %v)", trial, lb, opt, exact)
		}
		if _, st := Solve(context.Background(), p, Options{Seed: int64(trial), Threads: 2, Work: 2_000_000}); st.Err != nil || (st.Optimal && st.Objective != opt) || st.Objective < opt {
			t.Fatalf("trial %d: solve gave %d (optimal: %v, bound %d), the optimum is %d: %v", trial, st.Objective, st.Optimal, st.LowerBound, opt, st.Err)
		} else if st.Optimal {
			proved++
		}
		if exact {
			// The root stops once the bound and the master's value round
			// up to the same integer; the LP lies between them.
			if bound > fullLP+1e-4 || value < fullLP-1e-4 || math.Ceil(value-1e-3) != math.Ceil(fullLP-1e-3) {
				t.Fatalf("trial %d: column generation stopped at bound %.4f, value %.4f; the LP over all %d rows is %.4f", trial, bound, value, len(full.lp.cols), fullLP)
			}
		}
		// Every kind of dive from the root gives a valid roster no better
		// than the optimum; cell dives keep every cell they held.
		for kind := 0; kind < 3; kind++ {
			c := cg.cloneFor(cg.w, cg.helpers)
			var dive Solution
			switch kind {
			case 0:
				dive = c.diveFrom(never, 0)
			case 1, 2:
				dive = c.cellDiveFrom(never, 0.3, kind == 1)
			}
			obj, v := Validate(p, dive)
			if len(v) > 0 {
				t.Fatalf("trial %d dive %d: roster invalid: %v", trial, kind, v)
			}
			if obj < opt {
				t.Fatalf("trial %d dive %d: %d below the optimum %d", trial, kind, obj, opt)
			}
			for e := range c.ban {
				for d, ban := range c.ban[e] {
					if ban>>(dive[e][d]+1)&1 != 0 {
						t.Fatalf("trial %d dive %d: employee %d day %d has choice %d, banned (%b)", trial, kind, e, d, dive[e][d]+1, ban)
					}
				}
			}
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d random problems checked", checked)
	}
	if proved == 0 {
		t.Fatalf("no search of %d stopped on a proven optimum", checked)
	}
	t.Logf("%d problems, %d searches stopped on a proven optimum", checked, proved)
}

// TestJointMovesKeepRosterValid: the column-generation moves (a window of
// days for everyone, a set of employees over all days) never make the
// objective worse, keep every hard constraint, keep the incremental
// objective equal to the validator's, and change nothing outside their
// window or employees.
func TestJointMovesKeepRosterValid(t *testing.T) {
	rng := rand.New(rand.NewSource(17))

	for trial := 0; trial < 25; trial++ {
		p := randomProblem(rng)
		sh := newShared(p)
		w := newWorker(p, sh, int64(trial))
		if err := w.construct(never); err != nil {
			continue
		}
		for move := 0; move < 6; move++ {
			before := w.sol.Clone()
			objBefore := w.fullObjective()
			length := 2 + rng.Intn(4)
			window := move%2 == 0
			if window {
				w.lpWindowMove(length, never)
			} else {
				w.lpMove(min(w.ne, 2), never)
			}
			obj, v := Validate(p, w.sol)
			if len(v) > 0 {
				t.Fatalf("trial %d move %d: invalid roster: %v", trial, move, v)
			}
			if int64(obj) != w.fullObjective() || w.fullObjective() > objBefore {
				t.Fatalf("trial %d move %d: objective %d (tracked %d), before %d", trial, move, obj, w.fullObjective(), objBefore)
			}
			lo, hi, changed := p.Days, -1, map[int]bool{}
			for e := range before {
				for d := range before[e] {
					if before[e][d] != w.sol[e][d] {
						lo, hi = min(lo, d), max(hi, d)
						changed[e] = true
					}
				}
			}
			if window && hi >= 0 && hi-lo+1 > length {
				t.Fatalf("trial %d move %d: a %d-day window move changed days %d..%d", trial, move, length, lo, hi)
			}
			if !window && len(changed) > 2 {
				t.Fatalf("trial %d move %d: a 2-employee move changed %d employees", trial, move, len(changed))
			}
		}
	}
}

// TestPriceRowForced: pricing with banned choices (a held cell bans all
// but one) finds the cheapest feasible row that avoids them (brute force
// over every feasible row), and none when no feasible row does.
func TestPriceRowForced(t *testing.T) {
	rng := rand.New(rand.NewSource(23))
	checked := 0
	for trial := 0; trial < 400 && checked < 100; trial++ {
		p := randomSmallProblem(rng, 5+rng.Intn(3))
		if p.Validate() != nil {
			continue
		}
		sh := newShared(p)
		w := newWorker(p, sh, 1)
		if len(w.models[0].relaxed) > 0 {
			continue // penalties, not the DP, keep those limits
		}
		ns := len(p.Shifts)
		lam := make([][]float64, p.Days)
		// Some days held to one choice, some with one choice banned.
		ban := make([]uint64, p.Days)
		for d := range lam {
			lam[d] = make([]float64, ns)
			for s := range lam[d] {
				lam[d][s] = rng.Float64()*20 - 10
			}
			switch rng.Intn(4) {
			case 0:
				ban[d] = (uint64(1)<<(ns+1) - 1) &^ (1 << rng.Intn(ns+1))
			case 1:
				ban[d] = 1 << rng.Intn(ns+1)
			}
		}
		want, found := int64(inf), false
		for _, r := range feasibleRows(p, 0) {
			ok := true
			var c int64
			for d, s := range r {
				if ban[d]>>(s+1)&1 != 0 {
					ok = false
					break
				}
				c += sh.base[0][d][s+1] * 1024
				if s != Off {
					c += int64(math.Round(lam[d][s] * 1024))
				}
			}
			if ok {
				found, want = true, min(want, c)
			}
		}
		row := make([]int, p.Days)
		got, ok := w.priceRowIn(0, lam, row, nil, inf, nil, 0, p.Days-1, ban)
		if ok != found || (ok && got != want) {
			t.Fatalf("trial %d: priced %d (found %v), brute force %d (found %v), bans %v", trial, got, ok, want, found, ban)
		}
		for d, b := range ban {
			if ok && b>>(row[d]+1)&1 != 0 {
				t.Fatalf("trial %d: day %d has banned choice %d (%b)", trial, d, row[d]+1, b)
			}
		}
		checked++
	}
	if checked < 50 {
		t.Fatalf("only %d problems checked", checked)
	}
}

// TestAnchoredDive: re-solving all but a few employees of a roster gives a
// valid roster whose tracked objective is the validator's, on random
// problems; with every employee anchored there is nothing to re-solve.
func TestAnchoredDive(t *testing.T) {
	rng := rand.New(rand.NewSource(23))
	dived := 0
	for trial := 0; trial < 25; trial++ {
		p, w := constructedWorker(rng, trial)
		if w == nil {
			continue
		}
		h := newWorker(p, w.shared, int64(trial)+100)
		start := w.sol.Clone()
		free := w.anchorFree()
		kept := 0
		for _, f := range free {
			if !f {
				kept++
			}
		}
		if kept != max(1, w.ne*tuneAnchorPct/100) {
			t.Fatalf("trial %d: %d of %d employees anchored", trial, kept, w.ne)
		}
		sol, obj, ok := w.anchoredDive(start, []*worker{h}, free, math.MaxInt64, never)
		if !ok {
			continue
		}
		dived++
		got, v := Validate(p, sol)
		if len(v) > 0 {
			t.Fatalf("trial %d: invalid roster: %v", trial, v)
		}
		if int64(got) != obj || obj != w.fullObjective() {
			t.Fatalf("trial %d: objective %d, validator %d, tracked %d", trial, obj, got, w.fullObjective())
		}
		if _, _, ok := w.anchoredDive(start, []*worker{h}, make([]bool, w.ne), math.MaxInt64, never); ok {
			t.Fatalf("trial %d: a dive with no free employee", trial)
		}
	}
	if dived < 10 {
		t.Fatalf("only %d of 25 random problems dived", dived)
	}
}

// TestSlacksPriced: the Lagrangian bound is only a bound at duals under
// which no shortfall or surplus column prices out; priceAt then returns
// minus infinity.
func TestSlacksPriced(t *testing.T) {
	p, err := LoadFile("testdata/Instance2.txt")
	if err != nil {
		t.Fatal(err)
	}
	sh := newShared(p)
	w := newWorker(p, sh, 1)
	if err := w.construct(never); err != nil {
		t.Fatal(err)
	}
	cg := w.newColGen(w.sol.Clone(), nil, nil)
	y := make([]float64, cg.lp.m)
	if !cg.slacksPriced(y) {
		t.Fatal("zero duals price out a slack")
	}
	if _, b := cg.priceAt(y, never); math.IsInf(b, -1) {
		t.Fatal("no bound at zero duals")
	}
	under := float64(w.under[0][0])
	for _, v := range []float64{under + 1, -float64(w.over[0][0]) - 1} {
		y[0] = v
		if cg.slacksPriced(y) {
			t.Fatalf("dual %g of a cover row with weights %d/%d accepted", v, w.under[0][0], w.over[0][0])
		}
		if _, b := cg.priceAt(y, never); !math.IsInf(b, -1) {
			t.Fatalf("bound %g at dual %g", b, v)
		}
	}
}

// TestConcurrentDives: dives cloned from one root for two workers (cloneFor)
// and run at once give the rosters the same dives give one after the other,
// so the clones share no mutable state; each roster is valid and its
// tracked objective is the validator's.
func TestConcurrentDives(t *testing.T) {
	rng := rand.New(rand.NewSource(31))
	dived := 0
	for trial := 0; trial < 12; trial++ {
		p := randomProblem(rng)
		run := func(parallel bool) []Solution {
			sh := newShared(p)
			ws := []*worker{newWorker(p, sh, int64(trial)), newWorker(p, sh, int64(trial)+50)}
			if err := ws[0].construct(never); err != nil {
				return nil
			}
			cg := ws[0].newColGen(ws[0].sol.Clone(), ws[1:], nil)
			if cg == nil || !cg.root(never) {
				return nil
			}
			for _, w := range ws {
				w.lam = cg.rootLam
			}
			out := make([]Solution, len(ws))
			var wg sync.WaitGroup
			for i, w := range ws {
				c := cg.cloneFor(w, nil)
				dive := func() {
					w.lpDive(c, i+1, tuneDiveNoise, 0, never)
					out[i] = w.sol.Clone()
				}
				if parallel {
					wg.Add(1)
					go func() { defer wg.Done(); dive() }()
				} else {
					dive()
				}
			}
			wg.Wait()
			for i, w := range ws {
				got, v := Validate(p, out[i])
				if len(v) > 0 {
					t.Fatalf("trial %d: invalid roster: %v", trial, v)
				}
				if int64(got) != w.fullObjective() {
					t.Fatalf("trial %d: validator %d, tracked %d", trial, got, w.fullObjective())
				}
			}
			return out
		}
		serial, parallel := run(false), run(true)
		if serial == nil {
			continue
		}
		dived++
		if !reflect.DeepEqual(serial, parallel) {
			t.Fatalf("trial %d: concurrent dives differ from the same dives in turn", trial)
		}
	}
	if dived < 5 {
		t.Fatalf("only %d of 12 random problems dived", dived)
	}
}

// TestNearlyClosed: a root stopped by its time limit still dives when its
// Lagrangian bound is within tuneRootGap of the master's value, never when
// the bound is unknown (minus infinity).
func TestNearlyClosed(t *testing.T) {
	for _, c := range []struct {
		value, bound float64
		want         bool
	}{
		{11714, 11713.32, true},
		{11733.2, 11519.4, true}, // 1.8%
		{22799, 11864, false},
		{100, 97, false},
		{0.5, 0, false},
		{0.5, 0.49, true},
		{100, math.Inf(-1), false},
	} {
		cg := &colGen{value: c.value, bound: c.bound}
		if got := cg.nearlyClosed(); got != c.want {
			t.Errorf("value %v bound %v: nearlyClosed %v, want %v", c.value, c.bound, got, c.want)
		}
	}
}

// TestPoolWarmStart: the rows a solved root leaves in the pool are feasible
// rows of their employees, and a master started with them reaches the same
// rounded-up root value in fewer pricing rounds overall.
func TestPoolWarmStart(t *testing.T) {
	rng := rand.New(rand.NewSource(29))
	never := func() bool { return false }
	checked, cold, warm := 0, 0, 0
	for trial := 0; trial < 25; trial++ {
		p, w := constructedWorker(rng, trial)
		if w == nil {
			continue
		}
		start := w.sol.Clone()
		cg := w.newColGen(start, nil, nil)
		if cg == nil {
			continue
		}
		if ok, _ := cg.stabilised(1000, never); !ok {
			continue
		}
		w.keepRoot(cg)
		pooled := 0
		for e, rows := range w.pool {
			for _, row := range rows {
				sol := start.Clone()
				sol[e] = row
				if _, v := Validate(p, sol); len(v) > 0 {
					t.Fatalf("trial %d: pool row of employee %d is not feasible: %v", trial, e, v)
				}
				pooled++
			}
		}
		if pooled < w.ne {
			t.Fatalf("trial %d: %d pool rows for %d employees", trial, pooled, w.ne)
		}
		c2 := w.newColGen(start, nil, nil)
		c2.addPool()
		if ok, _ := c2.stabilised(1000, never); !ok {
			t.Fatalf("trial %d: warm root did not converge", trial)
		}
		v1, v2 := math.Ceil(cg.lp.objective()-1e-3), math.Ceil(c2.lp.objective()-1e-3)
		if v1 != v2 {
			t.Fatalf("trial %d: root value %v cold, %v warm", trial, cg.lp.objective(), c2.lp.objective())
		}
		cold += cg.rounds
		warm += c2.rounds
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d problems checked", checked)
	}
	if warm >= cold {
		t.Fatalf("warm roots took %d pricing rounds, cold ones %d", warm, cold)
	}
}

// TestDiveCutoff: a cell dive whose master value exceeds the cutoff gives
// up (no roster, pruned) unless the root's solution is already integral;
// without a cutoff it always ends with a roster.
func TestDiveCutoff(t *testing.T) {
	rng := rand.New(rand.NewSource(31))
	never := func() bool { return false }
	pruned := 0
	for trial := 0; trial < 80; trial++ {
		_, w := constructedWorker(rng, trial)
		if w == nil || !cellChoicesFit(w.ns) {
			continue
		}
		start := w.sol.Clone()
		for _, cut := range []float64{math.Inf(1), -1e9} {
			cg := w.newColGen(start, nil, nil)
			if cg == nil {
				continue
			}
			cg.root(never)
			integral := true
			for e := 0; e < w.ne; e++ {
				if _, v := cg.bestColumn(e); v < 0.99 {
					integral = false
				}
			}
			cg.cutoff = cut
			sol := cg.cellDiveFrom(never, 0, false)
			switch {
			case math.IsInf(cut, 1) && (sol == nil || cg.pruned):
				t.Fatalf("trial %d: a dive without cutoff was pruned", trial)
			case !math.IsInf(cut, 1) && !integral && (sol != nil || !cg.pruned):
				t.Fatalf("trial %d: a dive far above its cutoff went on", trial)
			case !math.IsInf(cut, 1) && !integral:
				pruned++
			}
		}
	}
	if pruned < 5 {
		t.Fatalf("only %d dives pruned", pruned)
	}
}

// TestWindowMaster: a master of a window of days holds the cover rows of
// those days alone, yet prices exactly: the roster's objective minus the
// master's value is the cover cost of the days outside, the same before
// and after a dive (whose roster differs from the start only inside the
// window), and the root's value is at most the start's.
func TestWindowMaster(t *testing.T) {
	rng := rand.New(rand.NewSource(37))
	checked := 0
	for trial := 0; trial < 40; trial++ {
		p, w := constructedWorker(rng, trial)
		if w == nil || w.nd < 4 {
			continue
		}
		start := w.sol.Clone()
		length := 2 + rng.Intn(w.nd-2)
		lo := rng.Intn(w.nd - length + 1)
		hi := lo + length - 1
		cg := w.newColGenIn(start, nil, nil, lo, hi)
		if cg == nil {
			continue
		}
		if cg.nCover != length*w.ns || !cg.window {
			t.Fatalf("trial %d: %d cover rows for %d days of %d shifts", trial, cg.nCover, length, w.ns)
		}
		startObj, _ := Validate(p, start)
		outside := float64(startObj) - cg.lp.objective()
		sol := cg.dive(never)
		if cg.value > float64(startObj)-outside+1e-3 {
			t.Fatalf("trial %d: root value %v above the start's %v", trial, cg.value, float64(startObj)-outside)
		}
		cg.lp.solve(50 * cg.lp.m)
		obj, v := Validate(p, sol)
		if len(v) > 0 {
			t.Fatalf("trial %d: invalid roster: %v", trial, v)
		}
		if got := float64(obj) - cg.lp.objective(); math.Abs(got-outside) > 1e-3 {
			t.Fatalf("trial %d: objective minus master value %v after the dive, %v before", trial, got, outside)
		}
		for e := range sol {
			for d := range sol[e] {
				if (d < lo || d > hi) && sol[e][d] != start[e][d] {
					t.Fatalf("trial %d: day %d outside %d..%d changed", trial, d, lo, hi)
				}
			}
		}
		checked++
	}
	if checked < 15 {
		t.Fatalf("only %d problems checked", checked)
	}
}

// constructedWorker is a worker on a random problem with a constructed
// roster (nil when the construction fails).
func constructedWorker(rng *rand.Rand, trial int) (*Problem, *worker) {
	p := randomProblem(rng)
	w := newWorker(p, newShared(p), int64(trial))
	if err := w.construct(never); err != nil {
		return p, nil
	}
	return p, w
}
