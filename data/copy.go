package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Copying a whole database between engines (issue 21): a county's desktop
// file onto the server, or a server's database into a local file. Rows
// keep their ids; the copy is one transaction on the target, checked
// afterwards table by table (row count and checksum).

// copyOrder lists the tables parents first, so that every foreign key
// finds its row; tables it does not name (added later) follow, by name.
var copyOrder = []string{"counties", "sites", "people", "panels", "settings", "change_log", "assignments", "panel_members",
	"activities", "attendees", "follow_up_items", "tasks", "task_completions", "visits", "visit_people", "visit_sites",
	"site_groups", "plans", "plan_invitees", "topics", "council_members", "group_assignments",
	"submissions", "submission_figures", "merged_ids"}

// copyRows is the rows of table a copy carries: each database keeps its
// own identity.
func copyRows(table string) string {
	if table == "settings" {
		return table + ` WHERE key <> 'database_id'`
	}
	return table
}

// TableCheck is one table's count and checksum, in source and target.
type TableCheck struct {
	Table      string
	Rows       int
	Sum        string // SHA-256 of the rows in canonical text, shortened
	TargetRows int
	TargetSum  string
}

// Copy copies every record of the database at from (a file or a server's
// URL) into the one at to, refusing a target that holds records, and
// checks every table afterwards. progress, if not nil, hears each table.
func Copy(ctx context.Context, from, to string, progress func(table string, rows int)) ([]TableCheck, error) {
	if from == to {
		return nil, newErr(EInvalid, "", "源数据库和目标数据库是同一个。", "The source and the target are the same database.")
	}
	src, err := Open(from)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	dst, err := Open(to)
	if err != nil {
		return nil, err
	}
	defer dst.Close()
	return src.CopyTo(ctx, dst, progress)
}

// CopyTo copies st's records into dst (see Copy).
func (st *Store) CopyTo(ctx context.Context, dst *Store, progress func(table string, rows int)) ([]TableCheck, error) {
	tables, err := copyTables(st.db.WithContext(ctx))
	if err != nil {
		return nil, errCopy(err)
	}
	for _, t := range tables {
		var n int64
		if err := dst.db.WithContext(ctx).Raw(`SELECT COUNT(*) FROM ` + copyRows(t)).Scan(&n).Error; err != nil {
			return nil, errCopy(fmt.Errorf("target table %s: %w", t, err))
		}
		if n > 0 {
			return nil, newErr(EConflict, "",
				fmt.Sprintf("目标数据库“%s”里已经有记录（%s 表 %d 行），为免混在一起，没有复制。请复制到一个新的空数据库。", dst.path, t, n),
				fmt.Sprintf("The target database %q already holds records (%d rows in %s), so nothing was copied. Copy into a new, empty database.", dst.path, n, t))
		}
	}
	err = dst.transact(ctx, func(tx *gorm.DB) error {
		for _, t := range tables {
			n, err := copyTable(ctx, st.db.WithContext(ctx), tx, t)
			if err != nil {
				return fmt.Errorf("table %s: %w", t, err)
			}
			if progress != nil {
				progress(t, n)
			}
		}
		return afterCopy(tx, tables)
	})
	if err != nil {
		return nil, errCopy(err)
	}
	var checks []TableCheck
	bad := []string{}
	for _, t := range tables {
		c := TableCheck{Table: t}
		if c.Rows, c.Sum, err = tableSum(ctx, st.db, t); err == nil {
			c.TargetRows, c.TargetSum, err = tableSum(ctx, dst.db, t)
		}
		if err != nil {
			return checks, errCopy(err)
		}
		if c.Rows != c.TargetRows || c.Sum != c.TargetSum {
			bad = append(bad, fmt.Sprintf("%s %d/%d", t, c.Rows, c.TargetRows))
		}
		checks = append(checks, c)
	}
	if len(bad) > 0 {
		return checks, &Error{Code: EInternal, Err: fmt.Errorf("differ: %s", strings.Join(bad, ", ")),
			ZH: "复制后核对不一致（" + strings.Join(bad, "，") + "），目标数据库不可用，请删掉后重试。",
			EN: "The copy does not match its source (" + strings.Join(bad, ", ") + "); do not use the target: drop it and try again."}
	}
	return checks, nil
}

