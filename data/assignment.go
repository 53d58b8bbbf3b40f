package data

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Assignment (挂包联系) puts a person in charge of guiding one site, as
// its lead (牵头领导) or a liaison member (联系委员), over days both ends
// included; a zero end is open.
type Assignment struct {
	Model
	PersonID uint   `gorm:"not null" json:"person_id"`
	SiteID   uint   `gorm:"not null" json:"site_id"`
	Role     string `gorm:"not null" json:"role"` // AssignmentRoles code
	FromDate Date   `json:"from_date"`
	ToDate   Date   `json:"to_date"`
	Notes    string `gorm:"not null;default:''" json:"notes"`

	// Filled by list queries.
	PersonName string `gorm:"->;-:migration" json:"person_name,omitempty"`
	SiteName   string `gorm:"->;-:migration" json:"site_name,omitempty"`
	Township   string `gorm:"->;-:migration" json:"township,omitempty"`
	County     string `gorm:"->;-:migration" json:"-"` // the site's county in a city database, filled by the list queries
}

func (a *Assignment) Title() string { return a.PersonName + " → " + a.SiteName }

var assignmentLabel = label{"挂包联系", "assignment"}

const (
	RoleLead    = "lead"    // 牵头领导
	RoleLiaison = "liaison" // 联系委员
)

var AssignmentRoles = enum("assignment_role",
	Option{RoleLead, "牵头领导", "Lead"},
	Option{RoleLiaison, "联系委员", "Liaison member"},
)

// CurrentOn tells whether the assignment runs on day d.
func (a *Assignment) CurrentOn(d Date) bool {
	return !a.FromDate.After(d) && (a.ToDate.IsZero() || !a.ToDate.Before(d))
}

// currentSQL is "assignment a runs on the day given twice as parameters".
const currentSQL = "(a.from_date IS NULL OR a.from_date <= ?) AND (a.to_date IS NULL OR a.to_date >= ?)"

// hasLeadSQL is "site s has a current lead on the day given twice".
const hasLeadSQL = `EXISTS (SELECT 1 FROM assignments a JOIN people pe ON pe.id = a.person_id AND pe.deleted_at IS NULL
	WHERE a.site_id = s.id AND a.deleted_at IS NULL AND a.role = '` + RoleLead + `' AND ` + currentSQL + `)`

// liveAssignmentsSQL joins assignments to live people and live sites: one
// of a trashed person or site counts nowhere until they are restored.
const liveAssignmentsSQL = `assignments a
	JOIN people pe ON pe.id = a.person_id AND pe.deleted_at IS NULL
	JOIN sites s ON s.id = a.site_id AND s.deleted_at IS NULL`

func (a *Assignment) tidy() { cleanStrings(a) }

// Validate checks the rules that need no database.
func (a *Assignment) Validate() error { return validate(a) }

func (a *Assignment) check(c *checker) {
	if a.PersonID == 0 {
		c.add("person_id", "请选择人员。", "Please choose the person.")
	}
	if a.SiteID == 0 {
		c.add("site_id", "请选择试点单位。", "Please choose the pilot site.")
	}
	if !AssignmentRoles.Valid(a.Role) {
		c.add("role", "请选择联系角色（牵头领导或联系委员）。", "Please choose the role (lead or liaison member).")
	}
	if !a.FromDate.IsZero() && !a.ToDate.IsZero() && a.ToDate.Before(a.FromDate) {
		c.add("to_date", "结束日期不能早于开始日期。", "The end date cannot be before the start date.")
	}
	c.maxLen("notes", a.Notes, 2000, label{"备注", "notes"})
}

