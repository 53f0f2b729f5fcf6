package autoroster

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"shiftguard/roster"
)

func TestSolveInstance1ReachesOptimum(t *testing.T) {
	p, err := LoadFile("testdata/Instance1.txt")
	if err != nil {
		t.Fatal(err)
	}
	sol, st := Solve(context.Background(), p, Options{Seed: 1, Threads: 2, MaxIterations: 4000})
	if st.Err != nil {
		t.Fatal(st.Err)
	}
	obj, viol := Validate(p, sol)
	if len(viol) != 0 {
		t.Fatalf("infeasible: %v", viol)
	}
	if obj != st.Objective {
		t.Fatalf("validator says %d, solver %d", obj, st.Objective)
	}
	if obj != 607 {
		t.Fatalf("objective %d, want the optimum 607", obj)
	}
}

func TestSolveDeterministic(t *testing.T) {
	p, err := LoadFile("testdata/Instance2.txt")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Seed: 5, Threads: 2, MaxIterations: 1500}
	a, sa := Solve(context.Background(), p, opt)
	b, sb := Solve(context.Background(), p, opt)
	if sa.Err != nil || sb.Err != nil {
		t.Fatal(sa.Err, sb.Err)
	}
	if !reflect.DeepEqual(a, b) || sa.Objective != sb.Objective || sa.Iterations != sb.Iterations {
		t.Fatalf("two runs with the same seed differ: %d vs %d", sa.Objective, sb.Objective)
	}
	if _, viol := Validate(p, a); len(viol) != 0 {
		t.Fatalf("infeasible: %v", viol)
	}
}

// TestSolveDeterministicWithAnchoredDives: long enough for the search to
// stall and run anchored dives, two runs with the same seed still give the
// same roster, and it is valid.
func TestSolveDeterministicWithAnchoredDives(t *testing.T) {
	p, err := LoadFile("testdata/Instance1.txt")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Seed: 3, Threads: 2, MaxIterations: 2 * 2 * epochIters * (tuneAnchorStall + 8)}
	a, sa := Solve(context.Background(), p, opt)
	b, sb := Solve(context.Background(), p, opt)
	if sa.Err != nil || sb.Err != nil {
		t.Fatal(sa.Err, sb.Err)
	}
	if sa.Anchored == 0 {
		t.Fatalf("no anchored dive in %d iterations", sa.Iterations)
	}
	if !reflect.DeepEqual(a, b) || sa.Objective != sb.Objective || sa.Anchored != sb.Anchored {
		t.Fatalf("two runs with the same seed differ: %d vs %d (%d, %d anchored dives)", sa.Objective, sb.Objective, sa.Anchored, sb.Anchored)
	}
	if obj, viol := Validate(p, a); len(viol) != 0 || obj != sa.Objective {
		t.Fatalf("objective %d (solver %d), violations %v", obj, sa.Objective, viol)
	}
}

