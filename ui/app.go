// Package ui is ShiftGuard's desktop interface (Fyne v2.7).
//
// Create is the one door: main.go hands it the app, the window and the
// store's Service. Each screen is a struct that holds its widgets and builds
// them in buildUI; its callbacks are methods. Everything the user does goes
// through the Service with the signed-in Session, which enforces the roles;
// the navigation also shows each role only what it may use. Work that takes
// more than a moment (evaluating a period, exports, the demo center,
// backups) runs in a goroutine with a progress bar and a cancel button and
// updates widgets through fyne.Do.
package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiftguard/assets"
	"shiftguard/roster"
	"shiftguard/store"
)

// Options tune Create.
type Options struct {
	// DBPath is the database file, shown in Settings (its folder is the
	// data folder, where backups go).
	DBPath string
	// Lang is "zh" (or "zh-CN") or "en"; "" uses the choice saved in the
	// preferences, else the system locale.
	Lang string
	// Now is the clock of the duty desk and the service; nil is time.Now.
	// Tests inject a fake clock here.
	Now func() time.Time
}

// Preference keys.
const (
	prefLang  = "lang"
	prefTheme = "theme"
)

// Icon is the app icon as a Fyne resource (assets/icon.png).
var Icon = fyne.NewStaticResource("icon.png", assets.Icon)

// Create builds ShiftGuard in w: the first-run or sign-in screen, then the
// screens of the signed-in role. When opts.Now is set it also becomes
// svc.Now, so punches and notes carry the same time the desk shows. The
// window is sized for 1366×768 screens; call w.ShowAndRun afterwards.
func Create(a fyne.App, w fyne.Window, svc *store.Service, opts Options) {
	newAppState(a, w, svc, opts).showStart()
}

// appState is what every screen shares: the service, the session, the
// language, the window and the clock.
type appState struct {
	app  fyne.App
	win  fyne.Window
	svc  *store.Service
	opts Options
	now  func() time.Time

	sess   *store.Session
	loc    *time.Location
	center string
	// ctx lives as long as the session; signing out cancels it, which stops
	// the desk's timer and any background work.
	ctx    context.Context
	cancel context.CancelFunc

	nav     []*navItem
	tabs    *container.AppTabs
	current string // key of the selected screen

	// noTicker turns off the desk's one-second timer (tests tick by hand).
	noTicker bool
	// bg counts background work so that tests can wait for it.
	bg sync.WaitGroup

	// lastError is the text of the last error shown (for tests).
	lastError string
	// prompt is the open reason/text prompt, if any (for tests).
	prompt *prompt
	// signIn is the sign-in screen while it is shown.
	signIn *signInScreen
	// form is the open form dialog, if any (for tests).
	form *formDlg
	// kiosk is the kiosk while it is shown.
	kiosk *kioskScreen
}

func newAppState(a fyne.App, w fyne.Window, svc *store.Service, opts Options) *appState {
	st := &appState{app: a, win: w, svc: svc, opts: opts, now: opts.Now}
	if st.now == nil {
		st.now = time.Now
	} else {
		svc.Now = opts.Now
	}
	l := normLang(opts.Lang)
	if l == "" {
		l = normLang(a.Preferences().String(prefLang))
	}
	if l == "" {
		l = systemLang()
	}
	setLang(l)
	a.Settings().SetTheme(newTheme(a.Preferences().String(prefTheme) == "dark"))
	a.SetIcon(Icon)
	w.SetIcon(Icon)
	w.Resize(fyne.NewSize(1280, 720))
	st.ctx, st.cancel = context.WithCancel(context.Background())
	return st
}

// navItem is one entry of the navigation: a screen and the roles that see it.
type navItem struct {
	key    string // stable id, also the screenshot's name
	title  func() string
	icon   fyne.Resource
	roles  []roster.Role
	make   func(st *appState) screen
	screen screen
	tab    *container.TabItem
}

// screen is one main screen.
type screen interface {
	buildUI() fyne.CanvasObject
	// refresh reloads the screen's data from the service.
	refresh()
}

