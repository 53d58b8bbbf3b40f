package export

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"testing"
)

// Blocks compressed apart inflate back to the input as one deflate stream,
// whatever the size, written in pieces of any length.
func TestParallelDeflateRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	text := bytes.Repeat([]byte(`<row r="7"><c r="A7" s="3" t="inlineStr"><is><t>小寨工业片区交通和环境问题</t></is></c></row>`), 1+4*deflateBlockSize/100)
	noise := make([]byte, 2*deflateBlockSize+17)
	r.Read(noise)
	for _, n := range []int{0, 1, deflateBlockSize - 1, deflateBlockSize, deflateBlockSize + 1, 3*deflateBlockSize + 12345} {
		for name, src := range map[string][]byte{"text": text, "noise": noise} {
			in := src[:min(n, len(src))]
			var out bytes.Buffer
			d := newParallelDeflate(&out)
			for rest := in; len(rest) > 0; {
				k := min(len(rest), 1+r.Intn(300_000))
				if _, err := d.Write(rest[:k]); err != nil {
					t.Fatal(err)
				}
				rest = rest[k:]
			}
			if err := d.Close(); err != nil {
				t.Fatal(err)
			}
			back, err := io.ReadAll(flate.NewReader(&out))
			if err != nil || !bytes.Equal(back, in) {
				t.Fatalf("%s, %d bytes: %d back, %v", name, len(in), len(back), err)
			}
		}
	}
}

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after -= len(p); w.after < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// A failed write of any block is Close's error.
func TestParallelDeflateReportsWriteErrors(t *testing.T) {
	noise := make([]byte, 3*deflateBlockSize)
	rand.New(rand.NewSource(2)).Read(noise)
	d := newParallelDeflate(&failingWriter{after: deflateBlockSize})
	if _, err := d.Write(noise); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err == nil || err.Error() != "disk full" {
		t.Fatal(fmt.Sprint("Close: ", err))
	}
}
