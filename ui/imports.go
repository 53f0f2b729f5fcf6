// Screen owned by UI engineer 2.

package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"shiftguard/reports"
)

// importsScreen (数据导入) reads employees, a roster grid or a time clock's
// punches from an .xlsx or CSV file. Punch files get a column-mapping step
// first: the file's first rows are shown and the user picks which column
// holds the employee number, the time and the kind, prefilled from the
// header. Every import is all or nothing; a rejected file shows its
// problems (sheet, row, column, why) in a scrollable list.
type importsScreen struct {
	st     *appState
	kind   *widget.Select
	reason *widget.Entry
	choose *widget.Button
	result *widget.Label
	busy   *task

	// mapping is the open column-mapping step, nil when none (tests).
	mapping *punchMappingStep
	// problems is the problem list of the last rejected file (tests).
	problems *reports.ImportError
}

func newImportsScreen(st *appState) *importsScreen { return &importsScreen{st: st} }

// importLabel is the translated name of an import kind.
func importLabel(kind string) string {
	switch kind {
	case reports.KindEmployees:
		return T("import.employees")
	case reports.KindRoster:
		return T("import.roster")
	case reports.KindPunches:
		return T("import.punches")
	}
	return kind
}

func (s *importsScreen) buildUI() fyne.CanvasObject {
	var names []string
	for _, k := range reports.ImportKinds {
		names = append(names, importLabel(k))
	}
	s.kind = widget.NewSelect(names, nil)
	s.kind.SetSelectedIndex(0)
	s.reason = widget.NewEntry()
	s.reason.SetPlaceHolder(T("import.reason_hint"))
	s.choose = widget.NewButtonWithIcon(T("import.choose"), theme.FolderOpenIcon(), s.onChoose)
	s.choose.Importance = widget.HighImportance
	s.result = widget.NewLabel("")
	s.result.Wrapping = fyne.TextWrapWord
	s.busy = newBusyTask()
	help := widget.NewLabel(T("import.help"))
	help.Wrapping = fyne.TextWrapWord
	form := &widget.Form{Items: []*widget.FormItem{
		{Text: T("import.kind"), Widget: s.kind},
		{Text: T("col.reason"), Widget: s.reason, HintText: T("import.reason_help")},
	}}
	card := widget.NewCard(T("nav.imports"), T("import.title"), container.NewVBox(form, s.choose, s.busy.box, s.result, help))
	return container.NewVScroll(container.NewCenter(container.NewGridWrap(fyne.NewSize(560, 560), card)))
}

// newBusyTask is a task whose bar runs without a known total.
func newBusyTask() *task {
	t := newTask()
	t.bar.Hide()
	t.box.Add(widget.NewProgressBarInfinite())
	return t
}

func (s *importsScreen) refresh() {}

// selectedKind is the chosen import kind.
func (s *importsScreen) selectedKind() string {
	if i := s.kind.SelectedIndex(); i >= 0 {
		return reports.ImportKinds[i]
	}
	return reports.ImportKinds[0]
}

// onChoose opens the file dialog.
func (s *importsScreen) onChoose() {
	d := dialog.NewFileOpen(pickedPath[fyne.URIReadCloser](s.st, s.openFile), s.st.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".csv"}))
	d.Show()
}

// openFile starts the import of path: punches go through the mapping step
// first, the other kinds are imported at once.
func (s *importsScreen) openFile(path string) {
	if s.selectedKind() == reports.KindPunches {
		s.showMapping(path)
		return
	}
	s.importFile(path, nil)
}

// previewRows is how many rows of a punch file the mapping step reads
// (title rows, the header and a few punches).
const previewRows = 16

// punchMappingStep is the open column-mapping dialog.
type punchMappingStep struct {
	path                    string
	rows                    [][]string
	header                  *widget.Select // which row is the header
	employee, time, kindCol *widget.Select
	date                    *widget.Select // "(none)" or a column
	dlg                     dialog.Dialog
}

