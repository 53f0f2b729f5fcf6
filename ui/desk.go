package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiftguard/compliance"
	"shiftguard/roster"
	"shiftguard/store"
)

// breakWarnMin is how long before the mandatory break the desk sends a
// desktop notification.
const breakWarnMin = 10

// deskScreen is the duty desk (值班台) of one employee: today's shift, the
// punch buttons, the live continuous-service timer with the countdown to
// the mandatory break, the predecessors' handover notes to acknowledge,
// the employee's own handover note and the daily log.
type deskScreen struct {
	st       *appState
	sess     *store.Session // the agent's own session, or a kiosk session
	employee string

	shiftLbl  *widget.Label
	stateLbl  *widget.Label
	timerLbl  *widget.Label
	breakLbl  *widget.Label
	breakBar  *widget.ProgressBar
	eventsLbl *widget.Label
	buttons   map[roster.EventKind]*widget.Button
	predBox   *fyne.Container
	ownEntry  *widget.Entry
	ownSave   *widget.Button
	ownList   *widget.Label
	logBox    *fyne.Container
	logMood   *widget.Select
	logEntry  *widget.Entry
	logSave   *widget.Button
	logState  *widget.Label
	msg       *widget.Label

	duty        *store.DutyShift
	policy      compliance.Policy
	notifiedFor time.Time // BreakDue that was already notified
	stopTicker  context.CancelFunc
}

func newDeskScreen(st *appState, sess *store.Session) *deskScreen {
	return &deskScreen{st: st, sess: sess, employee: sess.User.EmployeeCode}
}

// eventLabel is the button text of a punch.
func eventLabel(k roster.EventKind) string {
	switch k {
	case roster.ClockIn:
		return T("event.clock_in")
	case roster.ClockOut:
		return T("event.clock_out")
	case roster.BreakStart:
		return T("event.break_start")
	case roster.BreakEnd:
		return T("event.break_end")
	case roster.LeavePost:
		return T("event.leave_post")
	case roster.ReturnPost:
		return T("event.return_post")
	}
	return string(k)
}

func stateLabel(s store.DutyState) string {
	switch s {
	case store.StateNotStarted:
		return T("state.not_started")
	case store.StateOnDuty:
		return T("state.on_duty")
	case store.StateOnBreak:
		return T("state.on_break")
	case store.StateOffPost:
		return T("state.off_post")
	case store.StateDone:
		return T("state.done")
	}
	return string(s)
}

