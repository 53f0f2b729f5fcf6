package compliance

import (
	"time"

	"shiftguard/roster"
)

func ceilMin(d int64) int { return roster.CeilMinutes(time.Duration(d)) }

// judge applies rules 1-12 to instance i (which is not on leave).
func (e *evaluator) judge(i int32) {
	x := &e.insts[i]
	p := e.p
	if x.clockIn == noTime {
		e.emit(i, Absent, ceilMin(x.end-x.start), e.shiftEvidence(x),
			e.computed(x.start-window,
				"在 "+e.clock(x.start-window)+" 至 "+e.clock(x.end+window)+" 之间没有上班打卡",
				"no clock_in between "+e.clock(x.start-window)+" and "+e.clock(x.end+window)))
		return
	}
	ci := x.clockIn
	early := x.start - int64(p.EarlyArrivalMin)*minute
	switch {
	case ci > x.start:
		late := ci - x.start
		rule, zh, en := Late, "迟到", "late"
		if late > int64(p.LateMajorMin)*minute {
			rule, zh, en = LateMajor, "迟到超过 "+itoa(p.LateMajorMin)+" 分钟", "more than "+itoa(p.LateMajorMin)+" min late"
		}
		e.emit(i, rule, ceilMin(late), e.shiftEvidence(x), e.eventEvidence(x.ciSrc),
			e.computed(ci, zh+" "+itoa(ceilMin(late))+" 分钟", en+": "+itoa(ceilMin(late))+" min after the start"))
	case ci > early:
		e.emit(i, NotEarly, ceilMin(ci-early), e.shiftEvidence(x),
			e.computed(early, "应于 "+e.clock(early)+" 前到岗(提前 "+itoa(p.EarlyArrivalMin)+" 分钟)",
				"due on post by "+e.clock(early)+" ("+itoa(p.EarlyArrivalMin)+" min before the start)"),
			e.eventEvidence(x.ciSrc))
	}

	presEnd := x.end
	if x.clockOut == noTime {
		e.emit(i, MissingClockOut, 0, e.shiftEvidence(x), e.eventEvidence(x.ciSrc),
			e.computed(x.end+window, "上班后直到 "+e.clock(x.end+window)+" 没有下班打卡",
				"no clock_out after the clock_in up to "+e.clock(x.end+window)))
	} else {
		presEnd = x.clockOut
		if x.clockOut < x.end {
			e.emit(i, EarlyDeparture, ceilMin(x.end-x.clockOut), e.shiftEvidence(x), e.eventEvidence(x.coSrc))
		}
	}

	if x.hasSucc && x.clockOut != noTime && x.clockOut >= x.end {
		limit := x.end + int64(p.ReliefWaitMaxMin)*minute
		relief := min(limit, x.relief)
		if x.relief == noTime {
			relief = limit
		}
		if x.clockOut < relief {
			reliefEv := e.computed(relief, "最长等待接班至 "+e.clock(relief), "relief wait limit "+e.clock(relief))
			if relief < limit {
				s := &e.insts[x.reliefSrc]
				reliefEv = e.eventEvidence(s.ciSrc)
				reliefEv.ZH = "接班人 " + e.empCodes[s.emp] + " 上班打卡 " + e.clock(relief)
				reliefEv.EN = "relief " + e.empCodes[s.emp] + " clocked in at " + e.clock(relief)
			}
			e.emit(i, LeftBeforeRelief, ceilMin(relief-x.clockOut), e.shiftEvidence(x), e.eventEvidence(x.coSrc), reliefEv)
		}
	}

	if x.st.Handover && x.hasSucc {
		limit := x.end + int64(p.HandoverGraceMin)*minute
		if x.clockOut != noTime && x.clockOut < limit {
			limit = x.clockOut
		}
		ok := false
		for _, ni := range e.notesOf(i) {
			if e.in.Notes[ni].WrittenAt.UnixNano() <= limit {
				ok = true
				break
			}
		}
		if !ok {
			evidence := []Evidence{e.shiftEvidence(x), e.computed(limit,
				"交接记录应于 "+e.clock(limit)+" 前写好", "handover note due by "+e.clock(limit))}
			for _, ni := range e.notesOf(i) {
				evidence = append(evidence, e.noteEvidence(&e.in.Notes[ni], "(太迟,不计)", " (too late, does not count)"))
			}
			e.emit(i, HandoverMissing, 0, evidence...)
		}
	}

	if u := e.unreadOf(i); u != nil {
		evidence := []Evidence{e.shiftEvidence(x)}
		for _, un := range u.notes {
			n := &e.in.Notes[un.note]
			evidence = append(evidence, e.noteEvidence(n, "", ""),
				e.computed(un.deadline, "应于 "+e.clock(un.deadline)+" 前阅读", "to be acknowledged by "+e.clock(un.deadline)))
			if un.ack == noTime {
				evidence = append(evidence, e.computed(x.end, "到班次结束仍未阅读", "never acknowledged"))
			} else {
				evidence = append(evidence, Evidence{Kind: "ack", At: e.stamp(un.ack),
					ZH: "已阅,迟 " + itoa(ceilMin(un.late)) + " 分钟", EN: "acknowledged " + itoa(ceilMin(un.late)) + " min late"})
			}
		}
		e.emit(i, HandoverUnread, ceilMin(u.max), evidence...)
	}

	e.judgeBreaksAndPost(i, presEnd)

	if p.DailyLogRequired {
		found := false
		for _, t := range e.logs[x.emp] {
			if t >= ci && t <= presEnd {
				found = true
				break
			}
		}
		if !found {
			e.emit(i, DailyLogMissing, 0, e.shiftEvidence(x),
				e.computed(presEnd, "在 "+e.clock(ci)+" 至 "+e.clock(presEnd)+" 之间没有情绪日志",
					"no daily log between "+e.clock(ci)+" and "+e.clock(presEnd)))
		}
	}
}

