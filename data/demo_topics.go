package data

import "strings"

// The demo's topic library and plans (issue 22): one topic consulted on
// and done at the 小寨 activity, the rest collected lately, one chosen for
// a consultation planned next week, and one not taken up.
func (d *demo) topics() error {
	acts, _, err := d.st.Activities(d.ctx, ActivityFilter{SiteID: d.site["小寨社区居委会"].ID, From: demoDay("2020-04-28"), To: demoDay("2020-04-28")})
	if err != nil || len(acts) == 0 {
		return err
	}
	list := []Topic{
		{Text: "小寨工业片区交通秩序和环境卫生问题", Source: SourcePublic, ProposerKind: ProposerPublic, Proposer: "片区居民和商户",
			ProposedOn: demoDay("2020-04-10"), SiteID: d.site["小寨社区居委会"].ID, Status: TopicDone, ActivityID: &acts[0].ID},
		{Text: "背街小巷路灯照明不足", Source: SourceMember, ProposerKind: ProposerPerson, PersonID: &d.person["郑强"].ID,
			ProposedOn: d.day(-20), SiteID: d.site["通泉街道"].ID, Status: TopicChosen},
		{Text: "乐熙社区夜间停车位不足", Source: SourcePublic, ProposerKind: ProposerPublic, Proposer: "乐熙社区居民",
			ProposedOn: d.day(-10), SiteID: d.site["乐熙社区"].ID, Status: TopicCollecting},
		{Text: "农贸市场赶集日交通秩序", Source: SourceGovernment, ProposerKind: ProposerUnit, Proposer: "旧县街道办事处",
			ProposedOn: d.day(-5), SiteID: d.site["旧县街道"].ID, Status: TopicCollecting},
		{Text: "小区广场舞噪音扰民", Source: SourcePublic, ProposerKind: ProposerPublic, ProposedOn: d.day(-40),
			SiteID: d.site["乐熙社区"].ID, Status: TopicRejected, Reason: "已由社区人民调解委员会调处，不再列入协商"},
	}
	for i := range list {
		if err := d.st.SaveTopic(d.ctx, &list[i]); err != nil {
			return err
		}
	}
	// Two consultations planned: one next week on the chosen topic, with
	// its people invited; one whose day has passed unrecorded (需要处理).
	soon := Plan{Date: d.day(6), SiteID: d.site["乐熙社区"].ID, Topic: list[1].Text, TopicSource: list[1].Source,
		Form: "meeting", Procedure: "三阶五步"}
	invited := []Attendee{{PersonID: &d.person["郑强"].ID, Role: "member"}, {Name: "乐熙社区居民代表", Role: "stakeholder"}}
	if err := d.st.SavePlan(d.ctx, &soon, invited); err != nil {
		return err
	}
	if err := d.st.PlanTopic(d.ctx, list[1].ID, soon.ID); err != nil {
		return err
	}
	late := Plan{Date: d.day(-3), SiteID: d.site["旧县社区"].ID, Topic: list[3].Text, TopicSource: list[3].Source, Form: "onsite"}
	if err := d.st.SavePlan(d.ctx, &late, nil); err != nil {
		return err
	}
	// What the rooms are built on, as their names tell.
	for _, site := range d.site {
		basis := ""
		switch p := site.Platform; {
		case strings.Contains(p, "委员之家"):
			basis = "members_home"
		case strings.Contains(p, "工作室"):
			basis = "members_studio"
		case strings.Contains(p, "联络处"):
			basis = "liaison_office"
		case p != "":
			basis = "village_venue"
		}
		if basis != "" {
			site.RoomBasis = basis
			if err := d.st.SaveSite(d.ctx, site); err != nil {
				return err
			}
		}
	}
	// 小寨's 村民小组, as 沾益 keeps a third level.
	for _, name := range []string{"小寨一组", "小寨二组", "小寨三组"} {
		if err := d.st.SaveSiteGroup(d.ctx, &SiteGroup{SiteID: d.site["小寨社区居委会"].ID, Name: name, Kind: "group"}); err != nil {
			return err
		}
	}
	// Sites guided by a committee and a sector besides persons.
	for _, g := range []GroupAssignment{
		{SiteID: d.site["乐熙社区"].ID, Kind: "committee", Name: "提案委", FromDate: demoDay("2021-01-01")},
		{SiteID: d.site["马龙工业园区"].ID, Kind: "sector", Name: "经济界", FromDate: demoDay("2020-06-28")},
	} {
		if err := d.st.SaveGroupAssignment(d.ctx, &g); err != nil {
			return err
		}
	}
	// 乐熙社区's standing members ("8+X"): members on file and residents.
	for _, m := range []CouncilMember{
		{SiteID: d.site["乐熙社区"].ID, PersonID: &d.person["郑强"].ID, Identity: "member"},
		{SiteID: d.site["乐熙社区"].ID, Name: "乐熙社区居民代表", Identity: "resident"},
		{SiteID: d.site["乐熙社区"].ID, Name: "小区物业经理", Identity: "stakeholder"},
		{SiteID: d.site["乐熙社区"].ID, Name: "退休老党员", Identity: "party"},
	} {
		if err := d.st.SaveCouncilMember(d.ctx, &m); err != nil {
			return err
		}
	}
	return nil
}