var (
	allRoles   = []roster.Role{roster.RoleAdmin, roster.RoleManager, roster.RoleHR, roster.RoleAgent}
	staffRoles = []roster.Role{roster.RoleAdmin, roster.RoleManager, roster.RoleHR}
	mgrRoles   = []roster.Role{roster.RoleAdmin, roster.RoleManager}
)

// navFor returns the screens sess may use, in menu order.
func navFor(sess *store.Session) []*navItem {
	items := []*navItem{
		{key: "desk", title: func() string { return T("nav.desk") }, icon: theme.MediaPlayIcon(), roles: allRoles,
			make: func(st *appState) screen { return newDeskScreen(st, st.sess) }},
		{key: "schedule", title: func() string { return T("nav.schedule") }, icon: theme.CalendarIcon(), roles: []roster.Role{roster.RoleAgent},
			make: func(st *appState) screen { return newScheduleScreen(st) }},
		{key: "roster", title: func() string { return T("nav.roster") }, icon: theme.GridIcon(), roles: mgrRoles,
			make: func(st *appState) screen { return newRosterScreen(st) }},
		{key: "handover", title: func() string { return T("nav.handover") }, icon: theme.DocumentIcon(), roles: allRoles,
			make: func(st *appState) screen { return newHandoverScreen(st) }},
		{key: "attendance", title: func() string { return T("nav.attendance") }, icon: theme.HistoryIcon(), roles: mgrRoles,
			make: func(st *appState) screen { return newAttendanceScreen(st) }},
		{key: "compliance", title: func() string { return T("nav.compliance") }, icon: theme.WarningIcon(), roles: allRoles,
			make: func(st *appState) screen { return newComplianceScreen(st) }},
		{key: "rewards", title: func() string { return T("nav.rewards") }, icon: theme.ListIcon(), roles: allRoles,
			make: func(st *appState) screen { return newRewardsScreen(st) }},
		{key: "reports", title: func() string { return T("nav.reports") }, icon: theme.DownloadIcon(), roles: staffRoles,
			make: func(st *appState) screen { return newReportsScreen(st) }},
		{key: "imports", title: func() string { return T("nav.imports") }, icon: theme.UploadIcon(), roles: mgrRoles,
			make: func(st *appState) screen { return newImportsScreen(st) }},
		{key: "settings", title: func() string { return T("nav.settings") }, icon: theme.SettingsIcon(), roles: staffRoles,
			make: func(st *appState) screen { return newSettingsScreen(st) }},
	}
	var out []*navItem
	for _, it := range items {
		if !hasRole(sess.User.Role, it.roles) {
			continue
		}
		// The desk is for people on the roster.
		if it.key == "desk" && sess.User.EmployeeCode == "" {
			continue
		}
		out = append(out, it)
	}
	return out
}

