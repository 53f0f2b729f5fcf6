package reports

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"shiftguard/compliance"
	"shiftguard/roster"
)

// Standing is an employee's points in the window and ladder level.
type Standing struct {
	Employee string
	Points   int
	Level    compliance.Level
}

// DisciplineInput is what the discipline and rewards summary (奖惩汇总) shows.
type DisciplineInput struct {
	From, To  roster.Date
	Lang      string
	Center    string
	Employees []roster.Employee
	// Standings as the rule engine computed them; when nil they are summed
	// from Records and manual penalties dated in the window, with Policy's
	// ladder (nil: compliance.DefaultPolicy).
	Standings []Standing
	Policy    *compliance.Policy
	Actions   []compliance.DisciplineAction // confirmed ones are listed
	Rewards   []compliance.Reward           // revoked ones are left out
	Records   []compliance.Record           // violations for the counts and the weekly chart
}

// WriteDiscipline writes the summary sheet — per employee the violations
// and points in the window, ladder level, confirmed actions and rewards —
// and a second sheet with violations per rule per week as a table and a
// clustered column chart.
func WriteDiscipline(w io.Writer, in *DisciplineInput) error {
	if in.From.IsZero() || in.To.Before(in.From) {
		return roster.FieldErrorf("to", "discipline summary needs a date range")
	}
	lang := in.Lang
	sheet := T(lang, "sheet.discipline")
	b := newBook(lang, sheet)
	inRange := func(d roster.Date) bool { return !d.Before(in.From) && !d.After(in.To) }

	counts := map[string]int{}
	computed := map[string]int{}
	for i := range in.Records {
		r := &in.Records[i]
		if r.Superseded || !inRange(r.Date) {
			continue
		}
		counts[r.Employee]++
		if r.Counts() {
			computed[r.Employee] += r.Points
		}
	}
	actions := map[string][]string{}
	for _, a := range in.Actions {
		if a.Status != compliance.ActionConfirmed {
			continue
		}
		s := a.Level.Label(lang)
		if !a.DecidedAt.IsZero() {
			s += " " + a.DecidedAt.Format("2006-01-02")
		}
		if a.FineCents > 0 {
			s += fmt.Sprintf(" (%s %d.%02d)", T(lang, "label.fine"), a.FineCents/100, a.FineCents%100)
		}
		actions[a.Employee] = append(actions[a.Employee], s)
	}
	rewards := map[string][]string{}
	for _, rw := range in.Rewards {
		if rw.Revoked {
			continue
		}
		s := rw.Kind.Label(lang)
		switch {
		case !rw.Date.IsZero():
			s += " " + rw.Date.String()
		case rw.Month.Year != 0:
			s += " " + rw.Month.String()
		}
		if rw.Reason != "" {
			s += " " + rw.Reason
		}
		rewards[rw.Employee] = append(rewards[rw.Employee], s)
		if rw.Kind == compliance.ManualPenalty && inRange(rw.Date) {
			computed[rw.Employee] += rw.Points
		}
	}
	standing := map[string]Standing{}
	if in.Standings != nil {
		for _, s := range in.Standings {
			standing[s.Employee] = s
		}
	} else {
		pol := compliance.DefaultPolicy()
		if in.Policy != nil {
			pol = *in.Policy
		}
		for code, p := range computed {
			lvl := compliance.LevelNone
			for i, th := range pol.Ladder {
				if p >= th {
					lvl = compliance.Level(i + 1)
				}
			}
			standing[code] = Standing{Employee: code, Points: p, Level: lvl}
		}
	}

	// Employees: the roster's, plus anyone named in the data.
	emps := append([]roster.Employee(nil), in.Employees...)
	known := employeeIndex(in.Employees)
	extra := map[string]bool{}
	for _, m := range []map[string]int{counts, computed} {
		for c := range m {
			extra[c] = true
		}
	}
	for _, m := range []map[string][]string{actions, rewards} {
		for c := range m {
			extra[c] = true
		}
	}
	for c := range standing {
		extra[c] = true
	}
	for c := range extra {
		if known[c] == nil {
			emps = append(emps, roster.Employee{Code: c})
		}
	}
	sort.SliceStable(emps, func(i, j int) bool {
		if emps[i].Team != emps[j].Team {
			return emps[i].Team < emps[j].Team
		}
		return emps[i].Code < emps[j].Code
	})

	cols := []column{
		{"col.code", 10, b.textStyle()}, {"col.name", 12, b.textStyle()}, {"col.team", 10, b.textStyle()},
		{"col.violations", 9, b.intStyle()}, {"col.points", 8, b.intStyle()}, {"col.level", 12, b.textStyle()},
		{"col.actions", 36, b.wrapStyle()}, {"col.actionCount", 8, b.intStyle()},
		{"col.rewards", 36, b.wrapStyle()}, {"col.rewardCount", 8, b.intStyle()},
	}
	b.titled(sheet, T(lang, "title.discipline"), period(lang, in.Center, in.From, in.To), len(cols))
	const headerRow = 3
	for i, e := range emps {
		st := standing[e.Code]
		acts, rews := strings.Join(actions[e.Code], "\n"), strings.Join(rewards[e.Code], "\n")
		b.check(b.f.SetSheetRow(sheet, cell(1, headerRow+1+i), &[]any{
			e.Code, e.Name, e.Team, counts[e.Code], st.Points, st.Level.Label(lang), acts, len(actions[e.Code]), rews, len(rewards[e.Code]),
		}))
		b.fitRow(sheet, headerRow+1+i, cols, map[int]string{6: acts, 8: rews})
	}
	b.table(sheet, headerRow, cols, len(emps), true)

	b.weekly(in)
	return b.save(w)
}

