package data

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
)

// Plan is a consultation planned (协商计划): its day (which may be to come),
// site, topic and form, and the people invited. It stays 计划中 until it is
// held, when the activity recorded from it (HoldPlan) takes what was
// planned, or cancelled. The rules that need an outcome, votes or a head
// count are the activity's, so they apply once it is held.
type Plan struct {
	Model
	Date        Date   `gorm:"not null" json:"date"`
	SiteID      uint   `gorm:"not null" json:"site_id"`
	Topic       string `gorm:"not null" json:"topic"`
	TopicSource string `gorm:"not null" json:"topic_source"`
	Form        string `gorm:"not null;default:''" json:"form"`
	Procedure   string `gorm:"not null;default:''" json:"procedure"`
	Status      string `gorm:"not null" json:"status"`            // PlanStatuses code
	Reason      string `gorm:"not null;default:''" json:"reason"` // why cancelled
	ActivityID  *uint  `json:"activity_id,omitempty"`             // the activity once held
	Notes       string `gorm:"not null;default:''" json:"notes"`  //

	// Filled by Plan and Plans.
	SiteName string     `gorm:"->;-:migration" json:"site_name,omitempty"`
	Township string     `gorm:"->;-:migration" json:"township,omitempty"`
	Invitees []Attendee `gorm:"-" json:"-"` // ActivityID unused
}

func (p *Plan) Title() string { return p.Date.String() + " " + p.Topic }

var planLabel = label{"协商计划", "planned consultation"}

// PlanInvitee is a person invited to a planned consultation: on file, or
// known by name only, with the role they are to attend in.
type PlanInvitee struct {
	ID       uint   `gorm:"primaryKey" json:"id"`
	PlanID   uint   `gorm:"not null" json:"plan_id"`
	PersonID *uint  `json:"person_id,omitempty"`
	Name     string `gorm:"not null" json:"name"`
	Role     string `gorm:"not null" json:"role"` // AttendeeRoles code
}

const (
	PlanPlanned   = "planned"
	PlanHeld      = "held"
	PlanCancelled = "cancelled"
)

var PlanStatuses = enum("plan_status",
	Option{PlanPlanned, "计划中", "Planned"},
	Option{PlanHeld, "已开展", "Held"},
	Option{PlanCancelled, "已取消", "Cancelled"},
)

func (p *Plan) tidy() {
	cleanStrings(p)
	if p.Status == "" {
		p.Status = PlanPlanned
	}
	if p.Status != PlanCancelled {
		p.Reason = ""
	}
}

// Validate checks the rules that need no database.
func (p *Plan) Validate() error {
	p.tidy()
	return validate(p)
}

func (p *Plan) check(c *checker) {
	if p.Date.IsZero() {
		c.add("date", "请填写计划日期。", "Please enter the day planned.")
	}
	checkConsultation(c, p.SiteID, p.Topic, p.TopicSource, p.Form, p.Procedure)
	if !PlanStatuses.Valid(p.Status) {
		c.add("status", "请选择计划状态。", "Please choose the plan's status.")
	}
	if p.Status == PlanCancelled {
		c.required("reason", p.Reason, label{"取消原因", "reason for cancelling"})
	}
	c.maxLen("reason", p.Reason, 500, label{"取消原因", "reason"})
	if p.Status == PlanHeld && p.ActivityID == nil {
		c.add("status", "计划须在登记开展的活动时标记为已开展。", "A plan is marked held by recording the activity held.")
	}
	c.maxLen("notes", p.Notes, 2000, label{"备注", "notes"})
}

