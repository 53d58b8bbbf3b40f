package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
	"pilotdesk/export"
)

// 导入 → 各县报送表… (a city's database, issue 20): the counties' 报送表
// are added one by one or a folder at a time; each is read and previewed
// against what its county sent before (or refused, naming file, sheet and
// cell); the good ones are merged, each in its own transaction, and a
// summary says what each did. Reading and merging run off the UI
// goroutine (runTask), results come back through fyne.Do.

// reportFile is one workbook in the dialog.
type reportFile struct {
	path     string
	sub      *data.Submission
	preview  *data.MergePreview
	err      error // refused when read or previewed
	merged   bool
	mergeErr error
}

// ok tells whether it can be merged.
func (f *reportFile) ok() bool { return f.err == nil && f.preview != nil && !f.merged }

// reportMerge is the dialog's state.
type reportMerge struct {
	u      *UI
	files  []*reportFile
	table  *recordTable[*reportFile]
	detail *widget.Label
	apply  *widget.Button
	d      *dialog.CustomDialog
}

// startReportMerge opens the dialog (the 文件 menu of a city's database).
func (u *UI) startReportMerge() *reportMerge {
	m := &reportMerge{u: u}
	m.table = newRecordTable([]column[*reportFile]{
		{key: "merge.col_file", width: 220, text: func(f *reportFile) string { return filepath.Base(f.path) }, grow: true},
		{key: "city.county", width: 90, text: m.county},
		{key: "merge.col_period", width: 170, text: m.period,
			fit: []string{lang.L("merge.period", map[string]any{"From": "2026-01-01", "To": "2026-12-31"})}},
		{key: "merge.col_new", width: 60, text: func(f *reportFile) string { return m.count(f, 0) }},
		{key: "merge.col_changed", width: 60, text: func(f *reportFile) string { return m.count(f, 1) }},
		{key: "merge.col_removed", width: 60, text: func(f *reportFile) string { return m.count(f, 2) }},
		{key: "merge.col_state", width: 120, text: m.state, fit: []string{lang.L("merge.state_refused"), lang.L("merge.state_failed"),
			lang.L("merge.state_merged"), lang.L("merge.state_replaces"), lang.L("merge.state_ready")}},
	}, func(f *reportFile) uint { return uint(slices.Index(m.files, f) + 1) })
	m.table.warn = func(f *reportFile) bool { return f.err != nil || f.mergeErr != nil }
	m.table.onSelect = m.showDetail
	m.table.onDelete = m.remove
	m.detail = widget.NewLabel(lang.L("merge.detail_none"))
	m.detail.Wrapping = fyne.TextWrapWord

	hint := widget.NewLabel(lang.L("merge.hint"))
	hint.Wrapping = fyne.TextWrapWord
	addFile := widget.NewButtonWithIcon(lang.L("merge.add_file"), theme.FileIcon(), func() {
		u.chooseFile("merge.file_title", []string{".xlsx"}, u.exportFolder(), func(p string) { m.add([]string{p}) })
	})
	addDir := widget.NewButtonWithIcon(lang.L("merge.add_folder"), theme.FolderOpenIcon(), func() {
		u.chooseFolder("merge.folder_title", u.exportFolder(), func(dir string) { m.add(workbooksIn(dir)) })
	})
	removeBtn := rowButton(m.table, lang.L("merge.remove"), theme.DeleteIcon(), m.remove)
	top := container.NewVBox(hint, container.NewHBox(addFile, addDir, removeBtn))
	split := container.NewVSplit(m.table, container.NewVScroll(m.detail))
	split.Offset = 0.6
	content := container.NewBorder(top, nil, nil, nil, split)

	m.apply = widget.NewButtonWithIcon("", theme.ConfirmIcon(), m.merge)
	m.apply.Importance = widget.HighImportance
	closeBtn := widget.NewButtonWithIcon(lang.L("merge.close"), theme.CancelIcon(), func() { m.d.Hide() })
	m.d = dialog.NewCustomWithoutButtons(lang.L("merge.title"), content, u.win)
	m.d.SetButtons([]fyne.CanvasObject{closeBtn, m.apply})
	m.d.Resize(u.dialogSize(1000, 640))
	m.show()
	showDialog(u.win, m.d)
	return m
}

