package autoroster

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// synthCurtois writes an instance in the benchmark's format shaped like
// the published family (Curtois & Qu 2014), of any size: shift types in up
// to four groups by start time (early, day, late, night, as instance 12's
// a1-a3, d1-d3, p1-p3, n1), a group not followed by an earlier one, the
// night group 10 hours long and the others 8, staff
// qualified for some types (limit 0), a few with a small quota of the last
// type, 4-week limits scaled to the horizon (minutes, weekends), 2-4 days
// off, requests on about one day in ten, cover weights 100 and 1.
func synthCurtois(days, staff, nshift int, seed int64) string {
	rng := rand.New(rand.NewSource(seed))
	var b strings.Builder
	fmt.Fprintf(&b, "SECTION_HORIZON\n# All instances start on a Monday\n# The horizon length in days:\n%d\n\n", days)
	b.WriteString("SECTION_SHIFTS\n# ShiftID, Length in mins, Shifts which cannot follow this shift | separated\n")
	ids := make([]string, nshift)
	for s := range ids {
		ids[s] = fmt.Sprintf("S%d", s)
		if nshift <= 26 {
			ids[s] = string(rune('A' + s))
		}
	}
	groups := min(4, nshift)
	group := func(s int) int { return s * groups / nshift }
	night := func(s int) bool { return nshift > 2 && group(s) == groups-1 }
	for s := range ids {
		length := 480
		if night(s) {
			length = 600
		}
		var forb []string
		for t := 0; t < nshift && group(t) < group(s); t++ {
			forb = append(forb, ids[t])
		}
		fmt.Fprintf(&b, "%s,%d,%s\n", ids[s], length, strings.Join(forb, "|"))
	}
	weeks := days / 7
	b.WriteString("\nSECTION_STAFF\n# ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends\n")
	names := make([]string, staff)
	for e := range names {
		names[e] = fmt.Sprintf("E%d", e)
	}
	for _, id := range names {
		var ms []string
		for s := range ids {
			lim := days
			switch {
			case rng.Intn(4) == 0 && s != 0:
				lim = 0
			case night(s):
				lim = 3 * weeks / 4
			}
			ms = append(ms, fmt.Sprintf("%s=%d", ids[s], lim))
		}
		maxMin := 2160 * weeks
		minMin := 1890 * weeks
		if rng.Intn(3) == 0 {
			maxMin, minMin = 1440*weeks, 1200*weeks
		}
		fmt.Fprintf(&b, "%s,%s,%d,%d,%d,%d,%d,%d\n", id, strings.Join(ms, "|"), maxMin, minMin,
			5+rng.Intn(2), 2, 2, max(1, weeks/2+rng.Intn(2)))
	}
	b.WriteString("\nSECTION_DAYS_OFF\n# EmployeeID, DayIndexes (start at zero)\n")
	for _, id := range names {
		n := 2 + rng.Intn(3)
		d0 := rng.Intn(days - n)
		var ds []string
		for d := d0; d < d0+n; d++ {
			ds = append(ds, fmt.Sprint(d))
		}
		fmt.Fprintf(&b, "%s,%s\n", id, strings.Join(ds, ","))
	}
	b.WriteString("\nSECTION_SHIFT_ON_REQUESTS\n# EmployeeID, Day, ShiftID, Weight\n")
	for _, id := range names {
		for d := 0; d < days; d++ {
			if rng.Intn(10) == 0 {
				fmt.Fprintf(&b, "%s,%d,%s,%d\n", id, d, ids[rng.Intn(nshift)], 1+rng.Intn(3))
			}
		}
	}
	b.WriteString("\nSECTION_SHIFT_OFF_REQUESTS\n# EmployeeID, Day, ShiftID, Weight\n")
	for _, id := range names {
		for d := 0; d < days; d++ {
			if rng.Intn(15) == 0 {
				fmt.Fprintf(&b, "%s,%d,%s,%d\n", id, d, ids[rng.Intn(nshift)], 1+rng.Intn(3))
			}
		}
	}
	b.WriteString("\nSECTION_COVER\n# Day, ShiftID, Requirement, Weight for under, Weight for over\n")
	// About 5 of 7 days worked, spread over the types.
	perDay := float64(staff) * 5 / 7 / float64(nshift)
	for d := 0; d < days; d++ {
		for _, id := range ids {
			req := int(perDay*(0.6+0.5*rng.Float64()) + 0.5)
			fmt.Fprintf(&b, "%d,%s,%d,100,1\n", d, id, req)
		}
	}
	return b.String()
}

