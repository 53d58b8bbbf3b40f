package export

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// county makes a county's database: the demo under name, n more activities.
func county(t *testing.T, name string, n int, seed int64) *data.Store {
	t.Helper()
	ctx := context.Background()
	st := openStore(t)
	must(t, st.LoadDemo(ctx, data.Today()))
	must(t, st.GenerateActivities(ctx, n, seed, data.Today()))
	must(t, st.SetSettings(ctx, map[string]string{data.SettingDistrict: name, data.SettingReportUnit: "政协" + name + "委员会"}))
	return st
}

// city makes a city's database with counties on its list.
func city(t *testing.T, names ...string) *data.Store {
	t.Helper()
	ctx := context.Background()
	st := openStore(t)
	must(t, st.SetSettings(ctx, map[string]string{data.SettingLevel: data.LevelCity, data.SettingDistrict: "曲靖市", data.SettingReportUnit: "政协曲靖市委员会"}))
	for _, n := range names {
		must(t, st.SaveCounty(ctx, &data.County{Name: n, Office: "政协" + n + "委员会"}))
	}
	return st
}

func writeReport(t *testing.T, st *data.Store, p data.Period) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "报送表.xlsx")
	must(t, WriteReport(context.Background(), st, path, p, "test", nil))
	return path
}

func mergeFile(t *testing.T, st *data.Store, path string) (*data.MergePreview, error) {
	t.Helper()
	s, err := ReadReport(path)
	if err != nil {
		return nil, err
	}
	return st.Merge(context.Background(), s, nil)
}

func kindCounts(p *data.MergePreview, kind string) data.KindCounts {
	for _, k := range p.Kinds {
		if k.Kind == kind {
			return k
		}
	}
	return data.KindCounts{}
}

func cityActivities(t *testing.T, st *data.Store, f data.ActivityFilter) int {
	t.Helper()
	_, n, err := st.Activities(context.Background(), f)
	must(t, err)
	return n
}

