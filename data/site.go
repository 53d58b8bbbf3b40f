package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Site is a pilot site (试点单位): a township or street at level 1, or a
// village, community, enterprise or institution under a township.
type Site struct {
	Model
	Name       string `gorm:"not null" json:"name"`
	Kind       string `gorm:"not null" json:"kind"`
	ParentID   *uint  `json:"parent_id,omitempty"`
	Platform   string `gorm:"not null;default:''" json:"platform"`   // 议事平台 / 议事室 name
	RoomBasis  string `gorm:"not null;default:''" json:"room_basis"` // what the room is built on: RoomBases code, "" unknown
	UnveiledOn Date   `json:"unveiled_on"`                           // 挂牌 / 揭牌 date
	Status     string `gorm:"not null" json:"status"`
	Address    string `gorm:"not null;default:''" json:"address"`
	Contact    string `gorm:"not null;default:''" json:"contact"`
	Phone      string `gorm:"not null;default:''" json:"phone"`
	Notes      string `gorm:"not null;default:''" json:"notes"`
	CountyID   *uint  `json:"county_id,omitempty"`     // the city database's county; nil in a county's own
	County     string `gorm:"->;-:migration" json:"-"` // its name, filled by the list queries

	// Township is the parent's name, filled by the list queries.
	Township string `gorm:"->;-:migration" json:"township,omitempty"`
}

var siteLabel = label{"试点单位", "pilot site"}

// IsTownship tells whether the site is a level-1 township or street.
func (s *Site) IsTownship() bool { return s.Kind == KindTownship }

// tidy trims what was typed, before validating and saving.
func (s *Site) tidy() {
	cleanStrings(s)
	s.Phone = NormalizePhone(s.Phone)
	if s.Kind == KindTownship {
		s.ParentID = nil
	}
}

// Validate checks the rules that need no database.
func (s *Site) Validate() error { return validate(s) }

func (s *Site) check(c *checker) {
	c.required("name", s.Name, label{"名称", "name"})
	c.maxLen("name", s.Name, 100, label{"名称", "name"})
	if !SiteKinds.Valid(s.Kind) {
		c.add("kind", "请选择类型。", "Please choose the kind.")
	}
	if s.Kind != "" && s.Kind != KindTownship && s.ParentID == nil {
		c.add("parent_id", "村（社区）和企事业单位必须属于一个乡镇（街道），请选择所属乡镇。",
			"A village, community or enterprise must belong to a township; please choose one.")
	}
	if !SiteStatuses.Valid(s.Status) {
		c.add("status", "请选择状态。", "Please choose the status.")
	}
	if s.Status != "" && s.Status != StatusPlanned && s.UnveiledOn.IsZero() {
		c.add("unveiled_on", "已挂牌的试点单位须填写挂牌日期。", "Enter the unveiling date: the site has been unveiled.")
	}
	if s.UnveiledOn.After(Today()) {
		c.add("unveiled_on", "挂牌日期不能晚于今天。", "The unveiling date cannot be in the future.")
	}
	c.maxLen("platform", s.Platform, 100, label{"议事平台名称", "platform name"})
	if s.RoomBasis != "" && !RoomBases.Valid(s.RoomBasis) {
		c.add("room_basis", "依托类型不在可选范围内。", "Unknown basis of the room.")
	}
	c.maxLen("address", s.Address, 200, label{"地址", "address"})
	c.maxLen("contact", s.Contact, 50, label{"联系人", "contact person"})
	c.phone("phone", s.Phone)
	c.maxLen("notes", s.Notes, 2000, label{"备注", "notes"})
}

// checkSiteRefs checks the rules that read other rows.
func checkSiteRefs(tx *gorm.DB, s *Site, c *checker) error {
	if err := siteCounty(tx, s); err != nil {
		return err
	}
	if s.ParentID != nil {
		var parent Site
		err := tx.Select("id", "kind").First(&parent, *s.ParentID).Error
		switch {
		case err == gorm.ErrRecordNotFound:
			c.add("parent_id", "所选的乡镇（街道）不存在或已删除。", "The chosen township does not exist or was deleted.")
		case err != nil:
			return err
		case parent.Kind != KindTownship:
			c.add("parent_id", "上级必须是乡镇（街道）。", "The parent must be a township or street.")
		case parent.ID == s.ID:
			c.add("parent_id", "不能把试点单位设为自己的上级。", "A site cannot be its own parent.")
		}
	}
	if s.ID != 0 && s.Kind != KindTownship {
		var children int64
		if err := tx.Model(&Site{}).Where("parent_id = ?", s.ID).Count(&children).Error; err != nil {
			return err
		}
		if children > 0 {
			c.add("kind", fmt.Sprintf("该乡镇下还有%d个试点单位，不能改为其他类型。", children),
				fmt.Sprintf("This township still has %d sites under it, so its kind cannot change.", children))
		}
	}
	q := tx.Model(&Site{}).Where("name = ?", s.Name).Where("id <> ?", s.ID)
	if s.ParentID == nil { // townships: per county in a city's database
		q = q.Where("parent_id IS NULL").Where("COALESCE(county_id, 0) = ?", ptrOr(s.CountyID))
	} else {
		q = q.Where("parent_id = ?", *s.ParentID)
	}
	return clash(q, c, "name", "同一乡镇下已有同名的试点单位。", "There is already a site with this name in the same township.")
}

