package autoroster

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"
)

// randomSmallProblem returns a one-employee problem small enough to
// enumerate every row.
func randomSmallProblem(rng *rand.Rand, days int) *Problem {
	p := &Problem{Days: days, StartWeekday: time.Weekday(rng.Intn(7))}
	ns := 1 + rng.Intn(3)
	lens := []int{480, 600, 720}
	for s := 0; s < ns; s++ {
		p.Shifts = append(p.Shifts, Shift{ID: string(rune('A' + s)), Minutes: lens[rng.Intn(3)]})
	}
	p.Forbidden = make([][]bool, ns)
	for a := range p.Forbidden {
		p.Forbidden[a] = make([]bool, ns)
		for b := range p.Forbidden[a] {
			p.Forbidden[a][b] = rng.Intn(4) == 0
		}
	}
	emp := Employee{ID: "X", MaxShifts: make([]int, ns)}
	for s := range emp.MaxShifts {
		emp.MaxShifts[s] = []int{-1, 0, 2, 3, 5, days}[rng.Intn(6)]
	}
	emp.MinMinutes = rng.Intn(days/2+1) * 480
	emp.MaxMinutes = emp.MinMinutes + rng.Intn(days/2+1)*600
	emp.MinConsecutive = rng.Intn(4)
	emp.MaxConsecutive = emp.MinConsecutive + rng.Intn(4)
	emp.MinConsecutiveOff = rng.Intn(4)
	emp.MaxWeekends = rng.Intn(4) - 1
	if rng.Intn(3) == 0 {
		emp.DaysOff = []int{rng.Intn(days)}
	}
	p.Employees = []Employee{emp}
	return p
}

// randomCosts returns cell costs in -10..10 for p's one employee, with
// every shift forbidden on its days off.
func randomCosts(rng *rand.Rand, p *Problem) [][]int64 {
	ns := len(p.Shifts)
	cost := make([][]int64, p.Days)
	for d := range cost {
		cost[d] = make([]int64, ns+1)
		for k := range cost[d] {
			cost[d][k] = int64(rng.Intn(21) - 10)
		}
	}
	for _, d := range p.Employees[0].DaysOff {
		for k := 1; k <= ns; k++ {
			cost[d][k] = inf
		}
	}
	return cost
}

// TestRowDPIsExact compares the per-employee dynamic programme with brute
// force enumeration of every row, on random small problems with random cell
// costs: the DP must find a row exactly when one is feasible (as judged by
// Validate) and its cost must be the minimum.
func TestRowDPIsExact(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	trials := 300
	if testing.Short() {
		trials = 60
	}
	for trial := 0; trial < trials; trial++ {
		days := 5 + rng.Intn(4)
		p := randomSmallProblem(rng, days)
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		ns := len(p.Shifts)
		cost := randomCosts(rng, p)
		// Brute force.
		bestBF, found := int64(inf), false
		row := make([]int, days)
		var rec func(d int, c int64)
		rec = func(d int, c int64) {
			if d == days {
				if _, v := Validate(p, Solution{row}); len(v) == 0 {
					found = true
					bestBF = min(bestBF, c)
				}
				return
			}
			for k := 0; k <= ns; k++ {
				if cost[d][k] >= inf {
					continue
				}
				row[d] = k - 1
				rec(d+1, c+cost[d][k])
			}
		}
		rec(0, 0)
		m := newRowModel(p, 0)
		pen := make([]int64, ns)
		got := make([]int, days)
		c, ok := m.solve(cost, pen, got, inf)
		if ok && len(m.relaxed) > 0 {
			continue // penalties handle these; covered by the solver tests
		}
		if ok != found {
			t.Fatalf("trial %d: DP feasible=%v, brute force feasible=%v (%+v)", trial, ok, found, p.Employees[0])
		}
		if !ok {
			continue
		}
		if c != bestBF {
			t.Fatalf("trial %d: DP cost %d, brute force %d (%+v)", trial, c, bestBF, p.Employees[0])
		}
		if _, v := Validate(p, Solution{got}); len(v) != 0 {
			t.Fatalf("trial %d: DP row %v infeasible: %v", trial, got, v)
		}
		// With the optimum as upper bound the pruned search finds it too.
		got2 := make([]int, days)
		if c2, ok2 := m.solve(cost, pen, got2, bestBF); !ok2 || c2 != bestBF {
			t.Fatalf("trial %d: bounded DP gives %d,%v, want %d", trial, c2, ok2, bestBF)
		}
		if c3, ok3 := m.solve(cost, pen, got2, bestBF-1); ok3 {
			t.Fatalf("trial %d: DP bounded below the optimum found a row of cost %d", trial, c3)
		}
		var sum int64
		for d, s := range got {
			sum += cost[d][s+1]
		}
		if sum != c {
			t.Fatalf("trial %d: DP says %d, row costs %d", trial, c, sum)
		}
	}
}

