package export

import (
	"context"
	"fmt"
	"strings"

	"pilotdesk/data"
)

// ledgerBatch is how many activities are read per query: big enough that
// the per-query cost vanishes, small enough to keep memory flat.
const ledgerBatch = 2000

// ledgerLayout places the ledger's columns: an activity's column by its
// name in data.ActivityColumns (the header is its label), or one the ledger
// adds. The ledger holds the fields a coordinator files, so that it sorts,
// filters and imports back, and its follow-up items. It prints on A3
// landscape, where these widths keep its text at 9 pt or more on paper
// (A4 would take it to 6.5 pt). Widths keep a date, a township (王家庄街道)
// and most labels on one line; long text wraps, its row growing.
var ledgerLayout = []struct {
	of  string // the activity's column, or what the ledger adds: 序号, attendees, items
	col Column
}{
	{"序号", Column{Header: "序号", Width: 6, Kind: KindNumber}},
	{"date", Column{Width: 14, Kind: KindDate}},
	{"township_id", Column{Width: 10, Kind: KindShort}},
	{"site_id", Column{Width: 12, Kind: KindText}},
	{"topic", Column{Width: 16, Kind: KindText}},
	{"topic_source", Column{Width: 9, Kind: KindShort}},
	{"form", Column{Width: 10, Kind: KindShort}},
	{"procedure", Column{Width: 8, Kind: KindShort}},
	{"participants", Column{Width: 5, Kind: KindNumber}},
	{"attendees", Column{Header: "参加人员", Width: 13, Kind: KindText}},
	{"decision", Column{Width: 8, Kind: KindShort}},
	{"votes_for", Column{Group: "表决情况", Width: 5, Kind: KindNumber}},
	{"votes_against", Column{Group: "表决情况", Width: 5, Kind: KindNumber}},
	{"votes_abstain", Column{Group: "表决情况", Width: 5, Kind: KindNumber}},
	{"outcome", Column{Width: 21, Kind: KindText}},
	{"items", Column{Header: "督办事项", Width: 24, Kind: KindText}},
	{"follow_up", Column{Width: 7, Kind: KindShort}},
	{"follow_up_date", Column{Width: 14, Kind: KindDate}},
	{"problems_raised", Column{Width: 5, Kind: KindNumber}},
	{"problems_solved", Column{Width: 5, Kind: KindNumber}},
	{"notes", Column{Width: 8, Kind: KindText}},
}

// ledgerColumns are the ledger's columns, and ledgerOf the activity's column
// each shows (nil where the ledger adds one).
var ledgerColumns, ledgerOf = func() ([]Column, []*data.Column[data.Activity]) {
	cols := make([]Column, len(ledgerLayout))
	of := make([]*data.Column[data.Activity], len(ledgerLayout))
	for i, l := range ledgerLayout {
		cols[i] = l.col
		for j, c := range data.ActivityColumns {
			if c.Name == l.of {
				cols[i].Header, of[i] = c.ZH, &data.ActivityColumns[j]
			}
		}
	}
	return cols, of
}()

// ledgerFilter is the screen's filter with the period of opts; the Options
// period wins where set.
func ledgerFilter(opts Options) data.ActivityFilter {
	f := opts.Filter
	if !opts.From.IsZero() {
		f.From = opts.From
	}
	if !opts.To.IsZero() {
		f.To = opts.To
	}
	f.Sort, f.Desc, f.Offset, f.Limit = "", false, 0, 0
	return f
}

// Ledger writes 协商议事活动台账: every live activity of the period (and of
// opts.Filter) in date order, one full row each (ledgerLayout): no 同上,
// no merged data cells, so the sheet sorts and filters. Rows stream from
// the database in batches straight into the sheet (eachLedgerBatch reads a
// batch ahead); opts.Progress hears of each batch, and cancelling ctx stops
// the export leaving no file.
func Ledger(ctx context.Context, st *data.Store, path string, opts Options) error {
	f := ledgerFilter(opts)
	opts.From, opts.To = f.From, f.To // the period the workbook says it covers
	scope, err := filterText(ctx, st, f)
	if err != nil {
		return wrapCancel(ctx, err)
	}
	return write(ctx, st, path, ReportLedger, scope, opts, func(b *book, title string) error {
		// The count is for the progress bar only: rows saved meanwhile may
		// make the last figure differ a little.
		count := f
		count.Limit = 1
		_, total, err := st.Activities(ctx, count)
		if err != nil {
			return err
		}
		s := b.newSheet("协商议事活动台账", title, "", withCounty(ledgerColumns, b.h.City), a3Landscape)
		var participants, raised, solved int
		done := 0
		err = eachLedgerBatch(ctx, st, f, func(rows []data.Activity, named map[uint][]data.Attendee, items map[uint][]data.FollowUpItem) error {
			for i := range rows {
				a := &rows[i]
				participants += a.Participants
				raised += a.ProblemsRaised
				solved += a.ProblemsSolved
				s.record(countyCell(ledgerRow(a, named[a.ID], items[a.ID]), a.County, b.h.City)...)
			}
			done += len(rows)
			if opts.Progress != nil {
				opts.Progress(done, max(total, done))
			}
			return firstErr(s.err, ctx.Err())
		})
		if err != nil {
			return err
		}
		if done == 0 {
			s.nothing(noActivities)
		}
		// 合计: head counts and problems raised and solved (votes do not add
		// up across activities). Only "合计" in the 序号 column: a merged cell
		// would stop Excel sorting the whole sheet.
		sums := make([]any, len(ledgerColumns)-1)
		added := map[string]any{"participants": participants, "problems_raised": raised, "problems_solved": solved}
		for i, l := range ledgerLayout[1:] {
			sums[i] = added[l.of]
		}
		s.total(1, countyCell(sums, "", b.h.City))
		return s.finish(nil)
	})
}