func TestReportMergedAtTheCity(t *testing.T) {
	ctx := context.Background()
	today := data.Today()
	p := data.Period{From: data.NewDate(today.Year()-1, 1, 1), To: today.AddDays(-1)}
	names := []string{"马龙区", "陆良县", "沾益区"}
	var counties []*data.Store
	var files []string
	sums := map[string]data.Figure{}
	for i, n := range names {
		st := county(t, n, 30+10*i, int64(i+1))
		counties = append(counties, st)
		files = append(files, writeReport(t, st, p))
		s, err := st.Summary(ctx, p, today)
		must(t, err)
		for _, r := range s.Rows() {
			f := sums[r.Code]
			f.Period += r.Period
			f.Total += r.Total
			sums[r.Code] = f
		}
	}
	c := city(t, names...)
	for _, f := range files {
		pv, err := mergeFile(t, c, f)
		must(t, err)
		if k := kindCounts(pv, "activities"); k.New == 0 || k.Changed+k.Removed != 0 {
			t.Errorf("first merge of %s: activities %+v", pv.County, k)
		}
	}
	// Every figure of the city's sheet is the sum of the counties'.
	cs, err := c.CitySummary(ctx, p, today)
	must(t, err)
	for _, r := range cs.Rows() {
		if r.Figure != sums[r.Code] {
			t.Errorf("city %s = %+v, counties add up to %+v", r.Code, r.Figure, sums[r.Code])
		}
	}
	// The records: each county's activities of the period, apart.
	over, err := c.CityOverview(ctx, p)
	must(t, err)
	for i, o := range over {
		if !o.Reported {
			t.Errorf("%s not reported", o.County)
		}
		st := counties[indexOf(names, o.County)]
		_, n, err := st.Activities(ctx, data.ActivityFilter{From: p.From, To: p.To})
		must(t, err)
		if got := cityActivities(t, c, data.ActivityFilter{CountyID: o.CountyID, From: p.From, To: p.To}); got != n || o.Activities != n {
			t.Errorf("%d %s: city has %d activities, overview %d, county %d", i, o.County, got, o.Activities, n)
		}
		sites, err := c.Sites(ctx, data.SiteFilter{CountyID: o.CountyID})
		must(t, err)
		own, err := st.Sites(ctx, data.SiteFilter{})
		must(t, err)
		if len(sites) != len(own) || sites[0].County != o.County {
			t.Errorf("%s: %d sites at the city (county %q), %d at home", o.County, len(sites), sites[0].County, len(own))
		}
	}

	// The city's exports: the 统计表 with 按县（市、区）, the ledger and the
	// roster with a county column.
	dir := t.TempDir()
	for _, r := range []Report{ReportStats, ReportLedger, ReportRoster} {
		must(t, Run(ctx, c, r, filepath.Join(dir, string(r)+".xlsx"), Options{From: p.From, To: p.To}))
	}
	stats := reopen(t, filepath.Join(dir, "stats.xlsx"))
	byCounty := rows(t, stats, "按县（市、区）")
	last := byCounty[findRow(byCounty, 0, "合计")-1]
	if got := last[5]; got != strconv.Itoa(sums["activities"].Period) {
		t.Errorf("按县（市、区） 合计 activities %s, want %d", got, sums["activities"].Period)
	}
	if got := get(t, stats, "工作情况统计表", "E"+strconv.Itoa(summaryRowOf(t, stats, "activities"))); got != strconv.Itoa(sums["activities"].Period) {
		t.Errorf("the city's 工作情况统计表: activities %s, want %d", got, sums["activities"].Period)
	}
	ledger := reopen(t, filepath.Join(dir, "ledger.xlsx"))
	if h := get(t, ledger, "协商议事活动台账", "B3"); h != "县（市、区）" {
		t.Errorf("the city's ledger's B3: %q", h)
	}
	lr := rows(t, ledger, "协商议事活动台账")
	seen := map[string]bool{}
	for _, r := range lr[3:] {
		if len(r) > 1 {
			seen[r[1]] = true
		}
	}
	for _, n := range names {
		if !seen[n] {
			t.Errorf("the city's ledger has no row of %s", n)
		}
	}
	roster := reopen(t, filepath.Join(dir, "roster.xlsx"))
	if h := get(t, roster, "试点单位一览表", "B3"); h != "县（市、区）" {
		t.Errorf("the city's roster's B3: %q", h)
	}

	// The same files again change nothing.
	for _, f := range files {
		pv, err := mergeFile(t, c, f)
		must(t, err)
		for _, k := range pv.Kinds {
			if k.New+k.Changed+k.Removed != 0 {
				t.Errorf("merging %s again: %+v", pv.County, k)
			}
		}
		if !pv.Replaces {
			t.Errorf("merging %s again does not say it replaces", pv.County)
		}
	}

	// A second submission: one activity changed, one new, one removed.
	st := counties[0]
	acts, _, err := st.Activities(ctx, data.ActivityFilter{From: p.From, To: p.To, Sort: "date"})
	must(t, err)
	d, err := st.Activity(ctx, acts[0].ID)
	must(t, err)
	changed := d.Activity
	changed.Topic = "改过的议题：小区停车"
	must(t, st.SaveActivity(ctx, &changed, d.Attendees, d.Items))
	must(t, st.TrashActivity(ctx, acts[1].ID))
	added := changed
	added.ID, added.Version, added.Topic = 0, 0, "新增的议题：垃圾分类"
	must(t, st.SaveActivity(ctx, &added, nil, nil))
	before := cityActivities(t, c, data.ActivityFilter{})
	pv, err := mergeFile(t, c, writeReport(t, st, p))
	must(t, err)
	if k := kindCounts(pv, "activities"); k.New != 1 || k.Changed != 1 || k.Removed != 1 {
		t.Errorf("second submission: activities %+v, want 1 new, 1 changed, 1 removed", k)
	}
	for _, kind := range []string{"sites", "people", "panels", "tasks", "visits"} {
		if k := kindCounts(pv, kind); k.New+k.Changed+k.Removed != 0 {
			t.Errorf("second submission: %s %+v", kind, k)
		}
	}
	if after := cityActivities(t, c, data.ActivityFilter{}); after != before {
		t.Errorf("city activities %d -> %d, want the same (one in, one out)", before, after)
	}
	found, n, err := c.Activities(ctx, data.ActivityFilter{Keyword: "改过的议题"})
	must(t, err)
	if n != 1 || found[0].County != names[0] {
		t.Errorf("the changed activity: %d found %+v", n, found)
	}
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func TestReportTemplateAndBadFiles(t *testing.T) {
	ctx := context.Background()
	today := data.Today()
	p := data.Period{From: data.NewDate(today.Year()-1, 1, 1), To: data.NewDate(today.Year()-1, 12, 31)}
	c := city(t, "马龙区", "富源县", "陆良县")
	dir := t.TempDir()

	// A county without PilotDesk fills the template by hand.
	tpl := filepath.Join(dir, "模板.xlsx")
	must(t, WriteReportTemplate(tpl, "test"))
	f, err := excelize.OpenFile(tpl)
	must(t, err)
	must(t, f.SetCellValue(infoSheet, "B3", "富源县"))
	must(t, f.SetCellValue(infoSheet, "B4", p.From.String()))
	must(t, f.SetCellValue(infoSheet, "B5", p.To.String()))
	all, err := f.GetRows("工作情况统计表")
	must(t, err)
	for i, r := range all {
		if len(r) >= 8 && r[7] == "activities" {
			must(t, f.SetCellValue("工作情况统计表", "E"+itoa(i+1), 12))
			must(t, f.SetCellValue("工作情况统计表", "F"+itoa(i+1), 40))
		}
	}
	must(t, f.SaveAs(tpl))
	f.Close()

	good := county(t, "马龙区", 5, 1)
	goodFile := writeReport(t, good, p)

	// The bad ones.
	notReport := filepath.Join(dir, "台账.xlsx")
	must(t, Ledger(ctx, good, notReport, Options{From: p.From, To: p.To}))
	edited := filepath.Join(dir, "改过表头.xlsx")
	f, err = excelize.OpenFile(goodFile)
	must(t, err)
	must(t, f.UnprotectSheet("协商议事活动", "pilotdesk"))
	must(t, f.SetCellValue("协商议事活动", "D3", "日期"))
	must(t, f.SaveAs(edited))
	f.Close()
	unknown := writeReport(t, county(t, "麒麟区", 0, 2), p)
	overlap := writeReport(t, good, data.Period{From: p.From.AddDays(31), To: p.To.AddDays(31)})

	type result struct {
		file string
		want []string // in the message
	}
	files := []result{
		{tpl, nil}, {notReport, []string{"台账.xlsx", "ReportKind"}}, {goodFile, nil},
		{edited, []string{"改过表头.xlsx", "协商议事活动", "D3"}}, {unknown, []string{"麒麟区", "“设置 → 本机用于”"}},
		{overlap, []string{"重叠", "PeriodFrom"}},
	}
	for _, r := range files {
		s, err := ReadReport(r.file)
		if err == nil {
			_, err = c.Merge(ctx, s, nil)
		}
		if r.want == nil {
			if err != nil {
				t.Errorf("%s refused: %v", filepath.Base(r.file), data.Message(err, "zh"))
			}
			continue
		}
		if err == nil {
			t.Errorf("%s merged, want refused", filepath.Base(r.file))
			continue
		}
		msg := data.Message(err, "zh")
		for _, w := range r.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: message %q lacks %q", filepath.Base(r.file), msg, w)
			}
		}
		if en := data.Message(err, "en"); en == msg || en == "" {
			t.Errorf("no English message: %q", en)
		}
	}
	over, err := c.CityOverview(ctx, p)
	must(t, err)
	got := map[string]data.CountyFigures{}
	for _, o := range over {
		got[o.County] = o
	}
	if o := got["富源县"]; !o.Reported || !o.FiguresOnly || o.Activities != 12 || o.Summary.Activities.Total != 40 {
		t.Errorf("the template's county: %+v", o)
	}
	if o := got["马龙区"]; !o.Reported || o.FiguresOnly || o.Activities == 0 {
		t.Errorf("the good county: %+v", o)
	}
	if o := got["陆良县"]; o.Reported {
		t.Errorf("陆良县 sent nothing but reads as reported: %+v", o)
	}
	if n := cityActivities(t, c, data.ActivityFilter{CountyID: got["富源县"].CountyID}); n != 0 {
		t.Errorf("the template's county has %d activities", n)
	}
}

