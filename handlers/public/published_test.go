package public_test

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/internal/shared"
)

// The compiled fact files of ../shared/data: each published figure of the three contests with
// its source (section, item, candidate_or_group, value, unit, as_of_date, source_url,
// confidence_note).
const (
	facts2015     = "compiled_labour2015_facts.csv"
	facts2016     = "compiled_labour2016_facts_from_sources.csv"
	moreFacts2016 = "labour2016_more_facts.csv"
	facts2020     = "compiled_labour2020_facts.csv"
)

// fact names a row of a compiled fact file: its item, candidate_or_group and as_of_date.
type fact struct{ file, item, who, asOf string }

// factRow is what a fact file's row says: its value and its note.
type factRow struct{ value, note, url string }

// readFacts reads the compiled fact files, each row by its fact (two sources may give one
// item on one day: both are kept).
func readFacts(t *testing.T) map[fact][]factRow {
	t.Helper()
	out := map[fact][]factRow{}
	for _, name := range []string{facts2015, facts2016, moreFacts2016, facts2020} {
		rows := shared.CSV(t, name)
		for _, r := range rows[1:] {
			k := fact{name, r[1], r[2], r[5]}
			out[k] = append(out[k], factRow{value: r[3], note: r[7], url: r[6]})
		}
	}
	return out
}

var isDay = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// printed is a fact file's value as the pages print it: a whole number with thousands
// separators ("654,006"), a day as "22 Jan 2020", anything else as published ("77.6").
func printed(v string) string {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return charts.Number(n)
	}
	if isDay.MatchString(v) {
		return charts.Day(v)
	}
	return v
}

// shown is one published figure as a dashboard shows it, in its context: a headline card's
// label and value, a row of a chart's table (or of the dates and figures section's), or what a
// chart or that section says.
type shown struct {
	name string
	// The fact-file rows whose values it shows, each value printed in what is expected: the
	// figures are the sources'. None where the figure is worked out here (a union weighting,
	// from each union's membership) or counted from the seeded records.
	facts []fact
	card  string            // a headline card's title, and
	items map[string]string // its labels and values, all of them
	chart string            // or a chart by name; "" for the dates and figures section
	row   []string          // a table row beginning with these cells,
	says  string            // or a sentence of it
}

