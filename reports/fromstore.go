package reports

import (
	"context"
	"io"
	"os"
	"strings"
	"time"

	"shiftguard/compliance"
	"shiftguard/roster"
	"shiftguard/store"
)

// Export kinds accepted by Export (shiftguard export KIND).
const (
	KindRoster           = "roster"
	KindAttendance       = "attendance"
	KindAttendanceDetail = "attendance-detail"
	KindViolations       = "violations"
	KindDiscipline       = "discipline"
	KindHandovers        = "handovers"
)

// Import kinds accepted by Import (shiftguard import KIND FILE).
const (
	KindEmployees = "employees"
	KindPunches   = "punches"
)

// ExportKinds lists the export kinds in menu order.
var ExportKinds = []string{KindRoster, KindAttendance, KindAttendanceDetail, KindViolations, KindDiscipline, KindHandovers}

// ImportKinds lists the import kinds in menu order.
var ImportKinds = []string{KindEmployees, KindRoster, KindPunches}

// Export gathers the data of kind for the dates from..to (and team, "" for
// all) through the store's service, with sess's permissions, and writes the
// workbook to w with labels in lang ("zh" or "en"). The roster export covers
// the month of from.
func Export(ctx context.Context, svc *store.Service, sess *store.Session, kind string, from, to roster.Date, team, lang string, w io.Writer) error {
	if lang != LangEN {
		lang = LangZH
	}
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return roster.FieldErrorf("to", "an export needs a period whose end is not before its start")
	}
	center := ""
	if st, err := svc.Settings(ctx, sess); err == nil {
		center = st.CenterName
	} else {
		return err
	}
	if kind == KindRoster {
		m := roster.MonthOf(from)
		if roster.MonthOf(to) != m {
			return roster.FieldErrorf("to", "a roster export covers one month; %s and %s are in different months", from, to)
		}
		mr, err := svc.MonthRoster(ctx, sess, m)
		if err != nil {
			return err
		}
		in := &RosterInput{Month: m, Lang: lang, Center: center, ShiftTypes: mr.ShiftTypes, Coverage: mr.Coverage}
		keep := map[string]bool{}
		for _, e := range mr.Employees {
			if team == "" || e.Team == team {
				in.Employees = append(in.Employees, e)
				keep[e.Code] = true
			}
		}
		for _, a := range mr.Assignments {
			if keep[a.Employee] {
				in.Assignments = append(in.Assignments, a)
			}
		}
		for _, l := range mr.Leaves {
			if keep[l.Employee] {
				in.Leaves = append(in.Leaves, l)
			}
		}
		return WriteRoster(w, in)
	}
	p, err := svc.PeriodData(ctx, sess, store.PeriodFilter{From: from, To: to, Team: team})
	if err != nil {
		return err
	}
	switch kind {
	case KindAttendance, KindAttendanceDetail:
		days, err := BuildAttendance(&AttendanceSource{Location: p.Location, From: from, To: to, ShiftTypes: p.ShiftTypes,
			Assignments: p.Assignments, Events: p.Events, Leaves: p.Leaves,
			Records: append([]compliance.Record{}, p.Records...)}) // the judged records decide, even when there are none
		if err != nil {
			return err
		}
		in := &AttendanceInput{From: from, To: to, Lang: lang, Center: center, Employees: p.Employees, Days: days}
		if kind == KindAttendanceDetail {
			return WriteAttendanceDetail(w, in)
		}
		return WriteAttendance(w, in)
	case KindViolations:
		return WriteViolations(w, &ViolationsInput{From: from, To: to, Lang: lang, Center: center, Employees: p.Employees, Records: p.Records})
	case KindDiscipline:
		all, err := svc.Standings(ctx, sess, to)
		if err != nil {
			return err
		}
		in := map[string]bool{}
		for _, e := range p.Employees {
			in[e.Code] = true
		}
		standings := []Standing{}
		for _, s := range all {
			if in[s.Employee] {
				standings = append(standings, Standing{Employee: s.Employee, Points: s.Points, Level: s.Level})
			}
		}
		return WriteDiscipline(w, &DisciplineInput{From: from, To: to, Lang: lang, Center: center, Employees: p.Employees,
			Standings: standings, Actions: p.Actions, Rewards: p.Rewards, Records: p.Records})
	case KindHandovers:
		return WriteHandovers(w, &HandoverInput{From: from, To: to, Lang: lang, Center: center, Employees: p.Employees, Notes: p.Notes})
	}
	return roster.FieldErrorf("kind", "unknown export %q; choose one of %s", kind, strings.Join(ExportKinds, ", "))
}

