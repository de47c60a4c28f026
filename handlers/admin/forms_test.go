package admin_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// TestAdminForms sends each data-entry form bad input (422, messages by the fields, values
// kept) and good input (303, an audit entry). Good values come from
// ../shared/data/compiled_labour2016_facts_from_sources.csv and labour2016_more_facts.csv.
func TestAdminForms(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	c := env.SignedIn(handlertest.AdminEmail)
	c.Get("/admin")
	type formCase struct {
		name     string
		url      string
		form     url.Values
		status   int
		has      []string
		hasNot   []string
		auditFor string // entity of the audit entry a success writes
	}
	itv := "https://www.itv.com/news/2016-08-20/sadiq-khan-backs-owen-smith-saying-labour-is-doing-badly-under-corbyn"
	wiki := "https://wikimili.com/en/Endorsements_in_the_2016_Labour_Party_leadership_election_(UK)"
	sbc := "https://www.sbcnews.co.uk/sportsbook/2016/08/22/william-hill-smith-slim-labour-leadership-chances-despite-khan-endorsement/"
	endorser := url.Values{"name": {hostileImg}, "kind": {"public-figure"}, "region": {"London"}, "membership": {"x"}, "external_url": {hostileURL}}
	cases := []formCase{
		{name: "endorser: bad number and url", url: "/admin/endorsers", form: endorser, status: 422,
			has: []string{"Use a whole number", "Use a web address", html.EscapeString(hostileImg)}, hasNot: []string{hostileImg}},
		{name: "endorser: missing name and kind", url: "/admin/endorsers", form: url.Values{"name": {""}}, status: 422, has: []string{"This is required."}},
		{name: "endorser: existing name", url: "/admin/endorsers", form: url.Values{"name": {"unite"}, "kind": {"affiliated-union"}}, status: 422,
			has: []string{"An endorser with this name already exists."}},
		{name: "endorser: created", url: "/admin/endorsers", form: handlertest.With(endorser, "membership", "", "external_url", ""), status: 303, auditFor: "endorser"},
		{name: "endorser: edit keeps values", url: "/admin/endorsers/sadiq-khan", form: url.Values{"name": {"Sadiq Khan"}, "kind": {"nope"}, "role": {"Mayor of London"}}, status: 422,
			has: []string{"Pick one of the choices.", `value="Mayor of London"`}},
		{name: "endorser: edited", url: "/admin/endorsers/sadiq-khan", form: url.Values{"name": {"Sadiq Khan"}, "kind": {"mayor"}, "role": {"Mayor of London"}, "external_url": {itv}},
			status: 303, auditFor: "endorser"},

		{name: "contest: bad slug and dates", url: "/admin/contests", form: url.Values{"slug": {"Labour 2020!"}, "title": {"2020 Labour Party leadership election"},
			"opens_on": {"2020-13-01"}, "status": {"open"}}, status: 422, has: []string{"Use lower-case letters", "Use a date like", `value="Labour 2020!"`}},
		{name: "contest: duplicate slug", url: "/admin/contests", form: url.Values{"slug": {"labour-2016"}, "title": {"x"}, "status": {"open"}}, status: 422,
			has: []string{"A contest already has this slug."}},
		{name: "contest: created", url: "/admin/contests", form: url.Values{"slug": {"labour-2020"}, "title": {"2020 Labour Party leadership election"},
			"party": {"Labour Party (UK)"}, "opens_on": {"2020-01-06"}, "status": {"decided"}}, status: 303, auditFor: "contest"},
		{name: "contest: edit", url: "/admin/contests/labour-2020", form: url.Values{"title": {""}, "status": {"decided"}}, status: 422, has: []string{"This is required."}},
		{name: "rule: bad weight", url: "/admin/contests/labour-2016/rules", form: url.Values{"kind": {"clp"}, "weight": {"-1"}, "denominator": {"six"}}, status: 422,
			has: []string{"Use a number of points from 0 to 1,000,000", "Use a whole number", `value="six"`}},
		{name: "rule: changed", url: "/admin/contests/labour-2020/rules", form: url.Values{"kind": {"clp"}, "weight": {"1"}, "denominator": {"646"}, "source_url": {wiki}},
			status: 303, auditFor: "rule"},
		{name: "threshold: unknown kind", url: "/admin/contests/labour-2020/thresholds", form: url.Values{"name": {"MPs and MEPs"}, "kind_slugs": {"mp,senator"},
			"applies_to": {"all"}, "percent": {"10"}}, status: 422, has: []string{"There is no kind senator.", `value="mp,senator"`}},
		{name: "threshold: added", url: "/admin/contests/labour-2020/thresholds", form: url.Values{"name": {"10% of MPs and MEPs"}, "kind_slugs": {"mp, mep"},
			"applies_to": {"all"}, "percent": {"10"}}, status: 303, auditFor: "threshold"},
		{name: "candidate: bad colour, withdrawn without date", url: "/admin/contests/labour-2016/candidates", form: url.Values{"slug": {"x"}, "name": {hostileScript},
			"colour": {"red;}"}, "status": {"withdrawn"}}, status: 422, has: []string{"Use a colour like", "Give the date", html.EscapeString(hostileScript)}, hasNot: []string{hostileScript}},
		{name: "candidate: duplicate slug", url: "/admin/contests/labour-2016/candidates", form: url.Values{"slug": {"owen-smith"}, "name": {"Owen Smith"},
			"colour": {"#1f77b4"}, "status": {"declared"}}, status: 422, has: []string{"already has a candidate with this slug"}},
		{name: "candidate: edit", url: "/admin/contests/labour-2016/candidates/angela-eagle", form: url.Values{"name": {"Angela Eagle"}, "colour": {"#7f7f7f"},
			"status": {"withdrawn"}, "withdrawn_on": {"2016-07-19"}, "withdrawal_reason": {"Withdrew to back Owen Smith as the single challenger"}}, status: 303, auditFor: "candidate"},

		{name: "tally: missing source", url: "/admin/contests/labour-2016/tallies", form: url.Values{"kind": {"clp"}, "candidate": {"jeremy-corbyn"}, "count": {"285"},
			"as_of": {"2016-08-15"}, "verification": {"reported"}}, status: 422, has: []string{"This is required.", `value="285"`}},
		{name: "tally: added", url: "/admin/contests/labour-2016/tallies", form: url.Values{"kind": {"clp"}, "candidate": {""}, "count": {"308"},
			"as_of": {"2016-08-15"}, "source_url": {wiki}, "verification": {"reported"}}, status: 303, auditFor: "tally"},
		{name: "odds: zero", url: "/admin/contests/labour-2016/odds", form: url.Values{"candidate": {"owen-smith"}, "bookmaker": {"William Hill"},
			"quoted_on": {"2016-08-21"}, "price": {"9/0"}, "source_url": {sbc}}, status: 422, has: []string{"Use fractional odds like 9/2", `value="9/0"`}},
		{name: "odds: added", url: "/admin/contests/labour-2016/odds", form: url.Values{"candidate": {"owen-smith"}, "bookmaker": {"William Hill"},
			"quoted_on": {"2016-08-21"}, "price": {"9/2"}, "source_url": {sbc}}, status: 303, auditFor: "odds"},
		{name: "figure: not a number", url: "/admin/contests/labour-2016/figures", form: url.Values{"series": {"nominations"}, "value": {"lots"},
			"as_of": {"2016-08-15"}, "source_url": {wiki}, "verification": {"reported"}}, status: 422, has: []string{"Use a number", `value="lots"`}},
		{name: "figure: added", url: "/admin/contests/labour-2016/figures", form: url.Values{"series": {"share of affiliated TU membership"}, "candidate": {"jeremy-corbyn"},
			"value": {"71.57"}, "unit": {"percent"}, "as_of": {"2016-08-15"}, "source_url": {wiki}, "verification": {"reported"}}, status: 303, auditFor: "figure"},
		{name: "poll: shares over 100", url: "/admin/contests/labour-2016/polls", form: url.Values{"pollster": {"YouGov"}, "fieldwork_end": {"2016-08-29"},
			"source_url": {"https://yougov.co.uk/"}, "pct_jeremy-corbyn": {"62"}, "pct_owen-smith": {"60"}}, status: 422, has: []string{"more than 100%"}},
		{name: "poll: fieldwork backwards", url: "/admin/contests/labour-2016/polls", form: url.Values{"pollster": {"YouGov"}, "fieldwork_start": {"2016-08-30"},
			"fieldwork_end": {"2016-08-29"}, "source_url": {"https://yougov.co.uk/"}, "pct_jeremy-corbyn": {"62"}}, status: 422, has: []string{"cannot start after"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := len(env.Audit(store.AuditFilter{Limit: 500}))
			r := c.Post(tc.url, tc.form)
			handlertest.Expect(t, tc.name, r, tc.status, tc.has, tc.hasNot...)
			after := env.Audit(store.AuditFilter{Limit: 500})
			switch {
			case tc.status == http.StatusSeeOther && (len(after) != before+1 || after[0].Entity != tc.auditFor || after[0].UserEmail != handlertest.AdminEmail):
				t.Errorf("want one %s audit entry, have %d new: %+v", tc.auditFor, len(after)-before, after[0])
			case tc.status != http.StatusSeeOther && len(after) != before:
				t.Errorf("a refused form wrote %d audit entries", len(after)-before)
			}
		})
	}
	// The edit's before and after, and the data on the pages.
	if es := env.Audit(store.AuditFilter{Entity: "endorser", Action: models.AuditEdit}); len(es) != 1 ||
		!strings.Contains(es[0].Before, `"ExternalURL":""`) || !strings.Contains(es[0].After, `"ExternalURL":"https://www.itv.com/`) {
		t.Errorf("endorser edit audit: %+v", es)
	}
	handlertest.Expect(t, "contest page", c.Get("/admin/contests/labour-2020"), 200, []string{"10% of MPs and MEPs", "mp,mep", "Constituency Labour Party"})
}
