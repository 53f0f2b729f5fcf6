package ui

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiftguard/roster"
	"shiftguard/store"
)

// rosterScreen (排班) is the month grid with its editors: shift types,
// employees, coverage, leave and swap requests (manager, admin).
type rosterScreen struct {
	st    *appState
	month roster.Month

	monthLbl   *widget.Label
	pubLbl     *widget.Label
	publishBtn *widget.Button
	picker     *widget.Select
	cellLbl    *widget.Label
	grid       *rosterTable
	model      *gridModel
	mr         *store.MonthRoster
	sel        *widget.TableCellID // selected data cell (row counts coverage rows)
	tabs       *container.AppTabs
	prefsDlg   *prefsDialog // the open preferences dialog (for tests)

	shiftsTab   *shiftTypesEditor
	empsTab     *employeesEditor
	coverageTab *coverageEditor
	leaveTab    *leaveEditor
	swapsTab    *swapsEditor
}

func newRosterScreen(st *appState) *rosterScreen {
	return &rosterScreen{st: st, month: roster.MonthOf(st.today())}
}

// rosterTable is the grid: a widget.Table that also takes shift codes from
// the keyboard (arrow keys move, a letter sets the shift, Delete clears).
type rosterTable struct {
	widget.Table
	screen *rosterScreen
}

func (t *rosterTable) TypedKey(ev *fyne.KeyEvent) {
	s := t.screen
	if s.sel == nil {
		t.Table.TypedKey(ev)
		return
	}
	id := *s.sel
	rows, cols := t.Length()
	switch ev.Name {
	case fyne.KeyUp:
		id.Row--
	case fyne.KeyDown:
		id.Row++
	case fyne.KeyLeft:
		id.Col--
	case fyne.KeyRight:
		id.Col++
	case fyne.KeyDelete, fyne.KeyBackspace:
		s.setCell(id, "")
		return
	default:
		t.Table.TypedKey(ev)
		return
	}
	if id.Row >= len(s.model.shifts) && id.Row < rows && id.Col >= 0 && id.Col < cols {
		t.Select(id)
	}
}

func (t *rosterTable) TypedRune(r rune) {
	s := t.screen
	if s.sel == nil || s.model == nil {
		return
	}
	for _, st := range s.model.shifts {
		if first := []rune(st.Code)[0]; unicode.ToUpper(first) == unicode.ToUpper(r) {
			s.setCell(*s.sel, st.Code)
			return
		}
	}
}

func (s *rosterScreen) buildUI() fyne.CanvasObject {
	s.monthLbl = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.pubLbl = widget.NewLabel("")
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { s.month = s.month.Prev(); s.refresh() })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { s.month = s.month.Next(); s.refresh() })
	s.publishBtn = widget.NewButtonWithIcon(T("roster.publish"), theme.ConfirmIcon(), s.onPublish)
	s.cellLbl = widget.NewLabel(T("roster.pick_cell"))
	s.picker = widget.NewSelect(nil, func(v string) {
		if s.sel != nil && v != "" {
			code := strings.SplitN(v, " ", 2)[0]
			if v == T("roster.off") {
				code = ""
			}
			if code != s.model.cells[s.sel.Row-len(s.model.shifts)][s.sel.Col] {
				s.setCell(*s.sel, code)
			}
		}
	})
	s.picker.PlaceHolder = T("roster.shift")
	s.picker.Disable()

	s.grid = &rosterTable{screen: s}
	s.grid.Length = func() (int, int) {
		if s.model == nil {
			return 0, 0
		}
		return len(s.model.shifts) + len(s.model.emps), s.model.days
	}
	s.grid.CreateCell = newGridCell
	s.grid.UpdateCell = s.updateCell
	s.grid.ShowHeaderRow, s.grid.ShowHeaderColumn = true, true
	s.grid.CreateHeader = func() fyne.CanvasObject {
		// The header template's size is also the header column's width.
		l := canvas.NewText("", theme.Color(theme.ColorNameForeground))
		return container.NewStack(colorRect(color.Transparent, fyne.NewSize(190, 30)), container.NewPadded(l))
	}
	s.grid.UpdateHeader = s.updateHeader
	s.grid.OnSelected = s.onSelect
	s.grid.ExtendBaseWidget(s.grid)
	for d := 0; d < 31; d++ {
		s.grid.SetColumnWidth(d, 44)
	}

	legend := container.NewHBox(wishLegend(true), wishLegend(false))
	toolbar := container.NewVBox(
		container.NewHBox(prev, s.monthLbl, next, s.pubLbl, s.publishBtn, s.autoGenerateButton(), s.preferencesButton()),
		container.NewHBox(s.cellLbl, sized(s.picker, 150), widget.NewSeparator(), legend))
	gridTab := container.NewBorder(toolbar, nil, nil, nil, s.grid)

	s.shiftsTab = &shiftTypesEditor{screen: s}
	s.empsTab = &employeesEditor{screen: s}
	s.coverageTab = &coverageEditor{screen: s}
	s.leaveTab = &leaveEditor{screen: s}
	s.swapsTab = &swapsEditor{screen: s}
	s.tabs = container.NewAppTabs(
		container.NewTabItem(T("roster.grid"), gridTab),
		container.NewTabItem(T("roster.shift_types"), s.shiftsTab.buildUI()),
		container.NewTabItem(T("roster.employees"), s.empsTab.buildUI()),
		container.NewTabItem(T("roster.coverage"), s.coverageTab.buildUI()),
		container.NewTabItem(T("roster.leave"), s.leaveTab.buildUI()),
		container.NewTabItem(T("roster.swaps"), s.swapsTab.buildUI()),
	)
	s.tabs.OnSelected = func(*container.TabItem) { s.refreshTab() }
	return s.tabs
}

