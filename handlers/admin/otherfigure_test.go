package admin_test

import (
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// TestRuleAndThresholdOtherFigure: an admin gives a rule or a threshold another source's figure
// through their forms. A figure without its source, a source without a figure, or an "other"
// figure that is the one used are refused; a good one is saved beside what the rule already
// held (nothing the form left out is wiped), audited in words, and shown on the public pages
// with its source's title as text, however hostile.
func TestRuleAndThresholdOtherFigure(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	c := env.SignedIn(handlertest.AdminEmail)
	c.Get("/admin")
	const rules, thresholds = "/admin/contests/labour-2016/rules", "/admin/contests/labour-2016/thresholds"
	const challenger = "Challenger nominations: 20% of Labour MPs and MEPs"
	title := hostileScript + " CLP count"
	refused := []struct {
		name, url string
		form      url.Values
		want      string
	}{
		{"rule: figure without a source", rules, url.Values{"kind": {"clp"}, "weight": {"1"}, "other_denominator": {"645"}},
			"Name the other figure&#39;s source: its title, its address or both."},
		{"rule: source without a figure", rules, url.Values{"kind": {"clp"}, "weight": {"1"}, "other_source_title": {"A blog"}},
			"Give the other source&#39;s figure, or leave its source empty."},
		{"rule: the figure used", rules, url.Values{"kind": {"clp"}, "weight": {"1"}, "denominator": {"646"}, "other_denominator": {"646"}, "other_source_title": {"A blog"}},
			"This is the figure used: give another source&#39;s figure only where it differs."},
		{"rule: negative", rules, url.Values{"kind": {"clp"}, "weight": {"1"}, "other_denominator": {"-1"}, "other_source_title": {"A blog"}},
			"This cannot be negative."},
		{"threshold: javascript source", thresholds, url.Values{"name": {challenger}, "applies_to": {"challenger"}, "other_required": {"49"},
			"other_source_url": {"javascript:alert(1)"}}, "Use a web address starting with http"},
		{"threshold: the figure used", thresholds, url.Values{"name": {challenger}, "applies_to": {"challenger"}, "required": {"51"},
			"other_required": {"51"}, "other_source_title": {"A blog"}}, "This is the figure used"},
	}
	for _, tc := range refused {
		before := len(env.Audit(store.AuditFilter{Limit: 500}))
		handlertest.Expect(t, tc.name, c.Post(tc.url, tc.form), 422, []string{tc.want})
		if n := len(env.Audit(store.AuditFilter{Limit: 500})); n != before {
			t.Errorf("%s: a refused form wrote %d audit entries", tc.name, n-before)
		}
	}

	// A good one: the CLP rule gains another count; its denominator, note and source stay.
	handlertest.Expect(t, "rule saved", c.Post(rules, url.Values{"kind": {"clp"}, "weight": {"1"}, "other_denominator": {"645"},
		"other_source_url": {"https://example.org/clp-count"}, "other_source_title": {title}}), 303, nil)
	contest, err := env.Store.Contest("labour-2016")
	if err != nil {
		t.Fatal(err)
	}
	for _, ck := range contest.Kinds {
		if ck.Kind.Slug != "clp" {
			continue
		}
		if ck.OtherDenominator == nil || *ck.OtherDenominator != 645 || ck.OtherSourceTitle != title || ck.OtherSourceURL != "https://example.org/clp-count" ||
			ck.Denominator == nil || *ck.Denominator != 646 || ck.SourceURL == "" || !strings.Contains(ck.DenominatorNote, "285 + 53 + 308") {
			t.Errorf("the CLP rule after the edit: %+v", ck)
		}
	}
	// The threshold, changed by name: its figures and kinds stay, the other figure is new.
	handlertest.Expect(t, "threshold saved", c.Post(thresholds, url.Values{"name": {challenger}, "applies_to": {"challenger"},
		"other_required": {"49"}, "other_source_url": {"https://example.org/threshold"}, "other_source_title": {title}}), 303, nil)
	if contest, err = env.Store.Contest("labour-2016"); err != nil {
		t.Fatal(err)
	}
	if len(contest.Thresholds) != 1 {
		t.Fatalf("thresholds after the change: %d, want the one", len(contest.Thresholds))
	}
	th := contest.Thresholds[0]
	if th.Required != 51 || th.Of != 251 || th.KindSlugs != "plp-eplp" || th.Percent != 20 || !strings.HasPrefix(th.SourceURL, "https://www.aol.co.uk/") ||
		th.OtherRequired == nil || *th.OtherRequired != 49 || th.OtherSourceTitle != title {
		t.Errorf("the threshold after the change: %+v", th)
	}
	// Both edits are in the trail, in words.
	for entity, want := range map[string][]string{
		"rule":      {"denominator per another source: set to 645", "other source title: set to " + title},
		"threshold": {"nominations required per another source: 50 to 49", "other source URL: https://labourlist.org/2016/07/labours-leadership-contest-what-happens-now/ to https://example.org/threshold"},
	} {
		es := env.Audit(store.AuditFilter{Entity: entity, Action: models.AuditEdit})
		if len(es) != 1 || es[0].UserEmail != handlertest.AdminEmail {
			t.Fatalf("%s edits in the trail: %+v", entity, es)
		}
		changes, err := env.Store.FieldChanges(es[0], true)
		if err != nil {
			t.Fatal(err)
		}
		var words []string
		for _, ch := range changes {
			words = append(words, ch.String())
		}
		for _, w := range want {
			if !strings.Contains(strings.Join(words, "\n"), w) {
				t.Errorf("%s edit in the trail lacks %q: %q", entity, w, words)
			}
		}
	}
	// The pages show the hostile title as text.
	escaped := html.EscapeString(title)
	for _, u := range []string{"/c/labour-2016", "/c/labour-2016/methodology", "/admin/contests/labour-2016", "/admin/audit?entity=rule"} {
		handlertest.Expect(t, u, c.Get(u), 200, []string{escaped}, hostileScript)
	}
	handlertest.Expect(t, "the dashboard's disagreement", c.Get("/c/labour-2016"), 200, []string{
		`Number of CLPs: <strong>646</strong> used`, `the other figure, <strong>645</strong>: <a href="https://example.org/clp-count" rel="nofollow noopener">` + escaped + `</a>.`,
		`<strong>49 needed</strong>: <a href="https://example.org/threshold" rel="nofollow noopener">` + escaped + `</a>.`,
	}, hostileScript)
	handlertest.Expect(t, "the API", c.Get("/api/v1/contests/labour-2016"), 200,
		[]string{`"other_denominator":645`, `"other_source_title":"\u003cscript\u003ealert(1)\u003c/script\u003e CLP count"`}, hostileScript)
}
