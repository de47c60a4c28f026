package public_test

import (
	"testing"

	"github.com/backers/backers/handlers/handlertest"
)

// The polls' headline is the latest poll's whole sample (62 to 38 among the selectorate, as
// YouGov headlined it), not one of the subgroups published with it.
func TestPollsHeadlineIsTheWholeSample(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "dashboard", URL: "/c/labour-2016", WantStatus: 200,
			WantHas: []string{"Latest poll, YouGov/The Times (fieldwork to 29 Aug 2016, Labour selectorate (members, registered and affiliated supporters)): Jeremy Corbyn 62% and Owen Smith 38%.",
				"The table breaks it down by 4 groups of voters."},
			WantHasNot: []string{"Latest poll, YouGov/The Times (fieldwork to 29 Aug 2016, Full members who joined before May 2015)"}},
		{Name: "the chart's data says the same", URL: "/api/v1/contests/labour-2016/series/polls", WantStatus: 200,
			WantHas: []string{"Jeremy Corbyn 62% and Owen Smith 38%."}},
	})
}

// The support chart's summary, the social card and the og:image alt lead with the strongest
// published figure and its date, not the count of the rows kept here.
func TestSummaryLeadsWithThePublishedFigure(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	const clps = "Published (reported tally): CLPs Jeremy Corbyn 285 and Owen Smith 53, as of 15 Aug 2016"
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "dashboard", URL: "/c/labour-2016", WantStatus: 200,
			WantHas: []string{`<meta property="og:image:alt" content="Support over time: ` + clps, clps + " (Do CLP nominations show Jeremy Corbyn winning the Labour leadership contest? (New Statesman)). Counted endorsements"}},
		{Name: "before the CLPs, the MPs and MEPs", URL: "/c/labour-2016?as_of=2016-07-25", WantStatus: 200,
			WantHas:    []string{"Published (reported tally): PLP and EPLP members", "as of 20 Jul 2016"},
			WantHasNot: []string{clps}},
	})
}
