package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// Standing members typed into their screen: a person on file, a name only;
// then the ledger's form adds the site's members as attendees in one step,
// and the activity is stored with them.
func TestCouncilMembersIntoActivityForm(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	u.showScreen("council")
	c := u.win.Canvas()
	assertShown(t, c, "共0条")
	add := func(person, name, identity string) {
		t.Helper()
		test.Tap(button(t, c, "新增议事会成员"))
		f := u.form
		if f == nil {
			t.Fatal("the form did not open")
		}
		pickIn(t, f.inputs["site_id"].(*picker), "小寨")
		if person != "" {
			pickIn(t, f.inputs["person_id"].(*picker), person)
		} else {
			test.Type(f.inputs["name"].(*formEntry), name)
		}
		f.inputs["identity"].(*enumSelect).SetSelected(identity)
		test.Tap(button(t, c, "保存"))
		if u.form != nil {
			t.Fatalf("form still open: %q", shownTexts(c))
		}
	}
	add("王芳", "", "政协委员")
	add("", "片区商户代表", "利益相关方")
	add("", "张大爷", "村（居）民代表")
	assertShown(t, c, "共3条", "王芳", "片区商户代表", "村（居）民代表")
	members, err := st.CouncilMembers(bg, data.CouncilFilter{SiteID: d.xiaozhai.ID})
	if err != nil || len(members) != 3 || members[0].PersonID == nil || *members[0].PersonID != d.wang.ID {
		t.Fatalf("stored %+v %v", members, err)
	}

	ledger(t, u)
	test.Tap(button(t, c, "登记协商活动"))
	f := u.form
	standing := button(t, c, "添加本单位议事会成员")
	test.Tap(standing) // no site yet: says what to do first
	assertShown(t, c, "请先选择试点单位，再添加其议事会成员。")
	f.inputs["date"].(*formEntry).SetText("2020-05-08")
	pickIn(t, f.inputs["site_id"].(*picker), "小寨")
	who := f.inputs["attendees"].(*attendeeEditor)
	pickIn(t, who.add, "王芳") // listed already: not twice
	test.Tap(standing)
	test.Tap(standing)
	if len(who.rows) != 3 {
		t.Fatalf("attendees after the one step: %+v", who.rows)
	}
	test.Type(f.inputs["topic"].(*formEntry), "停车难")
	f.inputs["topic_source"].(*enumSelect).SetSelected("社会征题")
	test.Type(f.inputs["participants"].(*formEntry), "12")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	acts, _, _ := st.Activities(bg, data.ActivityFilter{})
	got, err := st.Activity(bg, acts[0].ID)
	if err != nil || len(got.Attendees) != 3 || got.Attendees[1].Name != "片区商户代表" || got.Attendees[1].Role != "stakeholder" || got.Attendees[2].Role != "other" {
		t.Errorf("stored attendees %+v %v", got.Attendees, err)
	}
	var _ *widget.Button = standing
}
