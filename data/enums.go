package data

import (
	"slices"
	"strings"
)

// Option is one value of an enumeration: a stable code stored in the
// database and its labels. The labels are the single source for the window
// (registered as translations under Key), the reports and the importers.
type Option struct {
	Code string
	ZH   string
	EN   string
}

// Enum is a named list of options.
type Enum struct {
	Name    string // e.g. "site_kind"
	Options []Option
	exact   map[string]string // each code and label as written → what parse answers
}

// Key is the translation key of an option, e.g. "enum.site_kind.township".
func (e Enum) Key(code string) string { return "enum." + e.Name + "." + code }

// Label returns the option's label in lang ("zh" or "en"), or the code
// itself when unknown.
func (e Enum) Label(code, lang string) string {
	for _, o := range e.Options {
		if o.Code == code {
			return InLang(lang, o.ZH, o.EN)
		}
	}
	return code
}

// Valid tells whether code belongs to the enumeration.
func (e Enum) Valid(code string) bool {
	return slices.ContainsFunc(e.Options, func(o Option) bool { return o.Code == code })
}

// Codes lists the codes in order.
func (e Enum) Codes() []string {
	out := make([]string, len(e.Options))
	for i, o := range e.Options {
		out[i] = o.Code
	}
	return out
}

// Parse finds the option whose code or label (either language, ignoring
// case, spaces and brackets) is text; for reading spreadsheets. A code or
// label as written (most cells) is looked up in a map.
func (e Enum) Parse(text string) (string, bool) {
	if code, ok := e.exact[text]; ok {
		return code, true
	}
	return e.parse(text)
}

func (e Enum) parse(text string) (string, bool) {
	t := squash(text)
	if t == "" {
		return "", false
	}
	for _, o := range e.Options {
		if t == squash(o.Code) || t == squash(o.ZH) || t == squash(o.EN) {
			return o.Code, true
		}
	}
	return "", false
}

func squash(s string) string {
	s = strings.ToLower(HalfWidth(s))
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '(', ')', '（', '）', '/', '、', '_', '-':
			return -1
		}
		return r
	}, s)
}

var allEnums []Enum

// enum declares an enumeration; each entity file declares its own.
func enum(name string, opts ...Option) Enum {
	e := Enum{Name: name, Options: opts, exact: map[string]string{}}
	for _, o := range opts {
		for _, s := range []string{o.Code, o.ZH, o.EN} {
			if code, ok := e.parse(s); ok {
				e.exact[s] = code
			}
		}
	}
	allEnums = append(allEnums, e)
	return e
}

// Enums lists every enumeration, for registering translations.
func Enums() []Enum { return allEnums }

// Site kinds: a township or street office is level 1; villages, communities,
// enterprises and institutions sit under one.
const (
	KindTownship   = "township"
	KindCommunity  = "community"
	KindEnterprise = "enterprise"
)

var SiteKinds = enum("site_kind",
	Option{KindTownship, "乡镇（街道）", "Township / street"},
	Option{KindCommunity, "村（社区）", "Village / community"},
	Option{KindEnterprise, "企事业单位", "Enterprise / institution"},
)

// Site statuses, from pilot (试点) towards standardized (定型).
const (
	StatusPlanned      = "planned"
	StatusUnveiled     = "unveiled"
	StatusActive       = "active"
	StatusStandardized = "standardized"
)

var SiteStatuses = enum("site_status",
	Option{StatusPlanned, "筹备中", "Planned"},
	Option{StatusUnveiled, "已挂牌", "Unveiled"},
	Option{StatusActive, "常态运行", "Active"},
	Option{StatusStandardized, "已定型", "Standardized"},
)
