package reports

import (
	"archive/zip"
	"bytes"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shiftguard/roster"
)

func fillOf(t *testing.T, f *excelize.File, sheet, ref string) (int, string) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Fill.Color) == 0 {
		return id, ""
	}
	return id, strings.ToUpper(strings.TrimPrefix(st.Fill.Color[0], "#"))
}

func TestWriteRoster(t *testing.T) {
	fx := newFixture()
	data := fx.exports(t, LangZH)["roster"]
	f := open(t, data)
	const s = "排班表"
	if got := f.GetSheetList(); len(got) != 1 || got[0] != s {
		t.Fatalf("sheets %v", got)
	}
	text(t, f, s, "A2", "班组")
	text(t, f, s, "B2", "工号")
	dateCell(t, f, s, "D2", d("2026-11-01").In(shanghai))
	text(t, f, s, "D3", "日")
	text(t, f, s, "E3", "一")
	text(t, f, s, "J3", "六")
	text(t, f, s, "AH2", "班次数")
	// Rows grouped by team; the inactive E04 without shifts is left out.
	for ref, want := range map[string]string{"A4": "A组", "B4": "E01", "C4": "张三", "B5": "E02", "A6": "B组", "B6": "E03", "B7": ""} {
		if got := value(t, f, s, ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	text(t, f, s, "E4", "D")
	text(t, f, s, "K4", "D 年假") // Sunday 8th: shift and annual leave
	text(t, f, s, "H5", "病假")   // E02 sick on the 5th without a shift
	text(t, f, s, "J5", "N")
	// Shift colours: one style per shift type, filled with its colour.
	idD, fillD := fillOf(t, f, s, "E4")
	idD2, _ := fillOf(t, f, s, "H4")
	if fillD != "F4B183" || idD != idD2 {
		t.Errorf("D cells: styles %d/%d fill %q", idD, idD2, fillD)
	}
	if _, fillN := fillOf(t, f, s, "E6"); fillN != "203864" {
		t.Errorf("N fill %q", fillN)
	}
	if id, _ := fillOf(t, f, s, "E6"); id == idD {
		t.Error("N and D share a style")
	}
	if _, fill := fillOf(t, f, s, "D4"); fill != "EDEDED" {
		t.Errorf("weekend fill %q", fill)
	}
	if _, fill := fillOf(t, f, s, "G5"); fill != "" {
		t.Errorf("weekday empty cell fill %q", fill)
	}
	// Totals at the right: shifts, net hours, nights.
	for ref, want := range map[string]float64{"AH4": 6, "AI4": 48, "AJ4": 0, "AH5": 3, "AI5": 26, "AJ5": 1, "AH6": 5, "AI6": 45, "AJ6": 5} {
		number(t, f, s, ref, want)
	}
	// Coverage at the bottom.
	text(t, f, s, "A8", "在岗人数")
	text(t, f, s, "C8", "D 白班")
	number(t, f, s, "E8", 1)
	number(t, f, s, "F8", 1)
	number(t, f, s, "K8", 0) // E01 on leave
	text(t, f, s, "A9", "需求人数")
	number(t, f, s, "F9", 2)
	number(t, f, s, "E9", 1)
	if _, fill := fillOf(t, f, s, "F8"); fill != "FFC7CE" {
		t.Errorf("understaffed fill %q", fill)
	}
	if _, fill := fillOf(t, f, s, "E8"); fill == "FFC7CE" {
		t.Error("staffed day marked short")
	}
	text(t, f, s, "C10", "E 中班")
	text(t, f, s, "C11", "N 夜班")
	number(t, f, s, "J11", 1)
	// Frozen panes, print set-up.
	p, err := f.GetPanes(s)
	if err != nil || !p.Freeze || p.XSplit != 3 || p.YSplit != 3 {
		t.Errorf("panes %+v %v", p, err)
	}
	pl, err := f.GetPageLayout(s)
	if err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("page layout %+v %v", pl, err)
	}
	checkPrintTitles(t, f, s, "$2:$3")
}

func checkPrintTitles(t *testing.T, f *excelize.File, sheet, rows string) {
	t.Helper()
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheet {
			if !strings.Contains(dn.RefersTo, rows) {
				t.Errorf("print titles %q, want rows %s", dn.RefersTo, rows)
			}
			return
		}
	}
	t.Errorf("%s: no _xlnm.Print_Titles in %+v", sheet, f.GetDefinedName())
}

