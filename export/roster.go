package export

import (
	"context"
	"fmt"
	"strings"

	"pilotdesk/data"
)

// Roster writes 试点单位及挂包联系一览表: every live pilot site grouped by
// township (the township's own row first), with its current leads and
// liaison members on opts.On (zero: the period's end, or today when that is
// still to come), and under the table how many sites and people that makes.
func Roster(ctx context.Context, st *data.Store, path string, opts Options) error {
	on := opts.On
	if on.IsZero() {
		// "All reports" of this year ask for the roster of today.
		on = data.Today()
		if !opts.To.IsZero() && opts.To.Before(on) {
			on = opts.To
		}
	}
	return write(ctx, st, path, ReportRoster, "截至"+on.Chinese(), opts, func(b *book, title string) error {
		sites, err := st.Sites(ctx, data.SiteFilter{})
		if err != nil {
			return err
		}
		who, err := st.LeadsAndLiaisons(ctx, on)
		if err != nil {
			return err
		}
		groups, err := st.GuidingGroups(ctx, on) // 委（室）、界别 (issue 22)
		if err != nil {
			return err
		}
		_, cover, err := st.CoverageInCounty(ctx, 0, on)
		if err != nil {
			return err
		}
		s := b.newSheet("试点单位一览表", title, "", withCounty([]Column{
			{Header: "序号", Width: 5, Kind: KindNumber},
			{Header: "乡镇（街道）", Width: 10, Kind: KindShort},
			{Header: "试点单位", Width: 16, Kind: KindText},
			{Header: "类型", Width: 12, Kind: KindShort}, // 乡镇（街道） on one line
			{Header: "议事平台", Width: 22, Kind: KindText},
			{Header: "挂牌日期", Width: 14, Kind: KindDate},
			{Header: "牵头领导", Width: 10, Kind: KindShort},
			{Header: "联系委员", Width: 17, Kind: KindText},
			{Header: "挂包委室、界别", Width: 14, Kind: KindText},
			{Header: "状态", Width: 9, Kind: KindShort},
			{Header: "备注", Width: 14, Kind: KindText},
		}, b.h.City), a4Landscape)
		if len(sites) == 0 {
			s.nothing("尚未登记试点单位。")
			return s.finish(nil)
		}
		for _, site := range sites {
			r := who[site.ID]
			s.record(countyCell([]any{site.Township, site.Name, data.SiteKinds.Label(site.Kind, "zh"), site.Platform,
				site.UnveiledOn, strings.Join(r.Leads, "、"), strings.Join(r.Liaisons, "、"), strings.Join(groups[site.ID], "、"),
				data.SiteStatuses.Label(site.Status, "zh"), site.Notes}, site.County, b.h.City)...)
		}
		// Not a 合计 row: leads and members are counted as people, and one
		// person often guides several sites.
		count := fmt.Sprintf("共%d个试点单位，其中%d个有牵头领导；牵头领导%d人，联系委员%d人（按人计，同一人挂包多个单位只计一次）。",
			cover.Sites, cover.SitesWithLead, cover.Leads, cover.Liaisons)
		s.merged(count, b.styles.line, lineRowHeight)
		return s.finish(nil)
	})
}