func hasRole(r roster.Role, roles []roster.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// showStart shows the first-run screen when there is no user yet, the
// sign-in screen otherwise.
func (st *appState) showStart() {
	st.win.SetTitle("ShiftGuard")
	need, err := st.svc.NeedsSetup(context.Background())
	if err != nil {
		st.win.SetContent(widget.NewLabel(errText(err)))
		return
	}
	s := newSignInScreen(st, need)
	st.signIn = s
	st.win.SetContent(s.buildUI())
	st.win.Canvas().Focus(s.focusTarget())
}

// signedIn opens the main UI for sess.
func (st *appState) signedIn(sess *store.Session) {
	st.sess, st.signIn, st.kiosk = sess, nil, nil
	st.cancel()
	st.ctx, st.cancel = context.WithCancel(context.Background())
	loc, err := st.svc.Location(st.ctx)
	if err != nil {
		loc = time.Local
	}
	st.loc = loc
	if s, err := st.svc.Settings(st.ctx, sess); err == nil {
		st.center = s.CenterName
	}
	st.current = ""
	st.buildMain()
}

// signOut ends the session and returns to the sign-in screen.
func (st *appState) signOut() {
	st.cancel()
	st.sess, st.nav, st.tabs, st.kiosk = nil, nil, nil, nil
	st.showStart()
}

// buildMain (re)builds the navigation and the top bar for the session, in
// the current language, keeping the selected screen.
func (st *appState) buildMain() {
	keep := st.current
	st.nav = navFor(st.sess)
	var items []*container.TabItem
	for _, it := range st.nav {
		it.screen = it.make(st)
		it.tab = container.NewTabItemWithIcon(it.title(), it.icon, it.screen.buildUI())
		items = append(items, it.tab)
	}
	st.tabs = container.NewAppTabs(items...)
	st.tabs.SetTabLocation(container.TabLocationLeading)
	st.tabs.OnSelected = func(ti *container.TabItem) {
		for _, it := range st.nav {
			if it.tab == ti {
				st.current = it.key
				it.screen.refresh()
			}
		}
	}
	st.win.SetTitle(st.center + " · ShiftGuard")
	st.win.SetContent(container.NewBorder(st.topBar(), nil, nil, nil, st.tabs))
	if keep == "" && len(st.nav) > 0 {
		keep = st.nav[0].key
	}
	st.show(keep)
}

// show selects the screen key (and refreshes it); false when the role has
// no such screen.
func (st *appState) show(key string) bool {
	for i, it := range st.nav {
		if it.key == key {
			if st.tabs.SelectedIndex() == i {
				st.current = key
				it.screen.refresh()
			} else {
				st.tabs.SelectIndex(i)
			}
			return true
		}
	}
	return false
}

// screenFor returns the screen key of the session, nil when not in the nav.
func (st *appState) screenFor(key string) screen {
	for _, it := range st.nav {
		if it.key == key {
			return it.screen
		}
	}
	return nil
}

// topBar shows the center, the user, the kiosk, language and theme
// switches and the sign-out button.
func (st *appState) topBar() fyne.CanvasObject {
	who := widget.NewLabelWithStyle(fmt.Sprintf("%s · %s", displayName(st.sess.User), roleLabel(st.sess.User.Role)),
		fyne.TextAlignTrailing, fyne.TextStyle{})
	title := widget.NewLabelWithStyle(st.center, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	items := []fyne.CanvasObject{widget.NewIcon(Icon), title, layout.NewSpacer(), who}
	if st.sess.User.Role == roster.RoleManager || st.sess.User.Role == roster.RoleAdmin {
		items = append(items, widget.NewButtonWithIcon(T("kiosk.start"), theme.ComputerIcon(), st.startKiosk))
	}
	items = append(items, st.langSelect(), st.themeButton(),
		widget.NewButtonWithIcon(T("signout"), theme.LogoutIcon(), st.signOut))
	return container.NewVBox(container.NewHBox(items...), widget.NewSeparator())
}

// langSelect switches the language and rebuilds the UI in it.
func (st *appState) langSelect() *widget.Select {
	names := []string{"中文", "English"}
	sel := widget.NewSelect(names, nil)
	if currentLang() == LangEN {
		sel.SetSelectedIndex(1)
	} else {
		sel.SetSelectedIndex(0)
	}
	sel.OnChanged = func(s string) {
		l := LangZH
		if s == "English" {
			l = LangEN
		}
		if l == currentLang() {
			return
		}
		st.switchLang(l)
	}
	return sel
}

// switchLang sets, saves and applies a language.
func (st *appState) switchLang(l string) {
	setLang(l)
	st.app.Preferences().SetString(prefLang, currentLang())
	if st.sess == nil {
		st.showStart()
		return
	}
	st.buildMain()
}

func (st *appState) themeButton() *widget.Button {
	dark := false
	if t, ok := st.app.Settings().Theme().(*sgTheme); ok {
		dark = t.dark()
	}
	label, icon := T("theme.dark"), theme.VisibilityOffIcon()
	if dark {
		label, icon = T("theme.light"), theme.VisibilityIcon()
	}
	return widget.NewButtonWithIcon(label, icon, func() {
		st.setDark(!dark)
	})
}

// setDark applies and saves the theme.
func (st *appState) setDark(dark bool) {
	st.app.Settings().SetTheme(newTheme(dark))
	v := "light"
	if dark {
		v = "dark"
	}
	st.app.Preferences().SetString(prefTheme, v)
	if st.sess == nil {
		st.showStart()
	} else {
		st.buildMain()
	}
}

// ---- messages, errors and prompts ----

// errText is an error in the UI language: the code's meaning, then the
// domain's detail (English; it names the field or row).
func errText(err error) string {
	if err == nil {
		return ""
	}
	if errors.Is(err, context.Canceled) {
		return T("err.cancelled")
	}
	var e *roster.Error
	if !errors.As(err, &e) {
		return Tf("err.internal", err.Error())
	}
	switch e.Code {
	case roster.EUNAUTHORIZED:
		return T("err.unauthorized")
	case roster.EFORBIDDEN:
		return T("err.forbidden")
	case roster.ELOCKED:
		return T("err.locked")
	case roster.ENOTFOUND:
		return Tf("err.notfound", e.Error())
	case roster.ECONFLICT:
		return Tf("err.conflict", e.Error())
	case roster.EINVALID:
		return Tf("err.invalid", e.Error())
	}
	return Tf("err.internal", e.Error())
}

// showError shows err in a dialog (and keeps its text for tests).
func (st *appState) showError(err error) {
	if err == nil {
		return
	}
	st.lastError = errText(err)
	msg := widget.NewLabel(st.lastError)
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(T("err.title"), T("ok"), container.NewGridWrap(fyne.NewSize(420, 80), msg), st.win)
	d.Show()
}

// info shows a short message.
func (st *appState) info(title, message string) {
	msg := widget.NewLabel(message)
	msg.Wrapping = fyne.TextWrapWord
	dialog.NewCustom(title, T("ok"), container.NewGridWrap(fyne.NewSize(420, 60), msg), st.win).Show()
}

// prompt is an open dialog asking for a text (a reason, a note).
type prompt struct {
	entry  *widget.Entry
	dialog *dialog.ConfirmDialog
	submit func()
}

// askText asks for a text; required refuses an empty one. onOK runs with
// the trimmed text.
func (st *appState) askText(title, label string, required bool, onOK func(string)) {
	e := widget.NewMultiLineEntry()
	e.SetMinRowsVisible(3)
	e.SetPlaceHolder(label)
	e.Wrapping = fyne.TextWrapWord
	hint := widget.NewLabel(label)
	hint.Wrapping = fyne.TextWrapWord
	p := &prompt{entry: e}
	content := container.NewGridWrap(fyne.NewSize(440, 150), container.NewBorder(hint, nil, nil, nil, e))
	d := dialog.NewCustomConfirm(title, T("ok"), T("cancel"), content, func(ok bool) {
		st.prompt = nil
		if !ok {
			return
		}
		text := strings.TrimSpace(e.Text)
		if required && text == "" {
			st.showError(roster.FieldErrorf("reason", "a reason is required"))
			return
		}
		onOK(text)
	}, st.win)
	p.dialog = d
	p.submit = func() {
		d.Hide()
		st.prompt = nil
		text := strings.TrimSpace(e.Text)
		if required && text == "" {
			st.showError(roster.FieldErrorf("reason", "a reason is required"))
			return
		}
		onOK(text)
	}
	st.prompt = p
	d.Show()
	st.win.Canvas().Focus(e)
}

// confirm asks a yes/no question.
func (st *appState) confirm(title, message string, onYes func()) {
	msg := widget.NewLabel(message)
	msg.Wrapping = fyne.TextWrapWord
	dialog.NewCustomConfirm(title, T("ok"), T("cancel"), container.NewGridWrap(fyne.NewSize(400, 60), msg), func(ok bool) {
		if ok {
			onYes()
		}
	}, st.win).Show()
}

// ---- long work ----

// task is the progress bar, status and cancel button of one kind of long
// work on a screen.
type task struct {
	bar    *widget.ProgressBar
	status *widget.Label
	stop   *widget.Button
	box    *fyne.Container
	cancel context.CancelFunc
}

func newTask() *task {
	t := &task{bar: widget.NewProgressBar(), status: widget.NewLabel("")}
	t.stop = widget.NewButtonWithIcon(T("cancel"), theme.CancelIcon(), func() {
		if t.cancel != nil {
			t.cancel()
		}
	})
	t.box = container.NewBorder(nil, nil, t.status, t.stop, t.bar)
	t.box.Hide()
	return t
}

// running reports whether the task's work is under way.
func (t *task) running() bool { return t.cancel != nil }

// run does work in a goroutine, showing its progress; done runs on the UI
// goroutine with the result (a cancelled context gives context.Canceled).
func (st *appState) run(t *task, status string, work func(ctx context.Context, progress func(done, total int)) error, done func(error)) {
	if t.running() {
		return
	}
	ctx, cancel := context.WithCancel(st.ctx)
	t.cancel = cancel
	t.status.SetText(status)
	t.bar.SetValue(0)
	t.box.Show()
	st.bg.Add(1)
	go func() {
		defer st.bg.Done()
		err := work(ctx, func(d, total int) {
			if total <= 0 {
				return
			}
			v := float64(d) / float64(total)
			fyne.Do(func() { t.bar.SetValue(v) })
		})
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		fyne.DoAndWait(func() {
			cancel()
			t.cancel = nil
			t.box.Hide()
			done(err)
		})
	}()
}

// wait waits for the background work (tests).
func (st *appState) wait() { st.bg.Wait() }

// ---- small helpers shared by the screens ----

func displayName(u roster.User) string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Username
}

func roleLabel(r roster.Role) string {
	switch r {
	case roster.RoleAdmin:
		return T("role.admin")
	case roster.RoleManager:
		return T("role.manager")
	case roster.RoleHR:
		return T("role.hr")
	case roster.RoleAgent:
		return T("role.agent")
	}
	return string(r)
}

// today is the current date in the center's time zone.
func (st *appState) today() roster.Date {
	loc := st.loc
	if loc == nil {
		loc = time.Local
	}
	return roster.DateOf(st.now().In(loc))
}

// inLoc returns t in the center's time zone.
func (st *appState) inLoc(t time.Time) time.Time {
	if st.loc == nil {
		return t
	}
	return t.In(st.loc)
}

// fmtTime formats a time of day (with seconds) in the center's zone.
func (st *appState) fmtTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return st.inLoc(t).Format("15:04:05")
}

