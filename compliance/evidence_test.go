package compliance

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestFormatMatchesTime checks the cached-offset formatter against the
// time package across DST changes and far dates.
func TestFormatMatchesTime(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, name := range []string{"Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "UTC"} {
		loc := mustLoc(t, name)
		e := &evaluator{loc: loc}
		lo := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
		hi := time.Date(2199, 12, 31, 0, 0, 0, 0, time.UTC).UnixNano()
		check := func(ns int64) {
			want := time.Unix(0, ns).In(loc).Format("2006-01-02 15:04:05")
			if got := e.stamp(ns); got != want {
				t.Fatalf("%s %d: got %s, want %s", name, ns, got, want)
			}
		}
		for i := 0; i < 20000; i++ {
			ns := lo + rng.Int64N(hi-lo)
			check(ns)
			check(ns + int64(rng.IntN(3600))*int64(time.Second)) // near the previous one: the cache is used
		}
		// Every minute around New York's 2026 DST end.
		start := time.Date(2026, 11, 1, 4, 0, 0, 0, time.UTC)
		for m := 0; m < 240; m++ {
			check(start.Add(time.Duration(m)*time.Minute + 30*time.Second).UnixNano())
		}
	}
	e := &evaluator{loc: time.UTC}
	if got := e.clock(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC).UnixNano()); got != "2026-11-02 08:00" {
		t.Errorf("clock without seconds: %s", got)
	}
	if got := e.clock(time.Date(2026, 11, 2, 8, 0, 0, 5, time.UTC).UnixNano()); got != "2026-11-02 08:00:00" {
		t.Errorf("clock with a fraction: %s", got)
	}
}
