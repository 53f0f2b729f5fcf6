package store

import (
	"context"
	"strings"
	"time"

	"shiftguard/compliance"
	"shiftguard/roster"
)

const actionCols = `id, employee, level, points, proposed_at, status, decided_by, decided_at, reason, fine_cents`

func scanAction(row scanner) (compliance.DisciplineAction, error) {
	var a compliance.DisciplineAction
	var level int
	var status string
	var proposed, decided int64
	err := row.Scan(&a.ID, &a.Employee, &level, &a.Points, &proposed, &status, &a.DecidedBy, &decided, &a.Reason, &a.FineCents)
	a.Level, a.Status, a.ProposedAt, a.DecidedAt = compliance.Level(level), compliance.ActionStatus(status), fromUnix(proposed), fromUnix(decided)
	return a, err
}

func disciplineActions(ctx context.Context, q querier, f ActionFilter) ([]compliance.DisciplineAction, error) {
	var w where
	if f.Employee != "" {
		w.add("employee = ?", f.Employee)
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	return queryAll(ctx, q, scanAction, `SELECT `+actionCols+` FROM discipline_actions`+w.String()+` ORDER BY proposed_at DESC, id DESC`, w.args...)
}

// DisciplineActions lists discipline actions, newest first (agents: their own).
func (s *Service) DisciplineActions(ctx context.Context, sess *Session, f ActionFilter) ([]compliance.DisciplineAction, error) {
	emp, err := readOwn(sess, f.Employee)
	if err != nil {
		return nil, err
	}
	f.Employee = emp
	return disciplineActions(ctx, s.db.ro, f)
}

// ProposeAction proposes the ladder step for employee's current standing
// (manager, hr); nil when no new step is due.
func (s *Service) ProposeAction(ctx context.Context, sess *Session, employee string) (*compliance.DisciplineAction, error) {
	if err := allow(sess, "propose discipline actions", roster.RoleManager, roster.RoleHR); err != nil {
		return nil, err
	}
	var out *compliance.DisciplineAction
	err := s.write(ctx, sess, func(t *tx) error {
		if _, err := employeeByCode(ctx, t, employee); err != nil {
			return err
		}
		p, err := currentPolicy(ctx, t)
		if err != nil {
			return err
		}
		loc, err := s.locationIn(ctx, t)
		if err != nil {
			return err
		}
		st, err := standings(ctx, t, p, roster.DateOf(t.now.In(loc)), employee)
		if err != nil || len(st) == 0 {
			return err
		}
		existing, err := disciplineActions(ctx, t, ActionFilter{Employee: employee})
		if err != nil {
			return err
		}
		out = compliance.ProposeAction(employee, st[0].Points, existing, p, t.now)
		if out == nil {
			return nil
		}
		return t.insertAction(out)
	})
	return out, err
}

func (s *Service) locationIn(ctx context.Context, q querier) (*time.Location, error) {
	st, err := loadSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	return roster.LoadLocation(st.TimeZone)
}

func (s *Service) decideAction(ctx context.Context, sess *Session, id int64, from []compliance.ActionStatus, to compliance.ActionStatus, reason string, fine int64) error {
	return s.write(ctx, sess, func(t *tx) error {
		a, err := queryOne(ctx, t, scanAction, "discipline action", id, `SELECT `+actionCols+` FROM discipline_actions WHERE id = ?`, id)
		if err != nil {
			return err
		}
		ok := false
		for _, f := range from {
			ok = ok || a.Status == f
		}
		if !ok {
			return roster.Errorf(roster.ECONFLICT, "discipline action %d is %s and cannot become %s", id, a.Status, to)
		}
		before := a
		a.Status, a.DecidedBy, a.DecidedAt, a.Reason = to, t.actor(), t.now, reason
		if to == compliance.ActionConfirmed {
			a.FineCents = fine
		}
		if _, err := t.exec(`UPDATE discipline_actions SET status = ?, decided_by = ?, decided_at = ?, reason = ?, fine_cents = ? WHERE id = ?`,
			string(a.Status), a.DecidedBy, t.now.Unix(), a.Reason, a.FineCents, id); err != nil {
			return err
		}
		return t.audit(string(to), "discipline_action", id, before, a, reason)
	})
}

// ConfirmAction confirms a proposed action (hr), with a fine for a penalty.
func (s *Service) ConfirmAction(ctx context.Context, sess *Session, id int64, reason string, fineCents int64) error {
	if err := allow(sess, "confirm discipline actions", roster.RoleHR); err != nil {
		return err
	}
	if fineCents < 0 || fineCents > 100_000_00 {
		return roster.FieldErrorf("fine", "fine must be between 0 and 100,000")
	}
	return s.decideAction(ctx, sess, id, []compliance.ActionStatus{compliance.ActionProposed}, compliance.ActionConfirmed, strings.TrimSpace(reason), fineCents)
}

// DismissAction dismisses a proposed action with a reason (hr).
func (s *Service) DismissAction(ctx context.Context, sess *Session, id int64, reason string) error {
	if err := allow(sess, "dismiss discipline actions", roster.RoleHR); err != nil {
		return err
	}
	if err := needReason(reason, "dismissing a discipline action"); err != nil {
		return err
	}
	return s.decideAction(ctx, sess, id, []compliance.ActionStatus{compliance.ActionProposed}, compliance.ActionDismissed, strings.TrimSpace(reason), 0)
}

// RevokeAction revokes a confirmed action with a reason (hr).
func (s *Service) RevokeAction(ctx context.Context, sess *Session, id int64, reason string) error {
	if err := allow(sess, "revoke discipline actions", roster.RoleHR); err != nil {
		return err
	}
	if err := needReason(reason, "revoking a discipline action"); err != nil {
		return err
	}
	return s.decideAction(ctx, sess, id, []compliance.ActionStatus{compliance.ActionConfirmed}, compliance.ActionRevoked, strings.TrimSpace(reason), 0)
}

// monthFacts loads what reward suggestions need for m.
func monthFacts(ctx context.Context, q querier, m roster.Month, team string) ([]roster.Employee, []roster.Assignment, []compliance.Record, []roster.Leave, map[string]int, error) {
	emps, err := loadEmployees(ctx, q, EmployeeFilter{Team: team})
	if err != nil {
		return nil, nil, nil, nil, nil, err
	}
	as, err := assignments(ctx, q, m.First(), m.Last(), "")
	if err != nil {
		return nil, nil, nil, nil, nil, err
	}
	byEmp, err := countingRecords(ctx, q, m.First(), m.Last())
	if err != nil {
		return nil, nil, nil, nil, nil, err
	}
	var recs []compliance.Record
	for _, rs := range byEmp {
		recs = append(recs, rs...)
	}
	ls, err := leaves(ctx, q, LeaveFilter{From: m.First(), To: m.Last()})
	if err != nil {
		return nil, nil, nil, nil, nil, err
	}
	// Shifts worked: assigned days not on leave and not ABSENT.
	onLeave := map[string]bool{}
	for _, l := range ls {
		onLeave[l.Employee+l.Date.String()] = true
	}
	absent := map[string]bool{}
	for _, r := range recs {
		if r.Rule == compliance.Absent {
			absent[r.Employee+r.Date.String()] = true
		}
	}
	worked := map[string]int{}
	for _, a := range as {
		k := a.Employee + a.Date.String()
		if !onLeave[k] && !absent[k] {
			worked[a.Employee]++
		}
	}
	return emps, as, recs, ls, worked, nil
}

func (s *Service) awarded(ctx context.Context, kind compliance.RewardKind, m roster.Month) (map[string]bool, error) {
	rs, err := rewards(ctx, s.db.ro, RewardFilter{Kind: kind, Month: m})
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, r := range rs {
		out[r.Employee] = true
	}
	return out, nil
}

// PerfectAttendance lists the employees eligible for perfect attendance in m.
func (s *Service) PerfectAttendance(ctx context.Context, sess *Session, m roster.Month) ([]Candidate, error) {
	if err := allow(sess, "see reward suggestions", roster.RoleManager, roster.RoleHR); err != nil {
		return nil, err
	}
	emps, as, recs, ls, worked, err := monthFacts(ctx, s.db.ro, m, "")
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(emps))
	byCode := map[string]roster.Employee{}
	for i, e := range emps {
		codes[i], byCode[e.Code] = e.Code, e
	}
	done, err := s.awarded(ctx, compliance.PerfectAttendance, m)
	if err != nil {
		return nil, err
	}
	var out []Candidate
	for _, c := range compliance.PerfectAttendanceFor(m, codes, as, recs, ls) {
		e := byCode[c]
		out = append(out, Candidate{Employee: c, Name: e.Name, Team: e.Team, Shifts: worked[c], Awarded: done[c]})
	}
	return out, nil
}

