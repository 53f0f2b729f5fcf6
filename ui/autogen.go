package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiftguard/roster"
	"shiftguard/roster/autoroster"
)

// autoGenLimits are the time limits a manager may give the generator.
var autoGenLimits = []time.Duration{10 * time.Second, 30 * time.Second, 60 * time.Second}

// autoGen (自动排班) is the auto-generate dialog of a roster month: it runs
// the generator in the background with the live objective, a progress bar
// and cancel, then shows the proposal to accept or discard.
type autoGen struct {
	s     *rosterScreen
	month roster.Month
	p     *autoroster.Problem
	first roster.Date

	limit    *widget.RadioGroup
	objLbl   *widget.Label
	summary  *widget.Label
	task     *task
	startBtn *widget.Button
	accept   *widget.Button
	discard  *widget.Button
	dlg      dialog.Dialog

	// maxIterations bounds the search (0 = only the time limit); tests
	// set it for a small, reproducible run.
	maxIterations int
	// proposal is the roster found, nil before a run ends.
	proposal []roster.Assignment
	// objective is the proposal's objective.
	objective int
	// prefs are the agents' preferences of the month; prefsMet counts
	// those the proposal honours.
	prefs    []autoroster.AppPreference
	prefsMet int
}

// autoGenerateButton is the toolbar button of the roster grid that opens
// auto-generate; only managers see it.
func (s *rosterScreen) autoGenerateButton() fyne.CanvasObject {
	return s.managerButton(T("autogen.button"), theme.ComputerIcon(), func() { s.openAutoGenerate() })
}

// managerButton is a toolbar button of the roster screen that only
// managers see.
func (s *rosterScreen) managerButton(label string, icon fyne.Resource, tapped func()) fyne.CanvasObject {
	b := widget.NewButtonWithIcon(label, icon, tapped)
	if !s.st.isManager() {
		b.Hide()
	}
	return b
}

// openAutoGenerate opens the dialog for the screen's month; nil when the
// month's data cannot be turned into a problem (the error is shown).
func (s *rosterScreen) openAutoGenerate() *autoGen {
	st := s.st
	in, err := st.svc.AutoRosterInput(st.ctx, st.sess, s.month)
	if err != nil {
		st.showError(err)
		return nil
	}
	p, err := autoroster.FromRoster(*in)
	if err != nil {
		st.showError(err)
		return nil
	}
	g := &autoGen{s: s, month: s.month, p: p, first: in.First, prefs: in.Preferences}
	var opts []string
	for _, d := range autoGenLimits {
		opts = append(opts, Tf("autogen.seconds", int(d/time.Second)))
	}
	g.limit = widget.NewRadioGroup(opts, nil)
	g.limit.Horizontal = true
	g.limit.Required = true
	g.limit.SetSelected(opts[0])
	g.objLbl = widget.NewLabel(T("autogen.ready"))
	g.summary = widget.NewLabel("")
	g.summary.Wrapping = fyne.TextWrapWord
	g.task = newTask()
	g.startBtn = widget.NewButtonWithIcon(T("autogen.start"), theme.MediaPlayIcon(), g.start)
	g.startBtn.Importance = widget.HighImportance
	g.accept = widget.NewButtonWithIcon(T("autogen.accept"), theme.ConfirmIcon(), g.onAccept)
	g.accept.Disable()
	g.discard = widget.NewButtonWithIcon(T("autogen.discard"), theme.CancelIcon(), g.close)
	info := widget.NewLabel(Tf("autogen.info", len(p.Employees), p.Days, len(in.Locked), len(in.Leave)))
	info.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(
		info,
		widget.NewForm(widget.NewFormItem(T("autogen.time_limit"), g.limit)),
		g.objLbl, g.task.box, g.summary,
		container.NewHBox(g.startBtn, g.accept, g.discard),
	)
	g.dlg = dialog.NewCustomWithoutButtons(Tf("autogen.title", s.month.Year, int(s.month.Month)),
		container.NewGridWrap(fyne.NewSize(520, 300), content), st.win)
	g.dlg.Show()
	return g
}

// timeLimit is the selected time limit.
func (g *autoGen) timeLimit() time.Duration {
	if i := selectIndex(g.limit.Options, g.limit.Selected); i >= 0 && i < len(autoGenLimits) {
		return autoGenLimits[i]
	}
	return autoGenLimits[0]
}

