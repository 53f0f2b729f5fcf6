package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"shiftguard/roster"
	"shiftguard/store"
)

// textTable is a read-only table of text with a header row; rows come
// from the screen's slice through cell.
type textTable struct {
	*widget.Table
	headers []string
	rows    func() int
	cell    func(row, col int) string
	// OnRow runs when a row is selected.
	OnRow func(row int)
}

// newTextTable makes a table with the given column headers and widths.
func newTextTable(headers []string, widths []float32, rows func() int, cell func(row, col int) string) *textTable {
	t := &textTable{headers: headers, rows: rows, cell: cell}
	t.Table = widget.NewTableWithHeaders(
		func() (int, int) { return t.rows(), len(t.headers) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row < t.rows() {
				o.(*widget.Label).SetText(t.cell(id.Row, id.Col))
			}
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(t.headers) {
			o.(*widget.Label).SetText(t.headers[id.Col])
		}
	}
	for i, w := range widths {
		t.SetColumnWidth(i, w)
	}
	t.OnSelected = func(id widget.TableCellID) {
		if t.OnRow != nil && id.Row >= 0 && id.Row < t.rows() {
			t.OnRow(id.Row)
		}
	}
	return t
}

// reload clears the selection and redraws the rows after new data.
func (t *textTable) reload() {
	t.UnselectAll()
	t.Refresh()
}

// selectRow selects row r (as a click on it would).
func (t *textTable) selectRow(r int) {
	t.Select(widget.TableCellID{Row: r, Col: 0})
}

// employeeIndex loads the employees (inactive too) by code.
func (st *appState) employeeIndex() map[string]roster.Employee {
	out := map[string]roster.Employee{}
	emps, err := st.svc.Employees(st.ctx, st.sess, store.EmployeeFilter{IncludeInactive: true})
	if err != nil {
		return out
	}
	for _, e := range emps {
		out[e.Code] = e
	}
	return out
}

// teamOptions returns "all teams" followed by the teams.
func (st *appState) teamOptions() []string {
	teams, _ := st.svc.Teams(st.ctx, st.sess)
	return append([]string{T("filter.all_teams")}, teams...)
}

// teamOf maps the team select's value to a filter ("" for all).
func teamOf(sel *widget.Select) string {
	if sel == nil || sel.SelectedIndex() <= 0 {
		return ""
	}
	return sel.Selected
}

// isManager reports whether the session may manage (manager or admin).
func (st *appState) isManager() bool {
	return st.sess != nil && (st.sess.User.Role == roster.RoleManager || st.sess.User.Role == roster.RoleAdmin)
}

// isAgent reports whether the session is an agent's.
func (st *appState) isAgent() bool {
	return st.sess != nil && st.sess.User.Role == roster.RoleAgent
}

// isHR reports whether the session may decide discipline (hr or admin).
func (st *appState) isHR() bool {
	return st.sess != nil && (st.sess.User.Role == roster.RoleHR || st.sess.User.Role == roster.RoleAdmin)
}
