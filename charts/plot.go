package charts

import (
	"encoding/json"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// This file draws a chart as a static image (PNG or SVG) with gonum.org/v1/plot, for
// newsletters, readers without JavaScript and social cards. It reads the chart's own ECharts
// options, so the image shows the same series, values, categories and colours as the
// interactive chart, and adds the title and the source line the page shows around it.

// Image formats.
const (
	PNG = "png"
	SVG = "svg"
)

// Series is one series of a chart as data: what the series API serves and the images draw.
type Series struct {
	Name   string `json:"name"`
	Type   string `json:"type"` // "line" (x is an ISO day) or "bar" (x is a category)
	Colour string `json:"colour,omitempty"`
	Stack  string `json:"stack,omitempty"`
	// Basis is "reported" (a published tally) or "counted" (records counted here), on a chart
	// that draws both; Panel is the index of its panel in Data.Panels, on a chart of several.
	Basis  string  `json:"basis,omitempty"`
	Panel  int     `json:"panel,omitempty"`
	Points []Point `json:"points"`

	step       string
	showSymbol bool
}

// Point is one value of a series; Y is nil where the series has no value (ECharts' "-").
type Point struct {
	X      string   `json:"x"`
	Y      *float64 `json:"y"`
	Colour string   `json:"colour,omitempty"` // a colour of its own, where the chart gives one
}

// Mark is a reference line across a chart, such as a nomination threshold.
type Mark struct {
	Label string  `json:"label"`
	Value float64 `json:"value"`
}

// Data is a chart's figures as the interactive chart plots them.
type Data struct {
	Kind       string   `json:"kind"` // "time" (lines over days) or "category" (bars)
	Horizontal bool     `json:"horizontal,omitempty"`
	Categories []string `json:"categories,omitempty"`
	ValueName  string   `json:"value_name,omitempty"`
	Percent    bool     `json:"percent,omitempty"`
	// Panels names the small multiples of a chart drawn as several, each with its own value
	// axis over the same days; a series says which panel it is in.
	Panels []string `json:"panels,omitempty"`
	Series []Series `json:"series"`
	Marks  []Mark   `json:"marks,omitempty"`

	legend     bool
	vmin, vmax *float64
	// first and last are the days a time axis spans, where the chart fixes them.
	first, last string
}

// The subset of ECharts options the images read, as go-echarts serialises them.
type ecOptions struct {
	Color  []string   `json:"color"`
	Legend ecLegend   `json:"legend"`
	XAxis  []ecAxis   `json:"xAxis"`
	YAxis  []ecAxis   `json:"yAxis"`
	Series []ecSeries `json:"series"`
}

type ecLegend struct {
	Show *bool `json:"show"`
}

type ecAxis struct {
	Type      string          `json:"type"`
	Name      string          `json:"name"`
	Data      []string        `json:"data"`
	Min       json.RawMessage `json:"min"` // a number, or a day on a time axis
	Max       json.RawMessage `json:"max"`
	AxisLabel struct {
		Formatter string `json:"formatter"`
	} `json:"axisLabel"`
}

type ecStyle struct {
	Color string `json:"color"`
	Type  string `json:"type"`
}

type ecSeries struct {
	Name       string    `json:"name"`
	Type       string    `json:"type"`
	Stack      string    `json:"stack"`
	YAxisIndex int       `json:"yAxisIndex"`
	Step       any       `json:"step"`
	ShowSymbol *bool     `json:"showSymbol"`
	ItemStyle  *ecStyle  `json:"itemStyle"`
	LineStyle  *ecStyle  `json:"lineStyle"`
	Data       []ecDatum `json:"data"`
	MarkLine   *struct {
		Data []struct {
			Name  string   `json:"name"`
			YAxis *float64 `json:"yAxis"`
			XAxis *float64 `json:"xAxis"`
		} `json:"data"`
	} `json:"markLine"`
}

type ecDatum struct {
	Value     json.RawMessage `json:"value"`
	ItemStyle *ecStyle        `json:"itemStyle"`
}

// Data reads the chart's figures back from its ECharts options. An empty chart has no data.
func (c *Chart) Data() (*Data, error) {
	if c.Empty || c.Echart == nil {
		return &Data{Series: []Series{}}, nil
	}
	b, err := c.MarshalOptions()
	if err != nil {
		return nil, err
	}
	var o ecOptions
	if err := json.Unmarshal(b, &o); err != nil {
		return nil, fmt.Errorf("charts: read options of %s: %w", c.Name, err)
	}
	if len(o.XAxis) == 0 || len(o.YAxis) == 0 {
		return nil, fmt.Errorf("charts: %s has no axes", c.Name)
	}
	d := &Data{Series: []Series{}, legend: o.Legend.Show == nil || *o.Legend.Show}
	var value ecAxis
	switch {
	case o.XAxis[0].Type == "time":
		d.Kind, value = "time", o.YAxis[0]
		d.first, d.last = axisDay(o.XAxis[0].Min), axisDay(o.XAxis[0].Max)
		if len(o.YAxis) > 1 {
			for _, ax := range o.YAxis {
				d.Panels = append(d.Panels, ax.Name)
			}
			value = ecAxis{}
		}
	case o.YAxis[0].Type == "category":
		d.Kind, d.Horizontal, d.Categories, value = "category", true, o.YAxis[0].Data, o.XAxis[0]
	default:
		d.Kind, d.Categories, value = "category", o.XAxis[0].Data, o.YAxis[0]
	}
	d.ValueName, d.vmin, d.vmax = value.Name, axisNumber(value.Min), axisNumber(value.Max)
	d.Percent = strings.Contains(value.AxisLabel.Formatter, "%")
	for i, es := range o.Series {
		s := Series{Name: es.Name, Type: es.Type, Stack: es.Stack, Points: []Point{},
			showSymbol: es.ShowSymbol == nil || *es.ShowSymbol}
		if step, ok := es.Step.(string); ok {
			s.step = step
		}
		if d.Panels != nil && es.YAxisIndex < len(d.Panels) {
			s.Panel = es.YAxisIndex
		}
		switch {
		case es.ItemStyle != nil && es.ItemStyle.Color != "":
			s.Colour = es.ItemStyle.Color
		case es.LineStyle != nil && es.LineStyle.Color != "":
			s.Colour = es.LineStyle.Color
		case len(o.Color) > 0:
			s.Colour = o.Color[i%len(o.Color)]
		}
		for j, ed := range es.Data {
			p, err := readPoint(d, j, ed)
			if err != nil {
				return nil, fmt.Errorf("charts: %s series %q: %w", c.Name, es.Name, err)
			}
			s.Points = append(s.Points, p)
		}
		if es.MarkLine != nil {
			for _, m := range es.MarkLine.Data {
				switch {
				case m.YAxis != nil:
					d.Marks = append(d.Marks, Mark{Label: m.Name, Value: *m.YAxis})
				case m.XAxis != nil:
					d.Marks = append(d.Marks, Mark{Label: m.Name, Value: *m.XAxis})
				}
			}
		}
		d.Series = append(d.Series, s)
	}
	// A chart that draws reported tallies (dashed) beside counted records says which is which.
	if slices.ContainsFunc(o.Series, func(es ecSeries) bool { return es.LineStyle != nil && es.LineStyle.Type == reportedLine }) {
		for i, es := range o.Series {
			d.Series[i].Basis = "counted"
			if es.LineStyle != nil && es.LineStyle.Type == reportedLine {
				d.Series[i].Basis = "reported"
			}
		}
	}
	return d, nil
}

// counts reports whether every value of the chart is a whole number.
func (d *Data) counts() bool {
	for _, s := range d.Series {
		for _, p := range s.Points {
			if p.Y != nil && *p.Y != math.Trunc(*p.Y) {
				return false
			}
		}
	}
	return true
}

// axisNumber is an axis bound that is a number, or nil.
func axisNumber(raw json.RawMessage) *float64 {
	var f float64
	if len(raw) == 0 || json.Unmarshal(raw, &f) != nil {
		return nil
	}
	return &f
}

// axisDay is a time axis bound that is an ISO day, or "".
func axisDay(raw json.RawMessage) string {
	var day string
	if len(raw) == 0 || json.Unmarshal(raw, &day) != nil {
		return ""
	}
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return ""
	}
	return day
}

