// Package charts builds the named charts of a contest from its snapshot (models.Snapshot, which
// the store fills; this package never queries it): each chart carries
// its go-echarts options, an accessible table of the same figures, a plain-text summary for
// screen readers, its source line and the day it is as of. The dashboard, embeds, static images
// and the series API all start from here, so a chart is defined once.
//
// Chart options hold untrusted text (endorser and candidate names). They are serialised with
// encoding/json, which escapes <, > and &, and never with go-echarts' own unescaped renderer.
package charts

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/backers/backers/models"
)

// ErrUnknownChart is returned by Build for a name no chart has.
var ErrUnknownChart = errors.New("charts: unknown chart")

// Basis says where a chart's figures come from, so reported tallies and counted rows are never
// silently mixed.
const (
	BasisCounted   = "Counted records"  // individual sourced events in the log, aggregated
	BasisReported  = "Reported tallies" // counts published by a source
	BasisPublished = "Published figures"
	// BasisBoth is a chart that draws reported tallies beside counted records, told apart.
	BasisBoth = "Reported tallies and counted records"
)

// Options narrow a chart. The zero value is every candidate and kind, with all the data. AsOf
// and Kinds shape the snapshot (Query asks for them); Build reads them from the snapshot.
type Options struct {
	AsOf       string   // ISO day; the state on that day ("" for all the data)
	Candidates []string // candidate slugs to show; empty means all
	Kinds      []string // endorser kind slugs to count; empty means all
}

// Table is the accessible form of a chart's figures.
type Table struct {
	Caption string
	Header  []string
	Rows    [][]string
}

// Figure is one headline figure, such as "Jeremy Corbyn 285".
type Figure struct {
	Label  string
	Value  string
	Colour string // "#rrggbb" swatch, or "" for none
}

// Renderer is what a go-echarts chart offers: Validate fills its derived options, JSON returns
// them as a map ready for encoding/json.
type Renderer interface {
	Validate()
	JSON() map[string]any
}

// Chart is one built chart of a contest.
type Chart struct {
	Name      string
	Title     string
	Basis     string // BasisCounted, BasisReported or BasisPublished
	Source    string // one line: where the figures come from
	SourceURL string // the main source, where there is one
	AsOf      string // ISO day the chart shows the state on
	Summary   string // the figures in a sentence, for screen readers and the page
	// Published is the strongest published figure and its date in a sentence, where the
	// chart's summary leads with one: what a card about the chart leads with too.
	Published string
	Table     Table
	Notes     []string // disputed or uncertain figures, and what is missing
	Headline  []Figure // the figures worth a headline, if any
	// HeadlineTitle names the headline figures, where they need a shorter title than the chart.
	HeadlineTitle string
	Tall          bool // the chart needs more height than most (many categories)
	// Panels is how many small multiples the chart draws (0 or 1: one plot); the dashboard
	// gives a chart of several the whole width.
	Panels int
	Empty  bool // no data: show EmptyText instead of a chart
	// NotApplicable marks an empty chart about something the contest's rules do not have
	// (CLPs in a US primary, thresholds where none are recorded).
	NotApplicable bool
	EmptyText     string
	Echart        Renderer // nil when Empty
	// patch adjusts the serialised options where go-echarts cannot express an option.
	patch func(map[string]any)
}

// MarshalOptions serialises the chart's ECharts options with encoding/json, which escapes <, >
// and & (and U+2028/9), so the result is safe inside a <script type="application/json"> block.
func (c *Chart) MarshalOptions() ([]byte, error) {
	if c.Echart == nil {
		return []byte("null"), nil
	}
	c.Echart.Validate()
	b, err := json.Marshal(c.Echart.JSON())
	if err != nil {
		return nil, fmt.Errorf("charts: marshal %s: %w", c.Name, err)
	}
	if c.patch == nil {
		return b, nil
	}
	var o map[string]any
	if err := json.Unmarshal(b, &o); err != nil {
		return nil, fmt.Errorf("charts: patch %s: %w", c.Name, err)
	}
	c.patch(o)
	if b, err = json.Marshal(o); err != nil {
		return nil, fmt.Errorf("charts: marshal %s: %w", c.Name, err)
	}
	return b, nil
}

