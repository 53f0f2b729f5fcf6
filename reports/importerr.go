package reports

import (
	"fmt"
	"strings"

	"shiftguard/roster"
)

// MaxProblems is how many problems an ImportError lists.
const MaxProblems = 50

// Problem is one thing wrong with an imported file, at a cell.
type Problem struct {
	Sheet string // sheet name, or the file's base name for CSV
	Row   int    // 1-based; 0 when the problem is about the whole file
	Col   int    // 1-based; 0 when the problem is about a whole row
	Why   string // what is wrong, quoting the value
}

// String formats the problem as Sheet1!C7: why (Sheet1!7:7 for a whole
// row, Sheet1 for the whole file).
func (p Problem) String() string {
	switch {
	case p.Row > 0 && p.Col > 0:
		return fmt.Sprintf("%s!%s: %s", p.Sheet, cell(p.Col, p.Row), p.Why)
	case p.Row > 0:
		return fmt.Sprintf("%s!%d:%d: %s", p.Sheet, p.Row, p.Row, p.Why)
	}
	return fmt.Sprintf("%s: %s", p.Sheet, p.Why)
}

// ImportError lists the problems that stopped an import. An import that
// fails returns no records at all.
type ImportError struct {
	Problems []Problem // the first MaxProblems problems, in file order
	Total    int       // how many problems were found in all
}

// Error lists the problems, one a line.
func (e *ImportError) Error() string {
	var sb strings.Builder
	if e.Total == 1 {
		sb.WriteString("import failed, nothing was imported: 1 problem")
	} else {
		fmt.Fprintf(&sb, "import failed, nothing was imported: %d problems", e.Total)
	}
	if e.Total > len(e.Problems) {
		fmt.Fprintf(&sb, " (the first %d are listed)", len(e.Problems))
	}
	for _, p := range e.Problems {
		sb.WriteString("\n")
		sb.WriteString(p.String())
	}
	return sb.String()
}

// Unwrap lets roster.ErrorCode see an EINVALID error.
func (e *ImportError) Unwrap() error {
	return &roster.Error{Code: roster.EINVALID, Message: e.Error()}
}

// problems collects the problems of one import.
type problems struct {
	sheet string
	list  []Problem
	total int
}

func (ps *problems) add(row, col int, format string, args ...any) {
	ps.total++
	if len(ps.list) < MaxProblems {
		ps.list = append(ps.list, Problem{Sheet: ps.sheet, Row: row, Col: col, Why: fmt.Sprintf(format, args...)})
	}
}

func (ps *problems) err() error {
	if ps.total == 0 {
		return nil
	}
	for i := range ps.list {
		if ps.list[i].Sheet == "" {
			ps.list[i].Sheet = ps.sheet
		}
	}
	return &ImportError{Problems: ps.list, Total: ps.total}
}
