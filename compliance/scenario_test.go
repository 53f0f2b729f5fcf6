package compliance

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// expectedOutput is the part of Check's output that scenarios pin down.
type expectedOutput struct {
	Violations []struct {
		Rule     string `json:"rule"`
		Employee string `json:"employee"`
		Date     string `json:"date"`
		Shift    string `json:"shift"`
		Minutes  int    `json:"minutes"`
	} `json:"violations"`
	Points map[string]int `json:"points"`
}

// multiset returns the violations as sorted "rule employee date shift minutes" lines.
func (o *expectedOutput) multiset() []string {
	var out []string
	for _, v := range o.Violations {
		out = append(out, fmt.Sprintf("%s %s %s %s %d", v.Employee, v.Date, v.Shift, v.Rule, v.Minutes))
	}
	slices.Sort(out)
	return out
}

// compareScenario runs Check on the scenario file and compares the result
// with the .expected.json next to it, semantically.
func compareScenario(t *testing.T, file string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Check(data)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	want, err := os.ReadFile(strings.TrimSuffix(file, ".json") + ".expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var g, w expectedOutput
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("expected file: %v", err)
	}
	if gm, wm := g.multiset(), w.multiset(); !slices.Equal(gm, wm) {
		t.Errorf("violations differ\n got: %s\nwant: %s", strings.Join(gm, "\n      "), strings.Join(wm, "\n      "))
	}
	if fmt.Sprint(g.Points) != fmt.Sprint(w.Points) {
		t.Errorf("points: got %v, want %v", g.Points, w.Points)
	}
	// Sorted by employee, date, shift, rule.
	if !slices.IsSortedFunc(g.Violations, func(a, b struct {
		Rule     string `json:"rule"`
		Employee string `json:"employee"`
		Date     string `json:"date"`
		Shift    string `json:"shift"`
		Minutes  int    `json:"minutes"`
	}) int {
		return strings.Compare(a.Employee+"\x00"+a.Date+"\x00"+a.Shift+"\x00"+a.Rule, b.Employee+"\x00"+b.Date+"\x00"+b.Shift+"\x00"+b.Rule)
	}) {
		t.Errorf("violations are not sorted:\n%s", got)
	}
}

func scenarioFiles(t *testing.T, dir string) []string {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".expected.json") {
			out = append(out, f)
		}
	}
	return out
}

// TestSharedScenarios runs every public scenario of ../shared/scenarios.
func TestSharedScenarios(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "scenarios")
	if _, err := os.Stat(dir); err != nil {
		dir = "/work/shared/scenarios"
	}
	files := scenarioFiles(t, dir)
	if len(files) == 0 {
		t.Skip("no shared scenarios found")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { compareScenario(t, f) })
	}
}

// TestOwnScenarios runs the hand-derived scenarios of testdata/scenarios.
func TestOwnScenarios(t *testing.T) {
	files := scenarioFiles(t, filepath.Join("testdata", "scenarios"))
	if len(files) == 0 {
		t.Fatal("no scenarios in testdata/scenarios")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { compareScenario(t, f) })
	}
}