// judgeBreaksAndPost applies rules 9-11 to the break and post events of
// instance i between its clock_in and presEnd (both included).
func (e *evaluator) judgeBreaksAndPost(i int32, presEnd int64) {
	x := &e.insts[i]
	p := e.p
	breaks, offs := e.breaks[:0], e.offs[:0]
	var open, off bool
	var cur, curOff span
	for _, k := range e.instEv[x.evLo:x.evHi] {
		r := &e.evs[k]
		if r.at < x.clockIn || r.at > presEnd {
			continue
		}
		switch r.kind {
		case kBreakStart:
			if !open {
				open, cur = true, span{from: r.at, fromSrc: r.src}
			}
		case kBreakEnd:
			if open {
				open, cur.to, cur.toSrc = false, r.at, r.src
				breaks = append(breaks, cur)
			}
		case kLeavePost:
			if !off {
				off, curOff = true, span{from: r.at, fromSrc: r.src}
			}
		case kReturnPost:
			if off {
				off, curOff.to, curOff.toSrc = false, r.at, r.src
				offs = append(offs, curOff)
			}
		}
	}
	if open {
		cur.to, cur.toSrc, cur.closedByClockOut = presEnd, -1, x.clockOut != noTime
		breaks = append(breaks, cur)
	}
	if off {
		curOff.to, curOff.toSrc, curOff.closedByClockOut = presEnd, -1, x.clockOut != noTime
		offs = append(offs, curOff)
	}
	e.breaks, e.offs = breaks, offs

	// Rule 9: service stretches between qualifying breaks.
	after := int64(p.BreakAfterMin) * minute
	breakMin := int64(p.BreakMin) * minute
	from, fromSrc := x.clockIn, x.ciSrc
	// toSrc is the event ending the stretch, -1 for the end of the shift.
	stretch := func(to int64, toSrc int32) {
		if d := to - from; d > after {
			toEv := e.computed(to, "班次结束", "end of shift")
			if toSrc >= 0 {
				toEv = e.eventEvidence(toSrc)
			}
			e.emit(i, BreakMissed, ceilMin(d-after), e.shiftEvidence(x), e.boundEvidence(fromSrc, from),
				toEv, e.computed(to, "连续服务 "+itoa(ceilMin(d))+" 分钟(超过 "+itoa(p.BreakAfterMin)+" 分钟未休息至少 "+itoa(p.BreakMin)+" 分钟)",
					"served "+itoa(ceilMin(d))+" min in a row (over "+itoa(p.BreakAfterMin)+" min without a break of at least "+itoa(p.BreakMin)+" min)"))
		}
	}
	for _, b := range breaks {
		if b.to-b.from >= breakMin {
			stretch(b.from, b.fromSrc)
			from, fromSrc = b.to, b.toSrc
		}
	}
	stretch(presEnd, x.coSrc)

	// Rule 10: breaks longer than allowed.
	longest := -1
	if x.st.MealBreakMin > 0 {
		for k, b := range breaks {
			if longest < 0 || b.to-b.from > breaks[longest].to-breaks[longest].from {
				longest = k
			}
		}
	}
	for k, b := range breaks {
		allowed := p.BreakMaxMin
		if k == longest {
			allowed = max(x.st.MealBreakMin, p.BreakMaxMin)
		}
		if d := b.to - b.from; d > int64(allowed)*minute {
			zh, en := "休息 "+itoa(ceilMin(d))+" 分钟,允许 "+itoa(allowed)+" 分钟", "break of "+itoa(ceilMin(d))+" min, "+itoa(allowed)+" min allowed"
			switch {
			case k == longest:
				zh, en = zh+"(用餐休息)", en+" (meal break)"
			case longest >= 0:
				at := e.clock(breaks[longest].from)
				zh, en = zh+"(用餐休息额度已用于 "+at+" 开始的休息)", en+" (the meal-break allowance went to the break at "+at+")"
			}
			e.emit(i, BreakTooLong, ceilMin(d-int64(allowed)*minute), e.shiftEvidence(x), e.eventEvidence(b.fromSrc),
				e.spanEnd(b, presEnd), e.computed(b.to, zh, en))
		}
	}

	// Rule 11: unapproved time off post.
	var approved []span
	if e.postLeave != nil {
		approved = e.postLeave[x.emp]
	}
	for _, o := range offs {
		covered := int64(0)
		var coverEv []Evidence
		for _, a := range approved {
			if a.from >= o.to {
				break
			}
			lo, hi := max(a.from, o.from), min(a.to, o.to)
			if hi > lo {
				covered += hi - lo
				coverEv = append(coverEv, e.approvalEvidence(a))
			}
		}
		unapproved := o.to - o.from - covered
		if unapproved > int64(p.LeftPostGraceMin)*minute {
			ev := []Evidence{e.shiftEvidence(x), e.eventEvidence(o.fromSrc), e.spanEnd(o, presEnd)}
			ev = append(ev, coverEv...)
			ev = append(ev, e.computed(o.to, "离岗 "+itoa(ceilMin(o.to-o.from))+" 分钟,其中未经批准 "+itoa(ceilMin(unapproved))+" 分钟",
				"off post "+itoa(ceilMin(o.to-o.from))+" min, "+itoa(ceilMin(unapproved))+" min of it unapproved"))
			e.emit(i, LeftPost, ceilMin(unapproved), ev...)
		}
	}
}

// emit appends a violation of instance i.
func (e *evaluator) emit(i int32, r Rule, minutes int, evidence ...Evidence) {
	a := &e.in.Assignments[e.insts[i].asg]
	e.out = append(e.out, Violation{Rule: r, Employee: a.Employee, Date: a.Date, Shift: a.Shift,
		Minutes: minutes, Points: e.p.PointsFor(r), PolicyVersion: e.p.Version, Evidence: evidence})
}

func (e *evaluator) unreadOf(i int32) *unreadInfo {
	if e.unread == nil {
		return nil
	}
	return e.unread[i]
}
