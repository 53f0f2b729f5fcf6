package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"shiftguard/compliance"
	"shiftguard/roster"
	"shiftguard/store"
)

// traceDlg (追溯) shows everything behind one violation for a disputed
// penalty: the violation, the punches and handover notes around it (the
// ones that are its evidence marked), the policy version that judged it and
// every audit entry that touched them.
type traceDlg struct {
	trace *store.Trace
	// sections hold the text of each part, in order (tests read them).
	violation, events, notes, policy, audit *widget.Label
	scroll                                  *container.Scroll
	dlg                                     dialog.Dialog
}

// showTrace loads the trace of violation id and opens it in a dialog.
func (st *appState) showTrace(id int64) (*traceDlg, error) {
	tr, err := st.svc.TraceViolation(st.ctx, st.sess, id)
	if err != nil {
		return nil, err
	}
	names := st.employeeIndex()
	d := &traceDlg{trace: tr}
	d.violation = wrapLabel(st.traceViolation(tr, names))
	d.events = wrapLabel(st.traceEvents(tr))
	d.notes = wrapLabel(st.traceNotes(tr, names))
	d.policy = wrapLabel(st.tracePolicy(tr))
	d.audit = wrapLabel(st.traceAudit(tr))
	body := container.NewVBox(
		heading(T("trace.violation")), d.violation, widget.NewSeparator(),
		heading(T("trace.events")), d.events, widget.NewSeparator(),
		heading(T("trace.notes")), d.notes, widget.NewSeparator(),
		heading(T("trace.policy")), d.policy, widget.NewSeparator(),
		heading(T("trace.audit")), d.audit,
	)
	d.scroll = container.NewVScroll(container.NewPadded(body))
	// 1366×768: leave room for the dialog's title and button.
	content := container.NewGridWrap(fyne.NewSize(960, 560), d.scroll)
	r := tr.Record
	d.dlg = dialog.NewCustom(Tf("trace.title", r.Rule.Label(currentLang()), r.Employee, r.Date.String()), T("close"), content, st.win)
	d.dlg.Show()
	return d, nil
}

func wrapLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// evidenceIDs returns the IDs of the events and notes that are r's evidence.
func evidenceIDs(r *compliance.Record) (events, notes map[int64]bool) {
	events, notes = map[int64]bool{}, map[int64]bool{}
	for _, e := range r.Evidence {
		switch {
		case e.EventID == 0:
		case e.Kind == "event":
			events[e.EventID] = true
		case e.Kind == "note":
			notes[e.EventID] = true
		}
	}
	return events, notes
}

func (st *appState) traceViolation(tr *store.Trace, names map[string]roster.Employee) string {
	r := &tr.Record
	lang := currentLang()
	var b strings.Builder
	b.WriteString(Tf("compliance.head", r.Rule.Label(lang), r.Employee, names[r.Employee].Name, r.Date.String(), r.Shift, r.Points))
	b.WriteString("\n" + Tf("trace.judged", r.Minutes, st.fmtDateTime(r.JudgedAt), statusLabel(r.Status)))
	if r.DecidedBy != "" {
		b.WriteString(" · " + Tf("compliance.decided", r.DecidedBy, st.fmtDateTime(r.DecidedAt)))
	}
	if r.Reason != "" {
		b.WriteString("\n" + Tf("compliance.reason", r.Reason))
	}
	if r.Superseded {
		b.WriteString("\n" + T("compliance.superseded"))
	}
	b.WriteString("\n" + T("compliance.evidence") + "：")
	for _, e := range r.Evidence {
		text := e.EN
		if lang == LangZH && e.ZH != "" {
			text = e.ZH
		}
		fmt.Fprintf(&b, "\n  • %s  %s", e.At, text)
	}
	if len(r.Evidence) == 0 {
		b.WriteString("\n  " + T("compliance.no_evidence"))
	}
	return b.String()
}

// supersededBy maps an event ID to the ID of the correction that replaced
// or voided it.
func supersededBy(evs []roster.Event) map[int64]int64 {
	out := map[int64]int64{}
	for _, e := range evs {
		if e.Supersedes != 0 {
			out[e.Supersedes] = e.ID
		}
	}
	return out
}

// correctionMark says how an event stands: a correction of another, a
// voiding, or superseded by a later correction ("" for a plain punch).
func correctionMark(e roster.Event, by map[int64]int64) string {
	var marks []string
	switch {
	case e.Void:
		marks = append(marks, Tf("trace.voids", e.Supersedes))
	case e.Supersedes != 0:
		marks = append(marks, Tf("trace.corrects", e.Supersedes))
	}
	if id, ok := by[e.ID]; ok {
		marks = append(marks, Tf("trace.superseded_by", id))
	}
	return strings.Join(marks, " · ")
}

