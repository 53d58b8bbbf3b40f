package export

// Importing pilot sites (试点单位): townships and their villages,
// communities and enterprises, matched by township + name. Townships are
// written first (new villages need their ids); a township named only by its
// villages is created as planned.

import (
	"context"
	"fmt"
	"slices"

	"pilotdesk/data"
)

var sitesKind = kindSpec{zh: "试点单位", en: "Pilot sites",
	fields: []Field{
		fTownship,
		{Key: "name", ZH: "试点单位名称", EN: "Site name", Required: true, typ: tName,
			synonyms: append([]string{"试点单位", "名称"}, fSite.synonyms...), hint: "乡镇（街道）本身作为试点的，名称填乡镇名称"},
		{Key: "kind", ZH: "类型", EN: "Kind", typ: tEnum, enum: &data.SiteKinds,
			synonyms: []string{"单位类型", "试点类型", "类别", "层级"}, hint: "不填时：名称与乡镇相同的为乡镇（街道），其余为村（社区）"},
		{Key: "platform", ZH: "议事平台", EN: "Platform", synonyms: []string{"议事平台名称", "议事室", "议事室名称", "平台名称", "协商议事室", "议事厅", "协商议事平台"}},
		{Key: "room_basis", ZH: "依托类型", EN: "Room built on", typ: tEnum, enum: &data.RoomBases,
			synonyms: []string{"依托", "依托平台", "议事室依托"}, hint: "委员之家、委员工作室、委员联络处（站）、党群服务中心、村（社区）活动场所或其他"},
		{Key: "unveiled_on", ZH: "挂牌日期", EN: "Unveiled on", typ: tDate,
			synonyms: []string{"挂牌时间", "揭牌日期", "揭牌时间", "挂牌", "成立时间"}},
		{Key: "status", ZH: "状态", EN: "Status", typ: tEnum, enum: &data.SiteStatuses,
			synonyms: []string{"建设状态", "当前状态", "进展"}, hint: "不填时：有挂牌日期的为已挂牌，否则为筹备中"},
		{Key: "address", ZH: "地址", EN: "Address", synonyms: []string{"详细地址", "所在地址", "地点"}},
		{Key: "contact", ZH: "联系人", EN: "Contact person", typ: tName, synonyms: []string{"负责人", "联系人姓名"}},
		fPhone,
		fNotes,
	},
	need:    [][]string{{"name", "township"}},
	keyText: "试点单位按“乡镇（街道）+名称”对应，",
	example: map[string]string{"township": "通泉街道", "name": "乐熙社区", "kind": "村（社区）", "platform": "乐熙社区议事站",
		"unveiled_on": "2020-04-02", "status": "已挂牌", "address": "马龙区通泉街道乐熙社区", "contact": "张明", "phone": "13812345678"},
}

func (pl *planner) sites() error {
	// A site's Township carries its parent's name until the parent has an id.
	var towns, others []planned[data.Site]
	for r := range pl.each() {
		var errs data.ValidationErrors
		township, name := pl.name(r, "township"), pl.name(r, "name")
		if name == "" {
			name = township
		}
		var kind string
		pl.read(r, "kind", &kind, &errs)
		isTown := kind == data.KindTownship || kind == "" && (township == "" || township == name)
		switch {
		case name == "":
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "name", ZH: "请填写试点单位名称。", EN: "Please enter the site's name."})
		case isTown && township != "" && township != name:
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "township",
				ZH: fmt.Sprintf("“%s”是乡镇（街道），其“乡镇（街道）”一栏应留空或写它自己的名称，而不是“%s”。", name, township),
				EN: fmt.Sprintf("%q is a township, so its township column must be empty or its own name, not %q.", name, township)})
		}
		var base *data.Site
		var parent uint
		if isTown {
			base = pl.places.towns[name]
			township = ""
		} else if t := pl.places.towns[township]; t != nil {
			parent = t.ID
			base = pl.places.sites[siteKey{t.ID, name}]
		}
		s := data.Site{Kind: data.KindCommunity}
		if isTown {
			s.Kind = data.KindTownship
		}
		keys := []any{township + "\x00" + name}
		if base != nil {
			s = *base
			keys = append(keys, base.ID)
		}
		s.Name = name
		if kind != "" {
			s.Kind = kind
		}
		if isTown {
			s.ParentID, s.Township = nil, name
		} else if township != "" {
			s.ParentID, s.Township = &parent, township // parent is 0 until a new township gets its id
		}
		pl.read(r, "platform", &s.Platform, &errs)
		pl.read(r, "room_basis", &s.RoomBasis, &errs)
		pl.read(r, "address", &s.Address, &errs)
		pl.read(r, "contact", &s.Contact, &errs)
		pl.read(r, "notes", &s.Notes, &errs)
		pl.read(r, "unveiled_on", &s.UnveiledOn, &errs)
		pl.read(r, "status", &s.Status, &errs)
		pl.read(r, "phone", &s.Phone, &errs)
		if s.Status == "" {
			s.Status = data.StatusPlanned
			if !s.UnveiledOn.IsZero() {
				s.Status = data.StatusUnveiled
			}
		}
		if !accept(pl, r, errs, base, &s, keys...) {
			continue
		}
		if isTown {
			towns = append(towns, planned[data.Site]{r.N, s})
		} else {
			others = append(others, planned[data.Site]{r.N, s})
		}
	}
	// Townships named by their villages only: created as planned.
	var made []planned[data.Site]
	named := map[string]bool{} // townships with a row of their own, or made
	for _, t := range towns {
		named[t.rec.Name] = true
	}
	for _, it := range others {
		if town := it.rec.Township; pl.places.towns[town] == nil && !named[town] {
			named[town] = true
			made = append(made, planned[data.Site]{it.row, data.Site{Name: town, Kind: data.KindTownship, Status: data.StatusPlanned}})
			pl.p.Created = append(pl.p.Created, Made{ZH: "乡镇（街道）", EN: "Township", Name: town})
			pl.p.writes++
		}
	}
	pl.p.apply = func(ctx context.Context, tx *data.Store, tick func(int)) error {
		ids := map[string]uint{}
		for name, t := range pl.places.towns {
			ids[name] = t.ID
		}
		return saveEach(slices.Concat(made, towns, others), func(tx *data.Store, ctx context.Context, s *data.Site) error {
			if s.ParentID != nil && *s.ParentID == 0 {
				id := ids[s.Township]
				s.ParentID = &id
			}
			if err := tx.SaveSite(ctx, s); err != nil {
				return err
			}
			if s.IsTownship() {
				ids[s.Name] = s.ID
			}
			return nil
		})(ctx, tx, tick)
	}
	return nil
}
