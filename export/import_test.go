package export

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"pilotdesk/data"
)

// preview reads path's sheet (guessed when "") and previews it as kind.
func preview(t testing.TB, st *data.Store, kind ImportKind, path, sheet string, opts PreviewOptions) *Preview {
	t.Helper()
	src, err := OpenSource(path)
	must(t, err)
	defer src.Close()
	if sheet == "" {
		sheet = src.GuessSheet(kind)
	}
	tab, err := src.Read(ctx, sheet, nil)
	must(t, err)
	p, err := Analyze(ctx, st, kind, tab, opts)
	must(t, err)
	return p
}

func reasons(p *Preview) string {
	var b strings.Builder
	for _, r := range p.Rejected {
		b.WriteString("\n  row " + strconv.Itoa(r.Row) + ": " + data.Message(r.Err, "zh"))
	}
	return b.String()
}

func counts(t testing.TB, p *Preview, new, updated, unchanged, rejected int) {
	t.Helper()
	if p.New != new || p.Updated != updated || p.Unchanged != unchanged || len(p.Rejected) != rejected {
		t.Errorf("new %d, updated %d, unchanged %d, rejected %d; want %d, %d, %d, %d%s",
			p.New, p.Updated, p.Unchanged, len(p.Rejected), new, updated, unchanged, rejected, reasons(p))
	}
}

func apply(t testing.TB, st *data.Store, p *Preview) {
	t.Helper()
	_, err := p.Apply(ctx, st, nil)
	must(t, err)
}

// sheetFile writes rows (nil cells stay empty) to a new workbook's Sheet1,
// merges the given ranges, and lets edit add anything else.
func sheetFile(t testing.TB, rows [][]any, merges []string, edit func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		for j, v := range r {
			if v == nil {
				continue
			}
			c, _ := excelize.CoordinatesToCellName(j+1, i+1)
			must(t, f.SetCellValue("Sheet1", c, v))
		}
	}
	for _, m := range merges {
		a, b, _ := strings.Cut(m, ":")
		must(t, f.MergeCell("Sheet1", a, b))
	}
	if edit != nil {
		edit(f)
	}
	path := filepath.Join(t.TempDir(), "in.xlsx")
	must(t, f.SaveAs(path))
	return path
}

func rejectedRow(t testing.TB, p *Preview, row int, want string) {
	t.Helper()
	for _, r := range p.Rejected {
		if r.Row == row {
			if msg := data.Message(r.Err, "zh"); !strings.Contains(msg, want) {
				t.Errorf("row %d: %q, want it to say %q", row, msg, want)
			}
			if data.Message(r.Err, "en") == data.Message(r.Err, "zh") {
				t.Errorf("row %d: no English reason", row)
			}
			return
		}
	}
	t.Errorf("row %d not rejected (want %q)%s", row, want, reasons(p))
}

func TestImportRoundTripRosterAndLedger(t *testing.T) {
	fx := newFixture(t)
	addActivities(t, fx)
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.xlsx")
	ledger := filepath.Join(dir, "ledger.xlsx")
	panels := filepath.Join(dir, "panels.xlsx")
	must(t, Roster(ctx, fx.st, roster, Options{}))
	must(t, Ledger(ctx, fx.st, ledger, Options{}))
	must(t, Panels(ctx, fx.st, panels, Options{}))
	changes := func() int {
		c, err := fx.st.Changes(ctx, data.ChangeFilter{Limit: 10000})
		must(t, err)
		return len(c)
	}
	before := changes()

	p := preview(t, fx.st, ImportSites, roster, "", PreviewOptions{})
	counts(t, p, 0, 0, 5, 0)
	apply(t, fx.st, p)
	// The roster's leads and liaison members, read as assignments.
	p = preview(t, fx.st, ImportAssignments, roster, "", PreviewOptions{})
	counts(t, p, 0, 0, 1, 0)
	apply(t, fx.st, p)
	p = preview(t, fx.st, ImportActivities, ledger, "", PreviewOptions{})
	counts(t, p, 0, 0, 5, 0)
	if p.HeaderRow != 4 {
		t.Errorf("ledger header row %d, want 4 (the second of two)", p.HeaderRow)
	}
	apply(t, fx.st, p)
	p = preview(t, fx.st, ImportPanelMembers, panels, "", PreviewOptions{})
	counts(t, p, 0, 0, 3, 0)
	if after := changes(); after != before {
		t.Errorf("importing our own exports changed %d records", after-before)
	}

	// Edited in Excel: one activity changed, one added; imported back.
	f, err := excelize.OpenFile(ledger)
	must(t, err)
	sheet := f.GetSheetName(0)
	all, _ := f.GetRows(sheet)
	r := findRow(all, 4, "小区停车难")
	must(t, f.SetCellValue(sheet, "T"+strconv.Itoa(r), 5)) // 解决问题数
	must(t, f.InsertRows(sheet, r+1, 1))
	must(t, f.SetSheetRow(sheet, "A"+strconv.Itoa(r+1), &[]any{99, "2024-06-01", "通泉街道", "乐熙社区", "新增的议题", "社会征题"}))
	must(t, f.SaveAs(ledger))
	f.Close()
	p = preview(t, fx.st, ImportActivities, ledger, "", PreviewOptions{})
	counts(t, p, 1, 1, 4, 0)
	apply(t, fx.st, p)
	list, _, err := fx.st.Activities(ctx, data.ActivityFilter{Keyword: "小区停车难"})
	must(t, err)
	if len(list) != 1 || list[0].ProblemsSolved != 5 {
		t.Errorf("updated activity: %+v", list)
	}
	d, err := fx.st.Activity(ctx, list[0].ID)
	must(t, err)
	_ = d
}

