package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
)

// Every key is in both translation files with the same format verbs, and
// every key the code uses (T("…") and Tf("…") in ui/*.go) has a
// translation; no translation is left unused.
func TestTranslationsAreComplete(t *testing.T) {
	zh, en := catalogs[LangZH], catalogs[LangEN]
	if len(zh) == 0 || len(en) == 0 {
		t.Fatal("a translation file is empty")
	}
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	for k, v := range zh {
		e, ok := en[k]
		if !ok {
			t.Errorf("key %q is in zh-CN.json but not in en.json", k)
			continue
		}
		if a, b := verbs.FindAllString(v, -1), verbs.FindAllString(e, -1); strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("key %q: zh has verbs %v, en has %v", k, a, b)
		}
		if strings.TrimSpace(v) == "" || strings.TrimSpace(e) == "" {
			t.Errorf("key %q has an empty translation", k)
		}
	}
	for k := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("key %q is in en.json but not in zh-CN.json", k)
		}
	}
	used := usedKeys(t)
	for k, where := range used {
		if _, ok := zh[k]; !ok {
			t.Errorf("%s uses key %q that has no translation", where, k)
		}
	}
	var unused []string
	for k := range zh {
		if _, ok := used[k]; !ok {
			unused = append(unused, k)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("translations nobody uses: %v", unused)
	}
}

// usedKeys scans the non-test sources of the package for T("key") and
// Tf("key", ...) calls.
func usedKeys(t *testing.T) map[string]string {
	call := regexp.MustCompile(`\bTf?\("([^"]+)"`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(data), -1) {
			if strings.HasSuffix(m[1], ".") {
				continue // a prefix completed at run time; its keys are checked where they are listed
			}
			out[m[1]] = f
		}
	}
	if len(out) < 50 {
		t.Fatalf("found only %d keys in the sources; is the scanner broken?", len(out))
	}
	return out
}

// Chinese text has no ASCII letters except proper names and codes we allow;
// this catches English left in the zh file.
func TestChineseTranslationsAreChinese(t *testing.T) {
	allowed := regexp.MustCompile(`ShiftGuard|PIN|admin|manager|hr|demo\d*|hr\d*|\d+|%[a-z]|Excel|HH:MM|YYYY-MM-DD|IANA|Asia/Shanghai|JSON|xlsx|Excel`)
	letters := regexp.MustCompile(`[A-Za-z]{2,}`)
	for k, v := range catalogs[LangZH] {
		if rest := allowed.ReplaceAllString(v, ""); letters.MatchString(rest) {
			t.Errorf("zh-CN %q = %q still has English: %q", k, v, letters.FindString(rest))
		}
	}
}

func TestLanguageSwitchAndSystemLocale(t *testing.T) {
	defer setLang(LangZH)
	for _, c := range []struct{ in, want string }{
		{"zh", LangZH}, {"zh-CN", LangZH}, {"zh_CN.UTF-8", LangZH}, {"zh-Hans", LangZH},
		{"en", LangEN}, {"en_US.UTF-8", LangEN}, {"fr_FR", LangEN}, {"", ""},
	} {
		if got := normLang(c.in); got != c.want {
			t.Errorf("normLang(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "zh_CN.UTF-8")
	if got := systemLang(); got != LangZH {
		t.Errorf("systemLang with LANG=zh_CN.UTF-8 = %q", got)
	}
	t.Setenv("LANG", "en_GB.UTF-8")
	if got := systemLang(); got != LangEN {
		t.Errorf("systemLang with LANG=en_GB.UTF-8 = %q", got)
	}
	setLang(LangEN)
	if T("nav.desk") != "Duty desk" || lang.L("Cancel") != "Cancel" {
		t.Errorf("English: nav.desk=%q, Fyne Cancel=%q", T("nav.desk"), lang.L("Cancel"))
	}
	setLang(LangZH)
	if T("nav.desk") != "值班台" || lang.L("Cancel") != "取消" {
		t.Errorf("Chinese: nav.desk=%q, Fyne Cancel=%q", T("nav.desk"), lang.L("Cancel"))
	}
	if got := T("no.such.key"); got != "no.such.key" {
		t.Errorf("a missing key shows as %q", got)
	}
}
