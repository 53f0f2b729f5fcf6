package compliance

import (
	"slices"
	"testing"
	"time"

	"shiftguard/roster"
)

func rec(emp string, d roster.Date, r Rule, points int, status Status) Record {
	return Record{Violation: Violation{Rule: r, Employee: emp, Date: d, Shift: "D", Points: points}, Status: status}
}

func TestStanding(t *testing.T) {
	p := DefaultPolicy()
	asOf := roster.NewDate(2026, 11, 30)
	first := asOf.AddDays(-89) // 90 days ending asOf: 2026-09-01
	superseded := rec("E1", asOf, Late, 50, StatusOpen)
	superseded.Superseded = true
	records := []Record{
		rec("E1", asOf, Late, 2, StatusOpen),
		rec("E1", first, Absent, 10, StatusConfirmed),
		rec("E1", first.AddDays(-1), Absent, 10, StatusConfirmed), // 91 days ago: out
		rec("E1", asOf.AddDays(1), Absent, 10, StatusOpen),        // after asOf: out
		rec("E1", asOf, LeftPost, 5, StatusWaived),                // waived: no points
		superseded,
	}
	manual := []Reward{
		{Employee: "E1", Kind: ManualPenalty, Date: asOf.AddDays(-3), Points: 4, Reason: "rude"},
		{Employee: "E1", Kind: ManualPenalty, Date: asOf.AddDays(-3), Points: 7, Reason: "x", Revoked: true},
		{Employee: "E1", Kind: ManualPenalty, Date: first.AddDays(-1), Points: 7, Reason: "old"},
		{Employee: "E1", Kind: ManualReward, Date: asOf, Points: 9, Reason: "great"},
		{Employee: "E1", Kind: ManualPenalty, AwardedAt: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC), Points: 1, Reason: "no date"},
	}
	if got := Standing(records, manual, p, asOf); got != 2+10+4+1 {
		t.Errorf("standing %d, want 17", got)
	}
	p.PointsWindowDays = 1
	if got := Standing(records, nil, p, asOf); got != 2 {
		t.Errorf("1-day window: %d, want 2", got)
	}
}

func TestLevelFor(t *testing.T) {
	p := DefaultPolicy()
	for _, c := range []struct {
		points int
		want   Level
	}{{0, LevelNone}, {4, LevelNone}, {5, LevelVerbal}, {9, LevelVerbal}, {10, LevelWritten}, {19, LevelWritten},
		{20, LevelPenalty}, {39, LevelPenalty}, {40, LevelDismissal}, {400, LevelDismissal}} {
		if got := LevelFor(c.points, p); got != c.want {
			t.Errorf("LevelFor(%d) = %v, want %v", c.points, got, c.want)
		}
	}
}

func TestProposeAction(t *testing.T) {
	p := DefaultPolicy()
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	act := func(level Level, status ActionStatus, daysAgo int) DisciplineAction {
		return DisciplineAction{Employee: "E1", Level: level, Status: status, ProposedAt: now.AddDate(0, 0, -daysAgo)}
	}
	cases := []struct {
		name     string
		standing int
		existing []DisciplineAction
		want     Level // LevelNone: nil
	}{
		{"below the ladder", 4, nil, LevelNone},
		{"first step", 5, nil, LevelVerbal},
		{"highest reached level", 25, nil, LevelPenalty},
		{"already proposed at that level", 12, []DisciplineAction{act(LevelWritten, ActionProposed, 3)}, LevelNone},
		{"already confirmed above", 12, []DisciplineAction{act(LevelPenalty, ActionConfirmed, 10)}, LevelNone},
		{"lower level does not block", 12, []DisciplineAction{act(LevelVerbal, ActionConfirmed, 3)}, LevelWritten},
		{"dismissed action does not block", 12, []DisciplineAction{act(LevelWritten, ActionDismissed, 3)}, LevelWritten},
		{"revoked action does not block", 12, []DisciplineAction{act(LevelWritten, ActionRevoked, 3)}, LevelWritten},
		{"action outside the window does not block", 12, []DisciplineAction{act(LevelWritten, ActionConfirmed, 91)}, LevelWritten},
		{"another employee's action does not block", 12, []DisciplineAction{{Employee: "E2", Level: LevelWritten, Status: ActionProposed, ProposedAt: now}}, LevelWritten},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ProposeAction("E1", c.standing, c.existing, p, now)
			switch {
			case c.want == LevelNone && got != nil:
				t.Fatalf("proposed %+v, want nothing", got)
			case c.want != LevelNone && got == nil:
				t.Fatalf("nothing proposed, want level %d", c.want)
			case got != nil && (got.Level != c.want || got.Points != c.standing || got.Status != ActionProposed || got.Employee != "E1" || !got.ProposedAt.Equal(now)):
				t.Fatalf("got %+v, want level %d", got, c.want)
			}
		})
	}
}

func TestPerfectAttendanceFor(t *testing.T) {
	m := roster.Month{Year: 2026, Month: time.November}
	d := roster.NewDate(2026, 11, 10)
	asg := func(emp string, date roster.Date) roster.Assignment {
		return roster.Assignment{Employee: emp, Date: date, Shift: "D"}
	}
	assignments := []roster.Assignment{asg("A", d), asg("B", d), asg("C", d), asg("D", d), asg("E", d), asg("F", d),
		asg("G", roster.NewDate(2026, 10, 31))}
	records := []Record{
		rec("B", d, Late, 2, StatusOpen),
		rec("C", d, Late, 2, StatusWaived),
		rec("F", roster.NewDate(2026, 12, 1), Absent, 10, StatusOpen), // next month
	}
	leaves := []roster.Leave{
		{Employee: "D", Date: d.AddDays(1), Type: roster.LeaveAnnual},
		{Employee: "E", Date: d.AddDays(1), Type: roster.LeaveSick},
	}
	got := PerfectAttendanceFor(m, []string{"A", "B", "C", "D", "E", "F", "G", "H"}, assignments, records, leaves)
	// A clean; B has a violation; C's is waived; D only annual leave; E sick leave;
	// F's violation is in December; G worked only in October; H has no shift.
	if want := []string{"A", "C", "D", "F"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestServiceStarCandidates(t *testing.T) {
	m := roster.Month{Year: 2026, Month: time.November}
	d := roster.NewDate(2026, 11, 10)
	records := []Record{
		rec("B", d, Late, 2, StatusOpen),
		rec("C", d, Late, 2, StatusWaived),
		rec("D", d, NotEarly, 1, StatusOpen),
		rec("A", roster.NewDate(2026, 10, 1), Absent, 10, StatusOpen), // other month
	}
	worked := map[string]int{"A": 20, "B": 22, "C": 18, "D": 22, "E": 20}
	got := ServiceStarCandidates(m, []string{"E", "D", "C", "B", "A", "A"}, records, worked)
	var order []string
	for _, c := range got {
		order = append(order, c.Employee)
	}
	// 0 points: A (20), C (18), E (20) → A, E (20, by code), C; then D (1), B (2).
	if want := []string{"A", "E", "C", "D", "B"}; !slices.Equal(order, want) {
		t.Errorf("got %v, want %v", order, want)
	}
	if got[3].Points != 1 || got[3].Worked != 22 {
		t.Errorf("D: %+v", got[3])
	}
}
