package compliance

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"shiftguard/roster"
)

func mustLoc(t testing.TB, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// baseInput is one D shift (08:00-16:00) of E1 on 2026-11-02 and 03.
func baseInput(t testing.TB) *Input {
	loc := mustLoc(t, "Asia/Shanghai")
	d := &roster.ShiftType{Code: "D", Start: 8 * 60, End: 16 * 60, Post: "p"}
	return &Input{Loc: loc, Policy: DefaultPolicy(), ShiftTypes: map[string]*roster.ShiftType{"D": d},
		Assignments: []roster.Assignment{
			{Employee: "E1", Date: roster.NewDate(2026, 11, 2), Shift: "D"},
			{Employee: "E1", Date: roster.NewDate(2026, 11, 3), Shift: "D"},
		}}
}

func TestEvaluateRange(t *testing.T) {
	in := baseInput(t)
	in.From, in.To = roster.NewDate(2026, 11, 3), roster.NewDate(2026, 11, 3)
	vs, err := Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 || vs[0].Date != roster.NewDate(2026, 11, 3) || vs[0].Rule != Absent {
		t.Fatalf("got %+v, want one ABSENT on 2026-11-03", vs)
	}
	in.From, in.To = roster.Date{}, roster.NewDate(2026, 11, 2)
	if vs, _ := Evaluate(in); len(vs) != 1 || vs[0].Date != roster.NewDate(2026, 11, 2) {
		t.Fatalf("open From: got %+v", vs)
	}
}

// Out-of-range instances still relieve: E2's successor shift on 11-02 is
// outside the range but its clock_in still counts for E1's relief.
func TestEvaluateRangeKeepsSuccessors(t *testing.T) {
	in := baseInput(t)
	in.ShiftTypes["L"] = &roster.ShiftType{Code: "L", Start: 16 * 60, End: 0, Post: "p"}
	in.Assignments = []roster.Assignment{{Employee: "E1", Date: roster.NewDate(2026, 11, 2), Shift: "D"},
		{Employee: "E2", Date: roster.NewDate(2026, 11, 2), Shift: "L"}}
	at := func(hm string) time.Time { t0, _ := roster.ParseLocal("2026-11-02T"+hm, in.Loc); return t0 }
	in.Events = []roster.Event{{Employee: "E1", Kind: roster.ClockIn, At: at("07:40")}, {Employee: "E1", Kind: roster.ClockOut, At: at("16:05")},
		{Employee: "E2", Kind: roster.ClockIn, At: at("16:10")}}
	in.Policy.BreakAfterMin = 1440
	in.Policy.Points[HandoverMissing] = 0
	in.From, in.To = roster.NewDate(2026, 11, 2), roster.NewDate(2026, 11, 2)
	in.Assignments[1].Date = roster.NewDate(2026, 11, 2)
	vs, err := Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, v := range vs {
		if v.Rule == LeftBeforeRelief && v.Employee == "E1" && v.Minutes == 5 {
			found = true
		}
	}
	if !found {
		t.Fatalf("want LEFT_BEFORE_RELIEF 5 for E1, got %+v", vs)
	}
}

func TestEvaluateCorrections(t *testing.T) {
	in := baseInput(t)
	in.To = roster.NewDate(2026, 11, 2)
	at := func(hm string) time.Time { t0, _ := roster.ParseLocal("2026-11-02T"+hm, in.Loc); return t0 }
	in.Policy.BreakAfterMin = 1440
	in.Events = []roster.Event{
		{ID: 1, Employee: "E1", Kind: roster.ClockIn, At: at("08:20")},
		{ID: 2, Employee: "E1", Kind: roster.ClockOut, At: at("16:00")},
		// The manager corrects the clock_in (the terminal was down).
		{ID: 3, Employee: "E1", Kind: roster.ClockIn, At: at("07:40"), Supersedes: 1, Reason: "terminal down", RecordedBy: "mgr", Source: roster.SourceManual},
	}
	vs, err := Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 0 {
		t.Fatalf("corrected clock_in still judged: %+v", vs)
	}
	// Voiding the clock_out makes it missing; the evidence names the correction's clock_in.
	in.Events = append(in.Events, roster.Event{ID: 4, Employee: "E1", Kind: roster.ClockOut, At: at("16:00"), Supersedes: 2, Void: true, Reason: "duplicate"})
	vs, _ = Evaluate(in)
	if len(vs) != 1 || vs[0].Rule != MissingClockOut {
		t.Fatalf("got %+v, want MISSING_CLOCK_OUT", vs)
	}
	var text string
	for _, e := range vs[0].Evidence {
		text += e.EN + "\n"
	}
	if !strings.Contains(text, "recorded by mgr") || !strings.Contains(text, "terminal down") {
		t.Errorf("evidence does not show the correction:\n%s", text)
	}
}

func TestEvaluateViolationFields(t *testing.T) {
	in := baseInput(t)
	in.Policy.Version = 7
	in.Policy.Points[Absent] = 12
	vs, err := Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 {
		t.Fatalf("got %d violations, want 2", len(vs))
	}
	v := vs[0]
	if v.Points != 12 || v.PolicyVersion != 7 || v.Minutes != 480 || v.Date != roster.NewDate(2026, 11, 2) {
		t.Errorf("got %+v", v)
	}
	if len(v.Evidence) < 2 || v.Evidence[0].Kind != "shift" || v.Evidence[0].ZH == "" || v.Evidence[0].EN == "" {
		t.Errorf("evidence: %+v", v.Evidence)
	}
	if v.Evidence[0].At != "2026-11-02 08:00:00" {
		t.Errorf("evidence time %q", v.Evidence[0].At)
	}
}

func TestEvaluateErrors(t *testing.T) {
	in := baseInput(t)
	in.Assignments = append(in.Assignments, roster.Assignment{Employee: "E2", Date: roster.NewDate(2026, 11, 2), Shift: "X"})
	_, err := Evaluate(in)
	if roster.ErrorCode(err) != roster.EINVALID || !strings.Contains(err.Error(), "assignments[2].shift") {
		t.Errorf("unknown shift: %v", err)
	}
	in = baseInput(t)
	in.Loc = nil
	if _, err := Evaluate(in); roster.ErrorCode(err) != roster.EINVALID {
		t.Errorf("no time zone: %v", err)
	}
}

// Events given in any order give the same result as sorted ones.
func TestEvaluateEventOrder(t *testing.T) {
	in := Synth(40, roster.Month{Year: 2026, Month: time.November}, 3)
	want, err := Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	rev := make([]roster.Event, len(in.Events))
	for i, e := range in.Events {
		rev[len(rev)-1-i] = e
	}
	in.Events = rev
	got, _ := Evaluate(in)
	if len(got) != len(want) {
		t.Fatalf("reversed events: %d violations, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Key(0) != want[i].Key(0) || got[i].Minutes != want[i].Minutes {
			t.Fatalf("violation %d: got %v %d, want %v %d", i, got[i].Key(0), got[i].Minutes, want[i].Key(0), want[i].Minutes)
		}
	}
}

func TestSynth(t *testing.T) {
	m := roster.Month{Year: 2026, Month: time.November}
	a, b := Synth(100, m, 9), Synth(100, m, 9)
	if len(a.Events) != len(b.Events) || len(a.Assignments) != 2100 {
		t.Fatalf("synth: %d/%d events, %d assignments", len(a.Events), len(b.Events), len(a.Assignments))
	}
	for i := range a.Events {
		x, y := a.Events[i], b.Events[i]
		if !x.At.Equal(y.At) || x.Employee != y.Employee || x.Kind != y.Kind {
			t.Fatalf("event %d differs between runs with the same seed", i)
		}
	}
	if n := len(a.Events); n < 6*2000 || n > 9*2100 {
		t.Errorf("%d events for 2100 instances", n)
	}
	vs, err := Evaluate(a)
	if err != nil {
		t.Fatal(err)
	}
	rules := map[Rule]int{}
	for _, v := range vs {
		rules[v.Rule]++
	}
	// A believable mix: most rules occur, violations are a minority of instances.
	if len(rules) < 9 || len(vs) > len(a.Assignments)/2 {
		t.Errorf("mix of violations: %v (%d for %d instances)", rules, len(vs), len(a.Assignments))
	}
}

// Points list every employee with a violation, even at 0 points.
func TestCheckPointsListsEveryEmployee(t *testing.T) {
	s := sc{policy: map[string]any{"points": map[string]any{"ABSENT": 0}}, roster: rosterD("E1", "E2"), events: clean("E2")}
	out, err := Check(s.json(t))
	if err != nil {
		t.Fatal(err)
	}
	var res CheckResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	if p, ok := res.Points["E1"]; !ok || p != 0 || len(res.Points) != 1 {
		t.Errorf("points %v, want E1: 0 only", res.Points)
	}
	if len(res.Violations) != 1 || res.Violations[0].LabelZH != "旷工" || res.Violations[0].LabelEN != "Absent" {
		t.Errorf("violations %+v", res.Violations)
	}
}

func TestCheckEmpty(t *testing.T) {
	out, err := Check([]byte(`{"shift_types": []}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(strings.Fields(string(out)), ""); got != `{"violations":[],"points":{}}` {
		t.Errorf("got %s", out)
	}
}
