package main

import (
	"strings"

	"github.com/jeandeaual/go-locale"

	"pilotdesk/app"
)

// The command line's language: --lang when given, else the system's as
// Fyne reads it for the window (go-locale: LC_ALL, LC_MESSAGES, LANG and
// LANGUAGE; on Windows the user's locale), read without Fyne's lang package,
// which logs about locales it cannot parse. Chinese on a Chinese system,
// English on any other; cliLangKnown is false when the system's is neither
// (C, POSIX, French, ...), and help then speaks both.
var (
	cliLang      = app.LangEN
	cliLangKnown = true
)

// setCLILang takes the language from args' --lang, before the flags are
// parsed so that a mistake in them is told in it; a wrong --lang value is
// left for the flag set to refuse.
func setCLILang(args []string) {
	for i, a := range args {
		if a == "--" {
			break
		}
		name, v, given := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" {
			continue
		}
		if !given && i+1 < len(args) {
			v = args[i+1]
		}
		if v == app.LangZH || v == app.LangEN {
			cliLang, cliLangKnown = v, true
			return
		}
	}
	loc, _ := locale.GetLocale()
	loc = strings.ToLower(loc)
	cliLang = app.LangEN
	if strings.HasPrefix(loc, "zh") {
		cliLang = app.LangZH
	}
	cliLangKnown = strings.HasPrefix(loc, "zh") || strings.HasPrefix(loc, "en")
}

// tr is zh or en, in the command line's language.
func tr(zh, en string) string { return pick(cliLang == app.LangZH, zh, en) }

func pick(zh bool, zhText, enText string) string {
	if zh {
		return zhText
	}
	return enText
}