// OptionsJS is MarshalOptions for templates: the JSON as a script-context value. It is safe
// because encoding/json has escaped every <, > and &.
func (c *Chart) OptionsJS() (template.JS, error) {
	b, err := c.MarshalOptions()
	return template.JS(b), err
}

// DOMID is the id of the chart's container on a page.
func (c *Chart) DOMID() string { return "chart-" + c.Name }

// Spec names a chart and how it is built.
type Spec struct {
	Name  string
	Title string
	build func(in *input, ch *Chart) error
	// needs are the snapshot parts the chart reads.
	needs models.SnapshotPart
	// kind, where set, is the endorser kind the chart is about ("clp"): for a contest whose
	// rules do not count that kind and that has no such data, the chart does not apply, and
	// the dashboard leaves it out rather than show a US primary an empty "CLP nominations".
	kind string
}

// Specs lists every chart, in the order the dashboard shows them.
func Specs() []Spec {
	const (
		series  = models.PartSeries
		support = models.PartSupport | models.PartSeries
		tallies = models.PartTallies | models.PartShares | models.PartProcesses
		unions  = models.PartShares | models.PartBackers | models.PartUnbacked | models.PartSeries
		members = models.PartMembership | models.PartSeries | models.PartFigures
		counted = models.PartLatestTallies | models.PartNominations | models.PartSeries
	)
	return []Spec{
		{"support-over-time", "Support over time", supportOverTime, series | models.PartTallies, ""},
		{"points-over-time", "Weighted points over time", pointsOverTime, series, ""},
		{"by-kind", "Support by kind of endorser", byKind, support, ""},
		{"clp-nominations", "CLP nominations", clpNominations, tallies, kindCLP},
		{"union-nominations", "Affiliated union nominations", unionNominations, unions, kindUnion},
		{"union-membership", "Union nominations weighted by membership", unionMembership, members, kindUnion},
		{"thresholds", "Nominations against the threshold", thresholds, counted, ""},
		{"polls", "Polls", polls, models.PartPolls, ""},
		{"odds", "Betting odds as implied probability", odds, models.PartOdds, ""},
		{"membership", "Party membership", membership, models.PartFigures, ""},
		{"result", "Result by voter category", result, models.PartFigures, ""},
	}
}

// Names lists every chart name.
func Names() []string {
	var out []string
	for _, s := range Specs() {
		out = append(out, s.Name)
	}
	return out
}

// Query is the snapshot the named charts (every chart, for none) read with these options: the
// day, the kinds counted, and only the parts and organisation kinds those charts use. Pass it
// to store.Snapshot, then the snapshot to Build or BuildAll.
func Query(names []string, o Options) models.SnapshotQuery {
	q := models.SnapshotQuery{AsOf: o.AsOf, Kinds: o.Kinds}
	for _, s := range Specs() {
		if len(names) > 0 && !slices.Contains(names, s.Name) {
			continue
		}
		q.Parts |= s.needs
		if s.needs&(models.PartBackers|models.PartUnbacked) != 0 && !slices.Contains(q.OrgKinds, s.kind) {
			q.OrgKinds = append(q.OrgKinds, s.kind)
		}
		if s.needs&models.PartMembership != 0 && !slices.Contains(q.MembershipKinds, s.kind) {
			q.MembershipKinds = append(q.MembershipKinds, s.kind)
		}
		if s.needs&models.PartProcesses != 0 && !slices.Contains(q.ProcessKinds, s.kind) {
			q.ProcessKinds = append(q.ProcessKinds, s.kind)
		}
	}
	return q
}

