package charts

import (
	echarts "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// The option helpers below keep every chart alike: legend on top, labels inside the grid, an
// axis tooltip, and no title (the page's <figcaption> is the title). They use no JavaScript
// function strings, only data and ECharts' string templates such as "{value}%".

func common(title string) []echarts.GlobalOpts {
	return []echarts.GlobalOpts{
		echarts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "0"}),
		withGrid(opts.Grid{Left: "8", Right: "24", Top: "40", Bottom: "8"}),
		echarts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true), Label: &opts.AriaLabel{Enabled: opts.Bool(true),
			General: &opts.AriaGeneral{WithoutTitle: title + "."}}}),
	}
}

// newTimeLine is a line chart over calendar days.
func newTimeLine(title, yName string) *echarts.Line {
	l := echarts.NewLine()
	l.SetGlobalOptions(common(title)...)
	l.SetGlobalOptions(
		echarts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		echarts.WithXAxisOpts(opts.XAxis{Type: "time"}),
		echarts.WithYAxisOpts(opts.YAxis{Type: "value", Name: yName, MinInterval: 1}),
	)
	if yName != "" { // room for the axis name below the legend
		l.SetGlobalOptions(withGrid(opts.Grid{Left: "8", Right: "24", Top: "60", Bottom: "8"}))
	}
	return l
}

// newBar is a bar chart over categories; horizontal bars suit long category names on a phone.
func newBar(title string, categories []string, horizontal bool) *echarts.Bar {
	b := echarts.NewBar()
	b.SetGlobalOptions(common(title)...)
	b.SetGlobalOptions(echarts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis",
		AxisPointer: &opts.AxisPointer{Type: "shadow"}}))
	b.SetXAxis(categories)
	if horizontal {
		b.XYReversal()
		b.SetGlobalOptions(
			echarts.WithXAxisOpts(opts.XAxis{Type: "value", MinInterval: 1}),
			echarts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
		)
	} else {
		b.SetGlobalOptions(
			echarts.WithXAxisOpts(opts.XAxis{Type: "category"}),
			echarts.WithYAxisOpts(opts.YAxis{Type: "value"}),
		)
	}
	return b
}

// withGrid replaces the chart's grid (go-echarts' WithGridOpts adds another grid instead).
func withGrid(g opts.Grid) echarts.GlobalOpts {
	return func(bc *echarts.BaseConfiguration) {
		g.ContainLabel = opts.Bool(true)
		bc.GridList = []opts.Grid{g}
	}
}

// withPanels lays out n grids as small multiples, two to a row under the legend; each grid
// holds its axis labels, and leaves room above it for its axis name, the panel's title.
func withPanels(n int) echarts.GlobalOpts {
	return func(bc *echarts.BaseConfiguration) {
		cols := min(n, 2)
		rows := (n + cols - 1) / cols
		const top, bottom, titleRoom, gap = 9.0, 2.0, 6.0, 4.0 // percent of the chart's height
		rowH := (100 - top - bottom) / float64(rows)
		colW := 100 / float64(cols)
		bc.GridList = nil
		for i := range n {
			r, c := i/cols, i%cols
			bc.GridList = append(bc.GridList, opts.Grid{
				Left:         pct(colW*float64(c)/100 + 0.01),
				Width:        pct(colW/100 - 0.04),
				Top:          pct((top + rowH*float64(r) + titleRoom) / 100),
				Height:       pct((rowH - titleRoom - gap) / 100),
				ContainLabel: opts.Bool(true),
			})
		}
	}
}

// panelAxes names each panel's value axis with its title, written from the left edge of the
// panel, and gives every time axis the same days, so the panels line up. go-echarts has no
// field for an axis name's alignment, so it is set on the serialised options.
func panelAxes(panels []supportPanel, first, last string) func(map[string]any) {
	return func(o map[string]any) {
		xs, _ := o["xAxis"].([]any)
		for _, a := range xs {
			if m, ok := a.(map[string]any); ok {
				m["min"], m["max"] = first, last
				m["splitNumber"] = 4 // a narrow panel has room for a few days' labels, not ten
			}
		}
		ys, _ := o["yAxis"].([]any)
		for i, a := range ys {
			if m, ok := a.(map[string]any); ok && i < len(panels) {
				m["name"] = panels[i].title
				m["nameTextStyle"] = map[string]any{"align": "left", "fontWeight": "bold"}
			}
		}
	}
}

// everyCategoryLabel makes a category axis ("xAxis" or "yAxis") label every category, with
// room for labels of several lines. go-echarts types the label interval and line height as
// strings, which ECharts would misread, so they are set as numbers on the serialised options.
func everyCategoryLabel(axis string) func(map[string]any) {
	return func(o map[string]any) {
		axes, _ := o[axis].([]any)
		for _, a := range axes {
			m, ok := a.(map[string]any)
			if !ok || m["type"] != "category" {
				continue
			}
			label, _ := m["axisLabel"].(map[string]any)
			if label == nil {
				label = map[string]any{}
			}
			label["interval"] = 0
			label["lineHeight"] = 14
			m["axisLabel"] = label
		}
	}
}

// breakCategoryLabels makes ECharts break a category axis's labels onto new lines at a width in
// pixels, rather than let a long one run into the chart (go-echarts has no field for it).
func breakCategoryLabels(o map[string]any, axis string, width int) {
	axes, _ := o[axis].([]any)
	for _, a := range axes {
		if m, ok := a.(map[string]any); ok && m["type"] == "category" {
			label, _ := m["axisLabel"].(map[string]any)
			if label == nil {
				label = map[string]any{}
			}
			label["width"], label["overflow"] = width, "break"
			m["axisLabel"] = label
		}
	}
}

// colourOpts colours a series.
func colourOpts(colour string) []echarts.SeriesOpts {
	return []echarts.SeriesOpts{
		echarts.WithItemStyleOpts(opts.ItemStyle{Color: colour}),
		echarts.WithLineStyleOpts(opts.LineStyle{Color: colour, Width: 2}),
	}
}

// barColour colours a bar series.
func barColour(colour string) echarts.SeriesOpts {
	return echarts.WithItemStyleOpts(opts.ItemStyle{Color: colour})
}

// percentAxis is a 0..100 value axis labelled in percent.
func percentAxis(name string) echarts.GlobalOpts {
	return echarts.WithYAxisOpts(opts.YAxis{Type: "value", Name: name, Min: 0, Max: 100,
		AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}})
}
