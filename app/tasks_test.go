package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

func tasksScreen(t *testing.T, u *UI) *TasksScreen {
	t.Helper()
	u.showScreen("tasks")
	s, ok := u.screen().(*TasksScreen)
	if !ok {
		t.Fatalf("current screen is %T", u.screen())
	}
	return s
}

func saveTask(t *testing.T, st *data.Store, name, scope string, site *data.Site, deadline data.Date) *data.Task {
	t.Helper()
	task := &data.Task{Name: name, Scope: scope, Deadline: deadline}
	if site != nil {
		task.SiteID = &site.ID
	}
	if err := st.SaveTask(bg, task); err != nil {
		t.Fatal(err)
	}
	return task
}

// tickBox finds a visible check box by (part of) its text.
func tickBox(t *testing.T, c fyne.Canvas, text string) *widget.Check {
	t.Helper()
	for _, o := range visibleObjects(c) {
		if b, ok := o.(*widget.Check); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no check box %q", text)
	return nil
}

// pickerIn finds the picker inside a form field (some sit beside a button).
func pickerIn(t *testing.T, o fyne.CanvasObject) *picker {
	t.Helper()
	switch x := o.(type) {
	case *picker:
		return x
	case *fyne.Container:
		for _, child := range x.Objects {
			if p, ok := child.(*picker); ok {
				return p
			}
		}
	}
	t.Fatalf("no picker in %T", o)
	return nil
}

func TestAddTaskThroughForm(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	s := tasksScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共0条", "在上面选中一项任务")

	test.Tap(button(t, c, "新增目标任务"))
	f := u.form
	if f == nil {
		t.Fatal("the form did not open")
	}
	// Every site by default: nothing to pick.
	target := f.inputs["site_id"].(*picker)
	if !target.button.Disabled() || target.button.Text != "全部试点单位" {
		t.Errorf("scope all: target %q disabled %v", target.button.Text, target.button.Disabled())
	}
	test.Type(f.inputs["name"].(*suggestEntry), "协商议事室挂牌")
	f.inputs["scope"].(*enumSelect).SetSelected("乡镇（街道）内全部试点单位")
	if target.button.Disabled() {
		t.Fatal("the township cannot be picked")
	}
	pickIn(t, target, "通泉")
	test.Type(f.inputs["deadline"].(*formEntry), "2020年6月30日")
	pickIn(t, pickerIn(t, f.inputs["responsible_id"]), "张伟")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}

	assertShown(t, c, "协商议事室挂牌", "乡镇（街道）内全部试点单位", "通泉街道", "2020-06-30", "张伟", "0/2", "共1条",
		"已保存“协商议事室挂牌”", "已完成0/2个试点单位")
	for _, site := range []string{"乐熙社区（通泉街道）", "小寨社区（通泉街道）"} {
		if tickBox(t, c, site).Checked {
			t.Errorf("%s ticked", site)
		}
	}
	tasks, err := st.Tasks(bg, data.TaskFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 1 || tasks[0].Scope != data.ScopeTownship || idOf(tasks[0].SiteID) != d.tongquan.ID ||
		idOf(tasks[0].ResponsibleID) != d.zhang.ID || tasks[0].Deadline != data.NewDate(2020, 6, 30) || tasks[0].Status != data.TaskPending {
		t.Fatalf("stored %+v", tasks)
	}

	// Edit: narrow it to one site and take the person off.
	s.table.selectID(tasks[0].ID)
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f = u.form
	if f == nil {
		t.Fatal("Enter did not open the form")
	}
	f.inputs["scope"].(*enumSelect).SetSelected("单个试点单位")
	if f.inputs["site_id"].(*picker).chosen != 0 {
		t.Error("a township stayed chosen for a single-site task")
	}
	pickIn(t, f.inputs["site_id"].(*picker), "小寨")
	clear := f.inputs["responsible_id"].(*fyne.Container).Objects[1].(*widget.Button)
	test.Tap(clear)
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	got, _ := st.Task(bg, tasks[0].ID)
	if got.Scope != data.ScopeSite || idOf(got.SiteID) != d.xiaozhai.ID || got.ResponsibleID != nil {
		t.Errorf("edited %+v", got)
	}
	assertShown(t, c, "单个试点单位", "小寨社区", "0/1")
}

func TestTaskValidationShownNothingSaved(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	newDistrict(t, st)
	tasksScreen(t, u)
	c := u.win.Canvas()
	test.Tap(button(t, c, "新增目标任务"))
	f := u.form
	f.inputs["scope"].(*enumSelect).SetSelected("单个试点单位")
	test.Type(f.inputs["deadline"].(*formEntry), "2020-02-30")
	test.Tap(button(t, c, "保存"))
	if u.form == nil {
		t.Fatal("the form closed on bad input")
	}
	assertShown(t, c, "请填写任务名称。", "请选择试点单位。", "不是正确的日期")
	// Done needs a date that is not in the future.
	f.inputs["status"].(*enumSelect).SetSelected("已完成")
	done := f.inputs["done_on"].(*formEntry)
	if done.Disabled() || done.Text != data.Today().String() {
		t.Errorf("choosing done: date %q disabled %v", done.Text, done.Disabled())
	}
	done.SetText(data.Today().AddDays(3).String())
	test.Type(f.inputs["name"].(*suggestEntry), "议事规则上墙")
	pickIn(t, f.inputs["site_id"].(*picker), "鑫城")
	f.inputs["deadline"].(*formEntry).SetText("2020-05-08")
	test.Tap(button(t, c, "保存"))
	assertShown(t, c, "完成日期不能晚于今天。")
	if tasks, _ := st.Tasks(bg, data.TaskFilter{}); len(tasks) != 0 {
		t.Fatalf("%d tasks saved", len(tasks))
	}
	done.SetText("2020/5/8")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	tasks, _ := st.Tasks(bg, data.TaskFilter{})
	if len(tasks) != 1 || tasks[0].Status != data.TaskDone || tasks[0].DoneOn != data.NewDate(2020, 5, 8) {
		t.Errorf("stored %+v", tasks)
	}
}

func TestTaskValidationInEnglish(t *testing.T) {
	u, _ := newTestUI(t, LangEN)
	s := tasksScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "Select a task above", "Progress")
	if s.overdue.Text != "Overdue only" || s.tabs.Items[1].Text != "Progress by site" {
		t.Errorf("English: %q, %q", s.overdue.Text, s.tabs.Items[1].Text)
	}
	test.Tap(button(t, c, "New task"))
	test.Tap(button(t, c, "Save"))
	assertShown(t, c, "Please enter the task name.", "Please enter the deadline.")
	assertNotShown(t, c, "请")
}

