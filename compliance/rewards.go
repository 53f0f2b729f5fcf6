package compliance

import (
	"cmp"
	"slices"

	"shiftguard/roster"
)

// PerfectAttendanceFor returns, in the order given, the employees who earn
// 全勤奖 for month m: at least one scheduled shift in the month, no
// violation in the month that counts (waived ones excepted) and no leave in
// the month other than annual leave.
func PerfectAttendanceFor(m roster.Month, employees []string, assignments []roster.Assignment, records []Record, leaves []roster.Leave) []string {
	scheduled := map[string]bool{}
	for _, a := range assignments {
		if roster.MonthOf(a.Date) == m {
			scheduled[a.Employee] = true
		}
	}
	spoiled := map[string]bool{}
	for i := range records {
		if records[i].Counts() && roster.MonthOf(records[i].Date) == m {
			spoiled[records[i].Employee] = true
		}
	}
	for _, l := range leaves {
		if l.Type != roster.LeaveAnnual && roster.MonthOf(l.Date) == m {
			spoiled[l.Employee] = true
		}
	}
	var out []string
	for _, e := range employees {
		if scheduled[e] && !spoiled[e] {
			out = append(out, e)
		}
	}
	return out
}

// Candidate is an employee proposed for 服务之星 with the figures that rank them.
type Candidate struct {
	Employee string
	Points   int // points of the month's violations that count
	Worked   int // shifts worked in the month
}

// ServiceStarCandidates ranks the team for month m: fewest points of the
// month's counting violations first, then most shifts worked (worked maps
// employee to shifts worked), then employee number.
func ServiceStarCandidates(m roster.Month, team []string, records []Record, worked map[string]int) []Candidate {
	points := map[string]int{}
	for i := range records {
		if records[i].Counts() && roster.MonthOf(records[i].Date) == m {
			points[records[i].Employee] += records[i].Points
		}
	}
	out := make([]Candidate, 0, len(team))
	seen := map[string]bool{}
	for _, e := range team {
		if seen[e] {
			continue
		}
		seen[e] = true
		out = append(out, Candidate{Employee: e, Points: points[e], Worked: worked[e]})
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		if c := cmp.Compare(a.Points, b.Points); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Worked, a.Worked); c != 0 {
			return c
		}
		return cmp.Compare(a.Employee, b.Employee)
	})
	return out
}
