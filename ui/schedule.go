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

// scheduleScreen is an agent's read-only view of their own month (我的排班):
// one line per day with a shift or a leave, the month's totals and the
// agent's swap requests. It reads only through calls an agent may make:
// Assignments filtered to the agent's own code, ShiftTypes, Leaves (own)
// and SwapRequests (own).
type scheduleScreen struct {
	st    *appState
	month roster.Month

	monthLbl *widget.Label
	totals   *widget.Label
	days     *fyne.Container
	swaps    *widget.Label

	// rows are the shown day lines (for tests): date, shift code, leave.
	rows []scheduleRow
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
	top := container.NewVBox(container.NewHBox(prev, s.monthLbl, next), s.totals, widget.NewSeparator())
	body := container.NewVBox(s.days, widget.NewSeparator(), heading(T("schedule.swaps")), s.swaps)
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