func hasAutoFilter(t *testing.T, data []byte, sheetFile, ref string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == sheetFile {
			rc, _ := zf.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			if !strings.Contains(strings.ReplaceAll(b.String(), "$", ""), `<autoFilter ref="`+ref+`"`) {
				t.Errorf("%s: no autoFilter %s", sheetFile, ref)
			}
			return
		}
	}
	t.Errorf("no %s", sheetFile)
}

func sortAssignments(as []roster.Assignment) {
	sort.Slice(as, func(i, j int) bool {
		if as[i].Employee != as[j].Employee {
			return as[i].Employee < as[j].Employee
		}
		if c := as[i].Date.Compare(as[j].Date); c != 0 {
			return c < 0
		}
		return as[i].Shift < as[j].Shift
	})
}

func TestRosterRoundTrip(t *testing.T) {
	fx := newFixture()
	// Two shifts on one day come back too.
	fx.Assignments = append(fx.Assignments, roster.Assignment{Employee: "E02", Date: d("2026-11-20"), Shift: "D"},
		roster.Assignment{Employee: "E02", Date: d("2026-11-20"), Shift: "N"})
	for _, lang := range []string{LangZH, LangEN} {
		var buf bytes.Buffer
		if err := WriteRoster(&buf, fx.rosterInput(lang)); err != nil {
			t.Fatal(err)
		}
		got, err := ImportRoster("roster.xlsx", &buf, RosterImportOptions{ShiftTypes: fx.ShiftTypes, Employees: fx.Employees})
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		want := append([]roster.Assignment(nil), fx.Assignments...)
		sortAssignments(want)
		sortAssignments(got)
		if len(got) != len(want) {
			t.Fatalf("%s: %d assignments back, want %d:\n%v", lang, len(got), len(want), got)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: #%d = %+v, want %+v", lang, i, got[i], want[i])
			}
		}
	}
}

func TestBuildAttendance(t *testing.T) {
	fx := newFixture()
	for _, withRecords := range []bool{false, true} {
		days := fx.attendanceDays(t, withRecords)
		get := func(emp, date string) *AttendanceDay {
			for i := range days {
				if days[i].Employee == emp && days[i].Date == d(date) {
					return &days[i]
				}
			}
			t.Fatalf("no day %s %s", emp, date)
			return nil
		}
		if x := get("E01", "2026-11-02"); x.LateMin != 0 || x.Absent || x.WorkedMin != 8*60 || x.ScheduledMin != 8*60 || !x.ClockIn.Equal(at("2026-11-02T07:40")) {
			t.Errorf("records=%v E01 2nd: %+v", withRecords, x)
		}
		if x := get("E01", "2026-11-03"); x.LateMin != 12 || x.WorkedMin != 8*60-12 {
			t.Errorf("records=%v E01 3rd: %+v", withRecords, x)
		}
		if x := get("E01", "2026-11-04"); !x.Absent || !x.ClockIn.IsZero() {
			t.Errorf("records=%v E01 4th: %+v", withRecords, x)
		}
		if x := get("E01", "2026-11-05"); x.EarlyMin != 20 {
			t.Errorf("records=%v E01 5th: %+v", withRecords, x)
		}
		if x := get("E01", "2026-11-08"); x.Leave != roster.LeaveAnnual || x.Absent || x.Shift != "D" {
			t.Errorf("records=%v E01 8th: %+v", withRecords, x)
		}
		if x := get("E02", "2026-11-05"); x.Leave != roster.LeaveSick || x.Shift != "" {
			t.Errorf("records=%v E02 5th: %+v", withRecords, x)
		}
		// The night's clock-out next morning belongs to the night.
		if x := get("E02", "2026-11-07"); !x.ClockOut.Equal(at("2026-11-08T07:02")) || x.EarlyMin != 0 || x.WorkedMin != 9*60 {
			t.Errorf("records=%v E02 7th: %+v", withRecords, x)
		}
		if x := get("E03", "2026-11-04"); x.LateMin != 35 {
			t.Errorf("records=%v E03 4th: %+v", withRecords, x)
		}
	}
	// The superseded LATE of E02 on the 2nd does not count.
	for _, x := range fx.attendanceDays(t, true) {
		if x.Employee == "E02" && x.LateMin != 0 {
			t.Errorf("superseded record used: %+v", x)
		}
	}
}

