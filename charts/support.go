package charts

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	echarts "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/backers/backers/models"
)

// supportOverTime draws, per kind of endorser, the best evidence there is of each candidate's
// support over time: where a source published running tallies of a kind (CLPs, MPs and MEPs),
// a panel of that kind with the tallies as dated points on dashed lines, beside the records of
// that kind counted here on solid steps; then one panel of the counted records of every other
// kind. Reported and counted figures are never added together, and each panel has its own
// scale (small multiples), since 285 CLPs and 3 unions do not share one.
func supportOverTime(in *input, ch *Chart) error {
	ch.Basis = BasisCounted
	ch.Source = "Counted from the sourced endorsements and nominations recorded here"
	panels := in.supportPanels()
	if len(panels) == 0 {
		ch.Empty = true
		ch.EmptyText = "No endorsements or nominations have been recorded yet."
		return nil
	}
	var first, last string // the days every panel's time axis spans
	reported := false
	for _, p := range panels {
		if len(p.days) > 0 {
			first, last = minDay(first, p.days[0]), max(last, p.days[len(p.days)-1])
		}
		for _, t := range p.tallies {
			first, last = minDay(first, t.AsOf), max(last, t.AsOf)
			reported = true
		}
	}
	ch.AsOf = in.asOfOr(last)
	if reported {
		ch.Basis = BasisBoth
		var all []models.ReportedTally
		for _, p := range panels {
			all = append(all, p.tallies...)
		}
		ch.Source = "Reported tallies from " + sourceSites(all) + " (each named in the table); counted from the sourced endorsements and nominations recorded here"
		ch.SourceURL = firstURL(all)
		ch.Notes = append(ch.Notes, "Reported tallies are counts a source published on a day, drawn as points on dashed lines. "+
			"Counted records are the endorsements and nominations recorded here one by one, each with its source, drawn as solid steps: "+
			"a partial list where a tally exists, so the two are shown side by side and never added together.")
		ch.Tall = len(panels) > 1
	}

	ch.Table = Table{Caption: "Support per candidate over time: reported tallies on the days they were published, and cumulative counted records on each day the count changed",
		Header: []string{"Day"}}
	if len(panels) > 1 || reported {
		ch.Table.Header = append(ch.Table.Header, "Panel", "Basis")
	}
	for _, cd := range in.cands {
		ch.Table.Header = append(ch.Table.Header, cd.Name)
	}

	l := newTimeLine(ch.Title, "")
	if len(panels) > 1 {
		l.SetGlobalOptions(withPanels(len(panels)))
	}
	d := panelDrawing{in: in, ch: ch, line: l, both: reported, many: len(panels) > 1}
	counted := map[uint]int{} // candidate -> counted records as of the chart's day, every panel
	for i, p := range panels {
		axes := opts.LineChart{XAxisIndex: i, YAxisIndex: i}
		if i > 0 {
			l.ExtendXAxis(opts.XAxis{Type: "time", GridIndex: i})
			l.ExtendYAxis(opts.YAxis{Type: "value", GridIndex: i, MinInterval: 1})
		}
		d.reported(p, axes)
		for id, n := range d.counted(p, axes) {
			counted[id] += n
		}
	}
	if len(panels) > 1 {
		ch.Panels = len(panels)
		ch.patch = panelAxes(panels, first, ch.AsOf)
	}
	ch.Echart = l

	var parts []string
	for _, cd := range in.cands {
		parts = append(parts, fmt.Sprintf("%s %d", cd.Name, counted[cd.ID]))
	}
	ch.Summary = fmt.Sprintf("Counted endorsements and nominations as of %s: %s.", Day(ch.AsOf), JoinList(parts))
	// The rows kept here are a sample of who backs whom; where a source published a count, that
	// is the stronger evidence, so the summary (and the social card and image alt built from
	// it) leads with it, kept apart from the counted records.
	published, err := in.strongestTally()
	if err != nil {
		return err
	}
	if published != "" {
		ch.Published = published
		ch.Summary = published + " " + ch.Summary
	}
	return nil
}

