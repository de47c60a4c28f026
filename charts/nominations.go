package charts

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	echarts "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/backers/backers/models"
)

// Kind slugs the nomination charts are about. Kinds are data; these are the slugs the seed
// files use for the bodies Labour's rules (and most parties') name.
const (
	kindCLP   = "clp"
	kindUnion = "affiliated-union"
)

// rule is the contest's rule for a kind, or nil where the contest does not count that kind.
func (in *input) rule(kindSlug string) *models.ContestKind {
	for i := range in.c.Kinds {
		if in.c.Kinds[i].Kind.Slug == kindSlug {
			return &in.c.Kinds[i]
		}
	}
	return nil
}

// clpNominations charts reported CLP tallies over time against the number of CLPs.
func clpNominations(in *input, ch *Chart) error {
	return tallyChart(in, ch, kindCLP, "CLP supporting nominations", "CLPs")
}

// tallyChart is published counts of one kind over time, stacked per report, with those that
// have not nominated (reported, or the denominator less the reported) in grey.
func tallyChart(in *input, ch *Chart, kindSlug, what, plural string) error {
	ch.Basis = BasisReported
	ts := in.snap.TalliesOf([]string{kindSlug}, false)
	if len(ts) == 0 {
		ch.Empty = true
		ch.EmptyText = "No " + strings.ToLower(what) + " have been reported yet."
		return nil
	}
	var den *int
	var denDisagreement string // where another source counts the kind differently
	if r := in.rule(kindSlug); r != nil {
		den, denDisagreement = r.Denominator, RuleDisagreement(*r)
	}
	type report struct {
		day        string
		byCand     map[uint]int
		total      int  // every candidate's count, shown or not
		undeclared *int // as reported, where the source gives it
		sources    []models.ReportedTally
	}
	// One report per day: for each candidate (and the undeclared) the best-verified count of
	// that day; counts from other sources that day are listed in the table, not charted.
	var reports []*report
	var alternatives []models.ReportedTally
	for _, day := range tallyDays(ts) {
		r := &report{day: day, byCand: map[uint]int{}}
		chosen, others := bestTallies(ts, day)
		alternatives = append(alternatives, others...)
		for _, t := range chosen {
			r.sources = append(r.sources, t)
			if t.CandidateID == nil {
				n := t.Count
				r.undeclared = &n
				continue
			}
			r.byCand[*t.CandidateID] += t.Count
			r.total += t.Count
		}
		reports = append(reports, r)
	}
	undeclared := func(r *report) (int, bool) {
		switch {
		case r.undeclared != nil:
			return *r.undeclared, true
		case den != nil:
			return max(*den-r.total, 0), true
		}
		return 0, false
	}
	last := reports[len(reports)-1]
	ch.AsOf = in.asOfOr(last.day)
	ch.Source = sourceLine(last.sources)
	ch.SourceURL = firstURL(last.sources)
	noneHeader := "No nomination reported"
	if den != nil {
		noneHeader = fmt.Sprintf("No nomination reported (of %d)", *den)
	}

	ch.Table = Table{Caption: what + " as reported by the sources, on each report day (reported tallies, not counted records)",
		Header: []string{"Reported on"}}
	for _, cd := range in.cands {
		ch.Table.Header = append(ch.Table.Header, cd.Name)
	}
	ch.Table.Header = append(ch.Table.Header, noneHeader, "Source")
	var days []string
	for _, r := range reports {
		days = append(days, Day(r.day))
		row := []string{Day(r.day)}
		for _, cd := range in.cands {
			if n, ok := r.byCand[cd.ID]; ok {
				row = append(row, strconv.Itoa(n)+tallyMark(r.sources, &cd.ID))
			} else {
				row = append(row, "not reported")
			}
		}
		if n, ok := undeclared(r); ok {
			cell := strconv.Itoa(n)
			if r.undeclared == nil {
				cell += " (the rest)"
			}
			row = append(row, cell+tallyMark(r.sources, nil))
		} else {
			row = append(row, "not known")
		}
		row = append(row, sourceLine(r.sources))
		ch.Table.Rows = append(ch.Table.Rows, row)
		for _, t := range r.sources {
			if note := tallyNote(t); note != "" && !slices.Contains(ch.Notes, note) {
				ch.Notes = append(ch.Notes, note)
			}
		}
	}
	for _, t := range alternatives {
		who := "No nomination"
		if t.CandidateID != nil {
			who = in.all[*t.CandidateID].Name
		}
		ch.Notes = append(ch.Notes, fmt.Sprintf("Not charted: %s gives %s %d on %s%s.", sourceLine([]models.ReportedTally{t}),
			who, t.Count, Day(t.AsOf), mark(t.Verification)))
	}
	if den != nil && last.undeclared == nil {
		ch.Notes = append(ch.Notes, fmt.Sprintf("Where a source gives no figure for those not nominating, it is %d less the reported nominations.", *den))
	}

	b := newBar(ch.Title, days, true)
	if den != nil {
		// The axis runs to the denominator (646 CLPs), so a bar shows its share of the whole.
		widest := 0
		for _, r := range reports {
			n, _ := undeclared(r)
			widest = max(widest, r.total+n)
		}
		if widest <= *den {
			b.SetGlobalOptions(echarts.WithXAxisOpts(opts.XAxis{Type: "value", MinInterval: 1, Max: *den}))
		}
	}
	var parts []string
	for _, cd := range in.cands {
		var data []opts.BarData
		reported := false
		for _, r := range reports {
			n, ok := r.byCand[cd.ID]
			reported = reported || ok
			data = append(data, opts.BarData{Value: n})
		}
		if !reported {
			continue // no source reports a count for this candidate
		}
		b.AddSeries(cd.Name, data, barColour(Colour(cd.Colour)), echarts.WithBarChartOpts(opts.BarChart{Stack: "tally"}))
		if n, ok := last.byCand[cd.ID]; ok {
			parts = append(parts, fmt.Sprintf("%s %d", cd.Name, n))
			ch.Headline = append(ch.Headline, Figure{Label: cd.Name, Value: strconv.Itoa(n), Colour: Colour(cd.Colour)})
		}
	}
	var noneData []opts.BarData
	for _, r := range reports {
		n, _ := undeclared(r)
		noneData = append(noneData, opts.BarData{Value: n})
	}
	if n, ok := undeclared(last); ok {
		b.AddSeries(noneLabel, noneData, barColour(undeclaredColour), echarts.WithBarChartOpts(opts.BarChart{Stack: "tally"}))
		of := ""
		if den != nil {
			of = fmt.Sprintf(" of %d", *den)
		}
		parts = append(parts, fmt.Sprintf("%d%s did not nominate", n, of))
		ch.Headline = append(ch.Headline, Figure{Label: noneLabel, Value: strconv.Itoa(n), Colour: undeclaredColour})
	}
	ch.Echart = b
	ch.HeadlineTitle = what
	ch.Summary = fmt.Sprintf("%s as reported on %s: %s.", what, Day(last.day), JoinList(parts))

	// Counted records of the same kind are a different basis: say so, never add them in.
	for _, s := range in.snap.Shares {
		if s.Kind.Slug == kindSlug && s.Backing > 0 {
			ch.Notes = append(ch.Notes, countedApart(s, plural))
			// Their meetings' processes and votes, where known, are part of the story.
			ch.Notes = append(ch.Notes, processNotes(in.snap.Processes[kindSlug])...)
		}
	}
	if denDisagreement != "" {
		ch.Notes = append(ch.Notes, denDisagreement)
	}
	return nil
}