func TestWriteAttendance(t *testing.T) {
	fx := newFixture()
	ex := fx.exports(t, LangZH)
	f := open(t, ex["attendance"])
	const s = "考勤表"
	text(t, f, s, "A1", "考勤表")
	dateCell(t, f, s, "D3", d("2026-11-01").In(shanghai))
	text(t, f, s, "D4", "日")
	// Row 5 E01, 6 E02, 7 E03; day N is column D+N-1.
	text(t, f, s, "B5", "E01")
	text(t, f, s, "E5", "√")
	text(t, f, s, "F5", "迟12")
	text(t, f, s, "G5", "旷")
	text(t, f, s, "H5", "早20")
	text(t, f, s, "K5", "年假")
	text(t, f, s, "H6", "病假")
	text(t, f, s, "G7", "迟35")
	if got := value(t, f, s, "J5"); got != "" {
		t.Errorf("E01 off day = %q", got)
	}
	text(t, f, s, "AH3", "应出勤工时")
	// Totals: scheduled and worked hours, lates, late minutes, early, absences, leave days.
	number(t, f, s, "AH5", 48)
	number(t, f, s, "AI5", float64(8*60+(8*60-12)+(8*60-20)+8*60)/60)
	number(t, f, s, "AJ5", 1)
	number(t, f, s, "AK5", 12)
	number(t, f, s, "AL5", 1)
	number(t, f, s, "AM5", 1)
	number(t, f, s, "AN5", 1)
	if _, fill := fillOf(t, f, s, "G5"); fill != "FFC7CE" {
		t.Errorf("absent fill %q", fill)
	}
	if p, _ := f.GetPanes(s); !p.Freeze || p.XSplit != 3 || p.YSplit != 4 {
		t.Errorf("panes %+v", p)
	}
	checkPrintTitles(t, f, s, "$3:$4")

	// Detail: one row per employee day, 12 columns of the right types.
	g := open(t, ex["detail"])
	const ds = "考勤明细"
	rows, err := g.GetRows(ds)
	if err != nil {
		t.Fatal(err)
	}
	days := fx.attendanceDays(t, true)
	if len(rows) != 3+len(days) || len(rows[2]) != 12 {
		t.Fatalf("%d rows (want %d), header %v", len(rows), 3+len(days), rows[2])
	}
	text(t, g, ds, "A3", "日期")
	text(t, g, ds, "L3", "状态")
	// Row 5: E01 on the 3rd (row 4 is the 2nd).
	dateCell(t, g, ds, "A5", d("2026-11-03").In(shanghai))
	text(t, g, ds, "B5", "E01")
	text(t, g, ds, "C5", "张三")
	text(t, g, ds, "D5", "A组")
	text(t, g, ds, "E5", "D")
	dateCell(t, g, ds, "F5", at("2026-11-03T08:00"))
	dateCell(t, g, ds, "H5", at("2026-11-03T08:12"))
	number(t, g, ds, "J5", 12)
	number(t, g, ds, "K5", 0)
	text(t, g, ds, "L5", "迟到")
	if got := value(t, g, ds, "H6"); got != "" { // absent: no clock-in
		t.Errorf("absent clock-in %q", got)
	}
	text(t, g, ds, "L6", "旷工")
	if p, _ := g.GetPanes(ds); !p.Freeze || p.YSplit != 3 {
		t.Errorf("detail panes %+v", p)
	}
	checkPrintTitles(t, g, ds, "$3:$3")
	if pl, err := g.GetPageLayout(ds); err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("detail page layout %+v %v", pl, err)
	}
	tables, err := g.GetTables(ds)
	if err != nil || len(tables) != 1 || tables[0].Range != "A3:L"+strconv.Itoa(3+len(days)) {
		t.Errorf("detail table %+v %v", tables, err)
	}
}

