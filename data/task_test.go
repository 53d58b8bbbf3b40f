package data

import (
	"fmt"
	"strings"
	"testing"
)

// communityIn saves a community under town.
func communityIn(t *testing.T, st *Store, town *Site, name string) *Site {
	t.Helper()
	return mustSite(t, st, &Site{Name: name, Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned})
}

// leaderOnFile stores a person directly, so these tests do not depend on the
// person rules.
func leaderOnFile(t *testing.T, st *Store, name string) *Person {
	t.Helper()
	p := &Person{Name: name, Category: CategoryLeader}
	if err := st.db.Create(p).Error; err != nil {
		t.Fatal(err)
	}
	return p
}

func mustTask(t *testing.T, st *Store, task *Task) *Task {
	t.Helper()
	if err := st.SaveTask(ctx, task); err != nil {
		t.Fatalf("save task %s: %v", task.Name, err)
	}
	return task
}

// pilotMap is two townships with two sites each, in entry order:
// 通泉街道: 小寨社区, 乐熙社区; 同乐街道: 鑫城社区, 某企业.
type pilotMap struct {
	a, b                           *Site // townships
	xiaozhai, lexi, xincheng, qiye *Site
}

func newPilotMap(t *testing.T, st *Store) pilotMap {
	var m pilotMap
	m.a = township(t, st, "通泉街道")
	m.b = township(t, st, "同乐街道")
	m.xiaozhai = communityIn(t, st, m.a, "小寨社区")
	m.lexi = communityIn(t, st, m.a, "乐熙社区")
	m.xincheng = communityIn(t, st, m.b, "鑫城社区")
	m.qiye = mustSite(t, st, &Site{Name: "某企业", Kind: KindEnterprise, ParentID: &m.b.ID, Status: StatusPlanned})
	return m
}

