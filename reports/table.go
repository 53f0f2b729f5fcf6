package reports

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"shiftguard/roster"
)

// MaxImportBytes bounds the size of an imported file.
const MaxImportBytes = 512 << 20

// rowFunc receives each row of an imported table: its 1-based number and its
// cells as text (Excel cells as their raw values: dates as serial numbers).
// The slice is reused between calls.
type rowFunc func(row int, cells []string)

// readAll reads the whole import, at most MaxImportBytes, sizing the
// buffer up front when r knows its length.
func readAll(label string, r io.Reader) ([]byte, error) {
	size := 0
	switch v := r.(type) {
	case interface{ Len() int }:
		size = v.Len()
	case interface{ Stat() (fs.FileInfo, error) }:
		if st, err := v.Stat(); err == nil && st.Size() < MaxImportBytes {
			size = int(st.Size())
		}
	}
	buf := bytes.NewBuffer(make([]byte, 0, min(size, MaxImportBytes)+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(r, MaxImportBytes+1)); err != nil {
		return nil, err
	}
	if buf.Len() > MaxImportBytes {
		return nil, &ImportError{Problems: []Problem{{Sheet: label, Why: "the file is larger than 512 MB"}}, Total: 1}
	}
	return buf.Bytes(), nil
}

// fileLabel is the name problems give a CSV file: its base name without
// extension.
func fileLabel(name string) string {
	label := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	if label == "" || label == "." || label == string(filepath.Separator) {
		label = "file"
	}
	return label
}

// isXLSX reports whether data is a zip archive, as .xlsx workbooks are.
func isXLSX(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// readTable reads an .xlsx workbook (recognised by its content) or a CSV
// file and calls fn for every row of its first sheet (or the first of
// preferSheets it has). It returns the sheet name used in problems: the
// sheet's name, or the CSV file's base name. A file that cannot be read at
// all yields an *ImportError.
func readTable(name string, r io.Reader, preferSheets []string, fn rowFunc) (string, error) {
	label := fileLabel(name)
	data, err := readAll(label, r)
	if err != nil {
		return label, err
	}
	return readTableData(label, data, preferSheets, fn)
}

// readTableData is readTable over the file's bytes.
func readTableData(label string, data []byte, preferSheets []string, fn rowFunc) (string, error) {
	if isXLSX(data) {
		return readXLSX(label, data, preferSheets, fn)
	}
	return label, readCSV(label, data, fn)
}

// readXLSX calls fn for every row of the first sheet named in prefer, else
// the first sheet.
func readXLSX(label string, data []byte, prefer []string, fn rowFunc) (sheet string, err error) {
	defer func() { // a malformed workbook must not bring the app down
		if p := recover(); p != nil {
			err = &ImportError{Problems: []Problem{{Sheet: label, Why: "the file is not a readable Excel workbook"}}, Total: 1}
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return label, &ImportError{Problems: []Problem{{Sheet: label, Why: "the file is not a readable Excel workbook: " + err.Error()}}, Total: 1}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return label, &ImportError{Problems: []Problem{{Sheet: label, Why: "the workbook has no sheets"}}, Total: 1}
	}
	sheet = sheets[0]
	for _, p := range prefer {
		if idx, _ := f.GetSheetIndex(p); idx >= 0 {
			sheet = p
			break
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return sheet, &ImportError{Problems: []Problem{{Sheet: sheet, Why: "the sheet cannot be read: " + err.Error()}}, Total: 1}
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return sheet, &ImportError{Problems: []Problem{{Sheet: sheet, Row: n, Why: "the row cannot be read: " + err.Error()}}, Total: 1}
		}
		fn(n, cells)
	}
	if err := rows.Error(); err != nil {
		return sheet, &ImportError{Problems: []Problem{{Sheet: sheet, Why: "the sheet cannot be read: " + err.Error()}}, Total: 1}
	}
	return sheet, nil
}

// readCSV decodes data (UTF-8 with or without BOM, else GBK as Chinese time
// clocks write it), guesses the delimiter from the first line and calls fn
// for every record.
func readCSV(label string, data []byte, fn rowFunc) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) { // Excel's "Unicode text"
		dec, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return &ImportError{Problems: []Problem{{Sheet: label, Why: "the file is not valid UTF-16 text"}}, Total: 1}
		}
		data = dec
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return &ImportError{Problems: []Problem{{Sheet: label, Why: "the file is not a CSV text file"}}, Total: 1}
	}
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(dec) {
			return &ImportError{Problems: []Problem{{Sheet: label, Why: "the file is neither UTF-8 nor GBK text"}}, Total: 1}
		}
		data = dec
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = guessDelimiter(data)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &ImportError{Problems: []Problem{{Sheet: label, Row: pe.Line, Why: "the CSV cannot be read: " + pe.Err.Error()}}, Total: 1}
			}
			return &ImportError{Problems: []Problem{{Sheet: label, Why: "the CSV cannot be read: " + err.Error()}}, Total: 1}
		}
		line, _ := cr.FieldPos(0)
		fn(line, rec)
	}
}

// guessDelimiter returns tab or semicolon when the first line has them and
// no comma, else comma.
func guessDelimiter(data []byte) rune {
	line := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line = data[:i]
	}
	if bytes.IndexByte(line, ',') >= 0 {
		return ','
	}
	if bytes.IndexByte(line, '\t') >= 0 {
		return '\t'
	}
	if bytes.IndexByte(line, ';') >= 0 {
		return ';'
	}
	return ','
}

// field returns cells[i] trimmed, or "" when the row is shorter.
func field(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

// blank reports whether every cell is empty.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// normHeader folds a header for matching: lower case without spaces,
// underscores, dots or full-width/half-width punctuation.
func normHeader(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case ' ', '_', '.', '-', '(', ')', '（', '）', '/', '\u3000', ':', '：':
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// findColumn returns the index of the first header matching one of names
// (compared with normHeader), or -1.
func findColumn(header []string, names ...string) int {
	for i, h := range header {
		n := normHeader(h)
		for _, want := range names {
			if n == normHeader(want) {
				return i
			}
		}
	}
	return -1
}

// parseDateCell reads a date cell: an Excel serial number (raw value) or
// text YYYY-MM-DD or YYYY/M/D.
func parseDateCell(s string) (roster.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return roster.Date{}, false
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < 1 || f > 2958465 {
			return roster.Date{}, false
		}
		t, err := excelize.ExcelDateToTime(f, false)
		if err != nil {
			return roster.Date{}, false
		}
		return roster.DateOf(t), true
	}
	for _, layout := range []string{"2006-01-02", "2006/1/2", "2006-1-2", "2006.1.2"} {
		if t, err := time.Parse(layout, s); err == nil {
			return roster.DateOf(t), true
		}
	}
	return roster.Date{}, false
}

// parseBool reads an "active" cell; empty means true.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "1", "true", "yes", "y", "是", "在职", "有效", "active", "√", "✓":
		return true, true
	case "0", "false", "no", "n", "否", "离职", "无效", "inactive", "×":
		return false, true
	}
	return false, false
}
