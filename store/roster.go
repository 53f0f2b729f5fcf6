package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"shiftguard/roster"
)

// Shift returns the shift code of employee on day (1-based) of the month,
// "" when none.
func (m *MonthRoster) Shift(employee string, day int) string {
	row := m.cells[employee]
	if day < 1 || day > len(row) {
		return ""
	}
	return row[day-1]
}

// Count returns how many employees are on shift on date d.
func (m *MonthRoster) Count(shift string, d roster.Date) int {
	if roster.MonthOf(d) != m.Month {
		return 0
	}
	n := 0
	for _, row := range m.cells {
		if row[d.Day-1] == shift {
			n++
		}
	}
	return n
}

// Required returns the head count that shift needs on d: a rule for the
// date wins over one for its weekday, which wins over an every-day rule.
func (m *MonthRoster) Required(shift string, d roster.Date) int {
	return RequiredOn(m.Coverage, shift, d)
}

// RequiredOn returns the head count of shift on d under the coverage rules.
func RequiredOn(cov []roster.CoverageRequirement, shift string, d roster.Date) int {
	best, rank := 0, -1
	wd := int(d.Weekday())
	for _, c := range cov {
		if c.Shift != shift {
			continue
		}
		r := -1
		switch {
		case !c.Date.IsZero():
			if c.Date == d {
				r = 2
			}
		case c.Weekday == wd:
			r = 1
		case c.Weekday == -1:
			r = 0
		}
		if r > rank {
			best, rank = c.Required, r
		}
	}
	return best
}

// OnLeave returns the leave of employee on d, if any.
func (m *MonthRoster) OnLeave(employee string, d roster.Date) (roster.LeaveType, bool) {
	for _, l := range m.Leaves {
		if l.Employee == employee && l.Date == d {
			return l.Type, true
		}
	}
	return "", false
}

// MonthRoster loads the roster grid of a month (any signed-in user).
func (s *Service) MonthRoster(ctx context.Context, sess *Session, m roster.Month) (*MonthRoster, error) {
	if err := signedIn(sess); err != nil {
		return nil, err
	}
	if m.Month < 1 || m.Month > 12 || m.Year < 1900 || m.Year > 9999 {
		return nil, roster.FieldErrorf("month", "%04d-%02d is not a month", m.Year, int(m.Month))
	}
	q := s.db.ro
	out := &MonthRoster{Month: m, cells: map[string][]string{}}
	var err error
	if out.Employees, err = loadEmployees(ctx, q, EmployeeFilter{}); err != nil {
		return nil, err
	}
	if out.ShiftTypes, err = shiftTypes(ctx, q); err != nil {
		return nil, err
	}
	if out.Coverage, err = coverage(ctx, q); err != nil {
		return nil, err
	}
	if out.Assignments, err = assignments(ctx, q, m.First(), m.Last(), ""); err != nil {
		return nil, err
	}
	// Inactive employees who still have cells this month stay on the grid.
	listed := make(map[string]bool, len(out.Employees))
	for _, e := range out.Employees {
		listed[e.Code] = true
	}
	added := false
	for _, a := range out.Assignments {
		if !listed[a.Employee] {
			e, err := employeeByCode(ctx, q, a.Employee)
			if err != nil {
				return nil, err
			}
			listed[a.Employee], added = true, true
			out.Employees = append(out.Employees, *e)
		}
	}
	if added {
		slices.SortStableFunc(out.Employees, func(a, b roster.Employee) int {
			if c := strings.Compare(a.Team, b.Team); c != 0 {
				return c
			}
			return strings.Compare(a.Code, b.Code)
		})
	}
	days := m.Days()
	for _, a := range out.Assignments {
		row := out.cells[a.Employee]
		if row == nil {
			row = make([]string, days)
			out.cells[a.Employee] = row
		}
		row[a.Date.Day-1] = a.Shift
	}
	if out.Leaves, err = leaves(ctx, q, LeaveFilter{From: m.First(), To: m.Last()}); err != nil {
		return nil, err
	}
	var at int64
	err = q.QueryRowContext(ctx, `SELECT published_by, published_at FROM published_months WHERE month = ?`, m.String()).Scan(&out.PublishedBy, &at)
	if err == nil {
		out.Published, out.PublishedAt = true, fromUnix(at)
	} else if !isNoRows(err) {
		return nil, err
	}
	return out, nil
}