// Ticking sites records their completion on the date above the list; the
// task's status follows, and an untick can be undone.
func TestTickTaskProgress(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	task := saveTask(t, st, "议事规则上墙", data.ScopeTownship, d.tongquan, data.Today().AddDays(30))
	s := tasksScreen(t, u)
	c := u.win.Canvas()
	s.table.selectRow(0)
	assertShown(t, c, "已完成0/2个试点单位")

	s.doneOn.SetText("2020年5月8日")
	test.Tap(tickBox(t, c, "乐熙社区（通泉街道）"))
	assertShown(t, c, "1/2", "进行中", "2020-05-08完成", "已完成1/2个试点单位")
	progress, _ := st.TaskProgress(bg, task.ID)
	if progress[0].SiteID != d.lexi.ID || progress[0].DoneOn != data.NewDate(2020, 5, 8) || progress[1].Done() {
		t.Fatalf("progress %+v", progress)
	}

	// A future date is refused with data's sentence; nothing recorded.
	s.doneOn.SetText(data.Today().AddDays(1).String())
	test.Tap(tickBox(t, c, "小寨社区（通泉街道）"))
	assertShown(t, c, "完成日期不能晚于今天。")
	if tickBox(t, c, "小寨社区（通泉街道）").Checked {
		t.Error("the refused tick stayed")
	}
	s.doneOn.SetText("")
	test.Tap(tickBox(t, c, "小寨社区（通泉街道）"))
	got, _ := st.Task(bg, task.ID)
	if got.Status != data.TaskDone || got.Completed != 2 {
		t.Errorf("all ticked: %+v", got)
	}
	assertShown(t, c, "2/2", "已完成", data.Today().String()+"完成")

	test.Tap(tickBox(t, c, "乐熙社区（通泉街道）"))
	assertShown(t, c, "已取消“乐熙社区”的完成记录", "1/2")
	if got, _ := st.Task(bg, task.ID); got.Status != data.TaskInProgress {
		t.Errorf("untick: status %s", got.Status)
	}
	test.Tap(button(t, c, "撤销"))
	progress, _ = st.TaskProgress(bg, task.ID)
	if progress[0].DoneOn != data.NewDate(2020, 5, 8) {
		t.Errorf("undo lost the date: %+v", progress[0])
	}
	assertShown(t, c, "2/2")
}

