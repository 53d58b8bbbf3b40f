package data

import (
	"context"
	"embed"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// The demo district, for trying PilotDesk and for benchmarks: 马龙区, one
// county office as one database is, whose 通泉街道 holds two published
// examples (乐熙社区's 议事站, 小寨社区's show of hands); the other published
// cases are told at its own townships, and every other site and person is
// invented (phones 1380000xxxx). The pilot's first years stay where they
// happened; the current work (latest activities, their items, a visit,
// this year's tasks) is dated from today, so on any day a newcomer sees a
// working pilot with a few things to chase. Nothing is dated after today.

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

// The demo's records are tables in demo/*.tsv: one header line, then a
// record a line, codes written as their Chinese labels.
//
//go:embed demo
var demoFiles embed.FS

// demoTable reads the rows of demo/name.tsv, each as long as the header.
func demoTable(name string) [][]string {
	b, err := demoFiles.ReadFile("demo/" + name + ".tsv")
	if err != nil {
		panic(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	width := len(strings.Split(lines[0], "\t"))
	var out [][]string
	for _, l := range lines[1:] {
		out = append(out, append(strings.Split(l, "\t"), make([]string, width)...)[:width])
	}
	return out
}

// date reads a table's date: 2020-04-09 as it is, -3 as three days before
// the demo's today; empty is none.
func (d *demo) date(s string) Date {
	if n, err := strconv.Atoi(s); err == nil {
		return d.day(n)
	}
	if s == "" {
		return Date{}
	}
	return demoDay(s)
}

// demoCode is the code of an option written as its label.
func demoCode(e Enum, label string) string {
	code, ok := e.Parse(label)
	if !ok && label != "" {
		panic("demo: no " + e.Name + " " + label)
	}
	return code
}

func idOf(id uint) *uint { return &id }

func demoNum(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// sites saves the townships, then the sites under them, in the table's order.
func (d *demo) sites() error {
	for _, townships := range []bool{true, false} {
		for _, r := range demoTable("sites") {
			if (r[0] == "") != townships {
				continue
			}
			s := &Site{Name: r[1], Kind: demoCode(SiteKinds, r[2]), Platform: r[3], UnveiledOn: d.date(r[4]),
				Status: demoCode(SiteStatuses, r[5]), Contact: r[6], Phone: d.nextPhone(r[6]), Notes: r[7]}
			if r[0] != "" {
				s.ParentID = idOf(d.site[r[0]].ID)
			}
			if err := d.st.SaveSite(d.ctx, s); err != nil {
				return fmt.Errorf("demo site %s: %w", s.Name, err)
			}
			d.site[s.Name] = s
			if s.Kind != KindTownship {
				d.locals = append(d.locals, s.Name)
			}
		}
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
	for _, r := range demoTable("people") {
		pe := &Person{Name: r[0], Gender: demoCode(Genders, r[1]), Position: r[2], Unit: r[3], Sector: r[4],
			Category: demoCode(PersonCategories, r[5]), Phone: d.nextPhone(r[0])}
		if err := d.st.SavePerson(d.ctx, pe); err != nil {
			return fmt.Errorf("demo person %s: %w", pe.Name, err)
		}
		d.person[pe.Name] = pe
	}
	return nil
}

// assignments: every site, townships included, has its lead since the
// pilot began; the communities also have liaison members.
func (d *demo) assignments() error {
	for _, r := range demoTable("sites") {
		as := []Assignment{{PersonID: d.person[r[8]].ID, Role: RoleLead}}
		for _, l := range strings.Split(r[9], "、") {
			if l != "" {
				as = append(as, Assignment{PersonID: d.person[l].ID, Role: RoleLiaison})
			}
		}
		for i := range as {
			as[i].SiteID, as[i].FromDate = d.site[r[1]].ID, demoDay("2020-03-01")
			if err := d.st.SaveAssignment(d.ctx, &as[i]); err != nil {
				return fmt.Errorf("demo assignment %s: %w", r[1], err)
			}
		}
	}
	return nil
}

// panel: the department staff with an expertise in people.tsv.
func (d *demo) panel() error {
	p := &Panel{Name: "马龙区政策顾问团", Description: "由区级职能部门推荐人员组成，在协商议事中解读政策、指导答疑。"}
	if err := d.st.SavePanel(d.ctx, p); err != nil {
		return err
	}
	for _, r := range demoTable("people") {
		if r[6] == "" {
			continue
		}
		pe := d.person[r[0]]
		if err := d.st.SavePanelMember(d.ctx, &PanelMember{PanelID: p.ID, PersonID: pe.ID, Department: pe.Unit, Expertise: r[6]}); err != nil {
			return fmt.Errorf("demo panel member %s: %w", pe.Name, err)
		}
	}
	return nil
}

func (d *demo) attendee(name, role string) Attendee {
	if pe := d.person[name]; pe != nil {
		return Attendee{PersonID: idOf(pe.ID), Name: name, Role: role}
	}
	return Attendee{Name: name, Role: role}
}

// demoActivity is an activity of the demo with its named attendees and
// follow-up items.
type demoActivity struct {
	Activity
	attendees []Attendee
	items     []FollowUpItem
}

// activities: those of the pilot's history (dated), then the ordinary
// years, then the current work (dated from today).
func (d *demo) activities() error {
	items := map[string][]FollowUpItem{}
	for _, r := range demoTable("items") {
		items[r[0]] = append(items[r[0]], FollowUpItem{Task: r[1], Unit: r[2], Deadline: d.date(r[3]),
			Status: demoCode(FollowUps, r[4]), Progress: demoNum(r[5]), DoneOn: d.date(r[6])})
	}
	var list []demoActivity
	for _, fromToday := range []bool{false, true} {
		if fromToday {
			list = append(list, d.yearly()...)
		}
		for _, r := range demoTable("activities") {
			if _, err := strconv.Atoi(r[0]); (err == nil) == fromToday {
				list = append(list, d.activity(r, items[r[2]]))
			}
		}
	}
	for _, x := range list {
		if x.ProblemsRaised == 0 { // one more raised than solved, unless told
			x.ProblemsRaised = x.ProblemsSolved + 1
		}
		if err := d.st.SaveActivity(d.ctx, &x.Activity, x.attendees, x.items); err != nil {
			return fmt.Errorf("demo activity %s: %w", x.Topic, err)
		}
	}
	return nil
}

// activity reads a row of activities.tsv.
func (d *demo) activity(r []string, items []FollowUpItem) demoActivity {
	a := Activity{Date: d.date(r[0]), SiteID: d.site[r[1]].ID, Topic: r[2], TopicSource: demoCode(TopicSources, r[3]),
		Form: demoCode(ActivityForms, r[4]), Procedure: r[5], Decision: demoCode(Decisions, r[6]), Participants: demoNum(r[8]),
		Outcome: r[9], FollowUp: demoCode(FollowUps, r[10]), FollowUpDate: d.date(r[11]), ProblemsSolved: demoNum(r[12]),
		ProblemsRaised: demoNum(r[13]), TypicalCase: r[14] != "", CaseTitle: r[14], Notes: r[15]}
	if v := strings.Split(r[7], "/"); len(v) == 3 {
		a.VotesFor, a.VotesAgainst, a.VotesAbstain = demoNum(v[0]), demoNum(v[1]), demoNum(v[2])
	}
	x := demoActivity{Activity: a, items: items}
	for _, t := range strings.Split(r[16], "、") {
		if name, role, ok := strings.Cut(strings.TrimSuffix(t, "）"), "（"); ok {
			x.attendees = append(x.attendees, d.attendee(name, demoCode(AttendeeRoles, role)))
		}
	}
	return x
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
			out = append(out, demoActivity{Activity: Activity{Date: date, SiteID: d.site[sites[i%len(sites)]].ID, Topic: t.topic,
				TopicSource: t.source, Form: "meeting", Procedure: "三阶五步", Decision: DecisionConsensus, Participants: 15 + i%4*6,
				Outcome: t.outcome, FollowUp: FollowUpDone, FollowUpDate: date.AddDays(45), ProblemsSolved: 1 + i%3}})
			i++
		}
	}
	return out
}

// tasks: the 2020 milestones, and this year's tasks dated from today (one
// done, two due soon, one later, two overdue at the quiet sites).
func (d *demo) tasks() error {
	for _, r := range demoTable("tasks") {
		t := Task{Name: r[0], Scope: demoCode(TaskScopes, r[1]), Deadline: d.date(r[3]), Notes: r[5]}
		if s := d.site[r[2]]; s != nil {
			t.SiteID = idOf(s.ID)
		}
		if p := d.person[r[4]]; p != nil {
			t.ResponsibleID = idOf(p.ID)
		}
		if err := d.st.SaveTask(d.ctx, &t); err != nil {
			return fmt.Errorf("demo task %s: %w", t.Name, err)
		}
		ticks := map[string]Date{} // by hand: site → the day done
		for _, tick := range strings.Split(r[6], "、") {
			if site, day, ok := strings.Cut(tick, " "); ok {
				ticks[site] = d.date(day)
			}
		}
		for _, name := range d.locals { // in order: the same demo every time
			if day, ok := ticks[name]; ok {
				if err := d.st.CompleteTask(d.ctx, t.ID, d.site[name].ID, day); err != nil {
					return fmt.Errorf("demo task %s at %s: %w", t.Name, name, err)
				}
			}
		}
	}
	return nil
}

// visits: the first supervision visit of 2020, one to the quiet sites a
// season ago, and a recent one.
func (d *demo) visits() error {
	for _, r := range demoTable("visits") {
		v := Visit{Date: d.date(r[0]), Findings: r[1], Requirements: r[2]}
		var people, sites []uint
		for _, name := range strings.Split(r[3], "、") {
			people = append(people, d.person[name].ID)
		}
		for _, name := range strings.Split(r[4], "、") {
			sites = append(sites, d.site[name].ID)
		}
		if err := d.st.SaveVisit(d.ctx, &v, people, sites); err != nil {
			return fmt.Errorf("demo visit %s: %w", v.Date, err)
		}
	}
	return nil
}

// GenerateActivities adds n synthetic activities over the live sites and
// the three years up to today in one bulk insert, for trying the ledger at
// scale and for benchmarks; the same seed gives the same activities.
func (st *Store) GenerateActivities(ctx context.Context, n int, seed int64, today Date) error {
	sites, err := st.sitesToHold(ctx)
	if err != nil {
		return err
	}
	return st.InsertActivities(ctx, randomActivities(rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)), sites, n, 3, today))
}

// sitesToHold lists the live sites generated activities are held at.
func (st *Store) sitesToHold(ctx context.Context) ([]Site, error) {
	sites, err := st.Sites(ctx, SiteFilter{})
	if err == nil && len(sites) == 0 {
		err = newErr(EInvalid, "", "还没有试点单位，无法生成活动。请先载入演示数据或登记试点单位。",
			"There are no pilot sites to hold the activities; load the demo or enter sites first.")
	}
	return sites, err
}
