package data

import (
	"context"
	"slices"
	"strings"

	"gorm.io/gorm"
)

// Visit is a supervision visit (调研指导) of leaders to sites. It shows
// only the live people and sites it links; links to trashed ones are kept
// (SaveVisit replaces only the live ones) and come back with them.
type Visit struct {
	Model
	Date         Date   `gorm:"not null" json:"date"`
	Findings     string `gorm:"not null;default:''" json:"findings"`
	Requirements string `gorm:"not null;default:''" json:"requirements"`
	Notes        string `gorm:"not null;default:''" json:"notes"`
	CountyID     *uint  `json:"county_id,omitempty"`     // the city database's county; nil in a county's own
	County       string `gorm:"->;-:migration" json:"-"` // its name, filled by the list queries

	// Filled by Visit, Visits and SaveVisit; not columns of visits.
	Leaders []VisitRef `gorm:"-" json:"-"`
	Sites   []VisitRef `gorm:"-" json:"-"`
}

// VisitRef is a person or site linked to a visit, with its name for display.
type VisitRef struct {
	ID   uint
	Name string
}

// Title is the date, and the sites when known, for the change log and trash.
func (v *Visit) Title() string {
	if len(v.Sites) == 0 {
		return v.Date.String()
	}
	return v.Date.String() + " " + v.SiteNames()
}

// LeaderNames joins the leaders' names for a table cell.
func (v *Visit) LeaderNames() string { return joinRefs(v.Leaders) }

// SiteNames joins the visited sites' names for a table cell.
func (v *Visit) SiteNames() string { return joinRefs(v.Sites) }

func joinRefs(refs []VisitRef) string {
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = r.Name
	}
	return strings.Join(names, "、")
}

var visitLabel = label{"调研指导", "supervision visit"}

func (v *Visit) tidy() { cleanStrings(v) }

// Validate checks the rules that need no database (not the links).
func (v *Visit) Validate() error { return validate(v) }

func (v *Visit) check(c *checker) {
	if v.Date.IsZero() {
		c.add("date", "请填写调研日期。", "Please enter the date of the visit.")
	}
	if v.Date.After(Today()) {
		c.add("date", "调研日期不能晚于今天。", "The date of the visit cannot be in the future.")
	}
	c.maxLen("findings", v.Findings, 5000, label{"发现的问题", "findings"})
	c.maxLen("requirements", v.Requirements, 5000, label{"指导要求", "requirements"})
	c.maxLen("notes", v.Notes, 2000, label{"备注", "notes"})
}

