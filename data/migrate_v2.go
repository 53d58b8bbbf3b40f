package data

import (
	"time"

	"gorm.io/gorm"
)

// Version 2: the whole domain beside the sites. Frozen: the types below are
// this version's tables, whatever the models become later.

// BaseV2 is exported only because GORM skips unexported embedded structs.
type BaseV2 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`
	Version   int            `gorm:"not null;default:1"`
}

type changeV2 struct {
	ID       uint      `gorm:"primaryKey"`
	At       time.Time `gorm:"not null;index"`
	User     string    `gorm:"not null"`
	Entity   string    `gorm:"not null;index:idx_change_entity"`
	EntityID uint      `gorm:"not null;index:idx_change_entity"`
	Action   string    `gorm:"not null"`
	Title    string    `gorm:"not null"`
	Summary  string    `gorm:"not null"`
	Before   string    `gorm:"not null"`
	After    string    `gorm:"not null"`
}

func (changeV2) TableName() string { return "change_log" }

type settingV2 struct {
	Key   string `gorm:"primaryKey"`
	Value string `gorm:"not null"`
}

func (settingV2) TableName() string { return "settings" }

type personV2 struct {
	BaseV2
	Name     string `gorm:"not null;index"`
	Gender   string `gorm:"not null;default:''"`
	Position string `gorm:"not null;default:''"`
	Unit     string `gorm:"not null;default:''"`
	Sector   string `gorm:"not null;default:''"`
	Phone    string `gorm:"not null;default:''"`
	Category string `gorm:"not null;index"`
	Notes    string `gorm:"not null;default:''"`
}

func (personV2) TableName() string { return "people" }

type assignmentV2 struct {
	BaseV2
	PersonID uint      `gorm:"not null;index"`
	Person   *personV2 `gorm:"constraint:OnDelete:RESTRICT"`
	SiteID   uint      `gorm:"not null;index"`
	Site     *siteV1   `gorm:"constraint:OnDelete:RESTRICT"`
	Role     string    `gorm:"not null"`
	FromDate Date
	ToDate   Date
	Notes    string `gorm:"not null;default:''"`
}

func (assignmentV2) TableName() string { return "assignments" }

type panelV2 struct {
	BaseV2
	Name        string `gorm:"not null"`
	Description string `gorm:"not null;default:''"`
	Notes       string `gorm:"not null;default:''"`
}

func (panelV2) TableName() string { return "panels" }

type panelMemberV2 struct {
	BaseV2
	PanelID    uint      `gorm:"not null;index"`
	Panel      *panelV2  `gorm:"constraint:OnDelete:RESTRICT"`
	PersonID   uint      `gorm:"not null;index"`
	Person     *personV2 `gorm:"constraint:OnDelete:RESTRICT"`
	Department string    `gorm:"not null;default:''"`
	Expertise  string    `gorm:"not null;default:''"`
	Notes      string    `gorm:"not null;default:''"`
}

func (panelMemberV2) TableName() string { return "panel_members" }

// activityV2 spells out BaseV2's fields to leave deleted_at without an index
// of its own (see the activity indexes in migrateDomain).
type activityV2 struct {
	ID             uint `gorm:"primaryKey"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
	DeletedAt      gorm.DeletedAt
	Version        int     `gorm:"not null;default:1"`
	Date           Date    `gorm:"not null"`
	SiteID         uint    `gorm:"not null"`
	Site           *siteV1 `gorm:"foreignKey:SiteID;constraint:OnDelete:RESTRICT"`
	TownshipID     uint    `gorm:"not null"`
	Township       *siteV1 `gorm:"foreignKey:TownshipID;constraint:OnDelete:RESTRICT"`
	Topic          string  `gorm:"not null"`
	TopicSource    string  `gorm:"not null"`
	Form           string  `gorm:"not null;default:''"`
	Procedure      string  `gorm:"not null;default:''"`
	Decision       string  `gorm:"not null;default:''"`
	VotesFor       int     `gorm:"not null;default:0"`
	VotesAgainst   int     `gorm:"not null;default:0"`
	VotesAbstain   int     `gorm:"not null;default:0"`
	Participants   int     `gorm:"not null;default:0"`
	Outcome        string  `gorm:"not null;default:''"`
	FollowUp       string  `gorm:"not null;default:'pending'"`
	FollowUpDate   Date
	ProblemsSolved int    `gorm:"not null;default:0"`
	Notes          string `gorm:"not null;default:''"`
}

func (activityV2) TableName() string { return "activities" }

type attendeeV2 struct {
	ID         uint        `gorm:"primaryKey"`
	ActivityID uint        `gorm:"not null;index"`
	Activity   *activityV2 `gorm:"constraint:OnDelete:CASCADE"`
	PersonID   *uint
	Person     *personV2 `gorm:"constraint:OnDelete:SET NULL"`
	Name       string    `gorm:"not null"`
	Role       string    `gorm:"not null"`
}

func (attendeeV2) TableName() string { return "attendees" }

