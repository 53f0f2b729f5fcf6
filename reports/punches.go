package reports

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"shiftguard/roster"
)

// PunchMapping says which columns of a time clock's export hold what.
// Column indexes are 0-based.
type PunchMapping struct {
	EmployeeCol int
	TimeCol     int // the punch time, or only the time of day when HasDateCol
	KindCol     int
	// HasDateCol is set when the date is in a column of its own (DateCol).
	HasDateCol bool
	DateCol    int
	// TimeLayout is a Go time layout for the time cell (with DateCol: of
	// "date time" joined by a space); "" accepts YYYY-MM-DD HH:MM[:SS] with
	// '-', '/' or '.' and one- or two-digit fields, and Excel date cells.
	TimeLayout string
	// KindValues maps the kind cell's text (case-insensitive) to an event
	// kind; nil means DefaultKindValues.
	KindValues map[string]roster.EventKind
	// SkipRows is the number of non-empty rows (titles) above the header
	// or, without a header, above the first punch.
	SkipRows int
	// Header is set when the first non-empty row after SkipRows is a
	// header to skip.
	Header bool
}

// DefaultKindValues are the punch kinds Chinese and English time clocks
// write, including ZKTeco's state numbers (0 in, 1 out, 2 break out,
// 3 break in).
var DefaultKindValues = map[string]roster.EventKind{
	"上班": roster.ClockIn, "签到": roster.ClockIn, "上班签到": roster.ClockIn, "上班打卡": roster.ClockIn, "进": roster.ClockIn,
	"下班": roster.ClockOut, "签退": roster.ClockOut, "下班签退": roster.ClockOut, "下班打卡": roster.ClockOut, "出": roster.ClockOut,
	"开始休息": roster.BreakStart, "休息开始": roster.BreakStart, "休息": roster.BreakStart,
	"结束休息": roster.BreakEnd, "休息结束": roster.BreakEnd, "休息返回": roster.BreakEnd,
	"离岗": roster.LeavePost, "外出": roster.LeavePost,
	"返岗": roster.ReturnPost, "外出返回": roster.ReturnPost, "回岗": roster.ReturnPost,
	"in": roster.ClockIn, "clock in": roster.ClockIn, "clock_in": roster.ClockIn, "clockin": roster.ClockIn,
	"check in": roster.ClockIn, "check-in": roster.ClockIn, "checkin": roster.ClockIn, "c/in": roster.ClockIn, "i": roster.ClockIn,
	"out": roster.ClockOut, "clock out": roster.ClockOut, "clock_out": roster.ClockOut, "clockout": roster.ClockOut,
	"check out": roster.ClockOut, "check-out": roster.ClockOut, "checkout": roster.ClockOut, "c/out": roster.ClockOut, "o": roster.ClockOut,
	"break start": roster.BreakStart, "break_start": roster.BreakStart, "break out": roster.BreakStart,
	"break end": roster.BreakEnd, "break_end": roster.BreakEnd, "break in": roster.BreakEnd,
	"leave post": roster.LeavePost, "leave_post": roster.LeavePost,
	"return post": roster.ReturnPost, "return_post": roster.ReturnPost,
	"0": roster.ClockIn, "1": roster.ClockOut, "2": roster.BreakStart, "3": roster.BreakEnd,
}

// Header names DetectPunchMapping recognises (compared folded).
var (
	punchEmpHeaders  = []string{"工号", "员工号", "员工编号", "考勤号", "考勤号码", "人员编号", "用户编号", "用户id", "编号", "employee id", "employee no.", "employee", "emp no", "user id", "userid", "badge", "id"}
	punchTimeHeaders = []string{"打卡时间", "签到时间", "刷卡时间", "日期时间", "考勤时间", "时间", "punch time", "clock time", "check time", "checktime", "datetime", "timestamp", "time"}
	punchDateHeaders = []string{"日期", "打卡日期", "考勤日期", "date"}
	punchKindHeaders = []string{"打卡类型", "签到类型", "考勤状态", "类型", "状态", "方向", "kind", "type", "punch type", "check type", "state", "status", "direction"}
)

// DetectPunchMapping guesses the columns from a header row with common
// Chinese or English names (工号/时间/打卡类型, employee id/time/kind ...).
func DetectPunchMapping(header []string) (PunchMapping, error) {
	m := PunchMapping{Header: true}
	m.EmployeeCol = findColumn(header, punchEmpHeaders...)
	m.TimeCol = findColumn(header, punchTimeHeaders...)
	m.KindCol = findColumn(header, punchKindHeaders...)
	if d := findColumn(header, punchDateHeaders...); d >= 0 && d != m.TimeCol {
		m.HasDateCol, m.DateCol = true, d
	}
	if m.TimeCol < 0 && m.HasDateCol { // a single 日期 column holding date and time
		m.TimeCol, m.HasDateCol, m.DateCol = m.DateCol, false, 0
	}
	var missing []string
	if m.EmployeeCol < 0 {
		missing = append(missing, "employee number (工号)")
	}
	if m.TimeCol < 0 {
		missing = append(missing, "time (时间)")
	}
	if m.KindCol < 0 {
		missing = append(missing, "kind (打卡类型)")
	}
	if len(missing) > 0 {
		return m, roster.FieldErrorf("header", "no column found for %s; choose the columns by hand", strings.Join(missing, ", "))
	}
	return m, nil
}

