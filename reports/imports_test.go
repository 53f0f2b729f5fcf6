package reports

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"shiftguard/roster"
)

func gbk(t testing.TB, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// xlsxOf returns a workbook with rows on a sheet named sheet.
func xlsxOf(t testing.TB, sheet string, rows [][]any) []byte {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if err := f.SetSheetRow(sheet, cell(1, i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func importError(t *testing.T, err error) *ImportError {
	t.Helper()
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("want *ImportError, got %v", err)
	}
	if roster.ErrorCode(err) != roster.EINVALID {
		t.Errorf("code %q", roster.ErrorCode(err))
	}
	return ie
}

func TestImportEmployees(t *testing.T) {
	want := []roster.Employee{
		{Code: "E01", Name: "张三", Team: "A组", Active: true},
		{Code: "E02", Name: "李四", Team: "A组", Active: false},
		{Code: "E03", Name: "Wang Wu", Team: "B组", Active: true},
	}
	csvZH := "工号,姓名,班组,在职\nE01,张三,A组,是\nE02,李四,A组,否\n\nE03,Wang Wu,B组,\n"
	csvEN := "Employee No.,Name,Team,Active\r\nE01,张三,A组,1\r\nE02,李四,A组,false\r\nE03,\"Wang Wu\",B组,yes\r\n"
	for name, data := range map[string][]byte{
		"utf8.csv":  []byte(csvZH),
		"bom.csv":   append([]byte("\xef\xbb\xbf"), csvEN...),
		"gbk.csv":   gbk(t, csvZH),
		"title.csv": []byte("员工名单,,,\n导出日期 2026-11-01,,,\n" + csvZH),
		"tab.csv":   []byte(strings.ReplaceAll(csvZH, ",", "\t")),
		"utf16.csv": func() []byte {
			b, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(strings.ReplaceAll(csvZH, ",", "\t")))
			return b
		}(),
		"emp.xlsx": xlsxOf(t, "员工", [][]any{{"", "姓名", "工号", "班组", "在职"}, {"x", "张三", "E01", "A组", true}, {"", "李四", "E02", "A组", false}, {"", "Wang Wu", "E03", "B组", nil}}),
	} {
		got, err := ImportEmployees(name, bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: got %v", name, got)
		}
	}
}

func TestImportErrorsGolden(t *testing.T) {
	fx := newFixture()
	var out strings.Builder
	run := func(title string, err error) {
		fmt.Fprintf(&out, "== %s\n", title)
		if err == nil {
			out.WriteString("no error\n")
			return
		}
		importError(t, err)
		out.WriteString(err.Error() + "\n")
	}
	_, err := ImportEmployees("staff.csv", strings.NewReader("工号,姓名,班组,在职\nE01,张三,A组,是\nbad code,李四,A组,是\nE03,,B组,是\nE01,王五,B组,maybe\nE05,赵六,,1\n"))
	run("employees: bad rows", err)
	_, err = ImportEmployees("staff.csv", strings.NewReader("编号,名字\n1,2\n"))
	run("employees: header without team", err)
	_, err = ImportEmployees("staff.csv", strings.NewReader(""))
	run("employees: empty file", err)
	_, err = ImportEmployees("staff.csv", bytes.NewReader([]byte{0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00}))
	run("employees: not text", err)

	var sb strings.Builder
	sb.WriteString("工号,时间,打卡类型\n")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&sb, "E01,2026-11-02 %02d:00,上班\n", 20+i) // hours 24.. are not times
	}
	m := PunchMapping{EmployeeCol: 0, TimeCol: 1, KindCol: 2, Header: true}
	_, err = ImportPunches("clock.csv", strings.NewReader(sb.String()), m, PunchImportOptions{Location: shanghai})
	run("punches: 56 bad times, first 50 listed", err)
	_, err = ImportPunches("clock.csv", strings.NewReader("工号,时间,打卡类型\nE01,2026-11-02 08:00,上班\nE99,2026-11-02 25:00,签到\nE02,2026-02-30 08:00,lunch\n"), m,
		PunchImportOptions{Location: shanghai, Employees: fx.Employees})
	run("punches: unknown employee, bad time, bad kind", err)

	var buf bytes.Buffer
	if err := WriteRoster(&buf, fx.rosterInput(LangZH)); err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(&buf)
	f.SetCellValue("排班表", "E4", "X")
	f.SetCellValue("排班表", "F4", "D 出差")
	f.SetCellValue("排班表", "B5", "E01")
	f.SetCellValue("排班表", "B6", "E99")
	buf.Reset()
	f.WriteTo(&buf)
	f.Close()
	_, err = ImportRoster("roster.xlsx", &buf, RosterImportOptions{ShiftTypes: fx.ShiftTypes, Employees: fx.Employees})
	run("roster: unknown shift, stray word, duplicate and unknown employee", err)
	_, err = ImportRoster("roster.xlsx", bytes.NewReader(xlsxOf(t, "Sheet1", [][]any{{"a", "b"}})), RosterImportOptions{})
	run("roster: no header", err)
	_, err = ImportRoster("roster.xlsx", bytes.NewReader([]byte("PK\x03\x04garbage")), RosterImportOptions{})
	run("roster: broken workbook", err)
	golden(t, "import_errors.golden", out.String())
}