// A roster as coordinators keep it: a title, a 填报单位 line, the
// township written once for its villages (merged), every date form, phone
// numbers as numbers, full-width digits and stray spaces, blank rows,
// a repeated row, and a bad one.
func TestImportRealSitesSheet(t *testing.T) {
	st := openStore(t)
	path := sheetFile(t, [][]any{
		{"马龙区“协商在基层”试点单位名单"},
		{"填报单位：马龙区政协办公室", nil, nil, "填报日期：2024年7月5日"},
		{},
		{"序号", "乡 镇", "村（社区）", "议事室名称", "挂牌日期", "联系人", "联系电话（手机）"},
		{1, "通泉街道", "乐熙社区", "乐熙社区议事站", 43923, "张 明", 13912345678},
		{2, nil, "小寨社区", "小寨议事厅", "2020-03-24", "李四", "1.3912345679E+10"},
		{3, nil, "鑫城 社区", nil, "2020/3/24", nil, "１３９１２３４５６７０"},
		{},
		{4, "旧县街道", "旧县社区", nil, "2020.3.24", nil, " 0874-3123456 "},
		{5, nil, "方城社区", nil, "2020年3月24日", nil, nil},
		{6, nil, "外山社区", nil, "20200324", nil, "1.39E+10"},
		{7, nil, "旧县社区", nil, nil, nil, nil},
		{8, nil, "新村", nil, "2020-02-30", nil, nil},
		{"合计", "8 个"},
		{"填表人：李明"},
	}, []string{"A1:G1", "B5:B7", "B9:B15", "A16:G16"}, func(f *excelize.File) {
		date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellStyle("Sheet1", "E5", "E5", date)
		f.SetCellStyle("Sheet1", "G5", "G5", date) // a phone shown as a date still has its digits
	})
	p := preview(t, st, ImportSites, path, "", PreviewOptions{})
	if p.HeaderRow != 4 {
		t.Errorf("header row %d, want 4", p.HeaderRow)
	}
	counts(t, p, 5, 0, 0, 3)
	rejectedRow(t, p, 11, "科学计数法")
	rejectedRow(t, p, 12, "与第9行重复")
	rejectedRow(t, p, 13, "不是正确的日期")
	if len(p.Created) != 2 {
		t.Errorf("created %v, want the two townships", p.Created)
	}
	whole := p.Table
	apply(t, st, p)
	// Applied, the preview keeps only the rejected rows of its sheet (saved
	// below); the table it was given stays whole.
	if n := len(p.Table.Rows); n != 3 || len(whole.Rows) < 10 {
		t.Errorf("after Apply the preview keeps %d rows (want the 3 rejected), the sheet read %d", n, len(whole.Rows))
	}
	applied := p
	sites, err := st.Sites(ctx, data.SiteFilter{})
	must(t, err)
	got := map[string]data.Site{}
	for _, s := range sites {
		got[s.Township+"/"+s.Name] = s
	}
	for key, want := range map[string]struct{ day, phone, contact string }{
		"通泉街道/乐熙社区": {"2020-04-02", "13912345678", "张明"},
		"通泉街道/小寨社区": {"2020-03-24", "13912345679", "李四"},
		"通泉街道/鑫城社区": {"2020-03-24", "13912345670", ""},
		"旧县街道/旧县社区": {"2020-03-24", "0874-3123456", ""},
		"旧县街道/方城社区": {"2020-03-24", "", ""},
	} {
		s, ok := got[key]
		if !ok {
			t.Errorf("%s not imported; got %v", key, got)
			continue
		}
		if s.UnveiledOn.String() != want.day || s.Phone != want.phone || s.Contact != want.contact || s.Status != data.StatusUnveiled {
			t.Errorf("%s: %s %q %q %s", key, s.UnveiledOn, s.Phone, s.Contact, s.Status)
		}
	}
	if tw := got["通泉街道/通泉街道"]; tw.Kind != data.KindTownship || tw.Status != data.StatusPlanned {
		t.Errorf("township made on the way: %+v", tw)
	}

	// Again: nothing new; the duplicate and bad rows are still refused.
	p = preview(t, st, ImportSites, path, "", PreviewOptions{})
	counts(t, p, 0, 0, 5, 3)

	// The rejected rows saved for correcting: original cells and the
	// reason; from the applied preview too.
	for _, p := range []*Preview{p, applied} {
		out := filepath.Join(t.TempDir(), "errors.xlsx")
		must(t, p.SaveRejected(ctx, out, "zh"))
		f := reopen(t, out)
		rows := rowsOf(t, f)
		if len(rows) != 4 || rows[0][len(rows[0])-1] != "错误原因" || rows[3][2] != "新村" || !strings.Contains(rows[3][7], "日期") {
			t.Errorf("rejected rows workbook: %q", rows)
		}
		if rows[1][1] != "旧县街道" { // the merged township is filled in
			t.Errorf("row 11 saved as %q", rows[1])
		}
	}
}