// workbooksIn lists the .xlsx files of dir (not its sub-folders), by name;
// Excel's lock files (~$name.xlsx) are left out.
func workbooksIn(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && strings.EqualFold(filepath.Ext(n), ".xlsx") && !strings.HasPrefix(n, "~$") {
			out = append(out, filepath.Join(dir, n))
		}
	}
	return out
}

// add reads and previews the workbooks not in the list yet.
func (m *reportMerge) add(paths []string) {
	var todo []*reportFile
	for _, p := range paths {
		if !slices.ContainsFunc(m.files, func(f *reportFile) bool { return f.path == p }) {
			todo = append(todo, &reportFile{path: p})
		}
	}
	if len(todo) == 0 {
		return
	}
	m.u.importTask(lang.L("merge.reading"), func(ctx context.Context, report func(int, int)) error {
		for i, f := range todo {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			report(i, len(todo))
			f.sub, f.err = export.ReadReport(f.path)
			if f.err == nil {
				f.preview, f.err = m.u.store.PreviewMerge(ctx, f.sub)
			}
		}
		return nil
	}, func(err error) {
		for _, f := range todo {
			if f.sub != nil || f.err != nil {
				m.files = append(m.files, f)
			}
		}
		m.show()
		if len(m.files) > 0 {
			m.table.selectID(uint(slices.Index(m.files, todo[0]) + 1))
			if cur, ok := m.table.current(); ok {
				m.showDetail(cur)
			}
		}
	})
}

// remove takes a file off the list.
func (m *reportMerge) remove(f *reportFile) {
	m.files = slices.DeleteFunc(m.files, func(x *reportFile) bool { return x == f })
	m.show()
	m.detail.SetText(lang.L("merge.detail_none"))
}

// show lists the files and says how many can be merged.
func (m *reportMerge) show() {
	m.table.setRows(slices.Clone(m.files), m.table.selectedID())
	n := 0
	for _, f := range m.files {
		if f.ok() {
			n++
		}
	}
	m.apply.SetText(lang.L("merge.apply", map[string]any{"N": n}))
	enable(m.apply, n > 0)
}

// merge merges every good file, one transaction each, then says how each
// went.
func (m *reportMerge) merge() {
	var todo []*reportFile
	for _, f := range m.files {
		if f.ok() {
			todo = append(todo, f)
		}
	}
	m.u.importTask(lang.L("merge.merging"), func(ctx context.Context, report func(int, int)) error {
		for _, f := range todo {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			done, err := m.u.store.Merge(ctx, f.sub, report) // rows of this file: thousands take a while
			if err == nil {
				f.preview = done // what it did, which may differ from the preview
			}
			f.mergeErr, f.merged = err, err == nil
		}
		return nil
	}, func(err error) {
		m.show()
		m.u.screen().refresh()
		m.summary(todo, err)
	})
}

// summary tells which files were merged and which were not, and why.
func (m *reportMerge) summary(tried []*reportFile, err error) {
	var done, failed []string
	for _, f := range tried {
		switch {
		case f.merged:
			done = append(done, lang.L("merge.summary_done", map[string]any{"County": m.county(f), "Period": m.period(f), "Changes": m.changes(f)}))
		case f.mergeErr != nil:
			failed = append(failed, lang.L("merge.summary_failed", map[string]any{"File": filepath.Base(f.path), "Reason": errText(f.mergeErr)}))
		default:
			failed = append(failed, lang.L("merge.summary_skipped", map[string]any{"File": filepath.Base(f.path)}))
		}
	}
	text := lang.L("merge.summary_head", map[string]any{"Done": len(done), "Failed": len(failed)})
	if len(done) > 0 {
		text += "\n" + strings.Join(done, "\n")
	}
	if len(failed) > 0 {
		text += "\n\n" + strings.Join(failed, "\n")
	}
	if err != nil && data.ErrorCode(err) == export.ECancelled {
		text += "\n\n" + errText(err)
	}
	m.u.inform(lang.L("merge.summary_title"), text)
}

