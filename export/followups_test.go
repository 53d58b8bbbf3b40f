package export

import (
	"path/filepath"
	"strings"
	"testing"

	"pilotdesk/data"
)

var followUpHeaders = []string{"序号", "乡镇（街道）", "试点单位", "活动日期", "议题", "督办事项", "责任单位", "办结时限", "办理状态",
	"进度（%）", "办结日期", "逾期情况", "备注"}

// The ledger of follow-up items of the first half of 2024, written on
// 2024-07-05: states and overdue marks are those of 2024-06-30, the
// period's end; the 合计 line gives each state.
func TestFollowUpsLedger(t *testing.T) {
	fx := newFixture(t)
	save := func(date string, site data.Site, topic string, items ...data.FollowUpItem) {
		t.Helper()
		a := data.Activity{Date: day(date), SiteID: site.ID, Topic: topic, TopicSource: data.SourcePublic, Participants: 20}
		must(t, fx.st.SaveActivity(ctx, &a, nil, items))
	}
	save("2024-02-10", fx.xiaozhai, "小寨工业片区交通和环境卫生",
		data.FollowUpItem{Task: "施划临时停车位", Unit: "通泉街道办事处", Deadline: day("2024-03-31"), Status: data.FollowUpDone, DoneOn: day("2024-03-20")},
		data.FollowUpItem{Task: "增加保洁员", Unit: "小寨社区居委会", Deadline: day("2024-04-30"), Status: data.FollowUpInProgress, Progress: 40},
		data.FollowUpItem{Task: "签订门前三包责任书", Unit: "小寨社区居委会", Deadline: day("2024-07-31"), Status: data.FollowUpPending, Notes: "分批签订"})
	save("2024-05-20", fx.lexi, "小区停车难",
		// Done after the period's end: on 2024-06-30 it was still in hand, and late.
		data.FollowUpItem{Task: "改造停车场", Unit: "区住建局", Deadline: day("2024-06-10"), Status: data.FollowUpDone, DoneOn: day("2024-07-02")},
		data.FollowUpItem{Task: "制定停车公约", Unit: "乐熙社区居委会", Status: data.FollowUpPending})
	save("2023-11-01", fx.lexi, "去年的活动", data.FollowUpItem{Task: "去年的事项", Status: data.FollowUpPending})
	trashed := data.Activity{Date: day("2024-03-01"), SiteID: fx.lexi.ID, Topic: "删掉的活动", TopicSource: data.SourceParty}
	must(t, fx.st.SaveActivity(ctx, &trashed, nil, []data.FollowUpItem{{Task: "删掉的事项", Status: data.FollowUpPending}}))
	must(t, fx.st.TrashActivity(ctx, trashed.ID))

	path := filepath.Join(t.TempDir(), "followups.xlsx")
	must(t, FollowUps(ctx, fx.st, path, half2024))
	f := reopen(t, path)
	sh := "督办事项台账"
	if a1 := get(t, f, sh, "A1"); a1 != "政协马龙区委员会“协商在基层”督办事项台账（2024年1月至6月）" {
		t.Errorf("A1 = %q", a1)
	}
	for i, h := range followUpHeaders {
		// A narrow column's header is broken before its bracket.
		if got := strings.ReplaceAll(get(t, f, sh, cell(i, 3)), "\n", ""); got != h {
			t.Errorf("header %d = %q, want %q", i, got, h)
		}
	}
	want := [][]string{
		{"1", "通泉街道", "小寨社区居委会", "2024年2月10日", "小寨工业片区交通和环境卫生", "施划临时停车位", "通泉街道办事处", "2024年3月31日", "已办结", "100", "2024年3月20日", "", ""},
		{"2", "通泉街道", "小寨社区居委会", "2024年2月10日", "小寨工业片区交通和环境卫生", "增加保洁员", "小寨社区居委会", "2024年4月30日", "办理中", "40", "", "逾期61天", ""},
		{"3", "通泉街道", "小寨社区居委会", "2024年2月10日", "小寨工业片区交通和环境卫生", "签订门前三包责任书", "小寨社区居委会", "2024年7月31日", "未办结", "0", "", "", "分批签订"},
		{"4", "通泉街道", "乐熙社区", "2024年5月20日", "小区停车难", "改造停车场", "区住建局", "2024年6月10日", "办理中", "", "", "逾期20天", ""},
		{"5", "通泉街道", "乐熙社区", "2024年5月20日", "小区停车难", "制定停车公约", "乐熙社区居委会", "", "未办结", "0", "", "", ""},
	}
	for i, w := range want {
		r := 4 + i
		for j, text := range w {
			if got := get(t, f, sh, cell(j, r)); got != text {
				t.Errorf("row %d %s = %q, want %q", r, followUpHeaders[j], got, text)
			}
		}
		assertBordered(t, f, sh, r, len(followUpHeaders))
		// The overdue mark stands out.
		id, _ := f.GetCellStyle(sh, cell(11, r))
		st, _ := f.GetStyle(id)
		if bold := st.Font != nil && st.Font.Bold; bold != (w[11] != "") {
			t.Errorf("row %d: overdue mark bold = %v", r, bold)
		}
	}
	assertDate(t, f, sh, "D4", day("2024-02-10"))
	assertDate(t, f, sh, "H4", day("2024-03-31"))
	assertNumber(t, f, sh, "J5", 40)
	if got := get(t, f, sh, "A9"); got != "合计：督办事项5项，其中已办结1项、办理中2项、未办结2项；逾期未办结2项" {
		t.Errorf("A9 = %q", got)
	}
	if got := get(t, f, sh, "A10"); got != "说明：本表列出2024年1月至6月协商议事活动形成的督办事项；办理状态和逾期情况以2024年6月30日为准。" {
		t.Errorf("A10 = %q", got)
	}
	// The 合计 line is the summary's 督办落实 rows.
	sum, err := fx.st.Summary(ctx, data.Period{From: half2024.From, To: half2024.To}, half2024.ReportDate)
	must(t, err)
	if sum.FollowUps.Period != 5 || sum.ByState[data.FollowUpDone].Period != 1 || sum.ByState[data.FollowUpInProgress].Period != 2 ||
		sum.ByState[data.FollowUpPending].Period != 2 || sum.Overdue.Period != 2 {
		t.Errorf("summary %+v %+v %+v", sum.FollowUps, sum.ByState, sum.Overdue)
	}

	pl, err := f.GetPageLayout(sh)
	must(t, err)
	if *pl.Size != 9 || *pl.Orientation != "landscape" || *pl.FitToWidth != 1 {
		t.Errorf("page layout %+v", pl)
	}
	all := rows(t, f, sh)
	if sig := all[len(all)-1]; len(sig) == 0 || !strings.HasPrefix(sig[0], "填表人：李明") {
		t.Errorf("last row %q", sig)
	}

	// Judged on an earlier 填报日期 (the period still open), the late ones
	// are fewer days late.
	opts := half2024
	opts.ReportDate = day("2024-06-15")
	must(t, FollowUps(ctx, fx.st, path, opts))
	f = reopen(t, path)
	if got := get(t, f, sh, "L5"); got != "逾期46天" {
		t.Errorf("L5 on 2024-06-15 = %q", got)
	}
	if got := get(t, f, sh, "L7"); got != "逾期5天" {
		t.Errorf("L7 on 2024-06-15 = %q", got)
	}
}

func TestFollowUpsLedgerEmpty(t *testing.T) {
	fx := newFixture(t)
	path := filepath.Join(t.TempDir(), "followups.xlsx")
	must(t, FollowUps(ctx, fx.st, path, half2024))
	f := reopen(t, path)
	sh := "督办事项台账"
	if got := get(t, f, sh, "A4"); got != "本期协商议事活动没有形成督办事项。" {
		t.Errorf("A4 = %q", got)
	}
	if got := get(t, f, sh, "A5"); got != "合计：督办事项0项，其中已办结0项、办理中0项、未办结0项；逾期未办结0项" {
		t.Errorf("A5 = %q", got)
	}
	if n := len(rows(t, f, sh)); n != 8 { // title, info, header, nothing, 合计, 说明, blank, signatures
		t.Errorf("%d rows", n)
	}
}
