package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"shiftguard/roster"
)

// attendance opens the attendance screen filtered to the fixture's day.
func (f *fixture) attendance(emp string) *attendanceScreen {
	f.t.Helper()
	if !f.st.show("attendance") {
		f.t.Fatal("no attendance screen in the navigation")
	}
	s := f.st.screenFor("attendance").(*attendanceScreen)
	setEntry(s.from, f.day.String())
	setEntry(s.to, f.day.String())
	setEntry(s.employee, emp)
	s.load()
	if f.st.lastError != "" {
		f.t.Fatalf("attendance failed to load: %s", f.st.lastError)
	}
	return s
}

// submitForm submits the open form dialog, failing when none is open.
func (f *fixture) submitForm() {
	f.t.Helper()
	if f.st.form == nil {
		f.t.Fatal("no form is open")
	}
	f.st.lastError = ""
	f.st.form.submit()
}

// A manager corrects E01's late clock-in to 07:55 with a reason: the
// correction is refused without one, the original punch stays listed as
// superseded, and re-evaluating the day removes the LATE.
func TestAttendanceCorrectionRemovesLateAndKeepsTheOriginal(t *testing.T) {
	f := newFixture(t)
	c, ev := lateClockIn(f)
	if lateRow(c) < 0 {
		t.Fatalf("no LATE for E01 before the correction among %+v", c.records)
	}
	s := f.attendance("E01")
	if len(s.events) != 1 || s.events[0].ID != ev.ID {
		t.Fatalf("punches %+v, want only the 08:20 clock-in", s.events)
	}
	if !s.correctBt.Disabled() {
		t.Error("correct is enabled with no punch picked")
	}
	s.evTable.selectRow(0)
	test.Tap(s.correctBt)
	s.formAt.SetText(f.day.String() + " 07:55")
	f.submitForm()
	if f.st.lastError == "" {
		t.Fatal("a correction without a reason was accepted")
	}
	s.formReason.SetText("员工提供门禁记录，07:55 已到岗")
	f.submitForm()
	if f.st.lastError != "" {
		t.Fatalf("correction failed: %s", f.st.lastError)
	}
	if len(s.events) != 2 {
		t.Fatalf("after the correction %d punches listed, want the original and the correction", len(s.events))
	}
	var orig, corr = -1, -1
	for i, e := range s.events {
		switch {
		case e.ID == ev.ID:
			orig = i
		case e.Supersedes == ev.ID:
			corr = i
		}
	}
	if orig < 0 || corr < 0 {
		t.Fatalf("punches %+v lack the original or its correction", s.events)
	}
	if got, want := s.evTable.cell(orig, 6), Tf("trace.superseded_by", s.events[corr].ID); got != want {
		t.Errorf("original's correction column %q, want %q", got, want)
	}
	if got := s.evTable.cell(corr, 0); got != f.day.String()+" 07:55:00" {
		t.Errorf("correction time %q, want 07:55:00", got)
	}
	if got := s.evTable.cell(corr, 7); !strings.Contains(got, "门禁记录") {
		t.Errorf("correction reason column %q", got)
	}
	s.evTable.selectRow(orig)
	if !s.correctBt.Disabled() || !s.voidBt.Disabled() {
		t.Error("a superseded punch can still be corrected or voided")
	}
	c = f.evaluateDay()
	if r := lateRow(c); r >= 0 {
		t.Errorf("LATE still counts after the correction: %+v", c.records[r])
	}
}

// An approved off-post interval is listed on the approvals tab, and a
// cancellation needs a reason and removes it.
func TestAttendanceOffPostApprovalIsListedAndCancelled(t *testing.T) {
	f := newFixture(t)
	f.signIn("manager")
	s := f.attendance("")
	test.Tap(s.approveBt)
	s.formEmployee.SetText("E02")
	s.formAt.SetText(f.day.String() + " 17:00")
	s.formTo.SetText(f.day.String() + " 17:30")
	s.formReason.SetText("去医务室")
	f.submitForm()
	if f.st.lastError != "" {
		t.Fatalf("approval failed: %s", f.st.lastError)
	}
	if len(s.leaves) != 1 {
		t.Fatalf("%d approvals listed, want 1", len(s.leaves))
	}
	for col, want := range map[int]string{0: "E02", 1: "李娜", 2: f.day.String() + " 17:00", 3: f.day.String() + " 17:30", 4: "去医务室", 5: "manager"} {
		if got := s.plTable.cell(0, col); got != want {
			t.Errorf("approval column %d = %q, want %q", col, got, want)
		}
	}
	s.plTable.selectRow(0)
	test.Tap(s.cancelBt)
	if f.st.prompt == nil {
		t.Fatal("cancel did not ask for a reason")
	}
	f.st.prompt.submit()
	if f.st.lastError == "" || len(s.leaves) != 1 {
		t.Fatal("a cancellation without a reason was accepted")
	}
	test.Tap(s.cancelBt)
	test.Type(f.st.prompt.entry, "已取消外出")
	f.st.prompt.submit()
	if len(s.leaves) != 0 {
		t.Errorf("after the cancellation %d approvals listed", len(s.leaves))
	}
}

// An agent has no attendance screen, and the service refuses them a
// correction of their own punch.
func TestAttendanceIsNotForAgents(t *testing.T) {
	f := newFixture(t)
	f.clock.set(f.at(8, 20))
	f.signIn("e01")
	if f.st.show("attendance") {
		t.Fatal("an agent sees the attendance screen")
	}
	ctx := context.Background()
	ev, err := f.svc.RecordEvent(ctx, f.st.sess, "E01", roster.ClockIn, f.at(8, 20), "")
	f.must(err)
	_, err = f.svc.CorrectEvent(ctx, f.st.sess, ev.ID, roster.ClockIn, f.at(7, 55), false, "我其实 07:55 就到了")
	if roster.ErrorCode(err) != roster.EFORBIDDEN {
		t.Errorf("agent's correction: error %v, want EFORBIDDEN", err)
	}
}

// The date-time field of the punch and approval forms either reads a time
// that prints and reads back to the same instant or refuses the text naming the field.
func FuzzAttendanceDateTime(f *testing.F) {
	for _, s := range []string{"2026-11-02 08:05", "2026-11-02 08:05:09", " 2026-02-29 10:00", "2026-11-02T08:05", "08:05", ""} {
		f.Add(s)
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	s := &attendanceScreen{st: &appState{loc: loc}}
	f.Fuzz(func(t *testing.T, text string) {
		at, err := s.parseDateTimeEntry("time", text)
		if err != nil {
			if !strings.Contains(err.Error(), "time") || roster.ErrorCode(err) != roster.EINVALID {
				t.Fatalf("error %v does not name the field", err)
			}
			return
		}
		again, err := s.parseDateTimeEntry("time", at.In(loc).Format("2006-01-02 15:04:05"))
		if err != nil || !again.Equal(at) {
			t.Fatalf("%q read as %s, which reads back as %s (%v)", text, at, again, err)
		}
	})
}