// pointsOverTime is each candidate's cumulative weighted points from counted records, beside
// the count, for a contest whose rules weight kinds of endorser differently (FiveThirtyEight's
// governors 10, senators 5, representatives 1) or whose events carry points of their own. A
// contest where every endorsement is worth one has no points view: it would repeat the count.
func pointsOverTime(in *input, ch *Chart) error {
	ch.Basis = BasisCounted
	ch.Source = "Counted from the sourced endorsements and nominations recorded here, weighted by the contest's rules"
	weighted := slices.ContainsFunc(in.c.Kinds, func(ck models.ContestKind) bool { return ck.Weight != 1 }) ||
		slices.ContainsFunc(in.snap.Series, func(p models.SeriesPoint) bool { return p.Points != float64(p.Count) })
	if !weighted {
		ch.Empty, ch.NotApplicable = true, true
		ch.EmptyText = "This contest's rules weight every endorsement the same, so its points are its count."
		return nil
	}
	var days []string
	at := map[string]map[uint]float64{}
	for _, p := range in.snap.Series {
		if !in.shown(p.CandidateID) {
			continue
		}
		if len(days) == 0 || days[len(days)-1] != p.Day {
			days = append(days, p.Day)
			at[p.Day] = map[uint]float64{}
		}
		at[p.Day][p.CandidateID] = p.Points
	}
	if len(days) == 0 {
		ch.Empty = true
		ch.EmptyText = "No endorsements or nominations have been recorded yet."
		return nil
	}
	ch.AsOf = in.asOfOr(days[len(days)-1])
	ch.Table = Table{Caption: "Cumulative weighted points per candidate (counted records), on each day they changed", Header: []string{"Day"}}
	for _, cd := range in.cands {
		ch.Table.Header = append(ch.Table.Header, cd.Name)
	}
	current := map[uint]float64{}
	series := map[uint][]opts.LineData{}
	for _, d := range days {
		row := []string{Day(d)}
		for _, cd := range in.cands {
			if v, ok := at[d][cd.ID]; ok {
				current[cd.ID] = v
				series[cd.ID] = append(series[cd.ID], opts.LineData{Value: []any{d, v}})
			}
			row = append(row, points(current[cd.ID]))
		}
		ch.Table.Rows = append(ch.Table.Rows, row)
	}
	l := newTimeLine(ch.Title, "Points")
	var parts []string
	for _, cd := range in.cands {
		data := series[cd.ID]
		if len(data) == 0 || data[0].Value.([]any)[0] != days[0] {
			data = append([]opts.LineData{{Value: []any{days[0], 0}}}, data...)
		}
		if days[len(days)-1] != ch.AsOf {
			data = append(data, opts.LineData{Value: []any{ch.AsOf, current[cd.ID]}, Symbol: "none"})
		}
		l.AddSeries(cd.Name, data, append(colourOpts(Colour(cd.Colour)),
			echarts.WithLineChartOpts(opts.LineChart{Step: "end", ShowSymbol: opts.Bool(true)}))...)
		parts = append(parts, cd.Name+" "+points(current[cd.ID]))
	}
	ch.Echart = l
	ch.Summary = fmt.Sprintf("Weighted points from counted endorsements as of %s: %s.", Day(ch.AsOf), JoinList(parts))
	var weights []string
	for _, ck := range in.c.Kinds {
		weights = append(weights, fmt.Sprintf("%s %s", cmp.Or(ck.Kind.Plural, ck.Kind.Name), points(ck.Weight)))
	}
	if len(weights) > 0 {
		ch.Notes = append(ch.Notes, "Points per endorser, by the contest's rules: "+JoinList(weights)+
			". An event that carries points of its own counts those instead.")
	}
	return nil
}

// points writes a number of points as briefly as it reads: 12, 2.5.
func points(v float64) string { return strconv.FormatFloat(round1(v), 'f', -1, 64) }

// panelDrawing adds the series and table rows of each panel of support over time to its chart.
type panelDrawing struct {
	in   *input
	ch   *Chart
	line *echarts.Line
	both bool // the chart draws reported tallies beside counted records
	many bool // the chart has more than one panel
}

// reported adds a panel's reported tallies: one dated point per report, the best-verified
// count of its day, per candidate, and a table row per report.
func (d panelDrawing) reported(p supportPanel, axes opts.LineChart) {
	for _, cd := range d.in.cands {
		var data []opts.LineData
		for _, r := range p.reports {
			if t, ok := r.of(cd.ID); ok {
				data = append(data, opts.LineData{Value: []any{r.day, t.Count}})
			}
		}
		if len(data) == 0 {
			continue
		}
		line := axes
		line.ShowSymbol, line.Symbol, line.SymbolSize = opts.Bool(true), "circle", 8
		d.line.AddSeries(cd.Name+seriesSuffix(d.both, BasisReported), data,
			echarts.WithItemStyleOpts(opts.ItemStyle{Color: Colour(cd.Colour)}),
			echarts.WithLineStyleOpts(opts.LineStyle{Color: Colour(cd.Colour), Width: 2, Type: reportedLine}),
			echarts.WithLineChartOpts(line))
	}
	for _, r := range p.reports {
		row := []string{Day(r.day), p.title, "Reported tally (" + sourceLine(r.chosen) + ")"}
		for _, cd := range d.in.cands {
			cell := "–"
			if t, ok := r.of(cd.ID); ok {
				cell = strconv.Itoa(t.Count) + mark(t.Verification)
			}
			row = append(row, cell)
		}
		d.ch.Table.Rows = append(d.ch.Table.Rows, row)
	}
}

