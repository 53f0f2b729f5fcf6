package roster

import (
	"fmt"
	"time"
)

// DefaultTimeZone is the center's time zone when none is configured.
const DefaultTimeZone = "Asia/Shanghai"

// Date is a calendar day without a time zone (the day a shift starts).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses "YYYY-MM-DD" and rejects impossible dates such as 2026-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// NewDate returns the date y-m-d, normalised (day 32 of January is 1 February).
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// In returns midnight of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// At returns the instant of minute-of-day clock on d in loc. Minutes past
// 24h roll into the next day; wall clocks that do not exist (DST gaps) are
// resolved as the time package does.
func (d Date) At(clock Clock, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, int(clock), 0, 0, loc)
}

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return NewDate(d.Year, d.Month, d.Day+n) }

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Compare returns -1, 0 or +1.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return sign(d.Year - o.Year)
	case d.Month != o.Month:
		return sign(int(d.Month) - int(o.Month))
	default:
		return sign(d.Day - o.Day)
	}
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.In(time.UTC).Weekday() }

// DaysIn returns the number of days in d's month.
func (d Date) DaysIn() int { return NewDate(d.Year, d.Month+1, 0).Day }

// DaysBetween returns the number of days from a to b (negative if b is earlier).
func DaysBetween(a, b Date) int {
	return int(b.In(time.UTC).Sub(a.In(time.UTC)).Hours() / 24)
}

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

// Clock is a local time of day in minutes since midnight (0..1439).
type Clock int

// ParseClock parses "HH:MM" (00:00 to 23:59).
func ParseClock(s string) (Clock, error) {
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("%q is not a time of the form HH:MM", s)
	}
	if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, fmt.Errorf("%q is not a time of the form HH:MM", s)
	}
	return Clock(h*60 + m), nil
}

// String formats the clock as HH:MM.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// LocalLayout is the minute-precision local time format of scenario files.
const LocalLayout = "2006-01-02T15:04"

// ParseLocal parses a local time "YYYY-MM-DDTHH:MM" (seconds optional) in loc.
func ParseLocal(s string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{LocalLayout, "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a local time of the form YYYY-MM-DDTHH:MM", s)
}

// LoadLocation loads an IANA time zone, defaulting to DefaultTimeZone for "".
func LoadLocation(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultTimeZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	return loc, nil
}

// CeilMinutes returns d in whole minutes, rounded up (RULES.md: every
// duration is reported in whole minutes rounded up). Negative durations
// round towards zero.
func CeilMinutes(d time.Duration) int {
	if d <= 0 {
		return int(d / time.Minute)
	}
	return int((d + time.Minute - 1) / time.Minute)
}
