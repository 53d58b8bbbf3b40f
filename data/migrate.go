package data

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// A migration moves the schema one version up. Migrations are frozen once
// released: each declares the tables it creates with its own struct types,
// so later changes to the models never change what an old step does.
type migration struct {
	version int
	name    string
	up      func(tx *gorm.DB) error
}

var migrations = []migration{
	{1, "sites", migrateSites},
	{2, "domain: people, assignments, panels, activities, tasks, visits, change log, settings", migrateDomain},
	// Versions 3-5 built what version 8 drops: a file older than 5 skips
	// them, and every file ends with the same schema.
	{3, "activity sums by month and by site and year", skipped},
	{4, "an index for sorting activities by topic; insert triggers without the pause table", skipped},
	{5, "the search index finds keywords of 1-2 characters", skipped},
	{6, "target tasks: ticked by hand or proven by the records (tasks.kind)", migrateTaskKinds},
	{7, "problems raised and typical cases on activities", migrateResultsAndCases}, // migrate_cases.go
	{8, "plain SQL: no activity sums, no padded search index, indexes declared here", migratePlainSQL},
	{9, "before and around a consultation: the topic library", migrateTopics}, // migrate_topics.go
	{10, "consultations planned, with the people invited; the plan a topic is chosen for; standing members of a site; what a room is built on; village groups; sites guided by a committee or sector", migratePlans}, // migrate_plans.go
	{11, "PostgreSQL: an index for each sort of the ledger the others miss", createLedgerIndexes},
	{12, "counties: a city's database holds its counties' records, their submissions and figures", migrateCounties}, // county.go
}

func skipped(*gorm.DB) error { return nil }

// SchemaVersion is the schema this build writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

// schemaVersionRow records each applied migration.
type schemaVersionRow struct {
	Version   int       `gorm:"primaryKey;autoIncrement:false"`
	Name      string    `gorm:"not null"`
	AppliedAt time.Time `gorm:"not null"`
}

func (schemaVersionRow) TableName() string { return "schema_version" }

// FileVersion is the schema version recorded in the open file.
func (s *Store) FileVersion() (int, error) {
	return fileVersion(s.db)
}

func fileVersion(db *gorm.DB) (int, error) {
	if !db.Migrator().HasTable(&schemaVersionRow{}) {
		return 0, nil
	}
	var v *int
	if err := db.Model(&schemaVersionRow{}).Select("MAX(version)").Scan(&v).Error; err != nil {
		return 0, err
	}
	if v == nil {
		return 0, nil
	}
	return *v, nil
}

// migrate applies the pending migrations, each in its own transaction, and
// refuses (without writing) a file from a newer program. An older file is
// backed up first (backup.go).
func (s *Store) migrate() error {
	// A server's backups are its administrator's (pg_dump).
	if !isPG(s.db) {
		if err := s.preMigrateBackup(); err != nil {
			return err
		}
	}
	return s.migrateTo(SchemaVersion())
}

// migrateTo stops at version target; tests use it to build old files.
func (s *Store) migrateTo(target int) error {
	have, err := fileVersion(s.db)
	if err != nil {
		return errDamaged(s.path, err)
	}
	if have > SchemaVersion() {
		return errNewer(s.path, have)
	}
	for _, m := range migrations {
		if m.version <= have || m.version > target {
			continue
		}
		err := s.db.Transaction(func(tx *gorm.DB) error {
			if err := lockSchema(tx); err != nil {
				return err
			}
			if err := tx.AutoMigrate(&schemaVersionRow{}); err != nil {
				return err
			}
			// Another process may have migrated while we waited for the lock.
			if cur, err := fileVersion(tx); err != nil || cur >= m.version {
				return err
			}
			if err := m.up(tx); err != nil {
				return err
			}
			return tx.Create(&schemaVersionRow{Version: m.version, Name: m.name, AppliedAt: time.Now()}).Error
		})
		if err != nil {
			return internal(fmt.Errorf("migration %d (%s): %w", m.version, m.name, err),
				"升级数据库结构失败，数据库保持原样。", "Upgrading the database failed; it was left as it was.")
		}
	}
	return nil
}

func errNewer(path string, v int) error {
	if IsServerURL(path) {
		return errNewerOnServer(path, v)
	}
	return newErr(ENewerSchema, "",
		fmt.Sprintf("数据库文件“%s”由更新版本的议事台创建（数据结构第%d版，本程序支持到第%d版）。请安装新版本后再打开；文件未被改动。", path, v, SchemaVersion()),
		fmt.Sprintf("The database file %q was written by a newer PilotDesk (schema %d; this program knows up to %d). Install the newer version to open it; the file was not changed.", path, v, SchemaVersion()))
}

// --- version 1: pilot sites -------------------------------------------------

type siteV1 struct {
	ID         uint `gorm:"primaryKey"`
	CreatedAt  time.Time
	UpdatedAt  time.Time
	DeletedAt  gorm.DeletedAt `gorm:"index"`
	Version    int            `gorm:"not null;default:1"`
	Name       string         `gorm:"not null"`
	Kind       string         `gorm:"not null;index"`
	ParentID   *uint          `gorm:"index"`
	Parent     *siteV1        `gorm:"constraint:OnDelete:RESTRICT"`
	Platform   string         `gorm:"not null;default:''"`
	UnveiledOn Date
	Status     string `gorm:"not null;index"`
	Address    string `gorm:"not null;default:''"`
	Contact    string `gorm:"not null;default:''"`
	Phone      string `gorm:"not null;default:''"`
	Notes      string `gorm:"not null;default:''"`
}

func (siteV1) TableName() string { return "sites" }

func migrateSites(tx *gorm.DB) error {
	if err := tx.Migrator().CreateTable(&siteV1{}); err != nil {
		return err
	}
	// Names are unique under one parent among live rows only, so a trashed
	// site never blocks a new one of the same name. COALESCE: townships have
	// no parent, and NULLs never collide in a unique index.
	return tx.Exec(`CREATE UNIQUE INDEX ux_sites_parent_name ON sites (COALESCE(parent_id, 0), name) WHERE deleted_at IS NULL`).Error
}
