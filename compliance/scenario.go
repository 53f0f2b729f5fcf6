package compliance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"shiftguard/roster"
)

var colorPattern = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// Scenario is a parsed scenario file (RULES.md, "The scenario file"): a
// self-contained bundle of shift types, roster, events, approvals,
// handover notes and daily logs, evaluated with no database.
type Scenario struct {
	TimeZone string // IANA name; Input.Loc is its location
	Input           // everything to evaluate, with no date range
}

// scenarioKeys are the top-level keys of a scenario file, in file order.
var scenarioKeys = []string{"timezone", "policy", "shift_types", "roster", "events", "approvals", "handover_notes", "daily_logs"}

// commentKeys are free-text top-level keys that are accepted and ignored.
var commentKeys = []string{"description", "comment"}

// parser keeps the file to turn byte offsets into line and column.
type parser struct{ data []byte }

// errAt is an EINVALID error naming the path and the line and column of off.
func (p *parser) errAt(path string, off int, format string, args ...any) error {
	line, col := lineCol(p.data, off)
	return &roster.Error{Code: roster.EINVALID, Field: path,
		Message: fmt.Sprintf(format, args...) + fmt.Sprintf(" (line %d, column %d)", line, col)}
}

// lineCol returns the 1-based line and column (in bytes) of offset off.
func lineCol(data []byte, off int) (int, int) {
	off = min(max(off, 0), len(data))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// member is a JSON value with its byte offset in the file.
type member struct {
	key string
	raw json.RawMessage
	off int
}

// skipSpace returns the offset of the first byte at or after off that is
// neither white space nor one of the separators in seps.
func skipSpace(data []byte, off int, seps string) int {
	for off < len(data) && (strings.IndexByte(" \t\r\n", data[off]) >= 0 || strings.IndexByte(seps, data[off]) >= 0) {
		off++
	}
	return off
}

// syntaxError turns a decoding error into one with a line and column.
func (p *parser) syntaxError(err error, base int) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := lineCol(p.data, base+int(se.Offset)-1)
		return &roster.Error{Code: roster.EINVALID, Message: fmt.Sprintf("line %d, column %d: invalid JSON: %s", line, col, se.Error())}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		line, col := lineCol(p.data, len(p.data))
		return &roster.Error{Code: roster.EINVALID, Message: fmt.Sprintf("line %d, column %d: invalid JSON: unexpected end of file", line, col)}
	}
	return &roster.Error{Code: roster.EINVALID, Message: "invalid JSON: " + err.Error()}
}

// object splits the JSON object raw (at offset base) into its members, in
// file order, rejecting duplicate keys.
func (p *parser) object(path string, raw json.RawMessage, base int) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, p.syntaxError(err, base)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		what := "must be"
		if path == "" {
			what = "a scenario must be"
		}
		return nil, p.errAt(path, base, "%s a JSON object {...}, not %s", what, jsonKind(raw))
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, p.syntaxError(err, base)
		}
		key := tok.(string)
		off := skipSpace(raw, int(dec.InputOffset()), ":")
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, p.syntaxError(err, base)
		}
		for _, m := range out {
			if m.key == key {
				return nil, p.errAt(join(path, key), base+off, "key %q appears twice", key)
			}
		}
		out = append(out, member{key: key, raw: v, off: base + off})
	}
	return out, nil
}

// array splits the JSON array raw (at offset base) into its elements.
func (p *parser) array(path string, raw json.RawMessage, base int) ([]member, error) {
	if len(raw) == 0 || isNull(raw) {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, p.syntaxError(err, base)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, p.errAt(path, base, "must be a JSON array [...], not %s", jsonKind(raw))
	}
	var out []member
	for dec.More() {
		off := skipSpace(raw, int(dec.InputOffset()), ",")
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, p.syntaxError(err, base)
		}
		out = append(out, member{raw: v, off: base + off})
	}
	return out, nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// decode decodes the object m into v, strictly: unknown keys and wrong
// types are errors naming path and position.
func (p *parser) decode(path string, m member, v any) error {
	if !bytes.HasPrefix(bytes.TrimSpace(m.raw), []byte("{")) {
		return p.errAt(path, m.off, "must be a JSON object {...}, not %s", jsonKind(m.raw))
	}
	dec := json.NewDecoder(bytes.NewReader(m.raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return p.errAt(join(path, te.Field), m.off+int(te.Offset), "must be %s, not %s", goKind(te.Type.String()), te.Value)
	}
	if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
		key := strings.TrimPrefix(msg, "json: unknown field ")
		at := bytes.Index(m.raw, []byte(key))
		return p.errAt(path, m.off+max(at, 0), "unknown key %s", key)
	}
	return p.syntaxError(err, m.off)
}

