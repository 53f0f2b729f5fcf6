package ui

import (
	"fmt"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiftguard/roster"
	"shiftguard/store"
)

// Shift preferences (排班意愿) in the UI: the add form shared by an agent's
// "My schedule" and the manager's preferences dialog of the roster screen,
// and that dialog, which lists, adds and withdraws the wishes of a month.

// prefForm holds the widgets of the add-preference form.
type prefForm struct {
	// emps are the choices of the employee selector emp (a manager's
	// form); without a selector the form is for employee.
	emps     []roster.Employee
	emp      *widget.Select
	employee string
	types    []roster.ShiftType
	dates    []roster.Date
	date     *widget.Select
	kind     *widget.RadioGroup
	shift    *widget.Select
	weight   *widget.Select
	note     *widget.Entry
}

// The kinds of preference offered by the form, in its order.
const (
	prefKindOn = iota
	prefKindOff
	prefKindDayOff
)

// openPreferenceForm opens the form for a new preference in month m: a day
// from today on, the kind of wish, the shift it is about (one of types),
// its importance and a note. With emps the form starts with an employee
// selector (a manager entering a wish for someone) and words the kinds in
// the third person; otherwise the preference is for employee. done runs
// once the preference is stored; a refusal is shown and the form opens
// again with what was entered.
func (st *appState) openPreferenceForm(m roster.Month, types []roster.ShiftType, employee string, emps []roster.Employee, done func()) *prefForm {
	f := &prefForm{emps: emps, employee: employee, types: types}
	today := st.today()
	var dateOpts []string
	for d := m.First(); !d.After(m.Last()); d = d.AddDays(1) {
		if !d.Before(today) {
			f.dates = append(f.dates, d)
			dateOpts = append(dateOpts, fmt.Sprintf("%s %s", d.String(), weekdayShort(d.Weekday())))
		}
	}
	f.date = widget.NewSelect(dateOpts, nil)
	if len(dateOpts) > 0 {
		f.date.SetSelectedIndex(0)
	}
	var shiftOpts []string
	for _, t := range types {
		shiftOpts = append(shiftOpts, fmt.Sprintf("%s  %s %s–%s", t.Code, t.Name, t.Start, t.End))
	}
	f.shift = widget.NewSelect(shiftOpts, nil)
	if len(shiftOpts) > 0 {
		f.shift.SetSelectedIndex(0)
	}
	kinds := []string{T("pref.kind_on"), T("pref.kind_off"), T("pref.kind_day_off")}
	if emps != nil {
		kinds = []string{T("pref.other_on"), T("pref.other_off"), T("pref.other_day_off")}
	}
	f.kind = widget.NewRadioGroup(kinds, nil)
	f.kind.Required = true
	f.kind.SetSelected(kinds[prefKindDayOff])
	var weights []string
	for _, w := range roster.PreferenceWeights {
		weights = append(weights, prefWeightLabel(w))
	}
	f.weight = widget.NewSelect(weights, nil)
	f.weight.SetSelectedIndex(0)
	f.note = widget.NewEntry()
	f.note.SetPlaceHolder(T("pref.note_hint"))
	var items []*widget.FormItem
	if emps != nil {
		f.note.SetPlaceHolder(T("pref.note_hint_other"))
		var opts []string
		for _, e := range emps {
			opts = append(opts, fmt.Sprintf("%s %s · %s", e.Code, e.Name, e.Team))
		}
		f.emp = widget.NewSelect(opts, nil)
		f.emp.PlaceHolder = T("pref.choose_employee")
		items = append(items, widget.NewFormItem(T("col.employee"), f.emp))
	}
	items = append(items,
		widget.NewFormItem(T("col.date"), f.date),
		widget.NewFormItem(T("pref.kind"), f.kind),
		// Fyne's form does not repaint an item's label when its widget is
		// disabled later, so the shift stays enabled and a hint says when
		// it does not count.
		&widget.FormItem{Text: T("col.shift"), Widget: f.shift, HintText: T("pref.shift_hint")},
		widget.NewFormItem(T("pref.weight"), f.weight),
		widget.NewFormItem(T("pref.note"), f.note),
	)
	st.formDialog(T("pref.add"), items, func() error {
		p, err := f.preference()
		if err != nil {
			return err
		}
		if err := st.svc.AddPreference(st.ctx, st.sess, p); err != nil {
			return err
		}
		done()
		return nil
	})
	return f
}

