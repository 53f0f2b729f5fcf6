// Screen owned by UI engineer 2.

package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiftguard/compliance"
	"shiftguard/roster"
	"shiftguard/store"
)

// settingsScreen (设置) shows every policy parameter with a plain
// explanation, the policy's version history, the center's name and time
// zone, the data folder with a backup button and, for an admin, the user
// accounts. Only an admin may change anything; everyone else sees the
// values read-only (the service refuses their changes too).
type settingsScreen struct {
	st    *appState
	admin bool

	policy   compliance.Policy
	ints     []*widget.Entry // one per policyInts entry
	dailyLog *widget.Check
	points   map[compliance.Rule]*widget.Entry
	ladder   [4]*widget.Entry
	mirror   map[*widget.Entry]*widget.Label // read-only labels of non-admins
	save     *widget.Button

	versions     []store.PolicyVersion
	versionTable *textTable

	center   *widget.Entry
	timeZone *widget.Entry
	saveSite *widget.Button
	backup   *widget.Button
	backups  *task

	users     []roster.User
	userTable *textTable
	userSel   int
	newUser   *userForm // the last new-user form (tests)
}

// policyInt is one whole-number parameter of the policy: its key in
// RULES.md, its label and plain explanation in the UI language.
type policyInt struct {
	key, label, help string
	ptr              func(p *compliance.Policy) *int
}

// policyInts lists the whole-number parameters in RULES.md order.
func policyInts() []policyInt {
	return []policyInt{
		{"early_arrival_min", T("settings.p.early_arrival_min"), T("settings.h.early_arrival_min"), func(p *compliance.Policy) *int { return &p.EarlyArrivalMin }},
		{"late_major_min", T("settings.p.late_major_min"), T("settings.h.late_major_min"), func(p *compliance.Policy) *int { return &p.LateMajorMin }},
		{"handover_grace_min", T("settings.p.handover_grace_min"), T("settings.h.handover_grace_min"), func(p *compliance.Policy) *int { return &p.HandoverGraceMin }},
		{"handover_ack_grace_min", T("settings.p.handover_ack_grace_min"), T("settings.h.handover_ack_grace_min"), func(p *compliance.Policy) *int { return &p.HandoverAckGraceMin }},
		{"handover_overlap_max_min", T("settings.p.handover_overlap_max_min"), T("settings.h.handover_overlap_max_min"), func(p *compliance.Policy) *int { return &p.HandoverOverlapMaxMin }},
		{"relief_wait_max_min", T("settings.p.relief_wait_max_min"), T("settings.h.relief_wait_max_min"), func(p *compliance.Policy) *int { return &p.ReliefWaitMaxMin }},
		{"break_after_min", T("settings.p.break_after_min"), T("settings.h.break_after_min"), func(p *compliance.Policy) *int { return &p.BreakAfterMin }},
		{"break_min", T("settings.p.break_min"), T("settings.h.break_min"), func(p *compliance.Policy) *int { return &p.BreakMin }},
		{"break_max_min", T("settings.p.break_max_min"), T("settings.h.break_max_min"), func(p *compliance.Policy) *int { return &p.BreakMaxMin }},
		{"left_post_grace_min", T("settings.p.left_post_grace_min"), T("settings.h.left_post_grace_min"), func(p *compliance.Policy) *int { return &p.LeftPostGraceMin }},
		{"points_window_days", T("settings.p.points_window_days"), T("settings.h.points_window_days"), func(p *compliance.Policy) *int { return &p.PointsWindowDays }},
		{"service_stars_per_month", T("settings.p.service_stars_per_month"), T("settings.h.service_stars_per_month"), func(p *compliance.Policy) *int { return &p.ServiceStarsPerMonth }},
	}
}

// defaultPolicyReason is the reason the store gives the first policy
// version (shown translated).
const defaultPolicyReason = "default policy of RULES.md"

func newSettingsScreen(st *appState) *settingsScreen {
	return &settingsScreen{st: st, admin: st.sess != nil && st.sess.User.Role == roster.RoleAdmin, userSel: -1}
}