// checkAssignmentRefs checks the person and the site are live (their names
// filled) and refuses a second assignment over overlapping days.
func checkAssignmentRefs(tx *gorm.DB, a *Assignment, c *checker) error {
	var err error
	if a.PersonName, err = liveName(tx, "people", a.PersonID, c, "person_id", "所选的人员不存在或已删除。", "The chosen person does not exist or was deleted."); err != nil {
		return err
	}
	if a.SiteName, err = liveName(tx, "sites", a.SiteID, c, "site_id", "所选的试点单位不存在或已删除。", "The chosen pilot site does not exist or was deleted."); err != nil || c.err() != nil {
		return err
	}
	q := tx.Model(&Assignment{}).Where("person_id = ? AND site_id = ? AND role = ? AND id <> ?", a.PersonID, a.SiteID, a.Role, a.ID)
	if !a.FromDate.IsZero() {
		q = q.Where("to_date IS NULL OR to_date >= ?", a.FromDate)
	}
	if !a.ToDate.IsZero() {
		q = q.Where("from_date IS NULL OR from_date <= ?", a.ToDate)
	}
	var other []Assignment
	if err := q.Order("id").Limit(1).Find(&other).Error; err != nil {
		return err
	}
	if len(other) > 0 {
		c.add("person_id", fmt.Sprintf("%s在这段时间内已是%s的%s（%s），不能重复登记；请修改原有挂包联系的起止日期。",
			a.PersonName, a.SiteName, AssignmentRoles.Label(a.Role, "zh"), period(other[0], "zh")),
			fmt.Sprintf("%s is already %s of %s over these days (%s); change the dates of that assignment instead.",
				a.PersonName, AssignmentRoles.Label(a.Role, "en"), a.SiteName, period(other[0], "en")))
	}
	return nil
}

// period writes an assignment's days for messages.
func period(a Assignment, lang string) string {
	forms := [4]string{"未填起止日期", "%s起至今", "至%s", "%s至%s"} // no dates, from, until, from-to
	if lang == "en" {
		forms = [4]string{"no dates", "from %s, open-ended", "until %s", "%s – %s"}
	}
	from, to := a.FromDate.String(), a.ToDate.String()
	switch {
	case from == "" && to == "":
		return forms[0]
	case to == "":
		return fmt.Sprintf(forms[1], from)
	case from == "":
		return fmt.Sprintf(forms[2], to)
	}
	return fmt.Sprintf(forms[3], from, to)
}

// SaveAssignment creates the assignment (ID 0) or updates it, names filled.
func (st *Store) SaveAssignment(ctx context.Context, a *Assignment) error {
	return saveChecked(ctx, st, a, assignmentLabel, "assignment", func(tx *gorm.DB, c *checker) error { return checkAssignmentRefs(tx, a, c) })
}

// AssignmentFilter narrows the assignment list; zero fields do not filter.
type AssignmentFilter struct {
	SiteID     uint   // that site only
	PersonID   uint   //
	TownshipID uint   // the township itself and the sites under it
	CountyID   uint   // a city database's county
	Role       string // an AssignmentRoles code
	CurrentOn  Date   // only assignments running on that day; zero: all
	Keyword    string // part of the person's, site's or township's name, or the notes
}

// assignments lists the live assignments (alias a) where the conditions
// hold, with their names.
func (st *Store) assignments(ctx context.Context, where []string, args []any, order string) ([]Assignment, error) {
	out, err := scanList(ctx, st, `SELECT a.id, a.created_at, a.updated_at, a.version, a.person_id, a.site_id, a.role,
		CAST(a.from_date AS TEXT), CAST(a.to_date AS TEXT), a.notes, pe.name, s.name, COALESCE(t.name, s.name),
		`+countyName("s.county_id")+` FROM `+liveAssignmentsSQL+` LEFT JOIN sites t ON t.id = s.parent_id
		WHERE `+strings.Join(append([]string{"a.deleted_at IS NULL"}, where...), " AND ")+order, args, 0, func(a *Assignment) []any {
		return []any{uintCol{&a.ID}, &a.CreatedAt, &a.UpdatedAt, intCol{&a.Version}, uintCol{&a.PersonID}, uintCol{&a.SiteID}, &a.Role,
			&a.FromDate, &a.ToDate, &a.Notes, &a.PersonName, &a.SiteName, &a.Township, &a.County}
	})
	return out, translate(err, assignmentLabel)
}

