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
//
// What is dated where: the pilot's first years stay where they happened
// (the rooms unveiled in 2020, the first consultations of 2020-2021 with
// the published cases among them, the 2020 milestones and the first
// supervision visit), a few consultations a year follow from 2022 on, and
// the current work is placed relative to today: the latest activities in
// the last weeks, the last year and a half of them, their follow-up items
// (done, due soon, a couple overdue), a recent visit and this year's target
// tasks (done, due in the coming weeks, a couple overdue). So on any day a
// newcomer sees a working pilot with a few things to chase, not a page of
// red. Nothing is dated after today.

// LoadDemo fills an empty database with the demo district as it stands on
// day today (the window and the demo verb pass the real today). It refuses
// a database that already holds pilot sites, so it never mixes with real
// work.
func (st *Store) LoadDemo(ctx context.Context, today Date) error {
	sites, err := st.Sites(ctx, SiteFilter{})
	if err != nil {
		return err
	}
	if len(sites) > 0 {
		return newErr(EConflict, "", "数据库中已有试点单位，演示数据只能载入空白数据库。",
			"The database already holds pilot sites; the demo can only be loaded into a new, empty database.")
	}
	d := demo{st: st, ctx: ctx, today: today, site: map[string]*Site{}, person: map[string]*Person{}}
	for _, step := range []func() error{d.settings, d.sites, d.people, d.assignments, d.panel, d.activities, d.tasks, d.visits, d.topics} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

type demo struct {
	st     *Store
	ctx    context.Context
	today  Date
	site   map[string]*Site
	locals []string // the non-township sites, in the order saved
	person map[string]*Person
	phone  int
}

// day is n days after the demo's today (before it when n < 0).
func (d *demo) day(n int) Date { return d.today.AddDays(n) }

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
		{"王家庄街道", "王家庄社区", KindCommunity, "王家庄社区议事室", "2021-04-20", StatusUnveiled, "郑琼", "第二批试点，依托社区党群服务中心"},
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
	if s.Kind != KindTownship {
		d.locals = append(d.locals, s.Name)
	}
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
	m, a, s, l := "member", "adviser", "stakeholder", "leader"
	list := []demoActivity{
		{Activity: Activity{Date: demoDay("2020-04-09"), Topic: "乐熙社区议事站挂牌后首次协商：小区停车难", TopicSource: SourcePublic,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 23,
			Outcome: "划定夜间临时停车位60个，由物业统一管理。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2020-05-20"), ProblemsSolved: 2, ProblemsRaised: 3},
			site: "乐熙社区", attendees: []Attendee{d.attendee("陈立新", l), d.attendee("李春燕", m), d.attendee("周海", m), d.attendee("何敏", a)}},
		{Activity: Activity{Date: demoDay("2020-04-28"), Topic: "小寨工业片区交通秩序和环境卫生问题", TopicSource: SourcePublic,
			Form: "onsite", Procedure: "三阶五步", Decision: DecisionHands, VotesFor: 31, Participants: 31,
			Outcome:  "经举手表决，全票同意：设置临时停车场；增加保洁员；推行“门前三包”责任制。",
			FollowUp: FollowUpDone, FollowUpDate: demoDay("2020-06-30"), ProblemsSolved: 3, Notes: "群众满意",
			ProblemsRaised: 5, TypicalCase: true, CaseTitle: "小寨社区：协商治理工业片区交通和环境"},
			site: "小寨社区居委会",
			attendees: []Attendee{d.attendee("马云华", l), d.attendee("郑强", m), d.attendee("严华", s), d.attendee("何敏", a),
				d.attendee("吕东", a), d.attendee("片区商户代表", s)},
			items: []FollowUpItem{
				{Task: "在片区空地设置临时停车场", Unit: "通泉街道办事处", Deadline: demoDay("2020-05-31"), Status: FollowUpDone, Progress: 100, DoneOn: demoDay("2020-05-28")},
				{Task: "增加片区保洁员4名", Unit: "小寨社区居委会", Deadline: demoDay("2020-05-15"), Status: FollowUpDone, Progress: 100, DoneOn: demoDay("2020-05-10")},
				{Task: "与沿街商户签订“门前三包”责任书", Unit: "小寨社区居委会", Deadline: demoDay("2020-06-30"), Status: FollowUpDone, Progress: 100, DoneOn: demoDay("2020-06-30")},
			}},
		{Activity: Activity{Date: demoDay("2020-05-08"), Topic: "旧县社区议事厅首次协商：老旧小区改造", TopicSource: SourceGovernment,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 28,
			Outcome: "确定3个老旧小区列入年度改造计划，居民自筹与财政补助相结合。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2021-06-30"), ProblemsSolved: 1, ProblemsRaised: 4},
			site: "旧县社区", attendees: []Attendee{d.attendee("段志明", l), d.attendee("吴晓梅", m), d.attendee("陈静", m), d.attendee("沈玉", a)}},
		{Activity: Activity{Date: demoDay("2020-06-18"), Topic: "安置小区供水不足、水费偏高问题", TopicSource: SourceGovernment,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 36,
			Outcome: "改造小区加压泵站；按居民生活用水核定水价，多收水费予以退还。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2020-08-15"), ProblemsSolved: 2,
			ProblemsRaised: 2, TypicalCase: true, CaseTitle: "龙泉社区：协商解决安置小区供水难、水费高"},
			site: "龙泉社区", attendees: []Attendee{d.attendee("马云华", l), d.attendee("吴晓梅", m), d.attendee("杨帆", a), d.attendee("华丽萍", s)},
			items: []FollowUpItem{
				{Task: "改造安置小区加压泵站", Unit: "区水务局", Deadline: demoDay("2020-08-15"), Status: FollowUpDone, Progress: 100, DoneOn: demoDay("2020-08-10")},
				{Task: "核定居民生活用水价格并退还多收水费", Unit: "区水务局", Deadline: demoDay("2020-07-31"), Status: FollowUpDone, Progress: 100, DoneOn: demoDay("2020-07-30")},
			}},
		{Activity: Activity{Date: demoDay("2020-07-15"), Topic: "民营企业发展难题与区领导面对面协商", TopicSource: SourceParty,
			Form: "forum", Procedure: "会前调研、会上协商、会后督办", Decision: DecisionConsensus, Participants: 52,
			Outcome:  "30家企业提出税收、用地、规划、融资等方面问题38个，逐一交办，全部答复办理。",
			FollowUp: FollowUpDone, FollowUpDate: demoDay("2020-10-30"), ProblemsSolved: 38,
			ProblemsRaised: 38, TypicalCase: true, CaseTitle: "马龙工业园区：民营企业与区领导面对面，38个问题逐一办理"},
			site: "马龙工业园区", attendees: []Attendee{d.attendee("陈立新", l), d.attendee("郑强", m), d.attendee("赵丽", m),
				d.attendee("陈静", m), d.attendee("褚伟", a), d.attendee("卫兰", a), d.attendee("蒋涛", a)}},
		{Activity: Activity{Date: demoDay("2020-08-20"), Topic: "“8+X”协商：土地流转租金和务工用工", TopicSource: SourceMember,
			Form: "meeting", Procedure: "“8+X”议事", Decision: DecisionBallot, VotesFor: 40, VotesAgainst: 3, VotesAbstain: 2, Participants: 45,
			Outcome: "流转租金每亩每年提高50元，流转土地优先雇用本村劳动力。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2020-10-10"), ProblemsSolved: 2, ProblemsRaised: 3},
			site: "马过河村委会", attendees: []Attendee{d.attendee("段志明", l), d.attendee("孙建明", m), d.attendee("王芳", m),
				d.attendee("施福贵", s), d.attendee("张桂英", s), d.attendee("孔祥云", s), d.attendee("曹玉珍", s), d.attendee("蒋涛", a)}},
		{Activity: Activity{Date: demoDay("2020-09-10"), Topic: "生活垃圾分类怎么推", TopicSource: SourceMember,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 19,
			Outcome: "先在2个小区试点四分类，设督导员。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2021-03-01"), ProblemsSolved: 1, ProblemsRaised: 2},
			site: "鸡头村社区", attendees: []Attendee{d.attendee("朱红梅", l), d.attendee("钱进", m), d.attendee("吕东", a)}},
		{Activity: Activity{Date: demoDay("2020-10-12"), Topic: "农村人居环境整治：村内沟渠和旱厕改造", TopicSource: SourceGovernment,
			Form: "onsite", Procedure: "三阶五步", Decision: DecisionHands, VotesFor: 25, VotesAgainst: 1, Participants: 26,
			Outcome: "清理沟渠3公里，改造旱厕40户，所需投工由村民分担。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2021-01-20"), ProblemsSolved: 2, ProblemsRaised: 2},
			site: "纳章村委会", attendees: []Attendee{d.attendee("朱红梅", l), d.attendee("孙建明", m), d.attendee("韩军", a)}},
		{Activity: Activity{Date: demoDay("2020-11-05"), Topic: "街天（赶集日）占道经营和交通秩序", TopicSource: SourcePublic,
			Form: "onsite", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 30,
			Outcome: "划定临时摊位区，街天安排交通协管员。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2020-12-20"), ProblemsSolved: 1, ProblemsRaised: 2},
			site: "王家庄街道", attendees: []Attendee{d.attendee("许国平", l), d.attendee("周海", m), d.attendee("许亮", a), d.attendee("何敏", a)}},
		{Activity: Activity{Date: demoDay("2021-03-16"), Topic: "土地流转合同不规范引发的纠纷", TopicSource: SourceMember,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 17,
			Outcome: "推行土地流转合同示范文本，由司法所审核。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2021-05-30"), ProblemsSolved: 1, ProblemsRaised: 1},
			site: "张安屯社区", attendees: []Attendee{d.attendee("蒋建军", l), d.attendee("王芳", m), d.attendee("秦刚", a)}},
		{Activity: Activity{Date: demoDay("2021-05-11"), Topic: "村卫生室服务时间和医保报销", TopicSource: SourcePublic,
			Form: "remote", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 14,
			Outcome: "卫生室延长服务至晚8点，开通医保即时结算。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2021-07-01"), ProblemsSolved: 2, ProblemsRaised: 2},
			site: "大庄村委会", attendees: []Attendee{d.attendee("许国平", l), d.attendee("冯德胜", m)}},
		{Activity: Activity{Date: demoDay("2021-05-26"), Topic: "王家庄社区议事室挂牌后首次协商：楼道堆物和消防通道", TopicSource: SourcePublic,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 22,
			Outcome: "一周内清理楼道堆物，划定电动车集中停放点。", FollowUp: FollowUpDone, FollowUpDate: demoDay("2021-06-15"), ProblemsSolved: 2, ProblemsRaised: 3},
			site: "王家庄社区", attendees: []Attendee{d.attendee("许国平", l), d.attendee("周海", m), d.attendee("朱琳", a)}},
	}
	list = append(list, d.yearly()...)
	list = append(list, d.recent()...)
	for _, x := range list {
		x.SiteID = d.site[x.site].ID
		if x.ProblemsRaised == 0 { // one more raised than solved, unless told
			x.ProblemsRaised = x.ProblemsSolved + 1
		}
		if err := d.st.SaveActivity(d.ctx, &x.Activity, x.attendees, x.items); err != nil {
			return fmt.Errorf("demo activity %s: %w", x.Topic, err)
		}
	}
	return nil
}