// filterText says in the title what the ledger covers: the period, then
// any narrowing the screen applied, so a filtered printout says so.
func filterText(ctx context.Context, st *data.Store, f data.ActivityFilter) (string, error) {
	var parts []string
	if p := periodText(f.From, f.To); p != "" {
		parts = append(parts, p)
	}
	for _, id := range []uint{f.TownshipID, f.SiteID} {
		if id != 0 {
			s, err := st.Site(ctx, id)
			if err != nil {
				return "", err
			}
			parts = append(parts, s.Name)
		}
	}
	if f.CountyID != 0 {
		counties, err := st.Counties(ctx)
		if err != nil {
			return "", err
		}
		for _, c := range counties {
			if c.ID == f.CountyID {
				parts = append(parts, c.Name)
			}
		}
	}
	if f.TopicSource != "" {
		parts = append(parts, data.TopicSources.Label(f.TopicSource, "zh"))
	}
	if f.FollowUp != "" {
		parts = append(parts, data.FollowUps.Label(f.FollowUp, "zh"))
	}
	if kw := strings.TrimSpace(f.Keyword); kw != "" {
		parts = append(parts, "含“"+kw+"”")
	}
	return strings.Join(parts, "，"), nil
}

// eachLedgerBatch reads the activities of f a batch at a time, with their
// named attendees and follow-up items by activity.
func eachLedgerBatch(ctx context.Context, st *data.Store, f data.ActivityFilter,
	do func([]data.Activity, map[uint][]data.Attendee, map[uint][]data.FollowUpItem) error) error {
	// Reading a batch ahead on a goroutine keeps the export under 1.5x excelize's floor (BENCHMARKS.md).
	type batch struct {
		rows  []data.Activity
		named map[uint][]data.Attendee
		items map[uint][]data.FollowUpItem
	}
	readCtx, stop := context.WithCancel(ctx)
	defer stop()
	batches := make(chan batch, 1)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- st.EachActivity(readCtx, f, ledgerBatch, func(rows []data.Activity) error {
			ids := make([]uint, len(rows))
			for i := range rows {
				ids[i] = rows[i].ID
			}
			named, err := st.ActivityAttendees(readCtx, ids)
			if err != nil {
				return err
			}
			items, err := st.ActivityFollowUps(readCtx, ids)
			if err != nil {
				return err
			}
			select {
			case batches <- batch{rows, named, items}:
				return nil
			case <-readCtx.Done():
				return readCtx.Err()
			}
		})
	}()
	var err error
	for b := range batches {
		if err == nil {
			if err = do(b.rows, b.named, b.items); err != nil {
				stop() // the reader stops; the loop drains what it sent
			}
		}
	}
	if rerr := <-readErr; err == nil {
		err = rerr
	}
	return err
}

// ledgerRow is one activity's cells after 序号: its columns as a person
// reads them (labels, names), and a vote's tallies only where it was voted.
func ledgerRow(a *data.Activity, named []data.Attendee, items []data.FollowUpItem) []any {
	out := make([]any, len(ledgerLayout)-1)
	for i, l := range ledgerLayout[1:] {
		c := ledgerOf[i+1]
		switch {
		case l.of == "attendees":
			names := make([]string, len(named))
			for k, n := range named {
				names[k] = n.Name
			}
			out[i] = strings.Join(names, "、")
		case l.of == "items":
			out[i] = followUpText(items)
		case l.of == "township_id":
			out[i] = a.Township
		case l.of == "site_id":
			out[i] = a.SiteName
		case l.col.Group == "表决情况" && !data.IsVote(a.Decision):
		case c.Kind == data.ColEnum:
			out[i] = c.Enum.Label(c.Get(a).(string), "zh") // an unset code reads ""
		default:
			out[i] = c.Get(a)
		}
	}
	return out
}

// followUpText lists an activity's follow-up items, one a line: what,
// then who, by when and how far, e.g.
// 1. 增加片区保洁员4名（小寨社区居委会，2020年5月15日前，已办结）.
func followUpText(items []data.FollowUpItem) string {
	lines := make([]string, len(items))
	for i, it := range items {
		deadline := ""
		if !it.Deadline.IsZero() {
			deadline = it.Deadline.Chinese() + "前"
		}
		about := joinNonEmpty("，", it.Unit, deadline, data.FollowUps.Label(it.Status, "zh"))
		lines[i] = it.Task + "（" + about + "）"
		if len(items) > 1 {
			lines[i] = fmt.Sprintf("%d. %s", i+1, lines[i])
		}
	}
	return strings.Join(lines, "\n")
}
