package ui

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"shiftguard/assets"
)

// Languages of the UI. The translation files are assets/translations/
// zh-CN.json and en.json; the codes here are those the rest of ShiftGuard
// uses ("zh", "en", as in reports.Export and compliance Label).
const (
	LangZH = "zh"
	LangEN = "en"
)

// translationFiles maps a language to its file in assets.Translations.
var translationFiles = map[string]string{LangZH: "translations/zh-CN.json", LangEN: "translations/en.json"}

var (
	i18nMu   sync.RWMutex
	curLang  = LangZH
	catalogs = mustLoadCatalogs()
)

// mustLoadCatalogs reads both translation files; they are embedded, so a
// failure is a build mistake that the tests catch.
func mustLoadCatalogs() map[string]map[string]string {
	out := map[string]map[string]string{}
	for l, path := range translationFiles {
		m, err := loadCatalog(path)
		if err != nil {
			panic(err)
		}
		out[l] = m
	}
	return out
}

func loadCatalog(path string) (map[string]string, error) {
	data, err := assets.Translations.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// normLang maps a language tag or locale ("zh", "zh-CN", "zh_CN.UTF-8",
// "en-US") to LangZH or LangEN; "" stays "".
func normLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		return ""
	case strings.HasPrefix(s, "zh"):
		return LangZH
	}
	return LangEN
}

// systemLang is the language of the system locale: the first of LANGUAGE,
// LC_ALL, LC_MESSAGES and LANG that names a language, else Fyne's
// lang.SystemLocale(); Chinese locales give LangZH, anything else LangEN.
func systemLang() string {
	for _, env := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(env)
		if i := strings.IndexByte(v, ':'); i >= 0 {
			v = v[:i]
		}
		if v != "" && v != "C" && v != "POSIX" && !strings.HasPrefix(v, "C.") {
			return normLang(v)
		}
	}
	if l := normLang(lang.SystemLocale().String()); l != "" {
		return l
	}
	return LangEN
}

// setLang switches the UI language. It also points Fyne's own strings
// (dialog buttons, the file dialog) at the same language, by naming it in
// LANGUAGE and LC_MESSAGES and asking Fyne to pick its translation again.
func setLang(l string) {
	if l = normLang(l); l == "" {
		l = LangZH
	}
	i18nMu.Lock()
	curLang = l
	i18nMu.Unlock()
	loc := "en_US"
	if l == LangZH {
		loc = "zh_CN"
	}
	os.Setenv("LANGUAGE", loc)
	// LANGUAGE counts only when the locale is not C or POSIX.
	switch os.Getenv("LC_ALL") {
	case "":
		os.Setenv("LC_MESSAGES", loc+".UTF-8")
	case "C", "POSIX":
		os.Setenv("LC_ALL", loc+".UTF-8")
	}
	// Adding an empty bundle to English (which Fyne has anyway) makes Fyne
	// re-read the locale and pick its translation again.
	_ = lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale("en"))
}

// currentLang returns LangZH or LangEN.
func currentLang() string {
	i18nMu.RLock()
	defer i18nMu.RUnlock()
	return curLang
}

// T returns the text of key in the current language. A key without a
// translation shows as itself (the tests make sure there is none).
func T(key string) string {
	i18nMu.RLock()
	defer i18nMu.RUnlock()
	if s, ok := catalogs[curLang][key]; ok {
		return s
	}
	return key
}

// Tf formats the text of key (a fmt format) with args.
func Tf(key string, args ...any) string {
	return fmt.Sprintf(T(key), args...)
}
