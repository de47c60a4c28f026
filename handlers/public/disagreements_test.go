package public_test

import (
	"testing"

	"github.com/backers/backers/handlers/handlertest"
)

// The sources of the two figures the seed's rules and thresholds disagree on, as
// ../shared/data/compiled_labour2020_facts.csv and compiled_labour2016_facts_from_sources.csv
// name them: 648 CLPs (LabourList) or 647 (Atlantic Sentinel, 14 Feb 2020); 51 MPs and MEPs
// (AOL/PA, 20 Jul 2016) or 50 (LabourList, 11 Jul 2016).
const (
	clps648URL = "https://labourlist.org/2020/02/what-the-latest-clp-nominations-tell-us-about-labours-leadership-elections"
	clps647URL = "https://atlanticsentinel.com/2020/02/labour-leadership-election-news-3/"
	clps647    = "Labour leadership election news (Atlantic Sentinel, 14 Feb 2020)"
	need51URL  = "https://www.aol.co.uk/news/2016/07/20/labour-receives-180000-new-applications-ahead-of-leadership-vote/"
	need50URL  = "https://labourlist.org/2016/07/labours-leadership-contest-what-happens-now/"
	need50     = "Labour’s leadership contest: what happens now? (LabourList, 11 Jul 2016)"
)

// TestRuleAndThresholdDisagreementsShown: where the sources give two figures for a rule or a
// threshold, the dashboard, the methodology and the API show the figure used, the other, and
// both sources.
func TestRuleAndThresholdDisagreementsShown(t *testing.T) {
	app, _ := handlertest.NewAppAllContests(t)
	threshold2016 := "Challenger nominations: 20% of Labour MPs and MEPs"
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "2016 dashboard: 51 or 50 needed", URL: "/c/labour-2016", WantStatus: 200, WantHas: []string{
			"Where the sources disagree",
			threshold2016 + `: <strong>51 needed</strong> used (<a href="` + need51URL + `" rel="nofollow noopener">source</a>); the other figure, <strong>50 needed</strong>: <a href="` + need50URL + `" rel="nofollow noopener">` + need50 + `</a>.`,
			// the threshold chart's notes and summary say so too
			threshold2016 + ": 51 needed used (aol.co.uk); the other figure, 50 needed: " + need50 + " (labourlist.org).",
			"against 51 needed (50 per another source); 79 PLP and EPLP members did not nominate (reported 20 Jul 2016).",
		}},
		{Name: "2020 dashboard: 648 or 647 CLPs", URL: "/c/labour-2020", WantStatus: 200, WantHas: []string{
			`Number of CLPs: <strong>648</strong> used (<a href="` + clps648URL + `" rel="nofollow noopener">source</a>); the other figure, <strong>647</strong>: <a href="` + clps647URL + `" rel="nofollow noopener">` + clps647 + `</a>.`,
			`Stage two: 5% of CLPs: <strong>of 648</strong> used`, `the other figure, <strong>of 647</strong>: <a href="` + clps647URL + `"`,
			// the CLP chart's notes
			"Number of CLPs: 648 used (labourlist.org); the other figure, 647: " + clps647 + " (atlanticsentinel.com).",
		}},
		{Name: "2016 methodology", URL: "/c/labour-2016/methodology", WantStatus: 200, WantHas: []string{
			threshold2016 + ": 20% of 251, 51 nominations (50 per " + need50 + "), needed by each challenger",
			`<small class="other-figure">other source: 50</small>`,
			`<a href="` + need51URL + `" rel="nofollow noopener">source</a> · the other figure, 50 needed: <a href="` + need50URL + `" rel="nofollow noopener">` + need50 + `</a>`,
		}},
		{Name: "2020 methodology", URL: "/c/labour-2020/methodology", WantStatus: 200, WantHas: []string{
			"648 CLPs (647 per " + clps647 + ")",
			"Stage two: 5% of CLPs: 5% of 648 (647 per " + clps647 + "), 33 nominations, needed by every candidate.",
			`<a href="` + clps648URL + `" rel="nofollow noopener">source</a> · the other figure, 647: <a href="` + clps647URL + `" rel="nofollow noopener">` + clps647 + `</a>`,
		}},
		{Name: "2016 API", URL: "/api/v1/contests/labour-2016", WantStatus: 200, WantHas: []string{
			`"required":51,"of":251,`, `"source_url":"` + need51URL + `","other_required":50,"other_source_url":"` + need50URL + `","other_source_title":"` + need50 + `"`,
		}},
		{Name: "2020 API", URL: "/api/v1/contests/labour-2020", WantStatus: 200, WantHas: []string{
			`"denominator":648,`, `"source_url":"` + clps648URL + `","other_denominator":647,"other_source_url":"` + clps647URL + `","other_source_title":"` + clps647 + `"`,
			`"required":33,"of":648,`, `"other_of":647,"other_source_url":"` + clps647URL + `"`,
		}},
	})
}
