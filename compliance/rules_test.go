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

// Handover: E 08:00-16:00 (E1, E3) hand over to L 16:00-24:00 (E2) on post p.
func TestHandover(t *testing.T) {
	types := []map[string]any{
		{"code": "E", "start": "08:00", "end": "16:00", "post": "p"},
		{"code": "L", "start": "16:00", "end": "00:00", "post": "p"},
		{"code": "X", "start": "08:00", "end": "16:00", "post": "x", "handover": false},
		{"code": "Y", "start": "16:00", "end": "00:00", "post": "x"},
	}
	type note struct {
		emp, shift, written string
		acks                []string // "EMP HH:MM"
	}
	mk := func(e1Out string, notes ...note) sc {
		s := sc{types: types, roster: []string{"E1 " + day + " E", "E2 " + day + " L"},
			events: []string{"E1 clock_in " + at("07:40"), "E2 clock_in " + at("15:40")}}
		if e1Out != "" {
			s.events = append(s.events, "E1 clock_out "+at(e1Out))
		}
		for _, n := range notes {
			if n.emp == "E3" {
				s.roster = append(s.roster, "E3 "+day+" E")
				s.events = append(s.events, "E3 clock_in "+at("07:40"), "E3 clock_out "+at("16:00"))
			}
			var acks []map[string]any
			for _, a := range n.acks {
				f := strings.Fields(a)
				acks = append(acks, map[string]any{"employee": f[0], "at": f[1]})
			}
			s.notes = append(s.notes, map[string]any{"employee": n.emp, "date": day, "shift": n.shift,
				"written_at": n.written, "text": "queue is long", "acks": acks})
		}
		return s
	}
	miss := "E1 " + day + " E HANDOVER_MISSING 0"
	unread := "E2 " + day + " L HANDOVER_UNREAD "
	only := []Rule{HandoverMissing, HandoverUnread}
	absentS := mk("16:00", note{"E1", "E", at("15:50"), nil})
	absentS.events = absentS.events[:1:1]
	absentS.events = append(absentS.events, "E1 clock_out "+at("16:00"))
	noSucc := sc{types: types, roster: []string{"E1 " + day + " E"}, events: []string{"E1 clock_in " + at("07:40"), "E1 clock_out " + at("16:00")}}
	noHandover := sc{types: types, roster: []string{"E1 " + day + " X", "E2 " + day + " Y"},
		events: []string{"E1 clock_in " + at("07:40"), "E1 clock_out " + at("16:00"), "E2 clock_in " + at("15:40")},
		notes:  []map[string]any{{"employee": "E1", "date": day, "shift": "X", "written_at": at("15:50")}}}
	runCases(t, []ruleCase{
		{"no note", mk("16:00"), only, []string{miss}},
		{"note at end+grace with a later clock_out", mk("16:20", note{"E1", "E", at("16:15"), []string{"E2 " + at("16:20")}}), only, nil},
		{"note after end+grace", mk("16:20", note{"E1", "E", at("16:16"), []string{"E2 " + at("16:20")}}), only, []string{miss}},
		{"note after clock_out", mk("16:05", note{"E1", "E", at("16:10"), []string{"E2 " + at("16:20")}}), only, []string{miss}},
		{"note at clock_out", mk("16:05", note{"E1", "E", at("16:05"), []string{"E2 " + at("16:10")}}), only, nil},
		{"no clock_out: note by end+grace", mk("", note{"E1", "E", at("16:15"), []string{"E2 " + at("16:20")}}), only, nil},
		{"no successor: no note needed", noSucc, only, nil},
		{"shift type without handover", noHandover, only, nil},
		{"ack at the start of S", mk("16:00", note{"E1", "E", at("15:50"), []string{"E2 " + at("16:00")}}), only, nil},
		{"ack 1 min after the start of S", mk("16:00", note{"E1", "E", at("15:50"), []string{"E2 " + at("16:01")}}), only, []string{unread + "1"}},
		{"ack 30 s late rounds up", mk("16:00", note{"E1", "E", at("15:50"), []string{"E2 " + at("16:00:30")}}), only, []string{unread + "1"}},
		{"note after S started: ack at written+15", mk("16:20", note{"E1", "E", at("16:10"), []string{"E2 " + at("16:25")}}), only, nil},
		{"note after S started: ack at written+16", mk("16:20", note{"E1", "E", at("16:10"), []string{"E2 " + at("16:26")}}), only, []string{unread + "1"}},
		{"never acknowledged: end of S - deadline", mk("16:00", note{"E1", "E", at("15:50"), nil}), only, []string{unread + "480"}},
		{"earliest ack counts", mk("16:00", note{"E1", "E", at("15:50"), []string{"E2 " + at("16:30"), "E2 " + at("15:55")}}), only, nil},
		{"another employee's ack does not count", mk("16:00", note{"E1", "E", at("15:50"), []string{"E9 " + at("15:55")}}), only, []string{unread + "480"}},
		// Too late for rule 7 (E1 left at 16:45, wrote at 16:40 > 16:15) but it still must be read by 16:55.
		{"late note still must be read", mk("16:45", note{"E1", "E", at("16:40"), []string{"E2 " + at("17:00")}}), only, []string{miss, unread + "5"}},
		{"one violation per S with the largest lateness", mk("16:00",
			note{"E1", "E", at("15:50"), []string{"E2 " + at("16:05")}},
			note{"E3", "E", at("15:40"), []string{"E2 " + at("16:20")}}), only, []string{unread + "20"}},
		{"every note of a predecessor counts", mk("16:00",
			note{"E1", "E", at("15:50"), []string{"E2 " + at("15:55")}},
			note{"E1", "E", at("15:52"), []string{"E2 " + at("16:07")}}), only, []string{unread + "7"}},
		// Written after S ended: deadline 00:15 > end of S, never read: 0 minutes but still a violation.
		{"note after the end of S, never read", mk("16:00", note{"E1", "E", at("15:00"), []string{"E2 " + at("15:45")}},
			note{"E1", "E", "2026-11-03T00:00", nil}), only, []string{unread + "0"}},
		{"absent successor is not judged", absentS, []Rule{HandoverUnread}, nil},
		{"predecessor without handover: notes need no ack", noHandover, []Rule{HandoverUnread}, nil},
		{"policy handover_grace_min 0", func() sc {
			s := mk("16:20", note{"E1", "E", at("16:01"), []string{"E2 " + at("16:10")}})
			s.policy = map[string]any{"handover_grace_min": 0}
			return s
		}(), only, []string{miss}},
	})
}