func rowsOf(t testing.TB, f *excelize.File) [][]string {
	t.Helper()
	r, err := f.GetRows(f.GetSheetName(0))
	must(t, err)
	return r
}

func TestImportPeopleAndMatching(t *testing.T) {
	fx := newFixture(t)
	path := sheetFile(t, [][]any{
		{"名字", "性别", "手机号码", "工作单位", "界别", "职务", "人员类别"},
		{"王建国", "男", 13812345678, nil, nil, "区政协主席", nil},   // name + phone: updated position
		{"赵 丽", nil, "139 8765 4321", nil, "经济界", nil, nil}, // unchanged (spaces tidied)
		{"孙悟", "男", nil, "区教育局", "教育界", nil, nil},           // new, a member by 界别
		{"周八", nil, nil, nil, nil, nil, nil},                // no category
		{"王建国", nil, 13812345678, nil, nil, nil, nil},       // the same person again
		{"陈红", nil, "138****5678", "区水务局", nil, nil, nil},   // masked phone: matched by unit
	}, nil, nil)
	p := preview(t, fx.st, ImportPeople, path, "", PreviewOptions{})
	counts(t, p, 1, 1, 2, 2)
	rejectedRow(t, p, 5, "人员类别")
	rejectedRow(t, p, 6, "重复")
	apply(t, fx.st, p)
	got, err := fx.st.Person(ctx, fx.leader.ID)
	must(t, err)
	if got.Position != "区政协主席" || got.Gender != data.GenderMale {
		t.Errorf("leader: %+v", got)
	}
	if staff, _ := fx.st.Person(ctx, fx.staff.ID); staff.Phone != "13812345678" {
		t.Errorf("a masked phone overwrote the stored one: %q", staff.Phone)
	}
	found, err := fx.st.FindPerson(ctx, "孙悟", "", "区教育局")
	must(t, err)
	if found == nil || found.Category != data.CategoryMember {
		t.Errorf("new member: %+v", found)
	}
}

func TestImportAssignmentsAndPanelMembers(t *testing.T) {
	fx := newFixture(t)
	path := sheetFile(t, [][]any{
		{"姓名", "乡镇（街道）", "试点单位", "角色", "开始日期", "结束日期"},
		{"赵丽", "通泉街道", "小寨社区居委会", "联系委员", "2024-01-01", nil},
		{"王建国", "通泉街道", "乐熙社区", "牵头领导", "2020-01-01", nil}, // stored: unchanged
		{"王建国", "通泉街道", "乐熙社区", "牵头领导", "2021-01-01", nil}, // overlaps
		{"无名氏", "通泉街道", "乐熙社区", "联系委员", nil, nil},
		{"赵丽", "通泉街道", "不存在社区", "联系委员", nil, nil},
	}, nil, nil)
	p := preview(t, fx.st, ImportAssignments, path, "", PreviewOptions{})
	counts(t, p, 1, 0, 1, 3)
	rejectedRow(t, p, 4, "不能重复登记")
	rejectedRow(t, p, 5, "没有名为“无名氏”的人员")
	rejectedRow(t, p, 6, "不存在社区")
	apply(t, fx.st, p)

	// A department's list for a new panel: the panel and unknown people are made.
	path = sheetFile(t, [][]any{
		{"政策顾问团成员名册"},
		{"推荐部门", "姓名", "性别", "工作单位及职务", "联系电话", "擅长领域"},
		{"区水务局", "陈红", "女", "区水务局　副局长", 13812345678, "水利"},
		{"区卫健局", "刘医生", "男", "区人民医院　院长", 13700000001, "医药卫生"},
	}, []string{"A1:F1"}, nil)
	p = preview(t, fx.st, ImportPanelMembers, path, "", PreviewOptions{Panel: "医疗顾问团"})
	counts(t, p, 2, 0, 0, 0)
	if len(p.Created) != 2 {
		t.Errorf("created %v, want the panel and 刘医生", p.Created)
	}
	apply(t, fx.st, p)
	doc, err := fx.st.FindPerson(ctx, "刘医生", "13700000001", "")
	must(t, err)
	if doc == nil || doc.Unit != "区人民医院" || doc.Position != "院长" || doc.Category != data.CategoryStaff {
		t.Errorf("person made from the roster: %+v", doc)
	}
}