// TestSolveRepeatsWithWork: a run bounded by effort (as a time limit is,
// through WorkPerSecond) goes through the root, dives on both threads and
// the moves, and repeats: the same seed gives the same roster, effort and
// moves, with or without a (generous) clock. Only a clock that runs out
// first ends a run elsewhere, and the run says so.
func TestSolveRepeatsWithWork(t *testing.T) {
	p, err := LoadFile("testdata/Instance1.txt")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Seed: 4, Threads: 2, Work: 40_000_000}
	a, sa := Solve(context.Background(), p, opt)
	opt.TimeLimit = 10 * time.Minute
	// The second run also reports its effort, which must not change it.
	var mu sync.Mutex
	var reports [][2]int64
	returned := false
	opt.Effort = func(done, budget int64) {
		mu.Lock()
		defer mu.Unlock()
		if returned {
			t.Error("an effort report after Solve returned")
		}
		reports = append(reports, [2]int64{done, budget})
	}
	b, sb := Solve(context.Background(), p, opt)
	mu.Lock()
	returned = true
	mu.Unlock()
	if sa.Err != nil || sb.Err != nil {
		t.Fatal(sa.Err, sb.Err)
	}
	if len(reports) == 0 && sb.Elapsed > 3*EffortEvery {
		t.Errorf("no effort reports in a run of %v", sb.Elapsed)
	}
	for i, r := range reports {
		if r[1] != opt.Work || r[0] < 0 || r[0] > sb.Work || (i > 0 && r[0] < reports[i-1][0]) {
			t.Fatalf("effort report %d: %d of %d (the run: %d of %d; before: %v)", i, r[0], r[1], sb.Work, opt.Work, reports[:i])
		}
	}
	if sa.Dives < 3 || sa.Iterations == 0 {
		t.Fatalf("%d dives and %d moves: the effort did not reach every phase", sa.Dives, sa.Iterations)
	}
	if !reflect.DeepEqual(a, b) || sa.Work != sb.Work || sa.Iterations != sb.Iterations || sa.Dives != sb.Dives {
		t.Fatalf("two runs with the same seed differ: objective %d vs %d, effort %d vs %d, %d vs %d moves, %d vs %d dives",
			sa.Objective, sb.Objective, sa.Work, sb.Work, sa.Iterations, sb.Iterations, sa.Dives, sb.Dives)
	}
	if sa.ClockStopped || sb.ClockStopped || sa.Work < opt.Work || sa.Work > 2*opt.Work {
		t.Fatalf("effort %d for a limit of %d (clock stopped: %v, %v)", sa.Work, opt.Work, sa.ClockStopped, sb.ClockStopped)
	}
	if obj, viol := Validate(p, a); len(viol) != 0 || obj != sa.Objective {
		t.Fatalf("objective %d (solver %d), violations %v", obj, sa.Objective, viol)
	}
	c, sc := Solve(context.Background(), p, Options{Seed: 4, Threads: 2, TimeLimit: 50 * time.Millisecond, Work: 1 << 50})
	if sc.Err != nil || !sc.ClockStopped {
		t.Fatalf("a clock ending the run first: err %v, clock stopped %v", sc.Err, sc.ClockStopped)
	}
	if _, viol := Validate(p, c); len(viol) != 0 {
		t.Fatalf("infeasible: %v", viol)
	}
}

