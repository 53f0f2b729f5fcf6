package store

import (
	"context"
	"strings"

	"shiftguard/roster"
)

// Shift preferences (排班意愿): an agent's wish to work a shift, not to work
// it, or to have a day off, for a date of a month that is not published
// yet. Automatic rostering (AutoRosterInput) turns the active ones into
// weighted requests. A preference is never deleted: withdrawing it keeps
// the row with who withdrew it, when and why.

const prefCols = `id, employee, date, shift, on_shift, weight, note, created_by, created_at`

func scanPreference(row scanner) (roster.ShiftPreference, error) {
	var p roster.ShiftPreference
	var date string
	var on int
	var created int64
	err := row.Scan(&p.ID, &p.Employee, &date, &p.Shift, &on, &p.Weight, &p.Note, &p.CreatedBy, &created)
	p.Date, p.On, p.CreatedAt = parseDate(date), on != 0, fromUnix(created)
	return p, err
}

// preferences lists the active preferences of month m, by date then
// employee; employee "" for everyone.
func preferences(ctx context.Context, q querier, m roster.Month, employee string) ([]roster.ShiftPreference, error) {
	var w where
	w.add("withdrawn_at = 0")
	w.add("date >= ?", dateText(m.First()))
	w.add("date <= ?", dateText(m.Last()))
	if employee != "" {
		w.add("employee = ?", employee)
	}
	return queryAll(ctx, q, scanPreference, `SELECT `+prefCols+` FROM shift_preferences`+w.String()+` ORDER BY date, employee, id`, w.args...)
}

// Preferences lists the active (not withdrawn) preferences of month m,
// by date then employee; employee "" for everyone. Agents see only their
// own; managers, HR and admins everyone's.
func (s *Service) Preferences(ctx context.Context, sess *Session, m roster.Month, employee string) ([]roster.ShiftPreference, error) {
	emp, err := readOwn(sess, employee)
	if err != nil {
		return nil, err
	}
	if m.Month < 1 || m.Month > 12 {
		return nil, roster.FieldErrorf("month", "%04d-%02d is not a month", m.Year, int(m.Month))
	}
	return preferences(ctx, s.db.ro, m, emp)
}

// mayEditPreference lets an agent act for their own employee and a manager
// (or an admin) for anyone; HR may not.
func mayEditPreference(sess *Session, employee, what string) error {
	if err := allow(sess, what, roster.RoleManager, roster.RoleAgent); err != nil {
		return err
	}
	return ownOrManager(sess, employee, what)
}

// preferenceOpen refuses a change to the preferences of date d once its
// month is published (roster.ELOCKED) or d has passed (in the center's
// time zone).
func (t *tx) preferenceOpen(d roster.Date) error {
	if pub, err := t.published(roster.MonthOf(d)); err != nil {
		return err
	} else if pub {
		return roster.Errorf(roster.ELOCKED, "%s is published: its preferences can no longer be changed", roster.MonthOf(d))
	}
	st, err := loadSettings(t.ctx, t)
	if err != nil {
		return err
	}
	loc, err := roster.LoadLocation(st.TimeZone)
	if err != nil {
		return err
	}
	if today := roster.DateOf(t.now.In(loc)); d.Before(today) {
		return roster.FieldErrorf("date", "%s is in the past", d)
	}
	return nil
}

// withdrawPreference marks p withdrawn with an audit entry.
func (t *tx) withdrawPreference(p *roster.ShiftPreference, reason string) error {
	if _, err := t.exec(`UPDATE shift_preferences SET withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ? WHERE id = ?`,
		t.now.Unix(), t.actor(), reason, p.ID); err != nil {
		return err
	}
	after := map[string]any{"withdrawn": true, "withdrawn_by": t.actor(), "withdrawn_at": t.now.Unix()}
	return t.audit("withdraw", "preference", p.ID, p, after, reason)
}

// AddPreference records a shift preference (agents for themselves,
// managers for anyone); p.ID, CreatedBy and CreatedAt are set. The date
// must not be in the past nor in a published month (roster.ELOCKED), the
// employee must be active and the shift, if any, must exist. An employee
// has at most one preference a day: an earlier one for the same date is
// withdrawn, in the same transaction.
func (s *Service) AddPreference(ctx context.Context, sess *Session, p *roster.ShiftPreference) error {
	if err := mayEditPreference(sess, p.Employee, "state shift preferences"); err != nil {
		return err
	}
	p.Note = strings.TrimSpace(p.Note)
	if err := p.Validate(); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		if err := t.activeEmployee(p.Employee); err != nil {
			return err
		}
		if p.Shift != "" {
			var n int
			if err := t.QueryRowContext(t.ctx, `SELECT COUNT(*) FROM shift_types WHERE code = ?`, p.Shift).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return roster.FieldErrorf("shift", "unknown shift %s", p.Shift)
			}
		}
		if err := t.preferenceOpen(p.Date); err != nil {
			return err
		}
		old, err := queryAll(t.ctx, t, scanPreference, `SELECT `+prefCols+` FROM shift_preferences
			WHERE employee = ? AND date = ? AND withdrawn_at = 0`, p.Employee, dateText(p.Date))
		if err != nil {
			return err
		}
		for i := range old {
			if err := t.withdrawPreference(&old[i], "replaced by a new preference"); err != nil {
				return err
			}
		}
		p.CreatedBy, p.CreatedAt = t.actor(), fromUnix(t.now.Unix())
		id, err := t.insertID(`INSERT INTO shift_preferences (employee, date, shift, on_shift, weight, note, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.Employee, dateText(p.Date), p.Shift, boolInt(p.On), p.Weight, p.Note, p.CreatedBy, t.now.Unix())
		if err != nil {
			return err
		}
		p.ID = id
		return t.audit("create", "preference", id, nil, p, p.Note)
	})
}

// WithdrawPreference withdraws an active preference: an agent their own
// (reason optional), a manager anyone's (with a reason). The record is
// kept. Like adding, it is refused once the date has passed or its month
// is published.
func (s *Service) WithdrawPreference(ctx context.Context, sess *Session, id int64, reason string) error {
	if err := allow(sess, "withdraw shift preferences", roster.RoleManager, roster.RoleAgent); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	return s.write(ctx, sess, func(t *tx) error {
		p, err := queryOne(t.ctx, t, scanPreference, "preference", id, `SELECT `+prefCols+` FROM shift_preferences WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if err := mayEditPreference(sess, p.Employee, "withdraw shift preferences"); err != nil {
			return err
		}
		if p.Employee != sess.User.EmployeeCode {
			if err := needReason(reason, "withdrawing someone else's preference"); err != nil {
				return err
			}
		}
		var withdrawn int64
		if err := t.QueryRowContext(t.ctx, `SELECT withdrawn_at FROM shift_preferences WHERE id = ?`, id).Scan(&withdrawn); err != nil {
			return err
		} else if withdrawn != 0 {
			return roster.Errorf(roster.ECONFLICT, "preference %d is already withdrawn", id)
		}
		if err := t.preferenceOpen(p.Date); err != nil {
			return err
		}
		return t.withdrawPreference(&p, reason)
	})
}
