package app

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// ChangeLogScreen (操作日志) lists who changed what, newest first, filtered
// by kind of record and a search box. Enter or a double click shows one
// change in full, a field per line.
type ChangeLogScreen struct {
	u      *UI
	table  *recordTable[data.Change]
	all    []data.Change // as loaded
	kind   *widget.Select
	kinds  []string // entity codes behind the kind filter's options (index-1)
	search *searchBox
	count  *widget.Label
	more   *widget.Label // says when only the latest changes are loaded
}

// changeLimit is how many changes are loaded: the latest ones are what a
// coordinator checks; older ones are reached through the kind filter.
const changeLimit = 2000

// changeKinds are the kinds of record the log knows, in navigation order;
// kinds met in the log but not listed here are added after them.
var changeKinds = []string{"site", "person", "assignment", "panel", "panel_member", "activity", "follow_up_item", "task", "visit", "database"}

func newChangeLogScreen(u *UI) *ChangeLogScreen { return &ChangeLogScreen{u: u} }

func (s *ChangeLogScreen) id() string          { return "changelog" }
func (s *ChangeLogScreen) title() string       { return lang.L("nav.changelog") }
func (s *ChangeLogScreen) icon() fyne.Resource { return theme.HistoryIcon() }

func (s *ChangeLogScreen) build() fyne.CanvasObject {
	s.table = newRecordTable([]column[data.Change]{
		{key: "changelog.col_at", width: 140, text: func(r data.Change) string { return formatTime(r.At) },
			less: func(a, b data.Change) bool { return a.ID < b.ID }},
		{key: "changelog.col_user", width: 80, text: func(r data.Change) string { return r.User }},
		{key: "changelog.col_kind", width: 150, text: func(r data.Change) string { return entityLabel(r.Entity) }},
		{key: "changelog.col_action", width: 110, text: func(r data.Change) string { return enumLabel(data.Actions, r.Action) }},
		{key: "changelog.col_title", width: 220, text: func(r data.Change) string { return r.Title }},
		{key: "changelog.col_summary", width: 420, text: func(r data.Change) string { return readableSummary(r.Entity, r.Summary) }},
	}, func(r data.Change) uint { return r.ID })
	s.table.rememberWidths(s.u.app.Preferences(), "table.changelog")
	s.table.onActivate = s.showChange

	s.search = searchEntry("changelog.search_hint", s.show)
	var labels []string
	for _, k := range changeKinds {
		labels = append(labels, entityLabel(k))
	}
	s.kinds = slices.Clone(changeKinds)
	s.kind = filterSelect("changelog.all_kinds", labels, s.refresh)
	s.count = widget.NewLabel("")
	s.more = widget.NewLabel("")
	details := rowButton(s.table, lang.L("changelog.details"), theme.InfoIcon(), s.showChange)
	left := container.NewHBox(details, widthAtLeast(s.kind, 150))
	bar := container.NewBorder(nil, nil, left, container.NewHBox(s.more, s.count), s.search)
	return container.NewBorder(bar, nil, nil, nil, s.table)
}

// exportView is "export what I see" (exports.go).
func (s *ChangeLogScreen) exportView() tableExport {
	return tableView("exports.view_changelog", s.table)
}

// entityKeys name the kinds of record the log holds that the trash does
// not know.
var entityKeys = map[string]string{
	"database":       "changelog.entity_database",
	"follow_up_item": "changelog.entity_follow_up_item",
}

// entityLabel names a kind of record in the window's language, capitalised
// for a column and a drop-down.
func entityLabel(entity string) string {
	l := data.TrashEntityLabel(entity, Lang())
	if key, ok := entityKeys[entity]; ok {
		l = lang.L(key)
	}
	r, n := utf8.DecodeRuneInString(l)
	return string(unicode.ToUpper(r)) + l[n:]
}

// refresh reloads the latest changes of the chosen kind.
func (s *ChangeLogScreen) refresh() {
	if s.table == nil {
		return
	}
	rows, err := s.u.store.Changes(s.u.ctx, data.ChangeFilter{Entity: s.kindCode(), Limit: changeLimit})
	if err != nil {
		s.u.showError(err)
		return
	}
	s.all = rows
	s.addKinds()
	if len(rows) >= changeLimit {
		s.more.SetText(lang.L("changelog.latest_only", map[string]any{"N": formatInt(changeLimit)}))
	} else {
		s.more.SetText("")
	}
	s.show()
}

// addKinds offers kinds met in the log that the list does not know yet.
func (s *ChangeLogScreen) addKinds() {
	opts := s.kind.Options
	for _, c := range s.all {
		if !slices.Contains(s.kinds, c.Entity) {
			s.kinds = append(s.kinds, c.Entity)
			opts = append(opts, entityLabel(c.Entity))
		}
	}
	if len(opts) != len(s.kind.Options) {
		s.kind.SetOptions(opts)
	}
}

