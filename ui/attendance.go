package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiftguard/roster"
	"shiftguard/store"
)

// attendanceScreen (考勤记录) is the managers' view of the punches of a
// period: every punch with where it came from and who recorded it, the
// corrections beside the punches they superseded (nothing is erased), and
// the off-post approvals (离岗审批). A manager corrects or voids a punch,
// adds a forgotten one, and approves or cancels time off post, always with a
// reason that goes into the audit log.
type attendanceScreen struct {
	st *appState

	from, to *widget.Entry
	employee *widget.Entry
	count    *widget.Label

	events    []roster.Event
	by        map[int64]int64 // event ID -> the correction that superseded it
	evTable   *textTable
	evSel     int
	correctBt *widget.Button
	voidBt    *widget.Button
	addBt     *widget.Button

	leaves    []roster.PostLeave
	plTable   *textTable
	plSel     int
	approveBt *widget.Button
	cancelBt  *widget.Button

	names map[string]roster.Employee

	// The open form's fields (tests fill them in, then submit st.form).
	formEmployee *widget.Entry
	formKind     *widget.Select
	formAt       *widget.Entry // a punch's time, or an interval's start
	formTo       *widget.Entry // an interval's end
	formReason   *widget.Entry
}

func newAttendanceScreen(st *appState) *attendanceScreen {
	return &attendanceScreen{st: st, evSel: -1, plSel: -1}
}

// punchKinds are the kinds offered when entering a punch, in desk order.
var punchKinds = []roster.EventKind{roster.ClockIn, roster.BreakStart, roster.BreakEnd, roster.LeavePost, roster.ReturnPost, roster.ClockOut}

func (s *attendanceScreen) buildUI() fyne.CanvasObject {
	today := s.st.today()
	s.from = widget.NewEntry()
	s.from.SetText(today.AddDays(-6).String())
	s.to = widget.NewEntry()
	s.to.SetText(today.String())
	s.employee = widget.NewEntry()
	s.employee.SetPlaceHolder(T("filter.employee"))
	s.count = widget.NewLabel("")
	apply := widget.NewButtonWithIcon(T("filter.apply"), theme.SearchIcon(), s.load)
	top := container.NewVBox(container.NewHBox(widget.NewLabel(T("filter.from")), sized(s.from, 110),
		widget.NewLabel(T("filter.to")), sized(s.to, 110), sized(s.employee, 120), apply), s.count)

	s.evTable = newTextTable(
		[]string{T("col.time"), T("col.employee"), T("col.name"), T("col.kind"), T("col.source"), T("col.recorded_by"), T("col.correction"), T("col.reason")},
		[]float32{150, 60, 70, 90, 90, 90, 220, 260},
		func() int { return len(s.events) },
		func(r, c int) string {
			e := s.events[r]
			switch c {
			case 0:
				return s.st.inLoc(e.At).Format("2006-01-02 15:04:05")
			case 1:
				return e.Employee
			case 2:
				return s.names[e.Employee].Name
			case 3:
				return eventLabel(e.Kind)
			case 4:
				return sourceLabel(e.Source)
			case 5:
				return e.RecordedBy
			case 6:
				return correctionMark(e, s.by)
			case 7:
				return e.Reason
			}
			return ""
		})
	s.evTable.OnRow = func(r int) {
		s.evSel = r
		s.enablePunchButtons()
	}
	s.correctBt = widget.NewButtonWithIcon(T("attendance.correct"), theme.DocumentCreateIcon(), s.onCorrect)
	s.voidBt = widget.NewButtonWithIcon(T("attendance.void"), theme.DeleteIcon(), s.onVoid)
	s.addBt = widget.NewButtonWithIcon(T("attendance.add"), theme.ContentAddIcon(), s.onAdd)
	punches := container.NewBorder(container.NewHBox(s.addBt, s.correctBt, s.voidBt), nil, nil, nil, s.evTable)

	s.plTable = newTextTable(
		[]string{T("col.employee"), T("col.name"), T("col.start"), T("col.end"), T("col.reason"), T("col.approved_by")},
		[]float32{60, 70, 140, 140, 300, 100},
		func() int { return len(s.leaves) },
		func(r, c int) string {
			p := s.leaves[r]
			switch c {
			case 0:
				return p.Employee
			case 1:
				return s.names[p.Employee].Name
			case 2:
				return s.st.fmtDateTime(p.From)
			case 3:
				return s.st.fmtDateTime(p.To)
			case 4:
				return p.Reason
			case 5:
				return p.ApprovedBy
			}
			return ""
		})
	s.plTable.OnRow = func(r int) {
		s.plSel = r
		s.cancelBt.Enable()
	}
	s.approveBt = widget.NewButtonWithIcon(T("attendance.approve_leave"), theme.ConfirmIcon(), s.onApprove)
	s.cancelBt = widget.NewButtonWithIcon(T("attendance.cancel_leave"), theme.CancelIcon(), s.onCancelLeave)
	leaves := container.NewBorder(container.NewHBox(s.approveBt, s.cancelBt), nil, nil, nil, s.plTable)

	tabs := container.NewAppTabs(
		container.NewTabItemWithIcon(T("attendance.punches"), theme.HistoryIcon(), punches),
		container.NewTabItemWithIcon(T("attendance.post_leaves"), theme.LogoutIcon(), leaves))
	s.clearSelection()
	return container.NewBorder(top, nil, nil, nil, tabs)
}

