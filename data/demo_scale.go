package data

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"gorm.io/gorm"
)

// A province-scale database for benchmarks (Yunnan: 1,429 townships):
// GenerateScale grows the demo district into that many townships with their
// sites, people and activities (with attendees and items) in proportion,
// written straight into the tables (activities through InsertActivities).

// Scale sizes a synthetic database.
type Scale struct {
	Townships  int   // townships in all, the demo's included
	SitesPer   int   // sites under each new township besides itself; 0: 5
	PeoplePer  int   // people on file per new township; 0: 10
	Activities int   // live activities in all, the demo's included
	Seed       int64 // the same seed gives the same database
}

// ScaleFor is the benchmarks' proportion: 15 townships per 1,000 activities.
func ScaleFor(activities int) Scale {
	return Scale{Townships: max(15, activities*15/1000), Activities: activities, Seed: 1}
}

var (
	scaleFirst  = []rune("东西南北中上下大小新老长安宁和平清河山水石龙凤鹤云松柏桃李金银玉白青红黄兴隆福寿永昌盛泰")
	scaleSecond = []rune("川坝营屯庄寨村沟岭冲塘湾溪口桥关铺坡箐哨厂街甸坪田旗源")
	scaleKinds  = []string{"镇", "乡", "街道", "镇", "镇"}
	scaleLocals = []string{"社区", "村委会", "社区", "村委会", "村委会", "居委会"}
	scaleFirms  = []string{"农业开发有限公司", "中学", "卫生院", "工业园区", "农民专业合作社", "建材有限公司"}
	scaleFamily = []rune("李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段")
	scaleGiven  = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红春燕文玉兰德海云飞林琳波宁亮")
	scaleSpots  = []string{"集镇", "村民小组", "安置小区", "农贸市场", "老街", "学校周边", "河道沿线", "工业片区", "幸福里小区", "文化广场"}
	scaleTopics = []string{"老旧小区改造", "停车难", "生活垃圾分类", "农村人居环境整治", "街天秩序", "土地流转租金", "供水不足和水费偏高",
		"村组道路硬化", "农田灌溉水渠维修", "居家养老服务", "物业服务收费", "背街小巷照明", "校园周边交通安全", "村规民约修订",
		"特色产业发展", "闲置校舍利用", "河道保洁", "电动车充电桩", "幼儿托管", "农贸市场搬迁"}
	scaleOutcomes = []string{"设立临时停车场", "增加保洁员", "落实“门前三包”责任制", "分期改造供水管网", "成立业主委员会", "争取专项资金",
		"由村委会牵头推进", "聘请第三方物业", "增设公交站点", "实行垃圾分类积分制", "每月召开一次议事会", "划定临时摊位区"}
	scaleNotes = []string{"群众代表意见较多", "邀请政策顾问团成员列席", "“8+X”议事模式", "下次议事会跟进", "已报县政协备案"}
	scaleUnits = []string{"乡镇人民政府", "县住建局", "县水务局", "县农业农村局", "村委会", "县交通运输局", "县市场监管局"}
)

// GenerateScale grows the database to sc (what is there counts): townships
// with their sites, people and assignments, then activities over the last
// five years with 0-4 attendees and 0-2 follow-up items each.
func (st *Store) GenerateScale(ctx context.Context, sc Scale) error {
	if sc.SitesPer <= 0 {
		sc.SitesPer = 5
	}
	if sc.PeoplePer <= 0 {
		sc.PeoplePer = 10
	}
	r := rand.New(rand.NewPCG(uint64(sc.Seed), 0x5ca1ab1e))
	towns, err := st.Townships(ctx)
	if err != nil {
		return err
	}
	if err := st.transact(ctx, func(tx *gorm.DB) error {
		return scalePlaces(tx, r, towns, sc)
	}); err != nil {
		return translate(err, siteLabel)
	}
	_, have, err := st.Activities(ctx, ActivityFilter{Limit: 1})
	if err != nil {
		return err
	}
	if sc.Activities <= have {
		return nil
	}
	return st.scaleActivities(ctx, r, sc.Activities-have)
}