// countedApart says how many of a kind are recorded here individually beside the reported
// tallies of their nominations: those nominating, and apart from them those whose standing is
// declared support and no nomination (Southport CLP's motion of support in 2016).
func countedApart(s models.KindShare, plural string) string {
	declared := s.Backing - s.Nominating
	var counted []string
	if s.Nominating > 0 {
		counted = append(counted, fmt.Sprintf("%d nominating", s.Nominating))
	}
	if declared > 0 {
		more := ""
		if s.Nominating > 0 {
			more = " more"
		}
		counted = append(counted, fmt.Sprintf("%d%s declaring support without a nomination", declared, more))
	}
	// "these CLPs: 1 nominating" reads right for one as for many, as "1 CLPs are" would not.
	return "Separately, these " + plural + " are recorded here individually (counted records, not part of these reported tallies): " +
		strings.Join(counted, ", and ") + "."
}

// tallyDays lists the distinct days of some tallies, in order.
func tallyDays(ts []models.ReportedTally) []string {
	var days []string
	for _, t := range ts {
		if !slices.Contains(days, t.AsOf) {
			days = append(days, t.AsOf)
		}
	}
	return days
}

// bestTallies picks, for one day, a count per candidate (and one for the undeclared): the
// best-verified one (confirmed, then reported, then disputed), the latest recorded on a tie.
// The counts it passes over are returned as others.
func bestTallies(ts []models.ReportedTally, day string) (chosen, others []models.ReportedTally) {
	rank := func(v string) int {
		switch v {
		case models.VerificationConfirmed:
			return 0
		case models.VerificationDisputed:
			return 2
		}
		return 1
	}
	key := func(t models.ReportedTally) uint {
		if t.CandidateID == nil {
			return 0
		}
		return *t.CandidateID
	}
	best := map[uint]int{} // key -> index into chosen
	for _, t := range ts {
		if t.AsOf != day {
			continue
		}
		i, ok := best[key(t)]
		switch {
		case !ok:
			best[key(t)] = len(chosen)
			chosen = append(chosen, t)
		case rank(t.Verification) <= rank(chosen[i].Verification):
			others = append(others, chosen[i])
			chosen[i] = t
		default:
			others = append(others, t)
		}
	}
	return chosen, others
}

