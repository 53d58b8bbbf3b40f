package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

func init() { queueForTests = true }

// ledger shows the activities screen and waits for its first page.
func ledger(t *testing.T, u *UI) *ActivitiesScreen {
	t.Helper()
	u.showScreen("activities")
	s, ok := u.screen().(*ActivitiesScreen)
	if !ok {
		t.Fatalf("current screen is %T", u.screen())
	}
	s.load.wait()
	return s
}

// insertActivities adds n activities through data's bulk insert: one a day
// from 2023-01-01, at the sites in turn, every tenth about a car park.
func insertActivities(t *testing.T, st *data.Store, n int, sites ...*data.Site) {
	t.Helper()
	sources := data.TopicSources.Codes()
	rows := make([]data.Activity, n)
	for i := range rows {
		topic := fmt.Sprintf("第%d号议题：背街小巷照明", i+1)
		if i%10 == 0 {
			topic = fmt.Sprintf("第%d号议题：增设临时停车场", i+1)
		}
		rows[i] = data.Activity{Date: data.NewDate(2023, 1, 1).AddDays(i), SiteID: sites[i%len(sites)].ID, Topic: topic,
			TopicSource: sources[i%len(sources)], Participants: 10 + i%50, FollowUp: data.FollowUpPending}
	}
	if err := st.InsertActivities(bg, rows); err != nil {
		t.Fatal(err)
	}
}

