package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shiftguard/reports"
)

// The reports screen writes the chosen report to a file that excelize
// opens, with the fixture's employees in it; a bad period writes nothing.
func TestReportsExportWritesWorkbook(t *testing.T) {
	f := newFixture(t)
	f.signIn("hr")
	if !f.st.show("reports") {
		t.Fatal("HR has no reports screen")
	}
	s := f.st.screenFor("reports").(*reportsScreen)
	for _, c := range []struct {
		kind, lang string
		want       []string // texts that must be somewhere in the workbook
	}{
		{reports.KindRoster, "中文", []string{"王伟", "李娜", "E01"}},
		{reports.KindAttendance, "English", []string{"E02", "Attendance"}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f.st.lastError = ""
			s.kind.SetSelectedIndex(selectIndex(reports.ExportKinds, c.kind))
			s.lang.SetSelected(c.lang)
			setEntry(s.from, "2026-11-01")
			setEntry(s.to, "2026-11-30")
			path := filepath.Join(t.TempDir(), c.kind+".xlsx")
			w, err := os.Create(path)
			f.must(err)
			s.export(w, path)
			f.st.wait()
			if f.st.lastError != "" {
				t.Fatal(f.st.lastError)
			}
			if !strings.Contains(s.result.Text, path) {
				t.Errorf("result %q does not name the file", s.result.Text)
			}
			x, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatalf("excelize cannot open the export: %v", err)
			}
			defer x.Close()
			var all strings.Builder
			for _, sh := range x.GetSheetList() {
				rows, err := x.GetRows(sh)
				f.must(err)
				for _, r := range rows {
					all.WriteString(strings.Join(r, "\t") + "\n")
				}
			}
			for _, w := range c.want {
				if !strings.Contains(all.String(), w) {
					t.Errorf("%s export lacks %q", c.kind, w)
				}
			}
		})
	}
	t.Run("period ending before it starts", func(t *testing.T) {
		f.st.lastError = ""
		setEntry(s.from, "2026-11-30")
		setEntry(s.to, "2026-11-01")
		path := filepath.Join(t.TempDir(), "bad.xlsx")
		w, err := os.Create(path)
		f.must(err)
		s.export(w, path)
		f.st.wait()
		if !strings.Contains(f.st.lastError, "to") {
			t.Fatalf("error %q", f.st.lastError)
		}
		if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
			t.Fatalf("a failed export wrote %d bytes", fi.Size())
		}
	})
}
