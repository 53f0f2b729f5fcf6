package compliance

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// sc describes a small scenario for a rule test. Events are written
// "EMP KIND YYYY-MM-DDTHH:MM[:SS]", roster entries "EMP DATE SHIFT".
type sc struct {
	tz        string
	policy    map[string]any
	types     []map[string]any
	roster    []string
	events    []string
	approvals []map[string]any
	notes     []map[string]any
	logs      []string
}

// D is an 08:00-16:00 shift on post p without handover notes.
var typeD = map[string]any{"code": "D", "start": "08:00", "end": "16:00", "post": "p", "handover": false}

const day = "2026-11-02"

// at returns "2026-11-02T<hm>".
func at(hm string) string { return day + "T" + hm }

// clean is a day of emp on D with nothing wrong.
func clean(emp string) []string {
	return []string{emp + " clock_in " + at("07:40"), emp + " break_start " + at("10:00"), emp + " break_end " + at("10:15"),
		emp + " break_start " + at("13:00"), emp + " break_end " + at("13:15"), emp + " clock_out " + at("16:00")}
}

func (s sc) json(t testing.TB) []byte {
	doc := map[string]any{}
	if s.tz != "" {
		doc["timezone"] = s.tz
	}
	if s.policy != nil {
		doc["policy"] = s.policy
	}
	if s.types == nil {
		s.types = []map[string]any{typeD}
	}
	doc["shift_types"] = s.types
	var roster, events, logs []map[string]any
	for _, r := range s.roster {
		f := strings.Fields(r)
		roster = append(roster, map[string]any{"employee": f[0], "date": f[1], "shift": f[2]})
	}
	for _, e := range s.events {
		f := strings.Fields(e)
		events = append(events, map[string]any{"employee": f[0], "kind": f[1], "at": f[2]})
	}
	for _, l := range s.logs {
		f := strings.Fields(l)
		logs = append(logs, map[string]any{"employee": f[0], "at": f[1]})
	}
	doc["roster"], doc["events"], doc["daily_logs"] = roster, events, logs
	doc["approvals"], doc["handover_notes"] = s.approvals, s.notes
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// run checks the scenario and returns its violations as
// "EMP DATE SHIFT RULE MINUTES", keeping only the rules in only (all when empty).
func (s sc) run(t testing.TB, only ...Rule) []string {
	t.Helper()
	out, err := Check(s.json(t))
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	var res CheckResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, v := range res.Violations {
		if len(only) == 0 || slices.Contains(only, v.Rule) {
			got = append(got, fmt.Sprintf("%s %s %s %s %d", v.Employee, v.Date, v.Shift, v.Rule, v.Minutes))
		}
	}
	return got
}

type ruleCase struct {
	name string
	s    sc
	only []Rule
	want []string
}

func runCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.s.run(t, c.only...)
			want := c.want
			if want == nil {
				want = []string{}
			}
			if !slices.Equal(got, want) {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

// replace returns events with the event of the given employee and kind at
// the given index of that kind replaced by ev ("" removes it).
func replace(events []string, prefix, ev string) []string {
	out := []string{}
	done := false
	for _, e := range events {
		if !done && strings.HasPrefix(e, prefix) {
			done = true
			if ev != "" {
				out = append(out, ev)
			}
			continue
		}
		out = append(out, e)
	}
	return out
}

func rosterD(emps ...string) []string {
	var r []string
	for _, e := range emps {
		r = append(r, e+" "+day+" D")
	}
	return r
}

func TestArrival(t *testing.T) {
	in := func(t string) sc {
		return sc{roster: rosterD("E1"), events: replace(clean("E1"), "E1 clock_in", "E1 clock_in "+at(t))}
	}
	d := "E1 " + day + " D "
	runCases(t, []ruleCase{
		{"clean day", in("07:40"), nil, nil},
		{"exactly 15 min early is fine", in("07:45"), nil, nil},
		{"14 min early", in("07:46"), nil, []string{d + "NOT_EARLY 1"}},
		{"30 s short of 15 min early rounds up", in("07:45:30"), nil, []string{d + "NOT_EARLY 1"}},
		{"exactly at start", in("08:00"), nil, []string{d + "NOT_EARLY 15"}},
		{"30 s late rounds up", in("08:00:30"), nil, []string{d + "LATE 1"}},
		{"late 30 is LATE", in("08:30"), nil, []string{d + "LATE 30"}},
		{"late 30 min 1 s is LATE_MAJOR", in("08:30:01"), nil, []string{d + "LATE_MAJOR 31"}},
		{"late 31 is LATE_MAJOR", in("08:31"), nil, []string{d + "LATE_MAJOR 31"}},
		{"earliest clock_in counts", sc{roster: rosterD("E1"), events: append(clean("E1"), "E1 clock_in "+at("08:10"))}, nil, nil},
		{"policy early_arrival_min 30", sc{policy: map[string]any{"early_arrival_min": 30}, roster: rosterD("E1"), events: clean("E1")},
			nil, []string{d + "NOT_EARLY 10"}},
		{"policy late_major_min 10", sc{policy: map[string]any{"late_major_min": 10}, roster: rosterD("E1"),
			events: replace(clean("E1"), "E1 clock_in", "E1 clock_in "+at("08:11"))}, nil, []string{d + "LATE_MAJOR 11"}},
	})
}

func TestAttribution(t *testing.T) {
	d := "E1 " + day + " D "
	twoShifts := []map[string]any{
		{"code": "A", "start": "04:00", "end": "08:00", "post": "p", "handover": false},
		{"code": "B", "start": "12:00", "end": "16:00", "post": "p", "handover": false},
	}
	twoRoster := []string{"E1 " + day + " A", "E1 " + day + " B"}
	twoEvents := func(out string) []string {
		return []string{"E1 clock_in " + at("03:45"), "E1 clock_out " + at(out),
			"E1 clock_in " + at("11:45"), "E1 clock_out " + at("16:00")}
	}
	runCases(t, []ruleCase{
		// start-240 = 04:00 is inside the window: the clock_in counts (4 h early is no violation).
		{"window start included", sc{roster: rosterD("E1"), events: replace(clean("E1"), "E1 clock_in", "E1 clock_in "+at("04:00"))},
			[]Rule{Absent, Late, NotEarly}, nil},
		// 03:59 is outside every window: no clock_in at all.
		{"before window start ignored", sc{roster: rosterD("E1"), events: replace(clean("E1"), "E1 clock_in", "E1 clock_in "+at("03:59"))},
			nil, []string{d + "ABSENT 480"}},
		// end+240 = 20:00 is outside the window: the clock_out is ignored.
		{"window end excluded", sc{roster: rosterD("E1"), events: replace(clean("E1"), "E1 clock_out", "E1 clock_out "+at("20:00"))},
			nil, []string{d + "MISSING_CLOCK_OUT 0"}},
		{"just inside window end", sc{roster: rosterD("E1"), events: replace(clean("E1"), "E1 clock_out", "E1 clock_out "+at("19:59"))},
			[]Rule{MissingClockOut, EarlyDeparture}, nil},
		// 08:00 is in A's window [00:00,12:00) and B's [08:00,20:00), 4 h from
		// both starts: the earlier start (A) takes it, so A has its clock_out.
		{"tie goes to the earlier start", sc{types: twoShifts, roster: twoRoster, events: twoEvents("08:00")},
			[]Rule{MissingClockOut, EarlyDeparture}, nil},
		// 08:01 is nearer B's start: A has no clock_out; for B it is before B's clock_in and so not its clock_out.
		{"nearest start wins", sc{types: twoShifts, roster: twoRoster, events: twoEvents("08:01")},
			[]Rule{MissingClockOut, EarlyDeparture}, []string{"E1 " + day + " A MISSING_CLOCK_OUT 0"}},
		{"clock_out before clock_in does not count", sc{roster: rosterD("E1"),
			events: append([]string{"E1 clock_out " + at("07:30")}, replace(clean("E1"), "E1 clock_out", "")...)},
			nil, []string{d + "MISSING_CLOCK_OUT 0"}},
		{"latest clock_out counts", sc{roster: rosterD("E1"), events: append(clean("E1"), "E1 clock_out "+at("15:00"))}, nil, nil},
		{"other employee's events do not count", sc{roster: rosterD("E1"), events: clean("E2")}, nil, []string{d + "ABSENT 480"}},
		// Attribution ignores leave: the 06:00 clock_out is 2 h from the start
		// of E1's day shift (on leave) and 8 h from the night's start, so the
		// day shift takes it and the night has no clock_out.
		{"attribution ignores leave", sc{
			types:     []map[string]any{typeD, {"code": "N", "start": "22:00", "end": "06:00", "post": "p", "handover": false}},
			roster:    []string{"E1 " + day + " D", "E1 2026-11-01 N"},
			events:    []string{"E1 clock_in 2026-11-01T21:45", "E1 clock_out " + at("06:00"), "E1 clock_out " + at("07:30")},
			approvals: []map[string]any{{"employee": "E1", "kind": "leave", "type": "sick", "date": day}},
		}, []Rule{MissingClockOut, EarlyDeparture}, []string{"E1 2026-11-01 N MISSING_CLOCK_OUT 0"}},
	})
}

func TestAbsentAndLeave(t *testing.T) {
	d := "E1 " + day + " D "
	leave := func(date, typ string) []map[string]any {
		return []map[string]any{{"employee": "E1", "kind": "leave", "type": typ, "date": date}}
	}
	night := []map[string]any{{"code": "N", "start": "22:00", "end": "06:00", "handover": false}}
	runCases(t, []ruleCase{
		{"no clock_in", sc{roster: rosterD("E1")}, nil, []string{d + "ABSENT 480"}},
		{"absent suppresses every other rule", sc{policy: map[string]any{"daily_log_required": true}, roster: rosterD("E1"),
			events: []string{"E1 break_start " + at("10:00"), "E1 leave_post " + at("11:00"), "E1 clock_out " + at("15:00")}},
			nil, []string{d + "ABSENT 480"}},
		{"leave exempts an absence", sc{roster: rosterD("E1"), approvals: leave(day, "personal")}, nil, nil},
		{"leave exempts everything", sc{roster: rosterD("E1"), approvals: leave(day, "annual"),
			events: []string{"E1 clock_in " + at("09:00"), "E1 clock_out " + at("12:00")}}, nil, nil},
		{"leave of another day", sc{roster: rosterD("E1"), approvals: leave("2026-11-03", "sick")}, nil, []string{d + "ABSENT 480"}},
		// New York leaves DST on 2026-11-01 at 02:00: the night is 9 hours long.
		{"absent over DST end is 540 min", sc{tz: "America/New_York", types: night, roster: []string{"E1 2026-10-31 N"}},
			nil, []string{"E1 2026-10-31 N ABSENT 540"}},
		// and enters it on 2027-03-14: that night is 7 hours long.
		{"absent over DST start is 420 min", sc{tz: "America/New_York", types: night, roster: []string{"E1 2027-03-13 N"}},
			nil, []string{"E1 2027-03-13 N ABSENT 420"}},
	})
}

func TestClockOut(t *testing.T) {
	d := "E1 " + day + " D "
	out := func(ev string) sc {
		return sc{roster: rosterD("E1"), events: replace(clean("E1"), "E1 clock_out", ev)}
	}
	night := []map[string]any{{"code": "N", "start": "22:00", "end": "06:00", "post": "p", "handover": false}}
	nightEvents := func(out string) []string {
		return []string{"E1 clock_in 2026-11-01T21:40", "E1 break_start 2026-11-02T00:30", "E1 break_end 2026-11-02T00:45",
			"E1 break_start 2026-11-02T03:00", "E1 break_end 2026-11-02T03:15", "E1 clock_out 2026-11-02T" + out}
	}
	runCases(t, []ruleCase{
		{"missing clock_out", out(""), nil, []string{d + "MISSING_CLOCK_OUT 0"}},
		{"clock_out exactly at end", out("E1 clock_out " + at("16:00")), nil, nil},
		{"30 s early rounds up", out("E1 clock_out " + at("15:59:30")), nil, []string{d + "EARLY_DEPARTURE 1"}},
		{"40 min early", out("E1 clock_out " + at("15:20")), nil, []string{d + "EARLY_DEPARTURE 40"}},
		{"overnight shift dated by its start", sc{types: night, roster: []string{"E1 2026-11-01 N"}, events: nightEvents("06:00")}, nil, nil},
		{"overnight early departure", sc{types: night, roster: []string{"E1 2026-11-01 N"}, events: nightEvents("05:30")},
			nil, []string{"E1 2026-11-01 N EARLY_DEPARTURE 30"}},
	})
}

// Relief and successors: E 08:00-16:00 hands over to L 16:00-24:00 on post p.
func TestRelief(t *testing.T) {
	types := []map[string]any{
		{"code": "E", "start": "08:00", "end": "16:00", "post": "p", "handover": false},
		{"code": "L", "start": "16:00", "end": "00:00", "post": "p", "handover": false},
		{"code": "L2", "start": "15:00", "end": "23:00", "post": "p", "handover": false},
		{"code": "L3", "start": "14:59", "end": "22:59", "post": "p", "handover": false},
		{"code": "L4", "start": "16:01", "end": "23:59", "post": "p", "handover": false},
		{"code": "Q", "start": "16:00", "end": "00:00", "post": "q", "handover": false},
	}
	mk := func(out, succ, succIn string) sc {
		s := sc{types: types, roster: []string{"E1 " + day + " E"}, events: []string{"E1 clock_in " + at("07:40")}}
		if out != "" {
			s.events = append(s.events, "E1 clock_out "+at(out))
		}
		if succ != "" {
			emp := "E2"
			if strings.HasPrefix(succ, "same:") {
				emp, succ = "E1", strings.TrimPrefix(succ, "same:")
			}
			s.roster = append(s.roster, emp+" "+day+" "+succ)
			if succIn != "" {
				s.events = append(s.events, emp+" clock_in "+at(succIn))
			}
		}
		return s
	}
	r := "E1 " + day + " E LEFT_BEFORE_RELIEF "
	only := []Rule{LeftBeforeRelief}
	withLeave := mk("16:10", "L", "")
	withLeave.approvals = []map[string]any{{"employee": "E2", "kind": "leave", "type": "sick", "date": day}}
	runCases(t, []ruleCase{
		{"left before a late successor", mk("16:10", "L", "16:20"), only, []string{r + "10"}},
		{"successor clocked in before the end", mk("16:00", "L", "15:45"), only, nil},
		{"left when the successor arrived", mk("16:20", "L", "16:20"), only, nil},
		{"absent successor: wait up to end+30", mk("16:29", "L", ""), only, []string{r + "1"}},
		{"absent successor: leaving at end+30 is fine", mk("16:30", "L", ""), only, nil},
		{"very late successor: wait is capped", mk("16:05", "L", "17:00"), only, []string{r + "25"}},
		{"not judged when leaving before the end", mk("15:50", "L", "16:20"), []Rule{LeftBeforeRelief, EarlyDeparture},
			[]string{"E1 " + day + " E EARLY_DEPARTURE 10"}},
		{"not judged without clock_out", mk("", "L", "16:20"), only, nil},
		{"no successor, no relief rule", mk("16:00", "", ""), only, nil},
		{"successor starting end-60 counts", mk("16:00", "L2", ""), only, []string{r + "30"}},
		{"successor starting end-61 does not", mk("16:00", "L3", ""), only, nil},
		{"successor starting after the end does not", mk("16:00", "L4", ""), only, nil},
		{"same employee is not a successor", mk("16:00", "same:L", ""), only, nil},
		{"other post is not a successor", mk("16:00", "Q", ""), only, nil},
		{"successor on leave never relieves", withLeave, only, []string{r + "20"}},
		{"policy relief_wait_max_min", func() sc {
			s := mk("16:10", "L", "")
			s.policy = map[string]any{"relief_wait_max_min": 5}
			return s
		}(), only, nil},
	})
}
