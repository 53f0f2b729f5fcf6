package store

// Bulk operations behind the Excel imports of package reports (issue 4):
// each runs in one transaction, so an import is all or nothing, and audits
// every change like the single-record methods.

import (
	"context"

	"shiftguard/roster"
)

// ImportEmployees creates the employees whose numbers are new and updates
// name, team and active flag of the others (manager), all-or-nothing.
// Preferences (max nights) of existing employees are kept.
func (s *Service) ImportEmployees(ctx context.Context, sess *Session, emps []roster.Employee) (created, updated int, err error) {
	if err := allow(sess, "edit employees", roster.RoleManager); err != nil {
		return 0, 0, err
	}
	seen := map[string]int{}
	for i := range emps {
		trimEmployee(&emps[i])
		if err := emps[i].Validate(); err != nil {
			return 0, 0, roster.Errorf(roster.EINVALID, "employee %d: %s", i+1, roster.ErrorMessage(err))
		}
		if j, dup := seen[emps[i].Code]; dup {
			return 0, 0, roster.Errorf(roster.EINVALID, "employee %d: employee number %s repeats employee %d", i+1, emps[i].Code, j)
		}
		seen[emps[i].Code] = i + 1
	}
	err = s.write(ctx, sess, func(t *tx) error {
		created, updated = 0, 0
		for i := range emps {
			e := &emps[i]
			old, err := employeeByCode(ctx, t, e.Code)
			switch {
			case roster.ErrorCode(err) == roster.ENOTFOUND:
				id, err := t.insertID(`INSERT INTO employees (code, name, team, active, max_nights) VALUES (?, ?, ?, ?, ?)`,
					e.Code, e.Name, e.Team, boolInt(e.Active), e.MaxNightsPerMonth)
				if err != nil {
					return err
				}
				e.ID = id
				created++
				if err := t.audit("import", "employee", e.Code, nil, e, ""); err != nil {
					return err
				}
			case err != nil:
				return err
			case old.Name != e.Name || old.Team != e.Team || old.Active != e.Active:
				e.ID, e.MaxNightsPerMonth = old.ID, old.MaxNightsPerMonth
				if _, err := t.exec(`UPDATE employees SET name = ?, team = ?, active = ? WHERE id = ?`,
					e.Name, e.Team, boolInt(e.Active), old.ID); err != nil {
					return err
				}
				updated++
				if err := t.audit("import", "employee", e.Code, old, e, ""); err != nil {
					return err
				}
			default:
				e.ID, e.MaxNightsPerMonth = old.ID, old.MaxNightsPerMonth
			}
		}
		return nil
	})
	return created, updated, err
}

// ReplaceRoster makes the roster of employees on the dates from..to exactly
// as (manager), all-or-nothing: cells whose shift is unchanged are kept with
// their lock, changed ones set, cells not in as cleared. as must lie within
// the employees and dates. The published-month reason rule of SetAssignment
// applies. It returns how many cells changed.
func (s *Service) ReplaceRoster(ctx context.Context, sess *Session, employees []string, from, to roster.Date, as []roster.Assignment, reason string) (changed int, err error) {
	if err := allow(sess, "edit the roster", roster.RoleManager); err != nil {
		return 0, err
	}
	if from.IsZero() || to.Before(from) {
		return 0, roster.FieldErrorf("to", "a roster import needs dates")
	}
	type key struct {
		emp  string
		date roster.Date
	}
	in := map[string]bool{}
	for _, e := range employees {
		in[e] = true
	}
	want := map[key]roster.Assignment{}
	for i, a := range as {
		if !in[a.Employee] || a.Date.Before(from) || a.Date.After(to) {
			return 0, roster.Errorf(roster.EINVALID, "assignment %d (%s %s) is outside the imported roster", i+1, a.Employee, a.Date)
		}
		if _, dup := want[key{a.Employee, a.Date}]; dup {
			return 0, roster.Errorf(roster.EINVALID, "assignment %d: %s has two shifts on %s; the roster holds one a day", i+1, a.Employee, a.Date)
		}
		want[key{a.Employee, a.Date}] = a
	}
	err = s.write(ctx, sess, func(t *tx) error {
		changed = 0
		for _, emp := range employees {
			for d := from; !d.After(to); d = d.AddDays(1) {
				old, err := t.assignment(emp, d)
				if err != nil {
					return err
				}
				a, ok := want[key{emp, d}]
				switch {
				case ok && old != nil && old.Shift == a.Shift:
				case ok:
					if err := t.setAssignment(a, reason, "import"); err != nil {
						return roster.Errorf(roster.ErrorCode(err), "%s %s: %s", emp, d, roster.ErrorMessage(err))
					}
					changed++
				case old != nil:
					if err := t.clearAssignment(emp, d, reason, "import"); err != nil {
						return roster.Errorf(roster.ErrorCode(err), "%s %s: %s", emp, d, roster.ErrorMessage(err))
					}
					changed++
				}
			}
		}
		return nil
	})
	return changed, err
}
