package app

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Charts of the overview, drawn with canvas primitives (no chart library):
// a column chart with a value axis, and horizontal bars with their figures.

// chartPalette colours categories (topic sources, statuses); the first is
// the single-series colour.
var chartPalette = []color.NRGBA{
	{R: 0x29, G: 0x6f, B: 0xd1, A: 0xff}, // blue
	{R: 0xe0, G: 0x8a, B: 0x1e, A: 0xff}, // orange
	{R: 0x2e, G: 0x9e, B: 0x5b, A: 0xff}, // green
	{R: 0xb8, G: 0x3b, B: 0x5e, A: 0xff}, // claret
	{R: 0x7a, G: 0x5c, B: 0xc4, A: 0xff}, // violet
	{R: 0x8a, G: 0x94, B: 0xa3, A: 0xff}, // grey
}

func paletteColor(i int) color.Color { return chartPalette[i%len(chartPalette)] }

func chartText(size float32, c color.Color) *canvas.Text {
	t := canvas.NewText("", c)
	t.TextSize = size
	return t
}

// niceScale picks the top of a value axis and its step: 1, 2 or 5 times a
// power of ten, about four steps, the top at or above hi.
func niceScale(hi int) (top, step int) {
	if hi <= 0 {
		return 4, 1
	}
	raw := float64(hi) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	s := mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			s = m * mag
			break
		}
	}
	step = max(1, int(s))
	top = ((hi + step - 1) / step) * step
	return top, step
}

// columnChart draws one value per label as a column over a value axis with
// gridlines; each column carries its figure. The last column (the current
// month) is drawn in a stronger colour.
type columnChart struct {
	widget.BaseWidget
	labels []string
	values []int
}

func newColumnChart() *columnChart {
	c := &columnChart{}
	c.ExtendBaseWidget(c)
	return c
}

func (c *columnChart) set(labels []string, values []int) {
	c.labels, c.values = labels, values
	c.Refresh()
}

func (c *columnChart) CreateRenderer() fyne.WidgetRenderer {
	r := &columnRenderer{c: c}
	r.rebuild()
	return r
}

type columnRenderer struct {
	c       *columnChart
	objs    []fyne.CanvasObject
	grid    []*canvas.Line
	ticks   []*canvas.Text
	bars    []*canvas.Rectangle
	figures []*canvas.Text
	names   []*canvas.Text
	top     int
	step    int
}

// rebuild makes the primitives for the current values.
func (r *columnRenderer) rebuild() {
	maxV := 0
	for _, v := range r.c.values {
		maxV = max(maxV, v)
	}
	r.top, r.step = niceScale(maxV)
	small := theme.CaptionTextSize()
	fg := theme.Color(theme.ColorNameForeground)
	muted := theme.Color(theme.ColorNamePlaceHolder)
	r.grid, r.ticks, r.bars, r.figures, r.names = nil, nil, nil, nil, nil
	r.objs = nil
	for v := 0; v <= r.top; v += r.step {
		l := canvas.NewLine(theme.Color(theme.ColorNameSeparator))
		l.StrokeWidth = 1
		t := chartText(small, muted)
		t.Text = formatInt(v)
		t.Alignment = fyne.TextAlignTrailing
		r.grid, r.ticks = append(r.grid, l), append(r.ticks, t)
		r.objs = append(r.objs, l, t)
	}
	for i, v := range r.c.values {
		col := color.Color(chartPalette[0])
		if i == len(r.c.values)-1 {
			col = color.NRGBA{R: 0x1a, G: 0x4f, B: 0x9c, A: 0xff}
		}
		b := canvas.NewRectangle(col)
		b.CornerRadius = 2
		f := chartText(small, fg)
		if v > 0 {
			f.Text = formatInt(v)
		}
		f.Alignment = fyne.TextAlignCenter
		n := chartText(small, muted)
		if i < len(r.c.labels) {
			n.Text = r.c.labels[i]
		}
		n.Alignment = fyne.TextAlignCenter
		r.bars, r.figures, r.names = append(r.bars, b), append(r.figures, f), append(r.names, n)
		r.objs = append(r.objs, b, f, n)
	}
}

func (r *columnRenderer) Layout(size fyne.Size) {
	small := theme.CaptionTextSize()
	th := fyne.MeasureText("0", small, fyne.TextStyle{}).Height
	axis := fyne.MeasureText(formatInt(r.top), small, fyne.TextStyle{}).Width + theme.Padding()*2
	x0, y0 := axis, th+2 // room for the figure over the tallest column
	w, h := size.Width-x0, size.Height-y0-th-4
	if w <= 0 || h <= 0 {
		return
	}
	yOf := func(v int) float32 { return y0 + h - float32(v)/float32(r.top)*h }
	for i := range r.grid {
		y := yOf(i * r.step)
		r.grid[i].Position1, r.grid[i].Position2 = fyne.NewPos(x0, y), fyne.NewPos(x0+w, y)
		r.ticks[i].Move(fyne.NewPos(0, y-th/2))
		r.ticks[i].Resize(fyne.NewSize(axis-theme.Padding(), th))
	}
	n := len(r.bars)
	if n == 0 {
		return
	}
	slot := w / float32(n)
	bw := slot * 0.62
	// Figures that would run into each other are left out: the axis still
	// reads.
	fit := true
	for _, f := range r.figures {
		fit = fit && f.MinSize().Width <= slot-2
	}
	for i, v := range r.c.values {
		r.figures[i].Hidden = !fit
		x := x0 + float32(i)*slot
		top := yOf(v)
		r.bars[i].Move(fyne.NewPos(x+(slot-bw)/2, top))
		r.bars[i].Resize(fyne.NewSize(bw, y0+h-top))
		r.figures[i].Move(fyne.NewPos(x, top-th-1))
		r.figures[i].Resize(fyne.NewSize(slot, th))
		r.names[i].Move(fyne.NewPos(x, y0+h+3))
		r.names[i].Resize(fyne.NewSize(slot, th))
	}
}