func (s *attendanceScreen) refresh() {
	if s.names == nil {
		s.names = s.st.employeeIndex()
	}
	s.load()
}

func (s *attendanceScreen) clearSelection() {
	s.evSel, s.plSel = -1, -1
	s.enablePunchButtons()
	s.cancelBt.Disable()
}

// enablePunchButtons allows correcting or voiding a punch that is still in
// force (not superseded, not itself a voiding).
func (s *attendanceScreen) enablePunchButtons() {
	ok := s.evSel >= 0 && s.evSel < len(s.events)
	if ok {
		e := s.events[s.evSel]
		_, superseded := s.by[e.ID]
		ok = !superseded && !e.Void
	}
	setEnabled(s.correctBt, ok)
	setEnabled(s.voidBt, ok)
}

// period reads the filter: the instants from the start of the first day to
// the end of the last, and the employee.
func (s *attendanceScreen) period() (from, to roster.Date, emp string, err error) {
	if from, err = parseDateEntry("from", s.from.Text); err != nil {
		return
	}
	if to, err = parseDateEntry("to", s.to.Text); err != nil {
		return
	}
	if to.Before(from) {
		err = roster.FieldErrorf("to", "the end date %s is before the start date %s", to, from)
		return
	}
	return from, to, strings.TrimSpace(s.employee.Text), nil
}

func (s *attendanceScreen) location() *time.Location {
	if s.st.loc != nil {
		return s.st.loc
	}
	return time.Local
}

// load lists the punches (superseded ones included) and the off-post
// approvals of the filter.
func (s *attendanceScreen) load() {
	from, to, emp, err := s.period()
	if err != nil {
		s.st.showError(err)
		return
	}
	loc := s.location()
	evs, err := s.st.svc.Events(s.st.ctx, s.st.sess, store.EventFilter{Employee: emp, From: from.In(loc), To: to.AddDays(1).In(loc), IncludeSuperseded: true})
	if err != nil {
		s.st.showError(err)
		return
	}
	pls, err := s.st.svc.PostLeaves(s.st.ctx, s.st.sess, store.LeaveFilter{From: from, To: to, Employee: emp})
	if err != nil {
		s.st.showError(err)
		return
	}
	s.events, s.by, s.leaves = evs, supersededBy(evs), pls
	s.count.SetText(Tf("attendance.count", len(evs), len(s.by), len(pls)))
	s.evTable.reload()
	s.plTable.reload()
	s.clearSelection()
}

// parseDateTimeEntry reads "YYYY-MM-DD HH:MM[:SS]" in the center's zone,
// naming field in the error.
func (s *attendanceScreen) parseDateTimeEntry(field, text string) (time.Time, error) {
	text = strings.TrimSpace(text)
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, text, s.location()); err == nil {
			return t, nil
		}
	}
	return time.Time{}, roster.FieldErrorf(field, "%q is not a date and time like 2026-11-02 08:05", text)
}

func (s *attendanceScreen) kindSelect(k roster.EventKind) *widget.Select {
	var opts []string
	for _, x := range punchKinds {
		opts = append(opts, eventLabel(x))
	}
	sel := widget.NewSelect(opts, nil)
	sel.SetSelected(eventLabel(k))
	return sel
}

func (s *attendanceScreen) selectedKind() (roster.EventKind, error) {
	i := s.formKind.SelectedIndex()
	if i < 0 || i >= len(punchKinds) {
		return "", roster.FieldErrorf("kind", "choose the kind of punch")
	}
	return punchKinds[i], nil
}

func (s *attendanceScreen) reasonEntry() *widget.Entry {
	e := widget.NewMultiLineEntry()
	e.SetMinRowsVisible(2)
	e.Wrapping = fyne.TextWrapWord
	e.SetPlaceHolder(T("attendance.reason_hint"))
	return e
}