func assignments(ctx context.Context, q querier, from, to roster.Date, employee string) ([]roster.Assignment, error) {
	var w where
	if !from.IsZero() {
		w.add("date >= ?", dateText(from))
	}
	if !to.IsZero() {
		w.add("date <= ?", dateText(to))
	}
	if employee != "" {
		w.add("employee = ?", employee)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, employee, date, shift, locked FROM assignments`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]roster.Assignment, 0, 256)
	for rows.Next() {
		var a roster.Assignment
		var date string
		var locked int
		if err := rows.Scan(&a.ID, &a.Employee, &date, &a.Shift, &locked); err != nil {
			return nil, err
		}
		a.Date, a.Locked = parseDate(date), locked != 0
		out = append(out, a)
	}
	// Sorting here is cheaper than SQLite's temporary B-tree.
	slices.SortFunc(out, func(a, b roster.Assignment) int {
		if c := strings.Compare(a.Employee, b.Employee); c != 0 {
			return c
		}
		return a.Date.Compare(b.Date)
	})
	return out, rows.Err()
}

// Assignments lists the assignments of [from, to] (agents: everyone's, the
// roster is public within the center).
func (s *Service) Assignments(ctx context.Context, sess *Session, from, to roster.Date, employee string) ([]roster.Assignment, error) {
	if err := signedIn(sess); err != nil {
		return nil, err
	}
	return assignments(ctx, s.db.ro, from, to, employee)
}

func (t *tx) published(m roster.Month) (bool, error) {
	var n int
	err := t.QueryRowContext(t.ctx, `SELECT COUNT(*) FROM published_months WHERE month = ?`, m.String()).Scan(&n)
	return n > 0, err
}

// checkLock enforces the reason rule of published months.
func (t *tx) checkLock(d roster.Date, reason string) error {
	pub, err := t.published(roster.MonthOf(d))
	if err != nil {
		return err
	}
	if pub && strings.TrimSpace(reason) == "" {
		return roster.Errorf(roster.ELOCKED, "%s is published: changing it needs a reason", roster.MonthOf(d))
	}
	return nil
}

func (t *tx) assignment(employee string, d roster.Date) (*roster.Assignment, error) {
	var a roster.Assignment
	var locked int
	err := t.QueryRowContext(t.ctx, `SELECT id, shift, locked FROM assignments WHERE employee = ? AND date = ?`, employee, dateText(d)).Scan(&a.ID, &a.Shift, &locked)
	if isNoRows(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	a.Employee, a.Date, a.Locked = employee, d, locked != 0
	return &a, nil
}

func (t *tx) setAssignment(a roster.Assignment, reason, action string) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if err := t.checkLock(a.Date, reason); err != nil {
		return err
	}
	old, err := t.assignment(a.Employee, a.Date)
	if err != nil {
		return err
	}
	if old != nil && old.Shift == a.Shift && old.Locked == a.Locked {
		return nil
	}
	if err := t.activeEmployee(a.Employee); err != nil {
		return err
	}
	if old == nil {
		_, err = t.exec(`INSERT INTO assignments (employee, date, shift, locked) VALUES (?, ?, ?, ?)`,
			a.Employee, dateText(a.Date), a.Shift, boolInt(a.Locked))
	} else {
		_, err = t.exec(`UPDATE assignments SET shift = ?, locked = ? WHERE id = ?`, a.Shift, boolInt(a.Locked), old.ID)
	}
	if err != nil {
		if roster.ErrorCode(mapErr(err)) == roster.EINVALID {
			return roster.Errorf(roster.EINVALID, "assignment %s %s: unknown employee or shift code %s", a.Employee, a.Date, a.Shift)
		}
		return err
	}
	var before any
	if old != nil {
		before = old
	}
	return t.audit(action, "assignment", a.Employee+"@"+a.Date.String(), before, a, reason)
}

func (t *tx) clearAssignment(employee string, d roster.Date, reason, action string) error {
	if err := t.checkLock(d, reason); err != nil {
		return err
	}
	old, err := t.assignment(employee, d)
	if err != nil {
		return err
	}
	if old == nil {
		return notFound("assignment", employee+" "+d.String())
	}
	if _, err := t.exec(`DELETE FROM assignments WHERE id = ?`, old.ID); err != nil {
		return err
	}
	return t.audit(action, "assignment", employee+"@"+d.String(), old, nil, reason)
}

// SetAssignment puts a.Employee on shift a.Shift on a.Date, replacing any
// assignment of that day (manager). In a published month reason must not be
// empty (roster.ELOCKED otherwise); it is kept in the audit trail.
func (s *Service) SetAssignment(ctx context.Context, sess *Session, a roster.Assignment, reason string) error {
	if err := allow(sess, "edit the roster", roster.RoleManager); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error { return t.setAssignment(a, reason, "set") })
}

// SetAssignments applies many assignments all-or-nothing (manager), e.g.
// from automatic rostering; same reason rule as SetAssignment.
func (s *Service) SetAssignments(ctx context.Context, sess *Session, as []roster.Assignment, reason string) error {
	if err := allow(sess, "edit the roster", roster.RoleManager); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		for i, a := range as {
			if err := t.setAssignment(a, reason, "set"); err != nil {
				return roster.Errorf(roster.ErrorCode(err), "assignment %d: %s", i+1, roster.ErrorMessage(err))
			}
		}
		return nil
	})
}

// ClearAssignment removes the assignment of employee on date (manager);
// same reason rule as SetAssignment.
func (s *Service) ClearAssignment(ctx context.Context, sess *Session, employee string, date roster.Date, reason string) error {
	if err := allow(sess, "edit the roster", roster.RoleManager); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error { return t.clearAssignment(employee, date, reason, "clear") })
}

// PublishMonth publishes (locks) a month (manager).
func (s *Service) PublishMonth(ctx context.Context, sess *Session, m roster.Month) error {
	if err := allow(sess, "publish the roster", roster.RoleManager); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		pub, err := t.published(m)
		if err != nil {
			return err
		}
		if pub {
			return roster.Errorf(roster.ECONFLICT, "%s is already published", m)
		}
		if _, err := t.exec(`INSERT INTO published_months (month, published_by, published_at) VALUES (?, ?, ?)`,
			m.String(), sess.User.Username, t.now.Unix()); err != nil {
			return err
		}
		return t.audit("publish", "month", m.String(), nil, map[string]any{"published": true}, "")
	})
}

// UnpublishMonth unlocks a published month with a reason (manager).
func (s *Service) UnpublishMonth(ctx context.Context, sess *Session, m roster.Month, reason string) error {
	if err := allow(sess, "publish the roster", roster.RoleManager); err != nil {
		return err
	}
	if err := needReason(reason, "unpublishing a month"); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		res, err := t.exec(`DELETE FROM published_months WHERE month = ?`, m.String())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return roster.Errorf(roster.ECONFLICT, "%s is not published", m)
		}
		return t.audit("unpublish", "month", m.String(), map[string]any{"published": true}, map[string]any{"published": false}, reason)
	})
}

// ---- leave and off-post approvals ----

func leaves(ctx context.Context, q querier, f LeaveFilter) ([]roster.Leave, error) {
	var w where
	if !f.From.IsZero() {
		w.add("date >= ?", dateText(f.From))
	}
	if !f.To.IsZero() {
		w.add("date <= ?", dateText(f.To))
	}
	if f.Employee != "" {
		w.add("employee = ?", f.Employee)
	}
	return queryAll(ctx, q, scanLeave, `SELECT `+leaveCols+` FROM leaves`+w.String()+` ORDER BY date, employee`, w.args...)
}

const leaveCols = `id, employee, date, type, reason, approved_by`

func scanLeave(row scanner) (roster.Leave, error) {
	var l roster.Leave
	var date, typ string
	err := row.Scan(&l.ID, &l.Employee, &date, &typ, &l.Reason, &l.ApprovedBy)
	l.Date, l.Type = parseDate(date), roster.LeaveType(typ)
	return l, err
}

// Leaves lists approved leave (agents: their own).
func (s *Service) Leaves(ctx context.Context, sess *Session, f LeaveFilter) ([]roster.Leave, error) {
	emp, err := readOwn(sess, f.Employee)
	if err != nil {
		return nil, err
	}
	f.Employee = emp
	return leaves(ctx, s.db.ro, f)
}

// AddLeave records approved leave for a date (manager). l.ID is set.
func (s *Service) AddLeave(ctx context.Context, sess *Session, l *roster.Leave) error {
	if err := allow(sess, "approve leave", roster.RoleManager); err != nil {
		return err
	}
	if err := l.Validate(); err != nil {
		return err
	}
	l.ApprovedBy = sess.User.Username
	return s.write(ctx, sess, func(t *tx) error {
		id, err := t.insertID(`INSERT INTO leaves (employee, date, type, reason, approved_by) VALUES (?, ?, ?, ?, ?)`,
			l.Employee, dateText(l.Date), string(l.Type), l.Reason, l.ApprovedBy)
		if err != nil {
			if roster.ErrorCode(err) == roster.ECONFLICT {
				return roster.Errorf(roster.ECONFLICT, "%s already has leave on %s", l.Employee, l.Date)
			}
			return err
		}
		l.ID = id
		return t.audit("create", "leave", id, nil, l, l.Reason)
	})
}

// CancelLeave removes approved leave with a reason (manager); the audit
// entry keeps what it was.
func (s *Service) CancelLeave(ctx context.Context, sess *Session, id int64, reason string) error {
	if err := allow(sess, "approve leave", roster.RoleManager); err != nil {
		return err
	}
	if err := needReason(reason, "cancelling leave"); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		l, err := queryOne(ctx, t, scanLeave, "leave", id, `SELECT `+leaveCols+` FROM leaves WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if _, err := t.exec(`DELETE FROM leaves WHERE id = ?`, id); err != nil {
			return err
		}
		return t.audit("cancel", "leave", id, l, nil, reason)
	})
}

