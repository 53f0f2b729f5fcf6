package autoroster

import (
	"math"
	"math/rand"
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
// tiny random problems: the root LP value equals the LP over every feasible
// row (so pricing finds every improving column), it is at most the integer
// optimum, and the dive's roster is valid with an objective no better than
// that optimum.
func TestColumnGenerationBound(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	checked := 0
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
		if err := w.construct(); err != nil {
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

		dive, bound, _, _ := w.lpDive(w.sol.Clone(), func() bool { return false }, nil, nil)
		obj, v := Validate(p, dive)
		if len(v) > 0 {
			t.Fatalf("trial %d: dive roster invalid: %v", trial, v)
		}
		if obj < opt {
			t.Fatalf("trial %d: dive %d below the optimum %d", trial, obj, opt)
		}
		if bound > float64(opt)+1e-4 {
			t.Fatalf("trial %d: LP bound %.4f above the optimum %d", trial, bound, opt)
		}
		if exact && math.Abs(bound-fullLP) > 1e-4 {
			t.Fatalf("trial %d: column generation stopped at %.4f, the LP over all %d rows is %.4f", trial, bound, len(full.lp.cols), fullLP)
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d random problems checked", checked)
	}
}

// TestJointMovesKeepRosterValid: the column-generation moves (a window of
// days for everyone, a set of employees over all days) never make the
// objective worse, keep every hard constraint, keep the incremental
// objective equal to the validator's, and change nothing outside their
// window or employees.
func TestJointMovesKeepRosterValid(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	never := func() bool { return false }
	for trial := 0; trial < 25; trial++ {
		p := randomProblem(rng)
		sh := newShared(p)
		w := newWorker(p, sh, int64(trial))
		if err := w.construct(); err != nil {
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

// lpDive (a test helper) runs the column-generation dive from the roster start. It
// returns the roster found (feasible for every employee), the root LP
// value, the root duals as cover prices in the form worker.lam uses, and
// whether the dive ran to its end. sol is nil if the problem is too large
// for the dense master or the root was still unsolved when rootStop said
// so; the dive itself ends early (completing the roster from the LP) when
// stopped says so.
func (w *worker) lpDive(start Solution, stopped, rootStop func() bool, helpers []*worker) (sol Solution, bound float64, lam [][]float64, complete bool) {
	cg := w.newColGen(start, helpers, nil)
	if cg == nil {
		return nil, math.Inf(-1), nil, false
	}
	cg.rootStop = rootStop
	sol = cg.dive(stopped)
	return sol, cg.bound, cg.rootLam, sol != nil && !cg.halted
}
