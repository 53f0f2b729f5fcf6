package roster

import (
	"regexp"
	"strings"
)

// Role is what a user may do in ShiftGuard.
type Role string

// The four roles. Permissions are enforced in the store's service layer.
const (
	RoleAdmin   Role = "admin"   // users, policy, backups; everything a manager may do
	RoleManager Role = "manager" // rosters, swaps, leave, waivers, manual rewards
	RoleHR      Role = "hr"      // discipline actions, rewards, reports
	RoleAgent   Role = "agent"   // own punches, handover notes, acks, swap requests
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleManager, RoleHR, RoleAgent}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleManager, RoleHR, RoleAgent:
		return true
	}
	return false
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$`)

// ValidCode reports whether s can be used as an employee number or shift code:
// 1 to 32 letters, digits, '_', '.', '-', starting with a letter or digit.
func ValidCode(s string) bool { return codePattern.MatchString(s) }

// Employee is a person on the roster. Code is the employee number (工号),
// the stable key used everywhere in the domain.
type Employee struct {
	ID     int64
	Code   string // 工号
	Name   string
	Team   string
	Active bool
	// Preferences used by automatic rostering (optional).
	MaxNightsPerMonth int // 0 = no limit
}

// Validate checks the employee's fields.
func (e *Employee) Validate() error {
	switch {
	case !ValidCode(e.Code):
		return FieldErrorf("code", "employee number %q must be 1-32 letters, digits, '_', '.' or '-'", e.Code)
	case strings.TrimSpace(e.Name) == "":
		return FieldErrorf("name", "employee %s needs a name", e.Code)
	case len([]rune(e.Name)) > 64:
		return FieldErrorf("name", "employee name is longer than 64 characters")
	case strings.TrimSpace(e.Team) == "":
		return FieldErrorf("team", "employee %s needs a team", e.Code)
	case e.MaxNightsPerMonth < 0:
		return FieldErrorf("max_nights", "max nights per month cannot be negative")
	}
	return nil
}

// User is an account that signs in. Agents are linked to their employee
// record by EmployeeCode; other roles may be linked too.
type User struct {
	ID           int64
	Username     string
	DisplayName  string
	Role         Role
	EmployeeCode string // "" when the user is not on the roster
	PasswordHash string // bcrypt; never shown
	PINHash      string // bcrypt of the kiosk PIN; "" when no PIN is set
	Active       bool
}

// Validate checks the user's fields (not the password, which is hashed by the store).
func (u *User) Validate() error {
	switch {
	case !ValidCode(u.Username):
		return FieldErrorf("username", "user name %q must be 1-32 letters, digits, '_', '.' or '-'", u.Username)
	case !u.Role.Valid():
		return FieldErrorf("role", "role %q is not one of admin, manager, hr, agent", u.Role)
	case u.Role == RoleAgent && u.EmployeeCode == "":
		return FieldErrorf("employee", "an agent account must be linked to an employee")
	}
	return nil
}

// ValidatePassword checks a new password's strength.
func ValidatePassword(pw string) error {
	if len([]rune(pw)) < 8 {
		return FieldErrorf("password", "password must have at least 8 characters")
	}
	return nil
}

// ValidatePIN checks a kiosk PIN: 4 to 8 digits.
func ValidatePIN(pin string) error {
	if len(pin) < 4 || len(pin) > 8 {
		return FieldErrorf("pin", "PIN must have 4 to 8 digits")
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return FieldErrorf("pin", "PIN must have 4 to 8 digits")
		}
	}
	return nil
}
