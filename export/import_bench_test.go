package export

// The 100,000-row import, end to end (open, read, preview, write):
//
//	go test -tags migrated_fynedo,sqlite_fts5 -run '^$' -bench Import100k -benchtime 3x ./export
//
// It reports the time per import and the peak heap in use (sampled). The
// workbook is a ledger as coordinators keep it: title and 填报单位 lines,
// then one row per activity with Chinese text, dates as date cells.
// IMPORT_BENCH_DIR=dir go test -run TestWriteImportBench ./export leaves
// the workbook and a demo database there, for timing the command line.

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// writeBenchLedger writes n activities at st's sites to path.
func writeBenchLedger(tb testing.TB, st *data.Store, path string, n int) {
	tb.Helper()
	sites, err := st.Sites(ctx, data.SiteFilter{})
	must(tb, err)
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	must(tb, err)
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(tb, sw.SetRow("A1", []any{"马龙区“协商在基层”协商议事活动台账"}))
	must(tb, sw.SetRow("A2", []any{"填报单位：马龙区政协办公室　　填报日期：2024年7月5日"}))
	must(tb, sw.SetRow("A3", []any{"序号", "活动日期", "乡镇（街道）", "试点单位", "议题", "议题来源", "协商形式", "议事程序",
		"参加人数", "表决方式", "赞成", "反对", "弃权", "协商成果", "落实情况", "落实日期", "解决问题数", "备注"}))
	must(tb, sw.MergeCell("A1", "R1"))
	must(tb, sw.MergeCell("A2", "R2"))
	sources := []string{"党委会点题", "政府出题", "委员荐题", "社会征题"}
	forms := []string{"协商议事会", "座谈会", "现场协商", "远程协商"}
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		s := sites[i%len(sites)]
		day := start.AddDate(0, 0, i%1000)
		serial := excelDay(data.DateOf(day))
		votes := []any{"协商一致", nil, nil, nil}
		if i%3 == 0 {
			votes = []any{"举手表决", 20, 2, 1}
		}
		row := []any{i + 1, excelize.Cell{StyleID: dateStyle, Value: serial}, s.Township, s.Name,
			fmt.Sprintf("%s第%d次协商：老旧小区改造和停车管理", s.Name, i+1), sources[i%4], forms[i%4], "三阶五步", 23}
		row = append(row, votes...)
		row = append(row, "形成协商意见 3 条，交相关部门办理。", "落实中", excelize.Cell{StyleID: dateStyle, Value: serial}, 2, "")
		cellName, _ := excelize.CoordinatesToCellName(1, i+4)
		must(tb, sw.SetRow(cellName, row))
	}
	must(tb, sw.Flush())
	must(tb, f.SaveAs(path))
}

func BenchmarkImport100k(b *testing.B) {
	src := openStore(b)
	must(b, src.LoadDemo(ctx, data.Today()))
	path := filepath.Join(b.TempDir(), "ledger.xlsx")
	writeBenchLedger(b, src, path, benchRows)
	var mb float64
	var cpu time.Duration
	var phases, cpus [3]time.Duration // read, preview, write: wall and process CPU
	for b.Loop() {
		b.StopTimer()
		st := openStore(b)
		must(b, st.LoadDemo(ctx, data.Today()))
		b.StartTimer()
		stop := peak()
		c0 := cpuTime()
		t0 := time.Now()
		s, err := OpenSource(path)
		must(b, err)
		tab, err := s.Read(ctx, "", nil)
		must(b, err)
		t1, c1 := time.Now(), cpuTime()
		p, err := Analyze(ctx, st, ImportActivities, tab, PreviewOptions{})
		must(b, err)
		if p.New != benchRows {
			b.Fatalf("new %d, rejected %d%s", p.New, len(p.Rejected), reasons(p))
		}
		t2, c2 := time.Now(), cpuTime()
		_, err = p.Apply(ctx, st, nil)
		must(b, err)
		phases[0] += t1.Sub(t0)
		phases[1] += t2.Sub(t1)
		phases[2] += time.Since(t2)
		s.Close()
		c3 := cpuTime()
		cpus[0], cpus[1], cpus[2] = cpus[0]+c1-c0, cpus[1]+c2-c1, cpus[2]+c3-c2
		cpu += c3 - c0
		mb = max(mb, stop())
	}
	b.ReportMetric(mb, "peak-heap-MB")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	for i, name := range []string{"read", "preview", "write"} {
		b.ReportMetric(phases[i].Seconds()/float64(b.N), name+"-s")
		b.ReportMetric(cpus[i].Seconds()/float64(b.N), name+"-cpu-s")
	}
	b.ReportMetric(float64(benchRows)/(b.Elapsed().Seconds()/float64(b.N)), "rows/s")
}

// cpuTime is the process's user and system time: on a shared machine the
// wall time says more about the neighbours than about the import.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestWriteImportBench(t *testing.T) {
	dir := os.Getenv("IMPORT_BENCH_DIR")
	if dir == "" {
		t.Skip("IMPORT_BENCH_DIR not set")
	}
	st, err := data.Open(filepath.Join(dir, "bench.db"))
	must(t, err)
	defer st.Close()
	must(t, st.LoadDemo(ctx, data.Today()))
	writeBenchLedger(t, st, filepath.Join(dir, "ledger100k.xlsx"), benchRows)
}
