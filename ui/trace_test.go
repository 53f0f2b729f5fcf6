package ui

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"shiftguard/compliance"
	"shiftguard/roster"
)

// lateClockIn has the manager enter E01's clock-in at 08:20 (a forgotten
// punch, so with a reason) and re-evaluate the day on the compliance
// screen; it returns the screen and the row of E01's LATE (-1 when none).
func lateClockIn(f *fixture) (*complianceScreen, *roster.Event) {
	f.t.Helper()
	f.clock.set(f.at(8, 0).AddDate(0, 0, 1))
	f.signIn("manager")
	ev, err := f.svc.RecordEvent(context.Background(), f.st.sess, "E01", roster.ClockIn, f.at(8, 20), "打卡机故障，补录")
	f.must(err)
	return f.evaluateDay(), ev
}

// evaluateDay re-evaluates the fixture's day on the compliance screen.
func (f *fixture) evaluateDay() *complianceScreen {
	f.t.Helper()
	c := f.compliance()
	setEntry(c.from, f.day.String())
	setEntry(c.to, f.day.String())
	test.Tap(c.evalBtn)
	f.st.wait()
	if f.st.lastError != "" {
		f.t.Fatalf("evaluation failed: %s", f.st.lastError)
	}
	return c
}

// lateRow returns the row of E01's counting LATE on c, -1 when none.
func lateRow(c *complianceScreen) int {
	for i, r := range c.records {
		if r.Employee == "E01" && r.Rule == compliance.Late && !r.Superseded {
			return i
		}
	}
	return -1
}

// The trace of a disputed LATE lists the clock-in that proves it (marked
// as evidence, with who entered it and from where), the policy version and
// the audit entries of the punch and of the judgement.
func TestTraceOfLateListsEvidenceAndAudit(t *testing.T) {
	f := newFixture(t)
	c, ev := lateClockIn(f)
	row := lateRow(c)
	if row < 0 {
		t.Fatalf("no LATE for E01 among %+v", c.records)
	}
	if !c.traceBtn.Disabled() {
		t.Error("trace is enabled before a violation is picked")
	}
	c.table.selectRow(row)
	test.Tap(c.traceBtn)
	if f.st.lastError != "" {
		t.Fatalf("trace failed: %s", f.st.lastError)
	}
	d := c.trace
	if d == nil {
		t.Fatal("trace did not open")
	}
	if !strings.Contains(d.violation.Text, compliance.Late.Label(LangZH)) || !strings.Contains(d.violation.Text, "E01") {
		t.Errorf("violation part %q does not name LATE and E01", d.violation.Text)
	}
	wantEv := T("trace.is_evidence") + " " + Tf("trace.event_line", ev.ID, f.day.String()+" 08:20:00", eventLabel(roster.ClockIn), sourceLabel(roster.SourceManual), "manager")
	if !strings.Contains(d.events.Text, wantEv) || !strings.Contains(d.events.Text, "打卡机故障") {
		t.Errorf("events part %q lacks %q with its reason", d.events.Text, wantEv)
	}
	v := c.records[row].PolicyVersion
	if want := strings.SplitN(Tf("trace.policy_line", v, "", ""), "·", 2)[0]; v == 0 || !strings.HasPrefix(d.policy.Text, want) {
		t.Errorf("policy part %q does not name version %d", d.policy.Text, v)
	}
	for _, want := range []string{
		auditAction("record") + " · " + auditEntity("event") + " #" + strconv.FormatInt(ev.ID, 10),
		auditAction("judge") + " · " + auditEntity("violation") + " #" + strconv.FormatInt(c.records[row].ID, 10),
		"manager（" + roleLabel(roster.RoleManager) + "）",
		Tf("trace.after", `{"ID":`+strconv.FormatInt(ev.ID, 10)+`,"Employee":"E01","Kind":"clock_in"`),
	} {
		if !strings.Contains(d.audit.Text, want) {
			t.Errorf("audit part lacks %q:\n%s", want, d.audit.Text)
		}
	}
}
