package data

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// Activity is one consultation activity (协商议事活动) held at a site.
// TownshipID repeats the site's township (kept in step) so filters and
// statistics by township need no join.
type Activity struct {
	Model
	Date           Date   `gorm:"not null" json:"date"`
	SiteID         uint   `gorm:"not null" json:"site_id"`
	TownshipID     uint   `gorm:"not null" json:"township_id"`
	Topic          string `gorm:"not null" json:"topic"`                       // 议题
	TopicSource    string `gorm:"not null" json:"topic_source"`                // TopicSources code
	Form           string `gorm:"not null;default:''" json:"form"`             // ActivityForms code
	Procedure      string `gorm:"not null;default:''" json:"procedure"`        // e.g. 三阶五步
	Decision       string `gorm:"not null;default:''" json:"decision"`         // Decisions code
	VotesFor       int    `gorm:"not null;default:0" json:"votes_for"`         // where voted
	VotesAgainst   int    `gorm:"not null;default:0" json:"votes_against"`     //
	VotesAbstain   int    `gorm:"not null;default:0" json:"votes_abstain"`     //
	Participants   int    `gorm:"not null;default:0" json:"participants"`      // head count
	Outcome        string `gorm:"not null;default:''" json:"outcome"`          // 协商成果
	FollowUp       string `gorm:"not null;default:'pending'" json:"follow_up"` // FollowUps code
	FollowUpDate   Date   `json:"follow_up_date"`                              // 办结日期: required once done
	ProblemsSolved int    `gorm:"not null;default:0" json:"problems_solved"`
	Notes          string `gorm:"not null;default:''" json:"notes"`
	// 提出问题（意见建议）条数: what the people raised, beside what was solved.
	ProblemsRaised int `gorm:"not null;default:0" json:"problems_raised"`
	// A typical case (典型案例) is told in full in the reports, under its title.
	TypicalCase bool   `gorm:"not null;default:false" json:"typical_case"`
	CaseTitle   string `gorm:"not null;default:''" json:"case_title"`
	// The 村民小组 or 小区 of the site it was held at, 0 for the site itself
	// (site_group.go).
	GroupID uint `gorm:"not null;default:0" json:"group_id"`

	// Filled by list queries.
	SiteName string `gorm:"->;-:migration" json:"site_name,omitempty"`
	Township string `gorm:"->;-:migration" json:"township,omitempty"`
	County   string `gorm:"->;-:migration" json:"-"` // its site's county in a city database, filled by the list queries
}

func (a *Activity) Title() string { return a.Date.String() + " " + a.Topic }

// Column is one stored field of a record T, listed once for all that
// handles every field: the select, scan and bulk insert, the form's
// labels, and in export/ the ledger's cells and the importer's fields.
// Adding a field is then a line here and a migration.
type Column[T any] struct {
	Name     string       // the database column
	ZH, EN   string       // what the form and the ledger call it
	Headers  []string     // other headers the importer takes for it
	Kind     ColumnKind   //
	Enum     *Enum        // ColEnum's options
	Required bool         // a record without it is refused
	Default  string       // what a record left without it gets (so the form marks it required too)
	Field    func(*T) any // a pointer to the field: *string, *int, *uint, *bool or *Date
}

// ColumnNamed is the column of cols named name (panics on a typo).
func ColumnNamed[T any](cols []Column[T], name string) Column[T] {
	for _, c := range cols {
		if c.Name == name {
			return c
		}
	}
	panic("data: no column " + name)
}

// Label is the column's name in lang ("zh" or "en").
func (c Column[T]) Label(lang string) string {
	if lang == "en" {
		return c.EN
	}
	return c.ZH
}

// ColumnKind says what a column holds.
type ColumnKind int

const (
	ColText  ColumnKind = iota
	ColDate             // a Date
	ColCount            // a whole number, 0 or more
	ColEnum             // a code of Enum
	ColRef              // a site's id; shown and imported by its name
	ColFlag             // yes or no
)

// Get is the column's value in rec.
func (c Column[T]) Get(rec *T) any {
	switch p := c.Field(rec).(type) {
	case *string:
		return *p
	case *int:
		return *p
	case *uint:
		return *p
	case *bool:
		return *p
	case *Date:
		return *p
	}
	panic("data: column " + c.Name + " of an unknown type")
}