// SaveVisit creates the visit (ID 0) or updates it, with personIDs as its
// leaders and siteIDs as its sites, in one transaction.
func (st *Store) SaveVisit(ctx context.Context, v *Visit, personIDs, siteIDs []uint) error {
	v.tidy()
	personIDs, siteIDs = uniqueIDs(personIDs), uniqueIDs(siteIDs)
	var c checker
	v.check(&c)
	if len(personIDs) == 0 {
		c.add("person_ids", "请至少选择一位带队领导。", "Please choose at least one leader.")
	}
	if len(siteIDs) == 0 {
		c.add("site_ids", "请至少选择一个调研的试点单位。", "Please choose at least one site visited.")
	}
	if c.err() != nil {
		return c.err()
	}
	saved, savedLeaders, savedSites := v.Model, v.Leaders, v.Sites
	err := st.transact(ctx, func(tx *gorm.DB) error {
		var before [2][]VisitRef
		if v.ID != 0 {
			var err error
			if before, err = visitRefs(tx, v.ID); err != nil {
				return translate(err, visitLabel)
			}
		}
		// saveRecord runs nested (a savepoint) so the links join its transaction.
		inner := &Store{db: tx, path: st.path, user: st.user}
		err := saveRecord(ctx, inner, v, visitLabel, "visit", func(tx *gorm.DB) error {
			var err error
			if v.Leaders, err = liveRefs(tx, "people", personIDs); err != nil {
				return err
			}
			if len(v.Leaders) < len(personIDs) {
				c.add("person_ids", "所选的领导中有人不存在或已删除。", "A chosen leader does not exist or was deleted.")
			}
			if v.Sites, err = liveRefs(tx, "sites", siteIDs); err != nil {
				return err
			}
			if len(v.Sites) < len(siteIDs) {
				c.add("site_ids", "所选的试点单位中有的不存在或已删除。", "A chosen site does not exist or was deleted.")
			}
			return c.err()
		})
		if err != nil {
			return err
		}
		for i, ids := range [2][]uint{personIDs, siteIDs} {
			l := visitLinks[i]
			err := tx.Exec("DELETE FROM "+l.table+" WHERE visit_id = ? AND "+l.col+" IN (SELECT id FROM "+l.of+" WHERE deleted_at IS NULL)", v.ID).Error
			for _, id := range ids {
				if err == nil {
					err = tx.Exec("INSERT INTO "+l.table+" (visit_id, "+l.col+") VALUES (?, ?)", v.ID, id).Error
				}
			}
			if err != nil {
				return translate(err, visitLabel)
			}
		}
		after, err := visitRefs(tx, v.ID)
		if err != nil {
			return translate(err, visitLabel)
		}
		v.Leaders, v.Sites = after[0], after[1]
		// A second log line names the links when they changed.
		b := map[string]any{"leaders": joinRefs(before[0]), "sites": joinRefs(before[1])}
		a := map[string]any{"leaders": joinRefs(after[0]), "sites": joinRefs(after[1])}
		if b["leaders"] == a["leaders"] && b["sites"] == a["sites"] {
			return nil
		}
		return st.logChange(tx, "visit", v.ID, ActionUpdate, v.Title(), b, a)
	})
	if err != nil {
		v.Model, v.Leaders, v.Sites = saved, savedLeaders, savedSites
	}
	return err
}

// uniqueIDs is ids without repeats and zeros, sorted (a visit shows its
// links in an order of their own: refOrder).
func uniqueIDs(ids []uint) []uint {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	return slices.DeleteFunc(ids, func(id uint) bool { return id == 0 })
}

// refOrder is the display order of a visit's links in table (columns
// prefixed with p): leaders in entry order, sites grouped by township like
// Sites.
func refOrder(table, p string) string {
	if table == "sites" {
		return "COALESCE(" + p + "parent_id, " + p + "id), CASE WHEN " + p + "parent_id IS NULL THEN 0 ELSE 1 END, " + p + "id"
	}
	return p + "id"
}

// visitLinks are the tables linking a visit to its leaders and its sites.
var visitLinks = [2]struct{ table, col, of string }{{"visit_people", "person_id", "people"}, {"visit_sites", "site_id", "sites"}}

// liveRefs returns the live rows of table ("people" or "sites") among ids.
func liveRefs(tx *gorm.DB, table string, ids []uint) ([]VisitRef, error) {
	order := refOrder(table, "")
	var out []VisitRef
	err := tx.Table(table).Select("id, name").Where("id IN ? AND deleted_at IS NULL", ids).Order(order).Scan(&out).Error
	return out, err
}

// visitRefs returns the live leaders and sites of one visit.
func visitRefs(db *gorm.DB, id uint) ([2][]VisitRef, error) {
	m, err := visitRefsOf(db, []uint{id})
	return m[id], err
}

