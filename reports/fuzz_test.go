package reports

import (
	"bytes"
	"errors"
	"testing"
)

// checkImport fails when an import returns both records and an error, or an
// error that is not an *ImportError or a coded roster error.
func checkImport(t *testing.T, n int, err error) {
	if err == nil {
		return
	}
	if n != 0 {
		t.Fatalf("%d records returned with error %v", n, err)
	}
	var ie *ImportError
	if errors.As(err, &ie) && (len(ie.Problems) == 0 || len(ie.Problems) > MaxProblems || ie.Total < len(ie.Problems)) {
		t.Fatalf("malformed ImportError %#v", ie)
	}
}

func FuzzImportEmployeesCSV(f *testing.F) {
	f.Add([]byte("工号,姓名,班组,在职\nE01,张三,A组,是\n"))
	f.Add([]byte("\xef\xbb\xbfEmployee No.,Name,Team\r\nE01,\"Zhang, San\",A\r\n"))
	f.Add(gbk(f, "工号,姓名,班组\nE01,张三,A组\n"))
	f.Add([]byte("code\tname\tteam\n\"unterminated"))
	f.Fuzz(func(t *testing.T, data []byte) {
		emps, err := ImportEmployees("e.csv", bytes.NewReader(data))
		checkImport(t, len(emps), err)
		for i := range emps {
			if err := emps[i].Validate(); err != nil {
				t.Fatalf("invalid employee imported: %v", err)
			}
		}
	})
}

func FuzzImportEmployeesXLSX(f *testing.F) {
	f.Add(xlsxOf(f, "员工", [][]any{{"工号", "姓名", "班组"}, {"E01", "张三", "A组"}}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		emps, err := ImportEmployees("e.xlsx", bytes.NewReader(data))
		checkImport(t, len(emps), err)
	})
}

func FuzzImportPunchesCSV(f *testing.F) {
	f.Add([]byte("工号,时间,打卡类型\nE01,2026-11-02 07:45,上班\nE01,2026/11/2 17:03:20,下班\n"))
	f.Add([]byte("考勤号码,日期,时间,状态\nE01,2026-11-02,07:45,签到\n"))
	f.Add(gbk(f, "工号,时间,打卡类型\nE01,2026-11-02 25:00,上班\n"))
	f.Add([]byte("userid,datetime,direction\nE01,46328.5,in\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		header, err := ReadHeader("p.csv", bytes.NewReader(data))
		if err != nil {
			return
		}
		m, err := DetectPunchMapping(header)
		if err != nil {
			m = PunchMapping{EmployeeCol: 0, TimeCol: 1, KindCol: 2, Header: true}
		}
		evs, err := ImportPunches("p.csv", bytes.NewReader(data), m, PunchImportOptions{Location: shanghai})
		checkImport(t, len(evs), err)
		for i := range evs {
			if err := evs[i].Validate(); err != nil {
				t.Fatalf("invalid event imported: %v", err)
			}
		}
	})
}

func FuzzImportPunchesXLSX(f *testing.F) {
	f.Add(xlsxOf(f, "Sheet1", [][]any{{"Employee ID", "Time", "Kind"}, {"E01", 46328.3, "in"}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		evs, err := ImportPunches("p.xlsx", bytes.NewReader(data), PunchMapping{EmployeeCol: 0, TimeCol: 1, KindCol: 2, Header: true}, PunchImportOptions{Location: shanghai})
		checkImport(t, len(evs), err)
	})
}

func FuzzImportRosterXLSX(f *testing.F) {
	fx := newFixture()
	var buf bytes.Buffer
	if err := WriteRoster(&buf, fx.rosterInput(LangZH)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(xlsxOf(f, "Sheet1", [][]any{{"工号", "2026-11-01", "2026-11-02"}, {"E01", "D", "N 年假"}, {"E02", "D+N", "休"}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		as, err := ImportRoster("r.xlsx", bytes.NewReader(data), RosterImportOptions{})
		checkImport(t, len(as), err)
		for i := range as {
			if err := as[i].Validate(); err != nil {
				t.Fatalf("invalid assignment imported: %v", err)
			}
		}
	})
}

func FuzzImportRosterCSV(f *testing.F) {
	f.Add([]byte("工号,2026-11-01,2026-11-02\nE01,D,N 年假\nE02,D+N,休\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		as, err := ImportRoster("r.csv", bytes.NewReader(data), RosterImportOptions{})
		checkImport(t, len(as), err)
	})
}