func (s *settingsScreen) buildUI() fyne.CanvasObject {
	tabs := container.NewAppTabs(
		container.NewTabItem(T("settings.tab_policy"), s.policyTab()),
		container.NewTabItem(T("settings.tab_center"), s.centerTab()),
	)
	if s.admin {
		tabs.Append(container.NewTabItem(T("settings.tab_users"), s.usersTab()))
	}
	s.refresh()
	return tabs
}

// policyTab: every parameter as a form row with its explanation under it,
// then the version history.
func (s *settingsScreen) policyTab() fyne.CanvasObject {
	// One form, so that every value lines up; the sections are rows of it.
	form := widget.NewForm()
	row := func(label string, w fyne.CanvasObject, help string) {
		form.Items = append(form.Items, &widget.FormItem{Text: label, Widget: explained(w, help)})
	}
	section := func(title string) {
		form.Items = append(form.Items, &widget.FormItem{Text: "", Widget: heading(title)})
	}
	section(T("settings.rules"))
	fields := policyInts()
	s.ints = make([]*widget.Entry, len(fields))
	for i, f := range fields {
		e := widget.NewEntry()
		s.ints[i] = e
		row(f.label, s.field(e), f.help)
	}
	s.dailyLog = widget.NewCheck(T("settings.p.daily_log_required"), nil)
	row("", s.dailyLog, T("settings.h.daily_log_required"))

	section(T("settings.points"))
	s.points = map[compliance.Rule]*widget.Entry{}
	for _, r := range compliance.Rules {
		e := widget.NewEntry()
		s.points[r] = e
		row(r.Label(currentLang()), s.field(e), Tf("settings.h.points", r.Label(currentLang())))
	}
	section(T("settings.ladder"))
	for i := range s.ladder {
		e := widget.NewEntry()
		s.ladder[i] = e
		lv := compliance.Level(i + 1).Label(currentLang())
		row(lv, s.field(e), Tf("settings.h.ladder", lv))
	}
	s.save = widget.NewButtonWithIcon(T("settings.save_policy"), theme.DocumentSaveIcon(), s.onSavePolicy)
	for _, e := range s.allEntries() {
		if !s.admin {
			e.Disable()
		}
	}
	if !s.admin {
		s.dailyLog.Disable()
		s.save.Hide()
	}
	note := widget.NewLabel(T("settings.policy_help"))
	if !s.admin {
		note.SetText(T("settings.read_only"))
	}
	note.Wrapping = fyne.TextWrapWord
	params := container.NewVBox(note, form, container.NewHBox(s.save))

	s.versionTable = newTextTable(
		[]string{T("settings.col_version"), T("settings.col_when"), T("settings.col_by"), T("col.reason")},
		[]float32{64, 130, 100, 220},
		func() int { return len(s.versions) },
		func(r, c int) string {
			v := s.versions[r]
			switch c {
			case 0:
				return strconv.Itoa(v.Policy.Version)
			case 1:
				return s.st.fmtDateTime(v.CreatedAt)
			case 2:
				if v.CreatedBy == "system" {
					return T("settings.system")
				}
				return v.CreatedBy
			}
			if v.Reason == defaultPolicyReason {
				return T("settings.default_reason")
			}
			return v.Reason
		})
	history := container.NewBorder(heading(T("settings.history")), nil, nil, nil, s.versionTable)
	split := container.NewHSplit(container.NewVScroll(params), history)
	split.Offset = 0.64
	return split
}

// explained puts a small, wrapped explanation under w (a form's own hint
// text does not wrap, and the English ones are long).
func explained(w fyne.CanvasObject, help string) fyne.CanvasObject {
	l := widget.NewLabel(help)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	return container.NewVBox(w, l)
}