// counted adds a panel's counted records: each candidate's running count, stepping on the
// days it changed and carried to the chart's day, and a table row per day. It returns each
// candidate's count on the chart's day.
func (d panelDrawing) counted(p supportPanel, axes opts.LineChart) map[uint]int {
	current := map[uint]int{}
	if len(p.days) == 0 {
		return current
	}
	series := map[uint][]opts.LineData{}
	for _, day := range p.days {
		row := []string{Day(day)}
		if len(d.ch.Table.Header) > len(d.in.cands)+1 {
			row = append(row, p.title, BasisCounted)
		}
		for _, cd := range d.in.cands {
			if n, ok := p.at[day][cd.ID]; ok {
				current[cd.ID] = n
				series[cd.ID] = append(series[cd.ID], opts.LineData{Value: []any{day, n}})
			}
			row = append(row, strconv.Itoa(current[cd.ID]))
		}
		d.ch.Table.Rows = append(d.ch.Table.Rows, row)
	}
	for _, cd := range d.in.cands {
		data := series[cd.ID]
		if d.many && !slices.ContainsFunc(data, func(v opts.LineData) bool { return v.Value.([]any)[1] != 0 }) {
			continue // nothing of this kind counted for the candidate: no flat line at zero
		}
		if len(data) == 0 || data[0].Value.([]any)[0] != p.days[0] {
			data = append([]opts.LineData{{Value: []any{p.days[0], 0}}}, data...)
		}
		// Carry the last count to the as-of day so each line reaches the right edge.
		if p.days[len(p.days)-1] != d.ch.AsOf {
			data = append(data, opts.LineData{Value: []any{d.ch.AsOf, current[cd.ID]}, Symbol: "none"})
		}
		line := axes
		// Beside reported tallies (dated points), counted records are plain steps: the
		// points mark what a source published.
		line.Step, line.ShowSymbol = "end", opts.Bool(!d.both)
		d.line.AddSeries(cd.Name+seriesSuffix(d.both, BasisCounted), data, append(colourOpts(Colour(cd.Colour)),
			echarts.WithLineChartOpts(line))...)
	}
	return current
}

// reportedLine is the line type of a reported tally's series; counted records are solid. The
// images and the series API tell the two apart by it.
const reportedLine = "dashed"

// seriesSuffix names a series' basis in the legend, where a chart draws both.
func seriesSuffix(both bool, basis string) string {
	if !both {
		return ""
	}
	if basis == BasisReported {
		return " · reported"
	}
	return " · counted"
}

// sourceSites names the sites some tallies come from, each once, in order.
func sourceSites(ts []models.ReportedTally) string {
	var urls []string
	for _, t := range ts {
		urls = append(urls, t.SourceURL)
	}
	if names := sites(urls); len(names) > 0 {
		return JoinList(names)
	}
	return "sources not given"
}