// copyTables is the source's tables in copyOrder, then the rest by name.
func copyTables(db *gorm.DB) ([]string, error) {
	all, err := userTables(db)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range copyOrder {
		if slices.Contains(all, t) {
			out = append(out, t)
		}
	}
	slices.Sort(all)
	for _, t := range all {
		if !slices.Contains(copyOrder, t) && t != "schema_version" {
			out = append(out, t)
		}
	}
	return out, nil
}

// copyTable copies one table's rows in multi-row INSERTs, converting each
// value to what the target's column takes.
func copyTable(ctx context.Context, src, tx *gorm.DB, table string) (int, error) {
	kind, err := columnKinds(tx, table)
	if err != nil {
		return 0, err
	}
	q := `SELECT * FROM ` + copyRows(table)
	switch {
	case table == "sites": // townships (no parent) before their sites
		q += ` ORDER BY parent_id IS NOT NULL, id`
	case kind["id"] != "":
		q += ` ORDER BY id`
	}
	rows, err := src.Raw(q).Rows()
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	var batch [][]any
	n := 0
	ptrs := make([]any, len(cols))
	for rows.Next() {
		vals := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, c := range cols {
			vals[i] = forColumn(vals[i], kind[c])
		}
		batch = append(batch, vals)
		if n++; len(batch) == insertChunk {
			if err := insertValues(tx, table, cols, batch); err != nil {
				return n, err
			}
			if err := ctx.Err(); err != nil {
				return n, err
			}
			batch = batch[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, insertValues(tx, table, cols, batch)
}

// columnKinds is the type of each of table's columns, in lower case.
func columnKinds(db *gorm.DB, table string) (map[string]string, error) {
	types, err := db.Migrator().ColumnTypes(table)
	kind := map[string]string{}
	for _, c := range types {
		kind[c.Name()] = strings.ToLower(c.DatabaseTypeName())
	}
	return kind, err
}

// forColumn converts a value read from one engine for a column of the
// other: a date is its day, a flag a boolean or 0/1, text stays text.
func forColumn(v any, kind string) any {
	switch x := v.(type) {
	case nil:
		return nil
	case time.Time:
		if kind == "date" {
			return x.Format("2006-01-02")
		}
	case []byte:
		return string(x)
	case int64:
		if kind == "bool" || kind == "boolean" {
			return x != 0
		}
	case bool:
		if !strings.HasPrefix(kind, "bool") {
			if x {
				return 1
			}
			return 0
		}
	case string:
		if kind == "date" && len(x) > 10 {
			return x[:10]
		}
	}
	return v
}

// tableSum counts a table's rows and hashes them in a text that both
// engines give alike: dates as days, times in UTC to the microsecond
// (PostgreSQL's precision), flags as 0/1, rows in id order.
func tableSum(ctx context.Context, db *gorm.DB, table string) (int, string, error) {
	kind, err := columnKinds(db, table)
	if err != nil {
		return 0, "", err
	}
	cols := slices.Sorted(maps.Keys(kind))
	q := `SELECT ` + quoted(cols) + ` FROM ` + copyRows(table)
	if table == "settings" {
		q += ` ORDER BY key`
	} else if kind["id"] != "" {
		q += ` ORDER BY id`
	} else {
		q += ` ORDER BY ` + quoted(cols)
	}
	rows, err := db.WithContext(ctx).Raw(q).Rows()
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	h := sha256.New()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, "", err
		}
		for i, c := range cols {
			fmt.Fprintf(h, "%s\x1f", canonical(vals[i], kind[c]))
		}
		h.Write([]byte{'\x1e'})
		n++
	}
	return n, hex.EncodeToString(h.Sum(nil))[:16], rows.Err()
}

// quoted lists column names quoted: change_log has a column "user", a
// reserved word in PostgreSQL.
func quoted(cols []string) string {
	return `"` + strings.Join(cols, `", "`) + `"`
}

// canonical is v, as forColumn gives it for kind, in the checksum's text.
func canonical(v any, kind string) string {
	switch x := forColumn(v, kind).(type) {
	case nil:
		return "\x00"
	case time.Time:
		return x.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
}

func errCopy(err error) error {
	if e, ok := err.(*Error); ok {
		return e
	}
	return &Error{Code: EInternal, Err: err,
		ZH: "复制数据库失败，目标数据库没有写入任何记录。",
		EN: "Copying the database failed; nothing was written to the target."}
}
