package data

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The ledger's queries are plain SQL over the alias a, so that the same
// string can be checked with EXPLAIN QUERY PLAN in the tests. Every one
// says a.deleted_at IS NULL, which the indexes hold (migrate_v2.go).

// activitySelect reads activities with their site's and township's names;
// trashed sites still lend their names to the activities held there. Every
// column is named, in the order of activityDest, so that pages and exports
// scan rows without GORM: through GORM (reflection per field and row)
// reading 100,000 rows took longer than writing them to a workbook. The
// dates come as text, which Date parses once: through the driver a "date"
// column is first tried against a timestamp layout.
const activitySelect = `SELECT a.id, a.created_at, a.updated_at, a.deleted_at, a.version, CAST(a.date AS TEXT) AS date,
	a.site_id, a.township_id, a.topic, a.topic_source, a.form, a.procedure, a.decision, a.votes_for, a.votes_against,
	a.votes_abstain, a.participants, a.outcome, a.follow_up, CAST(a.follow_up_date AS TEXT) AS follow_up_date,
	a.problems_solved, a.notes, a.problems_raised, a.typical_case, a.case_title, s.name AS site_name, t.name AS township FROM activities a
	LEFT JOIN sites s ON s.id = a.site_id LEFT JOIN sites t ON t.id = a.township_id`

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

// sortIndexed: an index leads with the sort key, in the sort's order (ties
// by date): ix_activities_township, or one of sortIndexes.
func sortIndexed(key string) bool {
	_, ok := sortIndexes[key]
	return ok || key == "township"
}

// activityOrder is the ORDER BY of the filter's sort, and its key.
func activityOrder(f ActivityFilter) (order, key string, err error) {
	words := strings.Fields(strings.ToLower(f.Sort))
	if len(words) == 0 {
		words = []string{"date", "desc"}
	}
	expr, ok := activitySorts[words[0]]
	if !ok || len(words) > 2 || len(words) == 2 && words[1] != "asc" && words[1] != "desc" {
		return "", "", newErr(EInvalid, "sort", fmt.Sprintf("无法按“%s”排序。", f.Sort), fmt.Sprintf("Cannot sort by %q.", f.Sort))
	}
	dir := " ASC"
	if f.Desc || len(words) == 2 && words[1] == "desc" {
		dir = " DESC"
	}
	if words[0] == "date" {
		return "a.date" + dir + ", a.id" + dir, "date", nil
	}
	return expr + dir + ", a.date" + dir + ", a.id" + dir, words[0], nil
}

// activityQuery is the SQL of the ledger's filter, over alias a.
type activityQuery struct {
	conds []string // without the keyword
	args  []any
	ids   string // with a keyword: a query of the ids it matches (trashed too)
	idArg []any
	text  string // its part that searches the text (ids without the sites' names)
	tArg  []any
	// places: the ids of the sites whose name or township's name holds the
	// keyword ("" when none does).
	places string
	pArg   []any
	slow   bool // the search index cannot answer the keyword (see activityTextIDs)
	// byMonth: no place and no keyword, so activity_months can count.
	byMonth bool
	// walk: the dates and the township are tested on the entries of the
	// sort key's index instead of sought in their own (see sortIndexed).
	walk             bool
	period           Period
	source, followUp string
}

func newActivityQuery(f ActivityFilter) activityQuery {
	q := activityQuery{conds: []string{"a.deleted_at IS NULL"}, period: Period{f.From, f.To}, source: f.TopicSource, followUp: f.FollowUp,
		byMonth: f.TownshipID == 0 && f.SiteID == 0 && strings.TrimSpace(f.Keyword) == ""}
	add := func(cond string, v any) { q.conds = append(q.conds, cond); q.args = append(q.args, v) }
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
		text, args, indexed := activityTextIDs(kw)
		q.slow = !indexed
		like := "%" + escapeLike(kw) + "%"
		q.text, q.tArg = text, args
		q.setPlaces(placesSQL, []any{like, like})
	}
	return q
}

// placesSQL is the ids of the sites (trashed too) whose name or township's
// name is LIKE its two arguments.
const placesSQL = `SELECT s.id FROM sites s LEFT JOIN sites p ON p.id = s.parent_id WHERE s.name LIKE ? ESCAPE '\' OR p.name LIKE ? ESCAPE '\'`

