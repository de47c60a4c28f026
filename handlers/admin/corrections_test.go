package admin_test

import (
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// seeded returns the first seeded record of each kind the correction pages edit, so the tests
// start from what the seed (with its sources) says rather than from figures typed here.
func seeded(t *testing.T, st *store.Store) (*models.ReportedTally, *models.Poll, *models.Odds, *models.Figure) {
	t.Helper()
	tally, err := st.ReportedTally(1)
	if err != nil {
		t.Fatal(err)
	}
	poll, err := st.Poll(1)
	if err != nil {
		t.Fatal(err)
	}
	odds, err := st.OddsByID(1)
	if err != nil {
		t.Fatal(err)
	}
	fig, err := st.Figure(1)
	if err != nil {
		t.Fatal(err)
	}
	return tally, poll, odds, fig
}

// TestCorrectionValidation posts each correction form bad input: 422, a message by the field,
// the typed value kept, and nothing written.
func TestCorrectionValidation(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	c := env.SignedIn(handlertest.EditorEmail)
	tally, poll, odds, fig := seeded(t, env.Store)
	tallyOK := url.Values{"kind": {tally.Kind.Slug}, "candidate": {"owen-smith"}, "count": {"90"}, "as_of": {"2016-07-19"},
		"precision": {"day"}, "source_url": {tally.SourceURL}, "verification": {"confirmed"}}
	pollOK := url.Values{"pollster": {poll.Pollster}, "fieldwork_start": {"2016-07-15"}, "fieldwork_end": {"2016-07-18"},
		"sample_size": {"1019"}, "source_url": {poll.SourceURL}, "pct_jeremy-corbyn": {"54"}, "pct_angela-eagle": {"21"}, "pct_owen-smith": {"15"}}
	oddsOK := url.Values{"candidate": {"angela-eagle"}, "bookmaker": {odds.Bookmaker}, "quoted_on": {odds.QuotedOn}, "precision": {odds.DatePrecision},
		"price": {"2/1"}, "source_url": {odds.SourceURL}}
	figOK := url.Values{"series": {fig.Series}, "category": {fig.Category}, "value": {"201293"}, "unit": {"members"}, "as_of": {fig.AsOf},
		"source_url": {fig.SourceURL}, "verification": {"confirmed"}}
	tallyURL, pollURL, oddsURL, figURL := "/admin/tallies/1", "/admin/polls/1", "/admin/odds/1", "/admin/figures/1"
	cases := []struct {
		name string
		url  string
		form url.Values
		has  []string
	}{
		{"tally: missing count and source", tallyURL, handlertest.With(tallyOK, "count", "", "source_url", ""), []string{"This is required."}},
		{"tally: negative count", tallyURL, handlertest.With(tallyOK, "count", "-3"), []string{"This cannot be negative.", `value="-3"`}},
		{"tally: not a whole number", tallyURL, handlertest.With(tallyOK, "count", "90.5"), []string{"Use a whole number", `value="90.5"`}},
		{"tally: future date", tallyURL, handlertest.With(tallyOK, "as_of", "2016-09-26"), []string{"This date is in the future.", `value="2016-09-26"`}},
		{"tally: not ISO", tallyURL, handlertest.With(tallyOK, "as_of", "19/07/2016"), []string{"Use a date like 2016-08-15.", `value="19/07/2016"`}},
		{"tally: javascript source", tallyURL, handlertest.With(tallyOK, "source_url", hostileURL), []string{"Use a web address starting with http", `value="javascript:alert(1)"`}},
		{"tally: ftp source", tallyURL, handlertest.With(tallyOK, "source_url", "ftp://example.org/x"), []string{"Use a web address starting with http"}},
		{"tally: unknown kind", tallyURL, handlertest.With(tallyOK, "kind", "senator"), []string{"Pick one of the choices."}},

		{"poll: share over 100", pollURL, handlertest.With(pollOK, "pct_jeremy-corbyn", "101"), []string{"Use a percentage between 0 and 100", `value="101"`}},
		{"poll: negative share", pollURL, handlertest.With(pollOK, "pct_owen-smith", "-1"), []string{"Use a percentage between 0 and 100", `value="-1"`}},
		{"poll: NaN share", pollURL, handlertest.With(pollOK, "pct_owen-smith", "NaN"), []string{"Use a percentage between 0 and 100", `value="NaN"`}},
		{"poll: shares over 100 in all", pollURL, handlertest.With(pollOK, "pct_owen-smith", "30"), []string{"The shares add up to more than 100%."}},
		{"poll: other option without a share", pollURL, handlertest.With(pollOK, "others", "Don't know"), []string{"Write each option as a label", "Don&#39;t know</textarea>"}},
		{"poll: other option over 100", pollURL, handlertest.With(pollOK, "others", "Don't know: 110"), []string{"Use a percentage between 0 and 100 for"}},
		{"poll: no shares", pollURL, handlertest.With(pollOK, "pct_jeremy-corbyn", "", "pct_angela-eagle", "", "pct_owen-smith", ""), []string{"Give at least one candidate&#39;s share."}},
		{"poll: negative sample", pollURL, handlertest.With(pollOK, "sample_size", "-1019"), []string{"This cannot be negative.", `value="-1019"`}},
		{"poll: fieldwork in the future", pollURL, handlertest.With(pollOK, "fieldwork_end", "2016-10-01"), []string{"This date is in the future."}},
		{"poll: fieldwork backwards", pollURL, handlertest.With(pollOK, "fieldwork_start", "2016-07-19"), []string{"Fieldwork cannot start after it ends."}},
		{"poll: missing pollster", pollURL, handlertest.With(pollOK, "pollster", ""), []string{"This is required."}},

		{"odds: zero denominator", oddsURL, handlertest.With(oddsOK, "price", "9/0"), []string{"Use fractional odds like 9/2", `value="9/0"`}},
		{"odds: zero numerator", oddsURL, handlertest.With(oddsOK, "price", "0/1"), []string{"Use fractional odds like 9/2"}},
		{"odds: decimal", oddsURL, handlertest.With(oddsOK, "price", "4.5"), []string{"Use fractional odds like 9/2", `value="4.5"`}},
		{"odds: fraction of decimals", oddsURL, handlertest.With(oddsOK, "price", "9/2.5"), []string{"Use fractional odds like 9/2"}},
		{"odds: negative", oddsURL, handlertest.With(oddsOK, "price", "-9/2"), []string{"Use fractional odds like 9/2"}},
		{"odds: signed", oddsURL, handlertest.With(oddsOK, "price", "+9/2"), []string{"Use fractional odds like 9/2"}},
		{"odds: missing", oddsURL, handlertest.With(oddsOK, "price", ""), []string{"This is required."}},
		{"odds: future", oddsURL, handlertest.With(oddsOK, "quoted_on", "2017-01-01"), []string{"This date is in the future."}},
		{"odds: data source", oddsURL, handlertest.With(oddsOK, "source_url", "data:text/html,x"), []string{"Use a web address starting with http"}},
		{"odds: unknown precision", oddsURL, handlertest.With(oddsOK, "precision", "year"), []string{"Pick one of the choices."}},

		{"figure: not a number", figURL, handlertest.With(figOK, "value", "lots"), []string{"Use a number, like 2.5.", `value="lots"`}},
		{"figure: infinite", figURL, handlertest.With(figOK, "value", "Inf"), []string{"Use a number, like 2.5."}},
		{"figure: missing series", figURL, handlertest.With(figOK, "series", ""), []string{"This is required."}},
		{"figure: future", figURL, handlertest.With(figOK, "as_of", "2030-01-01"), []string{"This date is in the future."}},
		{"figure: javascript source", figURL, handlertest.With(figOK, "source_url", " javascript:alert(1)"), []string{"Use a web address starting with http"}},
	}
	before := len(env.Audit(store.AuditFilter{Limit: 500}))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			handlertest.Expect(t, tc.name, c.Post(tc.url, tc.form), http.StatusUnprocessableEntity, append(tc.has, `class="field has-error"`, "Save correction"))
		})
	}
	if after := len(env.Audit(store.AuditFilter{Limit: 500})); after != before {
		t.Errorf("refused corrections wrote %d audit entries", after-before)
	}
	t2, p2, o2, f2 := seeded(t, env.Store)
	if t2.Count != tally.Count || len(p2.Values) != len(poll.Values) || o2.Numerator != odds.Numerator || f2.Value != fig.Value {
		t.Errorf("refused corrections changed records: %+v %+v %+v %+v", t2, p2, o2, f2)
	}
}

