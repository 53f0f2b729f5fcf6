package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"shiftguard/compliance"
	"shiftguard/roster"
)

// DemoOptions shape the demo center.
type DemoOptions struct {
	Seed   int64 // the same seed (and Now) gives the same center
	Months int   // months of roster ending with the current one
	Agents int
	// Now is the demo's present (default time.Now()): punches exist for the
	// shifts that ended before it, and it is evaluated up to the day before.
	Now time.Time
	// Progress, when set, reports how far the demo is (0..100).
	Progress Progress
}

// DefaultDemoOptions: 30 agents, the current and the previous month.
func DefaultDemoOptions() DemoOptions { return DemoOptions{Seed: 1, Months: 2, Agents: 30} }

// Demo credentials (also in the README).
const (
	DemoAdminPassword   = "admin123"
	DemoManagerPassword = "manager123"
	DemoHRPassword      = "hr123456"
	DemoAgentPassword   = "demo1234"
	DemoAgentPIN        = "1234"
)

var (
	demoSurnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"}
	demoGiven    = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "婷", "浩然", "雨欣", "子轩", "思琪", "梓涵", "晨曦", "嘉怡"}
	demoNotes    = []string{
		"客户王先生来电投诉宽带故障,工单 %d 已升级,请继续跟进回访。",
		"系统 %d 号坐席耳麦有杂音,已报修,接班请换用备用耳麦。",
		"今日话务量较高,排队峰值 %d 人,注意及时接听。",
		"工单 %d 客户要求下午回电,已约定时间,请按时回访。",
		"交接正常,无遗留问题。知识库已更新第 %d 条。",
		"夜间有 %d 通未接来电已登记,请早班优先回拨。",
	}
	demoLogs = []string{"今天状态不错", "客户情绪激动,已调整心态", "有点累", "顺利完成", "学到了新的处理技巧"}
)

// demoShift is one shift type of the demo with its place in the day.
type demoShift struct {
	code, name string
	start, end roster.Clock
	meal       int
	color      string
	need       int
}

var demoShifts = []demoShift{
	{"A", "早班", 7*60 + 30, 15*60 + 30, 0, "#4CAF50", 5},
	{"B", "中班", 11 * 60, 19 * 60, 0, "#2196F3", 4},
	{"C", "晚班", 15 * 60, 23 * 60, 0, "#FF9800", 5},
	{"N", "夜班", 23 * 60, 7*60 + 30, 30, "#673AB7", 3},
}

