package export

import (
	"path/filepath"
	"testing"

	"pilotdesk/data"
)

// The statistics' sheet by 依托类型: the bases in their order, the sites not
// told last, each row's sites and activities, and the 合计 that adds them.
func TestStatsByBasis(t *testing.T) {
	fx := newFixture(t)
	addActivities(t, fx)
	for _, s := range []*data.Site{&fx.xiaozhai, &fx.lexi} {
		s.RoomBasis = "members_home"
		must(t, fx.st.SaveSite(ctx, s))
	}
	fx.tongquan.RoomBasis = "party_center"
	must(t, fx.st.SaveSite(ctx, &fx.tongquan))
	path := filepath.Join(t.TempDir(), "stats.xlsx")
	must(t, Stats(ctx, fx.st, path, half2024))
	f := reopen(t, path)
	defer f.Close()
	sh := "按依托类型"
	assertForm(t, f, sh, append([]string{"序号", "依托类型"}, statsTownshipHeaders[2:]...), a4Landscape)
	want := []struct {
		name          string
		sites, unveil int
	}{{"委员之家", 2, 2}, {"委员工作室", 0, 0}, {"委员联络处（站）", 0, 0}, {"党群服务中心", 1, 1}, {"村（社区）活动场所", 0, 0}, {"其他", 0, 0}, {"未填写", 2, 0}}
	for i, w := range want {
		r := 5 + i
		assertText(t, f, sh, cell(1, r), w.name)
		assertNumber(t, f, sh, cell(2, r), w.sites)
		assertNumber(t, f, sh, cell(3, r), w.unveil)
	}
	// The 通泉街道 sites' three activities of the period are the 委员之家's
	// two and the township's none; the 合计 is every activity of the period.
	all, err := fx.st.Statistics(ctx, data.Period{From: half2024.From, To: half2024.To})
	must(t, err)
	assertText(t, f, sh, "A12", "合计")
	assertNumber(t, f, sh, "C12", 5)
	assertNumber(t, f, sh, "E12", all.Total.Activities)
}

// The sites import reads 依托类型 by its labels and the words people use.
func TestImportSitesRoomBasis(t *testing.T) {
	fx := newFixture(t)
	path := sheetFile(t, [][]any{
		{"乡镇（街道）", "试点单位名称", "依托类型"},
		{"通泉街道", "乐熙社区", "政协委员之家"},
		{"通泉街道", "小寨社区居委会", "党群服务中心"},
		{"通泉街道", "新建社区", "城堡"},
	}, nil, nil)
	p := preview(t, fx.st, ImportSites, path, "", PreviewOptions{})
	counts(t, p, 0, 2, 0, 1)
	rejectedRow(t, p, 4, "依托类型")
	apply(t, fx.st, p)
	s, err := fx.st.Site(ctx, fx.lexi.ID)
	must(t, err)
	if s.RoomBasis != "members_home" {
		t.Errorf("乐熙社区 built on %q", s.RoomBasis)
	}
}
