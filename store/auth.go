package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"shiftguard/compliance"
	"shiftguard/roster"
)

// bcryptCost is the cost of password and PIN hashes (tests lower it).
var bcryptCost = bcrypt.DefaultCost

// dummyHash is compared against when a user does not exist, so that a
// wrong user name takes as long as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("shiftguard-dummy"), bcrypt.DefaultCost)

var errBadLogin = roster.Errorf(roster.EUNAUTHORIZED, "wrong user name or password")
var errBadPIN = roster.Errorf(roster.EUNAUTHORIZED, "wrong employee number or PIN")

func hashSecret(secret string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(secret), bcryptCost)
	return string(h), err
}

const userCols = `id, username, display_name, role, COALESCE(employee_code, ''), password_hash, pin_hash, active`

func scanUser(row scanner) (*roster.User, error) {
	var u roster.User
	var role string
	var active int
	if err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.EmployeeCode, &u.PasswordHash, &u.PINHash, &active); err != nil {
		return nil, err
	}
	u.Role, u.Active = roster.Role(role), active != 0
	return &u, nil
}

// publicUser is a user without its hashes, for sessions and the audit log.
func publicUser(u *roster.User) roster.User {
	c := *u
	c.PasswordHash, c.PINHash = "", ""
	return c
}

// NeedsSetup reports whether no user exists yet (first run).
func (s *Service) NeedsSetup(ctx context.Context) (bool, error) {
	var n int
	err := s.db.ro.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n == 0, err
}

// CreateFirstAdmin creates the first admin account; it fails with
// roster.ECONFLICT once any user exists. It also stores the default policy
// as version 1 when there is none. It returns the admin's session.
func (s *Service) CreateFirstAdmin(ctx context.Context, username, password string) (*Session, error) {
	u := roster.User{Username: username, DisplayName: username, Role: roster.RoleAdmin, Active: true}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if err := roster.ValidatePassword(password); err != nil {
		return nil, err
	}
	h, err := hashSecret(password)
	if err != nil {
		return nil, err
	}
	sess := &Session{User: u}
	err = s.write(ctx, sess, func(t *tx) error {
		var n int
		if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return roster.Errorf(roster.ECONFLICT, "an account already exists; sign in instead")
		}
		id, err := t.insertID(`INSERT INTO users (username, display_name, role, employee_code, password_hash, pin_hash, active, created_at)
			VALUES (?, ?, ?, NULL, ?, '', 1, ?)`, u.Username, u.DisplayName, string(u.Role), h, t.now.Unix())
		if err != nil {
			return err
		}
		u.ID = id
		sess.User = u
		if err := t.audit("create", "user", u.Username, nil, publicUser(&u), "first admin"); err != nil {
			return err
		}
		return ensureSettingsAndPolicy(t)
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// ensureSettingsAndPolicy stores the default time zone and policy version 1
// when they are missing.
func ensureSettingsAndPolicy(t *tx) error {
	var n int
	if err := t.QueryRowContext(t.ctx, `SELECT COUNT(*) FROM settings WHERE key = 'time_zone'`).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		for k, v := range map[string]string{"time_zone": roster.DefaultTimeZone, "center_name": "ShiftGuard"} {
			if _, err := t.exec(`INSERT INTO settings (key, value) VALUES (?, ?)`, k, v); err != nil {
				return err
			}
		}
	}
	if err := t.QueryRowContext(t.ctx, `SELECT COUNT(*) FROM policy_versions`).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		p := compliance.DefaultPolicy()
		if err := insertPolicy(t, p, "default policy of RULES.md"); err != nil {
			return err
		}
	}
	return nil
}

