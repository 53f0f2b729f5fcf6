package reports

import (
	"io"
	"strings"

	"shiftguard/roster"
)

// Header names recognised by the employee importer (compared folded).
var (
	hdrCode   = []string{"工号", "员工号", "员工编号", "编号", "employee no.", "employee no", "employee number", "employee id", "employee code", "emp no", "code", "id"}
	hdrName   = []string{"姓名", "名字", "员工姓名", "name", "employee name", "full name"}
	hdrTeam   = []string{"班组", "组别", "小组", "部门", "team", "group", "department"}
	hdrActive = []string{"在职", "状态", "是否在职", "有效", "active", "status", "enabled"}
)

// ImportEmployees reads employees from an .xlsx workbook or a CSV file whose
// first non-empty row is a header naming the columns 工号/employee no.,
// 姓名/name, 班组/team and optionally active (是/否, 1/0, true/false; empty
// means active). Every row is validated; on any problem it returns an
// *ImportError and no employees.
func ImportEmployees(name string, r io.Reader) ([]roster.Employee, error) {
	var (
		ps                  problems
		out                 []roster.Employee
		header              bool
		cCode, cName, cTeam = -1, -1, -1
		cActive             = -1
		seen                = map[string]int{}
		tried, firstRow     int
		firstMissing        []string
	)
	sheet, err := readTable(name, r, []string{T(LangZH, "sheet.employees"), T(LangEN, "sheet.employees")}, func(row int, cells []string) {
		if blank(cells) {
			return
		}
		if !header {
			cCode, cName, cTeam = findColumn(cells, hdrCode...), findColumn(cells, hdrName...), findColumn(cells, hdrTeam...)
			cActive = findColumn(cells, hdrActive...)
			if cCode >= 0 && cName >= 0 && cTeam >= 0 {
				header = true
				return
			}
			tried++
			if tried == 1 {
				firstRow, firstMissing = row, missingColumns(cCode, cName, cTeam)
			}
			if tried == maxTitleRows { // give up: report the first row as the header
				header = true
				for _, m := range firstMissing {
					ps.add(firstRow, 0, "the header has no column %s", m)
				}
				cCode = -1
			}
			return
		}
		if cCode < 0 || cName < 0 || cTeam < 0 {
			return
		}
		e := roster.Employee{Code: field(cells, cCode), Name: field(cells, cName), Team: field(cells, cTeam), Active: true}
		if cActive >= 0 {
			v := field(cells, cActive)
			a, ok := parseBool(v)
			if !ok {
				ps.add(row, cActive+1, "%q is not yes or no", v)
			}
			e.Active = a
		}
		if err := e.Validate(); err != nil {
			col := cCode
			if fe, ok := err.(*roster.Error); ok {
				switch fe.Field {
				case "name":
					col = cName
				case "team":
					col = cTeam
				}
				ps.add(row, col+1, "%s", fe.Message)
			} else {
				ps.add(row, col+1, "%s", err.Error())
			}
			return
		}
		if prev, dup := seen[e.Code]; dup {
			ps.add(row, cCode+1, "employee number %q is already on row %d", e.Code, prev)
			return
		}
		seen[e.Code] = row
		out = append(out, e)
	})
	if err != nil {
		return nil, err
	}
	ps.sheet = sheet
	switch {
	case !header && tried == 0:
		ps.add(0, 0, "the file has no header row")
	case !header:
		for _, m := range firstMissing {
			ps.add(firstRow, 0, "the header has no column %s", m)
		}
	case len(out) == 0 && ps.total == 0:
		ps.add(0, 0, "the file has no employees below its header")
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// maxTitleRows is how many non-empty rows an import looks through for its
// header (a title or a date line may come first).
const maxTitleRows = 5

// missingColumns names the required employee columns not found.
func missingColumns(code, name, team int) []string {
	var out []string
	for _, c := range []struct {
		i    int
		name string
	}{{code, "工号/employee no."}, {name, "姓名/name"}, {team, "班组/team"}} {
		if c.i < 0 {
			out = append(out, c.name)
		}
	}
	return out
}

// RosterImportOptions say what a roster grid may contain.
type RosterImportOptions struct {
	// ShiftTypes are the known shift codes; nil accepts any valid code.
	ShiftTypes []roster.ShiftType
	// Employees are the known employee numbers; nil accepts any valid number.
	Employees []roster.Employee
}

// RosterGrid is what a roster grid holds: its employees (rows), dates
// (columns) and assignments.
type RosterGrid struct {
	Employees   []string      // employee numbers, in row order
	Dates       []roster.Date // in column order
	Assignments []roster.Assignment
}

// ImportRoster returns the assignments of a roster grid; see ImportRosterGrid.
func ImportRoster(name string, r io.Reader, opt RosterImportOptions) ([]roster.Assignment, error) {
	g, err := ImportRosterGrid(name, r, opt)
	if err != nil {
		return nil, err
	}
	return g.Assignments, nil
}

// ImportRosterGrid reads a roster grid in the layout WriteRoster writes (a
// header row with 工号/Employee no. and one date per day column; one row per
// employee; a cell holds shift codes joined by "+", possibly followed by a
// leave name, or a leave name alone, or 休/Off, or nothing) and returns its
// assignments in row then day order. The grid ends at the first row without
// an employee number after the employees. On any problem it returns an
// *ImportError and no assignments.
func ImportRosterGrid(name string, r io.Reader, opt RosterImportOptions) (*RosterGrid, error) {
	shiftOK := func(c string) bool { return roster.ValidCode(c) }
	if opt.ShiftTypes != nil {
		known := map[string]bool{}
		for _, st := range opt.ShiftTypes {
			known[st.Code] = true
		}
		shiftOK = func(c string) bool { return known[c] }
	}
	empOK := func(c string) bool { return roster.ValidCode(c) }
	if opt.Employees != nil {
		known := map[string]bool{}
		for _, e := range opt.Employees {
			known[e.Code] = true
		}
		empOK = func(c string) bool { return known[c] }
	}
	leaveWords := map[string]bool{}
	for _, t := range roster.LeaveTypes {
		leaveWords[strings.ToLower(leaveLabel(LangZH, t))] = true
		leaveWords[strings.ToLower(leaveLabel(LangEN, t))] = true
		leaveWords[string(t)] = true
	}
	restWords := map[string]bool{"休": true, "off": true, "-": true, "/": true}

	var (
		ps       problems
		out      []roster.Assignment
		codeCol  = -1
		dayCols  []int
		dates    []roster.Date
		started  bool
		done     bool
		seen     = map[string]int{}
		seenDate = map[roster.Date]int{}
		emps     []string
	)
	sheet, err := readTable(name, r, []string{T(LangZH, "sheet.roster"), T(LangEN, "sheet.roster")}, func(row int, cells []string) {
		if done {
			return
		}
		if codeCol < 0 {
			codeCol = findColumn(cells, "工号", "employee no.")
			if codeCol < 0 {
				return
			}
			for c := codeCol + 1; c < len(cells); c++ {
				d, ok := parseDateCell(cells[c])
				if !ok {
					continue
				}
				if prev, dup := seenDate[d]; dup {
					ps.add(row, c+1, "date %s is already in column %s", d, colName(prev+1))
					continue
				}
				seenDate[d] = c
				dayCols, dates = append(dayCols, c), append(dates, d)
			}
			if len(dayCols) == 0 {
				ps.add(row, codeCol+1, "the header row has no dates after the employee-number column")
			}
			return
		}
		code := field(cells, codeCol)
		if code == "" {
			if started {
				done = true
			}
			return
		}
		started = true
		switch {
		case !roster.ValidCode(code):
			ps.add(row, codeCol+1, "%q is not an employee number", code)
			return
		case !empOK(code):
			ps.add(row, codeCol+1, "employee %q is not known", code)
			return
		}
		if prev, dup := seen[code]; dup {
			ps.add(row, codeCol+1, "employee %q is already on row %d", code, prev)
			return
		}
		seen[code] = row
		emps = append(emps, code)
		for i, c := range dayCols {
			v := field(cells, c)
			if v == "" || restWords[strings.ToLower(v)] {
				continue
			}
			words := strings.Fields(v)
			if leaveWords[strings.ToLower(words[0])] {
				if len(words) > 1 {
					ps.add(row, c+1, "%q: a leave cell cannot hold anything else", v)
				}
				continue
			}
			for _, w := range words[1:] {
				if !leaveWords[strings.ToLower(w)] {
					ps.add(row, c+1, "%q: %q is not a leave type", v, w)
				}
			}
			for _, s := range strings.Split(words[0], shiftSep) {
				if !shiftOK(s) {
					ps.add(row, c+1, "%q is not a known shift code", s)
					continue
				}
				out = append(out, roster.Assignment{Employee: code, Date: dates[i], Shift: s})
			}
		}
	})
	if err != nil {
		return nil, err
	}
	ps.sheet = sheet
	if codeCol < 0 {
		ps.add(0, 0, "no header row with a 工号/Employee no. column was found")
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return &RosterGrid{Employees: emps, Dates: dates, Assignments: out}, nil
}