// Everything or nothing: a failure in the middle of the write leaves the
// database as it was.
func TestImportIsOneTransaction(t *testing.T) {
	fx := newFixture(t)
	path := sheetFile(t, [][]any{
		{"乡镇（街道）", "试点单位名称", "类型"},
		{"通泉街道", "新社区一", "村（社区）"},
		{"通泉街道", "新社区二", "村（社区）"},
		{"通泉街道", "新社区三", "村（社区）"},
	}, nil, nil)
	p := preview(t, fx.st, ImportSites, path, "", PreviewOptions{})
	counts(t, p, 3, 0, 0, 0)
	// Meanwhile someone else enters the third one: its save fails at commit
	// time, after two rows were written.
	must(t, fx.st.SaveSite(ctx, &data.Site{Name: "新社区三", Kind: data.KindCommunity, ParentID: &fx.tongquan.ID, Status: data.StatusPlanned}))
	_, err := p.Apply(ctx, fx.st, nil)
	if err == nil || !strings.Contains(data.Message(err, "zh"), "第4行") {
		t.Fatalf("apply: %v", err)
	}
	sites, _ := fx.st.Sites(ctx, data.SiteFilter{Keyword: "新社区"})
	if len(sites) != 1 {
		t.Errorf("after a failed import %d sites exist, want only the one entered meanwhile", len(sites))
	}
	// A cancelled import writes nothing either.
	p = preview(t, fx.st, ImportSites, path, "", PreviewOptions{})
	sheet := p.Table
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := p.Apply(cctx, fx.st, nil); data.ErrorCode(err) != ECancelled {
		t.Errorf("cancelled apply: %v", err)
	}
	sites, _ = fx.st.Sites(ctx, data.SiteFilter{Keyword: "新社区"})
	if len(sites) != 1 {
		t.Errorf("a cancelled import wrote %d sites", len(sites)-1)
	}
	// So does a preview cancelled while it plans.
	if _, err := Analyze(cctx, fx.st, ImportSites, sheet, PreviewOptions{}); data.ErrorCode(err) != ECancelled ||
		!strings.Contains(data.Message(err, "zh"), "导入已取消") {
		t.Errorf("cancelled preview: %v", err)
	}
}

func TestImportCSV(t *testing.T) {
	st := openStore(t)
	text := "乡镇,试点单位名称,挂牌时间\r\n通泉街道,,2020-03-20\r\n通泉街道,\"乐熙社区\",2020/4/2\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	must(t, err)
	for name, content := range map[string][]byte{
		"utf8.csv": append([]byte("\xEF\xBB\xBF"), text...),
		"gbk.csv":  []byte(gbk),
		"tabs.txt": []byte(strings.ReplaceAll(text, ",", "\t")),
	} {
		path := filepath.Join(t.TempDir(), name)
		must(t, os.WriteFile(path, content, 0o600))
		p := preview(t, st, ImportSites, path, "", PreviewOptions{})
		counts(t, p, 2, 0, 0, 0)
		if p.Headers[0] != "乡镇" {
			t.Errorf("%s: headers %q", name, p.Headers)
		}
	}
}

// Files that cannot be imported say why, and leave the database alone.
func TestImportBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		must(t, os.WriteFile(p, b, 0o600))
		return p
	}
	good := sheetFile(t, [][]any{{"姓名", "联系电话"}, {"张三", "13812345678"}}, nil, nil)
	goodBytes, _ := os.ReadFile(good)
	ole := append(append([]byte{}, oleMagic...), bytes.Repeat([]byte{0}, 600)...)

	// A password-protected workbook, written by excelize.
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "姓名")
	locked := filepath.Join(dir, "locked.xlsx")
	must(t, f.SaveAs(locked, excelize.Options{Password: "secret"}))
	f.Close()

	for _, c := range []struct {
		path, want string
	}{
		{write("old.xls", ole), "另存为"},
		{write("wps.et", ole), "另存为"},
		{write("renamed.xls", []byte("<html>not really</html>")), "另存为"},
		{locked, "密码"},
		{write("empty.xlsx", nil), "空的"},
		{write("broken.xlsx", goodBytes[:len(goodBytes)/2]), "已损坏"},
		{write("junk.xlsx", []byte("PK\x03\x04 this is no zip")), "已损坏"},
		{write("picture.png", []byte("\x89PNG\r\n")), "不是可导入的文件"},
		{filepath.Join(dir, "missing.xlsx"), "无法打开"},
	} {
		_, err := OpenSource(c.path)
		if msg := data.Message(err, "zh"); err == nil || !strings.Contains(msg, c.want) {
			t.Errorf("%s: %v, want it to say %q", filepath.Base(c.path), msg, c.want)
		}
		if err != nil && data.Message(err, "en") == data.Message(err, "zh") {
			t.Errorf("%s: no English message", filepath.Base(c.path))
		}
	}

	// A workbook whose parts are missing.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte("<Types/>"))
	zw.Close()
	if _, err := OpenSource(write("hollow.xlsx", buf.Bytes())); !strings.Contains(data.Message(err, "zh"), "已损坏") {
		t.Errorf("hollow workbook: %v", err)
	}

	// A zip bomb: a part that would inflate past what a workbook may.
	buf.Reset()
	zw = zip.NewWriter(&buf)
	w, _ = zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Store, CompressedSize64: 1, UncompressedSize64: 2 << 30})
	w.Write([]byte("<"))
	zw.Close()
	if _, err := OpenSource(write("bomb.xlsx", buf.Bytes())); !strings.Contains(data.Message(err, "zh"), "太大") {
		t.Errorf("zip bomb: %v", err)
	}

	// Readable, but no header: a clear message.
	st := openStore(t)
	noHeader := sheetFile(t, [][]any{{"随便写的", "内容"}, {"1", "2"}}, nil, nil)
	src, err := OpenSource(noHeader)
	must(t, err)
	tab, err := src.Read(ctx, "", nil)
	must(t, err)
	if _, err := Analyze(ctx, st, ImportPeople, tab, PreviewOptions{}); !strings.Contains(data.Message(err, "zh"), "找不到表头") {
		t.Errorf("no header: %v", err)
	}
	// A header without the columns a kind needs.
	noTopic := sheetFile(t, [][]any{{"活动日期", "试点单位", "备注"}}, nil, nil)
	src, err = OpenSource(noTopic)
	must(t, err)
	tab, err = src.Read(ctx, "", nil)
	must(t, err)
	if _, err := Analyze(ctx, st, ImportActivities, tab, PreviewOptions{}); !strings.Contains(data.Message(err, "zh"), "缺少“议题”列") {
		t.Errorf("missing column: %v", err)
	}
}