func TestTaskValidation(t *testing.T) {
	st := openTest(t)
	m := newPilotMap(t, st)
	gone := communityIn(t, st, m.a, "已删社区")
	if err := st.TrashSite(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	retired := leaderOnFile(t, st, "退休领导")
	st.db.Delete(&Person{}, retired.ID)
	dl := NewDate(2024, 6, 30)
	ok := func(edit func(*Task)) Task {
		task := Task{Name: "挂牌", Kind: TaskManual, Scope: ScopeSite, SiteID: &m.xiaozhai.ID, Deadline: dl, Status: TaskPending}
		edit(&task)
		return task
	}
	cases := []struct {
		name  string
		task  Task
		field string
	}{
		{"empty name", ok(func(x *Task) { x.Name = " " }), "name"},
		{"long name", ok(func(x *Task) { x.Name = strings.Repeat("长", 101) }), "name"},
		{"no scope", ok(func(x *Task) { x.Scope = "" }), "scope"},
		{"bad scope", ok(func(x *Task) { x.Scope = "county" }), "scope"},
		{"site scope without site", ok(func(x *Task) { x.SiteID = nil }), "site_id"},
		{"site scope with site 0", ok(func(x *Task) { x.SiteID = ptr(uint(0)) }), "site_id"},
		{"township scope without township", ok(func(x *Task) { x.Scope = ScopeTownship; x.SiteID = nil }), "site_id"},
		{"site scope on a township", ok(func(x *Task) { x.SiteID = &m.a.ID }), "site_id"},
		{"township scope on a community", ok(func(x *Task) { x.Scope = ScopeTownship }), "site_id"},
		{"missing site", ok(func(x *Task) { x.SiteID = ptr(uint(999)) }), "site_id"},
		{"trashed site", ok(func(x *Task) { x.SiteID = &gone.ID }), "site_id"},
		{"no deadline", ok(func(x *Task) { x.Deadline = Date{} }), "deadline"},
		{"bad status", ok(func(x *Task) { x.Status = "late" }), "status"},
		{"done without date", ok(func(x *Task) { x.Status = TaskDone }), "done_on"},
		{"done in the future", ok(func(x *Task) { x.Status = TaskDone; x.DoneOn = Today().AddDays(1) }), "done_on"},
		{"missing person", ok(func(x *Task) { x.ResponsibleID = ptr(uint(999)) }), "responsible_id"},
		{"trashed person", ok(func(x *Task) { x.ResponsibleID = &retired.ID }), "responsible_id"},
		{"long notes", ok(func(x *Task) { x.Notes = strings.Repeat("注", 2001) }), "notes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			task := c.task
			err := st.SaveTask(ctx, &task)
			fieldErr(t, err, c.field)
			if task.ID != 0 {
				t.Error("a refused task got an ID")
			}
		})
	}
	var n int64
	st.db.Unscoped().Model(&Task{}).Count(&n)
	if n != 0 {
		t.Fatalf("%d tasks stored by refused saves", n)
	}

	// Tidying: "all" drops the site, an empty status is pending, a done date
	// goes with a status that is not done; a done task today is fine.
	all := mustTask(t, st, &Task{Name: " 制度上墙 ", Scope: ScopeAll, SiteID: &m.a.ID, Deadline: dl, DoneOn: NewDate(2024, 1, 2)})
	got, err := st.Task(ctx, all.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "制度上墙" || got.SiteID != nil || got.Status != TaskPending || !got.DoneOn.IsZero() || got.Version != 1 {
		t.Errorf("tidied: %+v", got)
	}
	boss := leaderOnFile(t, st, "王主席")
	done := mustTask(t, st, &Task{Name: "挂牌", Kind: TaskManual, Scope: ScopeTownship, SiteID: &m.b.ID, Deadline: dl, Status: TaskDone, DoneOn: Today(), ResponsibleID: &boss.ID})
	got, _ = st.Task(ctx, done.ID)
	if got.SiteName != "同乐街道" || got.ResponsibleName != "王主席" || got.DoneOn != Today() || got.Targets != 2 || got.Completed != 0 {
		t.Errorf("read back: %+v", got)
	}
	// A stale copy does not overwrite.
	stale := *got
	got.Notes = "新"
	mustTask(t, st, got)
	stale.Notes = "旧"
	if err := st.SaveTask(ctx, &stale); ErrorCode(err) != EConflict {
		t.Errorf("stale save: %v", err)
	}
}

// progress renders TaskProgress as "township/site:done-day" items.
func progress(t *testing.T, st *Store, id uint) string {
	t.Helper()
	list, err := st.TaskProgress(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range list {
		s := p.Township + "/" + p.Name
		if p.Done() {
			s += ":" + p.DoneOn.String()
		}
		out = append(out, s)
	}
	return strings.Join(out, ",")
}

func TestTaskProgressByScope(t *testing.T) {
	st := openTest(t)
	m := newPilotMap(t, st)
	dl := NewDate(2024, 6, 30)
	all := mustTask(t, st, &Task{Name: "制度上墙", Scope: ScopeAll, Deadline: dl})
	town := mustTask(t, st, &Task{Name: "首次协商", Kind: TaskManual, Scope: ScopeTownship, SiteID: &m.a.ID, Deadline: dl})
	one := mustTask(t, st, &Task{Name: "挂牌", Kind: TaskManual, Scope: ScopeSite, SiteID: &m.xincheng.ID, Deadline: dl})

	if got := progress(t, st, all.ID); got != "通泉街道/小寨社区,通泉街道/乐熙社区,同乐街道/鑫城社区,同乐街道/某企业" {
		t.Errorf("all: %s", got)
	}
	// The township itself is not a target of its township's task.
	if got := progress(t, st, town.ID); got != "通泉街道/小寨社区,通泉街道/乐熙社区" {
		t.Errorf("township: %s", got)
	}
	if got := progress(t, st, one.ID); got != "同乐街道/鑫城社区" {
		t.Errorf("site: %s", got)
	}

	// Completing moves the status: pending → in progress → done.
	if err := st.CompleteTask(ctx, town.ID, m.xiaozhai.ID, NewDate(2024, 5, 8)); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Task(ctx, town.ID)
	if got.Status != TaskInProgress || got.Completed != 1 || got.Targets != 2 || got.Version != 2 {
		t.Errorf("after one: %+v", got)
	}
	// Completing again corrects the day.
	if err := st.CompleteTask(ctx, town.ID, m.xiaozhai.ID, NewDate(2024, 5, 9)); err != nil {
		t.Fatal(err)
	}
	if err := st.CompleteTask(ctx, town.ID, m.lexi.ID, NewDate(2024, 5, 2)); err != nil {
		t.Fatal(err)
	}
	if got := progress(t, st, town.ID); got != "通泉街道/小寨社区:2024-05-09,通泉街道/乐熙社区:2024-05-02" {
		t.Errorf("township done: %s", got)
	}
	got, _ = st.Task(ctx, town.ID)
	if got.Status != TaskDone || got.DoneOn != NewDate(2024, 5, 9) || got.Completed != 2 {
		t.Errorf("all done: %+v", got)
	}
	// Withdrawing one reopens it.
	if err := st.UncompleteTask(ctx, town.ID, m.lexi.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = st.Task(ctx, town.ID)
	if got.Status != TaskInProgress || !got.DoneOn.IsZero() || got.Completed != 1 {
		t.Errorf("withdrawn: %+v", got)
	}
	if err := st.UncompleteTask(ctx, town.ID, m.lexi.ID); err != nil {
		t.Errorf("withdrawing twice: %v", err)
	}

	// Refusals.
	fieldErr(t, st.CompleteTask(ctx, town.ID, m.xincheng.ID, NewDate(2024, 5, 1)), "site_id") // another township
	fieldErr(t, st.CompleteTask(ctx, town.ID, m.a.ID, NewDate(2024, 5, 1)), "site_id")        // the township itself
	fieldErr(t, st.CompleteTask(ctx, town.ID, 999, NewDate(2024, 5, 1)), "site_id")
	fieldErr(t, st.CompleteTask(ctx, town.ID, m.lexi.ID, Date{}), "done_on")
	fieldErr(t, st.CompleteTask(ctx, town.ID, m.lexi.ID, Today().AddDays(1)), "done_on")
	if err := st.CompleteTask(ctx, 999, m.lexi.ID, NewDate(2024, 5, 1)); ErrorCode(err) != ENotFound {
		t.Errorf("missing task: %v", err)
	}

	// Sites follow the scope: a new site joins, a trashed one leaves, and a
	// task closed by hand stays closed.
	if err := st.CompleteTask(ctx, all.ID, m.qiye.ID, NewDate(2024, 4, 1)); err != nil {
		t.Fatal(err)
	}
	communityIn(t, st, m.a, "新建社区")
	if err := st.TrashSite(ctx, m.qiye.ID); err != nil {
		t.Fatal(err)
	}
	if got := progress(t, st, all.ID); got != "通泉街道/小寨社区,通泉街道/乐熙社区,通泉街道/新建社区,同乐街道/鑫城社区" {
		t.Errorf("after moves: %s", got)
	}
	got, _ = st.Task(ctx, all.ID)
	if got.Targets != 4 || got.Completed != 0 {
		t.Errorf("counts after moves: %d/%d", got.Completed, got.Targets)
	}

	// Every completion is in the task's change log.
	ch, err := st.Changes(ctx, ChangeFilter{Entity: "task", EntityID: town.ID})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for i := len(ch) - 1; i >= 0; i-- {
		lines = append(lines, ch[i].Title+"|"+ch[i].Summary)
	}
	want := []string{
		"首次协商|",
		"首次协商 · 小寨社区|done_on: ∅ → 2024-05-08",
		"首次协商|status: pending → in_progress",
		"首次协商 · 小寨社区|done_on: 2024-05-08 → 2024-05-09",
		"首次协商 · 乐熙社区|done_on: ∅ → 2024-05-02",
		"首次协商|done_on: ∅ → 2024-05-09; status: in_progress → done",
		"首次协商 · 乐熙社区|done_on: 2024-05-02 → ∅",
		"首次协商|done_on: 2024-05-09 → ∅; status: done → in_progress",
	}
	if got := strings.Join(lines, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("change log:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func taskNames(t *testing.T, st *Store, f TaskFilter) string {
	t.Helper()
	list, err := st.Tasks(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, x := range list {
		out = append(out, x.Name)
	}
	return strings.Join(out, ",")
}

func TestTaskListsAndOverdue(t *testing.T) {
	st := openTest(t)
	m := newPilotMap(t, st)
	boss := leaderOnFile(t, st, "李部长")
	today := NewDate(2024, 6, 15)
	t1 := mustTask(t, st, &Task{Name: "制度上墙", Scope: ScopeAll, Deadline: NewDate(2024, 5, 31)})
	t2 := mustTask(t, st, &Task{Name: "首次协商", Kind: TaskManual, Scope: ScopeTownship, SiteID: &m.a.ID, Deadline: today, Status: TaskInProgress, ResponsibleID: &boss.ID})
	mustTask(t, st, &Task{Name: "鑫城挂牌", Kind: TaskManual, Scope: ScopeSite, SiteID: &m.xincheng.ID, Deadline: NewDate(2024, 6, 1), Status: TaskDone, DoneOn: NewDate(2024, 5, 30)})
	mustTask(t, st, &Task{Name: "小寨挂牌", Kind: TaskManual, Scope: ScopeSite, SiteID: &m.xiaozhai.ID, Deadline: NewDate(2024, 6, 10)})
	gone := mustTask(t, st, &Task{Name: "已删任务", Scope: ScopeAll, Deadline: NewDate(2024, 1, 1)})
	if err := st.TrashTask(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.CompleteTask(ctx, t1.ID, m.xiaozhai.ID, NewDate(2024, 5, 20)); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name string
		f    TaskFilter
		want string
	}{
		{"all", TaskFilter{}, "制度上墙,鑫城挂牌,小寨挂牌,首次协商"},
		{"done", TaskFilter{Status: TaskDone}, "鑫城挂牌"},
		{"overdue", TaskFilter{Overdue: true, Today: today}, "制度上墙,小寨挂牌"},
		{"overdue a day later", TaskFilter{Overdue: true, Today: today.AddDays(1)}, "制度上墙,小寨挂牌,首次协商"},
		{"site 小寨", TaskFilter{SiteID: m.xiaozhai.ID}, "制度上墙,小寨挂牌,首次协商"},
		{"site 鑫城", TaskFilter{SiteID: m.xincheng.ID}, "制度上墙,鑫城挂牌"},
		{"township A", TaskFilter{TownshipID: m.a.ID}, "制度上墙,小寨挂牌,首次协商"},
		{"township A as a site", TaskFilter{SiteID: m.a.ID}, "制度上墙,小寨挂牌,首次协商"},
		{"township B", TaskFilter{TownshipID: m.b.ID}, "制度上墙,鑫城挂牌"},
		{"overdue in B", TaskFilter{TownshipID: m.b.ID, Overdue: true, Today: today}, "制度上墙"},
	} {
		if got := taskNames(t, st, c.f); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}

	over, err := st.Tasks(ctx, TaskFilter{Overdue: true, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if len(over) != 2 || over[0].ID != t1.ID || over[0].Targets != 4 || over[0].Completed != 1 || over[1].SiteName != "小寨社区" {
		t.Errorf("overdue: %+v", over)
	}
	list, _ := st.Tasks(ctx, TaskFilter{TownshipID: m.a.ID})
	if x := list[2]; x.ID != t2.ID || x.SiteName != "通泉街道" || x.ResponsibleName != "李部长" || x.Targets != 2 {
		t.Errorf("names: %+v", x)
	}

	// Per site: tasks / done / overdue. 鑫城挂牌 was closed as done by hand:
	// not done by the site, but not overdue either; 首次协商 is due today.
	rows, err := st.SiteCompletion(ctx, today, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s/%s %d/%d/%d", r.Township, r.Name, r.Tasks, r.Done, r.Overdue))
	}
	if s := strings.Join(got, ", "); s != "通泉街道/小寨社区 3/1/1, 通泉街道/乐熙社区 2/0/1, 同乐街道/鑫城社区 2/0/1, 同乐街道/某企业 1/0/1" {
		t.Errorf("site completion: %s", s)
	}
}

// The task screens search word by word: each word in the task's name or
// notes, its site's or township's name, or the person responsible's; and
// the status a record-proven task gets from the records is the one the
// status filter sees.
func TestTaskSearch(t *testing.T) {
	st := openTest(t)
	m := newPilotMap(t, st)
	boss := leaderOnFile(t, st, "李部长")
	m.xincheng.Status, m.xincheng.UnveiledOn = StatusUnveiled, NewDate(2024, 3, 24)
	if err := st.SaveSite(ctx, m.xincheng); err != nil {
		t.Fatal(err)
	}
	dl := NewDate(2024, 6, 30)
	mustTask(t, st, &Task{Name: "制度上墙", Scope: ScopeAll, Deadline: dl, Notes: "上墙率100%"})
	mustTask(t, st, &Task{Name: "小寨挂牌", Scope: ScopeSite, SiteID: &m.xiaozhai.ID, Deadline: dl, ResponsibleID: &boss.ID})
	mustTask(t, st, &Task{Name: "鑫城挂牌", Scope: ScopeSite, SiteID: &m.xincheng.ID, Deadline: dl})
	mustTask(t, st, &Task{Name: "首次协商", Scope: ScopeTownship, SiteID: &m.a.ID, Deadline: dl, Notes: "先到乐熙社区"})

	for _, c := range []struct{ keyword, status, want string }{
		{"", "", "制度上墙,小寨挂牌,鑫城挂牌,首次协商"},
		{"  ", "", "制度上墙,小寨挂牌,鑫城挂牌,首次协商"},
		{"挂牌", "", "小寨挂牌,鑫城挂牌"},
		{"挂牌", TaskDone, "鑫城挂牌"}, // 鑫城社区 has unveiled: the records say done
		{"挂牌 同乐", "", "鑫城挂牌"},    // the township of the task's site
		{"通泉", "", "小寨挂牌,首次协商"},  // a township's task and its site's
		{"李部长", "", "小寨挂牌"},      // the person responsible
		{"乐熙", "", "首次协商"},       // the notes
		{"100%", "", "制度上墙"},     // % is a character, not a wildcard
		{"_", "", ""},            // and so is _
		{"挂牌 乐熙", "", ""},        // every word must be found
	} {
		if got := taskNames(t, st, TaskFilter{Keyword: c.keyword, Status: c.status}); got != c.want {
			t.Errorf("%q %s: %s, want %s", c.keyword, c.status, got, c.want)
		}
	}

	for keyword, want := range map[string]string{
		"同乐":    "鑫城社区,某企业",
		"鑫城 同乐": "鑫城社区",
		"通泉 鑫城": "",
	} {
		rows, err := st.SiteCompletion(ctx, dl, keyword)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Name)
		}
		if s := strings.Join(got, ","); s != want {
			t.Errorf("site standing %q: %s, want %s", keyword, s, want)
		}
	}
}

func TestTaskTrashRestorePurge(t *testing.T) {
	st := openTest(t)
	m := newPilotMap(t, st)
	task := mustTask(t, st, &Task{Name: "挂牌", Kind: TaskManual, Scope: ScopeSite, SiteID: &m.lexi.ID, Deadline: NewDate(2024, 6, 30)})
	if err := st.CompleteTask(ctx, task.ID, m.lexi.ID, NewDate(2024, 6, 1)); err != nil {
		t.Fatal(err)
	}
	if err := st.PurgeTrash(ctx, "task", task.ID); ErrorCode(err) != ENotFound {
		t.Fatalf("purging a live task: %v", err)
	}
	if err := st.TrashTask(ctx, task.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Task(ctx, task.ID); ErrorCode(err) != ENotFound {
		t.Fatalf("trashed task still visible: %v", err)
	}
	if got := taskNames(t, st, TaskFilter{}); got != "" {
		t.Errorf("trashed task listed: %s", got)
	}
	// Its site went to the trash too: restore that first.
	if err := st.TrashSite(ctx, m.lexi.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RestoreTrash(ctx, "task", task.ID); ErrorCode(err) != EConflict {
		t.Fatalf("restore without its site: %v", err)
	}
	if err := st.RestoreTrash(ctx, "site", m.lexi.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RestoreTrash(ctx, "task", task.ID); err != nil {
		t.Fatal(err)
	}
	if got := progress(t, st, task.ID); got != "通泉街道/乐熙社区:2024-06-01" {
		t.Errorf("completion lost over trash and restore: %s", got)
	}
	if err := st.TrashTask(ctx, task.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.PurgeTrash(ctx, "task", task.ID); err != nil {
		t.Fatal(err)
	}
	var n int64
	st.db.Model(&TaskCompletion{}).Count(&n)
	if n != 0 {
		t.Errorf("%d completions left after purge", n)
	}
}

func TestTaskKindFor(t *testing.T) {
	for name, want := range map[string]string{
		"开展首次协商议事活动": TaskFirstConsultation,
		"首次议事":       TaskFirstConsultation,
		"挂牌后开展首次协商":  TaskFirstConsultation,
		"协商议事室挂牌":    TaskUnveil,
		"议事厅揭牌":      TaskUnveil,
		"议事规则和流程上墙":  TaskManual,
		"开展季度协商议事活动": TaskManual,
	} {
		if got := TaskKindFor(name); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
}

// A task the records prove ticks a site when its unveiling or first
// activity is recorded and unticks when that goes (trashed, set back);
// its status and the overdue lists follow; a task ticked by hand keeps its
// ticks; a tick by hand on a proven task is refused.
func TestTaskProvenByRecords(t *testing.T) {
	st := openTest(t)
	m := newPilotMap(t, st)
	dl := NewDate(2024, 6, 30)
	room := mustTask(t, st, &Task{Name: "协商议事室挂牌", Scope: ScopeAll, Deadline: dl})
	first := mustTask(t, st, &Task{Name: "开展首次协商议事活动", Scope: ScopeTownship, SiteID: &m.a.ID, Deadline: dl})
	rules := mustTask(t, st, &Task{Name: "议事规则上墙", Scope: ScopeTownship, SiteID: &m.a.ID, Deadline: dl})
	if room.Kind != TaskUnveil || first.Kind != TaskFirstConsultation || rules.Kind != TaskManual {
		t.Fatalf("kinds from the names: %s, %s, %s", room.Kind, first.Kind, rules.Kind)
	}
	state := func(task *Task) string {
		t.Helper()
		got, err := st.Task(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%s %s %d/%d", got.Status, got.DoneOn, got.Completed, got.Targets)
	}
	overdue := func(today Date) string {
		t.Helper()
		return taskNames(t, st, TaskFilter{Overdue: true, Today: today})
	}
	if s := state(room); s != "pending  0/4" {
		t.Errorf("room before: %s", s)
	}

	// Unveiling 乐熙社区 ticks it, on its unveiling day.
	m.lexi.Status, m.lexi.UnveiledOn = StatusUnveiled, NewDate(2024, 4, 2)
	if err := st.SaveSite(ctx, m.lexi); err != nil {
		t.Fatal(err)
	}
	if s := state(room); s != "in_progress  1/4" {
		t.Errorf("room after one unveiling: %s", s)
	}
	if got := progress(t, st, room.ID); got != "通泉街道/小寨社区,通泉街道/乐熙社区:2024-04-02,同乐街道/鑫城社区,同乐街道/某企业" {
		t.Errorf("room progress: %s", got)
	}

	// Activities: a site's first live one is its first consultation; the
	// township's own activity is not its sites'.
	held := func(site *Site, day Date) *Activity {
		t.Helper()
		a := &Activity{Date: day, SiteID: site.ID, Topic: "停车难问题协商", TopicSource: SourcePublic, Participants: 20}
		if err := st.SaveActivity(ctx, a, nil, nil); err != nil {
			t.Fatal(err)
		}
		return a
	}
	held(m.a, NewDate(2024, 2, 1))
	held(m.xiaozhai, NewDate(2024, 5, 8))
	held(m.xiaozhai, NewDate(2024, 3, 1))
	if s := state(first); s != "in_progress  1/2" {
		t.Errorf("first after 小寨: %s", s)
	}
	if got := overdue(NewDate(2024, 7, 1)); got != "协商议事室挂牌,开展首次协商议事活动,议事规则上墙" {
		t.Errorf("overdue on 7/1: %s", got)
	}
	lexi := held(m.lexi, NewDate(2024, 6, 20))
	if s := state(first); s != "done 2024-06-20 2/2" {
		t.Errorf("first when both held one: %s", s)
	}
	if got := progress(t, st, first.ID); got != "通泉街道/小寨社区:2024-03-01,通泉街道/乐熙社区:2024-06-20" {
		t.Errorf("first progress: %s", got)
	}
	if got := overdue(NewDate(2024, 7, 1)); got != "协商议事室挂牌,议事规则上墙" {
		t.Errorf("overdue once held: %s", got)
	}
	if got := taskNames(t, st, TaskFilter{Status: TaskDone}); got != "开展首次协商议事活动" {
		t.Errorf("done: %s", got)
	}
	// Read, not stored: the row keeps pending.
	if n := count(t, st, "SELECT COUNT(*) FROM tasks WHERE status = 'pending' AND done_on IS NULL"); n != 3 {
		t.Errorf("%d tasks stored as pending, want 3", n)
	}

	// Trashing 乐熙社区's only activity unticks it; restoring ticks it again.
	if err := st.TrashActivity(ctx, lexi.ID); err != nil {
		t.Fatal(err)
	}
	if s := state(first); s != "in_progress  1/2" {
		t.Errorf("first after the trash: %s", s)
	}
	if got := overdue(NewDate(2024, 7, 1)); got != "协商议事室挂牌,开展首次协商议事活动,议事规则上墙" {
		t.Errorf("overdue after the trash: %s", got)
	}
	if err := st.RestoreTrash(ctx, "activity", lexi.ID); err != nil {
		t.Fatal(err)
	}
	if s := state(first); s != "done 2024-06-20 2/2" {
		t.Errorf("first after the restore: %s", s)
	}

	// Each site's standing agrees: on 7/1 乐熙 has unveiled and held its
	// first consultation; 小寨 has held one only.
	rows, err := st.SiteCompletion(ctx, NewDate(2024, 7, 1), "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows[:2] {
		got = append(got, fmt.Sprintf("%s %d/%d/%d", r.Name, r.Tasks, r.Done, r.Overdue))
	}
	if s := strings.Join(got, ", "); s != "小寨社区 3/1/2, 乐熙社区 3/2/1" {
		t.Errorf("site completion: %s", s)
	}

	// A site set back to planned has no room to count.
	m.lexi.Status = StatusPlanned
	if err := st.SaveSite(ctx, m.lexi); err != nil {
		t.Fatal(err)
	}
	if s := state(room); s != "pending  0/4" {
		t.Errorf("room after 乐熙 went back to planned: %s", s)
	}

	// No ticks by hand on a proven task; the manual one keeps its own.
	err = st.CompleteTask(ctx, room.ID, m.xiaozhai.ID, NewDate(2024, 5, 1))
	if ErrorCode(err) != EInvalid || !strings.Contains(Message(err, "zh"), "挂牌日期自动判定") {
		t.Errorf("tick by hand on the room: %v", err)
	}
	if err := st.UncompleteTask(ctx, first.ID, m.xiaozhai.ID); ErrorCode(err) != EInvalid {
		t.Errorf("untick by hand on the first consultation: %v", err)
	}
	if err := st.CompleteTask(ctx, rules.ID, m.xiaozhai.ID, NewDate(2024, 5, 1)); err != nil {
		t.Fatal(err)
	}
	if s := state(rules); s != "in_progress  1/2" {
		t.Errorf("rules ticked by hand: %s", s)
	}

	// Set to be ticked by hand, the first consultation keeps the status it
	// was saved with (as read: done) and shows its own ticks (none yet).
	f, _ := st.Task(ctx, first.ID)
	f.Kind = TaskManual
	mustTask(t, st, f)
	if s := state(first); s != "done 2024-06-20 0/2" {
		t.Errorf("first set to manual: %s", s)
	}
	if err := st.CompleteTask(ctx, first.ID, m.lexi.ID, NewDate(2024, 6, 21)); err != nil {
		t.Errorf("tick by hand once manual: %v", err)
	}
	fieldErr(t, st.SaveTask(ctx, &Task{Name: "某任务", Kind: "guess", Scope: ScopeAll, Deadline: dl}), "kind")
}
