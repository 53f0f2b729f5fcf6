package reports

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"shiftguard/roster"
)

// RosterInput is everything the roster grid (排班表) of one month shows.
type RosterInput struct {
	Month       roster.Month
	Lang        string // "zh" or "en"
	Center      string
	Employees   []roster.Employee
	ShiftTypes  []roster.ShiftType
	Assignments []roster.Assignment
	Coverage    []roster.CoverageRequirement
	Leaves      []roster.Leave
}

// Layout of the roster grid, shared by WriteRoster and ImportRoster.
const (
	rosterHeaderRow = 2 // dates; weekdays in the row below
	rosterFirstRow  = 4 // first employee row
	rosterTeamCol   = 1
	rosterCodeCol   = 2
	rosterNameCol   = 3
	rosterFirstDay  = 4 // column of day 1
)

// shiftSep joins several shifts of one employee on one day in a cell.
const shiftSep = "+"

// rosterRow is one employee line of the grid.
type rosterRow struct {
	emp    roster.Employee
	shifts map[roster.Date][]string
	leaves map[roster.Date]roster.LeaveType
}

// WriteRoster writes the month's roster grid to w: employees grouped by team
// down, days across with the weekday in the header, shift codes filled with
// their colours, weekends shaded, leave shown, per-employee totals (shifts,
// net hours without meal breaks, nights) at the right and staffed versus
// required head counts per shift per day at the bottom. Panes are frozen on
// the names and the header; it prints landscape, one page wide, with the
// header rows and name columns repeated.
func WriteRoster(w io.Writer, in *RosterInput) error {
	if in.Month.Year == 0 || in.Month.Month < 1 || in.Month.Month > 12 {
		return roster.FieldErrorf("month", "roster export needs a month")
	}
	lang := in.Lang
	sheet := T(lang, "sheet.roster")
	b := newBook(lang, sheet)
	days := in.Month.Days()
	first := in.Month.First()
	totalCol := rosterFirstDay + days // shifts, hours, nights
	lastCol := totalCol + 2

	types := map[string]*roster.ShiftType{}
	for i := range in.ShiftTypes {
		types[in.ShiftTypes[i].Code] = &in.ShiftTypes[i]
	}
	rows := rosterRows(in)

	// Title and header.
	title := fmt.Sprintf("%s  %s", T(lang, "title.roster"), in.Month)
	if in.Center != "" {
		title += "  " + in.Center
	}
	b.set(sheet, 1, 1, title, b.titleStyle())
	b.check(b.f.MergeCell(sheet, "A1", cell(lastCol, 1)))
	b.check(b.f.SetRowHeight(sheet, 1, 26))
	b.dayGridHeader(sheet, rosterHeaderRow, first, days, []string{"col.shifts", "col.hours", "col.nights"})

	// Styles of the grid.
	plain := b.style("grid", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}
	})
	weekend := b.style("grid.weekend", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, Fill: solid("EDEDED"), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}
	})
	leaveStyle := b.style("grid.leave", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E4DFEC"}},
			Font: &excelize.Font{Italic: true, Color: "5B2C6F"}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", ShrinkToFit: true}}
	})
	nameStyle := b.style("grid.name", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, Alignment: &excelize.Alignment{Vertical: "center"}}
	})
	teamStyle := b.style("grid.team", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, Font: &excelize.Font{Bold: true}, Fill: solid("F2F2F2"),
			Alignment: &excelize.Alignment{Vertical: "center", Horizontal: "center", WrapText: true}}
	})
	intStyle := b.style("grid.int", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, NumFmt: 1, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}
	})
	hoursStyle := b.style("grid.hours", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, CustomNumFmt: strp("0.0"), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}
	})
	short := b.style("grid.short", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, NumFmt: 1, Fill: solid("FFC7CE"), Font: &excelize.Font{Bold: true, Color: "9C0006"},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}
	})
	shiftStyle := func(code string) int {
		st := types[code]
		return b.style("shift:"+code, func() *excelize.Style {
			color := "D9D9D9"
			if st != nil && st.Color != "" {
				color = strings.TrimPrefix(st.Color, "#")
			}
			return &excelize.Style{Border: thinBorder, Fill: solid(color), Font: &excelize.Font{Bold: true, Color: textOn(color)},
				Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}
		})
	}
	for i := range in.ShiftTypes { // one style per shift type, created up front
		shiftStyle(in.ShiftTypes[i].Code)
	}

	// Employee rows.
	staffed := map[string][]int{} // shift code -> head count per day
	r := rosterFirstRow
	for i := 0; i < len(rows); {
		j := i
		for j < len(rows) && rows[j].emp.Team == rows[i].emp.Team {
			j++
		}
		b.set(sheet, rosterTeamCol, r, rows[i].emp.Team, teamStyle)
		if j-i > 1 {
			b.check(b.f.SetCellStyle(sheet, cell(rosterTeamCol, r), cell(rosterTeamCol, r+j-i-1), teamStyle))
			b.check(b.f.MergeCell(sheet, cell(rosterTeamCol, r), cell(rosterTeamCol, r+j-i-1)))
		}
		for k := i; k < j; k++ {
			row := &rows[k]
			b.set(sheet, rosterCodeCol, r, row.emp.Code, nameStyle)
			b.set(sheet, rosterNameCol, r, row.emp.Name, nameStyle)
			var nShifts, nNights, minutes int
			for d := 0; d < days; d++ {
				date := first.AddDays(d)
				codes := row.shifts[date]
				lt, onLeave := row.leaves[date]
				style := plain
				if isWeekend(date) {
					style = weekend
				}
				var text string
				switch {
				case len(codes) > 0 && onLeave:
					text, style = strings.Join(codes, shiftSep)+" "+leaveLabel(lang, lt), leaveStyle
				case len(codes) > 0:
					text, style = strings.Join(codes, shiftSep), shiftStyle(codes[0])
				case onLeave:
					text, style = leaveLabel(lang, lt), leaveStyle
				}
				for _, c := range codes {
					nShifts++
					if st := types[c]; st != nil {
						minutes += st.Minutes() - st.MealBreakMin
						if st.Overnight() {
							nNights++
						}
					}
					if !onLeave {
						if staffed[c] == nil {
							staffed[c] = make([]int, days)
						}
						staffed[c][d]++
					}
				}
				if text != "" {
					b.set(sheet, rosterFirstDay+d, r, text, style)
				} else {
					b.check(b.f.SetCellStyle(sheet, cell(rosterFirstDay+d, r), cell(rosterFirstDay+d, r), style))
				}
			}
			b.set(sheet, totalCol, r, nShifts, intStyle)
			b.set(sheet, totalCol+1, r, float64(minutes)/60, hoursStyle)
			b.set(sheet, totalCol+2, r, nNights, intStyle)
			r++
		}
		i = j
	}

	// Coverage: staffed (not on leave) and required head count per shift per
	// day. The label goes in the team column and the shift in the name
	// column, so the employee-number column stays empty below the grid.
	r++
	for i := range in.ShiftTypes {
		st := &in.ShiftTypes[i]
		b.set(sheet, rosterTeamCol, r, T(lang, "row.coverage"), nameStyle)
		b.set(sheet, rosterCodeCol, r, nil, nameStyle)
		b.set(sheet, rosterNameCol, r, st.Code+" "+st.Name, shiftStyle(st.Code))
		hasReq := false
		for d := 0; d < days; d++ {
			n := 0
			if staffed[st.Code] != nil {
				n = staffed[st.Code][d]
			}
			req, ok := requiredFor(in.Coverage, st.Code, first.AddDays(d))
			hasReq = hasReq || ok
			style := intStyle
			if ok && n < req {
				style = short
			}
			b.set(sheet, rosterFirstDay+d, r, n, style)
		}
		r++
		if hasReq {
			b.set(sheet, rosterTeamCol, r, T(lang, "row.required"), nameStyle)
			b.set(sheet, rosterCodeCol, r, nil, nameStyle)
			b.set(sheet, rosterNameCol, r, st.Code+" "+st.Name, nameStyle)
			for d := 0; d < days; d++ {
				req, _ := requiredFor(in.Coverage, st.Code, first.AddDays(d))
				b.set(sheet, rosterFirstDay+d, r, req, intStyle)
			}
			r++
		}
	}

	// Legend: each shift with its colour and hours, then leave.
	r++
	b.set(sheet, rosterTeamCol, r, T(lang, "row.legend"), b.style("bold", func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Bold: true}}
	}))
	for i := range in.ShiftTypes {
		st := &in.ShiftTypes[i]
		b.set(sheet, rosterNameCol, r, st.Code, shiftStyle(st.Code))
		b.set(sheet, rosterFirstDay, r, fmt.Sprintf("%s  %s–%s", st.Name, st.Start, st.End), 0)
		r++
	}
	b.set(sheet, rosterNameCol, r, leaveLabel(lang, roster.LeaveAnnual), leaveStyle)
	var names []string
	for _, t := range roster.LeaveTypes {
		names = append(names, leaveLabel(lang, t))
	}
	b.set(sheet, rosterFirstDay, r, strings.Join(names, " / "), 0)

	// Widths, panes, print set-up.
	b.check(b.f.SetColWidth(sheet, "A", "A", 10))
	b.check(b.f.SetColWidth(sheet, "B", "B", 10))
	b.check(b.f.SetColWidth(sheet, "C", "C", 12))
	b.check(b.f.SetColWidth(sheet, colName(rosterFirstDay), colName(totalCol-1), 5.2))
	b.check(b.f.SetColWidth(sheet, colName(totalCol), colName(lastCol), 7))
	b.check(b.f.SetRowHeight(sheet, rosterHeaderRow, 20))
	top := cell(rosterFirstDay, rosterFirstRow)
	b.check(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: rosterFirstDay - 1, YSplit: rosterFirstRow - 1, TopLeftCell: top,
		ActivePane: "bottomRight", Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomRight"}}}))
	b.printSetup(sheet, fmt.Sprintf("$%d:$%d", rosterHeaderRow, rosterHeaderRow+1), "$A:$C")
	return b.save(w)
}

