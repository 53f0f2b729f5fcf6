package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// binary returns the shiftguard binary under test: $SHIFTGUARD_BIN (the real
// cgo build, as `make scenarios` passes it) or a headless build of this package.
func binary(t *testing.T) string {
	t.Helper()
	if b := os.Getenv("SHIFTGUARD_BIN"); b != "" {
		return b
	}
	bin := filepath.Join(t.TempDir(), "shiftguard")
	cmd := exec.Command("go", "build", "-tags", "ci", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func scenarioDir() string {
	if d := os.Getenv("SHIFTGUARD_SCENARIOS"); d != "" {
		return d
	}
	return filepath.Join("..", "shared", "scenarios")
}

type checkOutput struct {
	Violations []struct {
		Rule     string `json:"rule"`
		Employee string `json:"employee"`
		Date     string `json:"date"`
		Shift    string `json:"shift"`
		Minutes  int    `json:"minutes"`
	} `json:"violations"`
	Points map[string]int `json:"points"`
}

// canonical reduces a check output to the fields RULES.md fixes, sorted, so
// that two outputs compare equal whatever the order among equal keys.
func canonical(t *testing.T, data []byte) string {
	t.Helper()
	var out checkOutput
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("output is not the JSON of RULES.md: %v\n%s", err, data)
	}
	rows := make([]string, 0, len(out.Violations))
	for _, v := range out.Violations {
		b, _ := json.Marshal(v)
		rows = append(rows, string(b))
	}
	sort.Strings(rows)
	pts, _ := json.Marshal(out.Points) // map keys are sorted by encoding/json
	return strings.Join(rows, "\n") + "\npoints " + string(pts)
}

// TestScenariosThroughBinary runs every scenario of shared/scenarios through
// `shiftguard check` and compares with its .expected.json.
func TestScenariosThroughBinary(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(scenarioDir(), "*.json"))
	var scenarios []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".expected.json") {
			scenarios = append(scenarios, f)
		}
	}
	if len(scenarios) == 0 {
		t.Fatalf("no scenarios found in %s (set SHIFTGUARD_SCENARIOS)", scenarioDir())
	}
	bin := binary(t)
	for _, f := range scenarios {
		t.Run(filepath.Base(f), func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(f, ".json") + ".expected.json")
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd := exec.Command(bin, "check", f)
			cmd.Stderr = &stderr
			got, err := cmd.Output()
			if err != nil {
				t.Fatalf("shiftguard check %s: %v\n%s", f, err, stderr.String())
			}
			if g, w := canonical(t, got), canonical(t, want); g != w {
				t.Errorf("check %s\n got: %s\nwant: %s", filepath.Base(f), g, w)
			}
		})
	}
}

// TestMalformedThroughBinary checks that a malformed scenario exits non-zero,
// prints nothing on stdout and names the field and its position on stderr.
func TestMalformedThroughBinary(t *testing.T) {
	base := `{"shift_types":[{"code":"D","start":"08:00","end":"16:00"}],
 "roster":[{"employee":"E1","date":"2026-11-02","shift":"D"}],
 "events":[{"employee":"E1","kind":"clock_in","at":"2026-11-02T07:40"}]}`
	cases := []struct {
		name, file, want string
	}{
		{"bad json", `{"shift_types": [`, "line"},
		{"unknown shift", strings.Replace(base, `"shift":"D"`, `"shift":"X"`, 1), "roster[0].shift"},
		{"bad time", strings.Replace(base, `07:40`, `25:40`, 1), "events[0].at"},
		{"bad clock", strings.Replace(base, `"08:00"`, `"8am"`, 1), "shift_types[0].start"},
		{"unknown kind", strings.Replace(base, `clock_in`, `clock_on`, 1), "events[0].kind"},
		{"impossible date", strings.Replace(base, `"date":"2026-11-02"`, `"date":"2026-02-30"`, 1), "roster[0].date"},
		{"unknown zone", strings.Replace(base, `{"shift_types"`, `{"timezone":"Mars/Olympus","shift_types"`, 1), "timezone"},
	}
	bin := binary(t)
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".json")
			if err := os.WriteFile(f, []byte(c.file), 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(bin, "check", f)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if err == nil {
				t.Fatalf("exit status 0 for a malformed file; stdout: %s", stdout.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout not empty: %q", stdout.String())
			}
			if !strings.Contains(stderr.String(), c.want) {
				t.Errorf("stderr %q does not name %q", stderr.String(), c.want)
			}
		})
	}
}