// TestSolveStopsWhenOptimal: instance 2's root bound proves its first
// dive's roster optimal, so the run ends there, far inside any budget,
// says so, and does not count as stopped by the clock; instance 1's bound
// (557 against 607) proves nothing and the run spends its budget.
func TestSolveStopsWhenOptimal(t *testing.T) {
	p, err := LoadFile("testdata/Instance2.txt")
	if err != nil {
		t.Fatal(err)
	}
	sol, st := Solve(context.Background(), p, Options{Seed: 1, Threads: 2, Work: 1 << 40, TimeLimit: time.Hour})
	if st.Err != nil || !st.Optimal || st.ClockStopped || int64(st.Objective) != st.LowerBound || st.Work > 1e9 {
		t.Fatalf("objective %d, lower bound %d, optimal %v, clock stopped %v, effort %d", st.Objective, st.LowerBound, st.Optimal, st.ClockStopped, st.Work)
	}
	if obj, viol := Validate(p, sol); len(viol) != 0 || obj != 828 {
		t.Fatalf("objective %d (828 is optimal), violations %v", obj, viol)
	}
	p1, err := LoadFile("testdata/Instance1.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, st = Solve(context.Background(), p1, Options{Seed: 1, Threads: 2, Work: 20_000_000})
	if st.Optimal || st.LowerBound >= int64(st.Objective) || st.Work < 20_000_000 {
		t.Fatalf("instance 1: objective %d, lower bound %d, optimal %v, effort %d", st.Objective, st.LowerBound, st.Optimal, st.Work)
	}
}

// TestWorkBudget: a time limit becomes WorkPerSecond per thread per
// second; an explicit Work wins.
func TestWorkBudget(t *testing.T) {
	for _, c := range []struct {
		opt     Options
		threads int
		want    int64
	}{
		{Options{}, 2, 0},
		{Options{TimeLimit: 3 * time.Second}, 2, 6 * WorkPerSecond},
		{Options{TimeLimit: 500 * time.Millisecond}, 1, WorkPerSecond / 2},
		{Options{TimeLimit: time.Minute, Work: 77}, 2, 77},
		{Options{Work: 5}, 4, 5},
	} {
		if got := workBudget(c.opt, c.threads); got != c.want {
			t.Errorf("workBudget(%+v, %d) = %d, want %d", c.opt, c.threads, got, c.want)
		}
	}
}

// randomProblem builds a random multi-employee problem around the
// one-employee generator of the DP test, with cover and requests.
func randomProblem(rng *rand.Rand) *Problem {
	days := 7 + rng.Intn(15)
	p := randomSmallProblem(rng, days)
	base := p.Employees[0]
	p.Employees = nil
	ne := 2 + rng.Intn(5)
	for e := 0; e < ne; e++ {
		emp := base
		emp.ID = string(rune('A' + e))
		emp.MaxShifts = append([]int(nil), base.MaxShifts...)
		emp.DaysOff = nil
		if rng.Intn(2) == 0 {
			emp.DaysOff = []int{rng.Intn(days)}
		}
		emp.MinMinutes = rng.Intn(days/3+1) * 480
		emp.MaxMinutes = emp.MinMinutes + 480*(1+rng.Intn(days/2+1))
		p.Employees = append(p.Employees, emp)
	}
	for d := 0; d < days; d++ {
		for s := range p.Shifts {
			if rng.Intn(3) > 0 {
				p.Cover = append(p.Cover, Cover{Day: d, Shift: s, Requirement: rng.Intn(3), Under: rng.Intn(100), Over: rng.Intn(5)})
			}
		}
	}
	for i := 0; i < days; i++ {
		r := Request{Employee: rng.Intn(ne), Day: rng.Intn(days), Shift: rng.Intn(len(p.Shifts)), Weight: 1 + rng.Intn(3)}
		if rng.Intn(2) == 0 {
			p.OnRequests = append(p.OnRequests, r)
		} else {
			p.OffRequests = append(p.OffRequests, r)
		}
	}
	return p
}

// TestSolveAlwaysFeasible: on random problems the solver either reports
// that an employee has no feasible row (checked by DP) or returns a roster
// the independent validator accepts, with the objective it claims; locking
// cells of that roster and solving again keeps the locks.
func TestSolveAlwaysFeasible(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	solved := 0
	trials := 60
	if testing.Short() {
		trials = 15
	}
	for trial := 0; trial < trials; trial++ {
		p := randomProblem(rng)
		if err := p.Validate(); err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		p.FairnessWeight = rng.Intn(2) * 3
		p.Shifts[0].Night = true
		sol, st := Solve(context.Background(), p, Options{Seed: int64(trial), Threads: 1 + trial%2, MaxIterations: 300})
		if st.Err != nil {
			if roster.ErrorCode(st.Err) != roster.EINVALID || !strings.Contains(st.Err.Error(), "no roster meeting") {
				t.Fatalf("trial %d: unexpected error %v", trial, st.Err)
			}
			continue
		}
		solved++
		obj, viol := Validate(p, sol)
		if len(viol) != 0 {
			t.Fatalf("trial %d: infeasible roster: %v", trial, viol)
		}
		if obj != st.Objective {
			t.Fatalf("trial %d: validator %d, solver %d", trial, obj, st.Objective)
		}
		for i := 0; i < 4; i++ {
			e, d := rng.Intn(len(p.Employees)), rng.Intn(p.Days)
			p.Locks = append(p.Locks, Lock{Employee: e, Day: d, Shift: sol[e][d]})
		}
		sol2, st2 := Solve(context.Background(), p, Options{Seed: 3, MaxIterations: 200})
		if st2.Err != nil {
			t.Fatalf("trial %d: with locks from a feasible roster: %v", trial, st2.Err)
		}
		if _, viol := Validate(p, sol2); len(viol) != 0 {
			t.Fatalf("trial %d: locked solve infeasible: %v", trial, viol)
		}
	}
	if solved < trials/4 {
		t.Fatalf("only %d of %d random problems were feasible; the generator is too tight", solved, trials)
	}
}

func TestSolveInfeasibleEmployee(t *testing.T) {
	p := tinyProblem()
	p.Employees[0].MinMinutes = 7 * 600 // cannot work every day (max 3 in a row)
	p.Employees[0].MaxMinutes = 0
	_, st := Solve(context.Background(), p, Options{MaxIterations: 10})
	if st.Err == nil || !strings.Contains(st.Err.Error(), "employee A") {
		t.Fatalf("err = %v, want employee A to be reported", st.Err)
	}
}

func TestSolveCancel(t *testing.T) {
	p, err := LoadFile("testdata/Instance2.txt")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sol, st := Solve(ctx, p, Options{Seed: 1})
	if st.Err != nil {
		t.Fatal(st.Err)
	}
	if _, viol := Validate(p, sol); len(viol) != 0 {
		t.Fatalf("a cancelled solve must still return a feasible roster: %v", viol)
	}
}

func TestSolveFileJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := SolveFile("testdata/Instance1.txt", Options{Seed: 2, MaxIterations: 500, TimeLimit: 20 * time.Second}, true, &buf, io.Discard); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&buf)
	var out struct {
		Objective     *int                `json:"objective"`
		Valid         *bool               `json:"valid"`
		SecondsToBest *float64            `json:"seconds_to_best"`
		Roster        map[string][]string `json:"roster"`
	}
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	if dec.More() {
		t.Fatal("more than one JSON value printed")
	}
	if out.Objective == nil || out.Valid == nil || !*out.Valid || out.SecondsToBest == nil || len(out.Roster) != 8 {
		t.Fatalf("bad output %+v", out)
	}
	for id, row := range out.Roster {
		if len(row) != 14 {
			t.Fatalf("employee %s has %d days", id, len(row))
		}
		for _, s := range row {
			if s != "" && s != "D" {
				t.Fatalf("employee %s has shift %q", id, s)
			}
		}
	}
}