// ActivityColumns are an activity's columns besides Model's, in the ledger's order.
var ActivityColumns = []Column[Activity]{
	{Name: "date", ZH: "活动日期", EN: "Date", Kind: ColDate, Required: true, Field: func(a *Activity) any { return &a.Date },
		Headers: []string{"日期", "时间", "活动时间", "协商时间", "召开时间", "开展时间", "协商日期"}},
	{Name: "township_id", ZH: "乡镇（街道）", EN: "Township / street", Kind: ColRef, Field: func(a *Activity) any { return &a.TownshipID },
		Headers: []string{"乡镇", "街道", "乡镇街道", "所属乡镇", "所属街道", "所属乡镇（街道）", "乡镇名称", "镇街", "乡（镇）", "镇（街道）"}},
	{Name: "site_id", ZH: "试点单位", EN: "Pilot site", Kind: ColRef, Required: true, Field: func(a *Activity) any { return &a.SiteID },
		Headers: []string{"试点单位名称", "单位名称", "村（社区）", "村社区", "社区", "村", "试点", "试点名称", "协商地点", "所在村（社区）"}},
	{Name: "topic", ZH: "议题", EN: "Topic", Required: true, Field: func(a *Activity) any { return &a.Topic }, Headers: []string{"协商议题", "议题名称", "主题", "活动主题", "协商内容", "议题内容"}},
	{Name: "topic_source", ZH: "议题来源", EN: "Topic source", Kind: ColEnum, Enum: &TopicSources, Required: true, Field: func(a *Activity) any { return &a.TopicSource },
		Headers: []string{"来源", "选题方式"}},
	{Name: "form", ZH: "协商形式", EN: "Form", Kind: ColEnum, Enum: &ActivityForms, Field: func(a *Activity) any { return &a.Form }, Headers: []string{"形式", "活动形式"}},
	{Name: "procedure", ZH: "议事程序", EN: "Procedure", Field: func(a *Activity) any { return &a.Procedure }, Headers: []string{"程序"}},
	{Name: "participants", ZH: "参加人数", EN: "Head count", Kind: ColCount, Field: func(a *Activity) any { return &a.Participants }, Headers: []string{"人数", "参与人数", "参会人数"}},
	{Name: "decision", ZH: "议定方式", EN: "Decided by", Kind: ColEnum, Enum: &Decisions, Field: func(a *Activity) any { return &a.Decision },
		Headers: []string{"表决方式", "决策方式", "议决方式"}},
	{Name: "votes_for", ZH: "赞成", EN: "For", Kind: ColCount, Field: func(a *Activity) any { return &a.VotesFor }, Headers: []string{"赞成票", "赞成票数"}},
	{Name: "votes_against", ZH: "反对", EN: "Against", Kind: ColCount, Field: func(a *Activity) any { return &a.VotesAgainst }, Headers: []string{"反对票", "反对票数"}},
	{Name: "votes_abstain", ZH: "弃权", EN: "Abstain", Kind: ColCount, Field: func(a *Activity) any { return &a.VotesAbstain }, Headers: []string{"弃权票", "弃权票数"}},
	{Name: "outcome", ZH: "协商成果", EN: "Outcome", Field: func(a *Activity) any { return &a.Outcome }, Headers: []string{"成果", "协商结果", "达成共识", "协商意见"}},
	{Name: "follow_up", ZH: "落实情况", EN: "Follow-up", Kind: ColEnum, Enum: &FollowUps, Default: FollowUpPending, Field: func(a *Activity) any { return &a.FollowUp },
		Headers: []string{"落实状态", "办理情况"}},
	{Name: "follow_up_date", ZH: "办结日期", EN: "Date done", Kind: ColDate, Field: func(a *Activity) any { return &a.FollowUpDate }, Headers: []string{"办结时间", "落实日期", "落实时间", "落实情况日期"}},
	{Name: "problems_solved", ZH: "解决问题数", EN: "Problems solved", Kind: ColCount, Field: func(a *Activity) any { return &a.ProblemsSolved },
		Headers: []string{"解决问题", "解决问题个数", "解决问题（个）"}},
	{Name: "notes", ZH: "备注", EN: "Notes", Field: func(a *Activity) any { return &a.Notes }, Headers: []string{"说明", "备 注"}},
	{Name: "problems_raised", ZH: "提出问题数", EN: "Problems raised", Kind: ColCount, Field: func(a *Activity) any { return &a.ProblemsRaised },
		Headers: []string{"提出问题", "提出问题（条）", "意见建议条数", "提出意见建议"}},
	{Name: "typical_case", ZH: "典型案例", EN: "Typical case", Kind: ColFlag, Field: func(a *Activity) any { return &a.TypicalCase },
		Headers: []string{"是否典型案例", "作为典型案例"}},
	{Name: "case_title", ZH: "案例标题", EN: "Case title", Field: func(a *Activity) any { return &a.CaseTitle }, Headers: []string{"典型案例标题"}},
	{Name: "group_id", ZH: "村民小组（小区）", EN: "Village group / compound", Kind: ColRef, Field: func(a *Activity) any { return &a.GroupID },
		Headers: []string{"村民小组", "小区", "村民小组/小区"}},
}

