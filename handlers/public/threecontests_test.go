package public_test

import (
	"encoding/csv"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
)

// TestEachContestsTableExportsAndEmbeds runs the checks the 2016 contest's table, exports and
// embeds have always had over each seeded contest, with each one's own figures: the
// who-backs-whom table filtered to the affiliated unions (how many, by candidate, and one
// union's row with its date and source), the CSV export of its CLPs (every row, and one CLP's
// with its date's precision and source), the JSON export of its unions, and the embeds of its
// CLP, union and threshold charts with the published counts.
func TestEachContestsTableExportsAndEmbeds(t *testing.T) {
	app, _ := handlertest.NewAppAllContests(t)
	type record struct{ endorser, candidate, action, date, precision, source string }
	for _, tc := range []struct {
		slug string
		// the table of affiliated unions: matched, each candidate's count, one union's row
		matched   string
		byCand    []string
		union     []string // endorser, kind, region, candidate, action, date, as the row reads
		unionURL  string
		clps      int    // CLP rows in the CSV export
		clp       record // one of them
		unions    int    // unions in the JSON export
		unionJSON record
		embeds    map[string]string // chart -> its summary
	}{
		{slug: "labour-2015", matched: "12", byCand: []string{"Jeremy Corbyn 7", "Andy Burnham 3", "Yvette Cooper 2"},
			union:    []string{"Unite", "Affiliated trade union", "", "Jeremy Corbyn", "nominated reported", "on or before 29 Jul 2015"},
			unionURL: "https://www.newssniffer.co.uk/articles/980886/diff/1/2",
			clps:     18,
			clp: record{"Aldridge-Brownhills CLP", "Jeremy Corbyn", "nominate", "2015-07-31", "range",
				"http://www.newstatesman.com/politics/staggers/2016/08/which-clps-are-nominating-who-2016-labour-leadership-contest"},
			unions:    12,
			unionJSON: record{"Unite", "Jeremy Corbyn", "nominate", "2015-07-29", "range", "https://www.newssniffer.co.uk/articles/980886/diff/1/2"},
			embeds: map[string]string{
				"clp-nominations":   "CLP supporting nominations as reported on 31 Jul 2015: Jeremy Corbyn 152, Andy Burnham 111, Yvette Cooper 106 and Liz Kendall 18.",
				"union-nominations": "Affiliated unions nominating as of 10 Sep 2015 (counted records): Jeremy Corbyn 6, Andy Burnham 1, Yvette Cooper 2, 3 declared support without nominating (FBU for Jeremy Corbyn, UCATT for Andy Burnham, Usdaw for Andy Burnham) and 1 neither nominated nor declared support.",
				"thresholds":        "Nominations: 15% of Labour MPs: Jeremy Corbyn 35 (reported 15 Jun 2015) and Andy Burnham 68 (reported 15 Jun 2015), against 35 needed; 28 MPs did not nominate (reported 15 Jun 2015).",
			}},
		{slug: "labour-2016", matched: "12", byCand: []string{"Jeremy Corbyn 8", "Owen Smith 4"},
			union:    []string{"GMB", "Affiliated trade union", "", "Owen Smith", "nominated reported", "10 Aug 2016"},
			unionURL: "https://feeds.bbci.co.uk/news/uk-politics-37026145",
			clps:     33, // 28 for Corbyn, 4 for Smith, Southport's motion of support
			clp: record{"South Swindon CLP", "Owen Smith", "nominate", "2016-08-06", "day",
				"https://www.southswindonlabour.co.uk/south-swindon-clp-votes-to-support-owen-smith/"},
			unions:    12,
			unionJSON: record{"GMB", "Owen Smith", "nominate", "2016-08-10", "day", "https://feeds.bbci.co.uk/news/uk-politics-37026145"},
			embeds: map[string]string{
				"clp-nominations":   "CLP supporting nominations as reported on 15 Aug 2016: Jeremy Corbyn 285, Owen Smith 53 and 308 of 646 did not nominate.",
				"union-nominations": "Affiliated unions nominating as of 21 Sep 2016 (counted records): Jeremy Corbyn 8, Owen Smith 4 and 2 of 14 made no nomination.",
				"thresholds":        "Challenger nominations: 20% of Labour MPs and MEPs: Owen Smith 172 (reported 20 Jul 2016) and Angela Eagle 72 (reported 19 Jul 2016), against 51 needed (50 per another source); 79 PLP and EPLP members did not nominate (reported 20 Jul 2016).",
			}},
		{slug: "labour-2020", matched: "10", byCand: []string{"Keir Starmer 4", "Rebecca Long-Bailey 4", "Lisa Nandy 2"},
			union:    []string{"GMB", "Affiliated trade union", "", "Lisa Nandy", "nominated reported", "on or before 22 Jan 2020"},
			unionURL: "https://labourlist.org/2020/01/nandy-secures-place-on-ballot-paper-with-chinese-for-labour-backing",
			clps:     50,
			clp: record{"Brighton Kemptown CLP", "Rebecca Long-Bailey", "nominate", "2020-02-05", "day",
				"https://brightonandhovenews.org/2020/02/13/brighton-and-hove-labour-parties-pick-leadership-rivals"},
			unions:    10,
			unionJSON: record{"GMB", "Lisa Nandy", "nominate", "2020-01-22", "range", "https://labourlist.org/2020/01/nandy-secures-place-on-ballot-paper-with-chinese-for-labour-backing"},
			embeds: map[string]string{
				"clp-nominations":   "CLP supporting nominations as reported on 14 Feb 2020: Keir Starmer 373, Rebecca Long-Bailey 164, Lisa Nandy 72, Emily Thornberry 31 and 8 of 648 did not nominate.",
				"union-nominations": "Affiliated unions nominating as of 14 Feb 2020 (counted records): Keir Starmer 4, Rebecca Long-Bailey 4, Lisa Nandy 2 and 2 of 12 made no nomination.",
				"thresholds":        "Stage one: 10% of Labour MPs and MEPs: Keir Starmer 88 (reported 13 Jan 2020), Rebecca Long-Bailey 33 (reported 13 Jan 2020), Lisa Nandy 31 (reported 13 Jan 2020), Emily Thornberry 23 (reported 13 Jan 2020), Jess Phillips 23 (reported 13 Jan 2020) and Clive Lewis 5 (reported 13 Jan 2020), against 22 needed.",
			}},
	} {
		t.Run(tc.slug, func(t *testing.T) {
			base := "/c/" + tc.slug + "/endorsements"

			// The table of the contest's affiliated unions.
			body := get(t, app, base+"?kind=affiliated-union&sort=name")
			matched := text(section(t, body, `<p class="matched">`, "</p>"))
			if want := tc.matched + " matched: " + strings.Join(tc.byCand, "; ") + "."; !strings.HasPrefix(matched, want) {
				t.Errorf("table: %q, want it to begin %q", matched, want)
			}
			if got := len(tableNames(body)); strconv.Itoa(got) != tc.matched {
				t.Errorf("table: %d rows, want %s", got, tc.matched)
			}
			cells, raw, ok := rowOf(body, tc.union[0])
			if !ok || len(cells) < len(tc.union) || !slices.Equal(cells[:len(tc.union)], tc.union) || !strings.Contains(raw, `href="`+tc.unionURL+`"`) {
				t.Errorf("table: %s's row %q (%v), want %q with its source %s", tc.union[0], cells, ok, tc.union, tc.unionURL)
			}

			// The CSV export of its CLPs: every row, one of them whole.
			csvBody := get(t, app, base+".csv?kind=clp")
			recs, err := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs)-1 != tc.clps {
				t.Errorf("CSV export of CLPs: %d rows, want %d", len(recs)-1, tc.clps)
			}
			col := map[string]int{}
			for i, h := range recs[0] {
				col[h] = i
			}
			var got []record
			for _, r := range recs[1:] {
				if r[col["contest"]] != tc.slug || r[col["kind"]] != "clp" {
					t.Errorf("CSV export of %s CLPs holds %q", tc.slug, r)
				}
				got = append(got, record{r[col["endorser"]], r[col["candidate"]], r[col["action"]], r[col["date"]], r[col["date_precision"]], r[col["source_url"]]})
			}
			if !slices.Contains(got, tc.clp) {
				t.Errorf("CSV export of CLPs lacks %+v", tc.clp)
			}

			// The JSON export of its unions.
			var exp struct {
				Contest      string `json:"contest"`
				Count        int    `json:"count"`
				Endorsements []struct {
					Endorser, Candidate, Action, Date string
					Precision                         string `json:"date_precision"`
					Source                            string `json:"source_url"`
					Kind                              string `json:"kind"`
				} `json:"endorsements"`
			}
			if err := json.Unmarshal([]byte(get(t, app, base+".json?kind=affiliated-union")), &exp); err != nil {
				t.Fatal(err)
			}
			if exp.Contest != tc.slug || exp.Count != tc.unions || len(exp.Endorsements) != tc.unions {
				t.Errorf("JSON export of unions: %s, count %d of %d, want %s with %d", exp.Contest, exp.Count, len(exp.Endorsements), tc.slug, tc.unions)
			}
			found := false
			for _, e := range exp.Endorsements {
				found = found || record{e.Endorser, e.Candidate, e.Action, e.Date, e.Precision, e.Source} == tc.unionJSON
			}
			if !found {
				t.Errorf("JSON export of unions lacks %+v", tc.unionJSON)
			}

			// The embeds of its nomination charts.
			for chart, summary := range tc.embeds {
				body := get(t, app, "/embed/"+tc.slug+"/"+chart)
				if !strings.Contains(text(body), summary) {
					t.Errorf("embed %s: does not say %q", chart, summary)
				}
			}
		})
	}
}