// dayGridHeader writes the two header rows of a grid with days across, at
// row and row+1: team, number and name (merged over both rows), then each
// day as a date cell over its weekday (weekends in red), then the totals'
// labels (merged over both rows).
func (b *book) dayGridHeader(sheet string, row int, first roster.Date, days int, totals []string) {
	hs := b.headerStyle()
	centered := &excelize.Alignment{Horizontal: "center", Vertical: "center"}
	weekendHeader := b.style("header.weekend", func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Fill: solid("F8CBAD"), Border: thinBorder, Alignment: centered}
	})
	dayHeader := b.style("header.day", func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: solid("DDEBF7"), Border: thinBorder, CustomNumFmt: strp("d"), Alignment: centered}
	})
	weekendDayHeader := b.style("header.day.weekend", func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Fill: solid("F8CBAD"), Border: thinBorder, CustomNumFmt: strp("d"), Alignment: centered}
	})
	merged := func(col int, key string) {
		b.set(sheet, col, row, T(b.lang, key), hs)
		b.set(sheet, col, row+1, nil, hs)
		b.check(b.f.MergeCell(sheet, cell(col, row), cell(col, row+1)))
	}
	for i, key := range []string{"col.team", "col.code", "col.name"} {
		merged(i+1, key)
	}
	for i, key := range totals {
		merged(rosterFirstDay+days+i, key)
	}
	for d := 0; d < days; d++ {
		date := first.AddDays(d)
		ds, ws := dayHeader, hs
		if isWeekend(date) {
			ds, ws = weekendDayHeader, weekendHeader
		}
		b.set(sheet, rosterFirstDay+d, row, dateSerial(date), ds)
		b.set(sheet, rosterFirstDay+d, row+1, weekdayLabel(b.lang, date.Weekday()), ws)
	}
}