func TestWriteViolations(t *testing.T) {
	fx := newFixture()
	for _, lang := range []string{LangZH, LangEN} {
		data := fx.exports(t, lang)["violations"]
		f := open(t, data)
		s := T(lang, "sheet.violations")
		rows, _ := f.GetRows(s)
		if len(rows) != 3+5 { // the superseded record is left out
			t.Fatalf("%s: %d rows", lang, len(rows))
		}
		text(t, f, s, "A3", T(lang, "col.date"))
		dateCell(t, f, s, "A4", d("2026-11-03").In(shanghai))
		text(t, f, s, "B4", "E01")
		text(t, f, s, "C4", "张三")
		text(t, f, s, "G4", "LATE")
		number(t, f, s, "H4", 12)
		number(t, f, s, "J4", 2)
		text(t, f, s, "L4", "hr1")
		dateCell(t, f, s, "M4", at("2026-11-04T10:00"))
		// Row 5: E01 absent, row 6: E03 late major (same date, sorted by employee), row 7: waived early departure.
		text(t, f, s, "G5", "ABSENT")
		text(t, f, s, "G6", "LATE_MAJOR")
		text(t, f, s, "G7", "EARLY_DEPARTURE")
		number(t, f, s, "J7", 0) // waived: no points
		text(t, f, s, "N7", "医院复诊")
		if lang == LangZH {
			text(t, f, s, "F4", "迟到")
			text(t, f, s, "I4", "2026-11-03 08:00:00 班次开始\n2026-11-03 08:12:00 上班打卡")
			text(t, f, s, "K7", "已免责")
		} else {
			text(t, f, s, "F4", "Late")
			text(t, f, s, "I4", "2026-11-03 08:00:00 shift starts\n2026-11-03 08:12:00 clock in")
			text(t, f, s, "K7", "Waived")
		}
		hasAutoFilter(t, data, "xl/worksheets/sheet1.xml", "A3:N8")
		if p, _ := f.GetPanes(s); !p.Freeze || p.YSplit != 3 {
			t.Errorf("panes %+v", p)
		}
		checkPrintTitles(t, f, s, "$3:$3")
	}
}