// setPlaces makes a keyword's ids its text's matches and the activities
// at places (a query of site ids, or a list of them).
func (q *activityQuery) setPlaces(places string, args []any) {
	q.places, q.pArg = places, args
	q.ids = q.text + ` UNION SELECT x.id FROM activities x WHERE x.deleted_at IS NULL AND x.site_id IN (` + places + `)`
	q.idArg = append(q.tArg[:len(q.tArg):len(q.tArg)], args...)
}

// noPlaces drops the search of the sites' names from a keyword that names
// no site: then the text's matches are all.
func (q *activityQuery) noPlaces() {
	q.ids, q.idArg, q.places, q.pArg = q.text, q.tArg, "", nil
}

// placesNamed is what placesSQL finds, up to maxListedPlaces+1 sites; nil
// when none. Names first, as cheap as asking whether any site is named
// (most keywords name none), then the sites under those by their index.
func (st *Store) placesNamed(ctx context.Context, like string) ([]uint, error) {
	db := st.db.WithContext(ctx)
	var named, under []uint
	if err := db.Raw(`SELECT id FROM sites WHERE name LIKE ? ESCAPE '\' LIMIT ?`, like, maxListedPlaces+1).Scan(&named).Error; err != nil || len(named) == 0 {
		return nil, err
	}
	if len(named) > maxListedPlaces {
		return named, nil
	}
	if err := db.Raw(`SELECT id FROM sites WHERE parent_id IN ? AND id NOT IN ? LIMIT ?`, named, named, maxListedPlaces+1).Scan(&under).Error; err != nil {
		return nil, err
	}
	return append(named, under...), nil
}

// maxListedPlaces is how many sites a keyword may name for their ids to be
// written into the queries (searched once) instead of searched in each (a
// variable for the tests).
var maxListedPlaces = 500

// where is the WHERE clause and its arguments. With a keyword, SQLite either
// fetches the matching rows by id (a.id IN: few matches), or, with scan,
// walks an index in the wanted order testing each id (+a.id IN: the unary
// plus keeps it from looking up by id), which for many matches finds a
// page long before it would have fetched them all.
func (q activityQuery) where(scan bool) (string, []any) {
	conds, args := q.conds, q.args
	if q.walk {
		conds = slices.Clone(conds)
		for i, c := range conds {
			if strings.HasPrefix(c, "a.date ") || strings.HasPrefix(c, "a.township_id ") {
				conds[i] = "+" + c // the unary plus keeps SQLite from seeking their indexes
			}
		}
	}
	switch {
	case q.ids != "" && scan && q.places != "":
		// Each entry's site is in the index: testing it against the few
		// places beats gathering every activity there first (a keyword
		// naming 30 sites and 9,000 activities: 20 ms).
		conds = append(conds[:len(conds):len(conds)], "(+a.id IN ("+q.text+") OR +a.site_id IN ("+q.places+"))")
		args = append(append(args[:len(args):len(args)], q.tArg...), q.pArg...)
	case q.ids != "":
		in := "a.id IN ("
		if scan {
			in = "+a.id IN ("
		}
		conds = append(conds[:len(conds):len(conds)], in+q.ids+")")
		args = append(args[:len(args):len(args)], q.idArg...)
	}
	return strings.Join(conds, " AND "), args
}

// page is the SQL of the ids of one page, in order (limit and offset are
// its last arguments): the indexes answer it without reading the table
// (they hold every column filtered or sorted on but the topic), so skipping
// 10,000 rows to page 201 costs index entries. pageRows then reads the rows.
func (q activityQuery) page(order string, scan bool) (string, []any) {
	where, args := q.where(scan)
	return "SELECT a.id FROM activities a WHERE " + where + " ORDER BY " + order + " LIMIT ? OFFSET ?", args
}

// pageIDs runs a page query (page or pageCounted) and returns its ids in
// order and, from pageCounted's second column, the number of all matches
// (-1 from page, or when the page is past the end).
func (st *Store) pageIDs(ctx context.Context, idsSQL string, args []any) (ids []any, total int64, err error) {
	total = -1
	err = st.query(ctx, idsSQL, args, func(r *sql.Rows) error {
		var id int64
		dest := []any{&id}
		if cols, _ := r.Columns(); len(cols) == 2 {
			dest = append(dest, &total)
		}
		err := r.Scan(dest...)
		ids = append(ids, id)
		return err
	})
	return ids, total, err
}

