package export

// Importing the topic library (议题库): topics matched by place (township +
// site) and text. An empty cell keeps what is on file; the activity that
// took a topic is named as the 议题库 report names it, by its date and
// topic ("2024-05-08 停车难问题协商"), and looked up at the topic's place.

import (
	"fmt"
	"strings"

	"pilotdesk/data"
)

var topicsKind = kindSpec{zh: "议题库", en: "Topic library",
	fields: []Field{
		fTownship, fSite,
		{Key: "text", ZH: "议题", EN: "Topic", Required: true, synonyms: []string{"协商议题", "议题名称", "议题内容", "建议议题", "主题"}},
		{Key: "source", ZH: "议题来源", EN: "Topic source", Required: true, typ: tEnum, enum: &data.TopicSources,
			synonyms: []string{"来源", "选题方式"}},
		{Key: "proposer_kind", ZH: "提出方", EN: "Proposed by", typ: tEnum, enum: &data.TopicProposers,
			synonyms: []string{"提出人类型", "提出方式"}, hint: "个人、单位或群众；不填时：提出人是人员库中的人为个人，空着为群众，其余为单位"},
		{Key: "proposer", ZH: "提出人（单位）", EN: "Proposer", typ: tName,
			synonyms: []string{"提出人", "提出单位", "建议人", "提议人", "提出者"}},
		{Key: "proposed_on", ZH: "提出日期", EN: "Proposed on", typ: tDate, Required: true,
			synonyms: []string{"提出时间", "征集日期", "征集时间", "日期"}},
		{Key: "status", ZH: "状态", EN: "Status", typ: tEnum, enum: &data.TopicStatuses,
			synonyms: []string{"议题状态", "办理状态"}, hint: "不填时为征集中"},
		{Key: "reason", ZH: "不予采纳理由", EN: "Reason not taken up", synonyms: []string{"理由", "未采纳理由", "不采纳原因", "不予采纳原因"}},
		{Key: "activity", ZH: "协商活动", EN: "Activity", synonyms: []string{"关联活动", "协商议事活动"},
			hint: "已协商、已落实的议题填开展协商的活动：活动日期和议题，如“2024-05-08 停车难问题协商”"},
		fNotes,
	},
	need:    [][]string{{"text"}, {"site", "township"}},
	keyText: "议题按“乡镇（街道）+试点单位+议题”对应，",
	example: map[string]string{"township": "通泉街道", "site": "小寨社区", "text": "小寨工业片区停车难", "source": "社会征题",
		"proposer_kind": "群众", "proposed_on": "2024-04-20", "status": "征集中"},
}

func (pl *planner) topics() error {
	stored, err := pl.st.Topics(pl.ctx, data.TopicFilter{})
	if err != nil {
		return err
	}
	type key struct {
		site uint
		text string
	}
	onFile := map[key]*data.Topic{}
	for i := range stored {
		onFile[key{stored[i].SiteID, stored[i].Text}] = &stored[i]
	}
	var todo []planned[data.Topic]
	for r := range pl.each() {
		var errs data.ValidationErrors
		text := pl.text(r, "text")
		place, err := pl.places.find(pl.name(r, "township"), pl.name(r, "site"))
		addErr(&errs, err)
		var t data.Topic
		var base *data.Topic
		if place != nil {
			base = onFile[key{place.ID, data.CleanText(text, false)}]
			t.SiteID = place.ID
		}
		if base != nil {
			t = *base
		}
		t.Text = text
		kindGiven := pl.read(r, "proposer_kind", &t.ProposerKind, &errs)
		pl.read(r, "status", &t.Status, &errs)
		pl.read(r, "source", &t.Source, &errs)
		pl.read(r, "proposed_on", &t.ProposedOn, &errs)
		if text == "" {
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "text", ZH: "请填写议题。", EN: "Please enter the topic."})
		}
		if t.Status == "" {
			t.Status = data.TopicCollecting
		}
		pl.read(r, "reason", &t.Reason, &errs)
		pl.read(r, "notes", &t.Notes, &errs)
		if proposer := pl.name(r, "proposer"); proposer != "" && proposer != t.Proposer {
			t.Proposer, t.PersonID = proposer, nil
		}
		if !kindGiven && base == nil {
			t.ProposerKind = data.ProposerUnit
			if t.Proposer == "" {
				t.ProposerKind = data.ProposerPublic
			} else if p, _ := pl.findPerson(t.Proposer, "", ""); p != nil {
				t.ProposerKind = data.ProposerPerson
			}
		}
		if t.ProposerKind == data.ProposerPerson && t.PersonID == nil && t.Proposer != "" {
			if p, _ := pl.findPerson(t.Proposer, "", ""); p != nil {
				t.PersonID = &p.ID
			}
		}
		if cell := pl.text(r, "activity"); cell != "" && place != nil && (base == nil || cell != base.ActivityTitle()) {
			id, err := pl.findActivity(place, cell)
			addErr(&errs, err)
			t.ActivityID = id
		}
		if accept(pl, r, errs, base, &t, key{t.SiteID, t.Text}) {
			todo = append(todo, planned[data.Topic]{r.N, t})
		}
	}
	pl.p.apply = saveEach(todo, (*data.Store).SaveTopic)
	return nil
}

// findActivity finds the live activity at place named "date topic".
func (pl *planner) findActivity(place *data.Site, cell string) (*uint, error) {
	day, topic, _ := strings.Cut(strings.TrimSpace(cell), " ")
	d, err := data.ParseDate(day)
	topic = strings.TrimSpace(topic)
	if err != nil || d.IsZero() || topic == "" {
		return nil, &data.Error{Code: data.EInvalid, Field: "activity_id",
			ZH: fmt.Sprintf("协商活动“%s”应写成活动日期和议题，如“2024-05-08 停车难问题协商”。", cell),
			EN: fmt.Sprintf("Write the activity %q as its date and topic, e.g. \"2024-05-08 停车难问题协商\".", cell)}
	}
	f := data.ActivityFilter{From: d, To: d, SiteID: place.ID, Limit: 1000}
	if place.IsTownship() {
		f.SiteID, f.TownshipID = 0, place.ID
	}
	rows, _, err := pl.st.Activities(pl.ctx, f)
	if err != nil {
		return nil, err
	}
	for _, a := range rows {
		if a.Topic == topic {
			return &a.ID, nil
		}
	}
	return nil, &data.Error{Code: data.ENotFound, Field: "activity_id",
		ZH: fmt.Sprintf("“%s”没有%s开展的议题为“%s”的协商议事活动，请先登记该活动。", place.Name, d.Chinese(), topic),
		EN: fmt.Sprintf("%s has no activity on %s with the topic %q; enter the activity first.", place.Name, d, topic)}
}
