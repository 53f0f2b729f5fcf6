package autoroster

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"shiftguard/roster"
)

// ParseCurtois reads an instance in the Curtois & Qu benchmark text format
// (schedulingbenchmarks.org). Day 0 is a Monday. Errors name the line and
// the field at fault; nothing is returned on error.
func ParseCurtois(r io.Reader) (*Problem, error) {
	p := &Problem{StartWeekday: time.Monday}
	type staffLine struct {
		line int
		max  string
	}
	type pending struct {
		line   int
		fields []string
	}
	var (
		section   string
		staffMax  []staffLine
		shiftNext []pending
		daysOff   []pending
		onReq     []pending
		offReq    []pending
		cover     []pending
		sawHoriz  bool
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	lineNo := 0
	fail := func(line int, field, format string, args ...any) error {
		return roster.FieldErrorf(fmt.Sprintf("line %d: %s", line, field), format, args...)
	}
	for sc.Scan() {
		lineNo++
		text := sc.Text()
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		if strings.HasPrefix(text, "SECTION_") {
			section = text
			switch section {
			case "SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
				"SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER":
			default:
				return nil, fail(lineNo, "section", "unknown section %q", section)
			}
			continue
		}
		fields := strings.Split(text, ",")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		switch section {
		case "":
			return nil, fail(lineNo, "section", "data before any SECTION_ header")
		case "SECTION_HORIZON":
			if sawHoriz {
				return nil, fail(lineNo, "horizon", "the horizon is given twice")
			}
			n, err := strconv.Atoi(text)
			if err != nil || n <= 0 || n > 3660 {
				return nil, fail(lineNo, "horizon", "horizon must be a number of days from 1 to 3660, got %q", text)
			}
			p.Days, sawHoriz = n, true
		case "SECTION_SHIFTS":
			if len(fields) < 2 || len(fields) > 3 {
				return nil, fail(lineNo, "shift", "want ShiftID, minutes, successors; got %d fields", len(fields))
			}
			if fields[0] == "" || p.ShiftIndex(fields[0]) >= 0 {
				return nil, fail(lineNo, "shift ID", "shift ID %q is empty or repeated", fields[0])
			}
			m, err := strconv.Atoi(fields[1])
			if err != nil || m <= 0 || m > 24*60 {
				return nil, fail(lineNo, "length", "shift length must be 1 to 1440 minutes, got %q", fields[1])
			}
			p.Shifts = append(p.Shifts, Shift{ID: fields[0], Minutes: m})
			shiftNext = append(shiftNext, pending{lineNo, fields})
		case "SECTION_STAFF":
			if len(fields) != 8 {
				return nil, fail(lineNo, "staff", "want 8 fields (ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends), got %d", len(fields))
			}
			if fields[0] == "" || p.EmployeeIndex(fields[0]) >= 0 {
				return nil, fail(lineNo, "employee ID", "employee ID %q is empty or repeated", fields[0])
			}
			names := []string{"MaxTotalMinutes", "MinTotalMinutes", "MaxConsecutiveShifts", "MinConsecutiveShifts", "MinConsecutiveDaysOff", "MaxWeekends"}
			var v [6]int
			for i := range v {
				n, err := strconv.Atoi(fields[i+2])
				if err != nil || n < 0 {
					return nil, fail(lineNo, names[i], "want a non-negative number, got %q", fields[i+2])
				}
				v[i] = n
			}
			if v[1] > v[0] {
				return nil, fail(lineNo, "MinTotalMinutes", "minimum %d exceeds maximum %d", v[1], v[0])
			}
			if v[3] > v[2] && v[2] > 0 {
				return nil, fail(lineNo, "MinConsecutiveShifts", "minimum %d exceeds maximum %d", v[3], v[2])
			}
			p.Employees = append(p.Employees, Employee{
				ID: fields[0], MaxMinutes: v[0], MinMinutes: v[1], MaxConsecutive: v[2],
				MinConsecutive: v[3], MinConsecutiveOff: v[4], MaxWeekends: v[5],
			})
			staffMax = append(staffMax, staffLine{lineNo, fields[1]})
		case "SECTION_DAYS_OFF":
			daysOff = append(daysOff, pending{lineNo, fields})
		case "SECTION_SHIFT_ON_REQUESTS":
			onReq = append(onReq, pending{lineNo, fields})
		case "SECTION_SHIFT_OFF_REQUESTS":
			offReq = append(offReq, pending{lineNo, fields})
		case "SECTION_COVER":
			cover = append(cover, pending{lineNo, fields})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, roster.FieldErrorf(fmt.Sprintf("line %d", lineNo+1), "cannot read: %v", err)
	}
	if !sawHoriz {
		return nil, roster.FieldErrorf("SECTION_HORIZON", "the instance has no horizon")
	}
	if len(p.Shifts) == 0 {
		return nil, roster.FieldErrorf("SECTION_SHIFTS", "the instance has no shifts")
	}
	if len(p.Employees) == 0 {
		return nil, roster.FieldErrorf("SECTION_STAFF", "the instance has no staff")
	}
	ns := len(p.Shifts)
	p.Forbidden = make([][]bool, ns)
	for i, pd := range shiftNext {
		p.Forbidden[i] = make([]bool, ns)
		if len(pd.fields) < 3 || pd.fields[2] == "" {
			continue
		}
		for _, id := range strings.Split(pd.fields[2], "|") {
			j := p.ShiftIndex(strings.TrimSpace(id))
			if j < 0 {
				return nil, fail(pd.line, "successors", "unknown shift %q", id)
			}
			p.Forbidden[i][j] = true
		}
	}
	for e, sl := range staffMax {
		emp := &p.Employees[e]
		emp.MaxShifts = make([]int, ns)
		for i := range emp.MaxShifts {
			emp.MaxShifts[i] = -1
		}
		if sl.max == "" {
			continue
		}
		for _, part := range strings.Split(sl.max, "|") {
			kv := strings.SplitN(part, "=", 2)
			if len(kv) != 2 {
				return nil, fail(sl.line, "MaxShifts", "want ShiftID=count, got %q", part)
			}
			j := p.ShiftIndex(strings.TrimSpace(kv[0]))
			if j < 0 {
				return nil, fail(sl.line, "MaxShifts", "unknown shift %q", kv[0])
			}
			n, err := strconv.Atoi(strings.TrimSpace(kv[1]))
			if err != nil || n < 0 {
				return nil, fail(sl.line, "MaxShifts", "want a non-negative count for %s, got %q", kv[0], kv[1])
			}
			emp.MaxShifts[j] = n
		}
	}
	day := func(line int, s string) (int, error) {
		d, err := strconv.Atoi(s)
		if err != nil || d < 0 || d >= p.Days {
			return 0, fail(line, "day", "day must be 0 to %d, got %q", p.Days-1, s)
		}
		return d, nil
	}
	for _, pd := range daysOff {
		e := p.EmployeeIndex(pd.fields[0])
		if e < 0 {
			return nil, fail(pd.line, "employee ID", "unknown employee %q", pd.fields[0])
		}
		for _, f := range pd.fields[1:] {
			if f == "" {
				continue
			}
			d, err := day(pd.line, f)
			if err != nil {
				return nil, err
			}
			p.Employees[e].DaysOff = append(p.Employees[e].DaysOff, d)
		}
	}
	parseReq := func(list []pending) ([]Request, error) {
		var out []Request
		for _, pd := range list {
			if len(pd.fields) != 4 {
				return nil, fail(pd.line, "request", "want EmployeeID, Day, ShiftID, Weight; got %d fields", len(pd.fields))
			}
			e := p.EmployeeIndex(pd.fields[0])
			if e < 0 {
				return nil, fail(pd.line, "employee ID", "unknown employee %q", pd.fields[0])
			}
			d, err := day(pd.line, pd.fields[1])
			if err != nil {
				return nil, err
			}
			s := p.ShiftIndex(pd.fields[2])
			if s < 0 {
				return nil, fail(pd.line, "shift ID", "unknown shift %q", pd.fields[2])
			}
			w, err := strconv.Atoi(pd.fields[3])
			if err != nil || w < 0 {
				return nil, fail(pd.line, "weight", "want a non-negative weight, got %q", pd.fields[3])
			}
			out = append(out, Request{Employee: e, Day: d, Shift: s, Weight: w})
		}
		return out, nil
	}
	var err error
	if p.OnRequests, err = parseReq(onReq); err != nil {
		return nil, err
	}
	if p.OffRequests, err = parseReq(offReq); err != nil {
		return nil, err
	}
	for _, pd := range cover {
		if len(pd.fields) != 5 {
			return nil, fail(pd.line, "cover", "want Day, ShiftID, Requirement, UnderWeight, OverWeight; got %d fields", len(pd.fields))
		}
		d, err := day(pd.line, pd.fields[0])
		if err != nil {
			return nil, err
		}
		s := p.ShiftIndex(pd.fields[1])
		if s < 0 {
			return nil, fail(pd.line, "shift ID", "unknown shift %q", pd.fields[1])
		}
		names := []string{"requirement", "under weight", "over weight"}
		var v [3]int
		for i := range v {
			n, err := strconv.Atoi(pd.fields[i+2])
			if err != nil || n < 0 {
				return nil, fail(pd.line, names[i], "want a non-negative number, got %q", pd.fields[i+2])
			}
			v[i] = n
		}
		p.Cover = append(p.Cover, Cover{Day: d, Shift: s, Requirement: v[0], Under: v[1], Over: v[2]})
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}
