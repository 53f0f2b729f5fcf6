package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"shiftguard/roster"
)

// Number formats of the date, date-time and time cells.
const (
	fmtDate     = "yyyy-mm-dd"
	fmtDateTime = "yyyy-mm-dd hh:mm"
	fmtTime     = "hh:mm"
	fmtHours    = "0.00"
)

// book wraps an excelize file with a style cache (each style is created
// once per workbook) and keeps the first error so that the writers read as
// a list of cells.
type book struct {
	f      *excelize.File
	lang   string
	styles map[string]int
	err    error
}

// newBook returns a workbook whose first sheet is named sheet.
func newBook(lang, sheet string) *book {
	b := &book{f: excelize.NewFile(), lang: lang, styles: map[string]int{}}
	b.check(b.f.SetSheetName("Sheet1", sheet))
	return b
}

func (b *book) check(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

// style returns the id of the style named key, creating it from mk the
// first time.
func (b *book) style(key string, mk func() *excelize.Style) int {
	if id, ok := b.styles[key]; ok {
		return id
	}
	id, err := b.f.NewStyle(mk())
	b.check(err)
	b.styles[key] = id
	return id
}

var thinBorder = []excelize.Border{
	{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
	{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1},
}

func solid(color string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
}

func strp(s string) *string { return &s }

// Common styles.
func (b *book) titleStyle() int {
	return b.style("title", func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Vertical: "center"}}
	})
}

func (b *book) subtitleStyle() int {
	return b.style("subtitle", func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Color: "595959"}}
	})
}

func (b *book) headerStyle() int {
	return b.style("header", func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: solid("DDEBF7"), Border: thinBorder,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}
	})
}

func (b *book) textStyle() int {
	return b.style("text", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, Alignment: &excelize.Alignment{Vertical: "top"}}
	})
}

func (b *book) wrapStyle() int {
	return b.style("wrap", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}
	})
}

func (b *book) intStyle() int {
	return b.style("int", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top"}}
	})
}

func (b *book) hoursStyle() int {
	return b.style("hours", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, CustomNumFmt: strp(fmtHours), Alignment: &excelize.Alignment{Vertical: "top"}}
	})
}

func (b *book) dateStyle() int {
	return b.style("date", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, CustomNumFmt: strp(fmtDate), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}
	})
}

func (b *book) dateTimeStyle() int {
	return b.style("datetime", func() *excelize.Style {
		return &excelize.Style{Border: thinBorder, CustomNumFmt: strp(fmtDateTime), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}
	})
}

// cell returns the A1 name of column col (1-based) and row.
func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// colName returns the letters of column col (1-based).
func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// set writes v into sheet at (col, row) with style (0: none).
func (b *book) set(sheet string, col, row int, v any, style int) {
	ref := cell(col, row)
	b.check(b.f.SetCellValue(sheet, ref, v))
	if style != 0 {
		b.check(b.f.SetCellStyle(sheet, ref, ref, style))
	}
}

// titled writes the title and a subtitle line in rows 1 and 2 across
// width columns.
func (b *book) titled(sheet, title, subtitle string, width int) {
	b.set(sheet, 1, 1, title, b.titleStyle())
	b.check(b.f.SetRowHeight(sheet, 1, 24))
	if subtitle != "" {
		b.set(sheet, 1, 2, subtitle, b.subtitleStyle())
	}
	if width > 1 {
		b.check(b.f.MergeCell(sheet, "A1", cell(width, 1)))
		if subtitle != "" {
			b.check(b.f.MergeCell(sheet, "A2", cell(width, 2)))
		}
	}
}

// period returns the subtitle "期间: from 至 to  中心: center".
func period(lang, center string, from, to roster.Date) string {
	s := fmt.Sprintf("%s: %s %s %s", T(lang, "label.period"), from, T(lang, "label.to"), to)
	if center != "" {
		s += fmt.Sprintf("    %s: %s", T(lang, "label.center"), center)
	}
	return s
}

