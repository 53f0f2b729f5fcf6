package compliance

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseScenario checks that no input makes the parser or the engine
// panic, and that Check either fails or returns valid JSON with the
// required fields.
func FuzzParseScenario(f *testing.F) {
	for _, dir := range []string{filepath.Join("testdata", "malformed"), filepath.Join("testdata", "scenarios"), "/work/shared/scenarios"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte(`{"shift_types":[{"code":"N","start":"22:00","end":"06:00"}],"roster":[{"employee":"A","date":"2026-11-01","shift":"N"}],"events":[{"employee":"A","kind":"clock_in","at":"2026-11-01T22:30:15"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := Check(data)
		if err != nil {
			if out != nil {
				t.Fatalf("output with an error: %s", out)
			}
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		var res struct {
			Violations []map[string]any `json:"violations"`
			Points     map[string]int   `json:"points"`
		}
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("invalid JSON output: %v\n%s", err, out)
		}
		if res.Violations == nil || res.Points == nil {
			t.Fatalf("missing violations or points: %s", out)
		}
		for _, v := range res.Violations {
			for _, k := range []string{"rule", "employee", "date", "shift", "minutes"} {
				if _, ok := v[k]; !ok {
					t.Fatalf("violation without %s: %v", k, v)
				}
			}
			if _, ok := res.Points[v["employee"].(string)]; !ok {
				t.Fatalf("points miss employee %v", v["employee"])
			}
		}
	})
}