// tallyMark flags a reported count that is disputed.
func tallyMark(ts []models.ReportedTally, cand *uint) string {
	for _, t := range ts {
		if (cand == nil && t.CandidateID == nil) || (cand != nil && t.CandidateID != nil && *t.CandidateID == *cand) {
			return mark(t.Verification)
		}
	}
	return ""
}

// tallyNote is what a reader should know about a tally: a note, or how loosely its date is known.
func tallyNote(t models.ReportedTally) string {
	var bits []string
	if p := precisionNote(t.DatePrecision); p != "" {
		bits = append(bits, p)
	}
	if t.Verification == models.VerificationDisputed {
		bits = append(bits, "disputed")
	}
	if t.Note != "" {
		bits = append(bits, t.Note)
	}
	if len(bits) == 0 {
		return ""
	}
	return Day(t.AsOf) + ": " + strings.Join(bits, "; ")
}

// sourceLine names the sources of some records: their titles, else their sites.
func sourceLine(ts []models.ReportedTally) string {
	var names []string
	for _, t := range ts {
		n := t.SourceTitle
		if n == "" {
			n = site(t.SourceURL)
		}
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "Source not given"
	}
	return strings.Join(names, "; ")
}

func firstURL(ts []models.ReportedTally) string {
	for _, t := range ts {
		if t.SourceURL != "" {
			return t.SourceURL
		}
	}
	return ""
}

// site is the host of a URL, without "www.".
func site(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	host, _, _ := strings.Cut(u, "/")
	return strings.TrimPrefix(host, "www.")
}

// sourceName names a source by its title, else its site, for a line of text.
func sourceName(title, url string) string {
	switch {
	case title != "" && url != "":
		return title + " (" + site(url) + ")"
	case title != "":
		return title
	case url != "":
		return site(url)
	}
	return "source not given"
}

// RuleDisagreement says, where another source counts a rule's kind differently, both
// figures and both sources: "Number of CLPs: 648 used (labourlist.org); the other figure,
// 647: Labour leadership election news (Atlantic Sentinel, 14 Feb 2020) (atlanticsentinel.com)."
// It is "" for a rule the sources agree on.
func RuleDisagreement(ck models.ContestKind) string {
	if ck.OtherDenominator == nil {
		return ""
	}
	plural := ck.Kind.Plural
	if plural == "" {
		plural = ck.Kind.Name
	}
	used := "not known"
	if ck.Denominator != nil {
		used = Number(int64(*ck.Denominator))
	}
	return fmt.Sprintf("Number of %s: %s used (%s); the other figure, %s: %s.", plural, used, sourceName("", ck.SourceURL),
		Number(int64(*ck.OtherDenominator)), sourceName(ck.OtherSourceTitle, ck.OtherSourceURL))
}

