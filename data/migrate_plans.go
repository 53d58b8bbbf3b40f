package data

import (
	"time"

	"gorm.io/gorm"
)

// Version 10 (issue 22): consultations planned (协商计划) with the people
// invited, each site's standing members, village groups and the 委（室）or
// 界别 guiding a site. A plan is not an activity, so the ledger and the
// statistics count what was held as before. Frozen: the types below are
// this version's tables.
type planV10 struct {
	ID          uint `gorm:"primaryKey"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
	DeletedAt   gorm.DeletedAt
	Version     int         `gorm:"not null;default:1"`
	Date        Date        `gorm:"not null"`
	SiteID      uint        `gorm:"not null"`
	Site        *siteV1     `gorm:"constraint:OnDelete:RESTRICT"`
	Topic       string      `gorm:"not null"`
	TopicSource string      `gorm:"not null"`
	Form        string      `gorm:"not null;default:''"`
	Procedure   string      `gorm:"not null;default:''"`
	Status      string      `gorm:"not null"`
	Reason      string      `gorm:"not null;default:''"`
	ActivityID  *uint       `gorm:"index"`
	Activity    *activityV2 `gorm:"constraint:OnDelete:SET NULL"`
	Notes       string      `gorm:"not null;default:''"`
}

func (planV10) TableName() string { return "plans" }

type planInviteeV10 struct {
	ID       uint      `gorm:"primaryKey"`
	PlanID   uint      `gorm:"not null;index"`
	Plan     *planV10  `gorm:"constraint:OnDelete:CASCADE"`
	PersonID *uint     `gorm:"index"`
	Person   *personV2 `gorm:"constraint:OnDelete:SET NULL"`
	Name     string    `gorm:"not null"`
	Role     string    `gorm:"not null"`
}

func (planInviteeV10) TableName() string { return "plan_invitees" }

// councilMemberV10 is a site's standing member (议事会成员).
type councilMemberV10 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt
	Version   int       `gorm:"not null;default:1"`
	SiteID    uint      `gorm:"not null;index"`
	Site      *siteV1   `gorm:"constraint:OnDelete:RESTRICT"`
	PersonID  *uint     `gorm:"index"`
	Person    *personV2 `gorm:"constraint:OnDelete:SET NULL"`
	Name      string    `gorm:"not null"`
	Identity  string    `gorm:"not null"`
	Notes     string    `gorm:"not null;default:''"`
}

func (councilMemberV10) TableName() string { return "council_members" }

// siteGroupV10 is a 村民小组 or 小区 under a village or community.
type siteGroupV10 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt
	Version   int     `gorm:"not null;default:1"`
	SiteID    uint    `gorm:"not null;index"`
	Site      *siteV1 `gorm:"constraint:OnDelete:RESTRICT"`
	Name      string  `gorm:"not null"`
	Kind      string  `gorm:"not null"`
	Notes     string  `gorm:"not null;default:''"`
}

func (siteGroupV10) TableName() string { return "site_groups" }

// groupAssignmentV10 is a 委（室） or 界别 guiding a site.
type groupAssignmentV10 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt
	Version   int     `gorm:"not null;default:1"`
	SiteID    uint    `gorm:"not null;index"`
	Site      *siteV1 `gorm:"constraint:OnDelete:RESTRICT"`
	Kind      string  `gorm:"not null"`
	Name      string  `gorm:"not null"`
	FromDate  Date
	ToDate    Date
	Notes     string `gorm:"not null;default:''"`
}

func (groupAssignmentV10) TableName() string { return "group_assignments" }

func migratePlans(tx *gorm.DB) error {
	if err := tx.Migrator().CreateTable(&planV10{}, &planInviteeV10{}, &councilMemberV10{}, &siteGroupV10{}, &groupAssignmentV10{}); err != nil {
		return err
	}
	for _, ddl := range []string{
		// The overview asks for the plans of the coming days and the ones
		// whose day has passed: by status, then date.
		`CREATE INDEX ix_plans_status_date ON plans (status, date, deleted_at)`,
		`ALTER TABLE topics ADD COLUMN plan_id bigint REFERENCES plans (id) ON DELETE SET NULL`,
		// What a site's room is built on (依托类型); '' until told.
		`ALTER TABLE sites ADD COLUMN room_basis text NOT NULL DEFAULT ''`,
		// The 村民小组 or 小区 an activity was held at (0: the site itself);
		// checked by the program, as a 0 cannot reference a row.
		`ALTER TABLE activities ADD COLUMN group_id integer NOT NULL DEFAULT 0`,
	} {
		if err := tx.Exec(ddl).Error; err != nil {
			return err
		}
	}
	return nil
}
