package autoroster

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"shiftguard/roster"
)

func TestParseCurtoisInstance1(t *testing.T) {
	p, err := LoadFile("testdata/Instance1.txt")
	if err != nil {
		t.Fatal(err)
	}
	if p.Days != 14 || p.StartWeekday != time.Monday || len(p.Shifts) != 1 || len(p.Employees) != 8 {
		t.Fatalf("got %d days, %d shifts, %d employees", p.Days, len(p.Shifts), len(p.Employees))
	}
	a := p.Employees[0]
	if a.ID != "A" || a.MaxShifts[0] != 14 || a.MaxMinutes != 4320 || a.MinMinutes != 3360 ||
		a.MaxConsecutive != 5 || a.MinConsecutive != 2 || a.MinConsecutiveOff != 2 || a.MaxWeekends != 1 {
		t.Fatalf("employee A = %+v", a)
	}
	if len(a.DaysOff) != 1 || a.DaysOff[0] != 0 {
		t.Fatalf("A's days off = %v", a.DaysOff)
	}
	if len(p.OnRequests) != 21 || len(p.OffRequests) != 5 || len(p.Cover) != 14 {
		t.Fatalf("%d on, %d off requests, %d cover lines", len(p.OnRequests), len(p.OffRequests), len(p.Cover))
	}
	if c := p.Cover[1]; c.Day != 1 || c.Requirement != 7 || c.Under != 100 || c.Over != 1 {
		t.Fatalf("cover[1] = %+v", c)
	}
	p2, err := LoadFile("testdata/Instance2.txt")
	if err != nil {
		t.Fatal(err)
	}
	// "L,480,E": E may not follow L.
	e, l := p2.ShiftIndex("E"), p2.ShiftIndex("L")
	if !p2.Forbidden[l][e] || p2.Forbidden[e][l] || p2.Employees[p2.EmployeeIndex("D")].MaxShifts[l] != 0 {
		t.Fatalf("successions or limits of Instance2 read wrongly")
	}
}

const miniInstance = `SECTION_HORIZON
7
SECTION_SHIFTS
D,480,
N,600,D
SECTION_STAFF
A,D=7|N=2,2400,960,5,1,2,1
SECTION_DAYS_OFF
A,3
SECTION_SHIFT_ON_REQUESTS
A,0,D,2
SECTION_SHIFT_OFF_REQUESTS
A,1,N,1
SECTION_COVER
0,D,1,100,1
`

func TestParseCurtoisErrors(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"bad horizon", "\n7\n", "\nseven\n", "line 2: horizon"},
		{"zero length", "D,480,", "D,0,", "line 4: length"},
		{"unknown successor", "N,600,D", "N,600,X", "line 5: successors"},
		{"repeated shift", "N,600,D", "D,600,", "line 5: shift ID"},
		{"short staff line", "A,D=7|N=2,2400,960,5,1,2,1", "A,D=7,2400", "line 7: staff"},
		{"bad minutes", "A,D=7|N=2,2400,960,", "A,D=7|N=2,24x0,960,", "line 7: MaxTotalMinutes"},
		{"min above max", "A,D=7|N=2,2400,960,", "A,D=7|N=2,900,960,", "line 7: MinTotalMinutes"},
		{"unknown max shift", "A,D=7|N=2,", "A,D=7|Q=2,", "line 7: MaxShifts"},
		{"bad max shift", "A,D=7|N=2,", "A,D=7|N2,", "line 7: MaxShifts"},
		{"day off out of range", "A,3\n", "A,9\n", "line 9: day"},
		{"unknown employee", "A,0,D,2", "Z,0,D,2", "line 11: employee ID"},
		{"bad weight", "A,1,N,1", "A,1,N,-1", "line 13: weight"},
		{"bad request shift", "A,1,N,1", "A,1,Q,1", "line 13: shift ID"},
		{"cover fields", "0,D,1,100,1", "0,D,1,100", "line 15: cover"},
		{"cover requirement", "0,D,1,100,1", "0,D,x,100,1", "line 15: requirement"},
		{"unknown section", "SECTION_COVER", "SECTION_FOO", "line 14: section"},
		{"no horizon", "SECTION_HORIZON\n7\n", "", "SECTION_HORIZON"},
	}
	if _, err := ParseCurtois(strings.NewReader(miniInstance)); err != nil {
		t.Fatalf("mini instance: %v", err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.Replace(miniInstance, tc.old, tc.new, 1)
			if in == miniInstance {
				t.Fatalf("replacement %q not found", tc.old)
			}
			p, err := ParseCurtois(strings.NewReader(in))
			if err == nil {
				t.Fatalf("no error, got %+v", p)
			}
			if p != nil {
				t.Fatalf("a problem was returned with the error")
			}
			if roster.ErrorCode(err) != roster.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q (code %s), want it to mention %q", err, roster.ErrorCode(err), tc.want)
			}
		})
	}
}

func FuzzParseCurtois(f *testing.F) {
	f.Add(miniInstance)
	for _, name := range []string{"testdata/Instance1.txt", "testdata/Instance2.txt"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, err := ParseCurtois(bytes.NewReader([]byte(in)))
		if err != nil {
			if p != nil {
				t.Fatal("problem returned with an error")
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("parsed problem does not validate: %v", err)
		}
		if p.Days > 60 || len(p.Employees) > 20 {
			return
		}
		off := make(Solution, len(p.Employees))
		for e := range off {
			off[e] = make([]int, p.Days)
			for d := range off[e] {
				off[e][d] = Off
			}
		}
		Validate(p, off)
	})
}
