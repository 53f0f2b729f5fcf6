package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shiftguard/roster"
	"shiftguard/store"
)

// The manager sets shifts from the keyboard; the coverage row follows; once
// the month is published a change asks for a reason that the audit keeps.
func TestRosterGridKeyboardAndPublishedMonth(t *testing.T) {
	f := newFixture(t)
	f.clock.set(f.at(9, 0))
	f.signIn("manager")
	if f.st.current != "roster" {
		t.Fatalf("the manager starts on %q", f.st.current)
	}
	s := f.st.screenFor("roster").(*rosterScreen)
	ns := len(s.model.shifts)
	row := s.model.row["E01"] + ns
	s.grid.Select(widget.TableCellID{Row: row, Col: 2})
	s.grid.TypedRune('b')
	s.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	s.grid.TypedRune('a')
	ctx := context.Background()
	as, err := f.svc.Assignments(ctx, f.st.sess, f.day.AddDays(1), f.day.AddDays(2), "E01")
	if err != nil || len(as) != 2 || as[0].Shift != "B" || as[1].Shift != "A" {
		t.Fatalf("assignments after typing: %+v %v", as, err)
	}
	if got := s.model.count[1][2]; got != 1 {
		t.Errorf("coverage of B on day 3 = %d, want 1", got)
	}
	s.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if as, _ := f.svc.Assignments(ctx, f.st.sess, f.day.AddDays(2), f.day.AddDays(2), "E01"); len(as) != 0 {
		t.Errorf("Delete left %+v", as)
	}

	f.must(f.svc.PublishMonth(ctx, f.st.sess, roster.MonthOf(f.day)))
	s.refresh()
	s.grid.Select(widget.TableCellID{Row: row, Col: 4})
	s.grid.TypedRune('a')
	if f.st.prompt == nil {
		t.Fatal("a change in a published month did not ask for a reason")
	}
	test.Type(f.st.prompt.entry, "临时顶班")
	f.st.prompt.submit()
	if f.st.lastError != "" {
		t.Fatalf("change failed: %s", f.st.lastError)
	}
	audit, err := f.svc.AuditLog(ctx, f.st.sess, store.AuditFilter{Entity: "assignment", EntityID: "E01@2026-11-05"})
	if err != nil || len(audit) == 0 || audit[0].Reason != "临时顶班" {
		t.Errorf("audit of the change: %+v %v", audit, err)
	}
}
