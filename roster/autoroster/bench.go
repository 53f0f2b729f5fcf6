package autoroster

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Published reference values of the Curtois & Qu instances: best known and
// the ejection-chain heuristic of Curtois & Qu (2014, 10 minutes).
var published = map[string][2]int{
	"Instance1": {607, 607}, "Instance2": {828, 923}, "Instance3": {1001, 1003},
	"Instance4": {1716, 1719}, "Instance5": {1143, 1439}, "Instance6": {1950, 2344},
	"Instance7": {1056, 1284}, "Instance8": {1308, 2529}, "Instance9": {439, 474},
	"Instance10": {4631, 4999}, "Instance11": {3443, 3967}, "Instance12": {4040, 5611},
	"Instance14": {1279, 2542}, "Instance16": {3225, 4343},
}

// Published returns the best-known objective and the ejection-chain value
// of a benchmark instance by file name (e.g. "Instance3.txt").
func Published(name string) (best, ejection int, ok bool) {
	v, ok := published[strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))]
	return v[0], v[1], ok
}

// LoadFile reads a benchmark instance file.
func LoadFile(path string) (*Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := ParseCurtois(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// SolveFile solves one benchmark instance and writes the objective, the
// roster and the validator's verdict to w; with asJSON it writes exactly one
// JSON object {"objective", "valid", "seconds_to_best", "roster"}, and
// the note that the clock ended the run (if it did) to notes.
func SolveFile(path string, opts Options, asJSON bool, w, notes io.Writer) error {
	p, err := LoadFile(path)
	if err != nil {
		return err
	}
	sol, st := Solve(context.Background(), p, opts)
	if st.Err != nil {
		return st.Err
	}
	obj, viol := Validate(p, sol)
	const clockNote = "the clock ended the search before its effort budget: a run with the same seed may differ"
	if asJSON {
		if st.ClockStopped {
			fmt.Fprintln(notes, clockNote)
		}
		out := struct {
			Objective     int                 `json:"objective"`
			Valid         bool                `json:"valid"`
			SecondsToBest float64             `json:"seconds_to_best"`
			Roster        map[string][]string `json:"roster"`
		}{obj, len(viol) == 0, st.TimeToBest.Seconds(), map[string][]string{}}
		for e, row := range sol {
			out.Roster[p.Employees[e].ID] = rowIDs(p, row)
		}
		return json.NewEncoder(w).Encode(out)
	}
	fmt.Fprintf(w, "objective %d (solver %d), time to best %.1fs, %d moves, %d dives, effort %d in %.1fs\n",
		obj, st.Objective, st.TimeToBest.Seconds(), st.Iterations, st.Dives, st.Work, st.Elapsed.Seconds())
	if st.ClockStopped {
		fmt.Fprintln(w, clockNote)
	}
	switch {
	case st.Optimal:
		fmt.Fprintf(w, "optimal: no roster costs less than %d (the root's LP bound), so the search stopped there\n", st.LowerBound)
	case st.LowerBound > math.MinInt64:
		fmt.Fprintf(w, "lower bound %d (the root's LP bound): the roster is at most %d above the optimum\n", st.LowerBound, int64(obj)-st.LowerBound)
	}
	for e, row := range sol {
		ids := rowIDs(p, row)
		for i, s := range ids {
			if s == "" {
				ids[i] = "-"
			}
		}
		fmt.Fprintf(w, "%-4s %s\n", p.Employees[e].ID, strings.Join(ids, " "))
	}
	if len(viol) == 0 {
		fmt.Fprintln(w, "validator: valid, all hard constraints met")
	} else {
		fmt.Fprintf(w, "validator: INVALID, %d violations\n", len(viol))
		for _, v := range viol {
			fmt.Fprintln(w, "  "+v)
		}
	}
	return nil
}

func rowIDs(p *Problem, row []int) []string {
	out := make([]string, len(row))
	for d, s := range row {
		if s != Off {
			out[d] = p.Shifts[s].ID
		}
	}
	return out
}

// RunBenchmark solves every Instance*.txt file in dir with the given time
// limit and writes a Markdown table of the results to out.
func RunBenchmark(dir string, limit time.Duration, threads int, seed int64, out io.Writer) error {
	files, err := filepath.Glob(filepath.Join(dir, "Instance*.txt"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%s: no Instance*.txt files", dir)
	}
	num := func(f string) int {
		var n int
		fmt.Sscanf(strings.TrimPrefix(filepath.Base(f), "Instance"), "%d", &n)
		return n
	}
	for i := 1; i < len(files); i++ {
		for j := i; j > 0 && num(files[j]) < num(files[j-1]); j-- {
			files[j], files[j-1] = files[j-1], files[j]
		}
	}
	// "ended by": the effort budget (the run repeats with the same seed),
	// the clock (it may not), or a roster proven optimal by the LP bound.
	fmt.Fprintf(out, "| instance | objective | best known | gap %% | ejection chain | time to best (s) | ended at (s) | ended by | valid |\n")
	fmt.Fprintf(out, "|---|---|---|---|---|---|---|---|---|\n")
	for _, f := range files {
		p, err := LoadFile(f)
		if err != nil {
			return err
		}
		sol, st := Solve(context.Background(), p, Options{TimeLimit: limit, Seed: seed, Threads: threads})
		if st.Err != nil {
			return fmt.Errorf("%s: %w", f, st.Err)
		}
		obj, viol := Validate(p, sol)
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		bestS, ejS, gapS := "?", "?", "?"
		if b, ej, ok := Published(f); ok {
			bestS, ejS = fmt.Sprint(b), fmt.Sprint(ej)
			gapS = fmt.Sprintf("%.2f", 100*float64(obj-b)/float64(b))
		}
		by := "effort"
		switch {
		case st.Optimal:
			by = "optimal"
		case st.ClockStopped:
			by = "clock"
		}
		fmt.Fprintf(out, "| %s | %d | %s | %s | %s | %.1f | %.1f | %s | %v |\n", name, obj, bestS, gapS, ejS, st.TimeToBest.Seconds(), st.Elapsed.Seconds(), by, len(viol) == 0)
	}
	return nil
}