// pageRows reads the activities of a page's ids, in their order. The
// order is put back here rather than by an ORDER BY around a join: sorting
// the whole rows, long outcomes and all, was half the time of a 200-row
// page at 100,000 activities.
func (st *Store) pageRows(ctx context.Context, ids []any) ([]Activity, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := st.scanActivities(ctx, activitySelect+" WHERE a.deleted_at IS NULL AND a.id IN (?"+strings.Repeat(",?", len(ids)-1)+")", ids, len(ids))
	if err != nil {
		return nil, err
	}
	at := make(map[uint]int, len(ids))
	for i, id := range ids {
		at[uint(id.(int64))] = i
	}
	out := make([]Activity, len(ids))
	for _, a := range rows {
		out[at[a.ID]] = a
	}
	if len(rows) != len(ids) { // trashed or purged in between: leave them out
		out = slices.DeleteFunc(out, func(a Activity) bool { return a.ID == 0 })
	}
	return out, nil
}

// pageCounted is page with the number of all matches on each row, for a
// query whose matches are found whole anyway (a keyword's ids, or a scan
// for a short one): once is enough for page and count.
func (q activityQuery) pageCounted(order string) (string, []any) {
	where, args := q.where(false)
	return "SELECT a.id, COUNT(*) OVER () FROM activities a WHERE " + where + " ORDER BY " + order + " LIMIT ? OFFSET ?", args
}

// monthsWhere limits activity_months to the months first..last ("" open)
// and to q's topic source and follow-up status.
func (q activityQuery) monthsWhere(first, last string) (string, []any) {
	where, args := sumsWhere("month", first, last)
	for _, c := range [][2]string{{"topic_source", q.source}, {"follow_up", q.followUp}} {
		if c[1] != "" {
			where += " AND " + c[0] + " = ?"
			args = append(args, c[1])
		}
	}
	return where, args
}

// count is the SQL of the number of matching rows.
func (q activityQuery) count() (string, []any) {
	switch {
	case q.byMonth:
		// Whole months from the sums (a few hundred rows where the index
		// has an entry per activity: 3-19 ms at 100,000), the days left
		// over at either end from the index.
		first, last, rest, whole := splitPeriod(q.period, false)
		var parts []string
		var args []any
		if whole {
			where, a := q.monthsWhere(first, last)
			parts, args = append(parts, "(SELECT COALESCE(SUM(n), 0) FROM activity_months WHERE "+where+")"), a
		}
		for _, r := range rest {
			where, a := newActivityQuery(ActivityFilter{From: r.From, To: r.To, TopicSource: q.source, FollowUp: q.followUp}).where(false)
			parts, args = append(parts, "(SELECT COUNT(*) FROM activities a WHERE "+where+")"), append(args, a...)
		}
		return "SELECT " + strings.Join(parts, " + "), args
	case len(q.conds) == 1 && q.places != "":
		// A keyword naming places: their activities from the site sums
		// (live ones only), plus the text's live matches (as below), less
		// those at the places, found in the places' index entries. Reading
		// the text's matches elsewhere row by row took 40 ms for 水 (a
		// third of 100,000 activities, and a township's name).
		return "SELECT (SELECT COALESCE(SUM(n), 0) FROM activity_site_years WHERE site_id IN (" + q.places + ")) + " +
				"(SELECT COUNT(*) FROM (" + q.text + ") k WHERE k.id NOT IN (SELECT t.id FROM activities t WHERE t.deleted_at IS NOT NULL)) - " +
				"(SELECT COUNT(*) FROM activities a WHERE a.site_id IN (" + q.places + ") AND a.deleted_at IS NULL AND +a.id IN (" + q.text + "))",
			slices.Concat(q.pArg, q.tArg, q.pArg, q.tArg)
	case len(q.conds) == 1:
		// A keyword alone: its matches less the trashed ones, without
		// reading a row.
		return "SELECT COUNT(*) FROM (" + q.ids + ") k WHERE k.id NOT IN (SELECT t.id FROM activities t WHERE t.deleted_at IS NOT NULL)", q.idArg
	}
	where, args := q.where(false)
	return "SELECT COUNT(*) FROM activities a WHERE " + where, args
}

