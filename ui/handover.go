package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiftguard/roster"
	"shiftguard/store"
)

// handoverScreen (交接班记录) lists handover notes with filters and shows a
// note with who acknowledged it, when, and who has still to.
type handoverScreen struct {
	st *appState

	from, to *widget.Entry
	team     *widget.Select
	employee *widget.Entry
	text     *widget.Entry
	unacked  *widget.Check
	table    *textTable
	count    *widget.Label

	head   *widget.Label
	body   *widget.Label
	acks   *widget.Label
	ackBtn *widget.Button

	notes    []roster.HandoverNote
	names    map[string]roster.Employee
	selected *store.NoteDetail
}

func newHandoverScreen(st *appState) *handoverScreen { return &handoverScreen{st: st} }

func (s *handoverScreen) buildUI() fyne.CanvasObject {
	today := s.st.today()
	s.from = widget.NewEntry()
	s.from.SetText(today.AddDays(-6).String())
	s.to = widget.NewEntry()
	s.to.SetText(today.String())
	s.team = widget.NewSelect([]string{T("filter.all_teams")}, nil)
	s.team.SetSelectedIndex(0)
	s.employee = widget.NewEntry()
	s.employee.SetPlaceHolder(T("filter.employee"))
	s.text = widget.NewEntry()
	s.text.SetPlaceHolder(T("handover.search_text"))
	s.unacked = widget.NewCheck(T("handover.unacked_only"), nil)
	apply := widget.NewButtonWithIcon(T("filter.apply"), theme.SearchIcon(), s.load)
	s.count = widget.NewLabel("")
	items := []fyne.CanvasObject{widget.NewLabel(T("filter.from")), sized(s.from, 110), widget.NewLabel(T("filter.to")), sized(s.to, 110)}
	if !s.st.isAgent() {
		items = append(items, sized(s.team, 130), sized(s.employee, 100))
	}
	items = append(items, sized(s.text, 150), s.unacked, apply)
	top := container.NewVBox(container.NewHBox(items...), s.count)

	s.table = newTextTable(
		[]string{T("col.written"), T("col.date"), T("col.shift"), T("col.employee"), T("col.name"), T("col.acks"), T("col.text")},
		[]float32{130, 96, 50, 70, 80, 56, 260},
		func() int { return len(s.notes) },
		func(r, c int) string {
			n := &s.notes[r]
			switch c {
			case 0:
				return s.st.fmtDateTime(n.WrittenAt)
			case 1:
				return n.Date.String()
			case 2:
				return n.Shift
			case 3:
				return n.Employee
			case 4:
				return s.names[n.Employee].Name
			case 5:
				return fmt.Sprint(len(n.Acks))
			case 6:
				return strings.ReplaceAll(n.Text, "\n", " ")
			}
			return ""
		})
	s.table.OnRow = s.showNote

	s.head = widget.NewLabelWithStyle(T("handover.pick"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.head.Wrapping = fyne.TextWrapWord
	s.body = widget.NewLabel("")
	s.body.Wrapping = fyne.TextWrapWord
	s.acks = widget.NewLabel("")
	s.acks.Wrapping = fyne.TextWrapWord
	s.ackBtn = widget.NewButtonWithIcon(T("desk.ack"), theme.ConfirmIcon(), s.onAck)
	s.ackBtn.Hide()
	detail := container.NewVBox(s.head, s.body, widget.NewSeparator(), heading(T("handover.acks")), s.acks, s.ackBtn)
	split := container.NewHSplit(s.table, container.NewVScroll(container.NewPadded(detail)))
	split.Offset = 0.62
	return container.NewBorder(top, nil, nil, nil, split)
}

func (s *handoverScreen) refresh() {
	if s.names == nil {
		s.names = s.st.employeeIndex()
		s.team.Options = s.st.teamOptions()
		s.team.SetSelectedIndex(0)
	}
	s.load()
}

func (s *handoverScreen) load() {
	var f store.NoteFilter
	var err error
	if f.From, err = parseDateEntry("from", s.from.Text); err != nil {
		s.st.showError(err)
		return
	}
	if f.To, err = parseDateEntry("to", s.to.Text); err != nil {
		s.st.showError(err)
		return
	}
	f.Team, f.Employee, f.Text = teamOf(s.team), strings.TrimSpace(s.employee.Text), strings.TrimSpace(s.text.Text)
	f.Unacknowledged = s.unacked.Checked
	f.Limit = 2000
	notes, err := s.st.svc.HandoverNotes(s.st.ctx, s.st.sess, f)
	if err != nil {
		s.st.showError(err)
		return
	}
	s.notes = notes
	s.count.SetText(Tf("handover.count", len(notes)))
	s.table.reload()
	if s.selected != nil {
		for i := range s.notes {
			if s.notes[i].ID == s.selected.Note.ID {
				s.showNote(i)
				return
			}
		}
	}
	s.selected = nil
	s.head.SetText(T("handover.pick"))
	s.body.SetText("")
	s.acks.SetText("")
	s.ackBtn.Hide()
}

// showNote shows note i with its acknowledgements and the readers expected.
func (s *handoverScreen) showNote(i int) {
	if i < 0 || i >= len(s.notes) {
		return
	}
	d, err := s.st.svc.HandoverNote(s.st.ctx, s.st.sess, s.notes[i].ID)
	if err != nil {
		s.st.showError(err)
		return
	}
	s.selected = d
	n := d.Note
	s.head.SetText(Tf("handover.head", n.Employee, s.names[n.Employee].Name, n.Date.String(), n.Shift, d.Post, s.st.fmtDateTime(n.WrittenAt)))
	s.body.SetText(n.Text)
	acked := map[string]bool{}
	var b strings.Builder
	for _, a := range n.Acks {
		acked[a.Employee] = true
		fmt.Fprintln(&b, Tf("handover.ack_line", a.Employee, s.names[a.Employee].Name, s.st.fmtDateTime(a.At)))
	}
	for _, e := range d.Expected {
		if !acked[e] {
			fmt.Fprintln(&b, Tf("handover.not_acked", e, s.names[e].Name))
		}
	}
	if b.Len() == 0 {
		b.WriteString(T("handover.no_readers"))
	}
	s.acks.SetText(b.String())
	me := s.st.sess.User.EmployeeCode
	mine := false
	for _, e := range d.Expected {
		mine = mine || e == me
	}
	if me != "" && mine && !acked[me] {
		s.ackBtn.Show()
	} else {
		s.ackBtn.Hide()
	}
}

func (s *handoverScreen) onAck() {
	if s.selected == nil {
		return
	}
	if err := s.st.svc.AckHandoverNote(s.st.ctx, s.st.sess, s.selected.Note.ID); err != nil {
		s.st.showError(err)
		return
	}
	s.load()
}
