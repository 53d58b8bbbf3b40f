package data

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Task is a target task (目标任务) with its deadline (时间节点), for one
// site, every site of a township or every pilot site, ticked per site in
// TaskCompletion. Its targets are the live villages, communities and
// enterprises in scope when asked (not the township office: its sites do
// the work). Two milestones are proven by the records instead (Kind: the
// unveiling date, the first live activity), worked out whenever read; their
// stored status stays pending.
type Task struct {
	Model
	Name          string `gorm:"not null" json:"name"`                  // e.g. 挂牌, 首次协商, 制度上墙
	Kind          string `gorm:"not null;default:'manual'" json:"kind"` // TaskKinds code
	Scope         string `gorm:"not null" json:"scope"`                 // TaskScopes code
	SiteID        *uint  `json:"site_id,omitempty"`                     // the site (scope site) or township (scope township)
	Deadline      Date   `gorm:"not null" json:"deadline"`
	ResponsibleID *uint  `json:"responsible_id,omitempty"`                 // a person on file
	Status        string `gorm:"not null;default:'pending'" json:"status"` // TaskStatuses code
	DoneOn        Date   `json:"done_on"`
	Notes         string `gorm:"not null;default:''" json:"notes"`
	CountyID      *uint  `json:"county_id,omitempty"`     // the city database's county; nil in a county's own
	County        string `gorm:"->;-:migration" json:"-"` // its name, filled by the list queries

	// Filled by Task and Tasks; json "-" keeps them out of the change log.
	SiteName        string `gorm:"->;-:migration" json:"-"` // the site or township of the scope
	ResponsibleName string `gorm:"->;-:migration" json:"-"`
	Targets         int    `gorm:"-" json:"-"` // sites the task applies to now
	Completed       int    `gorm:"-" json:"-"` // of those, sites that finished it
}

func (t *Task) Title() string { return t.Name }

var taskLabel = label{"目标任务", "target task"}

// TaskCompletion records that one site finished a task.
type TaskCompletion struct {
	ID     uint   `gorm:"primaryKey" json:"id"`
	TaskID uint   `gorm:"not null" json:"task_id"`
	SiteID uint   `gorm:"not null" json:"site_id"`
	DoneOn Date   `gorm:"not null" json:"done_on"`
	Notes  string `gorm:"not null;default:''" json:"notes"`
}

const (
	ScopeSite     = "site"
	ScopeTownship = "township"
	ScopeAll      = "all"
)

var TaskScopes = enum("task_scope",
	Option{ScopeSite, "单个试点单位", "One site"},
	Option{ScopeTownship, "乡镇（街道）内全部试点单位", "All sites of a township"},
	Option{ScopeAll, "全部试点单位", "Every pilot site"},
)

const (
	TaskPending    = "pending"
	TaskInProgress = "in_progress"
	TaskDone       = "done"
)

var TaskStatuses = enum("task_status",
	Option{TaskPending, "未开始", "Not started"},
	Option{TaskInProgress, "进行中", "In progress"},
	Option{TaskDone, "已完成", "Done"},
)

const (
	TaskManual            = "manual"             // each site ticked by hand
	TaskUnveil            = "unveil"             // 挂牌: the site's unveiling date
	TaskFirstConsultation = "first_consultation" // 首次协商: the site's first activity
)

var TaskKinds = enum("task_kind",
	Option{TaskManual, "手工勾选", "By hand"},
	Option{TaskUnveil, "据挂牌日期", "Unveiling date"},
	Option{TaskFirstConsultation, "据活动记录", "First activity"},
)

// TaskKindFor is the kind a task's name says (首次协商, 挂牌/揭牌, else by
// hand): a task saved without a kind gets it, as migration 6 gave it.
func TaskKindFor(name string) string {
	switch {
	case strings.Contains(name, "首次协商") || strings.Contains(name, "首次议事"):
		return TaskFirstConsultation
	case strings.Contains(name, "挂牌") || strings.Contains(name, "揭牌"):
		return TaskUnveil
	}
	return TaskManual
}

// FromRecords tells whether the records, not ticks by hand, finish the task.
func (t *Task) FromRecords() bool { return t.Kind == TaskUnveil || t.Kind == TaskFirstConsultation }