// A row the city refuses (two sites of one name under one township) is
// named by its cell, though the new rows are written a batch at a time,
// and nothing of the file is merged.
func TestReportRowRefusedNamesItsCell(t *testing.T) {
	ctx := context.Background()
	today := data.Today()
	p := data.Period{From: data.NewDate(today.Year()-1, 1, 1), To: today.AddDays(-1)}
	path := writeReport(t, county(t, "马龙区", 5, 1), p)
	f, err := excelize.OpenFile(path)
	must(t, err)
	must(t, f.UnprotectSheet("试点单位", "pilotdesk"))
	// Columns: 序号, 编号, 所属乡镇（街道）编号, 试点单位名称.
	first, twin := map[string]string{}, 0
	all := rows(t, f, "试点单位")
	for i, r := range all {
		if i < 3 || len(r) < 4 || r[2] == "" {
			continue
		}
		if name, ok := first[r[2]]; ok {
			must(t, f.SetCellValue("试点单位", "D"+itoa(i+1), name))
			twin = i + 1
			break
		}
		first[r[2]] = r[3]
	}
	if twin == 0 {
		t.Fatal("no township with two sites in the demo")
	}
	must(t, f.Save())
	f.Close()

	c := city(t, "马龙区")
	_, err = mergeFile(t, c, path)
	if err == nil {
		t.Fatal("two sites of one name under one township merged")
	}
	if msg := data.Message(err, "zh"); !strings.Contains(msg, "试点单位") || !strings.Contains(msg, "B"+itoa(twin)+"单元格") {
		t.Errorf("message %q does not name cell B%d of 试点单位", msg, twin)
	}
	if msg := data.Message(err, "zh"); !strings.Contains(msg, "已有同名的试点单位") {
		t.Errorf("message %q does not say the name is taken", msg)
	}
	over, err := c.CityOverview(ctx, p)
	must(t, err)
	if len(over) != 1 || over[0].Reported || over[0].Activities != 0 {
		t.Errorf("a refused file left %+v", over)
	}
	if sites, err := c.Sites(ctx, data.SiteFilter{}); err != nil || len(sites) != 0 {
		t.Errorf("a refused file left %d sites (%v)", len(sites), err)
	}
}