func (r *columnRenderer) MinSize() fyne.Size {
	small := theme.CaptionTextSize()
	widest := float32(0)
	for _, l := range r.c.labels {
		widest = max(widest, fyne.MeasureText(l, small, fyne.TextStyle{}).Width)
	}
	return fyne.NewSize(float32(len(r.c.labels))*(widest+6)+40, 200)
}

func (r *columnRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *columnRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *columnRenderer) Destroy()                     {}

// barRow is one row of a barChart.
type barRow struct {
	label  string
	value  int
	figure string      // what is written after the bar, e.g. "12（30%）"
	color  color.Color // nil: the palette's colour for the row
}

// barChart draws one horizontal bar per row: its label, the bar scaled to
// the largest value, and its figure after it; each row in its own colour.
type barChart struct {
	widget.BaseWidget
	rows []barRow
}

func newBarChart() *barChart {
	c := &barChart{}
	c.ExtendBaseWidget(c)
	return c
}

func (c *barChart) set(rows []barRow) {
	c.rows = rows
	c.Refresh()
}

func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{c: c}
	r.rebuild()
	return r
}

type barRenderer struct {
	c       *barChart
	objs    []fyne.CanvasObject
	labels  []*canvas.Text
	tracks  []*canvas.Rectangle
	bars    []*canvas.Rectangle
	figures []*canvas.Text
}

func (r *barRenderer) rebuild() {
	size := theme.TextSize()
	fg := theme.Color(theme.ColorNameForeground)
	r.objs, r.labels, r.tracks, r.bars, r.figures = nil, nil, nil, nil, nil
	for i, row := range r.c.rows {
		l := chartText(size, fg)
		l.Text = row.label
		track := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
		track.CornerRadius = 3
		col := row.color
		if col == nil {
			col = paletteColor(i)
		}
		b := canvas.NewRectangle(col)
		b.CornerRadius = 3
		f := chartText(size, fg)
		f.Text = row.figure
		f.TextStyle.Bold = true
		r.labels, r.tracks, r.bars, r.figures = append(r.labels, l), append(r.tracks, track), append(r.bars, b), append(r.figures, f)
		r.objs = append(r.objs, l, track, b, f)
	}
}

// rowHeight is the height of one bar's row.
func barRowHeight() float32 {
	return fyne.MeasureText("国", theme.TextSize(), fyne.TextStyle{}).Height + theme.Padding()*2
}

func (r *barRenderer) widths() (label, figure float32) {
	size := theme.TextSize()
	for _, row := range r.c.rows {
		label = max(label, fyne.MeasureText(row.label, size, fyne.TextStyle{}).Width)
		figure = max(figure, fyne.MeasureText(row.figure, size, fyne.TextStyle{Bold: true}).Width)
	}
	return label, figure
}

func (r *barRenderer) Layout(size fyne.Size) {
	lw, fw := r.widths()
	pad := theme.Padding() * 2
	rowH := barRowHeight()
	if n := len(r.c.rows); n > 0 {
		rowH = min(max(rowH, size.Height/float32(n)), rowH*1.5) // airier when there is room
	}
	track := size.Width - lw - fw - pad*2
	if track < 20 {
		track = 20
	}
	maxV := 0
	for _, row := range r.c.rows {
		maxV = max(maxV, row.value)
	}
	th := fyne.MeasureText("国", theme.TextSize(), fyne.TextStyle{}).Height
	for i, row := range r.c.rows {
		y := float32(i) * rowH
		r.labels[i].Move(fyne.NewPos(0, y+(rowH-th)/2))
		r.labels[i].Resize(r.labels[i].MinSize())
		bh := min(rowH, barRowHeight()) * 0.56
		by := y + (rowH-bh)/2
		r.tracks[i].Move(fyne.NewPos(lw+pad, by))
		r.tracks[i].Resize(fyne.NewSize(track, bh))
		bw := float32(0)
		if maxV > 0 {
			bw = track * float32(row.value) / float32(maxV)
		}
		r.bars[i].Move(fyne.NewPos(lw+pad, by))
		r.bars[i].Resize(fyne.NewSize(bw, bh))
		r.figures[i].Move(fyne.NewPos(lw+pad+track+pad, y+(rowH-th)/2))
		r.figures[i].Resize(r.figures[i].MinSize())
	}
}

func (r *barRenderer) MinSize() fyne.Size {
	lw, fw := r.widths()
	return fyne.NewSize(lw+fw+theme.Padding()*4+120, float32(len(r.c.rows))*barRowHeight())
}

func (r *barRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *barRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *barRenderer) Destroy()                     {}
