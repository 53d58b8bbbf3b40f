package data

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
// is built on Basis ("" for those not told).
type BasisStats struct {
	Basis string `json:"basis"`
	SiteTally
}
