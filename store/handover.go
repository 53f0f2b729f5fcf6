package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"shiftguard/roster"
)

// handoverNotes lists notes matching f, newest first, with their acks.
// agentPosts, when not "", restricts to the posts that employee works on
// and their own notes.
func handoverNotes(ctx context.Context, q querier, f NoteFilter, agentPosts string) ([]roster.HandoverNote, error) {
	var w where
	if !f.From.IsZero() {
		w.add("n.date >= ?", dateText(f.From))
	}
	if !f.To.IsZero() {
		w.add("n.date <= ?", dateText(f.To))
	}
	if f.Employee != "" {
		w.add("n.employee = ?", f.Employee)
	}
	if f.Shift != "" {
		w.add("n.shift = ?", f.Shift)
	}
	if f.Team != "" {
		w.add("e.team = ?", f.Team)
	}
	if f.Post != "" {
		if f.Post == roster.DefaultPost {
			w.add("(st.post = ? OR st.post = '' OR st.post IS NULL)", f.Post)
		} else {
			w.add("st.post = ?", f.Post)
		}
	}
	if f.Text != "" {
		w.add("n.text LIKE ?", "%"+strings.ReplaceAll(f.Text, "%", "")+"%")
	}
	if f.Unacknowledged {
		w.add("NOT EXISTS (SELECT 1 FROM handover_acks a WHERE a.note_id = n.id)")
	}
	if agentPosts != "" {
		w.add(`(n.employee = ? OR COALESCE(st.post, '') IN (SELECT DISTINCT s2.post FROM assignments a2
			JOIN shift_types s2 ON s2.code = a2.shift WHERE a2.employee = ?))`, agentPosts, agentPosts)
	}
	query := `SELECT n.id, n.employee, n.date, n.shift, n.written_at, n.text FROM handover_notes n
		JOIN employees e ON e.code = n.employee LEFT JOIN shift_types st ON st.code = n.shift` + w.String() +
		` ORDER BY n.date DESC, n.written_at DESC, n.id DESC`
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := q.QueryContext(ctx, query, w.args...)
	if err != nil {
		return nil, err
	}
	var out []roster.HandoverNote
	for rows.Next() {
		var n roster.HandoverNote
		var date string
		var at int64
		if err := rows.Scan(&n.ID, &n.Employee, &date, &n.Shift, &at, &n.Text); err != nil {
			rows.Close()
			return nil, err
		}
		n.Date, n.WrittenAt = parseDate(date), fromUnix(at)
		out = append(out, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, attachAcks(ctx, q, out)
}

// ackChunk is how many note IDs one acknowledgement query names.
const ackChunk = 5000

// attachAcks loads the acknowledgements of notes, earliest first.
func attachAcks(ctx context.Context, q querier, notes []roster.HandoverNote) error {
	idx := make(map[int64]int, len(notes))
	for i := range notes {
		idx[notes[i].ID] = i
	}
	for start := 0; start < len(notes); start += ackChunk {
		end := min(start+ackChunk, len(notes))
		ids := make([]string, 0, end-start)
		args := make([]any, 0, end-start)
		for _, n := range notes[start:end] {
			ids = append(ids, "?")
			args = append(args, n.ID)
		}
		rows, err := q.QueryContext(ctx, `SELECT note_id, employee, at FROM handover_acks WHERE note_id IN (`+strings.Join(ids, ",")+`) ORDER BY at, employee`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, at int64
			var a roster.Ack
			if err := rows.Scan(&id, &a.Employee, &at); err != nil {
				rows.Close()
				return err
			}
			a.At = fromUnix(at)
			notes[idx[id]].Acks = append(notes[idx[id]].Acks, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// WriteHandoverNote stores a handover note for the writer's assignment
// (agents: their own; WrittenAt is set to now). n.ID is set.
func (s *Service) WriteHandoverNote(ctx context.Context, sess *Session, n *roster.HandoverNote) error {
	if err := ownOrManager(sess, n.Employee, "write handover notes"); err != nil {
		return err
	}
	if n.WrittenAt.IsZero() || isAgent(sess) || n.Employee == sess.User.EmployeeCode {
		n.WrittenAt = s.now().Truncate(time.Second)
	}
	n.Text = strings.TrimSpace(n.Text)
	if n.Text == "" {
		return roster.FieldErrorf("text", "a handover note needs some text")
	}
	if err := n.Validate(); err != nil {
		return err
	}
	n.Acks = nil
	return s.write(ctx, sess, func(t *tx) error {
		a, err := t.assignment(n.Employee, n.Date)
		if err != nil {
			return err
		}
		if a == nil || a.Shift != n.Shift {
			return roster.FieldErrorf("shift", "%s has no shift %s on %s", n.Employee, n.Shift, n.Date)
		}
		id, err := t.insertID(`INSERT INTO handover_notes (employee, date, shift, written_at, text) VALUES (?, ?, ?, ?, ?)`,
			n.Employee, dateText(n.Date), n.Shift, n.WrittenAt.Unix(), n.Text)
		if err != nil {
			return err
		}
		n.ID = id
		return t.audit("create", "handover_note", id, nil, n, "")
	})
}

// HandoverNotes lists notes with their acknowledgements, newest first
// (agents: their own notes and those of the posts they work on).
func (s *Service) HandoverNotes(ctx context.Context, sess *Session, f NoteFilter) ([]roster.HandoverNote, error) {
	if err := signedIn(sess); err != nil {
		return nil, err
	}
	agent := ""
	if isAgent(sess) {
		agent = sess.User.EmployeeCode
	}
	return handoverNotes(ctx, s.db.ro, f, agent)
}

func noteByID(ctx context.Context, q querier, id int64) (*roster.HandoverNote, error) {
	var n roster.HandoverNote
	var date string
	var at int64
	err := q.QueryRowContext(ctx, `SELECT id, employee, date, shift, written_at, text FROM handover_notes WHERE id = ?`, id).
		Scan(&n.ID, &n.Employee, &date, &n.Shift, &at, &n.Text)
	if isNoRows(err) {
		return nil, notFound("handover note", id)
	} else if err != nil {
		return nil, err
	}
	n.Date, n.WrittenAt = parseDate(date), fromUnix(at)
	notes := []roster.HandoverNote{n}
	if err := attachAcks(ctx, q, notes); err != nil {
		return nil, err
	}
	return &notes[0], nil
}

// HandoverNote returns one note with who acknowledged it and who should.
func (s *Service) HandoverNote(ctx context.Context, sess *Session, id int64) (*NoteDetail, error) {
	if err := signedIn(sess); err != nil {
		return nil, err
	}
	q := s.db.ro
	n, err := noteByID(ctx, q, id)
	if err != nil {
		return nil, err
	}
	loc, types, err := zone(ctx, q)
	if err != nil {
		return nil, err
	}
	d := &NoteDetail{Note: *n, Post: roster.DefaultPost}
	st, ok := types[n.Shift]
	if !ok {
		return d, nil
	}
	d.Post = st.PostName()
	if isAgent(sess) && n.Employee != sess.User.EmployeeCode {
		visible, err := handoverNotes(ctx, q, NoteFilter{From: n.Date, To: n.Date, Employee: n.Employee, Shift: n.Shift}, sess.User.EmployeeCode)
		if err != nil {
			return nil, err
		}
		if len(visible) == 0 {
			return nil, roster.Errorf(roster.EFORBIDDEN, "this note belongs to a post you do not work on")
		}
	}
	p, err := currentPolicy(ctx, q)
	if err != nil {
		return nil, err
	}
	start, end := st.Bounds(n.Date, loc)
	writer := &roster.Instance{Assignment: roster.Assignment{Employee: n.Employee, Date: n.Date, Shift: n.Shift}, Type: st, Start: start, End: end}
	around, err := loadInstances(ctx, q, loc, types, n.Date, n.Date.AddDays(2), "")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i := range around {
		if isSuccessor(writer, &around[i], p.HandoverOverlapMaxMin) && !seen[around[i].Employee] {
			seen[around[i].Employee] = true
			d.Expected = append(d.Expected, around[i].Employee)
		}
	}
	sort.Strings(d.Expected)
	return d, nil
}

// AckHandoverNote acknowledges (已阅) a note for the signed-in employee;
// an employee's earliest acknowledgement counts, repeats are no-ops.
func (s *Service) AckHandoverNote(ctx context.Context, sess *Session, id int64) error {
	if err := signedIn(sess); err != nil {
		return err
	}
	emp := sess.User.EmployeeCode
	if emp == "" {
		return roster.Errorf(roster.EFORBIDDEN, "only an employee on the roster can acknowledge a handover note")
	}
	return s.write(ctx, sess, func(t *tx) error {
		n, err := noteByID(ctx, t, id)
		if err != nil {
			return err
		}
		if n.Employee == emp {
			return roster.Errorf(roster.ECONFLICT, "you wrote this note; your successor acknowledges it")
		}
		if isAgent(sess) {
			visible, err := handoverNotes(ctx, t, NoteFilter{From: n.Date, To: n.Date, Employee: n.Employee, Shift: n.Shift}, emp)
			if err != nil {
				return err
			}
			if len(visible) == 0 {
				return roster.Errorf(roster.EFORBIDDEN, "this note belongs to a post you do not work on")
			}
		}
		for _, a := range n.Acks {
			if a.Employee == emp {
				return nil
			}
		}
		ack := roster.Ack{Employee: emp, At: t.now.Truncate(time.Second)}
		if _, err := t.exec(`INSERT INTO handover_acks (note_id, employee, at) VALUES (?, ?, ?)`, id, emp, ack.At.Unix()); err != nil {
			return mapErr(err)
		}
		return t.audit("ack", "handover_note", id, nil, ack, "")
	})
}

// WriteDailyLog stores a daily log entry (agents: their own, at now).
func (s *Service) WriteDailyLog(ctx context.Context, sess *Session, d *roster.DailyLog) error {
	if err := ownOrManager(sess, d.Employee, "write daily logs"); err != nil {
		return err
	}
	if d.At.IsZero() || isAgent(sess) || d.Employee == sess.User.EmployeeCode {
		d.At = s.now().Truncate(time.Second)
	}
	d.Text = strings.TrimSpace(d.Text)
	if err := d.Validate(); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		if err := t.activeEmployee(d.Employee); err != nil {
			return err
		}
		id, err := t.insertID(`INSERT INTO daily_logs (employee, at, mood, text) VALUES (?, ?, ?, ?)`, d.Employee, d.At.Unix(), d.Mood, d.Text)
		if err != nil {
			return err
		}
		d.ID = id
		return t.audit("create", "daily_log", id, nil, d, "")
	})
}

func dailyLogs(ctx context.Context, q querier, f DailyLogFilter) ([]roster.DailyLog, error) {
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
	return queryAll(ctx, q, scanDailyLog, `SELECT id, employee, at, mood, text FROM daily_logs`+w.String()+` ORDER BY at, id`, w.args...)
}

func scanDailyLog(row scanner) (roster.DailyLog, error) {
	var d roster.DailyLog
	var at int64
	err := row.Scan(&d.ID, &d.Employee, &at, &d.Mood, &d.Text)
	d.At = fromUnix(at)
	return d, err
}

// DailyLogs lists daily log entries (agents: their own).
func (s *Service) DailyLogs(ctx context.Context, sess *Session, f DailyLogFilter) ([]roster.DailyLog, error) {
	emp, err := readOwn(sess, f.Employee)
	if err != nil {
		return nil, err
	}
	f.Employee = emp
	return dailyLogs(ctx, s.db.ro, f)
}
