package ui

import (
	"fmt"
	"testing"

	"shiftguard/roster"
	"shiftguard/store"
)

// syntheticMonth is a month of n employees on a four-shift rotation with
// rest days, coverage rules and some leave.
func syntheticMonth(n int) *store.MonthRoster {
	m := roster.Month{Year: 2027, Month: 1}
	mr := &store.MonthRoster{Month: m, ShiftTypes: []roster.ShiftType{
		{Code: "A", Start: 450, End: 930, Color: "#4CAF50"}, {Code: "B", Start: 660, End: 1140, Color: "#2196F3"},
		{Code: "C", Start: 900, End: 1380, Color: "#FF9800"}, {Code: "N", Start: 1380, End: 450, Color: "#673AB7"},
	}}
	for i, c := range []string{"A", "B", "C", "N"} {
		mr.Coverage = append(mr.Coverage, roster.CoverageRequirement{Shift: c, Weekday: -1, Required: n / 6}, roster.CoverageRequirement{Shift: c, Weekday: 0, Required: n / 8 * (i + 1) / 4})
	}
	codes := []string{"A", "B", "C", "N"}
	for e := range n {
		code := fmt.Sprintf("E%04d", e)
		mr.Employees = append(mr.Employees, roster.Employee{Code: code, Name: "员工", Team: fmt.Sprintf("T%02d", e/25), Active: true})
		for d := 1; d <= m.Days(); d++ {
			if (d+e)%7 < 2 {
				continue
			}
			mr.Assignments = append(mr.Assignments, roster.Assignment{Employee: code, Date: roster.NewDate(2027, 1, d), Shift: codes[(d/7+e)%4]})
		}
		if e%10 == 0 {
			mr.Leaves = append(mr.Leaves, roster.Leave{Employee: code, Date: roster.NewDate(2027, 1, 1+e%28), Type: roster.LeaveAnnual})
		}
	}
	return mr
}

func TestBuildGridCountsCoverage(t *testing.T) {
	mr := syntheticMonth(50)
	g := buildGrid(mr)
	if g.days != 31 || len(g.emps) != 50 {
		t.Fatalf("grid %d days × %d employees", g.days, len(g.emps))
	}
	for si, st := range g.shifts {
		for d := range g.days {
			n := 0
			for _, a := range mr.Assignments {
				if a.Shift == st.Code && a.Date.Day == d+1 {
					n++
				}
			}
			if g.count[si][d] != n {
				t.Fatalf("count %s day %d = %d, want %d", st.Code, d+1, g.count[si][d], n)
			}
			if want := store.RequiredOn(mr.Coverage, st.Code, g.dates[d]); g.need[si][d] != want {
				t.Fatalf("need %s day %d = %d, want %d", st.Code, d+1, g.need[si][d], want)
			}
		}
	}
	r := g.row["E0003"]
	old := g.cells[r][4]
	g.set(r, 4, "N")
	g.set(r, 4, old)
	g2 := buildGrid(mr)
	for si := range g.shifts {
		for d := range g.days {
			if g.count[si][d] != g2.count[si][d] {
				t.Fatalf("set and back changed the count of shift %d day %d", si, d)
			}
		}
	}
	if g.leave[g.row["E0010"]][10] != roster.LeaveAnnual {
		t.Error("leave of E0010 on day 11 is missing")
	}
}

// BenchmarkRosterGrid500x31 builds the grid data of a month for 500
// employees (target: under 200 ms).
func BenchmarkRosterGrid500x31(b *testing.B) {
	mr := syntheticMonth(500)
	b.ReportAllocs()
	for b.Loop() {
		buildGrid(mr)
	}
}
