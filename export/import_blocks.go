package export

// Reading a worksheet on every core. Its rows are independent pieces of
// XML, so the part is inflated on one goroutine, cut into blocks that end
// just after a row's end tag, and the blocks are scanned at once, their rows
// handed on in sheet order. Scanning was four fifths of reading a
// 100,000-row ledger (1.6 s of CPU).

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"sync"
)

// sheetBlock is how much XML a block holds at least (a variable for the
// tests, which cut tiny blocks to cut everywhere).
var sheetBlock = 1 << 20

// sheetRow is a row as its block read it. A row without a number of its
// own is one more than the row before, which may be in an earlier block:
// until the block meets a numbered row, n counts from the block's start.
type sheetRow struct {
	n        int
	relative bool
	cells    []string
}

type sheetBlockResult struct {
	rows   []sheetRow
	last   sheetRow // the last row begun, emitted or not (no cells)
	merges []mergeRect
	dim    int
	dimSet bool
	err    error
}

// sheetRows reads a worksheet part's XML from r and hands each row to row
// in order, with the sheet's last row as <dimension> gives it so far (0
// unknown); row returns false to stop reading. It returns the merged ranges
// and the dimension's last row.
func sheetRows(r io.Reader, sst []string, row func(n, dim int, cells []string) bool) ([]mergeRect, int, error) {
	workers := runtime.GOMAXPROCS(0)
	type job struct {
		xml  io.Reader
		buf  []byte // xml's bytes, to hand back once read (nil: not pooled)
		done chan sheetBlockResult
	}
	jobs := make(chan job, workers)
	order := make(chan chan sheetBlockResult, 2*workers) // blocks' results, in sheet order
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			sr := &sheetReader{sst: sst} // one per worker: it keeps its interned values
			for j := range jobs {
				res := sr.block(j.xml)
				// Read (the rows hold copies), and not grown past a long row.
				if j.buf != nil && cap(j.buf) <= 2*(sheetBlock+splitRead) {
					blockBufs.Put(&j.buf)
				}
				j.done <- res
			}
		})
	}
	splitErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(jobs)
		splitErr <- splitSheet(r, func(xml io.Reader, buf []byte) bool {
			j := job{xml, buf, make(chan sheetBlockResult, 1)}
			select {
			case jobs <- j:
			case <-stop:
				return false
			}
			select {
			case order <- j.done:
				return true
			case <-stop:
				return false
			}
		})
	}()
	finish := func() {
		close(stop)
		for range order { // let the splitter end
		}
		wg.Wait()
	}
	var merges []mergeRect
	base, dim := 0, 0 // base: the last row begun before the block
	at := func(r sheetRow) int {
		if r.relative {
			return base + r.n
		}
		return r.n
	}
	for done := range order {
		res := <-done
		if res.err != nil {
			finish()
			return nil, 0, res.err
		}
		if res.dimSet {
			dim = res.dim
		}
		merges = append(merges, res.merges...)
		for _, sr := range res.rows {
			if !row(at(sr), dim, sr.cells) {
				finish()
				return merges, dim, nil
			}
		}
		base = at(res.last)
	}
	finish()
	if err := <-splitErr; err != nil {
		return nil, 0, err
	}
	return merges, dim, nil
}

// block reads one block's rows and merges.
func (s *sheetReader) block(xml io.Reader) (res sheetBlockResult) {
	if s.x == nil {
		s.x = newXMLScan(xml)
	} else { // the same buffer for every block of the worker
		*s.x = xmlScan{r: s.x.r, budget: xmlBudget}
		s.x.r.Reset(xml)
	}
	s.row, s.anchored, s.done, s.merges, s.dim, s.dimSet = 0, false, false, nil, 0, false
	for {
		n, cells, ok, err := s.next()
		if err != nil {
			res.err = err
			return res
		}
		if !ok {
			res.last = sheetRow{n: s.row, relative: !s.anchored}
			res.merges, res.dim, res.dimSet = s.merges, s.dim, s.dimSet
			return res
		}
		res.rows = append(res.rows, sheetRow{n, !s.anchored, cells})
		if len(res.rows) > maxImportRows {
			res.err = errTooManyRows
			return res
		}
	}
}

var errTooManyRows = errors.New("too many rows")

// blockBufs are the byte buffers of sheet blocks, used again once read: a
// 100,000-row sheet is some fifty of them, the most garbage reading made.
var blockBufs = sync.Pool{New: func() any {
	b := make([]byte, 0, sheetBlock+splitRead)
	return &b
}}

// splitRead is what splitSheet reads at a time.
const splitRead = 256 << 10

// splitSheet reads r and hands blocks of it to block in order, each cut
// just after the first row end tag past sheetBlock bytes, until block
// returns false. Comments and CDATA may hold a row's end tag as text: from
// the first block holding "<!" on, the rest of r goes as one block, read as
// it comes (as it does after 64 MiB without a row's end). The total is
// limited as one scanner limits a part. A block's buf, when not nil, is
// its bytes, for blockBufs once read.
func splitSheet(r io.Reader, block func(xml io.Reader, buf []byte) bool) error {
	pending := (*blockBufs.Get().(*[]byte))[:0]
	total := 0
	buf := make([]byte, splitRead)
	for {
		cut := -1
		for len(pending) < sheetBlock || cut < 0 {
			if len(pending) >= sheetBlock {
				if cut = rowEndAfter(pending, sheetBlock); cut >= 0 {
					break
				}
				if len(pending) > 64<<20 {
					block(io.MultiReader(bytes.NewReader(pending), r), nil)
					return nil
				}
			}
			n, err := r.Read(buf)
			pending = append(pending, buf[:n]...)
			if total += n; total > xmlBudget {
				return errors.New("xml part too large")
			}
			if err == io.EOF {
				if len(pending) > 0 {
					block(bytes.NewReader(pending), pending)
				}
				return nil
			}
			if err != nil {
				return err
			}
		}
		if bytes.Contains(pending[:cut], []byte("<!")) {
			block(io.MultiReader(bytes.NewReader(pending), r), nil)
			return nil
		}
		next := append((*blockBufs.Get().(*[]byte))[:0], pending[cut:]...)
		if !block(bytes.NewReader(pending[:cut]), pending) {
			return nil
		}
		pending = next
	}
}

// rowEndAfter is the index just after the first row end tag ("</row>", or
// "</x:row>" with a prefix) that ends at from or later, -1 if none. b starts
// where the scanner starts, outside any tag.
func rowEndAfter(b []byte, from int) int {
	for start := max(from-len("row>"), 0); ; {
		i := bytes.Index(b[start:], []byte("row>"))
		if i < 0 {
			return -1
		}
		i += start
		j := i
		if j > 0 && b[j-1] == ':' { // a prefix: back over its name
			j--
			for j > 0 && isNameByte(b[j-1]) {
				j--
			}
		}
		// A tag, where the scanner looks for one: the '<' comes after a
		// '>' (or at the start), not inside another tag.
		if j >= 2 && b[j-1] == '/' && b[j-2] == '<' {
			if k := bytes.LastIndexAny(b[:j-2], "<>"); k < 0 || b[k] == '>' {
				return i + len("row>")
			}
		}
		start = i + 1
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}
