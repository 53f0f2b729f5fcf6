package store

import (
	"context"
	"encoding/json"

	"shiftguard/compliance"
	"shiftguard/roster"
)

func insertPolicy(t *tx, p compliance.Policy, reason string) error {
	var v int
	if err := t.QueryRowContext(t.ctx, `SELECT COALESCE(MAX(version), 0) FROM policy_versions`).Scan(&v); err != nil {
		return err
	}
	p.Version = v + 1
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if _, err := t.exec(`INSERT INTO policy_versions (version, policy, created_by, created_at, reason) VALUES (?, ?, ?, ?, ?)`,
		p.Version, string(b), t.actor(), t.now.Unix(), reason); err != nil {
		return err
	}
	return t.audit("create", "policy", p.Version, nil, p, reason)
}

func (t *tx) actor() string {
	if t.sess == nil {
		return "system"
	}
	return t.sess.User.Username
}

// decodePolicy reads a stored policy; keys missing from an older version
// keep their defaults.
func decodePolicy(js string) (compliance.Policy, error) {
	p := compliance.DefaultPolicy()
	p.Points = nil
	if err := json.Unmarshal([]byte(js), &p); err != nil {
		return p, err
	}
	if p.Points == nil {
		p.Points = compliance.DefaultPolicy().Points
	}
	return p, nil
}

// currentPolicy returns the newest version, or the defaults (version 1)
// when none is stored.
func currentPolicy(ctx context.Context, q querier) (compliance.Policy, error) {
	var js string
	err := q.QueryRowContext(ctx, `SELECT policy FROM policy_versions ORDER BY version DESC LIMIT 1`).Scan(&js)
	if isNoRows(err) {
		return compliance.DefaultPolicy(), nil
	} else if err != nil {
		return compliance.Policy{}, err
	}
	return decodePolicy(js)
}

func scanPolicyVersion(row scanner) (PolicyVersion, error) {
	var pv PolicyVersion
	var js string
	var at int64
	if err := row.Scan(&js, &pv.CreatedBy, &at, &pv.Reason); err != nil {
		return pv, err
	}
	pv.CreatedAt = fromUnix(at)
	var err error
	pv.Policy, err = decodePolicy(js)
	return pv, err
}

func policyVersion(ctx context.Context, q querier, version int) (*PolicyVersion, error) {
	pv, err := queryOne(ctx, q, scanPolicyVersion, "policy version", version, `SELECT policy, created_by, created_at, reason FROM policy_versions WHERE version = ?`, version)
	if err != nil {
		return nil, err
	}
	return &pv, nil
}

// Policy returns the current policy version.
func (s *Service) Policy(ctx context.Context, sess *Session) (compliance.Policy, error) {
	if err := signedIn(sess); err != nil {
		return compliance.Policy{}, err
	}
	return currentPolicy(ctx, s.db.ro)
}

// PolicyVersions lists every saved version, newest first.
func (s *Service) PolicyVersions(ctx context.Context, sess *Session) ([]PolicyVersion, error) {
	if err := signedIn(sess); err != nil {
		return nil, err
	}
	return queryAll(ctx, s.db.ro, scanPolicyVersion, `SELECT policy, created_by, created_at, reason FROM policy_versions ORDER BY version DESC`)
}

// SavePolicy validates p and saves it as a new version (admin); it returns
// the new version number.
func (s *Service) SavePolicy(ctx context.Context, sess *Session, p compliance.Policy, reason string) (int, error) {
	if err := allow(sess, "change the policy"); err != nil {
		return 0, err
	}
	p = p.Clone()
	if err := p.Validate(); err != nil {
		return 0, err
	}
	if p.Points == nil {
		return 0, roster.FieldErrorf("points", "policy needs points per rule")
	}
	var version int
	err := s.write(ctx, sess, func(t *tx) error {
		if err := insertPolicy(t, p, reason); err != nil {
			return err
		}
		return t.QueryRowContext(ctx, `SELECT MAX(version) FROM policy_versions`).Scan(&version)
	})
	return version, err
}
