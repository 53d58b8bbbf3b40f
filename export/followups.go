package export

import (
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// FollowUps writes the 督办事项台账: every follow-up item of the activities
// held in the period, one row each, with its activity and place, what is
// to be done, the unit responsible, the deadline, its state and progress
// and the day it was done; an item past its deadline and not done is
// marked in the 逾期情况 column. States are taken on the day the summary of
// the same period is (data.SummaryAsOf: the period's end, or the 填报日期
// if earlier), so the 合计 line under the table gives the figures of the
// 工作情况统计表's 督办落实 rows.
func FollowUps(ctx context.Context, st *data.Store, path string, opts Options) error {
	p := data.Period{From: opts.From, To: opts.To}
	return write(ctx, st, path, ReportFollowUps, periodText(p.From, p.To), opts, func(b *book, title string) error {
		items, err := st.FollowUpLedger(ctx, p, b.h.Date)
		if err != nil {
			return err
		}
		asOf := data.SummaryAsOf(p, b.h.Date)
		cols := []Column{
			{Header: "序号", Width: 5, Kind: KindNumber},
			{Header: "乡镇（街道）", Width: 12, Kind: KindShort},
			{Header: "试点单位", Width: 13, Kind: KindShort},
			{Header: "活动日期", Width: 14, Kind: KindDate},
			{Header: "议题", Width: 22, Kind: KindText},
			{Header: "督办事项", Width: 26, Kind: KindText},
			{Header: "责任单位", Width: 13, Kind: KindText},
			{Header: "办结时限", Width: 14, Kind: KindDate},
			{Header: "办理状态", Width: 9, Kind: KindShort},
			{Header: "进度（%）", Width: 9, Kind: KindNumber},
			{Header: "办结日期", Width: 14, Kind: KindDate},
			{Header: "逾期情况", Width: 10, Kind: KindShort},
			{Header: "备注", Width: 14, Kind: KindText},
		}
		s := b.newSheet("督办事项台账", title, "", cols, a4Landscape)
		states := map[string]int{}
		late := 0
		cells := make([]excelize.Cell, len(cols))
		for i := range items {
			it := &items[i]
			state := data.FollowUpStateOn(&it.FollowUpItem, asOf)
			states[state]++
			var progress, doneOn any = it.Progress, nil
			if state == data.FollowUpDone {
				doneOn = it.DoneOn
			} else if it.Status == data.FollowUpDone {
				progress = nil // done after the day: how far it was then is not known
			}
			overdue := ""
			if state != data.FollowUpDone && !it.Deadline.IsZero() && it.Deadline.Before(asOf) {
				late++
				overdue = fmt.Sprintf("逾期%d天", int(asOf.Time().Sub(it.Deadline.Time()).Hours()/24))
			}
			h := s.prepare(cells, []any{it.Township, it.SiteName, it.ActivityDate, it.Topic, it.Task, it.Unit,
				it.Deadline, data.FollowUps.Label(state, "zh"), progress, doneOn, overdue, it.Notes})
			if overdue != "" {
				cells[len(cols)-2].StyleID = b.styles.totalText // bold: the row to chase
			}
			s.put(cells, h)
		}
		if len(items) == 0 {
			s.nothing("本期协商议事活动没有形成督办事项。")
		}
		total := fmt.Sprintf("合计：督办事项%d项，其中%s%d项、%s%d项、%s%d项；逾期未办结%d项",
			len(items), data.FollowUps.Label(data.FollowUpDone, "zh"), states[data.FollowUpDone],
			data.FollowUps.Label(data.FollowUpInProgress, "zh"), states[data.FollowUpInProgress],
			data.FollowUps.Label(data.FollowUpPending, "zh"), states[data.FollowUpPending], late)
		s.merged(total, b.styles.totalText, 24)
		note := fmt.Sprintf("说明：本表列出%s协商议事活动形成的督办事项；办理状态和逾期情况以%s为准。",
			periodWords(opts.From, asOf), asOf.Chinese())
		s.text(note, 10, width(cols))
		return s.finish(nil)
	})
}
