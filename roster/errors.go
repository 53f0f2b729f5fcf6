// Package roster holds ShiftGuard's domain: employees, users and roles,
// shift types, assignments and the shift instances they make, attendance
// events, approvals (leave and off-post), handover notes and daily logs.
//
// It has no UI and no SQL. Every type that a person enters has a Validate
// method that returns a coded *Error whose message a person can act on.
package roster

import (
	"errors"
	"fmt"
)

// Error codes, in the style of WTF Dial: a small fixed set that the store
// and the UI map to behaviour (a dialog, an HTTP-like status, a retry).
const (
	ECONFLICT     = "conflict"     // the change clashes with existing data
	EINTERNAL     = "internal"     // a bug or an unexpected failure
	EINVALID      = "invalid"      // the input is wrong; the message says where
	ENOTFOUND     = "not_found"    // the thing does not exist
	EFORBIDDEN    = "forbidden"    // the acting user's role may not do this
	EUNAUTHORIZED = "unauthorized" // wrong user name, password or PIN
	ELOCKED       = "locked"       // the month is published; a reason is required
)

// Error is a domain error with a machine-readable code, the field it is
// about (if any) and a human-readable message.
type Error struct {
	Code    string
	Field   string
	Message string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an EINVALID *Error naming the field at fault.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message a person should see for err.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Error()
	}
	return "internal error"
}