// appliesTo tells whether the task targets site s (a live non-township site).
func (t *Task) appliesTo(s *Site) bool {
	switch t.Scope {
	case ScopeAll: // in a city's database: its own county's sites
		return t.CountyID == nil || s.CountyID != nil && *s.CountyID == *t.CountyID
	case ScopeTownship:
		return t.SiteID != nil && s.ParentID != nil && *s.ParentID == *t.SiteID
	case ScopeSite:
		return t.SiteID != nil && s.ID == *t.SiteID
	}
	return false
}

// OverdueOn tells whether the task is past its deadline on today, not done.
func (t *Task) OverdueOn(today Date) bool {
	return t.Deadline.Before(today) && t.Status != TaskDone
}

func (t *Task) tidy() {
	cleanStrings(t)
	if t.Kind == "" {
		t.Kind = TaskKindFor(t.Name)
	}
	if t.Status == "" || t.FromRecords() {
		t.Status = TaskPending // the records give the status when read
	}
	// A scope switched to "all" drops its site; a reopened task its done date.
	if t.Scope == ScopeAll || (t.SiteID != nil && *t.SiteID == 0) {
		t.SiteID = nil
	}
	if t.ResponsibleID != nil && *t.ResponsibleID == 0 {
		t.ResponsibleID = nil
	}
	if t.Status != TaskDone {
		t.DoneOn = Date{}
	}
}

// Validate checks the rules that need no database.
func (t *Task) Validate() error { return validate(t) }

func (t *Task) check(c *checker) {
	c.required("name", t.Name, label{"任务名称", "task name"})
	c.maxLen("name", t.Name, 100, label{"任务名称", "task name"})
	if !TaskKinds.Valid(t.Kind) {
		c.add("kind", "请选择完成情况的判定方式。", "Please choose how the task is ticked.")
	}
	if !TaskScopes.Valid(t.Scope) {
		c.add("scope", "请选择任务范围。", "Please choose the scope of the task.")
	}
	if t.SiteID == nil {
		switch t.Scope {
		case ScopeSite:
			c.add("site_id", "请选择试点单位。", "Please choose the pilot site.")
		case ScopeTownship:
			c.add("site_id", "请选择乡镇（街道）。", "Please choose the township.")
		}
	}
	if t.Deadline.IsZero() {
		c.add("deadline", "请填写时间节点。", "Please enter the deadline.")
	}
	if !TaskStatuses.Valid(t.Status) {
		c.add("status", "请选择状态。", "Please choose the status.")
	}
	if t.Status == TaskDone && t.DoneOn.IsZero() {
		c.add("done_on", "已完成的任务须填写完成日期。", "Enter the date it was done: the task is done.")
	}
	if t.DoneOn.After(Today()) {
		c.add("done_on", "完成日期不能晚于今天。", "The date done cannot be in the future.")
	}
	c.maxLen("notes", t.Notes, 2000, label{"备注", "notes"})
}

// checkTaskRefs checks the site and the person responsible.
func checkTaskRefs(tx *gorm.DB, t *Task, c *checker) error {
	if t.SiteID != nil {
		var s Site
		err := tx.Select("id", "kind").First(&s, *t.SiteID).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			c.add("site_id", "所选的试点单位不存在或已删除。", "The chosen site does not exist or was deleted.")
		case err != nil:
			return err
		case t.Scope == ScopeTownship && s.Kind != KindTownship:
			c.add("site_id", "“乡镇（街道）内全部试点单位”须选择一个乡镇（街道）。", "A township-wide task needs a township or street.")
		case t.Scope == ScopeSite && s.Kind == KindTownship:
			c.add("site_id", "单个试点单位须选择村（社区）或企事业单位；给乡镇下全部试点单位设任务请选“乡镇（街道）内全部试点单位”。",
				"A single-site task needs a village, community or enterprise; for all sites of a township choose that scope.")
		}
	}
	if t.ResponsibleID != nil {
		_, err := liveName(tx, "people", *t.ResponsibleID, c, "responsible_id", "所选的责任人不存在或已删除。", "The chosen person responsible does not exist or was deleted.")
		return err
	}
	return nil
}

// SaveTask creates the task (ID 0) or updates it.
func (st *Store) SaveTask(ctx context.Context, t *Task) error {
	return saveChecked(ctx, st, t, taskLabel, "task", func(tx *gorm.DB, c *checker) error { return checkTaskRefs(tx, t, c) })
}