// A formula cell imports the value Excel saved with it; formulas are never
// evaluated. Hidden sheets are not offered; a sheet can be chosen.
func TestImportFormulasAndSheets(t *testing.T) {
	st := openStore(t)
	path := sheetFile(t, [][]any{{"说明：这一页不是数据"}}, nil, func(f *excelize.File) {
		f.NewSheet("名单")
		sw, _ := f.NewStreamWriter("名单")
		sw.SetRow("A1", []any{"乡镇（街道）", "试点单位名称", "备注"})
		sw.SetRow("A2", []any{"通泉街道", excelize.Cell{Formula: `A2&""`, Value: "通泉街道"}, excelize.Cell{Formula: "1+1", Value: 2}})
		sw.Flush()
		f.NewSheet("隐藏")
		f.SetSheetVisible("隐藏", false)
	})
	src, err := OpenSource(path)
	must(t, err)
	defer src.Close()
	if strings.Join(src.Sheets, ",") != "Sheet1,名单" {
		t.Errorf("sheets offered: %q", src.Sheets)
	}
	if g := src.GuessSheet(ImportSites); g != "名单" {
		t.Errorf("guessed sheet %q", g)
	}
	p := preview(t, st, ImportSites, path, "名单", PreviewOptions{})
	counts(t, p, 1, 0, 0, 0)
	apply(t, st, p)
	s, _ := st.Sites(ctx, data.SiteFilter{})
	if len(s) != 1 || s[0].Name != "通泉街道" || s[0].Notes != "2" {
		t.Errorf("formula cells imported as %+v", s)
	}
}

// The user's mapping wins over the recognised one.
func TestImportMappingEdited(t *testing.T) {
	st := openStore(t)
	path := sheetFile(t, [][]any{{"名称", "别名", "备注"}, {"通泉街道", "乙", "甲"}}, nil, nil)
	p := preview(t, st, ImportSites, path, "", PreviewOptions{})
	if strings.Join(p.Mapping, ",") != "name,,notes" {
		t.Fatalf("mapping %q", p.Mapping)
	}
	p = preview(t, st, ImportSites, path, "", PreviewOptions{Mapping: []string{"name", "notes", ""}})
	apply(t, st, p)
	s, _ := st.Sites(ctx, data.SiteFilter{})
	if len(s) != 1 || s[0].Notes != "乙" {
		t.Errorf("%+v", s)
	}
}

func TestImportTemplates(t *testing.T) {
	fx := newFixture(t)
	for _, kind := range ImportKinds {
		path := filepath.Join(t.TempDir(), TemplateName(kind))
		must(t, WriteTemplate(ctx, fx.st, kind, path))
		f := reopen(t, path)
		if got := f.GetSheetList(); len(got) != 3 || got[0] != kind.Name("zh") || got[1] != "填写说明" {
			t.Errorf("%s sheets %q", kind, got)
		}
		if v, _ := f.GetSheetVisible("选项"); v {
			t.Errorf("%s: the list sheet is visible", kind)
		}
		dvs, err := f.GetDataValidations(kind.Name("zh"))
		must(t, err)
		enums := 0
		for _, fd := range templateFields(kind) {
			if fd.enum != nil {
				enums++
			}
		}
		if len(dvs) < enums {
			t.Errorf("%s: %d drop-downs, want at least %d", kind, len(dvs), enums)
		}
		// The template as written imports: its header is found and the
		// example row is skipped.
		p := preview(t, fx.st, kind, path, "", PreviewOptions{})
		if p.Good() != 0 || len(p.Rejected) != 0 || p.HeaderRow != 1 {
			t.Errorf("%s: an empty template gives %d good, %d rejected, header %d%s", kind, p.Good(), len(p.Rejected), p.HeaderRow, reasons(p))
		}
		for i, m := range p.Mapping {
			if m == "" && p.Headers[i] != "序号" {
				t.Errorf("%s: a template column is not recognised: %q / %q", kind, p.Headers, p.Mapping)
				break
			}
		}
	}
	// The example row, typed in as a real one, imports.
	path := filepath.Join(t.TempDir(), "t.xlsx")
	must(t, WriteTemplate(ctx, nil, ImportActivities, path))
	f, err := excelize.OpenFile(path)
	must(t, err)
	sheet := ImportActivities.Name("zh")
	must(t, f.SetCellValue(sheet, "A2", 1))
	must(t, f.SetCellValue(sheet, "D2", "乐熙社区"))
	must(t, f.SaveAs(path))
	f.Close()
	p := preview(t, fx.st, ImportActivities, path, "", PreviewOptions{})
	counts(t, p, 1, 0, 0, 0)
}