// field is what the form shows for a parameter's entry: the entry for an
// admin, a plain label (easier to read than a greyed-out entry) for
// everyone else; the entry then stays disabled and out of sight.
func (s *settingsScreen) field(e *widget.Entry) fyne.CanvasObject {
	if s.admin {
		return e
	}
	if s.mirror == nil {
		s.mirror = map[*widget.Entry]*widget.Label{}
	}
	l := widget.NewLabel("")
	s.mirror[e] = l
	return l
}

// setValue shows n in e (and in its label for non-admins).
func (s *settingsScreen) setValue(e *widget.Entry, n int) {
	e.SetText(strconv.Itoa(n))
	if l := s.mirror[e]; l != nil {
		l.SetText(e.Text)
	}
}

// allEntries returns every policy entry.
func (s *settingsScreen) allEntries() []*widget.Entry {
	out := append([]*widget.Entry(nil), s.ints...)
	for _, r := range compliance.Rules {
		out = append(out, s.points[r])
	}
	return append(out, s.ladder[:]...)
}

// centerTab: name and time zone, data folder and backup.
func (s *settingsScreen) centerTab() fyne.CanvasObject {
	s.center = widget.NewEntry()
	s.timeZone = widget.NewEntry()
	s.timeZone.SetPlaceHolder("Asia/Shanghai")
	s.saveSite = widget.NewButtonWithIcon(T("settings.save_center"), theme.DocumentSaveIcon(), s.onSaveCenter)
	folder := widget.NewLabel(s.dataFolder())
	folder.Wrapping = fyne.TextWrapBreak
	s.backup = widget.NewButtonWithIcon(T("settings.backup"), theme.DownloadIcon(), s.onBackup)
	s.backups = newTask()
	if !s.admin {
		s.center.Disable()
		s.timeZone.Disable()
		s.saveSite.Hide()
		s.backup.Hide()
	}
	form := &widget.Form{Items: []*widget.FormItem{
		{Text: T("settings.center_name"), Widget: s.center},
		{Text: T("settings.time_zone"), Widget: s.timeZone, HintText: T("settings.h.time_zone")},
	}}
	return container.NewVScroll(container.NewVBox(
		heading(T("settings.center")), form, container.NewHBox(s.saveSite),
		widget.NewSeparator(),
		heading(T("settings.data_folder")), folder,
		widget.NewLabel(T("settings.backup_help")),
		container.NewHBox(s.backup), s.backups.box))
}

