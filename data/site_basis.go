package data

import "context"

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
	sites, err := st.allSites(ctx)
	if err != nil {
		return nil, err
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
	basis := make(map[uint]string, len(sites))
	for i := range sites {
		s := &sites[i]
		basis[s.ID] = s.RoomBasis
		if !s.DeletedAt.Valid {
			r := row(s.RoomBasis)
			r.Sites++
			r.Unveiled += unveiledBy(s, p)
		}
	}
	for _, f := range fs {
		if b, ok := basis[f.SiteID]; ok {
			row(b).add(f)
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
