package data

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
)

// The demo district, for trying PilotDesk and for benchmarks. One database
// is one county office, so the demo is one district: 马龙区, whose 通泉街道
// holds two published examples (乐熙社区 议事站, unveiled 2020-04-02; 小寨社区
// and its show-of-hands consultation on traffic and environment). The other
// published cases come from neighbouring counties; their topics and ways of
// working (a resettlement estate's water supply, 30 enterprises raising 38
// problems, "8+X" consultation circles, old compounds, garbage sorting,
// market-day order, land transfer) are told here at 马龙区's own townships,
// whose other sites and every person are invented. Phone numbers are of the
// reserved-looking 1380000xxxx kind.

// LoadDemo fills an empty database with the demo district. It refuses a
// database that already holds pilot sites, so it never mixes with real work.
func (st *Store) LoadDemo(ctx context.Context) error {
	sites, err := st.Sites(ctx, SiteFilter{})
	if err != nil {
		return err
	}
	if len(sites) > 0 {
		return newErr(EConflict, "", "数据库中已有试点单位，演示数据只能装入新建的空数据库。",
			"The database already holds pilot sites; the demo can only be loaded into a new, empty database.")
	}
	d := demo{st: st, ctx: ctx, site: map[string]*Site{}, person: map[string]*Person{}}
	for _, step := range []func() error{d.settings, d.sites, d.people, d.assignments, d.panel, d.activities, d.tasks, d.visit} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

type demo struct {
	st     *Store
	ctx    context.Context
	site   map[string]*Site
	person map[string]*Person
	phone  int
}

func (d *demo) settings() error {
	return d.st.SetSettings(d.ctx, map[string]string{
		SettingDistrict:   "马龙区",
		SettingReportUnit: "政协曲靖市马龙区委员会办公室",
		SettingPreparer:   "李娜",
		SettingPhone:      "0874-8000001",
		SettingMaskPhones: "0",
	})
}

func demoDay(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (d *demo) sites() error {
	towns := []struct {
		name, platform, unveiled, status string
	}{
		{"通泉街道", "通泉街道政协委员工作室", "2020-03-20", StatusStandardized},
		{"旧县街道", "旧县街道政协委员之家", "2020-04-10", StatusActive},
		{"鸡头村街道", "鸡头村街道委员服务联络处", "2020-04-22", StatusActive},
		{"张安屯街道", "张安屯街道政协委员工作室", "2020-05-06", StatusActive},
		{"王家庄街道", "王家庄街道委员活动小组", "2020-05-18", StatusUnveiled},
		{"马过河镇", "马过河镇政协委员之家", "2020-04-28", StatusActive},
		{"纳章镇", "纳章镇委员服务联络处", "2020-06-02", StatusUnveiled},
		{"月望乡", "", "", StatusPlanned},
		{"大庄乡", "大庄乡委员活动小组", "2020-06-16", StatusUnveiled},
	}
	for _, t := range towns {
		s := &Site{Name: t.name, Kind: KindTownship, Platform: t.platform, UnveiledOn: demoDayOrZero(t.unveiled), Status: t.status}
		if err := d.save(s); err != nil {
			return err
		}
	}
	locals := []struct {
		town, name, kind, platform, unveiled, status, contact, notes string
	}{
		{"通泉街道", "乐熙社区", KindCommunity, "乐熙社区议事站", "2020-04-02", StatusStandardized, "张秀兰", ""},
		{"通泉街道", "小寨社区居委会", KindCommunity, "小寨社区协商议事厅", "2020-04-16", StatusActive, "王志刚", "小寨工业片区所在社区"},
		{"通泉街道", "龙泉社区", KindCommunity, "龙泉社区议事室", "2020-05-12", StatusActive, "刘春梅", "高铁建设移民安置小区"},
		{"旧县街道", "旧县社区", KindCommunity, "旧县社区“协商在基层”议事厅", "2020-05-06", StatusActive, "杨建华", ""},
		{"旧县街道", "马龙工业园区", KindEnterprise, "民营企业协商议事室", "2020-06-28", StatusActive, "赵国强", "园区民营企业协商平台"},
		{"鸡头村街道", "鸡头村社区", KindCommunity, "鸡头村社区议事室", "2020-05-26", StatusUnveiled, "孙丽", ""},
		{"张安屯街道", "张安屯社区", KindCommunity, "张安屯社区议事站", "2020-06-09", StatusUnveiled, "周文", ""},
		{"王家庄街道", "王家庄社区", KindCommunity, "", "", StatusPlanned, "", "筹备中，拟依托社区党群服务中心"},
		{"马过河镇", "马过河村委会", KindCommunity, "“8+X”协商议事室", "2020-05-20", StatusActive, "李德明", "乡贤、老干部、老党员、老劳模参与协商"},
		{"纳章镇", "纳章村委会", KindCommunity, "纳章村协商议事室", "2020-07-08", StatusUnveiled, "钱红", ""},
		{"大庄乡", "大庄村委会", KindCommunity, "大庄村议事厅", "2020-07-21", StatusUnveiled, "吴勇", ""},
	}
	for _, l := range locals {
		parent := d.site[l.town].ID
		s := &Site{Name: l.name, Kind: l.kind, ParentID: &parent, Platform: l.platform, UnveiledOn: demoDayOrZero(l.unveiled),
			Status: l.status, Contact: l.contact, Phone: d.nextPhone(l.contact), Notes: l.notes}
		if err := d.save(s); err != nil {
			return err
		}
	}
	return nil
}

func demoDayOrZero(s string) Date {
	if s == "" {
		return Date{}
	}
	return demoDay(s)
}

func (d *demo) save(s *Site) error {
	if err := d.st.SaveSite(d.ctx, s); err != nil {
		return fmt.Errorf("demo site %s: %w", s.Name, err)
	}
	d.site[s.Name] = s
	return nil
}

// nextPhone hands out 1380000xxxx numbers; none for a blank contact.
func (d *demo) nextPhone(contact string) string {
	if contact == "" {
		return ""
	}
	d.phone++
	return fmt.Sprintf("1380000%04d", d.phone)
}

func (d *demo) people() error {
	type p struct{ name, gender, position, unit, sector, category string }
	list := []p{
		// Division-level leaders who lead the liaison points.
		{"陈立新", GenderMale, "区政协主席", "政协马龙区委员会", "", CategoryLeader},
		{"马云华", GenderFemale, "区政协副主席", "政协马龙区委员会", "", CategoryLeader},
		{"段志明", GenderMale, "区政协副主席", "政协马龙区委员会", "", CategoryLeader},
		{"朱红梅", GenderFemale, "区政协副主席", "政协马龙区委员会", "", CategoryLeader},
		{"蒋建军", GenderMale, "区政协秘书长", "政协马龙区委员会", "", CategoryLeader},
		{"许国平", GenderMale, "区政协党组成员", "政协马龙区委员会", "", CategoryLeader},
		// CPPCC members with their sectors.
		{"赵丽", GenderFemale, "总经理", "马龙区某农业开发公司", "经济界", CategoryMember},
		{"钱进", GenderMale, "院长", "马龙区人民医院", "医药卫生界", CategoryMember},
		{"孙建明", GenderMale, "种植大户", "马过河镇", "农业界", CategoryMember},
		{"李春燕", GenderFemale, "校长", "通泉中学", "教育界", CategoryMember},
		{"周海", GenderMale, "律师", "马龙区某律师事务所", "社会福利和社会保障界", CategoryMember},
		{"吴晓梅", GenderFemale, "主任", "旧县社区居委会", "社会福利和社会保障界", CategoryMember},
		{"郑强", GenderMale, "董事长", "马龙工业园区某建材公司", "经济界", CategoryMember},
		{"王芳", GenderFemale, "农技推广研究员", "区农业技术推广中心", "农业界", CategoryMember},
		{"冯德胜", GenderMale, "村医", "大庄村卫生室", "医药卫生界", CategoryMember},
		{"陈静", GenderFemale, "会计师", "马龙区某会计师事务所", "经济界", CategoryMember},
		// Department staff (the advisory panel).
		{"褚伟", GenderMale, "副局长", "区发展和改革局", "", CategoryStaff},
		{"卫兰", GenderFemale, "副局长", "区财政局", "", CategoryStaff},
		{"蒋涛", GenderMale, "股长", "区自然资源局", "", CategoryStaff},
		{"沈玉", GenderFemale, "副局长", "区住房和城乡建设局", "", CategoryStaff},
		{"韩军", GenderMale, "副局长", "区农业农村局", "", CategoryStaff},
		{"杨帆", GenderMale, "副局长", "区水务局", "", CategoryStaff},
		{"朱琳", GenderFemale, "副局长", "区民政局", "", CategoryStaff},
		{"秦刚", GenderMale, "副局长", "区司法局", "", CategoryStaff},
		{"尤佳", GenderFemale, "副局长", "区人力资源和社会保障局", "", CategoryStaff},
		{"许亮", GenderMale, "副局长", "区市场监督管理局", "", CategoryStaff},
		{"何敏", GenderFemale, "副局长", "区交通运输局", "", CategoryStaff},
		{"吕东", GenderMale, "副局长", "市生态环境局马龙分局", "", CategoryStaff},
		// Community figures of the "8+X" circle.
		{"施福贵", GenderMale, "乡贤", "马过河村", "", CategoryFigure},
		{"张桂英", GenderFemale, "老党员", "马过河村", "", CategoryFigure},
		{"孔祥云", GenderMale, "老干部", "马过河村", "", CategoryFigure},
		{"曹玉珍", GenderFemale, "老劳模", "马过河村", "", CategoryFigure},
		{"严华", GenderMale, "群众代表", "小寨社区", "", CategoryFigure},
		{"华丽萍", GenderFemale, "群众代表", "龙泉社区", "", CategoryFigure},
	}
	for _, x := range list {
		pe := &Person{Name: x.name, Gender: x.gender, Position: x.position, Unit: x.unit, Sector: x.sector,
			Category: x.category, Phone: d.nextPhone(x.name)}
		if err := d.st.SavePerson(d.ctx, pe); err != nil {
			return fmt.Errorf("demo person %s: %w", x.name, err)
		}
		d.person[x.name] = pe
	}
	return nil
}

func (d *demo) assignments() error {
	from := demoDay("2020-03-01")
	// Every site, townships included, has a lead; the communities also
	// have liaison members.
	plan := []struct {
		site, lead string
		liaisons   []string
	}{
		{"通泉街道", "陈立新", nil},
		{"乐熙社区", "陈立新", []string{"李春燕", "周海"}},
		{"小寨社区居委会", "马云华", []string{"郑强", "严华"}},
		{"龙泉社区", "马云华", []string{"吴晓梅"}},
		{"旧县街道", "段志明", nil},
		{"旧县社区", "段志明", []string{"吴晓梅", "陈静"}},
		{"马龙工业园区", "陈立新", []string{"郑强", "赵丽", "陈静"}},
		{"鸡头村街道", "朱红梅", nil},
		{"鸡头村社区", "朱红梅", []string{"钱进"}},
		{"张安屯街道", "蒋建军", nil},
		{"张安屯社区", "蒋建军", []string{"王芳"}},
		{"王家庄街道", "许国平", nil},
		{"王家庄社区", "许国平", []string{"周海"}},
		{"马过河镇", "段志明", nil},
		{"马过河村委会", "段志明", []string{"孙建明", "王芳"}},
		{"纳章镇", "朱红梅", nil},
		{"纳章村委会", "朱红梅", []string{"孙建明"}},
		{"月望乡", "蒋建军", nil},
		{"大庄乡", "许国平", nil},
		{"大庄村委会", "许国平", []string{"冯德胜"}},
	}
	for _, p := range plan {
		site := d.site[p.site].ID
		as := []Assignment{{PersonID: d.person[p.lead].ID, SiteID: site, Role: RoleLead, FromDate: from}}
		for _, l := range p.liaisons {
			as = append(as, Assignment{PersonID: d.person[l].ID, SiteID: site, Role: RoleLiaison, FromDate: from})
		}
		for i := range as {
			if err := d.st.SaveAssignment(d.ctx, &as[i]); err != nil {
				return fmt.Errorf("demo assignment %s: %w", p.site, err)
			}
		}
	}
	return nil
}

func (d *demo) panel() error {
	p := &Panel{Name: "马龙区政策顾问团", Description: "由区级职能部门推荐人员组成，在协商议事中解读政策、指导答疑。"}
	if err := d.st.SavePanel(d.ctx, p); err != nil {
		return err
	}
	members := []struct{ person, expertise string }{
		{"褚伟", "项目建设、产业政策"}, {"卫兰", "财政补助资金"}, {"蒋涛", "土地利用、土地流转"},
		{"沈玉", "老旧小区改造、物业管理"}, {"韩军", "农村人居环境、乡村振兴"}, {"杨帆", "供水、水价"},
		{"朱琳", "社区治理、社会救助"}, {"秦刚", "人民调解、法律援助"}, {"尤佳", "就业创业、社会保险"},
		{"许亮", "市场秩序、食品安全"}, {"何敏", "道路交通、停车管理"}, {"吕东", "环境保护、垃圾分类"},
	}
	for _, m := range members {
		pe := d.person[m.person]
		pm := &PanelMember{PanelID: p.ID, PersonID: pe.ID, Department: pe.Unit, Expertise: m.expertise}
		if err := d.st.SavePanelMember(d.ctx, pm); err != nil {
			return fmt.Errorf("demo panel member %s: %w", m.person, err)
		}
	}
	return nil
}

func (d *demo) attendee(name, role string) Attendee {
	if pe := d.person[name]; pe != nil {
		id := pe.ID
		return Attendee{PersonID: &id, Name: name, Role: role}
	}
	return Attendee{Name: name, Role: role}
}

func (d *demo) activities() error {
	type act struct {
		Activity
		site      string
		attendees []Attendee
		items     []FollowUpItem
	}
	m, a, s, o := "member", "adviser", "stakeholder", "other"
	list := []act{
		{Activity: Activity{Date: demoDay("2020-04-09"), Topic: "乐熙社区议事站挂牌后首次协商：小区停车难", TopicSource: SourcePublic,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 23,
			Outcome: "划定夜间临时停车位 60 个，由物业统一管理。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2020-05-20"), ProblemsSolved: 2, ProblemsRaised: 3},
			site: "乐熙社区", attendees: []Attendee{d.attendee("陈立新", o), d.attendee("李春燕", m), d.attendee("周海", m), d.attendee("何敏", a)}},
		{Activity: Activity{Date: demoDay("2020-04-28"), Topic: "小寨工业片区交通秩序和环境卫生问题", TopicSource: SourcePublic,
			Form: "onsite", Procedure: "三阶五步", Decision: DecisionHands, VotesFor: 31, Participants: 31,
			Outcome:  "经举手表决，全票同意：设置临时停车场；增加保洁员；推行“门前三包”责任制。",
			FollowUp: FollowUpDone, FollowUpDate: demoDay("2020-06-30"), ProblemsSolved: 3, Notes: "群众满意",
			ProblemsRaised: 5, TypicalCase: true, CaseTitle: "小寨社区：协商治理工业片区交通和环境"},
			site: "小寨社区居委会",
			attendees: []Attendee{d.attendee("马云华", o), d.attendee("郑强", m), d.attendee("严华", s), d.attendee("何敏", a),
				d.attendee("吕东", a), d.attendee("片区商户代表", s)},
			items: []FollowUpItem{
				{Task: "在片区空地设置临时停车场", Unit: "通泉街道办事处", Deadline: demoDay("2020-05-31"), Status: FollowUpDone, Progress: 100, DoneOn: demoDay("2020-05-28")},
				{Task: "增加片区保洁员 4 名", Unit: "小寨社区居委会", Deadline: demoDay("2020-05-15"), Status: FollowUpDone, Progress: 100, DoneOn: demoDay("2020-05-10")},
				{Task: "与沿街商户签订“门前三包”责任书", Unit: "小寨社区居委会", Deadline: demoDay("2020-06-30"), Status: FollowUpDone, Progress: 100, DoneOn: demoDay("2020-06-30")},
			}},
		{Activity: Activity{Date: demoDay("2020-05-08"), Topic: "旧县社区议事厅首次协商：老旧小区改造", TopicSource: SourceGovernment,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 28,
			Outcome: "确定 3 个老旧小区列入年度改造计划，居民自筹与财政补助相结合。", FollowUp: FollowUpInProgress, FollowUpDate: demoDay("2020-09-01"), ProblemsSolved: 1, ProblemsRaised: 4},
			site: "旧县社区", attendees: []Attendee{d.attendee("段志明", o), d.attendee("吴晓梅", m), d.attendee("陈静", m), d.attendee("沈玉", a)}},
		{Activity: Activity{Date: demoDay("2020-06-18"), Topic: "安置小区供水不足、水费偏高问题", TopicSource: SourceGovernment,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 36,
			Outcome: "改造小区加压泵站；按居民生活用水核定水价，多收水费予以退还。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2020-08-15"), ProblemsSolved: 2,
			ProblemsRaised: 2, TypicalCase: true, CaseTitle: "龙泉社区：协商解决安置小区供水难、水费高"},
			site: "龙泉社区", attendees: []Attendee{d.attendee("马云华", o), d.attendee("吴晓梅", m), d.attendee("杨帆", a), d.attendee("华丽萍", s)},
			items: []FollowUpItem{
				{Task: "改造安置小区加压泵站", Unit: "区水务局", Deadline: demoDay("2020-08-15"), Status: FollowUpDone, Progress: 100, DoneOn: demoDay("2020-08-10")},
				{Task: "核定居民生活用水价格并退还多收水费", Unit: "区水务局", Deadline: demoDay("2020-07-31"), Status: FollowUpDone, Progress: 100, DoneOn: demoDay("2020-07-30")},
			}},
		{Activity: Activity{Date: demoDay("2020-07-15"), Topic: "民营企业发展难题与区领导面对面协商", TopicSource: SourceParty,
			Form: "forum", Procedure: "会前调研、会上协商、会后督办", Decision: DecisionConsensus, Participants: 52,
			Outcome:  "30 家企业提出税收、用地、规划、融资等方面问题 38 个，逐一交办，全部答复办理。",
			FollowUp: FollowUpDone, FollowUpDate: demoDay("2020-10-30"), ProblemsSolved: 38,
			ProblemsRaised: 38, TypicalCase: true, CaseTitle: "马龙工业园区：民营企业与区领导面对面，38个问题逐一办理"},
			site: "马龙工业园区", attendees: []Attendee{d.attendee("陈立新", o), d.attendee("郑强", m), d.attendee("赵丽", m),
				d.attendee("陈静", m), d.attendee("褚伟", a), d.attendee("卫兰", a), d.attendee("蒋涛", a)}},
		{Activity: Activity{Date: demoDay("2020-08-20"), Topic: "“8+X”协商：土地流转租金和务工用工", TopicSource: SourceMember,
			Form: "meeting", Procedure: "“8+X”议事", Decision: DecisionBallot, VotesFor: 40, VotesAgainst: 3, VotesAbstain: 2, Participants: 45,
			Outcome: "流转租金每亩每年提高 50 元，流转土地优先雇用本村劳动力。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2020-10-10"), ProblemsSolved: 2, ProblemsRaised: 3},
			site: "马过河村委会", attendees: []Attendee{d.attendee("段志明", o), d.attendee("孙建明", m), d.attendee("王芳", m),
				d.attendee("施福贵", s), d.attendee("张桂英", s), d.attendee("孔祥云", s), d.attendee("曹玉珍", s), d.attendee("蒋涛", a)}},
		{Activity: Activity{Date: demoDay("2020-09-10"), Topic: "生活垃圾分类怎么推", TopicSource: SourceMember,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 19,
			Outcome: "先在 2 个小区试点四分类，设督导员。", FollowUp: FollowUpInProgress, FollowUpDate: demoDay("2020-11-01"), ProblemsSolved: 0, ProblemsRaised: 2},
			site: "鸡头村社区", attendees: []Attendee{d.attendee("朱红梅", o), d.attendee("钱进", m), d.attendee("吕东", a)}},
		{Activity: Activity{Date: demoDay("2020-10-12"), Topic: "农村人居环境整治：村内沟渠和旱厕改造", TopicSource: SourceGovernment,
			Form: "onsite", Procedure: "三阶五步", Decision: DecisionHands, VotesFor: 25, VotesAgainst: 1, Participants: 26,
			Outcome: "清理沟渠 3 公里，改造旱厕 40 户，所需投工由村民分担。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2021-01-20"), ProblemsSolved: 2, ProblemsRaised: 2},
			site: "纳章村委会", attendees: []Attendee{d.attendee("朱红梅", o), d.attendee("孙建明", m), d.attendee("韩军", a)}},
		{Activity: Activity{Date: demoDay("2020-11-05"), Topic: "街天（赶集日）占道经营和交通秩序", TopicSource: SourcePublic,
			Form: "onsite", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 30,
			Outcome: "划定临时摊位区，街天安排交通协管员。", FollowUp: FollowUpPending, ProblemsSolved: 0, ProblemsRaised: 2},
			site: "王家庄街道", attendees: []Attendee{d.attendee("许国平", o), d.attendee("周海", m), d.attendee("许亮", a), d.attendee("何敏", a)}},
		{Activity: Activity{Date: demoDay("2021-03-16"), Topic: "土地流转合同不规范引发的纠纷", TopicSource: SourceMember,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 17,
			Outcome: "推行土地流转合同示范文本，由司法所审核。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2021-05-30"), ProblemsSolved: 1, ProblemsRaised: 1},
			site: "张安屯社区", attendees: []Attendee{d.attendee("蒋建军", o), d.attendee("王芳", m), d.attendee("秦刚", a)}},
		{Activity: Activity{Date: demoDay("2021-05-11"), Topic: "村卫生室服务时间和医保报销", TopicSource: SourcePublic,
			Form: "remote", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 14,
			Outcome: "卫生室延长服务至晚 8 点，开通医保即时结算。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2021-07-01"), ProblemsSolved: 2, ProblemsRaised: 2},
			site: "大庄村委会", attendees: []Attendee{d.attendee("许国平", o), d.attendee("冯德胜", m)}},
	}
	// A few recent ones, so "this month" and "this quarter" are not empty.
	today := Today()
	// Each with a follow-up item: one overdue, one under way, one done.
	for i, t := range []struct {
		site, topic, source string
		item                FollowUpItem
	}{
		{"乐熙社区", "社区养老服务站运营", SourceMember, FollowUpItem{Task: "招募养老服务志愿者 10 名", Unit: "乐熙社区居委会",
			Deadline: today.AddDays(-3), Status: FollowUpPending}},
		{"小寨社区居委会", "片区夜间噪声扰民", SourcePublic, FollowUpItem{Task: "协调片区企业夜间限时作业", Unit: "通泉街道办事处",
			Deadline: today.AddDays(20), Status: FollowUpInProgress, Progress: 50}},
		{"旧县街道", "老旧小区加装电梯费用分摊", SourceGovernment, FollowUpItem{Task: "公示加装电梯费用分摊方案", Unit: "旧县街道办事处",
			Deadline: today.AddDays(-20), Status: FollowUpDone, Progress: 100, DoneOn: today.AddDays(-25)}},
	} {
		list = append(list, act{Activity: Activity{Date: today.AddDays(-10 - 20*i), Topic: t.topic, TopicSource: t.source,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 15 + 5*i,
			FollowUp: FollowUpInProgress, ProblemsRaised: 2 + i}, site: t.site, items: []FollowUpItem{t.item}})
	}
	for _, x := range list {
		x.SiteID = d.site[x.site].ID
		if err := d.st.SaveActivity(d.ctx, &x.Activity, x.attendees, x.items); err != nil {
			return fmt.Errorf("demo activity %s: %w", x.Topic, err)
		}
	}
	return nil
}