// Login signs in with user name and password. A wrong user name, password or
// an inactive account all fail with the same roster.EUNAUTHORIZED error.
func (s *Service) Login(ctx context.Context, username, password string) (*Session, error) {
	u, err := scanUser(s.db.ro.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username = ?`, strings.TrimSpace(username)))
	if err != nil && !isNoRows(err) {
		return nil, err
	}
	if u == nil {
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return nil, errBadLogin
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil || !u.Active {
		return nil, errBadLogin
	}
	return &Session{User: publicUser(u)}, nil
}

// KioskLogin signs an employee in at a kiosk by employee number and PIN
// (roster.EUNAUTHORIZED when wrong, without saying which part).
func (s *Service) KioskLogin(ctx context.Context, employeeCode, pin string) (*Session, error) {
	u, err := scanUser(s.db.ro.QueryRowContext(ctx, `SELECT `+userCols+` FROM users
		WHERE employee_code = ? AND active = 1 AND pin_hash <> '' ORDER BY id LIMIT 1`, strings.TrimSpace(employeeCode)))
	if err != nil && !isNoRows(err) {
		return nil, err
	}
	if u == nil {
		bcrypt.CompareHashAndPassword(dummyHash, []byte(pin))
		return nil, errBadPIN
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PINHash), []byte(pin)) != nil {
		return nil, errBadPIN
	}
	return &Session{User: publicUser(u), Kiosk: true}, nil
}

// Settings returns the center's settings (any signed-in user).
func (s *Service) Settings(ctx context.Context, sess *Session) (*Settings, error) {
	if err := signedIn(sess); err != nil {
		return nil, err
	}
	return loadSettings(ctx, s.db.ro)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func loadSettings(ctx context.Context, q querier) (*Settings, error) {
	st := &Settings{CenterName: "ShiftGuard", TimeZone: roster.DefaultTimeZone}
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		switch k {
		case "center_name":
			st.CenterName = v
		case "time_zone":
			st.TimeZone = v
		}
	}
	return st, rows.Err()
}

// SaveSettings changes the center's name and time zone (admin).
func (s *Service) SaveSettings(ctx context.Context, sess *Session, st Settings) error {
	if err := allow(sess, "change settings"); err != nil {
		return err
	}
	st.CenterName = strings.TrimSpace(st.CenterName)
	if st.CenterName == "" || len([]rune(st.CenterName)) > 100 {
		return roster.FieldErrorf("center_name", "center name must have 1 to 100 characters")
	}
	if _, err := roster.LoadLocation(st.TimeZone); err != nil || st.TimeZone == "" {
		return roster.FieldErrorf("time_zone", "unknown time zone %q", st.TimeZone)
	}
	return s.write(ctx, sess, func(t *tx) error {
		before, err := loadSettings(ctx, t)
		if err != nil {
			return err
		}
		for k, v := range map[string]string{"center_name": st.CenterName, "time_zone": st.TimeZone} {
			if _, err := t.exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return err
			}
		}
		return t.audit("update", "settings", "center", before, st, "")
	})
}

// Location returns the center's time zone.
func (s *Service) Location(ctx context.Context) (*time.Location, error) {
	st, err := loadSettings(ctx, s.db.ro)
	if err != nil {
		return nil, err
	}
	return roster.LoadLocation(st.TimeZone)
}

// Backup writes a consistent copy of the database to destPath (admin).
func (s *Service) Backup(ctx context.Context, sess *Session, destPath string) error {
	if err := allow(sess, "back up the database"); err != nil {
		return err
	}
	if err := s.db.Backup(ctx, destPath); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		return t.audit("backup", "database", "", nil, map[string]string{"path": destPath}, "")
	})
}

// ---- users ----

// Users lists every user account (admin).
func (s *Service) Users(ctx context.Context, sess *Session) ([]roster.User, error) {
	if err := allow(sess, "manage users"); err != nil {
		return nil, err
	}
	return queryAll(ctx, s.db.ro, func(row scanner) (roster.User, error) {
		u, err := scanUser(row)
		if err != nil {
			return roster.User{}, err
		}
		return publicUser(u), nil
	}, `SELECT `+userCols+` FROM users ORDER BY username`)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateUser creates an account with a password and an optional kiosk PIN
// ("" for none) (admin). u.ID is set.
func (s *Service) CreateUser(ctx context.Context, sess *Session, u *roster.User, password, pin string) error {
	if err := allow(sess, "manage users"); err != nil {
		return err
	}
	if err := u.Validate(); err != nil {
		return err
	}
	if err := roster.ValidatePassword(password); err != nil {
		return err
	}
	ph, err := hashSecret(password)
	if err != nil {
		return err
	}
	pinHash := ""
	if pin != "" {
		if err := roster.ValidatePIN(pin); err != nil {
			return err
		}
		if pinHash, err = hashSecret(pin); err != nil {
			return err
		}
	}
	return s.write(ctx, sess, func(t *tx) error {
		if err := t.linkable(u.EmployeeCode); err != nil {
			return err
		}
		id, err := t.insertID(`INSERT INTO users (username, display_name, role, employee_code, password_hash, pin_hash, active, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, u.Username, u.DisplayName, string(u.Role), nullable(u.EmployeeCode), ph, pinHash, boolInt(u.Active), t.now.Unix())
		if err != nil {
			return err
		}
		u.ID = id
		return t.audit("create", "user", u.Username, nil, publicUser(u), "")
	})
}

// linkable checks that a user's employee number, if any, exists.
func (t *tx) linkable(code string) error {
	if code == "" {
		return nil
	}
	if _, err := employeeByCode(t.ctx, t, code); err != nil {
		return roster.FieldErrorf("employee", "unknown employee number %q", code)
	}
	return nil
}