// visitRefsOf returns visit ID → its live leaders (by entry order) and
// sites (grouped by township like Sites).
func visitRefsOf(db *gorm.DB, ids []uint) (map[uint][2][]VisitRef, error) {
	out := map[uint][2][]VisitRef{}
	if len(ids) == 0 {
		return out, nil
	}
	for i, l := range visitLinks {
		var visit uint
		var r VisitRef
		err := eachRow(db, "SELECT v.visit_id, x.id, x.name FROM "+l.table+" v JOIN "+l.of+" x ON x.id = v."+l.col+" AND x.deleted_at IS NULL"+
			" WHERE v.visit_id IN ? ORDER BY "+refOrder(l.of, "x."), []any{ids}, []any{&visit, &r.ID, &r.Name}, func() {
			refs := out[visit]
			refs[i] = append(refs[i], r)
			out[visit] = refs
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Visit returns one live visit with its leaders and sites.
func (st *Store) Visit(ctx context.Context, id uint) (*Visit, error) {
	v, err := one[Visit](ctx, st, id, visitLabel)
	if err != nil {
		return nil, err
	}
	refs, err := visitRefs(st.db.WithContext(ctx), id)
	if err != nil {
		return nil, translate(err, visitLabel)
	}
	v.Leaders, v.Sites = refs[0], refs[1]
	return v, nil
}

// VisitFilter narrows the visit list; zero fields do not filter.
type VisitFilter struct {
	From, To Date   // inclusive
	SiteID   uint   // visits to exactly this site (a township's: not to its villages)
	PersonID uint   // visits led by this person
	CountyID uint   // a city database's county
	Keyword  string // part of the findings, requirements, notes, a leader's or a site's name
}

// Visits lists live visits, newest first, with their leaders and sites.
func (st *Store) Visits(ctx context.Context, f VisitFilter) ([]Visit, error) {
	db := st.db.WithContext(ctx)
	q := db.Model(&Visit{})
	if !f.From.IsZero() {
		q = q.Where("date >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("date <= ?", f.To)
	}
	if f.SiteID != 0 {
		q = q.Where("EXISTS (SELECT 1 FROM visit_sites AS vs WHERE vs.visit_id = visits.id AND vs.site_id = ?)", f.SiteID)
	}
	if f.PersonID != 0 {
		q = q.Where("EXISTS (SELECT 1 FROM visit_people AS vp WHERE vp.visit_id = visits.id AND vp.person_id = ?)", f.PersonID)
	}
	if f.CountyID != 0 {
		q = q.Where("county_id = ?", f.CountyID)
	}
	if kw := strings.TrimSpace(f.Keyword); kw != "" {
		like := "%" + escapeLike(kw) + "%"
		q = q.Where(`(findings LIKE ? ESCAPE '\' OR requirements LIKE ? ESCAPE '\' OR notes LIKE ? ESCAPE '\'
			OR EXISTS (SELECT 1 FROM visit_people AS vp JOIN people AS p ON p.id = vp.person_id AND p.deleted_at IS NULL
				WHERE vp.visit_id = visits.id AND p.name LIKE ? ESCAPE '\')
			OR EXISTS (SELECT 1 FROM visit_sites AS vs JOIN sites AS s ON s.id = vs.site_id AND s.deleted_at IS NULL
				WHERE vs.visit_id = visits.id AND s.name LIKE ? ESCAPE '\'))`, like, like, like, like, like)
	}
	var out []Visit
	if err := q.Select("visits.*, " + countyName("visits.county_id") + " AS county").Order("date DESC, id DESC").Find(&out).Error; err != nil {
		return nil, translate(err, visitLabel)
	}
	ids := make([]uint, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	refs, err := visitRefsOf(db, ids)
	if err != nil {
		return nil, translate(err, visitLabel)
	}
	for i := range out {
		r := refs[out[i].ID]
		out[i].Leaders, out[i].Sites = r[0], r[1]
	}
	return out, nil
}

var visitTrash = registerTrash(&trashRules[Visit, *Visit]{entity: "visit", label: visitLabel,
	// Its title names its sites.
	title: func(tx *gorm.DB, v *Visit) error {
		refs, err := visitRefs(tx, v.ID)
		v.Sites = refs[1]
		return err
	},
})

// TrashVisit moves a visit to the trash; its links stay with it.
func (st *Store) TrashVisit(ctx context.Context, id uint) error {
	return visitTrash.move(st, ctx, ActionTrash, id)
}
