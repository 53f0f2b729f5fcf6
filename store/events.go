package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"shiftguard/roster"
)

// effectiveCond keeps events that no correction superseded and that are not
// void corrections.
const effectiveCond = `void = 0 AND id NOT IN (SELECT supersedes FROM events WHERE supersedes IS NOT NULL)`

const eventCols = `id, employee, kind, at, recorded_by, source, COALESCE(supersedes, 0), void, reason`

func scanEvent(row scanner) (roster.Event, error) {
	var e roster.Event
	var kind string
	var at int64
	var void int
	err := row.Scan(&e.ID, &e.Employee, &kind, &at, &e.RecordedBy, &e.Source, &e.Supersedes, &void, &e.Reason)
	e.Kind, e.At, e.Void = roster.EventKind(kind), time.Unix(at, 0), void != 0
	return e, err
}

func events(ctx context.Context, q querier, f EventFilter) ([]roster.Event, error) {
	var w where
	if f.Employee != "" {
		w.add("employee = ?", f.Employee)
	}
	if !f.From.IsZero() {
		w.add("at >= ?", f.From.Unix())
	}
	if !f.To.IsZero() {
		w.add("at < ?", f.To.Unix())
	}
	if !f.IncludeSuperseded {
		w.add(effectiveCond)
	}
	return queryAll(ctx, q, scanEvent, `SELECT `+eventCols+` FROM events`+w.String()+` ORDER BY at, id`, w.args...)
}

// Events lists events in time order (agents: their own).
func (s *Service) Events(ctx context.Context, sess *Session, f EventFilter) ([]roster.Event, error) {
	emp, err := readOwn(sess, f.Employee)
	if err != nil {
		return nil, err
	}
	f.Employee = emp
	return events(ctx, s.db.ro, f)
}