func (d *demo) tasks() error {
	tongquan := d.site["通泉街道"].ID
	resp := d.person["蒋建军"].ID
	tasks := []Task{
		{Name: "协商议事室挂牌", Scope: ScopeAll, Deadline: demoDay("2020-06-30"), ResponsibleID: &resp},
		{Name: "开展首次协商议事活动", Scope: ScopeAll, Deadline: demoDay("2020-09-30"), ResponsibleID: &resp},
		{Name: "议事规则和流程上墙", Scope: ScopeTownship, SiteID: &tongquan, Deadline: demoDay("2020-12-31")},
	}
	for i := range tasks {
		if err := d.st.SaveTask(d.ctx, &tasks[i]); err != nil {
			return fmt.Errorf("demo task %s: %w", tasks[i].Name, err)
		}
	}
	// Unveiled sites finished the first task on their unveiling day.
	for _, s := range d.site {
		if s.Kind != KindTownship && !s.UnveiledOn.IsZero() && !s.UnveiledOn.After(demoDay("2020-06-30")) {
			if err := d.st.CompleteTask(d.ctx, tasks[0].ID, s.ID, s.UnveiledOn); err != nil {
				return err
			}
		}
	}
	for _, name := range []string{"乐熙社区", "小寨社区居委会"} {
		if err := d.st.CompleteTask(d.ctx, tasks[2].ID, d.site[name].ID, demoDay("2020-07-15")); err != nil {
			return err
		}
	}
	return nil
}

