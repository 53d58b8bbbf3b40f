package export

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// templateRows is how many rows get the drop-down lists and formats.
const templateRows = 2000

// TemplateName proposes the template's file name, e.g. 试点单位导入模板.xlsx.
func TemplateName(kind ImportKind) string { return kind.Name("zh") + "导入模板.xlsx" }

// templateFields are the columns of kind's template after 序号: not those
// that only describe other layouts (the roster's names by role, 工作单位及职务
// in one cell), which the template asks for one by one.
func templateFields(kind ImportKind) []Field {
	return slices.DeleteFunc(slices.Clone(kind.Fields()), func(f Field) bool { return f.typ == tNames || f.Key == fUnitPos.Key })
}

// WriteTemplate writes the import workbook of kind to path: a sheet to fill
// in (headers, required ones marked *, one example row that the import
// skips, a drop-down list on every column with options), a sheet of
// instructions, and a hidden sheet holding the lists too long to write
// into a drop-down. With st, the township, site and panel columns offer
// the names on file (other names are still allowed).
func WriteTemplate(ctx context.Context, st *data.Store, kind ImportKind, path string) error {
	if _, ok := kinds[kind]; !ok {
		return &data.Error{Code: data.EInvalid, ZH: fmt.Sprintf("没有“%s”的导入模板。", kind), EN: fmt.Sprintf("There is no import template for %q.", kind)}
	}
	if err := CheckTarget(path); err != nil {
		return err
	}
	f := excelize.NewFile()
	b := &book{f: f}
	defer b.close()
	if err := fillTemplate(ctx, st, kind, f); err != nil {
		return wrapCancel(ctx, err)
	}
	return b.save(ctx, path)
}