// start runs the generator in the background.
func (g *autoGen) start() {
	if g.task.running() {
		return
	}
	g.proposal = nil
	g.accept.Disable()
	g.startBtn.Disable()
	g.limit.Disable()
	g.summary.SetText("")
	limit := g.timeLimit()
	opt := autoroster.Options{TimeLimit: limit, Seed: 1, Threads: 2, MaxIterations: g.maxIterations}
	var sol autoroster.Solution
	var stats autoroster.Stats
	g.s.st.run(g.task, T("autogen.running"), func(ctx context.Context, progress func(done, total int)) error {
		opt.Progress = func(obj int, _ time.Duration) {
			fyne.Do(func() { g.objLbl.SetText(Tf("autogen.objective", obj)) })
		}
		// The run ends when its effort budget or its time runs out,
		// whichever comes first (on this machine mostly the effort): the
		// bar shows the larger of the two fractions.
		start := time.Now()
		opt.Effort = func(done, budget int64) {
			progress(int(runProgress(time.Since(start), limit, done, budget)*1000), 1000)
		}
		sol, stats = autoroster.Solve(ctx, g.p, opt)
		progress(1, 1)
		return stats.Err
	}, func(err error) {
		g.startBtn.Enable()
		g.limit.Enable()
		if err != nil && !(errors.Is(err, context.Canceled) && sol != nil) {
			g.objLbl.SetText(errText(err))
			return
		}
		g.show(sol, stats, err != nil)
	})
}

// runProgress is the fraction of a run done: the larger of its time and
// its effort spent, against their limits (a zero limit counts as none),
// at most 1.
func runProgress(elapsed, limit time.Duration, done, budget int64) float64 {
	f := 0.0
	if limit > 0 {
		f = float64(elapsed) / float64(limit)
	}
	if budget > 0 {
		f = max(f, float64(done)/float64(budget))
	}
	return min(f, 1)
}

// show puts a finished run's roster up as the proposal.
func (g *autoGen) show(sol autoroster.Solution, stats autoroster.Stats, stopped bool) {
	g.proposal = autoroster.Assignments(g.p, g.first, sol)
	g.objective = stats.Objective
	changed := 0
	mr := g.s.mr
	for _, a := range g.proposal {
		if mr == nil || mr.Shift(a.Employee, a.Date.Day) != a.Shift {
			changed++
		}
	}
	short := 0
	for _, c := range g.p.Cover {
		n := 0
		for e := range sol {
			if sol[e][c.Day] == c.Shift {
				n++
			}
		}
		short += max(0, c.Requirement-n)
	}
	g.prefsMet = preferencesMet(g.prefs, g.proposal)
	text := Tf("autogen.summary", len(g.proposal), changed, short, stats.Objective)
	if len(g.prefs) > 0 {
		text += " " + Tf("autogen.prefs_met", g.prefsMet, len(g.prefs))
	}
	if stats.Optimal {
		text += " " + T("autogen.optimal")
	}
	if stopped {
		text = T("autogen.stopped") + " " + text
	}
	g.objLbl.SetText(Tf("autogen.objective", stats.Objective))
	g.summary.SetText(text)
	g.accept.Enable()
}

// onAccept applies the proposal; a published month asks for a reason.
func (g *autoGen) onAccept() {
	if g.proposal == nil {
		return
	}
	st := g.s.st
	if g.s.mr != nil && g.s.mr.Published {
		st.askText(T("roster.change_reason_title"), T("roster.change_reason"), true, g.apply)
		return
	}
	g.apply("")
}

// apply writes the proposal and refreshes the grid.
func (g *autoGen) apply(reason string) {
	st := g.s.st
	if err := st.svc.ApplyAutoRoster(st.ctx, st.sess, g.month, g.proposal, reason); err != nil {
		st.showError(err)
		return
	}
	g.dlg.Hide()
	g.s.refresh()
}

// close cancels a run and closes the dialog, discarding any proposal.
func (g *autoGen) close() {
	if g.task.cancel != nil {
		g.task.cancel()
	}
	g.proposal = nil
	g.dlg.Hide()
}

// preferencesMet counts the preferences that the assignments honour (a
// day without an assignment is a day off).
func preferencesMet(prefs []autoroster.AppPreference, as []roster.Assignment) int {
	type key struct {
		emp  string
		date roster.Date
	}
	shift := make(map[key]string, len(as))
	for _, a := range as {
		shift[key{a.Employee, a.Date}] = a.Shift
	}
	n := 0
	for _, p := range prefs {
		sp := roster.ShiftPreference{Shift: p.Shift, On: p.On}
		if sp.Met(shift[key{p.Employee, p.Date}]) {
			n++
		}
	}
	return n
}
