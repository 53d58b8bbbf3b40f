package data

import (
	"context"
	"fmt"
	"testing"
)

// demoTodays are the days the demo is loaded on in tests: a turn of the
// year and a late autumn. Both are past or today: the record rules refuse
// dates after the real today, so a demo dated later cannot be stored.
var demoTodays = []Date{NewDate(2026, 1, 5), NewDate(2026, 12, 7)}

func TestLoadDemo(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	if err := st.LoadDemo(ctx, demoTodays[1]); err != nil {
		t.Fatal(err)
	}
	s, err := st.Settings(ctx)
	if err != nil || s[SettingDistrict] != "马龙区" {
		t.Fatalf("settings %v, %v", s, err)
	}
	sites, err := st.Sites(ctx, SiteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]Site{}
	for _, x := range sites {
		names[x.Name] = x
	}
	if l := names["乐熙社区"]; l.Township != "通泉街道" || l.UnveiledOn.String() != "2020-04-02" {
		t.Errorf("乐熙社区 = %+v", l)
	}
	// Every site, townships included, has a lead.
	if without, err := st.SitesWithoutLead(ctx, Date{}); err != nil || len(without) != 0 {
		t.Errorf("sites without a lead: %v, %v", without, err)
	}
	acts, n, err := st.Activities(ctx, ActivityFilter{Keyword: "小寨工业片区", Limit: 5})
	if err != nil || n != 1 {
		t.Fatalf("小寨 activity: %d, %v", n, err)
	}
	if a := acts[0]; a.Decision != DecisionHands || a.VotesFor != a.Participants || a.Date.String() != "2020-04-28" {
		t.Errorf("小寨 activity = %+v", a)
	}
	panels, err := st.PanelStats(ctx)
	if err != nil || len(panels) != 1 || panels[0].People < 10 {
		t.Errorf("panels = %+v, %v", panels, err)
	}
	// A second load would mix the demo into real work: refused.
	if err := st.LoadDemo(ctx, demoTodays[1]); ErrorCode(err) != EConflict {
		t.Errorf("second LoadDemo: %v", err)
	}
}

// On any day the demo looks like a pilot at work on that day: the latest
// activities in the last weeks, nothing after today, tasks and follow-up
// items a mix of done, due soon and a few overdue, the 2020 milestones
// ticked from the records.
func TestDemoDatedFromToday(t *testing.T) {
	ctx := context.Background()
	for _, today := range demoTodays {
		t.Run(today.String(), func(t *testing.T) {
			st := openTest(t)
			if err := st.LoadDemo(ctx, today); err != nil {
				t.Fatal(err)
			}
			if err := checkActivitySearch(st.db); err != nil {
				t.Error(err)
			}
			// Held, not planned: nothing after today, anywhere.
			for _, q := range []string{
				"SELECT COUNT(*) FROM activities WHERE date > ? OR follow_up_date > ?",
				"SELECT COUNT(*) FROM follow_up_items WHERE done_on > ? OR done_on > ?",
				"SELECT COUNT(*) FROM sites WHERE unveiled_on > ? OR unveiled_on > ?",
				"SELECT COUNT(*) FROM visits WHERE date > ? OR date > ?",
				"SELECT COUNT(*) FROM task_completions WHERE done_on > ? OR done_on > ?",
			} {
				if n := count(t, st, q, today, today); n != 0 {
					t.Errorf("%d rows after today: %s", n, q)
				}
			}
			latest, _, err := st.Activities(ctx, ActivityFilter{Limit: 1})
			if err != nil || len(latest) != 1 {
				t.Fatal(err)
			}
			if d := latest[0].Date; d.Before(today.AddDays(-30)) {
				t.Errorf("latest activity %s, more than 30 days before %s", d, today)
			}
			// The pilot's years are all there: every year from 2020 to today's
			// (the latest activity is a few days ago, so from the 4th of
			// January on).
			for y := 2020; y <= today.Year(); y++ {
				_, n, err := st.Activities(ctx, ActivityFilter{From: NewDate(y, 1, 1), To: NewDate(y, 12, 31), Limit: 1})
				if err != nil || n == 0 {
					t.Errorf("no activity in %d (%v)", y, err)
				}
			}
			d, err := st.Dashboard(ctx, today)
			if err != nil || d.ActivitiesYear == 0 || d.OverdueItems < 1 || d.OverdueItems > 3 {
				t.Errorf("dashboard: %+v, %v", d, err)
			}
			quiet, err := st.SitesWithoutActivity(ctx, 90, today)
			if err != nil || len(quiet) != 3 {
				t.Errorf("quiet sites: %d (%v)", len(quiet), err)
			}

			tasks, err := st.Tasks(ctx, TaskFilter{Today: today})
			if err != nil {
				t.Fatal(err)
			}
			var done, dueSoon, overdue int
			for _, x := range tasks {
				switch {
				case x.Status == TaskDone:
					done++
				case x.OverdueOn(today):
					overdue++
				case !x.Deadline.After(today.AddDays(30)):
					dueSoon++
				}
			}
			if done < 2 || dueSoon < 1 || overdue < 1 || overdue > 3 {
				t.Errorf("tasks: %d done, %d due within 30 days, %d overdue of %d", done, dueSoon, overdue, len(tasks))
			}
			late, err := st.Tasks(ctx, TaskFilter{Overdue: true, Today: today})
			if err != nil || len(late) != overdue {
				t.Errorf("overdue tasks listed: %d, counted %d (%v)", len(late), overdue, err)
			}
			// The 2020 milestones, from the records: the last room unveiled
			// and the last first consultation were 王家庄社区's, in 2021.
			got := map[string]string{}
			for _, x := range tasks {
				got[x.Name] = fmt.Sprintf("%s %s %s %d/%d", x.Kind, x.Status, x.DoneOn, x.Completed, x.Targets)
			}
			for name, want := range map[string]string{
				"协商议事室挂牌":    "unveil done 2021-04-20 11/11",
				"开展首次协商议事活动": "first_consultation done 2021-05-26 11/11",
				"议事规则和流程上墙":  "manual done 2020-11-20 3/3",
			} {
				if got[name] != want {
					t.Errorf("%s: %s, want %s", name, got[name], want)
				}
			}
		})
	}
}

func TestGenerateActivities(t *testing.T) {
	ctx := context.Background()
	today := demoTodays[1]
	count := func(seed int64) (int, []Activity) {
		st := openTest(t)
		if err := st.LoadDemo(ctx, today); err != nil {
			t.Fatal(err)
		}
		_, before, _ := st.Activities(ctx, ActivityFilter{Limit: 1})
		if err := st.GenerateActivities(ctx, 1234, seed, today); err != nil {
			t.Fatal(err)
		}
		rows, after, err := st.Activities(ctx, ActivityFilter{Sort: "date", Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if newest, _, _ := st.Activities(ctx, ActivityFilter{Limit: 1}); newest[0].Date.After(today) {
			t.Errorf("generated an activity on %s, after %s", newest[0].Date, today)
		}
		return after - before, rows
	}
	n, a := count(7)
	if n != 1234 {
		t.Errorf("added %d", n)
	}
	_, b := count(7)
	if a[0].Topic != b[0].Topic || !a[0].Date.Equal(b[0].Date) {
		t.Error("the same seed gave different activities")
	}
	if err := openTest(t).GenerateActivities(ctx, 10, 1, today); ErrorCode(err) != EInvalid {
		t.Errorf("no sites: %v", err)
	}
}
