package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// activityColumns are what a query of activities (alias a, plus
// activityJoins) reads: ActivityColumns and the names of the site and
// township (trashed or not), scanned without GORM (activityDest); dates as
// text, which Date parses once.
var activityColumns = func() string {
	cols := []string{"a.id", "a.created_at", "a.updated_at", "a.deleted_at", "a.version"}
	for _, c := range ActivityColumns {
		if c.Kind == ColDate {
			cols = append(cols, "CAST(a."+c.Name+" AS TEXT) AS "+c.Name)
		} else {
			cols = append(cols, "a."+c.Name)
		}
	}
	return strings.Join(append(cols, "s.name AS site_name", "t.name AS township", countyName("t.county_id")+" AS county"), ", ")
}()

const activityJoins = ` LEFT JOIN sites s ON s.id = a.site_id LEFT JOIN sites t ON t.id = a.township_id`

// activitySelect reads whole activities.
var activitySelect = "SELECT " + activityColumns + " FROM activities a" + activityJoins

// ActivityFilter narrows the ledger; zero fields do not filter.
type ActivityFilter struct {
	From, To    Date   // activity dates, both inclusive
	TownshipID  uint   // activities anywhere in the township
	SiteID      uint   // activities at this site only
	CountyID    uint   // a city database's county: activities at its sites
	TopicSource string // a TopicSources code
	FollowUp    string // a FollowUps code
	// Keyword is part of the topic, outcome, notes, site or township name,
	// literally (% and _ too), ignoring the case of ASCII letters as LIKE does.
	Keyword string
	// Sort is a key of activitySorts (township and site in entry order,
	// codes in their options' order), ties by date then entry; ascending
	// unless Desc or "key desc". Empty: newest first.
	Sort          string
	Desc          bool
	Offset, Limit int // a page; Limit 0 means 50
}

// activitySorts are the sort keys (the column names too) and what they sort by.
var activitySorts = map[string]string{
	"date":            "a.date",
	"township":        "a.township_id",
	"site":            "a.site_id",
	"topic":           "a.topic",
	"source":          enumOrder("a.topic_source", TopicSources),
	"topic_source":    enumOrder("a.topic_source", TopicSources),
	"form":            enumOrder("a.form", ActivityForms),
	"decision":        enumOrder("a.decision", Decisions),
	"follow_up":       enumOrder("a.follow_up", FollowUps),
	"participants":    "a.participants",
	"problems":        "a.problems_solved",
	"problems_solved": "a.problems_solved",
}

// enumOrder sorts a code column in its options' order (unset first).
func enumOrder(col string, e Enum) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for i, code := range e.Codes() {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", code, i+1)
	}
	return b.String() + " ELSE 0 END"
}

// activityOrder is the ORDER BY of the filter's sort.
func activityOrder(f ActivityFilter) (string, error) {
	words := strings.Fields(strings.ToLower(f.Sort))
	if len(words) == 0 {
		words = []string{"date", "desc"}
	}
	expr, ok := activitySorts[words[0]]
	if !ok || len(words) > 2 || len(words) == 2 && words[1] != "asc" && words[1] != "desc" {
		return "", newErr(EInvalid, "sort", fmt.Sprintf("无法按“%s”排序。", f.Sort), fmt.Sprintf("Cannot sort by %q.", f.Sort))
	}
	dir := " ASC"
	if f.Desc || len(words) == 2 && words[1] == "desc" {
		dir = " DESC"
	}
	if words[0] == "date" {
		return "a.date" + dir + ", a.id" + dir, nil
	}
	return expr + dir + ", a.date" + dir + ", a.id" + dir, nil
}

