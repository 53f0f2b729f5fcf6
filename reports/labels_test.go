package reports

import (
	"strings"
	"testing"
)

func TestLabelsHaveBothLanguages(t *testing.T) {
	for key, l := range labels {
		if strings.TrimSpace(l[0]) == "" || strings.TrimSpace(l[1]) == "" {
			t.Errorf("%s: %q", key, l)
		}
		if strings.HasPrefix(key, "sheet.") {
			for _, name := range l {
				if len([]rune(name)) > 31 || strings.ContainsAny(name, `[]:*?/\`) {
					t.Errorf("%s: %q is not a valid sheet name", key, name)
				}
			}
		}
	}
	if T(LangEN, "col.code") != "Employee no." || T(LangZH, "col.code") != "工号" || T("", "col.code") != "工号" {
		t.Error("T does not pick the language")
	}
	if T(LangEN, "no.such.key") != "no.such.key" {
		t.Error("a missing key must show itself")
	}
}
