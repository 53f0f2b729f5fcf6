package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiftguard/roster"
	"shiftguard/store"
)

// scheduleScreen is an agent's view of their own month (我的排班): one line
// per day with a shift or a leave, the month's totals, the agent's shift
// preferences for the month (我的排班意愿, which they add and withdraw) and
// their swap requests. It works only through calls an agent may make:
// Assignments filtered to the agent's own code, ShiftTypes, Leaves (own),
// Preferences (own), AddPreference, WithdrawPreference and SwapRequests
// (own).
type scheduleScreen struct {
	st    *appState
	month roster.Month

	monthLbl *widget.Label
	totals   *widget.Label
	days     *fyne.Container
	swaps    *widget.Label
	prefBox  *fyne.Container
	addPref  *widget.Button

	// rows are the shown day lines (for tests): date, shift code, leave.
	rows []scheduleRow
	// types are the center's shift types, by code order of ShiftTypes.
	types []roster.ShiftType
	// prefs are the shown preferences, with their withdraw buttons.
	prefs       []roster.ShiftPreference
	prefButtons []*widget.Button
	// pf is the open add-preference form (for tests), nil when closed.
	pf *prefForm
}

// scheduleRow is one day of the agent's month.
type scheduleRow struct {
	date  roster.Date
	shift *roster.ShiftType // nil on a day without a shift
	code  string
	leave roster.LeaveType
}

func newScheduleScreen(st *appState) *scheduleScreen {
	return &scheduleScreen{st: st, month: roster.MonthOf(st.today())}
}

func (s *scheduleScreen) buildUI() fyne.CanvasObject {
	s.monthLbl = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	prev := widget.NewButtonWithIcon(T("schedule.prev"), theme.NavigateBackIcon(), func() { s.month = s.month.Prev(); s.refresh() })
	next := widget.NewButtonWithIcon(T("schedule.next"), theme.NavigateNextIcon(), func() { s.month = s.month.Next(); s.refresh() })
	s.totals = widget.NewLabel("")
	s.days = container.NewVBox()
	s.swaps = widget.NewLabel("")
	s.swaps.Wrapping = fyne.TextWrapWord
	s.prefBox = container.NewVBox()
	s.addPref = widget.NewButtonWithIcon(T("pref.add"), theme.ContentAddIcon(), s.openAddPreference)
	top := container.NewVBox(container.NewHBox(prev, s.monthLbl, next), s.totals, widget.NewSeparator())
	body := container.NewVBox(s.days, widget.NewSeparator(),
		container.NewHBox(heading(T("schedule.prefs")), s.addPref), s.prefBox, widget.NewSeparator(),
		heading(T("schedule.swaps")), s.swaps)
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(body))
}

// refresh loads the agent's month.
func (s *scheduleScreen) refresh() {
	ctx, sess := s.st.ctx, s.st.sess
	own := sess.User.EmployeeCode
	m := s.month
	s.monthLbl.SetText(m.String())
	as, err := s.st.svc.Assignments(ctx, sess, m.First(), m.Last(), own)
	if err != nil {
		s.st.showError(err)
		return
	}
	types, err := s.st.svc.ShiftTypes(ctx, sess)
	if err != nil {
		s.st.showError(err)
		return
	}
	leaves, err := s.st.svc.Leaves(ctx, sess, store.LeaveFilter{From: m.First(), To: m.Last(), Employee: own})
	if err != nil {
		s.st.showError(err)
		return
	}
	swaps, err := s.st.svc.SwapRequests(ctx, sess, store.SwapFilter{Employee: own})
	if err != nil {
		s.st.showError(err)
		return
	}
	prefs, err := s.st.svc.Preferences(ctx, sess, m, own)
	if err != nil {
		s.st.showError(err)
		return
	}
	s.types = types
	s.showPreferences(prefs)
	byCode := make(map[string]*roster.ShiftType, len(types))
	for i := range types {
		byCode[types[i].Code] = &types[i]
	}
	rows := make([]scheduleRow, m.Days())
	for d := range rows {
		rows[d].date = roster.NewDate(m.Year, m.Month, d+1)
	}
	for _, a := range as {
		if a.Employee != own || roster.MonthOf(a.Date) != m {
			continue
		}
		rows[a.Date.Day-1].code, rows[a.Date.Day-1].shift = a.Shift, byCode[a.Shift]
	}
	for _, l := range leaves {
		if l.Employee == own && roster.MonthOf(l.Date) == m {
			rows[l.Date.Day-1].leave = l.Type
		}
	}
	s.rows = s.rows[:0]
	s.days.RemoveAll()
	shifts, minutes, nights := 0, 0, 0
	for _, r := range rows {
		if r.code == "" && r.leave == "" {
			continue
		}
		s.rows = append(s.rows, r)
		s.days.Add(s.dayLine(r))
		if r.code != "" {
			shifts++
			if r.shift != nil {
				minutes += r.shift.Minutes()
				if r.shift.Overnight() {
					nights++
				}
			}
		}
	}
	if len(s.rows) == 0 {
		s.days.Add(widget.NewLabel(T("schedule.empty")))
	}
	s.days.Refresh()
	s.totals.SetText(Tf("schedule.totals", shifts, fmt.Sprintf("%.1f", float64(minutes)/60), nights))

	var b strings.Builder
	for _, x := range swaps {
		od := T("swap.give_away")
		if !x.OtherDate.IsZero() {
			od = x.OtherDate.String()
		}
		fmt.Fprintf(&b, "%s  %s %s ⇄ %s %s  %s", s.st.fmtDateTime(x.RequestedAt), x.Requester, x.Date.String(), x.Other, od, swapStatusLabel(x.Status))
		if x.DecideNote != "" {
			b.WriteString(" · " + x.DecideNote)
		}
		b.WriteString("\n")
	}
	if b.Len() == 0 {
		b.WriteString(T("schedule.no_swaps"))
	}
	s.swaps.SetText(strings.TrimRight(b.String(), "\n"))
}

