package reports

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"shiftguard/compliance"
	"shiftguard/roster"
)

// AttendanceSource is what attendance is computed from.
type AttendanceSource struct {
	Location    *time.Location // the center's time zone (nil: UTC)
	From, To    roster.Date    // inclusive range of shift dates
	ShiftTypes  []roster.ShiftType
	Assignments []roster.Assignment
	Events      []roster.Event
	Leaves      []roster.Leave
	// Records are the rule engine's judged violations. When not nil they
	// decide late and early minutes and absence (superseded records are
	// ignored; waived ones still describe what happened), so the sheet
	// agrees with the violations; when nil these are computed from the
	// punches.
	Records []compliance.Record
}

// AttendanceDay is one employee's attendance on one shift date: a shift
// instance, or a leave day without a shift.
type AttendanceDay struct {
	Employee          string
	Date              roster.Date
	Shift             string    // "" for a leave day without a shift
	Start, End        time.Time // the instance's bounds (zero without a shift)
	ClockIn, ClockOut time.Time // zero when missing
	LateMin, EarlyMin int
	Absent            bool
	Leave             roster.LeaveType // "" when not on leave
	ScheduledMin      int              // shift length minus meal break
	WorkedMin         int              // time clocked inside the shift minus meal break
}

// BuildAttendance resolves assignments to instances, attributes clock-in
// and clock-out punches to them as RULES.md does (window [start−240 min,
// end+240 min), nearest start on overlap; earliest clock_in, latest
// clock_out after it) and fills in lateness, early departure, absence and
// leave. Days come sorted by employee then date.
func BuildAttendance(src *AttendanceSource) ([]AttendanceDay, error) {
	loc := src.Location
	if loc == nil {
		loc = time.UTC
	}
	types := map[string]*roster.ShiftType{}
	for i := range src.ShiftTypes {
		types[src.ShiftTypes[i].Code] = &src.ShiftTypes[i]
	}
	inRange := func(d roster.Date) bool { return !d.Before(src.From) && !d.After(src.To) }
	var as []roster.Assignment
	for _, a := range src.Assignments {
		if inRange(a.Date) {
			as = append(as, a)
		}
	}
	insts, err := roster.Instances(as, types, loc)
	if err != nil {
		return nil, err
	}
	sort.Slice(insts, func(i, j int) bool {
		if insts[i].Employee != insts[j].Employee {
			return insts[i].Employee < insts[j].Employee
		}
		return insts[i].Start.Before(insts[j].Start)
	})
	byEmp := map[string][]int{} // employee -> indexes into insts, by start
	for i := range insts {
		byEmp[insts[i].Employee] = append(byEmp[insts[i].Employee], i)
	}
	days := make([]AttendanceDay, len(insts))
	for i := range insts {
		in := &insts[i]
		days[i] = AttendanceDay{Employee: in.Employee, Date: in.Date, Shift: in.Shift, Start: in.Start, End: in.End,
			ScheduledMin: in.Type.Minutes() - in.Type.MealBreakMin}
	}

	// Attribute punches: the instance whose window holds the punch, the
	// nearest start winning (the earlier one on a tie).
	const window = 240 * time.Minute
	attribute := func(e *roster.Event) int {
		idx := byEmp[e.Employee]
		k := sort.Search(len(idx), func(j int) bool { return insts[idx[j]].Start.After(e.At.Add(window)) })
		best := -1
		var bestDist time.Duration
		for j := k - 1; j >= 0 && j >= k-4; j-- {
			in := &insts[idx[j]]
			if e.At.Before(in.Start.Add(-window)) || !e.At.Before(in.End.Add(window)) {
				continue
			}
			d := e.At.Sub(in.Start)
			if d < 0 {
				d = -d
			}
			if best < 0 || d <= bestDist { // walking back: a tie goes to the earlier start
				best, bestDist = idx[j], d
			}
		}
		return best
	}
	events := roster.EffectiveEvents(src.Events)
	for i := range events {
		if e := &events[i]; e.Kind == roster.ClockIn {
			if k := attribute(e); k >= 0 && (days[k].ClockIn.IsZero() || e.At.Before(days[k].ClockIn)) {
				days[k].ClockIn = e.At
			}
		}
	}
	for i := range events { // the latest clock_out after the clock_in
		if e := &events[i]; e.Kind == roster.ClockOut {
			if k := attribute(e); k >= 0 && (days[k].ClockIn.IsZero() || e.At.After(days[k].ClockIn)) && e.At.After(days[k].ClockOut) {
				days[k].ClockOut = e.At
			}
		}
	}

	// Leave.
	type key struct {
		emp  string
		date roster.Date
	}
	leaves := map[key]roster.LeaveType{}
	for _, l := range src.Leaves {
		if inRange(l.Date) {
			leaves[key{l.Employee, l.Date}] = l.Type
		}
	}
	covered := map[key]bool{}
	for i := range days {
		d := &days[i]
		k := key{d.Employee, d.Date}
		covered[k] = true
		d.Leave = leaves[k]
	}
	for k, t := range leaves {
		if !covered[k] {
			days = append(days, AttendanceDay{Employee: k.emp, Date: k.date, Leave: t})
		}
	}

	// Lateness, early departure, absence, worked time.
	type ikey struct {
		emp, shift string
		date       roster.Date
	}
	recs := map[ikey][]*compliance.Record{}
	for i := range src.Records {
		r := &src.Records[i]
		if !r.Superseded {
			k := ikey{r.Employee, r.Shift, r.Date}
			recs[k] = append(recs[k], r)
		}
	}
	for i := range days {
		d := &days[i]
		if d.Shift == "" {
			continue
		}
		if !d.ClockIn.IsZero() && !d.ClockOut.IsZero() {
			from, to := d.ClockIn, d.ClockOut
			if from.Before(d.Start) {
				from = d.Start
			}
			if to.After(d.End) {
				to = d.End
			}
			if m := int(to.Sub(from)/time.Minute) - types[d.Shift].MealBreakMin; m > 0 {
				d.WorkedMin = m
			}
		}
		switch {
		case src.Records != nil:
			for _, r := range recs[ikey{d.Employee, d.Shift, d.Date}] {
				switch r.Rule {
				case compliance.Late, compliance.LateMajor:
					d.LateMin = r.Minutes
				case compliance.EarlyDeparture:
					d.EarlyMin = r.Minutes
				case compliance.Absent:
					d.Absent = true
				}
			}
		case d.Leave != "":
		case d.ClockIn.IsZero():
			d.Absent = true
		default:
			if d.ClockIn.After(d.Start) {
				d.LateMin = roster.CeilMinutes(d.ClockIn.Sub(d.Start))
			}
			if !d.ClockOut.IsZero() && d.ClockOut.Before(d.End) {
				d.EarlyMin = roster.CeilMinutes(d.End.Sub(d.ClockOut))
			}
		}
	}
	sort.SliceStable(days, func(i, j int) bool {
		if days[i].Employee != days[j].Employee {
			return days[i].Employee < days[j].Employee
		}
		if c := days[i].Date.Compare(days[j].Date); c != 0 {
			return c < 0
		}
		return days[i].Start.Before(days[j].Start)
	})
	return days, nil
}