func TestCellReaders(t *testing.T) {
	date := Field{Key: "date", ZH: "日期", EN: "Date", typ: tDate}
	for in, want := range map[string]string{
		"43914": "2020-03-24", "43914.5": "2020-03-24", "2020-03-24": "2020-03-24", "2020/3/24": "2020-03-24",
		"2020.3.24": "2020-03-24", "2020年3月24日": "2020-03-24", "20200324": "2020-03-24", "２０２０－０３－２４": "2020-03-24",
		" 2020 年 3 月 24 日 ": "2020-03-24", "2020-03-24 00:00:00": "2020-03-24", "2020-03-24T00:00:00Z": "2020-03-24", "": "",
	} {
		d, err := parseDateCell(date, in, false)
		if err != nil || d.String() != want {
			t.Errorf("date %q: %v %v, want %s", in, d, err, want)
		}
	}
	if d, _ := parseDateCell(date, "42452", true); d.String() != "2020-03-24" {
		t.Errorf("1904 date system: %v", d)
	}
	for _, bad := range []string{"2020-02-30", "明天", "0", "-5"} {
		if _, err := parseDateCell(date, bad, false); err == nil {
			t.Errorf("date %q accepted", bad)
		}
	}
	phone := Field{Key: "phone", ZH: "电话", EN: "Phone", typ: tPhone}
	for in, want := range map[string]string{
		"13912345678": "13912345678", "1.3912345678E+10": "13912345678", "1.39123456780E+10": "13912345678",
		"13912345678.0": "13912345678", "１３９ １２３４ ５６７８": "13912345678", "+86 139-1234-5678": "13912345678",
		"0874-3123456": "0874-3123456",
	} {
		got, err := parsePhoneCell(phone, in)
		if err != nil || got != want {
			t.Errorf("phone %q: %q %v, want %s", in, got, err, want)
		}
	}
	if _, err := parsePhoneCell(phone, "1.39E+10"); err == nil {
		t.Error("1.39E+10 accepted: its digits are lost")
	}
	n := Field{Key: "participants", ZH: "人数", EN: "Participants", typ: tInt}
	for in, want := range map[string]int{"25": 25, "25.0": 25, "２５": 25, "25人": 25, " 7 ": 7} {
		if got, err := parseIntCell(n, in); err != nil || got != want {
			t.Errorf("count %q: %d %v", in, got, err)
		}
	}
	for _, bad := range []string{"二十", "2.5", "1e99"} {
		if _, err := parseIntCell(n, bad); err == nil {
			t.Errorf("count %q accepted", bad)
		}
	}
	kind, _ := ImportSites.field("kind")
	for in, want := range map[string]string{"村（社区）": data.KindCommunity, "社区": data.KindCommunity, "township": data.KindTownship, "街道": data.KindTownship} {
		if got, err := parseEnumCell(kind, in); err != nil || got != want {
			t.Errorf("kind %q: %q %v", in, got, err)
		}
	}
	if _, err := parseEnumCell(kind, "学校"); err == nil || !strings.Contains(data.Message(err, "zh"), "可选：乡镇（街道）、村（社区）、企事业单位") {
		t.Errorf("unknown kind: %v", err)
	}
	if got := tidyName(" 王  芳 "); got != "王芳" {
		t.Errorf("tidyName: %q", got)
	}
	if got := splitNames("张三、李四，王 五;赵六"); strings.Join(got, "|") != "张三|李四|王五|赵六" {
		t.Errorf("splitNames: %q", got)
	}
}

// The reader on XML as other programs write it: prefixes, rows and cells
// without references, inline and rich text, phonetic guides, entities,
// CDATA, comments, a formula with its cached value, a vertical merge.
func TestSheetXMLReader(t *testing.T) {
	sst := `<?xml version="1.0"?><x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:si><x:t>姓名</x:t><x:rPh><x:t>xingming</x:t></x:rPh></x:si>` +
		`<x:si><x:r><x:t>A&amp;B</x:t></x:r><x:r><x:t xml:space="preserve"> 一_x000D_二</x:t></x:r></x:si><x:si/></x:sst>`
	sheet := `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1:C4"/><x:sheetData><!-- a > comment -->` +
		`<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>&#30005;&#x8BDD;</x:t></x:is></x:c><x:c t="s"><x:v>1</x:v></x:c></x:row>` +
		`<x:row r="3"><x:c r="A3"><x:v>7</x:v></x:c><x:c r="B3" t="str"><x:f>A1</x:f><x:v><![CDATA[<公式>]]></x:v></x:c><x:c r="C3"><x:v>13912345678</x:v></x:c></x:row>` +
		`<x:row r="4"/></x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A3:A4"/></x:mergeCells></x:worksheet>`
	path := filepath.Join(t.TempDir(), "other.xlsx")
	must(t, os.WriteFile(path, packageBytes([]byte(sheet), []byte(sst)), 0o600))
	src, err := OpenSource(path)
	must(t, err)
	defer src.Close()
	tab, err := src.Read(ctx, "", nil)
	must(t, err)
	var got []string
	for _, r := range tab.Rows {
		got = append(got, fmt.Sprintf("%d:%s", r.N, strings.Join(r.Cells, ",")))
	}
	if want := "1:姓名,电话,A&B 一\r二 3:7,<公式>,13912345678 4:7"; strings.Join(got, " ") != want || !tab.date1904 {
		t.Errorf("rows %q, want %q (1904 dates: %v)", strings.Join(got, " "), want, tab.date1904)
	}
}

