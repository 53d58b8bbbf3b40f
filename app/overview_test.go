package app

import (
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// Every test window opens on the overview; loading it on its own goroutine
// would touch widgets while other tests drive theirs, so tests load it in
// line unless they ask for the background load (and wait for it).
func init() { overviewAsync = false }

func overviewScreen(t *testing.T, u *UI) *OverviewScreen {
	t.Helper()
	u.showScreen("overview")
	s, ok := u.screen().(*OverviewScreen)
	if !ok {
		t.Fatalf("current screen is %T", u.screen())
	}
	s.refresh() // the window opened on it, before the test stored anything
	return s
}

// tapLink clicks a visible link by its text, on the text itself (a link
// ignores clicks on its padding).
func tapLink(t *testing.T, c fyne.Canvas, text string) {
	t.Helper()
	for _, o := range visibleObjects(c) {
		if h, ok := o.(*widget.Hyperlink); ok && h.Text == text {
			test.TapAt(h, fyne.NewPos(theme.InnerPadding()+4, h.Size().Height/2))
			return
		}
	}
	t.Fatalf("no link %q", text)
}

// cardFigures reads the figure cards in order.
func cardFigures(s *OverviewScreen) []string {
	var out []string
	for _, c := range s.cards {
		out = append(out, c.figure.Text)
	}
	return out
}

func TestOverviewFiguresAndStages(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	town := saveTestSite(t, st, "通泉街道", nil)
	saveTestSite(t, st, "马鸣乡", nil)
	for _, x := range []struct {
		name, status string
	}{{"乐熙社区", data.StatusUnveiled}, {"小寨社区", data.StatusActive}, {"通泉社区", data.StatusPlanned}} {
		site := &data.Site{Name: x.name, Kind: data.KindCommunity, ParentID: &town.ID, Status: x.status}
		if x.status != data.StatusPlanned {
			site.UnveiledOn = data.NewDate(2020, 4, 2)
		}
		mustDo(t, st.SaveSite(bg, site))
	}
	s := overviewScreen(t, u)
	c := u.win.Canvas()
	// Townships are pilot sites too (level 1), as data counts them.
	if got := cardFigures(s)[:2]; got[0] != "5" || got[1] != "2" {
		t.Errorf("sites and rooms unveiled: %v", got)
	}
	assertShown(t, c, "试点单位", "已挂牌议事室", "含2个乡镇（街道）", "尚有3个未挂牌",
		"截至"+data.Today().Chinese())
	var stages []string
	for _, r := range s.statuses.rows {
		stages = append(stages, r.label+" "+r.figure)
	}
	if want := []string{"筹备中 3个", "已挂牌 1个", "常态运行 1个", "已定型 0个"}; !slices.Equal(stages, want) {
		t.Errorf("stages %q, want %q", stages, want)
	}
}

// A warning opens the records behind it; a site without a lead gets one
// from there, and the warning goes away.
func TestOverviewWarningAssignsLead(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	for _, site := range []*data.Site{d.tongle, d.xincheng, d.tongquan, d.lexi} {
		saveAssignment(t, st, d.zhang, site, data.RoleLead, data.Date{}, data.Date{})
	}
	s := overviewScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "目标任务都在时间节点内")

	tapLink(t, c, "1个试点单位没有牵头领导")
	assertShown(t, c, "小寨社区（通泉街道）")
	assertNotShown(t, c, "乐熙社区（")
	test.Tap(button(t, c, "指定牵头领导…"))
	f := u.form
	if f == nil {
		t.Fatal("the assignment form did not open")
	}
	if got := f.inputs["site_id"].(*picker).chosen; got != d.xiaozhai.ID {
		t.Errorf("site preset to %d, want %d", got, d.xiaozhai.ID)
	}
	pickIn(t, f.inputs["person_id"].(*picker), "王芳")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	assertShown(t, c, "每个试点单位都有牵头领导")
	if len(s.last.noLead) != 0 {
		t.Errorf("still without a lead: %+v", s.last.noLead)
	}
}

