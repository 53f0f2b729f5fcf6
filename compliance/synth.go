package compliance

import (
	"fmt"
	"math/rand/v2"
	"time"

	"shiftguard/roster"
)

// Synth builds a realistic, reproducible month for the given number of
// agents, for benchmarks and load tests: teams of 20 agents, each team on
// its own post with a three-shift rotation (early 07:30-15:30, late
// 15:30-23:30, night 23:30-07:30) where about 14 of 20 agents work each
// day; six to eight punches per shift with seconds; handover notes with
// acknowledgements; leave, off-post approvals and a believable mix of
// violations (lateness, absences, missed clock-outs, long breaks, time off
// post). The same seed gives the same month.
func Synth(agents int, m roster.Month, seed uint64) *Input {
	loc, err := time.LoadLocation(roster.DefaultTimeZone)
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	types := map[string]*roster.ShiftType{
		"E": {Code: "E", Name: "早班", Start: 7*60 + 30, End: 15*60 + 30, Handover: true},
		"L": {Code: "L", Name: "晚班", Start: 15*60 + 30, End: 23*60 + 30, Handover: true},
		"N": {Code: "N", Name: "夜班", Start: 23*60 + 30, End: 7*60 + 30, Handover: true, MealBreakMin: 30},
	}
	in := &Input{Loc: loc, Policy: DefaultPolicy(), ShiftTypes: map[string]*roster.ShiftType{}}
	const teamSize = 20
	teams := (agents + teamSize - 1) / teamSize
	for t := 0; t < teams; t++ {
		for code, st := range types {
			c := *st
			c.Code = fmt.Sprintf("%s%d", code, t)
			c.Post = fmt.Sprintf("post-%d", t)
			in.ShiftTypes[c.Code] = &c
		}
	}
	// slot of agent j of a team on day d: 0-4 early, 5-9 late, 10-13 night, else off.
	shiftOf := func(j, d int) string {
		switch s := (j + d) % teamSize; {
		case s < 5:
			return "E"
		case s < 10:
			return "L"
		case s < 14:
			return "N"
		}
		return ""
	}
	codes := make([]string, agents) // shared, as a store's loader interns them
	for a := range codes {
		codes[a] = fmt.Sprintf("A%05d", a)
	}
	emp := func(a int) string { return codes[a] }
	sec := func() time.Duration { return time.Duration(rng.IntN(60)) * time.Second }
	mins := func(n int) time.Duration { return time.Duration(n) * time.Minute }
	var nextID int64
	addEvent := func(a int, k roster.EventKind, at time.Time) {
		nextID++
		in.Events = append(in.Events, roster.Event{ID: nextID, Employee: emp(a), Kind: k, At: at, Source: roster.SourceDesk})
	}
	days := m.Days()
	for d := 0; d < days; d++ {
		date := m.First().AddDays(d)
		for a := 0; a < agents; a++ {
			t, j := a/teamSize, a%teamSize
			code := shiftOf(j, d)
			if code == "" {
				continue
			}
			st := in.ShiftTypes[fmt.Sprintf("%s%d", code, t)]
			in.Assignments = append(in.Assignments, roster.Assignment{Employee: emp(a), Date: date, Shift: st.Code})
			start, end := st.Bounds(date, loc)
			r := rng.IntN(1000)
			if r < 15 { // on leave
				lt := roster.LeaveAnnual
				if r < 5 {
					lt = roster.LeaveSick
				}
				in.Leaves = append(in.Leaves, roster.Leave{Employee: emp(a), Date: date, Type: lt})
				continue
			}
			if r < 30 { // absent
				continue
			}
			in_ := start.Add(-mins(16 + rng.IntN(15))).Add(sec())
			switch {
			case r < 80:
				in_ = start.Add(mins(rng.IntN(45))).Add(sec())
			case r < 130:
				in_ = start.Add(-mins(rng.IntN(15))).Add(sec())
			}
			addEvent(a, roster.ClockIn, in_)
			// Three breaks: the 180-minute rule needs them on an 8-hour shift.
			for k, at := range []int{120, 240, 360} {
				bs := start.Add(mins(at + rng.IntN(20))).Add(sec())
				length := 11 + rng.IntN(4)
				if rng.IntN(100) < 2 {
					length += 5 + rng.IntN(20) // too long
				}
				if k == 1 && rng.IntN(100) < 2 {
					continue // missed
				}
				addEvent(a, roster.BreakStart, bs)
				addEvent(a, roster.BreakEnd, bs.Add(mins(length)).Add(sec()))
				if k == 1 && rng.IntN(100) < 15 {
					lp := bs.Add(mins(length + 30 + rng.IntN(30))).Add(sec())
					off := mins(3 + rng.IntN(15))
					addEvent(a, roster.LeavePost, lp)
					addEvent(a, roster.ReturnPost, lp.Add(off).Add(sec()))
					if rng.IntN(100) < 80 {
						in.PostLeaves = append(in.PostLeaves, roster.PostLeave{Employee: emp(a), From: lp.Add(-time.Minute), To: lp.Add(mins(20))})
					}
				}
			}
			out := end.Add(mins(rng.IntN(12))).Add(sec())
			switch r2 := rng.IntN(100); {
			case r2 < 2:
				continue // no clock_out
			case r2 < 4:
				out = end.Add(-mins(5 + rng.IntN(60)))
			}
			addEvent(a, roster.ClockOut, out)
			if rng.IntN(100) < 98 {
				n := roster.HandoverNote{ID: int64(len(in.Notes) + 1), Employee: emp(a), Date: date, Shift: st.Code,
					WrittenAt: end.Add(-mins(5 + rng.IntN(20))), Text: "queue status and open tickets"}
				// Successors: the next shift on the same post.
				nextDay, next := d, map[string]string{"E": "L", "L": "N", "N": "E"}[code]
				if code == "N" {
					nextDay = d + 1
				}
				for k := 0; k < teamSize && nextDay < days; k++ {
					if shiftOf(k, nextDay) == next && t*teamSize+k < agents {
						ack := end.Add(-mins(rng.IntN(5)))
						if rng.IntN(1000) < 5 {
							ack = end.Add(mins(10 + rng.IntN(30)))
						}
						n.Acks = append(n.Acks, roster.Ack{Employee: emp(t*teamSize + k), At: ack})
					}
				}
				in.Notes = append(in.Notes, n)
			}
		}
	}
	return in
}
