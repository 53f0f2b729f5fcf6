package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiftguard/compliance"
	"shiftguard/roster"
	"shiftguard/store"
)

// complianceScreen (合规) lists judged violations with filters, shows the
// evidence behind one, lets a manager confirm or waive it with a reason,
// and re-evaluates a period in the background.
type complianceScreen struct {
	st *appState

	from, to *widget.Entry
	team     *widget.Select
	employee *widget.Entry
	rule     *widget.Select
	status   *widget.Select
	table    *textTable
	count    *widget.Label

	detailHead *widget.Label
	evidence   *widget.Label
	decision   *widget.Label
	standing   *widget.Label
	confirmBtn *widget.Button
	waiveBtn   *widget.Button
	traceBtn   *widget.Button
	trace      *traceDlg // the open trace dialog (tests)
	evalBtn    *widget.Button
	evalTask   *task

	records  []compliance.Record
	names    map[string]roster.Employee
	selected *compliance.Record
}

func newComplianceScreen(st *appState) *complianceScreen { return &complianceScreen{st: st} }

func statusLabel(s compliance.Status) string {
	switch s {
	case compliance.StatusOpen:
		return T("status.open")
	case compliance.StatusConfirmed:
		return T("status.confirmed")
	case compliance.StatusWaived:
		return T("status.waived")
	}
	return string(s)
}

var statusOrder = []compliance.Status{"", compliance.StatusOpen, compliance.StatusConfirmed, compliance.StatusWaived}