func goKind(t string) string {
	t = strings.TrimPrefix(t, "*")
	switch {
	case t == "string":
		return "a string"
	case t == "bool":
		return "true or false"
	case t == "int":
		return "a whole number"
	case strings.HasPrefix(t, "[]"):
		return "an array"
	}
	return "an object"
}

type shiftTypeJSON struct {
	Code         *string         `json:"code"`
	Name         *string         `json:"name"`
	Start        *string         `json:"start"`
	End          *string         `json:"end"`
	Post         *string         `json:"post"`
	Handover     *bool           `json:"handover"`
	MealBreakMin *int            `json:"meal_break_min"`
	Color        *string         `json:"color"`
	Comment      json.RawMessage `json:"comment"` // free text, ignored
}

type rosterJSON struct {
	Employee *string         `json:"employee"`
	Date     *string         `json:"date"`
	Shift    *string         `json:"shift"`
	Comment  json.RawMessage `json:"comment"` // free text, ignored
}

type eventJSON struct {
	Employee *string         `json:"employee"`
	Kind     *string         `json:"kind"`
	At       *string         `json:"at"`
	Comment  json.RawMessage `json:"comment"` // free text, ignored
}

type approvalJSON struct {
	Employee *string         `json:"employee"`
	Kind     *string         `json:"kind"`
	Type     *string         `json:"type"`
	Date     *string         `json:"date"`
	From     *string         `json:"from"`
	To       *string         `json:"to"`
	Reason   *string         `json:"reason"`
	Comment  json.RawMessage `json:"comment"` // free text, ignored
}

type noteJSON struct {
	Employee  *string         `json:"employee"`
	Date      *string         `json:"date"`
	Shift     *string         `json:"shift"`
	WrittenAt *string         `json:"written_at"`
	Text      *string         `json:"text"`
	Acks      json.RawMessage `json:"acks"`
	Comment   json.RawMessage `json:"comment"` // free text, ignored
}

type ackJSON struct {
	Employee *string         `json:"employee"`
	At       *string         `json:"at"`
	Comment  json.RawMessage `json:"comment"` // free text, ignored
}

type logJSON struct {
	Employee *string         `json:"employee"`
	At       *string         `json:"at"`
	Mood     *int            `json:"mood"`
	Text     *string         `json:"text"`
	Comment  json.RawMessage `json:"comment"` // free text, ignored
}

