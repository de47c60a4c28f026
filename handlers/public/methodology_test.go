package public_test

import (
	"testing"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// A contest's methodology is written from its rules: a weight changed by an editor changes
// the text, and the contest's own notes are kept apart from it.
func TestMethodologyFromTheRules(t *testing.T) {
	app, f := handlertest.NewBrowseFixture(t)
	const url = "/c/labour-2016/methodology"
	handlertest.RunCases(t, app, []handlertest.Case{{Name: "seeded", URL: url, WantStatus: 200,
		WantHas: []string{
			"weighs 1 point per endorser.",
			"Shares are taken against the number of such endorsers, so those who backed no one are shown: 14 Affiliated unions, 646 CLPs and 251 PLP and EPLP members.",
			"Challenger nominations: 20% of Labour MPs and MEPs: 20% of 251, 51 nominations (50 per Labour’s leadership contest: what happens now? (LabourList, 11 Jul 2016)), needed by each challenger (not the incumbent).",
			"On one day, withdrawals apply before endorsements",
			`<h2 id="notes">Notes on this contest's sources</h2>`, "The party published no weighting of endorsers.",
			`<dt>Ballots out</dt><dd><time datetime="2016-08-22">22 Aug 2016</time></dd>`,
		},
		WantHasNot: []string{"Every rule counts 1 point"}}})

	var rule models.ContestKind
	for _, ck := range f.Contest.Kinds {
		if ck.Kind.Slug == "mayor" {
			rule = ck
		}
	}
	rule.Weight = 5
	if err := f.Store.As(store.Actor{UserID: 1, Email: "editor@example.org"}).SaveContestKind(&rule); err != nil {
		t.Fatal(err)
	}
	handlertest.RunCases(t, app, []handlertest.Case{{Name: "after the mayors' weight changed", URL: url, WantStatus: 200,
		WantHas:    []string{"its points are its kind&#39;s weight:", "Mayors 5 points", "CLPs 1 point"},
		WantHasNot: []string{"weighs 1 point per endorser"}}})
	handlertest.RunCases(t, app, []handlertest.Case{{Name: "the general methodology states the as-of rules", URL: "/methodology", WantStatus: 200,
		WantHas: []string{"A withdraw ends support only for the candidate it names.", `href="/c/labour-2016/methodology"`}}})
}