var activityLabel = label{"协商议事活动", "consultation activity"}

// Attendee is a named participant: a person on file or a name only. The
// name is kept for people on file too, to outlive their purge.
type Attendee struct {
	ID         uint   `gorm:"primaryKey" json:"id"`
	ActivityID uint   `gorm:"not null" json:"activity_id"`
	PersonID   *uint  `json:"person_id,omitempty"`
	Name       string `gorm:"not null" json:"name"`
	Role       string `gorm:"not null" json:"role"` // AttendeeRoles code
}

// FollowUpItem (督办事项) is one thing to be done from an activity's outcome.
type FollowUpItem struct {
	Model
	ActivityID uint   `gorm:"not null" json:"activity_id"`
	Task       string `gorm:"not null" json:"task"`                     // what is to be done
	Unit       string `gorm:"not null;default:''" json:"unit"`          // responsible unit
	Deadline   Date   `json:"deadline"`                                 //
	Status     string `gorm:"not null;default:'pending'" json:"status"` // FollowUps code
	Progress   int    `gorm:"not null;default:0" json:"progress"`       // percent, 0-100
	DoneOn     Date   `json:"done_on"`
	Notes      string `gorm:"not null;default:''" json:"notes"`
}

func (f *FollowUpItem) Title() string { return f.Task }

var followUpLabel = label{"督办事项", "follow-up item"}

const (
	SourceParty      = "party"      // 党委会点题
	SourceGovernment = "government" // 政府出题
	SourceMember     = "member"     // 委员荐题
	SourcePublic     = "public"     // 社会征题
)

var TopicSources = enum("topic_source",
	Option{SourceParty, "党委会点题", "Named by the Party committee"},
	Option{SourceGovernment, "政府出题", "Set by the government"},
	Option{SourceMember, "委员荐题", "Recommended by members"},
	Option{SourcePublic, "社会征题", "Solicited from the public"},
)

var ActivityForms = enum("activity_form",
	Option{"meeting", "协商议事会", "Consultation meeting"},
	Option{"forum", "座谈会", "Forum"},
	Option{"onsite", "现场协商", "On-site consultation"},
	Option{"remote", "远程协商", "Remote consultation"},
)

const (
	DecisionHands     = "show_of_hands" // 举手表决
	DecisionBallot    = "ballot"        // 无记名投票
	DecisionConsensus = "consensus"     // 协商一致
)

var Decisions = enum("decision",
	Option{DecisionHands, "举手表决", "Show of hands"},
	Option{DecisionBallot, "无记名投票", "Secret ballot"},
	Option{DecisionConsensus, "协商一致", "Consensus"},
)

const (
	FollowUpPending    = "pending"
	FollowUpInProgress = "in_progress"
	FollowUpDone       = "done"
)

var FollowUps = enum("follow_up",
	Option{FollowUpPending, "未办结", "Pending"},
	Option{FollowUpInProgress, "办理中", "In progress"},
	Option{FollowUpDone, "已办结", "Done"},
)

// AttendeeRoles: 列席 sit in without taking part in the decision.
var AttendeeRoles = enum("attendee_role",
	Option{"leader", "领导", "Leader"},
	Option{"member", "政协委员", "CPPCC member"},
	Option{"adviser", "政策顾问", "Policy adviser"},
	Option{"stakeholder", "利益相关方", "Stakeholder"},
	Option{"observer", "列席", "Non-voting attendee"},
	Option{"other", "其他", "Other"},
)

// IsVote tells whether the decision method counts votes.
func IsVote(decision string) bool { return decision == DecisionHands || decision == DecisionBallot }

// tidy cleans what was typed; follow-up defaults to pending, and only a
// typical case keeps a case title.
func (a *Activity) tidy() {
	cleanStrings(a)
	if a.FollowUp == "" {
		a.FollowUp = FollowUpPending
	}
	if !a.TypicalCase {
		a.CaseTitle = ""
	}
}