// AttendanceInput is what the attendance sheet and its detail variant show.
type AttendanceInput struct {
	From, To  roster.Date // inclusive
	Lang      string
	Center    string
	Employees []roster.Employee
	Days      []AttendanceDay // from BuildAttendance
}

// shortStatus returns the grid cell text of a day: 年假, 旷, 迟10 早5, √.
func shortStatus(lang string, d *AttendanceDay) string {
	switch {
	case d.Leave != "":
		return T(lang, "short."+string(d.Leave))
	case d.Absent:
		return T(lang, "short.absent")
	case d.LateMin > 0 && d.EarlyMin > 0:
		return T(lang, "short.late") + strconv.Itoa(d.LateMin) + " " + T(lang, "short.early") + strconv.Itoa(d.EarlyMin)
	case d.LateMin > 0:
		return T(lang, "short.late") + strconv.Itoa(d.LateMin)
	case d.EarlyMin > 0:
		return T(lang, "short.early") + strconv.Itoa(d.EarlyMin)
	}
	return T(lang, "short.present")
}

// attendanceStatus enumerates the statuses of the detail sheet.
type attendanceStatus int

const (
	stPresent attendanceStatus = iota
	stLate
	stEarly
	stLateEarly
	stAbsent
	stAnnual
	stSick
	stPersonal
	stCount
)