func (s *deskScreen) buildUI() fyne.CanvasObject {
	s.shiftLbl = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.shiftLbl.Wrapping = fyne.TextWrapWord
	s.stateLbl = widget.NewLabel("")
	s.timerLbl = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true, Bold: true})
	s.timerLbl.SizeName = theme.SizeNameHeadingText
	s.breakLbl = widget.NewLabel("")
	s.breakBar = widget.NewProgressBar()
	s.breakBar.TextFormatter = func() string { return "" }
	s.eventsLbl = widget.NewLabel("")
	s.eventsLbl.Wrapping = fyne.TextWrapWord
	s.msg = widget.NewLabel("")
	s.msg.Wrapping = fyne.TextWrapWord

	s.buttons = map[roster.EventKind]*widget.Button{}
	icons := map[roster.EventKind]fyne.Resource{
		roster.ClockIn: theme.LoginIcon(), roster.BreakStart: theme.MediaPauseIcon(), roster.BreakEnd: theme.MediaPlayIcon(),
		roster.LeavePost: theme.NavigateNextIcon(), roster.ReturnPost: theme.NavigateBackIcon(), roster.ClockOut: theme.LogoutIcon(),
	}
	var btns []fyne.CanvasObject
	for _, k := range roster.EventKinds {
		k := k
		b := widget.NewButtonWithIcon(eventLabel(k), icons[k], func() { s.punch(k) })
		b.Importance = widget.HighImportance
		s.buttons[k] = b
		btns = append(btns, container.NewGridWrap(fyne.NewSize(180, 64), b))
	}

	s.predBox = container.NewVBox()
	s.ownEntry = widget.NewMultiLineEntry()
	s.ownEntry.SetPlaceHolder(T("desk.own_note_hint"))
	s.ownEntry.Wrapping = fyne.TextWrapWord
	s.ownEntry.SetMinRowsVisible(3)
	s.ownSave = widget.NewButtonWithIcon(T("desk.save_note"), theme.DocumentSaveIcon(), s.saveNote)
	s.ownList = widget.NewLabel("")
	s.ownList.Wrapping = fyne.TextWrapWord

	moods := []string{T("mood.1"), T("mood.2"), T("mood.3"), T("mood.4"), T("mood.5")}
	s.logMood = widget.NewSelect(moods, nil)
	s.logMood.PlaceHolder = T("desk.log_mood")
	s.logEntry = widget.NewEntry()
	s.logEntry.SetPlaceHolder(T("desk.log_hint"))
	s.logSave = widget.NewButtonWithIcon(T("desk.log_save"), theme.ConfirmIcon(), s.saveLog)
	s.logState = widget.NewLabel("")
	s.logBox = container.NewVBox(heading(T("desk.log_title")),
		container.NewBorder(nil, nil, s.logMood, s.logSave, s.logEntry), s.logState)

	status := widget.NewCard(T("desk.today"), "", container.NewVBox(
		s.shiftLbl, s.stateLbl, s.timerLbl, s.breakLbl, s.breakBar,
		container.NewGridWithColumns(3, btns...), s.msg,
		heading(T("desk.punches")), s.eventsLbl))
	notes := widget.NewCard(T("desk.pred_notes"), T("desk.pred_notes_hint"), s.predBox)
	own := widget.NewCard(T("desk.own_note"), "", container.NewVBox(s.ownEntry, s.ownSave, s.ownList))
	right := container.NewVBox(notes, own, s.logBox)
	if !s.sess.Kiosk {
		swap := widget.NewButtonWithIcon(T("desk.request_swap"), theme.ViewRefreshIcon(), s.requestSwap)
		right.Add(container.NewHBox(swap))
	}
	split := container.NewHSplit(container.NewVScroll(status), container.NewVScroll(right))
	split.Offset = 0.5
	return split
}

// refresh reloads today's shift and starts the timer.
func (s *deskScreen) refresh() {
	ctx := s.st.ctx
	p, err := s.st.svc.Policy(ctx, s.sess)
	if err != nil {
		s.st.showError(err)
		return
	}
	s.policy = p
	d, err := s.st.svc.TodayShift(ctx, s.sess, s.employee, s.st.now())
	if err != nil {
		s.st.showError(err)
		return
	}
	s.duty = d
	s.showDuty()
	s.tick()
	s.startTicker()
}

// startTicker updates the timer every second until the session ends.
func (s *deskScreen) startTicker() {
	if s.stopTicker != nil || s.st.noTicker {
		return
	}
	ctx, cancel := context.WithCancel(s.st.ctx)
	s.stopTicker = cancel
	go func() {
		tk := time.NewTicker(time.Second)
		defer tk.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tk.C:
				fyne.Do(s.tick)
			}
		}
	}()
}

// showDuty fills the widgets that change only with the data.
func (s *deskScreen) showDuty() {
	d := s.duty
	if d.Instance == nil {
		s.shiftLbl.SetText(T("desk.no_shift"))
	} else {
		in := d.Instance
		name := in.Type.Name
		if name == "" {
			name = in.Shift
		}
		txt := Tf("desk.shift_line", in.Date.String(), in.Shift, name,
			s.st.inLoc(in.Start).Format("15:04"), s.st.inLoc(in.End).Format("15:04"), in.Post())
		if d.OnLeave {
			txt += " · " + T("desk.on_leave")
		}
		s.shiftLbl.SetText(txt)
	}
	var lines string
	for _, e := range d.Events {
		lines += fmt.Sprintf("%s  %s\n", s.st.fmtTime(e.At), eventLabel(e.Kind))
	}
	if lines == "" {
		lines = T("desk.no_punches")
	}
	s.eventsLbl.SetText(lines)

	s.predBox.RemoveAll()
	if len(d.PredecessorNotes) == 0 {
		s.predBox.Add(widget.NewLabel(T("desk.no_pred_notes")))
	}
	for _, n := range d.PredecessorNotes {
		s.predBox.Add(s.noteCard(n))
	}
	s.predBox.Refresh()

	own := ""
	for _, n := range d.OwnNotes {
		own += Tf("desk.own_note_line", s.st.fmtDateTime(n.WrittenAt), len(n.Acks), n.Text) + "\n"
	}
	if d.HandoverRequired && len(d.OwnNotes) == 0 {
		own = T("desk.handover_required")
	}
	s.ownList.SetText(own)
	canWrite := d.Instance != nil
	setEnabled(s.ownSave, canWrite)

	if d.DailyLogRequired {
		s.logBox.Show()
		if d.DailyLogDone {
			s.logState.SetText(T("desk.log_done"))
		} else {
			s.logState.SetText(T("desk.log_needed"))
		}
	} else {
		s.logBox.Hide()
	}
}