func (t *Attendee) tidy() { cleanStrings(t) }

// tidy cleans what was typed; status defaults to pending, done is 100%.
func (f *FollowUpItem) tidy() {
	cleanStrings(f)
	if f.Status == "" {
		f.Status = FollowUpPending
	}
	if f.Status == FollowUpDone {
		f.Progress = 100
	}
}

// Validate checks the activity's own rules (for importers).
func (a *Activity) Validate() error {
	a.tidy()
	var c checker
	a.check(&c, 0)
	return c.err()
}

// check validates the activity alone; named is the number of named
// attendees. The ledger records activities held: none in the future.
func (a *Activity) check(c *checker, named int) {
	today := Today()
	switch {
	case a.Date.IsZero():
		c.add("date", "请填写活动日期。", "Please enter the date of the activity.")
	case a.Date.After(today):
		c.add("date", "活动日期不能晚于今天：这里登记已开展的活动，计划安排请记入目标任务。",
			"The date cannot be in the future: record activities once held; plans belong in target tasks.")
	}
	checkConsultation(c, a.SiteID, a.Topic, a.TopicSource, a.Form, a.Procedure)
	if a.Decision != "" && !Decisions.Valid(a.Decision) {
		c.add("decision", "议定方式不在可选范围内。", "Unknown decision method.")
	}
	tallies := []struct {
		field string
		n     int
	}{{"votes_for", a.VotesFor}, {"votes_against", a.VotesAgainst}, {"votes_abstain", a.VotesAbstain}}
	for _, t := range tallies {
		switch {
		case t.n < 0:
			c.add(t.field, "票数不能为负数。", "A vote count cannot be negative.")
		case t.n > 0 && !IsVote(a.Decision):
			c.add(t.field, "只有举手表决或无记名投票才填写票数。", "Vote counts belong to a show of hands or a ballot only.")
		}
	}
	if a.Participants < 0 {
		c.add("participants", "参加人数不能为负数。", "The number of participants cannot be negative.")
	} else if a.Participants < named {
		c.add("participants", fmt.Sprintf("参加人数（%d）少于列出姓名的参加人员（%d人）。", a.Participants, named),
			fmt.Sprintf("The number of participants (%d) is less than the %d people listed by name.", a.Participants, named))
	}
	if sum := a.VotesFor + a.VotesAgainst + a.VotesAbstain; a.VotesFor >= 0 && a.VotesAgainst >= 0 && a.VotesAbstain >= 0 && sum > a.Participants {
		c.add("votes_for", fmt.Sprintf("赞成、反对、弃权票数之和（%d）超过了参加人数（%d）。", sum, a.Participants),
			fmt.Sprintf("For, against and abstaining add up to %d, more than the %d participants.", sum, a.Participants))
	}
	c.maxLen("outcome", a.Outcome, 2000, label{"协商成果", "outcome"})
	if !FollowUps.Valid(a.FollowUp) {
		c.add("follow_up", "落实情况不在可选范围内。", "Unknown follow-up status.")
	}
	switch {
	case a.FollowUp == FollowUpDone && a.FollowUpDate.IsZero():
		c.add("follow_up_date", "已办结的活动须填写办结日期。", "Enter the date the follow-up was done.")
	case !a.FollowUpDate.IsZero() && !a.Date.IsZero() && a.FollowUpDate.Before(a.Date):
		c.add("follow_up_date", "办结日期不能早于活动日期。", "The follow-up date cannot be before the activity.")
	case a.FollowUpDate.After(today):
		c.add("follow_up_date", "办结日期不能晚于今天。", "The follow-up date cannot be in the future.")
	}
	if a.ProblemsSolved < 0 {
		c.add("problems_solved", "解决问题数不能为负数。", "The number of problems solved cannot be negative.")
	}
	if a.ProblemsRaised < 0 {
		c.add("problems_raised", "提出问题数不能为负数。", "The number of problems raised cannot be negative.")
	}
	if a.TypicalCase && a.CaseTitle == "" {
		c.add("case_title", "典型案例须有标题，如“小寨社区：协商解决片区停车难”。",
			"A typical case needs a short title, e.g. \"Xiaozhai: parking settled by consultation\".")
	}
	c.maxLen("case_title", a.CaseTitle, 100, label{"案例标题", "case title"})
	c.maxLen("notes", a.Notes, 2000, label{"备注", "notes"})
}

