package export

// Benchmarks of the big ledger, against the bare library writing the same
// rows from memory (the "floor"):
//
//	go test -tags migrated_fynedo,sqlite_fts5 -run '^$' -bench Ledger100k -benchtime 3x ./export
//
// Each reports its time per workbook, rows per second and the peak heap in
// use while it ran (sampled).

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

const benchRows = 100_000

// benchStore is a database with the demo district and 100,000 synthetic
// activities, made once per run through data's bulk insert.
func benchStore(b *testing.B) *data.Store {
	b.Helper()
	st := openStore(b)
	must(b, st.LoadDemo(ctx, data.Today()))
	must(b, st.GenerateActivities(ctx, benchRows-demoActivities(b, st), 1, data.Today()))
	return st
}

func demoActivities(b *testing.B, st *data.Store) int {
	_, n, err := st.Activities(ctx, data.ActivityFilter{Limit: 1})
	must(b, err)
	return n
}

// peak samples the heap in use until stop is called, and returns the
// highest value seen in MB.
func peak() (stop func() float64) {
	runtime.GC()
	var max uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if v := m.HeapInuse + m.StackInuse; v > max {
				max = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		wg.Wait()
		return float64(max) / (1 << 20)
	}
}

func BenchmarkLedger100k(b *testing.B) {
	st := benchStore(b)
	path := filepath.Join(b.TempDir(), "ledger.xlsx")
	var mb float64
	c0 := cpuTime()
	for b.Loop() {
		stop := peak()
		must(b, Ledger(ctx, st, path, Options{}))
		mb = max(mb, stop())
	}
	b.ReportMetric((cpuTime()-c0).Seconds()/float64(b.N), "cpu-s/op")
	report(b, path, mb)
}

// BenchmarkLedger100kFloor writes the same cells with a bare excelize
// StreamWriter from rows already in memory: no database, no styles, default
// compression. BenchmarkLedger100kFloorFast uses the ledger's compression.
func BenchmarkLedger100kFloor(b *testing.B)     { benchFloor(b, false) }
func BenchmarkLedger100kFloorFast(b *testing.B) { benchFloor(b, true) }

func benchFloor(b *testing.B, fast bool) {
	st := benchStore(b)
	var rows [][]any
	must(b, st.EachActivity(ctx, data.ActivityFilter{}, 2000, func(batch []data.Activity) error {
		for i := range batch {
			r := ledgerRow(&batch[i], nil, nil)
			for j, v := range r {
				if d, ok := v.(data.Date); ok { // the same serial numbers
					r[j] = nil
					if !d.IsZero() {
						r[j] = excelDay(d)
					}
				}
			}
			rows = append(rows, append([]any{len(rows) + 1}, r...))
		}
		return nil
	}))
	path := filepath.Join(b.TempDir(), "floor.xlsx")
	var mb float64
	c0 := cpuTime()
	for b.Loop() {
		stop := peak()
		f := excelize.NewFile()
		if fast {
			f.SetZipWriter(fastZip)
		}
		sw, err := f.NewStreamWriter("Sheet1")
		must(b, err)
		for i, r := range rows {
			cellName, _ := excelize.CoordinatesToCellName(1, i+1)
			must(b, sw.SetRow(cellName, r))
		}
		must(b, sw.Flush())
		must(b, f.SaveAs(path))
		f.Close()
		mb = max(mb, stop())
	}
	b.ReportMetric((cpuTime()-c0).Seconds()/float64(b.N), "cpu-s/op")
	report(b, path, mb)
}

func report(b *testing.B, path string, mb float64) {
	b.ReportMetric(mb, "peak-heap-MB")
	b.ReportMetric(float64(benchRows)/(float64(b.Elapsed().Seconds())/float64(b.N)), "rows/s")
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
	}
}