// colLabel names column i (0-based) by its letter and header text.
func colLabel(i int, header []string) string {
	name, _ := excelize.ColumnNumberToName(i + 1)
	if i < len(header) && strings.TrimSpace(header[i]) != "" {
		return name + " · " + strings.TrimSpace(header[i])
	}
	return name
}

// showMapping reads the first rows of path and asks which columns hold
// what, prefilled by reports.DetectPunchHeader.
func (s *importsScreen) showMapping(path string) {
	f, err := os.Open(path)
	if err != nil {
		s.st.showError(fmt.Errorf("%s: %w", path, err))
		return
	}
	rows, err := reports.ReadRows(path, f, previewRows)
	f.Close()
	if err != nil {
		s.showImportError(err)
		return
	}
	guess, gerr := reports.DetectPunchHeader(rows)
	if gerr != nil {
		guess = reports.PunchMapping{Header: true, EmployeeCol: 0, TimeCol: 1, KindCol: 2}
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	m := &punchMappingStep{path: path, rows: rows}
	var rowOpts []string
	for i := range rows {
		rowOpts = append(rowOpts, Tf("import.row_n", i+1))
	}
	headerRow := func() []string {
		if i := m.header.SelectedIndex(); i >= 0 && i < len(rows) {
			return rows[i]
		}
		return nil
	}
	cols := func(withNone bool) []string {
		var out []string
		if withNone {
			out = append(out, T("import.no_date_col"))
		}
		for i := 0; i < width; i++ {
			out = append(out, colLabel(i, headerRow()))
		}
		return out
	}
	m.header = widget.NewSelect(rowOpts, nil)
	m.employee, m.time, m.kindCol = widget.NewSelect(nil, nil), widget.NewSelect(nil, nil), widget.NewSelect(nil, nil)
	m.date = widget.NewSelect(nil, nil)
	relabel := func() {
		for _, sel := range []*widget.Select{m.employee, m.time, m.kindCol} {
			i := sel.SelectedIndex()
			sel.SetOptions(cols(false))
			if i >= 0 {
				sel.SetSelectedIndex(i)
			}
		}
		i := m.date.SelectedIndex()
		m.date.SetOptions(cols(true))
		m.date.SetSelectedIndex(max(i, 0))
	}
	m.header.OnChanged = func(string) { relabel() }
	m.header.SetSelectedIndex(min(guess.SkipRows, len(rows)-1))
	m.employee.SetSelectedIndex(guess.EmployeeCol)
	m.time.SetSelectedIndex(guess.TimeCol)
	m.kindCol.SetSelectedIndex(guess.KindCol)
	if guess.HasDateCol {
		m.date.SetSelectedIndex(guess.DateCol + 1)
	}

	preview := widget.NewTableWithHeaders(
		func() (int, int) { return len(rows), width },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			txt := ""
			if id.Row < len(rows) && id.Col < len(rows[id.Row]) {
				txt = rows[id.Row][id.Col]
			}
			o.(*widget.Label).SetText(txt)
		})
	preview.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		switch {
		case id.Row < 0 && id.Col >= 0:
			name, _ := excelize.ColumnNumberToName(id.Col + 1)
			l.SetText(name)
		case id.Col < 0 && id.Row >= 0:
			l.SetText(strconv.Itoa(id.Row + 1))
		}
	}
	for i := 0; i < width; i++ {
		preview.SetColumnWidth(i, 130)
	}
	note := widget.NewLabel(T("import.mapping_help"))
	note.Wrapping = fyne.TextWrapWord
	if gerr != nil {
		note.SetText(T("import.mapping_guess_failed") + "\n" + errText(gerr))
	}
	form := &widget.Form{Items: []*widget.FormItem{
		{Text: T("import.header_row"), Widget: m.header},
		{Text: T("import.col_employee"), Widget: m.employee},
		{Text: T("import.col_time"), Widget: m.time},
		{Text: T("import.col_kind"), Widget: m.kindCol},
		{Text: T("import.col_date"), Widget: m.date},
	}}
	content := container.NewBorder(container.NewVBox(note, form), nil, nil, nil, preview)
	d := dialog.NewCustomConfirm(Tf("import.mapping_title", filepath.Base(path)), T("import.run"), T("cancel"),
		container.NewGridWrap(fyne.NewSize(820, 520), content), func(ok bool) {
			s.mapping = nil
			if ok {
				s.importFile(path, m.result())
			}
		}, s.st.win)
	m.dlg = d
	s.mapping = m
	d.Show()
}

