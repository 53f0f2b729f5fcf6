package store

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"shiftguard/compliance"
	"shiftguard/roster"
)

// FuzzDecodePolicy: a stored policy of any shape (older versions lack
// keys) decodes or fails, never panics, and a decoded one re-encodes to
// the same policy.
func FuzzDecodePolicy(f *testing.F) {
	b, _ := json.Marshal(compliance.DefaultPolicy())
	f.Add(string(b))
	f.Add(`{"version": 3, "break_after_min": 120}`)
	f.Add(`{"points": {"LATE": 5}}`)
	f.Add(`{}`)
	f.Add(`[1,2]`)
	f.Fuzz(func(t *testing.T, js string) {
		p, err := decodePolicy(js)
		if err != nil {
			return
		}
		if p.Points == nil {
			t.Fatal("decoded policy without points")
		}
		again, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := decodePolicy(string(again))
		if err != nil || !reflect.DeepEqual(p, q) {
			t.Fatalf("round trip: %+v vs %+v (%v)", p, q, err)
		}
	})
}

// FuzzStoredDate: every date survives the column encoding, and any text
// decodes without panicking.
func FuzzStoredDate(f *testing.F) {
	f.Add(2026, 11, 2, "2026-11-02")
	f.Add(1, 1, 1, "")
	f.Add(2024, 2, 29, "2024-02-3x")
	f.Fuzz(func(t *testing.T, y, m, d int, s string) {
		_ = parseDate(s)
		_ = parseMonth(s)
		if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 28 {
			return
		}
		date := roster.NewDate(y, time.Month(m), d)
		if got := parseDate(dateText(date)); got != date {
			t.Fatalf("%v stored as %q reads back %v", date, dateText(date), got)
		}
		month := roster.MonthOf(date)
		if got := parseMonth(monthText(month)); got != month {
			t.Fatalf("%v reads back %v", month, got)
		}
	})
}
