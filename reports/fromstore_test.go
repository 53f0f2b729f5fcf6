package reports

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shiftguard/roster"
	"shiftguard/store"
)

// demoStore opens a demo center (30 agents, October and November 2026).
func demoStore(t *testing.T) (*store.Service, *store.Session, *store.Session) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, shanghai)
	opts := store.DefaultDemoOptions()
	opts.Now = now
	if err := store.Demo(ctx, db, opts); err != nil {
		t.Fatal(err)
	}
	svc := store.NewService(db)
	svc.Now = func() time.Time { return now }
	mgr, err := svc.Login(ctx, "manager", store.DemoManagerPassword)
	if err != nil {
		t.Fatal(err)
	}
	hr, err := svc.Login(ctx, "hr", store.DemoHRPassword)
	if err != nil {
		t.Fatal(err)
	}
	return svc, mgr, hr
}

func TestExportImportThroughStore(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo database")
	}
	ctx := context.Background()
	svc, mgr, hr := demoStore(t)
	from, to := d("2026-11-01"), d("2026-11-19")
	files := map[string][]byte{}
	for _, kind := range ExportKinds {
		var buf bytes.Buffer
		if err := Export(ctx, svc, hr, kind, from, to, "", LangZH, &buf); err != nil {
			t.Fatalf("export %s: %v", kind, err)
		}
		files[kind] = buf.Bytes()
	}
	agent, err := svc.Login(ctx, "A001", store.DemoAgentPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := Export(ctx, svc, agent, KindViolations, from, to, "", LangZH, &bytes.Buffer{}); roster.ErrorCode(err) != roster.EFORBIDDEN {
		t.Errorf("agent export: %v", err)
	}
	if err := Export(ctx, svc, hr, "payroll", from, to, "", LangZH, &bytes.Buffer{}); roster.ErrorCode(err) != roster.EINVALID {
		t.Errorf("unknown kind: %v", err)
	}

	// The exports agree with the store's own reading of the period.
	p, err := svc.PeriodData(ctx, hr, store.PeriodFilter{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, files[KindViolations])
	rows, _ := f.GetRows("违纪明细")
	if len(rows)-3 != len(p.Records) || len(p.Records) == 0 {
		t.Errorf("violations: %d rows, store has %d records", len(rows)-3, len(p.Records))
	}
	storeRows := store.AttendanceRows(p)
	g := open(t, files[KindAttendanceDetail])
	detail, _ := g.GetRows("考勤明细", excelize.Options{RawCellValue: true})
	if len(detail)-3 != len(storeRows) {
		t.Errorf("attendance detail: %d rows, store has %d", len(detail)-3, len(storeRows))
	}
	type key struct{ emp, date string }
	clockIn := map[key]string{}
	for _, r := range detail[3:] {
		if len(r) > 7 {
			dt, _ := parseDateCell(r[0])
			clockIn[key{r[1], dt.String()}] = r[7]
		}
	}
	mismatch := 0
	for _, r := range storeRows {
		got, ok := clockIn[key{r.Employee, r.Date.String()}]
		if !ok {
			mismatch++
			continue
		}
		if r.ClockIn.IsZero() {
			if got != "" {
				mismatch++
			}
			continue
		}
		v, err := strconv.ParseFloat(got, 64)
		if err != nil || math.Abs(v-timeSerial(r.ClockIn)) > 1e-6 {
			mismatch++
		}
	}
	if mismatch > 0 {
		t.Errorf("%d clock-ins differ from the store's attribution", mismatch)
	}

	// Roster round trip through the store: unchanged file, nothing changes.
	dir := t.TempDir()
	var rb bytes.Buffer
	if err := Export(ctx, svc, mgr, KindRoster, d("2026-11-01"), d("2026-11-30"), "", LangEN, &rb); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "roster.xlsx")
	os.WriteFile(path, rb.Bytes(), 0o644)
	n, err := Import(ctx, svc, mgr, KindRoster, path, nil, ImportOptions{Reason: "re-import"})
	if err != nil || n != 0 {
		t.Fatalf("re-import of the exported roster: %d changes, %v", n, err)
	}
	// Clear one cell: exactly that assignment goes.
	before, _ := svc.MonthRoster(ctx, mgr, roster.Month{Year: 2026, Month: 11})
	a := before.Assignments[0]
	rf, _ := excelize.OpenReader(bytes.NewReader(rb.Bytes()))
	rows, _ = rf.GetRows("Roster")
	for i, r := range rows {
		if len(r) > 1 && r[1] == a.Employee {
			rf.SetCellValue("Roster", cell(rosterFirstDay+a.Date.Day-1, i+1), "")
		}
	}
	rf.SaveAs(path)
	rf.Close()
	n, err = Import(ctx, svc, mgr, KindRoster, path, nil, ImportOptions{Reason: "cleared one"})
	after, _ := svc.MonthRoster(ctx, mgr, roster.Month{Year: 2026, Month: 11})
	if err != nil || n != 1 || len(after.Assignments) != len(before.Assignments)-1 {
		t.Errorf("one cleared cell: %d changes, %v, %d -> %d assignments", n, err, len(before.Assignments), len(after.Assignments))
	}

	// Employees: one new, one renamed; a bad file writes nothing.
	emps, _ := svc.Employees(ctx, mgr, store.EmployeeFilter{})
	csv := "工号,姓名,班组\nZ900,新员工,A组\n" + emps[0].Code + ",改名," + emps[0].Team + "\n"
	path = filepath.Join(dir, "staff.csv")
	os.WriteFile(path, []byte(csv), 0o644)
	if n, err := Import(ctx, svc, mgr, KindEmployees, path, nil, ImportOptions{}); err != nil || n != 2 {
		t.Errorf("employees import: %d, %v", n, err)
	}
	os.WriteFile(path, []byte("工号,姓名,班组\nZ901,甲,A组\nZ902,,A组\n"), 0o644)
	_, err = Import(ctx, svc, mgr, KindEmployees, path, nil, ImportOptions{})
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Errorf("bad employees file: %v", err)
	}
	if _, err := svc.Employee(ctx, mgr, "Z901"); roster.ErrorCode(err) != roster.ENOTFOUND {
		t.Errorf("Z901 was written from a failed import: %v", err)
	}

	// Punches: detected mapping, local times in the center's zone.
	path = filepath.Join(dir, "clock.csv")
	os.WriteFile(path, []byte("工号,打卡时间,打卡类型\nZ900,2026-11-21 07:20,上班\nZ900,2026-11-21 15:40:10,下班\n"), 0o644)
	if n, err := Import(ctx, svc, mgr, KindPunches, path, nil, ImportOptions{}); err != nil || n != 2 {
		t.Fatalf("punch import: %d, %v", n, err)
	}
	evs, err := svc.Events(ctx, mgr, store.EventFilter{Employee: "Z900"})
	if err != nil || len(evs) != 2 || !evs[0].At.Equal(at("2026-11-21T07:20")) || evs[0].Source != roster.SourceImport {
		t.Errorf("imported events %+v %v", evs, err)
	}
	os.WriteFile(path, []byte("工号,打卡时间,打卡类型\nZ900,2026-11-22 07:20,上班\nZ900,2026-11-22 31:00,下班\n"), 0o644)
	if _, err := Import(ctx, svc, mgr, KindPunches, path, nil, ImportOptions{}); !errors.As(err, &ie) {
		t.Errorf("bad punch file: %v", err)
	}
	if evs, _ := svc.Events(ctx, mgr, store.EventFilter{Employee: "Z900"}); len(evs) != 2 {
		t.Errorf("a failed punch import wrote %d events", len(evs)-2)
	}
}
