package app

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"pilotdesk/data"
)

// formatInt groups thousands with commas, as Chinese offices write numbers
// (12,345).
func formatInt(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// formatTime writes a moment as the office reads it, in local time to the
// minute: 2026-11-26 14:05.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}

// formatMoment writes a moment in words, to the minute, in local time:
// 2026年12月7日 10:15 (7 Dec 2026 10:15).
func formatMoment(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.Local()
	return lang.L("format.moment", map[string]any{"Year": t.Year(), "Month": int(t.Month()), "Day": t.Day(),
		"Date": t.Format("2 Jan 2006"), "Clock": t.Format("15:04")})
}

// underRoles lists items by role, in the enumeration's order: the format
// key gets Role and Names (政协委员 王芳、李华), joined by the key sep; the
// groups by groupSep. A role in brackets after each name would read badly
// where a long list wraps between a name and its bracket.
func underRoles[T any](roles data.Enum, items []T, roleName func(T) (role, name string), key, sep, groupSep string) string {
	var groups []string
	for _, o := range roles.Options {
		var names []string
		for _, it := range items {
			if role, name := roleName(it); role == o.Code {
				names = append(names, name)
			}
		}
		if len(names) > 0 {
			groups = append(groups, lang.L(key, map[string]any{
				"Role": enumLabel(roles, o.Code), "Names": strings.Join(names, lang.L(sep))}))
		}
	}
	return strings.Join(groups, lang.L(groupSep))
}

// formatDay writes a day in words as the window's language does: 2026年12月7日,
// or 2026-12-07 in English.
func formatDay(d data.Date) string {
	if Lang() == LangEN {
		return d.String()
	}
	return d.Chinese()
}