// result is the mapping the user chose.
func (m *punchMappingStep) result() *reports.PunchMapping {
	pm := &reports.PunchMapping{
		SkipRows:    max(m.header.SelectedIndex(), 0),
		Header:      true,
		EmployeeCol: m.employee.SelectedIndex(),
		TimeCol:     m.time.SelectedIndex(),
		KindCol:     m.kindCol.SelectedIndex(),
	}
	if i := m.date.SelectedIndex(); i > 0 {
		pm.HasDateCol, pm.DateCol = true, i-1
	}
	return pm
}

// submit closes the mapping step and imports, as its button does (tests).
func (s *importsScreen) submitMapping() {
	m := s.mapping
	if m == nil {
		return
	}
	m.dlg.Hide()
	s.mapping = nil
	s.importFile(m.path, m.result())
}

// importFile imports path in the background, all or nothing.
func (s *importsScreen) importFile(path string, mapping *reports.PunchMapping) {
	kind := s.selectedKind()
	opt := reports.ImportOptions{Mapping: mapping, Reason: strings.TrimSpace(s.reason.Text)}
	if mapping != nil {
		if err := mapping.Validate(); err != nil {
			s.st.showError(err)
			return
		}
	}
	var n int
	s.problems = nil
	s.result.SetText("")
	s.st.run(s.busy, Tf("import.running", filepath.Base(path)), func(ctx context.Context, _ func(int, int)) error {
		var err error
		n, err = reports.Import(ctx, s.st.svc, s.st.sess, kind, path, s.st.loc, opt)
		return err
	}, func(err error) {
		if err != nil {
			s.result.SetText(T("import.nothing_written"))
			s.showImportError(err)
			return
		}
		s.result.SetText(Tf("import.done", n, importLabel(kind), filepath.Base(path)))
	})
}

// showImportError shows an ImportError's problems in a scrollable table,
// any other error as usual.
func (s *importsScreen) showImportError(err error) {
	var ie *reports.ImportError
	if !errors.As(err, &ie) {
		s.st.showError(err)
		return
	}
	s.problems = ie
	s.st.lastError = ie.Error()
	ps := ie.Problems
	t := newTextTable([]string{T("import.sheet"), T("import.row"), T("import.col"), T("import.why")},
		[]float32{110, 60, 60, 560},
		func() int { return len(ps) },
		func(r, c int) string {
			p := ps[r]
			switch c {
			case 0:
				return p.Sheet
			case 1:
				if p.Row == 0 {
					return "—"
				}
				return strconv.Itoa(p.Row)
			case 2:
				if p.Col == 0 {
					return "—"
				}
				name, _ := excelize.ColumnNumberToName(p.Col)
				return name
			}
			return p.Why
		})
	total := ie.Total
	if total < len(ps) {
		total = len(ps)
	}
	head := widget.NewLabel(Tf("import.problems_all", total))
	if total > len(ps) {
		head.SetText(Tf("import.problems", total, len(ps)))
	}
	head.Wrapping = fyne.TextWrapWord
	dialog.NewCustom(T("import.rejected"), T("ok"),
		container.NewGridWrap(fyne.NewSize(860, 460), container.NewBorder(head, nil, nil, nil, t)), s.st.win).Show()
}
