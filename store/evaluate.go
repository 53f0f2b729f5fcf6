package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"shiftguard/compliance"
	"shiftguard/roster"
)

// interner shares one string per distinct employee number while loading.
type interner map[string]string

func (in interner) get(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

func kindOf(b []byte) roster.EventKind {
	switch string(b) {
	case "clock_in":
		return roster.ClockIn
	case "clock_out":
		return roster.ClockOut
	case "break_start":
		return roster.BreakStart
	case "break_end":
		return roster.BreakEnd
	case "leave_post":
		return roster.LeavePost
	case "return_post":
		return roster.ReturnPost
	}
	return roster.EventKind(b)
}

// loadInput loads what compliance.Evaluate needs to judge [from, to]: the
// assignments of the period and a day on each side, and the events, notes,
// approvals and logs around them. Only the needed columns are selected,
// instants are integers and employee numbers are interned. q is a pool:
// two of its connections read side by side.
func loadInput(ctx context.Context, q *sql.DB, from, to roster.Date) (*compliance.Input, error) {
	st, err := loadSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	loc, err := roster.LoadLocation(st.TimeZone)
	if err != nil {
		return nil, err
	}
	p, err := currentPolicy(ctx, q)
	if err != nil {
		return nil, err
	}
	stList, err := shiftTypes(ctx, q)
	if err != nil {
		return nil, err
	}
	in := &compliance.Input{Loc: loc, Policy: p, ShiftTypes: shiftMap(stList), From: from, To: to}
	names := interner{}
	lo, hi := from.AddDays(-1), to.AddDays(1)
	// Assignments.
	rows, err := q.QueryContext(ctx, `SELECT employee, date, shift FROM assignments WHERE date >= ? AND date <= ?`, dateText(lo), dateText(hi))
	if err != nil {
		return nil, err
	}
	shiftNames := interner{}
	var emp, date, shift, kind sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&emp, &date, &shift); err != nil {
			rows.Close()
			return nil, err
		}
		in.Assignments = append(in.Assignments, roster.Assignment{Employee: names.get(emp), Date: parseDate(string(date)), Shift: shiftNames.get(shift)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Events: from 5 hours before the margin day to the end of the day
	// after it (an overnight shift of hi ends on hi+1, plus 240 minutes).
	evFrom := lo.In(loc).Add(-5 * time.Hour).Unix()
	evTo := hi.AddDays(2).In(loc).Unix()
	// The notes and their acknowledgements load on a second reader
	// connection while this one reads the events.
	var notesErr error
	notesDone := make(chan struct{})
	go func() {
		defer close(notesDone)
		in.Notes, notesErr = evalNotes(ctx, q, lo.AddDays(-1), hi, interner{})
	}()
	defer func() { <-notesDone }()
	// Sized by a count over the index: growing a slice of 168,000 events
	// copies more than the count costs.
	var nEvents int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE at >= ? AND at < ?`, evFrom, evTo).Scan(&nEvents); err != nil {
		return nil, err
	}
	in.Events = make([]roster.Event, 0, nEvents+16)
	rows, err = q.QueryContext(ctx, `SELECT id, employee, kind, at, COALESCE(supersedes, 0), void FROM events WHERE at >= ? AND at < ?`, evFrom, evTo)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, at, sup int64
		var void int
		if err := rows.Scan(&id, &emp, &kind, &at, &sup, &void); err != nil {
			rows.Close()
			return nil, err
		}
		in.Events = append(in.Events, roster.Event{ID: id, Employee: names.get(emp), Kind: kindOf(kind), At: time.Unix(at, 0), Supersedes: sup, Void: void != 0})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Corrections recorded at another time than the event they supersede.
	if err := addOutsideCorrections(ctx, q, in, evFrom, evTo, names); err != nil {
		return nil, err
	}
	if in.Leaves, err = leaves(ctx, q, LeaveFilter{From: lo, To: hi}); err != nil {
		return nil, err
	}
	if in.PostLeaves, err = postLeaves(ctx, q, time.Unix(evFrom, 0), time.Unix(evTo, 0), ""); err != nil {
		return nil, err
	}
	<-notesDone
	if notesErr != nil {
		return nil, notesErr
	}
	if in.Policy.DailyLogRequired {
		if in.DailyLogs, err = dailyLogs(ctx, q, DailyLogFilter{From: time.Unix(evFrom, 0), To: time.Unix(evTo, 0)}); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// evalNotes loads the notes of [from, to] without their text (the rules
// do not read it) and their acks, with two range queries.
func evalNotes(ctx context.Context, q querier, from, to roster.Date, names interner) ([]roster.HandoverNote, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, employee, date, shift, written_at FROM handover_notes WHERE date >= ? AND date <= ?`,
		dateText(from), dateText(to))
	if err != nil {
		return nil, err
	}
	var notes []roster.HandoverNote
	idx := map[int64]int{}
	var emp, date, shift sql.RawBytes
	shifts := interner{}
	for rows.Next() {
		var id, at int64
		if err := rows.Scan(&id, &emp, &date, &shift, &at); err != nil {
			rows.Close()
			return nil, err
		}
		idx[id] = len(notes)
		notes = append(notes, roster.HandoverNote{ID: id, Employee: names.get(emp), Date: parseDate(string(date)), Shift: shifts.get(shift), WrittenAt: time.Unix(at, 0)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT a.note_id, a.employee, a.at FROM handover_acks a JOIN handover_notes n ON n.id = a.note_id
		WHERE n.date >= ? AND n.date <= ?`, dateText(from), dateText(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Gather the acks flat, then hand each note its slice of one array.
	type noteAck struct {
		note int
		ack  roster.Ack
	}
	flat := make([]noteAck, 0, 4*len(notes))
	for rows.Next() {
		var id, at int64
		if err := rows.Scan(&id, &emp, &at); err != nil {
			return nil, err
		}
		if i, ok := idx[id]; ok {
			flat = append(flat, noteAck{i, roster.Ack{Employee: names.get(emp), At: time.Unix(at, 0)}})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(flat, func(a, b noteAck) int { return a.note - b.note })
	acks := make([]roster.Ack, len(flat))
	for i := range flat {
		acks[i] = flat[i].ack
	}
	for lo := 0; lo < len(flat); {
		hi := lo
		for hi < len(flat) && flat[hi].note == flat[lo].note {
			hi++
		}
		notes[flat[lo].note].Acks = acks[lo:hi:hi]
		lo = hi
	}
	return notes, nil
}

// addOutsideCorrections adds corrections outside the loaded range whose
// superseded event is inside it (so that the event is dropped), and
// corrections inside the range whose event lies outside (harmless).
func addOutsideCorrections(ctx context.Context, q querier, in *compliance.Input, evFrom, evTo int64, names interner) error {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.employee, c.kind, c.at, c.supersedes, c.void FROM events c
		JOIN events o ON o.id = c.supersedes
		WHERE c.supersedes IS NOT NULL AND (c.at < ? OR c.at >= ?) AND o.at >= ? AND o.at < ?`, evFrom, evTo, evFrom, evTo)
	if err != nil {
		return err
	}
	defer rows.Close()
	var emp, kind sql.RawBytes
	for rows.Next() {
		var id, at, sup int64
		var void int
		if err := rows.Scan(&id, &emp, &kind, &at, &sup, &void); err != nil {
			return err
		}
		in.Events = append(in.Events, roster.Event{ID: id, Employee: names.get(emp), Kind: kindOf(kind), At: time.Unix(at, 0), Supersedes: sup, Void: void != 0})
	}
	return rows.Err()
}

// Evaluate judges [from, to] with the current policy (manager): it loads the
// period with a day's margin each side, runs compliance.Evaluate, keeps the
// violations that are Settled at the service's Now, upserts the records
// (new ones open, vanished ones superseded, decisions kept), proposes
// discipline actions and returns a summary. progress may be nil;
// cancelling ctx aborts without any change.
func (s *Service) Evaluate(ctx context.Context, sess *Session, from, to roster.Date, progress Progress) (*EvalSummary, error) {
	if err := allow(sess, "evaluate compliance", roster.RoleManager); err != nil {
		return nil, err
	}
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return nil, roster.FieldErrorf("period", "evaluation needs a period whose end is not before its start")
	}
	if roster.DaysBetween(from, to) > 400 {
		return nil, roster.FieldErrorf("period", "evaluate at most 400 days at a time")
	}
	report := func(done int) {
		if progress != nil {
			progress(done, 100)
		}
	}
	report(0)
	in, err := loadInput(ctx, s.db.ro, from, to)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	report(30)
	vs, err := compliance.Evaluate(in)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	vs = Settled(vs, in.ShiftTypes, in.Loc, s.now())
	report(50)
	sum := &EvalSummary{From: from, To: to, PolicyVersion: in.Policy.Version, Violations: len(vs)}
	for _, a := range in.Assignments {
		if !a.Date.Before(from) && !a.Date.After(to) {
			sum.Instances++
		}
	}
	err = s.write(ctx, sess, func(t *tx) error {
		if err := t.upsertViolations(from, to, vs, in.Policy.Version, sum, func(f float64) { report(50 + int(f*40)) }); err != nil {
			return err
		}
		asOf := to
		if today := roster.DateOf(t.now.In(in.Loc)); today.Before(asOf) {
			asOf = today
		}
		n, err := t.proposeActions(in.Policy, asOf)
		if err != nil {
			return err
		}
		sum.ProposedActions = n
		return t.audit("evaluate", "period", from.String()+".."+to.String(), nil, sum, "")
	})
	if err != nil {
		return nil, err
	}
	report(100)
	return sum, nil
}

// settleAfter is how long after its end an instance can still change: an
// event up to 240 minutes after the end is still attributed to it.
const settleAfter = attributionWindow

// Settled keeps the violations that can no longer change at now: all those
// of instances that ended more than 240 minutes before now, and for
// instances still running (or only just over), the ones decided at
// clock-in (LATE, LATE_MAJOR, NOT_EARLY). Instances that have not started
// yet are never judged, so a period reaching into the future yields no
// ABSENT for shifts nobody could have worked yet.
func Settled(vs []compliance.Violation, types map[string]*roster.ShiftType, loc *time.Location, now time.Time) []compliance.Violation {
	out := vs[:0:0]
	for _, v := range vs {
		st, ok := types[v.Shift]
		if !ok {
			continue
		}
		start, end := st.Bounds(v.Date, loc)
		switch {
		case now.After(end.Add(settleAfter)):
			out = append(out, v)
		case now.After(start) && (v.Rule == compliance.Late || v.Rule == compliance.LateMajor || v.Rule == compliance.NotEarly):
			out = append(out, v)
		}
	}
	return out
}

type storedViolation struct {
	id                    int64
	minutes, points, polV int
	evidence              string
	superseded            bool
}

func violationKey(emp string, d roster.Date, shift string, rule compliance.Rule, seq int) string {
	return emp + "|" + d.String() + "|" + shift + "|" + string(rule) + "|" + strconv.Itoa(seq)
}

// upsertViolations merges vs (sorted by employee, date, shift, rule) into
// the records of [from, to].
func (t *tx) upsertViolations(from, to roster.Date, vs []compliance.Violation, policyVersion int, sum *EvalSummary, progress func(float64)) error {
	old := map[string]*storedViolation{}
	rows, err := t.QueryContext(t.ctx, `SELECT id, employee, date, shift, rule, seq, minutes, points, policy_version, evidence, superseded
		FROM violations WHERE date >= ? AND date <= ?`, dateText(from), dateText(to))
	if err != nil {
		return err
	}
	for rows.Next() {
		var sv storedViolation
		var emp, date, shift, rule string
		var seq, sup int
		if err := rows.Scan(&sv.id, &emp, &date, &shift, &rule, &seq, &sv.minutes, &sv.points, &sv.polV, &sv.evidence, &sup); err != nil {
			rows.Close()
			return err
		}
		sv.superseded = sup != 0
		old[emp+"|"+date+"|"+shift+"|"+rule+"|"+strconv.Itoa(seq)] = &sv
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	ins, err := t.PrepareContext(t.ctx, `INSERT INTO violations (employee, date, shift, rule, seq, minutes, points, policy_version, evidence, status, judged_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) RETURNING id`)
	if err != nil {
		return err
	}
	defer ins.Close()
	upd, err := t.PrepareContext(t.ctx, `UPDATE violations SET minutes = ?, points = ?, policy_version = ?, evidence = ?, judged_at = ?, superseded = 0 WHERE id = ?`)
	if err != nil {
		return err
	}
	defer upd.Close()
	found := make(map[string]bool, len(vs))
	seq := 0
	for i := range vs {
		v := &vs[i]
		if i > 0 && vs[i-1].Employee == v.Employee && vs[i-1].Date == v.Date && vs[i-1].Shift == v.Shift && vs[i-1].Rule == v.Rule {
			seq++
		} else {
			seq = 0
		}
		if i%2000 == 0 {
			if err := t.ctx.Err(); err != nil {
				return err
			}
			progress(float64(i) / float64(len(vs)+1))
		}
		key := violationKey(v.Employee, v.Date, v.Shift, v.Rule, seq)
		found[key] = true
		ev, err := json.Marshal(v.Evidence)
		if err != nil {
			return err
		}
		o := old[key]
		switch {
		case o == nil:
			var id int64
			if err := ins.QueryRowContext(t.ctx, v.Employee, dateText(v.Date), v.Shift, string(v.Rule), seq, v.Minutes, v.Points,
				policyVersion, string(ev), t.now.Unix()).Scan(&id); err != nil {
				return mapErr(err)
			}
			sum.New++
			if err := t.audit("judge", "violation", id, nil, recordSummary(v, seq, compliance.StatusOpen, policyVersion), ""); err != nil {
				return err
			}
		case o.superseded || o.minutes != v.Minutes || o.points != v.Points || o.polV != policyVersion || o.evidence != string(ev):
			if _, err := upd.ExecContext(t.ctx, v.Minutes, v.Points, policyVersion, string(ev), t.now.Unix(), o.id); err != nil {
				return err
			}
			action := "rejudge"
			if o.superseded {
				action = "revive"
				sum.Revived++
			}
			before := map[string]any{"minutes": o.minutes, "points": o.points, "policy_version": o.polV, "superseded": o.superseded}
			after := map[string]any{"minutes": v.Minutes, "points": v.Points, "policy_version": policyVersion, "superseded": false}
			if err := t.audit(action, "violation", o.id, before, after, ""); err != nil {
				return err
			}
		}
	}
	sup, err := t.PrepareContext(t.ctx, `UPDATE violations SET superseded = 1, policy_version = ?, judged_at = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer sup.Close()
	for key, o := range old {
		if found[key] || o.superseded {
			continue
		}
		if _, err := sup.ExecContext(t.ctx, policyVersion, t.now.Unix(), o.id); err != nil {
			return err
		}
		sum.Superseded++
		if err := t.audit("supersede", "violation", o.id, map[string]any{"superseded": false, "policy_version": o.polV},
			map[string]any{"superseded": true, "policy_version": policyVersion}, "no longer found by evaluation"); err != nil {
			return err
		}
	}
	return nil
}

func recordSummary(v *compliance.Violation, seq int, st compliance.Status, pv int) map[string]any {
	return map[string]any{"employee": v.Employee, "date": v.Date.String(), "shift": v.Shift, "rule": v.Rule, "seq": seq,
		"minutes": v.Minutes, "points": v.Points, "policy_version": pv, "status": st}
}

// countingRecords loads the records that count (not waived, not
// superseded) dated in [from, to], by employee.
func countingRecords(ctx context.Context, q querier, from, to roster.Date) (map[string][]compliance.Record, error) {
	rows, err := q.QueryContext(ctx, `SELECT employee, date, rule, points, status FROM violations
		WHERE date >= ? AND date <= ? AND superseded = 0 AND status <> 'waived'`, dateText(from), dateText(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]compliance.Record{}
	for rows.Next() {
		var r compliance.Record
		var date, rule, status string
		if err := rows.Scan(&r.Employee, &date, &rule, &r.Points, &status); err != nil {
			return nil, err
		}
		r.Date, r.Rule, r.Status = parseDate(date), compliance.Rule(rule), compliance.Status(status)
		out[r.Employee] = append(out[r.Employee], r)
	}
	return out, rows.Err()
}

// manualEntries loads unrevoked manual penalties given in [from, to].
func manualEntries(ctx context.Context, q querier, from, to roster.Date) (map[string][]compliance.Reward, error) {
	rs, err := rewards(ctx, q, RewardFilter{Kind: compliance.ManualPenalty})
	if err != nil {
		return nil, err
	}
	out := map[string][]compliance.Reward{}
	for _, r := range rs {
		if !r.Date.Before(from) && !r.Date.After(to) {
			out[r.Employee] = append(out[r.Employee], r)
		}
	}
	return out, nil
}

// standings computes the standing of every active employee on asOf.
func standings(ctx context.Context, q querier, p compliance.Policy, asOf roster.Date, employee string) ([]Standing, error) {
	from := asOf.AddDays(-(p.PointsWindowDays - 1))
	recs, err := countingRecords(ctx, q, from, asOf)
	if err != nil {
		return nil, err
	}
	manual, err := manualEntries(ctx, q, from, asOf)
	if err != nil {
		return nil, err
	}
	emps, err := loadEmployees(ctx, q, EmployeeFilter{})
	if err != nil {
		return nil, err
	}
	var out []Standing
	for _, e := range emps {
		if employee != "" && e.Code != employee {
			continue
		}
		pts := compliance.Standing(recs[e.Code], manual[e.Code], p, asOf)
		out = append(out, Standing{Employee: e.Code, Name: e.Name, Team: e.Team, Points: pts, Level: compliance.LevelFor(pts, p)})
	}
	return out, nil
}

// proposeActions proposes the ladder step due for each employee.
func (t *tx) proposeActions(p compliance.Policy, asOf roster.Date) (int, error) {
	st, err := standings(t.ctx, t, p, asOf, "")
	if err != nil {
		return 0, err
	}
	existing, err := disciplineActions(t.ctx, t, ActionFilter{})
	if err != nil {
		return 0, err
	}
	byEmp := map[string][]compliance.DisciplineAction{}
	for _, a := range existing {
		byEmp[a.Employee] = append(byEmp[a.Employee], a)
	}
	n := 0
	for _, s := range st {
		a := compliance.ProposeAction(s.Employee, s.Points, byEmp[s.Employee], p, t.now)
		if a == nil {
			continue
		}
		if err := t.insertAction(a); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func (t *tx) insertAction(a *compliance.DisciplineAction) error {
	id, err := t.insertID(`INSERT INTO discipline_actions (employee, level, points, proposed_at, status) VALUES (?, ?, ?, ?, ?)`,
		a.Employee, int(a.Level), a.Points, a.ProposedAt.Unix(), string(a.Status))
	if err != nil {
		return err
	}
	a.ID = id
	return t.audit("propose", "discipline_action", id, nil, a, "")
}

const recordCols = `v.id, v.employee, v.date, v.shift, v.rule, v.seq, v.minutes, v.points, v.policy_version, v.evidence,
	v.status, v.judged_at, v.decided_by, v.decided_at, v.reason, v.superseded`

func scanRecord(row scanner) (compliance.Record, error) {
	var r compliance.Record
	var date, rule, evidence, status string
	var judged, decided int64
	var sup int
	err := row.Scan(&r.ID, &r.Employee, &date, &r.Shift, &rule, &r.Seq, &r.Minutes, &r.Points, &r.PolicyVersion, &evidence,
		&status, &judged, &r.DecidedBy, &decided, &r.Reason, &sup)
	if err != nil {
		return r, err
	}
	r.Date, r.Rule, r.Status, r.Superseded = parseDate(date), compliance.Rule(rule), compliance.Status(status), sup != 0
	r.JudgedAt, r.DecidedAt = fromUnix(judged), fromUnix(decided)
	if evidence != "" && evidence != "null" {
		if err := json.Unmarshal([]byte(evidence), &r.Evidence); err != nil {
			return r, fmt.Errorf("violation %d: evidence: %w", r.ID, err)
		}
	}
	return r, nil
}

func records(ctx context.Context, q querier, f ViolationFilter) ([]compliance.Record, error) {
	var w where
	if !f.From.IsZero() {
		w.add("v.date >= ?", dateText(f.From))
	}
	if !f.To.IsZero() {
		w.add("v.date <= ?", dateText(f.To))
	}
	if f.Employee != "" {
		w.add("v.employee = ?", f.Employee)
	}
	if f.Team != "" {
		w.add("e.team = ?", f.Team)
	}
	if f.Rule != "" {
		w.add("v.rule = ?", string(f.Rule))
	}
	if f.Status != "" {
		w.add("v.status = ?", string(f.Status))
	}
	if !f.IncludeSuperseded {
		w.add("v.superseded = 0")
	}
	query := `SELECT ` + recordCols + ` FROM violations v JOIN employees e ON e.code = v.employee` + w.String() +
		` ORDER BY v.date, v.employee, v.shift, v.rule, v.seq`
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return queryAll(ctx, q, scanRecord, query, w.args...)
}

// Violations lists judged violations by date, employee, rule (agents: their own).
func (s *Service) Violations(ctx context.Context, sess *Session, f ViolationFilter) ([]compliance.Record, error) {
	emp, err := readOwn(sess, f.Employee)
	if err != nil {
		return nil, err
	}
	f.Employee = emp
	return records(ctx, s.db.ro, f)
}

func recordByID(ctx context.Context, q querier, id int64) (*compliance.Record, error) {
	r, err := queryOne(ctx, q, scanRecord, "violation", id, `SELECT `+recordCols+` FROM violations v WHERE v.id = ?`, id)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Violation returns one record with its evidence.
func (s *Service) Violation(ctx context.Context, sess *Session, id int64) (*compliance.Record, error) {
	if err := signedIn(sess); err != nil {
		return nil, err
	}
	r, err := recordByID(ctx, s.db.ro, id)
	if err != nil {
		return nil, err
	}
	if isAgent(sess) && r.Employee != sess.User.EmployeeCode {
		return nil, roster.Errorf(roster.EFORBIDDEN, "an agent may only see their own records")
	}
	return r, nil
}

func (s *Service) decideViolation(ctx context.Context, sess *Session, id int64, status compliance.Status, reason string) error {
	return s.write(ctx, sess, func(t *tx) error {
		r, err := recordByID(ctx, t, id)
		if err != nil {
			return err
		}
		if r.Superseded {
			return roster.Errorf(roster.ECONFLICT, "violation %d was superseded by a later evaluation", id)
		}
		if r.Status == status {
			return roster.Errorf(roster.ECONFLICT, "violation %d is already %s", id, status)
		}
		before := map[string]any{"status": r.Status, "decided_by": r.DecidedBy, "reason": r.Reason}
		if _, err := t.exec(`UPDATE violations SET status = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?`,
			string(status), t.actor(), t.now.Unix(), reason, id); err != nil {
			return err
		}
		after := map[string]any{"status": status, "decided_by": t.actor(), "reason": reason}
		return t.audit(string(status), "violation", id, before, after, reason)
	})
}

// WaiveViolation waives (免责) a violation with a reason (manager).
func (s *Service) WaiveViolation(ctx context.Context, sess *Session, id int64, reason string) error {
	if err := allow(sess, "waive violations", roster.RoleManager); err != nil {
		return err
	}
	if err := needReason(reason, "waiving a violation"); err != nil {
		return err
	}
	return s.decideViolation(ctx, sess, id, compliance.StatusWaived, strings.TrimSpace(reason))
}

// ConfirmViolation confirms a violation (manager); reason is optional.
func (s *Service) ConfirmViolation(ctx context.Context, sess *Session, id int64, reason string) error {
	if err := allow(sess, "confirm violations", roster.RoleManager); err != nil {
		return err
	}
	return s.decideViolation(ctx, sess, id, compliance.StatusConfirmed, strings.TrimSpace(reason))
}

// Standings returns each active employee's standing as of asOf (agents: their own).
func (s *Service) Standings(ctx context.Context, sess *Session, asOf roster.Date) ([]Standing, error) {
	emp, err := readOwn(sess, "")
	if err != nil {
		return nil, err
	}
	p, err := currentPolicy(ctx, s.db.ro)
	if err != nil {
		return nil, err
	}
	return standings(ctx, s.db.ro, p, asOf, emp)
}

// TraceViolation gathers everything behind a violation (manager, hr, or the
// agent it is about).
func (s *Service) TraceViolation(ctx context.Context, sess *Session, id int64) (*Trace, error) {
	r, err := s.Violation(ctx, sess, id)
	if err != nil {
		return nil, err
	}
	q := s.db.ro
	tr := &Trace{Record: *r}
	pv, err := policyVersion(ctx, q, r.PolicyVersion)
	if err != nil && roster.ErrorCode(err) != roster.ENOTFOUND {
		return nil, err
	}
	if pv != nil {
		tr.Policy = *pv
	}
	loc, types, err := zone(ctx, q)
	if err != nil {
		return nil, err
	}
	from, to := r.Date.AddDays(-1).In(loc), r.Date.AddDays(2).In(loc)
	if tr.Notes, err = handoverNotes(ctx, q, NoteFilter{From: r.Date, To: r.Date, Employee: r.Employee, Shift: r.Shift}, ""); err != nil {
		return nil, err
	}
	if st, ok := types[r.Shift]; ok {
		start, end := st.Bounds(r.Date, loc)
		from, to = start.Add(-2*attributionWindow), end.Add(2*attributionWindow)
		p, err := currentPolicy(ctx, q)
		if err != nil {
			return nil, err
		}
		if pv != nil {
			p = pv.Policy
		}
		cur := &roster.Instance{Assignment: roster.Assignment{Employee: r.Employee, Date: r.Date, Shift: r.Shift}, Type: st, Start: start, End: end}
		pred, err := s.predecessorNotes(ctx, q, loc, types, p, cur)
		if err != nil {
			return nil, err
		}
		tr.Notes = append(pred, tr.Notes...)
	}
	if tr.Events, err = events(ctx, q, EventFilter{Employee: r.Employee, From: from, To: to, IncludeSuperseded: true}); err != nil {
		return nil, err
	}
	var w where
	conds := []string{"(entity = 'violation' AND entity_id = ?)", "(entity = 'policy' AND entity_id = ?)", "(entity = 'assignment' AND entity_id = ?)"}
	args := []any{strconv.FormatInt(r.ID, 10), strconv.Itoa(r.PolicyVersion), r.Employee + "@" + r.Date.String()}
	for _, e := range tr.Events {
		conds = append(conds, "(entity = 'event' AND entity_id = ?)")
		args = append(args, strconv.FormatInt(e.ID, 10))
	}
	w.add("("+strings.Join(conds, " OR ")+")", args...)
	tr.Audit, err = auditEntries(ctx, q, w, "ASC", 0)
	return tr, err
}