func TestBreaks(t *testing.T) {
	d := "E1 " + day + " D "
	mk := func(evs ...string) sc {
		all := []string{"E1 clock_in " + at("07:45")}
		for _, e := range evs {
			f := strings.Fields(e)
			all = append(all, "E1 "+f[0]+" "+at(f[1]))
		}
		return sc{roster: rosterD("E1"), events: append(all, "E1 clock_out "+at("16:00"))}
	}
	meal := func(min int, evs ...string) sc {
		s := mk(evs...)
		s.types = []map[string]any{{"code": "D", "start": "08:00", "end": "16:00", "post": "p", "handover": false, "meal_break_min": min}}
		return s
	}
	noOut := mk("break_start 10:00", "break_end 10:15", "break_start 13:00", "break_end 13:15", "break_start 15:40")
	noOut.events = noOut.events[:len(noOut.events)-1]
	only := []Rule{BreakMissed, BreakTooLong}
	runCases(t, []ruleCase{
		// stretches 07:45-10:00 (135), 10:10-13:00 (170), 13:10-16:00 (170)
		{"breaks of exactly break_min qualify", mk("break_start 10:00", "break_end 10:10", "break_start 13:00", "break_end 13:10"), nil, nil},
		// the 9-minute break does not end the stretch 07:45-13:00 = 315
		{"a 9-minute break does not qualify", mk("break_start 10:00", "break_end 10:09", "break_start 13:00", "break_end 13:10"),
			nil, []string{d + "BREAK_MISSED 135"}},
		{"9 min 30 s does not qualify either", mk("break_start 10:00", "break_end 10:09:30", "break_start 13:00", "break_end 13:10"),
			nil, []string{d + "BREAK_MISSED 135"}},
		// 07:45-10:45 = 180, 11:00-13:00, 13:15-16:00 = 165
		{"stretch of exactly 180", mk("break_start 10:45", "break_end 11:00", "break_start 13:00", "break_end 13:15"), nil, nil},
		{"stretch of 181", mk("break_start 10:46", "break_end 11:01", "break_start 13:00", "break_end 13:15"), nil, []string{d + "BREAK_MISSED 1"}},
		{"stretch 180 min 20 s rounds up", mk("break_start 10:45:20", "break_end 11:00", "break_start 13:00", "break_end 13:15"),
			nil, []string{d + "BREAK_MISSED 1"}},
		// no break at all: 07:45-16:00 = 495
		{"no break", mk(), nil, []string{d + "BREAK_MISSED 315"}},
		// the last stretch runs to clock_out: 13:15-16:00 fine; 10:15-13:00 fine; one long last stretch:
		{"last stretch to clock_out", mk("break_start 10:00", "break_end 10:15"), nil, []string{d + "BREAK_MISSED 165"}},
		{"two long stretches are two violations", mk("break_start 11:00", "break_end 11:15"),
			nil, []string{d + "BREAK_MISSED 15", d + "BREAK_MISSED 105"}},
		{"time off post does not end a stretch", mk("leave_post 10:00", "return_post 10:30", "break_start 13:00", "break_end 13:15"),
			[]Rule{BreakMissed}, []string{d + "BREAK_MISSED 135"}},
		{"break exactly break_max", mk("break_start 10:00", "break_end 10:15", "break_start 13:00", "break_end 13:15"), nil, nil},
		{"break of 16 min", mk("break_start 10:00", "break_end 10:16", "break_start 13:00", "break_end 13:15"), nil, []string{d + "BREAK_TOO_LONG 1"}},
		{"break of 15 min 30 s rounds up", mk("break_start 10:00", "break_end 10:15:30", "break_start 13:00", "break_end 13:15"),
			nil, []string{d + "BREAK_TOO_LONG 1"}},
		// the second break_start while open is ignored: the break is 10:00-10:20 (20 min, not 10)
		{"break_start while open is ignored", mk("break_start 10:00", "break_start 10:10", "break_end 10:20", "break_start 13:00", "break_end 13:15"),
			nil, []string{d + "BREAK_TOO_LONG 5"}},
		{"break_end without a break is ignored", mk("break_end 09:00", "break_start 10:00", "break_end 10:15", "break_start 13:00", "break_end 13:15"), nil, nil},
		// unended break 15:40 ends at the clock_out 16:00: 20 min
		{"unended break ends at clock_out", mk("break_start 10:00", "break_end 10:15", "break_start 13:00", "break_end 13:15", "break_start 15:40"),
			nil, []string{d + "BREAK_TOO_LONG 5"}},
		{"unended break without clock_out ends at end", noOut, nil, []string{d + "BREAK_TOO_LONG 5", d + "MISSING_CLOCK_OUT 0"}},
		// an unended qualifying break: the last stretch is empty; stretch 13:15... before it is fine
		{"break events before clock_in are ignored", func() sc {
			s := mk("break_start 10:00", "break_end 10:15", "break_start 13:00", "break_end 13:15")
			s.events = append(s.events, "E1 break_start "+at("07:00"), "E1 break_end "+at("07:30"))
			return s
		}(), nil, nil},
		{"break events after clock_out are ignored", func() sc {
			s := mk("break_start 10:00", "break_end 10:15", "break_start 13:00", "break_end 13:15")
			s.events = append(s.events, "E1 break_start "+at("16:01"), "E1 break_end "+at("17:00"))
			return s
		}(), nil, nil},
		{"break starting at clock_out counts (0 min)", mk("break_start 10:00", "break_end 10:15", "break_start 13:00", "break_end 13:15", "break_start 16:00"), nil, nil},
		// meal break 40: the single longest break gets 40
		{"meal break within allowance", meal(40, "break_start 10:30", "break_end 11:10", "break_start 13:30", "break_end 13:45"), only, nil},
		{"meal break and a long short break", meal(40, "break_start 10:30", "break_end 11:15", "break_start 13:30", "break_end 13:50"),
			only, []string{d + "BREAK_TOO_LONG 5", d + "BREAK_TOO_LONG 5"}},
		// two equally long 40-min breaks: the earlier gets 40, the later 15
		{"longest of equals: the earliest", meal(40, "break_start 10:00", "break_end 10:40", "break_start 13:00", "break_end 13:40"),
			only, []string{d + "BREAK_TOO_LONG 25"}},
		{"meal break shorter than break_max", meal(10, "break_start 10:00", "break_end 10:15", "break_start 13:00", "break_end 13:15"), only, nil},
		{"policy break_after_min and break_min", func() sc {
			s := mk("break_start 10:00", "break_end 10:15", "break_start 13:00", "break_end 13:15")
			s.policy = map[string]any{"break_after_min": 120, "break_min": 20}
			return s
		}(), only, []string{d + "BREAK_MISSED 375"}},
	})
}

