package ui

import (
	"context"
	"fmt"
	"image/color"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiftguard/roster"
	"shiftguard/store"
)

// gridDot draws the grid cell of employee code on day and returns its
// preference dot.
func gridDot(t *testing.T, s *rosterScreen, code string, day int) *canvas.Circle {
	t.Helper()
	r, ok := s.model.row[code]
	if !ok {
		t.Fatalf("no grid row for %s", code)
	}
	cell := newGridCell()
	s.updateCell(widget.TableCellID{Row: len(s.model.shifts) + r, Col: day - 1}, cell)
	return cell.(*fyne.Container).Objects[2].(*fyne.Container).Objects[0].(*canvas.Circle)
}

// sameColor compares two colours by their RGBA values.
func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// prefRows is the preferences dialog's list as "date employee name kind
// weight note by" lines.
func prefRows(p *prefsDialog) []string {
	var out []string
	rows, cols := len(p.shown), len(p.table.headers)
	for r := range rows {
		var cells []string
		for c := range cols {
			cells = append(cells, p.table.cell(r, c))
		}
		out = append(out, strings.Join(cells, "|"))
	}
	return out
}

// A manager opens the month's preferences from the roster grid, sees the
// agents' wishes sorted by date then employee and filtered by team,
// withdraws one (only with a reason), adds one for another employee with
// the shared form, and the grid marks the cells that have a wish: green
// when the roster honours it, red when not.
func TestManagerPreferences(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	admin, err := f.svc.Login(ctx, "admin", testPassword)
	f.must(err)
	e03 := roster.Employee{Code: "E03", Name: "张敏", Team: "二组", Active: true}
	f.must(f.svc.CreateEmployee(ctx, admin, &e03))
	d := func(day int) roster.Date { return roster.NewDate(2026, 11, day) }
	e01, err := f.svc.Login(ctx, "e01", testPassword)
	f.must(err)
	f.must(f.svc.AddPreference(ctx, e01, &roster.ShiftPreference{Employee: "E01", Date: d(10), Weight: roster.PreferenceVeryImportant, Note: "家里有事"}))
	f.must(f.svc.AddPreference(ctx, admin, &roster.ShiftPreference{Employee: "E02", Date: d(12), Shift: "A", On: true, Weight: roster.PreferenceNormal}))
	f.must(f.svc.AddPreference(ctx, admin, &roster.ShiftPreference{Employee: "E03", Date: d(12), Shift: "B", Weight: roster.PreferenceImportant}))
	f.must(f.svc.SetAssignment(ctx, admin, roster.Assignment{Employee: "E03", Date: d(12), Shift: "B"}, ""))

	f.clock.set(f.at(9, 0))
	f.signIn("manager")
	s := f.st.screenFor("roster").(*rosterScreen)
	s.refresh()

	// The grid: E01's day off is met (no shift), E02 has no shift on the
	// 12th though wanting A, E03 works the B they would rather not.
	for _, c := range []struct {
		code string
		day  int
		mark bool
		met  bool
	}{{"E01", 10, true, true}, {"E02", 12, true, false}, {"E03", 12, true, false}, {"E01", 12, false, false}, {"E02", 10, false, false}} {
		dot := gridDot(t, s, c.code, c.day)
		if dot.Visible() != c.mark {
			t.Errorf("%s day %d: dot shown %v, want %v", c.code, c.day, dot.Visible(), c.mark)
		}
		if c.mark && !sameColor(dot.FillColor, wishColor(c.met)) {
			t.Errorf("%s day %d: dot %v, want the colour of met=%v", c.code, c.day, dot.FillColor, c.met)
		}
	}
	s.grid.Select(widget.TableCellID{Row: len(s.model.shifts) + s.model.row["E01"], Col: 9})
	if want := Tf("roster.cell_wish", T("pref.wants_day_off"), T("pref.weight_very")); !strings.Contains(s.cellLbl.Text, want) {
		t.Errorf("selected cell reads %q, want it to name the wish %q", s.cellLbl.Text, want)
	}

	btn := findButton(s.tabs.Items[0].Content, T("roster.prefs"))
	if btn == nil || !btn.Visible() {
		t.Fatal("the manager's roster toolbar has no visible preferences button")
	}
	test.Tap(btn)
	p := s.prefsDlg
	if p == nil {
		t.Fatalf("the preferences dialog did not open: %q", f.st.lastError)
	}
	wd := func(day int) string { return d(day).String() + " " + weekdayShort(d(day).Weekday()) }
	want := []string{
		wd(10) + "|E01|王伟|" + T("pref.wants_day_off") + "|" + T("pref.weight_very") + "|家里有事|e01",
		wd(12) + "|E02|李娜|" + Tf("pref.wants", "A") + "|" + T("pref.weight_normal") + "||admin",
		wd(12) + "|E03|张敏|" + Tf("pref.not", "B") + "|" + T("pref.weight_important") + "||admin",
	}
	if got := prefRows(p); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("list:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	p.team.SetSelected("二组")
	if got := prefRows(p); len(got) != 1 || !strings.Contains(got[0], "E03") {
		t.Errorf("team 二组 shows %v", got)
	}
	p.team.SetSelectedIndex(0)
	if len(p.shown) != 3 || !p.withdraw.Disabled() {
		t.Fatalf("all teams: %d shown, withdraw disabled %v before a selection", len(p.shown), p.withdraw.Disabled())
	}

	// Withdrawing E01's wish needs a reason.
	p.table.selectRow(0)
	test.Tap(p.withdraw)
	if f.st.prompt == nil {
		t.Fatal("withdraw asked for no reason")
	}
	f.st.prompt.submit()
	if f.st.lastError == "" || len(p.shown) != 3 {
		t.Fatalf("withdrawing without a reason: error %q, %d shown", f.st.lastError, len(p.shown))
	}
	f.st.lastError = ""
	p.table.selectRow(0)
	test.Tap(p.withdraw)
	setEntry(f.st.prompt.entry, "当天培训,已与本人沟通")
	f.st.prompt.submit()
	if f.st.lastError != "" {
		t.Fatalf("withdraw: %s", f.st.lastError)
	}
	m := roster.MonthOf(f.day)
	left, err := f.svc.Preferences(ctx, f.st.sess, m, "E01")
	f.must(err)
	if len(left) != 0 || len(p.shown) != 2 || p.shown[0].Employee != "E02" {
		t.Fatalf("after withdrawing: stored %+v, listed %+v", left, p.shown)
	}
	if gridDot(t, s, "E01", 10).Visible() {
		t.Error("the grid still marks the withdrawn wish")
	}

	// Adding needs an employee; then it is stored for E02 as the manager's.
	test.Tap(p.add)
	pf := p.pf
	if pf == nil || f.st.form == nil || pf.emp == nil {
		t.Fatal("the add form with an employee selector did not open")
	}
	if len(pf.emp.Options) != 3 || pf.kind.Options[prefKindOff] != T("pref.other_off") {
		t.Fatalf("employees %v, kinds %v", pf.emp.Options, pf.kind.Options)
	}
	f.st.form.submit()
	if f.st.lastError == "" || f.st.form == nil {
		t.Fatalf("adding without an employee: error %q, form open %v", f.st.lastError, f.st.form != nil)
	}
	f.st.lastError = ""
	pf.emp.SetSelectedIndex(selectIndexPrefix(pf.emp.Options, "E02 "))
	pf.date.SetSelectedIndex(20 - f.day.Day)
	pf.kind.SetSelected(pf.kind.Options[prefKindOff])
	pf.shift.SetSelectedIndex(selectIndexPrefix(pf.shift.Options, "B "))
	pf.weight.SetSelected(pf.weight.Options[roster.PreferenceImportant-1])
	setEntry(pf.note, "经理代录")
	f.st.form.submit()
	if f.st.lastError != "" {
		t.Fatalf("add: %s", f.st.lastError)
	}
	got, err := f.svc.Preferences(ctx, f.st.sess, m, "E02")
	f.must(err)
	var gs []string
	for _, x := range got {
		gs = append(gs, fmt.Sprintf("%s:%s:%v:%d:%s:%s", x.Date, x.Shift, x.On, x.Weight, x.Note, x.CreatedBy))
	}
	if w := "2026-11-12:A:true:1::admin 2026-11-20:B:false:2:经理代录:manager"; strings.Join(gs, " ") != w {
		t.Fatalf("E02's preferences %v, want %s", gs, w)
	}
	if len(p.shown) != 3 || p.shown[2].Date != d(20) || p.pf != nil {
		t.Errorf("list after adding: %+v", p.shown)
	}
	if dot := gridDot(t, s, "E02", 20); !dot.Visible() || !sameColor(dot.FillColor, wishColor(true)) {
		t.Errorf("E02 day 20: dot shown %v in %v, want the met colour", dot.Visible(), dot.FillColor)
	}
	// Giving E02 the B shift they would rather not work turns the dot red.
	s.setCell(widget.TableCellID{Row: len(s.model.shifts) + s.model.row["E02"], Col: 19}, "B")
	if dot := gridDot(t, s, "E02", 20); !sameColor(dot.FillColor, theme.Color(theme.ColorNameError)) {
		t.Errorf("E02 day 20 on B: dot %v, want the unmet colour", dot.FillColor)
	}
}

// On the demo center auto-generate weighs the agents' wishes and its
// proposal says how many of them it meets.
func TestDemoAutoGenerateCountsPreferences(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo center")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, loc)
	opts := store.DefaultDemoOptions()
	opts.Now, opts.Agents = now, 15
	if err := store.Demo(ctx, db, opts); err != nil {
		t.Fatal(err)
	}
	svc := store.NewService(db)
	svc.Now = func() time.Time { return now }
	a := test.NewTempApp(t)
	w := a.NewWindow("ShiftGuard")
	w.Resize(fyne.NewSize(1366, 768))
	defer w.Close()
	st := newAppState(a, w, svc, Options{DBPath: db.Path(), Lang: LangEN, Now: svc.Now})
	st.noTicker = true
	st.showStart()
	sess, err := svc.Login(ctx, "manager", store.DemoManagerPassword)
	if err != nil {
		t.Fatal(err)
	}
	st.signedIn(sess)
	if !st.show("roster") {
		t.Fatal("no roster screen")
	}
	s := st.screenFor("roster").(*rosterScreen)
	if len(s.model.prefs) < 5 {
		t.Fatalf("the demo's grid has %d preferences", len(s.model.prefs))
	}
	g := s.openAutoGenerate()
	if g == nil {
		t.Fatalf("auto-generate did not open: %s", st.lastError)
	}
	g.maxIterations = 16
	g.start()
	st.wait()
	if g.proposal == nil {
		t.Fatalf("no proposal: %q", g.objLbl.Text)
	}
	if want := Tf("autogen.prefs_met", g.prefsMet, len(s.model.prefs)); len(g.prefs) != len(s.model.prefs) || !strings.Contains(g.summary.Text, want) {
		t.Errorf("summary %q, want it to contain %q", g.summary.Text, want)
	}
	t.Logf("%s", g.summary.Text)
}