// preference reads the form into a preference.
func (f *prefForm) preference() (*roster.ShiftPreference, error) {
	emp := f.employee
	if f.emp != nil {
		i := f.emp.SelectedIndex()
		if i < 0 || i >= len(f.emps) {
			return nil, roster.FieldErrorf("employee", "choose an employee")
		}
		emp = f.emps[i].Code
	}
	i := f.date.SelectedIndex()
	if i < 0 || i >= len(f.dates) {
		return nil, roster.FieldErrorf("date", "choose a day of the month that has not passed")
	}
	p := &roster.ShiftPreference{Employee: emp, Date: f.dates[i], Note: f.note.Text}
	if w := f.weight.SelectedIndex(); w >= 0 && w < len(roster.PreferenceWeights) {
		p.Weight = roster.PreferenceWeights[w]
	}
	kind := selectIndex(f.kind.Options, f.kind.Selected)
	if kind != prefKindDayOff {
		j := f.shift.SelectedIndex()
		if j < 0 || j >= len(f.types) {
			return nil, roster.FieldErrorf("shift", "choose a shift")
		}
		p.Shift, p.On = f.types[j].Code, kind == prefKindOn
	}
	return p, nil
}

// prefOtherLabel says in the third person what a preference asks for (the
// manager's list).
func prefOtherLabel(p roster.ShiftPreference) string {
	switch {
	case p.On:
		return Tf("pref.wants", p.Shift)
	case p.Shift == "":
		return T("pref.wants_day_off")
	}
	return Tf("pref.not", p.Shift)
}

// prefsDialog (排班意愿) is the manager's list of the active preferences of
// the roster screen's month, filterable by team and sorted by date then
// employee, with Add (the shared form with an employee selector) and
// Withdraw (with a reason).
type prefsDialog struct {
	s        *rosterScreen
	month    roster.Month
	team     *widget.Select
	table    *textTable
	count    *widget.Label
	add      *widget.Button
	withdraw *widget.Button
	dlg      dialog.Dialog

	emps  map[string]roster.Employee
	all   []roster.ShiftPreference
	shown []roster.ShiftPreference // all, filtered by team
	sel   int
	// pf is the open add form (for tests), nil when closed.
	pf *prefForm
}

// preferencesButton is the roster toolbar's button that opens the month's
// preferences; only managers see it.
func (s *rosterScreen) preferencesButton() fyne.CanvasObject {
	return s.managerButton(T("roster.prefs"), theme.ListIcon(), func() { s.openPreferences() })
}

