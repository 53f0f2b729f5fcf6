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
	"shiftguard/store"
)

// An agent clocks in 20 minutes late at the duty desk; the manager
// re-evaluates the day, sees LATE with its evidence, waives it with a
// reason, and the employee's standing drops by LATE's points.
func TestLateClockInShowsOnComplianceAndWaiverLowersStanding(t *testing.T) {
	f := newFixture(t)
	f.clock.set(f.at(8, 20))
	f.signIn("e01")
	d := f.desk()
	if !strings.Contains(d.shiftLbl.Text, "08:00–16:00") {
		t.Fatalf("desk shift line %q does not show the shift", d.shiftLbl.Text)
	}
	if d.buttons[roster.ClockIn].Disabled() {
		t.Fatal("clock in is disabled before clocking in")
	}
	test.Tap(d.buttons[roster.ClockIn])
	if !strings.Contains(d.eventsLbl.Text, "08:20:00") {
		t.Fatalf("punch list %q lacks the 08:20 clock-in", d.eventsLbl.Text)
	}
	if !d.buttons[roster.ClockIn].Disabled() || d.buttons[roster.BreakStart].Disabled() {
		t.Error("after clocking in, clock in should be disabled and start break enabled")
	}
	// The live timer: 30 minutes later, 2h30 left to the mandatory break.
	f.clock.set(f.at(8, 50))
	d.tick()
	if want := Tf("desk.continuous", "00:30:00"); d.timerLbl.Text != want {
		t.Errorf("timer %q, want %q", d.timerLbl.Text, want)
	}
	if want := Tf("desk.break_in", "02:30:00"); d.breakLbl.Text != want {
		t.Errorf("countdown %q, want %q", d.breakLbl.Text, want)
	}
	// Ten minutes before the break falls due (11:20) the desk notifies once.
	f.clock.set(f.at(11, 12))
	test.AssertNotificationSent(t, fyne.NewNotification(T("desk.notify_title"), Tf("desk.notify_body", 8, "11:20")), d.tick)
	f.clock.set(f.at(11, 15))
	test.AssertNotificationSent(t, nil, d.tick)
	// A proper day otherwise: a break, a note, clock out.
	test.Tap(d.buttons[roster.BreakStart])
	f.clock.set(f.at(11, 27))
	test.Tap(d.buttons[roster.BreakEnd])
	f.clock.set(f.at(15, 40))
	test.Type(d.ownEntry, "工单 42 待回访")
	test.Tap(d.ownSave)
	f.clock.set(f.at(16, 0))
	test.Tap(d.buttons[roster.ClockOut])

	// The manager, the next morning.
	f.clock.set(f.at(8, 0).AddDate(0, 0, 1))
	f.signIn("manager")
	c := f.compliance()
	setEntry(c.from, f.day.String())
	setEntry(c.to, f.day.String())
	test.Tap(c.evalBtn)
	f.st.wait()
	if f.st.lastError != "" {
		t.Fatalf("evaluation failed: %s", f.st.lastError)
	}
	row := -1
	for i, r := range c.records {
		if r.Employee == "E01" && r.Rule == compliance.Late {
			row = i
		}
	}
	if row < 0 {
		t.Fatalf("no LATE for E01 among %+v", c.records)
	}
	if c.records[row].Minutes != 20 {
		t.Errorf("LATE minutes = %d, want 20", c.records[row].Minutes)
	}
	c.table.selectRow(row)
	if !strings.Contains(c.detailHead.Text, compliance.Late.Label(LangZH)) {
		t.Errorf("detail head %q does not name the rule", c.detailHead.Text)
	}
	if !strings.Contains(c.evidence.Text, "08:20") {
		t.Errorf("evidence %q does not show the 08:20 clock-in", c.evidence.Text)
	}
	before := f.standing("E01")
	if want := Tf("compliance.standing", before.Points, before.Level.Label(LangZH)); c.standing.Text != want {
		t.Errorf("standing %q, want %q", c.standing.Text, want)
	}
	if c.waiveBtn.Disabled() {
		t.Fatal("waive is disabled for an open violation")
	}
	test.Tap(c.waiveBtn)
	if f.st.prompt == nil {
		t.Fatal("waive did not ask for a reason")
	}
	test.Type(f.st.prompt.entry, "地铁停运，有证明")
	f.st.prompt.submit()
	if f.st.lastError != "" {
		t.Fatalf("waive failed: %s", f.st.lastError)
	}
	after := f.standing("E01")
	late := compliance.DefaultPolicy().Points[compliance.Late]
	if after.Points != before.Points-late {
		t.Errorf("standing after the waiver = %d, want %d", after.Points, before.Points-late)
	}
	if want := Tf("compliance.standing", after.Points, after.Level.Label(LangZH)); c.standing.Text != want {
		t.Errorf("standing label after the waiver %q, want %q", c.standing.Text, want)
	}
	if !strings.Contains(c.decision.Text, statusLabel(compliance.StatusWaived)) || !strings.Contains(c.decision.Text, "地铁停运") {
		t.Errorf("decision %q does not show the waiver and its reason", c.decision.Text)
	}
}