func TestTasksFilterSortAndOverdue(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	late := saveTask(t, st, "协商议事室挂牌", data.ScopeAll, nil, data.NewDate(2020, 3, 31))
	saveTask(t, st, "首次协商", data.ScopeSite, d.xincheng, data.Today().AddDays(10))
	saveTask(t, st, "制度上墙", data.ScopeTownship, d.tongquan, data.Today().AddDays(5))
	s := tasksScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共3条", "未开始（已逾期）")
	if !s.table.warn(s.table.rows[0]) || s.table.warn(s.table.rows[1]) {
		t.Error("only the late task is highlighted")
	}

	s.overdue.SetChecked(true)
	assertShown(t, c, "共1条", "协商议事室挂牌")
	assertNotShown(t, c, "首次协商")
	s.overdue.SetChecked(false)

	// 同乐街道's tasks: the one for 鑫城社区 and the one for every site.
	s.place.township.SetSelected("同乐街道")
	assertShown(t, c, "共2条", "首次协商")
	assertNotShown(t, c, "制度上墙")
	s.place.site.SetSelected("鑫城社区")
	assertShown(t, c, "共2条")
	s.place.township.SetSelectedIndex(0)
	if !s.place.site.Disabled() {
		t.Error("the site filter is open without a township")
	}

	test.Type(s.search, "上墙")
	assertShown(t, c, "共1条", "制度上墙")
	s.search.SetText("")

	s.status.SetSelected("未开始")
	assertShown(t, c, "共3条")
	s.status.SetSelected("已完成")
	assertShown(t, c, "共0条")
	s.status.SetSelectedIndex(0)

	// By deadline, latest first on the second tap.
	test.Tap(button(t, c, "时间节点"))
	test.Tap(button(t, c, "时间节点 ▲"))
	if s.table.rows[0].Name != "首次协商" || s.table.rows[2].ID != late.ID {
		t.Errorf("sorted by deadline descending: %s, …, %s", s.table.rows[0].Name, s.table.rows[2].Name)
	}
}

func TestDeleteTaskWithUndo(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	task := saveTask(t, st, "首次协商", data.ScopeSite, d.xincheng, data.Today())
	s := tasksScreen(t, u)
	c := u.win.Canvas()
	s.table.selectID(task.ID)
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	test.Tap(button(t, c, "是"))
	assertShown(t, c, "已将“首次协商”移入回收站", "共0条")
	if _, err := st.Task(bg, task.ID); data.ErrorCode(err) != data.ENotFound {
		t.Fatalf("task still live: %v", err)
	}
	test.Tap(button(t, c, "撤销"))
	assertShown(t, c, "共1条", "首次协商")
	if _, err := st.Task(bg, task.ID); err != nil {
		t.Fatalf("undo did not restore: %v", err)
	}
}

