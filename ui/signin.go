package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiftguard/roster"
	"shiftguard/store"
)

// signInScreen is the first screen: on the first run it creates the first
// admin or opens the demo center, afterwards it signs users in.
type signInScreen struct {
	st       *appState
	firstRun bool

	username *widget.Entry
	password *widget.Entry
	confirm  *widget.Entry // first run: the password again
	submit   *widget.Button
	demo     *widget.Button
	message  *widget.Label
	demoTask *task
}

func newSignInScreen(st *appState, firstRun bool) *signInScreen {
	return &signInScreen{st: st, firstRun: firstRun}
}

func (s *signInScreen) focusTarget() fyne.Focusable { return s.username }

func (s *signInScreen) buildUI() fyne.CanvasObject {
	s.username = widget.NewEntry()
	s.username.SetPlaceHolder(T("signin.username"))
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder(T("signin.password"))
	s.message = widget.NewLabel("")
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Importance = widget.DangerImportance
	s.demoTask = newTask()

	form := widget.NewForm(
		widget.NewFormItem(T("signin.username"), s.username),
		widget.NewFormItem(T("signin.password"), s.password),
	)
	var title, subtitle string
	if s.firstRun {
		title, subtitle = T("setup.title"), T("setup.subtitle")
		s.confirm = widget.NewPasswordEntry()
		s.confirm.SetPlaceHolder(T("setup.confirm"))
		s.confirm.OnSubmitted = func(string) { s.onSubmit() }
		form.Append(T("setup.confirm"), s.confirm)
		s.submit = widget.NewButtonWithIcon(T("setup.create"), theme.AccountIcon(), s.onSubmit)
		s.demo = widget.NewButtonWithIcon(T("setup.demo"), theme.FolderOpenIcon(), s.onDemo)
	} else {
		title, subtitle = T("signin.title"), T("signin.subtitle")
		s.password.OnSubmitted = func(string) { s.onSubmit() }
		s.submit = widget.NewButtonWithIcon(T("signin.submit"), theme.LoginIcon(), s.onSubmit)
	}
	s.submit.Importance = widget.HighImportance
	s.username.OnSubmitted = func(string) { s.st.win.Canvas().Focus(s.password) }

	body := container.NewVBox(form, s.submit)
	if s.demo != nil {
		or := widget.NewLabelWithStyle(T("setup.or"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
		hint := widget.NewLabel(T("setup.demo_hint"))
		hint.Wrapping = fyne.TextWrapWord
		body.Add(or)
		body.Add(s.demo)
		body.Add(hint)
		body.Add(s.demoTask.box)
	}
	body.Add(s.message)
	card := widget.NewCard(title, subtitle, body)
	logo := widget.NewIcon(Icon)
	top := container.NewHBox(layout.NewSpacer(), s.st.langSelect(), s.st.themeButton())
	center := container.NewVBox(
		container.NewCenter(container.NewGridWrap(fyne.NewSize(96, 96), logo)),
		widget.NewLabelWithStyle("ShiftGuard", fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		container.NewGridWrap(fyne.NewSize(460, card.MinSize().Height), card),
	)
	return container.NewBorder(top, nil, nil, nil, container.NewCenter(center))
}

// onSubmit signs in, or on the first run creates the first admin.
func (s *signInScreen) onSubmit() {
	ctx := context.Background()
	user, pw := strings.TrimSpace(s.username.Text), s.password.Text
	if user == "" {
		s.fail(T("signin.need_username"))
		return
	}
	var sess *store.Session
	var err error
	if s.firstRun {
		if pw != s.confirm.Text {
			s.fail(T("setup.mismatch"))
			return
		}
		sess, err = s.st.svc.CreateFirstAdmin(ctx, user, pw)
	} else {
		sess, err = s.st.svc.Login(ctx, user, pw)
	}
	if err != nil {
		if roster.ErrorCode(err) == roster.EUNAUTHORIZED {
			s.fail(T("signin.wrong"))
		} else {
			s.fail(errText(err))
		}
		s.password.SetText("")
		return
	}
	s.st.signedIn(sess)
}

func (s *signInScreen) fail(msg string) {
	s.st.lastError = msg
	s.message.SetText(msg)
}

// onDemo fills the (empty) database with the demo center in the background.
func (s *signInScreen) onDemo() {
	s.demo.Disable()
	s.submit.Disable()
	db := s.st.svc.DB()
	now := s.st.now()
	s.st.run(s.demoTask, T("setup.demo_running"), func(ctx context.Context, progress func(int, int)) error {
		opts := store.DefaultDemoOptions()
		opts.Now = now
		opts.Progress = store.Progress(progress)
		return store.Demo(ctx, db, opts)
	}, func(err error) {
		if err != nil {
			s.demo.Enable()
			s.submit.Enable()
			s.fail(errText(err))
			return
		}
		s.st.showStart()
		s.st.info(T("setup.demo_done"), T("setup.demo_credentials"))
	})
}