// standing returns the employee's standing through the service.
func (f *fixture) standing(emp string) store.Standing {
	f.t.Helper()
	sts, err := f.svc.Standings(context.Background(), f.st.sess, f.st.today())
	if err != nil {
		f.t.Fatal(err)
	}
	for _, s := range sts {
		if s.Employee == emp {
			return s
		}
	}
	return store.Standing{Employee: emp}
}

// A handover note written at the end of the day shift is read and
// acknowledged at the desk of the late shift that follows, and the
// manager's handover log shows who read it and when.
func TestHandoverNoteIsAcknowledgedByTheNextShift(t *testing.T) {
	f := newFixture(t)
	f.clock.set(f.at(15, 50))
	f.signIn("e01")
	d := f.desk()
	test.Type(d.ownEntry, "客户张先生 17:00 回电，工单 7781")
	test.Tap(d.ownSave)
	if f.st.lastError != "" {
		t.Fatalf("writing the note failed: %s", f.st.lastError)
	}
	if !strings.Contains(d.ownList.Text, "工单 7781") {
		t.Errorf("own notes %q lack the new note", d.ownList.Text)
	}

	f.clock.set(f.at(15, 55))
	f.signIn("e02")
	d = f.desk()
	if len(d.duty.PredecessorNotes) != 1 || !strings.Contains(d.duty.PredecessorNotes[0].Text, "7781") {
		t.Fatalf("the late shift sees predecessor notes %+v", d.duty.PredecessorNotes)
	}
	ack := findButton(d.predBox, T("desk.ack"))
	if ack == nil {
		t.Fatal("no acknowledge button on the predecessor's note")
	}
	test.Tap(ack)
	if f.st.lastError != "" {
		t.Fatalf("ack failed: %s", f.st.lastError)
	}
	if findButton(d.predBox, T("desk.acked")) == nil {
		t.Error("after acknowledging, the note does not show as read")
	}
	if acks := d.duty.PredecessorNotes[0].Acks; len(acks) != 1 || acks[0].Employee != "E02" || !acks[0].At.Equal(f.at(15, 55)) {
		t.Errorf("acks = %+v, want E02 at 15:55", acks)
	}

	f.clock.set(f.at(18, 0))
	f.signIn("manager")
	if !f.st.show("handover") {
		t.Fatal("no handover log for the manager")
	}
	h := f.st.screenFor("handover").(*handoverScreen)
	if len(h.notes) != 1 {
		t.Fatalf("handover log shows %d notes, want 1", len(h.notes))
	}
	h.table.selectRow(0)
	if want := Tf("handover.ack_line", "E02", "李娜", "2026-11-02 15:55"); !strings.Contains(h.acks.Text, want) {
		t.Errorf("acks %q lack %q", h.acks.Text, want)
	}
	// Unread-only filter now hides it.
	test.Tap(h.unacked)
	test.Tap(findButton(h.st.win.Content(), T("filter.apply")))
	if len(h.notes) != 0 {
		t.Errorf("unread-only still lists %d notes", len(h.notes))
	}
}

// An agent's navigation has no roster editor, and the service refuses the
// agent's roster changes anyway.
func TestAgentCannotOpenTheRosterEditor(t *testing.T) {
	f := newFixture(t)
	f.signIn("e01")
	if f.st.show("roster") {
		t.Error("the agent's navigation has the roster editor")
	}
	for _, it := range f.st.nav {
		if it.key == "roster" || it.key == "settings" || it.key == "reports" {
			t.Errorf("agent sees %s", it.key)
		}
	}
	err := f.svc.SetAssignment(context.Background(), f.st.sess, roster.Assignment{Employee: "E01", Date: f.day.AddDays(1), Shift: "A"}, "")
	if roster.ErrorCode(err) != roster.EFORBIDDEN {
		t.Errorf("agent SetAssignment: %v, want forbidden", err)
	}
	f.st.showError(err)
	if f.st.lastError != T("err.forbidden") {
		t.Errorf("the refusal reads %q", f.st.lastError)
	}
	f.signIn("manager")
	if !f.st.show("roster") {
		t.Error("the manager has no roster editor")
	}
}

