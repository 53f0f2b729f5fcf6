package compliance

import (
	"math/rand/v2"
	"testing"
	"time"

	"shiftguard/roster"
)

// randomInput is a week of a few employees with overlapping, adjacent,
// split and overnight shifts on two posts, and random punches.
func randomInput(rng *rand.Rand) *Input {
	loc := time.FixedZone("CST", 8*3600)
	if rng.IntN(2) == 0 {
		loc, _ = time.LoadLocation("America/New_York")
	}
	types := map[string]*roster.ShiftType{}
	for i, c := range [][3]int{{8, 16, 0}, {16, 0, 0}, {0, 8, 0}, {6, 10, 1}, {14, 18, 1}, {22, 6, 1}, {12, 12, 0}, {15, 23, 0}} {
		code := string(rune('A' + i))
		types[code] = &roster.ShiftType{Code: code, Start: roster.Clock(c[0] * 60), End: roster.Clock(c[1] * 60),
			Post: []string{"p", "q"}[c[2]], Handover: rng.IntN(2) == 0}
	}
	in := &Input{Loc: loc, Policy: DefaultPolicy(), ShiftTypes: types}
	first := roster.NewDate(2026, 10, 30)
	emps := []string{"E1", "E2", "E3", "E4", "E5"}
	for d := 0; d < 5; d++ {
		for _, emp := range emps {
			for n := rng.IntN(3); n > 0; n-- {
				in.Assignments = append(in.Assignments, roster.Assignment{Employee: emp, Date: first.AddDays(d), Shift: string(rune('A' + rng.IntN(8)))})
			}
		}
	}
	base := first.At(0, loc)
	for n := rng.IntN(400); n > 0; n-- {
		in.Events = append(in.Events, roster.Event{Employee: emps[rng.IntN(5)], Kind: roster.EventKinds[rng.IntN(6)],
			At: base.Add(time.Duration(rng.IntN(6*24*60)) * time.Minute).Add(time.Duration(rng.IntN(3)) * 30 * time.Second)})
	}
	return in
}

// TestIndexAgainstNaive compares the engine's indexes (attribution,
// clock_in/clock_out, successors and relief) with a direct, quadratic
// reading of RULES.md on random inputs.
func TestIndexAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	rounds := 300
	if testing.Short() {
		rounds = 30
	}
	attributed, successors := 0, 0
	for round := 0; round < rounds; round++ {
		in := randomInput(rng)
		e, err := newEvaluator(in)
		if err != nil {
			t.Fatal(err)
		}
		insts, err := roster.Instances(in.Assignments, in.ShiftTypes, in.Loc)
		if err != nil {
			t.Fatal(err)
		}
		// Attribution: the instance of the same employee whose window holds
		// the event, nearest start, earlier start on a tie, roster order on equal starts.
		owner := make([]int, len(in.Events))
		for k, ev := range in.Events {
			owner[k] = -1
			var best time.Duration
			for i, x := range insts {
				if x.Employee != ev.Employee || ev.At.Before(x.Start.Add(-4*time.Hour)) || !ev.At.Before(x.End.Add(4*time.Hour)) {
					continue
				}
				d := ev.At.Sub(x.Start).Abs()
				if owner[k] < 0 || d < best || (d == best && betterTie(insts, i, owner[k])) {
					owner[k], best = i, d
				}
			}
		}
		for _, o := range owner {
			if o >= 0 {
				attributed++
			}
		}
		for i := range e.insts {
			x := &e.insts[i]
			var ci, co time.Time
			for k, ev := range in.Events {
				if owner[k] == i && ev.Kind == roster.ClockIn && (ci.IsZero() || ev.At.Before(ci)) {
					ci = ev.At
				}
			}
			for k, ev := range in.Events {
				if owner[k] == i && !ci.IsZero() && ev.Kind == roster.ClockOut && ev.At.After(ci) && (co.IsZero() || ev.At.After(co)) {
					co = ev.At
				}
			}
			if got, want := x.clockIn, nanos(ci); got != want {
				t.Fatalf("round %d instance %d (%+v): clock_in %d, want %d", round, i, insts[i].Assignment, got, want)
			}
			if got, want := x.clockOut, nanos(co); got != want {
				t.Fatalf("round %d instance %d (%+v): clock_out %d, want %d", round, i, insts[i].Assignment, got, want)
			}
			// Successors: same post, other employee, P.end-60 <= S.start <= P.end.
			hasSucc, relief := false, noTime
			for j, s := range insts {
				p := insts[i]
				if s.Post() == p.Post() && s.Employee != p.Employee && !s.Start.Before(p.End.Add(-time.Hour)) && !s.Start.After(p.End) {
					hasSucc = true
					successors++
					if c := e.insts[j].clockIn; c != noTime && (relief == noTime || c < relief) {
						relief = c
					}
				}
			}
			if x.hasSucc != hasSucc || x.relief != relief {
				t.Fatalf("round %d instance %d (%+v): successor %v relief %d, want %v %d", round, i, insts[i].Assignment, x.hasSucc, x.relief, hasSucc, relief)
			}
		}
		if _, err := Evaluate(in); err != nil {
			t.Fatal(err)
		}
	}
	if attributed == 0 || successors == 0 {
		t.Fatalf("vacuous: %d events attributed, %d successor pairs", attributed, successors)
	}
	t.Logf("%d events attributed, %d successor pairs", attributed, successors)
}

// betterTie reports whether instance a wins a tie against b: the earlier
// start, then the earlier date, the smaller shift code, the roster order.
func betterTie(insts []roster.Instance, a, b int) bool {
	x, y := insts[a], insts[b]
	switch {
	case !x.Start.Equal(y.Start):
		return x.Start.Before(y.Start)
	case x.Date != y.Date:
		return x.Date.Before(y.Date)
	case x.Shift != y.Shift:
		return x.Shift < y.Shift
	}
	return a < b
}

func nanos(t time.Time) int64 {
	if t.IsZero() {
		return noTime
	}
	return t.UnixNano()
}