func (s *rosterScreen) refresh() {
	mr, err := s.loadMonth()
	if err != nil {
		s.st.showError(err)
		return
	}
	s.monthLbl.SetText(Tf("roster.month", mr.Month.Year, int(mr.Month.Month)))
	if mr.Published {
		s.pubLbl.SetText(Tf("roster.published", mr.PublishedBy, s.st.fmtDateTime(mr.PublishedAt)))
		s.publishBtn.SetText(T("roster.unpublish"))
	} else {
		s.pubLbl.SetText(T("roster.draft"))
		s.publishBtn.SetText(T("roster.publish"))
	}
	opts := []string{T("roster.off")}
	for _, st := range mr.ShiftTypes {
		opts = append(opts, st.Code+" "+st.Name)
	}
	s.picker.Options = opts
	s.sel = nil
	s.picker.ClearSelected()
	s.picker.Disable()
	s.cellLbl.SetText(T("roster.pick_cell"))
	s.grid.UnselectAll()
	s.grid.Refresh()
	s.refreshTab()
}

// loadMonth reads the shown month with its shift preferences into the
// grid model.
func (s *rosterScreen) loadMonth() (*store.MonthRoster, error) {
	mr, err := s.st.svc.MonthRoster(s.st.ctx, s.st.sess, s.month)
	if err != nil {
		return nil, err
	}
	prefs, err := s.st.svc.Preferences(s.st.ctx, s.st.sess, s.month, "")
	if err != nil {
		return nil, err
	}
	s.mr, s.model = mr, buildGrid(mr)
	s.model.setPreferences(prefs)
	return mr, nil
}

// refreshTab reloads the selected editor.
func (s *rosterScreen) refreshTab() {
	switch s.tabs.SelectedIndex() {
	case 1:
		s.shiftsTab.load()
	case 2:
		s.empsTab.load()
	case 3:
		s.coverageTab.load()
	case 4:
		s.leaveTab.load()
	case 5:
		s.swapsTab.load()
	}
}

// gridCell is one cell of the grid: a coloured background, a code and, in
// the top-right corner, a dot when the employee has a shift preference for
// the day (green when the cell honours it, red when not).
func newGridCell() fyne.CanvasObject {
	bg := canvas.NewRectangle(color.Transparent)
	txt := canvas.NewText("", theme.Color(theme.ColorNameForeground))
	txt.Alignment = fyne.TextAlignCenter
	txt.TextStyle.Bold = true
	dot := canvas.NewCircle(color.Transparent)
	dot.StrokeWidth = 1.5
	dot.Hide()
	return container.NewStack(bg, container.NewCenter(txt), container.New(cornerLayout{}, dot))
}

// wishDotSize is the diameter of a grid cell's preference dot.
const wishDotSize = 9

// cornerLayout puts its objects, as preference dots, in the top-right
// corner.
type cornerLayout struct{}

func (cornerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(fyne.NewSquareSize(wishDotSize))
		o.Move(fyne.NewPos(size.Width-wishDotSize-3, 3))
	}
}