// monday returns the Monday of d's week.
func monday(d roster.Date) roster.Date {
	return d.AddDays(-((int(d.Weekday()) + 6) % 7))
}

// weekly adds the sheet of violations per rule per week with its chart.
func (b *book) weekly(in *DisciplineInput) {
	lang := b.lang
	sheet := T(lang, "sheet.weekly")
	_, err := b.f.NewSheet(sheet)
	b.check(err)
	first := monday(in.From)
	nWeeks := roster.DaysBetween(first, in.To)/7 + 1
	perRule := map[compliance.Rule][]int{}
	for i := range in.Records {
		r := &in.Records[i]
		if r.Superseded || r.Date.Before(in.From) || r.Date.After(in.To) {
			continue
		}
		if perRule[r.Rule] == nil {
			perRule[r.Rule] = make([]int, nWeeks)
		}
		perRule[r.Rule][roster.DaysBetween(first, r.Date)/7]++
	}
	var rules []compliance.Rule
	for _, r := range compliance.Rules {
		if perRule[r] != nil {
			rules = append(rules, r)
		}
	}
	for r := range perRule {
		if !r.Valid() {
			rules = append(rules, r)
		}
	}
	const headerRow = 3
	cols := []column{{"col.week", 12, b.dateStyle()}, {"col.weekLabel", 12, b.textStyle()}}
	b.titled(sheet, T(lang, "title.weekly"), period(lang, in.Center, in.From, in.To), len(rules)+2)
	most := 0
	for w := 0; w < nWeeks; w++ {
		monday := first.AddDays(7 * w)
		_, iso := monday.In(time.UTC).ISOWeek()
		row := []any{dateSerial(monday), fmt.Sprintf(T(lang, "label.weekFmt"), iso, monday.Month, monday.Day)}
		for _, r := range rules {
			row = append(row, perRule[r][w])
			most = max(most, perRule[r][w])
		}
		b.check(b.f.SetSheetRow(sheet, cell(1, headerRow+1+w), &row))
	}
	b.table(sheet, headerRow, cols, nWeeks, false)
	hs, is := b.headerStyle(), b.intStyle()
	for i, r := range rules {
		b.set(sheet, i+3, headerRow, r.Label(lang)+"\n"+string(r), hs)
		b.check(b.f.SetColWidth(sheet, colName(i+3), colName(i+3), 19))
		b.check(b.f.SetCellStyle(sheet, cell(i+3, headerRow+1), cell(i+3, headerRow+nWeeks), is))
	}
	b.check(b.f.SetRowHeight(sheet, headerRow, 32))
	if len(rules) == 0 {
		return
	}
	q := quoteSheet(sheet)
	noVary := false
	last := headerRow + nWeeks
	var series []excelize.ChartSeries
	for i := range rules {
		c := colName(i + 3)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$%d", q, c, headerRow),
			Categories: fmt.Sprintf("%s!$B$%d:$B$%d", q, headerRow+1, last),
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", q, c, headerRow+1, c, last),
		})
	}
	unit := float64(most/5 + 1)
	b.check(b.f.AddChart(sheet, cell(len(rules)+4, headerRow), &excelize.Chart{
		Type:       excelize.Col,
		VaryColors: &noVary,
		Series:     series,
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: T(lang, "title.weekly")}}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		Dimension:  excelize.ChartDimension{Width: 760, Height: 400},
		YAxis:      excelize.ChartAxis{MajorGridLines: true, MajorUnit: unit},
		PlotArea:   excelize.ChartPlotArea{ShowVal: false},
	}))
}
