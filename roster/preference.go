package roster

import (
	"strings"
	"time"
)

// Preference weights: how much an agent cares about a ShiftPreference.
const (
	PreferenceNormal        = 1 // 普通
	PreferenceImportant     = 2 // 重要
	PreferenceVeryImportant = 3 // 非常重要
)

// PreferenceWeights lists the weights from least to most important.
var PreferenceWeights = []int{PreferenceNormal, PreferenceImportant, PreferenceVeryImportant}

// ShiftPreference is an agent's wish about one day of the roster (排班意愿):
// to work Shift (On), not to work Shift (!On), or, with Shift "" and !On,
// to have the day off. Automatic rostering honours preferences as far as
// coverage and the limits allow, the heavier ones first.
type ShiftPreference struct {
	ID        int64
	Employee  string // employee code
	Date      Date
	Shift     string // shift code; "" = any shift, i.e. a wish for a day off
	On        bool   // true: wants to work Shift; false: does not want it
	Weight    int    // PreferenceNormal .. PreferenceVeryImportant
	Note      string
	CreatedBy string // user name
	CreatedAt time.Time
}

// Validate checks the preference's fields.
func (p *ShiftPreference) Validate() error {
	switch {
	case !ValidCode(p.Employee):
		return FieldErrorf("employee", "preference needs an employee number")
	case p.Date.IsZero():
		return FieldErrorf("date", "preference needs a date")
	case p.Shift != "" && !ValidCode(p.Shift):
		return FieldErrorf("shift", "shift code %q must be 1-32 letters, digits, '_', '.' or '-'", p.Shift)
	case p.On && p.Shift == "":
		return FieldErrorf("shift", "a wish to work needs a shift")
	case p.Weight < PreferenceNormal || p.Weight > PreferenceVeryImportant:
		return FieldErrorf("weight", "weight must be 1 (normal), 2 (important) or 3 (very important), not %d", p.Weight)
	case len([]rune(strings.TrimSpace(p.Note))) > 500:
		return FieldErrorf("note", "note is longer than 500 characters")
	}
	return nil
}

// DayOff reports whether p is a wish for a day off (no shift at all).
func (p *ShiftPreference) DayOff() bool { return !p.On && p.Shift == "" }

// Met reports whether p is honoured when its employee works shift on its
// date ("" for a day off).
func (p *ShiftPreference) Met(shift string) bool {
	switch {
	case p.On:
		return shift == p.Shift
	case p.Shift == "":
		return shift == ""
	}
	return shift != p.Shift
}
