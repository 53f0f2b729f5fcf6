package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shiftguard/compliance"
	"shiftguard/roster"
)

var update = flag.Bool("update", false, "rewrite golden files")

var shanghai = mustLoc("Asia/Shanghai")

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func d(s string) roster.Date {
	dt, err := roster.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return dt
}

func at(s string) time.Time {
	t, err := roster.ParseLocal(s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// fixture is a small known center: two teams, three shift types, a week of
// November 2026 with punches, leave, judged violations, actions, rewards
// and handover notes.
type fixture struct {
	Employees   []roster.Employee
	ShiftTypes  []roster.ShiftType
	Assignments []roster.Assignment
	Coverage    []roster.CoverageRequirement
	Leaves      []roster.Leave
	Events      []roster.Event
	Records     []compliance.Record
	Actions     []compliance.DisciplineAction
	Rewards     []compliance.Reward
	Notes       []roster.HandoverNote
}

func newFixture() *fixture {
	fx := &fixture{
		Employees: []roster.Employee{
			{Code: "E01", Name: "张三", Team: "A组", Active: true},
			{Code: "E02", Name: "李四", Team: "A组", Active: true},
			{Code: "E03", Name: "王五", Team: "B组", Active: true},
			{Code: "E04", Name: "赵六", Team: "B组", Active: false},
		},
		ShiftTypes: []roster.ShiftType{
			{Code: "D", Name: "白班", Start: 8 * 60, End: 17 * 60, MealBreakMin: 60, Color: "#F4B183"},
			{Code: "E", Name: "中班", Start: 14 * 60, End: 23 * 60, MealBreakMin: 30, Color: "#9BC2E6"},
			{Code: "N", Name: "夜班", Start: 22 * 60, End: 7 * 60, Color: "#203864"},
		},
		Coverage: []roster.CoverageRequirement{
			{Shift: "D", Weekday: -1, Required: 1},
			{Shift: "N", Weekday: -1, Required: 1},
			{Shift: "D", Date: d("2026-11-03"), Required: 2},
		},
	}
	// E01 days, E02 evenings then a night, E03 nights.
	for day := 2; day <= 6; day++ {
		date := roster.NewDate(2026, 11, day)
		fx.Assignments = append(fx.Assignments,
			roster.Assignment{Employee: "E01", Date: date, Shift: "D"},
			roster.Assignment{Employee: "E03", Date: date, Shift: "N"})
	}
	fx.Assignments = append(fx.Assignments,
		roster.Assignment{Employee: "E02", Date: d("2026-11-02"), Shift: "E"},
		roster.Assignment{Employee: "E02", Date: d("2026-11-03"), Shift: "E"},
		roster.Assignment{Employee: "E02", Date: d("2026-11-07"), Shift: "N"}, // a Saturday
		roster.Assignment{Employee: "E01", Date: d("2026-11-08"), Shift: "D"}, // Sunday, on leave
	)
	fx.Leaves = []roster.Leave{
		{Employee: "E01", Date: d("2026-11-08"), Type: roster.LeaveAnnual},
		{Employee: "E02", Date: d("2026-11-05"), Type: roster.LeaveSick},
	}
	ev := func(emp string, k roster.EventKind, s string) {
		fx.Events = append(fx.Events, roster.Event{ID: int64(len(fx.Events) + 1), Employee: emp, Kind: k, At: at(s)})
	}
	// E01: on time Mon, 12 late Tue, absent Wed, left 20 early Thu, fine Fri.
	ev("E01", roster.ClockIn, "2026-11-02T07:40")
	ev("E01", roster.ClockOut, "2026-11-02T17:05")
	ev("E01", roster.ClockIn, "2026-11-03T08:12")
	ev("E01", roster.ClockOut, "2026-11-03T17:00")
	ev("E01", roster.ClockIn, "2026-11-05T07:45")
	ev("E01", roster.ClockOut, "2026-11-05T16:40")
	ev("E01", roster.ClockIn, "2026-11-06T07:44")
	ev("E01", roster.ClockOut, "2026-11-06T17:01")
	// E02: evenings on time; night shift on Saturday with a clock-out next morning.
	ev("E02", roster.ClockIn, "2026-11-02T13:40")
	ev("E02", roster.ClockOut, "2026-11-02T23:00")
	ev("E02", roster.ClockIn, "2026-11-03T13:44")
	ev("E02", roster.ClockOut, "2026-11-03T23:10")
	ev("E02", roster.ClockIn, "2026-11-07T21:45")
	ev("E02", roster.ClockOut, "2026-11-08T07:02")
	// E03: nights, clock-out of each night next morning; one night 35 late.
	for day := 2; day <= 6; day++ {
		in := "21:40"
		if day == 4 {
			in = "22:35"
		}
		ev("E03", roster.ClockIn, roster.NewDate(2026, 11, day).String()+"T"+in)
		ev("E03", roster.ClockOut, roster.NewDate(2026, 11, day+1).String()+"T07:05")
	}
	rec := func(id int64, emp, date, shift string, rule compliance.Rule, min, pts int, st compliance.Status, by string, when string, reason string) {
		r := compliance.Record{ID: id, Violation: compliance.Violation{Rule: rule, Employee: emp, Date: d(date), Shift: shift, Minutes: min, Points: pts,
			Evidence: []compliance.Evidence{{Kind: "shift", At: date + " 08:00:00", ZH: "班次开始", EN: "shift starts"}, {Kind: "event", At: date + " 08:12:00", ZH: "上班打卡", EN: "clock in"}}},
			Status: st, DecidedBy: by, Reason: reason}
		if when != "" {
			r.DecidedAt = at(when)
		}
		fx.Records = append(fx.Records, r)
	}
	rec(1, "E01", "2026-11-03", "D", compliance.Late, 12, 2, compliance.StatusConfirmed, "hr1", "2026-11-04T10:00", "")
	rec(2, "E01", "2026-11-04", "D", compliance.Absent, 540, 10, compliance.StatusOpen, "", "", "")
	rec(3, "E01", "2026-11-05", "D", compliance.EarlyDeparture, 20, 3, compliance.StatusWaived, "mgr1", "2026-11-06T09:30", "医院复诊")
	rec(4, "E03", "2026-11-04", "N", compliance.LateMajor, 35, 4, compliance.StatusConfirmed, "hr1", "2026-11-05T11:00", "")
	rec(5, "E03", "2026-11-10", "N", compliance.Late, 5, 2, compliance.StatusOpen, "", "", "")
	sup := compliance.Record{ID: 6, Violation: compliance.Violation{Rule: compliance.Late, Employee: "E02", Date: d("2026-11-02"), Shift: "E", Minutes: 3, Points: 2}, Status: compliance.StatusOpen, Superseded: true}
	fx.Records = append(fx.Records, sup)
	fx.Actions = []compliance.DisciplineAction{
		{ID: 1, Employee: "E01", Level: compliance.LevelWritten, Points: 12, Status: compliance.ActionConfirmed, DecidedBy: "hr1", DecidedAt: at("2026-11-06T15:00"), FineCents: 0},
		{ID: 2, Employee: "E03", Level: compliance.LevelVerbal, Points: 6, Status: compliance.ActionProposed},
	}
	fx.Rewards = []compliance.Reward{
		{ID: 1, Employee: "E02", Kind: compliance.PerfectAttendance, Month: roster.Month{Year: 2026, Month: 11}},
		{ID: 2, Employee: "E03", Kind: compliance.ManualPenalty, Date: d("2026-11-09"), Points: 1, Reason: "未交周报"},
		{ID: 3, Employee: "E01", Kind: compliance.ServiceStar, Month: roster.Month{Year: 2026, Month: 11}, Revoked: true},
	}
	fx.Notes = []roster.HandoverNote{
		{ID: 1, Employee: "E01", Date: d("2026-11-02"), Shift: "D", WrittenAt: at("2026-11-02T16:50"), Text: "客户A投诉待回访\n工单#123",
			Acks: []roster.Ack{{Employee: "E02", At: at("2026-11-02T16:58")}}},
		{ID: 2, Employee: "E02", Date: d("2026-11-02"), Shift: "E", WrittenAt: at("2026-11-02T22:40"), Text: "系统22点维护"},
	}
	return fx
}

func (fx *fixture) rosterInput(lang string) *RosterInput {
	return &RosterInput{Month: roster.Month{Year: 2026, Month: 11}, Lang: lang, Center: "上海客服中心", Employees: fx.Employees,
		ShiftTypes: fx.ShiftTypes, Assignments: fx.Assignments, Coverage: fx.Coverage, Leaves: fx.Leaves}
}

func (fx *fixture) attendanceDays(t testing.TB, withRecords bool) []AttendanceDay {
	src := &AttendanceSource{Location: shanghai, From: d("2026-11-01"), To: d("2026-11-30"), ShiftTypes: fx.ShiftTypes,
		Assignments: fx.Assignments, Events: fx.Events, Leaves: fx.Leaves}
	if withRecords {
		src.Records = fx.Records
	}
	days, err := BuildAttendance(src)
	if err != nil {
		t.Fatal(err)
	}
	return days
}

func (fx *fixture) attendanceInput(t testing.TB, lang string) *AttendanceInput {
	return &AttendanceInput{From: d("2026-11-01"), To: d("2026-11-30"), Lang: lang, Center: "上海客服中心", Employees: fx.Employees, Days: fx.attendanceDays(t, true)}
}

func (fx *fixture) violationsInput(lang string) *ViolationsInput {
	return &ViolationsInput{From: d("2026-11-01"), To: d("2026-11-30"), Lang: lang, Employees: fx.Employees, Records: fx.Records}
}

func (fx *fixture) disciplineInput(lang string) *DisciplineInput {
	return &DisciplineInput{From: d("2026-11-01"), To: d("2026-11-30"), Lang: lang, Employees: fx.Employees,
		Actions: fx.Actions, Rewards: fx.Rewards, Records: fx.Records}
}

func (fx *fixture) handoverInput(lang string) *HandoverInput {
	return &HandoverInput{From: d("2026-11-01"), To: d("2026-11-30"), Lang: lang, Employees: fx.Employees, Notes: fx.Notes}
}

// exports writes every export of the fixture in lang: name -> bytes.
func (fx *fixture) exports(t testing.TB, lang string) map[string][]byte {
	out := map[string][]byte{}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"roster":     func(b *bytes.Buffer) error { return WriteRoster(b, fx.rosterInput(lang)) },
		"attendance": func(b *bytes.Buffer) error { return WriteAttendance(b, fx.attendanceInput(t, lang)) },
		"detail":     func(b *bytes.Buffer) error { return WriteAttendanceDetail(b, fx.attendanceInput(t, lang)) },
		"violations": func(b *bytes.Buffer) error { return WriteViolations(b, fx.violationsInput(lang)) },
		"discipline": func(b *bytes.Buffer) error { return WriteDiscipline(b, fx.disciplineInput(lang)) },
		"handovers":  func(b *bytes.Buffer) error { return WriteHandovers(b, fx.handoverInput(lang)) },
	} {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = buf.Bytes()
	}
	return out
}

// open reopens a written workbook.
func open(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// value returns a cell's formatted text.
func value(t testing.TB, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// raw returns a cell's raw value.
func raw(t testing.TB, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// number asserts that the cell is a number equal to want.
func number(t testing.TB, f *excelize.File, sheet, ref string, want float64) {
	t.Helper()
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("%s!%s: type %v, want a number", sheet, ref, typ)
	}
	v, err := strconv.ParseFloat(raw(t, f, sheet, ref), 64)
	if err != nil {
		t.Errorf("%s!%s: %q is not a number", sheet, ref, raw(t, f, sheet, ref))
		return
	}
	if diff := v - want; diff > 1e-6 || diff < -1e-6 {
		t.Errorf("%s!%s = %v, want %v", sheet, ref, v, want)
	}
}

// text asserts that the cell is a string equal to want.
func text(t testing.TB, f *excelize.File, sheet, ref, want string) {
	t.Helper()
	typ, _ := f.GetCellType(sheet, ref)
	if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("%s!%s: type %v, want a string", sheet, ref, typ)
	}
	if got := value(t, f, sheet, ref); got != want {
		t.Errorf("%s!%s = %q, want %q", sheet, ref, got, want)
	}
}

// dateCell asserts that the cell is a number with a date format showing want.
func dateCell(t testing.TB, f *excelize.File, sheet, ref string, want time.Time) {
	t.Helper()
	number(t, f, sheet, ref, timeSerial(want))
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil || !strings.ContainsAny(*st.CustomNumFmt, "dy") {
		t.Errorf("%s!%s: style %d has no date format", sheet, ref, id)
	}
}

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}