// readPoint reads one datum: a number or "-" on a category axis, [day, number] on a time axis.
func readPoint(d *Data, j int, ed ecDatum) (Point, error) {
	var p Point
	if ed.ItemStyle != nil {
		p.Colour = ed.ItemStyle.Color
	}
	raw := ed.Value
	if d.Kind == "time" {
		var pair []json.RawMessage
		if err := json.Unmarshal(raw, &pair); err != nil || len(pair) != 2 {
			return p, fmt.Errorf("datum %d: want [day, value], got %s", j, raw)
		}
		if err := json.Unmarshal(pair[0], &p.X); err != nil {
			return p, fmt.Errorf("datum %d: day: %w", j, err)
		}
		raw = pair[1]
	} else if j < len(d.Categories) {
		p.X = d.Categories[j]
	}
	var f float64
	if err := json.Unmarshal(raw, &f); err == nil {
		p.Y = &f
	}
	return p, nil
}

// ImageOptions size and colour an image.
type ImageOptions struct {
	Width, Height int // pixels
	Dark          bool
}

// WriteImage draws the chart as a PNG or SVG image of the given size, with its title, the same
// series and colours as the interactive chart, and its source and as-of line.
func (c *Chart) WriteImage(w io.Writer, format string, o ImageOptions) error {
	if o.Width <= 0 || o.Height <= 0 {
		return errors.New("charts: image size must be positive")
	}
	d, err := c.Data()
	if err != nil {
		return err
	}
	th := newImageTheme(o)
	wPt, hPt := vg.Length(o.Width)*vg.Inch/96, vg.Length(o.Height)*vg.Inch/96
	var cv vg.CanvasWriterTo
	switch format {
	case PNG:
		cv = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(wPt, hPt), vgimg.UseDPI(96))}
	case SVG:
		cv = vgsvg.NewWith(vgsvg.UseWH(wPt, hPt))
	default:
		return fmt.Errorf("charts: unknown image format %q", format)
	}
	dc := draw.New(cv)
	dc.SetColor(th.bg)
	dc.Fill(dc.Rectangle.Path())

	pad := th.size(14)
	inner := draw.Crop(dc, pad, -pad, pad, -pad)
	// The footer: the source and the day the chart is as of, as on the page.
	foot := th.text(th.size(10), th.muted, false)
	// "As of" comes first so that a long source line is what gets shortened.
	footer := "Source: " + c.Source
	if c.Basis != "" {
		footer = c.Basis + " · " + footer
	}
	if c.AsOf != "" {
		footer = "As of " + Day(c.AsOf) + " · " + footer
	}
	// The source line is kept whole, on as many lines as it takes (up to four).
	lines := wrapText(foot, footer, inner.Max.X-inner.Min.X, 4)
	lineH := foot.Height("Hg") * 1.25
	for i, line := range lines {
		inner.FillText(foot, vg.Point{X: inner.Min.X, Y: inner.Min.Y + lineH*vg.Length(len(lines)-1-i)}, line)
	}
	body := draw.Crop(inner, 0, 0, lineH*vg.Length(len(lines)-1)+foot.Height("Hg")+th.size(8), 0)

	// The title, left-aligned like the page's caption, then the legend, as ECharts shows it.
	title := th.text(th.size(17), th.ink, true)
	title.YAlign = draw.YTop
	titleText := fitText(title, c.Title, body.Max.X-body.Min.X)
	body.FillText(title, vg.Point{X: body.Min.X, Y: body.Max.Y}, titleText)
	body = draw.Crop(body, 0, 0, 0, -(title.Height(titleText) + th.size(8)))
	if d.legend && len(d.Series) > 1 {
		used := th.legend(body, d)
		body = draw.Crop(body, 0, 0, 0, -(used + th.size(6)))
	}

	p := plot.New()
	th.style(p)
	if c.Empty || len(d.Series) == 0 {
		msg := th.text(th.size(13), th.muted, false)
		msg.XAlign, msg.YAlign = draw.XCenter, draw.YCenter
		text := c.EmptyText
		if text == "" {
			text = "Nothing has been recorded for this chart yet."
		}
		body.FillText(msg, body.Center(), fitText(msg, text, body.Max.X-body.Min.X))
	} else if len(d.Panels) > 1 {
		if err := th.drawPanels(body, d); err != nil {
			return err
		}
	} else {
		if err := th.plotData(p, d, body); err != nil {
			return err
		}
		p.Draw(body)
	}
	if _, err := cv.WriteTo(w); err != nil {
		return fmt.Errorf("charts: write %s image: %w", format, err)
	}
	return nil
}