func BenchmarkRowDP(b *testing.B) {
	p, err := LoadFile("testdata/Instance2.txt")
	if err != nil {
		b.Fatal(err)
	}
	w := newWorker(p, newShared(p), 1)
	if err := w.construct(never); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e := i % w.ne
		keep := append([]int(nil), w.sol[e]...)
		w.remove(e)
		w.reopt(e, keep, 0, w.nd-1)
	}
}

// never is a stop function that never stops.
func never() bool { return false }

// BenchmarkRowDPManyTypes prices whole rows of a synthetic 28-day roster
// of 18 shift types in four classes (the shape of the family's instance
// 13) under random cell prices, as the root's pricing does.
func BenchmarkRowDPManyTypes(b *testing.B) {
	p, err := ParseCurtois(strings.NewReader(synthCurtois(28, 24, 18, 1)))
	if err != nil {
		b.Fatal(err)
	}
	w := newWorker(p, newShared(p), 1)
	rng := rand.New(rand.NewSource(1))
	lam := make([][]float64, w.nd)
	for d := range lam {
		lam[d] = make([]float64, w.ns)
		for s := range lam[d] {
			lam[d][s] = -100 * rng.Float64()
		}
	}
	row := make([]int, w.nd)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.priceRowIn(i%w.ne, lam, row, nil, inf, nil, 0, w.nd-1, nil)
	}
	b.ReportMetric(float64(w.dpWork)/float64(b.N), "states/op")
}

// BenchmarkRootLP solves the root of column generation (pricing and the
// dense simplex) on a synthetic 28-day roster of 60 employees and 10
// shift types (instance 12's size) on one thread.
func BenchmarkRootLP(b *testing.B) {
	p, err := ParseCurtois(strings.NewReader(synthCurtois(28, 60, 10, 1)))
	if err != nil {
		b.Fatal(err)
	}
	w := newWorker(p, newShared(p), 1)
	if err := w.construct(never); err != nil {
		b.Fatal(err)
	}
	start := w.sol.Clone()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cg := w.newColGen(start, nil, nil)
		if !cg.root(never) {
			b.Fatal("root not solved")
		}
		b.ReportMetric(float64(cg.rounds), "rounds")
		b.ReportMetric(float64(cg.lp.pivots), "pivots")
	}
}