func (cornerLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

// wishColor is the fill of a preference dot: the theme's success colour
// when the cell honours the wish, its error colour when not.
func wishColor(met bool) color.Color {
	if met {
		return theme.Color(theme.ColorNameSuccess)
	}
	return theme.Color(theme.ColorNameError)
}

// wishLegend is the grid legend's entry for a met or an unmet preference.
func wishLegend(met bool) fyne.CanvasObject {
	dot := canvas.NewCircle(wishColor(met))
	dot.StrokeColor, dot.StrokeWidth = theme.Color(theme.ColorNameForeground), 1.5
	text := T("roster.wish_unmet")
	if met {
		text = T("roster.wish_met")
	}
	return container.NewHBox(container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(wishDotSize), dot)), widget.NewLabel(text))
}

func (s *rosterScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	bg := c.Objects[0].(*canvas.Rectangle)
	txt := c.Objects[1].(*fyne.Container).Objects[0].(*canvas.Text)
	dot := c.Objects[2].(*fyne.Container).Objects[0].(*canvas.Circle)
	g := s.model
	if g == nil || id.Col >= g.days {
		return
	}
	var wish *roster.ShiftPreference
	fg := theme.Color(theme.ColorNameForeground)
	var fill color.Color = color.Transparent
	text := ""
	if ns := len(g.shifts); id.Row < ns {
		n, need := g.count[id.Row][id.Col], g.need[id.Row][id.Col]
		text = fmt.Sprintf("%d/%d", n, need)
		if g.short(id.Row, id.Col) {
			fill, fg = theme.Color(theme.ColorNameError), color.White
		} else {
			fill = theme.Color(theme.ColorNameInputBackground)
		}
	} else if r := id.Row - ns; r < len(g.emps) {
		code := g.cells[r][id.Col]
		switch {
		case code != "":
			col := g.colors[code]
			fill, fg, text = col, textOn(col), code
		case g.leave[r][id.Col] != "":
			fill, text = theme.Color(theme.ColorNameDisabledButton), T("roster.leave_mark")
		case g.weekend(id.Col):
			fill = theme.Color(theme.ColorNameInputBackground)
		}
		wish = g.wishAt(r, id.Col)
	}
	if wish != nil {
		dot.FillColor, dot.StrokeColor = wishColor(wish.Met(g.cells[id.Row-len(g.shifts)][id.Col])), fg
		dot.Show()
	} else {
		dot.Hide()
	}
	dot.Refresh()
	bg.FillColor = fill
	bg.Refresh()
	txt.Text, txt.Color = text, fg
	txt.Refresh()
}

func (s *rosterScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*fyne.Container).Objects[1].(*fyne.Container).Objects[0].(*canvas.Text)
	g := s.model
	l.Color = theme.Color(theme.ColorNameForeground)
	l.TextStyle.Bold = false
	switch {
	case g == nil:
		l.Text = ""
	case id.Row < 0 && id.Col >= 0 && id.Col < g.days:
		l.Text = fmt.Sprintf("%d %s", id.Col+1, weekdayShort(g.dates[id.Col].Weekday()))
		l.TextStyle.Bold = g.weekend(id.Col)
	case id.Col < 0 && id.Row >= 0 && id.Row < len(g.shifts):
		l.Text = Tf("roster.cover_row", g.shifts[id.Row].Code)
		l.TextStyle.Bold = true
	case id.Col < 0 && id.Row >= len(g.shifts) && id.Row-len(g.shifts) < len(g.emps):
		e := g.emps[id.Row-len(g.shifts)]
		l.Text = fmt.Sprintf("%s · %s %s", e.Team, e.Name, e.Code)
	default:
		l.Text = ""
	}
	l.Refresh()
}

func weekdayShort(w interface{ String() string }) string {
	switch w.String() {
	case "Monday":
		return T("wd.mon")
	case "Tuesday":
		return T("wd.tue")
	case "Wednesday":
		return T("wd.wed")
	case "Thursday":
		return T("wd.thu")
	case "Friday":
		return T("wd.fri")
	case "Saturday":
		return T("wd.sat")
	}
	return T("wd.sun")
}

// onSelect picks an employee-day cell for the shift picker and the keys.
func (s *rosterScreen) onSelect(id widget.TableCellID) {
	g := s.model
	if g == nil || id.Row < len(g.shifts) {
		s.sel = nil
		s.picker.Disable()
		return
	}
	s.sel = &id
	e := g.emps[id.Row-len(g.shifts)]
	text := Tf("roster.cell", e.Name, g.dates[id.Col].String())
	if p := g.wishAt(id.Row-len(g.shifts), id.Col); p != nil {
		text += " · " + Tf("roster.cell_wish", prefOtherLabel(*p), prefWeightLabel(p.Weight))
	}
	s.cellLbl.SetText(text)
	code := g.cells[id.Row-len(g.shifts)][id.Col]
	s.picker.Enable()
	s.picker.Selected = ""
	if code == "" {
		s.picker.Selected = T("roster.off")
	} else {
		for _, o := range s.picker.Options {
			if strings.SplitN(o, " ", 2)[0] == code {
				s.picker.Selected = o
			}
		}
	}
	s.picker.Refresh()
	s.st.win.Canvas().Focus(s.grid)
}

