package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shiftguard/roster"
)

// TestScheduleShowsOnlyOwnShifts: an agent's "My schedule" lists their own
// shifts and leave of the month with the totals, never a colleague's; the
// screen is only in the agents' navigation (staff use the roster grid).
func TestScheduleShowsOnlyOwnShifts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	admin, err := f.svc.Login(ctx, "admin", testPassword)
	f.must(err)
	d5, d9 := roster.NewDate(2026, 11, 5), roster.NewDate(2026, 11, 9)
	f.must(f.svc.SetAssignment(ctx, admin, roster.Assignment{Employee: "E01", Date: d5, Shift: "B"}, ""))
	f.must(f.svc.SetAssignment(ctx, admin, roster.Assignment{Employee: "E02", Date: d9, Shift: "A"}, ""))
	f.must(f.svc.AddLeave(ctx, admin, &roster.Leave{Employee: "E01", Date: d9, Type: roster.LeaveAnnual, Reason: "trip"}))

	f.signIn("e01")
	if !f.st.show("schedule") {
		t.Fatal("no schedule screen in the agent's navigation")
	}
	s := f.st.screenFor("schedule").(*scheduleScreen)
	if s.month != roster.MonthOf(f.day) {
		t.Fatalf("month = %v, want %v", s.month, roster.MonthOf(f.day))
	}
	var got []string
	for _, r := range s.rows {
		got = append(got, r.date.String()+":"+r.code+":"+string(r.leave))
	}
	want := []string{"2026-11-02:A:", "2026-11-05:B:", "2026-11-09::" + string(roster.LeaveAnnual)}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("rows = %v, want %v", got, want)
	}
	// A 8 h + B 8 h (16:00–24:00 ends on the next day: a night).
	if want := Tf("schedule.totals", 2, "16.0", 1); s.totals.Text != want {
		t.Errorf("totals = %q, want %q", s.totals.Text, want)
	}

	s.month = s.month.Next()
	s.refresh()
	if len(s.rows) != 0 || !strings.Contains(s.totals.Text, "0") {
		t.Errorf("December: rows %v, totals %q", s.rows, s.totals.Text)
	}

	f.signIn("manager")
	if f.st.screenFor("schedule") != nil {
		t.Error("a manager's navigation has the agent's schedule screen")
	}
}

// TestDeskBreakBarHiddenWhenIdle: before clock-in the break countdown bar
// is hidden (Fyne paints an empty bar in faded primary, which read as
// full); once a stretch runs it shows and counts from empty.
func TestDeskBreakBarHiddenWhenIdle(t *testing.T) {
	f := newFixture(t)
	f.signIn("e01")
	d := f.desk()
	if d.breakBar.Visible() {
		t.Fatalf("break bar visible before clock-in (value %v)", d.breakBar.Value)
	}
	f.clock.set(f.at(8, 0))
	d.punch(roster.ClockIn)
	if !d.breakBar.Visible() || d.breakBar.Value != 0 {
		t.Fatalf("after clock-in: visible %v, value %v; want visible at 0", d.breakBar.Visible(), d.breakBar.Value)
	}
	f.clock.set(f.at(9, 30))
	d.tick()
	if want := 90.0 / float64(d.policy.BreakAfterMin); d.breakBar.Value != want {
		t.Errorf("value at 1 h 30 = %v, want %v", d.breakBar.Value, want)
	}
}

