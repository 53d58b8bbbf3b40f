package data

import (
	"database/sql/driver"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day without time or zone (an unveiling date, a
// deadline). The zero Date means "not set" and is stored as NULL; others are
// stored as 'YYYY-MM-DD', which sorts correctly and is a valid PostgreSQL date.
type Date struct{ t time.Time }

// NewDate returns the given day.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date { return NewDate(t.Year(), t.Month(), t.Day()) }

// Today is the local calendar day.
func Today() Date { return DateOf(time.Now()) }

func (d Date) IsZero() bool                 { return d.t.IsZero() }
func (d Date) Time() time.Time              { return d.t }
func (d Date) Before(o Date) bool           { return d.t.Before(o.t) }
func (d Date) After(o Date) bool            { return d.t.After(o.t) }
func (d Date) AddDays(n int) Date           { return Date{d.t.AddDate(0, 0, n)} }
func (d Date) Year() int                    { return d.t.Year() }
func (d Date) Month() time.Month            { return d.t.Month() }
func (d Date) Day() int                     { return d.t.Day() }
func (d Date) Equal(o Date) bool            { return d.t.Equal(o.t) }
func (d Date) Compare(o Date) int           { return d.t.Compare(o.t) }
func (d Date) GormDataType() string         { return "date" }
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// String is the ISO form 2020-03-24, or "" when not set.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Chinese is the long Chinese form 2020年3月24日, or "" when not set.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day())
}

// Value stores the day as text, or NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan accepts what SQLite (text, or time.Time for a "date" column through
// the mattn driver) and PostgreSQL (time.Time) return.
func (d *Date) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = DateOf(x)
	case []byte:
		return d.Scan(string(x))
	case string:
		if x == "" {
			*d = Date{}
			return nil
		}
		x = x[:min(len(x), 10)]
		t, err := time.Parse("2006-01-02", x)
		if err != nil {
			return fmt.Errorf("data.Date: bad stored value %q", x)
		}
		*d = Date{t}
	default:
		return fmt.Errorf("data.Date: cannot scan %T", v)
	}
	return nil
}

var (
	reYMD     = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)
	reCompact = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
)

// ParseDate reads a day the way people type it in China: 2020-03-24,
// 2020/3/24, 2020.3.24, 2020年3月24日 or 20200324, with full-width digits and
// stray spaces tolerated. An empty string gives the zero Date and no error.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(HalfWidth(s))
	if s == "" {
		return Date{}, nil
	}
	m := reYMD.FindStringSubmatch(s)
	if m == nil {
		m = reCompact.FindStringSubmatch(s)
	}
	if m == nil {
		return Date{}, errBadDate(s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	dd, _ := strconv.Atoi(m[3])
	d := NewDate(y, time.Month(mo), dd)
	// time.Date normalises 2月30日 to 3月2日: refuse instead of guessing.
	if y < 1900 || y > 2200 || d.Year() != y || int(d.Month()) != mo || d.Day() != dd {
		return Date{}, errBadDate(s)
	}
	return d, nil
}

func errBadDate(s string) error {
	return newErr(EInvalid, "", fmt.Sprintf("“%s”不是正确的日期，请按“2020-03-24”或“2020年3月24日”的格式填写。", s),
		fmt.Sprintf("%q is not a valid date; write it as 2020-03-24.", s))
}

// HalfWidth turns full-width ASCII (０-９, Ａ-Ｚ, the ideographic space)
// into half-width, so what was typed with a Chinese IME compares and parses
// like plain digits and letters. Use it on dates, phones and numbers, not on
// prose, where full-width punctuation is correct.
func HalfWidth(s string) string {
	return strings.Map(func(r rune) rune { // s itself when nothing changes
		switch {
		case r == '\u3000':
			return ' '
		case r >= '\uFF01' && r <= '\uFF5E':
			return r - 0xFEE0
		}
		return r
	}, s)
}