// SaveSite creates the site (ID 0) or updates it.
func (st *Store) SaveSite(ctx context.Context, s *Site) error {
	return saveChecked(ctx, st, s, siteLabel, "site", func(tx *gorm.DB, c *checker) error {
		if err := checkSiteRefs(tx, s, c); err != nil || c.err() != nil {
			return err
		}
		return syncActivityTownship(tx, s) // its activities follow it to another township
	})
}

// Site returns one live site.
func (st *Store) Site(ctx context.Context, id uint) (*Site, error) {
	return one[Site](ctx, st, id, siteLabel)
}

// SiteFilter narrows the site list; zero fields do not filter.
type SiteFilter struct {
	TownshipID uint   // the township itself and the sites under it
	CountyID   uint   // a city database's county
	Kind       string // a SiteKinds code
	Status     string // a SiteStatuses code
	Keyword    string // part of name, platform, address or contact
}

// Sites lists live sites grouped by township (each followed by its sites,
// in entry order), Township filled.
func (st *Store) Sites(ctx context.Context, f SiteFilter) ([]Site, error) {
	where, args := []string{"s.deleted_at IS NULL"}, []any{}
	add := func(cond string, v ...any) { where, args = append(where, cond), append(args, v...) }
	if f.TownshipID != 0 {
		add("(s.id = ? OR s.parent_id = ?)", f.TownshipID, f.TownshipID)
	}
	if f.CountyID != 0 {
		add("s.county_id = ?", f.CountyID)
	}
	if f.Kind != "" {
		add("s.kind = ?", f.Kind)
	}
	if f.Status != "" {
		add("s.status = ?", f.Status)
	}
	if kw := strings.TrimSpace(f.Keyword); kw != "" {
		cond, likes := likeAny(kw, "s.name", "s.platform", "s.address", "s.contact", "p.name")
		add(cond, likes...)
	}
	out, err := scanList(ctx, st, "SELECT "+siteColumns+" FROM sites s LEFT JOIN sites p ON p.id = s.parent_id AND p.deleted_at IS NULL WHERE "+
		strings.Join(where, " AND ")+" ORDER BY "+siteGroupOrder, args, 0, siteDest)
	return out, translate(err, siteLabel)
}

// siteColumns (a live site s and its township p) and siteDest read a site.
var siteColumns = `s.id, s.created_at, s.updated_at, s.version, s.name, s.kind, s.parent_id, s.platform,
	CAST(s.unveiled_on AS TEXT), s.status, s.address, s.contact, s.phone, s.notes, COALESCE(p.name, s.name), s.room_basis,
	s.county_id, ` + countyName("s.county_id")

func siteDest(s *Site) []any {
	return []any{uintCol{&s.ID}, &s.CreatedAt, &s.UpdatedAt, intCol{&s.Version}, &s.Name, &s.Kind, refCol{&s.ParentID}, &s.Platform,
		&s.UnveiledOn, &s.Status, &s.Address, &s.Contact, &s.Phone, &s.Notes, &s.Township, &s.RoomBasis, refCol{&s.CountyID}, &s.County}
}

// siteGroupOrder lists sites (alias s) grouped by township, the township first.
const siteGroupOrder = "COALESCE(s.parent_id, s.id), CASE WHEN s.parent_id IS NULL THEN 0 ELSE 1 END, s.id"

// Townships lists the live level-1 sites in entry order.
func (st *Store) Townships(ctx context.Context) ([]Site, error) {
	var out []Site
	err := st.db.WithContext(ctx).Where("kind = ?", KindTownship).Order("id").Find(&out).Error
	for i := range out {
		out[i].Township = out[i].Name
	}
	return out, translate(err, siteLabel)
}

// SiteNames lists the live sites as Sites does with only their id, name,
// kind, parent and Township, for pickers (cheap at a province's sites).
func (st *Store) SiteNames(ctx context.Context) ([]Site, error) {
	var out []Site
	err := st.query(ctx, `SELECT s.id, s.name, s.kind, s.parent_id, COALESCE(p.name, s.name) FROM sites s
		LEFT JOIN sites p ON p.id = s.parent_id AND p.deleted_at IS NULL WHERE s.deleted_at IS NULL
		ORDER BY `+siteGroupOrder, nil,
		func(r *sql.Rows) error {
			var s Site
			err := r.Scan(uintCol{&s.ID}, &s.Name, &s.Kind, refCol{&s.ParentID}, &s.Township)
			out = append(out, s)
			return err
		})
	return out, translate(err, siteLabel)
}

