package data

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// The county level (issue 20). A county's database holds one county, its
// own: its name is SettingDistrict, its office SettingReportUnit, and no
// row carries a county (county_id is NULL everywhere). A city's database
// (SettingLevel = LevelCity) lists its counties (table counties, kept in
// 设置) and gives every root record merged from a county's 报送表 that
// county: sites (townships and their children alike), people, panels,
// tasks and visits. Activities, assignments, panel members, follow-up
// items and task ticks are their site's, panel's, activity's or task's.

const (
	SettingLevel = "level" // LevelCounty (also when unset) or LevelCity
	LevelCounty  = "county"
	LevelCity    = "city"
)

// County is a county (县（市、区）) reporting to a city database.
type County struct {
	Model
	Name   string `gorm:"not null" json:"name"`              // e.g. 陆良县
	Office string `gorm:"not null;default:''" json:"office"` // e.g. 政协陆良县委员会
	Notes  string `gorm:"not null;default:''" json:"notes"`
}

func (c *County) Title() string { return c.Name }

var countyLabel = label{"县（市、区）", "county"}

func (c *County) tidy() { cleanStrings(c) }

// Validate checks the rules that need no database.
func (c *County) Validate() error { return validate(c) }

func (c *County) check(ch *checker) {
	ch.required("name", c.Name, label{"名称", "name"})
	ch.maxLen("name", c.Name, 50, label{"名称", "name"})
	ch.maxLen("office", c.Office, 100, label{"政协机关名称", "office"})
}

// IsCity tells whether this database is a city's (设置: 本机用于市级).
func (st *Store) IsCity(ctx context.Context) (bool, error) {
	v, err := st.Setting(ctx, SettingLevel)
	return v == LevelCity, err
}

// Counties lists the live counties in name order.
func (st *Store) Counties(ctx context.Context) ([]County, error) {
	var out []County
	err := st.db.WithContext(ctx).Order("name, id").Find(&out).Error
	return out, translate(err, countyLabel)
}

// SaveCounty adds (ID 0) or changes a county; names are unique among live ones.
func (st *Store) SaveCounty(ctx context.Context, c *County) error {
	return saveChecked(ctx, st, c, countyLabel, "county", func(tx *gorm.DB, _ *checker) error {
		var n int64
		if err := tx.Model(&County{}).Where("name = ? AND id <> ?", c.Name, c.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ValidationErrors{{Code: EConflict, Field: "name",
				ZH: fmt.Sprintf("已有名为“%s”的县（市、区）。", c.Name), EN: fmt.Sprintf("There is already a county called %q.", c.Name)}}
		}
		return nil
	})
}

// TrashCounty moves a county to the trash: refused while records of it remain.
func (st *Store) TrashCounty(ctx context.Context, id uint) error {
	return changeRecord(ctx, st, ActionTrash, id, countyLabel, "county", func(tx *gorm.DB, c *County) error {
		var n int64
		if err := tx.Table("sites").Where("county_id = ? AND deleted_at IS NULL", id).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return newErr(EInUse, "", fmt.Sprintf("“%s”还有%d个试点单位，不能删除。", c.Name, n),
				fmt.Sprintf("%q still has %d pilot sites and cannot be deleted.", c.Name, n))
		}
		return nil
	})
}

// countyByName is the live county named name, nil if none.
func countyByName(tx *gorm.DB, name string) (*County, error) {
	var cs []County
	if err := tx.Where("name = ?", name).Limit(1).Find(&cs).Error; err != nil || len(cs) == 0 {
		return nil, err
	}
	return &cs[0], nil
}

// countyCond narrows a list to county id: col is the row's county_id
// column (a site's, a person's, ...).
func countyCond(col string, id uint) (string, []any) { return col + " = ?", []any{id} }

// countyName is the SQL reading the county's name of a county_id column.
func countyName(col string) string {
	return "COALESCE((SELECT c.name FROM counties c WHERE c.id = " + col + "), '')"
}

// countied is a record with a county: an edit that does not name one
// keeps the stored one (saveRecord), so screens unaware of it lose nothing.
type countied interface{ countyRef() **uint }

