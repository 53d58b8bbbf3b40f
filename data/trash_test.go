package data

import (
	"strings"
	"testing"
	"time"
)

// trashAt trashes through fn, then pins the deletion time so the order of
// the trash does not depend on the clock's resolution.
func trashAt(t *testing.T, st *Store, table string, id uint, at time.Time, fn func() error) {
	t.Helper()
	if err := fn(); err != nil {
		t.Fatal(err)
	}
	if err := st.db.Table(table).Where("id = ?", id).Update("deleted_at", at).Error; err != nil {
		t.Fatal(err)
	}
}

func trashLine(t *testing.T, st *Store) string {
	t.Helper()
	items, err := st.Trash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Entity+":"+it.Title)
	}
	return strings.Join(out, ",")
}

func TestTrashAcrossKinds(t *testing.T) {
	st := openTest(t)
	m := newPilotMap(t, st)
	wang := leaderOnFile(t, st, "王主席")
	task := mustTask(t, st, &Task{Name: "挂牌", Scope: ScopeAll, Deadline: NewDate(2024, 6, 30)})
	v := &Visit{Date: NewDate(2024, 3, 10)}
	if err := st.SaveVisit(ctx, v, []uint{wang.ID}, []uint{m.lexi.ID}); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2024, 7, 1, 9, 0, 0, 0, time.Local)
	trashAt(t, st, "tasks", task.ID, base, func() error { return st.TrashTask(ctx, task.ID) })
	trashAt(t, st, "visits", v.ID, base.Add(2*time.Hour), func() error { return st.TrashVisit(ctx, v.ID) })
	trashAt(t, st, "sites", m.qiye.ID, base.Add(time.Hour), func() error { return st.TrashSite(ctx, m.qiye.ID) })

	if got := trashLine(t, st); got != "visit:2024-03-10 乐熙社区,site:某企业,task:挂牌" {
		t.Errorf("trash: %s", got)
	}
	items, _ := st.Trash(ctx)
	if items[0].ID != v.ID || !items[0].DeletedAt.Equal(base.Add(2*time.Hour)) {
		t.Errorf("first item: %+v", items[0])
	}
	if TrashEntityLabel("task", "zh") != "目标任务" || TrashEntityLabel("visit", "en") != "supervision visit" || TrashEntityLabel("nope", "zh") != "nope" {
		t.Error("entity labels")
	}

	// Dispatch by kind.
	if err := st.RestoreTrash(ctx, "task", task.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Task(ctx, task.ID); err != nil {
		t.Errorf("restored task: %v", err)
	}
	if err := st.PurgeTrash(ctx, "task", task.ID); ErrorCode(err) != ENotFound {
		t.Errorf("purging a live record: %v", err)
	}
	if err := st.PurgeTrash(ctx, "site", v.ID); ErrorCode(err) != ENotFound {
		t.Errorf("purging with the wrong kind: %v", err)
	}
	if err := st.PurgeTrash(ctx, "visit", v.ID); err != nil {
		t.Fatal(err)
	}
	if got := trashLine(t, st); got != "site:某企业" {
		t.Errorf("after restore and purge: %s", got)
	}
	for _, fn := range []func() error{
		func() error { return st.RestoreTrash(ctx, "meeting", 1) },
		func() error { return st.PurgeTrash(ctx, "", 1) },
	} {
		err := fn()
		if ErrorCode(err) != EInternal || !strings.Contains(Message(err, "zh"), "回收站无法处理") {
			t.Errorf("unknown kind: %v / %q", err, Message(err, "zh"))
		}
	}
}

func TestEmptyTrash(t *testing.T) {
	st := openTest(t)
	m := newPilotMap(t, st)
	wang := leaderOnFile(t, st, "王主席")
	base := time.Date(2024, 7, 1, 9, 0, 0, 0, time.Local)
	// A township after its villages: listed first, it can only go after them.
	trashAt(t, st, "sites", m.xiaozhai.ID, base, func() error { return st.TrashSite(ctx, m.xiaozhai.ID) })
	trashAt(t, st, "sites", m.lexi.ID, base.Add(time.Minute), func() error { return st.TrashSite(ctx, m.lexi.ID) })
	trashAt(t, st, "sites", m.a.ID, base.Add(2*time.Minute), func() error { return st.TrashSite(ctx, m.a.ID) })
	// A site a live task still names cannot go at all.
	mustTask(t, st, &Task{Name: "鑫城挂牌", Scope: ScopeSite, SiteID: &m.xincheng.ID, Deadline: NewDate(2024, 6, 30)})
	trashAt(t, st, "sites", m.xincheng.ID, base.Add(3*time.Minute), func() error { return st.TrashSite(ctx, m.xincheng.ID) })
	v := &Visit{Date: NewDate(2024, 3, 10)}
	if err := st.SaveVisit(ctx, v, []uint{wang.ID}, []uint{m.qiye.ID}); err != nil {
		t.Fatal(err)
	}
	trashAt(t, st, "visits", v.ID, base.Add(4*time.Minute), func() error { return st.TrashVisit(ctx, v.ID) })

	purged, left, err := st.EmptyTrash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if purged != 4 || len(left) != 1 || left[0].Item.Entity != "site" || left[0].Item.ID != m.xincheng.ID || ErrorCode(left[0].Err) != EInUse {
		t.Fatalf("purged %d, left %+v", purged, left)
	}
	if got := trashLine(t, st); got != "site:鑫城社区" {
		t.Errorf("after emptying: %s", got)
	}
	var n int64
	st.db.Unscoped().Model(&Site{}).Count(&n)
	if n != 3 { // 同乐街道, 某企业, 鑫城社区
		t.Errorf("%d sites in the file, want 3", n)
	}
}
