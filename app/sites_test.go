package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
)

func sitesScreen(t *testing.T, u *UI) *SitesScreen {
	t.Helper()
	u.showScreen("sites")
	s, ok := u.screen().(*SitesScreen)
	if !ok {
		t.Fatalf("current screen is %T", u.screen())
	}
	return s
}

func TestAddSiteThroughForm(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	s := sitesScreen(t, u)
	c := u.win.Canvas()

	// A township first.
	test.Tap(button(t, c, "新增试点单位"))
	f := u.form
	if f == nil {
		t.Fatal("the form did not open")
	}
	test.Type(f.inputs["name"].(*formEntry), "同乐街道")
	f.inputs["kind"].(*enumSelect).SetSelected("乡镇（街道）")
	f.inputs["status"].(*enumSelect).SetSelected("已挂牌")
	test.Type(f.inputs["unveiled_on"].(*formEntry), "2020年3月1日")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}

	// Then a community under it, the township preselected from the selection.
	test.Tap(button(t, c, "新增试点单位"))
	f = u.form
	if got := f.inputs["parent_id"].(*formSelect).Selected; got != "同乐街道" {
		t.Errorf("parent preselected %q", got)
	}
	test.Type(f.inputs["name"].(*formEntry), "鑫城社区")
	test.Type(f.inputs["platform"].(*formEntry), "“协商在基层”议事厅")
	f.inputs["status"].(*enumSelect).SetSelected("已挂牌")
	test.Type(f.inputs["unveiled_on"].(*formEntry), "2020/3/24")
	test.Type(f.inputs["phone"].(*formEntry), "138 1234 5678")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}

	assertShown(t, c, "同乐街道", "鑫城社区", "“协商在基层”议事厅", "2020-03-24", "村（社区）", "已挂牌", "13812345678", "共2条")
	sites, err := st.Sites(bg, data.SiteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 2 || sites[1].Name != "鑫城社区" || sites[1].Township != "同乐街道" ||
		sites[1].UnveiledOn != data.NewDate(2020, 3, 24) || sites[1].Phone != "13812345678" {
		t.Errorf("stored: %+v", sites)
	}
	if len(s.table.rows) != 2 {
		t.Errorf("table rows %d", len(s.table.rows))
	}
}

func TestEmptyNameShowsMessageAndSavesNothing(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	sitesScreen(t, u)
	c := u.win.Canvas()
	test.Tap(button(t, c, "新增试点单位"))
	f := u.form
	f.inputs["kind"].(*enumSelect).SetSelected("乡镇（街道）")
	test.Type(f.inputs["unveiled_on"].(*formEntry), "2020-13-45")
	test.Tap(button(t, c, "保存"))
	if u.form == nil {
		t.Fatal("the form closed on bad input")
	}
	assertShown(t, c, "请填写名称。", "不是正确的日期")
	sites, _ := st.Sites(bg, data.SiteFilter{})
	if len(sites) != 0 {
		t.Errorf("%d sites saved", len(sites))
	}
	// What was typed is still there; fixing it saves.
	test.Type(f.inputs["name"].(*formEntry), "马街镇")
	f.inputs["unveiled_on"].(*formEntry).SetText("")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	sites, _ = st.Sites(bg, data.SiteFilter{})
	if len(sites) != 1 || sites[0].Name != "马街镇" {
		t.Errorf("stored %+v", sites)
	}
}

func TestValidationInEnglish(t *testing.T) {
	u, _ := newTestUI(t, LangEN)
	sitesScreen(t, u)
	c := u.win.Canvas()
	test.Tap(button(t, c, "New site"))
	test.Tap(button(t, c, "Save"))
	assertShown(t, c, "Please enter the name.", "must belong to a township")
	assertNotShown(t, c, "请填写")
}

func TestDeleteSiteWithUndo(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	town := &data.Site{Name: "盘江镇", Kind: data.KindTownship, Status: data.StatusPlanned}
	st.SaveSite(bg, town)
	site := &data.Site{Name: "方城社区", Kind: data.KindCommunity, ParentID: &town.ID, Status: data.StatusPlanned}
	st.SaveSite(bg, site)
	s := sitesScreen(t, u)
	c := u.win.Canvas()

	s.table.selectID(site.ID)
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	assertShown(t, c, "把“方城社区”移入回收站？")
	test.Tap(button(t, c, "是"))
	assertShown(t, c, "已将“方城社区”移入回收站", "共1条")
	if _, err := st.Site(bg, site.ID); data.ErrorCode(err) != data.ENotFound {
		t.Fatalf("site still live: %v", err)
	}
	test.Tap(button(t, c, "撤销"))
	assertShown(t, c, "共2条")
	if _, err := st.Site(bg, site.ID); err != nil {
		t.Fatalf("undo did not restore: %v", err)
	}
	// A township with sites under it is refused with a sentence, not driver text.
	s.table.selectID(town.ID)
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	test.Tap(button(t, c, "是"))
	assertShown(t, c, "“盘江镇”下还有1个试点单位，请先删除或移走它们。")
}

