package data

import (
	"time"

	"gorm.io/gorm"
)

// Version 9 (issue 22): the topic library (议题库), topics collected before
// a consultation and followed until what was agreed is done. Frozen: the
// type below is this version's table, whatever the model becomes.
type topicV9 struct {
	ID           uint `gorm:"primaryKey"`
	CreatedAt    time.Time
	UpdatedAt    time.Time
	DeletedAt    gorm.DeletedAt
	Version      int         `gorm:"not null;default:1"`
	Text         string      `gorm:"not null"`
	Source       string      `gorm:"not null"`
	ProposerKind string      `gorm:"not null"`
	Proposer     string      `gorm:"not null;default:''"`
	PersonID     *uint       `gorm:"index"`
	Person       *personV2   `gorm:"constraint:OnDelete:SET NULL"`
	ProposedOn   Date        `gorm:"not null"`
	SiteID       uint        `gorm:"not null"`
	Site         *siteV1     `gorm:"constraint:OnDelete:RESTRICT"`
	Status       string      `gorm:"not null"`
	Reason       string      `gorm:"not null;default:''"`
	ActivityID   *uint       `gorm:"index"`
	Activity     *activityV2 `gorm:"constraint:OnDelete:SET NULL"`
	Notes        string      `gorm:"not null;default:''"`
}

func (topicV9) TableName() string { return "topics" }

func migrateTopics(tx *gorm.DB) error {
	if err := tx.Migrator().CreateTable(&topicV9{}); err != nil {
		return err
	}
	// The list reads a site's or a township's topics newest first; one
	// topic is not collected twice in one place (live rows only).
	for _, ddl := range []string{
		`CREATE INDEX ix_topics_site ON topics (site_id, proposed_on, deleted_at)`,
		`CREATE UNIQUE INDEX ux_topics_site_text ON topics (site_id, text) WHERE deleted_at IS NULL`,
	} {
		if err := tx.Exec(ddl).Error; err != nil {
			return err
		}
	}
	return nil
}