// followUpItemV2 leaves deleted_at unindexed too: the overdue list uses the
// partial index ix_follow_up_items_open.
type followUpItemV2 struct {
	ID         uint `gorm:"primaryKey"`
	CreatedAt  time.Time
	UpdatedAt  time.Time
	DeletedAt  gorm.DeletedAt
	Version    int         `gorm:"not null;default:1"`
	ActivityID uint        `gorm:"not null;index"`
	Activity   *activityV2 `gorm:"constraint:OnDelete:CASCADE"`
	Task       string      `gorm:"not null"`
	Unit       string      `gorm:"not null;default:''"`
	Deadline   Date
	Status     string `gorm:"not null;default:'pending'"`
	Progress   int    `gorm:"not null;default:0"`
	DoneOn     Date
	Notes      string `gorm:"not null;default:''"`
}

func (followUpItemV2) TableName() string { return "follow_up_items" }

type taskV2 struct {
	BaseV2
	Name          string    `gorm:"not null"`
	Scope         string    `gorm:"not null"`
	SiteID        *uint     `gorm:"index"`
	Site          *siteV1   `gorm:"constraint:OnDelete:RESTRICT"`
	Deadline      Date      `gorm:"not null;index"`
	ResponsibleID *uint     `gorm:"index"`
	Responsible   *personV2 `gorm:"foreignKey:ResponsibleID;constraint:OnDelete:SET NULL"`
	Status        string    `gorm:"not null;default:'pending'"`
	DoneOn        Date
	Notes         string `gorm:"not null;default:''"`
}

func (taskV2) TableName() string { return "tasks" }

type taskCompletionV2 struct {
	ID     uint    `gorm:"primaryKey"`
	TaskID uint    `gorm:"not null;uniqueIndex:ux_task_site"`
	Task   *taskV2 `gorm:"constraint:OnDelete:CASCADE"`
	SiteID uint    `gorm:"not null;uniqueIndex:ux_task_site;index"`
	Site   *siteV1 `gorm:"constraint:OnDelete:CASCADE"`
	DoneOn Date    `gorm:"not null"`
	Notes  string  `gorm:"not null;default:''"`
}

func (taskCompletionV2) TableName() string { return "task_completions" }

type visitV2 struct {
	BaseV2
	Date         Date   `gorm:"not null;index"`
	Findings     string `gorm:"not null;default:''"`
	Requirements string `gorm:"not null;default:''"`
	Notes        string `gorm:"not null;default:''"`
}

func (visitV2) TableName() string { return "visits" }

type visitPersonV2 struct {
	VisitID  uint      `gorm:"primaryKey;autoIncrement:false"`
	Visit    *visitV2  `gorm:"constraint:OnDelete:CASCADE"`
	PersonID uint      `gorm:"primaryKey;autoIncrement:false;index"`
	Person   *personV2 `gorm:"constraint:OnDelete:RESTRICT"`
}

func (visitPersonV2) TableName() string { return "visit_people" }

type visitSiteV2 struct {
	VisitID uint     `gorm:"primaryKey;autoIncrement:false"`
	Visit   *visitV2 `gorm:"constraint:OnDelete:CASCADE"`
	SiteID  uint     `gorm:"primaryKey;autoIncrement:false;index"`
	Site    *siteV1  `gorm:"constraint:OnDelete:RESTRICT"`
}

func (visitSiteV2) TableName() string { return "visit_sites" }

func migrateDomain(tx *gorm.DB) error {
	m := tx.Migrator()
	if err := m.CreateTable(&changeV2{}, &settingV2{}, &personV2{}, &assignmentV2{}, &panelV2{}, &panelMemberV2{},
		&activityV2{}, &attendeeV2{}, &followUpItemV2{}, &taskV2{}, &taskCompletionV2{},
		&visitV2{}, &visitPersonV2{}, &visitSiteV2{}); err != nil {
		return err
	}
	// Uniqueness holds among live rows only, so trashed rows never block new
	// ones. deleted_at comes last in each activity index: leading, it looked
	// selective to the planner, which then read the whole table through it,
	// and SQLite takes no partial index as covering. Each index holds every
	// column the ledger filters or sorts on but the topic, so whichever the
	// planner picks, it never reads the table.
	for _, ddl := range []string{
		`CREATE UNIQUE INDEX ux_panels_name ON panels (name) WHERE deleted_at IS NULL`,
		`CREATE UNIQUE INDEX ux_panel_members ON panel_members (panel_id, person_id) WHERE deleted_at IS NULL`,
		`CREATE INDEX ix_activities_date ON activities (date, township_id, site_id, topic_source, follow_up, problems_solved, participants, deleted_at)`,
		`CREATE INDEX ix_activities_township ON activities (township_id, date, site_id, topic_source, follow_up, problems_solved, participants, deleted_at)`,
		`CREATE INDEX ix_activities_site ON activities (site_id, topic_source, date, township_id, follow_up, problems_solved, participants, deleted_at)`,
		`CREATE INDEX ix_activities_trash ON activities (deleted_at) WHERE deleted_at IS NOT NULL`,
		`CREATE INDEX ix_attendees_person ON attendees (person_id, activity_id)`,
		// Open items only; deleted_at and status as columns make it covering.
		`CREATE INDEX ix_follow_up_items_open ON follow_up_items (deadline, status, deleted_at) WHERE deleted_at IS NULL AND status <> 'done'`,
		`CREATE INDEX ix_assignments_site_role ON assignments (site_id, role)`,
	} {
		if err := tx.Exec(ddl).Error; err != nil {
			return err
		}
	}
	return createActivitySearch(tx)
}