// setCell sets (or with "" clears) the shift of a grid cell; a published
// month asks for the reason first.
func (s *rosterScreen) setCell(id widget.TableCellID, code string) {
	g := s.model
	r := id.Row - len(g.shifts)
	if r < 0 || r >= len(g.emps) || id.Col < 0 || id.Col >= g.days {
		return
	}
	apply := func(reason string) {
		e, d := g.emps[r], g.dates[id.Col]
		var err error
		if code == "" {
			err = s.st.svc.ClearAssignment(s.st.ctx, s.st.sess, e.Code, d, reason)
		} else {
			err = s.st.svc.SetAssignment(s.st.ctx, s.st.sess, roster.Assignment{Employee: e.Code, Date: d, Shift: code}, reason)
		}
		if err != nil {
			s.st.showError(err)
			return
		}
		g.set(r, id.Col, code)
		s.grid.Refresh()
		s.onSelect(id)
	}
	if s.mr != nil && s.mr.Published {
		s.st.askText(T("roster.change_reason_title"), T("roster.change_reason"), true, apply)
		return
	}
	apply("")
}

// onPublish publishes the month, or unpublishes it with a reason.
func (s *rosterScreen) onPublish() {
	if s.mr == nil {
		return
	}
	if s.mr.Published {
		s.st.askText(T("roster.unpublish"), T("roster.unpublish_reason"), true, func(reason string) {
			if err := s.st.svc.UnpublishMonth(s.st.ctx, s.st.sess, s.month, reason); err != nil {
				s.st.showError(err)
			}
			s.refresh()
		})
		return
	}
	s.st.confirm(T("roster.publish"), Tf("roster.publish_confirm", s.month.String()), func() {
		if err := s.st.svc.PublishMonth(s.st.ctx, s.st.sess, s.month); err != nil {
			s.st.showError(err)
		}
		s.refresh()
	})
}

// ---- editors ----

// formDialog shows a form; when onOK fails the error is shown and the
// form opens again with what was typed.
func (st *appState) formDialog(title string, items []*widget.FormItem, onOK func() error) {
	f := &formDlg{st: st, onOK: onOK}
	form := widget.NewForm(items...)
	f.dlg = dialog.NewCustomConfirm(title, T("ok"), T("cancel"), container.NewGridWrap(fyne.NewSize(480, form.MinSize().Height), form), func(ok bool) {
		st.form = nil
		if ok {
			f.apply()
		}
	}, st.win)
	f.show()
}

// formDlg is an open form (tests submit it directly).
type formDlg struct {
	st   *appState
	onOK func() error
	dlg  *dialog.ConfirmDialog
}

func (f *formDlg) show() {
	f.st.form = f
	f.dlg.Show()
}

// submit closes the form and applies it, as its OK button does.
func (f *formDlg) submit() {
	f.dlg.Hide()
	f.apply()
}

func (f *formDlg) apply() {
	f.st.form = nil
	if err := f.onOK(); err != nil {
		f.st.showError(err)
		f.show()
	}
}

func parseIntField(field, s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, roster.FieldErrorf(field, "%q is not a whole number", s)
	}
	return n, nil
}

func parseClockField(field, s string) (roster.Clock, error) {
	c, err := roster.ParseClock(strings.TrimSpace(s))
	if err != nil {
		return 0, roster.FieldErrorf(field, "%v", err)
	}
	return c, nil
}

func yesNo(b bool) string {
	if b {
		return T("yes")
	}
	return T("no")
}

// editorFrame lays out an editor: buttons on top, the table below.
func editorFrame(t *textTable, buttons ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(container.NewHBox(buttons...), nil, nil, nil, t)
}

// shiftTypesEditor edits the shift types (an end at or before the start is
// an overnight shift).
type shiftTypesEditor struct {
	screen *rosterScreen
	table  *textTable
	types  []roster.ShiftType
	sel    int
}