// imageTheme holds the colours and text sizes of an image.
type imageTheme struct {
	bg, ink, muted, grid color.Color
	scale                vg.Length
	width                vg.Length
}

func newImageTheme(o ImageOptions) *imageTheme {
	th := &imageTheme{
		bg: color.White, ink: rgb("#1d1d1f"), muted: rgb("#5f6368"), grid: rgb("#e3e3e8"),
		scale: vg.Length(math.Min(math.Max(float64(o.Width)/900, 0.7), 2)),
		width: vg.Length(o.Width) * vg.Inch / 96,
	}
	if o.Dark {
		th.bg, th.ink, th.muted, th.grid = rgb("#1e1f22"), rgb("#e8eaed"), rgb("#a8adb3"), rgb("#3a3c40")
	}
	return th
}

// size scales a size in points with the image.
func (th *imageTheme) size(pt float64) vg.Length { return vg.Length(pt) * th.scale }

var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

func (th *imageTheme) text(size vg.Length, c color.Color, bold bool) draw.TextStyle {
	f := sans
	if bold {
		f.Weight = xfont.WeightBold
	}
	return draw.TextStyle{Color: c, Font: font.From(f, size), Handler: plot.DefaultTextHandler}
}

// style applies the theme to a plot's title, axes and legend.
func (th *imageTheme) style(p *plot.Plot) {
	// The image is already filled with the theme's background.
	p.BackgroundColor = nil
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		// Only font and colour change: the axes keep their own text alignment.
		ax.Label.TextStyle.Font = font.From(sans, th.size(11))
		ax.Label.TextStyle.Color = th.muted
		ax.Tick.Label.Font = font.From(sans, th.size(10.5))
		ax.Tick.Label.Color = th.muted
		ax.Color, ax.Tick.Color = th.muted, th.muted
		ax.LineStyle.Color, ax.Tick.LineStyle.Color = th.muted, th.muted
		ax.Tick.LineStyle.Width = th.size(0.5)
		ax.LineStyle.Width = th.size(0.5)
	}
}

