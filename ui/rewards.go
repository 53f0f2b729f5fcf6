package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiftguard/compliance"
	"shiftguard/roster"
	"shiftguard/store"
)

// rewardsScreen (奖惩) shows standings and ladder levels, the proposed
// discipline actions HR confirms or dismisses, perfect-attendance
// suggestions, service-star candidates, and manual rewards and penalties.
type rewardsScreen struct {
	st    *appState
	names map[string]roster.Employee
	month *widget.Entry
	tabs  *container.AppTabs

	standings  []store.Standing
	standTable *textTable

	actions   []compliance.DisciplineAction
	actTable  *textTable
	actStatus *widget.Select
	actSel    int

	perfect   []store.Candidate
	perfTable *textTable
	perfSel   int
	stars     []store.Candidate
	starTable *textTable
	starTeam  *widget.Select
	starSel   int

	rewards  []compliance.Reward
	rewTable *textTable
	rewSel   int
}

func newRewardsScreen(st *appState) *rewardsScreen { return &rewardsScreen{st: st} }

func actionStatusLabel(s compliance.ActionStatus) string {
	switch s {
	case compliance.ActionProposed:
		return T("action.proposed")
	case compliance.ActionConfirmed:
		return T("action.confirmed")
	case compliance.ActionDismissed:
		return T("action.dismissed")
	case compliance.ActionRevoked:
		return T("action.revoked")
	}
	return string(s)
}

func (s *rewardsScreen) buildUI() fyne.CanvasObject {
	lang := currentLang()
	s.actSel, s.perfSel, s.starSel, s.rewSel = -1, -1, -1, -1
	s.month = widget.NewEntry()
	s.month.SetText(roster.MonthOf(s.st.today()).Prev().String())
	load := widget.NewButtonWithIcon(T("filter.apply"), theme.SearchIcon(), s.refresh)
	top := container.NewHBox(widget.NewLabel(T("rewards.month")), sized(s.month, 90), load)

	s.standTable = newTextTable(
		[]string{T("col.employee"), T("col.name"), T("col.team"), T("col.points"), T("col.level")},
		[]float32{90, 110, 120, 70, 140},
		func() int { return len(s.standings) },
		func(r, c int) string {
			x := &s.standings[r]
			return [...]string{x.Employee, x.Name, x.Team, fmt.Sprint(x.Points), x.Level.Label(lang)}[c]
		})

	s.actTable = newTextTable(
		[]string{T("col.proposed"), T("col.employee"), T("col.name"), T("col.level"), T("col.points"), T("col.status"), T("col.decided_by"), T("col.reason"), T("col.fine")},
		[]float32{130, 80, 80, 110, 50, 70, 80, 180, 70},
		func() int { return len(s.actions) },
		func(r, c int) string {
			x := &s.actions[r]
			fine := ""
			if x.FineCents > 0 {
				fine = fmt.Sprintf("%.2f", float64(x.FineCents)/100)
			}
			return [...]string{s.st.fmtDateTime(x.ProposedAt), x.Employee, s.names[x.Employee].Name, x.Level.Label(lang), fmt.Sprint(x.Points),
				actionStatusLabel(x.Status), x.DecidedBy, x.Reason, fine}[c]
		})
	s.actTable.OnRow = func(r int) { s.actSel = r }
	s.actStatus = widget.NewSelect([]string{T("action.proposed"), T("filter.all_status")}, func(string) { s.loadActions() })
	s.actStatus.SetSelectedIndex(0)
	actBar := container.NewHBox(sized(s.actStatus, 130))
	if s.st.isHR() {
		actBar.Add(widget.NewButtonWithIcon(T("action.confirm"), theme.ConfirmIcon(), s.confirmAction))
		actBar.Add(widget.NewButtonWithIcon(T("action.dismiss"), theme.CancelIcon(), s.dismissAction))
		actBar.Add(widget.NewButtonWithIcon(T("action.revoke"), theme.ContentUndoIcon(), s.revokeAction))
	}

	candCols := []string{T("col.employee"), T("col.name"), T("col.team"), T("col.shifts"), T("col.points"), T("col.awarded")}
	candWidths := []float32{90, 110, 120, 70, 70, 80}
	candCell := func(list *[]store.Candidate) func(r, c int) string {
		return func(r, c int) string {
			x := &(*list)[r]
			return [...]string{x.Employee, x.Name, x.Team, fmt.Sprint(x.Shifts), fmt.Sprint(x.Points), yesNo(x.Awarded)}[c]
		}
	}
	s.perfTable = newTextTable(candCols, candWidths, func() int { return len(s.perfect) }, candCell(&s.perfect))
	s.perfTable.OnRow = func(r int) { s.perfSel = r }
	s.starTable = newTextTable(candCols, candWidths, func() int { return len(s.stars) }, candCell(&s.stars))
	s.starTable.OnRow = func(r int) { s.starSel = r }
	s.starTeam = widget.NewSelect([]string{T("filter.all_teams")}, func(string) { s.loadStars() })
	canAward := !s.st.isAgent()

	s.rewTable = newTextTable(
		[]string{T("col.date"), T("col.employee"), T("col.name"), T("col.kind"), T("col.points"), T("col.reason"), T("col.awarded_by"), T("col.revoked")},
		[]float32{96, 80, 80, 110, 50, 220, 80, 60},
		func() int { return len(s.rewards) },
		func(r, c int) string {
			x := &s.rewards[r]
			return [...]string{x.Date.String(), x.Employee, s.names[x.Employee].Name, x.Kind.Label(lang), fmt.Sprint(x.Points), x.Reason, x.AwardedBy, yesNo(x.Revoked)}[c]
		})
	s.rewTable.OnRow = func(r int) { s.rewSel = r }
	rewBar := container.NewHBox()
	if s.st.isHR() {
		rewBar.Add(widget.NewButtonWithIcon(T("rewards.manual_reward"), theme.ContentAddIcon(), func() { s.manual(compliance.ManualReward) }))
		rewBar.Add(widget.NewButtonWithIcon(T("rewards.manual_penalty"), theme.ContentRemoveIcon(), func() { s.manual(compliance.ManualPenalty) }))
		rewBar.Add(widget.NewButtonWithIcon(T("action.revoke"), theme.ContentUndoIcon(), s.revokeReward))
	}

	perfBar := container.NewHBox(widget.NewLabel(T("rewards.perfect_hint")))
	starBar := container.NewHBox(sized(s.starTeam, 140), widget.NewLabel(T("rewards.star_hint")))
	if canAward {
		perfBar.Add(widget.NewButtonWithIcon(T("rewards.award"), theme.ConfirmIcon(), func() { s.award(compliance.PerfectAttendance, s.perfect, s.perfSel) }))
		starBar.Add(widget.NewButtonWithIcon(T("rewards.award"), theme.ConfirmIcon(), func() { s.award(compliance.ServiceStar, s.stars, s.starSel) }))
	}
	s.tabs = container.NewAppTabs(
		container.NewTabItem(T("rewards.standings"), s.standTable),
		container.NewTabItem(T("rewards.actions"), container.NewBorder(actBar, nil, nil, nil, s.actTable)),
		container.NewTabItem(T("rewards.perfect"), container.NewBorder(perfBar, nil, nil, nil, s.perfTable)),
		container.NewTabItem(T("rewards.stars"), container.NewBorder(starBar, nil, nil, nil, s.starTable)),
		container.NewTabItem(T("rewards.entries"), container.NewBorder(rewBar, nil, nil, nil, s.rewTable)),
	)
	return container.NewBorder(top, nil, nil, nil, s.tabs)
}