func TestSiteCompletionTab(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	all := saveTask(t, st, "建立协商工作台账", data.ScopeAll, nil, data.NewDate(2020, 3, 31))
	saveTask(t, st, "首次协商", data.ScopeSite, d.xincheng, data.Today().AddDays(10))
	if err := st.CompleteTask(bg, all.ID, d.xincheng.ID, data.NewDate(2020, 3, 24)); err != nil {
		t.Fatal(err)
	}
	s := tasksScreen(t, u)
	c := u.win.Canvas()
	s.tabs.SelectIndex(1)
	assertShown(t, c, "共3条", "鑫城社区", "50%", "逾期未完成")
	var xin data.SiteTasks
	for _, r := range s.sites.rows {
		if r.SiteID == d.xincheng.ID {
			xin = r
		}
	}
	if xin.Tasks != 2 || xin.Done != 1 || xin.Overdue != 0 || s.sites.warn(xin) {
		t.Errorf("鑫城社区: %+v", xin)
	}
	for _, r := range s.sites.rows {
		if r.SiteID == d.lexi.ID && (r.Overdue != 1 || !s.sites.warn(r)) {
			t.Errorf("乐熙社区 is late on the ledger: %+v", r)
		}
	}
	test.Type(s.siteSearch, "通泉")
	assertShown(t, c, "共2条")
	assertNotShown(t, c, "鑫城社区")
	// Ctrl+F goes to this tab's own search box.
	s.focusSearch()
	if c.Focused() != s.siteSearch {
		t.Error("search not focused")
	}
}

// Date fields carry their calendar button (Fyne ignores one added after
// the entry was first drawn), and picking a day fills the field.
func TestTaskDatesHaveCalendar(t *testing.T) {
	u, _ := newTestUI(t, LangZH)
	s := tasksScreen(t, u)
	c := u.win.Canvas()
	test.Tap(button(t, c, "新增目标任务"))
	for _, e := range []*formEntry{u.form.inputs["deadline"].(*formEntry), u.form.inputs["done_on"].(*formEntry), s.doneOn} {
		found := false
		for _, o := range test.WidgetRenderer(e).Objects() {
			found = found || (o == e.ActionItem && o != nil)
		}
		if !found {
			t.Errorf("date entry %q has no calendar button", e.Text)
		}
	}
	deadline := u.form.inputs["deadline"].(*formEntry)
	test.Tap(deadline.ActionItem.(*widget.Button))
	test.Tap(button(t, c, "15"))
	today := data.Today()
	if want := data.NewDate(today.Year(), today.Month(), 15); deadline.Text != want.String() {
		t.Errorf("picked %q, want %s", deadline.Text, want)
	}
}

