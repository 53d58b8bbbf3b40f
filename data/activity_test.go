package data

import (
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// actSetup makes a township with one community under it.
func actSetup(t *testing.T) (*Store, *Site, *Site) {
	t.Helper()
	st := openTest(t)
	town := &Site{Name: "通泉街道", Kind: KindTownship, Status: StatusActive, UnveiledOn: NewDate(2020, 3, 1)}
	if err := st.SaveSite(ctx, town); err != nil {
		t.Fatal(err)
	}
	site := &Site{Name: "小寨社区", Kind: KindCommunity, ParentID: &town.ID, Status: StatusUnveiled, UnveiledOn: NewDate(2020, 4, 2)}
	if err := st.SaveSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	return st, town, site
}

// actValid is a complete activity, as the 小寨 consultation was.
func actValid(siteID uint) Activity {
	return Activity{Date: NewDate(2024, 5, 8), SiteID: siteID, Topic: "小寨工业片区交通和环境问题", TopicSource: SourcePublic,
		Form: "onsite", Procedure: "三阶五步", Decision: DecisionHands, VotesFor: 20, Participants: 20,
		Outcome: "设临时停车场，增加保洁员，落实“门前三包”责任制", FollowUp: FollowUpInProgress, ProblemsSolved: 3}
}

// actPerson adds a person on file (trashed if asked) and returns the id.
func actPerson(t *testing.T, st *Store, name string, trashed bool) uint {
	t.Helper()
	p := Person{Name: name, Category: CategoryMember}
	p.Version = 1
	if err := st.db.Create(&p).Error; err != nil {
		t.Fatal(err)
	}
	if trashed {
		st.db.Exec("UPDATE people SET deleted_at = CURRENT_TIMESTAMP WHERE id = ?", p.ID)
	}
	return p.ID
}

func actWantErr(t *testing.T, err error, field string) {
	t.Helper()
	e := FieldErrors(err).Field(field)
	if e == nil {
		t.Fatalf("want an error on %s, got %v", field, err)
	}
	if e.Code != EInvalid || e.ZH == "" || e.EN == "" || e.ZH == e.EN {
		t.Errorf("%s: %+v", field, e)
	}
}

func count(t *testing.T, st *Store, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := st.db.Raw(sql, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestActivityValidation(t *testing.T) {
	st, town, site := actSetup(t)
	gone := &Site{Name: "已撤销社区", Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned}
	if err := st.SaveSite(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashSite(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	member := actPerson(t, st, "李委员", false)
	left := actPerson(t, st, "已删除的人", true)
	tomorrow := Today().AddDays(1)
	long := func(n int) string { return strings.Repeat("议", n) }
	item := func(f func(*FollowUpItem)) []FollowUpItem {
		it := FollowUpItem{Task: "设临时停车场", Unit: "街道办", Deadline: NewDate(2024, 6, 30), Status: FollowUpInProgress, Progress: 50}
		f(&it)
		return []FollowUpItem{it}
	}
	cases := []struct {
		name      string
		edit      func(a *Activity)
		attendees []Attendee
		items     []FollowUpItem
		field     string
	}{
		{"no date", func(a *Activity) { a.Date = Date{} }, nil, nil, "date"},
		{"date in the future", func(a *Activity) { a.Date = tomorrow }, nil, nil, "date"},
		{"no site", func(a *Activity) { a.SiteID = 0 }, nil, nil, "site_id"},
		{"missing site", func(a *Activity) { a.SiteID = 9999 }, nil, nil, "site_id"},
		{"trashed site", func(a *Activity) { a.SiteID = gone.ID }, nil, nil, "site_id"},
		{"no topic", func(a *Activity) { a.Topic = "  " }, nil, nil, "topic"},
		{"long topic", func(a *Activity) { a.Topic = long(201) }, nil, nil, "topic"},
		{"no topic source", func(a *Activity) { a.TopicSource = "" }, nil, nil, "topic_source"},
		{"bad topic source", func(a *Activity) { a.TopicSource = "人大" }, nil, nil, "topic_source"},
		{"bad form", func(a *Activity) { a.Form = "banquet" }, nil, nil, "form"},
		{"long procedure", func(a *Activity) { a.Procedure = long(51) }, nil, nil, "procedure"},
		{"bad decision", func(a *Activity) { a.Decision = "dice" }, nil, nil, "decision"},
		{"votes by consensus", func(a *Activity) { a.Decision = DecisionConsensus }, nil, nil, "votes_for"},
		{"votes without decision", func(a *Activity) { a.Decision, a.VotesFor, a.VotesAbstain = "", 0, 2 }, nil, nil, "votes_abstain"},
		{"negative votes", func(a *Activity) { a.VotesAgainst = -1 }, nil, nil, "votes_against"},
		{"more votes than participants", func(a *Activity) { a.VotesFor, a.VotesAgainst, a.VotesAbstain = 15, 4, 2 }, nil, nil, "votes_for"},
		{"negative participants", func(a *Activity) { a.Participants, a.VotesFor = -1, 0 }, nil, nil, "participants"},
		{"fewer participants than named", func(a *Activity) { a.Participants, a.VotesFor = 1, 1 },
			[]Attendee{{Name: "张伟", Role: "stakeholder"}, {Name: "王芳", Role: "stakeholder"}}, nil, "participants"},
		{"long outcome", func(a *Activity) { a.Outcome = long(2001) }, nil, nil, "outcome"},
		{"bad follow-up", func(a *Activity) { a.FollowUp = "forgotten" }, nil, nil, "follow_up"},
		{"done without a date", func(a *Activity) { a.FollowUp = FollowUpDone }, nil, nil, "follow_up_date"},
		{"follow-up before the activity", func(a *Activity) { a.FollowUpDate = NewDate(2024, 5, 7) }, nil, nil, "follow_up_date"},
		{"follow-up in the future", func(a *Activity) { a.FollowUpDate = tomorrow }, nil, nil, "follow_up_date"},
		{"negative problems", func(a *Activity) { a.ProblemsSolved = -2 }, nil, nil, "problems_solved"},
		{"long notes", func(a *Activity) { a.Notes = long(2001) }, nil, nil, "notes"},
		{"attendee without name", nil, []Attendee{{Name: " ", Role: "stakeholder"}}, nil, "attendees[0].name"},
		{"attendee long name", nil, []Attendee{{Name: long(51), Role: "stakeholder"}}, nil, "attendees[0].name"},
		{"attendee without role", nil, []Attendee{{Name: "张伟"}, {Name: "王芳", Role: "boss"}}, nil, "attendees[1].role"},
		{"same person twice", nil, []Attendee{{PersonID: &member, Role: "member"}, {PersonID: &member, Role: "member"}}, nil, "attendees[1].person_id"},
		{"missing person", nil, []Attendee{{PersonID: ptr(uint(9999)), Role: "member"}}, nil, "attendees[0].person_id"},
		{"trashed person", nil, []Attendee{{Name: "张伟", Role: "other"}, {PersonID: &left, Role: "member"}}, nil, "attendees[1].person_id"},
		{"item without task", nil, nil, item(func(f *FollowUpItem) { f.Task = "" }), "follow_up_items[0].task"},
		{"item long task", nil, nil, item(func(f *FollowUpItem) { f.Task = long(501) }), "follow_up_items[0].task"},
		{"item long unit", nil, nil, item(func(f *FollowUpItem) { f.Unit = long(101) }), "follow_up_items[0].unit"},
		{"item bad status", nil, nil, item(func(f *FollowUpItem) { f.Status = "lost" }), "follow_up_items[0].status"},
		{"item progress over 100", nil, nil, item(func(f *FollowUpItem) { f.Progress = 101 }), "follow_up_items[0].progress"},
		{"item negative progress", nil, nil, item(func(f *FollowUpItem) { f.Progress = -1 }), "follow_up_items[0].progress"},
		{"item deadline before the activity", nil, nil, item(func(f *FollowUpItem) { f.Deadline = NewDate(2024, 5, 1) }), "follow_up_items[0].deadline"},
		{"item done without date", nil, nil, item(func(f *FollowUpItem) { f.Status = FollowUpDone }), "follow_up_items[0].done_on"},
		{"item done date while open", nil, nil, item(func(f *FollowUpItem) { f.DoneOn = NewDate(2024, 6, 1) }), "follow_up_items[0].done_on"},
		{"item done before the activity", nil, nil, item(func(f *FollowUpItem) { f.Status, f.DoneOn = FollowUpDone, NewDate(2024, 5, 1) }), "follow_up_items[0].done_on"},
		{"item done in the future", nil, nil, item(func(f *FollowUpItem) { f.Status, f.DoneOn = FollowUpDone, tomorrow }), "follow_up_items[0].done_on"},
		{"item long notes", nil, nil, item(func(f *FollowUpItem) { f.Notes = long(2001) }), "follow_up_items[0].notes"},
		{"activity done, item open", func(a *Activity) { a.FollowUp, a.FollowUpDate = FollowUpDone, NewDate(2024, 7, 1) }, nil,
			item(func(*FollowUpItem) {}), "follow_up"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := actValid(site.ID)
			if c.edit != nil {
				c.edit(&a)
			}
			err := st.SaveActivity(ctx, &a, c.attendees, c.items)
			actWantErr(t, err, c.field)
			if a.ID != 0 {
				t.Error("a refused activity got an ID")
			}
		})
	}
	if n := count(t, st, "SELECT COUNT(*) FROM activities"); n != 0 {
		t.Errorf("%d activities stored from refused input", n)
	}
	// The messages name the row in both languages.
	a := actValid(site.ID)
	err := st.SaveActivity(ctx, &a, nil, []FollowUpItem{{Task: "甲"}, {Task: "乙", Progress: 120}})
	e := FieldErrors(err).Field("follow_up_items[1].progress")
	if e == nil || !strings.HasPrefix(e.ZH, "第2项督办事项：") || !strings.HasPrefix(e.EN, "Follow-up item 2: ") {
		t.Errorf("row message: %+v", e)
	}
	// The limits themselves are allowed.
	ok := actValid(site.ID)
	ok.Date, ok.Topic, ok.VotesFor, ok.VotesAgainst, ok.VotesAbstain = Today(), long(200), 10, 5, 5
	if err := st.SaveActivity(ctx, &ok, []Attendee{{Name: "张伟", Role: "stakeholder"}}, []FollowUpItem{{Task: "甲", Progress: 100, Deadline: Today()}}); err != nil {
		t.Fatal(err)
	}
	// Validate, for importers, checks the activity's own rules.
	bad := actValid(site.ID)
	bad.TopicSource = ""
	actWantErr(t, bad.Validate(), "topic_source")
}

func TestSaveActivityWithAttendeesAndItems(t *testing.T) {
	st, town, site := actSetup(t)
	member := actPerson(t, st, "李委员", false)
	a := actValid(site.ID)
	a.Topic = "  " + a.Topic + " "
	attendees := []Attendee{{PersonID: &member, Name: "打错的名字", Role: "member"}, {Name: " 张大爷 ", Role: "stakeholder"}}
	items := []FollowUpItem{
		{Task: "设临时停车场", Unit: "街道办", Deadline: NewDate(2024, 6, 30)},
		{Task: "增加保洁员", Status: FollowUpDone, DoneOn: NewDate(2024, 5, 20), Progress: 10},
	}
	if err := st.SaveActivity(ctx, &a, attendees, items); err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.Version != 1 || a.TownshipID != town.ID || a.Topic != "小寨工业片区交通和环境问题" {
		t.Fatalf("saved: %+v", a)
	}
	if attendees[0].Name != "李委员" || attendees[1].Name != "张大爷" || attendees[0].ActivityID != a.ID || attendees[1].ID == 0 {
		t.Errorf("attendees: %+v", attendees)
	}
	if items[0].ID == 0 || items[0].Status != FollowUpPending || items[0].Version != 1 || items[1].Progress != 100 {
		t.Errorf("items: %+v", items)
	}
	d, err := st.Activity(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.SiteName != "小寨社区" || d.Township != "通泉街道" || d.Outcome != a.Outcome || len(d.Attendees) != 2 || len(d.Items) != 2 ||
		d.Attendees[0].Name != "李委员" || *d.Attendees[0].PersonID != member || d.Items[1].Task != "增加保洁员" {
		t.Fatalf("detail: %+v", d)
	}

	// Edit: one attendee left; item 0 unchanged, item 1 changed, a new one.
	first, second := d.Items[0], d.Items[1]
	second.Notes = "已招聘两名保洁员"
	act := d.Activity
	act.ProblemsSolved = 4
	if err := st.SaveActivity(ctx, &act, d.Attendees[1:], []FollowUpItem{first, second, {Task: "门前三包", Deadline: NewDate(2024, 9, 1)}}); err != nil {
		t.Fatal(err)
	}
	d2, _ := st.Activity(ctx, a.ID)
	if d2.Version != 2 || d2.ProblemsSolved != 4 || len(d2.Attendees) != 1 || d2.Attendees[0].Name != "张大爷" || len(d2.Items) != 3 {
		t.Fatalf("after edit: %+v", d2)
	}
	if d2.Items[0].Version != 1 || d2.Items[1].Version != 2 || d2.Items[1].Notes != "已招聘两名保洁员" || d2.Items[2].Task != "门前三包" {
		t.Errorf("items after edit: %+v", d2.Items)
	}
	// Removing items from the list deletes them for good, logged.
	act = d2.Activity
	if err := st.SaveActivity(ctx, &act, nil, d2.Items[:1]); err != nil {
		t.Fatal(err)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM follow_up_items"); n != 1 {
		t.Errorf("%d items stored, want 1", n)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM attendees"); n != 0 {
		t.Errorf("%d attendees stored, want 0", n)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM change_log WHERE entity = 'follow_up_item' AND action = 'purge' AND before <> ''"); n != 2 {
		t.Errorf("%d item removals logged, want 2", n)
	}
	// A stale activity form is refused and changes nothing.
	stale := d2.Activity
	stale.Notes = "旧窗口"
	if err := st.SaveActivity(ctx, &stale, nil, nil); ErrorCode(err) != EConflict {
		t.Fatalf("stale activity: %v", err)
	}
	// So is an item changed elsewhere (another window's form) since the form was opened.
	elsewhere, _ := st.Activity(ctx, a.ID)
	it := elsewhere.Items[0]
	it.Progress = 80
	if err := st.SaveActivity(ctx, &elsewhere.Activity, nil, []FollowUpItem{it}); err != nil {
		t.Fatal(err)
	}
	d3, _ := st.Activity(ctx, a.ID)
	act = d3.Activity
	old := d2.Items[0]
	old.Progress = 60
	if err := st.SaveActivity(ctx, &act, nil, []FollowUpItem{old}); ErrorCode(err) != EConflict {
		t.Fatalf("stale item: %v", err)
	}
	if act.Version != d3.Version || old.Version != d2.Items[0].Version {
		t.Error("a refused save changed the form's versions")
	}
	// A township-level activity belongs to the township itself.
	ta := actValid(town.ID)
	if err := st.SaveActivity(ctx, &ta, nil, nil); err != nil || ta.TownshipID != town.ID {
		t.Fatalf("township activity: %v %+v", err, ta)
	}
	if _, err := st.Activity(ctx, 9999); ErrorCode(err) != ENotFound {
		t.Errorf("missing activity: %v", err)
	}
}

// A failure after the activity row was written (here, in the attendees)
// must leave nothing: no activity, no items, no log, no search entry.
func TestSaveActivityIsOneTransaction(t *testing.T) {
	st, _, site := actSetup(t)
	if err := failOnAttendee(st.db, "炸弹"); err != nil {
		t.Fatal(err)
	}
	a := actValid(site.ID)
	attendees := []Attendee{{Name: "张伟", Role: "other"}, {Name: "炸弹", Role: "other"}}
	items := []FollowUpItem{{Task: "设临时停车场"}}
	err := st.SaveActivity(ctx, &a, attendees, items)
	if err == nil || ErrorCode(err) != EInternal || strings.Contains(Message(err, "zh"), "boom") {
		t.Fatalf("want a user error, got %v", err)
	}
	for _, table := range []string{"activities", "attendees", "follow_up_items", "change_log WHERE entity <> 'site'"} {
		if n := count(t, st, "SELECT COUNT(*) FROM "+table); n != 0 {
			t.Errorf("%s: %d rows left by a failed save", table, n)
		}
	}
	if n := indexed(t, st, "停车场"); n != 0 {
		t.Error("the search index kept a failed save")
	}
	if a.ID != 0 || a.Version != 0 || attendees[0].ID != 0 || items[0].ID != 0 || items[0].ActivityID != 0 {
		t.Errorf("failed save changed the input: %+v %+v %+v", a, attendees, items)
	}
	// The same for an update: the stored activity keeps its old state.
	attendees[1].Name = "李四"
	if err := st.SaveActivity(ctx, &a, attendees, items); err != nil {
		t.Fatal(err)
	}
	before, _ := st.Activity(ctx, a.ID)
	edit := before.Activity
	edit.Topic = "改过的议题"
	err = st.SaveActivity(ctx, &edit, []Attendee{{Name: "炸弹", Role: "other"}}, nil)
	if err == nil {
		t.Fatal("want the trigger's failure")
	}
	after, _ := st.Activity(ctx, a.ID)
	if after.Topic != before.Topic || after.Version != before.Version || len(after.Attendees) != 2 || len(after.Items) != 1 {
		t.Errorf("a failed update changed the record: %+v", after)
	}
	if edit.Version != before.Version || edit.Topic != "改过的议题" {
		t.Errorf("a failed update changed the form: %+v", edit)
	}
	if err := checkActivitySearch(st.db); err != nil {
		t.Error(err)
	}
}

// An item is saved with its activity, as the activity form saves it, under
// its own version.
func TestSaveFollowUpItem(t *testing.T) {
	st, _, site := actSetup(t)
	a := actValid(site.ID)
	items := []FollowUpItem{{Task: "设临时停车场", Deadline: NewDate(2024, 6, 30)}}
	if err := st.SaveActivity(ctx, &a, nil, items); err != nil {
		t.Fatal(err)
	}
	// save saves the stored activity id, changed by change (if any), with
	// items, and returns them as saved.
	save := func(id uint, change func(*Activity), items ...FollowUpItem) ([]FollowUpItem, error) {
		t.Helper()
		d, err := st.Activity(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if change != nil {
			change(&d.Activity)
		}
		return items, st.SaveActivity(ctx, &d.Activity, nil, items)
	}
	it := items[0]
	it.Progress, it.Status = 60, FollowUpInProgress
	saved, err := save(a.ID, nil, it)
	if err != nil || saved[0].Version != 2 {
		t.Fatalf("progress update: %v %+v", err, saved)
	}
	it = saved[0]
	stale := items[0]
	stale.Progress = 10
	if _, err := save(a.ID, nil, stale); ErrorCode(err) != EConflict {
		t.Errorf("stale item: %v", err)
	}
	bad := it
	bad.Progress = 101
	_, err = save(a.ID, nil, bad)
	actWantErr(t, err, "follow_up_items[0].progress")
	bad = it
	bad.Status = FollowUpDone
	_, err = save(a.ID, nil, bad)
	actWantErr(t, err, "follow_up_items[0].done_on")
	// A new item for the activity, done: progress becomes 100.
	saved, err = save(a.ID, nil, it, FollowUpItem{Task: "增加保洁员", Status: FollowUpDone, DoneOn: NewDate(2024, 5, 9)})
	if err != nil || saved[1].Progress != 100 || saved[1].ActivityID != a.ID {
		t.Fatalf("new item: %v %+v", err, saved)
	}
	extra := saved[1]
	// Items do not move between activities.
	b := actValid(site.ID)
	if err := st.SaveActivity(ctx, &b, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := save(b.ID, nil, extra); err == nil {
		t.Error("an item moved to another activity")
	}
	if n := count(t, st, "SELECT COUNT(*) FROM follow_up_items WHERE activity_id = ?", a.ID); n != 2 {
		t.Errorf("%d items on the first activity, want 2", n)
	}
	// Once the activity is done, its items stay done.
	it.Status, it.DoneOn = FollowUpDone, NewDate(2024, 7, 1)
	saved, err = save(a.ID, func(act *Activity) { act.FollowUp, act.FollowUpDate = FollowUpDone, NewDate(2024, 7, 2) }, it, extra)
	if err != nil {
		t.Fatal(err)
	}
	reopen := saved[0]
	reopen.Status, reopen.DoneOn = FollowUpInProgress, Date{}
	_, err = save(a.ID, nil, reopen, saved[1])
	if FieldErrors(err).Field("follow_up") == nil {
		t.Errorf("an item reopened under a done activity: %v", err)
	}
	// No item for an activity trashed (or never stored) since the form was opened.
	open, err := st.Activity(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.TrashActivity(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	missing := actValid(site.ID)
	missing.ID, missing.Version = 9999, 1
	for _, act := range []Activity{open.Activity, missing} {
		orphan := []FollowUpItem{{Task: "甲"}}
		if err := st.SaveActivity(ctx, &act, nil, orphan); ErrorCode(err) != EConflict || orphan[0].ID != 0 {
			t.Errorf("item for activity %d: %v", act.ID, err)
		}
	}
	if n := count(t, st, "SELECT COUNT(*) FROM follow_up_items WHERE activity_id IN (?, 9999)", b.ID); n != 0 {
		t.Errorf("%d items stored for a trashed or missing activity", n)
	}
}

func TestActivityTrashRestorePurge(t *testing.T) {
	st, town, site := actSetup(t)
	a := actValid(site.ID)
	if err := st.SaveActivity(ctx, &a, []Attendee{{Name: "张伟", Role: "other"}}, []FollowUpItem{{Task: "设临时停车场"}, {Task: "增加保洁员"}}); err != nil {
		t.Fatal(err)
	}
	keep := actValid(site.ID)
	if err := st.SaveActivity(ctx, &keep, nil, []FollowUpItem{{Task: "门前三包"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.PurgeTrash(ctx, "activity", a.ID); ErrorCode(err) != ENotFound {
		t.Fatalf("purging a live activity: %v", err)
	}
	if err := st.TrashActivity(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Activity(ctx, a.ID); ErrorCode(err) != ENotFound {
		t.Fatalf("trashed activity still readable: %v", err)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM follow_up_items WHERE deleted_at IS NULL"); n != 1 {
		t.Errorf("%d live items after trashing, want 1 (the other activity's)", n)
	}
	var listed bool
	for _, k := range trashKinds {
		if k.entity == "activity" {
			items, err := k.list(st, ctx)
			if err != nil {
				t.Fatal(err)
			}
			listed = len(items) == 1 && items[0].ID == a.ID && items[0].Title == "2024-05-08 小寨工业片区交通和环境问题"
		}
	}
	if !listed {
		t.Error("the trashed activity is not in the trash list")
	}

	// The site cannot be purged while the activity exists, even trashed;
	// nor can its township, nor can the activity come back while its site
	// is in the trash.
	if err := st.TrashActivity(ctx, keep.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashSite(ctx, site.ID); err != nil {
		t.Fatal(err)
	}
	err := st.PurgeTrash(ctx, "site", site.ID)
	if ErrorCode(err) != EInUse || !strings.Contains(Message(err, "zh"), "2次协商议事活动") || !strings.Contains(Message(err, "en"), "2 consultation activities") {
		t.Fatalf("purging a site with activities: %v", err)
	}
	if err := st.RestoreTrash(ctx, "activity", a.ID); ErrorCode(err) != EConflict {
		t.Fatalf("restoring onto a trashed site: %v", err)
	}
	if err := st.RestoreTrash(ctx, "site", site.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RestoreTrash(ctx, "activity", a.ID); err != nil {
		t.Fatal(err)
	}
	d, err := st.Activity(ctx, a.ID)
	if err != nil || len(d.Items) != 2 || d.Version != 3 || d.Items[0].Version != 3 || len(d.Attendees) != 1 {
		t.Fatalf("restored: %v %+v", err, d)
	}

	// Purge: attendees and items go too; the search index forgets it.
	if err := st.TrashActivity(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.PurgeTrash(ctx, "activity", a.ID); err != nil {
		t.Fatal(err)
	}
	for table, want := range map[string]int{"activities": 1, "attendees": 0, "follow_up_items": 1} {
		if n := count(t, st, "SELECT COUNT(*) FROM "+table); n != want {
			t.Errorf("%s: %d rows after purge, want %d", table, n, want)
		}
	}
	if n := indexed(t, st, "小寨工业"); n != 1 {
		t.Errorf("search finds %d activities after the purge, want 1", n)
	}
	if err := checkActivitySearch(st.db); err != nil {
		t.Error(err)
	}
	// A township-level activity blocks the township's purge too.
	if err := st.PurgeTrash(ctx, "activity", keep.ID); err != nil {
		t.Fatal(err)
	}
	ta := actValid(town.ID)
	if err := st.SaveActivity(ctx, &ta, nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, id := range []uint{site.ID} {
		if err := st.TrashSite(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := st.PurgeTrash(ctx, "site", id); err != nil {
			t.Fatalf("purging a site without activities: %v", err)
		}
	}
	if err := st.TrashActivity(ctx, ta.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashSite(ctx, town.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.PurgeTrash(ctx, "site", town.ID); ErrorCode(err) != EInUse {
		t.Fatalf("purging a township with a trashed activity: %v", err)
	}
	changes, _ := st.Changes(ctx, ChangeFilter{Entity: "activity", EntityID: a.ID})
	var actions []string
	for i := len(changes) - 1; i >= 0; i-- {
		actions = append(actions, changes[i].Action)
	}
	if got := strings.Join(actions, ","); got != "create,trash,restore,trash,purge" {
		t.Errorf("change log: %s", got)
	}
}

// Moving a site to another township, or making a township a village, takes
// its activities (trashed ones too) along.
func TestSiteMoveKeepsActivityTownship(t *testing.T) {
	st, town, site := actSetup(t)
	other := &Site{Name: "同乐街道", Kind: KindTownship, Status: StatusPlanned}
	if err := st.SaveSite(ctx, other); err != nil {
		t.Fatal(err)
	}
	var ids []uint
	for i := 0; i < 3; i++ {
		a := actValid(site.ID)
		if err := st.SaveActivity(ctx, &a, nil, nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	if err := st.TrashActivity(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	s, _ := st.Site(ctx, site.ID)
	s.ParentID = &other.ID
	if err := st.SaveSite(ctx, s); err != nil {
		t.Fatal(err)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM activities WHERE township_id = ?", other.ID); n != 3 {
		t.Errorf("%d activities followed the site, want 3", n)
	}
	rows, total, _ := st.Activities(ctx, ActivityFilter{TownshipID: other.ID})
	if total != 2 || rows[0].Township != "同乐街道" {
		t.Errorf("ledger after the move: %d %+v", total, rows)
	}
	// A township without sites becomes a community under another one.
	lone := &Site{Name: "马街镇", Kind: KindTownship, Status: StatusPlanned}
	if err := st.SaveSite(ctx, lone); err != nil {
		t.Fatal(err)
	}
	la := actValid(lone.ID)
	if err := st.SaveActivity(ctx, &la, nil, nil); err != nil || la.TownshipID != lone.ID {
		t.Fatal(err, la.TownshipID)
	}
	lone.Kind, lone.ParentID = KindCommunity, &town.ID
	if err := st.SaveSite(ctx, lone); err != nil {
		t.Fatal(err)
	}
	if n := count(t, st, "SELECT township_id FROM activities WHERE id = ?", la.ID); n != int(town.ID) {
		t.Errorf("township_id %d, want %d", n, town.ID)
	}
	// A refused site save leaves the activities alone.
	s, _ = st.Site(ctx, site.ID)
	s.ParentID, s.Name = &town.ID, ""
	if err := st.SaveSite(ctx, s); err == nil {
		t.Fatal("want a validation error")
	}
	if n := count(t, st, "SELECT COUNT(*) FROM activities WHERE township_id = ?", other.ID); n != 3 {
		t.Errorf("a refused site save moved activities")
	}
}

func TestInsertActivities(t *testing.T) {
	st, town, site := actSetup(t)
	rows := []Activity{actValid(site.ID), actValid(town.ID), actValid(site.ID)}
	rows[1].Topic, rows[2].Topic = "背街小巷硬化", "高铁安置区供水不足和水费偏高"
	bad := append([]Activity(nil), rows...)
	bad[2].Participants = -1
	err := st.InsertActivities(ctx, bad)
	if ErrorCode(err) != EInvalid || !strings.HasPrefix(Message(err, "zh"), "第3条活动：") || !strings.HasPrefix(Message(err, "en"), "Activity 3: ") {
		t.Fatalf("bad row: %v / %s", err, Message(err, "zh"))
	}
	bad[2].Participants, bad[1].SiteID = 20, 9999
	if err := st.InsertActivities(ctx, bad); ErrorCode(err) != EInvalid || !strings.HasPrefix(Message(err, "zh"), "第2条活动：") {
		t.Fatalf("missing site: %v", err)
	}
	if bad[0].ID != 0 {
		t.Error("a refused batch left IDs")
	}
	if n := count(t, st, "SELECT COUNT(*) FROM activities"); n != 0 {
		t.Fatalf("%d rows from refused batches", n)
	}
	rows[0].ID = 777 // ignored
	if err := st.InsertActivities(ctx, rows); err != nil {
		t.Fatal(err)
	}
	if rows[0].ID == 0 || rows[0].ID == 777 || rows[1].TownshipID != town.ID || rows[2].TownshipID != town.ID || rows[0].Version != 1 || rows[0].FollowUp != FollowUpInProgress {
		t.Errorf("inserted: %+v", rows)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM change_log WHERE entity = 'activity' AND action = 'import'"); n != 1 {
		t.Errorf("%d import log lines, want 1", n)
	}
	// The search index knows the bulk rows, and the trigger works after.
	if err := checkActivitySearch(st.db); err != nil {
		t.Fatal(err)
	}
	// A row SQLite itself refuses (its site does not exist) takes the whole
	// insert back, the search index's part too.
	err = st.transact(ctx, func(tx *gorm.DB) error {
		_, err := insertRows(ctx, tx, "activities", []string{"date", "site_id", "township_id", "topic", "topic_source"}, insertChunk+1, func(i int) []any {
			site := site.ID
			if i == insertChunk {
				site = 999_999
			}
			return []any{NewDate(2024, 5, 1), site, town.ID, "整片拆迁安置", SourceParty}
		}, nil)
		return err
	})
	if ErrorCode(translate(err, activityLabel)) != EInUse {
		t.Fatalf("a bulk row with a missing site: %v", err)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM activities"); n != 3 {
		t.Errorf("%d activities after a refused bulk insert, want 3", n)
	}
	if err := checkActivitySearch(st.db); err != nil {
		t.Fatal(err)
	}
	a := actValid(site.ID)
	a.Topic = "农贸市场搬迁"
	if err := st.SaveActivity(ctx, &a, nil, nil); err != nil {
		t.Fatal(err)
	}
	for kw, want := range map[string]int{"水费偏高": 1, "小巷硬": 1, "农贸市场": 1, "交通和环境": 1, "门前三包": 4} {
		if _, n, err := st.Activities(ctx, ActivityFilter{Keyword: kw}); err != nil || n != want {
			t.Errorf("keyword %s: %d (%v), want %d", kw, n, err, want)
		}
	}
	if err := st.InsertActivities(ctx, nil); err != nil {
		t.Error(err)
	}
}

func TestActivityErrorsAreUserErrors(t *testing.T) {
	st, _, _ := actSetup(t)
	if err := st.TrashActivity(ctx, 42); ErrorCode(err) != ENotFound || !strings.Contains(Message(err, "zh"), "协商议事活动") {
		t.Errorf("trash missing: %v", err)
	}
	_, _, err := st.Activities(ctx, ActivityFilter{Sort: "colour"})
	var de *Error
	if !errors.As(err, &de) || de.Field != "sort" {
		t.Errorf("bad sort: %v", err)
	}
}
