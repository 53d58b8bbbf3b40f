package app

import (
	"strconv"
	"time"

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

// formatDay writes a day in words as the window's language does: 2026年12月7日,
// or 2026-12-07 in English.
func formatDay(d data.Date) string {
	if Lang() == LangEN {
		return d.String()
	}
	return d.Chinese()
}