func (s *ChangeLogScreen) kindCode() string {
	if i := s.kind.SelectedIndex(); i > 0 && i <= len(s.kinds) {
		return s.kinds[i-1]
	}
	return ""
}

// show applies the search box to what was loaded, as one types.
func (s *ChangeLogScreen) show() {
	kw := strings.ToLower(strings.TrimSpace(s.search.Text))
	var rows []data.Change
	for _, c := range s.all {
		if kw == "" || strings.Contains(strings.ToLower(strings.Join([]string{
			c.User, c.Title, entityLabel(c.Entity), enumLabel(data.Actions, c.Action), readableSummary(c.Entity, c.Summary),
		}, "\n")), kw) {
			rows = append(rows, c)
		}
	}
	s.table.setRows(rows, s.table.selectedID())
	setCount(s.count, len(rows))
}

func (s *ChangeLogScreen) focusSearch() { s.u.win.Canvas().Focus(s.search) }

// showChange shows one change in full: the table cuts long summaries.
func (s *ChangeLogScreen) showChange(c data.Change) {
	lines := []string{
		lang.L("changelog.detail_head", map[string]any{"At": formatTime(c.At), "User": c.User}),
		lang.L("changelog.detail_what", map[string]any{"Action": enumLabel(data.Actions, c.Action), "Kind": entityLabel(c.Entity), "Title": c.Title}),
	}
	fields := summaryFields(c.Entity, c.Summary)
	if len(fields) > 0 {
		lines = append(lines, "")
		lines = append(lines, fields...)
	}
	l := widget.NewLabel(strings.Join(lines, "\n"))
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(lang.L("changelog.detail_title"), lang.L("changelog.close"), container.NewVScroll(l), s.u.win)
	d.Resize(fyne.NewSize(620, 380))
	showDialog(s.u.win, d)
}

// fieldStart finds where each "field: " of data's summary begins; field
// names are snake_case, values are free text.
var fieldStart = regexp.MustCompile(`(?:^|; )([a-z][a-z0-9_]*): `)

// summaryFields turns data's "status: planned → active; name: 甲 → 乙" into
// one readable line per field: names translated through "field.<name>",
// enumeration codes through their labels, data.NoValue as 空. Unknown names
// stay as they are.
func summaryFields(entity, summary string) []string {
	locs := fieldStart.FindAllStringSubmatchIndex(summary, -1)
	var out []string
	for i, m := range locs {
		name := summary[m[2]:m[3]]
		end := len(summary)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		value := summary[m[1]:end]
		if old, nu, ok := strings.Cut(value, " → "); ok {
			value = fieldValue(entity, name, old) + " → " + fieldValue(entity, name, nu)
		}
		// A field one entity names its own way (a follow-up item's 办结日期)
		// has a key of its own, field.<entity>.<name>.
		field := lang.X("field."+entity+"."+name, lang.X("field."+name, name))
		out = append(out, lang.L("changelog.field", map[string]any{"Field": field, "Value": value}))
	}
	return out
}

// readableSummary is summaryFields on one line, for the table.
func readableSummary(entity, summary string) string {
	if summary == "" {
		return ""
	}
	fields := summaryFields(entity, summary)
	if len(fields) == 0 {
		return summary
	}
	return strings.Join(fields, lang.L("changelog.sep"))
}

// fieldValue is a value of the summary in words: an empty one as such.
func fieldValue(entity, field, v string) string {
	if v == data.NoValue {
		return lang.L("changelog.empty")
	}
	return enumValue(entity, field, v)
}

// enumValue is 是 or 否 for a yes-or-no field, and the label of a code
// when the field holds an enumeration:
// the enumeration named "<entity>_<field>" (site_status) or "<field>"
// (topic_source), by data's naming, or one of fieldEnums.
func enumValue(entity, field, v string) string {
	switch v { // a yes-or-no field (typical_case)
	case "true":
		return lang.L("changelog.yes")
	case "false":
		return lang.L("changelog.no")
	}
	if e, ok := fieldEnums[[2]string{entity, field}]; ok && e.Valid(v) {
		return enumLabel(e, v)
	}
	for _, e := range data.Enums() {
		if (e.Name == entity+"_"+field || e.Name == field) && e.Valid(v) {
			return enumLabel(e, v)
		}
	}
	return v
}

// fieldEnums are the enumeration fields outside data's naming, by entity
// and field.
var fieldEnums = map[[2]string]data.Enum{{"follow_up_item", "status"}: data.FollowUps}