// demoActivity is an activity of the demo at a site named, with its
// named attendees and follow-up items.
type demoActivity struct {
	Activity
	site      string
	attendees []Attendee
	items     []FollowUpItem
}

// yearly holds the pilot's ordinary years: from 2022 to the year before
// last, four consultations a year at the sites in turn, followed up.
func (d *demo) yearly() []demoActivity {
	sites := []string{"乐熙社区", "小寨社区居委会", "龙泉社区", "旧县社区", "马龙工业园区", "马过河村委会", "鸡头村社区",
		"张安屯社区", "纳章村委会", "大庄村委会", "王家庄社区"}
	topics := []struct{ topic, source, outcome string }{
		{"老旧小区雨污管网改造", SourceGovernment, "纳入年度改造计划，分两期实施。"},
		{"背街小巷路灯照明", SourcePublic, "增设路灯36盏，由社区统一维护。"},
		{"农贸市场环境卫生", SourcePublic, "实行摊位“门前三包”，每日收市后集中清扫。"},
		{"村组道路硬化投工投劳", SourceMember, "村民投工投劳，财政以奖代补。"},
		{"生活垃圾分类督导", SourceMember, "每个小区设督导员2名，推行积分兑换。"},
		{"校园周边交通安全", SourceParty, "上下学时段安排护学岗，增设减速带。"},
		{"闲置校舍改作老年活动中心", SourceGovernment, "闲置校舍交村集体使用，改作老年活动中心。"},
		{"土地流转租金调整", SourceMember, "流转租金每三年协商调整一次。"},
	}
	days := []string{"-03-18", "-06-12", "-09-09", "-11-20"}
	var out []demoActivity
	for year, i := 2022, 0; year <= d.today.Year()-2; year++ {
		for _, md := range days {
			t := topics[i%len(topics)]
			date := demoDay(fmt.Sprint(year) + md)
			out = append(out, demoActivity{Activity: Activity{Date: date, Topic: t.topic, TopicSource: t.source,
				Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 15 + i%4*6,
				Outcome: t.outcome, FollowUp: FollowUpDone, FollowUpDate: date.AddDays(45), ProblemsSolved: 1 + i%3},
				site: sites[i%len(sites)]})
			i++
		}
	}
	return out
}

