package public_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// TestNominatingCountsOnlyNominations: the "Affiliated unions nominating" chart and card count
// only nominate events. When the Musicians' Union's standing becomes declared support (an
// endorse switch), it leaves Owen Smith's nominations and is shown as what it is.
func TestNominatingCountsOnlyNominations(t *testing.T) {
	app, st := handlertest.NewApp(t)
	c, err := st.Contest("labour-2016")
	if err != nil {
		t.Fatal(err)
	}
	mu, err := st.Endorser("musicians-union")
	if err != nil {
		t.Fatal(err)
	}
	var smith uint
	for _, cd := range c.Candidates {
		if cd.Slug == "owen-smith" {
			smith = cd.ID
		}
	}
	const published = "Jeremy Corbyn 8, Owen Smith 4 and 2 of 14 made no nomination"
	handlertest.RunCases(t, app, []handlertest.Case{{Name: "the seed: 8, 4 and 2", URL: "/c/labour-2016", WantStatus: 200,
		WantHas: []string{published}, WantHasNot: []string{"Declared support, not a nomination"}}})

	ed := st.As(store.Actor{UserID: 1, Email: "editor@example.org"})
	if err := ed.AddEvent(&models.Event{ContestID: c.ID, EndorserID: mu.ID, CandidateID: smith, Action: models.ActionEndorse,
		EffectiveOn: "2016-08-12", SourceURL: "https://musiciansunion.org.uk/news/mu-ec-backing-owen-smith-in-labour-leadership-contest",
		SourceTitle: "MU EC backing Owen Smith in Labour leadership contest (Musicians' Union)"}); err != nil {
		t.Fatal(err)
	}
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "after the endorse switch: not nominating", URL: "/c/labour-2016", WantStatus: 200, WantHas: []string{
			"(counted records): Jeremy Corbyn 8, Owen Smith 3, 1 declared support without nominating (Musicians&#39; Union for Owen Smith) and 2 of 14 neither nominated nor declared support.",
			`<th scope="row">Declared support, not a nomination</th><td>1</td><td>Musicians&#39; Union for Owen Smith</td>`,
			`<th scope="row">Owen Smith</th><td>3</td><td>Community, GMB, Usdaw</td>`,
			"Declared support is not a nomination: Musicians&#39; Union for Owen Smith declared support without nominating",
			// weighted by membership, the unions nominating: the MU's 30,000 are with those nominating no one
			`<th scope="row">Owen Smith</th><td>3</td><td>1,083,265</td>`,
		}, WantHasNot: []string{published, `<th scope="row">Owen Smith</th><td>4</td>`}},
		{Name: "the day before it: still nominating", URL: "/c/labour-2016?as_of=2016-08-11", WantStatus: 200,
			WantHas:    []string{published, `<th scope="row">Owen Smith</th><td>4</td><td>Community, GMB, Musicians&#39; Union, Usdaw</td>`},
			WantHasNot: []string{"Declared support, not a nomination"}},
		{Name: "the embed of the chart", URL: "/embed/labour-2016/union-nominations", WantStatus: 200,
			WantHas: []string{"Jeremy Corbyn 8, Owen Smith 3, 1 declared support without nominating"}},
	})
	// Support is still support: the by-kind count of Smith's union backers keeps the MU.
	snap, err := st.Snapshot(c, models.SnapshotQuery{Parts: models.PartShares})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range snap.Shares {
		if s.Kind.Slug == "affiliated-union" && (s.ByCandidate[smith] != 4 || s.NominatedBy[smith] != 3 || s.Nominating != 11 || s.Backing != 12) {
			t.Errorf("union share after the switch: backing %v (%d), nominating %v (%d); want Smith 4 backing, 3 nominating, 12 and 11 in all",
				s.ByCandidate, s.Backing, s.NominatedBy, s.Nominating)
		}
	}
}

// TestCLPChartCountsNominationsApart: the CLP chart's note on the CLPs recorded individually
// counts their nominations (28 for Corbyn and 4 for Smith in the 2016 seed) apart from
// Southport's motion of support, which is declared support and no nomination; on the
// dashboard, in the embed and in the chart's data.
func TestCLPChartCountsNominationsApart(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	const note = "Separately, these CLPs are recorded here individually (counted records, not part of these reported tallies): 32 nominating, and 1 more declaring support without a nomination."
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "dashboard", URL: "/c/labour-2016", WantStatus: 200, WantHas: []string{note,
			"Southport CLP (Jeremy Corbyn): emergency motion"}, WantHasNot: []string{"33 nominating", "33 CLPs"}},
		{Name: "embed", URL: "/embed/labour-2016/clp-nominations", WantStatus: 200, WantHas: []string{note}},
		{Name: "the chart's data", URL: "/api/v1/contests/labour-2016/series/clp-nominations", WantStatus: 200, WantHas: []string{note}},
	})
}

// TestNotNominatingBesideTheThreshold: where the dashboard shows the nominations against a
// threshold, it shows the source's count of those not nominating beside them: 2015's 28 MPs
// (New Statesman: six office-holders and "a further 22"), beside Burnham's 68 and Corbyn's 35;
// 2016's 79 MPs and MEPs, beside Smith's 172.
func TestNotNominatingBesideTheThreshold(t *testing.T) {
	app, _ := handlertest.NewAppAllContests(t)
	for _, tc := range []struct {
		contest, threshold string
		card               map[string]string
		row                []string
		summary            string
	}{
		{"labour-2015", "Nominations: 15% of Labour MPs",
			map[string]string{"Andy Burnham": "68 (35 needed)", "Jeremy Corbyn": "35 (35 needed)", "No nomination": "28"},
			[]string{"Nominations: 15% of Labour MPs", "15 Jun 2015", "No nomination", "28",
				"Reported tallies: Who nominated who for the 2015 Labour leadership election? (New Statesman, 15 Jun 2015)", "–"},
			"against 35 needed; 28 MPs did not nominate (reported 15 Jun 2015)."},
		{"labour-2016", "Challenger nominations: 20% of Labour MPs and MEPs",
			map[string]string{"Owen Smith": "172 (51 needed)", "No nomination": "79"},
			[]string{"Challenger nominations: 20% of Labour MPs and MEPs", "20 Jul 2016", "No nomination", "79"},
			"; 79 PLP and EPLP members did not nominate (reported 20 Jul 2016)."},
	} {
		body := get(t, app, "/c/"+tc.contest)
		if got := headline(t, body, tc.threshold); !maps.Equal(got, tc.card) {
			t.Errorf("%s: the %q card shows %v, want %v", tc.contest, tc.threshold, got, tc.card)
		}
		chart := figure(t, body, "thresholds")
		if !hasRow(chart, tc.row...) {
			t.Errorf("%s: the thresholds table lacks the row %q; rows %q", tc.contest, tc.row, rows(chart))
		}
		if !strings.Contains(text(chart), tc.summary) {
			t.Errorf("%s: the thresholds chart does not say %q:\n%s", tc.contest, tc.summary, text(chart))
		}
	}
}