// noteCard shows a predecessor's note with its acknowledge button.
func (s *deskScreen) noteCard(n roster.HandoverNote) fyne.CanvasObject {
	text := widget.NewLabel(n.Text)
	text.Wrapping = fyne.TextWrapWord
	head := widget.NewLabelWithStyle(Tf("desk.note_head", n.Employee, n.Shift, s.st.fmtDateTime(n.WrittenAt)),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	acked := false
	for _, a := range n.Acks {
		if a.Employee == s.employee {
			acked = true
			head.SetText(head.Text + " · " + Tf("desk.acked_at", s.st.fmtTime(a.At)))
		}
	}
	id := n.ID
	ack := widget.NewButtonWithIcon(T("desk.ack"), theme.ConfirmIcon(), func() { s.ack(id) })
	if acked {
		ack.SetText(T("desk.acked"))
		ack.Disable()
	} else {
		ack.Importance = widget.WarningImportance
	}
	return container.NewVBox(head, text, container.NewHBox(ack), widget.NewSeparator())
}

// tick recomputes the service clock at now and sends the break warning.
func (s *deskScreen) tick() {
	if s.duty == nil {
		return
	}
	now := s.st.now()
	c := store.ComputeServiceClock(s.duty.Events, s.policy, now)
	s.stateLbl.SetText(Tf("desk.state", stateLabel(c.State)))
	for k, b := range s.buttons {
		setEnabled(b, s.duty.Instance != nil && allowedPunch(c.State, k))
	}
	switch c.State {
	case store.StateOnDuty, store.StateOffPost:
		stretch := now.Sub(c.StretchStart)
		s.timerLbl.SetText(Tf("desk.continuous", hms(stretch)))
		left := c.BreakDue.Sub(now)
		if left >= 0 {
			s.breakLbl.SetText(Tf("desk.break_in", hms(left)))
		} else {
			s.breakLbl.SetText(Tf("desk.break_overdue", hms(-left)))
		}
		s.breakBar.Show()
		s.breakBar.SetValue(clamp01(stretch.Seconds() / float64(max(1, s.policy.BreakAfterMin)*60)))
		if left > 0 && left <= breakWarnMin*time.Minute && !c.BreakDue.Equal(s.notifiedFor) {
			s.notifiedFor = c.BreakDue
			s.st.app.SendNotification(fyne.NewNotification(T("desk.notify_title"),
				Tf("desk.notify_body", c.MinutesToBreak, s.st.inLoc(c.BreakDue).Format("15:04"))))
		}
	case store.StateOnBreak:
		s.timerLbl.SetText(Tf("desk.on_break_for", hms(now.Sub(c.BreakStart))))
		s.breakLbl.SetText(Tf("desk.break_rule", s.policy.BreakMin, s.policy.BreakMaxMin))
		s.breakBar.Show()
		s.breakBar.SetValue(clamp01(now.Sub(c.BreakStart).Seconds() / float64(max(1, s.policy.BreakMaxMin)*60)))
	default:
		s.timerLbl.SetText("00:00:00")
		s.breakLbl.SetText(Tf("desk.break_after", s.policy.BreakAfterMin))
		// Fyne draws the empty part of a bar in the half-transparent
		// primary colour, so an idle bar at 0 % reads as filled (and the
		// formatter hides the "0%"); hide it until a stretch or break runs.
		s.breakBar.SetValue(0)
		s.breakBar.Hide()
	}
}

// allowedPunch says which punches make sense in a state (the rules judge
// whatever is recorded; this only guides the agent).
func allowedPunch(st store.DutyState, k roster.EventKind) bool {
	switch st {
	case store.StateNotStarted:
		return k == roster.ClockIn
	case store.StateOnDuty:
		return k == roster.BreakStart || k == roster.LeavePost || k == roster.ClockOut
	case store.StateOnBreak:
		return k == roster.BreakEnd
	case store.StateOffPost:
		return k == roster.ReturnPost
	}
	return false
}

// punch records a punch now.
func (s *deskScreen) punch(k roster.EventKind) {
	e, err := s.st.svc.RecordEvent(s.st.ctx, s.sess, s.employee, k, time.Time{}, "")
	if err != nil {
		s.st.showError(err)
		return
	}
	s.msg.SetText(Tf("desk.punched", eventLabel(k), s.st.fmtTime(e.At)))
	s.refresh()
}

// ack acknowledges a predecessor's note.
func (s *deskScreen) ack(id int64) {
	if err := s.st.svc.AckHandoverNote(s.st.ctx, s.sess, id); err != nil {
		s.st.showError(err)
		return
	}
	s.refresh()
}

// saveNote writes the employee's handover note for the current shift.
func (s *deskScreen) saveNote() {
	if s.duty == nil || s.duty.Instance == nil {
		return
	}
	n := &roster.HandoverNote{Employee: s.employee, Date: s.duty.Instance.Date, Shift: s.duty.Instance.Shift, Text: s.ownEntry.Text}
	if err := s.st.svc.WriteHandoverNote(s.st.ctx, s.sess, n); err != nil {
		s.st.showError(err)
		return
	}
	s.ownEntry.SetText("")
	s.msg.SetText(T("desk.note_saved"))
	s.refresh()
}

// saveLog writes the daily log.
func (s *deskScreen) saveLog() {
	d := &roster.DailyLog{Employee: s.employee, At: s.st.now(), Mood: s.logMood.SelectedIndex() + 1, Text: s.logEntry.Text}
	if err := s.st.svc.WriteDailyLog(s.st.ctx, s.sess, d); err != nil {
		s.st.showError(err)
		return
	}
	s.logEntry.SetText("")
	s.msg.SetText(T("desk.log_saved"))
	s.refresh()
}

// containsFold reports whether s contains sub, ignoring case.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// requestSwap files a swap request for one of the employee's shifts.
func (s *deskScreen) requestSwap() {
	date, other, otherDate, reason := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	date.SetText(s.st.today().AddDays(1).String())
	otherDate.SetPlaceHolder(T("desk.swap_give_away"))
	items := []*widget.FormItem{
		{Text: T("desk.swap_my_date"), Widget: date, HintText: "YYYY-MM-DD"},
		widget.NewFormItem(T("col.other"), other),
		{Text: T("col.other_date"), Widget: otherDate, HintText: T("desk.swap_give_away")},
		widget.NewFormItem(T("col.reason"), reason),
	}
	s.st.formDialog(T("desk.request_swap"), items, func() error {
		r := &roster.SwapRequest{Requester: s.employee, Other: strings.TrimSpace(other.Text), Reason: reason.Text}
		var err error
		if r.Date, err = parseDateEntry("date", date.Text); err != nil {
			return err
		}
		if strings.TrimSpace(otherDate.Text) != "" {
			if r.OtherDate, err = parseDateEntry("other_date", otherDate.Text); err != nil {
				return err
			}
		}
		if err := s.st.svc.RequestSwap(s.st.ctx, s.sess, r); err != nil {
			return err
		}
		s.msg.SetText(Tf("desk.swap_sent", r.Date.String(), r.Other))
		return nil
	})
}

func setEnabled(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

func clamp01(v float64) float64 {
	return min(1, max(0, v))
}

// hms formats a duration as H:MM:SS.
func hms(d time.Duration) string {
	d = d.Truncate(time.Second)
	h := int(d / time.Hour)
	m := int(d%time.Hour) / int(time.Minute)
	sec := int(d%time.Minute) / int(time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", h, m, sec)
}

// ---- kiosk ----

// kioskScreen is a shared duty desk: an agent picks their name, enters
// their PIN and gets their desk; "Done" returns to the name list. Leaving
// the kiosk signs the manager who started it out.
type kioskScreen struct {
	st        *appState
	employees []roster.Employee
	shown     []roster.Employee
	search    *widget.Entry
	list      *widget.List
	picked    *roster.Employee
	who       *widget.Label
	pin       *widget.Entry
	login     *widget.Button
	msg       *widget.Label
	desk      *deskScreen // the signed-in agent's desk, if any
}

// startKiosk turns the window into a kiosk (manager or admin).
func (st *appState) startKiosk() {
	emps, err := st.svc.Employees(st.ctx, st.sess, store.EmployeeFilter{})
	if err != nil {
		st.showError(err)
		return
	}
	k := &kioskScreen{st: st, employees: emps, shown: emps}
	st.sess = nil
	st.nav, st.tabs, st.kiosk = nil, nil, k
	st.win.SetContent(k.buildUI())
}

func (k *kioskScreen) buildUI() fyne.CanvasObject {
	k.search = widget.NewEntry()
	k.search.SetPlaceHolder(T("kiosk.search"))
	k.search.OnChanged = k.filter
	k.list = widget.NewList(func() int { return len(k.shown) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := k.shown[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s  %s  (%s)", e.Code, e.Name, e.Team))
		})
	k.list.OnSelected = func(i widget.ListItemID) { k.pick(i) }
	k.who = widget.NewLabelWithStyle(T("kiosk.pick"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	k.pin = widget.NewPasswordEntry()
	k.pin.SetPlaceHolder(T("kiosk.pin"))
	k.pin.OnSubmitted = func(string) { k.signIn() }
	k.login = widget.NewButtonWithIcon(T("kiosk.signin"), theme.LoginIcon(), k.signIn)
	k.login.Importance = widget.HighImportance
	k.login.Disable()
	k.msg = widget.NewLabel("")
	k.msg.Importance = widget.DangerImportance
	exit := widget.NewButtonWithIcon(T("kiosk.exit"), theme.LogoutIcon(), k.st.signOut)
	right := container.NewVBox(k.who, k.pin, k.login, k.msg)
	top := container.NewBorder(nil, nil, heading(T("kiosk.title")), exit)
	left := container.NewBorder(k.search, nil, nil, nil, k.list)
	split := container.NewHSplit(left, container.NewPadded(right))
	split.Offset = 0.45
	return container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil, split)
}

func (k *kioskScreen) filter(q string) {
	k.shown = k.shown[:0:0]
	for _, e := range k.employees {
		if q == "" || containsFold(e.Name, q) || containsFold(e.Code, q) || containsFold(e.Team, q) {
			k.shown = append(k.shown, e)
		}
	}
	k.list.UnselectAll()
	k.list.Refresh()
}

func (k *kioskScreen) pick(i int) {
	e := k.shown[i]
	k.picked = &e
	k.who.SetText(Tf("kiosk.hello", e.Name, e.Code))
	k.pin.SetText("")
	k.msg.SetText("")
	k.login.Enable()
	k.st.win.Canvas().Focus(k.pin)
}

// signIn opens the picked agent's desk with a kiosk session.
func (k *kioskScreen) signIn() {
	if k.picked == nil {
		return
	}
	sess, err := k.st.svc.KioskLogin(context.Background(), k.picked.Code, k.pin.Text)
	k.pin.SetText("")
	if err != nil {
		k.msg.SetText(errText(err))
		k.st.lastError = k.msg.Text
		return
	}
	k.msg.SetText("")
	d := newDeskScreen(k.st, sess)
	k.desk = d
	done := widget.NewButtonWithIcon(T("kiosk.done"), theme.ConfirmIcon(), func() {
		if d.stopTicker != nil {
			d.stopTicker()
		}
		k.st.win.SetContent(k.buildUI())
		k.picked, k.desk = nil, nil
	})
	done.Importance = widget.HighImportance
	top := container.NewBorder(nil, nil, heading(Tf("kiosk.desk_of", k.picked.Name, k.picked.Code)), done)
	k.st.win.SetContent(container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil, d.buildUI()))
	d.refresh()
}
