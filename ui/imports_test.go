package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shiftguard/reports"
	"shiftguard/roster"
	"shiftguard/store"
)

func (f *fixture) imports() *importsScreen {
	f.t.Helper()
	if !f.st.show("imports") {
		f.t.Fatal("no imports screen in the navigation")
	}
	return f.st.screenFor("imports").(*importsScreen)
}

// events counts the stored punches of the fixture's week.
func (f *fixture) events() int {
	f.t.Helper()
	evs, err := f.svc.Events(context.Background(), f.st.sess, store.EventFilter{From: f.at(0, 0).AddDate(0, 0, -7), To: f.at(0, 0).AddDate(0, 0, 7)})
	f.must(err)
	return len(evs)
}

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// importPunches opens path on the imports screen as punches and returns
// the mapping step it shows.
func importPunches(t *testing.T, s *importsScreen, path string) *punchMappingStep {
	t.Helper()
	s.kind.SetSelectedIndex(selectIndex(s.kind.Options, importLabel(reports.KindPunches)))
	s.openFile(path)
	if s.mapping == nil {
		t.Fatal("no column-mapping step for a punch file")
	}
	return s.mapping
}

func TestImportPunches(t *testing.T) {
	f := newFixture(t)
	f.signIn("manager")
	s := f.imports()

	t.Run("a bad row rejects the whole file", func(t *testing.T) {
		before := f.events()
		path := writeFile(t, "clock.csv", "工号,打卡时间,打卡类型\nE01,2026-11-02 07:40,上班\nE99,2026-11-02 07:50,上班\nE02,2026-11-02 25:00,上班\n")
		m := importPunches(t, s, path)
		if got := m.result(); got.EmployeeCol != 0 || got.TimeCol != 1 || got.KindCol != 2 || got.SkipRows != 0 || got.HasDateCol {
			t.Fatalf("prefilled mapping %+v", got)
		}
		s.submitMapping()
		f.st.wait()
		if s.problems == nil {
			t.Fatalf("no problem list (error %q)", f.st.lastError)
		}
		var rows []int
		for _, p := range s.problems.Problems {
			rows = append(rows, p.Row)
			if p.Sheet == "" || p.Why == "" {
				t.Errorf("problem without sheet or reason: %+v", p)
			}
		}
		if len(rows) != 2 || rows[0] != 3 || rows[1] != 4 {
			t.Fatalf("problems on rows %v, want [3 4]: %v", rows, s.problems)
		}
		if !strings.Contains(s.problems.Problems[0].Why, "E99") {
			t.Errorf("row 3's problem does not quote E99: %q", s.problems.Problems[0].Why)
		}
		if s.result.Text != T("import.nothing_written") {
			t.Errorf("result %q", s.result.Text)
		}
		if n := f.events(); n != before {
			t.Fatalf("a rejected file wrote %d events", n-before)
		}
	})

	t.Run("title rows above the header", func(t *testing.T) {
		before := f.events()
		path := writeFile(t, "clock2.csv", "考勤机导出\n\n打卡时间,打卡类型,工号\n2026-11-02 07:41,上班,E01\n2026-11-02 15:58,签到,E02\n")
		m := importPunches(t, s, path)
		if got := m.result(); got.EmployeeCol != 2 || got.TimeCol != 0 || got.KindCol != 1 || got.SkipRows != 1 {
			t.Fatalf("prefilled mapping %+v", got)
		}
		if got := m.employee.Selected; !strings.Contains(got, "C") || !strings.Contains(got, "工号") {
			t.Errorf("employee column shows %q", got)
		}
		s.submitMapping()
		f.st.wait()
		if s.problems != nil {
			t.Fatal(s.problems)
		}
		if n := f.events(); n != before+2 {
			t.Fatalf("imported %d events, want 2", n-before)
		}
		if !strings.Contains(s.result.Text, "2") {
			t.Errorf("result %q", s.result.Text)
		}
	})

	t.Run("columns chosen by hand", func(t *testing.T) {
		f.st.lastError = ""
		before := f.events()
		path := writeFile(t, "clock3.csv", "a,b,c,d\nx,E01,上班,2026-11-03 07:30\n")
		m := importPunches(t, s, path)
		m.employee.SetSelectedIndex(1)
		m.kindCol.SetSelectedIndex(2)
		m.time.SetSelectedIndex(3)
		s.submitMapping()
		f.st.wait()
		if s.problems != nil || f.st.lastError != "" {
			t.Fatalf("problems %v, error %q", s.problems, f.st.lastError)
		}
		if n := f.events(); n != before+1 {
			t.Fatalf("imported %d events, want 1", n-before)
		}
		evs, err := f.svc.Events(context.Background(), f.st.sess, store.EventFilter{Employee: "E01", From: f.at(0, 0).AddDate(0, 0, 1), To: f.at(0, 0).AddDate(0, 0, 2)})
		f.must(err)
		if len(evs) != 1 || !evs[0].At.Equal(time.Date(2026, 11, 3, 7, 30, 0, 0, f.loc)) {
			t.Fatalf("stored %+v", evs)
		}
	})

	t.Run("a column mapped twice is refused", func(t *testing.T) {
		f.st.lastError = ""
		before := f.events()
		path := writeFile(t, "clock4.csv", "工号,打卡时间,打卡类型\nE01,2026-11-04 07:40,上班\n")
		m := importPunches(t, s, path)
		m.kindCol.SetSelectedIndex(0)
		s.submitMapping()
		f.st.wait()
		if !strings.Contains(f.st.lastError, "twice") || f.events() != before {
			t.Fatalf("error %q, %d new events", f.st.lastError, f.events()-before)
		}
	})
}

