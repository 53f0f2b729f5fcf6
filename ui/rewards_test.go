package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shiftguard/compliance"
	"shiftguard/roster"
)

func (f *fixture) rewards() *rewardsScreen {
	f.t.Helper()
	if !f.st.show("rewards") {
		f.t.Fatal("no rewards screen in the navigation")
	}
	return f.st.screenFor("rewards").(*rewardsScreen)
}

// dialogEntries returns the entries of the topmost dialog, in the order a
// user tabs through them, so a test fills a form as a user would.
func (f *fixture) dialogEntries() []*widget.Entry {
	f.t.Helper()
	top := f.win.Canvas().Overlays().Top()
	if top == nil {
		f.t.Fatal("no dialog is open")
	}
	var out []*widget.Entry
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Entry:
			out = append(out, w)
			return
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
			return
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	return out
}

// standing returns the standing row of employee on the screen.
func standingRow(t *testing.T, s *rewardsScreen, employee string) int {
	t.Helper()
	for i, x := range s.standings {
		if x.Employee == employee {
			return i
		}
	}
	t.Fatalf("no standing for %s", employee)
	return -1
}

// HR records a manual penalty with a reason (the standing and ladder level
// follow), confirms the proposed action (a penalty with its fine) and
// revokes one with a reason.
func TestRewardsPenaltyAndDiscipline(t *testing.T) {
	f := newFixture(t)
	f.signIn("hr")
	s := f.rewards()
	setEntry(s.month, roster.MonthOf(f.day).String())
	s.refresh()
	ctx := context.Background()
	r := standingRow(t, s, "E01")
	if s.standings[r].Points != 0 {
		t.Fatalf("E01 starts with %d points", s.standings[r].Points)
	}

	penalty := func(emp, points, reason string) {
		t.Helper()
		f.st.lastError = ""
		s.manual(compliance.ManualPenalty)
		es := f.dialogEntries()
		if len(es) != 3 {
			t.Fatalf("penalty form has %d entries, want employee, points, reason", len(es))
		}
		setEntry(es[0], emp)
		setEntry(es[1], points)
		setEntry(es[2], reason)
		f.st.form.submit()
	}
	penalty("E01", "6", "")
	if f.st.lastError == "" || s.standings[standingRow(t, s, "E01")].Points != 0 {
		t.Fatalf("a penalty without a reason: error %q, points %d", f.st.lastError, s.standings[standingRow(t, s, "E01")].Points)
	}
	f.st.form.dlg.Hide()
	f.st.form = nil
	penalty("E01", "6", "客户投诉：服务态度差")
	if f.st.lastError != "" {
		t.Fatal(f.st.lastError)
	}
	r = standingRow(t, s, "E01")
	if s.standings[r].Points != 6 || s.standTable.cell(r, 4) != compliance.LevelVerbal.Label("zh") {
		t.Fatalf("after a 6-point penalty: %d points, level %q", s.standings[r].Points, s.standTable.cell(r, 4))
	}
	if len(s.rewards) != 1 || s.rewards[0].Reason != "客户投诉：服务态度差" || s.rewards[0].Points != 6 {
		t.Fatalf("rewards list %+v", s.rewards)
	}

	// The ladder proposes a verbal reminder; HR confirms it.
	a, err := f.svc.ProposeAction(ctx, f.st.sess, "E01")
	f.must(err)
	if a == nil || a.Level != compliance.LevelVerbal {
		t.Fatalf("proposed %+v", a)
	}
	s.refresh()
	if len(s.actions) != 1 || s.actTable.cell(0, 5) != T("action.proposed") {
		t.Fatalf("proposed actions shown: %d", len(s.actions))
	}
	s.actTable.selectRow(0)
	s.confirmAction()
	es := f.dialogEntries()
	if len(es) != 1 {
		t.Fatalf("a verbal reminder's form has %d entries, want the reason only", len(es))
	}
	setEntry(es[0], "已面谈")
	f.st.form.submit()
	s.actStatus.SetSelectedIndex(1) // every status
	if len(s.actions) != 1 || s.actions[0].Status != compliance.ActionConfirmed || s.actTable.cell(0, 5) != T("action.confirmed") || s.actions[0].DecidedBy != "hr" {
		t.Fatalf("after confirming: %+v", s.actions)
	}

	// 20 more points reach the penalty level; confirming asks for the fine.
	penalty("E01", "20", "连续三次擅自离岗")
	a, err = f.svc.ProposeAction(ctx, f.st.sess, "E01")
	f.must(err)
	if a == nil || a.Level != compliance.LevelPenalty {
		t.Fatalf("proposed %+v", a)
	}
	s.actStatus.SetSelectedIndex(0)
	s.actTable.selectRow(0)
	s.confirmAction()
	es = f.dialogEntries()
	if len(es) != 2 {
		t.Fatalf("a penalty's form has %d entries, want reason and fine", len(es))
	}
	setEntry(es[0], "按制度罚款")
	setEntry(es[1], "200.5")
	f.st.form.submit()
	s.actStatus.SetSelectedIndex(1)
	var pen *compliance.DisciplineAction
	row := -1
	for i := range s.actions {
		if s.actions[i].Level == compliance.LevelPenalty {
			pen, row = &s.actions[i], i
		}
	}
	if pen == nil || pen.Status != compliance.ActionConfirmed || pen.FineCents != 20050 || s.actTable.cell(row, 8) != "200.50" {
		t.Fatalf("penalty after confirming: %+v", pen)
	}

	// Revoking needs a reason.
	s.actTable.selectRow(row)
	s.revokeAction()
	f.st.prompt.submit()
	s.actStatus.SetSelectedIndex(1)
	if !strings.Contains(f.st.lastError, "reason") {
		t.Fatalf("revoke without a reason: %q", f.st.lastError)
	}
	for i := range s.actions {
		if s.actions[i].Level == compliance.LevelPenalty {
			row = i
		}
	}
	s.actTable.selectRow(row)
	s.revokeAction()
	setEntry(f.st.prompt.entry, "申诉成立")
	f.st.prompt.submit()
	for _, x := range s.actions {
		if x.Level == compliance.LevelPenalty && x.Status != compliance.ActionRevoked {
			t.Fatalf("penalty after revoking: %+v", x)
		}
	}
}

// A manager sees the ladder but has no HR buttons, and the service refuses
// a manager's manual penalty.
func TestRewardsManagerCannotPenalise(t *testing.T) {
	f := newFixture(t)
	f.signIn("manager")
	s := f.rewards()
	if len(s.standings) == 0 {
		t.Fatal("a manager sees no standings")
	}
	r := &compliance.Reward{Employee: "E01", Kind: compliance.ManualPenalty, Points: 3, Reason: "x"}
	if err := f.svc.Award(context.Background(), f.st.sess, r); err == nil {
		t.Fatal("a manager gave a manual penalty")
	}
}