func postLeaves(ctx context.Context, q querier, from, to time.Time, employee string) ([]roster.PostLeave, error) {
	var w where
	if !from.IsZero() {
		w.add("to_at >= ?", from.Unix())
	}
	if !to.IsZero() {
		w.add("from_at < ?", to.Unix())
	}
	if employee != "" {
		w.add("employee = ?", employee)
	}
	return queryAll(ctx, q, scanPostLeave, `SELECT `+postLeaveCols+` FROM post_leaves`+w.String()+` ORDER BY from_at, employee`, w.args...)
}

const postLeaveCols = `id, employee, from_at, to_at, reason, approved_by`

func scanPostLeave(row scanner) (roster.PostLeave, error) {
	var p roster.PostLeave
	var from, to int64
	err := row.Scan(&p.ID, &p.Employee, &from, &to, &p.Reason, &p.ApprovedBy)
	p.From, p.To = fromUnix(from), fromUnix(to)
	return p, err
}

// PostLeaves lists off-post approvals (agents: their own).
func (s *Service) PostLeaves(ctx context.Context, sess *Session, f LeaveFilter) ([]roster.PostLeave, error) {
	emp, err := readOwn(sess, f.Employee)
	if err != nil {
		return nil, err
	}
	loc, err := s.Location(ctx)
	if err != nil {
		return nil, err
	}
	var from, to time.Time
	if !f.From.IsZero() {
		from = f.From.In(loc)
	}
	if !f.To.IsZero() {
		to = f.To.AddDays(1).In(loc)
	}
	return postLeaves(ctx, s.db.ro, from, to, emp)
}

