package export

// Importing consultation activities (协商议事活动): a ledger, matched by date +
// site + topic. New ones go in through data.InsertActivities in one call (one
// transaction with the rest), changed ones through SaveActivity with their
// attendees and follow-up items as stored.

import (
	"context"
	"errors"
	"slices"

	"pilotdesk/data"
)

var activitiesKind = kindSpec{zh: "协商议事活动", en: "Consultation activities",
	fields: []Field{
		{Key: "date", ZH: "活动日期", EN: "Date", Required: true, typ: tDate,
			synonyms: []string{"日期", "时间", "活动时间", "协商时间", "召开时间", "开展时间", "协商日期"}},
		fTownship, fSite,
		{Key: "topic", ZH: "议题", EN: "Topic", Required: true, synonyms: []string{"协商议题", "议题名称", "主题", "活动主题", "协商内容", "议题内容"}},
		{Key: "topic_source", ZH: "议题来源", EN: "Topic source", Required: true, typ: tEnum, enum: &data.TopicSources,
			aliases: map[string]string{"党委点题": data.SourceParty, "政府点题": data.SourceGovernment, "委员点题": data.SourceMember,
				"群众点题": data.SourcePublic, "群众征题": data.SourcePublic},
			synonyms: []string{"来源", "选题方式"}},
		{Key: "form", ZH: "协商形式", EN: "Form", typ: tEnum, enum: &data.ActivityForms, synonyms: []string{"形式", "活动形式"}},
		{Key: "procedure", ZH: "议事程序", EN: "Procedure", synonyms: []string{"程序"}},
		{Key: "participants", ZH: "参加人数", EN: "Participants", typ: tInt, synonyms: []string{"人数", "参与人数", "参会人数"}},
		{Key: "decision", ZH: "议定方式", EN: "Decision", typ: tEnum, enum: &data.Decisions,
			aliases:  map[string]string{"举手": data.DecisionHands, "投票": data.DecisionBallot, "一致": data.DecisionConsensus},
			synonyms: []string{"表决方式", "决策方式", "议决方式"}},
		{Key: "votes_for", ZH: "赞成", EN: "For", typ: tInt, synonyms: []string{"赞成票", "赞成票数"}},
		{Key: "votes_against", ZH: "反对", EN: "Against", typ: tInt, synonyms: []string{"反对票", "反对票数"}},
		{Key: "votes_abstain", ZH: "弃权", EN: "Abstain", typ: tInt, synonyms: []string{"弃权票", "弃权票数"}},
		{Key: "outcome", ZH: "协商成果", EN: "Outcome", synonyms: []string{"成果", "协商结果", "达成共识", "协商意见"}},
		{Key: "follow_up", ZH: "落实情况", EN: "Follow-up", typ: tEnum, enum: &data.FollowUps,
			// The labels of before issue 19 (待落实, 落实中, 已落实) too.
			aliases: map[string]string{"未落实": data.FollowUpPending, "正在落实": data.FollowUpInProgress, "已完成": data.FollowUpDone,
				"完成": data.FollowUpDone, "待落实": data.FollowUpPending, "落实中": data.FollowUpInProgress, "已落实": data.FollowUpDone},
			synonyms: []string{"落实状态", "办理情况"}},
		{Key: "follow_up_date", ZH: "办结日期", EN: "Date done", typ: tDate, synonyms: []string{"办结时间", "落实日期", "落实时间"}},
		{Key: "problems_solved", ZH: "解决问题数", EN: "Problems solved", typ: tInt, synonyms: []string{"解决问题", "解决问题个数", "解决问题（个）"}},
		fNotes,
	},
	need:    [][]string{{"date"}, {"site", "township"}, {"topic"}},
	keyText: "活动按“日期+试点单位+议题”对应，",
	example: map[string]string{"date": "2020-04-28", "township": "通泉街道", "site": "小寨社区居委会", "topic": "小寨工业片区交通秩序和环境卫生问题",
		"topic_source": "社会征题", "form": "现场协商", "procedure": "三阶五步", "participants": "31", "decision": "举手表决",
		"votes_for": "31", "outcome": "设置临时停车场；增加保洁员；推行“门前三包”责任制。", "follow_up": "已办结",
		"follow_up_date": "2020-06-30", "problems_solved": "3"},
}

// activityCounts are the number columns, in the order of a row's given bits.
var activityCounts = []string{"participants", "votes_for", "votes_against", "votes_abstain", "problems_solved"}

func countFields(a *data.Activity) []*int {
	return []*int{&a.Participants, &a.VotesFor, &a.VotesAgainst, &a.VotesAbstain, &a.ProblemsSolved}
}