// checkConsultation checks what an activity and a plan share: the site,
// the topic, where it came from, its form and procedure.
func checkConsultation(c *checker, siteID uint, topic, source, form, procedure string) {
	if siteID == 0 {
		c.add("site_id", "请选择试点单位。", "Please choose the pilot site.")
	}
	c.required("topic", topic, label{"议题", "topic"})
	c.maxLen("topic", topic, 200, label{"议题", "topic"})
	if !TopicSources.Valid(source) {
		c.add("topic_source", "请选择议题来源。", "Please choose where the topic came from.")
	}
	if form != "" && !ActivityForms.Valid(form) {
		c.add("form", "协商形式不在可选范围内。", "Unknown form of consultation.")
	}
	c.maxLen("procedure", procedure, 50, label{"议事程序", "procedure"})
}

// row prefixes the fields and messages of a child row of the form (an
// attendee, an item) so the form can point at it; zero: a record alone.
type row struct {
	field      string // "follow_up_items[1]."
	ofZH, ofEN string // "第2项督办事项的", " of follow-up item 2"
	atZH, atEN string // "第2项督办事项：", "Follow-up item 2: "
}

func childRow(field string, i int, zh, en string) row {
	return row{fmt.Sprintf("%s[%d].", field, i), fmt.Sprintf("第%d%s的", i+1, zh), fmt.Sprintf(" of %s %d", en, i+1),
		fmt.Sprintf("第%d%s：", i+1, zh), fmt.Sprintf("%s %d: ", strings.ToUpper(en[:1])+en[1:], i+1)}
}

func (r row) label(zh, en string) label            { return label{r.ofZH + zh, en + r.ofEN} }
func (r row) add(c *checker, field, zh, en string) { c.add(r.field+field, r.atZH+zh, r.atEN+en) }

// checkAttendees tidies and validates the named attendees (a plan's
// invitees) listed as field, a person on file once (their name is copied).
func checkAttendees(c *checker, people []Attendee, field, zh, en string) {
	seen := map[uint]bool{}
	for i := range people {
		t := &people[i]
		t.tidy()
		r := childRow(field, i, zh, en)
		if t.PersonID == nil {
			c.required(r.field+"name", t.Name, r.label("姓名", "name"))
		}
		c.maxLen(r.field+"name", t.Name, 50, r.label("姓名", "name"))
		if !AttendeeRoles.Valid(t.Role) {
			r.add(c, "role", "请选择参加身份。", "Please choose the role.")
		}
		if t.PersonID != nil {
			if seen[*t.PersonID] {
				r.add(c, "person_id", "同一人员列了两次。", "The same person is listed twice.")
			}
			seen[*t.PersonID] = true
		}
	}
}

// checkItem validates a follow-up item against its activity's date.
func checkItem(c *checker, r row, f *FollowUpItem, held Date) {
	c.required(r.field+"task", f.Task, r.label("督办事项", "task"))
	c.maxLen(r.field+"task", f.Task, 500, r.label("督办事项", "task"))
	c.maxLen(r.field+"unit", f.Unit, 100, r.label("责任单位", "responsible unit"))
	if !FollowUps.Valid(f.Status) {
		r.add(c, "status", "办理状态不在可选范围内。", "Unknown status.")
	}
	if f.Progress < 0 || f.Progress > 100 {
		r.add(c, "progress", "完成进度须在0到100之间。", "The progress must be between 0 and 100.")
	}
	if !f.Deadline.IsZero() && !held.IsZero() && f.Deadline.Before(held) {
		r.add(c, "deadline", "办结时限不能早于活动日期。", "The deadline cannot be before the activity.")
	}
	switch {
	case f.Status == FollowUpDone && f.DoneOn.IsZero():
		r.add(c, "done_on", "已办结的事项须填写办结日期。", "Enter the date the item was done.")
	case f.Status != FollowUpDone && !f.DoneOn.IsZero():
		r.add(c, "done_on", "尚未办结的事项不填办结日期。", "Only a done item has a done date.")
	case !f.DoneOn.IsZero() && !held.IsZero() && f.DoneOn.Before(held):
		r.add(c, "done_on", "办结日期不能早于活动日期。", "The done date cannot be before the activity.")
	case f.DoneOn.After(Today()):
		r.add(c, "done_on", "办结日期不能晚于今天。", "The done date cannot be in the future.")
	}
	c.maxLen(r.field+"notes", f.Notes, 2000, r.label("备注", "notes"))
}