// ParseScenario parses and validates a scenario file. Any problem is an
// EINVALID *roster.Error whose message names the field and its line and
// column; nothing is returned then.
func ParseScenario(data []byte) (*Scenario, error) {
	p := &parser{data: data}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, &roster.Error{Code: roster.EINVALID, Message: "line 1, column 1: the file is empty; a scenario is a JSON object"}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var top json.RawMessage
	if err := dec.Decode(&top); err != nil {
		return nil, p.syntaxError(err, 0)
	}
	if off := skipSpace(data, int(dec.InputOffset()), ""); off < len(data) {
		return nil, p.errAt("", off, "unexpected text after the end of the scenario object")
	}
	start := skipSpace(data, 0, "")
	members, err := p.object("", top, start)
	if err != nil {
		return nil, err
	}
	s := &Scenario{TimeZone: roster.DefaultTimeZone, Input: Input{Policy: DefaultPolicy(), ShiftTypes: map[string]*roster.ShiftType{}}}
	got := map[string]member{}
	for _, m := range members {
		if slices.Contains(commentKeys, m.key) {
			continue
		}
		if !slices.Contains(scenarioKeys, m.key) {
			return nil, p.errAt(m.key, m.off, "unknown top-level key %q (known: %s)", m.key, strings.Join(scenarioKeys, ", "))
		}
		got[m.key] = m
	}
	if m, ok := got["timezone"]; ok && !isNull(m.raw) {
		var tz string
		if err := json.Unmarshal(m.raw, &tz); err != nil {
			return nil, p.errAt("timezone", m.off, "must be a string such as \"Asia/Shanghai\", not %s", jsonKind(m.raw))
		}
		if tz == "" || tz == "Local" {
			return nil, p.errAt("timezone", m.off, "unknown time zone %q: use an IANA name such as \"Asia/Shanghai\"", tz)
		}
		s.TimeZone = tz
	}
	loc, err := roster.LoadLocation(s.TimeZone)
	if err != nil {
		return nil, p.errAt("timezone", got["timezone"].off, "%s: use an IANA name such as \"Asia/Shanghai\"", err)
	}
	s.Loc = loc
	if m, ok := got["policy"]; ok && !isNull(m.raw) {
		if err := p.policy(m, &s.Policy); err != nil {
			return nil, err
		}
	}
	st, ok := got["shift_types"]
	if !ok || isNull(st.raw) {
		return nil, &roster.Error{Code: roster.EINVALID, Field: "shift_types", Message: "missing: a scenario must list its shift types"}
	}
	for _, step := range []struct {
		key string
		fn  func(int, member) error
	}{
		{"shift_types", s.shiftType(p)}, {"roster", s.rosterEntry(p)}, {"events", s.event(p)},
		{"approvals", s.approval(p)}, {"handover_notes", s.note(p)}, {"daily_logs", s.dailyLog(p)},
	} {
		m, ok := got[step.key]
		if !ok {
			continue
		}
		elems, err := p.array(step.key, m.raw, m.off)
		if err != nil {
			return nil, err
		}
		for i, el := range elems {
			if err := step.fn(i, el); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// policy applies the overrides in m to pol and validates the result.
func (p *parser) policy(m member, pol *Policy) error {
	members, err := p.object("policy", m.raw, m.off)
	if err != nil {
		return err
	}
	ints := map[string]*int{
		"version": &pol.Version, "early_arrival_min": &pol.EarlyArrivalMin, "late_major_min": &pol.LateMajorMin,
		"handover_grace_min": &pol.HandoverGraceMin, "handover_ack_grace_min": &pol.HandoverAckGraceMin,
		"handover_overlap_max_min": &pol.HandoverOverlapMaxMin, "relief_wait_max_min": &pol.ReliefWaitMaxMin,
		"break_after_min": &pol.BreakAfterMin, "break_min": &pol.BreakMin, "break_max_min": &pol.BreakMaxMin,
		"left_post_grace_min": &pol.LeftPostGraceMin, "points_window_days": &pol.PointsWindowDays,
		"service_stars_per_month": &pol.ServiceStarsPerMonth,
	}
	for _, k := range members {
		path := "policy." + k.key
		switch {
		case ints[k.key] != nil:
			if err := json.Unmarshal(k.raw, ints[k.key]); err != nil || isNull(k.raw) {
				return p.errAt(path, k.off, "must be a whole number of minutes (or days), not %s", strings.TrimSpace(string(k.raw)))
			}
		case k.key == "daily_log_required":
			if err := json.Unmarshal(k.raw, &pol.DailyLogRequired); err != nil || isNull(k.raw) {
				return p.errAt(path, k.off, "must be true or false, not %s", strings.TrimSpace(string(k.raw)))
			}
		case k.key == "points":
			pts, err := p.object(path, k.raw, k.off)
			if err != nil {
				return err
			}
			for _, pt := range pts {
				var v int
				if !Rule(pt.key).Valid() {
					return p.errAt(path+"."+pt.key, pt.off, "unknown rule %q", pt.key)
				}
				if err := json.Unmarshal(pt.raw, &v); err != nil || isNull(pt.raw) {
					return p.errAt(path+"."+pt.key, pt.off, "must be a whole number of points, not %s", strings.TrimSpace(string(pt.raw)))
				}
				pol.Points[Rule(pt.key)] = v
			}
		case k.key == "ladder":
			var l []int
			if err := json.Unmarshal(k.raw, &l); err != nil || len(l) != len(pol.Ladder) {
				return p.errAt(path, k.off, "must be an array of %d whole numbers of points", len(pol.Ladder))
			}
			copy(pol.Ladder[:], l)
		default:
			keys := append(slices.Sorted(mapsKeys(ints)), "daily_log_required", "points", "ladder")
			return p.errAt(path, k.off, "unknown policy key %q (known: %s)", k.key, strings.Join(keys, ", "))
		}
	}
	if err := pol.Validate(); err != nil {
		var re *roster.Error
		if errors.As(err, &re) {
			off := m.off
			for _, k := range members {
				if k.key == re.Field || strings.HasPrefix(re.Field, k.key+".") {
					off = k.off
				}
			}
			return p.errAt("policy."+re.Field, off, "%s", re.Message)
		}
		return err
	}
	return nil
}

func mapsKeys(m map[string]*int) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// field helpers: each returns an error naming path.key at the element.

// validScenarioCode reports whether s can name an employee or a shift in a
// scenario file: 1 to 64 characters (Chinese ones too), no control
// characters and no white space at either end. The app's own codes are
// stricter (roster.ValidCode); a scenario is only judged, never stored.
func validScenarioCode(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 64 || !utf8.ValidString(s) || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func (p *parser) code(path string, el member, key string, v *string, what string) (string, error) {
	if v == nil {
		return "", p.errAt(join(path, key), el.off, "missing: %s is required", what)
	}
	if !validScenarioCode(*v) {
		return "", p.errAt(join(path, key), el.off, "%q is not a valid %s (1-64 characters, no spaces at either end)", *v, what)
	}
	return *v, nil
}

func (p *parser) date(path string, el member, key string, v *string) (roster.Date, error) {
	if v == nil {
		return roster.Date{}, p.errAt(join(path, key), el.off, "missing: a date YYYY-MM-DD is required")
	}
	d, err := roster.ParseDate(*v)
	if err != nil {
		return d, p.errAt(join(path, key), el.off, "%q is not a calendar date of the form YYYY-MM-DD", *v)
	}
	if d.Year < 1900 || d.Year > 2200 {
		return d, p.errAt(join(path, key), el.off, "%q is outside the years 1900 to 2200", *v)
	}
	return d, nil
}

func (p *parser) instant(path string, el member, key string, v *string, loc *time.Location) (time.Time, error) {
	if v == nil {
		return time.Time{}, p.errAt(join(path, key), el.off, "missing: a local time YYYY-MM-DDTHH:MM is required")
	}
	t, err := roster.ParseLocal(*v, loc)
	if err != nil {
		return t, p.errAt(join(path, key), el.off, "%s", err)
	}
	if t.Year() < 1900 || t.Year() > 2200 {
		return t, p.errAt(join(path, key), el.off, "%q is outside the years 1900 to 2200", *v)
	}
	return t, nil
}

func (s *Scenario) shiftType(p *parser) func(int, member) error {
	return func(i int, el member) error {
		path := fmt.Sprintf("shift_types[%d]", i)
		var j shiftTypeJSON
		if err := p.decode(path, el, &j); err != nil {
			return err
		}
		code, err := p.code(path, el, "code", j.Code, "shift code")
		if err != nil {
			return err
		}
		if _, dup := s.ShiftTypes[code]; dup {
			return p.errAt(path+".code", el.off, "shift code %q is defined twice", code)
		}
		st := &roster.ShiftType{Code: code, Handover: true}
		for _, c := range []struct {
			key string
			v   *string
			dst *roster.Clock
		}{{"start", j.Start, &st.Start}, {"end", j.End, &st.End}} {
			if c.v == nil {
				return p.errAt(path+"."+c.key, el.off, "missing: a local time HH:MM is required")
			}
			if *c.dst, err = roster.ParseClock(*c.v); err != nil {
				return p.errAt(path+"."+c.key, el.off, "%s", err)
			}
		}
		if j.Name != nil {
			st.Name = *j.Name
		}
		if j.Post != nil {
			st.Post = *j.Post // "" means the default post, as when omitted
		}
		if j.Handover != nil {
			st.Handover = *j.Handover
		}
		if j.MealBreakMin != nil {
			st.MealBreakMin = *j.MealBreakMin
		}
		if j.Color != nil {
			st.Color = *j.Color
		}
		if st.MealBreakMin < 0 || st.MealBreakMin > 240 {
			return p.errAt(path+".meal_break_min", el.off, "meal break of shift %s must be 0 to 240 minutes, not %d", code, st.MealBreakMin)
		}
		if st.Color != "" && !colorPattern.MatchString(st.Color) {
			return p.errAt(path+".color", el.off, "colour %q must look like #RRGGBB", st.Color)
		}
		s.ShiftTypes[code] = st
		return nil
	}
}

func (s *Scenario) rosterEntry(p *parser) func(int, member) error {
	seen := map[instKey]int{}
	return func(i int, el member) error {
		path := fmt.Sprintf("roster[%d]", i)
		var j rosterJSON
		if err := p.decode(path, el, &j); err != nil {
			return err
		}
		emp, err := p.code(path, el, "employee", j.Employee, "employee number")
		if err != nil {
			return err
		}
		d, err := p.date(path, el, "date", j.Date)
		if err != nil {
			return err
		}
		if err := s.knownShift(p, path, el, j.Shift); err != nil {
			return err
		}
		k := instKey{emp, d, *j.Shift}
		if prev, dup := seen[k]; dup {
			return p.errAt(path, el.off, "duplicate of roster[%d] (%s, %s, %s)", prev, emp, d, *j.Shift)
		}
		seen[k] = i
		s.Assignments = append(s.Assignments, roster.Assignment{Employee: emp, Date: d, Shift: *j.Shift})
		return nil
	}
}

func (s *Scenario) knownShift(p *parser, path string, el member, v *string) error {
	if v == nil {
		return p.errAt(path+".shift", el.off, "missing: a shift code is required")
	}
	if s.ShiftTypes[*v] == nil {
		return p.errAt(path+".shift", el.off, "unknown shift code %q", *v)
	}
	return nil
}

func (s *Scenario) event(p *parser) func(int, member) error {
	return func(i int, el member) error {
		path := fmt.Sprintf("events[%d]", i)
		var j eventJSON
		if err := p.decode(path, el, &j); err != nil {
			return err
		}
		emp, err := p.code(path, el, "employee", j.Employee, "employee number")
		if err != nil {
			return err
		}
		if j.Kind == nil {
			return p.errAt(path+".kind", el.off, "missing: an event kind is required")
		}
		if !roster.EventKind(*j.Kind).Valid() {
			return p.errAt(path+".kind", el.off, "unknown event kind %q (known: clock_in, clock_out, break_start, break_end, leave_post, return_post)", *j.Kind)
		}
		at, err := p.instant(path, el, "at", j.At, s.Loc)
		if err != nil {
			return err
		}
		s.Events = append(s.Events, roster.Event{Employee: emp, Kind: roster.EventKind(*j.Kind), At: at})
		return nil
	}
}

func (s *Scenario) approval(p *parser) func(int, member) error {
	return func(i int, el member) error {
		path := fmt.Sprintf("approvals[%d]", i)
		var j approvalJSON
		if err := p.decode(path, el, &j); err != nil {
			return err
		}
		emp, err := p.code(path, el, "employee", j.Employee, "employee number")
		if err != nil {
			return err
		}
		reason := ""
		if j.Reason != nil {
			reason = *j.Reason
		}
		if j.Kind == nil {
			return p.errAt(path+".kind", el.off, "missing: kind \"leave\" or \"post_leave\" is required")
		}
		switch *j.Kind {
		case "leave":
			if j.From != nil || j.To != nil {
				return p.errAt(path, el.off, "a leave approval has a date and a type, not from/to")
			}
			// The type matters only for rewards (perfect attendance), never
			// for the rules: a leave that names none still exempts the
			// date, so a file that omits it is judged, not rejected.
			var lt roster.LeaveType
			if j.Type != nil {
				lt = roster.LeaveType(*j.Type)
				if !lt.Valid() {
					return p.errAt(path+".type", el.off, "unknown leave type %q (known: annual, sick, personal)", *j.Type)
				}
			}
			d, err := p.date(path, el, "date", j.Date)
			if err != nil {
				return err
			}
			s.Leaves = append(s.Leaves, roster.Leave{Employee: emp, Date: d, Type: lt, Reason: reason})
		case "post_leave":
			if j.Type != nil || j.Date != nil {
				return p.errAt(path, el.off, "a post_leave approval has from and to, not a date or a type")
			}
			from, err := p.instant(path, el, "from", j.From, s.Loc)
			if err != nil {
				return err
			}
			to, err := p.instant(path, el, "to", j.To, s.Loc)
			if err != nil {
				return err
			}
			if !to.After(from) {
				return p.errAt(path+".to", el.off, "%q is not after from %q", *j.To, *j.From)
			}
			s.PostLeaves = append(s.PostLeaves, roster.PostLeave{Employee: emp, From: from, To: to, Reason: reason})
		default:
			return p.errAt(path+".kind", el.off, "unknown approval kind %q (known: leave, post_leave)", *j.Kind)
		}
		return nil
	}
}

func (s *Scenario) note(p *parser) func(int, member) error {
	return func(i int, el member) error {
		path := fmt.Sprintf("handover_notes[%d]", i)
		var j noteJSON
		if err := p.decode(path, el, &j); err != nil {
			return err
		}
		emp, err := p.code(path, el, "employee", j.Employee, "employee number")
		if err != nil {
			return err
		}
		d, err := p.date(path, el, "date", j.Date)
		if err != nil {
			return err
		}
		if err := s.knownShift(p, path, el, j.Shift); err != nil {
			return err
		}
		w, err := p.instant(path, el, "written_at", j.WrittenAt, s.Loc)
		if err != nil {
			return err
		}
		n := roster.HandoverNote{Employee: emp, Date: d, Shift: *j.Shift, WrittenAt: w}
		if j.Text != nil {
			n.Text = *j.Text
		}
		acksOff := el.off
		if at := bytes.Index(el.raw, []byte(`"acks"`)); at >= 0 {
			acksOff += at
		}
		acks, err := p.array(path+".acks", j.Acks, acksOff)
		if err != nil {
			return err
		}
		for k, a := range acks {
			apath := fmt.Sprintf("%s.acks[%d]", path, k)
			var aj ackJSON
			if err := p.decode(apath, a, &aj); err != nil {
				return err
			}
			ae, err := p.code(apath, a, "employee", aj.Employee, "employee number")
			if err != nil {
				return err
			}
			at, err := p.instant(apath, a, "at", aj.At, s.Loc)
			if err != nil {
				return err
			}
			n.Acks = append(n.Acks, roster.Ack{Employee: ae, At: at})
		}
		if utf8.RuneCountInString(n.Text) > 10000 {
			return p.errAt(path+".text", el.off, "handover note is longer than 10,000 characters")
		}
		s.Notes = append(s.Notes, n)
		return nil
	}
}

func (s *Scenario) dailyLog(p *parser) func(int, member) error {
	return func(i int, el member) error {
		path := fmt.Sprintf("daily_logs[%d]", i)
		var j logJSON
		if err := p.decode(path, el, &j); err != nil {
			return err
		}
		emp, err := p.code(path, el, "employee", j.Employee, "employee number")
		if err != nil {
			return err
		}
		at, err := p.instant(path, el, "at", j.At, s.Loc)
		if err != nil {
			return err
		}
		l := roster.DailyLog{Employee: emp, At: at}
		if j.Mood != nil {
			l.Mood = *j.Mood
		}
		if j.Text != nil {
			l.Text = *j.Text
		}
		if l.Mood < 0 || l.Mood > 5 {
			return p.errAt(path+".mood", el.off, "mood must be 1 to 5 (0 = not given), not %d", l.Mood)
		}
		s.DailyLogs = append(s.DailyLogs, l)
		return nil
	}
}

// CheckViolation is one violation in the output of Check.
type CheckViolation struct {
	Rule     Rule          `json:"rule"`
	Employee string        `json:"employee"`
	Date     string        `json:"date"`
	Shift    string        `json:"shift"`
	Minutes  int           `json:"minutes"`
	Points   int           `json:"points"`
	LabelZH  string        `json:"label_zh"`
	LabelEN  string        `json:"label_en"`
	Evidence []CheckReason `json:"evidence"`
}

// CheckReason is one piece of evidence in the output of Check.
type CheckReason struct {
	Kind string `json:"kind"`
	At   string `json:"at"`
	ZH   string `json:"zh"`
	EN   string `json:"en"`
}

// CheckResult is the output of Check (RULES.md, "The scenario file").
type CheckResult struct {
	Violations []CheckViolation `json:"violations"`
	Points     map[string]int   `json:"points"`
}

// Result converts evaluated violations to the output of Check: points lists
// every employee with a violation.
func Result(vs []Violation) *CheckResult {
	r := &CheckResult{Violations: make([]CheckViolation, 0, len(vs)), Points: map[string]int{}}
	for _, v := range vs {
		cv := CheckViolation{Rule: v.Rule, Employee: v.Employee, Date: v.Date.String(), Shift: v.Shift, Minutes: v.Minutes,
			Points: v.Points, LabelZH: v.Rule.Label("zh"), LabelEN: v.Rule.Label("en"), Evidence: make([]CheckReason, 0, len(v.Evidence))}
		for _, e := range v.Evidence {
			cv.Evidence = append(cv.Evidence, CheckReason{Kind: e.Kind, At: e.At, ZH: e.ZH, EN: e.EN})
		}
		r.Violations = append(r.Violations, cv)
		r.Points[v.Employee] += v.Points
	}
	return r
}

// Check parses a scenario file, evaluates it and returns the JSON output
// of `shiftguard check`: {"violations": [...], "points": {...}}. A malformed
// file returns an error naming the field and its position, and no output.
func Check(data []byte) ([]byte, error) {
	s, err := ParseScenario(data)
	if err != nil {
		return nil, err
	}
	vs, err := Evaluate(&s.Input)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(Result(vs)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