// Activities returns one page of live activities, with SiteName and
// Township filled, and how many match in all.
func (st *Store) Activities(ctx context.Context, f ActivityFilter) ([]Activity, int, error) {
	order, key, err := activityOrder(f)
	if err != nil {
		return nil, 0, err
	}
	st.ensureSortIndex(ctx, key)
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	q := newActivityQuery(f)
	if q.ids != "" {
		// Most keywords name no place: then the text's matches are all,
		// and SQLite need not merge them with those of the places (a
		// tenth of a common keyword's time at 100,000 activities). A few
		// places are searched once, here (as placesSQL: the sites named
		// and those under them), not in the count and the page again.
		like := "%" + escapeLike(strings.TrimSpace(f.Keyword)) + "%"
		places, err := st.placesNamed(ctx, like)
		if err != nil {
			return nil, 0, translate(err, activityLabel)
		}
		switch {
		case places == nil:
			q.noPlaces()
		case len(places) <= maxListedPlaces:
			list := make([]string, len(places))
			for i, id := range places {
				list[i] = strconv.FormatUint(uint64(id), 10)
			}
			q.setPlaces(strings.Join(list, ", "), nil)
		}
	}
	ids, total, err := st.pageOf(ctx, q, f, order, key)
	if err != nil {
		return nil, 0, translate(err, activityLabel)
	}
	rows, err := st.pageRows(ctx, ids)
	if err != nil {
		return nil, 0, translate(err, activityLabel)
	}
	switch {
	case total >= 0:
	case f.Offset == 0 && len(ids) < f.Limit:
		total = int64(len(ids)) // a short first page is the whole result
	default: // past the end of a counted page, or a page of many
		if total, err = st.countOf(ctx, q); err != nil {
			return nil, 0, translate(err, activityLabel)
		}
	}
	return rows, int(total), nil
}

// pageOf finds the ids of the page, in order, choosing how by the filter
// and the sort, and the number of all matches when that came on the way
// (else -1).
func (st *Store) pageOf(ctx context.Context, q activityQuery, f ActivityFilter, order, key string) (ids []any, total int64, err error) {
	total, dir, scan := -1, " ASC", false
	if strings.HasSuffix(order, " DESC") {
		dir = " DESC"
	}
	if c, ok := codeSorts[key]; ok && q.byMonth {
		if c.fixed(f) == "" {
			return st.pageByCode(ctx, q, c, f.Offset, f.Limit, dir)
		}
		// One code only: the key is the same for every match.
		order, key = "a.date"+dir+", a.id"+dir, "date"
	}
	if key == "date" && q.byMonth && f.Offset >= seekFrom {
		if q, f, err = st.seekMonth(ctx, q, f, dir); err != nil {
			return nil, 0, err
		}
	}
	if sortIndexed(key) && q.ids == "" && f.SiteID == 0 && (f.TownshipID != 0 && key != "township" || !f.From.IsZero() || !f.To.IsZero()) {
		// Sorted by a key with an index of its own, within dates or a
		// township: SQLite seeks those and sorts every match (5 ms for a
		// year of 100,000 activities by township, 1 ms for a township's
		// 3,300 by problems solved), where walking the key's index finds a
		// page of many matches after a few entries each. The count (from
		// the sums) tells which: the walk meets a match every live/total
		// entries.
		var live int64
		if total, err = st.countOf(ctx, q); err == nil {
			live, err = st.countOf(ctx, newActivityQuery(ActivityFilter{}))
		}
		if err != nil {
			return nil, 0, err
		}
		q.walk = int64(f.Offset+f.Limit)*live < 4*total*total
	}
	var idsSQL string
	var args []any
	switch {
	case q.slow || q.ids != "" && len(q.conds) > 1:
		// A keyword with other filters, or one the index cannot answer
		// (reading the table for it is the cost: about 80 ms at 100,000
		// activities): its matches are found once for page and count.
		idsSQL, args = q.pageCounted(order)
	case q.ids != "":
		// The search box alone: count first (cheap, see count), then
		// choose how to find the page. Measured at 100,000 activities: a
		// lookup by id costs about 6 times as much as testing an index
		// entry, and the walk meets a match every live/total entries.
		if total, err = st.countOf(ctx, q); err != nil || total <= int64(f.Offset) {
			return nil, total, err
		}
		var last int64 // the highest id: an upper bound of the live rows
		if key == "date" {
			if err := st.db.WithContext(ctx).Raw("SELECT COALESCE(MAX(id), 0) FROM activities").Scan(&last).Error; err != nil {
				return nil, 0, err
			}
			scan = int64(f.Offset+f.Limit)*last < 6*total*total
		}
		fallthrough
	default:
		idsSQL, args = q.page(order, scan)
	}
	ids, counted, err := st.pageIDs(ctx, idsSQL, append(args, f.Limit, f.Offset))
	if total < 0 {
		total = counted
	}
	return ids, total, err
}

