package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The ledger's queries are plain SQL over the alias a, over the indexes of
// migratePlainSQL; every one says a.deleted_at IS NULL, which the indexes
// hold.

// activityColumns are what a query of activities (alias a, joined by
// activityJoins) reads: ActivityColumns with their site's and township's
// names; trashed sites still lend their names to the activities held
// there. Rows are scanned without GORM (activityDest): through GORM
// (reflection per field and row) reading a ledger took longer than
// writing it to a workbook. The dates come as text, which Date parses
// once: through the driver a "date" column is first tried as a timestamp.
var activityColumns = func() string {
	cols := []string{"a.id", "a.created_at", "a.updated_at", "a.deleted_at", "a.version"}
	for _, c := range ActivityColumns {
		if c.Kind == ColDate {
			cols = append(cols, "CAST(a."+c.Name+" AS TEXT) AS "+c.Name)
		} else {
			cols = append(cols, "a."+c.Name)
		}
	}
	return strings.Join(append(cols, "s.name AS site_name", "t.name AS township"), ", ")
}()

const activityJoins = ` LEFT JOIN sites s ON s.id = a.site_id LEFT JOIN sites t ON t.id = a.township_id`

// activitySelect reads whole activities.
var activitySelect = "SELECT " + activityColumns + " FROM activities a" + activityJoins

// ActivityFilter narrows the ledger; zero fields do not filter.
type ActivityFilter struct {
	From, To    Date   // activity dates, both inclusive
	TownshipID  uint   // activities anywhere in the township
	SiteID      uint   // activities at this site only
	TopicSource string // a TopicSources code
	FollowUp    string // a FollowUps code
	// Keyword is part of the topic, outcome or notes, or of the name of the
	// site or its township. Matched literally (% and _ are plain characters),
	// ignoring the case of ASCII letters only, as SQL LIKE does.
	Keyword string
	// Sort is a key: date, township, site (both in entry order, as the
	// site list shows them), topic, source (or topic_source), form,
	// decision, follow_up (these four in their options' order),
	// participants or problems (or problems_solved). Ties go by date, then
	// by entry order. Ascending unless Desc, or the key followed by " desc".
	// Empty: by date, newest first.
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

// enumOrder sorts a code column in the order the options are listed (an
// unset code first).
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

// Activities returns one page of live activities, with SiteName and
// Township filled, and how many match in all.
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

// ledgerSQL is the SQL of a page of the ledger (its arguments are args,
// then the limit and the offset), each row with the number of all matches
// or -1, and of that number alone. The page's ids are sorted first, then
// their rows read: sorting whole rows would carry every outcome through
// the sort. A keyword's matches are found by testing every row or its
// search index entries: counted on the way, not by a second search.
func ledgerSQL(pg bool, f ActivityFilter) (page, count string, args []any, err error) {
	order, err := activityOrder(f)
	if err != nil {
		return "", "", nil, err
	}
	where, args := activityWhere(pg, f)
	n := "-1"
	if strings.TrimSpace(f.Keyword) != "" {
		n = "COUNT(*) OVER ()"
	}
	return "WITH p AS (SELECT a.id, " + n + " AS n FROM activities a WHERE " + where + " ORDER BY " + order + " LIMIT ? OFFSET ?) " +
			"SELECT " + activityColumns + ", (SELECT n FROM p LIMIT 1) FROM activities a" + activityJoins + " WHERE a.id IN (SELECT id FROM p) ORDER BY " + order,
		"SELECT COUNT(*) FROM activities a WHERE " + where, args, nil
}

// EachActivity streams the live activities matching f (Sort, Offset and
// Limit ignored) to fn in batches of batch rows, ordered by date then entry,
// for exports. It pages by the last (date, id) seen rather than by offset,
// so each batch costs the same; it holds no transaction (that would lock
// out writers for the whole export), so rows saved meanwhile may or may not
// appear. An error from fn stops the walk and is returned as it is.
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

// scanActivities runs q, a query of activityColumns (then the columns of
// extra, the same for every row), and returns its rows; n is how many are
// expected.
func (st *Store) scanActivities(ctx context.Context, q string, args []any, n int, extra ...any) ([]Activity, error) {
	return scanList(ctx, st, q, args, n, func(a *Activity) []any { return append(activityDest(a), extra...) })
}

// scanList runs q and reads each row into a new T through dest (pointers
// to its fields in the order of q's columns): GORM's scan reflects on every
// field of every row, too slow for the lists of a province (15,000 people).
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
// Names of trashed-and-purged sites are NULL (left joins): they scan as "".
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
	return append(dest, textCol{&a.SiteName}, textCol{&a.Township})
}