// ServiceStarCandidates ranks a team's employees for the service star of m
// ("" team: all teams).
func (s *Service) ServiceStarCandidates(ctx context.Context, sess *Session, m roster.Month, team string) ([]Candidate, error) {
	if err := allow(sess, "see reward suggestions", roster.RoleManager, roster.RoleHR); err != nil {
		return nil, err
	}
	emps, _, recs, _, worked, err := monthFacts(ctx, s.db.ro, m, team)
	if err != nil {
		return nil, err
	}
	done, err := s.awarded(ctx, compliance.ServiceStar, m)
	if err != nil {
		return nil, err
	}
	byCode := map[string]roster.Employee{}
	teams := map[string][]string{}
	var order []string
	for _, e := range emps {
		byCode[e.Code] = e
		if teams[e.Team] == nil {
			order = append(order, e.Team)
		}
		teams[e.Team] = append(teams[e.Team], e.Code)
	}
	var out []Candidate
	for _, t := range order {
		for _, c := range compliance.ServiceStarCandidates(m, teams[t], recs, worked) {
			if c.Worked == 0 {
				continue
			}
			e := byCode[c.Employee]
			out = append(out, Candidate{Employee: c.Employee, Name: e.Name, Team: e.Team, Points: c.Points, Shifts: c.Worked, Awarded: done[c.Employee]})
		}
	}
	return out, nil
}