type activityKey struct {
	date  data.Date
	site  uint
	topic string
}

func (pl *planner) activities() error {
	sp, err := pl.loadSites()
	if err != nil {
		return err
	}
	// acts[i] is a good row as read, from sheet row rows[i].n; the new ones
	// end up at the front of acts, as InsertActivities takes them, so that a
	// 100,000-row ledger holds its activities once.
	type row struct {
		n     int
		given uint8 // bit j: the j-th count column was filled
	}
	acts := make([]data.Activity, 0, len(pl.rows))
	rows := make([]row, 0, len(pl.rows))
	keys := map[activityKey]int{} // every key in the sheet -> the first good row using it (0: none yet)
	for i, r := range pl.rows {
		if i%4096 == 0 {
			if err := pl.ctx.Err(); err != nil {
				return err
			}
		}
		var errs data.ValidationErrors
		site, err := sp.find(pl.name(r, "township"), pl.name(r, "site"))
		addErr(&errs, err)
		a := data.Activity{
			Date: pl.date(r, "date", &errs), Topic: pl.text(r, "topic"), TopicSource: pl.enum(r, "topic_source", &errs),
			Form: pl.enum(r, "form", &errs), Procedure: pl.text(r, "procedure"), Decision: pl.enum(r, "decision", &errs),
			Outcome: pl.text(r, "outcome"), FollowUp: pl.enum(r, "follow_up", &errs),
			FollowUpDate: pl.date(r, "follow_up_date", &errs), Notes: pl.text(r, "notes"),
		}
		var given uint8
		for j, dst := range countFields(&a) {
			var ok bool
			if *dst, ok = pl.count(r, activityCounts[j], &errs); ok {
				given |= 1 << j
			}
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
		setText(&b.Topic, p.Topic)
		setText(&b.TopicSource, p.TopicSource)
		setText(&b.Form, p.Form)
		setText(&b.Procedure, p.Procedure)
		setText(&b.Decision, p.Decision)
		setText(&b.Outcome, p.Outcome)
		setText(&b.FollowUp, p.FollowUp)
		setText(&b.Notes, p.Notes)
		if !p.FollowUpDate.IsZero() {
			b.FollowUpDate = p.FollowUpDate
		}
		src := countFields(p)
		for j, dst := range countFields(b) {
			if r.given&(1<<j) != 0 {
				*dst = *src[j]
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
	type update struct {
		a data.Activity
		n int
	}
	var updates []update
	fresh := 0 // acts[:fresh] are new, rows[:fresh] their sheet rows
	claimed := map[uint]bool{}
	for i, r := range rows {
		read := &acts[i]
		k := activityKey{read.Date, read.SiteID, read.Topic}
		var base *data.Activity
		var a data.Activity
		cands := stored[k]
		for j := range cands { // the stored one it leaves as it is, else the next unclaimed
			if claimed[cands[j].ID] {
				continue
			}
			b := cands[j]
			patch(&b, read, r)
			if b.Validate() == nil && sameActivity(&cands[j], &b) {
				base, a = &cands[j], b
				break
			}
		}
		if base == nil {
			for j := range cands {
				if !claimed[cands[j].ID] {
					base, a = &cands[j], cands[j]
					patch(&a, read, r)
					break
				}
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
		changed := !sameActivity(base, &a)
		pl.tally(false, changed)
		if changed {
			updates = append(updates, update{a, r.n})
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
		for _, u := range updates {
			d, err := tx.Activity(ctx, u.a.ID)
			if err != nil {
				return rowFailed(u.n, err)
			}
			a := u.a
			if err := tx.SaveActivity(ctx, &a, d.Attendees, d.Items); err != nil {
				return rowFailed(u.n, err)
			}
			tick(1)
		}
		return nil
	}
	return nil
}

func sameActivity(a, b *data.Activity) bool {
	return a.Date.Equal(b.Date) && a.SiteID == b.SiteID && a.Topic == b.Topic && a.TopicSource == b.TopicSource &&
		a.Form == b.Form && a.Procedure == b.Procedure && a.Decision == b.Decision && a.VotesFor == b.VotesFor &&
		a.VotesAgainst == b.VotesAgainst && a.VotesAbstain == b.VotesAbstain && a.Participants == b.Participants &&
		a.Outcome == b.Outcome && a.FollowUp == b.FollowUp && a.FollowUpDate.Equal(b.FollowUpDate) &&
		a.ProblemsSolved == b.ProblemsSolved && a.Notes == b.Notes
}
