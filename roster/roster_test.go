package roster

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"2026-11-02", "2026-11-02", true},
		{"2024-02-29", "2024-02-29", true},
		{"2026-02-29", "", false},
		{"2026-02-30", "", false},
		{"2026-13-01", "", false},
		{"2026-1-02", "", false},
		{"", "", false},
	} {
		d, err := ParseDate(c.in)
		if (err == nil) != c.ok {
			t.Errorf("ParseDate(%q) error = %v, want ok=%v", c.in, err, c.ok)
			continue
		}
		if c.ok && d.String() != c.want {
			t.Errorf("ParseDate(%q) = %s, want %s", c.in, d, c.want)
		}
	}
}

func TestParseClock(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Clock
		ok   bool
	}{
		{"00:00", 0, true}, {"07:30", 450, true}, {"23:59", 1439, true},
		{"24:00", 0, false}, {"12:60", 0, false}, {"7:30", 0, false}, {"07-30", 0, false}, {"ab:cd", 0, false},
	} {
		got, err := ParseClock(c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("ParseClock(%q) = %v, %v; want %v ok=%v", c.in, got, err, c.want, c.ok)
		}
		if c.ok && got.String() != c.in {
			t.Errorf("Clock(%d).String() = %s, want %s", got, got, c.in)
		}
	}
}

func TestShiftBoundsOvernightAndDST(t *testing.T) {
	sh, _ := LoadLocation("Asia/Shanghai")
	night := ShiftType{Code: "N", Start: 23 * 60, End: 7 * 60}
	if !night.Overnight() || night.Minutes() != 480 {
		t.Fatalf("night: overnight=%v minutes=%d", night.Overnight(), night.Minutes())
	}
	s, e := night.Bounds(NewDate(2027, 2, 8), sh)
	if s.Format(LocalLayout) != "2027-02-08T23:00" || e.Format(LocalLayout) != "2027-02-09T07:00" {
		t.Errorf("night bounds %s – %s", s, e)
	}
	// end == start is a 24-hour shift.
	full := ShiftType{Code: "F", Start: 8 * 60, End: 8 * 60}
	if !full.Overnight() || full.Minutes() != 1440 {
		t.Errorf("24h shift: overnight=%v minutes=%d", full.Overnight(), full.Minutes())
	}
	// Across the US spring-forward night the instant length is 7 hours.
	ny, _ := LoadLocation("America/New_York")
	s, e = night.Bounds(NewDate(2027, 3, 13), ny)
	if got := e.Sub(s); got != 7*time.Hour {
		t.Errorf("DST night lasts %s, want 7h", got)
	}
}

func TestCeilMinutes(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want int
	}{
		{0, 0}, {time.Second, 1}, {59 * time.Second, 1}, {time.Minute, 1}, {61 * time.Second, 2}, {-30 * time.Second, 0}, {-2 * time.Minute, -2},
	} {
		if got := CeilMinutes(c.d); got != c.want {
			t.Errorf("CeilMinutes(%s) = %d, want %d", c.d, got, c.want)
		}
	}
}

func TestValidateErrorsAreCoded(t *testing.T) {
	at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name  string
		v     interface{ Validate() error }
		field string
	}{
		{"employee code", &Employee{Code: "", Name: "张三", Team: "A"}, "code"},
		{"employee name", &Employee{Code: "E1", Name: " ", Team: "A"}, "name"},
		{"employee team", &Employee{Code: "E1", Name: "张三"}, "team"},
		{"user role", &User{Username: "u1", Role: "boss"}, "role"},
		{"agent without employee", &User{Username: "u1", Role: RoleAgent}, "employee"},
		{"shift colour", &ShiftType{Code: "D", Start: 480, End: 960, Color: "red"}, "color"},
		{"shift end", &ShiftType{Code: "D", Start: 480, End: 1440}, "end"},
		{"event kind", &Event{Employee: "E1", Kind: "clock_on", At: at}, "kind"},
		{"correction reason", &Event{Employee: "E1", Kind: ClockIn, At: at, Supersedes: 7}, "reason"},
		{"leave type", &Leave{Employee: "E1", Date: NewDate(2026, 11, 2), Type: "holiday"}, "type"},
		{"post leave order", &PostLeave{Employee: "E1", From: at, To: at}, "to"},
		{"note written", &HandoverNote{Employee: "E1", Date: NewDate(2026, 11, 2), Shift: "D"}, "written_at"},
		{"mood", &DailyLog{Employee: "E1", At: at, Mood: 9}, "mood"},
		{"swap self", &SwapRequest{Requester: "E1", Other: "E1", Date: NewDate(2026, 11, 2)}, "other"},
		{"coverage", &CoverageRequirement{Shift: "D", Weekday: 9}, "weekday"},
	} {
		err := c.v.Validate()
		var e *Error
		if !errors.As(err, &e) || e.Code != EINVALID || e.Field != c.field {
			t.Errorf("%s: Validate() = %#v, want EINVALID on field %q", c.name, err, c.field)
		}
	}
	ok := []interface{ Validate() error }{
		&Employee{Code: "E01", Name: "张三", Team: "热线一组", Active: true},
		&User{Username: "admin", Role: RoleAdmin},
		&ShiftType{Code: "N", Start: 1380, End: 420, Color: "#336699"},
		&Event{Employee: "E01", Kind: BreakStart, At: at},
	}
	for _, v := range ok {
		if err := v.Validate(); err != nil {
			t.Errorf("%T: unexpected error %v", v, err)
		}
	}
}

func TestEffectiveEvents(t *testing.T) {
	at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	evs := []Event{
		{ID: 1, Employee: "E1", Kind: ClockIn, At: at},
		{ID: 2, Employee: "E1", Kind: ClockOut, At: at.Add(time.Hour)},
		{ID: 3, Employee: "E1", Kind: ClockIn, At: at.Add(-10 * time.Minute), Supersedes: 1, Reason: "clock was wrong"},
		{ID: 4, Employee: "E1", Kind: ClockOut, At: at.Add(time.Hour), Supersedes: 2, Void: true, Reason: "double punch"},
	}
	got := EffectiveEvents(evs)
	if len(got) != 1 || got[0].ID != 3 {
		t.Fatalf("EffectiveEvents = %+v, want only event 3", got)
	}
}

func TestMonth(t *testing.T) {
	m := MonthOf(NewDate(2028, 2, 10))
	if m.Days() != 29 || m.String() != "2028-02" || m.Next().String() != "2028-03" || m.Prev().String() != "2028-01" {
		t.Errorf("month %s: days %d next %s prev %s", m, m.Days(), m.Next(), m.Prev())
	}
	if DaysBetween(NewDate(2026, 12, 31), NewDate(2027, 1, 2)) != 2 {
		t.Error("DaysBetween across a year")
	}
}

func FuzzParseLocal(f *testing.F) {
	for _, s := range []string{"2026-11-02T07:40", "2026-11-02T07:40:59", "2026-02-30T00:00", "", "T"} {
		f.Add(s)
	}
	loc, _ := LoadLocation("Asia/Shanghai")
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseLocal(s, loc)
		if err == nil && tm.Location() != loc {
			t.Errorf("ParseLocal(%q) in %v", s, tm.Location())
		}
		if d, err := ParseDate(s); err == nil {
			if back, err := ParseDate(d.String()); err != nil || back != d {
				t.Errorf("ParseDate(%q) round trip: %v %v", s, back, err)
			}
		}
		if c, err := ParseClock(s); err == nil && c.String() != s {
			t.Errorf("ParseClock(%q) = %s", s, c)
		}
	})
}