func TestSitesFilterAndSort(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	a := &data.Site{Name: "通泉街道", Kind: data.KindTownship, Status: data.StatusPlanned}
	b := &data.Site{Name: "同乐街道", Kind: data.KindTownship, Status: data.StatusPlanned}
	st.SaveSite(bg, a)
	st.SaveSite(bg, b)
	for _, x := range []struct {
		name string
		p    uint
	}{{"乐熙社区", a.ID}, {"小寨社区", a.ID}, {"鑫城社区", b.ID}} {
		st.SaveSite(bg, &data.Site{Name: x.name, Kind: data.KindCommunity, ParentID: &x.p, Status: data.StatusPlanned})
	}
	s := sitesScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共5条")
	test.Type(s.search, "小寨")
	assertShown(t, c, "共1条", "小寨社区")
	assertNotShown(t, c, "鑫城社区")
	s.search.SetText("")
	s.township.SetSelected("同乐街道")
	assertShown(t, c, "共2条", "鑫城社区")
	assertNotShown(t, c, "乐熙社区")
	s.township.SetSelectedIndex(0)
	// Sorting by name (a header tap) puts 乐熙 (U+4E50) before 同乐 (U+540C).
	test.Tap(button(t, c, "名称"))
	if first := s.table.rows[0].Name; first != "乐熙社区" {
		t.Errorf("sorted by name, first row %q", first)
	}
	assertShown(t, c, "名称 ▲")
}

// The pane under the table shows the selected site's people and visits,
// and assigns a lead from there.
func TestSiteDetailPane(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	saveAssignment(t, st, d.zhang, d.xincheng, data.RoleLead, data.NewDate(2024, 1, 5), data.Date{})
	saveAssignment(t, st, d.wang, d.xincheng, data.RoleLiaison, data.Date{}, data.Date{})
	// An ended assignment is not shown.
	saveAssignment(t, st, d.wang, d.lexi, data.RoleLead, data.NewDate(2023, 1, 1), data.NewDate(2023, 12, 31))
	v := &data.Visit{Date: data.NewDate(2025, 6, 3), Findings: "议事厅制度尚未上墙\n其他"}
	if err := st.SaveVisit(bg, v, []uint{d.zhang.ID}, []uint{d.xincheng.ID}); err != nil {
		t.Fatal(err)
	}
	s := sitesScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "选中一个试点单位")

	s.table.selectRow(rowOfSite(s, d.xincheng.ID))
	assertShown(t, c, "鑫城社区", "同乐街道 · 村（社区） · 筹备中",
		"牵头领导和联系委员（2）", "牵头领导：张伟，2024-01-05起", "联系委员：王芳",
		"调研指导（1次）", "2025-06-03　张伟\n议事厅制度尚未上墙")
	assertNotShown(t, c, "尚未指定牵头领导")
	assertNotShown(t, c, "选中一个试点单位")

	s.table.selectRow(rowOfSite(s, d.lexi.ID))
	assertShown(t, c, "乐熙社区", "尚未指定牵头领导", "还没有登记调研指导。")
	assertNotShown(t, c, "王芳")

	// Assign from the pane: the form opens on this site, as its lead.
	test.Tap(button(t, c, "新增挂包联系…"))
	f := u.form
	if f == nil {
		t.Fatal("the assignment form did not open")
	}
	if got := f.inputs["site_id"].(*picker).chosen; got != d.lexi.ID {
		t.Errorf("site preset to %d, want %d", got, d.lexi.ID)
	}
	if got := f.inputs["role"].(*enumSelect).code(); got != data.RoleLead {
		t.Errorf("role preset to %q", got)
	}
	pickIn(t, f.inputs["person_id"].(*picker), "王芳")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	assertShown(t, c, "牵头领导：王芳", "牵头领导和联系委员（1）")
	assertNotShown(t, c, "尚未指定牵头领导")
	as, _ := st.Assignments(bg, data.AssignmentFilter{SiteID: d.lexi.ID, CurrentOn: data.Today()})
	if len(as) != 1 || as[0].PersonID != d.wang.ID || as[0].Role != data.RoleLead {
		t.Errorf("stored %+v", as)
	}

	// A second assignment to a site with a lead is offered as liaison.
	test.Tap(button(t, c, "新增挂包联系…"))
	if got := u.form.inputs["role"].(*enumSelect).code(); got != data.RoleLiaison {
		t.Errorf("second role preset to %q", got)
	}
	u.form.cancel()
}

func rowOfSite(s *SitesScreen, id uint) int {
	for i, r := range s.table.rows {
		if r.ID == id {
			return i
		}
	}
	return -1
}