// seekFrom is the offset from which a page in date order starts at its
// month rather than walking the index from the first match (a variable
// for the tests).
var seekFrom = 1000

// seekMonth narrows a page in date order far from the first match (q has
// no place and no keyword) to start at the month that holds it: the month
// sums say how many matches come before each month, so the index walk
// skips only those of that month, not all before it (page 201: 5.5 ms at
// 100,000 activities). A period with days cut off at an end is left as it is.
func (st *Store) seekMonth(ctx context.Context, q activityQuery, f ActivityFilter, dir string) (activityQuery, ActivityFilter, error) {
	first, last, rest, whole := splitPeriod(q.period, false)
	if !whole || len(rest) > 0 {
		return q, f, nil
	}
	where, args := q.monthsWhere(first, last)
	var months []struct {
		Month string
		N     int
	}
	err := st.db.WithContext(ctx).Raw(`SELECT month, SUM(n) AS n FROM activity_months WHERE `+where+
		` GROUP BY month HAVING SUM(n) > 0 ORDER BY month`+dir, args...).Scan(&months).Error
	if err != nil {
		return q, f, err
	}
	before := 0 // matches in the months the order puts first
	for _, m := range months {
		if before+m.N <= f.Offset {
			before += m.N
			continue
		}
		start, err := ParseDate(m.Month + "-01")
		if err != nil {
			return q, f, err
		}
		q.conds, q.args = slices.Clone(q.conds), slices.Clone(q.args)
		if dir == " DESC" {
			q.conds, q.args = append(q.conds, "a.date < ?"), append(q.args, NewDate(start.Year(), start.Month()+1, 1))
		} else {
			q.conds, q.args = append(q.conds, "a.date >= ?"), append(q.args, start)
		}
		f.Offset -= before
		break
	}
	return q, f, nil
}

// countOf is the number of q's matches, remembered until the file changes.
func (st *Store) countOf(ctx context.Context, q activityQuery) (int64, error) {
	sql, args := q.count()
	return st.counts.count(ctx, st, sql, args)
}

// codeSort is a sort key over a code column that the month sums count.
type codeSort struct {
	col   string
	codes Enum
	fixed func(ActivityFilter) string // the code the filter asks for
}

var codeSorts = map[string]codeSort{
	"source":       {"topic_source", TopicSources, func(f ActivityFilter) string { return f.TopicSource }},
	"topic_source": {"topic_source", TopicSources, func(f ActivityFilter) string { return f.TopicSource }},
	"follow_up":    {"follow_up", FollowUps, func(f ActivityFilter) string { return f.FollowUp }},
}

