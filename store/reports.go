package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"shiftguard/compliance"
	"shiftguard/roster"
)

func auditEntries(ctx context.Context, q querier, w where, order string, limit int) ([]AuditEntry, error) {
	query := `SELECT id, at, actor, role, action, entity, entity_id, before, after, reason FROM audit_log` + w.String() + ` ORDER BY id ` + order
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	return queryAll(ctx, q, scanAudit, query, w.args...)
}

func scanAudit(row scanner) (AuditEntry, error) {
	var a AuditEntry
	var at int64
	var role string
	err := row.Scan(&a.ID, &at, &a.Actor, &role, &a.Action, &a.Entity, &a.EntityID, &a.Before, &a.After, &a.Reason)
	a.At, a.Role = fromUnix(at), roster.Role(role)
	return a, err
}

// AuditLog lists audit entries, newest first (admin, manager, hr).
func (s *Service) AuditLog(ctx context.Context, sess *Session, f AuditFilter) ([]AuditEntry, error) {
	if err := allow(sess, "read the audit log", roster.RoleManager, roster.RoleHR); err != nil {
		return nil, err
	}
	var w where
	if f.Entity != "" {
		w.add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		w.add("entity_id = ?", f.EntityID)
	}
	if f.Actor != "" {
		w.add("actor = ?", f.Actor)
	}
	if !f.From.IsZero() {
		w.add("at >= ?", f.From.Unix())
	}
	if !f.To.IsZero() {
		w.add("at < ?", f.To.Unix())
	}
	return auditEntries(ctx, s.db.ro, w, "DESC", f.Limit)
}

// PeriodData loads the raw data of a period for reports (manager, hr).
func (s *Service) PeriodData(ctx context.Context, sess *Session, f PeriodFilter) (*Period, error) {
	if err := allow(sess, "export reports", roster.RoleManager, roster.RoleHR); err != nil {
		return nil, err
	}
	if f.From.IsZero() || f.To.IsZero() || f.To.Before(f.From) {
		return nil, roster.FieldErrorf("period", "a report needs a period whose end is not before its start")
	}
	q := s.db.ro
	loc, err := s.Location(ctx)
	if err != nil {
		return nil, err
	}
	p := &Period{From: f.From, To: f.To, Location: loc}
	if p.Employees, err = loadEmployees(ctx, q, EmployeeFilter{Team: f.Team, IncludeInactive: true}); err != nil {
		return nil, err
	}
	in := map[string]bool{}
	for _, e := range p.Employees {
		in[e.Code] = true
	}
	if p.ShiftTypes, err = shiftTypes(ctx, q); err != nil {
		return nil, err
	}
	as, err := assignments(ctx, q, f.From, f.To, "")
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if in[a.Employee] {
			p.Assignments = append(p.Assignments, a)
		}
	}
	from, to := f.From.In(loc), f.To.AddDays(1).In(loc).Add(12*time.Hour)
	// The three big reads run side by side on the reader pool.
	var evs []roster.Event
	var wg sync.WaitGroup
	errs := make([]error, 3)
	wg.Add(3)
	go func() {
		defer wg.Done()
		evs, errs[0] = events(ctx, q, EventFilter{From: from, To: to})
	}()
	go func() {
		defer wg.Done()
		p.Notes, errs[1] = handoverNotes(ctx, q, NoteFilter{From: f.From, To: f.To, Team: f.Team}, "")
	}()
	go func() {
		defer wg.Done()
		p.Records, errs[2] = records(ctx, q, ViolationFilter{From: f.From, To: f.To, Team: f.Team})
	}()
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, e := range evs {
		if in[e.Employee] {
			p.Events = append(p.Events, e)
		}
	}
	sort.SliceStable(p.Notes, func(i, j int) bool { return p.Notes[i].WrittenAt.Before(p.Notes[j].WrittenAt) })
	ls, err := leaves(ctx, q, LeaveFilter{From: f.From, To: f.To})
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		if in[l.Employee] {
			p.Leaves = append(p.Leaves, l)
		}
	}
	pls, err := postLeaves(ctx, q, from, to, "")
	if err != nil {
		return nil, err
	}
	for _, l := range pls {
		if in[l.Employee] {
			p.PostLeaves = append(p.PostLeaves, l)
		}
	}
	rs, err := rewards(ctx, q, RewardFilter{IncludeRevoked: true})
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		if in[r.Employee] && !r.Date.Before(f.From) && !r.Date.After(f.To) {
			p.Rewards = append(p.Rewards, r)
		}
	}
	acts, err := disciplineActions(ctx, q, ActionFilter{})
	if err != nil {
		return nil, err
	}
	for _, a := range acts {
		d := roster.DateOf(a.ProposedAt.In(loc))
		if in[a.Employee] && !d.Before(f.From) && !d.After(f.To) {
			p.Actions = append(p.Actions, a)
		}
	}
	return p, nil
}