// The pane lists a site's latest activities; a township's include its sites'.
func TestSiteDetailActivities(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	today := data.Today()
	for i := range 10 {
		saveActivity(t, st, d.lexi, today.AddDays(-i), "议题"+formatInt(i), data.SourceMember, 10, 0)
	}
	saveActivity(t, st, d.xiaozhai, today.AddDays(-3), "小寨停车", data.SourcePublic, 10, 0)
	s := sitesScreen(t, u)
	c := u.win.Canvas()

	s.table.selectRow(rowOfSite(s, d.lexi.ID))
	assertShown(t, c, "协商议事活动（10次）", today.String()+"　未办结　议题0", "议题7", "另有2次")
	assertNotShown(t, c, "议题8")
	assertNotShown(t, c, "小寨停车")

	s.table.selectRow(rowOfSite(s, d.tongquan.ID))
	assertShown(t, c, "协商议事活动（含所属试点单位，11次）", "小寨社区：小寨停车", "乐熙社区：议题0")
}

// Hostile text typed into a form is stored and shown as the same text:
// SQL-looking, formula-looking, right-to-left marks, emoji, the longest name.
func TestHostileTextThroughTheWindow(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	sitesScreen(t, u)
	c := u.win.Canvas()
	hostile := []string{
		"'; DROP TABLE sites; --",
		"=HYPERLINK(\"http://x\",\"点我\")",
		"@SUM(1)",
		"\u202e社区名\u202c",
		"🏠议事站🎉",
		"%_\\%",
		strings.Repeat("长", 100),
	}
	for _, h := range hostile {
		test.Tap(button(t, c, "新增试点单位"))
		f := u.form
		test.Type(f.inputs["name"].(*formEntry), h)
		f.inputs["kind"].(*enumSelect).SetSelected("乡镇（街道）")
		f.inputs["notes"].(*formEntry).SetText("备注：" + h)
		test.Tap(button(t, c, "保存"))
		if u.form != nil {
			t.Fatalf("%q: form still open: %q", h, shownTexts(c))
		}
	}
	assertShown(t, c, hostile...)
	sites, err := st.Sites(bg, data.SiteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]string{}
	for _, s := range sites {
		stored[s.Name] = s.Notes
	}
	for _, h := range hostile {
		if stored[h] != "备注："+h {
			t.Errorf("%.30q stored as %q", h, stored[h])
		}
	}
	// Typing too much is told in the form, and nothing is cut or saved.
	test.Tap(button(t, c, "新增试点单位"))
	f := u.form
	f.inputs["name"].(*formEntry).SetText(strings.Repeat("长", 101))
	f.inputs["kind"].(*enumSelect).SetSelected("乡镇（街道）")
	test.Tap(button(t, c, "保存"))
	if u.form == nil {
		t.Fatal("an overlong name was saved")
	}
	if n, _ := st.Sites(bg, data.SiteFilter{}); len(n) != len(hostile) {
		t.Errorf("%d sites after the refused save", len(n))
	}
}

// A message under a field goes as soon as the field is fixed, before Save:
// a required name on the first keystroke, a date once it reads as a date,
// a choice once made. The other messages stay until then.
func TestFieldMessageGoesWhenFixed(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	saveTestSite(t, st, "马街镇", nil)
	sitesScreen(t, u)
	c := u.win.Canvas()
	test.Tap(button(t, c, "新增试点单位"))
	f := u.form
	date := f.inputs["unveiled_on"].(*formEntry)
	test.Type(date, "2020-13-45")
	test.Tap(button(t, c, "保存"))
	assertShown(t, c, "请填写名称。", "不是正确的日期", "请选择所属乡镇")

	test.Type(f.inputs["name"].(*formEntry), "马")
	assertNotShown(t, c, "请填写名称。")
	assertShown(t, c, "不是正确的日期", "请选择所属乡镇")

	date.SetText("2020-03-") // being typed: not a date yet
	assertShown(t, c, "不是正确的日期")
	date.SetText("2020-03-24")
	assertNotShown(t, c, "不是正确的日期")

	f.inputs["parent_id"].(*formSelect).SetSelected("马街镇")
	assertNotShown(t, c, "请选择所属乡镇")
}

// No wrapped line of the detail starts with a closing bracket or a comma:
// topics of every length up to two lines, at 1200 pixels.
func TestSiteDetailWrapsWithoutLoneBrackets(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	sites := []*data.Site{d.lexi, d.xiaozhai, d.xincheng}
	for n := 12; n < 12+8*len(sites); n++ {
		topic := strings.Repeat("议", n-2) + "问题"
		saveActivity(t, st, sites[(n-12)/8], data.NewDate(2026, 3, n%28+1), topic, data.SourceMember, 10, 0)
	}
	s := sitesScreen(t, u)
	for _, site := range sites {
		s.table.selectRow(rowOfSite(s, site.ID))
		for _, o := range visibleObjects(u.win.Canvas()) {
			if txt, ok := o.(*canvas.Text); ok && strings.ContainsAny(firstRune(txt.Text), "）)，、。") {
				t.Errorf("%s: a line starts with %q", site.Name, txt.Text)
			}
		}
	}
}

func firstRune(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}
