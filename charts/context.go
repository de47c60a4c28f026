package charts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	echarts "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/backers/backers/models"
)

// polls charts each published poll as a group of bars, one per option.
func polls(in *input, ch *Chart) error {
	ch.Basis = BasisPublished
	ps := in.snap.Polls
	if len(ps) == 0 {
		ch.Empty = true
		ch.EmptyText = "No polls have been published yet."
		return nil
	}
	last := ps[len(ps)-1]
	ch.AsOf = in.asOfOr(last.FieldworkEnd)
	ch.Source = pollSources(ps)
	ch.SourceURL = last.SourceURL

	// Options other than the candidates ("Don't know"), in the order they first appear.
	var others []string
	for _, p := range ps {
		for _, v := range p.Values {
			if v.CandidateID == nil && !slices.Contains(others, v.Option) {
				others = append(others, v.Option)
			}
		}
	}
	ch.Table = Table{Caption: "Published polls: share of each option, in percent",
		Header: []string{"Fieldwork", "Pollster", "Population", "Sample"}}
	for _, cd := range in.cands {
		ch.Table.Header = append(ch.Table.Header, cd.Name)
	}
	ch.Table.Header = append(ch.Table.Header, others...)
	ch.Table.Header = append(ch.Table.Header, "Note")
	var cats []string
	values := map[string][]opts.BarData{} // series name -> one value per poll
	for _, p := range ps {
		// The whole population: the interactive chart breaks it to the label's width, the
		// image to the room beside its bars, and neither cuts it short.
		label := Day(p.FieldworkEnd) + "\n" + p.Population
		cats = append(cats, label)
		sample := "not given"
		if p.SampleSize != nil {
			sample = Number(int64(*p.SampleSize))
		}
		population := p.Population
		if p.IncludesDontKnows {
			population += " (incl. don't knows)"
		} else {
			population += " (excl. don't knows)"
		}
		row := []string{fieldwork(p), p.Pollster, population, sample}
		byCand := map[uint]float64{}
		byOther := map[string]float64{}
		for _, v := range p.Values {
			if v.CandidateID != nil {
				byCand[*v.CandidateID] = v.Percent
			} else {
				byOther[v.Option] = v.Percent
			}
		}
		for _, cd := range in.cands {
			v, ok := byCand[cd.ID]
			row = append(row, percentCell(v, ok))
			values[cd.Name] = append(values[cd.Name], barValue(v, ok))
		}
		for _, o := range others {
			v, ok := byOther[o]
			row = append(row, percentCell(v, ok))
			values[o] = append(values[o], barValue(v, ok))
		}
		ch.Table.Rows = append(ch.Table.Rows, append(row, p.Note))
	}
	b := newBar(ch.Title, cats, true)
	b.SetGlobalOptions(
		echarts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}),
		echarts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{FontSize: 11}}),
	)
	ch.Tall = len(ps) > 4
	ch.patch = func(o map[string]any) {
		everyCategoryLabel("yAxis")(o)
		breakCategoryLabels(o, "yAxis", 150)
	}
	for _, cd := range in.cands {
		if hasValue(values[cd.Name]) {
			b.AddSeries(cd.Name, values[cd.Name], barColour(Colour(cd.Colour)))
		}
	}
	for _, o := range others {
		b.AddSeries(o, values[o], barColour(undeclaredColour))
	}
	ch.Echart = b
	head, groups := headlinePoll(ps)
	var parts []string
	for _, v := range head.Values {
		name := v.Option
		if v.CandidateID != nil {
			name = in.all[*v.CandidateID].Name
		}
		parts = append(parts, fmt.Sprintf("%s %s%%", name, strconv.FormatFloat(v.Percent, 'f', -1, 64)))
	}
	ch.Summary = fmt.Sprintf("Latest poll, %s (fieldwork to %s, %s): %s.", head.Pollster, Day(head.FieldworkEnd), head.Population, JoinList(parts))
	if groups > 0 {
		ch.Summary += fmt.Sprintf(" The table breaks it down by %d groups of voters.", groups)
	}
	return nil
}

