package charts

import (
	"fmt"
	"slices"
	"strconv"

	echarts "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/backers/backers/models"
)

// supportOverTime is each candidate's cumulative support from counted records, as step lines.
func supportOverTime(in *input, ch *Chart) error {
	ch.Basis = BasisCounted
	ch.Source = "Counted from the sourced endorsements and nominations recorded here"
	pts := in.snap.Series
	var days []string
	at := map[string]map[uint]int{} // day -> candidate -> cumulative count, where it changed
	for _, p := range pts {
		if !in.shown(p.CandidateID) {
			continue
		}
		if len(days) == 0 || days[len(days)-1] != p.Day {
			days = append(days, p.Day)
			at[p.Day] = map[uint]int{}
		}
		at[p.Day][p.CandidateID] = p.Count
	}
	if len(days) == 0 {
		ch.Empty = true
		ch.EmptyText = "No endorsements or nominations have been recorded yet."
		return nil
	}
	ch.AsOf = in.asOfOr(days[len(days)-1])

	ch.Table = Table{Caption: "Cumulative endorsements and nominations per candidate (counted records), on each day the count changed",
		Header: []string{"Day"}}
	for _, cd := range in.cands {
		ch.Table.Header = append(ch.Table.Header, cd.Name)
	}
	current := map[uint]int{}
	series := map[uint][]opts.LineData{}
	for _, d := range days {
		row := []string{Day(d)}
		for _, cd := range in.cands {
			if n, ok := at[d][cd.ID]; ok {
				current[cd.ID] = n
				series[cd.ID] = append(series[cd.ID], opts.LineData{Value: []any{d, n}})
			}
			row = append(row, strconv.Itoa(current[cd.ID]))
		}
		ch.Table.Rows = append(ch.Table.Rows, row)
	}

	l := newTimeLine(ch.Title, "")
	var parts []string
	for _, cd := range in.cands {
		data := series[cd.ID]
		if len(data) == 0 || data[0].Value.([]any)[0] != days[0] {
			data = append([]opts.LineData{{Value: []any{days[0], 0}}}, data...)
		}
		// Carry the last count to the as-of day so each line reaches the right edge.
		data = append(data, opts.LineData{Value: []any{ch.AsOf, current[cd.ID]}, Symbol: "none"})
		l.AddSeries(cd.Name, data, append(colourOpts(Colour(cd.Colour)),
			echarts.WithLineChartOpts(opts.LineChart{Step: "end", ShowSymbol: opts.Bool(true)}))...)
		parts = append(parts, fmt.Sprintf("%s %d", cd.Name, current[cd.ID]))
	}
	ch.Echart = l
	ch.Summary = fmt.Sprintf("Counted endorsements and nominations as of %s: %s.", Day(ch.AsOf), joinList(parts))
	// The rows kept here are a sample of who backs whom; where a source published a count, that
	// is the stronger evidence, so the summary (and the social card and image alt built from
	// it) leads with it, kept apart from the counted records.
	published, err := in.strongestTally()
	if err != nil {
		return err
	}
	if published != "" {
		ch.Summary = published + " " + ch.Summary
	}
	return nil
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
	return fmt.Sprintf("Published (reported tally): %s %s, as of %s (%s).", best.plural, joinList(parts), Day(best.day), by), nil
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
		joinList(kindParts), joinList(parts))
	return nil
}
