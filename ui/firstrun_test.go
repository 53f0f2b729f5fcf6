package ui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shiftguard/store"
)

// On an empty database the first screen creates the first admin (the
// passwords must match), who then sees every screen; switching the
// language rebuilds the UI in English on the same screen and is saved.
func TestFirstRunCreatesAdminAndLanguageSwitch(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "new.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := test.NewTempApp(t)
	w := a.NewWindow("ShiftGuard")
	w.Resize(fyne.NewSize(1366, 768))
	st := newAppState(a, w, store.NewService(db), Options{Lang: LangZH})
	st.noTicker = true
	st.showStart()
	s := st.signIn
	if s == nil || !s.firstRun || s.demo == nil {
		t.Fatal("an empty database does not open the first-run screen")
	}
	test.Type(s.username, "boss")
	test.Type(s.password, "long-enough-1")
	test.Type(s.confirm, "long-enough-2")
	test.Tap(s.submit)
	if st.sess != nil || s.message.Text != T("setup.mismatch") {
		t.Fatalf("mismatched passwords: session %v, message %q", st.sess, s.message.Text)
	}
	setEntry(s.confirm, "long-enough-1")
	test.Tap(s.submit)
	if st.sess == nil || st.sess.User.Username != "boss" {
		t.Fatalf("first admin not signed in: %q", st.lastError)
	}
	var keys []string
	for _, it := range st.nav {
		keys = append(keys, it.key)
	}
	if len(keys) < 6 || st.screenFor("settings") == nil || st.screenFor("roster") == nil || st.screenFor("desk") != nil {
		t.Errorf("admin without an employee sees %v", keys)
	}
	st.show("compliance")
	st.switchLang(LangEN)
	defer setLang(LangZH)
	if st.current != "compliance" || st.tabs.Selected().Text != "Compliance" {
		t.Errorf("after switching: screen %q, tab %q", st.current, st.tabs.Selected().Text)
	}
	if got := a.Preferences().String(prefLang); got != LangEN {
		t.Errorf("saved language %q", got)
	}
	st.setDark(true)
	if th, ok := a.Settings().Theme().(*sgTheme); !ok || !th.dark() || a.Preferences().String(prefTheme) != "dark" {
		t.Error("dark theme not applied and saved")
	}
}