// activityWhere is the WHERE clause of the filter, over alias a.
func activityWhere(pg bool, f ActivityFilter) (string, []any) {
	conds, args := []string{"a.deleted_at IS NULL"}, []any{}
	add := func(cond string, v ...any) { conds, args = append(conds, cond), append(args, v...) }
	if !f.From.IsZero() {
		add("a.date >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("a.date <= ?", f.To)
	}
	if f.TownshipID != 0 {
		add("a.township_id = ?", f.TownshipID)
	}
	if f.SiteID != 0 {
		add("a.site_id = ?", f.SiteID)
	}
	if f.CountyID != 0 {
		add("a.township_id IN (SELECT id FROM sites WHERE county_id = ?)", f.CountyID)
	}
	if f.TopicSource != "" {
		add("a.topic_source = ?", f.TopicSource)
	}
	if f.FollowUp != "" {
		add("a.follow_up = ?", f.FollowUp)
	}
	if kw := strings.TrimSpace(f.Keyword); kw != "" {
		text, targs := textMatch(pg, kw)
		like := "%" + escapeLike(kw) + "%"
		place := "a.site_id IN (SELECT s.id FROM sites s LEFT JOIN sites p ON p.id = s.parent_id WHERE s.name LIKE ? ESCAPE '\\' OR p.name LIKE ? ESCAPE '\\')"
		add(keywordMatch(pg, kw, text, place), append(targs, like, like)...)
	}
	return strings.Join(conds, " AND "), args
}

// Activities returns one page of live activities and how many match in all.
func (st *Store) Activities(ctx context.Context, f ActivityFilter) ([]Activity, int, error) {
	page, count, args, err := ledgerSQL(isPG(st.db), f)
	if err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	total := int64(-1) // the page's count column
	rows, err := st.scanActivities(ctx, page, append(args[:len(args):len(args)], f.Limit, f.Offset), f.Limit, &total)
	if err != nil {
		return nil, 0, translate(err, activityLabel)
	}
	switch {
	case total >= 0:
	case len(rows) < f.Limit && (len(rows) > 0 || f.Offset == 0): // the last page tells the count
		total = int64(f.Offset + len(rows))
	default:
		err = st.db.WithContext(ctx).Raw(count, args...).Scan(&total).Error
	}
	return rows, int(total), translate(err, activityLabel)
}

// ledgerSQL is the SQL of a page (args, then limit and offset), each row
// with the count of all matches or -1, and of that count alone. The page's
// ids are sorted first, then their rows read. A keyword's matches (with
// their sort key) are gathered once, then counted and sorted: a window
// count would sort every match, and PostgreSQL (before 17) would walk a
// sort's index over the whole table.
func ledgerSQL(pg bool, f ActivityFilter) (page, count string, args []any, err error) {
	order, err := activityOrder(f)
	if err != nil {
		return "", "", nil, err
	}
	where, args := activityWhere(pg, f)
	head, n, from := "WITH ", "-1", "activities a WHERE "+where
	kw := strings.TrimSpace(f.Keyword)
	// On PostgreSQL a keyword of 1-2 characters, which no index finds, is
	// counted by the count query: the page stops at its rows, and the count
	// scans in parallel.
	if kw != "" && !(pg && utf8.RuneCountInString(kw) < 3) {
		cols := "a.id, a.date"
		if key := strings.Fields(strings.ToLower(f.Sort)); len(key) > 0 && key[0] != "date" {
			cols += ", " + strings.Fields(strings.TrimPrefix(activitySorts[key[0]], "CASE "))[0]
		}
		head = "WITH m AS MATERIALIZED (SELECT " + cols + " FROM activities a WHERE " + where + "), "
		n, from = "(SELECT COUNT(*) FROM m)", "m a"
	}
	return head + "p AS (SELECT a.id, " + n + " AS n FROM " + from + " ORDER BY " + order + " LIMIT ? OFFSET ?) " +
			"SELECT " + activityColumns + ", (SELECT n FROM p LIMIT 1) FROM activities a" + activityJoins + " WHERE a.id IN (SELECT id FROM p) ORDER BY " + order,
		"SELECT COUNT(*) FROM activities a WHERE " + where, args, nil
}

// EachActivity streams the live activities matching f (Sort, Offset and
// Limit ignored) to fn in batches, by date then entry, for exports: paged
// by the last (date, id) seen, in no transaction (writers go on). An error
// from fn stops the walk and is returned as it is.
func (st *Store) EachActivity(ctx context.Context, f ActivityFilter, batch int, fn func([]Activity) error) error {
	if batch <= 0 {
		batch = 1000
	}
	where, args := activityWhere(isPG(st.db), f)
	first := activitySelect + " WHERE " + where + " ORDER BY a.date, a.id LIMIT ?"
	next := activitySelect + " WHERE " + where + " AND (a.date, a.id) > (?, ?) ORDER BY a.date, a.id LIMIT ?"
	q, qargs := first, append(args[:len(args):len(args)], batch)
	for {
		rows, err := st.scanActivities(ctx, q, qargs, batch) // fresh each time: fn may keep it
		if err != nil {
			return translate(err, activityLabel)
		}
		if len(rows) == 0 {
			return nil
		}
		if err := fn(rows); err != nil {
			return err
		}
		if len(rows) < batch {
			return nil
		}
		last := rows[len(rows)-1]
		q, qargs = next, append(args[:len(args):len(args)], last.Date, last.ID, batch)
	}
}

// scanActivities runs q, a query of activityColumns (then extra's), and
// returns its rows; n is how many are expected.
func (st *Store) scanActivities(ctx context.Context, q string, args []any, n int, extra ...any) ([]Activity, error) {
	return scanList(ctx, st, q, args, n, func(a *Activity) []any { return append(activityDest(a), extra...) })
}

// scanList runs q and reads each row into a new T through dest (pointers
// to its fields in q's order): GORM's scan is slow on a province's lists.
func scanList[T any](ctx context.Context, st *Store, q string, args []any, n int, dest func(*T) []any) ([]T, error) {
	out := make([]T, 0, n)
	var cur T
	to := dest(&cur)
	err := st.query(ctx, q, args, func(r *sql.Rows) error {
		var zero T
		cur = zero
		if err := r.Scan(to...); err != nil {
			return err
		}
		out = append(out, cur)
		return nil
	})
	return out, err
}

// activityDest is where a row of activityColumns goes: into a's fields.
func activityDest(a *Activity) []any {
	dest := []any{uintCol{&a.ID}, &a.CreatedAt, &a.UpdatedAt, &a.DeletedAt, intCol{&a.Version}}
	for _, c := range ActivityColumns {
		switch p := c.Field(a).(type) {
		case *int:
			dest = append(dest, intCol{p})
		case *uint:
			dest = append(dest, uintCol{p})
		default:
			dest = append(dest, p)
		}
	}
	return append(dest, textCol{&a.SiteName}, textCol{&a.Township}, textCol{&a.County})
}

// query runs a read on the store's connection (or transaction) and calls
// each for every row. The driver gets a context that cannot be cancelled
// (mattn starts a goroutine per row otherwise); cancelling is checked here.
func (st *Store) query(ctx context.Context, q string, args []any, each func(*sql.Rows) error) error {
	qctx := context.WithoutCancel(ctx)
	if isPG(st.db) { // pgx watches a context without a goroutine per row
		var cancel context.CancelFunc
		qctx, cancel = context.WithTimeout(ctx, pgStatementTimeout)
		defer cancel()
	}
	rows, err := st.db.Statement.ConnPool.QueryContext(qctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for n := 0; rows.Next(); n++ {
		if n%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// eachRow runs q through GORM's connection (or transaction) and, for
// every row, scans it into dest and calls fn.
func eachRow(db *gorm.DB, q string, args []any, dest []any, fn func()) error {
	rows, err := db.Raw(q, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		fn()
	}
	return rows.Err()
}

// intCol, uintCol and textCol scan into plain Go fields without
// database/sql's reflection; other types go through sql.Null*.
type (
	intCol  struct{ p *int }
	uintCol struct{ p *uint }
	textCol struct{ p *string }
	// refCol is a nullable id (a site's parent, an attendee's person): nil for NULL.
	refCol struct{ p **uint }
)

func (c refCol) Scan(v any) error {
	var n sql.NullInt64
	if err := n.Scan(v); err != nil || !n.Valid {
		*c.p = nil
		return err
	}
	id := uint(n.Int64)
	*c.p = &id
	return nil
}

func (c intCol) Scan(v any) error {
	if x, ok := v.(int64); ok {
		*c.p = int(x)
		return nil
	}
	var n sql.NullInt64
	err := n.Scan(v)
	*c.p = int(n.Int64)
	return err
}

func (c uintCol) Scan(v any) error {
	if x, ok := v.(int64); ok && x >= 0 {
		*c.p = uint(x)
		return nil
	}
	var n sql.NullInt64
	if err := n.Scan(v); err != nil {
		return err
	}
	if n.Int64 < 0 {
		return fmt.Errorf("data: negative id %d", n.Int64)
	}
	*c.p = uint(n.Int64)
	return nil
}

func (c textCol) Scan(v any) error {
	if x, ok := v.(string); ok {
		*c.p = x
		return nil
	}
	var n sql.NullString
	err := n.Scan(v)
	*c.p = n.String
	return err
}

// ActivityAttendees returns the attendees of the activities ids, keyed by activity.
func (st *Store) ActivityAttendees(ctx context.Context, ids []uint) (map[uint][]Attendee, error) {
	out, err := byActivity(ctx, st, `SELECT id, activity_id, person_id, name, role FROM attendees WHERE`, ids,
		func(t *Attendee) ([]any, *uint) {
			return []any{uintCol{&t.ID}, uintCol{&t.ActivityID}, refCol{&t.PersonID}, &t.Name, &t.Role}, &t.ActivityID
		})
	return out, translate(err, activityLabel)
}

// byActivity runs q (ending in WHERE or AND) for the rows of the activities
// ids, 500 at a time (well under SQLite's limit on bound variables), and
// keys them by activity; dest gives a row's fields and its activity's id.
func byActivity[T any](ctx context.Context, st *Store, q string, ids []uint, dest func(*T) ([]any, *uint)) (map[uint][]T, error) {
	out := make(map[uint][]T)
	var cur T
	to, activity := dest(&cur)
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		err := st.query(ctx, q+" activity_id IN (?"+strings.Repeat(",?", n-1)+") ORDER BY activity_id, id", args, func(r *sql.Rows) error {
			var zero T
			cur = zero
			if err := r.Scan(to...); err != nil {
				return err
			}
			out[*activity] = append(out[*activity], cur)
			return nil
		})
		if err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

// OpenFollowUp is a follow-up item with its activity's date, topic and site.
type OpenFollowUp struct {
	FollowUpItem
	ActivityDate Date   `json:"activity_date"`
	Topic        string `json:"topic"`
	SiteID       uint   `json:"site_id"`
	SiteName     string `json:"site_name"`
	Township     string `json:"township"`
}

// OverdueFollowUps lists the live items not done whose deadline is before
// today, earliest deadline first.
func (st *Store) OverdueFollowUps(ctx context.Context, today Date) ([]OpenFollowUp, error) {
	var out []OpenFollowUp
	err := st.query(ctx, overdueSQL, []any{today}, func(r *sql.Rows) error {
		var o OpenFollowUp
		err := r.Scan(uintCol{&o.ID}, &o.CreatedAt, &o.UpdatedAt, intCol{&o.Version}, uintCol{&o.ActivityID}, &o.Task, &o.Unit,
			&o.Deadline, &o.Status, intCol{&o.Progress}, &o.DoneOn, &o.Notes, &o.ActivityDate, &o.Topic, uintCol{&o.SiteID},
			textCol{&o.SiteName}, textCol{&o.Township})
		out = append(out, o)
		return err
	})
	return out, translate(err, followUpLabel)
}

// overdueWhere is ix_follow_up_items_open's condition word for word, so
// SQLite uses it. A live item's activity is live: they are trashed together.
const overdueWhere = `i.deleted_at IS NULL AND i.status <> 'done' AND i.deadline < ?`

const overdueSQL = `SELECT i.id, i.created_at, i.updated_at, i.version, i.activity_id, i.task, i.unit, CAST(i.deadline AS TEXT),
	i.status, i.progress, CAST(i.done_on AS TEXT), i.notes, CAST(a.date AS TEXT), a.topic, a.site_id, s.name, t.name
	` + followUpJoins + ` WHERE ` + overdueWhere + ` ORDER BY i.deadline, i.id`

// followUpJoins reads follow-up items (i) with their activity (a), its site (s) and township (t).
const followUpJoins = `FROM follow_up_items i JOIN activities a ON a.id = i.activity_id
	LEFT JOIN sites s ON s.id = a.site_id LEFT JOIN sites t ON t.id = a.township_id`

// SitesWithoutActivity lists the live non-township sites with no live
// activity from today-days to today, grouped as Sites: the sites to visit.
func (st *Store) SitesWithoutActivity(ctx context.Context, days int, today Date) ([]Site, error) {
	var out []Site
	err := st.db.WithContext(ctx).Raw(quietSitesSQL, KindTownship, today.AddDays(-days), today).Scan(&out).Error
	return out, translate(err, siteLabel)
}

const quietSitesSQL = `SELECT s.*, p.name AS township FROM sites s LEFT JOIN sites p ON p.id = s.parent_id
	WHERE s.deleted_at IS NULL AND s.kind <> ? AND s.id NOT IN
		(SELECT a.site_id FROM activities a WHERE a.deleted_at IS NULL AND a.date >= ? AND a.date <= ?)
	ORDER BY s.parent_id, s.id`

// FollowUpLedger lists the live follow-up items of the live activities held
// in period p, as the 督办事项台账 shows them: by the activity's date, then
// in entry order, each with its activity, site and township. They are the
// items the summary of the same period written on day today counts as
// follow_ups (本期); FollowUpStateOn(item, SummaryAsOf(p, today)) is each
// one's state there.
func (st *Store) FollowUpLedger(ctx context.Context, p Period, today Date) ([]OpenFollowUp, error) {
	from, _ := bounds(p)
	var out []OpenFollowUp
	err := st.db.WithContext(ctx).Raw(`SELECT i.*, a.date AS activity_date, a.topic, a.site_id, s.name AS site_name, t.name AS township
		`+followUpJoins+` WHERE i.deleted_at IS NULL AND a.deleted_at IS NULL AND a.date >= ? AND a.date <= ?
		ORDER BY a.date, a.id, i.id`, from, SummaryAsOf(p, today)).Scan(&out).Error
	return out, translate(err, followUpLabel)
}

// TypicalCases returns the live activities of period p marked as typical
// cases (典型案例), oldest first, each whole: attendees and follow-up items
// (一事一档, export cases).
func (st *Store) TypicalCases(ctx context.Context, p Period) ([]ActivityDetail, error) {
	from, to := bounds(p)
	var ids []uint
	err := st.db.WithContext(ctx).Raw(`SELECT id FROM activities WHERE deleted_at IS NULL AND typical_case = ?
		AND date >= ? AND date <= ? ORDER BY date, id`, true, from, to).Scan(&ids).Error
	if err != nil {
		return nil, translate(err, activityLabel)
	}
	out := make([]ActivityDetail, 0, len(ids))
	for _, id := range ids {
		d, err := st.Activity(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, nil
}