// dayLine shows one day: date, weekday, the shift code in its colour, its
// name, times and post, and the leave if any.
func (s *scheduleScreen) dayLine(r scheduleRow) fyne.CanvasObject {
	date := widget.NewLabel(fmt.Sprintf("%s %s", r.date.String(), weekdayShort(r.date.Weekday())))
	items := []fyne.CanvasObject{date}
	if r.code != "" {
		code := canvas.NewText(r.code, theme.Color(theme.ColorNameForeground))
		code.TextStyle.Bold = true
		desc := T("schedule.unknown_shift")
		if r.shift != nil {
			code.Color = parseHex(r.shift.Color)
			desc = fmt.Sprintf("%s  %s–%s  %s", r.shift.Name, r.shift.Start, r.shift.End, r.shift.PostName())
		}
		items = append(items, container.NewCenter(code), widget.NewLabel(desc))
	}
	if r.leave != "" {
		lv := widget.NewLabel(Tf("schedule.leave", leaveLabel(r.leave)))
		lv.Importance = widget.WarningImportance
		items = append(items, lv)
	}
	return container.NewHBox(items...)
}

// showPreferences lists the month's preferences, each with a withdraw
// button (disabled once its day has passed), and enables "Add preference"
// while the month has days to come.
func (s *scheduleScreen) showPreferences(prefs []roster.ShiftPreference) {
	today := s.st.today()
	s.prefs, s.prefButtons = prefs, nil
	s.prefBox.RemoveAll()
	for _, p := range prefs {
		text := fmt.Sprintf("%s %s  %s · %s", p.Date.String(), weekdayShort(p.Date.Weekday()), prefLabel(p), prefWeightLabel(p.Weight))
		if p.Note != "" {
			text += " · " + p.Note
		}
		id := p.ID
		b := widget.NewButtonWithIcon(T("pref.withdraw"), theme.DeleteIcon(), func() { s.withdrawPreference(id) })
		if p.Date.Before(today) {
			b.Disable()
		}
		s.prefButtons = append(s.prefButtons, b)
		s.prefBox.Add(container.NewBorder(nil, nil, nil, b, widget.NewLabel(text)))
	}
	if len(prefs) == 0 {
		s.prefBox.Add(widget.NewLabel(T("schedule.no_prefs")))
	}
	s.prefBox.Refresh()
	setEnabled(s.addPref, !s.month.Last().Before(today))
}

// prefLabel says what a preference asks for.
func prefLabel(p roster.ShiftPreference) string {
	switch {
	case p.On:
		return Tf("pref.line_on", p.Shift)
	case p.Shift == "":
		return T("pref.line_day_off")
	}
	return Tf("pref.line_off", p.Shift)
}

// prefWeightLabel names a preference weight.
func prefWeightLabel(w int) string {
	switch w {
	case roster.PreferenceNormal:
		return T("pref.weight_normal")
	case roster.PreferenceImportant:
		return T("pref.weight_important")
	case roster.PreferenceVeryImportant:
		return T("pref.weight_very")
	}
	return fmt.Sprint(w)
}

// withdrawPreference withdraws one of the agent's preferences.
func (s *scheduleScreen) withdrawPreference(id int64) {
	if err := s.st.svc.WithdrawPreference(s.st.ctx, s.st.sess, id, ""); err != nil {
		s.st.showError(err)
	}
	s.refresh()
}

// openAddPreference opens the shared preference form for the agent's own
// employee and the shown month.
func (s *scheduleScreen) openAddPreference() {
	s.pf = s.st.openPreferenceForm(s.month, s.types, s.st.sess.User.EmployeeCode, nil, func() {
		s.pf = nil
		s.refresh()
	})
}
