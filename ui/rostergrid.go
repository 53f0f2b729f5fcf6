package ui

import (
	"image/color"
	"time"

	"shiftguard/roster"
	"shiftguard/store"
)

// gridModel is what the roster grid draws: one row per employee (by team),
// one column per day, and per shift type a coverage row of the head count
// against the required one. buildGrid makes it from a MonthRoster; the
// table's cells only index into it.
type gridModel struct {
	month  roster.Month
	days   int
	dates  []roster.Date
	emps   []roster.Employee
	row    map[string]int         // employee code -> row in emps
	cells  [][]string             // [employee][day] shift code, "" when off
	leave  [][]roster.LeaveType   // [employee][day] leave type, "" when none
	shifts []roster.ShiftType     // in the MonthRoster's order
	colors map[string]color.NRGBA // shift code -> colour
	count  [][]int                // [shift][day] employees on shift
	need   [][]int                // [shift][day] required head count
	// prefs are the month's active shift preferences; wish[employee][day]
	// is 1 + the index in prefs of the cell's preference, 0 when it has
	// none (wish is nil while the month has no preferences).
	prefs []roster.ShiftPreference
	wish  [][]int32
}

// buildGrid builds the grid model of a month (500 employees × 31 days in
// well under 200 ms: BenchmarkRosterGrid500x31).
func buildGrid(mr *store.MonthRoster) *gridModel {
	days := mr.Month.Days()
	g := &gridModel{month: mr.Month, days: days, emps: mr.Employees, shifts: mr.ShiftTypes,
		row: make(map[string]int, len(mr.Employees)), colors: make(map[string]color.NRGBA, len(mr.ShiftTypes))}
	g.dates = make([]roster.Date, days)
	for d := range days {
		g.dates[d] = roster.NewDate(mr.Month.Year, mr.Month.Month, d+1)
	}
	g.cells = make([][]string, len(mr.Employees))
	g.leave = make([][]roster.LeaveType, len(mr.Employees))
	cellBuf := make([]string, len(mr.Employees)*days)
	leaveBuf := make([]roster.LeaveType, len(mr.Employees)*days)
	for i, e := range mr.Employees {
		g.row[e.Code] = i
		g.cells[i] = cellBuf[i*days : (i+1)*days : (i+1)*days]
		g.leave[i] = leaveBuf[i*days : (i+1)*days : (i+1)*days]
	}
	shiftIdx := make(map[string]int, len(mr.ShiftTypes))
	for i, st := range mr.ShiftTypes {
		shiftIdx[st.Code] = i
		g.colors[st.Code] = parseHex(st.Color)
	}
	g.count = make([][]int, len(mr.ShiftTypes))
	g.need = make([][]int, len(mr.ShiftTypes))
	for i, st := range mr.ShiftTypes {
		g.count[i] = make([]int, days)
		g.need[i] = make([]int, days)
		for d := range days {
			g.need[i][d] = store.RequiredOn(mr.Coverage, st.Code, g.dates[d])
		}
	}
	for _, a := range mr.Assignments {
		r, ok := g.row[a.Employee]
		if !ok || roster.MonthOf(a.Date) != mr.Month {
			continue
		}
		g.cells[r][a.Date.Day-1] = a.Shift
		if s, ok := shiftIdx[a.Shift]; ok {
			g.count[s][a.Date.Day-1]++
		}
	}
	for _, l := range mr.Leaves {
		if r, ok := g.row[l.Employee]; ok && roster.MonthOf(l.Date) == mr.Month {
			g.leave[r][l.Date.Day-1] = l.Type
		}
	}
	return g
}

// set changes one cell and keeps the coverage counts right.
func (g *gridModel) set(row, day int, code string) {
	old := g.cells[row][day]
	for i, st := range g.shifts {
		if st.Code == old {
			g.count[i][day]--
		}
		if st.Code == code {
			g.count[i][day]++
		}
	}
	g.cells[row][day] = code
}

// short reports whether shift i lacks people on day d.
func (g *gridModel) short(i, d int) bool { return g.count[i][d] < g.need[i][d] }

// weekend reports whether day d is a Saturday or Sunday.
func (g *gridModel) weekend(d int) bool {
	wd := g.dates[d].Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// setPreferences marks the cells that have an active preference (those of
// employees or days not in the grid are left out).
func (g *gridModel) setPreferences(prefs []roster.ShiftPreference) {
	g.prefs, g.wish = prefs, nil
	for i, p := range prefs {
		r, ok := g.row[p.Employee]
		if !ok || roster.MonthOf(p.Date) != g.month {
			continue
		}
		if g.wish == nil {
			g.wish = make([][]int32, len(g.emps))
			buf := make([]int32, len(g.emps)*g.days)
			for e := range g.wish {
				g.wish[e] = buf[e*g.days : (e+1)*g.days : (e+1)*g.days]
			}
		}
		g.wish[r][p.Date.Day-1] = int32(i + 1)
	}
}

// wishAt returns the preference of employee row r on day d, nil when none.
func (g *gridModel) wishAt(r, d int) *roster.ShiftPreference {
	if g.wish == nil || r < 0 || r >= len(g.wish) || d < 0 || d >= g.days || g.wish[r][d] == 0 {
		return nil
	}
	return &g.prefs[g.wish[r][d]-1]
}