// Demo fills an empty database with a realistic center: an admin, a
// manager, an HR user, teams of agents with Chinese names (each an agent
// user with a PIN), four shift types (one overnight with a meal break) per
// post, coverage, a published previous month, a rotating roster that
// respects rest, a believable mix of punches (mostly on time; some late,
// absent, missing breaks, long breaks, off post, missing clock-outs),
// handover notes with acknowledgements, leave, swaps, daily logs; then it
// evaluates everything up to yesterday, waives a few violations, confirms
// a few discipline actions and awards stars and perfect attendance.
func Demo(ctx context.Context, db *DB, opts DemoOptions) error {
	if opts.Agents <= 0 {
		opts.Agents = 30
	}
	if opts.Months <= 0 {
		opts.Months = 2
	}
	if opts.Agents > 20000 || opts.Months > 13 {
		return roster.FieldErrorf("agents", "a demo has at most 20,000 agents and 13 months")
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	report := func(p int) {
		if opts.Progress != nil {
			opts.Progress(p, 100)
		}
	}
	svc := NewService(db)
	if need, err := svc.NeedsSetup(ctx); err != nil {
		return err
	} else if !need {
		return roster.Errorf(roster.ECONFLICT, "the database %s already has users; the demo needs an empty one", db.Path())
	}
	g, err := newDemoGen(opts)
	if err != nil {
		return err
	}
	g.build()
	report(20)
	if err := g.write(ctx, db); err != nil {
		return err
	}
	report(50)
	svc.Now = func() time.Time { return opts.Now }
	mgr, err := svc.Login(ctx, "manager", DemoManagerPassword)
	if err != nil {
		return err
	}
	hr, err := svc.Login(ctx, "hr", DemoHRPassword)
	if err != nil {
		return err
	}
	yesterday := g.today.AddDays(-1)
	if !yesterday.Before(g.first) {
		if _, err := svc.Evaluate(ctx, mgr, g.first, yesterday, func(d, total int) { report(50 + d*40/100) }); err != nil {
			return fmt.Errorf("demo evaluation: %w", err)
		}
	}
	if err := g.decide(ctx, svc, mgr, hr); err != nil {
		return err
	}
	report(100)
	return db.Checkpoint(ctx)
}

type demoGen struct {
	opts        DemoOptions
	rng         *rand.Rand
	loc         *time.Location
	today       roster.Date
	first, last roster.Date
	employees   []roster.Employee
	posts       int
	types       []roster.ShiftType
	byCode      map[string]*roster.ShiftType
	assigns     []roster.Assignment
	leaves      []roster.Leave
	postLeaves  []roster.PostLeave
	events      []roster.Event
	notes       []roster.HandoverNote
	logs        []roster.DailyLog
	swaps       []roster.SwapRequest
	prefs       []roster.ShiftPreference
	// habit scales each agent's chance of every slip: most agents are
	// reliable, some average, a few habitual offenders, as in a real center.
	habit map[string]float64
}

func newDemoGen(opts DemoOptions) (*demoGen, error) {
	loc, err := roster.LoadLocation(roster.DefaultTimeZone)
	if err != nil {
		return nil, err
	}
	g := &demoGen{opts: opts, loc: loc, rng: rand.New(rand.NewPCG(uint64(opts.Seed), 0x5eed5eed)), byCode: map[string]*roster.ShiftType{}}
	g.today = roster.DateOf(opts.Now.In(loc))
	m := roster.MonthOf(g.today)
	for i := 1; i < opts.Months; i++ {
		m = m.Prev()
	}
	g.first, g.last = m.First(), roster.MonthOf(g.today).Last()
	return g, nil
}

func (g *demoGen) build() {
	// Teams of 15; two teams share a post and its four shift types.
	teams := (g.opts.Agents + 14) / 15
	g.posts = (teams + 1) / 2
	teamName := func(i int) string {
		switch i {
		case 0:
			return "热线一组"
		case 1:
			return "在线二组"
		}
		return fmt.Sprintf("热线%d组", i+1)
	}
	for p := 0; p < g.posts; p++ {
		for _, ds := range demoShifts {
			code, post := ds.code, "热线"
			if p > 0 {
				code, post = fmt.Sprintf("%s%d", ds.code, p+1), fmt.Sprintf("热线%d", p+1)
			}
			g.types = append(g.types, roster.ShiftType{Code: code, Name: ds.name, Start: ds.start, End: ds.end, Post: post,
				Handover: true, MealBreakMin: ds.meal, Color: ds.color})
		}
	}
	for i := range g.types {
		g.byCode[g.types[i].Code] = &g.types[i]
	}
	used := map[string]bool{}
	for i := 0; i < g.opts.Agents; i++ {
		name := ""
		for {
			name = demoSurnames[g.rng.IntN(len(demoSurnames))] + demoGiven[g.rng.IntN(len(demoGiven))]
			if !used[name] || len(used) > len(demoSurnames)*len(demoGiven)/2 {
				break
			}
		}
		used[name] = true
		g.employees = append(g.employees, roster.Employee{Code: fmt.Sprintf("A%03d", i+1), Name: name, Team: teamName(i / 15), Active: true})
	}
	g.roster()
	g.punches()
	g.preferences()
}

// demoPrefNotes are the notes some demo preferences carry.
var demoPrefNotes = []string{"", "", "孩子生日", "医院复查", "参加培训", "想多上早班", "家里有事"}

// preferences gives every third agent 1–4 shift preferences (排班意愿) on
// distinct days of the current, unpublished month: a day off, a shift of
// their post they would like or one they would rather not work, with a
// weight of 1–3. Most were entered by the agent, some by the manager, a few
// days before the month began, so auto-generate has wishes to weigh.
func (g *demoGen) preferences() {
	m := roster.MonthOf(g.today)
	entered := m.First().In(g.loc).Add(-5 * 24 * time.Hour)
	for i, e := range g.employees {
		if i%3 != 1 {
			continue
		}
		post := (i / 15) / 2
		days := g.rng.Perm(m.Days())[:1+g.rng.IntN(4)]
		sort.Ints(days)
		for _, d := range days {
			p := roster.ShiftPreference{Employee: e.Code, Date: m.First().AddDays(d), Weight: 1 + g.rng.IntN(3),
				Note: demoPrefNotes[g.rng.IntN(len(demoPrefNotes))], CreatedBy: e.Code, CreatedAt: entered}
			switch k := g.rng.IntN(10); {
			case k < 3:
				p.Shift, p.On = g.types[post*4+g.rng.IntN(4)].Code, true
			case k < 6:
				p.Shift = g.types[post*4+g.rng.IntN(4)].Code
			}
			if g.rng.IntN(4) == 0 {
				p.CreatedBy = "manager"
			}
			g.prefs = append(g.prefs, p)
		}
	}
}

// roster rotates each agent through 5 days on, 2 off (staggered across
// agents), one shift type a week; the shift changes only after the two days off, so nobody goes from
// a night straight into an early shift.
func (g *demoGen) roster() {
	days := roster.DaysBetween(g.first, g.last) + 1
	for i, e := range g.employees {
		post := (i / 15) / 2
		// Staggered days off and shifts: every day each shift type gets
		// about the same share of the agents, enough for its coverage.
		offset := i % 7
		for d := 0; d < days; d++ {
			k := d + offset
			if k%7 >= 5 {
				continue
			}
			st := g.types[post*4+(k/7+i)%4]
			g.assigns = append(g.assigns, roster.Assignment{Employee: e.Code, Date: g.first.AddDays(d), Shift: st.Code})
		}
	}
	// Swaps: one approved in the past (already applied), one refused, two pending.
	byDay := map[roster.Date][]int{}
	for i, a := range g.assigns {
		byDay[a.Date] = append(byDay[a.Date], i)
	}
	pick := func(d roster.Date) (int, int, bool) {
		idx := byDay[d]
		for tries := 0; tries < 20 && len(idx) > 1; tries++ {
			a, b := idx[g.rng.IntN(len(idx))], idx[g.rng.IntN(len(idx))]
			// Day shifts only, so a swap never puts an early shift right
			// after a night.
			sa, sb := g.byCode[g.assigns[a].Shift], g.byCode[g.assigns[b].Shift]
			if sa.Code != sb.Code && !sa.Overnight() && !sb.Overnight() {
				return a, b, true
			}
		}
		return 0, 0, false
	}
	now := g.opts.Now
	add := func(d roster.Date, status roster.SwapStatus, reason string) {
		a, b, ok := pick(d)
		if !ok {
			return
		}
		r := roster.SwapRequest{Requester: g.assigns[a].Employee, Date: d, Other: g.assigns[b].Employee, OtherDate: d, Reason: reason,
			Status: status, RequestedAt: now.Add(-72 * time.Hour)}
		if status != roster.SwapPending {
			r.DecidedBy, r.DecidedAt = "manager", now.Add(-48*time.Hour)
		}
		if status == roster.SwapApproved {
			g.assigns[a].Shift, g.assigns[b].Shift = g.assigns[b].Shift, g.assigns[a].Shift
			r.DecideNote = "同意"
		}
		if status == roster.SwapRefused {
			r.DecideNote = "当天人手不足"
		}
		g.swaps = append(g.swaps, r)
	}
	add(g.today.AddDays(-5), roster.SwapApproved, "家里有事")
	add(g.today.AddDays(-3), roster.SwapRefused, "参加考试")
	add(g.today.AddDays(3), roster.SwapPending, "孩子开家长会")
	add(g.today.AddDays(6), roster.SwapPending, "体检")
}

type demoInst struct {
	roster.Instance
	clockIn time.Time // zero: absent or not yet
	note    int       // index+1 in g.notes, 0 when none
	skipAck bool
	onLeave bool
}

func (g *demoGen) punches() {
	insts, _ := roster.Instances(g.assigns, g.byCode, g.loc)
	all := make([]demoInst, len(insts))
	for i := range insts {
		all[i].Instance = insts[i]
	}
	sec := func() time.Duration { return time.Duration(g.rng.IntN(60)) * time.Second }
	mins := func(lo, hi int) time.Duration { return time.Duration(lo+g.rng.IntN(hi-lo+1)) * time.Minute }
	ev := func(emp string, k roster.EventKind, at time.Time) {
		src := roster.SourceDesk
		if g.rng.IntN(4) == 0 {
			src = roster.SourceKiosk
		}
		g.events = append(g.events, roster.Event{Employee: emp, Kind: k, At: at.Truncate(time.Second), RecordedBy: emp, Source: src})
	}
	g.habit = make(map[string]float64, len(g.employees))
	for _, e := range g.employees {
		switch r := g.rng.Float64(); {
		case r < 0.6:
			g.habit[e.Code] = 0.15
		case r < 0.9:
			g.habit[e.Code] = 0.6
		default:
			g.habit[e.Code] = 2
		}
	}
	// slip reports whether emp slips with base probability p today.
	slip := func(emp string, p float64) bool { return g.rng.Float64() < p*g.habit[emp] }
	leaveTypes := []roster.LeaveType{roster.LeaveAnnual, roster.LeaveAnnual, roster.LeaveAnnual, roster.LeaveSick, roster.LeaveSick, roster.LeavePersonal}
	for i := range all {
		in := &all[i]
		emp := in.Employee
		r := g.rng.Float64()
		if r < 0.02 {
			in.onLeave = true
			g.leaves = append(g.leaves, roster.Leave{Employee: emp, Date: in.Date, Type: leaveTypes[g.rng.IntN(len(leaveTypes))], Reason: "已批准", ApprovedBy: "manager"})
			continue
		}
		if !in.End.Before(g.opts.Now) {
			continue // not over yet: the duty desk will record it
		}
		if slip(emp, 0.01) {
			continue // absent
		}
		S, E := in.Start, in.End
		h := g.habit[emp]
		switch r = g.rng.Float64(); {
		case r < 0.06*h:
			in.clockIn = S.Add(mins(1, 25) + sec())
		case r < 0.07*h:
			in.clockIn = S.Add(mins(31, 60) + sec())
		case r < 0.12*h:
			in.clockIn = S.Add(-mins(1, 14) + sec())
		default:
			in.clockIn = S.Add(-mins(16, 35) + sec())
		}
		ev(emp, roster.ClockIn, in.clockIn)
		// Breaks: one about 2h20 in, a second (the meal of a night shift) later.
		b1 := S.Add(mins(135, 140) + sec())
		b1len := mins(10, 13)
		if slip(emp, 0.03) {
			b1len = mins(20, 26)
		}
		if !slip(emp, 0.03) && b1.After(in.clockIn) {
			ev(emp, roster.BreakStart, b1)
			ev(emp, roster.BreakEnd, b1.Add(b1len+sec()))
		}
		b2 := S.Add(mins(300, 305) + sec())
		b2len := mins(10, 13)
		if in.Type.MealBreakMin > 0 {
			b2, b2len = S.Add(mins(310, 315)+sec()), mins(25, 30)
		}
		ev(emp, roster.BreakStart, b2)
		ev(emp, roster.BreakEnd, b2.Add(b2len))
		if slip(emp, 0.02) {
			lp := S.Add(mins(200, 220))
			ev(emp, roster.LeavePost, lp)
			ev(emp, roster.ReturnPost, lp.Add(mins(8, 20)+sec()))
			if g.rng.IntN(2) == 0 {
				g.postLeaves = append(g.postLeaves, roster.PostLeave{Employee: emp, From: lp.Add(-time.Minute), To: lp.Add(25 * time.Minute), Reason: "去财务处签字", ApprovedBy: "manager"})
			}
		}
		if !slip(emp, 0.03) {
			in.note = 1 // decided below, once successors are known
		}
		in.skipAck = slip(emp, 0.03)
		switch r = g.rng.Float64(); {
		case r < 0.03*h:
			// missing clock-out
		case r < 0.05*h:
			ev(emp, roster.ClockOut, E.Add(-mins(10, 40)+sec()))
		default:
			ev(emp, roster.ClockOut, E.Add(mins(0, 6)+sec()))
		}
		if g.rng.Float64() < 0.3 {
			g.logs = append(g.logs, roster.DailyLog{Employee: emp, At: E.Add(-mins(3, 8)), Mood: 2 + g.rng.IntN(4), Text: demoLogs[g.rng.IntN(len(demoLogs))]})
		}
	}
	// Handover notes of instances with successors, and their acks.
	type slot struct {
		post string
		date roster.Date
	}
	byStart := map[slot][]int{}
	for i := range all {
		byStart[slot{all[i].Type.PostName(), all[i].Date}] = append(byStart[slot{all[i].Type.PostName(), all[i].Date}], i)
	}
	overlap := compliance.DefaultPolicy().HandoverOverlapMaxMin
	for i := range all {
		p := &all[i]
		if p.note == 0 || p.clockIn.IsZero() {
			p.note = 0
			continue
		}
		var succ []int
		for _, d := range []roster.Date{p.Date, p.Date.AddDays(1)} {
			for _, j := range byStart[slot{p.Type.PostName(), d}] {
				if isSuccessor(&p.Instance, &all[j].Instance, overlap) {
					succ = append(succ, j)
				}
			}
		}
		if len(succ) == 0 {
			p.note = 0
			continue
		}
		n := roster.HandoverNote{Employee: p.Employee, Date: p.Date, Shift: p.Shift, WrittenAt: p.End.Add(-mins(12, 18)).Truncate(time.Second),
			Text: fmt.Sprintf(demoNotes[g.rng.IntN(len(demoNotes))], 1000+g.rng.IntN(9000))}
		for _, j := range succ {
			s := &all[j]
			if s.onLeave || s.skipAck || s.clockIn.IsZero() && s.End.Before(g.opts.Now) {
				continue
			}
			at := n.WrittenAt.Add(mins(1, 9) + sec())
			if at.After(g.opts.Now) {
				continue
			}
			n.Acks = append(n.Acks, roster.Ack{Employee: s.Employee, At: at.Truncate(time.Second)})
		}
		g.notes = append(g.notes, n)
	}
	sort.SliceStable(g.events, func(i, j int) bool { return g.events[i].At.Before(g.events[j].At) })
}

// batch is a multi-row prepared INSERT that flushes every size rows.
type batch struct {
	ctx   context.Context
	tx    *sql.Tx
	head  string
	cols  int
	size  int
	stmt  *sql.Stmt
	args  []any
	count int
}

func newBatch(ctx context.Context, tx *sql.Tx, head string, cols int) *batch {
	return &batch{ctx: ctx, tx: tx, head: head, cols: cols, size: 200}
}

func (b *batch) sql(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", b.cols), ",") + ")"
	return b.head + " VALUES " + strings.TrimSuffix(strings.Repeat(row+",", n), ",")
}