// Build builds one named chart from a contest's snapshot, which must hold what Query(name)
// asks for.
func Build(snap *models.Snapshot, name string, o Options) (*Chart, error) {
	for _, s := range Specs() {
		if s.Name == name {
			return build(newInput(snap, o), s)
		}
	}
	return nil, fmt.Errorf("%w %q", ErrUnknownChart, name)
}

// BuildAll builds every chart of a contest's snapshot, in the order of Specs.
func BuildAll(snap *models.Snapshot, o Options) ([]*Chart, error) {
	in := newInput(snap, o)
	var out []*Chart
	for _, s := range Specs() {
		ch, err := build(in, s)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, nil
}

// ErrSnapshotLacks is returned by Build for a snapshot without the parts a chart reads: the
// caller asked the store for less than Query says.
var ErrSnapshotLacks = errors.New("charts: the snapshot lacks what the chart reads")

func build(in *input, s Spec) (*Chart, error) {
	q := in.snap.Query
	orgs := s.needs&(models.PartBackers|models.PartUnbacked) == 0 || slices.Contains(q.OrgKinds, s.kind)
	members := s.needs&models.PartMembership == 0 || slices.Contains(q.MembershipKinds, s.kind)
	processes := s.needs&models.PartProcesses == 0 || slices.Contains(q.ProcessKinds, s.kind)
	if !q.Parts.Has(s.needs) || !orgs || !members || !processes {
		return nil, fmt.Errorf("%w: %s", ErrSnapshotLacks, s.Name)
	}
	ch := &Chart{Name: s.Name, Title: s.Title, AsOf: in.o.AsOf}
	if err := s.build(in, ch); err != nil {
		return nil, fmt.Errorf("charts: %s: %w", s.Name, err)
	}
	if ch.Empty {
		ch.NotApplicable = ch.NotApplicable || (s.kind != "" && !in.counts(s.kind)) || (s.Name == "thresholds" && len(in.c.Thresholds) == 0)
		ch.Echart = nil
		if ch.EmptyText == "" {
			ch.EmptyText = "Nothing has been recorded for this chart yet."
		}
	}
	return ch, nil
}

// input is what every builder reads: the snapshot, its contest, the options and the candidates
// they select, in the contest's order.
type input struct {
	snap  *models.Snapshot
	c     *models.Contest
	o     Options
	cands []models.Candidate
	all   map[uint]models.Candidate
}

func newInput(snap *models.Snapshot, o Options) *input {
	c := snap.Contest
	// The snapshot was computed for one day and set of kinds: the charts say what it holds.
	o.AsOf, o.Kinds = snap.Query.AsOf, snap.Query.Kinds
	in := &input{snap: snap, c: c, o: o, all: map[uint]models.Candidate{}}
	palette := []string{"#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4"}
	for i, cd := range c.Candidates {
		if !validColour(cd.Colour) {
			cd.Colour = palette[i%len(palette)]
		}
		in.all[cd.ID] = cd
		if len(o.Candidates) == 0 || slices.Contains(o.Candidates, cd.Slug) {
			in.cands = append(in.cands, cd)
		}
	}
	return in
}

// shown reports whether a candidate is among those selected.
func (in *input) shown(id uint) bool {
	for _, cd := range in.cands {
		if cd.ID == id {
			return true
		}
	}
	return false
}

// counts reports whether the contest's rules count endorsers of this kind.
func (in *input) counts(kindSlug string) bool {
	for _, ck := range in.c.Kinds {
		if ck.Kind.Slug == kindSlug {
			return true
		}
	}
	return false
}

// asOfOr is the day a chart is as of: the requested day, else the latest day in its data.
func (in *input) asOfOr(latest string) string {
	if in.o.AsOf != "" {
		return in.o.AsOf
	}
	return latest
}

// validColour accepts only "#rrggbb", so a colour from data is safe in an SVG attribute and in
// chart options alike.
func validColour(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, r := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// Colour is a candidate's colour if it is a valid "#rrggbb", else a neutral grey.
func Colour(s string) string {
	if validColour(s) {
		return s
	}
	return "#888888"
}

// undeclaredColour is the grey of "no nomination" in every chart.
const undeclaredColour = "#b8b8b8"

// Day renders an ISO day as "15 Aug 2016"; anything else is returned as it is.
func Day(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return t.Format("2 Jan 2006")
}

// Dated renders a day with its precision: "15 Aug 2016", "Aug 2016", "by 15 Aug 2016",
// "on or before 15 Aug 2016", "28 Jul 2016 (day inferred)".
func Dated(iso, precision string) string {
	switch precision {
	case models.PrecisionMonth:
		if t, err := time.Parse("2006-01-02", iso); err == nil {
			return t.Format("Jan 2006")
		}
	case models.PrecisionReported:
		return "by " + Day(iso)
	case models.PrecisionRange:
		return "on or before " + Day(iso)
	case models.PrecisionInferred:
		return Day(iso) + " (day inferred)"
	}
	return Day(iso)
}

// onDated is Dated as a sentence has it after a figure: "on 15 Aug 2016", "in Aug 2016",
// "by 15 Aug 2016".
func onDated(iso, precision string) string {
	switch precision {
	case models.PrecisionMonth:
		return "in " + Dated(iso, precision)
	case models.PrecisionReported, models.PrecisionRange:
		return Dated(iso, precision)
	}
	return "on " + Dated(iso, precision)
}

// Verified says for readers whether a published figure is verified: "verified" (confirmed),
// "reported, not verified" or "disputed".
func Verified(verification string) string {
	switch verification {
	case models.VerificationConfirmed:
		return "verified"
	case models.VerificationDisputed:
		return "disputed"
	}
	return "reported, not verified"
}

// Number renders an integer with thousands separators: 313209 as "313,209".
func Number(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// pct renders a share 0..1 as "71.6%".
func pct(f float64) string { return fmt.Sprintf("%.1f%%", f*100) }

// round1 rounds to one decimal place, for chart values.
func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

// mark flags a figure the sources disagree on or report without confirmation.
func mark(verification string) string {
	switch verification {
	case models.VerificationDisputed:
		return " (disputed)"
	}
	return ""
}

// precisionNote says how exactly a date is known, where it is not to the day.
func precisionNote(p string) string {
	switch p {
	case models.PrecisionMonth:
		return "month only"
	case models.PrecisionRange:
		return "date within a range"
	case models.PrecisionReported:
		return "date first reported"
	case models.PrecisionInferred:
		return "day inferred from the source's wording"
	}
	return ""
}

// ProcessNote says how an organisation decided, with its vote figures where known: "consultative
// members' ballot: 25,969 for Owen Smith, 17,450 for the other candidates; turnout 43,419, or
// 43,635 per Morning Star". Both turnouts are kept where the sources disagree. It is "" for an
// event that records no process or votes. The event's candidate must be loaded for its name.
func ProcessNote(e models.Event) string {
	var votes []string
	if e.VotesFor != nil {
		who := e.Candidate.Name
		if who == "" {
			who = "this candidate"
		}
		votes = append(votes, Number(int64(*e.VotesFor))+" for "+who)
	}
	if e.VotesAgainst != nil {
		votes = append(votes, Number(int64(*e.VotesAgainst))+" for the other candidates")
	}
	out := e.Process
	if len(votes) > 0 {
		if out != "" {
			out += ": "
		}
		out += strings.Join(votes, ", ")
	}
	if e.Turnout != nil {
		if out != "" {
			out += "; "
		}
		out += "turnout " + Number(int64(*e.Turnout))
		if e.TurnoutOther != nil {
			out += ", or " + Number(int64(*e.TurnoutOther))
			if e.TurnoutOtherSource != "" {
				out += " per " + e.TurnoutOtherSource
			}
		}
	}
	return out
}

// JoinList joins "a", "b", "c" as "a, b and c".
func JoinList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
