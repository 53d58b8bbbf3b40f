package export

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"pilotdesk/data"
)

// BenchmarkMergeCounties reads and merges 10 counties' 报送表 of 10,000
// activities each into a new city database (one county's workbook under
// ten names: the same work). Target (issue 20): under 30 s and 400 MB.
func BenchmarkMergeCounties(b *testing.B) {
	const counties, activities = 10, 10000
	src := openStore(b)
	today := data.Today()
	must(b, src.LoadDemo(ctx, today))
	must(b, src.GenerateActivities(ctx, activities, 1, today))
	p := data.Period{From: today.AddDays(-5 * 365), To: today}
	path := filepath.Join(b.TempDir(), "报送表.xlsx")
	must(b, WriteReport(ctx, src, path, p, "bench", nil))
	var mb float64
	for b.Loop() {
		b.StopTimer()
		c := openStore(b)
		must(b, c.SetSettings(ctx, map[string]string{data.SettingLevel: data.LevelCity}))
		for i := range counties {
			must(b, c.SaveCounty(ctx, &data.County{Name: fmt.Sprintf("第%d县", i+1)}))
		}
		b.StartTimer()
		stop := peak()
		for i := range counties {
			s, err := ReadReport(path)
			must(b, err)
			s.County = fmt.Sprintf("第%d县", i+1)
			pv, err := c.Merge(ctx, s, nil)
			must(b, err)
			if k := kindCounts(pv, "activities"); k.New < activities {
				b.Fatalf("merged %+v", k)
			}
		}
		mb = max(mb, stop())
	}
	b.ReportMetric(mb, "peak-heap-MB")
	b.ReportMetric(float64(vmHWM())/1024, "peak-RSS-MB")
}

// BenchmarkCityOverview draws the city's overview of 10 counties over a
// city database holding 100,000 merged activities. Target: under 1 s.
func BenchmarkCityOverview(b *testing.B) {
	const counties, activities = 10, 10000
	src := openStore(b)
	today := data.Today()
	must(b, src.LoadDemo(ctx, today))
	must(b, src.GenerateActivities(ctx, activities, 1, today))
	p := data.Period{From: today.AddDays(-5 * 365), To: today}
	path := filepath.Join(b.TempDir(), "报送表.xlsx")
	must(b, WriteReport(ctx, src, path, p, "bench", nil))
	c := openStore(b)
	must(b, c.SetSettings(ctx, map[string]string{data.SettingLevel: data.LevelCity}))
	for i := range counties {
		name := fmt.Sprintf("第%d县", i+1)
		must(b, c.SaveCounty(ctx, &data.County{Name: name}))
		s, err := ReadReport(path)
		must(b, err)
		s.County = name
		_, err = c.Merge(ctx, s, nil)
		must(b, err)
	}
	for b.Loop() {
		rows, err := c.CityOverview(ctx, p)
		must(b, err)
		if len(rows) != counties || rows[0].Activities < activities {
			b.Fatalf("overview %+v", rows[0])
		}
		_, n, err := c.Activities(ctx, data.ActivityFilter{CountyID: rows[0].CountyID})
		must(b, err)
		if n < activities {
			b.Fatalf("county's ledger: %d", n)
		}
	}
}

// vmHWM is the process's peak resident set in kB (Linux), 0 elsewhere.
func vmHWM() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for l := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return 0
}