// checkActivitySite derives the township from the site, which must be live.
func checkActivitySite(tx *gorm.DB, a *Activity, c *checker) error {
	if a.SiteID == 0 {
		return nil
	}
	var s Site
	err := tx.Select("id", "kind", "parent_id").First(&s, a.SiteID).Error
	switch {
	case err == gorm.ErrRecordNotFound:
		c.add("site_id", "所选的试点单位不存在或已删除。", "The chosen pilot site does not exist or was deleted.")
		return nil
	case err != nil:
		return err
	}
	a.TownshipID = townshipOf(&s)
	return nil
}

func townshipOf(s *Site) uint {
	if s.ParentID == nil {
		return s.ID
	}
	return *s.ParentID
}

// SaveActivity creates (ID 0) or updates the activity with its attendees
// (replacing the stored ones) and its items, all in one transaction. An
// item with ID 0 is added, one with an ID updated (stale: refused;
// unchanged: left alone), a stored one missing is deleted for good (logged).
// On success the arguments hold the stored values.
func (st *Store) SaveActivity(ctx context.Context, a *Activity, attendees []Attendee, items []FollowUpItem) error {
	a.tidy()
	var c checker
	a.check(&c, len(attendees))
	checkAttendees(&c, attendees, "attendees", "位参加人员", "attendee")
	open := 0
	for i := range items {
		items[i].tidy()
		checkItem(&c, childRow("follow_up_items", i, "项督办事项", "follow-up item"), &items[i], a.Date)
		if items[i].Status != FollowUpDone {
			open++
		}
	}
	if a.FollowUp == FollowUpDone && open > 0 {
		c.add("follow_up", fmt.Sprintf("还有%d项督办事项未办结，活动的落实情况不能为已办结。", open),
			fmt.Sprintf("%d follow-up items are not done yet, so the activity cannot be marked done.", open))
	}
	if c.err() != nil {
		return c.err()
	}

	// Work on copies so that a failure leaves the caller's values as typed.
	act := *a
	people := append([]Attendee(nil), attendees...)
	todo := append([]FollowUpItem(nil), items...)
	err := st.transact(ctx, func(tx *gorm.DB) error {
		// saveRecord on a store bound to tx runs in a savepoint of this one.
		in := &Store{db: tx, path: st.path, user: st.user}
		err := saveRecord(ctx, in, &act, activityLabel, "activity", func(tx *gorm.DB) error {
			if err := checkActivitySite(tx, &act, &c); err != nil {
				return err
			}
			if err := checkActivityGroup(tx, &act, &c); err != nil { // site_group.go
				return err
			}
			if err := fillAttendeeNames(tx, people, &c); err != nil {
				return err
			}
			return c.err()
		})
		if err != nil {
			return err
		}
		if err := tx.Where("activity_id = ?", act.ID).Delete(&Attendee{}).Error; err != nil {
			return translate(err, activityLabel)
		}
		for i := range people {
			people[i].ID, people[i].ActivityID = 0, act.ID
		}
		if len(people) > 0 {
			if err := tx.CreateInBatches(people, 500).Error; err != nil {
				return translate(err, activityLabel)
			}
		}
		return saveItems(ctx, in, tx, act.ID, todo)
	})
	if err != nil {
		return err
	}
	*a = act
	copy(attendees, people)
	copy(items, todo)
	return nil
}

// fillAttendeeNames copies the names of people on file, who must be live.
func fillAttendeeNames(tx *gorm.DB, people []Attendee, c *checker) error {
	for i := range people {
		if id := people[i].PersonID; id != nil {
			r := childRow("attendees", i, "位参加人员", "attendee")
			name, err := liveName(tx, "people", *id, c, r.field+"person_id", r.atZH+"所选人员不存在或已删除。", r.atEN+"The chosen person does not exist or was deleted.")
			if err != nil {
				return err
			}
			if name != "" {
				people[i].Name = name
			}
		}
	}
	return nil
}