func (e *shiftTypesEditor) buildUI() fyne.CanvasObject {
	e.sel = -1
	e.table = newTextTable(
		[]string{T("col.code"), T("col.name"), T("col.start"), T("col.end"), T("col.overnight"), T("col.post"), T("col.handover"), T("col.meal"), T("col.color")},
		[]float32{60, 110, 60, 60, 60, 90, 70, 70, 80},
		func() int { return len(e.types) },
		func(r, c int) string {
			t := &e.types[r]
			return [...]string{t.Code, t.Name, t.Start.String(), t.End.String(), yesNo(t.Overnight()), t.PostName(), yesNo(t.Handover), fmt.Sprint(t.MealBreakMin), t.Color}[c]
		})
	e.table.OnRow = func(r int) { e.sel = r }
	st := e.screen.st
	return editorFrame(e.table,
		widget.NewButtonWithIcon(T("action.new"), theme.ContentAddIcon(), func() { e.edit(nil) }),
		widget.NewButtonWithIcon(T("action.edit"), theme.DocumentCreateIcon(), func() {
			if e.sel >= 0 && e.sel < len(e.types) {
				t := e.types[e.sel]
				e.edit(&t)
			}
		}),
		widget.NewButtonWithIcon(T("action.delete"), theme.DeleteIcon(), func() {
			if e.sel < 0 || e.sel >= len(e.types) {
				return
			}
			code := e.types[e.sel].Code
			st.confirm(T("action.delete"), Tf("roster.delete_shift", code), func() {
				if err := st.svc.DeleteShiftType(st.ctx, st.sess, code); err != nil {
					st.showError(err)
				}
				e.load()
			})
		}))
}

func (e *shiftTypesEditor) load() {
	st := e.screen.st
	ts, err := st.svc.ShiftTypes(st.ctx, st.sess)
	if err != nil {
		st.showError(err)
		return
	}
	e.types, e.sel = ts, -1
	e.table.reload()
}

// edit opens the form for a new (nil) or an existing shift type.
func (e *shiftTypesEditor) edit(t *roster.ShiftType) {
	st := e.screen.st
	isNew := t == nil
	if isNew {
		t = &roster.ShiftType{Start: 8 * 60, End: 16 * 60, Color: "#4CAF50"}
	}
	code, name := widget.NewEntry(), widget.NewEntry()
	code.SetText(t.Code)
	if !isNew {
		code.Disable()
	}
	name.SetText(t.Name)
	start, end := widget.NewEntry(), widget.NewEntry()
	start.SetText(t.Start.String())
	end.SetText(t.End.String())
	post, meal, col := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	post.SetText(t.Post)
	post.SetPlaceHolder(roster.DefaultPost)
	meal.SetText(fmt.Sprint(t.MealBreakMin))
	col.SetText(t.Color)
	handover := widget.NewCheck(T("roster.handover_required"), nil)
	handover.SetChecked(t.Handover)
	items := []*widget.FormItem{
		widget.NewFormItem(T("col.code"), code), widget.NewFormItem(T("col.name"), name),
		{Text: T("col.start"), Widget: start, HintText: T("roster.time_hint")},
		{Text: T("col.end"), Widget: end, HintText: T("roster.overnight_hint")},
		widget.NewFormItem(T("col.post"), post), widget.NewFormItem(T("col.meal"), meal),
		{Text: T("col.color"), Widget: col, HintText: "#RRGGBB"}, widget.NewFormItem("", handover),
	}
	st.formDialog(T("roster.shift_types"), items, func() error {
		n := *t
		var err error
		n.Code, n.Name, n.Post, n.Color, n.Handover = strings.TrimSpace(code.Text), strings.TrimSpace(name.Text), strings.TrimSpace(post.Text), strings.TrimSpace(col.Text), handover.Checked
		if n.Start, err = parseClockField("start", start.Text); err != nil {
			return err
		}
		if n.End, err = parseClockField("end", end.Text); err != nil {
			return err
		}
		if n.MealBreakMin, err = parseIntField("meal_break_min", meal.Text); err != nil {
			return err
		}
		if err := st.svc.SaveShiftType(st.ctx, st.sess, &n); err != nil {
			return err
		}
		e.load()
		return nil
	})
}

// employeesEditor adds, edits and deactivates employees.
type employeesEditor struct {
	screen *rosterScreen
	table  *textTable
	emps   []roster.Employee
	sel    int
}