// TestRelaxedLimitsOfOneClass: four interchangeable shift types (one
// class), each limited to 5 shifts, and a minimum of 16 shifts; with the
// limits handled by penalties (stateLimit forced down) the row must still
// be found. Penalising one type at a time moved the shifts to the next type
// each round and gave up.
func TestRelaxedLimitsOfOneClass(t *testing.T) {
	defer func(v int) { stateLimit = v }(stateLimit)
	stateLimit = 1
	p := &Problem{Days: 28, StartWeekday: time.Monday, Forbidden: make([][]bool, 4)}
	emp := Employee{ID: "X", MinMinutes: 16 * 480, MaxMinutes: 28 * 480, MaxConsecutive: 6, MinConsecutive: 1,
		MinConsecutiveOff: 1, MaxWeekends: -1}
	for s := 0; s < 4; s++ {
		p.Shifts = append(p.Shifts, Shift{ID: string(rune('A' + s)), Minutes: 480})
		p.Forbidden[s] = make([]bool, 4)
		emp.MaxShifts = append(emp.MaxShifts, 5)
	}
	p.Employees = []Employee{emp}
	for d := 0; d < p.Days; d++ {
		for s := range p.Shifts {
			p.Cover = append(p.Cover, Cover{Day: d, Shift: s, Requirement: 1, Under: 100, Over: 1})
		}
	}
	w := newWorker(p, newShared(p), 1)
	if m := w.models[0]; len(m.relaxed) != 4 || m.nc != 2 {
		t.Fatalf("want 4 relaxed types of one class, got %d relaxed, %d classes", len(m.relaxed), m.nc-1)
	}
	w.load(w.sol)
	w.remove(0)
	if !w.reopt(0, nil, 0, p.Days-1) {
		t.Fatal("no row found")
	}
	if obj, viol := Validate(p, w.sol); len(viol) != 0 {
		t.Fatalf("objective %d: %v", obj, viol)
	}
}

// TestRelaxedRowRetyped: shift types S and T of one length, S limited to 3
// shifts in 7 days and handled by penalties (stateLimit forced down), S
// worth more than T every day. The best row takes S three times and T
// four: the penalised DP alone jumps from seven S (over the limit) to
// seven T, so the row must come from retyping; with seven T as the row to
// beat (keep) it must be found too, and a limit below it finds nothing.
func TestRelaxedRowRetyped(t *testing.T) {
	defer func(v int) { stateLimit = v }(stateLimit)
	stateLimit = 1
	p := &Problem{Days: 7, StartWeekday: time.Monday, Forbidden: [][]bool{{false, false}, {false, false}},
		Shifts: []Shift{{ID: "S", Minutes: 480}, {ID: "T", Minutes: 480}}}
	p.Employees = []Employee{{ID: "X", MaxShifts: []int{3, 7}, MaxMinutes: 7 * 480, MaxConsecutive: 7,
		MinConsecutive: 1, MinConsecutiveOff: 1, MaxWeekends: -1}}
	w := newWorker(p, newShared(p), 1)
	if len(w.models[0].relaxed) != 1 {
		t.Fatalf("want S relaxed, got %v", w.models[0].relaxed)
	}
	for d := range w.cost {
		w.cost[d][0], w.cost[d][1], w.cost[d][2] = 0, -100, -60
	}
	allT := []int{1, 1, 1, 1, 1, 1, 1}
	for _, keep := range [][]int{nil, allT} {
		row := make([]int, p.Days)
		v, ok := w.solveRow(0, row, keep, inf)
		if !ok || v != -540 {
			t.Fatalf("keep %v: got %d,%v %v, want -540 (three S, four T)", keep, v, ok, row)
		}
		if _, viol := Validate(p, Solution{row}); len(viol) != 0 {
			t.Fatalf("row %v: %v", row, viol)
		}
		if v, ok := w.solveRow(0, row, keep, -541); ok {
			t.Fatalf("limit -541: found a row of cost %d", v)
		}
	}
}

