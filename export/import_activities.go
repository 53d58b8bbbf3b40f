package export

// Importing consultation activities (协商议事活动): a ledger, matched by date +
// site + topic. New ones go in through data.InsertActivities in one call (one
// transaction with the rest), changed ones through SaveActivity with their
// attendees and follow-up items as stored.

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"pilotdesk/data"
)

// activityFields are data.ActivityColumns as the importer reads them, in
// their order: a new column is imported, compared and in the template with
// no change here.
var activityFields = columnFields(data.ActivityColumns, map[string]string{
	"township": "所属乡镇或街道的名称",
	"site":     "村（社区）或企事业单位的名称；乡镇（街道）本身开展的，可留空或填乡镇名称"})

var activitiesKind = kindSpec{zh: "协商议事活动", en: "Consultation activities",
	fields:  activityFields,
	need:    [][]string{{"date"}, {"site", "township"}, {"topic"}},
	keyText: "活动按“日期+试点单位+议题”对应，",
	example: map[string]string{"date": "2020-04-28", "township": "通泉街道", "site": "小寨社区居委会", "topic": "小寨工业片区交通秩序和环境卫生问题",
		"topic_source": "社会征题", "form": "现场协商", "procedure": "三阶五步", "participants": "31", "decision": "举手表决",
		"votes_for": "31", "outcome": "设置临时停车场；增加保洁员；推行“门前三包”责任制。", "follow_up": "已办结",
		"follow_up_date": "2020-06-30", "problems_solved": "3", "problems_raised": "3"},
}

// groupColumn is the group's place in data.ActivityColumns: the importer
// reads it by name, under the row's site.
var groupColumn = slices.IndexFunc(data.ActivityColumns, func(c data.Column[data.Activity]) bool { return c.Name == "group_id" })

type groupKey struct {
	site uint
	name string
}

type activityKey struct {
	date  data.Date
	site  uint
	topic string
}

func (pl *planner) activities() error {
	list, err := pl.st.SiteGroups(pl.ctx, 0, 0, "")
	if err != nil {
		return err
	}
	groups := make(map[groupKey]uint, len(list)) // each village's groups by name
	for _, g := range list {
		groups[groupKey{g.SiteID, tidyName(g.Name)}] = g.ID
	}
	// acts[i] is a good row as read, from sheet row rows[i].n; the new ones
	// end up at the front of acts, as InsertActivities takes them, so that a
	// 100,000-row ledger holds its activities once.
	type row struct {
		n     int
		given uint64
	}
	acts := make([]data.Activity, 0, len(pl.rows))
	rows := make([]row, 0, len(pl.rows))
	keys := map[activityKey]int{} // every key in the sheet -> the first good row using it (0: none yet)
	for r := range pl.each() {
		var errs data.ValidationErrors
		site, err := pl.places.find(pl.name(r, "township"), pl.name(r, "site"))
		addErr(&errs, err)
		var a data.Activity
		var given uint64 // bit j: column j of data.ActivityColumns was filled
		for j, c := range data.ActivityColumns {
			if c.Kind != data.ColRef && pl.read(r, activityFields[j].Key, c.Field(&a), &errs) {
				given |= 1 << j
			}
		}
		if g := pl.name(r, "group"); g != "" && site != nil {
			if a.GroupID = groups[groupKey{site.ID, g}]; a.GroupID == 0 {
				addErr(&errs, cellErr(pl.field("group"), fmt.Sprintf("%s下没有名为“%s”的村民小组（小区）。", site.Name, g),
					fmt.Sprintf("%s has no village group or compound called %q.", site.Name, g)))
			}
			given |= 1 << groupColumn
		}
		if len(errs) > 0 {
			pl.reject(r, errs)
			continue
		}
		a.SiteID = site.ID
		acts = append(acts, a)
		rows = append(rows, row{r.N, given})
		keys[activityKey{a.Date, a.SiteID, a.Topic}] = 0
	}
	// patch applies a row's non-blank cells to a stored activity.
	patch := func(b, p *data.Activity, r row) {
		for j, c := range data.ActivityColumns {
			if r.given&(1<<j) != 0 {
				reflect.ValueOf(c.Field(b)).Elem().Set(reflect.ValueOf(c.Field(p)).Elem())
			}
		}
	}
	// The stored activities the sheet names, read in batches: only those
	// are kept, so a 100,000-row ledger imported back costs memory once.
	stored := map[activityKey][]data.Activity{}
	err = pl.st.EachActivity(pl.ctx, data.ActivityFilter{}, 5000, func(batch []data.Activity) error {
		for _, a := range batch {
			k := activityKey{a.Date, a.SiteID, a.Topic}
			if _, ok := keys[k]; ok {
				stored[k] = append(stored[k], a)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	var updates []planned[data.Activity]
	fresh := 0 // acts[:fresh] are new, rows[:fresh] their sheet rows
	claimed := map[uint]bool{}
	for i, r := range rows {
		read := &acts[i]
		k := activityKey{read.Date, read.SiteID, read.Topic}
		// The stored one it leaves as it is, else the first unclaimed.
		var base *data.Activity
		var a data.Activity
		for j := range stored[k] {
			c := &stored[k][j]
			if claimed[c.ID] {
				continue
			}
			b := *c
			patch(&b, read, r)
			if b.Validate() == nil && reflect.DeepEqual(*c, b) {
				base, a = c, b
				break
			}
			if base == nil {
				base, a = c, b
			}
		}
		if base == nil {
			if first := keys[k]; first != 0 {
				pl.p.Rejected = append(pl.p.Rejected, Rejection{r.n, errDuplicate(first)})
				continue
			}
			a = *read
		}
		if err := a.Validate(); err != nil {
			pl.p.Rejected = append(pl.p.Rejected, Rejection{r.n, err})
			continue
		}
		if keys[k] == 0 {
			keys[k] = r.n
		}
		if base == nil {
			acts[fresh], rows[fresh] = a, r // fresh <= i: acts[i] is read already
			fresh++
			pl.tally(true, true)
			continue
		}
		claimed[base.ID] = true
		changed := !reflect.DeepEqual(*base, a)
		pl.tally(false, changed)
		if changed {
			updates = append(updates, planned[data.Activity]{r.n, a})
		}
	}
	slices.SortFunc(pl.p.Rejected, func(a, b Rejection) int { return a.Row - b.Row })
	clear(acts[fresh:]) // the matched and refused ones: only the new are kept
	acts, rows = acts[:fresh], rows[:fresh]
	pl.p.apply = func(ctx context.Context, tx *data.Store, tick func(int)) error {
		in := 0
		err := tx.InsertActivitiesReporting(ctx, acts, func(done int) { tick(done - in); in = done })
		if err != nil {
			var re *data.RowError
			if !errors.As(err, &re) {
				return err
			}
			return rowFailed(rows[re.Index].n, re.Err)
		}
		// An update keeps the activity's attendees and items as stored.
		return saveEach(updates, func(tx *data.Store, ctx context.Context, a *data.Activity) error {
			d, err := tx.Activity(ctx, a.ID)
			if err != nil {
				return err
			}
			return tx.SaveActivity(ctx, a, d.Attendees, d.Items)
		})(ctx, tx, tick)
	}
	return nil
}