// legend draws one entry per series along the top of c, wrapping as needed, and returns the
// height it used.
func (th *imageTheme) legend(c draw.Canvas, d *Data) vg.Length {
	st := th.text(th.size(11), th.ink, false)
	st.YAlign = draw.YTop
	box := th.size(11)
	gap := th.size(14)
	lineH := st.Height("Hg") + th.size(4)
	x, y := c.Min.X, c.Max.Y
	var drawn []string
	for _, s := range d.Series {
		if slices.Contains(drawn, s.Name) {
			continue // the same series in another panel
		}
		drawn = append(drawn, s.Name)
		name := fitText(st, s.Name, (c.Max.X-c.Min.X)/2)
		w := box + th.size(5) + st.Width(name)
		if x > c.Min.X && x+w > c.Max.X {
			x, y = c.Min.X, y-lineH
		}
		top := y - (lineH-th.size(4)-box)/2
		if s.Type == "line" {
			ls := draw.LineStyle{Color: rgb(s.Colour), Width: th.size(2.5)}
			if s.Basis == "reported" {
				ls.Dashes = th.dashes()
				c.DrawGlyph(draw.GlyphStyle{Color: rgb(s.Colour), Radius: th.size(3), Shape: draw.CircleGlyph{}}, vg.Point{X: x + box/2, Y: top - box/2})
			}
			c.StrokeLine2(ls, x, top-box/2, x+box, top-box/2)
		} else {
			c.FillPolygon(rgb(s.Colour), []vg.Point{{X: x, Y: top}, {X: x + box, Y: top}, {X: x + box, Y: top - box}, {X: x, Y: top - box}})
		}
		c.FillText(st, vg.Point{X: x + box + th.size(5), Y: y}, name)
		x += w + gap
	}
	return c.Max.Y - y + lineH
}

