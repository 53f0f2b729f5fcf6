package ui

import (
	"context"
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiftguard/reports"
	"shiftguard/roster"
)

// reportsScreen (报表) chooses a report, a period, a team and a language
// and saves the workbook through the native file dialog; the export runs
// in the background with a cancel button.
type reportsScreen struct {
	st     *appState
	kind   *widget.Select
	from   *widget.Entry
	to     *widget.Entry
	team   *widget.Select
	lang   *widget.Select
	save   *widget.Button
	result *widget.Label
	task   *task
	loaded bool
}

func newReportsScreen(st *appState) *reportsScreen { return &reportsScreen{st: st} }

// reportLabel names an export kind.
func reportLabel(kind string) string {
	switch kind {
	case reports.KindRoster:
		return T("report.roster")
	case reports.KindAttendance:
		return T("report.attendance")
	case reports.KindAttendanceDetail:
		return T("report.attendance_detail")
	case reports.KindViolations:
		return T("report.violations")
	case reports.KindDiscipline:
		return T("report.discipline")
	case reports.KindHandovers:
		return T("report.handovers")
	}
	return kind
}

func (s *reportsScreen) buildUI() fyne.CanvasObject {
	var kinds []string
	for _, k := range reports.ExportKinds {
		kinds = append(kinds, reportLabel(k))
	}
	s.kind = widget.NewSelect(kinds, nil)
	s.kind.SetSelectedIndex(0)
	m := roster.MonthOf(s.st.today())
	s.from, s.to = widget.NewEntry(), widget.NewEntry()
	s.from.SetText(m.First().String())
	s.to.SetText(m.Last().String())
	s.team = widget.NewSelect([]string{T("filter.all_teams")}, nil)
	s.team.SetSelectedIndex(0)
	s.lang = widget.NewSelect([]string{"中文", "English"}, nil)
	if currentLang() == LangEN {
		s.lang.SetSelectedIndex(1)
	} else {
		s.lang.SetSelectedIndex(0)
	}
	s.save = widget.NewButtonWithIcon(T("report.save"), theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.result = widget.NewLabel("")
	s.result.Wrapping = fyne.TextWrapWord
	s.task = newTask()
	help := widget.NewLabel(T("report.help"))
	help.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(T("report.kind"), s.kind),
		&widget.FormItem{Text: T("filter.from"), Widget: s.from, HintText: "YYYY-MM-DD"},
		&widget.FormItem{Text: T("filter.to"), Widget: s.to, HintText: T("report.roster_hint")},
		widget.NewFormItem(T("col.team"), s.team),
		widget.NewFormItem(T("report.lang"), s.lang),
	)
	card := widget.NewCard(T("nav.reports"), T("report.subtitle"), container.NewVBox(form, s.save, s.task.box, s.result, help))
	return container.NewVScroll(container.NewCenter(container.NewGridWrap(fyne.NewSize(560, card.MinSize().Height), card)))
}

func (s *reportsScreen) refresh() {
	if !s.loaded {
		s.loaded = true
		s.team.Options = s.st.teamOptions()
		s.team.SetSelectedIndex(0)
	}
}

// request reads the form.
func (s *reportsScreen) request() (kind string, from, to roster.Date, team, lang string, err error) {
	kind = reports.ExportKinds[max(0, s.kind.SelectedIndex())]
	if from, err = parseDateEntry("from", s.from.Text); err != nil {
		return
	}
	if to, err = parseDateEntry("to", s.to.Text); err != nil {
		return
	}
	lang = LangZH
	if s.lang.SelectedIndex() == 1 {
		lang = LangEN
	}
	return kind, from, to, teamOf(s.team), lang, nil
}

// onSave asks where to save, then exports.
func (s *reportsScreen) onSave() {
	kind, from, to, _, _, err := s.request()
	if err != nil {
		s.st.showError(err)
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			s.st.showError(err)
			return
		}
		if w == nil {
			return // cancelled
		}
		s.export(w, w.URI().Path())
	}, s.st.win)
	d.SetFileName(fmt.Sprintf("%s-%s-%s.xlsx", kind, from, to))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// export writes the report to w in the background and closes it.
func (s *reportsScreen) export(w io.WriteCloser, name string) {
	kind, from, to, team, lang, err := s.request()
	if err != nil {
		w.Close()
		s.st.showError(err)
		return
	}
	svc, sess := s.st.svc, s.st.sess
	s.save.Disable()
	s.result.SetText("")
	s.st.run(s.task, Tf("report.exporting", reportLabel(kind)), func(ctx context.Context, progress func(int, int)) error {
		progress(1, 10)
		err := reports.Export(ctx, svc, sess, kind, from, to, team, lang, w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		progress(10, 10)
		return err
	}, func(err error) {
		s.save.Enable()
		if err != nil {
			s.st.showError(err)
			return
		}
		s.result.SetText(Tf("report.saved", name))
	})
}