// DetectPunchHeader finds the header among the first rows of a file (as
// ReadRows returns them: titles may come first) and guesses the mapping
// from it; SkipRows counts the rows above the header.
func DetectPunchHeader(rows [][]string) (PunchMapping, error) {
	var first error
	for i, r := range rows {
		m, err := DetectPunchMapping(r)
		if err == nil {
			m.SkipRows = i
			return m, nil
		}
		if first == nil {
			first = err
		}
	}
	if first == nil {
		first = roster.Errorf(roster.EINVALID, "the file is empty")
	}
	return PunchMapping{}, first
}

// Validate checks the mapping's columns.
func (m *PunchMapping) Validate() error {
	cols := []int{m.EmployeeCol, m.TimeCol, m.KindCol}
	if m.HasDateCol {
		cols = append(cols, m.DateCol)
	}
	for i, c := range cols {
		if c < 0 || c > 16383 {
			return roster.FieldErrorf("mapping", "column %d is out of range", c)
		}
		for _, o := range cols[:i] {
			if o == c {
				return roster.FieldErrorf("mapping", "column %s is mapped twice", colName(c+1))
			}
		}
	}
	return nil
}

// ReadHeader returns the first non-empty row of an .xlsx or CSV file, for
// DetectPunchMapping and a column-mapping dialog.
func ReadHeader(name string, r io.Reader) ([]string, error) {
	rows, err := ReadRows(name, r, 1)
	if err != nil {
		return nil, err
	}
	return rows[0], nil
}

// ReadRows returns the first max non-empty rows of an .xlsx or CSV file
// (the header and a preview for a column-mapping dialog).
func ReadRows(name string, r io.Reader, max int) ([][]string, error) {
	var rows [][]string
	_, err := readTable(name, r, nil, func(_ int, cells []string) {
		if len(rows) < max && !blank(cells) {
			rows = append(rows, append([]string(nil), cells...))
		}
	})
	if err == nil && len(rows) == 0 {
		err = roster.Errorf(roster.EINVALID, "the file is empty")
	}
	return rows, err
}

// PunchImportOptions are the context of a punch import.
type PunchImportOptions struct {
	Location   *time.Location    // the center's time zone (nil: UTC)
	Employees  []roster.Employee // known employees; nil accepts any valid number
	RecordedBy string            // user name stored on each event
}