// plotData adds the series, marks and axes of d to the plot.
func (th *imageTheme) plotData(p *plot.Plot, d *Data, body draw.Canvas) error {
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = th.grid, th.grid
	grid.Vertical.Width, grid.Horizontal.Width = th.size(0.6), th.size(0.6)
	if d.Kind == "category" {
		if d.Horizontal {
			grid.Horizontal.Width = 0
		} else {
			grid.Vertical.Width = 0
		}
	}
	p.Add(grid)
	valueAxis := &p.Y
	if d.Horizontal {
		valueAxis = &p.X
	}
	valueAxis.Label.Text = d.ValueName
	if d.Percent {
		valueAxis.Tick.Marker = percentTicks{}
	} else if d.counts() {
		valueAxis.Tick.Marker = countTicks{}
	}
	if d.Kind == "time" {
		if err := th.plotLines(p, d); err != nil {
			return err
		}
	} else {
		th.plotBars(p, d, body)
	}
	for _, m := range d.Marks {
		p.Add(&markLine{mark: m, horizontal: d.Horizontal, style: th.text(th.size(10.5), th.ink, false),
			line: draw.LineStyle{Color: th.ink, Width: th.size(1.5), Dashes: []vg.Length{th.size(5), th.size(4)}}})
	}
	// The value axis starts at zero, as the interactive chart's does, and keeps its bounds.
	if valueAxis.Min > 0 {
		valueAxis.Min = 0
	}
	if d.vmin != nil {
		valueAxis.Min = *d.vmin
	}
	if d.vmax != nil {
		valueAxis.Max = *d.vmax
		// A fixed end (a denominator: 646 CLPs) is labelled, so the reader sees the whole.
		valueAxis.Tick.Marker = endTick{Ticker: valueAxis.Tick.Marker, end: *d.vmax}
	} else if valueAxis.Max > 0 {
		// Headroom above the longest bar or highest point, as ECharts leaves.
		valueAxis.Max = niceCeil(valueAxis.Max * 1.04)
	}
	if valueAxis.Max <= valueAxis.Min {
		valueAxis.Max = valueAxis.Min + 1
	}
	return nil
}

// plotLines draws series of [day, value] points as lines, stepped where the chart steps.
func (th *imageTheme) plotLines(p *plot.Plot, d *Data) error {
	first, last := math.Inf(1), math.Inf(-1)
	for _, s := range d.Series {
		var xys plotter.XYs
		for _, pt := range s.Points {
			if pt.Y == nil {
				continue
			}
			t, err := time.Parse("2006-01-02", pt.X)
			if err != nil {
				return fmt.Errorf("charts: series %q: day %q: %w", s.Name, pt.X, err)
			}
			x := float64(t.Unix())
			first, last = math.Min(first, x), math.Max(last, x)
			xys = append(xys, plotter.XY{X: x, Y: *pt.Y})
		}
		if len(xys) == 0 {
			continue
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return fmt.Errorf("charts: series %q: %w", s.Name, err)
		}
		l.Color = rgb(s.Colour)
		l.Width = th.size(2)
		radius := th.size(2.5)
		if s.Basis == "reported" {
			l.Dashes, radius = th.dashes(), th.size(3.5)
		}
		switch s.step {
		case "start":
			l.StepStyle = plotter.PreStep
		case "middle":
			l.StepStyle = plotter.MidStep
		case "end":
			l.StepStyle = plotter.PostStep
		}
		p.Add(l)
		if s.showSymbol && len(xys) <= 60 {
			sc, err := plotter.NewScatter(xys)
			if err == nil {
				sc.GlyphStyle = draw.GlyphStyle{Color: rgb(s.Colour), Radius: radius, Shape: draw.CircleGlyph{}}
				p.Add(sc)
			}
		}
	}
	format := "2 Jan"
	if last-first > 200*86400 {
		format = "Jan 2006"
	}
	p.X.Tick.Marker = plot.TimeTicks{Format: format, Time: func(t float64) time.Time { return time.Unix(int64(t), 0).UTC() }}
	if math.IsInf(first, 1) {
		return errors.New("charts: no points to draw")
	}
	// Where the chart fixes its days (panels over the same days), the axis keeps them.
	for _, fixed := range []struct {
		day string
		to  *float64
	}{{d.first, &first}, {d.last, &last}} {
		if t, err := time.Parse(time.DateOnly, fixed.day); err == nil {
			*fixed.to = float64(t.Unix())
		}
	}
	p.X.Min, p.X.Max = first, last
	if last == first {
		p.X.Min, p.X.Max = first-86400, last+86400
	}
	return nil
}

