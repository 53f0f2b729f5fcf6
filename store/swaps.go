package store

import (
	"context"
	"strings"

	"shiftguard/roster"
)

const swapCols = `id, requester, date, other, other_date, reason, status, decided_by, decided_at, decide_note, requested_at`

func scanSwap(row scanner) (roster.SwapRequest, error) {
	var r roster.SwapRequest
	var date, otherDate, status string
	var decided, requested int64
	err := row.Scan(&r.ID, &r.Requester, &date, &r.Other, &otherDate, &r.Reason, &status, &r.DecidedBy, &decided, &r.DecideNote, &requested)
	r.Date, r.OtherDate, r.Status = parseDate(date), parseDate(otherDate), roster.SwapStatus(status)
	r.DecidedAt, r.RequestedAt = fromUnix(decided), fromUnix(requested)
	return r, err
}

// RequestSwap files a swap request; an agent only for themself as
// requester. r.ID, Status and RequestedAt are set.
func (s *Service) RequestSwap(ctx context.Context, sess *Session, r *roster.SwapRequest) error {
	if err := ownOrManager(sess, r.Requester, "request swaps"); err != nil {
		return err
	}
	r.Reason = strings.TrimSpace(r.Reason)
	if err := r.Validate(); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		if err := t.activeEmployee(r.Other); err != nil {
			return err
		}
		a, err := t.assignment(r.Requester, r.Date)
		if err != nil {
			return err
		}
		if a == nil {
			return roster.FieldErrorf("date", "%s has no shift on %s to swap", r.Requester, r.Date)
		}
		if !r.OtherDate.IsZero() {
			b, err := t.assignment(r.Other, r.OtherDate)
			if err != nil {
				return err
			}
			if b == nil {
				return roster.FieldErrorf("other_date", "%s has no shift on %s to swap", r.Other, r.OtherDate)
			}
		}
		r.Status, r.RequestedAt = roster.SwapPending, t.now
		r.DecidedBy, r.DecideNote = "", ""
		id, err := t.insertID(`INSERT INTO swap_requests (requester, date, other, other_date, reason, status, requested_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, r.Requester, dateText(r.Date), r.Other, dateText(r.OtherDate), r.Reason, string(r.Status), t.now.Unix())
		if err != nil {
			return err
		}
		r.ID = id
		return t.audit("request", "swap", id, nil, r, r.Reason)
	})
}

// SwapRequests lists swap requests, newest first (agents: those they are part of).
func (s *Service) SwapRequests(ctx context.Context, sess *Session, f SwapFilter) ([]roster.SwapRequest, error) {
	if err := signedIn(sess); err != nil {
		return nil, err
	}
	if isAgent(sess) {
		if f.Employee != "" && f.Employee != sess.User.EmployeeCode {
			return nil, roster.Errorf(roster.EFORBIDDEN, "an agent may only see their own swap requests")
		}
		f.Employee = sess.User.EmployeeCode
	}
	var w where
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.Employee != "" {
		w.add("(requester = ? OR other = ?)", f.Employee, f.Employee)
	}
	return queryAll(ctx, s.db.ro, scanSwap, `SELECT `+swapCols+` FROM swap_requests`+w.String()+` ORDER BY requested_at DESC, id DESC`, w.args...)
}

func (t *tx) pendingSwap(id int64) (*roster.SwapRequest, error) {
	r, err := queryOne(t.ctx, t, scanSwap, "swap request", id, `SELECT `+swapCols+` FROM swap_requests WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if r.Status != roster.SwapPending {
		return nil, roster.Errorf(roster.ECONFLICT, "swap request %d is already %s", id, r.Status)
	}
	return &r, nil
}

func (t *tx) decideSwap(r *roster.SwapRequest, status roster.SwapStatus, note string) error {
	before := *r
	r.Status, r.DecidedBy, r.DecidedAt, r.DecideNote = status, t.actor(), t.now, note
	if _, err := t.exec(`UPDATE swap_requests SET status = ?, decided_by = ?, decided_at = ?, decide_note = ? WHERE id = ?`,
		string(status), r.DecidedBy, t.now.Unix(), note, r.ID); err != nil {
		return err
	}
	return t.audit(string(status), "swap", r.ID, before, r, note)
}

// ApproveSwap approves a pending request and exchanges the two assignments
// atomically (manager); a published month needs no extra reason because the
// request carries one, and note is kept in the audit trail.
func (s *Service) ApproveSwap(ctx context.Context, sess *Session, id int64, note string) error {
	if err := allow(sess, "approve swaps", roster.RoleManager); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		r, err := t.pendingSwap(id)
		if err != nil {
			return err
		}
		reason := strings.TrimSpace("swap " + itoa64(id) + ": " + r.Reason + " " + note)
		a, err := t.assignment(r.Requester, r.Date)
		if err != nil {
			return err
		}
		if a == nil {
			return roster.Errorf(roster.ECONFLICT, "%s no longer has a shift on %s", r.Requester, r.Date)
		}
		var b *roster.Assignment
		if !r.OtherDate.IsZero() {
			if b, err = t.assignment(r.Other, r.OtherDate); err != nil {
				return err
			}
			if b == nil {
				return roster.Errorf(roster.ECONFLICT, "%s no longer has a shift on %s", r.Other, r.OtherDate)
			}
		}
		switch {
		case b != nil && r.OtherDate == r.Date:
			// Same day: exchange the shift codes.
			if err := t.setAssignment(roster.Assignment{Employee: r.Requester, Date: r.Date, Shift: b.Shift}, reason, "swap"); err != nil {
				return err
			}
			if err := t.setAssignment(roster.Assignment{Employee: r.Other, Date: r.Date, Shift: a.Shift}, reason, "swap"); err != nil {
				return err
			}
		default:
			if c, err := t.assignment(r.Other, r.Date); err != nil {
				return err
			} else if c != nil {
				return roster.Errorf(roster.ECONFLICT, "%s already works on %s", r.Other, r.Date)
			}
			if b != nil {
				if c, err := t.assignment(r.Requester, r.OtherDate); err != nil {
					return err
				} else if c != nil {
					return roster.Errorf(roster.ECONFLICT, "%s already works on %s", r.Requester, r.OtherDate)
				}
			}
			if err := t.clearAssignment(r.Requester, r.Date, reason, "swap"); err != nil {
				return err
			}
			if b != nil {
				if err := t.clearAssignment(r.Other, r.OtherDate, reason, "swap"); err != nil {
					return err
				}
				if err := t.setAssignment(roster.Assignment{Employee: r.Requester, Date: r.OtherDate, Shift: b.Shift}, reason, "swap"); err != nil {
					return err
				}
			}
			if err := t.setAssignment(roster.Assignment{Employee: r.Other, Date: r.Date, Shift: a.Shift}, reason, "swap"); err != nil {
				return err
			}
		}
		return t.decideSwap(r, roster.SwapApproved, note)
	})
}

// RefuseSwap refuses a pending request (manager).
func (s *Service) RefuseSwap(ctx context.Context, sess *Session, id int64, note string) error {
	if err := allow(sess, "refuse swaps", roster.RoleManager); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		r, err := t.pendingSwap(id)
		if err != nil {
			return err
		}
		return t.decideSwap(r, roster.SwapRefused, note)
	})
}