// TestDashboardsShowEveryPublishedFigure reads each figure of the compiled fact files that a
// dashboard shows, and is not asserted elsewhere, where a reader finds it: in its headline
// card, its chart's table or notes, or the dates and figures section, beside what says what it
// is. Each expected figure is checked against its fact file first.
func TestDashboardsShowEveryPublishedFigure(t *testing.T) {
	app, _ := handlertest.NewAppAllContests(t)
	facts := readFacts(t)
	dashboards := map[string][]shown{
		"labour-2016": {
			{name: "ballots distributed", facts: []fact{{facts2016, "ballots distributed", "all", "2016-09-24"}},
				chart: "result", says: "Ballots distributed: 654,006 ballots"},
			{name: "spoilt ballots", facts: []fact{{facts2016, "spoilt ballots", "all", "2016-09-24"}},
				chart: "result", says: "Spoilt ballots: 1,042 ballots"},
			{name: "turnout", facts: []fact{{facts2016, "turnout", "all", "2016-09-24"}}, chart: "result", says: "Turnout: 77.6%"},
			// weighted here by each union's total membership (labour2016_more_facts.csv)
			{name: "union weighting, Corbyn", chart: "union-membership", row: []string{"Jeremy Corbyn", "8", "2,896,098", "71.8%", "none"}},
			{name: "union weighting, Smith", chart: "union-membership", row: []string{"Owen Smith", "4", "1,113,265", "27.6%", "none"}},
			{name: "union weighting, no nomination", chart: "union-membership", row: []string{"No nomination", "2", "26,740", "0.7%", "none"}},
			{name: "membership, May 2015", facts: []fact{{facts2016, "individual members", "party", "2015-05-06"}},
				says: "201,293 members, 6 May 2015: verified"},
			{name: "membership, Jan 2016", facts: []fact{{facts2016, "individual members", "party", "2016-01-10"}},
				says: "388,407 members, 10 Jan 2016: verified"},
			{name: "membership, Aug 2016", facts: []fact{{facts2016, "individual members", "party", "2016-08"}},
				says: "515,000 members, Aug 2016: reported, not verified"},
			{name: "registered supporters accepted", facts: []fact{{facts2016, "registered supporters accepted (estimate)", "all", "2016-08-22"}},
				row: []string{"registered supporters accepted", "129,000", "22 Aug 2016", "reported, not verified"}},
			{name: "affiliated supporters", facts: []fact{{facts2016, "affiliated supporters (estimate)", "all", "2016-08-22"}},
				row: []string{"affiliated supporters", "168,000", "22 Aug 2016", "reported, not verified"}},
			{name: "interim CLPs, 29 Jul (Morning Star)", chart: "clp-nominations",
				facts: []fact{{moreFacts2016, "CLP supporting nominations", "Jeremy Corbyn", "2016-07-29"}, {moreFacts2016, "CLP supporting nominations", "Owen Smith", "2016-07-29"}},
				row:   []string{"29 Jul 2016", "51", "12", "not reported", "583 (the rest)", "Local parties swing behind Jez to stay (Morning Star)"}},
			{name: "interim CLPs, 4 Aug (Left Futures)", chart: "clp-nominations",
				facts: []fact{{moreFacts2016, "CLP supporting nominations", "Jeremy Corbyn", "2016-08-04"}, {moreFacts2016, "CLP supporting nominations", "Owen Smith", "2016-08-04"}},
				row:   []string{"4 Aug 2016", "100", "21", "not reported", "525 (the rest)", "Corbyn piles up nominations as first TV debate takes place (Left Futures)"}},
		},
		"labour-2015": {
			// counted from the seeded unions (compiled_labour2015_endorsements.csv)
			{name: "union card", card: "Affiliated unions nominating", items: map[string]string{"Jeremy Corbyn": "6", "Andy Burnham": "1",
				"Yvette Cooper": "2", "Declared support, not a nomination": "3", "Neither nominated nor declared support": "1"}},
			{name: "union weighting", chart: "union-membership", row: []string{"Jeremy Corbyn", "6", "2,805,098", "80.5%", "none"}},
			{name: "valid votes, members", facts: []fact{{facts2015, "valid votes, members", "all", "2015-09-12"}},
				chart: "result", says: "Valid votes, members: 245,520 votes"},
			{name: "valid votes, registered supporters", facts: []fact{{facts2015, "valid votes, registered supporters", "all", "2015-09-12"}},
				chart: "result", says: "Valid votes, registered supporters: 105,598 votes"},
			{name: "valid votes, affiliated supporters", facts: []fact{{facts2015, "valid votes, affiliated supporters", "all", "2015-09-12"}},
				chart: "result", says: "Valid votes, affiliated supporters: 71,546 votes"},
			{name: "valid votes, total", facts: []fact{{facts2015, "valid votes, total", "all", "2015-09-12"}},
				chart: "result", says: "Valid votes, total: 422,664 votes"},
			{name: "declared backers, Burnham", facts: []fact{{facts2015, "declared PLP backers (interim)", "Andy Burnham", "2015-06-09"}},
				says: "Andy Burnham: 55 MPs, declared PLP backers (interim), 9 Jun 2015"},
			{name: "declared backers, Corbyn", facts: []fact{{facts2015, "declared PLP backers (interim)", "Jeremy Corbyn", "2015-06-09"}},
				says: "Jeremy Corbyn: 11 MPs, declared PLP backers (interim), 9 Jun 2015"},
			{name: "declared backers, Creagh", facts: []fact{{facts2015, "declared PLP backers (interim)", "Mary Creagh", "2015-06-09"}},
				says: "Mary Creagh: 7 MPs, declared PLP backers (interim), 9 Jun 2015"},
		},
		"labour-2020": {
			// counted from the seeded unions (compiled_labour2020_endorsements.csv)
			{name: "union card", card: "Affiliated unions nominating",
				items: map[string]string{"Keir Starmer": "4", "Rebecca Long-Bailey": "4", "Lisa Nandy": "2", "No nomination": "2"}},
			{name: "unions nominating no one, of 12", chart: "union-nominations", row: []string{"No nomination of 12", "2", "Aslef, Musicians' Union"}},
			{name: "union weighting", chart: "union-membership", row: []string{"Keir Starmer", "4", "1,711,664", "43.2%", "none"}},
			{name: "interim CLPs, 28 Jan (Guido Fawkes)", chart: "clp-nominations",
				facts: []fact{{facts2020, "CLP nominations (interim)", "Keir Starmer", "2020-01-28"}, {facts2020, "CLP nominations (interim)", "Rebecca Long-Bailey", "2020-01-28"},
					{facts2020, "CLP nominations (interim)", "Lisa Nandy", "2020-01-28"}, {facts2020, "CLP nominations (interim)", "Emily Thornberry", "2020-01-28"}},
				row: []string{"28 Jan 2020", "48", "21", "11", "4", "not reported", "not reported", "564 (the rest)"}},
			{name: "interim CLPs, 11 Feb (binlabour)", chart: "clp-nominations",
				facts: []fact{{facts2020, "CLP nominations (interim)", "Keir Starmer", "2020-02-11"}, {facts2020, "CLP nominations (interim)", "Rebecca Long-Bailey", "2020-02-11"},
					{facts2020, "CLP nominations (interim)", "Lisa Nandy", "2020-02-11"}, {facts2020, "CLP nominations (interim)", "Emily Thornberry", "2020-02-11"}},
				row: []string{"11 Feb 2020", "295", "136", "57", "21", "not reported", "not reported", "139 (the rest)"}},
			// Guido's count on the morning of 14 Feb, of the CLPs to the day before
			{name: "interim CLPs, 13 Feb (Guido Fawkes)", chart: "clp-nominations",
				facts: []fact{{facts2020, "CLP nominations (interim)", "Keir Starmer", "2020-02-14"}, {facts2020, "CLP nominations (interim)", "Rebecca Long-Bailey", "2020-02-14"},
					{facts2020, "CLP nominations (interim)", "Lisa Nandy", "2020-02-14"}, {facts2020, "CLP nominations (interim)", "Emily Thornberry", "2020-02-14"}},
				row: []string{"13 Feb 2020", "340", "149", "64", "28", "not reported", "not reported", "67 (the rest)"}},
			{name: "interim MPs and MEPs, 9 Jan (Labour's figures)", chart: "support-over-time",
				facts: []fact{{facts2020, "MP/MEP nominations (interim, Labour figures)", "Keir Starmer", "2020-01-09"},
					{facts2020, "MP/MEP nominations (interim, Labour figures)", "Rebecca Long-Bailey", "2020-01-09"},
					{facts2020, "MP/MEP nominations (interim, Labour figures)", "Lisa Nandy", "2020-01-09"},
					{facts2020, "MP/MEP nominations (interim, Labour figures)", "Emily Thornberry", "2020-01-09"},
					{facts2020, "MP/MEP nominations (interim, Labour figures)", "Jess Phillips", "2020-01-09"},
					{facts2020, "MP/MEP nominations (interim, Labour figures)", "Clive Lewis", "2020-01-09"}},
				row: []string{"9 Jan 2020", "PLP and EPLP members", "Reported tally (Labour leadership: Long-Bailey, Phillips and Nandy win backing (The Guardian, 9 Jan 2020))",
					"63", "26", "24", "9", "22", "4"}},
			{name: "Phillips's final MPs and MEPs", facts: []fact{{facts2020, "MP/MEP nominations (final)", "Jess Phillips", "2020-01-13"}},
				chart: "thresholds", row: []string{"Stage one: 10% of Labour MPs and MEPs", "13 Jan 2020", "Jess Phillips", "23"}},
			{name: "Lewis's MPs and MEPs at his withdrawal", facts: []fact{{facts2020, "MP/MEP nominations (at withdrawal)", "Clive Lewis", "2020-01-13"}},
				chart: "thresholds", row: []string{"Stage one: 10% of Labour MPs and MEPs", "13 Jan 2020", "Clive Lewis", "5",
					"Reported tallies: Final standings, round one (binlabour blog)"}},
			{name: "ballots returned, members", facts: []fact{{facts2020, "ballots returned, members", "all", "2020-04-04"}},
				chart: "result", says: "Ballots returned, members: 401,564 ballots"},
			{name: "ballots returned, registered supporters", facts: []fact{{facts2020, "ballots returned, registered supporters", "all", "2020-04-04"}},
				chart: "result", says: "Ballots returned, registered supporters: 13,006 ballots"},
			{name: "ballots returned, affiliated supporters", facts: []fact{{facts2020, "ballots returned, affiliated supporters", "all", "2020-04-04"}},
				chart: "result", says: "Ballots returned, affiliated supporters: 76,161 ballots"},
			{name: "ballots returned, total", facts: []fact{{facts2020, "ballots returned, total", "all", "2020-04-04"}},
				chart: "result", says: "Ballots returned, total: 490,731 ballots"},
			{name: "Nandy qualifies", facts: []fact{{facts2020, "qualified for final ballot", "Lisa Nandy", "2020-01-22"}},
				says: "22 Jan 2020: Lisa Nandy qualifies for the ballot"},
			{name: "Long-Bailey qualifies", facts: []fact{{facts2020, "qualified for final ballot", "Rebecca Long-Bailey", "2020-01-29"}},
				says: "29 Jan 2020: Rebecca Long-Bailey qualifies for the ballot"},
		},
	}
	for contest, figures := range dashboards {
		body := get(t, app, "/c/"+contest)
		for _, s := range figures {
			t.Run(contest+"/"+s.name, func(t *testing.T) {
				expected := strings.Join(append(append([]string{s.says}, s.row...), mapValues(s.items)...), " ")
				for _, f := range s.facts {
					rows, ok := facts[f]
					if !ok {
						t.Fatalf("%s has no row %q for %q on %s", f.file, f.item, f.who, f.asOf)
					}
					if !slices.ContainsFunc(rows, func(r factRow) bool { return strings.Contains(expected, printed(r.value)) }) {
						t.Errorf("%s gives %q for %q on %s: not what the test expects the page to show (%s)", f.file, rows[0].value, f.who, f.asOf, expected)
					}
				}
				if s.card != "" {
					if got := headline(t, body, s.card); !maps.Equal(got, s.items) {
						t.Errorf("the %q card shows %v, want %v", s.card, got, s.items)
					}
					return
				}
				part := section(t, body, `<section class="contest-facts"`, "</section>")
				where := "the dates and figures section"
				if s.chart != "" {
					part, where = figure(t, body, s.chart), "the "+s.chart+" chart"
				}
				if s.row != nil && !hasRow(part, s.row...) {
					t.Errorf("%s lacks the row %q; its rows:\n%q", where, s.row, rows(part))
				}
				if s.says != "" && !strings.Contains(text(part), s.says) {
					t.Errorf("%s does not say %q:\n%s", where, s.says, text(part))
				}
			})
		}
	}
}

