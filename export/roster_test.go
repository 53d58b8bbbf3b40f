package export

import (
	"path/filepath"
	"testing"
)

var rosterHeaders = []string{"序号", "乡镇（街道）", "试点单位", "类型", "议事平台", "挂牌日期", "牵头领导", "联系委员", "挂包委室、界别", "状态", "备注"}

func TestRoster(t *testing.T) {
	fx := newFixture(t)
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	must(t, Roster(ctx, fx.st, path, Options{On: day("2024-06-30"), ReportDate: day("2024-07-01")}))

	f := reopen(t, path)
	sh := "试点单位一览表"
	if got := f.GetSheetList(); len(got) != 1 || got[0] != sh {
		t.Fatalf("sheets = %v", got)
	}
	assertForm(t, f, sh, rosterHeaders, a4Landscape)
	if a1 := get(t, f, sh, "A1"); a1 != "政协马龙区委员会“协商在基层”试点单位及挂包联系一览表（截至2024年6月30日）" {
		t.Errorf("A1 = %q", a1)
	}
	if a2 := get(t, f, sh, "A2"); a2 != "填报单位：政协曲靖市马龙区委员会办公室　　　　填报日期：2024年7月1日" {
		t.Errorf("A2 = %q", a2)
	}
	all := rows(t, f, sh)
	// Townships first, each followed by its sites, in entry order.
	want := [][2]string{{"通泉街道", "通泉街道"}, {"通泉街道", "乐熙社区"}, {"通泉街道", "小寨社区居委会"}, {"旧县街道", "旧县街道"}, {"旧县街道", "马龙区工业园区"}}
	for i, w := range want {
		r := all[3+i]
		if r[1] != w[0] || r[2] != w[1] {
			t.Errorf("row %d = %v, want %v", 4+i, r[:3], w)
		}
		assertBordered(t, f, sh, 4+i, len(rosterHeaders))
	}
	assertSeq(t, f, sh, 4, len(want))

	r := findRow(all, 2, "乐熙社区")
	row := func(col int) string { return cell(col, r) }
	assertText(t, f, sh, row(3), "村（社区）")
	assertText(t, f, sh, row(4), "乐熙社区议事站")
	assertDate(t, f, sh, row(5), day("2020-04-02"))
	assertText(t, f, sh, row(6), "王建国")
	assertText(t, f, sh, row(7), "赵丽、+86") // "+86" stays text
	assertText(t, f, sh, row(9), "已挂牌")
	assertText(t, f, sh, row(10), "=SUM(A1)") // formula-looking notes stay text

	// The lead of 小寨 ended in 2020: not on the roster of 2024.
	x := findRow(all, 2, "小寨社区居委会")
	if got := get(t, f, sh, cell(6, x)); got != "" {
		t.Errorf("小寨 lead = %q, want none", got)
	}
	// Not unveiled: the date cell is empty but bordered.
	j := findRow(all, 2, "旧县街道")
	if got := get(t, f, sh, cell(5, j)); got != "" {
		t.Errorf("旧县 unveiled = %q", got)
	}

	// Under the table, what it adds up to, people counted once.
	count := "共5个试点单位，其中1个有牵头领导；牵头领导1人，联系委员2人（按人计，同一人挂包多个单位只计一次）。"
	if r := findRow(all, 0, count); r != len(want)+4 {
		t.Errorf("count line at row %d, want %d: %q", r, len(want)+4, all)
	}
	must(t, Roster(ctx, fx.st, path, Options{On: day("2020-06-30")}))
	count = "共5个试点单位，其中2个有牵头领导；牵头领导1人，联系委员2人（按人计，同一人挂包多个单位只计一次）。"
	if findRow(rows(t, reopen(t, path), sh), 0, count) == 0 {
		t.Errorf("2020: no line %q", count)
	}

	// The district travels in the defined name and the properties.
	var district string
	for _, d := range f.GetDefinedName() {
		if d.Name == "District" {
			district = d.RefersTo
		}
	}
	if district != `"马龙区"` {
		t.Errorf("District = %q", district)
	}
	props, err := f.GetDocProps()
	must(t, err)
	if props.Keywords != "马龙区" || props.Title != "政协马龙区委员会“协商在基层”试点单位及挂包联系一览表（截至2024年6月30日）" {
		t.Errorf("doc props = %+v", props)
	}
}

func TestRosterEmpty(t *testing.T) {
	st := openStore(t)
	must(t, st.SetSettings(ctx, map[string]string{"district": "马龙区"}))
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	must(t, Roster(ctx, st, path, Options{}))
	f := reopen(t, path)
	if got := get(t, f, "试点单位一览表", "A4"); got != "尚未登记试点单位。" {
		t.Errorf("A4 = %q", got)
	}
}