// showDetail says what the selected file holds and would change, kind by
// kind, or why it is refused.
func (m *reportMerge) showDetail(f *reportFile) {
	switch {
	case f.err != nil:
		m.detail.SetText(lang.L("merge.refused", map[string]any{"Reason": errText(f.err)})) // it names the file
	case f.mergeErr != nil:
		m.detail.SetText(lang.L("merge.failed", map[string]any{"File": filepath.Base(f.path), "Reason": errText(f.mergeErr)}))
	default:
		m.detail.SetText(m.previewText(f))
	}
}

// county is the county a file is from (as the preview found it).
func (m *reportMerge) county(f *reportFile) string {
	switch {
	case f.preview != nil:
		return f.preview.County
	case f.sub != nil:
		return f.sub.County
	}
	return ""
}

// period is the period a file covers.
func (m *reportMerge) period(f *reportFile) string {
	var p data.Period
	switch {
	case f.preview != nil:
		p = f.preview.Period
	case f.sub != nil:
		p = f.sub.Period
	default:
		return ""
	}
	return lang.L("merge.period", map[string]any{"From": p.From.String(), "To": p.To.String()})
}

// count is the file's records new (0), changed (1) or removed (2), all
// kinds together; blank while it cannot be merged.
func (m *reportMerge) count(f *reportFile, which int) string {
	if f.preview == nil || f.err != nil {
		return ""
	}
	n := 0
	for _, k := range f.preview.Kinds {
		n += [3]int{k.New, k.Changed, k.Removed}[which]
	}
	return formatInt(n)
}

// state is what became of the file.
func (m *reportMerge) state(f *reportFile) string {
	switch {
	case f.err != nil:
		return lang.L("merge.state_refused")
	case f.mergeErr != nil:
		return lang.L("merge.state_failed")
	case f.merged:
		return lang.L("merge.state_merged")
	case f.preview != nil && f.preview.Replaces:
		return lang.L("merge.state_replaces")
	}
	return lang.L("merge.state_ready")
}

// kindKeys name the kinds of record of a 报送表 (data.MergeKinds).
var kindKeys = map[string]string{
	"sites": "merge.kind_sites", "people": "merge.kind_people", "assignments": "merge.kind_assignments",
	"panels": "merge.kind_panels", "panel_members": "merge.kind_panel_members", "activities": "merge.kind_activities",
	"attendees": "merge.kind_attendees", "follow_up_items": "merge.kind_follow_up_items", "tasks": "merge.kind_tasks",
	"task_completions": "merge.kind_task_completions", "visits": "merge.kind_visits",
}

// kindName names a kind of record in the window's language; one added
// to data later goes by its sheet's name.
func kindName(k data.KindCounts) string {
	if key, ok := kindKeys[k.Kind]; ok {
		return lang.L(key)
	}
	return k.Sheet
}

// changes sums up what a merge did or would do: 新增12，修改3，删除1.
func (m *reportMerge) changes(f *reportFile) string {
	if f.preview.FiguresOnly {
		return lang.L("merge.figures_only")
	}
	return lang.L("merge.changes", map[string]any{"New": m.count(f, 0), "Changed": m.count(f, 1), "Removed": m.count(f, 2)})
}

// previewText is the selected file's preview: county, period, whether it
// replaces an earlier submission, and each kind's counts.
func (m *reportMerge) previewText(f *reportFile) string {
	p := f.preview
	key := "merge.preview_head"
	if f.merged {
		key = "merge.merged_head"
	}
	lines := []string{lang.L(key, map[string]any{"File": filepath.Base(f.path), "County": p.County, "Period": m.period(f)})}
	if p.Replaces {
		lines = append(lines, lang.L("merge.replaces"))
	}
	if p.FiguresOnly {
		lines = append(lines, lang.L("merge.figures_only"))
	}
	for _, k := range p.Kinds {
		lines = append(lines, lang.L("merge.kind_line", map[string]any{"Kind": kindName(k), "New": formatInt(k.New),
			"Changed": formatInt(k.Changed), "Removed": formatInt(k.Removed), "Unchanged": formatInt(k.Unchanged)}))
	}
	return strings.Join(lines, "\n")
}