// sites is the distinct hosts of some URLs, in order.
func sites(urls []string) []string {
	var out []string
	for _, u := range urls {
		if h := site(u); h != "" && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// minDay is the earlier of two ISO days, "" being later than any.
func minDay(a, b string) string {
	if a == "" || b < a {
		return b
	}
	return a
}

// A tallyReport is what the sources published on one day: the best-verified count of each
// candidate (bestTallies).
type tallyReport struct {
	day    string
	chosen []models.ReportedTally
}

// tallyReports groups tallies, oldest first, into one report per day.
func tallyReports(ts []models.ReportedTally) []tallyReport {
	var out []tallyReport
	for _, day := range tallyDays(ts) {
		chosen, _ := bestTallies(ts, day)
		out = append(out, tallyReport{day: day, chosen: chosen})
	}
	return out
}

// of is the report's count of a candidate, if it gives one.
func (r tallyReport) of(candidate uint) (models.ReportedTally, bool) {
	for _, t := range r.chosen {
		if t.CandidateID != nil && *t.CandidateID == candidate {
			return t, true
		}
	}
	return models.ReportedTally{}, false
}

// A supportPanel is one small multiple of support over time: the reported tallies and the
// counted records of one kind of endorser, or the counted records of every kind without tallies.
type supportPanel struct {
	title   string                 // the kind's plural, "Other backers", or "" for the only panel
	tallies []models.ReportedTally // of its kind and the candidates shown, oldest first
	reports []tallyReport          // the tallies as published, one report per day
	days    []string               // the days its counted records changed, ascending
	at      map[string]map[uint]int
}

// supportPanels is the panels of the support chart: one per kind with reported tallies (of
// the kinds counted, the biggest reported first), then one of the counted records of
// every other kind. A contest without tallies has the one panel of every counted record.
func (in *input) supportPanels() []supportPanel {
	var order []uint
	byKind := map[uint][]models.ReportedTally{}
	names := map[uint]string{}
	for _, t := range in.snap.Tallies {
		if t.CandidateID == nil || !in.shown(*t.CandidateID) || (len(in.o.Kinds) > 0 && !slices.Contains(in.o.Kinds, t.Kind.Slug)) {
			continue
		}
		if _, ok := byKind[t.KindID]; !ok {
			order = append(order, t.KindID)
			names[t.KindID] = cmp.Or(t.Kind.Plural, t.Kind.Name)
		}
		byKind[t.KindID] = append(byKind[t.KindID], t)
	}
	var panels []supportPanel
	for _, k := range order {
		p := supportPanel{title: names[k], tallies: byKind[k], reports: tallyReports(byKind[k])}
		p.days, p.at = in.countedOf(func(kind uint) bool { return kind == k })
		panels = append(panels, p)
	}
	// The panels lead with the evidence: the kind whose biggest report counts most comes first.
	biggest := func(p supportPanel) int {
		most := 0
		for _, r := range p.reports {
			sum := 0
			for _, t := range r.chosen {
				sum += t.Count
			}
			most = max(most, sum)
		}
		return most
	}
	slices.SortStableFunc(panels, func(a, b supportPanel) int { return biggest(b) - biggest(a) })
	rest := supportPanel{}
	rest.days, rest.at = in.countedOf(func(kind uint) bool { _, tallied := byKind[kind]; return !tallied })
	if len(rest.days) > 0 {
		if len(panels) > 0 {
			rest.title = "Other backers"
		}
		panels = append(panels, rest)
	}
	return panels
}

// countedOf is each shown candidate's cumulative count of counted records from the kinds
// chosen, on every day it changed: the per-kind running sums of the snapshot, added up per day.
func (in *input) countedOf(chosen func(kind uint) bool) (days []string, at map[string]map[uint]int) {
	var pts []models.SeriesPoint
	for _, p := range in.snap.SeriesByKind {
		if chosen(p.KindID) && in.shown(p.CandidateID) {
			pts = append(pts, p)
		}
	}
	// SeriesByKind runs kind by kind; adding kinds up needs them day by day.
	slices.SortStableFunc(pts, func(a, b models.SeriesPoint) int { return strings.Compare(a.Day, b.Day) })
	at = map[string]map[uint]int{}
	last := map[[2]uint]int{} // (kind, candidate) -> its running count so far
	total := map[uint]int{}
	for _, p := range pts {
		if len(days) == 0 || days[len(days)-1] != p.Day {
			days = append(days, p.Day)
			at[p.Day] = map[uint]int{}
		}
		k := [2]uint{p.KindID, p.CandidateID}
		total[p.CandidateID] += p.Count - last[k]
		last[k] = p.Count
		at[p.Day][p.CandidateID] = total[p.CandidateID]
	}
	return days, at
}

// strongestTally is the published count with the most behind it as of the chart's day, in
// words: "Published (reported tally): CLPs Jeremy Corbyn 285, Owen Smith 53, as of 15 Aug
// 2016 (source)." One source's counts of one kind on one day are a set; of each kind the
// latest day's biggest set, and of those the kind whose set adds up to most; "" when the
// contest has no tally by then.
func (in *input) strongestTally() (string, error) {
	ts := in.snap.Tallies
	type set struct {
		kind             uint
		day, url, plural string
		title            string
		counts           map[uint]int
		total            int
	}
	sets := map[string]*set{}
	var order []string
	for _, t := range ts {
		if t.CandidateID == nil || (in.o.AsOf != "" && t.AsOf > in.o.AsOf) || !in.shown(*t.CandidateID) {
			continue
		}
		key := fmt.Sprint(t.KindID, "|", t.AsOf, "|", t.SourceURL)
		st := sets[key]
		if st == nil {
			st = &set{kind: t.KindID, day: t.AsOf, url: t.SourceURL, title: t.SourceTitle, plural: t.Kind.Plural, counts: map[uint]int{}}
			sets[key] = st
			order = append(order, key)
		}
		st.counts[*t.CandidateID] += t.Count
		st.total += t.Count
	}
	latest := map[uint]*set{} // kind -> its latest day's biggest set
	for _, key := range order {
		st := sets[key]
		if cur := latest[st.kind]; cur == nil || st.day > cur.day || (st.day == cur.day && st.total > cur.total) {
			latest[st.kind] = st
		}
	}
	var best *set
	for _, key := range order {
		if st := latest[sets[key].kind]; best == nil || st.total > best.total {
			best = st
		}
	}
	if best == nil {
		return "", nil
	}
	var parts []string
	for _, cd := range in.cands {
		if n, ok := best.counts[cd.ID]; ok {
			parts = append(parts, fmt.Sprintf("%s %d", cd.Name, n))
		}
	}
	by := best.title
	if by == "" {
		by = site(best.url)
	}
	return fmt.Sprintf("Published (reported tally): %s %s, as of %s (%s).", best.plural, JoinList(parts), Day(best.day), by), nil
}

// byKind is the support of each candidate broken down by kind of endorser, as stacked bars.
func byKind(in *input, ch *Chart) error {
	ch.Basis = BasisCounted
	ch.Source = "Counted from the sourced endorsements and nominations recorded here"
	kinds := in.snap.Kinds
	var rows []models.SupportRow
	for _, r := range in.snap.Support {
		if len(in.o.Kinds) == 0 || slices.Contains(in.o.Kinds, r.KindSlug) {
			rows = append(rows, r)
		}
	}
	type cell struct{ kind, cand uint }
	counts := map[cell]int{}
	var kindOrder []uint
	seen := map[uint]bool{}
	// Kinds in the contest's rules come first, in their order, then any other kind with support.
	for _, ck := range in.c.Kinds {
		seen[ck.KindID] = false
		kindOrder = append(kindOrder, ck.KindID)
	}
	for _, r := range rows {
		if !in.shown(r.CandidateID) {
			continue
		}
		counts[cell{r.KindID, r.CandidateID}] += r.Count
		if _, ok := seen[r.KindID]; !ok {
			kindOrder = append(kindOrder, r.KindID)
		}
		seen[r.KindID] = true
	}
	var used []uint
	for _, k := range kindOrder {
		if seen[k] {
			used = append(used, k)
		}
	}
	if len(used) == 0 {
		ch.Empty = true
		ch.EmptyText = "No endorsements or nominations have been recorded yet."
		return nil
	}
	ch.AsOf = in.asOfOr(in.snap.LastChange())
	names := map[uint]string{}
	for _, k := range kinds {
		names[k.ID] = k.Plural
		if names[k.ID] == "" {
			names[k.ID] = k.Name
		}
	}
	var cats []string
	for _, k := range used {
		cats = append(cats, names[k])
	}
	ch.Table = Table{Caption: "Endorsers backing each candidate by kind (counted records)", Header: []string{"Kind"}}
	for _, cd := range in.cands {
		ch.Table.Header = append(ch.Table.Header, cd.Name)
	}
	ch.Table.Header = append(ch.Table.Header, "Total")
	for _, k := range used {
		row := []string{names[k]}
		total := 0
		for _, cd := range in.cands {
			n := counts[cell{k, cd.ID}]
			total += n
			row = append(row, strconv.Itoa(n))
		}
		ch.Table.Rows = append(ch.Table.Rows, append(row, strconv.Itoa(total)))
	}
	b := newBar(ch.Title, cats, true)
	var parts []string
	for _, cd := range in.cands {
		var data []opts.BarData
		sum := 0
		for _, k := range used {
			n := counts[cell{k, cd.ID}]
			sum += n
			data = append(data, opts.BarData{Value: n})
		}
		b.AddSeries(cd.Name, data, barColour(Colour(cd.Colour)), echarts.WithBarChartOpts(opts.BarChart{Stack: "support"}))
		parts = append(parts, fmt.Sprintf("%s %d", cd.Name, sum))
	}
	ch.Echart = b
	var kindParts []string
	for _, row := range ch.Table.Rows {
		kindParts = append(kindParts, fmt.Sprintf("%s %s", row[0], row[len(row)-1]))
	}
	ch.Summary = fmt.Sprintf("Counted backers by kind as of %s: %s. By candidate: %s.", Day(ch.AsOf),
		JoinList(kindParts), JoinList(parts))
	return nil
}
