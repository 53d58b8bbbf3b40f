package data

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"testing"
	"time"

	"gorm.io/gorm"
)

// Generated data for the tests and benchmarks: townships with their sites,
// people on file, and activities with Chinese text like the real ledgers'
// (topics from DOMAIN.md), named attendees and follow-up items.

var (
	genTowns    = []string{"同乐街道", "通泉街道", "盘江镇", "胜境街道", "中枢镇", "马街镇", "召夸镇", "大莫古镇", "芳华镇", "活水乡", "龙海乡", "小百户镇", "板桥镇", "三岔河镇", "旧州街道"}
	genVillages = []string{"鑫城社区", "乐熙社区", "方城社区", "外山社区", "小寨社区", "东门社区", "西河村", "北山村", "南屯村", "石坝村", "新华社区", "和平村"}
	genFirms    = []string{"某食品有限公司", "县第一中学", "县人民医院", "高铁站", "工业园区管委会"}
	genPlaces   = []string{"小寨工业片区", "高铁安置小区", "东门菜市场", "文化广场", "老街", "幸福里小区", "集镇", "村民小组", "河道沿线", "学校周边"}
	genSubjects = []string{"老旧小区改造", "农村人居环境整治", "垃圾分类", "集市秩序", "土地流转", "停车难", "供水不足和水费偏高", "门前三包责任制",
		"交通和环境整治", "民营企业用地", "税费政策落实", "规划审批", "融资难", "背街小巷硬化", "路灯安装", "居家养老服务", "幼儿托管", "河道治理",
		"农贸市场搬迁", "物业管理", "电动车充电桩", "5G基站选址", "WiFi覆盖", "APP预约挂号"}
	genOutcomes = []string{"设立临时停车场", "增加保洁员", "落实“门前三包”责任制", "分期改造供水管网", "调整水价为阶梯价格", "成立业主委员会", "协调用地指标",
		"争取专项资金", "每月召开一次议事会", "由村委会牵头推进", "聘请第三方物业", "开设夜间市场", "增设公交站点", "实行垃圾分类积分制"}
	genNotes = []string{"群众代表意见较多", "邀请政策顾问团成员列席", "三阶五步议事", "8+X 议事模式", "下次议事会跟进", "已报县政协备案"}
	// Rare notes, with characters that LIKE and FTS5 queries treat specially.
	genOddNotes = []string{"100% 参会", "会场设在村委会_二楼", `有人提出"先易后难"`, "有人提出'先易后难'", "ABC 小组", "abc 小组", "Ａｂｃ 全角", "ΑΒΓ 希腊",
		"5km 步行", "5\u212Am 步行", "street 巷", "\u017Ftreet 巷"} // the Kelvin sign and the long s fold to k and s
	genNames = []string{"张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞", "徐明", "孙丽", "马超", "朱军", "胡斌"}
)

type genData struct {
	towns     []Site // townships
	sites     []Site // every site, townships included, in id order
	people    []uint
	acts      []Activity // as inserted, with IDs
	attendees []Attendee
	items     []FollowUpItem
	insert    time.Duration // InsertActivities of acts
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.Intn(len(xs))] }