// TestWhoCouldVoteRows reads each row of the dashboards' "Who could vote" table whole: the
// figure, its number, the day it is of with its precision, whether it is verified, and the link
// to its source; each number and source the compiled fact file's.
func TestWhoCouldVoteRows(t *testing.T) {
	app, _ := handlertest.NewAppAllContests(t)
	facts := readFacts(t)
	const (
		sunderland = "https://www.sunderlandecho.com/news/640000-expected-be-eligible-vote-labour-leadership-election-365791"
		guardian   = "https://www.theguardian.com/politics/2016/aug/12/labour-leadership-court-of-appeal-ruling-nec-membership"
		labourList = "https://labourlist.org/2020/04/keir-starmer-elected-to-succeed-jeremy-corbyn-as-labour-leader/"
	)
	for _, tc := range []struct {
		contest string
		rows    [][]string // figure, number, as of, status; then the source's link
		facts   []fact     // each row's fact: its value is the number, or (2020) its note gives the number
	}{
		{"labour-2016", [][]string{
			{"new members excluded by the freeze date", "130,000", "12 Aug 2016", "reported, not verified", guardian},
			{"members eligible", "343,500", "22 Aug 2016", "reported, not verified", sunderland},
			{"registered supporters accepted", "129,000", "22 Aug 2016", "reported, not verified", sunderland},
			{"affiliated supporters", "168,000", "22 Aug 2016", "reported, not verified", sunderland},
			{"total eligible", "640,000", "22 Aug 2016", "reported, not verified", sunderland},
		}, []fact{
			{facts2016, "new members excluded by freeze date", "all", "2016-08-12"},
			{facts2016, "members eligible (estimate)", "all", "2016-08-22"},
			{facts2016, "registered supporters accepted (estimate)", "all", "2016-08-22"},
			{facts2016, "affiliated supporters (estimate)", "all", "2016-08-22"},
			{facts2016, "total eligible (estimate)", "all", "2016-08-22"},
		}},
		// published with the result: known to be so by then
		{"labour-2020", [][]string{
			{"members eligible", "552,835", "by 4 Apr 2020", "reported, not verified", labourList},
			{"registered supporters eligible", "13,626", "by 4 Apr 2020", "reported, not verified", labourList},
			{"affiliated supporters eligible", "217,690", "by 4 Apr 2020", "reported, not verified", labourList},
			{"total eligible", "784,151", "by 4 Apr 2020", "verified", labourList},
		}, []fact{
			{facts2020, "ballots returned, members", "all", "2020-04-04"},
			{facts2020, "ballots returned, registered supporters", "all", "2020-04-04"},
			{facts2020, "ballots returned, affiliated supporters", "all", "2020-04-04"},
			{facts2020, "ballots returned, total", "all", "2020-04-04"},
		}},
	} {
		body := get(t, app, "/c/"+tc.contest)
		table := section(t, body, "<h3>Who could vote</h3>", "</table>")
		if n := len(rows(table)) - 1; n != len(tc.rows) {
			t.Errorf("%s: %d rows who could vote, want %d:\n%q", tc.contest, n, len(tc.rows), rows(table))
		}
		for i, want := range tc.rows {
			f := facts[tc.facts[i]]
			if len(f) == 0 {
				t.Fatalf("no fact %+v", tc.facts[i])
			}
			if number := want[1]; printed(f[0].value) != number && !strings.Contains(f[0].note, number) || f[0].url != want[4] {
				t.Errorf("%s %s: the fact file gives %q (%q) from %s, not %s from %s", tc.contest, want[0], f[0].value, f[0].note, f[0].url, number, want[4])
			}
			cells, raw, ok := rowOf(table, want[0])
			if !ok {
				t.Errorf("%s: no row %q who could vote", tc.contest, want[0])
				continue
			}
			if len(cells) != 5 || !slices.Equal(cells[:4], want[:4]) || !strings.HasPrefix(cells[4], "source") {
				t.Errorf("%s %s: row %q, want %q then its source", tc.contest, want[0], cells, want[:4])
			}
			if link := `<a href="` + want[4] + `" rel="nofollow noopener">source</a>`; !strings.Contains(raw, link) {
				t.Errorf("%s %s: the row does not link its source %s:\n%s", tc.contest, want[0], want[4], raw)
			}
		}
	}
}