// A 编号 written twice among a sheet's new rows is refused at its cell.
func TestReportIDTwiceRefused(t *testing.T) {
	today := data.Today()
	p := data.Period{From: data.NewDate(today.Year()-1, 1, 1), To: today.AddDays(-1)}
	path := writeReport(t, county(t, "马龙区", 5, 1), p)
	f, err := excelize.OpenFile(path)
	must(t, err)
	must(t, f.UnprotectSheet("督办事项", "pilotdesk"))
	var ids []string // the items' 编号 by sheet row (nothing refers to an item)
	for i, r := range rows(t, f, "督办事项") {
		if i >= 3 && len(r) > 2 && r[1] != "" && r[2] != "" {
			ids = append(ids, r[1])
		}
	}
	if len(ids) < 2 {
		t.Fatalf("%d follow-up items in the period", len(ids))
	}
	must(t, f.SetCellValue("督办事项", "B5", ids[0]))
	must(t, f.Save())
	f.Close()
	_, err = mergeFile(t, city(t, "马龙区"), path)
	if msg := data.Message(err, "zh"); err == nil || !strings.Contains(msg, "“督办事项”表B5单元格") || !strings.Contains(msg, "重复") {
		t.Errorf("an id twice: %v", msg)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// summaryRowOf is the row of the 工作情况统计表 coded code.
func summaryRowOf(t *testing.T, f *excelize.File, code string) int {
	t.Helper()
	for i, r := range rows(t, f, "工作情况统计表") {
		if len(r) >= 8 && r[7] == code {
			return i + 1
		}
	}
	t.Fatalf("no row %s", code)
	return 0
}