// TestWriteSynthetic writes synthetic instances for the benchmark command
// when SYNTH_DIR is set (for measuring the solver on larger rosters).
func TestWriteSynthetic(t *testing.T) {
	dir := os.Getenv("SYNTH_DIR")
	if dir == "" {
		t.Skip("set SYNTH_DIR to write synthetic instances")
	}
	for _, c := range synthSizes {
		name := filepath.Join(dir, fmt.Sprintf("Synth%dx%dx%d.txt", c.days, c.staff, c.shifts))
		if err := os.WriteFile(name, []byte(synthCurtois(c.days, c.staff, c.shifts, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// synthSizes span the published family's sizes beyond the shared files.
var synthSizes = []struct{ days, staff, shifts int }{
	{28, 120, 18}, {42, 45, 6}, {56, 32, 4}, {84, 22, 3}, {84, 40, 5},
	{182, 50, 6}, {182, 100, 8}, {364, 50, 10}, {364, 120, 20}, {364, 150, 32},
}

func synthProblem(t *testing.T, days, staff, shifts int, seed int64) *Problem {
	t.Helper()
	p, err := ParseCurtois(strings.NewReader(synthCurtois(days, staff, shifts, seed)))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLongHorizon: a half-year roster is too long for whole-row DPs, so
// rows are built and improved a window at a time. The roster meets every
// hard constraint, the time limit holds (give or take the construction; a
// whole-row construction took minutes), and runs repeat.
func TestLongHorizon(t *testing.T) {
	if testing.Short() {
		t.Skip("solves a half-year roster (-short)")
	}
	p := synthProblem(t, 182, 16, 6, 3)
	models := make([]*rowModel, len(p.Employees))
	for e := range models {
		models[e] = newRowModel(p, e)
	}
	if span := initialSpan(models); span >= p.Days {
		t.Fatalf("span %d: the instance should be a long one", span)
	}
	limit := 3 * time.Second
	sol, st := Solve(context.Background(), p, Options{TimeLimit: limit, Seed: 1, Threads: 2})
	if st.Err != nil {
		t.Fatal(st.Err)
	}
	// The construction is not interruptible, so the slack is generous (a
	// loaded machine, the race detector); before windows it was minutes.
	if st.Elapsed > limit+5*time.Second {
		t.Errorf("took %v with a limit of %v", st.Elapsed, limit)
	}
	obj, viol := Validate(p, sol)
	if len(viol) != 0 {
		t.Fatalf("infeasible: %v", viol)
	}
	if obj != st.Objective {
		t.Errorf("validator %d, solver %d", obj, st.Objective)
	}
	opt := Options{Seed: 2, Threads: 2, MaxIterations: 100}
	a, sa := Solve(context.Background(), p, opt)
	b, sb := Solve(context.Background(), p, opt)
	if !reflect.DeepEqual(a, b) || sa.Objective != sb.Objective || sa.JointMoves != sb.JointMoves {
		t.Fatalf("two runs with the same seed differ: %d vs %d", sa.Objective, sb.Objective)
	}
	if sa.JointMoves == 0 {
		t.Errorf("no joint move on windows of a %d-day roster", p.Days)
	}
	if _, viol := Validate(p, a); len(viol) != 0 {
		t.Fatalf("infeasible: %v", viol)
	}
}

// TestConstructByWindows: building rows a window at a time (minute and
// weekend limits spread over the horizon, later days off) gives every
// employee a row meeting all its hard constraints, on rosters of several
// lengths, without falling back to a whole-row DP.
func TestConstructByWindows(t *testing.T) {
	for _, c := range []struct{ days, staff, shifts int }{{56, 12, 3}, {91, 10, 4}, {182, 8, 8}, {364, 12, 20}} {
		p := synthProblem(t, c.days, c.staff, c.shifts, 7)
		sh := newShared(p)
		w := newWorker(p, sh, 1)
		sh.span = 28
		w.load(w.sol)
		for e := range p.Employees {
			w.remove(e)
			if !w.constructRow(e) {
				t.Fatalf("%dx%d: employee %d has no row", c.days, c.staff, e)
			}
		}
		if _, viol := Validate(p, w.sol); len(viol) != 0 {
			t.Fatalf("%dx%d: %v", c.days, c.staff, viol)
		}
		if w.wholeRows != 0 {
			t.Errorf("%dx%d: %d rows fell back to a whole-horizon DP", c.days, c.staff, w.wholeRows)
		}
	}
}