// dashes is the dash pattern of a reported tally's line.
func (th *imageTheme) dashes() []vg.Length { return []vg.Length{th.size(5), th.size(3)} }

// drawPanels draws a chart of several panels as small plots, two to a row, each titled with
// its panel's name and spanning the same days.
func (th *imageTheme) drawPanels(c draw.Canvas, d *Data) error {
	n := len(d.Panels)
	cols := min(n, 2)
	rows := (n + cols - 1) / cols
	w := (c.Max.X - c.Min.X) / vg.Length(cols)
	h := (c.Max.Y - c.Min.Y) / vg.Length(rows)
	gap := th.size(12)
	title := th.text(th.size(12), th.ink, true)
	title.YAlign = draw.YTop
	for i, name := range d.Panels {
		r, col := i/cols, i%cols
		tile := draw.Crop(c, w*vg.Length(col), -w*vg.Length(cols-1-col), h*vg.Length(rows-1-r), -h*vg.Length(r))
		if col > 0 {
			tile = draw.Crop(tile, gap, 0, 0, 0)
		}
		if r < rows-1 {
			tile = draw.Crop(tile, 0, 0, gap, 0)
		}
		text := fitText(title, name, tile.Max.X-tile.Min.X)
		tile.FillText(title, vg.Point{X: tile.Min.X, Y: tile.Max.Y}, text)
		tile = draw.Crop(tile, 0, 0, 0, -(title.Height(text) + th.size(4)))
		panel := &Data{Kind: d.Kind, first: d.first, last: d.last, Series: []Series{}}
		for _, s := range d.Series {
			if s.Panel == i {
				panel.Series = append(panel.Series, s)
			}
		}
		if len(panel.Series) == 0 {
			continue
		}
		p := plot.New()
		th.style(p)
		if err := th.plotData(p, panel, tile); err != nil {
			return err
		}
		p.Draw(tile)
	}
	return nil
}