func (d *demo) visit() error {
	v := &Visit{Date: demoDay("2020-05-15"),
		Findings:     "乐熙社区、小寨社区议事平台已挂牌运行，议题来自群众；个别议事记录不完整。",
		Requirements: "按时间节点完成挂牌和首次协商；规范议事记录，建立协商成果督办台账。"}
	return d.st.SaveVisit(d.ctx, v, []uint{d.person["陈立新"].ID, d.person["蒋建军"].ID},
		[]uint{d.site["乐熙社区"].ID, d.site["小寨社区居委会"].ID})
}

// GenerateActivities adds n synthetic activities spread over the live sites
// and the last three years, through the bulk insert (one transaction), for
// trying the ledger and statistics at scale and for benchmarks. The same
// seed gives the same activities.
func (st *Store) GenerateActivities(ctx context.Context, n int, seed int64) error {
	sites, err := st.Sites(ctx, SiteFilter{})
	if err != nil {
		return err
	}
	if len(sites) == 0 {
		return newErr(EInvalid, "", "还没有试点单位，无法生成活动。请先装入演示数据或登记试点单位。",
			"There are no pilot sites to hold the activities; load the demo or enter sites first.")
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	topics := []string{"老旧小区改造", "小区停车管理", "生活垃圾分类", "农村人居环境整治", "街天秩序", "土地流转",
		"安置小区供水", "村组道路硬化", "农田灌溉水渠维修", "社区养老服务", "物业服务收费", "背街小巷照明",
		"农贸市场环境", "校园周边交通安全", "村规民约修订", "特色产业发展", "闲置校舍利用", "河道保洁"}
	sources := TopicSources.Codes()
	forms := ActivityForms.Codes()
	decisions := Decisions.Codes()
	today := Today()
	start := today.AddDays(-3 * 365)
	span := int(today.Time().Sub(start.Time()).Hours() / 24)
	rows := make([]Activity, 0, n)
	for i := 0; i < n; i++ {
		s := sites[r.IntN(len(sites))]
		a := Activity{
			Date:         start.AddDays(r.IntN(span + 1)),
			SiteID:       s.ID,
			Topic:        fmt.Sprintf("%s%s问题协商", s.Name, topics[r.IntN(len(topics))]),
			TopicSource:  sources[r.IntN(len(sources))],
			Form:         forms[r.IntN(len(forms))],
			Procedure:    "三阶五步",
			Decision:     decisions[r.IntN(len(decisions))],
			Participants: 8 + r.IntN(60),
			FollowUp:     FollowUpPending,
			Notes:        "演示数据",
		}
		if IsVote(a.Decision) {
			a.VotesFor = a.Participants - r.IntN(a.Participants/4+1)
			a.VotesAgainst = r.IntN(a.Participants - a.VotesFor + 1)
		}
		a.Outcome = fmt.Sprintf("形成协商意见 %d 条，交相关部门办理。", 1+r.IntN(4))
		switch r.IntN(3) {
		case 1:
			a.FollowUp, a.FollowUpDate = FollowUpInProgress, a.Date
		case 2:
			days := int(today.Time().Sub(a.Date.Time()).Hours() / 24)
			a.FollowUp, a.FollowUpDate = FollowUpDone, a.Date.AddDays(r.IntN(min(days, 90)+1))
			a.ProblemsSolved = 1 + r.IntN(5)
		}
		a.ProblemsRaised = a.ProblemsSolved + i%3 // no draw: the same seed keeps giving the same activities
		rows = append(rows, a)
	}
	// Entered in date order, as a real ledger mostly is: the table's order
	// then follows the dates, which is what reading a period costs.
	slices.SortStableFunc(rows, func(a, b Activity) int { return a.Date.Compare(b.Date) })
	return st.InsertActivities(ctx, rows)
}