// scalePlaces adds the missing townships with sites, people and leads.
func scalePlaces(tx *gorm.DB, r *rand.Rand, towns []Site, sc Scale) error {
	taken := map[string]bool{}
	for _, t := range towns {
		taken[t.Name] = true
	}
	place := func() string {
		return string(scaleFirst[r.IntN(len(scaleFirst))]) + string(scaleSecond[r.IntN(len(scaleSecond))])
	}
	name := func() string {
		for {
			n := place() + scaleKinds[r.IntN(len(scaleKinds))]
			if len(taken) > len(scaleFirst)*len(scaleSecond) { // every pair used: number them
				n = fmt.Sprintf("%s%d", n, len(taken))
			}
			if !taken[n] {
				taken[n] = true
				return n
			}
		}
	}
	unveiled := func() Date { return NewDate(2020, time.March, 1).AddDays(r.IntN(900)) }
	status := func() (string, Date) {
		switch r.IntN(10) {
		case 0:
			return StatusPlanned, Date{}
		case 1, 2:
			return StatusUnveiled, unveiled()
		case 3:
			return StatusStandardized, unveiled()
		}
		return StatusActive, unveiled()
	}
	phone := 0
	nextPhone := func() string { phone++; return fmt.Sprintf("139%08d", 10000000+phone) }
	person := func() string { // one or two given characters
		n := string(scaleFamily[r.IntN(len(scaleFamily))]) + string(scaleGiven[r.IntN(len(scaleGiven))])
		if r.IntN(3) > 0 {
			n += string(scaleGiven[r.IntN(len(scaleGiven))])
		}
		return n
	}
	from := NewDate(2020, time.March, 1)
	for i := len(towns); i < sc.Townships; i++ {
		stage, on := status()
		town := Site{Name: name(), Kind: KindTownship, Status: stage, UnveiledOn: on, Platform: "政协委员工作室"}
		if err := tx.Omit("DeletedAt").Create(&town).Error; err != nil {
			return err
		}
		sites := []Site{town}
		used := map[string]bool{}
		for j := 0; j < sc.SitesPer; j++ {
			s := Site{Kind: KindCommunity, ParentID: &town.ID, Contact: person(), Phone: nextPhone()}
			for s.Name == "" || used[s.Name] {
				s.Name = place() + scaleLocals[r.IntN(len(scaleLocals))]
				if r.IntN(6) == 0 {
					s.Name = place() + scaleFirms[r.IntN(len(scaleFirms))]
					s.Kind = KindEnterprise
				}
			}
			used[s.Name] = true
			s.Status, s.UnveiledOn = status()
			if !s.UnveiledOn.IsZero() {
				s.Platform = s.Name + "议事室"
			}
			sites = append(sites, s)
		}
		if err := tx.Omit("DeletedAt").Create(sites[1:]).Error; err != nil {
			return err
		}
		people := make([]Person, sc.PeoplePer)
		cats := PersonCategories.Codes()
		for k := range people {
			people[k] = Person{Name: person(), Gender: []string{GenderMale, GenderFemale}[r.IntN(2)], Category: cats[r.IntN(len(cats))],
				Unit: town.Name, Position: "委员", Phone: nextPhone()}
			if k == 0 {
				people[k].Category, people[k].Position = CategoryLeader, "党委副书记"
			}
		}
		if err := tx.Omit("DeletedAt").Create(&people).Error; err != nil {
			return err
		}
		var as []Assignment
		for k, s := range sites {
			if r.IntN(10) == 0 && k > 0 { // a few sites still without a lead
				continue
			}
			a := Assignment{PersonID: people[0].ID, SiteID: s.ID, Role: RoleLead, FromDate: from}
			if k > 0 {
				a.PersonID = people[1+r.IntN(len(people)-1)].ID
			}
			as = append(as, a)
			if k > 0 && r.IntN(2) == 0 {
				l := Assignment{PersonID: people[1+r.IntN(len(people)-1)].ID, SiteID: s.ID, Role: RoleLiaison, FromDate: from}
				if l.PersonID != a.PersonID {
					as = append(as, l)
				}
			}
		}
		if err := tx.Omit("DeletedAt").Create(&as).Error; err != nil {
			return err
		}
	}
	return nil
}