func TestOverviewLateTaskGoesToTasks(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	saveTask(t, st, "完成议事室挂牌", data.ScopeAll, nil, data.Today().AddDays(-1))
	saveTask(t, st, "开展首次协商", data.ScopeAll, nil, data.Today())
	saveTask(t, st, "制度上墙", data.ScopeSite, d.lexi, data.Today().AddDays(-30))
	overviewScreen(t, u)
	c := u.win.Canvas()

	tapLink(t, c, "2项目标任务未按时间节点完成")
	assertShown(t, c, "完成议事室挂牌　时间节点："+data.Today().AddDays(-1).String()+"　已完成0/3", "制度上墙")
	assertNotShown(t, c, "开展首次协商")
	test.Tap(button(t, c, "前往目标任务"))
	if id := u.screen().id(); id != "tasks" {
		t.Errorf("went to %q", id)
	}
}

// The figures load on another goroutine behind a spinner.
func TestOverviewLoadsInBackground(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	s := overviewScreen(t, u)
	if got := cardFigures(s)[0]; got != "0" {
		t.Fatalf("empty database shows %q sites", got)
	}
	newDistrict(t, st)
	overviewAsync = true
	defer func() { overviewAsync = false }()
	s.refresh()
	s.loading.Wait()
	if got := cardFigures(s)[0]; got != "5" {
		t.Errorf("after the load: %q sites", got)
	}
	if s.spin.Visible() {
		t.Error("spinner still shown")
	}
}

func TestOverviewInEnglish(t *testing.T) {
	u, st := newTestUI(t, LangEN)
	newDistrict(t, st)
	overviewScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "Pilot sites", "Consultation rooms unveiled", "2 of them townships / streets", "Needs attention")
	tapLink(t, c, "Pilot sites without a lead: 5")
	assertShown(t, c, "Go to Liaison assignments")
	assertNotShown(t, c, "牵头")
}

// saveActivity stores an activity at site on day d from source.
func saveActivity(t *testing.T, st *data.Store, site *data.Site, d data.Date, topic, source string, people, solved int, items ...data.FollowUpItem) *data.Activity {
	t.Helper()
	a := &data.Activity{Date: d, SiteID: site.ID, Topic: topic, TopicSource: source, Participants: people, ProblemsSolved: solved}
	mustDo(t, st.SaveActivity(bg, a, nil, items))
	return a
}

// The charts' span writes a year once within a year, as reports do.
func TestOverviewSpanWords(t *testing.T) {
	newTestUI(t, LangZH)
	for _, c := range []struct {
		from, fromMonth, to, toMonth int
		want                         string
	}{
		{2026, 1, 2026, 12, "2026年1月至12月，共3次"},
		{2025, 12, 2026, 11, "2025年12月至2026年11月，共3次"},
	} {
		got := lang.L("overview.span", map[string]any{"FromYear": c.from, "FromMonth": c.fromMonth, "ToYear": c.to, "ToMonth": c.toMonth, "N": "3"})
		if got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
	}
}