// ThresholdDisagreement says, where another source gives a threshold's figures differently,
// both figures and both sources; "" for a threshold the sources agree on.
func ThresholdDisagreement(th models.Threshold) string {
	var used, other []string
	if th.OtherRequired != nil {
		used = append(used, Number(int64(th.Required))+" needed")
		other = append(other, Number(int64(*th.OtherRequired))+" needed")
	}
	if th.OtherOf != nil {
		used = append(used, "of "+Number(int64(th.Of)))
		other = append(other, "of "+Number(int64(*th.OtherOf)))
	}
	if len(used) == 0 {
		return ""
	}
	return fmt.Sprintf("%s: %s used (%s); the other figure, %s: %s.", th.Name, strings.Join(used, ", "), sourceName("", th.SourceURL),
		strings.Join(other, ", "), sourceName(th.OtherSourceTitle, th.OtherSourceURL))
}

// unionNominations is how many affiliated unions nominate each candidate, from counted records,
// against the number of affiliated unions. Only nominations count: a union whose standing is
// declared support (an endorse) is shown apart, as what it is, never as nominating.
func unionNominations(in *input, ch *Chart) error {
	ch.Basis = BasisCounted
	ch.Source = "Counted from each union's sourced nomination recorded here"
	rule := in.rule(kindUnion)
	if rule == nil {
		ch.Empty = true
		ch.EmptyText = "This contest's rules count no affiliated unions."
		return nil
	}
	var share models.KindShare
	for _, s := range in.snap.Shares {
		if s.Kind.Slug == kindUnion {
			share = s
		}
	}
	if share.Backing == 0 {
		ch.Empty = true
		ch.EmptyText = "No affiliated union has nominated yet."
		return nil
	}
	// The counts are the store's (nominations apart from declared support); the names say which.
	_, processes := in.backerNames(kindUnion)
	nominators, declarers := map[uint][]string{}, []string{}
	for _, e := range in.snap.Backing[kindUnion] {
		if e.Action == models.ActionNominate {
			nominators[e.CandidateID] = append(nominators[e.CandidateID], e.Endorser.Name)
		} else {
			declarers = append(declarers, e.Endorser.Name+" for "+e.Candidate.Name)
		}
	}
	for _, ns := range nominators {
		slices.Sort(ns)
	}
	slices.Sort(declarers)
	declared := share.Backing - share.Nominating
	undeclaredNames := in.snap.Unbacked[kindUnion]
	ch.AsOf = in.asOfOr(in.snap.LastChange())
	ch.Table = Table{Caption: "Affiliated unions nominating each candidate (counted records); declared support that is not a nomination is shown apart",
		Header: []string{"Candidate", "Unions", "Which"}}
	var cats []string
	var data []opts.BarData
	var parts []string
	for _, cd := range in.cands {
		n := share.NominatedBy[cd.ID]
		if n == 0 && cd.Status == models.CandidateWithdrawn {
			continue
		}
		cats = append(cats, cd.Name)
		data = append(data, opts.BarData{Value: n, ItemStyle: &opts.ItemStyle{Color: Colour(cd.Colour)}})
		ch.Table.Rows = append(ch.Table.Rows, []string{cd.Name, strconv.Itoa(n), strings.Join(nominators[cd.ID], ", ")})
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", cd.Name, n))
			ch.Headline = append(ch.Headline, Figure{Label: cd.Name, Value: strconv.Itoa(n), Colour: Colour(cd.Colour)})
		}
	}
	if declared > 0 {
		const label = "Declared support, not a nomination"
		cats = append(cats, label)
		data = append(data, opts.BarData{Value: declared, ItemStyle: &opts.ItemStyle{Color: declaredColour}})
		ch.Table.Rows = append(ch.Table.Rows, []string{label, strconv.Itoa(declared), strings.Join(declarers, ", ")})
		parts = append(parts, fmt.Sprintf("%d declared support without nominating (%s)", declared, strings.Join(declarers, ", ")))
		ch.Headline = append(ch.Headline, Figure{Label: label, Value: strconv.Itoa(declared), Colour: declaredColour})
		ch.Notes = append(ch.Notes, "Declared support is not a nomination: "+strings.Join(declarers, ", ")+
			" declared support without nominating, and is not counted as nominating.")
	}
	of := ""
	if share.Denominator != nil {
		of = fmt.Sprintf(" of %d", *share.Denominator)
	}
	if share.Denominator != nil || len(undeclaredNames) > 0 {
		label, did := "No nomination", "made no nomination"
		if declared > 0 { // those declaring support made no nomination either: say who is left
			label, did = "Neither nominated nor declared support", "neither nominated nor declared support"
		}
		cats = append(cats, label)
		data = append(data, opts.BarData{Value: share.Undeclared, ItemStyle: &opts.ItemStyle{Color: undeclaredColour}})
		ch.Table.Rows = append(ch.Table.Rows, []string{label + of, strconv.Itoa(share.Undeclared), strings.Join(undeclaredNames, ", ")})
		parts = append(parts, fmt.Sprintf("%d%s %s", share.Undeclared, of, did))
		ch.Headline = append(ch.Headline, Figure{Label: label, Value: strconv.Itoa(share.Undeclared), Colour: undeclaredColour})
	}
	b := newBar(ch.Title, cats, true)
	b.AddSeries("Affiliated unions", data)
	b.SetGlobalOptions(echarts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}))
	ch.Echart = b
	ch.HeadlineTitle = "Affiliated unions nominating"
	ch.Summary = fmt.Sprintf("Affiliated unions nominating as of %s (counted records): %s.", Day(ch.AsOf), JoinList(parts))
	if rule.DenominatorNote != "" {
		ch.Notes = append(ch.Notes, "Number of affiliated unions: "+rule.DenominatorNote+".")
	}
	if d := RuleDisagreement(*rule); d != "" {
		ch.Notes = append(ch.Notes, d)
	}
	ch.Notes = append(ch.Notes, processes...)
	return nil
}