// rosterRows returns the grid's lines: active employees and every employee
// with an assignment or leave in the month, sorted by team then number.
func rosterRows(in *RosterInput) []rosterRow {
	first, last := in.Month.First(), in.Month.Last()
	inMonth := func(d roster.Date) bool { return !d.Before(first) && !d.After(last) }
	byCode := map[string]*rosterRow{}
	var order []string
	add := func(e roster.Employee) *rosterRow {
		if r, ok := byCode[e.Code]; ok {
			return r
		}
		r := &rosterRow{emp: e, shifts: map[roster.Date][]string{}, leaves: map[roster.Date]roster.LeaveType{}}
		byCode[e.Code] = r
		order = append(order, e.Code)
		return r
	}
	known := map[string]roster.Employee{}
	for _, e := range in.Employees {
		known[e.Code] = e
		if e.Active {
			add(e)
		}
	}
	row := func(code string) *rosterRow {
		if e, ok := known[code]; ok {
			return add(e)
		}
		return add(roster.Employee{Code: code})
	}
	for _, a := range in.Assignments {
		if inMonth(a.Date) {
			r := row(a.Employee)
			r.shifts[a.Date] = append(r.shifts[a.Date], a.Shift)
		}
	}
	for _, l := range in.Leaves {
		if inMonth(l.Date) {
			row(l.Employee).leaves[l.Date] = l.Type
		}
	}
	out := make([]rosterRow, 0, len(order))
	for _, c := range order {
		out = append(out, *byCode[c])
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].emp.Team != out[j].emp.Team {
			return out[i].emp.Team < out[j].emp.Team
		}
		return out[i].emp.Code < out[j].emp.Code
	})
	return out
}

// requiredFor returns the head count shift needs on d: a rule for the date
// wins over one for the weekday, which wins over an every-day rule.
func requiredFor(cov []roster.CoverageRequirement, shift string, d roster.Date) (int, bool) {
	best, rank := 0, 0
	for _, c := range cov {
		if c.Shift != shift {
			continue
		}
		switch {
		case !c.Date.IsZero():
			if c.Date == d {
				best, rank = c.Required, 3
			}
		case c.Weekday == int(d.Weekday()) && rank < 2:
			best, rank = c.Required, 2
		case c.Weekday == -1 && rank < 1:
			best, rank = c.Required, 1
		}
	}
	return best, rank > 0
}

func isWeekend(d roster.Date) bool {
	wd := d.Weekday()
	return wd == 0 || wd == 6
}

// textOn returns black or white, whichever reads better on colour hex.
func textOn(hex string) string {
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil || len(hex) != 6 {
		return "000000"
	}
	r, g, b := float64(v>>16&0xff), float64(v>>8&0xff), float64(v&0xff)
	if 0.299*r+0.587*g+0.114*b < 140 {
		return "FFFFFF"
	}
	return "000000"
}
