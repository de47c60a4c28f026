package public_test

import (
	"testing"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
)

// TestBrowseEmptyStates checks that each public page says what is missing when there is
// nothing to show: a contest with no candidates or events, a candidate with no backers, an
// endorser with no choices, and a filter that matches nothing (with links to drop filters).
func TestBrowseEmptyStates(t *testing.T) {
	app, f := handlertest.NewBrowseFixture(t)
	if err := f.Store.CreateContest(&models.Contest{Slug: "empty-2020", Title: "Empty contest", Status: "upcoming"}); err != nil {
		t.Fatal(err)
	}
	quiet := &models.Contest{Slug: "quiet-2021", Title: "Quiet contest", Status: "open"}
	if err := f.Store.CreateContest(quiet); err != nil {
		t.Fatal(err)
	}
	if err := f.Store.CreateCandidate(&models.Candidate{ContestID: quiet.ID, Slug: "solo", Name: "Solo Candidate", Status: models.CandidateDeclared}); err != nil {
		t.Fatal(err)
	}
	f.Endorser("lonely", "Lonely MP", "mp", "")

	nothing := "Nothing has been recorded for"
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "contests list", URL: "/contests", WantStatus: 200,
			WantHas: []string{`<a href="/c/empty-2020">Empty contest</a>`, `<span class="empty">none yet</span>`, `<span class="empty">not set</span>`, `<td data-label="Status">Upcoming</td>`}},
		{Name: "dashboard of an empty contest", URL: "/c/empty-2020", WantStatus: 200,
			WantHas: []string{"Nothing has been recorded for this contest yet", "No endorsements have been recorded for this contest yet."}},
		{Name: "table of an empty contest", URL: "/c/empty-2020/endorsements", WantStatus: 200,
			WantHas:    []string{nothing + " Empty contest yet: no endorsements, nominations or withdrawals."},
			WantHasNot: []string{`<select name="candidate">`, `<select name="region">`, "No endorser matches", "<table"}},
		{Name: "table of a contest with a candidate and no events", URL: "/c/quiet-2021/endorsements", WantStatus: 200,
			WantHas: []string{nothing + " Quiet contest yet", `<option value="solo">Solo Candidate</option>`}},
		{Name: "methodology of an empty contest", URL: "/c/empty-2020/methodology", WantStatus: 200,
			WantHas: []string{"No dates are recorded for this contest yet.", "No candidates are recorded for this contest yet.", "No nomination thresholds"}},
		{Name: "candidate with no backers", URL: "/c/quiet-2021/candidates/solo", WantStatus: 200,
			WantHas: []string{"Status: <strong>Declared</strong>", "No recorded backers as of this day.", "No endorsements or nominations have been recorded yet.",
				"No switches or withdrawals involve this candidate.", `fill="#888888"`},
			WantHasNot: []string{`<script src="/static/dist/charts.`, `fill=""`}},
		{Name: "endorser with no choices", URL: "/endorsers/lonely", WantStatus: 200,
			WantHas: []string{"No contest records a choice by Lonely MP yet"}},
		{Name: "a filter that matches nothing says which and offers to clear", URL: tbl + "?kind=clp&region=Testshire&q=zzz&sort=name", WantStatus: 200,
			WantHas: []string{"No endorser matches these filters: kind: Constituency Labour Party; region: Testshire; name contains “zzz”.",
				`<a href="/c/labour-2016/endorsements?sort=name">clear all filters</a>`,
				// each filter can be dropped alone, the others and the sort kept
				`href="/c/labour-2016/endorsements?q=zzz&amp;region=Testshire&amp;sort=name" title="Remove this filter"`,
				`href="/c/labour-2016/endorsements?kind=clp&amp;q=zzz&amp;sort=name" title="Remove this filter"`,
				`href="/c/labour-2016/endorsements?kind=clp&amp;region=Testshire&amp;sort=name" title="Remove this filter"`}},
		{Name: "dates and statuses in words", URL: tbl + "?region=Testshire&from=2016-08-01&to=2016-08-09&status=withdrawn&withdrawn=hide&as_of=2016-08-05", WantStatus: 200,
			WantHas: []string{"No endorser matches these filters as of 5 Aug 2016: region: Testshire; show: withdrawn; decided on or after 1 Aug 2016; decided on or before 9 Aug 2016; withdrawn candidates hidden.",
				`<a href="/c/labour-2016/endorsements?as_of=2016-08-05">clear all filters</a>`}},
		{Name: "rows still list the filters in force", URL: tbl + "?candidate=owen-smith&candidate=jeremy-corbyn", WantStatus: 200,
			WantHas: []string{"Filtered by:", "candidate: Jeremy Corbyn or Owen Smith"}, WantHasNot: []string{"No endorser matches"}},
		{Name: "no filters, before anything was recorded", URL: tbl + "?as_of=2016-01-01", WantStatus: 200,
			WantHas: []string{"No endorser backed a candidate as of 1 Jan 2016.", `<a href="/c/labour-2016/endorsements">Show the latest data</a>`}, WantHasNot: []string{"Filtered by:"}},
	})
}