func (b *batch) add(args ...any) error {
	b.args = append(b.args, args...)
	b.count++
	if b.count == b.size {
		if b.stmt == nil {
			var err error
			if b.stmt, err = b.tx.PrepareContext(b.ctx, b.sql(b.size)); err != nil {
				return err
			}
		}
		if _, err := b.stmt.ExecContext(b.ctx, b.args...); err != nil {
			return fmt.Errorf("%s: %w", b.head, err)
		}
		b.args, b.count = b.args[:0], 0
	}
	return nil
}

func (b *batch) flush() error {
	if b.stmt != nil {
		defer b.stmt.Close()
	}
	if b.count == 0 {
		return nil
	}
	if _, err := b.tx.ExecContext(b.ctx, b.sql(b.count), b.args...); err != nil {
		return fmt.Errorf("%s: %w", b.head, err)
	}
	return nil
}

// write stores everything in one transaction.
func (g *demoGen) write(ctx context.Context, db *DB) error {
	agentHash, err := hashSecret(DemoAgentPassword)
	if err != nil {
		return err
	}
	pinHash, err := hashSecret(DemoAgentPIN)
	if err != nil {
		return err
	}
	sqlTx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer sqlTx.Rollback()
	now := g.opts.Now.Unix()
	exec := func(q string, args ...any) error { _, err := sqlTx.ExecContext(ctx, q, args...); return err }
	for k, v := range map[string]string{"center_name": "ShiftGuard 演示客服中心", "time_zone": roster.DefaultTimeZone} {
		if err := exec(`INSERT INTO settings (key, value) VALUES (?, ?)`, k, v); err != nil {
			return err
		}
	}
	p := compliance.DefaultPolicy()
	t := &tx{Tx: sqlTx, ctx: ctx, now: g.opts.Now}
	if err := insertPolicy(t, p, "default policy of RULES.md"); err != nil {
		return err
	}
	for _, u := range []struct{ name, display, pw string }{{"admin", "系统管理员", DemoAdminPassword}, {"manager", "值班经理 陈静", DemoManagerPassword}, {"hr", "人事 周敏", DemoHRPassword}} {
		h, err := hashSecret(u.pw)
		if err != nil {
			return err
		}
		role := map[string]roster.Role{"admin": roster.RoleAdmin, "manager": roster.RoleManager, "hr": roster.RoleHR}[u.name]
		if err := exec(`INSERT INTO users (username, display_name, role, password_hash, pin_hash, active, created_at) VALUES (?, ?, ?, ?, '', 1, ?)`,
			u.name, u.display, string(role), h, now); err != nil {
			return err
		}
	}
	b := newBatch(ctx, sqlTx, `INSERT INTO employees (code, name, team, active, max_nights)`, 5)
	for _, e := range g.employees {
		if err := b.add(e.Code, e.Name, e.Team, 1, 8); err != nil {
			return err
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	b = newBatch(ctx, sqlTx, `INSERT INTO users (username, display_name, role, employee_code, password_hash, pin_hash, active, created_at)`, 8)
	for _, e := range g.employees {
		if err := b.add(e.Code, e.Name, string(roster.RoleAgent), e.Code, agentHash, pinHash, 1, now); err != nil {
			return err
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	for i, st := range g.types {
		if err := exec(`INSERT INTO shift_types (code, name, start_min, end_min, post, handover, meal_break_min, color) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			st.Code, st.Name, int(st.Start), int(st.End), st.Post, 1, st.MealBreakMin, st.Color); err != nil {
			return err
		}
		need := demoShifts[i%4].need
		if err := exec(`INSERT INTO coverage (shift, weekday, date, required) VALUES (?, -1, '', ?)`, st.Code, need); err != nil {
			return err
		}
		if err := exec(`INSERT INTO coverage (shift, weekday, date, required) VALUES (?, 0, '', ?)`, st.Code, max(1, need-2)); err != nil {
			return err
		}
	}
	b = newBatch(ctx, sqlTx, `INSERT INTO assignments (employee, date, shift, locked)`, 4)
	for _, a := range g.assigns {
		if err := b.add(a.Employee, dateText(a.Date), a.Shift, 0); err != nil {
			return err
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	for m := roster.MonthOf(g.first); m != roster.MonthOf(g.today); m = m.Next() {
		if err := exec(`INSERT INTO published_months (month, published_by, published_at) VALUES (?, 'manager', ?)`, m.String(), m.First().In(g.loc).Add(-72*time.Hour).Unix()); err != nil {
			return err
		}
	}
	b = newBatch(ctx, sqlTx, `INSERT INTO leaves (employee, date, type, reason, approved_by)`, 5)
	for _, l := range g.leaves {
		if err := b.add(l.Employee, dateText(l.Date), string(l.Type), l.Reason, l.ApprovedBy); err != nil {
			return err
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	b = newBatch(ctx, sqlTx, `INSERT INTO post_leaves (employee, from_at, to_at, reason, approved_by)`, 5)
	for _, p := range g.postLeaves {
		if err := b.add(p.Employee, p.From.Unix(), p.To.Unix(), p.Reason, p.ApprovedBy); err != nil {
			return err
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	if _, _, err := insertEvents(ctx, sqlTx, g.events, now); err != nil {
		return err
	}
	nb := newBatch(ctx, sqlTx, `INSERT INTO handover_notes (id, employee, date, shift, written_at, text)`, 6)
	ab := newBatch(ctx, sqlTx, `INSERT INTO handover_acks (note_id, employee, at)`, 3)
	for i, n := range g.notes {
		if err := nb.add(int64(i+1), n.Employee, dateText(n.Date), n.Shift, n.WrittenAt.Unix(), n.Text); err != nil {
			return err
		}
	}
	if err := nb.flush(); err != nil {
		return err
	}
	for i, n := range g.notes {
		for _, a := range n.Acks {
			if err := ab.add(int64(i+1), a.Employee, a.At.Unix()); err != nil {
				return err
			}
		}
	}
	if err := ab.flush(); err != nil {
		return err
	}
	b = newBatch(ctx, sqlTx, `INSERT INTO daily_logs (employee, at, mood, text)`, 4)
	for _, d := range g.logs {
		if err := b.add(d.Employee, d.At.Unix(), d.Mood, d.Text); err != nil {
			return err
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	for _, r := range g.swaps {
		if err := exec(`INSERT INTO swap_requests (requester, date, other, other_date, reason, status, decided_by, decided_at, decide_note, requested_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.Requester, dateText(r.Date), r.Other, dateText(r.OtherDate), r.Reason, string(r.Status),
			r.DecidedBy, unix(r.DecidedAt), r.DecideNote, r.RequestedAt.Unix()); err != nil {
			return err
		}
	}
	b = newBatch(ctx, sqlTx, `INSERT INTO shift_preferences (employee, date, shift, on_shift, weight, note, created_by, created_at)`, 8)
	for _, p := range g.prefs {
		if err := b.add(p.Employee, dateText(p.Date), p.Shift, boolInt(p.On), p.Weight, p.Note, p.CreatedBy, p.CreatedAt.Unix()); err != nil {
			return err
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	t.sess = &Session{User: roster.User{Username: "admin", Role: roster.RoleAdmin}}
	if err := t.audit("create", "demo", "", nil, map[string]any{"agents": len(g.employees), "months": g.opts.Months, "seed": g.opts.Seed,
		"assignments": len(g.assigns), "events": len(g.events), "notes": len(g.notes), "preferences": len(g.prefs)}, "demo center"); err != nil {
		return err
	}
	return sqlTx.Commit()
}

// decide makes the decisions a real center would have made: a few
// waivers, confirmed discipline actions and last month's rewards.
func (g *demoGen) decide(ctx context.Context, svc *Service, mgr, hr *Session) error {
	lates, err := svc.Violations(ctx, mgr, ViolationFilter{From: g.first, To: g.today, Rule: compliance.Late})
	if err != nil {
		return err
	}
	reasons := []string{"地铁故障,有证明", "暴雨交通管制", "系统故障无法打卡,已核实"}
	for i := 0; i < len(lates); i += 12 {
		if err := svc.WaiveViolation(ctx, mgr, lates[i].ID, reasons[i%len(reasons)]); err != nil {
			return err
		}
	}
	absent, err := svc.Violations(ctx, mgr, ViolationFilter{From: g.first, To: g.today, Rule: compliance.Absent})
	if err != nil {
		return err
	}
	for i := 0; i < len(absent); i += 2 {
		if err := svc.ConfirmViolation(ctx, mgr, absent[i].ID, "本人确认"); err != nil {
			return err
		}
	}
	acts, err := svc.DisciplineActions(ctx, hr, ActionFilter{Status: compliance.ActionProposed})
	if err != nil {
		return err
	}
	for i, a := range acts {
		switch i % 3 {
		case 0:
			var fine int64
			if a.Level == compliance.LevelPenalty {
				fine = 20000
			}
			if err := svc.ConfirmAction(ctx, hr, a.ID, "已面谈", fine); err != nil {
				return err
			}
		case 1:
			if err := svc.DismissAction(ctx, hr, a.ID, "情况特殊,不予处理"); err != nil {
				return err
			}
		}
	}
	prev := roster.MonthOf(g.today).Prev()
	if prev.First().Before(g.first) {
		return nil
	}
	pa, err := svc.PerfectAttendance(ctx, hr, prev)
	if err != nil {
		return err
	}
	for _, c := range pa {
		if err := svc.Award(ctx, hr, &compliance.Reward{Employee: c.Employee, Kind: compliance.PerfectAttendance, Month: prev, Reason: "全勤"}); err != nil {
			return err
		}
	}
	teams, err := svc.Teams(ctx, mgr)
	if err != nil {
		return err
	}
	p, err := svc.Policy(ctx, mgr)
	if err != nil {
		return err
	}
	for _, t := range teams {
		cs, err := svc.ServiceStarCandidates(ctx, mgr, prev, t)
		if err != nil {
			return err
		}
		for i := 0; i < len(cs) && i < p.ServiceStarsPerMonth; i++ {
			if err := svc.Award(ctx, mgr, &compliance.Reward{Employee: cs[i].Employee, Kind: compliance.ServiceStar, Month: prev, Reason: "客户好评多,零违规"}); err != nil {
				return err
			}
		}
	}
	if len(g.employees) > 3 {
		if err := svc.Award(ctx, hr, &compliance.Reward{Employee: g.employees[3].Code, Kind: compliance.ManualReward, Reason: "收到客户表扬信"}); err != nil {
			return err
		}
		if err := svc.Award(ctx, hr, &compliance.Reward{Employee: g.employees[5%len(g.employees)].Code, Kind: compliance.ManualPenalty, Points: 2, Reason: "值班期间使用手机"}); err != nil {
			return err
		}
	}
	return nil
}