func TestAddActivityThroughForm(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	s := ledger(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共0条", "第1页，共1页")

	test.Tap(button(t, c, "登记协商活动"))
	f := u.form
	if f == nil {
		t.Fatal("the form did not open")
	}
	f.inputs["date"].(*formEntry).SetText("2020年5月8日")
	pickIn(t, f.inputs["site_id"].(*picker), "小寨")
	test.Type(f.inputs["topic"].(*formEntry), "小寨工业片区交通和环境问题")
	f.inputs["topic_source"].(*enumSelect).SetSelected("社会征题")
	f.inputs["form"].(*enumSelect).SetSelected("现场协商")
	test.Type(f.inputs["procedure"].(*suggestEntry), "三阶五步")
	// Tallies open only for a vote.
	votes := []*formEntry{f.inputs["votes_for"].(*formEntry), f.inputs["votes_against"].(*formEntry), f.inputs["votes_abstain"].(*formEntry)}
	if !votes[0].Disabled() {
		t.Error("tallies open without a vote")
	}
	f.inputs["decision"].(*enumSelect).SetSelected("举手表决")
	if votes[0].Disabled() {
		t.Fatal("tallies closed for a show of hands")
	}
	test.Type(votes[0], "２５") // full-width digits, as a Chinese IME types them
	test.Type(f.inputs["participants"].(*formEntry), "25")

	who := f.inputs["attendees"].(*attendeeEditor)
	pickIn(t, who.add, "王芳")
	test.Type(who.name, "小寨居民代表")
	who.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	assertShown(t, c, "王芳（区人民医院）", "小寨居民代表（未在册）")
	who.roles[0].SetSelected("政协委员")
	test.Type(f.inputs["outcome"].(*formEntry), "设临时停车场，增加保洁员，推行“门前三包”")

	items := f.inputs["items"].(*itemsEditor)
	assertShown(t, c, "暂无督办事项。")
	test.Tap(button(t, c, "添加督办事项"))
	test.Tap(button(t, c, "添加督办事项"))
	test.Type(items.rows[0].task, "增设临时停车场")
	test.Type(items.rows[0].unit, "通泉街道办事处")
	items.rows[0].deadline.SetText("2020-06-30")
	items.rows[0].progress.SetText("40%")
	items.rows[0].status.SetSelected("办理中")
	test.Type(items.rows[1].task, "暂不需要的一项")
	test.Tap(itemRemoveButton(items, 1))
	if len(items.rows) != 1 {
		t.Fatalf("%d items after removing one", len(items.rows))
	}
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	s.load.wait()

	assertShown(t, c, "2020-05-08", "通泉街道", "小寨社区", "小寨工业片区交通和环境问题", "社会征题", "现场协商", "举手表决", "未办结",
		"共1条", "已保存“2020-05-08 小寨工业片区交通和环境问题”",
		"举手表决，赞成25票，反对0票，弃权0票", "议定方式：举手表决，赞成25票，反对0票，弃权0票", "参加人员：政协委员：王芳；利益相关方：小寨居民代表", "1. 增设临时停车场　通泉街道办事处　办结时限：2020-06-30　办理中　进度40%")
	rows, total, err := st.Activities(bg, data.ActivityFilter{})
	if err != nil || total != 1 {
		t.Fatalf("%d stored, %v", total, err)
	}
	got, _ := st.Activity(bg, rows[0].ID)
	if got.SiteID != d.xiaozhai.ID || got.TopicSource != data.SourcePublic || got.VotesFor != 25 || got.Participants != 25 ||
		got.Procedure != "三阶五步" || len(got.Attendees) != 2 || idOf(got.Attendees[0].PersonID) != d.wang.ID ||
		got.Attendees[0].Role != "member" || got.Attendees[1].Name != "小寨居民代表" || got.Attendees[1].Role != "stakeholder" ||
		len(got.Items) != 1 || got.Items[0].Progress != 40 || got.Items[0].Unit != "通泉街道办事处" {
		t.Errorf("stored %+v", got)
	}
	if s.table.selectedID() != got.ID {
		t.Error("the new activity is not selected")
	}

	// Edit: Enter opens it with its people and items; mark the item done.
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f = u.form
	items = f.inputs["items"].(*itemsEditor)
	if len(items.rows) != 1 || len(f.inputs["attendees"].(*attendeeEditor).rows) != 2 {
		t.Fatal("the form lost the items or attendees")
	}
	items.rows[0].status.SetSelected("已办结")
	items.rows[0].doneOn.SetText("2020-06-20")
	f.inputs["follow_up"].(*enumSelect).SetSelected("已办结")
	f.inputs["follow_up_date"].(*formEntry).SetText("2020-06-20")
	test.Type(f.inputs["problems_solved"].(*formEntry), "3")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	s.load.wait()
	got, _ = st.Activity(bg, got.ID)
	if got.FollowUp != data.FollowUpDone || got.ProblemsSolved != 3 || got.Items[0].Status != data.FollowUpDone || got.Items[0].Progress != 100 {
		t.Errorf("edited %+v", got)
	}
	assertShown(t, c, "已办结")
}

func TestActivityValidationShownNothingSaved(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	newDistrict(t, st)
	ledger(t, u)
	c := u.win.Canvas()
	test.Tap(button(t, c, "登记协商活动"))
	f := u.form
	f.inputs["decision"].(*enumSelect).SetSelected("无记名投票")
	test.Type(f.inputs["votes_for"].(*formEntry), "十")
	test.Type(f.inputs["participants"].(*formEntry), "8")
	test.Tap(button(t, c, "保存"))
	if u.form == nil {
		t.Fatal("the form closed on bad input")
	}
	assertShown(t, c, "请选择试点单位。", "请填写议题。", "请选择议题来源。", "“十”不是整数")

	// The store's own rules: more named people than the head count, and an
	// item marked done without its date, shown under that item.
	pickIn(t, f.inputs["site_id"].(*picker), "鑫城")
	test.Type(f.inputs["topic"].(*formEntry), "老旧小区改造")
	f.inputs["topic_source"].(*enumSelect).SetSelected("政府出题")
	f.inputs["votes_for"].(*formEntry).SetText("6")
	f.inputs["participants"].(*formEntry).SetText("1")
	who := f.inputs["attendees"].(*attendeeEditor)
	pickIn(t, who.add, "张伟")
	pickIn(t, who.add, "王芳")
	items := f.inputs["items"].(*itemsEditor)
	test.Tap(button(t, c, "添加督办事项"))
	test.Type(items.rows[0].task, "加装电梯")
	items.rows[0].status.SetSelected("已办结")
	test.Tap(button(t, c, "保存"))
	assertShown(t, c, "参加人数（1）少于列出姓名的参加人员（2人）。", "赞成、反对、弃权票数之和（6）超过了参加人数（1）。",
		"第1项督办事项：已办结的事项须填写办结日期。")
	if _, total, _ := st.Activities(bg, data.ActivityFilter{}); total != 0 {
		t.Fatalf("%d activities saved", total)
	}
	// Nothing typed was lost; fixing it saves.
	if f.inputs["topic"].(*formEntry).Text != "老旧小区改造" || len(who.rows) != 2 || items.rows[0].task.Text != "加装电梯" {
		t.Fatal("the form lost what was typed")
	}
	f.inputs["participants"].(*formEntry).SetText("30")
	items.rows[0].doneOn.SetText(data.Today().String())
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	if _, total, _ := st.Activities(bg, data.ActivityFilter{}); total != 1 {
		t.Fatalf("%d activities saved", total)
	}
}

func TestActivityValidationInEnglish(t *testing.T) {
	u, st := newTestUI(t, LangEN)
	d := newDistrict(t, st)
	insertActivities(t, st, 3, d.xincheng)
	ledger(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "3 rows", "Page 1 of 1", "Set by the government")
	test.Tap(button(t, c, "New activity"))
	test.Tap(button(t, c, "Save"))
	assertShown(t, c, "Please choose the pilot site.", "Please enter the topic.", "No follow-up items yet.")
	assertNotShown(t, c, "请")
}

// The form's labels are data.ActivityColumns' (township_id is the site's
// and has no input), required ones and those with a default marked *.
func TestActivityFormLabelsFromColumns(t *testing.T) {
	for _, lng := range []string{LangZH, LangEN} {
		u, st := newTestUI(t, lng)
		newDistrict(t, st)
		ledger(t, u)
		test.Tap(button(t, u.win.Canvas(), map[string]string{LangZH: "登记协商活动", LangEN: "New activity"}[lng]))
		var labels []string // the form's own, not the ledger's headers behind it
		var walk func(o fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			switch x := o.(type) {
			case *widget.Label:
				labels = append(labels, x.Text)
			case *fyne.Container:
				for _, child := range x.Objects {
					walk(child)
				}
			}
		}
		walk(u.form.grid)
		for _, col := range data.ActivityColumns {
			label := col.Label(lng)
			switch {
			case col.Name == "township_id":
				continue
			case strings.HasPrefix(col.Name, "votes_"): // captions beside the tallies
			case col.Required || col.Default != "":
				label += " *"
			}
			if !slices.Contains(labels, label) {
				t.Errorf("%s: %q is not a label of the form: %q", lng, label, labels)
			}
		}
		if !slices.Contains(labels, map[string]string{LangZH: "落实情况 *", LangEN: "Follow-up *"}[lng]) {
			t.Errorf("%s: the follow-up is not marked required: %q", lng, labels)
		}
	}
}

// 500 activities come in pages of 200 from the store, sorted there.
func TestLedgerPagesAndSortsInTheStore(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	insertActivities(t, st, 500, d.xincheng, d.lexi, d.xiaozhai)
	s := ledger(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共500条", "第1页，共3页")
	if len(s.table.rows) != ledgerPage || s.table.rows[0].Date != data.NewDate(2023, 1, 1).AddDays(499) {
		t.Fatalf("first page: %d rows from %s", len(s.table.rows), s.table.rows[0].Date)
	}
	if !button(t, c, "上一页").Disabled() {
		t.Error("previous page open on the first")
	}
	test.Tap(button(t, c, "下一页"))
	s.load.wait()
	assertShown(t, c, "第2页，共3页")
	if s.table.rows[0].Date != data.NewDate(2023, 1, 1).AddDays(299) {
		t.Errorf("second page starts %s", s.table.rows[0].Date)
	}
	test.Tap(button(t, c, "下一页"))
	s.load.wait()
	assertShown(t, c, "第3页，共3页")
	if len(s.table.rows) != 100 || !button(t, c, "下一页").Disabled() {
		t.Errorf("last page: %d rows", len(s.table.rows))
	}

	// A header sorts all 500 in the store and goes back to the first page:
	// head counts 10-59, ten of each, so page 1 holds 10 to 29.
	test.Tap(button(t, c, "参加人数"))
	s.load.wait()
	assertShown(t, c, "参加人数 ▲", "第1页，共3页")
	rows := s.table.rows
	if rows[0].Participants != 10 || rows[len(rows)-1].Participants != 29 {
		t.Errorf("sorted by head count: %d … %d", rows[0].Participants, rows[len(rows)-1].Participants)
	}
	test.Tap(button(t, c, "参加人数 ▲"))
	s.load.wait()
	if s.table.rows[0].Participants != 59 {
		t.Errorf("descending: first %d", s.table.rows[0].Participants)
	}
}

func TestLedgerFilters(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	insertActivities(t, st, 500, d.xincheng, d.lexi, d.xiaozhai)
	s := ledger(t, u)
	c := u.win.Canvas()

	s.place.township.SetSelected("同乐街道")
	s.load.wait()
	assertShown(t, c, "共167条", "鑫城社区")
	assertNotShown(t, c, "乐熙社区")
	s.place.township.SetSelected("通泉街道")
	s.load.wait()
	s.place.site.SetSelected("乐熙社区")
	s.load.wait()
	assertShown(t, c, "共167条")
	assertNotShown(t, c, "小寨社区")
	s.place.township.SetSelectedIndex(0)
	s.load.wait()

	// The keyword is searched once typing pauses, off the UI goroutine.
	test.Type(s.search, "停车场")
	s.load.wait()
	assertShown(t, c, "共50条", "增设临时停车场")
	assertNotShown(t, c, "照明")
	s.source.SetSelected("党委会点题")
	s.load.wait()
	assertShown(t, c, "共25条")
	s.source.SetSelectedIndex(0)
	s.search.SetText("")
	s.load.wait()

	// Dates: 2023-01-01 to 2023-01-31 is the first 31 days.
	s.dates.from.SetText("2023.1.1")
	s.dates.to.SetText("2023年1月31日")
	s.load.wait()
	assertShown(t, c, "共31条", "第1页，共1页")
	s.follow.SetSelected("已办结")
	s.load.wait()
	assertShown(t, c, "共0条")
}

func TestDeleteActivityWithUndo(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	insertActivities(t, st, 2, d.xincheng)
	s := ledger(t, u)
	c := u.win.Canvas()
	s.table.selectRow(0)
	id := s.table.selectedID()
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	assertShown(t, c, "把“2023-01-02 第2号议题：背街小巷照明”移入回收站？")
	test.Tap(button(t, c, "是"))
	s.load.wait()
	assertShown(t, c, "共1条", "已将“2023-01-02 第2号议题：背街小巷照明”移入回收站")
	if _, err := st.Activity(bg, id); data.ErrorCode(err) != data.ENotFound {
		t.Fatalf("activity still live: %v", err)
	}
	test.Tap(button(t, c, "撤销"))
	s.load.wait()
	assertShown(t, c, "共2条")
	if _, err := st.Activity(bg, id); err != nil {
		t.Fatalf("undo did not restore: %v", err)
	}
}

// itemRemoveButton is the remove button on the first line of item i.
func itemRemoveButton(e *itemsEditor, i int) *widget.Button {
	first := e.list.Objects[i].(*fyne.Container).Objects[0].(*fyne.Container)
	return first.Objects[2].(*widget.Button)
}

// The site filter of a township offers the township itself first, for the
// activities held at the township level, then its communities.
func TestLedgerSiteFilterOffersTheTownship(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	saveActivity(t, st, d.tongquan, data.NewDate(2026, 3, 5), "街道本级议事", data.SourceParty, 30, 0)
	saveActivity(t, st, d.lexi, data.NewDate(2026, 3, 6), "乐熙社区议事", data.SourcePublic, 20, 0)
	s := ledger(t, u)
	c := u.win.Canvas()

	s.place.township.SetSelected("通泉街道")
	s.load.wait()
	if want := []string{"全部试点单位", "通泉街道（本级）", "乐熙社区", "小寨社区"}; !slices.Equal(s.place.site.Options, want) {
		t.Errorf("sites offered %q, want %q", s.place.site.Options, want)
	}
	s.place.site.SetSelected("通泉街道（本级）")
	s.load.wait()
	assertShown(t, c, "共1条", "街道本级议事")
	assertNotShown(t, c, "乐熙社区议事")
}

// The detail of an activity lists every follow-up item: eight here, in a
// pane that scrolls to the last one.
func TestLedgerDetailListsEveryItem(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	var items []data.FollowUpItem
	for i := 1; i <= 8; i++ {
		items = append(items, data.FollowUpItem{Task: fmt.Sprintf("第%d项整改", i), Unit: "通泉街道办事处",
			Deadline: data.NewDate(2026, 6, i), Status: data.FollowUpPending})
	}
	a := saveActivity(t, st, d.lexi, data.NewDate(2026, 3, 5), "小区停车难", data.SourcePublic, 30, 0, items...)
	s := ledger(t, u)
	s.table.selectID(a.ID)
	s.table.selectRow(s.table.selected)
	for i := 1; i <= 8; i++ {
		if want := fmt.Sprintf("%d. 第%d项整改", i, i); !strings.Contains(s.detail.Text, want) {
			t.Errorf("the detail lacks %q:\n%s", want, s.detail.Text)
		}
	}
	// The pane is a scroll: at its end, the last line is in view.
	var pane *container.Scroll
	for _, o := range visibleObjects(u.win.Canvas()) {
		if sc, ok := o.(*container.Scroll); ok && sc.Content == s.detail {
			pane = sc
		}
	}
	if pane == nil {
		t.Fatal("the detail is not in a scroll pane")
	}
	if pane.Size().Height < 150 {
		t.Errorf("the detail pane is %.0f px high", pane.Size().Height)
	}
	pane.ScrollToBottom()
	if bottom := pane.Offset.Y + pane.Size().Height; bottom < s.detail.MinSize().Height {
		t.Errorf("scrolled to the end, the pane shows down to %.0f of %.0f px", bottom, s.detail.MinSize().Height)
	}
}