// headlinePoll is the figure to lead with from the latest fieldwork: the whole sample, not a
// subgroup a pollster also published ("members who joined before May 2015"). The whole sample
// is the one with the largest sample size given, without don't knows where both are published
// (as the pollster headlines it); with no sizes, the first published. groups is how many other
// rows of that fieldwork are breakdowns.
func headlinePoll(ps []models.Poll) (head models.Poll, groups int) {
	last := ps[len(ps)-1]
	var same []models.Poll
	for _, p := range ps {
		if p.Pollster == last.Pollster && p.FieldworkEnd == last.FieldworkEnd {
			same = append(same, p)
		}
	}
	head = same[0]
	size := func(p models.Poll) int {
		if p.SampleSize == nil {
			return -1
		}
		return *p.SampleSize
	}
	for _, p := range same[1:] {
		if size(p) > size(head) || (size(p) == size(head) && head.IncludesDontKnows && !p.IncludesDontKnows) {
			head = p
		}
	}
	for _, p := range same {
		if p.Population != head.Population {
			groups++
		}
	}
	return head, groups
}

func fieldwork(p models.Poll) string {
	if p.FieldworkStart != "" && p.FieldworkStart != p.FieldworkEnd {
		return Day(p.FieldworkStart) + " to " + Day(p.FieldworkEnd)
	}
	return Day(p.FieldworkEnd)
}

func pollSources(ps []models.Poll) string {
	var names []string
	for _, p := range ps {
		if !slices.Contains(names, p.Pollster) {
			names = append(names, p.Pollster)
		}
	}
	return "Published polls: " + strings.Join(names, ", ")
}

func percentCell(v float64, ok bool) string {
	if !ok {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', -1, 64) + "%"
}

// barValue is a bar's value, or "-" (ECharts' empty value) where the poll gave none.
func barValue(v float64, ok bool) opts.BarData {
	if !ok {
		return opts.BarData{Value: "-"}
	}
	return opts.BarData{Value: v}
}

func hasValue(ds []opts.BarData) bool {
	for _, d := range ds {
		if d.Value != "-" {
			return true
		}
	}
	return false
}

// odds charts the bookmakers' prices as implied probabilities: per candidate, the mean over the
// bookmakers quoting on each day.
func odds(in *input, ch *Chart) error {
	ch.Basis = BasisPublished
	days, quotes := in.snap.OddsByDay, in.snap.Odds
	var shown []int
	for i, d := range days {
		if in.shown(d.CandidateID) {
			shown = append(shown, i)
		}
	}
	if len(shown) == 0 {
		ch.Empty = true
		ch.EmptyText = "No betting odds have been recorded yet."
		return nil
	}
	lastDay := days[shown[len(shown)-1]].Day
	ch.AsOf = in.asOfOr(lastDay)
	var books []string
	for _, q := range quotes {
		if !slices.Contains(books, q.Bookmaker) {
			books = append(books, q.Bookmaker)
		}
	}
	ch.Source = "Bookmakers' fractional odds: " + strings.Join(books, ", ")
	ch.Table = Table{Caption: "Each bookmaker's price and the probability it implies (odds a/b imply b/(a+b))",
		Header: []string{"Date", "Bookmaker", "Candidate", "Odds", "Implied probability", "Note"}}
	for _, q := range quotes {
		if !in.shown(q.CandidateID) {
			continue
		}
		day := Day(q.QuotedOn)
		if p := precisionNote(q.DatePrecision); p != "" {
			day += " (" + p + ")"
		}
		ch.Table.Rows = append(ch.Table.Rows, []string{day, q.Bookmaker, in.all[q.CandidateID].Name,
			fmt.Sprintf("%d/%d", q.Numerator, q.Denominator), pct(q.ImpliedProbability()), q.Note})
	}
	l := newTimeLine(ch.Title, "")
	l.SetGlobalOptions(percentAxis("implied chance"))
	var parts []string
	for _, cd := range in.cands {
		var data []opts.LineData
		var latest float64
		var latestDay string
		for _, i := range shown {
			if d := days[i]; d.CandidateID == cd.ID {
				data = append(data, opts.LineData{Value: []any{d.Day, round1(d.Probability * 100)}})
				latest, latestDay = d.Probability, d.Day
			}
		}
		if len(data) == 0 {
			continue
		}
		l.AddSeries(cd.Name, data, append(colourOpts(Colour(cd.Colour)),
			echarts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), ConnectNulls: opts.Bool(true)}))...)
		parts = append(parts, fmt.Sprintf("%s %s (%s)", cd.Name, pct(latest), Day(latestDay)))
	}
	ch.Echart = l
	ch.Summary = "Implied chance of winning from the latest betting odds, mean across bookmakers: " + JoinList(parts) + "."
	ch.Notes = append(ch.Notes, "Implied probabilities include the bookmakers' margin, so a day's figures can add up to more than 100%.")
	return nil
}