// saveItems makes the activity's live items what items says (see SaveActivity).
func saveItems(ctx context.Context, in *Store, tx *gorm.DB, activityID uint, items []FollowUpItem) error {
	var stored []FollowUpItem
	if err := tx.Where("activity_id = ?", activityID).Find(&stored).Error; err != nil {
		return translate(err, followUpLabel)
	}
	byID := make(map[uint]*FollowUpItem, len(stored))
	for i := range stored {
		byID[stored[i].ID] = &stored[i]
	}
	for i := range items {
		f := &items[i]
		if f.ID != 0 {
			old, ok := byID[f.ID]
			if !ok || old.Version != f.Version {
				return errStale(followUpLabel)
			}
			delete(byID, f.ID)
			same := *old // the item's own fields unchanged: left alone
			same.Model, same.ActivityID = f.Model, f.ActivityID
			if same == *f {
				*f = *old
				continue
			}
		}
		f.ActivityID = activityID
		if err := saveRecord(ctx, in, f, followUpLabel, "follow_up_item", func(*gorm.DB) error { return nil }); err != nil {
			return err
		}
	}
	for _, old := range stored {
		if _, gone := byID[old.ID]; !gone {
			continue
		}
		if err := tx.Unscoped().Delete(&FollowUpItem{}, old.ID).Error; err != nil {
			return translate(err, followUpLabel)
		}
		if err := in.logChange(tx, "follow_up_item", old.ID, ActionPurge, old.Title(), &old, nil); err != nil {
			return err
		}
	}
	return nil
}

// ActivityDetail is one activity with its attendees and live items.
type ActivityDetail struct {
	Activity
	Attendees []Attendee
	Items     []FollowUpItem
}

// ActivityFollowUps returns the live items of the activities ids, keyed by activity.
func (st *Store) ActivityFollowUps(ctx context.Context, ids []uint) (map[uint][]FollowUpItem, error) {
	out, err := byActivity(ctx, st, `SELECT id, activity_id, task, unit, CAST(deadline AS TEXT), status, progress,
		CAST(done_on AS TEXT), notes FROM follow_up_items WHERE deleted_at IS NULL AND`, ids, func(f *FollowUpItem) ([]any, *uint) {
		return []any{uintCol{&f.ID}, uintCol{&f.ActivityID}, &f.Task, &f.Unit, &f.Deadline, &f.Status, intCol{&f.Progress}, &f.DoneOn, &f.Notes}, &f.ActivityID
	})
	return out, translate(err, followUpLabel)
}

// Activity returns one live activity with its names, attendees and items.
func (st *Store) Activity(ctx context.Context, id uint) (*ActivityDetail, error) {
	db := st.db.WithContext(ctx)
	rows, err := st.scanActivities(ctx, activitySelect+` WHERE a.id = ? AND a.deleted_at IS NULL`, []any{id}, 1)
	if err != nil {
		return nil, translate(err, activityLabel)
	}
	if len(rows) == 0 {
		return nil, translate(gorm.ErrRecordNotFound, activityLabel)
	}
	d := &ActivityDetail{Activity: rows[0]}
	if err := db.Where("activity_id = ?", id).Order("id").Find(&d.Attendees).Error; err != nil {
		return nil, translate(err, activityLabel)
	}
	if err := db.Where("activity_id = ?", id).Order("id").Find(&d.Items).Error; err != nil {
		return nil, translate(err, followUpLabel)
	}
	return d, nil
}

// InsertActivities adds new activities in bulk (imports, the demo) in one
// transaction, logged as one import. The first bad row refuses them all
// (a *RowError inside the error); on success rows hold the new IDs.
func (st *Store) InsertActivities(ctx context.Context, rows []Activity) error {
	return st.InsertActivitiesReporting(ctx, rows, nil)
}

// InsertActivitiesReporting is InsertActivities telling progress the rows in.
func (st *Store) InsertActivitiesReporting(ctx context.Context, rows []Activity, progress func(done int)) error {
	if len(rows) == 0 {
		return nil
	}
	if err := validateRows(rows); err != nil {
		return err
	}
	err := st.transact(ctx, func(tx *gorm.DB) error {
		var sites []Site
		if err := tx.Select("id", "parent_id").Find(&sites).Error; err != nil {
			return translate(err, activityLabel)
		}
		town := make(map[uint]uint, len(sites))
		for i := range sites {
			town[sites[i].ID] = townshipOf(&sites[i])
		}
		now := time.Now()
		for i := range rows {
			a := &rows[i]
			t, ok := town[a.SiteID]
			if !ok {
				var c checker
				c.add("site_id", "所选的试点单位不存在或已删除。", "The chosen pilot site does not exist or was deleted.")
				return rowError(i, c.err())
			}
			a.Model = Model{CreatedAt: now, UpdatedAt: now, Version: 1}
			a.TownshipID = t
		}
		cols := []string{"created_at", "updated_at", "version"}
		for _, c := range ActivityColumns {
			cols = append(cols, c.Name)
		}
		// By date: the indexes then take the rows at the ends of their runs.
		order := make([]int, len(rows))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(i, j int) int { return rows[i].Date.Compare(rows[j].Date) })
		first, err := insertRows(ctx, tx, "activities", cols, len(rows), func(i int) []any {
			a := &rows[order[i]]
			v := []any{a.CreatedAt, a.UpdatedAt, a.Version}
			for _, c := range ActivityColumns {
				v = append(v, c.Get(a))
			}
			return v
		}, progress)
		if err != nil {
			return translate(err, activityLabel)
		}
		for i, k := range order {
			rows[k].ID = uint(first) + uint(i)
		}
		return st.logChange(tx, "activity", 0, ActionImport, fmt.Sprintf("%d次协商议事活动", len(rows)), nil, nil)
	})
	if err != nil {
		for i := range rows {
			rows[i].ID = 0
		}
	}
	return err
}