// onCorrect replaces the selected punch by a new kind and time.
func (s *attendanceScreen) onCorrect() {
	if s.evSel < 0 || s.evSel >= len(s.events) {
		return
	}
	old := s.events[s.evSel]
	s.formKind = s.kindSelect(old.Kind)
	s.formAt = widget.NewEntry()
	s.formAt.SetText(s.st.inLoc(old.At).Format("2006-01-02 15:04:05"))
	s.formReason = s.reasonEntry()
	items := []*widget.FormItem{
		widget.NewFormItem(T("col.employee"), widget.NewLabel(old.Employee+" "+s.names[old.Employee].Name)),
		widget.NewFormItem(T("col.kind"), s.formKind),
		widget.NewFormItem(T("col.time"), s.formAt),
		widget.NewFormItem(T("col.reason"), s.formReason),
	}
	s.st.formDialog(T("attendance.correct"), items, func() error {
		kind, err := s.selectedKind()
		if err != nil {
			return err
		}
		at, err := s.parseDateTimeEntry("time", s.formAt.Text)
		if err != nil {
			return err
		}
		if _, err := s.st.svc.CorrectEvent(s.st.ctx, s.st.sess, old.ID, kind, at, false, s.formReason.Text); err != nil {
			return err
		}
		s.load()
		return nil
	})
}

// onVoid cancels the selected punch with a reason.
func (s *attendanceScreen) onVoid() {
	if s.evSel < 0 || s.evSel >= len(s.events) {
		return
	}
	old := s.events[s.evSel]
	s.st.askText(T("attendance.void"), Tf("attendance.void_reason", eventLabel(old.Kind), old.Employee, s.st.fmtDateTime(old.At)), true, func(reason string) {
		if _, err := s.st.svc.CorrectEvent(s.st.ctx, s.st.sess, old.ID, old.Kind, old.At, true, reason); err != nil {
			s.st.showError(err)
			return
		}
		s.load()
	})
}

// onAdd enters a forgotten punch for an employee.
func (s *attendanceScreen) onAdd() {
	s.formEmployee = widget.NewEntry()
	s.formEmployee.SetText(strings.TrimSpace(s.employee.Text))
	s.formKind = s.kindSelect(roster.ClockIn)
	s.formAt = widget.NewEntry()
	s.formAt.SetPlaceHolder("2026-11-02 08:00")
	s.formReason = s.reasonEntry()
	items := []*widget.FormItem{
		widget.NewFormItem(T("col.employee"), s.formEmployee),
		widget.NewFormItem(T("col.kind"), s.formKind),
		widget.NewFormItem(T("col.time"), s.formAt),
		widget.NewFormItem(T("col.reason"), s.formReason),
	}
	s.st.formDialog(T("attendance.add"), items, func() error {
		kind, err := s.selectedKind()
		if err != nil {
			return err
		}
		at, err := s.parseDateTimeEntry("time", s.formAt.Text)
		if err != nil {
			return err
		}
		if _, err := s.st.svc.RecordEvent(s.st.ctx, s.st.sess, strings.TrimSpace(s.formEmployee.Text), kind, at, s.formReason.Text); err != nil {
			return err
		}
		s.load()
		return nil
	})
}

// onApprove records an approved off-post interval.
func (s *attendanceScreen) onApprove() {
	s.formEmployee = widget.NewEntry()
	s.formEmployee.SetText(strings.TrimSpace(s.employee.Text))
	s.formAt = widget.NewEntry()
	s.formAt.SetPlaceHolder("2026-11-02 10:00")
	s.formTo = widget.NewEntry()
	s.formTo.SetPlaceHolder("2026-11-02 10:30")
	s.formReason = s.reasonEntry()
	items := []*widget.FormItem{
		widget.NewFormItem(T("col.employee"), s.formEmployee),
		widget.NewFormItem(T("col.start"), s.formAt),
		widget.NewFormItem(T("col.end"), s.formTo),
		widget.NewFormItem(T("col.reason"), s.formReason),
	}
	s.st.formDialog(T("attendance.approve_leave"), items, func() error {
		from, err := s.parseDateTimeEntry("from", s.formAt.Text)
		if err != nil {
			return err
		}
		to, err := s.parseDateTimeEntry("to", s.formTo.Text)
		if err != nil {
			return err
		}
		p := &roster.PostLeave{Employee: strings.TrimSpace(s.formEmployee.Text), From: from, To: to, Reason: strings.TrimSpace(s.formReason.Text)}
		if p.Reason == "" {
			return roster.FieldErrorf("reason", "an off-post approval needs a reason")
		}
		if err := s.st.svc.ApprovePostLeave(s.st.ctx, s.st.sess, p); err != nil {
			return err
		}
		s.load()
		return nil
	})
}

// onCancelLeave removes the selected off-post approval with a reason.
func (s *attendanceScreen) onCancelLeave() {
	if s.plSel < 0 || s.plSel >= len(s.leaves) {
		return
	}
	p := s.leaves[s.plSel]
	s.st.askText(T("attendance.cancel_leave"), Tf("attendance.cancel_leave_reason", p.Employee, s.st.fmtDateTime(p.From), s.st.fmtDateTime(p.To)), true, func(reason string) {
		if err := s.st.svc.CancelPostLeave(s.st.ctx, s.st.sess, p.ID, reason); err != nil {
			s.st.showError(err)
			return
		}
		s.load()
	})
}