func (e *employeesEditor) buildUI() fyne.CanvasObject {
	e.sel = -1
	e.table = newTextTable(
		[]string{T("col.employee"), T("col.name"), T("col.team"), T("col.active"), T("col.max_nights")},
		[]float32{90, 120, 120, 60, 110},
		func() int { return len(e.emps) },
		func(r, c int) string {
			x := &e.emps[r]
			return [...]string{x.Code, x.Name, x.Team, yesNo(x.Active), fmt.Sprint(x.MaxNightsPerMonth)}[c]
		})
	e.table.OnRow = func(r int) { e.sel = r }
	st := e.screen.st
	return editorFrame(e.table,
		widget.NewButtonWithIcon(T("action.new"), theme.ContentAddIcon(), func() { e.edit(nil) }),
		widget.NewButtonWithIcon(T("action.edit"), theme.DocumentCreateIcon(), func() {
			if e.sel >= 0 && e.sel < len(e.emps) {
				x := e.emps[e.sel]
				e.edit(&x)
			}
		}),
		widget.NewButtonWithIcon(T("action.deactivate"), theme.DeleteIcon(), func() {
			if e.sel < 0 || e.sel >= len(e.emps) {
				return
			}
			code := e.emps[e.sel].Code
			st.askText(T("action.deactivate"), Tf("roster.deactivate_reason", code), true, func(reason string) {
				if err := st.svc.DeactivateEmployee(st.ctx, st.sess, code, reason); err != nil {
					st.showError(err)
				}
				e.load()
			})
		}))
}

func (e *employeesEditor) load() {
	st := e.screen.st
	emps, err := st.svc.Employees(st.ctx, st.sess, store.EmployeeFilter{IncludeInactive: true})
	if err != nil {
		st.showError(err)
		return
	}
	e.emps, e.sel = emps, -1
	e.table.reload()
}

func (e *employeesEditor) edit(x *roster.Employee) {
	st := e.screen.st
	isNew := x == nil
	if isNew {
		x = &roster.Employee{Active: true}
	}
	code, name, team, nights := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	code.SetText(x.Code)
	if !isNew {
		code.Disable()
	}
	name.SetText(x.Name)
	team.SetText(x.Team)
	nights.SetText(fmt.Sprint(x.MaxNightsPerMonth))
	items := []*widget.FormItem{
		widget.NewFormItem(T("col.employee"), code), widget.NewFormItem(T("col.name"), name),
		widget.NewFormItem(T("col.team"), team), {Text: T("col.max_nights"), Widget: nights, HintText: T("roster.max_nights_hint")},
	}
	st.formDialog(T("roster.employees"), items, func() error {
		n := *x
		n.Code, n.Name, n.Team = strings.TrimSpace(code.Text), strings.TrimSpace(name.Text), strings.TrimSpace(team.Text)
		var err error
		if n.MaxNightsPerMonth, err = parseIntField("max_nights", nights.Text); err != nil {
			return err
		}
		if isNew {
			err = st.svc.CreateEmployee(st.ctx, st.sess, &n)
		} else {
			err = st.svc.UpdateEmployee(st.ctx, st.sess, &n)
		}
		if err != nil {
			return err
		}
		e.load()
		return nil
	})
}

// coverageEditor edits the required head counts per shift: every day, a
// weekday, or one date.
type coverageEditor struct {
	screen *rosterScreen
	table  *textTable
	rules  []roster.CoverageRequirement
	sel    int
}

func weekdayLong(wd int) string {
	return [...]string{T("wd.every"), T("wd.sun"), T("wd.mon"), T("wd.tue"), T("wd.wed"), T("wd.thu"), T("wd.fri"), T("wd.sat")}[wd+1]
}

func (e *coverageEditor) buildUI() fyne.CanvasObject {
	e.sel = -1
	e.table = newTextTable(
		[]string{T("col.shift"), T("col.when"), T("col.required")},
		[]float32{80, 160, 100},
		func() int { return len(e.rules) },
		func(r, c int) string {
			x := &e.rules[r]
			when := weekdayLong(x.Weekday)
			if !x.Date.IsZero() {
				when = x.Date.String()
			}
			return [...]string{x.Shift, when, fmt.Sprint(x.Required)}[c]
		})
	e.table.OnRow = func(r int) { e.sel = r }
	st := e.screen.st
	return editorFrame(e.table,
		widget.NewButtonWithIcon(T("action.new"), theme.ContentAddIcon(), func() { e.edit(nil) }),
		widget.NewButtonWithIcon(T("action.edit"), theme.DocumentCreateIcon(), func() {
			if e.sel >= 0 && e.sel < len(e.rules) {
				x := e.rules[e.sel]
				e.edit(&x)
			}
		}),
		widget.NewButtonWithIcon(T("action.delete"), theme.DeleteIcon(), func() {
			if e.sel < 0 || e.sel >= len(e.rules) {
				return
			}
			id := e.rules[e.sel].ID
			if err := st.svc.DeleteCoverage(st.ctx, st.sess, id); err != nil {
				st.showError(err)
			}
			e.load()
		}))
}