// validateRows validates rows on every core; the first bad row's error.
func validateRows(rows []Activity) error {
	errs := make([]error, len(rows))
	k := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for p := range k {
		wg.Go(func() {
			for i := p * len(rows) / k; i < (p+1)*len(rows)/k; i++ {
				errs[i] = rows[i].Validate()
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return rowError(i, err)
		}
	}
	return nil
}

// RowError says which row of a bulk insert was refused. It does not
// unwrap: the sentence to show is the *Error around it.
type RowError struct {
	Index int   // position in the rows given
	Err   error // why, as a user error
}

func (e *RowError) Error() string { return fmt.Sprintf("row %d: %v", e.Index+1, e.Err) }

// rowError names the row of a bulk insert that broke a rule.
func rowError(i int, err error) error {
	return &Error{Code: ErrorCode(err), Err: &RowError{Index: i, Err: err},
		ZH: fmt.Sprintf("第%d条活动：%s", i+1, Message(err, "zh")),
		EN: fmt.Sprintf("Activity %d: %s", i+1, Message(err, "en"))}
}

var activityTrash = registerTrash(&trashRules[Activity, *Activity]{entity: "activity", label: activityLabel,
	// Its follow-up items go along; a live topic linked to it refuses.
	trash: func(st *Store, tx *gorm.DB, a *Activity) error {
		if err := checkNoTopics(tx, a); err != nil { // topic.go
			return err
		}
		return tx.Model(&FollowUpItem{}).Where("activity_id = ?", a.ID).
			UpdateColumns(trashStamp(a.DeletedAt.Time)).Error
	},
	// It comes back with its items, unless its site is trashed.
	restore: func(st *Store, tx *gorm.DB, a *Activity) error {
		if live, err := isLive(tx, "sites", a.SiteID); err != nil || !live {
			if err != nil {
				return err
			}
			return newErr(EConflict, "", "该活动所属的试点单位已被删除，请先恢复该试点单位。", "Its pilot site was deleted; restore the site first.")
		}
		// Every trashed item went with it: items removed in the form are deleted.
		return tx.Unscoped().Model(&FollowUpItem{}).Where("activity_id = ? AND deleted_at IS NOT NULL", a.ID).
			UpdateColumns(trashStamp(nil)).Error
	},
	// A purge deletes its attendees and items too (the foreign keys cascade).
})

// TrashActivity moves an activity and its follow-up items to the trash.
func (st *Store) TrashActivity(ctx context.Context, id uint) error {
	return activityTrash.move(st, ctx, ActionTrash, id)
}

// syncActivityTownship keeps activities.township_id (trashed too) in step
// with a site that moves (SaveSite).
func syncActivityTownship(tx *gorm.DB, s *Site) error {
	if s.ID == 0 {
		return nil
	}
	t := townshipOf(s)
	return tx.Unscoped().Model(&Activity{}).Where("site_id = ? AND township_id <> ?", s.ID, t).UpdateColumn("township_id", t).Error
}

// checkNoActivities refuses to purge a site (or township) with activities, trashed too.
func checkNoActivities(tx *gorm.DB, s *Site) error {
	return refuseIfAny(tx.Unscoped().Model(&Activity{}).Where("site_id = ? OR township_id = ?", s.ID, s.ID), func(n int64) error {
		return newErr(EInUse, "", fmt.Sprintf("“%s”还有%d次协商议事活动（包括回收站中的），不能彻底删除。请先彻底删除这些活动，或保留该试点单位。", s.Name, n),
			fmt.Sprintf("%q still has %d consultation activities (including trashed ones), so it cannot be purged. Purge those first, or keep the site.", s.Name, n))
	})
}