// ImportOptions tune Import.
type ImportOptions struct {
	// Mapping of a punch file's columns; nil: guessed from its header.
	Mapping *PunchMapping
	// Reason recorded for roster changes (required in a published month).
	Reason string
}

// Import reads the file at path as kind (employees, roster or punches),
// validates every row, and on success writes everything in one
// transaction through the service; n is the number of records imported
// (for the roster: cells changed). Local times are read in loc (nil: the
// center's time zone). On any problem nothing is written and the error is
// an *ImportError naming sheet, row and column, or the service's error.
func Import(ctx context.Context, svc *store.Service, sess *store.Session, kind, path string, loc *time.Location, opt ImportOptions) (n int, err error) {
	if loc == nil {
		if loc, err = svc.Location(ctx); err != nil {
			return 0, err
		}
	}
	open := func() (*os.File, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, roster.Errorf(roster.EINVALID, "cannot open %s: %v", path, err)
		}
		return f, nil
	}
	f, err := open()
	if err != nil {
		return 0, err
	}
	defer f.Close()
	switch kind {
	case KindEmployees:
		emps, err := ImportEmployees(path, f)
		if err != nil {
			return 0, err
		}
		created, updated, err := svc.ImportEmployees(ctx, sess, emps)
		return created + updated, err
	case KindRoster:
		types, err := svc.ShiftTypes(ctx, sess)
		if err != nil {
			return 0, err
		}
		emps, err := svc.Employees(ctx, sess, store.EmployeeFilter{IncludeInactive: true})
		if err != nil {
			return 0, err
		}
		g, err := ImportRosterGrid(path, f, RosterImportOptions{ShiftTypes: types, Employees: emps})
		if err != nil {
			return 0, err
		}
		from, to := g.Dates[0], g.Dates[0]
		for _, d := range g.Dates {
			if d.Before(from) {
				from = d
			}
			if d.After(to) {
				to = d
			}
		}
		if roster.DaysBetween(from, to)+1 != len(g.Dates) {
			return 0, roster.Errorf(roster.EINVALID, "the roster's dates from %s to %s must be consecutive days", from, to)
		}
		return svc.ReplaceRoster(ctx, sess, g.Employees, from, to, g.Assignments, opt.Reason)
	case KindPunches:
		m := opt.Mapping
		if m == nil {
			rows, err := ReadRows(path, f, maxTitleRows)
			if err != nil {
				return 0, err
			}
			guess, err := DetectPunchHeader(rows)
			if err != nil {
				return 0, err
			}
			m = &guess
			f.Close()
			if f, err = open(); err != nil {
				return 0, err
			}
			defer f.Close()
		}
		emps, err := svc.Employees(ctx, sess, store.EmployeeFilter{IncludeInactive: true})
		if err != nil {
			return 0, err
		}
		evs, err := ImportPunches(path, f, *m, PunchImportOptions{Location: loc, Employees: emps, RecordedBy: sess.User.Username})
		if err != nil {
			return 0, err
		}
		if err := svc.ImportEvents(ctx, sess, evs); err != nil {
			return 0, err
		}
		return len(evs), nil
	}
	return 0, roster.FieldErrorf("kind", "unknown import %q; choose one of %s", kind, strings.Join(ImportKinds, ", "))
}
