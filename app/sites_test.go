package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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
	test.Tap(button(t, c, "新建试点单位"))
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
	test.Tap(button(t, c, "新建试点单位"))
	f = u.form
	if got := f.inputs["parent_id"].(*widget.Select).Selected; got != "同乐街道" {
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

	assertShown(t, c, "同乐街道", "鑫城社区", "“协商在基层”议事厅", "2020-03-24", "村（社区）", "已挂牌", "13812345678", "共 2 条")
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
	test.Tap(button(t, c, "新建试点单位"))
	f := u.form
	f.inputs["kind"].(*enumSelect).SetSelected("乡镇（街道）")
	test.Type(f.inputs["unveiled_on"].(*formEntry), "2020-13-45")
	test.Tap(button(t, c, "保存"))
	if u.form == nil {
		t.Fatal("the form closed on bad input")
	}
	assertShown(t, c, "请填写名称。", "不是有效的日期")
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