// tasksQuery selects live tasks with the names of their site and person,
// trashed or not (and the site's township as tw, for the search).
func tasksQuery(db *gorm.DB) *gorm.DB {
	return db.Table("tasks AS t").
		Select("t.*, COALESCE(s.name, '') AS site_name, COALESCE(p.name, '') AS responsible_name, " + countyName("t.county_id") + " AS county").
		Joins("LEFT JOIN sites AS s ON s.id = t.site_id").
		Joins("LEFT JOIN sites AS tw ON tw.id = s.parent_id").
		Joins("LEFT JOIN people AS p ON p.id = t.responsible_id").
		Where("t.deleted_at IS NULL")
}

// everyWord keeps the rows where each word of keyword is in one of columns
// ("挂牌 小寨" finds 小寨社区's unveiling).
func everyWord(q *gorm.DB, keyword string, columns ...string) *gorm.DB {
	for _, w := range strings.Fields(keyword) {
		cond, args := likeAny(w, columns...)
		q = q.Where(cond, args...)
	}
	return q
}

// Task returns one live task with its names and progress counts.
func (st *Store) Task(ctx context.Context, id uint) (*Task, error) {
	db := st.db.WithContext(ctx)
	var out []Task
	if err := tasksQuery(db).Where("t.id = ?", id).Scan(&out).Error; err != nil {
		return nil, translate(err, taskLabel)
	}
	if len(out) == 0 {
		return nil, translate(gorm.ErrRecordNotFound, taskLabel)
	}
	if err := countTargets(db, out); err != nil {
		return nil, translate(err, taskLabel)
	}
	return &out[0], nil
}

// TaskFilter narrows the task list; zero fields do not filter.
type TaskFilter struct {
	Status     string // a TaskStatuses code
	Overdue    bool   // only tasks past their deadline and not done
	Today      Date   // the day Overdue is judged on; zero: today
	SiteID     uint   // only tasks that apply to this site (a township: as TownshipID)
	TownshipID uint   // only tasks that apply to the township's sites
	CountyID   uint   // a city database's county
	// Keyword: every word in the name, notes, site, township or person responsible.
	Keyword string
}

// Tasks lists live tasks by deadline, with names and progress counts; the
// status filters apply once the records have decided the proven tasks'.
func (st *Store) Tasks(ctx context.Context, f TaskFilter) ([]Task, error) {
	db := st.db.WithContext(ctx)
	q := tasksQuery(db)
	if f.CountyID != 0 {
		q = q.Where("t.county_id = ?", f.CountyID)
	}
	if f.SiteID != 0 {
		var s Site
		if err := db.Select("id", "kind", "parent_id").First(&s, f.SiteID).Error; err != nil {
			return nil, translate(err, siteLabel)
		}
		if s.Kind == KindTownship {
			f.TownshipID = s.ID
		} else {
			q = q.Where("(t.scope = ? OR (t.scope = ? AND t.site_id = ?) OR (t.scope = ? AND t.site_id = ?))",
				ScopeAll, ScopeSite, s.ID, ScopeTownship, s.ParentID)
		}
	}
	if f.TownshipID != 0 {
		q = q.Where("(t.scope = ? OR (t.scope = ? AND t.site_id = ?) OR (t.scope = ? AND t.site_id IN (SELECT id FROM sites WHERE parent_id = ?)))",
			ScopeAll, ScopeTownship, f.TownshipID, ScopeSite, f.TownshipID)
	}
	q = everyWord(q, f.Keyword, "t.name", "t.notes", "s.name", "tw.name", "p.name")
	var out []Task
	if err := q.Order("t.deadline, t.id").Scan(&out).Error; err != nil {
		return nil, translate(err, taskLabel)
	}
	if err := countTargets(db, out); err != nil {
		return nil, translate(err, taskLabel)
	}
	today := orToday(f.Today)
	kept := out[:0]
	for _, t := range out {
		if (f.Status == "" || t.Status == f.Status) && (!f.Overdue || t.OverdueOn(today)) {
			kept = append(kept, t)
		}
	}
	return kept, nil
}

// taskSites returns the live non-township sites (every task's targets),
// grouped like Sites; every word of keyword is in the site's or township's name.
func taskSites(db *gorm.DB, keyword string) ([]Site, error) {
	var out []Site
	q := db.Table("sites AS s").Select("s.id, s.name, s.parent_id, s.county_id, COALESCE(p.name, '') AS township, "+countyName("s.county_id")+" AS county").
		Joins("LEFT JOIN sites AS p ON p.id = s.parent_id").
		Where("s.deleted_at IS NULL AND s.kind <> ?", KindTownship)
	err := everyWord(q, keyword, "s.name", "p.name").Order("s.parent_id, s.id").Scan(&out).Error
	return out, err
}