// query runs a read on the store's connection (or its transaction) and
// calls each for every row.
//
// The driver gets a context that cannot be cancelled: given one that can,
// mattn/go-sqlite3 starts a goroutine for every row it steps to, a large
// part of reading an export. Cancelling is checked here between rows
// instead, so a single long step (a keyword sought in every row) runs to
// its end before the read stops.
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

// intCol, uintCol and textCol scan into plain Go fields without
// database/sql's reflection (which, for an int field, formats the value as
// text and parses it back). Anything but the driver's usual types goes the
// long way, through sql.Null*.
type (
	intCol  struct{ p *int }
	uintCol struct{ p *uint }
	textCol struct{ p *string }
	// refCol is a nullable id (a site's parent): nil for NULL.
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

// ActivityAttendees returns the named attendees of the given activities, in
// entry order, keyed by activity (for the ledger's 参加人员 column).
func (st *Store) ActivityAttendees(ctx context.Context, ids []uint) (map[uint][]Attendee, error) {
	out := make(map[uint][]Attendee)
	var cur Attendee
	var person sql.NullInt64
	dest := []any{uintCol{&cur.ID}, uintCol{&cur.ActivityID}, &person, &cur.Name, &cur.Role}
	var q strings.Builder
	args := make([]any, 0, 500)
	// Stay well under SQLite's limit on bound variables.
	for len(ids) > 0 {
		n := min(len(ids), 500)
		q.Reset()
		q.WriteString("SELECT id, activity_id, person_id, name, role FROM attendees WHERE activity_id IN (?")
		q.WriteString(strings.Repeat(",?", n-1))
		q.WriteString(") ORDER BY activity_id, id")
		args = args[:0]
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		err := st.query(ctx, q.String(), args, func(r *sql.Rows) error {
			cur = Attendee{}
			if err := r.Scan(dest...); err != nil {
				return err
			}
			if person.Valid {
				id := uint(person.Int64)
				cur.PersonID = &id
			}
			out[cur.ActivityID] = append(out[cur.ActivityID], cur)
			return nil
		})
		if err != nil {
			return nil, translate(err, activityLabel)
		}
		ids = ids[n:]
	}
	return out, nil
}

// OpenFollowUp is a follow-up item with what the supervision list shows of
// its activity.
type OpenFollowUp struct {
	FollowUpItem
	ActivityDate Date   `json:"activity_date"`
	Topic        string `json:"topic"`
	SiteID       uint   `json:"site_id"`
	SiteName     string `json:"site_name"`
	Township     string `json:"township"`
}

// OverdueFollowUps lists the live items of live activities that are not done
// and whose deadline is before today (an item due today is not late yet),
// earliest deadline first. There may be thousands: they are scanned
// without GORM, as activities are.
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

// overdueWhere repeats the partial index ix_follow_up_items_open's
// condition word for word, which is what lets SQLite use it. A live item
// always belongs to a live activity: they go to the trash and come back
// together, and no item is saved for a trashed activity.
const overdueWhere = `i.deleted_at IS NULL AND i.status <> 'done' AND i.deadline < ?`

const overdueSQL = `SELECT i.id, i.created_at, i.updated_at, i.version, i.activity_id, i.task, i.unit, CAST(i.deadline AS TEXT),
	i.status, i.progress, CAST(i.done_on AS TEXT), i.notes, CAST(a.date AS TEXT), a.topic, a.site_id, s.name, t.name
	FROM follow_up_items i JOIN activities a ON a.id = i.activity_id
	LEFT JOIN sites s ON s.id = a.site_id LEFT JOIN sites t ON t.id = a.township_id
	WHERE ` + overdueWhere + ` ORDER BY i.deadline, i.id`

// SitesWithoutActivity lists the live villages, communities and enterprises
// with no live activity from today-days to today (both included), grouped
// by township as Sites lists them, with Township filled: the sites to
// visit. Townships are left out: their own activities are rare, and their
// sites are what the coordinator follows.
func (st *Store) SitesWithoutActivity(ctx context.Context, days int, today Date) ([]Site, error) {
	var out []Site
	err := st.db.WithContext(ctx).Raw(quietSitesSQL, KindTownship, today.AddDays(-days), today).Scan(&out).Error
	return out, translate(err, siteLabel)
}

const quietSitesSQL = `SELECT s.*, p.name AS township FROM sites s LEFT JOIN sites p ON p.id = s.parent_id
	WHERE s.deleted_at IS NULL AND s.kind <> ? AND s.id NOT IN
		(SELECT a.site_id FROM activities a WHERE a.deleted_at IS NULL AND a.date >= ? AND a.date <= ?)
	ORDER BY s.parent_id, s.id`