// A ledger longer than the sheets read with their merged cells, under a
// merged title: its header is found, rejections keep their sheet rows, a
// duplicate far below its first is found, and the activities go in by
// date, each date's in sheet order.
func TestImportLongLedger(t *testing.T) {
	fx := newFixture(t)
	const n = maxRowsWithMerges + 500
	rows := [][]any{{"协商议事活动台账"}, {"活动日期", "乡镇（街道）", "试点单位", "议题", "议题来源"}}
	for i := range n {
		site := []string{"乐熙社区", "小寨社区居委会"}[i%2]
		date := any(day("2024-01-01").AddDays(i % 300).String())
		topic := fmt.Sprintf("第%d号议题", i)
		switch i {
		case 100, 5000:
			date = "不是日期"
		case 4500:
			date, site, topic = rows[2+10][0], rows[2+10][2].(string), rows[2+10][3].(string) // i = 10 again
		}
		rows = append(rows, []any{date, "通泉街道", site, topic, "社会征题"})
	}
	p := preview(t, fx.st, ImportActivities, sheetFile(t, rows, []string{"A1:E1"}, nil), "", PreviewOptions{})
	counts(t, p, n-3, 0, 0, 3)
	if p.HeaderRow != 2 {
		t.Errorf("header row %d, want 2", p.HeaderRow)
	}
	rejectedRow(t, p, 103, "日期")
	rejectedRow(t, p, 4503, "与第13行重复")
	rejectedRow(t, p, 5003, "日期")
	apply(t, fx.st, p)
	topic := map[uint]string{}
	must(t, fx.st.EachActivity(ctx, data.ActivityFilter{TownshipID: fx.tongquan.ID}, 1000, func(batch []data.Activity) error {
		for _, a := range batch {
			topic[a.ID] = a.Topic
		}
		return nil
	}))
	// Entered by date, and the rows of one date in sheet order.
	ids := slices.Sorted(maps.Keys(topic))
	var want []string
	for d := range 300 {
		for i := d; i < n; i += 300 {
			if i != 100 && i != 4500 && i != 5000 {
				want = append(want, fmt.Sprintf("第%d号议题", i))
			}
		}
	}
	got := make([]string, len(ids))
	for i, id := range ids {
		got[i] = topic[id]
	}
	if !slices.Equal(got, want) {
		t.Errorf("%d activities stored; in entry order they are not the sheet's %d rows by date, in order", len(got), len(want))
	}
}

// A site trashed between the preview and the import: the import names the
// sheet row that needs it and writes nothing.
func TestImportActivitiesSiteGoneMeanwhile(t *testing.T) {
	fx := newFixture(t)
	gone := data.Site{Name: "新建社区", Kind: data.KindCommunity, ParentID: &fx.tongquan.ID, Status: data.StatusPlanned}
	must(t, fx.st.SaveSite(ctx, &gone))
	path := sheetFile(t, [][]any{
		{"协商议事活动台账"},
		{"活动日期", "乡镇（街道）", "试点单位", "议题", "议题来源"},
		{"2024-03-01", "通泉街道", "乐熙社区", "停车难", "社会征题"},
		{"2024-03-02", "通泉街道", "小寨社区居委会", "垃圾分类", "社会征题"},
		{"2024-03-03", "通泉街道", "新建社区", "路灯维修", "社会征题"},
	}, nil, nil)
	p := preview(t, fx.st, ImportActivities, path, "", PreviewOptions{})
	counts(t, p, 3, 0, 0, 0)
	must(t, fx.st.TrashSite(ctx, gone.ID))
	_, err := p.Apply(ctx, fx.st, nil)
	if msg := data.Message(err, "zh"); !strings.Contains(msg, "第5行") || !strings.Contains(msg, "试点单位") {
		t.Errorf("apply: %q", msg)
	}
	if _, n, err := fx.st.Activities(ctx, data.ActivityFilter{}); err != nil || n != 0 {
		t.Errorf("%d activities stored after a refused import (%v)", n, err)
	}
}

