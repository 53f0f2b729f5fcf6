package roster

import "testing"

func TestShiftPreferenceValidate(t *testing.T) {
	d := NewDate(2026, 12, 3)
	ok := ShiftPreference{Employee: "E01", Date: d, Shift: "D", On: true, Weight: PreferenceNormal}
	for _, tc := range []struct {
		name  string
		edit  func(p *ShiftPreference)
		field string // "" = valid
	}{
		{"wish to work", func(p *ShiftPreference) {}, ""},
		{"rather not", func(p *ShiftPreference) { p.On = false }, ""},
		{"day off", func(p *ShiftPreference) { p.On, p.Shift, p.Weight = false, "", PreferenceVeryImportant }, ""},
		{"no employee", func(p *ShiftPreference) { p.Employee = "" }, "employee"},
		{"bad employee", func(p *ShiftPreference) { p.Employee = "a b" }, "employee"},
		{"no date", func(p *ShiftPreference) { p.Date = Date{} }, "date"},
		{"bad shift", func(p *ShiftPreference) { p.Shift = "夜 班" }, "shift"},
		{"work without shift", func(p *ShiftPreference) { p.Shift = "" }, "shift"},
		{"weight 0", func(p *ShiftPreference) { p.Weight = 0 }, "weight"},
		{"weight 4", func(p *ShiftPreference) { p.Weight = 4 }, "weight"},
		{"long note", func(p *ShiftPreference) { p.Note = string(make([]rune, 501)) }, "note"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := ok
			tc.edit(&p)
			err := p.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			e, isErr := err.(*Error)
			if !isErr || e.Code != EINVALID || e.Field != tc.field {
				t.Fatalf("Validate() = %#v, want EINVALID on %s", err, tc.field)
			}
		})
	}
}

func TestShiftPreferenceMet(t *testing.T) {
	for _, tc := range []struct {
		p     ShiftPreference
		shift string
		met   bool
	}{
		{ShiftPreference{Shift: "D", On: true}, "D", true},
		{ShiftPreference{Shift: "D", On: true}, "N", false},
		{ShiftPreference{Shift: "D", On: true}, "", false},
		{ShiftPreference{Shift: "N"}, "N", false},
		{ShiftPreference{Shift: "N"}, "D", true},
		{ShiftPreference{Shift: "N"}, "", true},
		{ShiftPreference{}, "", true},
		{ShiftPreference{}, "D", false},
	} {
		if got := tc.p.Met(tc.shift); got != tc.met {
			t.Errorf("%+v.Met(%q) = %v, want %v", tc.p, tc.shift, got, tc.met)
		}
	}
	if !(&ShiftPreference{}).DayOff() || (&ShiftPreference{Shift: "D"}).DayOff() {
		t.Error("DayOff wrong")
	}
}