func (t *tx) insertEvent(e *roster.Event) error {
	id, err := t.insertID(`INSERT INTO events (employee, kind, at, recorded_by, source, supersedes, void, reason, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Employee, string(e.Kind), e.At.Unix(), e.RecordedBy, e.Source,
		nullID(e.Supersedes), boolInt(e.Void), e.Reason, t.now.Unix())
	if err != nil {
		return err
	}
	e.ID = id
	return t.audit("record", "event", id, nil, e, e.Reason)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// activeEmployee checks that code names an active employee.
func (t *tx) activeEmployee(code string) error {
	var active int
	err := t.QueryRowContext(t.ctx, `SELECT active FROM employees WHERE code = ?`, code).Scan(&active)
	if isNoRows(err) {
		return roster.FieldErrorf("employee", "unknown employee number %q", code)
	} else if err != nil {
		return err
	}
	if active == 0 {
		return roster.FieldErrorf("employee", "employee %s is inactive", code)
	}
	return nil
}

// RecordEvent records a punch. An agent records only their own, at the
// current time (at is ignored), with source desk or kiosk. A manager may
// record one for anyone at any time with a reason (source manual).
func (s *Service) RecordEvent(ctx context.Context, sess *Session, employee string, kind roster.EventKind, at time.Time, reason string) (*roster.Event, error) {
	if err := ownOrManager(sess, employee, "record punches"); err != nil {
		return nil, err
	}
	now := s.now().Truncate(time.Second)
	e := &roster.Event{Employee: employee, Kind: kind, At: now, RecordedBy: sess.User.Username, Source: roster.SourceDesk}
	if sess.Kiosk {
		e.Source = roster.SourceKiosk
	}
	manager := sess.User.Role == roster.RoleManager || sess.User.Role == roster.RoleAdmin
	if manager && (employee != sess.User.EmployeeCode || !at.IsZero()) {
		if at.IsZero() {
			at = now
		}
		if err := needReason(reason, "a punch entered for someone else or for another time"); err != nil {
			return nil, err
		}
		e.At, e.Source, e.Reason = at.Truncate(time.Second), roster.SourceManual, strings.TrimSpace(reason)
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	err := s.write(ctx, sess, func(t *tx) error {
		if err := t.activeEmployee(employee); err != nil {
			return err
		}
		return t.insertEvent(e)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// CorrectEvent records a correction superseding event id (manager): with
// void the old event is cancelled, otherwise replaced by kind at at.
func (s *Service) CorrectEvent(ctx context.Context, sess *Session, id int64, kind roster.EventKind, at time.Time, void bool, reason string) (*roster.Event, error) {
	if err := allow(sess, "correct punches", roster.RoleManager); err != nil {
		return nil, err
	}
	if err := needReason(reason, "a correction"); err != nil {
		return nil, err
	}
	var e *roster.Event
	err := s.write(ctx, sess, func(t *tx) error {
		old, err := queryOne(ctx, t, scanEvent, "event", id, `SELECT `+eventCols+` FROM events WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if old.Void {
			return roster.Errorf(roster.ECONFLICT, "event %d is a cancellation and cannot be corrected", id)
		}
		var by int64
		err = t.QueryRowContext(ctx, `SELECT id FROM events WHERE supersedes = ? LIMIT 1`, id).Scan(&by)
		if err == nil {
			return roster.Errorf(roster.ECONFLICT, "event %d was already corrected by event %d; correct that one", id, by)
		} else if !isNoRows(err) {
			return err
		}
		e = &roster.Event{Employee: old.Employee, Kind: kind, At: at.Truncate(time.Second), RecordedBy: sess.User.Username,
			Source: roster.SourceManual, Supersedes: id, Void: void, Reason: strings.TrimSpace(reason)}
		if void {
			e.Kind, e.At = old.Kind, old.At
		}
		if err := e.Validate(); err != nil {
			return err
		}
		return t.insertEvent(e)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// ImportEvents inserts time-clock events all-or-nothing (manager); the
// first invalid event fails the whole import with its position. Events
// already stored (same employee, kind and second) are skipped, so importing
// a file twice adds nothing. Events
// keep their RecordedBy when set (else the importing user) and their Source
// (else "import"). One audit entry records the import and its ID range.
func (s *Service) ImportEvents(ctx context.Context, sess *Session, evs []roster.Event) error {
	if err := allow(sess, "import punches", roster.RoleManager); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		known, err := employeeSet(ctx, t)
		if err != nil {
			return err
		}
		for i := range evs {
			e := &evs[i]
			if e.RecordedBy == "" {
				e.RecordedBy = sess.User.Username
			}
			if e.Source == "" {
				e.Source = roster.SourceImport
			}
			if e.Supersedes != 0 || e.Void {
				return roster.Errorf(roster.EINVALID, "event %d: an import cannot carry corrections", i+1)
			}
			if err := e.Validate(); err != nil {
				return roster.Errorf(roster.EINVALID, "event %d: %s", i+1, roster.ErrorMessage(err))
			}
			if !known[e.Employee] {
				return roster.Errorf(roster.EINVALID, "event %d: unknown employee number %q", i+1, e.Employee)
			}
		}
		fresh, err := withoutStored(ctx, t, evs)
		if err != nil {
			return err
		}
		first, last, err := insertEvents(ctx, t.Tx, fresh, t.now.Unix())
		if err != nil {
			return err
		}
		return t.audit("import", "events", fmt.Sprintf("%d-%d", first, last), nil,
			map[string]any{"count": len(fresh), "skipped_as_already_stored": len(evs) - len(fresh), "first_id": first, "last_id": last}, "")
	})
}

