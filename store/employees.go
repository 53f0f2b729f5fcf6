package store

import (
	"context"
	"strings"

	"shiftguard/roster"
)

const employeeCols = `id, code, name, team, active, max_nights`

func scanEmployee(row scanner) (roster.Employee, error) {
	var e roster.Employee
	var active int
	err := row.Scan(&e.ID, &e.Code, &e.Name, &e.Team, &active, &e.MaxNightsPerMonth)
	e.Active = active != 0
	return e, err
}

func loadEmployees(ctx context.Context, q querier, f EmployeeFilter) ([]roster.Employee, error) {
	var w where
	if !f.IncludeInactive {
		w.add("active = 1")
	}
	if f.Team != "" {
		w.add("team = ?", f.Team)
	}
	return queryAll(ctx, q, scanEmployee, `SELECT `+employeeCols+` FROM employees`+w.String()+` ORDER BY team, code`, w.args...)
}

// Employees lists employees by team then code (any signed-in user).
func (s *Service) Employees(ctx context.Context, sess *Session, f EmployeeFilter) ([]roster.Employee, error) {
	if err := signedIn(sess); err != nil {
		return nil, err
	}
	return loadEmployees(ctx, s.db.ro, f)
}

func employeeByCode(ctx context.Context, q querier, code string) (*roster.Employee, error) {
	e, err := scanEmployee(q.QueryRowContext(ctx, `SELECT `+employeeCols+` FROM employees WHERE code = ?`, code))
	if isNoRows(err) {
		return nil, notFound("employee", code)
	}
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// Employee returns one employee by code.
func (s *Service) Employee(ctx context.Context, sess *Session, code string) (*roster.Employee, error) {
	if err := signedIn(sess); err != nil {
		return nil, err
	}
	return employeeByCode(ctx, s.db.ro, code)
}

// Teams lists the teams of active employees.
func (s *Service) Teams(ctx context.Context, sess *Session) ([]string, error) {
	if err := signedIn(sess); err != nil {
		return nil, err
	}
	rows, err := s.db.ro.QueryContext(ctx, `SELECT DISTINCT team FROM employees WHERE active = 1 ORDER BY team`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func trimEmployee(e *roster.Employee) {
	e.Code, e.Name, e.Team = strings.TrimSpace(e.Code), strings.TrimSpace(e.Name), strings.TrimSpace(e.Team)
}

// CreateEmployee adds an employee (manager). e.ID is set.
func (s *Service) CreateEmployee(ctx context.Context, sess *Session, e *roster.Employee) error {
	if err := allow(sess, "edit employees", roster.RoleManager); err != nil {
		return err
	}
	trimEmployee(e)
	if err := e.Validate(); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		id, err := t.insertID(`INSERT INTO employees (code, name, team, active, max_nights) VALUES (?, ?, ?, ?, ?)`,
			e.Code, e.Name, e.Team, boolInt(e.Active), e.MaxNightsPerMonth)
		if err != nil {
			if roster.ErrorCode(err) == roster.ECONFLICT {
				return roster.Errorf(roster.ECONFLICT, "employee number %s is already taken", e.Code)
			}
			return err
		}
		e.ID = id
		return t.audit("create", "employee", e.Code, nil, e, "")
	})
}

// UpdateEmployee changes name, team, active flag and preferences of the
// employee e.Code (manager). Employees are never deleted.
func (s *Service) UpdateEmployee(ctx context.Context, sess *Session, e *roster.Employee) error {
	if err := allow(sess, "edit employees", roster.RoleManager); err != nil {
		return err
	}
	trimEmployee(e)
	if err := e.Validate(); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		old, err := employeeByCode(ctx, t, e.Code)
		if err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE employees SET name = ?, team = ?, active = ?, max_nights = ? WHERE id = ?`,
			e.Name, e.Team, boolInt(e.Active), e.MaxNightsPerMonth, old.ID); err != nil {
			return err
		}
		e.ID = old.ID
		return t.audit("update", "employee", e.Code, old, e, "")
	})
}

// DeactivateEmployee marks an employee inactive with a reason (manager).
func (s *Service) DeactivateEmployee(ctx context.Context, sess *Session, code, reason string) error {
	if err := allow(sess, "edit employees", roster.RoleManager); err != nil {
		return err
	}
	if err := needReason(reason, "deactivating an employee"); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		old, err := employeeByCode(ctx, t, code)
		if err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE employees SET active = 0 WHERE id = ?`, old.ID); err != nil {
			return err
		}
		after := *old
		after.Active = false
		if err := t.audit("deactivate", "employee", code, old, after, reason); err != nil {
			return err
		}
		// Their agent accounts stop signing in too.
		users, err := queryAll(ctx, t, scanUser, `SELECT `+userCols+` FROM users WHERE employee_code = ? AND role = ? AND active = 1`, code, string(roster.RoleAgent))
		if err != nil {
			return err
		}
		for _, u := range users {
			if _, err := t.exec(`UPDATE users SET active = 0 WHERE id = ?`, u.ID); err != nil {
				return err
			}
			before := publicUser(u)
			u.Active = false
			if err := t.audit("deactivate", "user", u.Username, before, publicUser(u), reason); err != nil {
				return err
			}
		}
		return nil
	})
}

// ---- shift types and coverage ----

const shiftCols = `id, code, name, start_min, end_min, post, handover, meal_break_min, color`

func scanShift(row scanner) (roster.ShiftType, error) {
	var st roster.ShiftType
	var start, end, handover int
	err := row.Scan(&st.ID, &st.Code, &st.Name, &start, &end, &st.Post, &handover, &st.MealBreakMin, &st.Color)
	st.Start, st.End, st.Handover = roster.Clock(start), roster.Clock(end), handover != 0
	return st, err
}

