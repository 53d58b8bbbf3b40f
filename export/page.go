package export

import (
	"math"
	"strings"
)

// Print geometry. Every report prints fit to one page wide, so the size of
// its text on paper follows from the paper, the margins and the columns'
// widths, and its page breaks from the heights every row carries. These
// figures choose the ledger's paper, the sign-in sheet's row height, the
// room left for the statistics' charts, and whether a small shrink keeps
// the last rows off a page of their own.

// paper is a sheet of paper, portrait, in points.
type paper struct {
	size          int // excelize's code
	width, height float64
}

var (
	paperA4 = paper{size: 9, width: 595.3, height: 841.9}
	paperA3 = paper{size: 8, width: 841.9, height: 1190.6}
)

// The margins every report prints with, in inches (see newSheet).
const (
	marginTop, marginBottom, marginSide = 0.6, 0.7, 0.3
	marginHeader, marginFooter          = 0.3, 0.3
)

// Column widths are counted in units of the workbook font's widest digit
// (宋体 11 pt). Excel draws a unit in 8 pixels (as excelize assumes when
// it places charts), LibreOffice in 7.33 (half of 11 pt, unrounded): a
// table prints widest in Excel, which so decides the zoom and the size of
// the text on paper, and a cell holds least text in LibreOffice, which so
// decides where lines wrap. A cell keeps about 5 pixels of padding.
const (
	unitPxWidest    = 8.0
	unitPxNarrowest = 22.0 / 3
	cellPaddingPx   = 5
)

// Data rows are 10 pt: printed at no less than 90% they stay at least 9 pt
// on paper.
const dataFontSize = 10.0

// page is how a sheet prints: its paper and orientation.
type page struct {
	paper     paper
	landscape bool
}

// printable is the room inside the margins, in points.
func (p page) printable() (w, h float64) {
	w, h = p.paper.width, p.paper.height
	if p.landscape {
		w, h = h, w
	}
	return w - 2*marginSide*72, h - (marginTop+marginBottom)*72
}

// mostZoom is the zoom that fits cols to one page wide in LibreOffice (its
// units are narrowest, so it prints at the most), in whole percent as the
// programs keep it, never above 100%: pages are laid out by it, since there
// they hold least. (Excel's zoom, the least, decides how small text comes
// out on paper: the reports' widths keep it at 90% or more.)
func (p page) mostZoom(cols []Column) float64 {
	w, _ := p.printable()
	pt := 0.0 // the table's width at 100%, 96 pixels to the inch
	for _, c := range cols {
		pt += math.Round(c.Width*unitPxNarrowest) * 0.75
	}
	return min(1, math.Floor(w/pt*100)/100)
}

// textPx is how wide text of size points is in 宋体, in pixels: Chinese
// characters are square, the rest half as wide.
func textPx(text string, size float64) float64 {
	em := size * 4 / 3
	px := 0.0
	for _, r := range text {
		if r < 0x1100 { // Latin, digits, punctuation of the keyboard
			px += em / 2
		} else {
			px += em
		}
	}
	return px
}

// cellRoomPx is the room for text in a column of w units.
func cellRoomPx(w float64) float64 { return max(w*unitPxNarrowest-cellPaddingPx, 1) }

// linesIn is how many lines text of size points wraps to in a column of w
// units (each line of the text on its own).
func linesIn(text string, w, size float64) int {
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		n += max(1, int(math.Ceil(textPx(line, size)/cellRoomPx(w))))
	}
	return n
}

// pagination lays out a sheet's rows on pages: units are rows (or blocks of
// rows that must stay together, like a chart's) by height in points; the
// units heads[0]..heads[1]-1 are the header rows that every page after the
// first repeats.
type pagination struct {
	units []float64
	heads [2]int
}

// pages counts the pages the units fill at zoom s on page p, and how much
// of the last page they use (points at 100%).
func (g pagination) pages(p page, s float64) (n int, used float64) {
	_, h := p.printable()
	room := h / s
	head := 0.0
	for _, u := range g.units[g.heads[0]:g.heads[1]] {
		head += u
	}
	n = 1
	for _, u := range g.units {
		if used+u > room && used > head {
			n++
			used = head
		}
		used += u
	}
	return n, used
}

// fitHeight is the number of pages tall to print at, or 0 for as many as
// it takes: one page fewer when a shrink to no less than 92% saves it, so
// a few rows and the signature line do not sit alone on the last page.
// (92, not 90: Excel and LibreOffice choose the zoom themselves, and their
// row layout may differ from this one by a little.) Pages are counted at
// the most the sheet prints at (mostZoom): where there is least room.
func (g pagination) fitHeight(p page, cols []Column) int {
	zoom := p.mostZoom(cols)
	n, _ := g.pages(p, zoom)
	if n < 2 {
		return 0
	}
	for pct := math.Floor(zoom * 100); pct >= 92; pct-- {
		if m, _ := g.pages(p, pct/100); m < n {
			return m
		}
	}
	return 0
}
