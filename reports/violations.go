package reports

import (
	"io"
	"sort"
	"strings"

	"shiftguard/compliance"
	"shiftguard/roster"
)

// ViolationsInput is what the violations detail (违纪明细) shows.
type ViolationsInput struct {
	From, To  roster.Date
	Lang      string
	Center    string
	Employees []roster.Employee
	// Records are the judged violations; superseded ones are left out.
	Records []compliance.Record
}

// WriteViolations writes one row per violation: date, employee number,
// name, team, rule (name and code), minutes, evidence, points (0 when
// waived), status, who decided and when, and the waiver reason, with an
// autofilter and a frozen header.
func WriteViolations(w io.Writer, in *ViolationsInput) error {
	lang := in.Lang
	sheet := T(lang, "sheet.violations")
	b := newBook(lang, sheet)
	recs := make([]*compliance.Record, 0, len(in.Records))
	for i := range in.Records {
		if r := &in.Records[i]; !r.Superseded {
			recs = append(recs, r)
		}
	}
	sort.SliceStable(recs, func(i, j int) bool {
		if c := recs[i].Date.Compare(recs[j].Date); c != 0 {
			return c < 0
		}
		if recs[i].Employee != recs[j].Employee {
			return recs[i].Employee < recs[j].Employee
		}
		return ruleIndex(recs[i].Rule) < ruleIndex(recs[j].Rule)
	})
	cols := []column{
		{"col.date", 11, b.dateStyle()}, {"col.code", 10, b.textStyle()}, {"col.name", 12, b.textStyle()},
		{"col.team", 10, b.textStyle()}, {"col.shift", 7, b.textStyle()}, {"col.rule", 16, b.textStyle()},
		{"col.ruleCode", 20, b.textStyle()}, {"col.minutes", 8, b.intStyle()}, {"col.evidence", 60, b.wrapStyle()},
		{"col.points", 7, b.intStyle()}, {"col.status", 9, b.textStyle()}, {"col.decidedBy", 10, b.textStyle()},
		{"col.decidedAt", 16, b.dateTimeStyle()}, {"col.reason", 24, b.wrapStyle()},
	}
	b.titled(sheet, T(lang, "title.violations"), period(lang, in.Center, in.From, in.To), len(cols))
	const headerRow = 3
	emps := employeeIndex(in.Employees)
	for i, r := range recs {
		row := headerRow + 1 + i
		var name, team string
		if e := emps[r.Employee]; e != nil {
			name, team = e.Name, e.Team
		}
		points := r.Points
		if !r.Counts() {
			points = 0
		}
		var decidedAt any
		if !r.DecidedAt.IsZero() {
			decidedAt = timeSerial(r.DecidedAt)
		}
		reason := ""
		if r.Status == compliance.StatusWaived {
			reason = r.Reason
		}
		evidence := evidenceJoined(lang, r.Evidence)
		b.check(b.f.SetSheetRow(sheet, cell(1, row), &[]any{
			dateSerial(r.Date), r.Employee, name, team, r.Shift, r.Rule.Label(lang), string(r.Rule), r.Minutes,
			evidence, points, statusLabel(lang, r.Status), r.DecidedBy, decidedAt, reason,
		}))
		b.fitRow(sheet, row, cols, map[int]string{8: evidence, 13: reason})
	}
	b.table(sheet, headerRow, cols, len(recs), true)
	return b.save(w)
}

// evidenceJoined returns the evidence one fact a line: "time text".
func evidenceJoined(lang string, ev []compliance.Evidence) string {
	lines := make([]string, 0, len(ev))
	for _, e := range ev {
		t := evidenceText(lang, e)
		if e.At != "" {
			t = e.At + " " + t
		}
		lines = append(lines, t)
	}
	return strings.Join(lines, "\n")
}

func ruleIndex(r compliance.Rule) int {
	for i, x := range compliance.Rules {
		if x == r {
			return i
		}
	}
	return len(compliance.Rules)
}

// HandoverInput is what the handover log (交接班记录) shows.
type HandoverInput struct {
	From, To  roster.Date
	Lang      string
	Center    string
	Employees []roster.Employee
	Notes     []roster.HandoverNote
}

// WriteHandovers writes one row per handover note: shift date and code,
// writer, team, when written, the text and who acknowledged it when.
func WriteHandovers(w io.Writer, in *HandoverInput) error {
	lang := in.Lang
	sheet := T(lang, "sheet.handovers")
	b := newBook(lang, sheet)
	notes := append([]roster.HandoverNote(nil), in.Notes...)
	sort.SliceStable(notes, func(i, j int) bool {
		if c := notes[i].Date.Compare(notes[j].Date); c != 0 {
			return c < 0
		}
		return notes[i].WrittenAt.Before(notes[j].WrittenAt)
	})
	cols := []column{
		{"col.date", 11, b.dateStyle()}, {"col.shift", 7, b.textStyle()}, {"col.code", 10, b.textStyle()},
		{"col.name", 12, b.textStyle()}, {"col.team", 10, b.textStyle()}, {"col.writtenAt", 16, b.dateTimeStyle()},
		{"col.text", 60, b.wrapStyle()}, {"col.acks", 30, b.wrapStyle()}, {"col.ackCount", 8, b.intStyle()},
	}
	b.titled(sheet, T(lang, "title.handovers"), period(lang, in.Center, in.From, in.To), len(cols))
	const headerRow = 3
	emps := employeeIndex(in.Employees)
	nameOf := func(code string) string {
		if e := emps[code]; e != nil && e.Name != "" {
			return e.Name
		}
		return code
	}
	for i := range notes {
		n := &notes[i]
		var name, team string
		if e := emps[n.Employee]; e != nil {
			name, team = e.Name, e.Team
		}
		acks := make([]string, 0, len(n.Acks))
		for _, a := range n.Acks {
			acks = append(acks, nameOf(a.Employee)+" "+a.At.Format("2006-01-02 15:04"))
		}
		var written any
		if !n.WrittenAt.IsZero() {
			written = timeSerial(n.WrittenAt)
		}
		ackText := strings.Join(acks, "\n")
		b.check(b.f.SetSheetRow(sheet, cell(1, headerRow+1+i), &[]any{
			dateSerial(n.Date), n.Shift, n.Employee, name, team, written, n.Text, ackText, len(n.Acks),
		}))
		b.fitRow(sheet, headerRow+1+i, cols, map[int]string{6: n.Text, 7: ackText})
	}
	b.table(sheet, headerRow, cols, len(notes), true)
	return b.save(w)
}