// A wrong password shows a clear error and keeps the user on the sign-in
// screen.
func TestWrongPasswordIsRefusedClearly(t *testing.T) {
	f := newFixture(t)
	s := f.signInScreen()
	test.Type(s.username, "manager")
	test.Type(s.password, "not-the-password")
	test.Tap(s.submit)
	if f.st.sess != nil {
		t.Fatal("signed in with a wrong password")
	}
	if s.message.Text != T("signin.wrong") {
		t.Errorf("message %q, want %q", s.message.Text, T("signin.wrong"))
	}
	if s.password.Text != "" {
		t.Error("the wrong password stays in the field")
	}
	// The kiosk: a manager starts it, an agent picks their name and PIN.
	f.signIn("manager")
	f.st.startKiosk()
	k := f.st.kiosk
	if k == nil {
		t.Fatal("no kiosk shown")
	}
	for i, e := range k.shown {
		if e.Code == "E01" {
			k.list.Select(i)
		}
	}
	test.Type(k.pin, "9999")
	test.Tap(k.login)
	if k.msg.Text == "" {
		t.Error("a wrong PIN gives no message")
	}
	test.Type(k.pin, "1234")
	test.Tap(k.login)
	if k.msg.Text != "" || k.desk == nil {
		t.Fatalf("the right PIN failed: %s", k.msg.Text)
	}
	if !k.desk.sess.Kiosk || k.desk.employee != "E01" {
		t.Errorf("kiosk desk session %+v", k.desk.sess)
	}
	f.clock.set(f.at(7, 58))
	k.desk.refresh()
	test.Tap(k.desk.buttons[roster.ClockIn])
	evs, err := f.svc.Events(context.Background(), k.desk.sess, store.EventFilter{Employee: "E01"})
	if err != nil || len(evs) != 1 || evs[0].Source != roster.SourceKiosk {
		t.Errorf("kiosk punch: %+v %v", evs, err)
	}
}

// findButton finds a button with the given text under o.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch x := o.(type) {
	case *widget.Button:
		if x.Text == text {
			return x
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		for _, c := range r.Objects() {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}

// An agent asks to swap a shift at the desk; the manager approves it in
// the roster's swap list and the two assignments change hands.
func TestSwapRequestedAtTheDeskIsApproved(t *testing.T) {
	f := newFixture(t)
	f.clock.set(f.at(7, 0).AddDate(0, 0, -1))
	f.signIn("e01")
	d := f.desk()
	d.requestSwap()
	es := f.dialogEntries()
	if len(es) != 4 {
		t.Fatalf("swap form has %d entries", len(es))
	}
	setEntry(es[0], f.day.String())
	setEntry(es[1], "E02")
	setEntry(es[2], f.day.String())
	setEntry(es[3], "家里有事")
	f.st.form.submit()
	if f.st.lastError != "" {
		t.Fatalf("request failed: %s", f.st.lastError)
	}
	f.signIn("manager")
	r := f.st.screenFor("roster").(*rosterScreen)
	r.tabs.SelectIndex(5)
	if len(r.swapsTab.swaps) != 1 {
		t.Fatalf("pending swaps: %+v", r.swapsTab.swaps)
	}
	r.swapsTab.table.selectRow(0)
	r.swapsTab.decide(true)
	test.Type(f.st.prompt.entry, "同意")
	f.st.prompt.submit()
	if f.st.lastError != "" {
		t.Fatalf("approval failed: %s", f.st.lastError)
	}
	as, err := f.svc.Assignments(context.Background(), f.st.sess, f.day, f.day, "")
	if err != nil || len(as) != 2 {
		t.Fatalf("assignments %+v %v", as, err)
	}
	for _, a := range as {
		if (a.Employee == "E01" && a.Shift != "B") || (a.Employee == "E02" && a.Shift != "A") {
			t.Errorf("after the swap %s has %s", a.Employee, a.Shift)
		}
	}
}