// plotBars draws category series as bars: grouped side by side, stacked where they share a stack.
func (th *imageTheme) plotBars(p *plot.Plot, d *Data, body draw.Canvas) {
	bp := &barsPlotter{data: d, groupOf: map[int]int{}}
	stacks := map[string]int{}
	for i, s := range d.Series {
		if s.Stack != "" {
			if g, ok := stacks[s.Stack]; ok {
				bp.groupOf[i] = g
				continue
			}
			stacks[s.Stack] = bp.groups
		}
		bp.groupOf[i] = bp.groups
		bp.groups++
	}
	p.Add(bp)
	n := len(d.Categories)
	labels := make([]string, n)
	axis := &p.X
	// Room per label along the category axis, so long names are shortened rather than overlap.
	room := (body.Max.X - body.Min.X) * 0.85 / vg.Length(max(n, 1))
	lines := 1
	if d.Horizontal {
		axis = &p.Y
		room = th.width * 0.4
		// Beside horizontal bars a label may take as many lines as its row has room for
		// (up to three), so "18 Jul 2016 · Labour members who joined before May 2015" reads whole.
		lineH := axis.Tick.Label.Height("Hg") * 1.1
		lines = min(max(int(float64((body.Max.Y-body.Min.Y)/vg.Length(max(n, 1))/lineH)), 1), 3)
	}
	for i, c := range d.Categories {
		// A label of several lines ("18 Jul 2016\nFull members") keeps its first line and wraps
		// the rest to the room it has; with room for one line it goes on one. Either way it is
		// shortened only if it still does not fit, so labels never run into each other.
		head, rest, _ := strings.Cut(c, "\n")
		rest = strings.Join(strings.Fields(strings.ReplaceAll(rest, "\n", " ")), " ")
		one := head
		if rest != "" {
			one = head + " · " + rest
		}
		wrapped := wrapText(axis.Tick.Label, one, room, lines)
		if lines > 1 && rest != "" && len(wrapText(axis.Tick.Label, rest, room, lines)) < lines {
			// The rest fits below the first line as it was written: keep that break.
			wrapped = append([]string{fitText(axis.Tick.Label, head, room)}, wrapText(axis.Tick.Label, rest, room, lines-1)...)
		}
		labels[i] = strings.Join(wrapped, "\n")
	}
	ticks := make([]plot.Tick, n)
	for i := range labels {
		ticks[i] = plot.Tick{Value: bp.position(i), Label: labels[i]}
	}
	axis.Tick.Marker = plot.ConstantTicks(ticks)
	axis.Tick.Length = 0
	axis.Width = 0
	axis.Min, axis.Max = -0.5, float64(n)-0.5
}

// barsPlotter draws bars for every series of a category chart.
type barsPlotter struct {
	data    *Data
	groups  int
	groupOf map[int]int
}

// position is where category i sits on its axis; horizontal charts list the first at the top.
func (b *barsPlotter) position(i int) float64 {
	if b.data.Horizontal {
		return float64(len(b.data.Categories) - 1 - i)
	}
	return float64(i)
}

// stacked returns each bar as (series, category, from, to) in value units.
func (b *barsPlotter) each(fn func(s, cat, group int, from, to float64)) {
	base := map[[2]int]float64{} // (group, category) -> top of the stack so far
	neg := map[[2]int]float64{}
	for si, s := range b.data.Series {
		g := b.groupOf[si]
		for ci, pt := range s.Points {
			if pt.Y == nil || ci >= len(b.data.Categories) {
				continue
			}
			k := [2]int{g, ci}
			v := *pt.Y
			if s.Stack == "" {
				fn(si, ci, g, 0, v)
				continue
			}
			if v >= 0 {
				fn(si, ci, g, base[k], base[k]+v)
				base[k] += v
			} else {
				fn(si, ci, g, neg[k]+v, neg[k])
				neg[k] += v
			}
		}
	}
}

// DataRange implements plot.DataRanger.
func (b *barsPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	lo, hi := 0.0, 0.0
	b.each(func(_, _, _ int, from, to float64) {
		lo, hi = math.Min(lo, from), math.Max(hi, to)
	})
	for _, m := range b.data.Marks {
		lo, hi = math.Min(lo, m.Value), math.Max(hi, m.Value)
	}
	cmin, cmax := -0.5, float64(len(b.data.Categories))-0.5
	if b.data.Horizontal {
		return lo, hi, cmin, cmax
	}
	return cmin, cmax, lo, hi
}

// Plot implements plot.Plotter.
func (b *barsPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	width := 0.8 / float64(max(b.groups, 1))
	b.each(func(si, ci, g int, from, to float64) {
		s := b.data.Series[si]
		col := s.Colour
		if pc := s.Points[ci].Colour; pc != "" {
			col = pc
		}
		lo := b.position(ci) - 0.4 + float64(g)*width
		hi := lo + width*0.92
		var pts []vg.Point
		if b.data.Horizontal {
			pts = []vg.Point{{X: trX(from), Y: trY(lo)}, {X: trX(to), Y: trY(lo)}, {X: trX(to), Y: trY(hi)}, {X: trX(from), Y: trY(hi)}}
		} else {
			pts = []vg.Point{{X: trX(lo), Y: trY(from)}, {X: trX(hi), Y: trY(from)}, {X: trX(hi), Y: trY(to)}, {X: trX(lo), Y: trY(to)}}
		}
		c.FillPolygon(rgb(col), c.ClipPolygonXY(pts))
	})
}

