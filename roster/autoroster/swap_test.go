package autoroster

import (
	"math/rand"
	"testing"
)

// TestRowFeasibleAgreesWithValidate checks the swap search's row check
// against the independent validator on random rows of random problems
// (feasible rows are taken from the DP half of the time, so both verdicts
// are exercised).
func TestRowFeasibleAgreesWithValidate(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for trial := 0; trial < 400; trial++ {
		days := 5 + rng.Intn(10)
		p := randomSmallProblem(rng, days)
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		w := newWorker(p, newShared(p), int64(trial))
		row := make([]int, days)
		for d := range row {
			row[d] = rng.Intn(len(p.Shifts)+1) - 1
		}
		if trial%2 == 0 {
			w.remove(0)
			if w.reopt(0, nil, 0, days-1) {
				copy(row, w.sol[0])
			}
		}
		_, viol := Validate(p, Solution{row})
		if got, want := w.rowFeasible(0, row), len(viol) == 0; got != want {
			t.Fatalf("trial %d: row %v: rowFeasible %v, validator %v", trial, row, got, viol)
		}
	}
}

// TestSwapSearchKeepsObjective checks that the objective the swap search
// maintains incrementally matches the validator's and that rows stay
// feasible.
func TestSwapSearchKeepsObjective(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for trial := 0; trial < 40; trial++ {
		p := randomProblem(rng)
		w := newWorker(p, newShared(p), int64(trial))
		if err := w.construct(never); err != nil {
			continue
		}
		w.swapSearch(500)
		obj, viol := Validate(p, w.sol)
		if len(viol) != 0 {
			t.Fatalf("trial %d: infeasible after swaps: %v", trial, viol)
		}
		if int64(obj) != w.fullObjective() {
			t.Fatalf("trial %d: validator %d, incremental %d", trial, obj, w.fullObjective())
		}
	}
}