// TestDPTailSummed: with the days after some day fixed to one cell each
// (a window move's later days), the DP that sums their effect finds a row
// exactly when the day-by-day walk does, the same row (ties broken alike),
// and a feasible one; also with the minute and weekend caps and the early end that the
// construction of long rosters sets.
func TestDPTailSummed(t *testing.T) {
	defer func(v bool) { useTail = v }(useTail)
	rng := rand.New(rand.NewSource(11))
	trials := 3000
	if testing.Short() {
		trials = 500
	}
	summed := 0
	for trial := 0; trial < trials; trial++ {
		days := 5 + rng.Intn(6)
		p := randomSmallProblem(rng, days)
		ns := len(p.Shifts)
		cost := randomCosts(rng, p)
		from := 1 + rng.Intn(days-1)
		for d := from; d < days; d++ {
			k := rng.Intn(ns + 1)
			if rng.Intn(2) == 0 || cost[d][k] >= inf {
				k = 0
			}
			for j := range cost[d] {
				if j != k {
					cost[d][j] = inf
				}
			}
		}
		m := newRowModel(p, 0)
		if len(m.relaxed) > 0 {
			continue
		}
		if rng.Intn(3) == 0 {
			m.capU = rng.Intn(m.mDim)
			m.capW = 1 + rng.Intn(m.wDim)
		}
		if rng.Intn(4) == 0 {
			m.end = from + rng.Intn(days-from)
		}
		pen := make([]int64, ns)
		for s := range pen {
			pen[s] = int64(rng.Intn(3)) // as Lagrangian penalties add per shift
		}
		rowA, rowB := make([]int, days), make([]int, days)
		useTail = false
		ca, oka := m.solve(cost, pen, rowA, inf)
		useTail = true
		cb, okb := m.solve(cost, pen, rowB, inf)
		if oka != okb || ca != cb {
			t.Fatalf("trial %d: day by day %d,%v %v; summed tail %d,%v %v", trial, ca, oka, rowA, cb, okb, rowB)
		}
		if !okb {
			continue
		}
		for d := range rowA {
			if rowA[d] != rowB[d] {
				// Ties go to the state the walk would have ended in.
				t.Fatalf("trial %d: day by day %v, summed tail %v (cost %d)", trial, rowA, rowB, cb)
			}
		}
		summed++
		var sum int64
		for d, s := range rowB {
			if d <= m.end {
				sum += cost[d][s+1]
				if s != Off {
					sum += pen[s]
				}
			} else if s != Off {
				t.Fatalf("trial %d: row %v works after the end %d", trial, rowB, m.end)
			}
		}
		if sum != cb {
			t.Fatalf("trial %d: summed tail says %d, row %v costs %d", trial, cb, rowB, sum)
		}
		if m.end == days-1 && m.capU == m.mDim-1 && m.capW == m.wDim {
			if _, v := Validate(p, Solution{rowB}); len(v) != 0 {
				t.Fatalf("trial %d: row %v infeasible: %v", trial, rowB, v)
			}
		}
		if m.end < days-1 {
			continue // the construction's early end is solved without a bound
		}
		for _, tail := range []bool{false, true} {
			useTail = tail
			if cc, okc := m.solve(cost, pen, rowB, cb); !okc || cc != cb {
				t.Fatalf("trial %d: bounded by the optimum gives %d,%v, want %d (end %d of %d, from %d, caps %d/%d %d/%d)", trial, cc, okc, cb, m.end, days, from, m.capU, m.mDim, m.capW, m.wDim)
			}
		}
	}
	if summed < trials/10 {
		t.Fatalf("only %d of %d trials found a row", summed, trials)
	}
}

// TestDPGroupsChangeNothing: walking only the cheapest of each group of
// interchangeable shifts (one class, one length, untracked) gives the
// same cost and the same row as walking every choice, ties included, on
// rosters of 18 shift types in four classes (synthCurtois) with small
// random costs (many ties), with and without an upper bound, and with
// limits forced onto penalties.
func TestDPGroupsChangeNothing(t *testing.T) {
	defer func(v int) { stateLimit = v }(stateLimit)
	rng := rand.New(rand.NewSource(5))
	p, err := ParseCurtois(strings.NewReader(synthCurtois(28, 12, 18, 3)))
	if err != nil {
		t.Fatal(err)
	}
	ns := len(p.Shifts)
	grouped, found := 0, 0
	for trial := 0; trial < 120; trial++ {
		stateLimit = []int{600_000, 20_000}[trial%2]
		e := rng.Intn(len(p.Employees))
		full, fast := newRowModel(p, e), newRowModel(p, e)
		full.tables()
		full.ngroups = 0 // walks every choice
		fast.tables()
		if fast.ngroups > 0 {
			grouped++
		}
		cost := make([][]int64, p.Days)
		for d := range cost {
			cost[d] = make([]int64, ns+1)
			for k := range cost[d] {
				cost[d][k] = int64(rng.Intn(7) - 3)
			}
		}
		for _, d := range p.Employees[e].DaysOff {
			for k := 1; k <= ns; k++ {
				cost[d][k] = inf
			}
		}
		pen := make([]int64, ns)
		for _, s := range fast.relaxed {
			pen[s] = int64(rng.Intn(4))
		}
		ub := int64(inf)
		if trial%3 == 0 {
			ub = int64(rng.Intn(20) - 30)
		}
		rowA, rowB := make([]int, p.Days), make([]int, p.Days)
		ca, oka := full.solve(cost, pen, rowA, ub)
		cb, okb := fast.solve(cost, pen, rowB, ub)
		if oka != okb || (oka && (ca != cb || !slices.Equal(rowA, rowB))) {
			t.Fatalf("trial %d (employee %d): every choice %d,%v %v; groups %d,%v %v", trial, e, ca, oka, rowA, cb, okb, rowB)
		}
		if oka {
			found++
		}
	}
	if grouped < 60 || found < 30 {
		t.Fatalf("only %d of 120 trials had groups, %d found a row", grouped, found)
	}
}