func TestWriteDiscipline(t *testing.T) {
	fx := newFixture()
	data := fx.exports(t, LangZH)["discipline"]
	f := open(t, data)
	s, w := "奖惩汇总", "每周违纪"
	if got := f.GetSheetList(); len(got) != 2 || got[0] != s || got[1] != w {
		t.Fatalf("sheets %v", got)
	}
	// Rows: A组 E01, E02, B组 E03, E04.
	text(t, f, s, "A4", "E01")
	number(t, f, s, "D4", 3)  // three violations
	number(t, f, s, "E4", 12) // late 2 + absent 10; the waived one carries none
	text(t, f, s, "F4", "书面警告")
	text(t, f, s, "G4", "书面警告 2026-11-06")
	number(t, f, s, "H4", 1)
	number(t, f, s, "J4", 0) // the revoked star is left out
	text(t, f, s, "I5", "全勤奖 2026-11")
	text(t, f, s, "A6", "E03")
	number(t, f, s, "E6", 7) // 4 + 2 + manual penalty 1
	text(t, f, s, "F6", "批评教育")
	number(t, f, s, "H6", 0) // proposed, not confirmed
	hasAutoFilter(t, data, "xl/worksheets/sheet1.xml", "A3:J7")

	// Weekly sheet: Mondays from 2026-10-26; rules with violations as columns.
	dateCell(t, f, w, "A4", d("2026-10-26").In(shanghai))
	dateCell(t, f, w, "A5", d("2026-11-02").In(shanghai))
	text(t, f, w, "B5", "第45周 11-02")
	text(t, f, w, "C3", "旷工\nABSENT")
	text(t, f, w, "D3", "迟到\nLATE")
	text(t, f, w, "E3", "严重迟到\nLATE_MAJOR")
	text(t, f, w, "F3", "早退\nEARLY_DEPARTURE")
	number(t, f, w, "C5", 1)
	number(t, f, w, "D5", 1)
	number(t, f, w, "D6", 1) // E03 late on the 10th
	number(t, f, w, "D4", 0)
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	found := false
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			rc, _ := zf.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			found = strings.Contains(b.String(), "<barChart><barDir val=\"col\"></barDir><grouping val=\"clustered\">") && strings.Contains(b.String(), `每周违纪&#39;!$C$4:$C$9`) && strings.Contains(b.String(), `每周违纪&#39;!$B$4:$B$9`)
		}
	}
	if !found {
		t.Error("no column chart over the weekly table")
	}
}

func TestWriteHandovers(t *testing.T) {
	fx := newFixture()
	data := fx.exports(t, LangEN)["handovers"]
	f := open(t, data)
	s := "Handover log"
	text(t, f, s, "A3", "Date")
	dateCell(t, f, s, "A4", d("2026-11-02").In(shanghai))
	text(t, f, s, "B4", "D")
	text(t, f, s, "C4", "E01")
	text(t, f, s, "D4", "张三")
	dateCell(t, f, s, "F4", at("2026-11-02T16:50"))
	text(t, f, s, "G4", "客户A投诉待回访\n工单#123")
	text(t, f, s, "H4", "李四 2026-11-02 16:58")
	number(t, f, s, "I4", 1)
	number(t, f, s, "I5", 0)
	hasAutoFilter(t, data, "xl/worksheets/sheet1.xml", "A3:I5")
}

func TestWriteRejectsBadInput(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRoster(&buf, &RosterInput{}); roster.ErrorCode(err) != roster.EINVALID {
		t.Errorf("roster without month: %v", err)
	}
	if err := WriteAttendance(&buf, &AttendanceInput{From: d("2026-11-02"), To: d("2026-11-01")}); roster.ErrorCode(err) != roster.EINVALID {
		t.Errorf("attendance backwards: %v", err)
	}
	if err := WriteDiscipline(&buf, &DisciplineInput{}); roster.ErrorCode(err) != roster.EINVALID {
		t.Errorf("discipline without range: %v", err)
	}
	_, err := BuildAttendance(&AttendanceSource{From: d("2026-11-01"), To: d("2026-11-30"),
		Assignments: []roster.Assignment{{Employee: "E01", Date: d("2026-11-02"), Shift: "X"}}})
	if roster.ErrorCode(err) != roster.EINVALID {
		t.Errorf("unknown shift: %v", err)
	}
}

func TestAttendanceDetailKeepsToPeriod(t *testing.T) {
	fx := newFixture()
	in := fx.attendanceInput(t, LangEN)
	in.From, in.To = d("2026-11-03"), d("2026-11-03")
	var buf bytes.Buffer
	if err := WriteAttendanceDetail(&buf, in); err != nil {
		t.Fatal(err)
	}
	f := open(t, buf.Bytes())
	rows, _ := f.GetRows("Attendance detail")
	if len(rows) != 3+3 { // E01, E02 and E03 worked on the 3rd
		t.Fatalf("%d rows: %q", len(rows), rows)
	}
	for r := 4; r <= 6; r++ {
		dateCell(t, f, "Attendance detail", cell(1, r), d("2026-11-03").In(shanghai))
	}
}