// recent is the last year and a half, dated back from today: every
// active site met in the last three months except three (the overview's
// quiet sites), and the latest follow-up items are a mix of done, due
// soon and two overdue.
func (d *demo) recent() []demoActivity {
	m, a, s, l := "member", "adviser", "stakeholder", "leader"
	item := func(task, unit string, deadline int, status string, progress, doneOn int) FollowUpItem {
		f := FollowUpItem{Task: task, Unit: unit, Deadline: d.day(deadline), Status: status, Progress: progress}
		if status == FollowUpDone {
			f.Progress, f.DoneOn = 100, d.day(doneOn)
		}
		return f
	}
	return []demoActivity{
		{Activity: Activity{Date: d.day(-3), Topic: "工业片区夜间噪声扰民", TopicSource: SourcePublic,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 24,
			Outcome: "划定夜间装卸作业时段，沿街商户签订承诺书。", FollowUp: FollowUpPending},
			site:      "小寨社区居委会",
			attendees: []Attendee{d.attendee("马云华", l), d.attendee("郑强", m), d.attendee("严华", s), d.attendee("吕东", a)},
			items:     []FollowUpItem{item("与片区商户签订夜间经营承诺书", "小寨社区居委会", 18, FollowUpInProgress, 30, 0)}},
		{Activity: Activity{Date: d.day(-13), Topic: "社区养老服务站运营", TopicSource: SourceMember,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 21,
			Outcome: "引入社会组织运营，老年助餐每餐补贴3元。", FollowUp: FollowUpInProgress},
			site:      "乐熙社区",
			attendees: []Attendee{d.attendee("陈立新", l), d.attendee("李春燕", m), d.attendee("朱琳", a)},
			items:     []FollowUpItem{item("确定养老服务站运营机构", "通泉街道办事处", 9, FollowUpInProgress, 60, 0)}},
		{Activity: Activity{Date: d.day(-20), Topic: "园区企业用工招聘难", TopicSource: SourceParty,
			Form: "forum", Procedure: "会前调研、会上协商、会后督办", Decision: DecisionConsensus, Participants: 38,
			Outcome: "举办园区专场招聘会，开通园区通勤班车。", FollowUp: FollowUpInProgress, ProblemsSolved: 1},
			site:      "马龙工业园区",
			attendees: []Attendee{d.attendee("陈立新", l), d.attendee("郑强", m), d.attendee("赵丽", m), d.attendee("尤佳", a)},
			items: []FollowUpItem{item("举办园区专场招聘会", "区人力资源和社会保障局", -6, FollowUpInProgress, 80, 0),
				item("开通园区通勤班车", "区交通运输局", 40, FollowUpPending, 10, 0)}},
		{Activity: Activity{Date: d.day(-27), Topic: "街天（赶集日）占道经营回潮", TopicSource: SourcePublic,
			Form: "onsite", Procedure: "三阶五步", Decision: DecisionHands, VotesFor: 27, Participants: 29,
			Outcome: "重新划定临时摊位区，街天安排协管员4名。", FollowUp: FollowUpDone, FollowUpDate: d.day(-12), ProblemsSolved: 1},
			site:      "王家庄社区",
			attendees: []Attendee{d.attendee("许国平", l), d.attendee("周海", m), d.attendee("许亮", a)},
			items:     []FollowUpItem{item("划定街天临时摊位区", "王家庄街道办事处", -12, FollowUpDone, 100, -14)}},
		{Activity: Activity{Date: d.day(-34), Topic: "安置小区电动车充电难", TopicSource: SourceGovernment,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 26,
			Outcome: "在小区增设集中充电桩40个，由物业统一管理。", FollowUp: FollowUpInProgress},
			site:      "龙泉社区",
			attendees: []Attendee{d.attendee("马云华", l), d.attendee("吴晓梅", m), d.attendee("华丽萍", s)},
			items:     []FollowUpItem{item("增设电动车集中充电桩40个", "通泉街道办事处", 25, FollowUpInProgress, 50, 0)}},
		{Activity: Activity{Date: d.day(-45), Topic: "老旧小区加装电梯费用分摊", TopicSource: SourceGovernment,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionBallot, VotesFor: 30, VotesAgainst: 4, VotesAbstain: 1, Participants: 35,
			Outcome: "按楼层系数分摊，财政每部补助15万元。", FollowUp: FollowUpInProgress},
			site:      "旧县社区",
			attendees: []Attendee{d.attendee("段志明", l), d.attendee("吴晓梅", m), d.attendee("陈静", m), d.attendee("沈玉", a)},
			items:     []FollowUpItem{item("首批3部电梯开工", "区住房和城乡建设局", 70, FollowUpInProgress, 20, 0)}},
		{Activity: Activity{Date: d.day(-58), Topic: "“8+X”协商：村组道路硬化筹资投劳", TopicSource: SourceMember,
			Form: "meeting", Procedure: "“8+X”议事", Decision: DecisionConsensus, Participants: 48,
			Outcome: "财政以奖代补，村民投工投劳，年内硬化2.3公里。", FollowUp: FollowUpDone, FollowUpDate: d.day(-20), ProblemsSolved: 2},
			site: "马过河村委会",
			attendees: []Attendee{d.attendee("段志明", l), d.attendee("孙建明", m), d.attendee("施福贵", s), d.attendee("张桂英", s),
				d.attendee("孔祥云", s), d.attendee("曹玉珍", s), d.attendee("韩军", a)},
			items: []FollowUpItem{item("完成2.3公里村组道路硬化", "马过河镇人民政府", -25, FollowUpDone, 100, -28)}},
		{Activity: Activity{Date: d.day(-71), Topic: "农田灌溉水渠维修", TopicSource: SourcePublic,
			Form: "onsite", Procedure: "三阶五步", Decision: DecisionHands, VotesFor: 33, Participants: 33,
			Outcome: "水渠维修由村集体出资，受益农户投劳。", FollowUp: FollowUpDone, FollowUpDate: d.day(-30), ProblemsSolved: 1},
			site:  "大庄村委会",
			items: []FollowUpItem{item("维修灌溉水渠1.8公里", "大庄村委会", -40, FollowUpDone, 100, -41)}},
		{Activity: Activity{Date: d.day(-85), Topic: "工业片区货车乱停乱放", TopicSource: SourcePublic,
			Form: "onsite", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 27,
			Outcome: "施划货车临时停放区，早晚高峰禁止货车进入居住区。", FollowUp: FollowUpDone, FollowUpDate: d.day(-50), ProblemsSolved: 2},
			site:  "小寨社区居委会",
			items: []FollowUpItem{item("施划货车临时停放区", "区交通运输局", -55, FollowUpDone, 100, -60)}},
		{Activity: Activity{Date: d.day(-110), Topic: "土地流转租金拖欠", TopicSource: SourceMember,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 19,
			Outcome: "由街道督促业主限期补缴，今后租金先付后用。", FollowUp: FollowUpInProgress},
			site:      "张安屯社区",
			attendees: []Attendee{d.attendee("蒋建军", l), d.attendee("王芳", m), d.attendee("秦刚", a)},
			items:     []FollowUpItem{item("督促流转业主补缴拖欠租金", "张安屯街道办事处", -20, FollowUpInProgress, 50, 0)}},
		{Activity: Activity{Date: d.day(-135), Topic: "垃圾分类积分兑换", TopicSource: SourceMember,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 18,
			Outcome: "积分可在社区超市兑换日用品，每季度公示一次。", FollowUp: FollowUpDone, FollowUpDate: d.day(-100), ProblemsSolved: 1},
			site: "鸡头村社区"},
		{Activity: Activity{Date: d.day(-160), Topic: "小区物业服务收费", TopicSource: SourcePublic,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionBallot, VotesFor: 41, VotesAgainst: 6, Participants: 50,
			Outcome: "物业费维持原标准，物业公司每季度公开收支。", FollowUp: FollowUpDone, FollowUpDate: d.day(-120), ProblemsSolved: 2},
			site: "乐熙社区"},
		{Activity: Activity{Date: d.day(-190), Topic: "农村人居环境整治“回头看”", TopicSource: SourceGovernment,
			Form: "onsite", Procedure: "三阶五步", Decision: DecisionHands, VotesFor: 24, Participants: 24,
			Outcome: "每月第一个周六为村庄清洁日，党员包片。", FollowUp: FollowUpDone, FollowUpDate: d.day(-150), ProblemsSolved: 2},
			site: "纳章村委会"},
		{Activity: Activity{Date: d.day(-230), Topic: "民营企业融资难面对面", TopicSource: SourceParty,
			Form: "forum", Procedure: "会前调研、会上协商、会后督办", Decision: DecisionConsensus, Participants: 44,
			Outcome: "12家企业提出融资问题15个，由区财政局牵头逐一对接银行。", FollowUp: FollowUpDone, FollowUpDate: d.day(-150), ProblemsSolved: 15},
			site: "马龙工业园区"},
		{Activity: Activity{Date: d.day(-280), Topic: "背街小巷照明", TopicSource: SourcePublic,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 20,
			Outcome: "增设路灯28盏，电费由社区公益金支付。", FollowUp: FollowUpDone, FollowUpDate: d.day(-220), ProblemsSolved: 1},
			site: "旧县社区"},
		{Activity: Activity{Date: d.day(-330), Topic: "安置小区供水水压回访", TopicSource: SourceGovernment,
			Form: "remote", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 16,
			Outcome: "高层住户加装二次加压设备。", FollowUp: FollowUpDone, FollowUpDate: d.day(-270), ProblemsSolved: 1},
			site: "龙泉社区"},
		{Activity: Activity{Date: d.day(-370), Topic: "蔬菜产业订单收购", TopicSource: SourceMember,
			Form: "meeting", Procedure: "“8+X”议事", Decision: DecisionConsensus, Participants: 36,
			Outcome: "合作社与农户签订保底收购订单。", FollowUp: FollowUpDone, FollowUpDate: d.day(-300), ProblemsSolved: 1},
			site: "马过河村委会"},
		{Activity: Activity{Date: d.day(-420), Topic: "集镇农贸市场搬迁", TopicSource: SourceGovernment,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 32,
			Outcome: "新市场建成后整体搬迁，原摊主优先选位。", FollowUp: FollowUpDone, FollowUpDate: d.day(-330), ProblemsSolved: 1},
			site: "王家庄街道"},
		{Activity: Activity{Date: d.day(-500), Topic: "村规民约修订", TopicSource: SourceParty,
			Form: "meeting", Procedure: "三阶五步", Decision: DecisionHands, VotesFor: 38, VotesAgainst: 2, Participants: 40,
			Outcome: "新增红白事简办、“门前三包”条款。", FollowUp: FollowUpDone, FollowUpDate: d.day(-460), ProblemsSolved: 1},
			site: "大庄村委会"},
	}
}

