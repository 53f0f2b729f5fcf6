package compliance

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"shiftguard/roster"
)

// FuzzParseScenario checks that no input makes the parser or the engine
// panic, and that Check either fails or returns valid JSON with the
// required fields.
func FuzzParseScenario(f *testing.F) {
	for _, dir := range []string{filepath.Join("testdata", "malformed"), filepath.Join("testdata", "scenarios"), "/work/shared/scenarios"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte(`{"shift_types":[{"code":"N","start":"22:00","end":"06:00"}],"roster":[{"employee":"A","date":"2026-11-01","shift":"N"}],"events":[{"employee":"A","kind":"clock_in","at":"2026-11-01T22:30:15"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := Check(data)
		if err != nil {
			if out != nil {
				t.Fatalf("output with an error: %s", out)
			}
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		var res struct {
			Violations []map[string]any `json:"violations"`
			Points     map[string]int   `json:"points"`
		}
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("invalid JSON output: %v\n%s", err, out)
		}
		if res.Violations == nil || res.Points == nil {
			t.Fatalf("missing violations or points: %s", out)
		}
		for _, v := range res.Violations {
			for _, k := range []string{"rule", "employee", "date", "shift", "minutes"} {
				if _, ok := v[k]; !ok {
					t.Fatalf("violation without %s: %v", k, v)
				}
			}
			if _, ok := res.Points[v["employee"].(string)]; !ok {
				t.Fatalf("points miss employee %v", v["employee"])
			}
		}
	})
}

// FuzzEvaluate feeds random punches, notes and approvals for a small
// two-post roster with day, late and overnight shifts to the engine and
// checks invariants that hold whatever the input: no panic, minutes never
// negative, output sorted, an ABSENT instance has no other violation and an
// instance on leave has none.
func FuzzEvaluate(f *testing.F) {
	f.Add([]byte{0, 10, 20, 1, 200, 30, 2, 40, 50, 3, 60, 70, 5, 255, 255})
	f.Add([]byte("clock in, break, leave post, return, clock out, note, ack"))
	f.Fuzz(func(t *testing.T, data []byte) {
		loc := time.FixedZone("CST", 8*3600)
		if len(data) > 0 && data[0]%2 == 1 {
			loc = mustLoc(t, "America/New_York")
		}
		types := map[string]*roster.ShiftType{
			"D": {Code: "D", Start: 8 * 60, End: 16 * 60, Post: "p", Handover: true, MealBreakMin: 30},
			"L": {Code: "L", Start: 16 * 60, End: 0, Post: "p", Handover: true},
			"N": {Code: "N", Start: 23 * 60, End: 7 * 60, Post: "q"},
		}
		emps := []string{"E1", "E2", "E3"}
		first := roster.NewDate(2026, 10, 31)
		in := &Input{Loc: loc, Policy: DefaultPolicy(), ShiftTypes: types}
		for d := 0; d < 3; d++ {
			in.Assignments = append(in.Assignments,
				roster.Assignment{Employee: "E1", Date: first.AddDays(d), Shift: "D"},
				roster.Assignment{Employee: "E2", Date: first.AddDays(d), Shift: "L"},
				roster.Assignment{Employee: "E3", Date: first.AddDays(d), Shift: "N"})
		}
		in.Policy.DailyLogRequired = len(data)%3 == 0
		base := first.At(0, loc)
		for i := 0; i+2 < len(data); i += 3 {
			emp := emps[int(data[i])%3]
			at := base.Add(time.Duration(int(data[i+1])<<8|int(data[i+2])) * 20 * time.Second)
			switch k := data[i] / 3 % 10; {
			case k < 6:
				in.Events = append(in.Events, roster.Event{Employee: emp, Kind: roster.EventKinds[k], At: at})
			case k == 6:
				a := in.Assignments[int(data[i+2])%len(in.Assignments)]
				in.Notes = append(in.Notes, roster.HandoverNote{Employee: a.Employee, Date: a.Date, Shift: a.Shift, WrittenAt: at,
					Acks: []roster.Ack{{Employee: emps[int(data[i+1])%3], At: at.Add(time.Duration(data[i+2]) * time.Minute)}}})
			case k == 7:
				in.PostLeaves = append(in.PostLeaves, roster.PostLeave{Employee: emp, From: at, To: at.Add(time.Duration(data[i+2]+1) * time.Minute)})
			case k == 8:
				in.Leaves = append(in.Leaves, roster.Leave{Employee: emp, Date: roster.DateOf(at.In(loc)), Type: roster.LeaveSick})
			default:
				in.DailyLogs = append(in.DailyLogs, roster.DailyLog{Employee: emp, At: at})
			}
		}
		vs, err := Evaluate(in)
		if err != nil {
			t.Fatal(err)
		}
		onLeave := map[string]bool{}
		for _, l := range in.Leaves {
			onLeave[l.Employee+l.Date.String()] = true
		}
		perInstance := map[string][]Rule{}
		for i, v := range vs {
			if v.Minutes < 0 {
				t.Fatalf("negative minutes: %+v", v)
			}
			if i > 0 && compareViolations(&vs[i-1], &vs[i]) > 0 {
				t.Fatalf("not sorted at %d", i)
			}
			if onLeave[v.Employee+v.Date.String()] {
				t.Fatalf("violation on leave: %+v", v)
			}
			k := v.Employee + v.Date.String() + v.Shift
			perInstance[k] = append(perInstance[k], v.Rule)
		}
		for k, rules := range perInstance {
			if len(rules) > 1 && slices.Contains(rules, Absent) {
				t.Fatalf("%s: ABSENT with other violations %v", k, rules)
			}
		}
	})
}
