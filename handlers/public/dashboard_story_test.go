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

// The support chart's summary, the social card's description and the og:image alt lead with
// the strongest published figure and its date, not the count of the rows kept here; the card's
// description goes on with the contest's own summary.
func TestSummaryLeadsWithThePublishedFigure(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	const (
		clps    = "Published (reported tally): CLPs Jeremy Corbyn 285 and Owen Smith 53, as of 15 Aug 2016"
		ns      = " (Do CLP nominations show Jeremy Corbyn winning the Labour leadership contest? (New Statesman))."
		summary = " Owen Smith challenged Jeremy Corbyn for the leadership of the Labour Party."
		plp     = "Published (reported tally): PLP and EPLP members Owen Smith 172, as of 20 Jul 2016" +
			" (Labour receives 180,000 new applications ahead of leadership vote (AOL / PA))."
	)
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "dashboard", URL: "/c/labour-2016", WantStatus: 200,
			WantHas: []string{`<meta property="og:image:alt" content="Support over time: ` + clps, clps + ns + " Counted endorsements",
				`<meta property="og:description" content="` + clps + ns + summary,
				`<meta name="twitter:description" content="` + clps + ns + summary}},
		{Name: "before the CLPs, the MPs and MEPs", URL: "/c/labour-2016?as_of=2016-07-25", WantStatus: 200,
			WantHas: []string{"Published (reported tally): PLP and EPLP members", "as of 20 Jul 2016",
				`<meta property="og:description" content="` + plp + summary,
				`<meta name="twitter:description" content="` + plp + summary},
			WantHasNot: []string{clps}},
		{Name: "before any tally, the contest's summary alone", URL: "/c/labour-2016?as_of=2016-07-10", WantStatus: 200,
			WantHas:    []string{`<meta property="og:description" content="` + summary[1:]},
			WantHasNot: []string{`content="Published (reported tally)`}},
	})
}