// tasks: the 2020 milestones (unveil, first consultation: the records tick
// them; the rules on the wall: ticked by hand), and this year's tasks dated
// from today: one done, two due in the coming weeks, one later, two
// overdue (the sites behind on them are the quiet ones and 王家庄社区).
func (d *demo) tasks() error {
	id := func(name string) *uint { x := d.site[name].ID; return &x }
	person := func(name string) *uint { x := d.person[name].ID; return &x }
	type plan struct {
		Task
		ticks map[string]Date // by hand: site → the day done
	}
	everyone := func(day func(i int) Date, except ...string) map[string]Date {
		out := map[string]Date{}
		for _, name := range d.locals {
			if !slices.Contains(except, name) {
				out[name] = day(len(out))
			}
		}
		return out
	}
	plans := []plan{
		{Task: Task{Name: "协商议事室挂牌", Scope: ScopeAll, Deadline: demoDay("2020-06-30"), ResponsibleID: person("蒋建军")}},
		{Task: Task{Name: "开展首次协商议事活动", Scope: ScopeAll, Deadline: demoDay("2020-09-30"), ResponsibleID: person("蒋建军")}},
		{Task: Task{Name: "议事规则和流程上墙", Scope: ScopeTownship, SiteID: id("通泉街道"), Deadline: demoDay("2020-12-31")},
			ticks: map[string]Date{"乐熙社区": demoDay("2020-07-15"), "小寨社区居委会": demoDay("2020-07-15"), "龙泉社区": demoDay("2020-11-20")}},
		{Task: Task{Name: "报送年度协商议事计划", Scope: ScopeAll, Deadline: d.day(-70), ResponsibleID: person("蒋建军")},
			ticks: everyone(func(i int) Date { return d.day(-90 + i) })},
		{Task: Task{Name: "建立协商成果督办台账", Scope: ScopeAll, Deadline: d.day(-12), ResponsibleID: person("蒋建军"),
			Notes: "台账按月更新，报区政协办公室备案。"},
			ticks: everyone(func(i int) Date { return d.day(-40 + 3*i) }, "鸡头村社区", "张安屯社区", "纳章村委会")},
		{Task: Task{Name: "王家庄社区议事规则和流程上墙", Scope: ScopeSite, SiteID: id("王家庄社区"), Deadline: d.day(-30), ResponsibleID: person("许国平")}},
		{Task: Task{Name: "报送半年工作总结", Scope: ScopeAll, Deadline: d.day(9), ResponsibleID: person("蒋建军")},
			ticks: map[string]Date{"乐熙社区": d.day(-5), "小寨社区居委会": d.day(-3), "旧县社区": d.day(-2), "马过河村委会": d.day(-1)}},
		{Task: Task{Name: "组织政协委员进议事室活动", Scope: ScopeTownship, SiteID: id("旧县街道"), Deadline: d.day(24), ResponsibleID: person("段志明")},
			ticks: map[string]Date{"马龙工业园区": d.day(-20)}},
		{Task: Task{Name: "议事室标准化建设验收", Scope: ScopeSite, SiteID: id("小寨社区居委会"), Deadline: d.day(60), ResponsibleID: person("马云华")}},
	}
	for _, p := range plans {
		if err := d.st.SaveTask(d.ctx, &p.Task); err != nil {
			return fmt.Errorf("demo task %s: %w", p.Name, err)
		}
		for _, name := range d.locals { // in order: the same demo every time
			if day, ok := p.ticks[name]; ok {
				if err := d.st.CompleteTask(d.ctx, p.ID, d.site[name].ID, day); err != nil {
					return fmt.Errorf("demo task %s at %s: %w", p.Name, name, err)
				}
			}
		}
	}
	return nil
}