// declaredColour marks declared support that is not a nomination: lighter than a candidate's
// colour, darker than the undeclared's grey.
const declaredColour = "#8c8c8c"

// backerNames lists, per candidate, the names of the endorsers of a kind backing them as of the
// snapshot's day, and a note for each one whose process or vote figures are known ("GMB
// nominated Owen Smith by consultative members' ballot: 25,969 for Owen Smith, ...").
func (in *input) backerNames(kindSlug string) (names map[uint][]string, processes []string) {
	names = map[uint][]string{}
	for _, e := range in.snap.Backing[kindSlug] {
		names[e.CandidateID] = append(names[e.CandidateID], e.Endorser.Name)
	}
	for _, ns := range names {
		slices.Sort(ns)
	}
	return names, processNotes(in.snap.Backing[kindSlug])
}

// processNotes is a note for each of events whose process or vote figures are known, sorted.
func processNotes(events []models.Event) []string {
	var notes []string
	for _, e := range events {
		if note := ProcessNote(e); note != "" {
			notes = append(notes, e.Endorser.Name+" ("+e.Candidate.Name+"): "+note+".")
		}
	}
	slices.Sort(notes)
	return notes
}

// unionMembership is each candidate's union backers weighted by their total membership.
func unionMembership(in *input, ch *Chart) error {
	ch.Basis = BasisCounted
	ch.Source = "Counted union nominations, weighted by each union's total membership as recorded here"
	rows := in.snap.Membership[kindUnion]
	var total int64
	backing := 0
	for _, r := range rows {
		total += r.Members
		if r.CandidateID != 0 {
			backing += r.Orgs
		}
	}
	if backing == 0 || total == 0 {
		ch.Empty = true
		ch.EmptyText = "No affiliated union with a known membership has nominated yet."
		return nil
	}
	ch.AsOf = in.asOfOr(in.snap.LastChange())
	byCand := map[uint]models.MembershipRow{}
	for _, r := range rows {
		byCand[r.CandidateID] = r
	}
	ch.Table = Table{Caption: "Share of the TOTAL membership of the affiliated unions, by the candidate each union nominated (counted records)",
		Header: []string{"Candidate", "Unions", "Total membership", "Share of TOTAL union membership", "Membership not known"}}
	var cats []string
	var data []opts.BarData
	var parts []string
	add := func(label, colour string, r models.MembershipRow) {
		share := float64(r.Members) / float64(total)
		cats = append(cats, label)
		data = append(data, opts.BarData{Value: round1(share * 100), ItemStyle: &opts.ItemStyle{Color: colour}})
		missing := "none"
		if r.Missing > 0 {
			missing = fmt.Sprintf("%d of %d", r.Missing, r.Orgs)
			ch.Notes = append(ch.Notes, fmt.Sprintf("%s: the membership of %d of %d unions is not known and counts as nothing here.", label, r.Missing, r.Orgs))
		}
		ch.Table.Rows = append(ch.Table.Rows, []string{label, strconv.Itoa(r.Orgs), Number(r.Members), pct(share), missing})
		parts = append(parts, fmt.Sprintf("%s %s", label, pct(share)))
	}
	for _, cd := range in.cands {
		if r, ok := byCand[cd.ID]; ok {
			add(cd.Name, Colour(cd.Colour), r)
		}
	}
	if r, ok := byCand[0]; ok {
		add("No nomination", undeclaredColour, r)
	}
	b := newBar(ch.Title, cats, true)
	b.AddSeries("Share of TOTAL union membership", data)
	b.SetGlobalOptions(
		echarts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		echarts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: 100, Name: "share of TOTAL union membership",
			NameLocation: "middle", NameGap: 24, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}),
		withGrid(opts.Grid{Left: "8", Right: "24", Top: "16", Bottom: "24"}),
	)
	ch.Echart = b
	orgs := 0
	for _, r := range rows {
		orgs += r.Orgs
	}
	ch.Summary = fmt.Sprintf("Unions nominating each candidate as a share of TOTAL union membership (all the members of the %d unions, not only those affiliated to the party), as of %s: %s.", orgs, Day(ch.AsOf), JoinList(parts))
	ch.Notes = append(ch.Notes, "Weighted by each union's total membership, not its Labour-affiliated membership, which was not published per union.")
	// A published share of affiliated membership, where the contest has one, is set beside ours.
	published := in.snap.FiguresOf("union-membership-share")
	var pub []string
	for _, f := range published {
		if f.CandidateID != nil && in.shown(*f.CandidateID) {
			pub = append(pub, fmt.Sprintf("%s %s%%", in.all[*f.CandidateID].Name, strconv.FormatFloat(f.Value, 'f', -1, 64)))
		}
	}
	if len(pub) > 0 {
		ch.Notes = append(ch.Notes, fmt.Sprintf("For comparison, published figures (%s, %s): %s.",
			published[0].Category, site(published[0].SourceURL), JoinList(pub)))
	}
	return nil
}

