package reports

import (
	"time"

	"shiftguard/compliance"
	"shiftguard/roster"
)

// Lang values accepted by the writers. Anything other than LangEN is treated
// as Chinese, the default of a center.
const (
	LangZH = "zh"
	LangEN = "en"
)

// labels holds every header, title and status word of the reports in
// Chinese and English: labels[key] = {zh, en}.
var labels = map[string][2]string{
	// Sheet names (at most 31 characters, no []:*?/\).
	"sheet.roster":        {"排班表", "Roster"},
	"sheet.attendance":    {"考勤表", "Attendance"},
	"sheet.detail":        {"考勤明细", "Attendance detail"},
	"sheet.violations":    {"违纪明细", "Violations"},
	"sheet.discipline":    {"奖惩汇总", "Discipline and rewards"},
	"sheet.weekly":        {"每周违纪", "Violations by week"},
	"sheet.handovers":     {"交接班记录", "Handover log"},
	"sheet.employees":     {"员工", "Employees"},
	"title.roster":        {"排班表", "Roster"},
	"title.attendance":    {"考勤表", "Attendance sheet"},
	"title.detail":        {"考勤明细", "Attendance detail"},
	"title.violations":    {"违纪明细", "Violations detail"},
	"title.discipline":    {"奖惩汇总", "Discipline and rewards summary"},
	"title.weekly":        {"每周各规则违纪次数", "Violations per rule per week"},
	"title.handovers":     {"交接班记录", "Handover log"},
	"col.team":            {"班组", "Team"},
	"col.code":            {"工号", "Employee no."},
	"col.name":            {"姓名", "Name"},
	"col.active":          {"在职", "Active"},
	"col.date":            {"日期", "Date"},
	"col.shift":           {"班次", "Shift"},
	"col.start":           {"应到", "Scheduled start"},
	"col.end":             {"应退", "Scheduled end"},
	"col.clockin":         {"上班打卡", "Clock in"},
	"col.clockout":        {"下班打卡", "Clock out"},
	"col.lateMin":         {"迟到分钟", "Late minutes"},
	"col.earlyMin":        {"早退分钟", "Early minutes"},
	"col.status":          {"状态", "Status"},
	"col.shifts":          {"班次数", "Shifts"},
	"col.hours":           {"工时", "Hours"},
	"col.nights":          {"夜班", "Nights"},
	"col.schedHours":      {"应出勤工时", "Scheduled hours"},
	"col.workedHours":     {"实际工时", "Worked hours"},
	"col.lates":           {"迟到次数", "Lates"},
	"col.earlies":         {"早退次数", "Early departures"},
	"col.absences":        {"旷工次数", "Absences"},
	"col.leaveDays":       {"请假天数", "Leave days"},
	"col.rule":            {"违纪项目", "Rule"},
	"col.ruleCode":        {"规则代码", "Rule code"},
	"col.minutes":         {"分钟", "Minutes"},
	"col.evidence":        {"证据", "Evidence"},
	"col.points":          {"扣分", "Points"},
	"col.decidedBy":       {"处理人", "Decided by"},
	"col.decidedAt":       {"处理时间", "Decided at"},
	"col.reason":          {"免责原因", "Waiver reason"},
	"col.violations":      {"违纪次数", "Violations"},
	"col.level":           {"处分级别", "Ladder level"},
	"col.actions":         {"已确认处分", "Confirmed actions"},
	"col.actionCount":     {"处分次数", "Actions"},
	"col.rewards":         {"奖励", "Rewards"},
	"col.rewardCount":     {"奖励次数", "Reward count"},
	"col.week":            {"周(周一)", "Week (Monday)"},
	"col.weekLabel":       {"周次", "Week"},
	"label.weekFmt":       {"第%d周 %02d-%02d", "W%d %02d-%02d"},
	"col.writtenAt":       {"填写时间", "Written at"},
	"col.text":            {"交接内容", "Note"},
	"col.acks":            {"已阅人", "Acknowledged by"},
	"col.ackCount":        {"已阅人数", "Acks"},
	"row.coverage":        {"在岗人数", "Staffed"},
	"row.required":        {"需求人数", "Required"},
	"row.legend":          {"图例", "Legend"},
	"status.present":      {"出勤", "Present"},
	"status.late":         {"迟到", "Late"},
	"status.early":        {"早退", "Early"},
	"status.absent":       {"旷工", "Absent"},
	"status.missingOut":   {"漏打卡", "No clock-out"},
	"status.open":         {"待处理", "Open"},
	"status.confirmed":    {"已确认", "Confirmed"},
	"status.waived":       {"已免责", "Waived"},
	"short.present":       {"√", "√"},
	"short.late":          {"迟", "L"},
	"short.early":         {"早", "E"},
	"short.absent":        {"旷", "A"},
	"short.annual":        {"年假", "AL"},
	"short.sick":          {"病假", "SL"},
	"short.personal":      {"事假", "PL"},
	"legend.attendance":   {"√ 出勤   迟N 迟到N分钟   早N 早退N分钟   旷 旷工   年假/病假/事假 请假", "√ present   LN late N min   EN early N min   A absent   AL/SL/PL annual/sick/personal leave"},
	"leave.annual":        {"年假", "Annual"},
	"leave.sick":          {"病假", "Sick"},
	"leave.personal":      {"事假", "Personal"},
	"label.period":        {"期间", "Period"},
	"label.center":        {"中心", "Center"},
	"label.to":            {"至", "to"},
	"label.rest":          {"休", "Off"},
	"label.fine":          {"罚款", "fine"},
	"label.units.minutes": {"分", "min"},
}

// weekdays are the short weekday names, Sunday first.
var weekdays = [7][2]string{
	{"日", "Sun"}, {"一", "Mon"}, {"二", "Tue"}, {"三", "Wed"}, {"四", "Thu"}, {"五", "Fri"}, {"六", "Sat"},
}

func isEN(lang string) bool { return lang == LangEN }

// T returns the report label key in lang ("zh" or "en"); an unknown key is
// returned as is so that a missing label is visible rather than blank.
func T(lang, key string) string {
	l, ok := labels[key]
	if !ok {
		return key
	}
	if isEN(lang) {
		return l[1]
	}
	return l[0]
}

// weekdayLabel returns the short weekday name of wd.
func weekdayLabel(lang string, wd time.Weekday) string {
	if isEN(lang) {
		return weekdays[wd][1]
	}
	return weekdays[wd][0]
}

// leaveLabel returns the name of a leave type.
func leaveLabel(lang string, t roster.LeaveType) string {
	return T(lang, "leave."+string(t))
}

// statusLabel returns the name of a violation status.
func statusLabel(lang string, s compliance.Status) string {
	return T(lang, "status."+string(s))
}

// evidenceText returns an evidence item's text in lang, falling back to
// the other language when one is missing.
func evidenceText(lang string, e compliance.Evidence) string {
	first, second := e.ZH, e.EN
	if isEN(lang) {
		first, second = e.EN, e.ZH
	}
	if first != "" {
		return first
	}
	return second
}
