package compliance

import (
	"encoding/json"
	"testing"
)

// A leave approval without a type still exempts its date: the type only
// matters for rewards, so the file is judged rather than rejected.
func TestLeaveWithoutTypeExempts(t *testing.T) {
	file := `{"shift_types":[{"code":"D","start":"08:00","end":"16:00"}],
	 "roster":[{"employee":"E1","date":"2026-11-02","shift":"D"},{"employee":"E2","date":"2026-11-02","shift":"D"}],
	 "approvals":[{"employee":"E1","kind":"leave","date":"2026-11-02"}]}`
	out, err := Check([]byte(file))
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	var res struct {
		Violations []struct{ Rule, Employee string } `json:"violations"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Violations) != 1 || res.Violations[0].Employee != "E2" || res.Violations[0].Rule != "ABSENT" {
		t.Errorf("violations = %+v, want only E2 ABSENT", res.Violations)
	}
	if _, err := Check([]byte(`{"shift_types":[{"code":"D","start":"08:00","end":"16:00"}],
	 "approvals":[{"employee":"E1","kind":"leave","type":"holiday","date":"2026-11-02"}]}`)); err == nil {
		t.Error("an unknown leave type was accepted")
	}
}