func (s *complianceScreen) buildUI() fyne.CanvasObject {
	today := s.st.today()
	s.from = widget.NewEntry()
	s.from.SetText(roster.MonthOf(today).First().String())
	s.to = widget.NewEntry()
	s.to.SetText(today.String())
	s.employee = widget.NewEntry()
	s.employee.SetPlaceHolder(T("filter.employee"))
	rules := []string{T("filter.all_rules")}
	for _, r := range compliance.Rules {
		rules = append(rules, r.Label(currentLang()))
	}
	s.rule = widget.NewSelect(rules, nil)
	s.rule.SetSelectedIndex(0)
	statuses := []string{T("filter.all_status")}
	for _, st := range statusOrder[1:] {
		statuses = append(statuses, statusLabel(st))
	}
	s.status = widget.NewSelect(statuses, nil)
	s.status.SetSelectedIndex(0)
	s.team = widget.NewSelect([]string{T("filter.all_teams")}, nil)
	s.team.SetSelectedIndex(0)
	apply := widget.NewButtonWithIcon(T("filter.apply"), theme.SearchIcon(), s.load)
	s.count = widget.NewLabel("")

	filters := []fyne.CanvasObject{widget.NewLabel(T("filter.from")), sized(s.from, 110), widget.NewLabel(T("filter.to")), sized(s.to, 110)}
	if !s.st.isAgent() {
		filters = append(filters, sized(s.team, 130), sized(s.employee, 120))
	}
	filters = append(filters, sized(s.rule, 150), sized(s.status, 130), apply)
	s.evalTask = newTask()
	s.evalBtn = widget.NewButtonWithIcon(T("compliance.evaluate"), theme.ViewRefreshIcon(), s.evaluate)
	bar := container.NewHBox(filters...)
	top := container.NewVBox(bar)
	if s.st.isManager() {
		top.Add(container.NewBorder(nil, nil, s.count, s.evalBtn, s.evalTask.box))
	} else {
		top.Add(s.count)
	}

	lang := currentLang()
	s.table = newTextTable(
		[]string{T("col.date"), T("col.employee"), T("col.name"), T("col.shift"), T("col.rule"), T("col.minutes"), T("col.points"), T("col.status")},
		[]float32{96, 70, 70, 50, 185, 50, 60, 80},
		func() int { return len(s.records) },
		func(r, c int) string {
			rec := &s.records[r]
			switch c {
			case 0:
				return rec.Date.String()
			case 1:
				return rec.Employee
			case 2:
				return s.names[rec.Employee].Name
			case 3:
				return rec.Shift
			case 4:
				return rec.Rule.Label(lang)
			case 5:
				return fmt.Sprint(rec.Minutes)
			case 6:
				return fmt.Sprint(rec.Points)
			case 7:
				return statusLabel(rec.Status)
			}
			return ""
		})
	s.table.OnRow = s.showRecord

	s.detailHead = widget.NewLabelWithStyle(T("compliance.pick"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.detailHead.Wrapping = fyne.TextWrapWord
	s.evidence = widget.NewLabel("")
	s.evidence.Wrapping = fyne.TextWrapWord
	s.decision = widget.NewLabel("")
	s.decision.Wrapping = fyne.TextWrapWord
	s.standing = widget.NewLabel("")
	s.standing.Wrapping = fyne.TextWrapWord
	s.confirmBtn = widget.NewButtonWithIcon(T("compliance.confirm"), theme.ConfirmIcon(), s.onConfirm)
	s.waiveBtn = widget.NewButtonWithIcon(T("compliance.waive"), theme.ContentUndoIcon(), s.onWaive)
	s.traceBtn = widget.NewButtonWithIcon(T("trace.button"), theme.SearchIcon(), s.onTrace)
	s.confirmBtn.Disable()
	s.waiveBtn.Disable()
	s.traceBtn.Disable()
	detail := container.NewVBox(s.detailHead, heading(T("compliance.evidence")), s.evidence, s.decision, s.standing)
	if s.st.isManager() {
		detail.Add(container.NewHBox(s.confirmBtn, s.waiveBtn, s.traceBtn))
	} else {
		detail.Add(container.NewHBox(s.traceBtn))
	}
	split := container.NewHSplit(s.table, container.NewVScroll(container.NewPadded(detail)))
	split.Offset = 0.62
	return container.NewBorder(top, nil, nil, nil, split)
}

// sized gives o a fixed width.
func sized(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
}

func (s *complianceScreen) refresh() {
	if s.names == nil {
		s.names = s.st.employeeIndex()
		opts := s.st.teamOptions()
		s.team.Options = opts
		s.team.SetSelectedIndex(0)
	}
	s.load()
}

// filter reads the filter widgets.
func (s *complianceScreen) filter() (store.ViolationFilter, error) {
	var f store.ViolationFilter
	var err error
	if f.From, err = parseDateEntry("from", s.from.Text); err != nil {
		return f, err
	}
	if f.To, err = parseDateEntry("to", s.to.Text); err != nil {
		return f, err
	}
	f.Team = teamOf(s.team)
	f.Employee = strings.TrimSpace(s.employee.Text)
	if i := s.rule.SelectedIndex(); i > 0 {
		f.Rule = compliance.Rules[i-1]
	}
	if i := s.status.SelectedIndex(); i > 0 {
		f.Status = statusOrder[i]
	}
	return f, nil
}

// load lists the violations of the filter.
func (s *complianceScreen) load() {
	f, err := s.filter()
	if err != nil {
		s.st.showError(err)
		return
	}
	recs, err := s.st.svc.Violations(s.st.ctx, s.st.sess, f)
	if err != nil {
		s.st.showError(err)
		return
	}
	s.records = recs
	points := 0
	for i := range recs {
		if recs[i].Counts() {
			points += recs[i].Points
		}
	}
	s.count.SetText(Tf("compliance.count", len(recs), points))
	s.table.reload()
	if s.selected != nil {
		for i := range s.records {
			if s.records[i].ID == s.selected.ID {
				s.showRecord(i)
				return
			}
		}
	}
	s.clearDetail()
}

func (s *complianceScreen) clearDetail() {
	s.selected = nil
	s.detailHead.SetText(T("compliance.pick"))
	s.evidence.SetText("")
	s.decision.SetText("")
	s.standing.SetText("")
	s.confirmBtn.Disable()
	s.waiveBtn.Disable()
	s.traceBtn.Disable()
}

// showRecord shows record i with its evidence, decision and the
// employee's standing.
func (s *complianceScreen) showRecord(i int) {
	if i < 0 || i >= len(s.records) {
		return
	}
	r := s.records[i]
	s.selected = &r
	lang := currentLang()
	s.detailHead.SetText(Tf("compliance.head", r.Rule.Label(lang), r.Employee, s.names[r.Employee].Name, r.Date.String(), r.Shift, r.Points))
	var ev strings.Builder
	for _, e := range r.Evidence {
		text := e.EN
		if lang == LangZH && e.ZH != "" {
			text = e.ZH
		}
		if e.At != "" {
			fmt.Fprintf(&ev, "• %s  %s\n", e.At, text)
		} else {
			fmt.Fprintf(&ev, "• %s\n", text)
		}
	}
	if ev.Len() == 0 {
		ev.WriteString(T("compliance.no_evidence"))
	}
	s.evidence.SetText(ev.String())
	dec := Tf("compliance.status_line", statusLabel(r.Status))
	if r.DecidedBy != "" {
		dec += " · " + Tf("compliance.decided", r.DecidedBy, s.st.fmtDateTime(r.DecidedAt))
	}
	if r.Reason != "" {
		dec += "\n" + Tf("compliance.reason", r.Reason)
	}
	if r.Superseded {
		dec += "\n" + T("compliance.superseded")
	}
	s.decision.SetText(dec)
	s.showStanding(r.Employee)
	open := !r.Superseded
	setEnabled(s.confirmBtn, open && r.Status != compliance.StatusConfirmed)
	setEnabled(s.waiveBtn, open && r.Status != compliance.StatusWaived)
	s.traceBtn.Enable()
}

// onTrace opens the trace (追溯) of the selected violation.
func (s *complianceScreen) onTrace() {
	if s.selected == nil {
		return
	}
	d, err := s.st.showTrace(s.selected.ID)
	if err != nil {
		s.st.showError(err)
		return
	}
	s.trace = d
}

// showStanding shows the employee's 90-day standing and ladder level.
func (s *complianceScreen) showStanding(emp string) {
	sts, err := s.st.svc.Standings(s.st.ctx, s.st.sess, s.st.today())
	if err != nil {
		s.standing.SetText(errText(err))
		return
	}
	for _, x := range sts {
		if x.Employee == emp {
			s.standing.SetText(Tf("compliance.standing", x.Points, x.Level.Label(currentLang())))
			return
		}
	}
	s.standing.SetText(Tf("compliance.standing", 0, compliance.LevelNone.Label(currentLang())))
}

func (s *complianceScreen) onConfirm() {
	if s.selected == nil {
		return
	}
	id := s.selected.ID
	s.st.askText(T("compliance.confirm"), T("compliance.confirm_reason"), false, func(reason string) {
		if err := s.st.svc.ConfirmViolation(s.st.ctx, s.st.sess, id, reason); err != nil {
			s.st.showError(err)
			return
		}
		s.load()
	})
}

func (s *complianceScreen) onWaive() {
	if s.selected == nil {
		return
	}
	id := s.selected.ID
	s.st.askText(T("compliance.waive"), T("compliance.waive_reason"), true, func(reason string) {
		if err := s.st.svc.WaiveViolation(s.st.ctx, s.st.sess, id, reason); err != nil {
			s.st.showError(err)
			return
		}
		s.load()
	})
}

// evaluate judges the filter's period again, off the UI goroutine.
func (s *complianceScreen) evaluate() {
	f, err := s.filter()
	if err != nil {
		s.st.showError(err)
		return
	}
	svc, sess := s.st.svc, s.st.sess
	var sum *store.EvalSummary
	s.evalBtn.Disable()
	s.st.run(s.evalTask, Tf("compliance.evaluating", f.From.String(), f.To.String()),
		func(ctx context.Context, progress func(int, int)) error {
			var err error
			sum, err = svc.Evaluate(ctx, sess, f.From, f.To, store.Progress(progress))
			return err
		}, func(err error) {
			s.evalBtn.Enable()
			if err != nil {
				s.st.showError(err)
				return
			}
			s.count.SetText(Tf("compliance.evaluated", sum.Instances, sum.Violations, sum.New, sum.ProposedActions))
			s.load()
			s.count.SetText(s.count.Text + " · " + Tf("compliance.evaluated", sum.Instances, sum.Violations, sum.New, sum.ProposedActions))
		})
}