// column describes a column of a table sheet.
type column struct {
	key   string  // label key of the header
	width float64 // character width
	style int     // data style
}

// table writes a header row at headerRow with the columns' labels, sets
// widths, freezes the rows above the data and optionally adds an
// autofilter over the header and nRows data rows.
func (b *book) table(sheet string, headerRow int, cols []column, nRows int, filter bool) {
	hs := b.headerStyle()
	for i, c := range cols {
		b.set(sheet, i+1, headerRow, T(b.lang, c.key), hs)
		b.check(b.f.SetColWidth(sheet, colName(i+1), colName(i+1), c.width))
		if nRows > 0 && c.style != 0 {
			b.check(b.f.SetCellStyle(sheet, cell(i+1, headerRow+1), cell(i+1, headerRow+nRows), c.style))
		}
	}
	b.check(b.f.SetRowHeight(sheet, headerRow, 30))
	b.check(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: cell(1, headerRow+1),
		ActivePane: "bottomLeft", Selection: []excelize.Selection{{SQRef: cell(1, headerRow+1), ActiveCell: cell(1, headerRow+1), Pane: "bottomLeft"}}}))
	if filter {
		last := headerRow + nRows
		b.check(b.f.AutoFilter(sheet, cell(1, headerRow)+":"+cell(len(cols), last), nil))
	}
	b.printSetup(sheet, fmt.Sprintf("$%d:$%d", headerRow, headerRow), "")
}

// printSetup sets landscape A4 fitted to one page wide and repeats the
// given rows (e.g. "$3:$3") and columns (e.g. "$A:$C") on every page.
func (b *book) printSetup(sheet, rows, cols string) {
	orient, size, one, zero := "landscape", 9, 1, 0
	b.check(b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &orient, Size: &size, FitToWidth: &one, FitToHeight: &zero}))
	fit := true
	b.check(b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	l, r, t, bt := 0.4, 0.4, 0.5, 0.5
	b.check(b.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &l, Right: &r, Top: &t, Bottom: &bt}))
	b.check(b.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C&P / &N"}))
	var refs []string
	q := quoteSheet(sheet)
	if cols != "" {
		refs = append(refs, q+"!"+cols)
	}
	if rows != "" {
		refs = append(refs, q+"!"+rows)
	}
	if len(refs) > 0 {
		b.check(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: strings.Join(refs, ","), Scope: sheet}))
	}
}

// quoteSheet quotes a sheet name for a formula reference.
func quoteSheet(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// save writes the workbook to w.
func (b *book) save(w io.Writer) error {
	defer b.f.Close()
	if b.err != nil {
		return b.err
	}
	_, err := b.f.WriteTo(w)
	return err
}

// excelEpoch is day 0 of Excel's 1900 date system (with its leap-year bug,
// serials from March 1900 on count from 1899-12-30).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// dateSerial returns the Excel serial number of d.
func dateSerial(d roster.Date) float64 {
	return float64(d.In(time.UTC).Sub(excelEpoch)/time.Hour) / 24
}

// timeSerial returns the Excel serial number of t's wall clock in its own
// location (Excel has no time zones: the cell shows the local time).
func timeSerial(t time.Time) float64 {
	_, off := t.Zone()
	return float64(t.Unix()+int64(off))/86400 + 25569
}

// textLines estimates how many lines text takes in a wrapped column of
// width characters (a CJK character is two wide).
func textLines(text string, width float64) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		w := 0.0
		for _, r := range line {
			if r >= 0x2E80 {
				w += 2
			} else {
				w++
			}
		}
		n += 1 + int(w/(width*1.1))
	}
	return n
}

// fitRow makes row tall enough for the wrapped texts of the given columns
// (LibreOffice does not grow rows by itself when it opens a file).
func (b *book) fitRow(sheet string, row int, cols []column, values map[int]string) {
	most := 1
	for i, v := range values {
		most = max(most, textLines(v, cols[i].width))
	}
	if most > 1 {
		b.check(b.f.SetRowHeight(sheet, row, min(float64(most)*15+2, 409)))
	}
}