func (e *coverageEditor) load() {
	st := e.screen.st
	rules, err := st.svc.Coverage(st.ctx, st.sess)
	if err != nil {
		st.showError(err)
		return
	}
	e.rules, e.sel = rules, -1
	e.table.reload()
}

func (e *coverageEditor) edit(x *roster.CoverageRequirement) {
	st := e.screen.st
	if x == nil {
		x = &roster.CoverageRequirement{Weekday: -1, Required: 1}
	}
	var codes []string
	if e.screen.mr != nil {
		for _, t := range e.screen.mr.ShiftTypes {
			codes = append(codes, t.Code)
		}
	}
	shift := widget.NewSelect(codes, nil)
	shift.SetSelected(x.Shift)
	days := []string{weekdayLong(-1)}
	for wd := 0; wd < 7; wd++ {
		days = append(days, weekdayLong(wd))
	}
	weekday := widget.NewSelect(days, nil)
	weekday.SetSelectedIndex(x.Weekday + 1)
	date, req := widget.NewEntry(), widget.NewEntry()
	date.SetPlaceHolder("YYYY-MM-DD")
	if !x.Date.IsZero() {
		date.SetText(x.Date.String())
	}
	req.SetText(fmt.Sprint(x.Required))
	items := []*widget.FormItem{
		widget.NewFormItem(T("col.shift"), shift), widget.NewFormItem(T("col.weekday"), weekday),
		{Text: T("col.date"), Widget: date, HintText: T("roster.date_overrides")}, widget.NewFormItem(T("col.required"), req),
	}
	st.formDialog(T("roster.coverage"), items, func() error {
		n := *x
		n.Shift, n.Weekday, n.Date = shift.Selected, weekday.SelectedIndex()-1, roster.Date{}
		var err error
		if strings.TrimSpace(date.Text) != "" {
			if n.Date, err = parseDateEntry("date", date.Text); err != nil {
				return err
			}
		}
		if n.Required, err = parseIntField("required", req.Text); err != nil {
			return err
		}
		if err := st.svc.SaveCoverage(st.ctx, st.sess, &n); err != nil {
			return err
		}
		e.load()
		return nil
	})
}

// leaveEditor records approved leave and cancels it with a reason.
type leaveEditor struct {
	screen *rosterScreen
	table  *textTable
	leaves []roster.Leave
	sel    int
}

func leaveLabel(t roster.LeaveType) string {
	switch t {
	case roster.LeaveAnnual:
		return T("leave.annual")
	case roster.LeaveSick:
		return T("leave.sick")
	case roster.LeavePersonal:
		return T("leave.personal")
	}
	return string(t)
}

func (e *leaveEditor) buildUI() fyne.CanvasObject {
	e.sel = -1
	e.table = newTextTable(
		[]string{T("col.date"), T("col.employee"), T("col.type"), T("col.reason"), T("col.approved_by")},
		[]float32{100, 90, 80, 260, 100},
		func() int { return len(e.leaves) },
		func(r, c int) string {
			x := &e.leaves[r]
			return [...]string{x.Date.String(), x.Employee, leaveLabel(x.Type), x.Reason, x.ApprovedBy}[c]
		})
	e.table.OnRow = func(r int) { e.sel = r }
	st := e.screen.st
	return editorFrame(e.table,
		widget.NewButtonWithIcon(T("roster.add_leave"), theme.ContentAddIcon(), e.add),
		widget.NewButtonWithIcon(T("action.cancel_leave"), theme.DeleteIcon(), func() {
			if e.sel < 0 || e.sel >= len(e.leaves) {
				return
			}
			id := e.leaves[e.sel].ID
			st.askText(T("action.cancel_leave"), T("roster.cancel_leave_reason"), true, func(reason string) {
				if err := st.svc.CancelLeave(st.ctx, st.sess, id, reason); err != nil {
					st.showError(err)
				}
				e.load()
			})
		}))
}

func (e *leaveEditor) load() {
	st := e.screen.st
	m := e.screen.month
	ls, err := st.svc.Leaves(st.ctx, st.sess, store.LeaveFilter{From: m.First(), To: m.Last()})
	if err != nil {
		st.showError(err)
		return
	}
	e.leaves, e.sel = ls, -1
	e.table.reload()
}

