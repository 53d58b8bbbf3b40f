package app

import (
	"embed"
	"encoding/json"
	"path"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"pilotdesk/data"
)

// Translations: translations/<screen>.<lang>.json hold our strings (any
// number of files per language, so screens do not share one file), and
// translations/fyne/<lang>.json Fyne's own (dialog buttons, weekdays).
// Enumeration labels come from data.Enums(), their single source.
//
//go:embed translations
var translationFS embed.FS

// Languages the window speaks; Chinese is the default.
const (
	LangZH = "zh"
	LangEN = "en"
)

var (
	langMu  sync.RWMutex
	current = LangZH
)

// Lang is the language of the window now: LangZH or LangEN.
func Lang() string {
	langMu.RLock()
	defer langMu.RUnlock()
	return current
}

// ResolveLang turns a setting ("zh", "en", or "" for the system's) into the
// language to use: English only on an English system, Chinese otherwise.
func ResolveLang(setting string) string {
	switch setting {
	case LangZH, LangEN:
		return setting
	}
	if strings.HasPrefix(strings.ToLower(string(lang.SystemLocale())), "en") {
		return LangEN
	}
	return LangZH
}

// SetLanguage makes code ("zh" or "en") the language of every string looked
// up from now on. Fyne offers no call to force a language: it picks the
// translation closest to the system locale. So the chosen messages, Fyne's
// own keys included, are registered under the system locale's own name,
// which then matches exactly.
func SetLanguage(code string) error {
	if code != LangEN {
		code = LangZH
	}
	msgs, err := messages(code)
	if err != nil {
		return err
	}
	b, err := json.Marshal(msgs)
	if err != nil {
		return err
	}
	langMu.Lock()
	current = code
	langMu.Unlock()
	return lang.AddTranslationsForLocale(b, systemLocale())
}

// systemLocale is the name Fyne matches translations against; a locale it
// cannot parse (LANG=C) is treated as English, which Fyne falls back to.
func systemLocale() fyne.Locale {
	loc := lang.SystemLocale()
	if s := string(loc); s == "" || s == "und" || strings.HasPrefix(s, "und") {
		return "en"
	}
	return loc
}

// messages merges every translation file and enumeration label of code.
func messages(code string) (map[string]any, error) {
	suffix := "." + fileLang(code) + ".json"
	out := map[string]any{}
	for _, dir := range []string{"translations/fyne", "translations"} {
		entries, err := translationFS.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			name := "." + e.Name()
			if e.IsDir() || !strings.HasSuffix(name, suffix) {
				continue
			}
			b, err := translationFS.ReadFile(path.Join(dir, e.Name()))
			if err != nil {
				return nil, err
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, err
			}
			for k, v := range m {
				out[k] = v
			}
		}
	}
	for _, en := range data.Enums() {
		for _, o := range en.Options {
			if code == LangEN {
				out[en.Key(o.Code)] = o.EN
			} else {
				out[en.Key(o.Code)] = o.ZH
			}
		}
	}
	return out, nil
}

func fileLang(code string) string {
	if code == LangEN {
		return "en"
	}
	return "zh_Hans"
}

// enumLabel is the translated label of an enumeration code.
func enumLabel(e data.Enum, code string) string {
	if code == "" {
		return ""
	}
	return lang.X(e.Key(code), e.Label(code, Lang()))
}

// errText is the sentence to show for err in the window's language.
func errText(err error) string { return data.Message(err, Lang()) }