// A ledger exported before the wording of issue 19 (表决方式 under 表决情况,
// 待落实 / 已落实 and 落实日期) still imports, into today's fields.
func TestImportLedgerOfOldWording(t *testing.T) {
	fx := newFixture(t)
	rows := [][]any{
		{"协商议事活动台账"},
		{"活动日期", "乡镇（街道）", "试点单位", "议题", "议题来源", "参加人数", "表决情况", nil, nil, nil, "落实情况", "落实日期"},
		{nil, nil, nil, nil, nil, nil, "表决方式", "赞成", "反对", "弃权"},
		{"2024-03-01", "通泉街道", "乐熙社区", "小区停车难", "社会征题", 25, "举手表决", 20, 1, 0, "已落实", "2024-04-01"},
		{"2024-03-02", "通泉街道", "小寨社区居委会", "夜间噪声", "委员荐题", 18, "协商一致", nil, nil, nil, "待落实", nil},
	}
	merges := []string{"A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "G2:J2", "K2:K3", "L2:L3"}
	p := preview(t, fx.st, ImportActivities, sheetFile(t, rows, merges, nil), "", PreviewOptions{})
	counts(t, p, 2, 0, 0, 0)
	apply(t, fx.st, p)
	got, _, err := fx.st.Activities(ctx, data.ActivityFilter{})
	must(t, err)
	byTopic := map[string]data.Activity{}
	for _, a := range got {
		byTopic[a.Topic] = a
	}
	if a := byTopic["小区停车难"]; a.Decision != data.DecisionHands || a.VotesFor != 20 || a.VotesAgainst != 1 ||
		a.FollowUp != data.FollowUpDone || !a.FollowUpDate.Equal(day("2024-04-01")) {
		t.Errorf("voted and done: %+v", a)
	}
	if a := byTopic["夜间噪声"]; a.Decision != data.DecisionConsensus || a.FollowUp != data.FollowUpPending || !a.FollowUpDate.IsZero() {
		t.Errorf("by consensus, pending: %+v", a)
	}
}

// The importer reads every column of data.ActivityColumns, issue 19's too:
// a typical case with its title and the problems raised come in, and a
// sheet without those cells leaves them as they are.
func TestImportActivityColumnsOfIssue19(t *testing.T) {
	fx := newFixture(t)
	rows := [][]any{
		{"活动日期", "乡镇（街道）", "试点单位", "议题", "议题来源", "提出问题数", "解决问题数", "典型案例", "案例标题"},
		{"2024-03-01", "通泉街道", "乐熙社区", "小区停车难", "社会征题", 7, 5, "是", "乐熙社区停车难协商"},
		{"2024-03-02", "通泉街道", "小寨社区居委会", "夜间噪声", "委员荐题", nil, nil, "否", nil},
		{"2024-03-03", "通泉街道", "小寨社区居委会", "垃圾分类", "委员荐题", nil, nil, "也许", nil},
	}
	p := preview(t, fx.st, ImportActivities, sheetFile(t, rows, nil, nil), "", PreviewOptions{})
	counts(t, p, 2, 0, 0, 1)
	if msg := data.Message(p.Rejected[0].Err, "zh"); !strings.Contains(msg, "典型案例") || !strings.Contains(msg, "也许") {
		t.Errorf("a flag neither yes nor no: %s", msg)
	}
	apply(t, fx.st, p)
	byTopic := func() map[string]data.Activity {
		got, _, err := fx.st.Activities(ctx, data.ActivityFilter{})
		must(t, err)
		out := map[string]data.Activity{}
		for _, a := range got {
			out[a.Topic] = a
		}
		return out
	}
	if a := byTopic()["小区停车难"]; a.ProblemsRaised != 7 || a.ProblemsSolved != 5 || !a.TypicalCase || a.CaseTitle != "乐熙社区停车难协商" {
		t.Errorf("a typical case: %+v", a)
	}
	// The same rows without issue 19's columns change nothing.
	again := [][]any{
		{"活动日期", "乡镇（街道）", "试点单位", "议题", "议题来源"},
		{"2024-03-01", "通泉街道", "乐熙社区", "小区停车难", "社会征题"},
		{"2024-03-02", "通泉街道", "小寨社区居委会", "夜间噪声", "委员荐题"},
	}
	p = preview(t, fx.st, ImportActivities, sheetFile(t, again, nil, nil), "", PreviewOptions{})
	counts(t, p, 0, 0, 2, 0)
	// A changed count is an update.
	again[1] = append(again[1][:5:5], 9)
	again[0] = append(again[0][:5:5], "提出问题（条）")
	p = preview(t, fx.st, ImportActivities, sheetFile(t, again, nil, nil), "", PreviewOptions{})
	counts(t, p, 0, 1, 1, 0)
	apply(t, fx.st, p)
	if a := byTopic()["小区停车难"]; a.ProblemsRaised != 9 || !a.TypicalCase {
		t.Errorf("after the update: %+v", a)
	}
}

// An activity held at a 村民小组 names it in its own column: read under the
// row's site, refused with its name when the site has no such group.
func TestImportActivityGroup(t *testing.T) {
	fx := newFixture(t)
	g := data.SiteGroup{SiteID: fx.lexi.ID, Name: "乐熙一组", Kind: "group"}
	must(t, fx.st.SaveSiteGroup(ctx, &g))
	rows := [][]any{
		{"活动日期", "乡镇（街道）", "试点单位", "村民小组", "议题", "议题来源"},
		{"2024-03-01", "通泉街道", "乐熙社区", "乐熙一组", "小区停车难", "社会征题"},
		{"2024-03-02", "通泉街道", "小寨社区居委会", "乐熙一组", "夜间噪声", "委员荐题"},
		{"2024-03-03", "通泉街道", "乐熙社区", nil, "垃圾分类", "委员荐题"},
	}
	p := preview(t, fx.st, ImportActivities, sheetFile(t, rows, nil, nil), "", PreviewOptions{})
	counts(t, p, 2, 0, 0, 1)
	if msg := data.Message(p.Rejected[0].Err, "zh"); !strings.Contains(msg, "小寨社区居委会下没有名为“乐熙一组”") {
		t.Errorf("a group of another site: %s", msg)
	}
	apply(t, fx.st, p)
	got, _, err := fx.st.Activities(ctx, data.ActivityFilter{})
	must(t, err)
	for _, a := range got {
		if want := map[string]uint{"小区停车难": g.ID}[a.Topic]; a.GroupID != want {
			t.Errorf("%s: group %d, want %d", a.Topic, a.GroupID, want)
		}
	}
}