// scaleActivities adds n activities in date order, then their attendees and items.
func (st *Store) scaleActivities(ctx context.Context, r *rand.Rand, n int) error {
	sites, err := st.sitesToHold(ctx)
	if err != nil {
		return err
	}
	// The people of each township (by their unit), to name as attendees.
	var people []Person
	if err := st.db.WithContext(ctx).Select("id", "name", "unit").Find(&people).Error; err != nil {
		return translate(err, personLabel)
	}
	byUnit := map[string][]Person{}
	for _, p := range people {
		byUnit[p.Unit] = append(byUnit[p.Unit], p)
	}
	townOf := map[uint]string{} // a site's township's name: its people's unit
	for _, s := range sites {
		townOf[s.ID] = s.Township
	}
	today := Today()
	rows := randomActivities(r, sites, n, 5, today)
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	follow := FollowUps.Codes()
	if err := st.InsertActivities(ctx, rows); err != nil {
		return err
	}

	roles := AttendeeRoles.Codes()
	var attendees []Attendee
	var items []FollowUpItem
	for _, a := range rows {
		local := byUnit[townOf[a.SiteID]]
		used := map[uint]bool{}
		for k := r.IntN(5); k > 0; k-- {
			t := Attendee{ActivityID: a.ID, Role: pick(roles)}
			if len(local) > 0 && r.IntN(3) > 0 {
				p := local[r.IntN(len(local))]
				if used[p.ID] {
					continue
				}
				used[p.ID] = true
				t.PersonID, t.Name = idOf(p.ID), p.Name
			} else {
				t.Name = string(scaleFamily[r.IntN(len(scaleFamily))]) + string(scaleGiven[r.IntN(len(scaleGiven))]) + "（群众代表）"
				t.Role = "stakeholder"
			}
			attendees = append(attendees, t)
		}
		for k := r.IntN(3); k > 0; k-- {
			f := FollowUpItem{ActivityID: a.ID, Task: pick(scaleOutcomes), Unit: pick(scaleUnits), Status: pick(follow),
				Deadline: a.Date.AddDays(30 + r.IntN(120))}
			if a.FollowUp == FollowUpDone || f.Deadline.Before(today.AddDays(-180)) && r.IntN(20) > 0 {
				f.Status = FollowUpDone // old items were mostly dealt with
			}
			if f.Status == FollowUpDone {
				f.DoneOn, f.Progress = a.Date.AddDays(r.IntN(60)), 100
				if f.DoneOn.After(today) {
					f.DoneOn = today
				}
			} else {
				f.Progress = r.IntN(100)
			}
			items = append(items, f)
		}
	}
	return translate(st.transact(ctx, func(tx *gorm.DB) error {
		if len(attendees) > 0 {
			if err := tx.CreateInBatches(attendees, 1000).Error; err != nil {
				return err
			}
		}
		if len(items) > 0 {
			return tx.Omit("DeletedAt").CreateInBatches(items, 1000).Error
		}
		return nil
	}), activityLabel)
}

// randomActivities draws n activities at sites over the years before
// today, in date order, no two alike in date, site and topic (an import's
// key: the ledger re-imports whole).
func randomActivities(r *rand.Rand, sites []Site, n, years int, today Date) []Activity {
	sources, forms, decisions, follow := TopicSources.Codes(), ActivityForms.Codes(), Decisions.Codes(), FollowUps.Codes()
	start := today.AddDays(-years * 365)
	span := int(today.Time().Sub(start.Time()).Hours()/24) + 1
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	type key struct {
		date  Date
		site  uint
		topic string
	}
	seen := make(map[key]bool, n)
	rows := make([]Activity, n)
	for i := range rows {
		s := sites[r.IntN(len(sites))]
		a := Activity{Date: start.AddDays(r.IntN(span)), SiteID: s.ID}
		for a.Topic == "" || seen[key{a.Date, a.SiteID, a.Topic}] {
			a.Topic = fmt.Sprintf("关于%s%s%s问题的协商", s.Name, pick(scaleSpots), pick(scaleTopics))
		}
		seen[key{a.Date, a.SiteID, a.Topic}] = true
		a.TopicSource, a.Form, a.Decision, a.Participants = pick(sources), pick(forms), pick(decisions), 8+r.IntN(50)
		a.Outcome = fmt.Sprintf("经协商，一致同意%s，并%s。", pick(scaleOutcomes), pick(scaleOutcomes))
		a.FollowUp = pick(follow)
		if r.IntN(2) == 0 {
			a.Procedure = "三阶五步"
		}
		if r.IntN(3) == 0 {
			a.Notes = pick(scaleNotes)
		}
		if IsVote(a.Decision) {
			a.VotesFor = a.Participants - r.IntN(a.Participants/4+1)
			a.VotesAgainst = r.IntN(a.Participants - a.VotesFor + 1)
		}
		if a.FollowUp == FollowUpDone {
			days := int(today.Time().Sub(a.Date.Time()).Hours() / 24)
			a.FollowUpDate = a.Date.AddDays(r.IntN(min(days, 90) + 1))
			a.ProblemsSolved = 1 + r.IntN(5)
		}
		a.ProblemsRaised = a.ProblemsSolved + i%3 // no draw: a seed gives the same activities as before
		rows[i] = a
	}
	slices.SortStableFunc(rows, func(a, b Activity) int { return a.Date.Compare(b.Date) })
	return rows
}