// SavePlan creates the plan (ID 0) or updates it, and makes invited its
// invitees, in one transaction. On failure nothing is written and the
// error names the fields to fix ("invitees[i].name" for a row).
func (st *Store) SavePlan(ctx context.Context, p *Plan, invited []Attendee) error {
	p.tidy()
	var c checker
	p.check(&c)
	checkAttendees(&c, invited, "invitees", "位受邀人员", "invitee")
	if c.err() != nil {
		return c.err()
	}
	plan, people := *p, append([]Attendee(nil), invited...)
	err := st.transact(ctx, func(tx *gorm.DB) error {
		in := &Store{db: tx, path: st.path, user: st.user}
		err := saveRecord(ctx, in, &plan, planLabel, "plan", func(tx *gorm.DB) error {
			a := Activity{SiteID: plan.SiteID} // a plan's site is checked as an activity's
			if err := checkActivitySite(tx, &a, &c); err != nil {
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
		if err := tx.Where("plan_id = ?", plan.ID).Delete(&PlanInvitee{}).Error; err != nil {
			return translate(err, planLabel)
		}
		rows := make([]PlanInvitee, len(people))
		for i, t := range people {
			rows[i] = PlanInvitee{PlanID: plan.ID, PersonID: t.PersonID, Name: t.Name, Role: t.Role}
		}
		if len(rows) > 0 {
			if err := tx.Create(&rows).Error; err != nil {
				return translate(err, planLabel)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	plan.Invitees = people
	*p = plan
	copy(invited, people)
	return nil
}

// Plan returns one live plan with its invitees.
func (st *Store) Plan(ctx context.Context, id uint) (*Plan, error) {
	rows, err := st.plans(ctx, "c.id = ?", []any{id}, "c.id")
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, translate(gorm.ErrRecordNotFound, planLabel)
	}
	return &rows[0], nil
}

// plans reads the live plans matching where, with their invitees.
func (st *Store) plans(ctx context.Context, where string, args []any, order string) ([]Plan, error) {
	var out []Plan
	err := st.db.WithContext(ctx).Table("plans c").Select("c.*, s.name AS site_name, COALESCE(w.name, s.name) AS township").
		Joins("JOIN sites s ON s.id = c.site_id LEFT JOIN sites w ON w.id = s.parent_id").
		Where("c.deleted_at IS NULL").Where(where, args...).Order(order).Scan(&out).Error
	if err != nil || len(out) == 0 {
		return out, translate(err, planLabel)
	}
	at := map[uint]int{}
	ids := make([]uint, len(out))
	for i := range out {
		ids[i], at[out[i].ID] = out[i].ID, i
	}
	var invitees []PlanInvitee
	if err := st.db.WithContext(ctx).Where("plan_id IN ?", ids).Order("id").Find(&invitees).Error; err != nil {
		return nil, translate(err, planLabel)
	}
	for _, v := range invitees {
		p := &out[at[v.PlanID]]
		p.Invitees = append(p.Invitees, Attendee{PersonID: v.PersonID, Name: v.Name, Role: v.Role})
	}
	return out, nil
}

// PlanFilter narrows the plan list; zero fields do not filter.
type PlanFilter struct {
	From, To   Date   // planned days, inclusive
	TownshipID uint   // anywhere in the township
	SiteID     uint   // this site only
	Status     string // a PlanStatuses code
	Keyword    string // part of the topic, the notes or the site's name
}

// Plans lists the live plans, the latest day first.
func (st *Store) Plans(ctx context.Context, f PlanFilter) ([]Plan, error) {
	where, args := []string{"1 = 1"}, []any{}
	add := func(cond string, v ...any) { where, args = append(where, cond), append(args, v...) }
	if !f.From.IsZero() {
		add("c.date >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("c.date <= ?", f.To)
	}
	if f.SiteID != 0 {
		add("c.site_id = ?", f.SiteID)
	} else if f.TownshipID != 0 {
		add("(c.site_id = ? OR s.parent_id = ?)", f.TownshipID, f.TownshipID)
	}
	if f.Status != "" {
		add("c.status = ?", f.Status)
	}
	if kw := strings.TrimSpace(f.Keyword); kw != "" {
		cond, likes := likeAny(kw, "c.topic", "c.notes", "s.name")
		add(cond, likes...)
	}
	return st.plans(ctx, strings.Join(where, " AND "), args, "c.date DESC, c.id DESC")
}

// UpcomingPlans lists the consultations planned from today to days ahead
// (both included), the soonest first: the overview's list.
func (st *Store) UpcomingPlans(ctx context.Context, today Date, days int) ([]Plan, error) {
	return st.plans(ctx, "c.status = ? AND c.date >= ? AND c.date <= ?", []any{PlanPlanned, today, today.AddDays(days)}, "c.date, c.id")
}

// OverduePlans lists the plans whose day has passed and that are neither
// marked held nor cancelled: 需要处理.
func (st *Store) OverduePlans(ctx context.Context, today Date) ([]Plan, error) {
	return st.plans(ctx, "c.status = ? AND c.date < ?", []any{PlanPlanned, today}, "c.date, c.id")
}

// ActivityFromPlan is the activity a plan becomes when held: what was
// planned, its invitees as the attendees, dated the day planned (today if
// that is still to come: an activity is recorded once held).
func ActivityFromPlan(p *Plan, today Date) (Activity, []Attendee) {
	a := Activity{Date: p.Date, SiteID: p.SiteID, Topic: p.Topic, TopicSource: p.TopicSource, Form: p.Form,
		Procedure: p.Procedure, FollowUp: FollowUpPending, Participants: len(p.Invitees)}
	if a.Date.After(today) {
		a.Date = today
	}
	return a, slices.Clone(p.Invitees)
}

// HoldPlan marks the plan held by the activity recorded from it, in one
// transaction: the plan keeps what was planned and links the activity, and
// the topics chosen for the plan are taken by the activity (已协商).
func (st *Store) HoldPlan(ctx context.Context, planID, activityID uint) error {
	return st.transact(ctx, func(tx *gorm.DB) error {
		in := &Store{db: tx, path: st.path, user: st.user}
		p, err := in.Plan(ctx, planID)
		if err != nil {
			return err
		}
		if p.Status != PlanPlanned {
			return newErr(EConflict, "status", fmt.Sprintf("计划“%s”已是“%s”。", p.Title(), PlanStatuses.Label(p.Status, "zh")),
				fmt.Sprintf("The plan %q is %s already.", p.Title(), strings.ToLower(PlanStatuses.Label(p.Status, "en"))))
		}
		p.Status, p.ActivityID = PlanHeld, &activityID
		if err := in.SavePlan(ctx, p, p.Invitees); err != nil {
			return err
		}
		var topics []Topic
		if err := tx.Where("plan_id = ? AND activity_id IS NULL", planID).Order("id").Find(&topics).Error; err != nil {
			return translate(err, topicLabel)
		}
		for _, t := range topics {
			if err := in.TakeTopic(ctx, t.ID, activityID); err != nil {
				return err
			}
		}
		return nil
	})
}

// PlanTopic chooses the topic for the plan (已确定): a topic not taken up,
// or already consulted on, is refused.
func (st *Store) PlanTopic(ctx context.Context, topicID, planID uint) error {
	return st.transact(ctx, func(tx *gorm.DB) error {
		in := &Store{db: tx, path: st.path, user: st.user}
		t, err := in.Topic(ctx, topicID)
		if err != nil {
			return err
		}
		if t.Status == TopicRejected || t.ActivityID != nil {
			return newErr(EConflict, "plan_id", fmt.Sprintf("议题“%s”已是“%s”，不能再安排协商。", t.Text, TopicStatuses.Label(t.Status, "zh")),
				fmt.Sprintf("The topic %q is %s; it cannot be planned again.", t.Text, strings.ToLower(TopicStatuses.Label(t.Status, "en"))))
		}
		t.PlanID, t.Status = &planID, TopicChosen
		return in.SaveTopic(ctx, t)
	})
}

var planTrash = registerTrash(&trashRules[Plan, *Plan]{entity: "plan", label: planLabel,
	// The topics chosen for it go back to the library's 已确定 without a plan.
	trash: func(st *Store, tx *gorm.DB, p *Plan) error {
		return tx.Model(&Topic{}).Where("plan_id = ?", p.ID).
			UpdateColumns(map[string]any{"plan_id": nil, "version": gorm.Expr("version + 1")}).Error
	},
	restore: func(st *Store, tx *gorm.DB, p *Plan) error {
		if live, err := isLive(tx, "sites", p.SiteID); err != nil || live {
			return err
		}
		return newErr(EConflict, "", "该计划所在的试点单位已被删除，请先恢复该试点单位。", "Its pilot site was deleted; restore the site first.")
	},
	// A purge deletes its invitees too.
})

// TrashPlan moves a plan to the trash; its invitees stay with it. The
// topics chosen for it go back to the library's 已确定 without a plan.
func (st *Store) TrashPlan(ctx context.Context, id uint) error {
	return planTrash.move(st, ctx, ActionTrash, id)
}