func statusOf(d *AttendanceDay) attendanceStatus {
	switch {
	case d.Leave == roster.LeaveAnnual:
		return stAnnual
	case d.Leave == roster.LeaveSick:
		return stSick
	case d.Leave != "":
		return stPersonal
	case d.Absent:
		return stAbsent
	case d.LateMin > 0 && d.EarlyMin > 0:
		return stLateEarly
	case d.LateMin > 0:
		return stLate
	case d.EarlyMin > 0:
		return stEarly
	}
	return stPresent
}

func statusNames(lang string) [stCount]string {
	return [stCount]string{
		T(lang, "status.present"), T(lang, "status.late"), T(lang, "status.early"),
		T(lang, "status.late") + "+" + T(lang, "status.early"), T(lang, "status.absent"),
		leaveLabel(lang, roster.LeaveAnnual), leaveLabel(lang, roster.LeaveSick), leaveLabel(lang, roster.LeavePersonal),
	}
}

// employeeIndex returns the employees by number.
func employeeIndex(emps []roster.Employee) map[string]*roster.Employee {
	m := make(map[string]*roster.Employee, len(emps))
	for i := range emps {
		m[emps[i].Code] = &emps[i]
	}
	return m
}

// WriteAttendance writes the attendance sheet (考勤表): one row per employee
// (grouped by team), one column per day with a short status (√ present,
// 迟N late N minutes, 早N early N minutes, 旷 absent, the leave type), and
// totals: scheduled and worked hours, lates, late minutes, early
// departures, absences and leave days.
func WriteAttendance(w io.Writer, in *AttendanceInput) error {
	n := roster.DaysBetween(in.From, in.To) + 1
	if in.From.IsZero() || n < 1 || n > 366 {
		return roster.FieldErrorf("to", "attendance sheet needs a range of 1 to 366 days")
	}
	lang := in.Lang
	sheet := T(lang, "sheet.attendance")
	b := newBook(lang, sheet)
	const headerRow, firstDay = 3, rosterFirstDay
	totals := []string{"col.schedHours", "col.workedHours", "col.lates", "col.lateMin", "col.earlies", "col.absences", "col.leaveDays"}
	totalCol := firstDay + n
	lastCol := totalCol + len(totals) - 1
	b.titled(sheet, T(lang, "title.attendance"), period(lang, in.Center, in.From, in.To), lastCol)

	grid := func(key, fill, font string) int {
		return b.style("att."+key, func() *excelize.Style {
			s := &excelize.Style{Border: thinBorder, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", ShrinkToFit: true}}
			if fill != "" {
				s.Fill = solid(fill)
			}
			if font != "" {
				s.Font = &excelize.Font{Color: font, Bold: true}
			}
			return s
		})
	}
	stPlain, stWeekend := grid("plain", "", ""), grid("weekend", "EDEDED", "")
	stLateStyle, stAbsentStyle, stLeaveStyle := grid("late", "FFEB9C", "9C5700"), grid("absent", "FFC7CE", "9C0006"), grid("leave", "E4DFEC", "5B2C6F")
	nameStyle := b.style("grid.name", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, Alignment: &excelize.Alignment{Vertical: "center"}}
	})
	intStyle, hoursStyle := b.intStyle(), b.hoursStyle()

	b.dayGridHeader(sheet, headerRow, in.From, n, totals)

	// Rows: employees with days, grouped by team.
	emps := employeeIndex(in.Employees)
	byEmp := map[string][]*AttendanceDay{}
	var codes []string
	for i := range in.Days {
		d := &in.Days[i]
		if d.Date.Before(in.From) || d.Date.After(in.To) {
			continue
		}
		if byEmp[d.Employee] == nil {
			codes = append(codes, d.Employee)
		}
		byEmp[d.Employee] = append(byEmp[d.Employee], d)
	}
	for _, e := range in.Employees {
		if e.Active && byEmp[e.Code] == nil {
			codes = append(codes, e.Code)
			byEmp[e.Code] = []*AttendanceDay{}
		}
	}
	team := func(c string) string {
		if e := emps[c]; e != nil {
			return e.Team
		}
		return ""
	}
	sort.Slice(codes, func(i, j int) bool {
		if ti, tj := team(codes[i]), team(codes[j]); ti != tj {
			return ti < tj
		}
		return codes[i] < codes[j]
	})
	r := headerRow + 2
	for _, c := range codes {
		name := ""
		if e := emps[c]; e != nil {
			name = e.Name
		}
		b.set(sheet, 1, r, team(c), nameStyle)
		b.set(sheet, 2, r, c, nameStyle)
		b.set(sheet, 3, r, name, nameStyle)
		cellText := make([]string, n)
		cellStyle := make([]int, n)
		var sched, worked, lates, lateMin, earlies, absences, leaveDays int
		for _, d := range byEmp[c] {
			i := roster.DaysBetween(in.From, d.Date)
			text := shortStatus(lang, d)
			if cellText[i] != "" {
				text = cellText[i] + "/" + text
			}
			cellText[i] = text
			st := stPlain
			switch {
			case d.Leave != "":
				st = stLeaveStyle
				leaveDays++
			case d.Absent:
				st = stAbsentStyle
				absences++
			case d.LateMin > 0 || d.EarlyMin > 0:
				st = stLateStyle
			}
			if cellStyle[i] == 0 || st != stPlain {
				cellStyle[i] = st
			}
			sched += d.ScheduledMin
			worked += d.WorkedMin
			if d.LateMin > 0 {
				lates++
				lateMin += d.LateMin
			}
			if d.EarlyMin > 0 {
				earlies++
			}
		}
		for i := 0; i < n; i++ {
			st := cellStyle[i]
			if st == 0 {
				st = stPlain
				if isWeekend(in.From.AddDays(i)) {
					st = stWeekend
				}
			}
			if cellText[i] != "" {
				b.set(sheet, firstDay+i, r, cellText[i], st)
			} else {
				b.check(b.f.SetCellStyle(sheet, cell(firstDay+i, r), cell(firstDay+i, r), st))
			}
		}
		b.set(sheet, totalCol, r, float64(sched)/60, hoursStyle)
		b.set(sheet, totalCol+1, r, float64(worked)/60, hoursStyle)
		for i, v := range []int{lates, lateMin, earlies, absences, leaveDays} {
			b.set(sheet, totalCol+2+i, r, v, intStyle)
		}
		r++
	}
	b.set(sheet, 1, r+1, T(lang, "legend.attendance"), b.subtitleStyle())

	b.check(b.f.SetColWidth(sheet, "A", "B", 10))
	b.check(b.f.SetColWidth(sheet, "C", "C", 12))
	b.check(b.f.SetColWidth(sheet, colName(firstDay), colName(totalCol-1), 6))
	b.check(b.f.SetColWidth(sheet, colName(totalCol), colName(lastCol), 9))
	b.check(b.f.SetRowHeight(sheet, headerRow, 30))
	top := cell(firstDay, headerRow+2)
	b.check(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: firstDay - 1, YSplit: headerRow + 1, TopLeftCell: top,
		ActivePane: "bottomRight", Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomRight"}}}))
	b.printSetup(sheet, fmt.Sprintf("$%d:$%d", headerRow, headerRow+1), "$A:$C")
	return b.save(w)
}