func (s *Site) countyRef() **uint   { return &s.CountyID }
func (p *Person) countyRef() **uint { return &p.CountyID }
func (p *Panel) countyRef() **uint  { return &p.CountyID }
func (t *Task) countyRef() **uint   { return &t.CountyID }
func (v *Visit) countyRef() **uint  { return &v.CountyID }

// keepCounty gives rec the county of before when it names none.
func keepCounty(rec, before any) {
	r, ok := rec.(countied)
	b, ok2 := before.(countied)
	if ok && ok2 && *r.countyRef() == nil {
		*r.countyRef() = *b.countyRef()
	}
}

// --- version 12: counties ---------------------------------------------------

type countyV12 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt
	Version   int    `gorm:"not null;default:1"`
	Name      string `gorm:"not null"`
	Office    string `gorm:"not null;default:''"`
	Notes     string `gorm:"not null;default:''"`
}

func (countyV12) TableName() string { return "counties" }

// submissionV12 is one 报送表 merged at the city.
type submissionV12 struct {
	ID             uint       `gorm:"primaryKey"`
	CountyID       uint       `gorm:"not null;index"`
	County         *countyV12 `gorm:"constraint:OnDelete:CASCADE"`
	PeriodFrom     Date       `gorm:"not null"`
	PeriodTo       Date       `gorm:"not null"`
	SourceID       string     `gorm:"not null;default:''"` // the county database's database_id; '' for a hand-filled template
	FileName       string     `gorm:"not null"`
	ProgramVersion string     `gorm:"not null;default:''"`
	FiguresOnly    bool       `gorm:"not null;default:false"`
	MergedAt       time.Time  `gorm:"not null"`
	Counts         string     `gorm:"not null;default:''"` // what the merge did, as the preview says it
}

func (submissionV12) TableName() string { return "submissions" }

// submissionFigureV12 is one row of a submitted 工作情况统计表.
type submissionFigureV12 struct {
	SubmissionID uint           `gorm:"primaryKey;autoIncrement:false"`
	Submission   *submissionV12 `gorm:"constraint:OnDelete:CASCADE"`
	Code         string         `gorm:"primaryKey"`
	Period       int            `gorm:"not null"`
	Total        int            `gorm:"not null"`
}

func (submissionFigureV12) TableName() string { return "submission_figures" }

// mergedIDV12 maps a record of a county's database to the city's row.
type mergedIDV12 struct {
	CountyID uint   `gorm:"primaryKey;autoIncrement:false"`
	Kind     string `gorm:"primaryKey"`
	SourceID uint   `gorm:"primaryKey;autoIncrement:false"`
	LocalID  uint   `gorm:"not null"`
}

func (mergedIDV12) TableName() string { return "merged_ids" }

func migrateCounties(tx *gorm.DB) error {
	if err := tx.Migrator().CreateTable(&countyV12{}, &submissionV12{}, &submissionFigureV12{}, &mergedIDV12{}); err != nil {
		return err
	}
	ddl := []string{`CREATE UNIQUE INDEX ux_counties_name ON counties (name) WHERE deleted_at IS NULL`}
	for _, t := range []string{"sites", "people", "panels", "tasks", "visits"} {
		ddl = append(ddl, `ALTER TABLE `+t+` ADD COLUMN county_id bigint REFERENCES counties (id)`,
			`CREATE INDEX ix_`+t+`_county ON `+t+` (county_id)`)
	}
	// Names unique per county: two counties' townships may share a name.
	ddl = append(ddl, `DROP INDEX ux_sites_parent_name`,
		`CREATE UNIQUE INDEX ux_sites_parent_name ON sites (COALESCE(county_id, 0), COALESCE(parent_id, 0), name) WHERE deleted_at IS NULL`,
		`DROP INDEX ux_panels_name`,
		`CREATE UNIQUE INDEX ux_panels_name ON panels (COALESCE(county_id, 0), name) WHERE deleted_at IS NULL`,
		`CREATE INDEX ix_merged_ids_local ON merged_ids (kind, local_id)`)
	for _, s := range ddl {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("%s: %w", strings.Fields(s)[0], err)
		}
	}
	return nil
}
