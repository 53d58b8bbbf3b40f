package data

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Topic is one topic of the topic library (议题库): collected before a
// consultation from one of the four sources, proposed by a person, a unit
// or the public for a site or a township, then chosen (or not), consulted
// on at an activity and followed until what was agreed is done.
type Topic struct {
	Model
	Text         string `gorm:"not null" json:"text"`                // 议题
	Source       string `gorm:"not null" json:"source"`              // TopicSources code
	ProposerKind string `gorm:"not null" json:"proposer_kind"`       // TopicProposers code
	Proposer     string `gorm:"not null;default:''" json:"proposer"` // the person's or the unit's name
	PersonID     *uint  `json:"person_id,omitempty"`                 // a person on file who proposed it
	ProposedOn   Date   `gorm:"not null" json:"proposed_on"`         // 提出日期
	SiteID       uint   `gorm:"not null" json:"site_id"`             // a site or a township
	Status       string `gorm:"not null" json:"status"`              // TopicStatuses code
	Reason       string `gorm:"not null;default:''" json:"reason"`   // why not taken up (不予采纳)
	ActivityID   *uint  `json:"activity_id,omitempty"`               // the activity that takes it
	PlanID       *uint  `json:"plan_id,omitempty"`                   // the consultation planned on it (plan.go)
	Notes        string `gorm:"not null;default:''" json:"notes"`    //

	// Filled by the list queries.
	SiteName      string `gorm:"->;-:migration" json:"site_name,omitempty"`
	Township      string `gorm:"->;-:migration" json:"township,omitempty"`
	ActivityDate  Date   `gorm:"->;-:migration" json:"-"`
	ActivityTopic string `gorm:"->;-:migration" json:"-"`
}

func (t *Topic) Title() string { return t.Text }

// ActivityTitle names the linked activity as the ledger does (date and
// topic); "" when there is none.
func (t *Topic) ActivityTitle() string {
	if t.ActivityID == nil || t.ActivityDate.IsZero() {
		return ""
	}
	return t.ActivityDate.String() + " " + t.ActivityTopic
}

var topicLabel = label{"议题", "topic"}

// Who proposed a topic.
const (
	ProposerPerson = "person"
	ProposerUnit   = "unit"
	ProposerPublic = "public"
)

var TopicProposers = enum("topic_proposer",
	Option{ProposerPerson, "个人", "A person"},
	Option{ProposerUnit, "单位", "A unit"},
	Option{ProposerPublic, "群众", "The public"},
)

// A topic's way: collected, chosen, consulted on, done; or not taken up.
const (
	TopicCollecting = "collecting"
	TopicChosen     = "chosen"
	TopicConsulted  = "consulted"
	TopicDone       = "done"
	TopicRejected   = "rejected"
)

var TopicStatuses = enum("topic_status",
	Option{TopicCollecting, "征集中", "Being collected"},
	Option{TopicChosen, "已确定", "Chosen"},
	Option{TopicConsulted, "已协商", "Consulted"},
	Option{TopicDone, "已落实", "Done"},
	Option{TopicRejected, "不予采纳", "Not taken up"},
)

// needsActivity tells whether the status says the topic was consulted on.
func needsActivity(status string) bool { return status == TopicConsulted || status == TopicDone }

// tidy trims what was typed; only a topic not taken up keeps a reason, and
// only a person keeps the link to the people on file.
func (t *Topic) tidy() {
	cleanStrings(t)
	if t.Status != TopicRejected {
		t.Reason = ""
	}
	if t.ProposerKind != ProposerPerson {
		t.PersonID = nil
	}
	if t.PersonID != nil && *t.PersonID == 0 {
		t.PersonID = nil
	}
	if t.ActivityID != nil && *t.ActivityID == 0 {
		t.ActivityID = nil
	}
	if t.PlanID != nil && *t.PlanID == 0 {
		t.PlanID = nil
	}
}

// Validate checks the rules that need no database (for the form and the
// importer).
func (t *Topic) Validate() error {
	t.tidy()
	return validate(t)
}