func (t *tx) user(username string) (*roster.User, error) {
	u, err := scanUser(t.QueryRowContext(t.ctx, `SELECT `+userCols+` FROM users WHERE username = ?`, username))
	if isNoRows(err) {
		return nil, notFound("user", username)
	}
	return u, err
}

// UpdateUser changes display name, role, linked employee and active flag
// of the user u.Username (admin). Passwords are changed with ResetPassword.
func (s *Service) UpdateUser(ctx context.Context, sess *Session, u *roster.User) error {
	if err := allow(sess, "manage users"); err != nil {
		return err
	}
	if err := u.Validate(); err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		old, err := t.user(u.Username)
		if err != nil {
			return err
		}
		if old.Username == sess.User.Username && (!u.Active || u.Role != roster.RoleAdmin) && old.Role == roster.RoleAdmin {
			return roster.Errorf(roster.ECONFLICT, "you cannot remove your own admin rights")
		}
		if err := t.linkable(u.EmployeeCode); err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE users SET display_name = ?, role = ?, employee_code = ?, active = ? WHERE id = ?`,
			u.DisplayName, string(u.Role), nullable(u.EmployeeCode), boolInt(u.Active), old.ID); err != nil {
			return mapErr(err)
		}
		u.ID = old.ID
		return t.audit("update", "user", u.Username, publicUser(old), publicUser(u), "")
	})
}

// ResetPassword sets a new password for username (admin).
func (s *Service) ResetPassword(ctx context.Context, sess *Session, username, password string) error {
	if err := allow(sess, "reset passwords"); err != nil {
		return err
	}
	if err := roster.ValidatePassword(password); err != nil {
		return err
	}
	return s.setSecret(ctx, sess, username, "password_hash", password, "reset_password")
}

// ResetPIN sets (or with "" removes) the kiosk PIN of username (admin).
func (s *Service) ResetPIN(ctx context.Context, sess *Session, username, pin string) error {
	if err := allow(sess, "reset PINs"); err != nil {
		return err
	}
	if pin != "" {
		if err := roster.ValidatePIN(pin); err != nil {
			return err
		}
	}
	return s.setSecret(ctx, sess, username, "pin_hash", pin, "reset_pin")
}

func (s *Service) setSecret(ctx context.Context, sess *Session, username, column, secret, action string) error {
	h := ""
	if secret != "" {
		var err error
		if h, err = hashSecret(secret); err != nil {
			return err
		}
	}
	return s.write(ctx, sess, func(t *tx) error {
		u, err := t.user(username)
		if err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE users SET `+column+` = ? WHERE id = ?`, h, u.ID); err != nil {
			return err
		}
		// The audit entry says that it changed, never the hash.
		return t.audit(action, "user", username, nil, map[string]bool{"set": secret != ""}, "")
	})
}

// ChangePassword changes the signed-in user's own password.
func (s *Service) ChangePassword(ctx context.Context, sess *Session, oldPassword, newPassword string) error {
	if err := signedIn(sess); err != nil {
		return err
	}
	if err := roster.ValidatePassword(newPassword); err != nil {
		return err
	}
	h, err := hashSecret(newPassword)
	if err != nil {
		return err
	}
	return s.write(ctx, sess, func(t *tx) error {
		u, err := t.user(sess.User.Username)
		if err != nil {
			return err
		}
		if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(oldPassword)) != nil {
			return roster.Errorf(roster.EUNAUTHORIZED, "the current password is wrong")
		}
		if _, err := t.exec(`UPDATE users SET password_hash = ? WHERE id = ?`, h, u.ID); err != nil {
			return err
		}
		return t.audit("change_password", "user", u.Username, nil, map[string]bool{"set": true}, "")
	})
}

// KioskEntry is one name on the kiosk's sign-in list.
type KioskEntry struct {
	Code string
	Name string
	Team string
}

// KioskEmployees lists the active employees who have a kiosk PIN, by team
// and number, for the kiosk's pick-your-name screen (no session needed:
// it shows only names, numbers and teams).
func (s *Service) KioskEmployees(ctx context.Context) ([]KioskEntry, error) {
	return queryAll(ctx, s.db.ro, func(row scanner) (KioskEntry, error) {
		var k KioskEntry
		err := row.Scan(&k.Code, &k.Name, &k.Team)
		return k, err
	}, `SELECT DISTINCT e.code, e.name, e.team FROM employees e JOIN users u ON u.employee_code = e.code
		WHERE e.active = 1 AND u.active = 1 AND u.pin_hash <> '' ORDER BY e.team, e.code`)
}