// TestCorrectionsAudited corrects one record of each kind: 303 back to its page, the record
// changed in place (none added, none deleted), one edit in the trail with the before and the
// after, and a line in the contest's public change log without the editor's address.
func TestCorrectionsAudited(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	c := env.SignedIn(handlertest.EditorEmail)
	tally, poll, odds, fig := seeded(t, env.Store)
	counts := func() [4]int {
		contest, err := env.Store.Contest("labour-2016")
		if err != nil {
			t.Fatal(err)
		}
		ts, _ := env.Store.ReportedTallies(contest.ID, "")
		ps, _ := env.Store.Polls(contest.ID)
		os, _ := env.Store.Odds(contest.ID)
		fs, _ := env.Store.ContestFigures(contest.ID)
		return [4]int{len(ts), len(ps), len(os), len(fs)}
	}
	was := counts()

	cases := []struct {
		name, url, entity string
		id                uint
		form              url.Values
		before, after     []string // in the audit entry's Before and After
	}{
		{"tally", "/admin/tallies/1", "tally", tally.ID, url.Values{"kind": {tally.Kind.Slug}, "candidate": {"owen-smith"}, "count": {"88"},
			"as_of": {tally.AsOf}, "precision": {"day"}, "source_url": {tally.SourceURL}, "verification": {"reported"}, "note": {"MPs only"}},
			[]string{`"Count":` + strconv.Itoa(tally.Count), `"Verification":"` + tally.Verification + `"`}, []string{`"Count":88`, `"Note":"MPs only"`, `"Verification":"reported"`}},
		{"poll", "/admin/polls/1", "poll", poll.ID, url.Values{"pollster": {poll.Pollster}, "fieldwork_start": {"2016-07-15"}, "fieldwork_end": {"2016-07-18"},
			"sample_size": {"1019"}, "includes_dont_knows": {"on"}, "source_url": {poll.SourceURL}, "pct_jeremy-corbyn": {"54"}, "pct_owen-smith": {"15"},
			"pct_angela-eagle": {"21"}, "others": {"Don't know: 10\r\n"}},
			[]string{`"Values":"Jeremy Corbyn 54; Angela Eagle 21; Owen Smith 15"`}, []string{`"Values":"Jeremy Corbyn 54; Owen Smith 15; Angela Eagle 21; Don't know 10"`}},
		{"odds", "/admin/odds/1", "odds", odds.ID, url.Values{"candidate": {"angela-eagle"}, "bookmaker": {odds.Bookmaker}, "quoted_on": {odds.QuotedOn},
			"precision": {odds.DatePrecision}, "price": {"9/4"}, "source_url": {odds.SourceURL}, "note": {odds.Note}},
			[]string{`"Numerator":2`, `"Denominator":1`, `"DatePrecision":"range"`}, []string{`"Numerator":9`, `"Denominator":4`, `"DatePrecision":"range"`}},
		{"figure", "/admin/figures/1", "figure", fig.ID, url.Values{"series": {fig.Series}, "category": {fig.Category}, "value": {"201294"}, "unit": {"members"},
			"as_of": {fig.AsOf}, "source_url": {fig.SourceURL}, "verification": {"disputed"}},
			[]string{`"Value":201293`}, []string{`"Value":201294`, `"Verification":"disputed"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post(tc.url, tc.form)
			if r.Status != http.StatusSeeOther || r.Header.Get("Location") != tc.url {
				t.Fatalf("correction: %d to %q\n%s", r.Status, r.Header.Get("Location"), handlertest.Trim(r.Body))
			}
			es := env.Audit(store.AuditFilter{Entity: tc.entity, EntityID: tc.id})
			if len(es) != 1 || es[0].Action != models.AuditEdit || es[0].UserEmail != handlertest.EditorEmail || es[0].ContestID == nil {
				t.Fatalf("want one edit by %s about the contest, have %+v", handlertest.EditorEmail, es)
			}
			for _, s := range tc.before {
				if !strings.Contains(es[0].Before, s) {
					t.Errorf("before lacks %s: %s", s, es[0].Before)
				}
			}
			for _, s := range tc.after {
				if !strings.Contains(es[0].After, s) {
					t.Errorf("after lacks %s: %s", s, es[0].After)
				}
			}
			// The page shows the corrected values and the history.
			handlertest.Expect(t, "record page", c.Get(tc.url), http.StatusOK, []string{"Corrected:", html.EscapeString(handlertest.EditorEmail)})
		})
	}
	if now := counts(); now != was {
		t.Errorf("records by kind went from %v to %v: a correction must change records in place", was, now)
	}
	// What the database holds now.
	t2, p2, o2, f2 := seeded(t, env.Store)
	if t2.Count != 88 || t2.Note != "MPs only" || o2.Numerator != 9 || o2.Denominator != 4 || f2.Value != 201294 || !p2.IncludesDontKnows {
		t.Errorf("after corrections: tally %d %q, odds %d/%d, figure %v, poll dk %v", t2.Count, t2.Note, o2.Numerator, o2.Denominator, f2.Value, p2.IncludesDontKnows)
	}
	if len(p2.Values) != 4 || p2.Values[3].Option != "Don't know" || p2.Values[3].Percent != 10 || p2.Values[3].CandidateID != nil {
		t.Errorf("poll values: %+v", p2.Values)
	}
	// The other option comes back into the form to be corrected again.
	handlertest.Expect(t, "poll form", c.Get("/admin/polls/1"), 200, []string{"Don&#39;t know: 10</textarea>", `value="54"`})
	// The public change log says what changed, not who.
	handlertest.Expect(t, "change log", c.Get("/c/labour-2016/changes"), 200,
		[]string{"Corrected: reported tally as of 2016-07-19: 88", "Corrected: odds from William Hill on 2016-07-11: 9/4", "Corrected: poll by"}, handlertest.EditorEmail)
}

// TestCorrectionsHostileText stores hostile strings through the correction forms and finds them
// as text in the lists, the record pages, the audit trail and the public change log.
func TestCorrectionsHostileText(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	c := env.SignedIn(handlertest.EditorEmail)
	tally, poll, odds, fig := seeded(t, env.Store)
	posts := []struct {
		url  string
		form url.Values
	}{
		{"/admin/tallies/1", url.Values{"kind": {tally.Kind.Slug}, "count": {"90"}, "as_of": {tally.AsOf}, "source_url": {tally.SourceURL},
			"source_title": {hostileImg}, "verification": {"reported"}, "note": {hostileScript}}},
		{"/admin/polls/1", url.Values{"pollster": {hostileImg}, "population": {hostileScript}, "fieldwork_end": {poll.FieldworkEnd},
			"source_url": {poll.SourceURL}, "pct_jeremy-corbyn": {"54"}, "others": {hostileScript + ": 5"}}},
		{"/admin/odds/1", url.Values{"candidate": {"angela-eagle"}, "bookmaker": {hostileImg}, "quoted_on": {odds.QuotedOn}, "price": {"2/1"},
			"source_url": {odds.SourceURL}, "note": {hostileScript}}},
		{"/admin/figures/1", url.Values{"series": {hostileScript}, "category": {hostileImg}, "value": {"1000000"}, "unit": {hostileImg},
			"as_of": {fig.AsOf}, "source_url": {fig.SourceURL}, "verification": {"reported"}}},
	}
	for _, p := range posts {
		if r := c.Post(p.url, p.form); r.Status != http.StatusSeeOther {
			t.Fatalf("POST %s: %d\n%s", p.url, r.Status, handlertest.Trim(r.Body))
		}
	}
	escaped := []string{html.EscapeString(hostileScript), html.EscapeString(hostileImg)}
	pages := []struct {
		url string
		has []string
	}{
		{"/admin/contests/labour-2016/tallies", []string{html.EscapeString(hostileImg)}},
		{"/admin/contests/labour-2016/polls", append(escaped, "<td>1,236</td>")}, // a sample size, not its pointer
		{"/admin/contests/labour-2016/odds", []string{html.EscapeString(hostileImg)}},
		{"/admin/contests/labour-2016/figures", append(escaped, "1,000,000")},
		{"/admin/tallies/1", escaped},
		{"/admin/polls/1", escaped},
		{"/admin/odds/1", escaped},
		{"/admin/figures/1", escaped},
		{"/admin/audit?entity=poll", []string{"Corrected: poll by " + html.EscapeString(hostileImg)}},
		{"/c/labour-2016/changes", []string{"Corrected: odds from " + html.EscapeString(hostileImg), "Corrected: figure " + html.EscapeString(hostileScript)}},
	}
	for _, p := range pages {
		handlertest.Expect(t, p.url, c.Get(p.url), http.StatusOK, p.has, hostileScript, hostileImg)
	}
}