func TestLeftPost(t *testing.T) {
	d := "E1 " + day + " D "
	mk := func(approvals [][2]string, evs ...string) sc {
		s := sc{roster: rosterD("E1"), events: clean("E1")}
		for _, e := range evs {
			f := strings.Fields(e)
			s.events = append(s.events, f[0]+" "+f[1]+" "+at(f[2]))
		}
		for _, a := range approvals {
			s.approvals = append(s.approvals, map[string]any{"employee": "E1", "kind": "post_leave", "from": at(a[0]), "to": at(a[1])})
		}
		return s
	}
	only := []Rule{LeftPost}
	noOut := mk(nil, "E1 leave_post 15:00")
	noOut.events = replace(noOut.events, "E1 clock_out", "")
	otherApproval := mk(nil, "E1 leave_post 11:00", "E1 return_post 11:12")
	otherApproval.approvals = []map[string]any{{"employee": "E2", "kind": "post_leave", "from": at("11:00"), "to": at("11:15")}}
	grace := func(min int, off string) sc {
		s := mk(nil, "E1 leave_post 11:00", "E1 return_post "+off)
		s.policy = map[string]any{"left_post_grace_min": min}
		return s
	}
	runCases(t, []ruleCase{
		{"12 min unapproved", mk(nil, "E1 leave_post 11:00", "E1 return_post 11:12"), nil, []string{d + "LEFT_POST 12"}},
		{"fully approved", mk([][2]string{{"11:00", "11:15"}}, "E1 leave_post 11:00", "E1 return_post 11:12"), nil, nil},
		{"partly approved", mk([][2]string{{"11:00", "11:05"}, {"11:08", "11:10"}}, "E1 leave_post 11:00", "E1 return_post 11:12"),
			nil, []string{d + "LEFT_POST 5"}},
		{"overlapping approvals are not counted twice", mk([][2]string{{"11:00", "11:06"}, {"11:04", "11:10"}}, "E1 leave_post 11:00", "E1 return_post 11:12"),
			nil, []string{d + "LEFT_POST 2"}},
		{"approval of another employee", otherApproval, nil, []string{d + "LEFT_POST 12"}},
		{"leave_post while off post is ignored", mk(nil, "E1 leave_post 11:00", "E1 leave_post 11:05", "E1 return_post 11:10"),
			nil, []string{d + "LEFT_POST 10"}},
		{"return_post while on post is ignored", mk(nil, "E1 return_post 10:30", "E1 leave_post 11:00", "E1 return_post 11:10"),
			nil, []string{d + "LEFT_POST 10"}},
		{"two intervals, two violations", mk(nil, "E1 leave_post 11:00", "E1 return_post 11:10", "E1 leave_post 14:00", "E1 return_post 14:03"),
			nil, []string{d + "LEFT_POST 10", d + "LEFT_POST 3"}},
		{"no return: ends at clock_out", mk(nil, "E1 leave_post 15:00"), nil, []string{d + "LEFT_POST 60"}},
		{"no return, no clock_out: ends at end", noOut, only, []string{d + "LEFT_POST 60"}},
		{"30 s off post rounds up", mk(nil, "E1 leave_post 11:00", "E1 return_post 11:00:30"), nil, []string{d + "LEFT_POST 1"}},
		{"grace: exactly at grace is fine", grace(5, "11:05"), nil, nil},
		{"grace: over grace reports all unapproved minutes", grace(5, "11:06"), nil, []string{d + "LEFT_POST 6"}},
		{"leave_post before clock_in is ignored", mk(nil, "E1 leave_post 07:00", "E1 return_post 07:30"), nil, nil},
		// the return after clock_out does not count: the interval ends at the clock_out
		{"return after clock_out", mk(nil, "E1 leave_post 15:50", "E1 return_post 16:30"), nil, []string{d + "LEFT_POST 10"}},
	})
}