const rewardCols = `id, employee, kind, month, date, points, reason, awarded_by, awarded_at, revoked`

func rewards(ctx context.Context, q querier, f RewardFilter) ([]compliance.Reward, error) {
	var w where
	if f.Employee != "" {
		w.add("employee = ?", f.Employee)
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if f.Month.Year != 0 {
		w.add("month = ?", monthText(f.Month))
	}
	if !f.IncludeRevoked {
		w.add("revoked = 0")
	}
	return queryAll(ctx, q, scanReward, `SELECT `+rewardCols+` FROM rewards`+w.String()+` ORDER BY awarded_at DESC, id DESC`, w.args...)
}

func scanReward(row scanner) (compliance.Reward, error) {
	var r compliance.Reward
	var kind, month, date string
	var at int64
	var revoked int
	err := row.Scan(&r.ID, &r.Employee, &kind, &month, &date, &r.Points, &r.Reason, &r.AwardedBy, &at, &revoked)
	r.Kind, r.Month, r.Date, r.AwardedAt, r.Revoked = compliance.RewardKind(kind), parseMonth(month), parseDate(date), fromUnix(at), revoked != 0
	return r, err
}

// Rewards lists rewards and manual entries (agents: their own).
func (s *Service) Rewards(ctx context.Context, sess *Session, f RewardFilter) ([]compliance.Reward, error) {
	emp, err := readOwn(sess, f.Employee)
	if err != nil {
		return nil, err
	}
	f.Employee = emp
	return rewards(ctx, s.db.ro, f)
}

// Award records a reward or a manual reward or penalty. Perfect attendance
// and service stars: manager or hr; manual rewards and penalties: hr. r.ID,
// AwardedBy and AwardedAt are set.
func (s *Service) Award(ctx context.Context, sess *Session, r *compliance.Reward) error {
	switch r.Kind {
	case compliance.PerfectAttendance, compliance.ServiceStar:
		if err := allow(sess, "award "+string(r.Kind), roster.RoleManager, roster.RoleHR); err != nil {
			return err
		}
		if r.Month.Year == 0 {
			return roster.FieldErrorf("month", "a %s award needs its month", r.Kind)
		}
	default:
		if err := allow(sess, "give manual rewards or penalties", roster.RoleHR); err != nil {
			return err
		}
	}
	r.Reason = strings.TrimSpace(r.Reason)
	if err := r.Validate(); err != nil {
		return err
	}
	if r.Kind != compliance.ManualPenalty {
		r.Points = 0
	}
	return s.write(ctx, sess, func(t *tx) error {
		if _, err := employeeByCode(ctx, t, r.Employee); err != nil {
			return err
		}
		loc, err := s.locationIn(ctx, t)
		if err != nil {
			return err
		}
		if r.Date.IsZero() {
			r.Date = roster.DateOf(t.now.In(loc))
		}
		if r.Month.Year == 0 {
			r.Month = roster.MonthOf(r.Date)
		}
		if r.Kind == compliance.PerfectAttendance || r.Kind == compliance.ServiceStar {
			var n int
			if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM rewards WHERE employee = ? AND kind = ? AND month = ? AND revoked = 0`,
				r.Employee, string(r.Kind), monthText(r.Month)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return roster.Errorf(roster.ECONFLICT, "%s already has %s for %s", r.Employee, r.Kind, r.Month)
			}
		}
		r.AwardedBy, r.AwardedAt, r.Revoked = t.actor(), t.now, false
		id, err := t.insertID(`INSERT INTO rewards (employee, kind, month, date, points, reason, awarded_by, awarded_at, revoked)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)`, r.Employee, string(r.Kind), monthText(r.Month), dateText(r.Date), r.Points, r.Reason, r.AwardedBy, t.now.Unix())
		if err != nil {
			return err
		}
		r.ID = id
		return t.audit("award", "reward", id, nil, r, r.Reason)
	})
}

// RevokeReward revokes a reward or manual entry with a reason (hr).
func (s *Service) RevokeReward(ctx context.Context, sess *Session, id int64, reason string) error {
	if err := allow(sess, "revoke rewards", roster.RoleHR); err != nil {
		return err
	}
	if err := needReason(reason, "revoking a reward"); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		r, err := queryOne(ctx, t, scanReward, "reward", id, `SELECT `+rewardCols+` FROM rewards WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if r.Revoked {
			return roster.Errorf(roster.ECONFLICT, "reward %d is already revoked", id)
		}
		if _, err := t.exec(`UPDATE rewards SET revoked = 1 WHERE id = ?`, id); err != nil {
			return err
		}
		after := r
		after.Revoked = true
		return t.audit("revoke", "reward", id, r, after, reason)
	})
}