// detailColumns are the 12 columns of the attendance detail sheet.
var detailColumns = []column{
	{key: "col.date", width: 12}, {key: "col.code", width: 10}, {key: "col.name", width: 12}, {key: "col.team", width: 10},
	{key: "col.shift", width: 7}, {key: "col.start", width: 16}, {key: "col.end", width: 16}, {key: "col.clockin", width: 16},
	{key: "col.clockout", width: 16}, {key: "col.lateMin", width: 9}, {key: "col.earlyMin", width: 9}, {key: "col.status", width: 10},
}

// WriteAttendanceDetail writes the long-format attendance (考勤明细): one
// row per employee per shift date (of in.Days in From..To) with date, employee, team, shift,
// scheduled and clocked times, late and early minutes and status. It streams
// the rows (a year for a thousand employees stays well under 300 MB):
// styles are set per column once, widths and panes before the first row.
func WriteAttendanceDetail(w io.Writer, in *AttendanceInput) error {
	lang := in.Lang
	sheet := T(lang, "sheet.detail")
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	// Print set-up goes in before streaming: the stream writer copies the
	// sheet's settings around its rows.
	pb := &book{f: f, lang: lang, styles: map[string]int{}}
	pb.printSetup(sheet, "$3:$3", "")
	if pb.err != nil {
		return pb.err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	border := thinBorder[:0:0]
	mk := func(s *excelize.Style) int {
		id, e := f.NewStyle(s)
		if e != nil && err == nil {
			err = e
		}
		return id
	}
	header := mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: solid("DDEBF7"), Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true}, Border: border})
	title := mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	dateS := mk(&excelize.Style{CustomNumFmt: strp(fmtDate)})
	dtS := mk(&excelize.Style{CustomNumFmt: strp(fmtDateTime)})
	intS := mk(&excelize.Style{NumFmt: 1})
	if err != nil {
		return err
	}
	for i, c := range detailColumns {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	for col, st := range map[[2]int]int{{1, 1}: dateS, {6, 9}: dtS, {10, 11}: intS} {
		if err := sw.SetColStyle(col[0], col[1], st); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A4", ActiveCell: "A4", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: title, Value: T(lang, "title.detail")}}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", []any{period(lang, in.Center, in.From, in.To)}); err != nil {
		return err
	}
	hdr := make([]any, len(detailColumns))
	for i, c := range detailColumns {
		hdr[i] = excelize.Cell{StyleID: header, Value: T(lang, c.key)}
	}
	if err := sw.SetRow("A3", hdr, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}

	emps := employeeIndex(in.Employees)
	names := statusNames(lang)
	row := make([]any, len(detailColumns))
	ref := make([]byte, 0, 16)
	lastEmp := ""
	var name, team any
	r := 4
	for i := range in.Days {
		d := &in.Days[i]
		if !in.From.IsZero() && (d.Date.Before(in.From) || d.Date.After(in.To)) {
			continue
		}
		if d.Employee != lastEmp {
			lastEmp, name, team = d.Employee, "", ""
			if e := emps[d.Employee]; e != nil {
				name, team = e.Name, e.Team
			}
		}
		row[0] = dateSerial(d.Date)
		row[1], row[2], row[3], row[4] = d.Employee, name, team, d.Shift
		row[5], row[6], row[7], row[8] = serialOrNil(d.Start), serialOrNil(d.End), serialOrNil(d.ClockIn), serialOrNil(d.ClockOut)
		row[9], row[10], row[11] = d.LateMin, d.EarlyMin, names[statusOf(d)]
		ref = strconv.AppendInt(append(ref[:0], 'A'), int64(r), 10)
		if err := sw.SetRow(string(ref), row); err != nil {
			return err
		}
		r++
	}
	if r > 4 { // a table gives the year of rows a filter on every column
		noStripes := false
		if err := sw.AddTable(&excelize.Table{Range: "A3:" + cell(len(detailColumns), r-1), Name: "AttendanceDetail", ShowRowStripes: &noStripes}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// serialOrNil returns t as an Excel serial, or nil (an empty cell) when t is zero.
func serialOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return timeSerial(t)
}