// fmtDateTime formats a date and time in the center's zone.
func (st *appState) fmtDateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return st.inLoc(t).Format("2006-01-02 15:04")
}

// parseDateEntry reads a YYYY-MM-DD entry, naming field in the error.
func parseDateEntry(field, s string) (roster.Date, error) {
	d, err := roster.ParseDate(strings.TrimSpace(s))
	if err != nil {
		return roster.Date{}, roster.FieldErrorf(field, "%v", err)
	}
	return d, nil
}

// heading is a bold title label.
func heading(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// parseHex parses "#RRGGBB" (a fallback grey when malformed).
func parseHex(s string) color.NRGBA {
	var r, g, b uint8
	if len(s) == 7 && s[0] == '#' {
		if _, err := fmt.Sscanf(s[1:], "%02x%02x%02x", &r, &g, &b); err == nil {
			return color.NRGBA{r, g, b, 0xFF}
		}
	}
	return color.NRGBA{0x9E, 0x9E, 0x9E, 0xFF}
}

// textOn returns black or white, whichever reads better on c.
func textOn(c color.NRGBA) color.Color {
	if int(c.R)*299+int(c.G)*587+int(c.B)*114 > 150000 {
		return color.Black
	}
	return color.White
}

// colorRect is a filled rectangle (a legend swatch).
func colorRect(c color.Color, size fyne.Size) fyne.CanvasObject {
	r := canvas.NewRectangle(c)
	r.SetMinSize(size)
	return r
}

// selectIndex returns the index of s in opts, -1 when absent.
func selectIndex(opts []string, s string) int {
	for i, o := range opts {
		if o == s {
			return i
		}
	}
	return -1
}
