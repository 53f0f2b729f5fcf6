package compliance

import (
	"math"
	"time"

	"shiftguard/roster"
)

// Labels of the event kinds in evidence texts.
var kindLabels = map[roster.EventKind][2]string{
	roster.ClockIn:    {"上班打卡", "clock_in"},
	roster.ClockOut:   {"下班打卡", "clock_out"},
	roster.BreakStart: {"开始休息", "break_start"},
	roster.BreakEnd:   {"结束休息", "break_end"},
	roster.LeavePost:  {"离岗", "leave_post"},
	roster.ReturnPost: {"返岗", "return_post"},
}

// EvidenceLayout is the local time format of Evidence.At.
const EvidenceLayout = "2006-01-02 15:04:05"

func (e *evaluator) local(ns int64) time.Time { return time.Unix(0, ns).In(e.loc) }

// appendNum appends n with at least width digits.
func appendNum(b []byte, n, width int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for n >= 10 || width > 1 {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
		width--
	}
	i--
	tmp[i] = byte('0' + n)
	return append(b, tmp[i:]...)
}

// appendDate appends YYYY-MM-DD (faster than Date.String, which uses fmt).
func appendDate(b []byte, y int, m time.Month, d int) []byte {
	b = appendNum(b, y, 4)
	b = append(b, '-')
	b = appendNum(b, int(m), 2)
	b = append(b, '-')
	return appendNum(b, d, 2)
}

func dateString(d roster.Date) string {
	var buf [16]byte
	return string(appendDate(buf[:0], d.Year, d.Month, d.Day))
}

// zoneSpan caches the UTC offset of the center's time zone over the span
// of instants [from, to) where it does not change, so that formatting the
// evidence of many violations needs no time-zone lookups.
type zoneSpan struct {
	from, to int64 // Unix nanoseconds
	offset   int64 // seconds east of UTC
	valid    bool
}

// localParts returns the local calendar date and clock of instant ns.
func (e *evaluator) localParts(ns int64) (y int, mo time.Month, d, h, mi, sec int, frac int64) {
	z := &e.zone
	if !z.valid || ns < z.from || ns >= z.to {
		t := time.Unix(0, ns).In(e.loc)
		_, off := t.Zone()
		start, end := t.ZoneBounds()
		*z = zoneSpan{from: math.MinInt64, to: math.MaxInt64, offset: int64(off), valid: true}
		if !start.IsZero() {
			z.from = start.UnixNano()
		}
		if !end.IsZero() {
			z.to = end.UnixNano()
		}
	}
	secs := floorDiv(ns, int64(time.Second))
	frac = ns - secs*int64(time.Second)
	secs += z.offset
	days := floorDiv(secs, 86400)
	rem := int(secs - days*86400)
	y, mo, d = civil(days)
	return y, mo, d, rem / 3600, rem % 3600 / 60, rem % 60, frac
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// civil returns the proleptic Gregorian date of a day count since
// 1970-01-01 (the inverse of dayNumber).
func civil(days int64) (int, time.Month, int) {
	z := days + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return int(y), time.Month(m), int(d)
}

// format formats an instant as local "YYYY-MM-DD HH:MM[:SS]"; seconds are
// shown when always is true or when there are some.
func (e *evaluator) format(ns int64, always bool) string {
	y, mo, d, h, mi, sec, frac := e.localParts(ns)
	var buf [32]byte
	b := appendDate(buf[:0], y, mo, d)
	b = append(b, ' ')
	b = appendNum(b, h, 2)
	b = append(b, ':')
	b = appendNum(b, mi, 2)
	if always || sec != 0 || frac != 0 {
		b = append(b, ':')
		b = appendNum(b, sec, 2)
	}
	return string(b)
}

// stamp formats an instant as Evidence.At.
func (e *evaluator) stamp(ns int64) string { return e.format(ns, true) }

// clock formats an instant for a sentence: "2026-11-02 08:15", with
// seconds only when there are some.
func (e *evaluator) clock(ns int64) string { return e.format(ns, false) }

func (e *evaluator) shiftEvidence(x *inst) Evidence {
	a := &e.in.Assignments[x.asg]
	bounds := e.clock(x.start) + " – " + e.clock(x.end)
	return Evidence{Kind: "shift", At: e.stamp(x.start),
		ZH: "班次 " + a.Shift + "(岗位 " + x.st.PostName() + "," + dateString(a.Date) + "):" + bounds,
		EN: "shift " + a.Shift + " (post " + x.st.PostName() + ", " + dateString(a.Date) + "): " + bounds}
}

func (e *evaluator) eventEvidence(src int32) Evidence {
	ev := &e.events[src]
	l := kindLabels[ev.Kind]
	zh, en := l[0]+" "+e.clock(ev.At.UnixNano()), l[1]+" at "+e.clock(ev.At.UnixNano())
	if ev.RecordedBy != "" {
		zh += "(由 " + ev.RecordedBy + " 记录)"
		en += " (recorded by " + ev.RecordedBy + ")"
	}
	if ev.Source != "" {
		zh += "[" + ev.Source + "]"
		en += " [" + ev.Source + "]"
	}
	if ev.Supersedes != 0 {
		zh += ",更正:" + ev.Reason
		en += ", correction: " + ev.Reason
	}
	return Evidence{Kind: "event", At: e.stamp(ev.At.UnixNano()), EventID: ev.ID, ZH: zh, EN: en}
}

func (e *evaluator) computed(ns int64, zh, en string) Evidence {
	return Evidence{Kind: "computed", At: e.stamp(ns), ZH: zh, EN: en}
}

// boundEvidence is the event at src, or a computed instant when src < 0.
func (e *evaluator) boundEvidence(src int32, ns int64) Evidence {
	if src >= 0 {
		return e.eventEvidence(src)
	}
	return e.computed(ns, "起点 "+e.clock(ns), "from "+e.clock(ns))
}

// spanEnd explains how a break or off-post interval ended.
func (e *evaluator) spanEnd(s span, presEnd int64) Evidence {
	switch {
	case s.toSrc >= 0:
		return e.eventEvidence(s.toSrc)
	case s.closedByClockOut:
		return e.computed(presEnd, "未结束,按下班打卡 "+e.clock(presEnd)+" 计", "never ended: counted to the clock_out at "+e.clock(presEnd))
	default:
		return e.computed(presEnd, "未结束,按班次结束 "+e.clock(presEnd)+" 计", "never ended: counted to the end of the shift at "+e.clock(presEnd))
	}
}

func (e *evaluator) noteEvidence(n *roster.HandoverNote, zhSuffix, enSuffix string) Evidence {
	w := n.WrittenAt.UnixNano()
	return Evidence{Kind: "note", At: e.stamp(w), EventID: n.ID,
		ZH: n.Employee + " 的交接记录(" + n.Shift + " " + dateString(n.Date) + ")写于 " + e.clock(w) + zhSuffix,
		EN: "handover note by " + n.Employee + " (" + n.Shift + " " + dateString(n.Date) + ") written at " + e.clock(w) + enSuffix}
}

func (e *evaluator) approvalEvidence(a span) Evidence {
	f, t := a.from, a.to // merged with any overlapping approvals
	return Evidence{Kind: "approval", At: e.stamp(f), EventID: e.in.PostLeaves[a.fromSrc].ID,
		ZH: "离岗审批 " + e.clock(f) + " – " + e.clock(t),
		EN: "approved off post " + e.clock(f) + " – " + e.clock(t)}
}