// markLine draws a dashed reference line across the plot with its label.
type markLine struct {
	mark       Mark
	horizontal bool
	style      draw.TextStyle
	line       draw.LineStyle
}

// Plot implements plot.Plotter.
func (m *markLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	st := m.style
	if m.horizontal {
		x := trX(m.mark.Value)
		c.StrokeLine2(m.line, x, c.Min.Y, x, c.Max.Y)
		st.XAlign, st.YAlign = draw.XLeft, draw.YTop
		c.FillText(st, vg.Point{X: x + m.line.Width*2, Y: c.Max.Y}, m.mark.Label)
		return
	}
	y := trY(m.mark.Value)
	c.StrokeLine2(m.line, c.Min.X, y, c.Max.X, y)
	st.XAlign, st.YAlign = draw.XRight, draw.YBottom
	c.FillText(st, vg.Point{X: c.Max.X, Y: y + m.line.Width*2}, m.mark.Label)
}

// percentTicks labels a 0..100 axis in percent, as the interactive chart's "{value}%" does.
type percentTicks struct{}

// Ticks implements plot.Ticker.
func (percentTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label += "%"
		}
	}
	return ts
}

// niceCeil rounds v up to 1, 2, 2.5 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return v
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// wrapText breaks s into lines of whole words that fit in width, at most maxLines of them;
// the last is shortened with an ellipsis if the text is longer still.
func wrapText(st draw.TextStyle, s string, width vg.Length, maxLines int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case st.Width(line+" "+w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	lines = append(lines, line)
	if len(lines) > maxLines {
		lines[maxLines-1] = fitText(st, strings.Join(lines[maxLines-1:], " "), width)
		lines = lines[:maxLines]
	}
	for i, l := range lines {
		lines[i] = fitText(st, l, width) // a single word longer than the line
	}
	return lines
}

// endTick adds a labelled tick at the end of an axis to another ticker's ticks, dropping a
// labelled tick so close to it that the labels would meet.
type endTick struct {
	plot.Ticker
	end float64
}

// Ticks implements plot.Ticker.
func (e endTick) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for _, t := range e.Ticker.Ticks(lo, hi) {
		if t.Value == e.end {
			return e.Ticker.Ticks(lo, hi) // labelled already
		}
		if t.Label != "" && math.Abs(e.end-t.Value) < (hi-lo)*0.05 {
			t.Label = ""
		}
		out = append(out, t)
	}
	return append(out, plot.Tick{Value: e.end, Label: strconv.FormatFloat(e.end, 'f', -1, 64)})
}

// countTicks labels a value axis of counts: whole numbers only, written without decimals.
type countTicks struct{}

// Ticks implements plot.Ticker.
func (countTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for _, t := range (plot.DefaultTicks{}).Ticks(lo, hi) {
		if t.Value != math.Trunc(t.Value) {
			if t.Label == "" {
				out = append(out, plot.Tick{Value: t.Value}) // a minor tick stays unlabelled
			}
			continue
		}
		if t.Label != "" {
			t.Label = strconv.FormatFloat(t.Value, 'f', -1, 64)
		}
		out = append(out, t)
	}
	return out
}

// fitText shortens s with an ellipsis until it fits in width.
func fitText(st draw.TextStyle, s string, width vg.Length) string {
	if st.Width(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if t := strings.TrimSpace(string(r)) + "…"; st.Width(t) <= width {
			return t
		}
	}
	return "…"
}

// rgb parses "#rrggbb"; anything else is the neutral grey of Colour.
func rgb(s string) color.Color {
	s = Colour(s)
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}