// ticks maps task ID → site ID → the day the site finished the task, by
// hand or by the records (one shared map per kind: never write it).
func ticks(db *gorm.DB, tasks []Task) (map[uint]map[uint]Date, error) {
	var manual []uint
	var proven []*Task
	for i := range tasks {
		if tasks[i].FromRecords() {
			proven = append(proven, &tasks[i])
		} else {
			manual = append(manual, tasks[i].ID)
		}
	}
	out, err := completions(db, manual)
	if err != nil {
		return nil, err
	}
	byKind := map[string]map[uint]Date{}
	for _, t := range proven {
		if byKind[t.Kind] == nil {
			if byKind[t.Kind], err = provenDays(db, t.Kind); err != nil {
				return nil, err
			}
		}
		out[t.ID] = byKind[t.Kind]
	}
	return out, nil
}

// provenSQL selects (site id, day) for every site that reached a proven
// milestone: its unveiling date, or its first live activity's.
var provenSQL = map[string]string{
	TaskUnveil: `SELECT id, unveiled_on AS day FROM sites
		WHERE deleted_at IS NULL AND status <> '` + StatusPlanned + `' AND unveiled_on IS NOT NULL`,
	TaskFirstConsultation: `SELECT site_id AS id, MIN(date) AS day FROM activities WHERE deleted_at IS NULL GROUP BY site_id`,
}

// provenDays maps site ID → the day the site reached the milestone of kind.
func provenDays(db *gorm.DB, kind string) (map[uint]Date, error) {
	out := map[uint]Date{}
	var id uint
	var day Date
	return out, eachRow(db, provenSQL[kind], nil, []any{&id, &day}, func() { out[id] = day })
}

// completions maps task ID → site ID → the day ticked by hand.
func completions(db *gorm.DB, taskIDs []uint) (map[uint]map[uint]Date, error) {
	out := map[uint]map[uint]Date{}
	if len(taskIDs) == 0 {
		return out, nil
	}
	var r TaskCompletion
	return out, eachRow(db, `SELECT task_id, site_id, done_on FROM task_completions WHERE task_id IN ?`, []any{taskIDs},
		[]any{&r.TaskID, &r.SiteID, &r.DoneOn}, func() {
			if out[r.TaskID] == nil {
				out[r.TaskID] = map[uint]Date{}
			}
			out[r.TaskID][r.SiteID] = r.DoneOn
		})
}

// tally counts the task's targets among sites, those in done, and the
// latest day of those.
func (t *Task) tally(sites []Site, done map[uint]Date) (targets, finished int, last Date) {
	for i := range sites {
		if t.appliesTo(&sites[i]) {
			targets++
			if d, ok := done[sites[i].ID]; ok {
				finished++
				if d.After(last) {
					last = d
				}
			}
		}
	}
	return targets, finished, last
}

// countTargets fills Targets and Completed (targets only: a site that left
// the scope does not count), and a proven task's status and done date.
func countTargets(db *gorm.DB, tasks []Task) error {
	if len(tasks) == 0 {
		return nil
	}
	// Only what appliesTo reads: whole rows are slow at a province's sites.
	var sites []Site
	var s Site
	err := eachRow(db, `SELECT id, parent_id, county_id FROM sites WHERE deleted_at IS NULL AND kind <> ?`, []any{KindTownship},
		[]any{&s.ID, &s.ParentID, &s.CountyID}, func() { sites = append(sites, s) })
	if err != nil {
		return err
	}
	done, err := ticks(db, tasks)
	if err != nil {
		return err
	}
	for i := range tasks {
		t := &tasks[i]
		var last Date
		t.Targets, t.Completed, last = t.tally(sites, done[t.ID])
		if !t.FromRecords() {
			continue
		}
		t.Status, t.DoneOn = TaskPending, Date{}
		switch {
		case t.Targets > 0 && t.Completed == t.Targets:
			t.Status, t.DoneOn = TaskDone, last
		case t.Completed > 0:
			t.Status = TaskInProgress
		}
	}
	return nil
}

// TaskTarget is one site a task applies to, and whether it finished it.
type TaskTarget struct {
	SiteID   uint
	Name     string
	Township string
	DoneOn   Date // zero: not done yet
}