// withoutStored drops the events whose employee, kind and second are
// already stored (a time-clock file imported twice), and repeats within evs.
func withoutStored(ctx context.Context, q querier, evs []roster.Event) ([]roster.Event, error) {
	if len(evs) == 0 {
		return evs, nil
	}
	lo, hi := evs[0].At, evs[0].At
	for _, e := range evs {
		if e.At.Before(lo) {
			lo = e.At
		}
		if e.At.After(hi) {
			hi = e.At
		}
	}
	type key struct {
		emp  string
		kind roster.EventKind
		at   int64
	}
	seen := map[key]bool{}
	stored, err := events(ctx, q, EventFilter{From: lo, To: hi.Add(time.Second), IncludeSuperseded: true})
	if err != nil {
		return nil, err
	}
	for _, e := range stored {
		seen[key{e.Employee, e.Kind, e.At.Unix()}] = true
	}
	out := make([]roster.Event, 0, len(evs))
	for _, e := range evs {
		k := key{e.Employee, e.Kind, e.At.Unix()}
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out, nil
}

func employeeSet(ctx context.Context, q querier) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT code FROM employees`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		m[c] = true
	}
	return m, rows.Err()
}

// eventBatch is how many events one multi-row INSERT carries.
const eventBatch = 200

// insertEvents is the bulk path: prepared multi-row INSERTs inside the
// caller's transaction. The events must be valid and not corrections. It returns the ID range
// of the new rows and sets each event's ID.
func insertEvents(ctx context.Context, tx *sql.Tx, evs []roster.Event, recordedAt int64) (first, last int64, err error) {
	if len(evs) == 0 {
		return 0, 0, nil
	}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM events`).Scan(&first); err != nil {
		return 0, 0, err
	}
	first++
	// Seven parameters a row; the constant columns are literals (fewer
	// binds are most of the cost of a bulk insert with this driver).
	const cols = 6
	row := fmt.Sprintf("(?,?,?,?,?,0,?,%d)", recordedAt)
	prepare := func(n int) (*sql.Stmt, error) {
		var b strings.Builder
		// The rowid is left to SQLite: with this transaction the only
		// writer it is MAX(id)+1, the ID given to the event below.
		b.WriteString(`INSERT INTO events (employee, kind, at, recorded_by, source, void, reason, recorded_at) VALUES `)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(row)
		}
		return tx.PrepareContext(ctx, b.String())
	}
	full, err := prepare(eventBatch)
	if err != nil {
		return 0, 0, err
	}
	defer full.Close()
	args := make([]any, 0, eventBatch*cols)
	id := first
	for start := 0; start < len(evs); start += eventBatch {
		if start%(eventBatch*100) == 0 {
			if err := ctx.Err(); err != nil {
				return 0, 0, err
			}
		}
		end := min(start+eventBatch, len(evs))
		args = args[:0]
		for i := start; i < end; i++ {
			e := &evs[i]
			e.ID = id
			if e.Void || e.Supersedes != 0 {
				return 0, 0, roster.Errorf(roster.EINVALID, "event %d: a bulk insert cannot carry corrections", i+1)
			}
			args = append(args, e.Employee, string(e.Kind), e.At.Unix(), e.RecordedBy, e.Source, e.Reason)
			id++
		}
		stmt := full
		if end-start < eventBatch {
			if stmt, err = prepare(end - start); err != nil {
				return 0, 0, err
			}
			defer stmt.Close()
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return 0, 0, mapErr(err)
		}
	}
	var maxID int64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(id) FROM events`).Scan(&maxID); err != nil {
		return 0, 0, err
	}
	if maxID != id-1 {
		return 0, 0, fmt.Errorf("bulk insert: events got IDs up to %d, expected %d", maxID, id-1)
	}
	return first, id - 1, nil
}

// InsertEvents bulk-inserts valid events of known employees in one
// transaction without audit entries: the fast path for benchmarks and the
// demo. Everything a user does goes through Service.ImportEvents instead.
func (db *DB) InsertEvents(ctx context.Context, evs []roster.Event) error {
	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, _, err := insertEvents(ctx, tx, evs, time.Now().Unix()); err != nil {
		return err
	}
	return tx.Commit()
}