// monthOf reads the month entry (YYYY-MM).
func (s *rewardsScreen) monthOf() (roster.Month, error) {
	d, err := roster.ParseDate(strings.TrimSpace(s.month.Text) + "-01")
	if err != nil {
		return roster.Month{}, roster.FieldErrorf("month", "%q is not a month of the form YYYY-MM", s.month.Text)
	}
	return roster.MonthOf(d), nil
}

func (s *rewardsScreen) refresh() {
	if s.names == nil {
		s.names = s.st.employeeIndex()
		s.starTeam.Options = s.st.teamOptions()
		s.starTeam.SetSelectedIndex(0)
	}
	sts, err := s.st.svc.Standings(s.st.ctx, s.st.sess, s.st.today())
	if err != nil {
		s.st.showError(err)
		return
	}
	s.standings = sts
	s.standTable.Refresh()
	s.loadActions()
	m, err := s.monthOf()
	if err != nil {
		s.st.showError(err)
		return
	}
	if !s.st.isAgent() {
		if s.perfect, err = s.st.svc.PerfectAttendance(s.st.ctx, s.st.sess, m); err != nil {
			s.st.showError(err)
		}
		s.perfSel = -1
		s.perfTable.reload()
		s.loadStars()
	}
	s.loadRewards(m)
}

func (s *rewardsScreen) loadActions() {
	if s.actTable == nil || s.st.sess == nil {
		return
	}
	f := store.ActionFilter{}
	if s.actStatus.SelectedIndex() == 0 {
		f.Status = compliance.ActionProposed
	}
	acts, err := s.st.svc.DisciplineActions(s.st.ctx, s.st.sess, f)
	if err != nil {
		s.st.showError(err)
		return
	}
	s.actions, s.actSel = acts, -1
	s.actTable.reload()
}

func (s *rewardsScreen) loadStars() {
	if s.starTable == nil || s.st.sess == nil || s.st.isAgent() {
		return
	}
	m, err := s.monthOf()
	if err != nil {
		return
	}
	stars, err := s.st.svc.ServiceStarCandidates(s.st.ctx, s.st.sess, m, teamOf(s.starTeam))
	if err != nil {
		s.st.showError(err)
		return
	}
	s.stars, s.starSel = stars, -1
	s.starTable.reload()
}