// membership charts the party's membership over time (figures series "membership").
func membership(in *input, ch *Chart) error {
	ch.Basis = BasisPublished
	fs := in.snap.FiguresOf("membership")
	if len(fs) == 0 {
		ch.Empty = true
		ch.EmptyText = "No membership figures have been recorded."
		return nil
	}
	last := fs[len(fs)-1]
	ch.AsOf = in.asOfOr(last.AsOf)
	ch.Source = figureSources(fs)
	ch.SourceURL = last.SourceURL
	ch.Table = Table{Caption: "Party membership on each date a figure was published, verified or not",
		Header: []string{"Date", "Category", "Members", "Verified", "Source"}}
	series := map[string][]opts.LineData{}
	var cats []string
	for _, f := range fs {
		cat := f.Category
		if cat == "" {
			cat = "Members"
		}
		if !slices.Contains(cats, cat) {
			cats = append(cats, cat)
		}
		d := opts.LineData{Value: []any{f.AsOf, int64(f.Value)}}
		if f.Verification == models.VerificationDisputed {
			d.Symbol = "triangle"
			d.SymbolSize = 12
		}
		series[cat] = append(series[cat], d)
		ch.Table.Rows = append(ch.Table.Rows, []string{Dated(f.AsOf, f.DatePrecision), cat, Number(int64(f.Value)), Verified(f.Verification), site(f.SourceURL)})
		if note := figureNote(f); note != "" {
			ch.Notes = append(ch.Notes, note)
		}
	}
	l := newTimeLine(ch.Title, "members")
	palette := []string{"#444444", "#2a9d8f", "#e76f51", "#8d99ae"}
	for i, cat := range cats {
		l.AddSeries(cat, series[cat], append(colourOpts(palette[i%len(palette)]),
			echarts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), SymbolSize: 8}))...)
	}
	ch.Echart = l
	first := fs[0]
	ch.Summary = fmt.Sprintf("Party membership: %s %s (%s), %s %s (%s).", Number(int64(first.Value)), onDated(first.AsOf, first.DatePrecision),
		Verified(first.Verification), Number(int64(last.Value)), onDated(last.AsOf, last.DatePrecision), Verified(last.Verification))
	return nil
}

func figureNote(f models.Figure) string {
	if f.Note == "" && f.Verification != models.VerificationDisputed {
		return ""
	}
	label := f.Category
	if label != "" {
		label += ", "
	}
	n := Dated(f.AsOf, f.DatePrecision) + " (" + label + Number(int64(f.Value)) + ")" + mark(f.Verification)
	if f.Note != "" {
		n += ": " + f.Note
	}
	return n
}

func figureSources(fs []models.Figure) string {
	var urls []string
	for _, f := range fs {
		urls = append(urls, f.SourceURL)
	}
	names := sites(urls)
	if len(names) == 0 {
		return "Source not given"
	}
	return strings.Join(names, "; ")
}