// Attendance returns one row per employee and assigned or leave day of the
// period (manager, hr), ordered by team, employee and date.
func (s *Service) Attendance(ctx context.Context, sess *Session, f PeriodFilter) ([]AttendanceRow, error) {
	p, err := s.PeriodData(ctx, sess, f)
	if err != nil {
		return nil, err
	}
	return AttendanceRows(p), nil
}

// AttendanceRows derives the attendance report from period data: each
// assignment with its clock-in and clock-out (attributed as RULES.md says),
// leave, and the rules and points of its violations that count.
func AttendanceRows(p *Period) []AttendanceRow {
	types := shiftMap(p.ShiftTypes)
	insts, _ := roster.Instances(p.Assignments, types, p.Location)
	byEmpInst := map[string][]roster.Instance{}
	for _, in := range insts {
		byEmpInst[in.Employee] = append(byEmpInst[in.Employee], in)
	}
	byEmpEv := map[string][]roster.Event{}
	for _, e := range p.Events {
		byEmpEv[e.Employee] = append(byEmpEv[e.Employee], e)
	}
	type key struct {
		emp  string
		date roster.Date
	}
	leave := map[key]roster.LeaveType{}
	for _, l := range p.Leaves {
		leave[key{l.Employee, l.Date}] = l.Type
	}
	recs := map[key][]compliance.Record{}
	for _, r := range p.Records {
		recs[key{r.Employee, r.Date}] = append(recs[key{r.Employee, r.Date}], r)
	}
	var out []AttendanceRow
	for _, e := range p.Employees {
		days := map[roster.Date]*AttendanceRow{}
		var order []roster.Date
		all := byEmpInst[e.Code]
		attributed := Attribute(all, byEmpEv[e.Code])
		for i := range all {
			in := &all[i]
			row := &AttendanceRow{Employee: e.Code, Name: e.Name, Team: e.Team, Date: in.Date, Shift: in.Shift, Start: in.Start, End: in.End}
			for _, ev := range attributed[i] {
				switch ev.Kind {
				case roster.ClockIn:
					if row.ClockIn.IsZero() || ev.At.Before(row.ClockIn) {
						row.ClockIn = ev.At
					}
				case roster.ClockOut:
					if ev.At.After(row.ClockOut) {
						row.ClockOut = ev.At
					}
				}
			}
			if !row.ClockOut.IsZero() && !row.ClockOut.After(row.ClockIn) {
				row.ClockOut = time.Time{}
			}
			days[in.Date], order = row, append(order, in.Date)
		}
		for k, t := range leave {
			if k.emp != e.Code {
				continue
			}
			if days[k.date] == nil {
				days[k.date] = &AttendanceRow{Employee: e.Code, Name: e.Name, Team: e.Team, Date: k.date}
				order = append(order, k.date)
			}
			days[k.date].Leave = t
		}
		sort.Slice(order, func(i, j int) bool { return order[i].Before(order[j]) })
		for _, d := range order {
			row := days[d]
			for _, r := range recs[key{e.Code, d}] {
				row.Rules = append(row.Rules, r.Rule)
				if r.Counts() {
					row.Points += r.Points
				}
			}
			out = append(out, *row)
		}
	}
	return out
}