// Done tells whether the site finished the task.
func (t TaskTarget) Done() bool { return !t.DoneOn.IsZero() }

// TaskProgress lists the task's targets, grouped by township, with the
// day each finished it.
func (st *Store) TaskProgress(ctx context.Context, taskID uint) ([]TaskTarget, error) {
	// No transaction: with _txlock=immediate it would take the write lock.
	db := st.db.WithContext(ctx)
	var t Task
	if err := db.First(&t, taskID).Error; err != nil {
		return nil, translate(err, taskLabel)
	}
	sites, err := taskSites(db, "")
	if err != nil {
		return nil, translate(err, taskLabel)
	}
	done, err := ticks(db, []Task{t})
	if err != nil {
		return nil, translate(err, taskLabel)
	}
	out := []TaskTarget{}
	for i := range sites {
		if s := &sites[i]; t.appliesTo(s) {
			out = append(out, TaskTarget{SiteID: s.ID, Name: s.Name, Township: s.Township, DoneOn: done[taskID][s.ID]})
		}
	}
	return out, nil
}

// CompleteTask records (or corrects) the day site finished the task; the
// task's status follows (rollupTask).
func (st *Store) CompleteTask(ctx context.Context, taskID, siteID uint, doneOn Date) error {
	var c checker
	if doneOn.IsZero() {
		c.add("done_on", "请填写完成日期。", "Please enter the date it was done.")
	} else if doneOn.After(Today()) {
		c.add("done_on", "完成日期不能晚于今天。", "The date done cannot be in the future.")
	}
	if c.err() != nil {
		return c.err()
	}
	return st.tick(ctx, taskID, siteID, doneOn)
}

// UncompleteTask withdraws a site's completion, if any.
func (st *Store) UncompleteTask(ctx context.Context, taskID, siteID uint) error {
	return st.tick(ctx, taskID, siteID, Date{})
}

// tick records (doneOn set) or withdraws a live target site's completion
// of a task ticked by hand, and rolls the task's status up.
func (st *Store) tick(ctx context.Context, taskID, siteID uint, doneOn Date) error {
	return st.transact(ctx, func(tx *gorm.DB) error {
		var t Task
		if err := tx.First(&t, taskID).Error; err != nil {
			return translate(err, taskLabel)
		}
		if t.FromRecords() {
			return errProvenTask(&t)
		}
		var rows []TaskCompletion
		if err := tx.Where("task_id = ? AND site_id = ?", taskID, siteID).Limit(1).Find(&rows).Error; err != nil {
			return translate(err, taskLabel)
		}
		if doneOn.IsZero() && len(rows) == 0 {
			return nil
		}
		var s Site
		err := tx.Unscoped().First(&s, siteID).Error
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return translate(err, siteLabel)
		}
		if !doneOn.IsZero() && (err != nil || s.DeletedAt.Valid || s.Kind == KindTownship || !t.appliesTo(&s)) {
			return newErr(EInvalid, "site_id", fmt.Sprintf("该试点单位不在任务“%s”的范围内，或已被删除。", t.Name),
				fmt.Sprintf("That site is not among the sites of task %q, or it was deleted.", t.Name))
		}
		before, after := map[string]any{"site": s.Name, "done_on": nil}, map[string]any{"site": s.Name, "done_on": nil}
		switch {
		case len(rows) > 0 && doneOn.IsZero():
			before["done_on"], err = rows[0].DoneOn, tx.Delete(&TaskCompletion{}, rows[0].ID).Error
		case len(rows) > 0:
			before["done_on"], after["done_on"] = rows[0].DoneOn, doneOn
			err = tx.Model(&TaskCompletion{}).Where("id = ?", rows[0].ID).Update("done_on", doneOn).Error
		default:
			after["done_on"], err = doneOn, tx.Create(&TaskCompletion{TaskID: taskID, SiteID: siteID, DoneOn: doneOn}).Error
		}
		if err != nil {
			return translate(err, taskLabel)
		}
		if err := st.logChange(tx, "task", taskID, ActionUpdate, t.Name+" · "+s.Name, before, after); err != nil {
			return err
		}
		return st.rollupTask(tx, &t, !doneOn.IsZero())
	})
}

