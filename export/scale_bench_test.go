package export

// Every report and the ledger's import at province scale (issue 7), and
// the ledger against the floor of the library: a bare StreamWriter writing
// the very same cells (values, styles, row heights, column widths, level-1
// compression) from memory.
//
//	PILOTDESK_BENCH_DB=file.db PILOTDESK_BENCH_BASE_DB=base.db \
//	  go test -tags migrated_fynedo,sqlite_fts5 -run '^$' -bench Scale -benchmem ./export
//
// scripts/bench.sh (make bench) passes the databases it generated with
// `pilotdesk demo --townships`: PILOTDESK_BENCH_DB with the activities,
// PILOTDESK_BENCH_BASE_DB the same places and people without them (the
// import's target, copied for each run). Without them both are made here
// at 1,000 activities. Each reports its time per workbook and the peak
// heap in use while it ran (peak, ledger_bench_test.go).

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// scaleStores opens (or makes) the database with the activities and, with
// withBase, the path of the one without (both from the environment or both
// made here: the import matches the places by name).
func scaleStores(b *testing.B, withBase bool) (st *data.Store, base string) {
	b.Helper()
	path, base := os.Getenv("PILOTDESK_BENCH_DB"), os.Getenv("PILOTDESK_BENCH_BASE_DB")
	if path == "" || withBase && base == "" {
		sc := data.ScaleFor(1000)
		dir := b.TempDir()
		path, base = filepath.Join(dir, "scale.db"), filepath.Join(dir, "base.db")
		for _, x := range []struct {
			path string
			n    int
		}{{path, sc.Activities}, {base, 0}} {
			if x.n == 0 && !withBase {
				continue
			}
			s, err := data.Open(x.path)
			must(b, err)
			must(b, s.LoadDemo(ctx, data.Today()))
			sc.Activities = x.n
			must(b, s.GenerateScale(ctx, sc))
			must(b, s.Close())
		}
	}
	st, err := data.Open(path)
	must(b, err)
	b.Cleanup(func() { st.Close() })
	return st, base
}

func BenchmarkScaleExport(b *testing.B) {
	st, _ := scaleStores(b, false)
	// The sign-in sheet of the demo's show-of-hands consultation at 小寨.
	acts, _, err := st.Activities(ctx, data.ActivityFilter{Keyword: "小寨工业片区", Limit: 1})
	must(b, err)
	if len(acts) == 0 {
		b.Fatal("no demo activity at 小寨")
	}
	dir := b.TempDir()
	for _, r := range []Report{ReportLedger, ReportRoster, ReportPanels, ReportStats, ReportSignIn} {
		b.Run(string(r), func(b *testing.B) {
			path := filepath.Join(dir, string(r)+".xlsx")
			var mb float64
			for b.Loop() {
				stop := peak()
				must(b, Run(ctx, st, r, path, Options{ActivityID: acts[0].ID}))
				mb = max(mb, stop())
			}
			reportFile(b, path, mb)
		})
	}
	b.Run("ledger floor", func(b *testing.B) { benchScaleFloor(b, st, filepath.Join(dir, "floor.xlsx")) })
}

// benchScaleFloor builds every cell of the ledger in memory, through the
// ledger's own conversions, then times only the library: a new workbook
// with the same styles and compression, column widths, SetRow per row with
// its height, Flush and SaveAs.
func benchScaleFloor(b *testing.B, st *data.Store, path string) {
	proto, err := newBook(header{}, ReportLedger, "", Options{})
	must(b, err)
	defer proto.close()
	s := &sheet{b: proto, cols: ledgerColumns}
	var rows [][]any
	var heights []float64
	must(b, eachLedgerBatch(ctx, st, ledgerFilter(Options{}), func(batch []data.Activity, named map[uint][]data.Attendee, items map[uint][]data.FollowUpItem) error {
		for i := range batch {
			values := ledgerRow(&batch[i], named[batch[i].ID], items[batch[i].ID])
			row := make([]any, len(ledgerColumns))
			row[0] = excelize.Cell{StyleID: proto.styles.number, Value: len(rows) + 1}
			for j := 1; j < len(row); j++ {
				c, err := s.value(ledgerColumns[j], values[j-1])
				if err != nil {
					return err
				}
				row[j] = c
			}
			rows = append(rows, row)
			heights = append(heights, s.rowHeight(values))
		}
		return nil
	}))
	var mb float64
	for b.Loop() {
		stop := peak()
		bk, err := newBook(header{}, ReportLedger, "", Options{})
		must(b, err)
		sw, err := bk.f.NewStreamWriter("Sheet1")
		must(b, err)
		for i, c := range ledgerColumns {
			must(b, sw.SetColWidth(i+1, i+1, c.Width))
		}
		for i, r := range rows {
			var opts []excelize.RowOpts
			if heights[i] > 0 {
				opts = append(opts, excelize.RowOpts{Height: heights[i]})
			}
			must(b, sw.SetRow(cell(0, i+1), r, opts...))
		}
		must(b, sw.Flush())
		must(b, bk.f.SaveAs(path))
		bk.close()
		mb = max(mb, stop())
	}
	reportFile(b, path, mb)
	b.ReportMetric(float64(len(rows)), "rows")
}

// BenchmarkScaleImport imports the ledger exported from the database with
// the activities into a copy of the one without: every row new.
func BenchmarkScaleImport(b *testing.B) {
	st, base := scaleStores(b, true)
	dir := b.TempDir()
	ledger := filepath.Join(dir, "ledger.xlsx")
	must(b, Ledger(ctx, st, ledger, Options{}))
	var mb float64
	rows := 0
	for b.Loop() {
		b.StopTimer()
		target := filepath.Join(dir, "target.db")
		os.Remove(target)
		copyFile(b, base, target)
		to, err := data.Open(target)
		must(b, err)
		b.StartTimer()
		stop := peak()
		src, err := OpenSource(ledger)
		must(b, err)
		tab, err := src.Read(ctx, "", nil)
		must(b, err)
		p, err := Analyze(ctx, to, ImportActivities, tab, PreviewOptions{})
		must(b, err)
		if len(p.Rejected) > 0 {
			b.Fatalf("%d rows rejected%s", len(p.Rejected), reasons(p))
		}
		_, err = p.Apply(ctx, to, nil)
		must(b, err)
		src.Close()
		mb = max(mb, stop())
		rows = p.New
		b.StopTimer()
		must(b, to.Close())
		b.StartTimer()
	}
	b.ReportMetric(mb, "peak-heap-MB")
	b.ReportMetric(float64(rows), "new-rows")
}

func reportFile(b *testing.B, path string, mb float64) {
	b.ReportMetric(mb, "peak-heap-MB")
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
	}
}

func copyFile(b *testing.B, from, to string) {
	in, err := os.Open(from)
	must(b, err)
	defer in.Close()
	out, err := os.Create(to)
	must(b, err)
	_, err = io.Copy(out, in)
	must(b, err)
	must(b, out.Close())
}