// visits: the first supervision visit of 2020, one to the quiet sites a
// season ago, and a recent one.
func (d *demo) visits() error {
	for _, v := range []struct {
		Visit
		leaders, sites []string
	}{
		{Visit{Date: demoDay("2020-05-15"),
			Findings:     "乐熙社区、小寨社区议事平台已挂牌运行，议题来自群众；个别议事记录不完整。",
			Requirements: "按时间节点完成挂牌和首次协商；规范议事记录，建立协商成果督办台账。"},
			[]string{"陈立新", "蒋建军"}, []string{"乐熙社区", "小寨社区居委会"}},
		{Visit{Date: d.day(-95),
			Findings:     "议事室使用频次不高，议题储备不足，督办台账尚未建立。",
			Requirements: "每季度至少开展一次协商议事活动，向社会征集议题；按时建立督办台账。"},
			[]string{"朱红梅"}, []string{"鸡头村社区", "纳章村委会"}},
		{Visit{Date: d.day(-18),
			Findings:     "加装电梯协商成果落实有序；园区专场招聘会筹备滞后。",
			Requirements: "按督办台账的时间节点推进，月底前报送进展。"},
			[]string{"马云华", "段志明"}, []string{"旧县社区", "马龙工业园区"}},
	} {
		var people, sites []uint
		for _, name := range v.leaders {
			people = append(people, d.person[name].ID)
		}
		for _, name := range v.sites {
			sites = append(sites, d.site[name].ID)
		}
		if err := d.st.SaveVisit(d.ctx, &v.Visit, people, sites); err != nil {
			return fmt.Errorf("demo visit %s: %w", v.Date, err)
		}
	}
	return nil
}