// noneLabel names those of a body that have not nominated, in the charts of nominations.
const noneLabel = "No nomination"

// thresholds is each candidate's nominations against the contest's nomination threshold, and
// how many of the body did not nominate where a source says.
func thresholds(in *input, ch *Chart) error {
	ch.Basis = BasisReported
	if len(in.c.Thresholds) == 0 {
		ch.Empty = true
		ch.EmptyText = "No nomination threshold is recorded for this contest."
		return nil
	}
	ch.Table = Table{Caption: "Nominations against each threshold: reported tallies and counted records, labelled",
		Header: []string{"Threshold", "Date", "Candidate", "Nominations", "Basis", "Needed"}}
	var chart *echarts.Bar
	var parts []string
	for i, th := range in.c.Thresholds {
		kinds := th.Kinds()
		need := th.Required
		if need == 0 && th.Percent > 0 && th.Of > 0 {
			need = int(math.Ceil(th.Percent / 100 * float64(th.Of)))
		}
		var cands []models.Candidate
		for _, cd := range in.cands {
			if th.AppliesTo == "challenger" && cd.Incumbent {
				continue
			}
			cands = append(cands, cd)
		}
		history, latest := in.snap.TalliesOf(kinds, false), in.snap.TalliesOf(kinds, true)
		counted := in.snap.Nominations[i]
		reported := map[uint]int{}
		reportedOn := map[uint]string{}
		// Those of the body not nominating, where a source counts them (2015: 28 MPs).
		var none []models.ReportedTally
		for _, t := range latest {
			if t.CandidateID == nil {
				none = append(none, t)
				continue
			}
			reported[*t.CandidateID] += t.Count
			reportedOn[*t.CandidateID] = max(reportedOn[*t.CandidateID], t.AsOf)
		}
		countedBy := map[uint]int{}
		for _, c := range counted {
			countedBy[c.CandidateID] = c.Count
		}
		for _, t := range history {
			who, needed := noneLabel, "–" // those not nominating need nothing
			switch {
			case t.CandidateID == nil:
			case slices.ContainsFunc(cands, func(c models.Candidate) bool { return c.ID == *t.CandidateID }):
				who, needed = in.all[*t.CandidateID].Name, strconv.Itoa(need)
			default:
				continue
			}
			ch.Table.Rows = append(ch.Table.Rows, []string{th.Name, Day(t.AsOf), who,
				strconv.Itoa(t.Count) + mark(t.Verification), BasisReported + ": " + sourceLine([]models.ReportedTally{t}), needed})
			if note := tallyNote(t); note != "" && !slices.Contains(ch.Notes, note) {
				ch.Notes = append(ch.Notes, note)
			}
		}
		for _, cd := range cands {
			if n := countedBy[cd.ID]; n > 0 {
				ch.Table.Rows = append(ch.Table.Rows, []string{th.Name, Day(in.asOfOr(in.snap.LastChange())), cd.Name,
					strconv.Itoa(n), BasisCounted, strconv.Itoa(need)})
			}
		}
		if th.Note != "" {
			ch.Notes = append(ch.Notes, th.Name+": "+th.Note)
		}
		if d := ThresholdDisagreement(th); d != "" {
			ch.Notes = append(ch.Notes, d)
		}
		if chart != nil || len(history) == 0 && len(counted) == 0 {
			continue
		}
		// The first threshold with figures is charted; the table covers every threshold.
		var cats []string
		var rep, cnt []opts.BarData
		anyCounted := false
		for _, cd := range cands {
			cats = append(cats, cd.Name)
			rep = append(rep, opts.BarData{Value: reported[cd.ID], ItemStyle: &opts.ItemStyle{Color: Colour(cd.Colour)}})
			cnt = append(cnt, opts.BarData{Value: countedBy[cd.ID]})
			anyCounted = anyCounted || countedBy[cd.ID] > 0
			if n, ok := reported[cd.ID]; ok {
				ch.AsOf = max(ch.AsOf, in.asOfOr(reportedOn[cd.ID]))
				parts = append(parts, fmt.Sprintf("%s %d (reported %s)", cd.Name, n, Day(reportedOn[cd.ID])))
				if cd.Status != models.CandidateWithdrawn {
					ch.Headline = append(ch.Headline, Figure{Label: cd.Name, Value: fmt.Sprintf("%d (%d needed)", n, need), Colour: Colour(cd.Colour)})
				}
			}
		}
		chart = newBar(ch.Title, cats, false)
		chart.AddSeries("Reported nominations", rep,
			echarts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: fmt.Sprintf("%d needed", need), YAxis: need}),
			echarts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
				Label:     &opts.Label{Show: opts.Bool(true), Formatter: "{b}", Position: "end"},
				LineStyle: &opts.LineStyle{Color: "#222222", Type: "dashed", Width: 2}}))
		if anyCounted {
			chart.AddSeries("Counted records", cnt, barColour("#9aa0a6"))
		} else {
			chart.SetGlobalOptions(echarts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}))
		}
		chart.SetGlobalOptions(withGrid(opts.Grid{Left: "8", Right: "72", Top: "24", Bottom: "8"}))
		ch.HeadlineTitle = th.Name
		ch.patch = everyCategoryLabel("xAxis")
		needed := fmt.Sprintf("%d needed", need)
		if th.OtherRequired != nil && th.Required > 0 {
			needed += fmt.Sprintf(" (%d per another source)", *th.OtherRequired)
		}
		notNominating := ""
		if len(none) > 0 {
			n, on, plural := 0, "", none[0].Kind.Plural
			for _, t := range none {
				n, on = n+t.Count, max(on, t.AsOf)
			}
			ch.AsOf = max(ch.AsOf, in.asOfOr(on))
			notNominating = fmt.Sprintf("; %d %s did not nominate (reported %s)", n, plural, Day(on))
			ch.Headline = append(ch.Headline, Figure{Label: noneLabel, Value: strconv.Itoa(n), Colour: undeclaredColour})
		}
		ch.Summary = fmt.Sprintf("%s: %s, against %s%s.", th.Name, JoinList(parts), needed, notNominating)
		if len(parts) == 0 {
			ch.Summary = fmt.Sprintf("%s: no nominations reported; %d needed%s.", th.Name, need, notNominating)
		}
		ch.Source = th.Name + " (" + site(th.SourceURL) + "); nominations from reported tallies"
		ch.SourceURL = th.SourceURL
	}
	if chart == nil {
		ch.Empty = true
		ch.EmptyText = "No nominations toward the threshold have been reported or recorded yet."
		return nil
	}
	ch.Echart = chart
	return nil
}
