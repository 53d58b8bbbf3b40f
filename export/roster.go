package export

import (
	"context"
	"strings"

	"pilotdesk/data"
)

// Roster writes 试点单位及挂包联系一览表: every live pilot site grouped by
// township (the township's own row first), with its current leads and
// liaison members on opts.On (zero: opts.To, else today).
func Roster(ctx context.Context, st *data.Store, path string, opts Options) error {
	on := opts.On
	if on.IsZero() {
		on = opts.To
	}
	if on.IsZero() {
		on = data.Today()
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
		s, err := b.newSheet("试点单位一览表", title, "", []Column{
			{Header: "序号", Width: 6, Kind: KindNumber},
			{Header: "乡镇（街道）", Width: 12, Kind: KindShort},
			{Header: "试点单位", Width: 18, Kind: KindText},
			{Header: "类型", Width: 12, Kind: KindShort},
			{Header: "议事平台", Width: 22, Kind: KindText},
			{Header: "挂牌时间", Width: 16, Kind: KindDate},
			{Header: "牵头领导", Width: 14, Kind: KindShort},
			{Header: "联系委员", Width: 20, Kind: KindText},
			{Header: "状态", Width: 10, Kind: KindShort},
			{Header: "备注", Width: 20, Kind: KindText},
		}, true)
		if err != nil {
			return err
		}
		if len(sites) == 0 {
			if err := s.nothing("尚未登记试点单位。"); err != nil {
				return err
			}
		}
		for _, site := range sites {
			r := who[site.ID]
			err := s.record(site.Township, site.Name, data.SiteKinds.Label(site.Kind, "zh"), site.Platform,
				site.UnveiledOn, strings.Join(r.Leads, "、"), strings.Join(r.Liaisons, "、"),
				data.SiteStatuses.Label(site.Status, "zh"), site.Notes)
			if err != nil {
				return err
			}
		}
		return s.finish(nil)
	})
}