// A first-consultation task is ticked from the activities: its boxes show
// the records and cannot be ticked, the screen says why, and the overview's
// overdue warning agrees with it as activities are entered and trashed.
func TestProvenTaskTickedFromRecords(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	task := saveTask(t, st, "开展首次协商议事活动", data.ScopeTownship, d.tongquan, data.Today().AddDays(-10))
	held := data.Today().AddDays(-40)
	saveActivity(t, st, d.lexi, held, "小区停车难", data.SourcePublic, 20, 1)

	s := tasksScreen(t, u)
	c := u.win.Canvas()
	s.table.selectRow(0)
	assertShown(t, c, "据活动记录", "1/2", "进行中（已逾期）", "已完成1/2个试点单位",
		"据活动记录自动判定：试点单位登记了第一次协商议事活动即为完成，活动日期即完成日期，不能手工勾选。", held.String()+"完成")
	assertNotShown(t, c, "勾选时记为完成日期：")
	lexi, xiaozhai := tickBox(t, c, "乐熙社区（通泉街道）"), tickBox(t, c, "小寨社区（通泉街道）")
	if !lexi.Checked || !lexi.Disabled() || xiaozhai.Checked || !xiaozhai.Disabled() {
		t.Errorf("boxes: 乐熙 %v/%v, 小寨 %v/%v (checked/disabled)", lexi.Checked, lexi.Disabled(), xiaozhai.Checked, xiaozhai.Disabled())
	}
	test.Tap(xiaozhai)
	if progress, _ := st.TaskProgress(bg, task.ID); progress[1].Done() || xiaozhai.Checked {
		t.Errorf("a tap ticked 小寨: %+v", progress)
	}

	// The overview's warnings are links when there is something to do.
	lateLink := func() bool {
		for _, o := range visibleObjects(c) {
			if h, ok := o.(*widget.Hyperlink); ok && h.Text == "1项目标任务未按时间节点完成" {
				return true
			}
		}
		return false
	}
	o := overviewScreen(t, u)
	if !lateLink() {
		t.Errorf("the overview does not warn of the late task: %q", shownTexts(c))
	}
	// 小寨 holds its first consultation: the task is done, nothing is late.
	a := saveActivity(t, st, d.xiaozhai, data.Today().AddDays(-2), "片区环境卫生", data.SourcePublic, 30, 2)
	o.refresh()
	assertShown(t, c, "目标任务都在时间节点内")
	s = tasksScreen(t, u)
	s.table.selectRow(0)
	assertShown(t, c, "2/2", "已完成", "已完成2/2个试点单位")
	// Trashed, it no longer counts.
	mustDo(t, st.TrashActivity(bg, a.ID))
	overviewScreen(t, u)
	if !lateLink() {
		t.Error("the overview does not warn of the task late again")
	}

	// A task ticked by hand beside it keeps its boxes and the date row.
	saveTask(t, st, "议事规则上墙", data.ScopeTownship, d.tongquan, data.Today().AddDays(30))
	s = tasksScreen(t, u)
	s.table.selectRow(1)
	assertShown(t, c, "勾选时记为完成日期：")
	if tickBox(t, c, "乐熙社区（通泉街道）").Disabled() {
		t.Error("a manual task's box is disabled")
	}
}

// The form chooses how a task is ticked from its name until the user
// chooses otherwise; a task the records prove has no status to set.
func TestTaskFormKindFollowsName(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	newDistrict(t, st)
	tasksScreen(t, u)
	c := u.win.Canvas()
	test.Tap(button(t, c, "新增目标任务"))
	f := u.form
	name := f.inputs["name"].(*suggestEntry)
	kind := f.inputs["kind"].(*fyne.Container).Objects[0].(*enumSelect)
	status := f.inputs["status"].(*enumSelect)
	if kind.Selected != "手工勾选" || status.Disabled() {
		t.Errorf("new task: kind %q, status disabled %v", kind.Selected, status.Disabled())
	}
	test.Type(name, "协商议事室挂牌")
	if kind.Selected != "据挂牌日期" || !status.Disabled() {
		t.Errorf("named 挂牌: kind %q, status disabled %v", kind.Selected, status.Disabled())
	}
	assertShown(t, c, "据挂牌日期自动判定：试点单位登记了挂牌日期（状态为已挂牌及以后）即为完成，挂牌日期即完成日期，不能手工勾选。")
	// Chosen by hand, the kind stays as the name changes.
	kind.SetSelected("手工勾选")
	if status.Disabled() {
		t.Error("manual: status still disabled")
	}
	name.SetText("议事室挂牌验收")
	if kind.Selected != "手工勾选" {
		t.Errorf("the name overrode the kind chosen: %q", kind.Selected)
	}
	f.inputs["deadline"].(*formEntry).SetText("2026-12-31")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	tasks, _ := st.Tasks(bg, data.TaskFilter{})
	if len(tasks) != 1 || tasks[0].Kind != data.TaskManual || tasks[0].Name != "议事室挂牌验收" {
		t.Errorf("stored %+v", tasks)
	}
}