func TestDailyLog(t *testing.T) {
	d := "E1 " + day + " D "
	mk := func(required bool, logs ...string) sc {
		s := sc{policy: map[string]any{"daily_log_required": required}, roster: rosterD("E1"), events: clean("E1")}
		for _, l := range logs {
			s.logs = append(s.logs, "E1 "+at(l))
		}
		return s
	}
	noOut := mk(true, "16:00")
	noOut.events = replace(noOut.events, "E1 clock_out", "")
	noOutLate := mk(true, "16:01")
	noOutLate.events = replace(noOutLate.events, "E1 clock_out", "")
	other := mk(true)
	other.logs = []string{"E2 " + at("12:00")}
	runCases(t, []ruleCase{
		{"not required", mk(false), nil, nil},
		{"missing", mk(true), nil, []string{d + "DAILY_LOG_MISSING 0"}},
		{"at clock_in", mk(true, "07:40"), nil, nil},
		{"at clock_out", mk(true, "16:00"), nil, nil},
		{"before clock_in", mk(true, "07:39"), nil, []string{d + "DAILY_LOG_MISSING 0"}},
		{"after clock_out", mk(true, "16:00:01"), nil, []string{d + "DAILY_LOG_MISSING 0"}},
		{"no clock_out: at end", noOut, []Rule{DailyLogMissing}, nil},
		{"no clock_out: after end", noOutLate, []Rule{DailyLogMissing}, []string{d + "DAILY_LOG_MISSING 0"}},
		{"another employee's log", other, nil, []string{d + "DAILY_LOG_MISSING 0"}},
	})
}