// ApprovePostLeave records an approved off-post interval (manager).
func (s *Service) ApprovePostLeave(ctx context.Context, sess *Session, p *roster.PostLeave) error {
	if err := allow(sess, "approve time off post", roster.RoleManager); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	p.ApprovedBy = sess.User.Username
	return s.write(ctx, sess, func(t *tx) error {
		id, err := t.insertID(`INSERT INTO post_leaves (employee, from_at, to_at, reason, approved_by) VALUES (?, ?, ?, ?, ?)`,
			p.Employee, p.From.Unix(), p.To.Unix(), p.Reason, p.ApprovedBy)
		if err != nil {
			return err
		}
		p.ID = id
		return t.audit("create", "post_leave", id, nil, p, p.Reason)
	})
}

// CancelPostLeave removes an off-post approval with a reason (manager).
func (s *Service) CancelPostLeave(ctx context.Context, sess *Session, id int64, reason string) error {
	if err := allow(sess, "approve time off post", roster.RoleManager); err != nil {
		return err
	}
	if err := needReason(reason, "cancelling an off-post approval"); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		p, err := queryOne(ctx, t, scanPostLeave, "off-post approval", id, `SELECT `+postLeaveCols+` FROM post_leaves WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if _, err := t.exec(`DELETE FROM post_leaves WHERE id = ?`, id); err != nil {
			return err
		}
		return t.audit("cancel", "post_leave", id, p, nil, reason)
	})
}