func (s *rewardsScreen) loadRewards(m roster.Month) {
	rs, err := s.st.svc.Rewards(s.st.ctx, s.st.sess, store.RewardFilter{Month: m, IncludeRevoked: true})
	if err != nil {
		s.st.showError(err)
		return
	}
	s.rewards, s.rewSel = rs, -1
	s.rewTable.reload()
}

func (s *rewardsScreen) selectedAction() *compliance.DisciplineAction {
	if s.actSel < 0 || s.actSel >= len(s.actions) {
		return nil
	}
	return &s.actions[s.actSel]
}

// confirmAction confirms a proposed action (HR); a penalty asks for the fine.
func (s *rewardsScreen) confirmAction() {
	a := s.selectedAction()
	if a == nil {
		return
	}
	id, level := a.ID, a.Level
	reason, fine := widget.NewEntry(), widget.NewEntry()
	fine.SetText("0")
	items := []*widget.FormItem{widget.NewFormItem(T("col.reason"), reason)}
	if level == compliance.LevelPenalty {
		items = append(items, &widget.FormItem{Text: T("col.fine"), Widget: fine, HintText: T("rewards.fine_hint")})
	}
	s.st.formDialog(T("action.confirm"), items, func() error {
		var cents int64
		if level == compliance.LevelPenalty {
			var yuan float64
			if _, err := fmt.Sscanf(strings.TrimSpace(fine.Text), "%g", &yuan); err != nil || yuan < 0 {
				return roster.FieldErrorf("fine", "%q is not an amount", fine.Text)
			}
			cents = int64(yuan*100 + 0.5)
		}
		if err := s.st.svc.ConfirmAction(s.st.ctx, s.st.sess, id, strings.TrimSpace(reason.Text), cents); err != nil {
			return err
		}
		s.refresh()
		return nil
	})
}

func (s *rewardsScreen) dismissAction() {
	a := s.selectedAction()
	if a == nil {
		return
	}
	id := a.ID
	s.st.askText(T("action.dismiss"), T("rewards.dismiss_reason"), true, func(reason string) {
		if err := s.st.svc.DismissAction(s.st.ctx, s.st.sess, id, reason); err != nil {
			s.st.showError(err)
		}
		s.refresh()
	})
}

func (s *rewardsScreen) revokeAction() {
	a := s.selectedAction()
	if a == nil {
		return
	}
	id := a.ID
	s.st.askText(T("action.revoke"), T("rewards.revoke_reason"), true, func(reason string) {
		if err := s.st.svc.RevokeAction(s.st.ctx, s.st.sess, id, reason); err != nil {
			s.st.showError(err)
		}
		s.refresh()
	})
}

// award gives a perfect-attendance or service-star reward to the selected
// candidate.
func (s *rewardsScreen) award(kind compliance.RewardKind, list []store.Candidate, sel int) {
	if sel < 0 || sel >= len(list) {
		return
	}
	m, err := s.monthOf()
	if err != nil {
		s.st.showError(err)
		return
	}
	c := list[sel]
	s.st.askText(kind.Label(currentLang()), Tf("rewards.award_reason", c.Name, c.Employee, m.String()), false, func(reason string) {
		r := &compliance.Reward{Employee: c.Employee, Kind: kind, Month: m, Reason: reason}
		if err := s.st.svc.Award(s.st.ctx, s.st.sess, r); err != nil {
			s.st.showError(err)
		}
		s.refresh()
	})
}

// manual records a manual reward or penalty with a reason (HR).
func (s *rewardsScreen) manual(kind compliance.RewardKind) {
	emp, points, reason := widget.NewEntry(), widget.NewEntry(), widget.NewMultiLineEntry()
	points.SetText("0")
	items := []*widget.FormItem{widget.NewFormItem(T("col.employee"), emp)}
	if kind == compliance.ManualPenalty {
		items = append(items, &widget.FormItem{Text: T("col.points"), Widget: points, HintText: T("rewards.points_hint")})
	}
	items = append(items, widget.NewFormItem(T("col.reason"), reason))
	s.st.formDialog(kind.Label(currentLang()), items, func() error {
		r := &compliance.Reward{Employee: strings.TrimSpace(emp.Text), Kind: kind, Reason: strings.TrimSpace(reason.Text)}
		if kind == compliance.ManualPenalty {
			n, err := parseIntField("points", points.Text)
			if err != nil {
				return err
			}
			r.Points = n
		}
		if err := s.st.svc.Award(s.st.ctx, s.st.sess, r); err != nil {
			return err
		}
		s.refresh()
		return nil
	})
}

func (s *rewardsScreen) revokeReward() {
	if s.rewSel < 0 || s.rewSel >= len(s.rewards) {
		return
	}
	id := s.rewards[s.rewSel].ID
	s.st.askText(T("action.revoke"), T("rewards.revoke_reason"), true, func(reason string) {
		if err := s.st.svc.RevokeReward(s.st.ctx, s.st.sess, id, reason); err != nil {
			s.st.showError(err)
		}
		s.refresh()
	})
}