// pageByCode finds a page sorted by a code column (q has no place and no
// keyword): each code's matches are a run of the order, by date within,
// so the page is read run by run along the date index, whole runs skipped
// by their counts from the month sums, instead of sorting every match
// (30 ms for 100,000 activities). The run of unknown codes comes first.
func (st *Store) pageByCode(ctx context.Context, q activityQuery, c codeSort, offset, limit int, dir string) (ids []any, total int64, err error) {
	type run struct {
		cond string
		args []any
		n    int64
	}
	if total, err = st.countOf(ctx, q); err != nil {
		return nil, 0, err
	}
	codes := c.codes.Codes()
	other := run{cond: "(a." + c.col + " IS NULL OR a." + c.col + " NOT IN (?" + strings.Repeat(", ?", len(codes)-1) + "))", n: total}
	runs := []run{}
	for _, code := range codes {
		qc := q
		if c.col == "topic_source" {
			qc.source = code
		} else {
			qc.followUp = code
		}
		n, err := st.countOf(ctx, qc)
		if err != nil {
			return nil, 0, err
		}
		other.args, other.n = append(other.args, code), other.n-n
		runs = append(runs, run{"a." + c.col + " = ?", []any{code}, n})
	}
	runs = append([]run{other}, runs...)
	if dir == " DESC" {
		slices.Reverse(runs)
	}
	where, wargs := q.where(false)
	skip, need := int64(offset), int64(limit)
	for _, r := range runs {
		if need <= 0 {
			break
		}
		if skip >= r.n {
			skip -= r.n
			continue
		}
		args := append(append(slices.Clone(wargs), r.args...), need, skip)
		part, _, err := st.pageIDs(ctx, "SELECT a.id FROM activities a WHERE "+where+" AND "+r.cond+
			" ORDER BY a.date"+dir+", a.id"+dir+" LIMIT ? OFFSET ?", args)
		if err != nil {
			return nil, 0, err
		}
		ids, need, skip = append(ids, part...), need-int64(len(part)), 0
	}
	return ids, total, nil
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
	where, args := newActivityQuery(f).where(false)
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

// scanActivities runs q, a query of activitySelect's columns, and returns
// its rows; n is how many are expected.
func (st *Store) scanActivities(ctx context.Context, q string, args []any, n int) ([]Activity, error) {
	rows := make([]Activity, 0, n)
	var cur Activity
	dest := activityDest(&cur)
	err := st.query(ctx, q, args, func(r *sql.Rows) error {
		cur = Activity{}
		if err := r.Scan(dest...); err != nil {
			return err
		}
		rows = append(rows, cur)
		return nil
	})
	return rows, err
}

// activityDest is where a row of activitySelect goes: into a's fields.
// Names of trashed-and-purged sites are NULL (left joins): they scan as "".
func activityDest(a *Activity) []any {
	return []any{uintCol{&a.ID}, &a.CreatedAt, &a.UpdatedAt, &a.DeletedAt, intCol{&a.Version}, &a.Date,
		uintCol{&a.SiteID}, uintCol{&a.TownshipID}, &a.Topic, &a.TopicSource, &a.Form, &a.Procedure, &a.Decision,
		intCol{&a.VotesFor}, intCol{&a.VotesAgainst}, intCol{&a.VotesAbstain}, intCol{&a.Participants}, &a.Outcome,
		&a.FollowUp, &a.FollowUpDate, intCol{&a.ProblemsSolved}, &a.Notes, intCol{&a.ProblemsRaised}, &a.TypicalCase, &a.CaseTitle,
		textCol{&a.SiteName}, textCol{&a.Township}}
}

// query runs a read on the store's connection (or its transaction) and
// calls each for every row.
//
// The driver gets a context that cannot be cancelled: given one that can,
// mattn/go-sqlite3 starts a goroutine for every row it steps to (a third
// of a 100,000-row export went there). Cancelling is checked here between
// rows instead, so a single long step (a LIKE over every row) runs to its
// end before the read stops.
func (st *Store) query(ctx context.Context, q string, args []any, each func(*sql.Rows) error) error {
	rows, err := st.db.Statement.ConnPool.QueryContext(context.WithoutCancel(ctx), q, args...)
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
// earliest deadline first.
func (st *Store) OverdueFollowUps(ctx context.Context, today Date) ([]OpenFollowUp, error) {
	var out []OpenFollowUp
	err := st.db.WithContext(ctx).Raw(overdueSQL, today).Scan(&out).Error
	return out, translate(err, followUpLabel)
}

// overdueWhere repeats the partial index ix_follow_up_items_open's
// condition word for word, which is what lets SQLite use it. A live item
// always belongs to a live activity: they go to the trash and come back
// together, and no item is saved for a trashed activity.
const overdueWhere = `i.deleted_at IS NULL AND i.status <> 'done' AND i.deadline < ?`

const overdueSQL = `SELECT i.*, a.date AS activity_date, a.topic, a.site_id, s.name AS site_name, t.name AS township
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