func fillTemplate(ctx context.Context, st *data.Store, kind ImportKind, f *excelize.File) error {
	sheet := kind.Name("zh")
	const help, lists = "填写说明", "选项"
	_, err1 := f.NewSheet(help)
	_, err2 := f.NewSheet(lists)
	if err := firstErr(f.SetSheetName(f.GetSheetName(0), sheet), err1, err2, f.SetSheetVisible(lists, false)); err != nil {
		return err
	}
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	text, _ := f.NewStyle(&excelize.Style{NumFmt: 49})
	dateFmt := "yyyy-mm-dd"
	date, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	example, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "808080", Italic: true}, NumFmt: 49})
	exampleDate, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "808080", Italic: true}, CustomNumFmt: &dateFmt})

	names, err := namesOnFile(ctx, st)
	if err != nil {
		return err
	}
	fields := templateFields(kind)
	// The first failure is the one reported; the calls after it are cheap
	// and harmless.
	var failed error
	must := func(err error) { failed = firstErr(failed, err) }
	must(f.SetCellStr(sheet, "A1", "序号"))
	must(f.SetCellStyle(sheet, "A1", "A1", head))
	must(f.SetCellStr(sheet, "A2", "示例"))
	must(f.SetCellStyle(sheet, "A2", "A2", example))
	must(f.SetColWidth(sheet, "A", "A", 6))
	listCol := 0
	for i, fd := range fields {
		col, _ := excelize.ColumnNumberToName(i + 2)
		h := fd.ZH
		if fd.Required {
			h = "*" + h
		}
		must(f.SetCellStr(sheet, col+"1", h))
		must(f.SetCellStyle(sheet, col+"1", col+"1", head))
		must(f.SetColWidth(sheet, col, col, float64(max(10, min(30, textWidth(h)+4)))))
		ex := kinds[kind].example[fd.Key]
		last := fmt.Sprintf("%s%d", col, templateRows+1)
		if fd.typ == tDate {
			must(f.SetCellStyle(sheet, col+"3", last, date))
			if d, err := data.ParseDate(ex); err == nil && !d.IsZero() {
				must(f.SetCellValue(sheet, col+"2", d.Time()))
				must(f.SetCellStyle(sheet, col+"2", col+"2", exampleDate))
			}
		} else {
			if fd.typ != tInt {
				must(f.SetCellStyle(sheet, col+"3", last, text))
			}
			if ex != "" {
				must(f.SetCellStr(sheet, col+"2", ex))
				must(f.SetCellStyle(sheet, col+"2", col+"2", example))
			}
		}
		options, strict := optionLabels(fd), true
		if len(options) == 0 {
			options, strict = names[fd.Key], false
		}
		if len(options) == 0 {
			continue
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = col + "3:" + last
		if len(strings.Join(options, ",")) <= 250 && !strings.ContainsAny(strings.Join(options, ""), `,"`) {
			must(dv.SetDropList(options))
		} else {
			listCol++
			lc, _ := excelize.ColumnNumberToName(listCol)
			must(f.SetCellStr(lists, lc+"1", fd.ZH))
			must(f.SetSheetCol(lists, lc+"2", &options))
			dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$2:$%s$%d", lists, lc, lc, len(options)+1))
		}
		if strict {
			dv.SetError(excelize.DataValidationErrorStyleStop, "请从列表中选择", "可选："+strings.Join(options, "、"))
		} else {
			dv.SetError(excelize.DataValidationErrorStyleInformation, "不在已登记的名单中", "导入时将按新名称处理。")
		}
		must(f.AddDataValidation(sheet, dv))
	}
	must(f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	must(writeHelp(f, help, kind, fields, head))
	return failed
}

// namesOnFile are the township, site and panel names for the drop-downs.
func namesOnFile(ctx context.Context, st *data.Store) (map[string][]string, error) {
	out := map[string][]string{}
	if st == nil {
		return out, nil
	}
	sites, err := st.Sites(ctx, data.SiteFilter{})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, s := range sites {
		if s.Kind == data.KindTownship {
			out["township"] = append(out["township"], s.Name)
		}
		if !seen[s.Name] {
			seen[s.Name] = true
			out["site"] = append(out["site"], s.Name)
		}
	}
	panels, err := st.Panels(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range panels {
		out["panel"] = append(out["panel"], p.Name)
	}
	return out, nil
}

// writeHelp fills the instructions sheet.
func writeHelp(f *excelize.File, sheet string, kind ImportKind, fields []Field, head int) error {
	name := kind.Name("zh")
	lines := []string{
		"议事台 PilotDesk 导入模板：" + name,
		"",
		"1. 在“" + name + "”工作表中每行填写一条记录，从第3行起填写；第2行是示例（序号为“示例”的行不会导入），可以删除。",
		"2. 标“*”的列必须填写，其余可以不填。不需要的列可以删除，列的顺序可以调整，表头文字不要改。",
		"3. 日期可以写成“2020-03-24”“2020/3/24”“2020.3.24”“2020年3月24日”或“20200324”，也可以是 Excel 日期。",
		"4. 带下拉箭头的列请从列表中选择。手机号码请按文本输入（本模板已设为文本格式）。",
		"5. " + kinds[kind].keyText + "再次导入同一文件不会重复登记：已有的记录会更新，空白单元格不会清除已登记的内容。",
		"6. 导入前会先预览：新增、更新、未变和有误的行数，以及每一有误行的行号和原因；有误的行可以另存后改正再导入。",
		"7. 也可以直接导入平时使用的表格（如试点单位一览表、活动台账）：程序会自动找到表头并对应各列。",
		"",
	}
	failed := f.SetSheetCol(sheet, "A1", &lines)
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	row := len(lines) + 1
	failed = firstErr(failed, f.SetCellStyle(sheet, "A1", "A1", bold),
		f.SetSheetRow(sheet, fmt.Sprintf("A%d", row), &[]string{"列名", "必填", "说明", "可选值"}),
		f.SetCellStyle(sheet, fmt.Sprintf("A%d", row), fmt.Sprintf("D%d", row), head))
	for _, fd := range fields {
		row++
		req := ""
		if fd.Required {
			req = "是"
		}
		note := fd.hint
		if len(fd.synonyms) > 0 {
			syn := fd.synonyms[:min(4, len(fd.synonyms))]
			if note != "" {
				note += "。"
			}
			note += "表头也可写作：" + strings.Join(syn, "、")
		}
		failed = firstErr(failed, f.SetSheetRow(sheet, fmt.Sprintf("A%d", row), &[]string{fd.ZH, req, note, strings.Join(optionLabels(fd), "、")}))
	}
	for col, w := range map[string]float64{"A": 18, "B": 6, "C": 60, "D": 40} {
		failed = firstErr(failed, f.SetColWidth(sheet, col, col, w))
	}
	return failed
}

// optionLabels are what a field may hold, for a drop-down: an enumeration's
// labels, 是 and 否, or none.
func optionLabels(fd Field) []string {
	if fd.typ == tFlag {
		return []string{"是", "否"}
	}
	var out []string
	if fd.enum != nil {
		for _, o := range fd.enum.Options {
			out = append(out, o.ZH)
		}
	}
	return out
}
