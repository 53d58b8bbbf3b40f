package data

import (
	"context"
	"database/sql"
)

// RoomBases is what a site's consultation room is built on (依托类型): the
// platforms the pilots build on rather than build anew.
var RoomBases = enum("room_basis",
	Option{"members_home", "委员之家", "CPPCC members' home"},
	Option{"members_studio", "委员工作室", "Members' studio"},
	Option{"liaison_office", "委员联络处（站）", "Members' liaison office"},
	Option{"party_center", "党群服务中心", "Party and public service centre"},
	Option{"village_venue", "村（社区）活动场所", "Village or community venue"},
	Option{"other", "其他", "Other"},
)

// BasisStats is one row of the statistics by 依托类型: the sites whose room
// is built on Basis ("" for those not told), their rooms unveiled by the
// period's end and their activities of the period.
type BasisStats struct {
	Basis    string `json:"basis"`
	Sites    int    `json:"sites"`
	Unveiled int    `json:"unveiled"`
	Tally
}

// BasisStatistics counts by 依托类型, in RoomBases order, every basis
// present, then the sites not told if there are any. Like Statistics, the
// activities of trashed sites count, the trashed sites do not.
func (st *Store) BasisStatistics(ctx context.Context, p Period) ([]BasisStats, error) {
	fs, err := st.siteFacts(ctx, p)
	if err != nil {
		return nil, translate(err, activityLabel)
	}
	type site struct {
		basis    string
		unveiled Date
		trashed  bool
	}
	sites := map[uint]site{}
	err = st.query(ctx, `SELECT id, room_basis, CAST(unveiled_on AS TEXT), deleted_at IS NOT NULL FROM sites`, nil, func(r *sql.Rows) error {
		var id uint
		var s site
		err := r.Scan(uintCol{&id}, &s.basis, &s.unveiled, &s.trashed)
		sites[id] = s
		return err
	})
	if err != nil {
		return nil, translate(err, siteLabel)
	}
	rows := map[string]*BasisStats{}
	row := func(code string) *BasisStats {
		if rows[code] == nil {
			rows[code] = &BasisStats{Basis: code, Tally: newTally()}
		}
		return rows[code]
	}
	for _, code := range RoomBases.Codes() {
		row(code)
	}
	for _, s := range sites {
		if s.trashed {
			continue
		}
		r := row(s.basis)
		r.Sites++
		if !s.unveiled.IsZero() && (p.To.IsZero() || !s.unveiled.After(p.To)) {
			r.Unveiled++
		}
	}
	for _, f := range fs {
		if s, ok := sites[f.SiteID]; ok {
			row(s.basis).add(f)
		}
	}
	var out []BasisStats
	for _, code := range append(RoomBases.Codes(), "") {
		if r := rows[code]; r != nil {
			out = append(out, *r)
		}
	}
	return out, nil
}