// GenerateActivities adds n synthetic activities spread over the live sites
// and the three years up to today, through the bulk insert (one transaction), for
// trying the ledger and statistics at scale and for benchmarks. The same
// seed gives the same activities.
func (st *Store) GenerateActivities(ctx context.Context, n int, seed int64, today Date) error {
	sites, err := st.Sites(ctx, SiteFilter{})
	if err != nil {
		return err
	}
	if len(sites) == 0 {
		return newErr(EInvalid, "", "还没有试点单位，无法生成活动。请先载入演示数据或登记试点单位。",
			"There are no pilot sites to hold the activities; load the demo or enter sites first.")
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	topics := []string{"老旧小区改造", "小区停车管理", "生活垃圾分类", "农村人居环境整治", "街天秩序", "土地流转",
		"安置小区供水", "村组道路硬化", "农田灌溉水渠维修", "社区养老服务", "物业服务收费", "背街小巷照明",
		"农贸市场环境", "校园周边交通安全", "村规民约修订", "特色产业发展", "闲置校舍利用", "河道保洁"}
	sources := TopicSources.Codes()
	forms := ActivityForms.Codes()
	decisions := Decisions.Codes()
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
		a.Outcome = fmt.Sprintf("形成协商意见%d条，交相关部门办理。", 1+r.IntN(4))
		switch r.IntN(3) {
		case 1:
			a.FollowUp = FollowUpInProgress // its 办结日期 comes when it is done
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