// dataFolder is the folder of the database file.
func (s *settingsScreen) dataFolder() string {
	p := s.st.opts.DBPath
	if p == "" {
		p = s.st.svc.DB().Path()
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return filepath.Dir(p)
}

// refresh reloads the policy, its history and the center's settings.
func (s *settingsScreen) refresh() {
	ctx := s.st.ctx
	p, err := s.st.svc.Policy(ctx, s.st.sess)
	if err != nil {
		s.st.showError(err)
		return
	}
	s.policy = p
	s.showPolicy(p)
	if vs, err := s.st.svc.PolicyVersions(ctx, s.st.sess); err == nil {
		s.versions = vs
		s.versionTable.Refresh()
	}
	if c, err := s.st.svc.Settings(ctx, s.st.sess); err == nil {
		s.center.SetText(c.CenterName)
		s.timeZone.SetText(c.TimeZone)
	}
	if s.admin {
		s.loadUsers()
	}
}

// showPolicy puts p's values into the entries.
func (s *settingsScreen) showPolicy(p compliance.Policy) {
	for i, f := range policyInts() {
		s.setValue(s.ints[i], *f.ptr(&p))
	}
	s.dailyLog.SetChecked(p.DailyLogRequired)
	for _, r := range compliance.Rules {
		s.setValue(s.points[r], p.Points[r])
	}
	for i := range s.ladder {
		s.setValue(s.ladder[i], p.Ladder[i])
	}
}

// readPolicy reads the entries into a copy of the current policy, naming
// the parameter of a value that is not a whole number.
func (s *settingsScreen) readPolicy() (compliance.Policy, error) {
	p := s.policy.Clone()
	for i, f := range policyInts() {
		n, err := parseIntField(f.key, s.ints[i].Text)
		if err != nil {
			return p, err
		}
		*f.ptr(&p) = n
	}
	p.DailyLogRequired = s.dailyLog.Checked
	for _, r := range compliance.Rules {
		n, err := parseIntField("points."+string(r), s.points[r].Text)
		if err != nil {
			return p, err
		}
		p.Points[r] = n
	}
	for i := range s.ladder {
		n, err := parseIntField(fmt.Sprintf("ladder[%d]", i+1), s.ladder[i].Text)
		if err != nil {
			return p, err
		}
		p.Ladder[i] = n
	}
	return p, p.Validate()
}

// onSavePolicy asks for the reason of the change and saves a new version.
func (s *settingsScreen) onSavePolicy() {
	p, err := s.readPolicy()
	if err != nil {
		s.st.showError(err)
		return
	}
	s.st.askText(T("settings.save_policy"), T("settings.policy_reason"), true, func(reason string) {
		s.savePolicy(p, reason)
	})
}

// savePolicy saves p as a new version with reason.
func (s *settingsScreen) savePolicy(p compliance.Policy, reason string) {
	v, err := s.st.svc.SavePolicy(s.st.ctx, s.st.sess, p, reason)
	if err != nil {
		s.st.showError(err)
		return
	}
	s.refresh()
	s.st.info(T("settings.saved_title"), Tf("settings.policy_saved", v))
}

// onSaveCenter saves the center's name and time zone.
func (s *settingsScreen) onSaveCenter() {
	c := store.Settings{CenterName: strings.TrimSpace(s.center.Text), TimeZone: strings.TrimSpace(s.timeZone.Text)}
	if err := s.st.svc.SaveSettings(s.st.ctx, s.st.sess, c); err != nil {
		s.st.showError(err)
		return
	}
	if loc, err := s.st.svc.Location(s.st.ctx); err == nil {
		s.st.loc = loc
	}
	s.st.center = c.CenterName
	s.st.win.SetTitle(c.CenterName + " · ShiftGuard")
	s.st.info(T("settings.saved_title"), T("settings.center_saved"))
}

// onBackup asks where to save the copy of the database.
func (s *settingsScreen) onBackup() {
	d := dialog.NewFileSave(pickedPath[fyne.URIWriteCloser](s.st, s.backupTo), s.st.win)
	d.SetFileName(fmt.Sprintf("shiftguard-%s.db", s.st.today()))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db"}))
	if l, err := storage.ListerForURI(storage.NewFileURI(s.dataFolder())); err == nil {
		d.SetLocation(l)
	}
	d.Show()
}

// pickedPath is the callback of a file dialog: it closes the chosen file
// and passes its path to then; a cancelled dialog does nothing and an
// error is shown.
func pickedPath[C interface {
	URI() fyne.URI
	Close() error
}](st *appState, then func(path string)) func(C, error) {
	return func(c C, err error) {
		if err != nil {
			st.showError(err)
			return
		}
		if any(c) == nil {
			return
		}
		path := c.URI().Path()
		c.Close()
		then(path)
	}
}

// backupTo writes a consistent copy of the database to path in the
// background.
func (s *settingsScreen) backupTo(path string) {
	s.st.run(s.backups, T("settings.backing_up"), func(ctx context.Context, _ func(int, int)) error {
		return s.st.svc.Backup(ctx, s.st.sess, path)
	}, func(err error) {
		if err != nil {
			s.st.showError(err)
			return
		}
		s.st.info(T("settings.saved_title"), Tf("settings.backup_done", path))
	})
}

// ---- users (admin) ----

// usersTab lists the accounts with buttons to create, edit, reset the
// password or PIN, and deactivate.
func (s *settingsScreen) usersTab() fyne.CanvasObject {
	s.userTable = newTextTable(
		[]string{T("settings.col_username"), T("settings.col_display"), T("settings.col_role"), T("settings.col_employee"), T("settings.col_enabled")},
		[]float32{140, 160, 110, 120, 70},
		func() int { return len(s.users) },
		func(r, c int) string {
			u := s.users[r]
			switch c {
			case 0:
				return u.Username
			case 1:
				return u.DisplayName
			case 2:
				return roleLabel(u.Role)
			case 3:
				return u.EmployeeCode
			}
			return yesNo(u.Active)
		})
	s.userTable.OnRow = func(r int) { s.userSel = r }
	bar := container.NewHBox(
		widget.NewButtonWithIcon(T("settings.user_new"), theme.ContentAddIcon(), s.onNewUser),
		widget.NewButtonWithIcon(T("action.edit"), theme.DocumentCreateIcon(), s.onEditUser),
		widget.NewButtonWithIcon(T("settings.reset_password"), theme.AccountIcon(), s.onResetPassword),
		widget.NewButtonWithIcon(T("settings.reset_pin"), theme.LoginIcon(), s.onResetPIN),
		widget.NewButtonWithIcon(T("action.deactivate"), theme.DeleteIcon(), s.onDeactivateUser),
	)
	return container.NewBorder(bar, nil, nil, nil, s.userTable)
}

// loadUsers reloads the accounts.
func (s *settingsScreen) loadUsers() {
	us, err := s.st.svc.Users(s.st.ctx, s.st.sess)
	if err != nil {
		s.st.showError(err)
		return
	}
	s.users = us
	if s.userSel >= len(us) {
		s.userSel = -1
	}
	s.userTable.Refresh()
}

// selectedUser is the selected account, nil (with a message) when none.
func (s *settingsScreen) selectedUser() *roster.User {
	if s.userSel < 0 || s.userSel >= len(s.users) {
		s.st.showError(roster.FieldErrorf("user", "select a user first"))
		return nil
	}
	u := s.users[s.userSel]
	return &u
}

var userRoles = []roster.Role{roster.RoleAgent, roster.RoleManager, roster.RoleHR, roster.RoleAdmin}

// roleSelect is a select of the roles in the UI language.
func roleSelect(r roster.Role) (*widget.Select, func() roster.Role) {
	var names []string
	for _, x := range userRoles {
		names = append(names, roleLabel(x))
	}
	sel := widget.NewSelect(names, nil)
	for i, x := range userRoles {
		if x == r {
			sel.SetSelectedIndex(i)
		}
	}
	return sel, func() roster.Role {
		if i := sel.SelectedIndex(); i >= 0 {
			return userRoles[i]
		}
		return ""
	}
}

// employeeSelect offers "none" and the active employees by code.
func (s *settingsScreen) employeeSelect(code string) (*widget.Select, func() string) {
	opts := []string{T("settings.no_employee")}
	var codes []string
	emps, _ := s.st.svc.Employees(s.st.ctx, s.st.sess, store.EmployeeFilter{})
	for _, e := range emps {
		opts = append(opts, e.Code+" "+e.Name)
		codes = append(codes, e.Code)
	}
	sel := widget.NewSelect(opts, nil)
	sel.SetSelectedIndex(0)
	for i, c := range codes {
		if c == code {
			sel.SetSelectedIndex(i + 1)
		}
	}
	return sel, func() string {
		if i := sel.SelectedIndex(); i > 0 {
			return codes[i-1]
		}
		return ""
	}
}

// userForm holds the fields of the new-user form (tests fill them).
type userForm struct {
	name, display, pass, pin *widget.Entry
	role, emp                *widget.Select
}

// userDialog shows a form about an account; OK runs do and reloads the
// accounts (a failure keeps the form open with the error).
func (s *settingsScreen) userDialog(title string, items []*widget.FormItem, do func() error) {
	s.st.formDialog(title, items, func() error {
		if err := do(); err != nil {
			return err
		}
		s.loadUsers()
		return nil
	})
}

// onNewUser opens the form for a new account.
func (s *settingsScreen) onNewUser() {
	f := &userForm{name: widget.NewEntry(), display: widget.NewEntry(), pass: widget.NewPasswordEntry(), pin: widget.NewPasswordEntry()}
	var getRole func() roster.Role
	var getEmp func() string
	f.role, getRole = roleSelect(roster.RoleAgent)
	f.emp, getEmp = s.employeeSelect("")
	s.newUser = f
	s.userDialog(T("settings.user_new"), []*widget.FormItem{
		{Text: T("settings.col_username"), Widget: f.name},
		{Text: T("settings.col_display"), Widget: f.display},
		{Text: T("settings.col_role"), Widget: f.role},
		{Text: T("settings.col_employee"), Widget: f.emp},
		{Text: T("settings.password"), Widget: f.pass, HintText: T("settings.h.password")},
		{Text: T("settings.pin"), Widget: f.pin, HintText: T("settings.h.pin")},
	}, func() error {
		u := roster.User{Username: strings.TrimSpace(f.name.Text), DisplayName: strings.TrimSpace(f.display.Text),
			Role: getRole(), EmployeeCode: getEmp(), Active: true}
		return s.st.svc.CreateUser(s.st.ctx, s.st.sess, &u, f.pass.Text, strings.TrimSpace(f.pin.Text))
	})
}

// onEditUser changes the display name, role, linked employee and active
// flag of the selected account.
func (s *settingsScreen) onEditUser() {
	u := s.selectedUser()
	if u == nil {
		return
	}
	display := widget.NewEntry()
	display.SetText(u.DisplayName)
	role, getRole := roleSelect(u.Role)
	emp, getEmp := s.employeeSelect(u.EmployeeCode)
	active := widget.NewCheck(T("settings.col_enabled"), nil)
	active.SetChecked(u.Active)
	s.userDialog(Tf("settings.user_edit", u.Username), []*widget.FormItem{
		{Text: T("settings.col_display"), Widget: display},
		{Text: T("settings.col_role"), Widget: role},
		{Text: T("settings.col_employee"), Widget: emp},
		{Text: "", Widget: active},
	}, func() error {
		v := *u
		v.DisplayName, v.Role, v.EmployeeCode, v.Active = strings.TrimSpace(display.Text), getRole(), getEmp(), active.Checked
		return s.st.svc.UpdateUser(s.st.ctx, s.st.sess, &v)
	})
}

// onResetPassword sets a new password for the selected account.
func (s *settingsScreen) onResetPassword() {
	u := s.selectedUser()
	if u == nil {
		return
	}
	pass := widget.NewPasswordEntry()
	s.userDialog(Tf("settings.reset_password_for", u.Username), []*widget.FormItem{
		{Text: T("settings.password"), Widget: pass, HintText: T("settings.h.password")},
	}, func() error {
		if err := s.st.svc.ResetPassword(s.st.ctx, s.st.sess, u.Username, pass.Text); err != nil {
			return err
		}
		s.st.info(T("settings.saved_title"), Tf("settings.password_reset", u.Username))
		return nil
	})
}

// onResetPIN sets (or, empty, removes) the kiosk PIN of the selected account.
func (s *settingsScreen) onResetPIN() {
	u := s.selectedUser()
	if u == nil {
		return
	}
	pin := widget.NewPasswordEntry()
	s.userDialog(Tf("settings.reset_pin_for", u.Username), []*widget.FormItem{
		{Text: T("settings.pin"), Widget: pin, HintText: T("settings.h.pin_reset")},
	}, func() error {
		return s.st.svc.ResetPIN(s.st.ctx, s.st.sess, u.Username, strings.TrimSpace(pin.Text))
	})
}

// onDeactivateUser stops the selected account from signing in.
func (s *settingsScreen) onDeactivateUser() {
	u := s.selectedUser()
	if u == nil {
		return
	}
	s.st.confirm(T("action.deactivate"), Tf("settings.deactivate_confirm", u.Username), func() {
		v := *u
		v.Active = false
		if err := s.st.svc.UpdateUser(s.st.ctx, s.st.sess, &v); err != nil {
			s.st.showError(err)
		}
		s.loadUsers()
	})
}
