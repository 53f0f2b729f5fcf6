package roster

import (
	"regexp"
	"strings"
	"time"
)

// DefaultPost is the post of a shift type that names none.
const DefaultPost = "main"

// ShiftType is a kind of shift (班次): a local start and end; End <= Start
// means the shift ends the next day (overnight).
type ShiftType struct {
	ID           int64
	Code         string
	Name         string
	Start        Clock
	End          Clock
	Post         string // 岗位; DefaultPost when empty
	Handover     bool   // whether handover notes are required
	MealBreakMin int    // 0 = no meal break
	Color        string // "#RRGGBB"
}

var colorPattern = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// Overnight reports whether the shift ends on the day after it starts.
func (s *ShiftType) Overnight() bool { return s.End <= s.Start }

// Minutes returns the shift's length in minutes (wall clock, ignoring DST).
func (s *ShiftType) Minutes() int {
	if s.Overnight() {
		return int(s.End) + 24*60 - int(s.Start)
	}
	return int(s.End - s.Start)
}

// PostName returns the post, defaulting to DefaultPost.
func (s *ShiftType) PostName() string {
	if s.Post == "" {
		return DefaultPost
	}
	return s.Post
}

// Validate checks the shift type's fields.
func (s *ShiftType) Validate() error {
	switch {
	case !ValidCode(s.Code):
		return FieldErrorf("code", "shift code %q must be 1-32 letters, digits, '_', '.' or '-'", s.Code)
	case s.Start < 0 || s.Start >= 24*60:
		return FieldErrorf("start", "start of shift %s must be between 00:00 and 23:59", s.Code)
	case s.End < 0 || s.End >= 24*60:
		return FieldErrorf("end", "end of shift %s must be between 00:00 and 23:59", s.Code)
	case s.MealBreakMin < 0 || s.MealBreakMin > 240:
		return FieldErrorf("meal_break_min", "meal break of shift %s must be 0 to 240 minutes", s.Code)
	case s.Color != "" && !colorPattern.MatchString(s.Color):
		return FieldErrorf("color", "colour %q must look like #RRGGBB", s.Color)
	case len(strings.TrimSpace(s.Post)) > 32:
		return FieldErrorf("post", "post name is longer than 32 characters")
	}
	return nil
}

// Bounds returns the shift's start and end instants when it starts on d.
func (s *ShiftType) Bounds(d Date, loc *time.Location) (start, end time.Time) {
	start = d.At(s.Start, loc)
	endDay := d
	if s.Overnight() {
		endDay = d.AddDays(1)
	}
	return start, endDay.At(s.End, loc)
}

// Assignment puts an employee on a shift type on a date (排班).
type Assignment struct {
	ID       int64
	Employee string // employee code
	Date     Date   // the day the shift starts
	Shift    string // shift type code
	Locked   bool   // a manager fixed this cell; automatic rostering keeps it
}

// Validate checks the assignment's fields.
func (a *Assignment) Validate() error {
	switch {
	case !ValidCode(a.Employee):
		return FieldErrorf("employee", "assignment needs an employee number")
	case a.Date.IsZero():
		return FieldErrorf("date", "assignment needs a date")
	case !ValidCode(a.Shift):
		return FieldErrorf("shift", "assignment needs a shift code")
	}
	return nil
}

// Instance is one concrete shift: an assignment resolved to instants in the
// center's time zone.
type Instance struct {
	Assignment
	Type  *ShiftType
	Start time.Time
	End   time.Time
}

// Post returns the instance's post.
func (in *Instance) Post() string { return in.Type.PostName() }

// Instances resolves assignments to shift instances in loc. It fails with an
// EINVALID error naming the assignment's position when a shift code is unknown.
func Instances(assignments []Assignment, types map[string]*ShiftType, loc *time.Location) ([]Instance, error) {
	out := make([]Instance, 0, len(assignments))
	for i := range assignments {
		a := &assignments[i]
		st, ok := types[a.Shift]
		if !ok {
			return nil, &Error{Code: EINVALID, Field: "shift", Message: "assignment " + a.Employee + " " + a.Date.String() + ": unknown shift code " + a.Shift}
		}
		start, end := st.Bounds(a.Date, loc)
		out = append(out, Instance{Assignment: *a, Type: st, Start: start, End: end})
	}
	return out, nil
}

// CoverageRequirement is the number of people a shift type needs on a day
// (weekday-based when Date is zero; Weekday -1 means every day).
type CoverageRequirement struct {
	ID       int64
	Shift    string
	Weekday  int  // 0=Sunday..6=Saturday, -1 = every day
	Date     Date // a specific date overrides the weekday rule
	Required int
}

// Validate checks the coverage requirement.
func (c *CoverageRequirement) Validate() error {
	switch {
	case !ValidCode(c.Shift):
		return FieldErrorf("shift", "coverage needs a shift code")
	case c.Weekday < -1 || c.Weekday > 6:
		return FieldErrorf("weekday", "weekday must be -1 (every day) or 0-6")
	case c.Required < 0 || c.Required > 1000:
		return FieldErrorf("required", "required head count must be 0 to 1000")
	}
	return nil
}