// openPreferences opens the preferences dialog of the screen's month.
func (s *rosterScreen) openPreferences() *prefsDialog {
	st := s.st
	p := &prefsDialog{s: s, month: s.month, sel: -1}
	p.team = widget.NewSelect(st.teamOptions(), func(string) { p.filter() })
	p.table = newTextTable(
		[]string{T("col.date"), T("col.employee"), T("col.name"), T("pref.kind"), T("pref.weight"), T("pref.note"), T("pref.entered_by")},
		[]float32{125, 65, 80, 130, 115, 150, 90},
		func() int { return len(p.shown) },
		func(r, c int) string {
			x := &p.shown[r]
			return [...]string{fmt.Sprintf("%s %s", x.Date.String(), weekdayShort(x.Date.Weekday())), x.Employee, p.emps[x.Employee].Name,
				prefOtherLabel(*x), prefWeightLabel(x.Weight), x.Note, x.CreatedBy}[c]
		})
	p.table.OnRow = func(r int) {
		p.sel = r
		setEnabled(p.withdraw, p.open(p.shown[r].Date))
	}
	p.count = widget.NewLabel("")
	p.add = widget.NewButtonWithIcon(T("pref.add"), theme.ContentAddIcon(), p.openAdd)
	p.withdraw = widget.NewButtonWithIcon(T("pref.withdraw"), theme.DeleteIcon(), p.onWithdraw)
	top := container.NewHBox(sized(p.team, 150), p.add, p.withdraw, p.count)
	p.dlg = dialog.NewCustom(Tf("pref.title", s.month.Year, int(s.month.Month)), T("close"),
		container.NewGridWrap(fyne.NewSize(780, 440), container.NewBorder(top, nil, nil, nil, p.table)), st.win)
	p.team.SetSelectedIndex(0) // loads
	p.dlg.SetOnClosed(func() { s.prefsDlg = nil })
	p.dlg.Show()
	s.prefsDlg = p
	return p
}

// open reports whether the preferences of day d may still change: the
// month is not published and d has not passed.
func (p *prefsDialog) open(d roster.Date) bool {
	mr := p.s.mr
	return !(mr != nil && mr.Month == p.month && mr.Published) && !d.Before(p.s.st.today())
}

// load reads the month's preferences and the employees.
func (p *prefsDialog) load() {
	st := p.s.st
	prefs, err := st.svc.Preferences(st.ctx, st.sess, p.month, "")
	if err != nil {
		st.showError(err)
		return
	}
	p.emps = st.employeeIndex()
	sort.SliceStable(prefs, func(i, j int) bool {
		if prefs[i].Date != prefs[j].Date {
			return prefs[i].Date.Before(prefs[j].Date)
		}
		return prefs[i].Employee < prefs[j].Employee
	})
	p.all = prefs
	p.filter()
}

// filter shows the preferences of the selected team.
func (p *prefsDialog) filter() {
	if p.emps == nil {
		p.load()
		return
	}
	team := teamOf(p.team)
	p.shown = p.shown[:0:0]
	for _, x := range p.all {
		if team == "" || p.emps[x.Employee].Team == team {
			p.shown = append(p.shown, x)
		}
	}
	p.sel = -1
	p.withdraw.Disable()
	setEnabled(p.add, p.open(p.month.Last()))
	p.count.SetText(Tf("pref.count", len(p.shown)))
	p.table.reload()
}

// reload refreshes the list and the grid's marks after a change.
func (p *prefsDialog) reload() {
	p.emps = nil
	p.filter()
	p.s.refreshGridOnly()
}

// onWithdraw withdraws the selected preference, with a reason.
func (p *prefsDialog) onWithdraw() {
	if p.sel < 0 || p.sel >= len(p.shown) {
		return
	}
	x := p.shown[p.sel]
	st := p.s.st
	st.askText(T("pref.withdraw"), Tf("pref.withdraw_reason", x.Employee, p.emps[x.Employee].Name, x.Date.String()), true, func(reason string) {
		if err := st.svc.WithdrawPreference(st.ctx, st.sess, x.ID, reason); err != nil {
			st.showError(err)
		}
		p.reload()
	})
}

// openAdd opens the shared add form with an employee selector over the
// active employees of the selected team.
func (p *prefsDialog) openAdd() {
	st := p.s.st
	emps, err := st.svc.Employees(st.ctx, st.sess, store.EmployeeFilter{Team: teamOf(p.team)})
	if err != nil {
		st.showError(err)
		return
	}
	types, err := st.svc.ShiftTypes(st.ctx, st.sess)
	if err != nil {
		st.showError(err)
		return
	}
	if emps == nil {
		emps = []roster.Employee{}
	}
	p.pf = st.openPreferenceForm(p.month, types, "", emps, func() {
		p.pf = nil
		p.reload()
	})
}