// TestSchedulePreferences: an agent adds preferences through the form of
// "My schedule" (a day off, a wish to work a shift), sees them listed and
// stored, withdraws one, and cannot add any for a month that is over or
// published.
func TestSchedulePreferences(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.signIn("e01")
	if !f.st.show("schedule") {
		t.Fatal("no schedule screen")
	}
	s := f.st.screenFor("schedule").(*scheduleScreen)
	m := roster.MonthOf(f.day)
	if len(s.prefs) != 0 || s.addPref.Disabled() {
		t.Fatalf("before: prefs %v, add disabled %v", s.prefs, s.addPref.Disabled())
	}

	add := func(day int, kind int, shift string, weight int, note string) {
		t.Helper()
		test.Tap(s.addPref)
		pf := s.pf
		if f.st.form == nil || pf == nil {
			t.Fatal("the add-preference form did not open")
		}
		if got := pf.dates[0]; got != f.day {
			t.Fatalf("first offered day %s, want today %s", got, f.day)
		}
		pf.date.SetSelectedIndex(day - f.day.Day)
		pf.kind.SetSelected(pf.kind.Options[kind])
		// The shift stays chosen for a day off, where it does not count.
		pf.shift.SetSelectedIndex(max(0, selectIndexPrefix(pf.shift.Options, shift+" ")))
		pf.weight.SetSelected(pf.weight.Options[weight-1])
		setEntry(pf.note, note)
		f.st.form.submit()
		if f.st.lastError != "" {
			t.Fatalf("add: %s", f.st.lastError)
		}
	}
	add(10, prefKindDayOff, "", roster.PreferenceVeryImportant, "家里有事")
	add(12, prefKindOn, "B", roster.PreferenceImportant, "")
	add(13, prefKindOff, "A", roster.PreferenceNormal, "")

	stored, err := f.svc.Preferences(ctx, f.st.sess, m, "E01")
	f.must(err)
	var got []string
	for _, p := range stored {
		got = append(got, fmt.Sprintf("%s:%s:%v:%d:%s", p.Date, p.Shift, p.On, p.Weight, p.Note))
	}
	want := []string{"2026-11-10::false:3:家里有事", "2026-11-12:B:true:2:", "2026-11-13:A:false:1:"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("stored %v, want %v", got, want)
	}
	if len(s.prefs) != 3 || len(s.prefButtons) != 3 || s.prefs[0].ID != stored[0].ID {
		t.Fatalf("listed %+v", s.prefs)
	}
	if txt := labelTexts(s.prefBox); !strings.Contains(txt, T("pref.line_day_off")) || !strings.Contains(txt, Tf("pref.line_on", "B")) ||
		!strings.Contains(txt, Tf("pref.line_off", "A")) || !strings.Contains(txt, T("pref.weight_very")) || !strings.Contains(txt, "家里有事") {
		t.Errorf("list reads %q", txt)
	}

	// A new wish for the 10th replaces the old one.
	add(10, prefKindOn, "A", roster.PreferenceNormal, "")
	if len(s.prefs) != 3 || s.prefs[0].Shift != "A" || !s.prefs[0].On {
		t.Fatalf("after replacing: %+v", s.prefs)
	}

	test.Tap(s.prefButtons[1]) // the 12th
	if f.st.lastError != "" {
		t.Fatalf("withdraw: %s", f.st.lastError)
	}
	stored, err = f.svc.Preferences(ctx, f.st.sess, m, "E01")
	f.must(err)
	if len(stored) != 2 || len(s.prefs) != 2 || stored[1].Date.Day != 13 || s.prefs[1].Date.Day != 13 {
		t.Fatalf("after withdrawing: stored %+v, listed %+v", stored, s.prefs)
	}

	// October is over: nothing to add.
	s.month = m.Prev()
	s.refresh()
	if !s.addPref.Disabled() || len(s.prefs) != 0 || !strings.Contains(labelTexts(s.prefBox), T("schedule.no_prefs")) {
		t.Errorf("October: add disabled %v, prefs %v", s.addPref.Disabled(), s.prefs)
	}

	// December is published: the store refuses and the form stays open.
	admin, err := f.svc.Login(ctx, "admin", testPassword)
	f.must(err)
	f.must(f.svc.PublishMonth(ctx, admin, m.Next()))
	s.month = m.Next()
	s.refresh()
	test.Tap(s.addPref)
	if s.pf == nil || s.pf.dates[0] != m.Next().First() {
		t.Fatal("December's form did not open on its first day")
	}
	f.st.form.submit()
	if f.st.lastError == "" || f.st.form == nil {
		t.Fatalf("adding in a published month: error %q, form open %v", f.st.lastError, f.st.form != nil)
	}
	if dec, _ := f.svc.Preferences(ctx, f.st.sess, m.Next(), ""); len(dec) != 0 {
		t.Errorf("stored in a published month: %+v", dec)
	}
}

// selectIndexPrefix returns the index of the first option starting with p.
func selectIndexPrefix(opts []string, p string) int {
	for i, o := range opts {
		if strings.HasPrefix(o, p) {
			return i
		}
	}
	return -1
}

// labelTexts joins the texts of the labels under o.
func labelTexts(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}
