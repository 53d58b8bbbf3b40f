package export

import (
	"context"
	"fmt"

	"pilotdesk/data"
)

// ReportTopics is the 议题库: every live topic, one row each, with the
// headers the topics import reads, so a library exported and imported
// again changes nothing.
const ReportTopics Report = "topics"

// topicColumns are the report's columns; their headers are the import's.
var topicColumns = []Column{
	{Header: "序号", Width: 5, Kind: KindNumber},
	{Header: "乡镇（街道）", Width: 12, Kind: KindShort},
	{Header: "试点单位", Width: 13, Kind: KindShort},
	{Header: "议题", Width: 26, Kind: KindText},
	{Header: "议题来源", Width: 11, Kind: KindShort},
	{Header: "提出方", Width: 7, Kind: KindShort},
	{Header: "提出人（单位）", Width: 13, Kind: KindText},
	{Header: "提出日期", Width: 14, Kind: KindDate},
	{Header: "状态", Width: 9, Kind: KindShort},
	{Header: "不予采纳理由", Width: 16, Kind: KindText},
	{Header: "协商活动", Width: 22, Kind: KindText},
	{Header: "备注", Width: 14, Kind: KindText},
}

// Topics writes the whole 议题库 (a working list, not a report of a
// period: the period of opts is ignored), newest first, with the count by
// status under it.
func Topics(ctx context.Context, st *data.Store, path string, opts Options) error {
	return write(ctx, st, path, ReportTopics, "", opts, func(b *book, title string) error {
		topics, err := st.Topics(ctx, data.TopicFilter{})
		if err != nil {
			return err
		}
		s := b.newSheet("议题库", title, "", topicColumns, a4Landscape)
		states := map[string]int{}
		for i := range topics {
			t := &topics[i]
			states[t.Status]++
			s.record(t.Township, t.SiteName, t.Text, data.TopicSources.Label(t.Source, "zh"),
				data.TopicProposers.Label(t.ProposerKind, "zh"), t.Proposer, t.ProposedOn,
				data.TopicStatuses.Label(t.Status, "zh"), t.Reason, t.ActivityTitle(), t.Notes)
		}
		if len(topics) == 0 {
			s.nothing("议题库中还没有议题。")
		}
		total := fmt.Sprintf("合计：议题%d个", len(topics))
		for _, o := range data.TopicStatuses.Options {
			total += fmt.Sprintf("，%s%d个", o.ZH, states[o.Code])
		}
		s.merged(total, b.styles.totalText, 24)
		return s.finish(nil)
	})
}
