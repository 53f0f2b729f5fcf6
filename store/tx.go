package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"shiftguard/roster"
)

// tx is one service call's write transaction: every change and its audit
// entries commit or roll back together.
type tx struct {
	*sql.Tx
	ctx  context.Context
	sess *Session
	now  time.Time
}

// write runs fn in one write transaction for sess.
func (s *Service) write(ctx context.Context, sess *Session, fn func(t *tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	sqlTx, err := s.db.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	t := &tx{Tx: sqlTx, ctx: ctx, sess: sess, now: s.now()}
	if err := fn(t); err != nil {
		sqlTx.Rollback()
		return err
	}
	return sqlTx.Commit()
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// audit appends an audit entry; before and after are marshalled to JSON
// (nil for none).
func (t *tx) audit(action, entity string, id any, before, after any, reason string) error {
	actor, role := "system", roster.Role("")
	if t.sess != nil {
		actor, role = t.sess.User.Username, t.sess.User.Role
	}
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	a, err := auditJSON(after)
	if err != nil {
		return err
	}
	_, err = t.ExecContext(t.ctx, `INSERT INTO audit_log (at, actor, role, action, entity, entity_id, before, after, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.now.Unix(), actor, string(role), action, entity, fmt.Sprint(id), b, a, reason)
	return err
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if string(b) == "null" {
		return "", nil
	}
	return string(b), nil
}

func (t *tx) exec(query string, args ...any) (sql.Result, error) {
	return t.ExecContext(t.ctx, query, args...)
}

// insertID runs an INSERT … RETURNING id.
func (t *tx) insertID(query string, args ...any) (int64, error) {
	var id int64
	err := t.QueryRowContext(t.ctx, query+` RETURNING id`, args...).Scan(&id)
	return id, mapErr(err)
}

func notFound(what string, key any) error {
	return roster.Errorf(roster.ENOTFOUND, "%s %v not found", what, key)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// ---- permissions ----

var errNoSession = roster.Errorf(roster.EUNAUTHORIZED, "please sign in")

// allow succeeds when sess has one of roles; admin may do everything.
func allow(sess *Session, what string, roles ...roster.Role) error {
	if sess == nil {
		return errNoSession
	}
	if sess.User.Role == roster.RoleAdmin {
		return nil
	}
	for _, r := range roles {
		if sess.User.Role == r {
			return nil
		}
	}
	return roster.Errorf(roster.EFORBIDDEN, "a user with role %s may not %s", sess.User.Role, what)
}

// signedIn succeeds for any session.
func signedIn(sess *Session) error {
	if sess == nil || sess.User.Username == "" {
		return errNoSession
	}
	return nil
}

// ownOrStaff lets an agent act only for their own employee number and
// managers (and admins) for anyone.
func ownOrManager(sess *Session, employee, what string) error {
	if sess == nil {
		return errNoSession
	}
	switch sess.User.Role {
	case roster.RoleAdmin, roster.RoleManager:
		return nil
	}
	if sess.User.EmployeeCode != "" && sess.User.EmployeeCode == employee {
		return nil
	}
	return roster.Errorf(roster.EFORBIDDEN, "a user with role %s may only %s for themself", sess.User.Role, what)
}

// isAgent reports whether sess only sees its own data.
func isAgent(sess *Session) bool { return sess.User.Role == roster.RoleAgent }

// readOwn restricts an agent's read to their own employee number: it
// returns the employee filter to use.
func readOwn(sess *Session, employee string) (string, error) {
	if err := signedIn(sess); err != nil {
		return "", err
	}
	if !isAgent(sess) {
		return employee, nil
	}
	if employee != "" && employee != sess.User.EmployeeCode {
		return "", roster.Errorf(roster.EFORBIDDEN, "an agent may only see their own records")
	}
	return sess.User.EmployeeCode, nil
}

func needReason(reason, what string) error {
	if len([]rune(strings.TrimSpace(reason))) < 2 {
		return roster.FieldErrorf("reason", "%s needs a reason", what)
	}
	return nil
}

// where builds a WHERE clause from conditions added one by one.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// queryAll runs query and scans every row with scan.
func queryAll[T any](ctx context.Context, q querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// queryOne scans the single row of query; no row is a roster.ENOTFOUND
// error naming what and key.
func queryOne[T any](ctx context.Context, q querier, scan func(scanner) (T, error), what string, key any, query string, args ...any) (T, error) {
	v, err := scan(q.QueryRowContext(ctx, query, args...))
	if isNoRows(err) {
		return v, notFound(what, key)
	}
	return v, err
}