// result charts the votes for each candidate by voter category (figures series "result").
func result(in *input, ch *Chart) error {
	ch.Basis = BasisPublished
	fs := in.snap.FiguresOf("result")
	var cats []string
	votes := map[string]map[uint]float64{}
	var others []models.Figure // figures not for one candidate: turnout, spoilt ballots
	for _, f := range fs {
		if f.CandidateID == nil {
			others = append(others, f)
			continue
		}
		if f.Unit != "" && f.Unit != "votes" {
			continue // shares are derived from the votes; the table shows them
		}
		cat := capitalise(f.Category)
		if !slices.Contains(cats, cat) {
			cats = append(cats, cat)
			votes[cat] = map[uint]float64{}
		}
		votes[cat][*f.CandidateID] = f.Value
	}
	if len(cats) == 0 {
		ch.Empty = true
		ch.EmptyText = "The result has not been declared."
		if in.o.AsOf != "" {
			ch.EmptyText = "The result had not been declared by " + Day(in.o.AsOf) + "."
		}
		return nil
	}
	ch.AsOf = in.asOfOr(fs[len(fs)-1].AsOf)
	ch.Source = figureSources(fs)
	ch.SourceURL = fs[0].SourceURL

	// The category with the largest total is the overall result: it heads the summary and the
	// headline, and is left out of the bars so the voter categories compare at one scale.
	totalCat, best := "", -1.0
	for _, c := range cats {
		sum := 0.0
		for _, v := range votes[c] {
			sum += v
		}
		if sum > best {
			totalCat, best = c, sum
		}
	}
	ch.Table = Table{Caption: "Votes by voter category", Header: []string{"Category"}}
	for _, cd := range in.cands {
		ch.Table.Header = append(ch.Table.Header, cd.Name)
	}
	ch.Table.Header = append(ch.Table.Header, "Total")
	var barCats []string
	for _, c := range cats {
		row := []string{c}
		sum := 0.0
		for _, v := range votes[c] {
			sum += v
		}
		for _, cd := range in.cands {
			v, ok := votes[c][cd.ID]
			if !ok {
				row = append(row, "–")
				continue
			}
			row = append(row, fmt.Sprintf("%s (%s)", Number(int64(v)), pct(v/sum)))
		}
		ch.Table.Rows = append(ch.Table.Rows, append(row, Number(int64(sum))))
		if c != totalCat || len(cats) == 1 {
			barCats = append(barCats, c)
		}
	}
	for _, f := range others {
		ch.Notes = append(ch.Notes, fmt.Sprintf("%s: %s%s", capitalise(f.Category), resultValue(f), mark(f.Verification)))
	}
	b := newBar(ch.Title, barCats, true)
	b.SetGlobalOptions(echarts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "votes", NameLocation: "middle", NameGap: 28}))
	var parts []string
	for _, cd := range in.cands {
		var data []opts.BarData
		for _, c := range barCats {
			v, ok := votes[c][cd.ID]
			if !ok {
				data = append(data, opts.BarData{Value: "-"})
				continue
			}
			data = append(data, opts.BarData{Value: int64(v)})
		}
		if !hasValue(data) {
			continue
		}
		b.AddSeries(cd.Name, data, barColour(Colour(cd.Colour)))
		if v, ok := votes[totalCat][cd.ID]; ok {
			parts = append(parts, fmt.Sprintf("%s %s (%s)", cd.Name, Number(int64(v)), pct(v/best)))
			ch.Headline = append(ch.Headline, Figure{Label: cd.Name, Value: fmt.Sprintf("%s (%s)", Number(int64(v)), pct(v/best)), Colour: Colour(cd.Colour)})
		}
	}
	ch.Echart = b
	ch.HeadlineTitle = "Result: votes (share)"
	ch.Summary = fmt.Sprintf("Result (%s, votes): %s.", totalCat, JoinList(parts))
	return nil
}

// capitalise upper-cases the first letter of a label from data ("members" -> "Members").
func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func resultValue(f models.Figure) string {
	switch f.Unit {
	case "%", "percent":
		return strconv.FormatFloat(f.Value, 'f', -1, 64) + "%"
	case "", "votes", "ballots":
		return Number(int64(f.Value)) + " " + f.Unit
	}
	return strconv.FormatFloat(f.Value, 'f', -1, 64) + " " + f.Unit
}
