package data

import (
	"context"
	"fmt"
	"sort"
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

// Counties lists the live counties in pinyin order.
func (st *Store) Counties(ctx context.Context) ([]County, error) {
	var out []County
	err := st.db.WithContext(ctx).Order("id").Find(&out).Error
	sort.SliceStable(out, func(i, j int) bool { return NameLess(out[i].Name, out[j].Name) })
	return out, translate(err, countyLabel)
}

// SaveCounty adds (ID 0) or changes a county; names are unique among live ones.
func (st *Store) SaveCounty(ctx context.Context, c *County) error {
	return saveChecked(ctx, st, c, countyLabel, "county", func(tx *gorm.DB, _ *checker) error {
		return refuseIfAny(tx.Model(&County{}).Where("name = ? AND id <> ?", c.Name, c.ID), func(int64) error {
			return ValidationErrors{{Code: EConflict, Field: "name",
				ZH: fmt.Sprintf("已有名为“%s”的县（市、区）。", c.Name), EN: fmt.Sprintf("There is already a county called %q.", c.Name)}}
		})
	})
}

var countyTrash = &trashRules[County, *County]{entity: "county", label: countyLabel,
	trash: func(st *Store, tx *gorm.DB, c *County) error {
		return refuseIfAny(tx.Table("sites").Where("county_id = ? AND deleted_at IS NULL", c.ID), func(n int64) error {
			return newErr(EInUse, "", fmt.Sprintf("“%s”还有%d个试点单位，不能删除。", c.Name, n),
				fmt.Sprintf("%q still has %d pilot sites and cannot be deleted.", c.Name, n))
		})
	},
}

// TrashCounty moves a county to the trash: refused while records of it remain.
func (st *Store) TrashCounty(ctx context.Context, id uint) error {
	return countyTrash.move(st, ctx, ActionTrash, id)
}

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

// CountyFigures is one county's line of the city's overview for a period.
type CountyFigures struct {
	CountyID    uint
	County      string
	Reported    bool      // a submission lies within the period
	Submitted   time.Time // when the latest of them was merged; zero: never
	Period      Period    // the latest one's period
	FiguresOnly bool      // it sent figures, no records (a hand-filled template)
	// From the submitted 工作情况统计表 (see countySummaries): sites and
	// rooms 累计, the rest 本期.
	Sites, Rooms, Activities, Participants, ProblemsRaised, ProblemsSolved int
	Summary                                                                *Summary
}

// countySummaries gives each county its figures for city period p, by one
// rule: of the county's submissions whose periods lie within p, 本期 is
// the sum of their 本期 and 累计 the 累计 of the latest-ending one.
func (st *Store) countySummaries(ctx context.Context, p Period) (map[uint]*CountyFigures, error) {
	from, to := bounds(p)
	out := map[uint]*CountyFigures{}
	figs := map[uint][]SummaryRow{} // by submission
	var subs []submissionV12
	err := st.db.WithContext(ctx).Where("period_from >= ? AND period_to <= ?", from, to).Order("period_to, id").Find(&subs).Error
	if err != nil {
		return nil, translate(err, countyLabel)
	}
	var sub int64
	var r SummaryRow
	err = eachRow(st.db.WithContext(ctx), `SELECT f.submission_id, f.code, f.period, f.total FROM submission_figures f
		JOIN submissions s ON s.id = f.submission_id WHERE s.period_from >= ? AND s.period_to <= ?`, []any{from, to},
		[]any{&sub, &r.Code, &r.Period, &r.Total}, func() { figs[uint(sub)] = append(figs[uint(sub)], r) })
	if err != nil {
		return nil, translate(err, countyLabel)
	}
	for _, s := range subs { // by period end: the last one's 累计 stays
		cf := out[s.CountyID]
		if cf == nil {
			cf = &CountyFigures{CountyID: s.CountyID, Summary: EmptySummary(p)}
			out[s.CountyID] = cf
		}
		cf.Reported, cf.Period, cf.FiguresOnly = true, Period{s.PeriodFrom, s.PeriodTo}, s.FiguresOnly
		if s.MergedAt.After(cf.Submitted) {
			cf.Submitted = s.MergedAt
		}
		for _, r := range figs[s.ID] {
			cf.Summary.addRow(r.Code, r.Figure, true)
		}
	}
	for _, cf := range out {
		s := cf.Summary
		cf.Sites = s.Townships.Total + s.Communities.Total + s.Enterprises.Total
		cf.Rooms, cf.Activities, cf.Participants = s.Rooms.Total, s.Activities.Period, s.Participants.Period
		cf.ProblemsRaised, cf.ProblemsSolved = s.ProblemsRaised.Period, s.ProblemsSolved.Period
	}
	return out, nil
}

// CityOverview is one line per county on the city's list, in name order,
// with whether it has reported for p (who is late) and its key figures.
func (st *Store) CityOverview(ctx context.Context, p Period) ([]CountyFigures, error) {
	counties, err := st.Counties(ctx)
	if err != nil {
		return nil, err
	}
	sums, err := st.countySummaries(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]CountyFigures, len(counties))
	for i, c := range counties {
		if cf := sums[c.ID]; cf != nil {
			out[i] = *cf
		} else {
			out[i].Summary = EmptySummary(p)
		}
		out[i].CountyID, out[i].County = c.ID, c.Name
	}
	return out, nil
}

// CitySummary is the city's 工作情况统计表 for p: every figure the sum of
// its counties' (countySummaries' rule), AsOf the period's end or today.
func (st *Store) CitySummary(ctx context.Context, p Period, today Date) (*Summary, error) {
	rows, err := st.CityOverview(ctx, p)
	if err != nil {
		return nil, err
	}
	s := EmptySummary(p)
	s.AsOf = SummaryAsOf(p, today)
	for _, r := range rows {
		for _, row := range r.Summary.Rows() {
			s.addRow(row.Code, row.Figure, false)
		}
	}
	return s, nil
}

// DemoAs puts the demo district under another county's name (its own
// townships and sites may repeat other counties'), for trying the merge.
func (st *Store) DemoAs(ctx context.Context, county string) error {
	return st.SetSettings(ctx, map[string]string{SettingDistrict: county, SettingReportUnit: "政协" + county + "委员会办公室"})
}
