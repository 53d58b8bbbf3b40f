package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// Every key the code looks up exists in both languages, and both languages
// have the same keys.
func TestTranslationsComplete(t *testing.T) {
	zh, err := messages(LangZH)
	if err != nil {
		t.Fatal(err)
	}
	en, err := messages(LangEN)
	if err != nil {
		t.Fatal(err)
	}
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("%q has no English", k)
		}
	}
	for k := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("%q has no Chinese", k)
		}
	}
	// Every key-like literal in the code ("sites.add", "site.name", ...) is
	// a translation key, except the preference names.
	notKeys := map[string]bool{prefWidth: true, prefHeight: true, prefScreen: true}
	files, _ := filepath.Glob("*.go")
	keyLike := regexp.MustCompile(`"([a-z_]+(?:\.[a-z_]+)+)"`)
	var missing []string
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(f)
		for _, m := range keyLike.FindAllStringSubmatch(string(src), -1) {
			k := m[1]
			if notKeys[k] || strings.HasPrefix(k, "table.") && !strings.Contains(k, "count") {
				continue
			}
			found++
			if _, ok := zh[k]; !ok {
				missing = append(missing, f+": "+k)
			}
		}
	}
	if found < 40 {
		t.Errorf("only %d keys found in the code: the scan is broken", found)
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("key not translated: %s", m)
	}
	// Chinese entries are really Chinese: no English left behind.
	latin := regexp.MustCompile(`^[\x20-\x7e]+$`)
	for k, v := range zh {
		if s, ok := v.(string); ok && latin.MatchString(s) && !strings.Contains(k, "lang") && s != "PilotDesk" && !strings.HasPrefix(s, "{{") {
			t.Errorf("zh %q = %q looks untranslated", k, s)
		}
	}
}

func TestEnumLabelsTranslated(t *testing.T) {
	defer SetLanguage(LangZH)
	SetLanguage(LangEN)
	if got := enumLabel(data.SiteKinds, data.KindCommunity); got != "Village / community" {
		t.Errorf("en: %q", got)
	}
	SetLanguage(LangZH)
	if got := enumLabel(data.SiteKinds, data.KindCommunity); got != "村（社区）" {
		t.Errorf("zh: %q", got)
	}
}

// The chosen language wins whatever the system locale, Fyne's own strings
// included.
func TestLanguageForcedOnAnySystem(t *testing.T) {
	defer SetLanguage(LangZH)
	for _, loc := range []string{"zh_CN.UTF-8", "en_US.UTF-8", "fr_FR.UTF-8", "C", "de_DE"} {
		t.Setenv("LANG", loc)
		t.Setenv("LANGUAGE", "")
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		for _, c := range []struct{ code, title, cancel string }{
			{LangZH, "议事台 PilotDesk", "取消"},
			{LangEN, "PilotDesk", "Cancel"},
			{LangZH, "议事台 PilotDesk", "取消"},
		} {
			if err := SetLanguage(c.code); err != nil {
				t.Fatal(err)
			}
			if got := lang.L("app.title"); got != c.title {
				t.Errorf("LANG=%s, %s: title %q", loc, c.code, got)
			}
			if got := lang.L("Cancel"); got != c.cancel {
				t.Errorf("LANG=%s, %s: Fyne's Cancel is %q", loc, c.code, got)
			}
			if Lang() != c.code {
				t.Errorf("Lang() = %s", Lang())
			}
		}
	}
}

func TestResolveLang(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	for loc, want := range map[string]string{"zh_CN.UTF-8": LangZH, "en_GB.UTF-8": LangEN, "fr_FR.UTF-8": LangZH} {
		t.Setenv("LANG", loc)
		if got := ResolveLang(""); got != want {
			t.Errorf("system %s: %s, want %s", loc, got, want)
		}
	}
	if ResolveLang("en") != LangEN || ResolveLang("zh") != LangZH {
		t.Error("explicit choice ignored")
	}
}

func TestTranslationFilesAreValidJSON(t *testing.T) {
	files, _ := filepath.Glob("translations/*.json")
	if len(files) < 2 {
		t.Fatal("no translation files")
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// Counts read naturally in English: 1 row, 2 rows.
func TestRowCountPlural(t *testing.T) {
	newTestUI(t, LangEN)
	l := widget.NewLabel("")
	for n, want := range map[int]string{0: "0 rows", 1: "1 row", 2: "2 rows", 12345: "12,345 rows"} {
		setCount(l, n)
		if l.Text != want {
			t.Errorf("%d: %q, want %q", n, l.Text, want)
		}
	}
	newTestUI(t, LangZH)
	setCount(l, 1)
	if l.Text != "共1条" {
		t.Errorf("Chinese: %q", l.Text)
	}
}