var siteTrash = registerTrash(&trashRules[Site, *Site]{entity: "site", label: siteLabel,
	// Refused while it has live sites under it or live activities.
	trash: func(st *Store, tx *gorm.DB, s *Site) error {
		err := refuseIfAny(tx.Model(&Site{}).Where("parent_id = ?", s.ID), func(n int64) error {
			return newErr(EInUse, "", fmt.Sprintf("“%s”下还有%d个试点单位，请先删除或移走它们。", s.Name, n),
				fmt.Sprintf("%q still has %d sites under it; delete or move them first.", s.Name, n))
		})
		if err == nil { // its activities would linger in the ledger under a site nobody sees
			err = refuseIfAny(tx.Model(&Activity{}).Where("site_id = ? OR township_id = ?", s.ID, s.ID), func(n int64) error {
				return newErr(EInUse, "", fmt.Sprintf("“%s”还有%d次协商议事活动，请先删除这些活动，或把它们改到其他试点单位。", s.Name, n),
					fmt.Sprintf("%q still has %d consultation activities; delete them or move them to another site first.", s.Name, n))
			})
		}
		// So would its planned consultations and its village groups.
		for _, r := range []struct {
			model  any
			zh, en string
		}{{&Plan{}, "项协商计划", "planned consultations"}, {&SiteGroup{}, "个村民小组（小区）", "village groups or compounds"}} {
			if err == nil {
				err = refuseIfAny(tx.Model(r.model).Where("site_id = ?", s.ID), func(n int64) error {
					return newErr(EInUse, "", fmt.Sprintf("“%s”还有%d%s，请先删除它们。", s.Name, n, r.zh),
						fmt.Sprintf("%q still has %d %s; delete them first.", s.Name, n, r.en))
				})
			}
		}
		return err
	},
	restore: func(st *Store, tx *gorm.DB, s *Site) error {
		var c checker
		if err := checkSiteRefs(tx, s, &c); err != nil {
			return err
		}
		if e := c.errs.Field("parent_id"); e != nil {
			return newErr(EConflict, "", "它所属的乡镇（街道）已被删除，请先恢复该乡镇。", "Its township was deleted; restore the township first.")
		}
		if e := c.errs.Field("name"); e != nil {
			return newErr(EConflict, "", "已有同名的试点单位，请先改名或删除那个单位。", "A live site has the same name now; rename or delete that one first.")
		}
		return nil
	},
	purge: func(st *Store, tx *gorm.DB, s *Site) error {
		err := refuseIfAny(tx.Unscoped().Model(&Site{}).Where("parent_id = ?", s.ID), func(n int64) error {
			return newErr(EInUse, "", fmt.Sprintf("“%s”下还有%d个试点单位（包括回收站中的），不能彻底删除。", s.Name, n),
				fmt.Sprintf("%q still has %d sites under it (including trashed ones), so it cannot be purged.", s.Name, n))
		})
		if err != nil {
			return err
		}
		return checkNoActivities(tx, s)
	},
})

// TrashSite moves a site to the trash, unless it has live sites under it
// or live activities.
func (st *Store) TrashSite(ctx context.Context, id uint) error {
	return siteTrash.move(st, ctx, ActionTrash, id)
}

// clash adds field's broken rule (zh, en) to c when q, the live rows the
// record would clash with, finds any.
func clash(q *gorm.DB, c *checker, field, zh, en string) error {
	var n int64
	if err := q.Count(&n).Error; err != nil || n == 0 {
		return err
	}
	c.add(field, zh, en)
	return nil
}

// refuseIfAny is refuse(n) when q counts n > 0 rows (those that still refer
// to a record, a name taken).
func refuseIfAny(q *gorm.DB, refuse func(n int64) error) error {
	var n int64
	if err := q.Count(&n).Error; err != nil || n == 0 {
		return err
	}
	return refuse(n)
}

// likeAny is "kw is part of one of cols", literally (% and _ too), and its arguments.
func likeAny(kw string, cols ...string) (string, []any) {
	conds, args := make([]string, len(cols)), make([]any, len(cols))
	for i, c := range cols {
		conds[i], args[i] = c+` LIKE ? ESCAPE '\'`, "%"+escapeLike(kw)+"%"
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SiteCount is the number of live sites of one kind and status.
type SiteCount struct {
	Kind   string
	Status string
	N      int
}

// SiteCounts counts live sites by kind and status.
func (st *Store) SiteCounts(ctx context.Context) ([]SiteCount, error) {
	var out []SiteCount
	err := st.db.WithContext(ctx).Model(&Site{}).Select("kind, status, COUNT(*) AS n").
		Group("kind, status").Scan(&out).Error
	return out, translate(err, siteLabel)
}

// siteCounty gives a site saved without a county the one it has (an edit)
// or its township's (a new village in a city's database).
func siteCounty(tx *gorm.DB, s *Site) error {
	if s.CountyID != nil {
		return nil
	}
	id := s.ID
	if id == 0 && s.ParentID != nil {
		id = *s.ParentID
	}
	if id == 0 {
		return nil
	}
	var county sql.NullInt64
	err := tx.Raw("SELECT county_id FROM sites WHERE id = ?", id).Row().Scan(&county)
	if err == sql.ErrNoRows {
		return nil
	}
	if county.Valid {
		v := uint(county.Int64)
		s.CountyID = &v
	}
	return err
}

// ptrOr is *p, or 0 for nil.
func ptrOr(p *uint) uint {
	if p == nil {
		return 0
	}
	return *p
}