// Assignment returns one live assignment with its names.
func (st *Store) Assignment(ctx context.Context, id uint) (*Assignment, error) {
	out, err := st.assignments(ctx, []string{"a.id = ?"}, []any{id}, "")
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, translate(gorm.ErrRecordNotFound, assignmentLabel)
	}
	return &out[0], nil
}

// Assignments lists live assignments grouped like Sites, leads first, then
// by start date.
func (st *Store) Assignments(ctx context.Context, f AssignmentFilter) ([]Assignment, error) {
	var where []string
	var args []any
	add := func(cond string, v ...any) { where, args = append(where, cond), append(args, v...) }
	if f.SiteID != 0 {
		add("a.site_id = ?", f.SiteID)
	}
	if f.PersonID != 0 {
		add("a.person_id = ?", f.PersonID)
	}
	if f.TownshipID != 0 {
		add("(s.id = ? OR s.parent_id = ?)", f.TownshipID, f.TownshipID)
	}
	if f.CountyID != 0 {
		add("s.county_id = ?", f.CountyID)
	}
	if f.Role != "" {
		add("a.role = ?", f.Role)
	}
	if !f.CurrentOn.IsZero() {
		add(currentSQL, f.CurrentOn, f.CurrentOn)
	}
	if kw := strings.TrimSpace(f.Keyword); kw != "" {
		cond, likes := likeAny(kw, "pe.name", "s.name", "t.name", "a.notes")
		add(cond, likes...)
	}
	return st.assignments(ctx, where, args, " ORDER BY "+siteGroupOrder+", CASE WHEN a.role = 'lead' THEN 0 ELSE 1 END, a.from_date, a.id")
}

// orToday reads a zero day as today, for the "who is current" questions.
func orToday(d Date) Date {
	if d.IsZero() {
		return Today()
	}
	return d
}

// SitesWithoutLead lists the live sites, townships included, with no
// current lead on day on (zero: today), as Sites lists them.
func (st *Store) SitesWithoutLead(ctx context.Context, on Date) ([]Site, error) {
	on = orToday(on)
	var out []Site
	err := st.db.WithContext(ctx).Table("sites AS s").
		Select("s.*, COALESCE(p.name, s.name) AS township").
		Joins("LEFT JOIN sites AS p ON p.id = s.parent_id").
		Where("s.deleted_at IS NULL").
		Where("NOT "+hasLeadSQL, on, on).
		Order("COALESCE(s.parent_id, s.id), CASE WHEN s.parent_id IS NULL THEN 0 ELSE 1 END, s.id").
		Scan(&out).Error
	return out, translate(err, assignmentLabel)
}

// TownshipCoverage is one township's liaison coverage on a day: its sites
// (itself included), and distinct leads and liaison members.
type TownshipCoverage struct {
	TownshipID    uint
	Township      string
	CountyID      uint   // a city database's county (0 in a county's own)
	County        string // its name
	Sites         int
	SitesWithLead int
	Leads         int
	Liaisons      int
}