func shiftTypes(ctx context.Context, q querier) ([]roster.ShiftType, error) {
	return queryAll(ctx, q, scanShift, `SELECT `+shiftCols+` FROM shift_types ORDER BY start_min, code`)
}

func shiftMap(list []roster.ShiftType) map[string]*roster.ShiftType {
	m := make(map[string]*roster.ShiftType, len(list))
	for i := range list {
		m[list[i].Code] = &list[i]
	}
	return m
}

// ShiftTypes lists the shift types by start time.
func (s *Service) ShiftTypes(ctx context.Context, sess *Session) ([]roster.ShiftType, error) {
	if err := signedIn(sess); err != nil {
		return nil, err
	}
	return shiftTypes(ctx, s.db.ro)
}

// SaveShiftType creates the shift type st.Code or updates it (manager).
func (s *Service) SaveShiftType(ctx context.Context, sess *Session, st *roster.ShiftType) error {
	if err := allow(sess, "edit shift types", roster.RoleManager); err != nil {
		return err
	}
	st.Code, st.Name, st.Post = strings.TrimSpace(st.Code), strings.TrimSpace(st.Name), strings.TrimSpace(st.Post)
	if err := st.Validate(); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		old, err := scanShift(t.QueryRowContext(ctx, `SELECT `+shiftCols+` FROM shift_types WHERE code = ?`, st.Code))
		if isNoRows(err) {
			id, err := t.insertID(`INSERT INTO shift_types (code, name, start_min, end_min, post, handover, meal_break_min, color)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, st.Code, st.Name, int(st.Start), int(st.End), st.Post, boolInt(st.Handover), st.MealBreakMin, st.Color)
			if err != nil {
				return err
			}
			st.ID = id
			return t.audit("create", "shift_type", st.Code, nil, st, "")
		}
		if err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE shift_types SET name = ?, start_min = ?, end_min = ?, post = ?, handover = ?, meal_break_min = ?, color = ? WHERE id = ?`,
			st.Name, int(st.Start), int(st.End), st.Post, boolInt(st.Handover), st.MealBreakMin, st.Color, old.ID); err != nil {
			return err
		}
		st.ID = old.ID
		return t.audit("update", "shift_type", st.Code, old, st, "")
	})
}

// DeleteShiftType removes a shift type that no assignment or coverage uses
// (manager); roster.ECONFLICT otherwise.
func (s *Service) DeleteShiftType(ctx context.Context, sess *Session, code string) error {
	if err := allow(sess, "edit shift types", roster.RoleManager); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		old, err := queryOne(ctx, t, scanShift, "shift type", code, `SELECT `+shiftCols+` FROM shift_types WHERE code = ?`, code)
		if err != nil {
			return err
		}
		var n int
		if err := t.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM assignments WHERE shift = ?) + (SELECT COUNT(*) FROM coverage WHERE shift = ?)`, code, code).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return roster.Errorf(roster.ECONFLICT, "shift type %s is used by %d assignments or coverage rules", code, n)
		}
		if _, err := t.exec(`DELETE FROM shift_types WHERE id = ?`, old.ID); err != nil {
			return err
		}
		return t.audit("delete", "shift_type", code, old, nil, "")
	})
}

const coverageCols = `id, shift, weekday, date, required`

func scanCoverage(row scanner) (roster.CoverageRequirement, error) {
	var c roster.CoverageRequirement
	var date string
	err := row.Scan(&c.ID, &c.Shift, &c.Weekday, &date, &c.Required)
	c.Date = parseDate(date)
	return c, err
}

func coverage(ctx context.Context, q querier) ([]roster.CoverageRequirement, error) {
	return queryAll(ctx, q, scanCoverage, `SELECT `+coverageCols+` FROM coverage ORDER BY shift, date, weekday`)
}

// Coverage lists the coverage requirements.
func (s *Service) Coverage(ctx context.Context, sess *Session) ([]roster.CoverageRequirement, error) {
	if err := signedIn(sess); err != nil {
		return nil, err
	}
	return coverage(ctx, s.db.ro)
}

// SaveCoverage creates (c.ID == 0) or updates a coverage requirement (manager).
func (s *Service) SaveCoverage(ctx context.Context, sess *Session, c *roster.CoverageRequirement) error {
	if err := allow(sess, "edit coverage", roster.RoleManager); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		if c.ID == 0 {
			id, err := t.insertID(`INSERT INTO coverage (shift, weekday, date, required) VALUES (?, ?, ?, ?)`,
				c.Shift, c.Weekday, dateText(c.Date), c.Required)
			if err != nil {
				return err
			}
			c.ID = id
			return t.audit("create", "coverage", c.ID, nil, c, "")
		}
		old, err := queryOne(ctx, t, scanCoverage, "coverage requirement", c.ID, `SELECT `+coverageCols+` FROM coverage WHERE id = ?`, c.ID)
		if err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE coverage SET shift = ?, weekday = ?, date = ?, required = ? WHERE id = ?`,
			c.Shift, c.Weekday, dateText(c.Date), c.Required, c.ID); err != nil {
			return mapErr(err)
		}
		return t.audit("update", "coverage", c.ID, old, c, "")
	})
}

// DeleteCoverage removes a coverage requirement (manager).
func (s *Service) DeleteCoverage(ctx context.Context, sess *Session, id int64) error {
	if err := allow(sess, "edit coverage", roster.RoleManager); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		old, err := queryOne(ctx, t, scanCoverage, "coverage requirement", id, `SELECT `+coverageCols+` FROM coverage WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if _, err := t.exec(`DELETE FROM coverage WHERE id = ?`, id); err != nil {
			return err
		}
		return t.audit("delete", "coverage", id, old, nil, "")
	})
}