func (e *leaveEditor) add() {
	st := e.screen.st
	emp, date, reason := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	date.SetText(st.today().String())
	types := []string{leaveLabel(roster.LeaveAnnual), leaveLabel(roster.LeaveSick), leaveLabel(roster.LeavePersonal)}
	typ := widget.NewSelect(types, nil)
	typ.SetSelectedIndex(0)
	items := []*widget.FormItem{
		widget.NewFormItem(T("col.employee"), emp), widget.NewFormItem(T("col.date"), date),
		widget.NewFormItem(T("col.type"), typ), widget.NewFormItem(T("col.reason"), reason),
	}
	st.formDialog(T("roster.add_leave"), items, func() error {
		d, err := parseDateEntry("date", date.Text)
		if err != nil {
			return err
		}
		l := &roster.Leave{Employee: strings.TrimSpace(emp.Text), Date: d, Type: roster.LeaveTypes[max(0, typ.SelectedIndex())], Reason: strings.TrimSpace(reason.Text)}
		if err := st.svc.AddLeave(st.ctx, st.sess, l); err != nil {
			return err
		}
		e.load()
		e.screen.refreshGridOnly()
		return nil
	})
}

// refreshGridOnly reloads the month without touching the editor tabs.
func (s *rosterScreen) refreshGridOnly() {
	if _, err := s.loadMonth(); err == nil {
		s.grid.Refresh()
	}
}

// swapsEditor lists swap requests; pending ones are approved or refused.
type swapsEditor struct {
	screen *rosterScreen
	table  *textTable
	swaps  []roster.SwapRequest
	sel    int
	status *widget.Select
}

func swapStatusLabel(s roster.SwapStatus) string {
	switch s {
	case roster.SwapPending:
		return T("swap.pending")
	case roster.SwapApproved:
		return T("swap.approved")
	case roster.SwapRefused:
		return T("swap.refused")
	}
	return string(s)
}

func (e *swapsEditor) buildUI() fyne.CanvasObject {
	e.sel = -1
	e.table = newTextTable(
		[]string{T("col.requested"), T("col.employee"), T("col.date"), T("col.other"), T("col.other_date"), T("col.reason"), T("col.status"), T("col.note")},
		[]float32{130, 80, 96, 80, 96, 200, 70, 150},
		func() int { return len(e.swaps) },
		func(r, c int) string {
			x := &e.swaps[r]
			od := T("swap.give_away")
			if !x.OtherDate.IsZero() {
				od = x.OtherDate.String()
			}
			return [...]string{e.screen.st.fmtDateTime(x.RequestedAt), x.Requester, x.Date.String(), x.Other, od, x.Reason, swapStatusLabel(x.Status), x.DecideNote}[c]
		})
	e.table.OnRow = func(r int) { e.sel = r }
	e.status = widget.NewSelect([]string{T("swap.pending"), T("filter.all_status")}, func(string) { e.load() })
	e.status.SetSelectedIndex(0)
	return editorFrame(e.table, sized(e.status, 130),
		widget.NewButtonWithIcon(T("swap.approve"), theme.ConfirmIcon(), func() { e.decide(true) }),
		widget.NewButtonWithIcon(T("swap.refuse"), theme.CancelIcon(), func() { e.decide(false) }))
}

// decide approves or refuses the selected request (a refusal needs a note).
func (e *swapsEditor) decide(approve bool) {
	st := e.screen.st
	if e.sel < 0 || e.sel >= len(e.swaps) {
		return
	}
	id := e.swaps[e.sel].ID
	title := T("swap.refuse")
	if approve {
		title = T("swap.approve")
	}
	st.askText(title, T("swap.note"), !approve, func(note string) {
		var err error
		if approve {
			err = st.svc.ApproveSwap(st.ctx, st.sess, id, note)
		} else {
			err = st.svc.RefuseSwap(st.ctx, st.sess, id, note)
		}
		if err != nil {
			st.showError(err)
		}
		e.load()
		e.screen.refreshGridOnly()
	})
}

func (e *swapsEditor) load() {
	st := e.screen.st
	if e.table == nil {
		return
	}
	f := store.SwapFilter{}
	if e.status.SelectedIndex() == 0 {
		f.Status = roster.SwapPending
	}
	sw, err := st.svc.SwapRequests(st.ctx, st.sess, f)
	if err != nil {
		st.showError(err)
		return
	}
	e.swaps, e.sel = sw, -1
	e.table.reload()
}