// errProvenTask refuses a tick by hand on a task the records prove.
func errProvenTask(t *Task) error {
	what := map[string][2]string{
		TaskUnveil:            {"挂牌日期", "unveiling date"},
		TaskFirstConsultation: {"协商议事活动", "consultation activities"},
	}[t.Kind]
	return newErr(EInvalid, "", fmt.Sprintf("任务“%s”的完成情况据各试点单位的%s自动判定，不能手工勾选：请在试点单位或活动台账中登记。", t.Name, what[0]),
		fmt.Sprintf("Task %q is ticked from each site's %s, not by hand: enter those on the site or in the ledger.", t.Name, what[1]))
}

// rollupTask moves the status after a completion changed: pending → in
// progress, → done once every target is; a withdrawal done → in progress.
// Otherwise a status set by hand stays: a task may be closed early.
func (st *Store) rollupTask(tx *gorm.DB, t *Task, completed bool) error {
	next := *t
	if completed {
		sites, err := taskSites(tx, "")
		if err != nil {
			return err
		}
		done, err := completions(tx, []uint{t.ID})
		if err != nil {
			return err
		}
		targets, finished, last := t.tally(sites, done[t.ID])
		switch {
		case t.Status != TaskDone && finished == targets:
			next.Status, next.DoneOn = TaskDone, last
		case t.Status == TaskPending:
			next.Status = TaskInProgress
		}
	} else if t.Status == TaskDone {
		next.Status, next.DoneOn = TaskInProgress, Date{}
	}
	if next.Status == t.Status {
		return nil
	}
	next.Version = t.Version + 1
	res := tx.Model(&Task{}).Where("id = ? AND version = ?", t.ID, t.Version).
		Updates(map[string]any{"status": next.Status, "done_on": next.DoneOn, "version": next.Version})
	if res.Error != nil {
		return translate(res.Error, taskLabel)
	}
	if res.RowsAffected == 0 {
		return errStale(taskLabel)
	}
	return st.logChange(tx, "task", t.ID, ActionUpdate, t.Name, t, &next)
}

// SiteTasks is one site's standing on the tasks that apply to it.
type SiteTasks struct {
	SiteID   uint
	Name     string
	Township string
	CountyID uint   // a city database's county (0 in a county's own)
	County   string // its name
	Tasks    int    // live tasks that apply to the site
	Done     int    // of those, finished by the site
	Overdue  int    // not finished by the site, past the deadline, and the task not closed as done
}

// SiteCompletion gives every live non-township site's standing on day
// today, grouped by township (zeros without tasks); keyword as taskSites.
func (st *Store) SiteCompletion(ctx context.Context, today Date, keyword string) ([]SiteTasks, error) {
	today = orToday(today)
	db := st.db.WithContext(ctx)
	sites, err := taskSites(db, keyword)
	if err != nil {
		return nil, translate(err, taskLabel)
	}
	var tasks []Task
	if err := db.Find(&tasks).Error; err != nil {
		return nil, translate(err, taskLabel)
	}
	// A proven task's stored status is pending: late wherever not done.
	done, err := ticks(db, tasks)
	if err != nil {
		return nil, translate(err, taskLabel)
	}
	out := make([]SiteTasks, len(sites))
	for i := range sites {
		s := &sites[i]
		row := SiteTasks{SiteID: s.ID, Name: s.Name, Township: s.Township, CountyID: ptrOr(s.CountyID), County: s.County}
		for j := range tasks {
			t := &tasks[j]
			if !t.appliesTo(s) {
				continue
			}
			row.Tasks++
			if _, ok := done[t.ID][s.ID]; ok {
				row.Done++
			} else if t.OverdueOn(today) {
				row.Overdue++
			}
		}
		out[i] = row
	}
	return out, nil
}

var taskTrash = registerTrash(&trashRules[Task, *Task]{entity: "task", label: taskLabel,
	restore: func(st *Store, tx *gorm.DB, t *Task) error {
		if t.SiteID == nil {
			return nil
		}
		if live, err := isLive(tx, "sites", *t.SiteID); err != nil || live {
			return err
		}
		return newErr(EConflict, "", "该任务的试点单位（乡镇）已被删除，请先恢复它。", "The task's site or township was deleted; restore it first.")
	},
	// A purge deletes its completions too.
})

// TrashTask moves a task to the trash; its completions stay with it.
func (st *Store) TrashTask(ctx context.Context, id uint) error {
	return taskTrash.move(st, ctx, ActionTrash, id)
}