// Agents and HR have no imports; the service refuses HR's punches anyway.
func TestImportsHiddenFromHR(t *testing.T) {
	f := newFixture(t)
	f.signIn("hr")
	if f.st.show("imports") {
		t.Fatal("HR has an imports screen")
	}
	path := writeFile(t, "clock.csv", "工号,打卡时间,打卡类型\nE01,2026-11-02 07:40,上班\n")
	if _, err := reports.Import(context.Background(), f.svc, f.st.sess, reports.KindPunches, path, f.loc, reports.ImportOptions{}); err == nil {
		t.Fatal("HR imported punches")
	}
}

// Employees and a roster grid import without a mapping step: the roster
// as the reports screen's export wrote it comes back unchanged, a new
// employee is created, and a bad employee row rejects the whole file.
func TestImportEmployeesAndRosterRoundTrip(t *testing.T) {
	f := newFixture(t)
	f.signIn("manager")
	s := f.imports()
	ctx := context.Background()
	choose := func(kind, path string) {
		t.Helper()
		f.st.lastError = ""
		s.kind.SetSelectedIndex(selectIndex(s.kind.Options, importLabel(kind)))
		s.openFile(path)
		if s.mapping != nil {
			t.Fatalf("%s import asked for a column mapping", kind)
		}
		f.st.wait()
	}

	choose(reports.KindEmployees, writeFile(t, "emps.csv", "工号,姓名,班组\nE03,张敏,二组\n,无名,二组\n"))
	if s.problems == nil || len(s.problems.Problems) != 1 || s.problems.Problems[0].Row != 3 {
		t.Fatalf("bad employee file: problems %v, error %q", s.problems, f.st.lastError)
	}
	if _, err := f.svc.Employee(ctx, f.st.sess, "E03"); err == nil {
		t.Fatal("a rejected employee file created E03")
	}
	choose(reports.KindEmployees, writeFile(t, "emps.csv", "工号,姓名,班组\nE03,张敏,二组\n"))
	if s.problems != nil || f.st.lastError != "" {
		t.Fatalf("problems %v, error %q", s.problems, f.st.lastError)
	}
	if e, err := f.svc.Employee(ctx, f.st.sess, "E03"); err != nil || e.Name != "张敏" || e.Team != "二组" {
		t.Fatalf("E03: %+v, %v", e, err)
	}

	// Export the month's roster, clear one cell, import the export: the
	// cell is back.
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	out, err := os.Create(path)
	f.must(err)
	m := roster.MonthOf(f.day)
	f.must(reports.Export(ctx, f.svc, f.st.sess, reports.KindRoster, m.First(), m.Last(), "", "zh", out))
	f.must(out.Close())
	f.must(f.svc.ClearAssignment(ctx, f.st.sess, "E01", f.day, ""))
	choose(reports.KindRoster, path)
	if s.problems != nil || f.st.lastError != "" {
		t.Fatalf("roster import: problems %v, error %q", s.problems, f.st.lastError)
	}
	as, err := f.svc.Assignments(ctx, f.st.sess, f.day, f.day, "E01")
	f.must(err)
	if len(as) != 1 || as[0].Shift != "A" {
		t.Fatalf("E01 on %s after the import: %+v", f.day, as)
	}
}