func (t *Topic) check(c *checker) {
	c.required("text", t.Text, label{"议题", "topic"})
	c.maxLen("text", t.Text, 200, label{"议题", "topic"})
	if !TopicSources.Valid(t.Source) {
		c.add("source", "请选择议题来源。", "Please choose where the topic came from.")
	}
	if !TopicProposers.Valid(t.ProposerKind) {
		c.add("proposer_kind", "请选择提出方：个人、单位或群众。", "Please choose who proposed it: a person, a unit or the public.")
	}
	switch t.ProposerKind {
	case ProposerPerson:
		if t.PersonID == nil && t.Proposer == "" {
			c.add("proposer", "请选择或填写提出议题的人。", "Please choose or enter the person who proposed it.")
		}
	case ProposerUnit:
		c.required("proposer", t.Proposer, label{"提出单位", "proposing unit"})
	}
	c.maxLen("proposer", t.Proposer, 100, label{"提出人（单位）", "proposer"})
	switch {
	case t.ProposedOn.IsZero():
		c.add("proposed_on", "请填写提出日期。", "Please enter the date it was proposed.")
	case t.ProposedOn.After(Today()):
		c.add("proposed_on", "提出日期不能晚于今天。", "The date it was proposed cannot be in the future.")
	}
	if t.SiteID == 0 {
		c.add("site_id", "请选择议题所在的试点单位或乡镇（街道）。", "Please choose the site or township the topic is for.")
	}
	if !TopicStatuses.Valid(t.Status) {
		c.add("status", "请选择议题状态。", "Please choose the topic's status.")
	}
	if t.Status == TopicRejected {
		c.required("reason", t.Reason, label{"不予采纳的理由", "reason for not taking it up"})
	}
	c.maxLen("reason", t.Reason, 500, label{"不予采纳的理由", "reason"})
	if needsActivity(t.Status) && t.ActivityID == nil {
		c.add("activity_id", "已协商、已落实的议题须关联开展协商的活动。", "A topic consulted on or done must be linked to the activity that consulted on it.")
	}
	if t.Status == TopicRejected && (t.ActivityID != nil || t.PlanID != nil) {
		c.add("activity_id", "不予采纳的议题不能关联协商议事活动。", "A topic not taken up cannot be linked to an activity.")
	}
	c.maxLen("notes", t.Notes, 2000, label{"备注", "notes"})
}

// checkTopicRefs checks the rules that read other rows, inside the saving
// transaction: the place, the person and the activity are live, and the
// activity was held at the topic's place (its township, for a township's
// topic).
func checkTopicRefs(tx *gorm.DB, t *Topic, c *checker) error {
	var site Site
	switch err := tx.Select("id", "name", "kind", "parent_id").First(&site, t.SiteID).Error; {
	case err == gorm.ErrRecordNotFound:
		c.add("site_id", "所选的试点单位不存在或已删除。", "The chosen site does not exist or was deleted.")
	case err != nil:
		return err
	}
	if t.PersonID != nil {
		var p Person
		switch err := tx.Select("id", "name").First(&p, *t.PersonID).Error; {
		case err == gorm.ErrRecordNotFound:
			c.add("proposer", "所选的提出人不存在或已删除。", "The chosen person does not exist or was deleted.")
		case err != nil:
			return err
		default:
			t.Proposer = p.Name // the name is kept so the topic reads the same once the person is gone
		}
	}
	if t.ActivityID != nil {
		var a Activity
		switch err := tx.Select("id", "site_id", "township_id").First(&a, *t.ActivityID).Error; {
		case err == gorm.ErrRecordNotFound:
			c.add("activity_id", "所选的协商议事活动不存在或已删除。", "The chosen activity does not exist or was deleted.")
		case err != nil:
			return err
		case site.ID != 0 && a.SiteID != site.ID && a.TownshipID != site.ID:
			c.add("activity_id", fmt.Sprintf("所选的活动不是在“%s”开展的。", site.Name),
				fmt.Sprintf("The chosen activity was not held at %s.", site.Name))
		}
	}
	return clash(tx.Model(&Topic{}).Where("site_id = ? AND text = ? AND id <> ?", t.SiteID, t.Text, t.ID), c,
		"text", "该试点单位已有相同的议题。", "This site already has the same topic.")
}

// SaveTopic creates the topic (ID 0) or updates it. On success t holds the
// stored values; on failure nothing is written and the error names the
// fields to fix.
func (st *Store) SaveTopic(ctx context.Context, t *Topic) error {
	return saveChecked(ctx, st, t, topicLabel, "topic", func(tx *gorm.DB, c *checker) error { return checkTopicRefs(tx, t, c) })
}

// TakeTopic makes activity the one that takes the topic: the topic links to
// it and, if it was still being collected or chosen, counts as consulted
// on. A topic not taken up, or taken by another activity, is refused.
func (st *Store) TakeTopic(ctx context.Context, topicID, activityID uint) error {
	t, err := st.Topic(ctx, topicID)
	if err != nil {
		return err
	}
	switch {
	case t.Status == TopicRejected:
		return newErr(EConflict, "activity_id", fmt.Sprintf("议题“%s”已不予采纳，不能安排协商。", t.Text),
			fmt.Sprintf("The topic %q was not taken up; it cannot be consulted on.", t.Text))
	case t.ActivityID != nil && *t.ActivityID != activityID:
		return newErr(EConflict, "activity_id", fmt.Sprintf("议题“%s”已由活动“%s”协商。", t.Text, t.ActivityTitle()),
			fmt.Sprintf("The topic %q was already consulted on at %s.", t.Text, t.ActivityTitle()))
	}
	t.ActivityID = &activityID
	if !needsActivity(t.Status) {
		t.Status = TopicConsulted
	}
	return st.SaveTopic(ctx, t)
}

// Topic returns one live topic with its place and activity.
func (st *Store) Topic(ctx context.Context, id uint) (*Topic, error) {
	var t Topic
	if err := topics(st.db.WithContext(ctx)).Where("t.id = ?", id).Take(&t).Error; err != nil {
		return nil, translate(err, topicLabel)
	}
	return &t, nil
}

