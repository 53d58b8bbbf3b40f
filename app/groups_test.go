package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
)

// A 村民小组 typed in under a village; the ledger's form offers it once the
// village is chosen, and the activity held there is stored with it, the
// village's and the township's.
func TestGroupThroughFormIntoActivity(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	u.showScreen("groups")
	c := u.win.Canvas()
	test.Tap(button(t, c, "新增村民小组／小区"))
	f := u.form
	if f == nil {
		t.Fatal("the form did not open")
	}
	villages := f.inputs["site_id"].(*picker)
	for _, it := range villages.items {
		if it.id == d.tongquan.ID {
			t.Error("a township offered as a group's village")
		}
	}
	pickIn(t, villages, "小寨")
	test.Type(f.inputs["name"].(*formEntry), "小寨三组")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	assertShown(t, c, "小寨三组", "村民小组", "小寨社区", "通泉街道", "共1条")
	groups, err := st.SiteGroups(bg, 0, d.xiaozhai.ID, "")
	if err != nil || len(groups) != 1 {
		t.Fatalf("stored %+v %v", groups, err)
	}

	ledger(t, u)
	test.Tap(button(t, c, "登记协商活动"))
	f = u.form
	group := f.inputs["group_id"].(*picker)
	if len(group.items) != 0 {
		t.Errorf("groups offered before a site: %+v", group.items)
	}
	f.inputs["date"].(*formEntry).SetText("2020-05-08")
	pickIn(t, f.inputs["site_id"].(*picker), "小寨")
	pickIn(t, group, "三组")
	test.Type(f.inputs["topic"].(*formEntry), "三组通组道路硬化")
	f.inputs["topic_source"].(*enumSelect).SetSelected("社会征题")
	test.Type(f.inputs["participants"].(*formEntry), "18")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	acts, _, err := st.Activities(bg, data.ActivityFilter{TownshipID: d.tongquan.ID})
	if err != nil || len(acts) != 1 || acts[0].GroupID != groups[0].ID || acts[0].SiteID != d.xiaozhai.ID {
		t.Errorf("stored %+v %v", acts, err)
	}
}