// ImportPunches reads a time clock's punches (.xlsx or CSV, UTF-8 or GBK)
// with mapping m and returns them as events with Source "import", local
// times read in opt.Location. On any problem it returns an *ImportError
// listing the first 50 and no events.
func ImportPunches(name string, r io.Reader, m PunchMapping, opt PunchImportOptions) ([]roster.Event, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	loc := opt.Location
	if loc == nil {
		loc = time.UTC
	}
	kinds := DefaultKindValues
	if m.SkipRows < 0 {
		return nil, roster.FieldErrorf("mapping", "rows to skip cannot be negative")
	}
	if m.KindValues != nil {
		kinds = make(map[string]roster.EventKind, 2*len(m.KindValues))
		for k, v := range m.KindValues {
			if !v.Valid() {
				return nil, roster.FieldErrorf("mapping", "%q is mapped to %q, which is not an event kind", k, v)
			}
			kinds[strings.TrimSpace(k)] = v
			kinds[strings.ToLower(strings.TrimSpace(k))] = v
		}
	}
	var known map[string]string
	if opt.Employees != nil {
		known = make(map[string]string, len(opt.Employees))
		for _, e := range opt.Employees {
			known[e.Code] = e.Code
		}
	}
	if m.Header {
		m.SkipRows++
	}
	label := fileLabel(name)
	data, err := readAll(label, r)
	if err != nil {
		return nil, err
	}
	var (
		ps     problems
		out    []roster.Event
		skip   = m.SkipRows
		joined []byte
	)
	if !isXLSX(data) { // one event a line: allocate once
		out = make([]roster.Event, 0, bytes.Count(data, []byte{'\n'})+1)
	}
	sheet, err := readTableData(label, data, nil, func(row int, cells []string) {
		if blank(cells) {
			return
		}
		if skip > 0 {
			skip--
			return
		}
		ok := true
		code := field(cells, m.EmployeeCol)
		switch {
		case !validCode(code):
			ps.add(row, m.EmployeeCol+1, "%q is not an employee number", code)
			ok = false
		case known != nil:
			if c, found := known[code]; found {
				code = c // share one string per employee
			} else {
				ps.add(row, m.EmployeeCol+1, "employee %q is not known", code)
				ok = false
			}
		}
		ts := field(cells, m.TimeCol)
		var at time.Time
		var good bool
		if m.HasDateCol {
			at, good = parsePunchTime(ts, m.TimeLayout, loc)
			if !good {
				joined = append(append(append(joined[:0], field(cells, m.DateCol)...), ' '), ts...)
				at, good = parsePunchTime(string(joined), m.TimeLayout, loc)
				if !good {
					at, good = joinExcelDateTime(field(cells, m.DateCol), ts, loc)
				}
			}
		} else {
			at, good = parsePunchTime(ts, m.TimeLayout, loc)
		}
		if !good {
			ps.add(row, m.TimeCol+1, "%q is not a time", ts)
			ok = false
		}
		ks := field(cells, m.KindCol)
		kind, found := kinds[ks]
		if !found {
			kind, found = kinds[strings.ToLower(ks)]
		}
		if !found {
			ps.add(row, m.KindCol+1, "%q is not a punch kind (上班/下班/in/out ...)", ks)
			ok = false
		}
		if ok && ps.total == 0 {
			out = append(out, roster.Event{Employee: code, Kind: kind, At: at, RecordedBy: opt.RecordedBy, Source: roster.SourceImport})
		}
	})
	if err != nil {
		return nil, err
	}
	ps.sheet = sheet
	if err := ps.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// validCode is roster.ValidCode without the regular expression.
func validCode(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case i > 0 && (c == '_' || c == '.' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// parsePunchTime reads a local time with layout, or without a layout in the
// forms YYYY-MM-DD HH:MM[:SS[.fff]] ('-', '/' or '.' between the date's
// fields, ' ' or 'T' before the time) or as an Excel serial number.
func parsePunchTime(s, layout string, loc *time.Location) (time.Time, bool) {
	if layout != "" {
		t, err := time.ParseInLocation(layout, s, loc)
		return t, err == nil
	}
	if t, ok := parseLooseTime(s, loc); ok {
		return t, true
	}
	return excelSerialTime(s, loc)
}

// excelSerialTime reads an Excel date-time serial as a wall clock in loc.
func excelSerialTime(s string, loc *time.Location) (time.Time, bool) {
	if s == "" || (s[0] < '0' || s[0] > '9') {
		return time.Time{}, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 1 || f > 2958465 {
		return time.Time{}, false
	}
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return time.Time{}, false
	}
	t = t.Round(time.Second)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc), true
}

// joinExcelDateTime reads a date cell and a time-of-day cell written as
// Excel serials (whole days and a fraction of a day) or text.
func joinExcelDateTime(ds, ts string, loc *time.Location) (time.Time, bool) {
	d, ok := parseDateCell(ds)
	if !ok {
		return time.Time{}, false
	}
	if f, err := strconv.ParseFloat(ts, 64); err == nil && f >= 0 && f < 1 {
		sec := int(f*86400 + 0.5)
		return time.Date(d.Year, d.Month, d.Day, 0, 0, sec, 0, loc), true
	}
	return parseLooseTime(d.String()+" "+ts, loc)
}

// parseLooseTime parses YYYY-M-D H:MM[:SS[.fff]] without allocating.
func parseLooseTime(s string, loc *time.Location) (time.Time, bool) {
	i := 0
	num := func(min, max int) (int, bool) {
		start, v := i, 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' && i-start < max {
			v = v*10 + int(s[i]-'0')
			i++
		}
		return v, i-start >= min
	}
	sep := func(allowed string) bool {
		if i < len(s) && strings.IndexByte(allowed, s[i]) >= 0 {
			i++
			return true
		}
		return false
	}
	y, ok := num(4, 4)
	if !ok || !sep("-/.") {
		return time.Time{}, false
	}
	dsep := s[i-1]
	mo, ok := num(1, 2)
	if !ok || i >= len(s) || s[i] != dsep {
		return time.Time{}, false
	}
	i++
	d, ok := num(1, 2)
	if !ok || !sep(" T") {
		return time.Time{}, false
	}
	for i < len(s) && s[i] == ' ' {
		i++
	}
	h, ok := num(1, 2)
	if !ok || !sep(":") {
		return time.Time{}, false
	}
	mi, ok := num(2, 2)
	if !ok {
		return time.Time{}, false
	}
	sec := 0
	if sep(":") {
		if sec, ok = num(2, 2); !ok {
			return time.Time{}, false
		}
		if sep(".") {
			if _, ok = num(1, 9); !ok {
				return time.Time{}, false
			}
		}
	}
	if i != len(s) || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	if d > roster.NewDate(y, time.Month(mo)+1, 0).Day {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc), true
}