// TopicFilter narrows the topic list; zero fields do not filter.
type TopicFilter struct {
	From, To   Date   // proposed between, inclusive
	TownshipID uint   // the township's own topics and its sites'
	SiteID     uint   // this site's only
	Source     string // a TopicSources code
	Status     string // a TopicStatuses code
	Keyword    string // part of the topic, the proposer, the reason or the notes
}

// Topics lists live topics, newest proposed first.
func (st *Store) Topics(ctx context.Context, f TopicFilter) ([]Topic, error) {
	q := topics(st.db.WithContext(ctx))
	add := func(cond string, v ...any) { q = q.Where(cond, v...) }
	if !f.From.IsZero() {
		add("t.proposed_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("t.proposed_on <= ?", f.To)
	}
	if f.SiteID != 0 {
		add("t.site_id = ?", f.SiteID)
	} else if f.TownshipID != 0 {
		add("(t.site_id = ? OR s.parent_id = ?)", f.TownshipID, f.TownshipID)
	}
	if f.Source != "" {
		add("t.source = ?", f.Source)
	}
	if f.Status != "" {
		add("t.status = ?", f.Status)
	}
	if kw := strings.TrimSpace(f.Keyword); kw != "" {
		cond, likes := likeAny(kw, "t.text", "t.proposer", "t.reason", "t.notes", "s.name")
		add(cond, likes...)
	}
	var out []Topic
	err := q.Order("t.proposed_on DESC, t.id DESC").Scan(&out).Error
	return out, translate(err, topicLabel)
}

// TopicsOfActivity lists the live topics an activity takes (the activity's
// link back to the library).
func (st *Store) TopicsOfActivity(ctx context.Context, activityID uint) ([]Topic, error) {
	var out []Topic
	err := topics(st.db.WithContext(ctx)).Where("t.activity_id = ?", activityID).Order("t.id").Scan(&out).Error
	return out, translate(err, topicLabel)
}

// topics selects the live topics (t) with their place (s, its township p)
// and live activity (a).
func topics(db *gorm.DB) *gorm.DB {
	return db.Table("topics t").Select("t.*, s.name AS site_name, COALESCE(p.name, s.name) AS township, a.date AS activity_date, a.topic AS activity_topic").
		Joins("JOIN sites s ON s.id = t.site_id LEFT JOIN sites p ON p.id = s.parent_id").
		Joins("LEFT JOIN activities a ON a.id = t.activity_id AND a.deleted_at IS NULL").Where("t.deleted_at IS NULL")
}

var topicTrash = registerTrash(&trashRules[Topic, *Topic]{entity: "topic", label: topicLabel,
	trash: func(st *Store, tx *gorm.DB, t *Topic) error {
		if t.ActivityID == nil {
			return nil
		}
		var a Activity
		err := tx.Select("id", "date", "topic").First(&a, *t.ActivityID).Error
		if err == gorm.ErrRecordNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		return newErr(EInUse, "", fmt.Sprintf("议题“%s”已用于协商议事活动“%s”，不能删除。如确需删除，请先在议题中取消与该活动的关联。", t.Text, a.Title()),
			fmt.Sprintf("The topic %q is used by the activity %q and cannot be deleted; unlink it from the activity first.", t.Text, a.Title()))
	},
	restore: func(st *Store, tx *gorm.DB, t *Topic) error {
		var c checker
		t.Status = TopicCollecting // the activity's rules are not the restore's business
		t.ActivityID = nil
		if err := checkTopicRefs(tx, t, &c); err != nil {
			return err
		}
		if e := c.errs.Field("site_id"); e != nil {
			return newErr(EConflict, "", "该议题所在的试点单位已被删除，请先恢复该试点单位。", "Its site was deleted; restore the site first.")
		}
		if e := c.errs.Field("text"); e != nil {
			return newErr(EConflict, "", "该试点单位已有相同的议题，请先改动或删除那一条。", "The site has the same topic now; change or delete that one first.")
		}
		return nil
	},
})

// TrashTopic moves a topic to the trash. One an activity takes is refused,
// naming the activity: its record would lose where its topic came from.
func (st *Store) TrashTopic(ctx context.Context, id uint) error {
	return topicTrash.move(st, ctx, ActionTrash, id)
}

// checkNoTopics refuses to trash an activity a live topic is linked to,
// naming the topic (called by TrashActivity).
func checkNoTopics(tx *gorm.DB, a *Activity) error {
	var t Topic
	err := tx.Select("id", "text").Where("activity_id = ?", a.ID).Order("id").First(&t).Error
	if err == gorm.ErrRecordNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	return newErr(EInUse, "", fmt.Sprintf("该活动协商的是议题库中的“%s”，请先在议题库中取消该议题与活动的关联。", t.Text),
		fmt.Sprintf("This activity consulted on the topic %q of the topic library; unlink that topic first.", t.Text))
}