// CoverageInCounty gives each live township's coverage on day on (zero:
// today), in entry order, and the total (people counted once), of one
// county of a city's database (0: all; a site's county is its township's,
// as SiteFilter reads it).
func (st *Store) CoverageInCounty(ctx context.Context, county uint, on Date) ([]TownshipCoverage, TownshipCoverage, error) {
	on = orToday(on)
	db := st.db.WithContext(ctx)
	var total TownshipCoverage
	var rows []TownshipCoverage
	inCounty, countyArgs := "", []any{}
	if county != 0 {
		inCounty, countyArgs = " AND s.county_id = ?", []any{county}
	}
	err := db.Table("sites AS s").Select("s.id AS township_id, s.name AS township, COALESCE(s.county_id, 0) AS county_id, "+
		countyName("s.county_id")+" AS county").
		Where("s.deleted_at IS NULL AND s.kind = ?"+inCounty, append([]any{KindTownship}, countyArgs...)...).Order("s.id").Scan(&rows).Error
	byID := make(map[uint]*TownshipCoverage, len(rows))
	for i := range rows {
		byID[rows[i].TownshipID] = &rows[i]
	}
	var town uint
	var role string
	var n, lead int
	if err == nil {
		err = eachRow(db, `SELECT COALESCE(s.parent_id, s.id), COUNT(*), SUM(CASE WHEN `+hasLeadSQL+` THEN 1 ELSE 0 END)
			FROM sites s WHERE s.deleted_at IS NULL`+inCounty+` GROUP BY COALESCE(s.parent_id, s.id)`, append([]any{on, on}, countyArgs...),
			[]any{&town, &n, &lead}, func() {
				for _, t := range []*TownshipCoverage{byID[town], &total} {
					if t != nil {
						t.Sites, t.SitesWithLead = t.Sites+n, t.SitesWithLead+lead
					}
				}
			})
	}
	// People by township, then the county's again: one person in two townships counts once.
	for _, by := range []string{"COALESCE(s.parent_id, s.id)", ""} {
		if err != nil {
			break
		}
		group, dest, into := "a.role", []any{&role, &n}, &total
		if by != "" {
			group, dest = by+", a.role", []any{&town, &role, &n}
		}
		err = eachRow(db, `SELECT `+group+`, COUNT(DISTINCT a.person_id) FROM `+liveAssignmentsSQL+`
			WHERE a.deleted_at IS NULL AND `+currentSQL+inCounty+` GROUP BY `+group, append([]any{on, on}, countyArgs...), dest, func() {
			if by != "" {
				into = byID[town]
			}
			switch {
			case into == nil:
			case role == RoleLead:
				into.Leads = n
			case role == RoleLiaison:
				into.Liaisons = n
			}
		})
	}
	if err != nil {
		return nil, total, translate(err, assignmentLabel)
	}
	return rows, total, nil
}

// SiteRoster is who guides one site on a day, for the handout's roster.
type SiteRoster struct {
	Leads    []string
	Liaisons []string
}

// LeadsAndLiaisons gives, by site ID, the current leads' and liaison
// members' names on day on (zero: today).
func (st *Store) LeadsAndLiaisons(ctx context.Context, on Date) (map[uint]SiteRoster, error) {
	on = orToday(on)
	out := make(map[uint]SiteRoster)
	var site uint
	var role, name string
	err := eachRow(st.db.WithContext(ctx), `SELECT a.site_id, a.role, pe.name FROM `+liveAssignmentsSQL+`
		WHERE a.deleted_at IS NULL AND `+currentSQL+` ORDER BY a.site_id, a.from_date, a.id`, []any{on, on}, []any{&site, &role, &name}, func() {
		ro := out[site]
		switch role {
		case RoleLead:
			ro.Leads = append(ro.Leads, name)
		case RoleLiaison:
			ro.Liaisons = append(ro.Liaisons, name)
		}
		out[site] = ro
	})
	if err != nil {
		return nil, translate(err, assignmentLabel)
	}
	return out, nil
}

// fillAssignmentNames puts the person's and site's names, trashed or not, on a.
func fillAssignmentNames(tx *gorm.DB, a *Assignment) error {
	var names struct{ PersonName, SiteName string }
	err := tx.Raw("SELECT (SELECT name FROM people WHERE id = ?) AS person_name, (SELECT name FROM sites WHERE id = ?) AS site_name",
		a.PersonID, a.SiteID).Scan(&names).Error
	a.PersonName, a.SiteName = names.PersonName, names.SiteName
	return err
}

var assignmentTrash = registerTrash(&trashRules[Assignment, *Assignment]{entity: "assignment", label: assignmentLabel,
	title: fillAssignmentNames,
	restore: func(st *Store, tx *gorm.DB, a *Assignment) error {
		if err := needLive(tx, "people", a.PersonID, a.PersonName); err != nil {
			return err
		}
		if err := needLive(tx, "sites", a.SiteID, a.SiteName); err != nil {
			return err
		}
		return conflictIf(func(c *checker) error { return checkAssignmentRefs(tx, a, c) }) // the overlap
	},
})

// TrashAssignment moves an assignment to the trash.
func (st *Store) TrashAssignment(ctx context.Context, id uint) error {
	return assignmentTrash.move(st, ctx, ActionTrash, id)
}