// sourceLabel names where a punch came from.
func sourceLabel(s string) string {
	switch s {
	case roster.SourceDesk:
		return T("source.desk")
	case roster.SourceKiosk:
		return T("source.kiosk")
	case roster.SourceImport:
		return T("source.import")
	case roster.SourceManual:
		return T("source.manual")
	}
	return s
}

func (st *appState) traceEvents(tr *store.Trace) string {
	if len(tr.Events) == 0 {
		return T("trace.none")
	}
	ev, _ := evidenceIDs(&tr.Record)
	by := supersededBy(tr.Events)
	var lines []string
	for _, e := range tr.Events {
		line := Tf("trace.event_line", e.ID, st.inLoc(e.At).Format("2006-01-02 15:04:05"), eventLabel(e.Kind), sourceLabel(e.Source), e.RecordedBy)
		if ev[e.ID] {
			line = T("trace.is_evidence") + " " + line
		}
		if m := correctionMark(e, by); m != "" {
			line += " · " + m
		}
		if e.Reason != "" {
			line += " · " + Tf("compliance.reason", e.Reason)
		}
		lines = append(lines, "• "+line)
	}
	return strings.Join(lines, "\n")
}

func (st *appState) traceNotes(tr *store.Trace, names map[string]roster.Employee) string {
	if len(tr.Notes) == 0 {
		return T("trace.none")
	}
	_, ev := evidenceIDs(&tr.Record)
	var b strings.Builder
	for i, n := range tr.Notes {
		if i > 0 {
			b.WriteString("\n")
		}
		if ev[n.ID] {
			b.WriteString(T("trace.is_evidence") + " ")
		}
		b.WriteString(Tf("trace.note_head", n.ID, st.fmtDateTime(n.WrittenAt), n.Employee, names[n.Employee].Name, n.Date.String(), n.Shift))
		b.WriteString("\n  " + n.Text)
		if len(n.Acks) == 0 {
			b.WriteString("\n  " + T("trace.no_acks"))
		}
		for _, a := range n.Acks {
			b.WriteString("\n  " + Tf("trace.ack", a.Employee, names[a.Employee].Name, st.fmtDateTime(a.At)))
		}
	}
	return b.String()
}

func (st *appState) tracePolicy(tr *store.Trace) string {
	pv := tr.Policy
	if pv.Policy.Version == 0 {
		return Tf("trace.policy_missing", tr.Record.PolicyVersion)
	}
	s := Tf("trace.policy_line", pv.Policy.Version, pv.CreatedBy, st.fmtDateTime(pv.CreatedAt))
	if pv.Reason != "" {
		s += "\n" + Tf("compliance.reason", pv.Reason)
	}
	return s
}

func (st *appState) traceAudit(tr *store.Trace) string {
	if len(tr.Audit) == 0 {
		return T("trace.none")
	}
	var b strings.Builder
	for i, a := range tr.Audit {
		if i > 0 {
			b.WriteString("\n")
		}
		role := roleLabel(a.Role)
		if a.Role == "" {
			role = T("trace.system")
		}
		b.WriteString("• " + Tf("trace.audit_line", st.fmtDateTime(a.At), a.Actor, role, auditAction(a.Action), auditEntity(a.Entity), a.EntityID))
		if a.Reason != "" {
			b.WriteString("\n  " + Tf("compliance.reason", a.Reason))
		}
		if a.Before != "" || a.After != "" {
			b.WriteString("\n  " + Tf("trace.before", orDash(a.Before)))
			b.WriteString("\n  " + Tf("trace.after", orDash(a.After)))
		}
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// auditAction names an audit action of a trace; others show as stored.
func auditAction(a string) string {
	switch a {
	case "record":
		return T("audit.record")
	case "create":
		return T("audit.create")
	case "judge":
		return T("audit.judge")
	case "rejudge":
		return T("audit.rejudge")
	case "revive":
		return T("audit.revive")
	case "supersede":
		return T("audit.supersede")
	case string(compliance.StatusConfirmed):
		return T("audit.confirmed")
	case string(compliance.StatusWaived):
		return T("audit.waived")
	case "set":
		return T("audit.set")
	case "import":
		return T("audit.import")
	case "swap":
		return T("audit.swap")
	}
	return a
}

// auditEntity names an audit entity of a trace; others show as stored.
func auditEntity(e string) string {
	switch e {
	case "violation":
		return T("audit.violation")
	case "event":
		return T("audit.event")
	case "policy":
		return T("audit.policy")
	case "assignment":
		return T("audit.assignment")
	}
	return e
}