// genActivities fills st with townships × perTown sites (the township itself
// and perTown-1 villages, communities and enterprises under it), 200 people
// on file and n activities held between from and to, each with 0-4 named
// attendees and 0-2 follow-up items. The same r gives the same data.
func genActivities(tb testing.TB, st *Store, r *rand.Rand, townships, perTown, n int, from, to Date) *genData {
	tb.Helper()
	g := &genData{}
	err := st.db.Transaction(func(tx *gorm.DB) error {
		for i := 0; i < townships; i++ {
			name := genTowns[i%len(genTowns)]
			if i >= len(genTowns) {
				name = fmt.Sprintf("%s%d", name, i/len(genTowns)+1)
			}
			t := genSite(r, Site{Name: name, Kind: KindTownship})
			if err := tx.Create(&t).Error; err != nil {
				return err
			}
			g.towns = append(g.towns, t)
			g.sites = append(g.sites, t)
			for j := 1; j < perTown; j++ {
				s := Site{Name: genVillages[(j-1)%len(genVillages)], Kind: KindCommunity, ParentID: &t.ID}
				if j > len(genVillages) || r.Intn(6) == 0 {
					s.Name, s.Kind = fmt.Sprintf("%s%d", pick(r, genFirms), j), KindEnterprise
				}
				s = genSite(r, s)
				if err := tx.Create(&s).Error; err != nil {
					return err
				}
				g.sites = append(g.sites, s)
			}
		}
		for i := 0; i < 200; i++ {
			p := Person{Name: fmt.Sprintf("%s%d", pick(r, genNames), i), Category: pick(r, PersonCategories.Codes())}
			p.Version = 1
			if err := tx.Create(&p).Error; err != nil {
				return err
			}
			g.people = append(g.people, p.ID)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}

	days := int(to.Time().Sub(from.Time()).Hours()/24) + 1
	g.acts = make([]Activity, n)
	for i := range g.acts {
		a := Activity{
			Date:           from.AddDays(r.Intn(days)),
			SiteID:         pick(r, g.sites).ID,
			Topic:          fmt.Sprintf("关于%s%s问题的协商", pick(r, genPlaces), pick(r, genSubjects)),
			TopicSource:    pick(r, TopicSources.Codes()),
			Form:           pick(r, append(ActivityForms.Codes(), "")),
			Participants:   8 + r.Intn(40),
			Outcome:        fmt.Sprintf("经协商，一致同意%s，并%s。", pick(r, genOutcomes), pick(r, genOutcomes)),
			FollowUp:       pick(r, FollowUps.Codes()),
			ProblemsSolved: r.Intn(5),
		}
		switch n := r.Intn(100); {
		case n < 2:
			a.Notes = pick(r, genOddNotes)
		case n < 40:
			a.Notes = pick(r, genNotes)
		}
		if r.Intn(2) == 0 {
			a.Procedure = "三阶五步"
		}
		a.Decision = pick(r, append(Decisions.Codes(), ""))
		if IsVote(a.Decision) {
			a.VotesFor = r.Intn(a.Participants + 1)
			a.VotesAgainst = r.Intn(a.Participants - a.VotesFor + 1)
		}
		if a.FollowUp == FollowUpDone {
			a.FollowUpDate = minDate(a.Date.AddDays(r.Intn(90)), to)
		}
		g.acts[i] = a
	}
	t0 := time.Now()
	if err := st.InsertActivities(ctx, g.acts); err != nil {
		tb.Fatal(err)
	}
	g.insert = time.Since(t0)

	var attendees []Attendee
	var items []FollowUpItem
	for _, a := range g.acts {
		used := map[uint]bool{}
		for k := r.Intn(5); k > 0; k-- {
			t := Attendee{ActivityID: a.ID, Role: pick(r, AttendeeRoles.Codes())}
			if id := pick(r, g.people); r.Intn(3) > 0 && !used[id] {
				used[id] = true
				t.PersonID = &id
				t.Name = "（档案）"
			} else {
				t.Name = pick(r, genNames)
			}
			attendees = append(attendees, t)
		}
		for k := r.Intn(3); k > 0; k-- {
			f := FollowUpItem{ActivityID: a.ID, Task: pick(r, genOutcomes), Unit: "县住建局", Status: pick(r, FollowUps.Codes()),
				Deadline: a.Date.AddDays(r.Intn(120))}
			if f.Deadline.Before(to.AddDays(-180)) && r.Intn(20) > 0 {
				f.Status = FollowUpDone // old items were mostly dealt with
			}
			f.Version = 1
			if f.Status == FollowUpDone {
				f.DoneOn, f.Progress = minDate(a.Date.AddDays(r.Intn(60)), to), 100
			} else {
				f.Progress = r.Intn(100)
			}
			if a.FollowUp == FollowUpDone {
				f.Status, f.DoneOn, f.Progress = FollowUpDone, a.FollowUpDate, 100
			}
			items = append(items, f)
		}
	}
	err = st.db.Transaction(func(tx *gorm.DB) error {
		if len(attendees) > 0 {
			if err := tx.CreateInBatches(attendees, 1000).Error; err != nil {
				return err
			}
		}
		if len(items) > 0 {
			return tx.Omit("DeletedAt").CreateInBatches(items, 1000).Error
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	g.attendees, g.items = attendees, items
	return g
}

func genSite(r *rand.Rand, s Site) Site {
	s.Status = pick(r, SiteStatuses.Codes())
	if s.Status != StatusPlanned || r.Intn(4) == 0 {
		s.UnveiledOn = NewDate(2019, time.January, 1).AddDays(r.Intn(2000))
	}
	s.Version = 1
	return s
}

func minDate(a, b Date) Date {
	if a.After(b) {
		return b
	}
	return a
}

// benchStore builds the 100,000-activity file once per benchmark run.
func benchStore(b *testing.B) (*Store, *genData) {
	st, err := Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	t0 := time.Now()
	g := genActivities(b, st, rand.New(rand.NewSource(1)), 30, 10, 100000, NewDate(2020, 1, 1), NewDate(2025, 12, 31))
	b.Logf("setup: 300 sites, 100,000 activities with attendees and items in %v; InsertActivities took %v (%.0f rows/s)",
		time.Since(t0).Round(time.Millisecond), g.insert.Round(time.Millisecond), 100000/g.insert.Seconds())
	return st, g
}

func BenchmarkActivities(b *testing.B) {
	st, g := benchStore(b)
	// The setup's bulk insert, measured once: reported here to be seen.
	b.Run("insert/100,000 activities into an empty file (setup, once)", func(b *testing.B) {
		for b.Loop() {
		}
		b.ReportMetric(float64(g.insert.Milliseconds()), "ms")
		b.ReportMetric(100000/g.insert.Seconds(), "rows/s")
	})
	var townID, siteID uint
	st.db.Raw(`SELECT id FROM sites WHERE kind = 'township' ORDER BY id LIMIT 1 OFFSET 7`).Scan(&townID)
	st.db.Raw(`SELECT id FROM sites WHERE kind <> 'township' ORDER BY id LIMIT 1 OFFSET 40`).Scan(&siteID)
	year := Period{NewDate(2024, 1, 1), NewDate(2024, 12, 31)}
	today := NewDate(2025, 12, 31)

	pages := []struct {
		name string
		f    ActivityFilter
	}{
		{"page/all by date desc", ActivityFilter{}},
		{"page/all by date desc, page 200", ActivityFilter{Offset: 10000}},
		{"page/township+year by date", ActivityFilter{TownshipID: townID, From: year.From, To: year.To}},
		{"page/township by problems", ActivityFilter{TownshipID: townID, Sort: "problems desc"}},
		{"page/site by date", ActivityFilter{SiteID: siteID}},
		{"page/year by township", ActivityFilter{From: year.From, To: year.To, Sort: "township"}},
		{"page/follow-up pending by date", ActivityFilter{FollowUp: FollowUpPending}},
		{"page/source+follow-up by date", ActivityFilter{TopicSource: SourcePublic, FollowUp: FollowUpInProgress}},
		{"page/source+quarter by site", ActivityFilter{TopicSource: SourceMember, From: NewDate(2024, 4, 1), To: NewDate(2024, 6, 30), Sort: "site"}},
		{"page/all by topic (full sort)", ActivityFilter{Sort: "topic"}},
		{"page/all by source (full sort)", ActivityFilter{Sort: "source desc"}},
		{"page/year by topic", ActivityFilter{From: year.From, To: year.To, Sort: "topic"}},
		{"page/all by form", ActivityFilter{Sort: "form"}},
		{"page/all by decision", ActivityFilter{Sort: "decision desc"}},
		{"page/all by participants", ActivityFilter{Sort: "participants desc"}},
		{"keyword/3 chars common 停车难", ActivityFilter{Keyword: "停车难"}},
		{"keyword/5 chars 老旧小区改", ActivityFilter{Keyword: "老旧小区改"}},
		{"keyword/3 chars + township", ActivityFilter{Keyword: "垃圾分", TownshipID: townID}},
		{"keyword/rare 先易后难", ActivityFilter{Keyword: "先易后难"}},
		{"keyword/cased ASCII letters abc", ActivityFilter{Keyword: "abc"}},
		{"keyword/no match 不存在的词", ActivityFilter{Keyword: "不存在的词"}},
		{"keyword/site name 鑫城社区", ActivityFilter{Keyword: "鑫城社区"}},
		{"keyword/2 chars 停车", ActivityFilter{Keyword: "停车"}},
		{"keyword/1 char 水 (also in a township name)", ActivityFilter{Keyword: "水"}},
	}
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				rows, total, err := st.Activities(ctx, p.f)
				if err != nil || (total > 0 && len(rows) == 0) {
					b.Fatal(total, err)
				}
			}
		})
	}
	b.Run("stats/report for a year", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.Statistics(ctx, year); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stats/report for all time", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.Statistics(ctx, Period{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stats/by month for a year", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.MonthlyStats(ctx, year); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stats/by month for all time", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.MonthlyStats(ctx, Period{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stats/dashboard", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.Dashboard(ctx, today); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("query/overdue follow-ups", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.OverdueFollowUps(ctx, today); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("query/sites without activity 30 days", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.SitesWithoutActivity(ctx, 30, today); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("query/activity with attendees and items", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.Activity(ctx, 50000); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("save/one activity with 3 attendees and 2 items", func(b *testing.B) {
		for b.Loop() {
			a := Activity{Date: NewDate(2025, 6, 1), SiteID: siteID, Topic: "关于停车难问题的协商", TopicSource: SourcePublic, Participants: 10}
			err := st.SaveActivity(ctx, &a, []Attendee{{Name: "张伟", Role: "stakeholder"}, {Name: "王芳", Role: "stakeholder"}, {Name: "李娜", Role: "other"}},
				[]FollowUpItem{{Task: "设临时停车场"}, {Task: "增加保洁员"}})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("insert/1,000 activities into 100,000", func(b *testing.B) {
		r := rand.New(rand.NewSource(2))
		for b.Loop() {
			rows := make([]Activity, 1000)
			for i := range rows {
				rows[i] = Activity{Date: NewDate(2025, 1, 1).AddDays(r.Intn(300)), SiteID: siteID, Topic: fmt.Sprintf("关于%s问题的协商", pick(r, genSubjects)),
					TopicSource: SourceParty, Outcome: pick(r, genOutcomes), Participants: 12, Notes: pick(r, genNotes)}
			}
			if err := st.InsertActivities(ctx, rows); err != nil {
				b.Fatal(err)
			}
		}
	})
}