func TestDetectPunchMapping(t *testing.T) {
	for _, c := range []struct {
		header []string
		want   PunchMapping
		ok     bool
	}{
		{[]string{"工号", "姓名", "打卡时间", "打卡类型"}, PunchMapping{EmployeeCol: 0, TimeCol: 2, KindCol: 3, Header: true}, true},
		{[]string{"Employee ID", "Time", "Kind"}, PunchMapping{EmployeeCol: 0, TimeCol: 1, KindCol: 2, Header: true}, true},
		{[]string{"考勤号码", "姓名", "日期", "时间", "状态"}, PunchMapping{EmployeeCol: 0, TimeCol: 3, KindCol: 4, HasDateCol: true, DateCol: 2, Header: true}, true},
		{[]string{"userid", "datetime", "direction"}, PunchMapping{EmployeeCol: 0, TimeCol: 1, KindCol: 2, Header: true}, true},
		{[]string{"工号", "日期", "类型"}, PunchMapping{EmployeeCol: 0, TimeCol: 1, KindCol: 2, Header: true}, true},
		{[]string{"a", "b", "c"}, PunchMapping{}, false},
	} {
		got, err := DetectPunchMapping(c.header)
		if (err == nil) != c.ok {
			t.Errorf("%v: err %v", c.header, err)
			continue
		}
		if c.ok && fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%v: got %+v, want %+v", c.header, got, c.want)
		}
	}
}

func TestImportPunches(t *testing.T) {
	want := []roster.Event{
		{Employee: "E01", Kind: roster.ClockIn, At: at("2026-11-02T07:45"), Source: roster.SourceImport, RecordedBy: "hr1"},
		{Employee: "E01", Kind: roster.ClockOut, At: time.Date(2026, 11, 2, 17, 3, 20, 0, shanghai), Source: roster.SourceImport, RecordedBy: "hr1"},
		{Employee: "E02", Kind: roster.BreakStart, At: at("2026-11-02T15:30"), Source: roster.SourceImport, RecordedBy: "hr1"},
	}
	zhCSV := "工号,姓名,打卡时间,打卡类型\nE01,张三,2026-11-02 07:45,上班\nE01,张三,2026/11/2 17:03:20,下班\nE02,李四,2026-11-02T15:30,开始休息\n"
	inputs := map[string][]byte{
		"utf8.csv": []byte(zhCSV),
		"gbk.csv":  gbk(t, zhCSV),
		"split.csv": []byte("考勤号码,日期,时间,状态\nE01,2026-11-02,07:45,签到\nE01,2026/11/02,17:03:20,签退\n" +
			"E02,2026-11-02,15:30,Break Start\n"),
		"clock.xlsx": xlsxOf(t, "Sheet1", [][]any{{"Punch records 2026-11"}, {}, {"Employee ID", "Time", "Kind"},
			{"E01", time.Date(2026, 11, 2, 7, 45, 0, 0, time.UTC), "IN"},
			{"E01", "2026-11-02 17:03:20", "out"},
			{"E02", time.Date(2026, 11, 2, 15, 30, 0, 0, time.UTC), "break_start"}}),
	}
	for name, data := range inputs {
		rows, err := ReadRows(name, bytes.NewReader(data), 5)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m, err := DetectPunchHeader(rows)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := ImportPunches(name, bytes.NewReader(data), m, PunchImportOptions{Location: shanghai, Employees: newFixture().Employees, RecordedBy: "hr1"})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d events", name, len(got))
		}
		for i := range want {
			if got[i].Employee != want[i].Employee || got[i].Kind != want[i].Kind || !got[i].At.Equal(want[i].At) ||
				got[i].At.Location() != shanghai || got[i].Source != want[i].Source || got[i].RecordedBy != want[i].RecordedBy {
				t.Errorf("%s #%d: %+v, want %+v", name, i, got[i], want[i])
			}
		}
	}
	rows, err := ReadRows("utf8.csv", bytes.NewReader(inputs["utf8.csv"]), 2)
	if err != nil || len(rows) != 2 || rows[1][0] != "E01" || rows[1][3] != "上班" {
		t.Errorf("preview rows %q %v", rows, err)
	}
	if _, err := ReadRows("empty.csv", strings.NewReader("\n,,\n"), 2); roster.ErrorCode(err) != roster.EINVALID {
		t.Errorf("empty file: %v", err)
	}
	// An explicit layout and custom kinds.
	m := PunchMapping{EmployeeCol: 2, TimeCol: 0, KindCol: 1, TimeLayout: "02.01.2006 15h04", KindValues: map[string]roster.EventKind{"A": roster.ClockIn, "Z": roster.ClockOut}}
	got, err := ImportPunches("x.csv", strings.NewReader("02.11.2026 07h45;A;E01\n02.11.2026 17h00;z;E01\n"), m, PunchImportOptions{Location: shanghai})
	if err != nil || len(got) != 2 || got[1].Kind != roster.ClockOut || !got[0].At.Equal(at("2026-11-02T07:45")) {
		t.Errorf("layout import: %v %+v", err, got)
	}
	if _, err := ImportPunches("x.csv", strings.NewReader(""), PunchMapping{EmployeeCol: 1, TimeCol: 1, KindCol: 2}, PunchImportOptions{}); roster.ErrorCode(err) != roster.EINVALID {
		t.Errorf("column mapped twice: %v", err)
	}
}

func TestParseLooseTime(t *testing.T) {
	for s, ok := range map[string]bool{
		"2026-11-02 07:45": true, "2026/1/2 7:45:01": true, "2026.11.02 07:45:00.123": true, "2026-11-02T07:45": true,
		"2026-11-02 24:00": false, "2026-13-02 07:45": false, "2026-02-29 07:45": false, "2028-02-29 07:45": true,
		"2026-11-02": false, "2026-11/02 07:45": false, "2026-11-02 07:45x": false, "": false, "26-11-02 07:45": false,
	} {
		if _, got := parseLooseTime(s, shanghai); got != ok {
			t.Errorf("%q: %v", s, got)
		}
	}
}