// TestExportImportThroughBinary drives export and import from the command
// line on a demo center: a report is written, a wrong password and a bad
// punch file fail with a message and write nothing.
func TestExportImportThroughBinary(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	run := func(pw string, args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "SHIFTGUARD_PASSWORD="+pw)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("", "demo", "--db", db); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	// The demo center's roster ends with the current month.
	first := time.Now().Format("2006-01") + "-01"
	last := time.Now().AddDate(0, 1, -time.Now().Day()).Format("2006-01-02")
	xlsx := filepath.Join(dir, "roster.xlsx")
	if out, err := run("manager123", "export", "roster", "--db", db, "--user", "manager", "--from", first, "--to", last, "-o", xlsx); err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	if st, err := os.Stat(xlsx); err != nil || st.Size() == 0 {
		t.Fatalf("export wrote no file: %v", err)
	}
	if out, err := run("manager123", "import", "roster", xlsx, "--db", db, "--user", "manager", "--reason", "round trip"); err != nil {
		t.Fatalf("import of the exported roster: %v\n%s", err, out)
	}
	bad := filepath.Join(dir, "bad.xlsx")
	if out, err := run("wrong-password", "export", "roster", "--db", db, "--user", "manager", "--from", first, "--to", last, "-o", bad); err == nil || !strings.Contains(out, "password") {
		t.Errorf("wrong password: err %v, output %q", err, out)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Error("a failed export left a file")
	}
	csv := filepath.Join(dir, "punches.csv")
	os.WriteFile(csv, []byte("employee,time,kind\nA001,2026-11-29 25:00,上班\n"), 0o644)
	if out, err := run("manager123", "import", "punches", csv, "--db", db, "--user", "manager"); err == nil || !strings.Contains(out, "B2") {
		t.Errorf("bad punch file: err %v, output %q (want the cell B2 named)", err, out)
	}
}

// TestSolveRepeatsThroughBinary: with --iterations or --work (a time
// limit's effort budget; here with a clock far away) the same seed gives
// the same roster on every run, on two threads; the JSON is the one
// object the issue fixes.
func TestSolveRepeatsThroughBinary(t *testing.T) {
	bin := binary(t)
	inst := filepath.Join("roster", "autoroster", "testdata", "Instance2.txt")
	run := func(seed string, limit ...string) string {
		args := append([]string{"solve", inst, "--seed", seed, "--threads", "2", "--json"}, limit...)
		out, err := exec.Command(bin, args...).Output()
		if err != nil {
			t.Fatalf("solve: %v", err)
		}
		var res struct {
			Objective int                 `json:"objective"`
			Valid     bool                `json:"valid"`
			Roster    map[string][]string `json:"roster"`
		}
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("output is not one JSON object: %v\n%s", err, out)
		}
		if !res.Valid || len(res.Roster) != 14 {
			t.Fatalf("objective %d valid %v, %d rows", res.Objective, res.Valid, len(res.Roster))
		}
		b, _ := json.Marshal(res) // without seconds_to_best, which is wall time
		return string(b)
	}
	a, b := run("7", "--iterations", "3000"), run("7", "--iterations", "3000")
	if a != b {
		t.Errorf("seed 7 gave two rosters:\n%s\n%s", a, b)
	}
	a, b = run("3", "--work", "60000000", "--time", "10m"), run("3", "--work", "60000000", "--time", "10m")
	if a != b {
		t.Errorf("seed 3 with --work gave two rosters:\n%s\n%s", a, b)
	}
	if out, err := exec.Command(bin, "solve", inst, "--iterations", "-5").CombinedOutput(); err == nil || !strings.Contains(string(out), "--iterations") {
		t.Errorf("negative --iterations: err %v, output %q", err, out)
	}
	if out, err := exec.Command(bin, "solve", inst, "--work", "-1").CombinedOutput(); err == nil || !strings.Contains(string(out), "--work") {
		t.Errorf("negative --work: err %v, output %q", err, out)
	}
}