func TestOverviewActivityFiguresAndCharts(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	today := data.Today()
	saveActivity(t, st, d.xincheng, today, "停车难问题", data.SourceParty, 20, 2)
	saveActivity(t, st, d.lexi, today, "垃圾分类", data.SourcePublic, 15, 1)
	saveActivity(t, st, d.xiaozhai, today.AddDays(-400), "集市秩序", data.SourcePublic, 30, 5)
	s := overviewScreen(t, u)
	c := u.win.Canvas()

	if got, want := cardFigures(s)[cardMonth:], []string{"2", "2", "65", "8"}; !slices.Equal(got, want) {
		t.Errorf("month, year, participants, solved: %v, want %v", got, want)
	}
	assertShown(t, c, "累计3次")
	// The span of the charts names a year once when the months lie in one.
	span := fmt.Sprintf("%d年%d月至%d年%d月，共2次", today.Year()-1, today.Month()%12+1, today.Year(), today.Month())
	if today.Month() == 12 {
		span = fmt.Sprintf("%d年1月至12月，共2次", today.Year())
	}
	assertShown(t, c, span)
	// Twelve months, this one last, holding today's two activities.
	if n := len(s.months.values); n != 12 || s.months.values[11] != 2 || s.months.labels[11] != lang.L("overview.month", map[string]any{"Month": int(today.Month())}) {
		t.Errorf("months %v %v", s.months.labels, s.months.values)
	}
	var sources []string
	for _, r := range s.sources.rows {
		sources = append(sources, r.label+" "+r.figure)
	}
	want := []string{"党委会点题 1次（50%）", "政府出题 0次（0%）", "委员荐题 0次（0%）", "社会征题 1次（50%）"}
	if !slices.Equal(sources, want) {
		t.Errorf("sources %q, want %q", sources, want)
	}

	// 小寨 held nothing for 400 days: the warning opens it in the site list.
	tapLink(t, c, "1个试点单位近90天没有开展协商活动")
	assertShown(t, c, "小寨社区（通泉街道）")
	test.Tap(button(t, c, "查看"))
	sites, ok := u.screen().(*SitesScreen)
	if !ok {
		t.Fatalf("went to %T", u.screen())
	}
	if r, _ := sites.table.current(); r.ID != d.xiaozhai.ID {
		t.Errorf("selected %q", r.Name)
	}
	assertShown(t, c, "协商议事活动（1次）", "集市秩序")
}

func TestOverviewLateFollowUpItems(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	today := data.Today()
	saveActivity(t, st, d.xiaozhai, today.AddDays(-40), "小寨工业片区交通和环境", data.SourcePublic, 25, 3,
		data.FollowUpItem{Task: "设置临时停车场", Unit: "通泉街道办事处", Deadline: today.AddDays(-1)},
		data.FollowUpItem{Task: "增加保洁员", Unit: "区城管局", Deadline: today})
	s := overviewScreen(t, u)
	c := u.win.Canvas()
	// The items are read on another goroutine, as in the program.
	overviewAsync = true
	tapLink(t, c, "1项督办事项已超过办结时限")
	s.loading.Wait()
	overviewAsync = false
	assertShown(t, c, "设置临时停车场（通泉街道办事处）　办结时限："+today.AddDays(-1).String()+"　小寨社区：小寨工业片区交通和环境")
	assertNotShown(t, c, "增加保洁员")
	// Going there works as for the tasks; not tapped here, since the ledger
	// loads on its own goroutine.
	button(t, c, "前往协商议事活动")
}

func TestNiceScale(t *testing.T) {
	for _, c := range []struct{ max, top, step int }{
		{0, 4, 1}, {3, 3, 1}, {7, 8, 2}, {29, 30, 10}, {7878, 8000, 2000}, {120, 150, 50},
	} {
		if top, step := niceScale(c.max); top != c.top || step != c.step {
			t.Errorf("niceScale(%d) = %d, %d; want %d, %d", c.max, top, step, c.top, c.step)
		}
	}
}

// On an empty database 需要处理 says there is nothing yet and how to begin,
// rather than ticking every check as met; its link starts a new site.
func TestOverviewOnEmptyDatabase(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	overviewScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "还没有试点单位")
	assertNotShown(t, c, "每个试点单位都有牵头领导")
	tapLink(t, c, "登记试点单位")
	if _, ok := u.screen().(*SitesScreen); !ok || u.form == nil {
		t.Fatalf("the link opened %T, form %v", u.screen(), u.form != nil)
	}
	u.form.close()

	// With a site the checks are back.
	saveTestSite(t, st, "通泉街道", nil)
	overviewScreen(t, u)
	assertNotShown(t, c, "还没有试点单位")
	assertShown(t, c, "近90天")
}
