package public_test

import (
	"io"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// chartContainers are the markers of every chart drawn on the 2016 dashboard: its canvas
// container and its JSON options block. Every endorsement in 2016 counts one, so it has no
// points view (TestPointsView has a contest that does).
func chartContainers() []string {
	var out []string
	for _, n := range charts.Names() {
		if n == "points-over-time" {
			continue
		}
		out = append(out, `" id="chart-`+n+`" role="img"`, `<script type="application/json" id="chart-`+n+`-options">`)
	}
	return out
}

func TestDashboard(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	// What a reader of the seeded 2016 contest must see: the published figures, each chart
	// with its table, the candidates, and Eagle as withdrawn.
	seen := []string{
		"2016 Labour Party leadership election",
		"Jeremy Corbyn", "Owen Smith", "Angela Eagle", "Withdrawn 19 Jul 2016",
		// headline figures
		`<span class="label">Jeremy Corbyn</span> <strong class="value">313,209 (61.8%)</strong>`,
		`<span class="label">Owen Smith</span> <strong class="value">193,229 (38.2%)</strong>`,
		`<span class="label">Jeremy Corbyn</span> <strong class="value">285</strong>`,
		`<span class="label">Owen Smith</span> <strong class="value">53</strong>`,
		`<span class="label">No nomination</span> <strong class="value">308</strong>`,
		`<span class="label">Jeremy Corbyn</span> <strong class="value">8</strong>`,
		`<span class="label">Owen Smith</span> <strong class="value">4</strong>`,
		`<span class="label">No nomination</span> <strong class="value">2</strong>`,
		`<strong class="value">172 (51 needed)</strong>`,
		// summaries and tables
		"Jeremy Corbyn 285, Owen Smith 53 and 308 of 646 did not nominate.",
		"share of TOTAL union membership", "Show the figures as a table", `<th scope="col">`,
		"Counted records", "Reported tallies",
		`<svg class="swatch"`, `fill="#c8102e"`,
		`<script src="/static/dist/charts.`,
		"Latest changes",
	}
	seen = append(seen, chartContainers()...)
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "home is the featured contest", URL: "/", WantStatus: 200, WantHas: seen,
			WantHasNot: []string{"Nothing has been recorded for this contest yet", ` style="`, "<script>"}},
		{Name: "contest dashboard", URL: "/c/labour-2016", WantStatus: 200, WantHas: seen,
			WantHeaders: map[string]string{"Content-Security-Policy": "script-src 'self'"}},
		{Name: "withdrawn hidden", URL: "/c/labour-2016?withdrawn=hide", WantStatus: 200,
			WantHas:    []string{"Jeremy Corbyn", "Withdrawn candidates are hidden", "Show withdrawn candidates"},
			WantHasNot: []string{`<span class="name">Angela Eagle</span>`, `"name":"Angela Eagle"`, "Hide withdrawn candidates"}},
		{Name: "as of a past day", URL: "/c/labour-2016?as_of=2016-08-04", WantStatus: 200,
			WantHas:    []string{"Showing the state as of", "4 Aug 2016", "The result had not been declared by 4 Aug 2016."},
			WantHasNot: []string{"313,209"}},
		{Name: "as of a day before anything", URL: "/c/labour-2016?as_of=2015-01-01", WantStatus: 200,
			WantHas:    []string{"Nothing had been recorded for this contest by 1 Jan 2015"},
			WantHasNot: append(chartContainers(), "/static/dist/charts.")},
		{Name: "bad as_of", URL: "/c/labour-2016?as_of=yesterday", WantStatus: 400, WantHas: []string{"as_of: &#34;yesterday&#34; is not a date in the form YYYY-MM-DD"}},
		{Name: "unknown contest", URL: "/c/labour-1066", WantStatus: 404, WantHas: []string{"There is no such page here."},
			WantHasNot: []string{"chart-"}},
	})
}

// A contest with nothing recorded shows one clear empty state and no chart containers.
func TestDashboardEmptyContest(t *testing.T) {
	app, st := handlertest.NewApp(t)
	c := &models.Contest{Slug: "empty-2020", Title: "2020 Empty Party leadership election"}
	if err := st.CreateContest(c); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateCandidate(&models.Candidate{ContestID: c.ID, Slug: "a-person", Name: "A Person", Colour: "#123456"}); err != nil {
		t.Fatal(err)
	}
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "empty contest", URL: "/c/empty-2020", WantStatus: 200,
			WantHas: []string{"2020 Empty Party leadership election", "A Person", `fill="#123456"`,
				"Nothing has been recorded for this contest yet", "No endorsements have been recorded for this contest yet."},
			WantHasNot: append(chartContainers(), "/static/dist/charts.", `class="headline"`)},
	})
}

// A contest with no candidates yet says so instead of showing an empty list.
func TestDashboardNoCandidates(t *testing.T) {
	app, st := handlertest.NewApp(t)
	if err := st.CreateContest(&models.Contest{Slug: "bare-2030", Title: "2030 Bare Party leadership election"}); err != nil {
		t.Fatal(err)
	}
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "no candidates", URL: "/c/bare-2030", WantStatus: 200,
			WantHas:    []string{"No candidates have been recorded for this contest yet."},
			WantHasNot: []string{`<ul class="candidates">`}},
	})
}

// Hostile names render as text in the page and as escaped JSON in chart options.
func TestDashboardEscapesHostileNames(t *testing.T) {
	app, st := handlertest.NewApp(t)
	hostile := []string{`</script><script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`}
	c, err := st.Contest("labour-2016")
	if err != nil {
		t.Fatal(err)
	}
	kind, err := st.Kind("affiliated-union")
	if err != nil {
		t.Fatal(err)
	}
	// Each hostile name is a candidate (named in chart options) and an endorser (named in the
	// latest changes and tables), with a nomination.
	for i, name := range hostile {
		slug := "hostile-" + string(rune('a'+i))
		// A colour as long as the column allows (PostgreSQL enforces it): the longest attack it holds.
		cand := &models.Candidate{ContestID: c.ID, Slug: slug, Name: name, Colour: `"><svg>`, Status: models.CandidateDeclared}
		if err := st.CreateCandidate(cand); err != nil {
			t.Fatal(err)
		}
		e := &models.Endorser{Slug: slug, Name: name, KindID: kind.ID, Membership: ptr(1000)}
		if err := st.CreateEndorser(e); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateEvent(&models.Event{ContestID: c.ID, EndorserID: e.ID, CandidateID: cand.ID, Action: models.ActionNominate,
			EffectiveOn: "2016-08-10", SourceURL: "https://example.org/" + slug, SourceTitle: name}); err != nil {
			t.Fatal(err)
		}
	}
	body := get(t, app, "/c/labour-2016")
	for _, bad := range append(hostile, `"><svg>`, "<img src=x") {
		if strings.Contains(body, bad) {
			t.Errorf("page holds %q unescaped", bad)
		}
	}
	for _, want := range []string{
		"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", // the name as text, in HTML
		"&#34;&gt;&lt;img src=x onerror=alert(1)&gt;",
		`\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e`, // the name in chart JSON
		`\u003cimg src=x onerror=alert(1)\u003e`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Every JSON block holds no raw < > &: nothing in it can close the script element.
	blocks := regexp.MustCompile(`(?s)<script type="application/json" id="chart-[a-z-]+-options">(.*?)</script>`).FindAllStringSubmatch(body, -1)
	if len(blocks) == 0 {
		t.Fatal("no chart options blocks")
	}
	for _, b := range blocks {
		if strings.ContainsAny(b[1], "<>&") {
			t.Errorf("options block holds a raw < > or &: %.300s", b[1])
		}
	}
	// The support chart names the hostile candidate, escaped.
	if !regexp.MustCompile(`id="chart-support-over-time-options">[^<]*\\u003c/script`).MatchString(body) {
		t.Errorf("support-over-time options do not carry the escaped name")
	}
}

func ptr[T any](v T) *T { return &v }

// get fetches a page through the app and returns its body, failing on a status other than 200.
func get(t *testing.T, app *fiber.App, url string) string {
	t.Helper()
	resp, b := handlertest.Fetch(t, app, url)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: status %d\n%s", url, resp.StatusCode, handlertest.Trim(string(b)))
	}
	return string(b)
}

// BenchmarkDashboard measures a whole dashboard request on the seeded 2016 contest: every chart
// built from its SQL aggregates, rendered with its table.
func BenchmarkDashboard(b *testing.B) {
	app, _ := handlertest.NewApp(b)
	for b.Loop() {
		resp, err := app.Test(httptest.NewRequest("GET", "/c/labour-2016", nil), -1)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

// The dashboard is kept in memory per data version, but browsers must revalidate it every time,
// so a write shows at once: an editor who has just added an endorsement sees it.
func TestDashboardCachedUntilAWrite(t *testing.T) {
	app, st := handlertest.NewApp(t)
	first, body := handlertest.Fetch(t, app, "/c/labour-2016")
	if cc := first.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("dashboard Cache-Control %q, want no-cache", cc)
	}
	if strings.Contains(string(body), "Brand New Union") {
		t.Fatal("the new endorser is on the dashboard before it was recorded")
	}
	nominateNewUnion(t, st, "brand-new-union", "Brand New Union", "https://example.org/new")
	second, body := handlertest.Fetch(t, app, "/c/labour-2016", "If-None-Match", first.Header.Get("ETag"))
	if second.StatusCode != 200 || !strings.Contains(string(body), "Brand New Union") {
		t.Errorf("after a write: status %d, new endorser shown %v; want 200 with it", second.StatusCode,
			strings.Contains(string(body), "Brand New Union"))
	}
}

// nominateNewUnion records a new affiliated union nominating the 2016 contest's first candidate
// on 14 Aug 2016: a write, as an editor makes one.
func nominateNewUnion(t *testing.T, st *store.Store, slug, name, sourceURL string) {
	t.Helper()
	c, err := st.Contest("labour-2016")
	if err != nil {
		t.Fatal(err)
	}
	kind, err := st.Kind("affiliated-union")
	if err != nil {
		t.Fatal(err)
	}
	e := &models.Endorser{Slug: slug, Name: name, KindID: kind.ID}
	if err := st.CreateEndorser(e); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateEvent(&models.Event{ContestID: c.ID, EndorserID: e.ID, CandidateID: c.Candidates[0].ID,
		Action: models.ActionNominate, EffectiveOn: "2016-08-14", SourceURL: sourceURL}); err != nil {
		t.Fatal(err)
	}
}

// Candidate and endorser pages are kept like the dashboard: revalidated by browsers, and
// rebuilt as soon as a write changes the data.
func TestChartPagesCachedUntilAWrite(t *testing.T) {
	app, st := handlertest.NewApp(t)
	for _, target := range []string{"/endorsers/gmb", "/c/labour-2016/candidates/jeremy-corbyn"} {
		first, body := handlertest.Fetch(t, app, target)
		if cc := first.Header.Get("Cache-Control"); cc != "no-cache" || first.Header.Get("ETag") == "" {
			t.Errorf("%s: Cache-Control %q, ETag %q; want no-cache with an ETag", target, cc, first.Header.Get("ETag"))
		}
		if again, _ := handlertest.Fetch(t, app, target, "If-None-Match", first.Header.Get("ETag")); again.StatusCode != 304 {
			t.Errorf("%s: revalidation gave %d, want 304", target, again.StatusCode)
		}
		if strings.Contains(string(body), "2016-09-01") {
			t.Fatalf("%s shows the event before it was recorded", target)
		}
	}
	c, err := st.Contest("labour-2016")
	if err != nil {
		t.Fatal(err)
	}
	gmb, err := st.Endorser("gmb")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateEvent(&models.Event{ContestID: c.ID, EndorserID: gmb.ID, CandidateID: c.Candidates[0].ID,
		Action: models.ActionEndorse, EffectiveOn: "2016-09-01", SourceURL: "https://example.org/gmb-switch"}); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/endorsers/gmb", "/c/labour-2016/candidates/jeremy-corbyn"} {
		resp, body := handlertest.Fetch(t, app, target)
		if resp.StatusCode != 200 || !strings.Contains(string(body), "example.org/gmb-switch") {
			t.Errorf("%s after a write: status %d, new event shown %v", target, resp.StatusCode,
				strings.Contains(string(body), "example.org/gmb-switch"))
		}
	}
}

// The read API is kept in memory for anonymous readers, and a write shows at once.
func TestAPITotalsCachedUntilAWrite(t *testing.T) {
	app, st := handlertest.NewApp(t)
	const target = "/api/v1/contests/labour-2016/totals?as_of=2016-09-01"
	first, before := handlertest.Fetch(t, app, target)
	if first.StatusCode != 200 || !strings.Contains(first.Header.Get("Cache-Control"), "public") {
		t.Fatalf("totals: status %d, Cache-Control %q", first.StatusCode, first.Header.Get("Cache-Control"))
	}
	if _, again := handlertest.Fetch(t, app, target); string(again) != string(before) {
		t.Fatal("a second read of unchanged data differs")
	}
	nominateNewUnion(t, st, "cached-union", "Cached Union", "https://example.org/cached")
	second, after := handlertest.Fetch(t, app, target, "If-None-Match", first.Header.Get("ETag"))
	if second.StatusCode != 200 || string(after) == string(before) {
		t.Errorf("after a write: status %d, body changed %v; want 200 with new totals", second.StatusCode, string(after) != string(before))
	}
}

// TestCandidateStatusAsOfDay checks that a candidate is the winner only as of the result's day
// (24 Sep 2016): before it, the dashboard, the candidate's page and the exports say he was on
// the ballot.
func TestCandidateStatusAsOfDay(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "dashboard before the result", URL: "/c/labour-2016?as_of=2016-07-25", WantStatus: 200,
			WantHas: []string{"<em>On the ballot · incumbent</em>"}, WantHasNot: []string{"status-winner", "<em>Winner"}},
		{Name: "dashboard today", URL: "/c/labour-2016", WantStatus: 200, WantHas: []string{"status-winner", "<em>Winner · incumbent</em>"}},
		{Name: "home before the result", URL: "/?as_of=2016-09-23", WantStatus: 200, WantHasNot: []string{"status-winner"}},
		{Name: "candidate the day before", URL: "/c/labour-2016/candidates/jeremy-corbyn?as_of=2016-09-23", WantStatus: 200,
			WantHas: []string{"Status: <strong>On the ballot</strong>"}},
		{Name: "candidate on the day", URL: "/c/labour-2016/candidates/jeremy-corbyn?as_of=2016-09-24", WantStatus: 200,
			WantHas: []string{"Status: <strong>Winner</strong>"}},
		{Name: "export before the result", URL: "/c/labour-2016/endorsements.csv?as_of=2016-08-01&candidate=jeremy-corbyn", WantStatus: 200,
			WantHas: []string{",Jeremy Corbyn,jeremy-corbyn,on_ballot,"}, WantHasNot: []string{",winner,"}},
		{Name: "a withdrawal keeps its dated label", URL: "/c/labour-2016?as_of=2016-07-15", WantStatus: 200,
			WantHas: []string{"Withdrawn 19 Jul 2016"}},
	})
}

// A contest whose rules weight kinds differently (as FiveThirtyEight's did) shows a points view
// beside the count, on its dashboard and as an embed; the 2016 contest, where every endorsement
// counts one, shows none.
func TestPointsView(t *testing.T) {
	app, st := handlertest.NewApp(t)
	handlertest.WeightedContest(t, st)
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "weighted dashboard", URL: "/c/weighted-primary", WantStatus: 200,
			WantHas: []string{`id="chart-points-over-time" role="img"`, "Weighted points over time",
				"Weighted points from counted endorsements as of 3 Feb 2016: Dee &lt;b&gt;Dale&lt;/b&gt; 10 and Eve Elm 3.",
				"Counted endorsements and nominations as of 3 Feb 2016: Dee &lt;b&gt;Dale&lt;/b&gt; 1 and Eve Elm 3.",
				"Points per endorser, by the contest&#39;s rules: Governors 10 and Representatives 1."},
			WantHasNot: []string{"<b>Dale"}},
		{Name: "weighted embed", URL: "/embed/weighted-primary/points-over-time", WantStatus: 200,
			WantHas: []string{"Weighted points over time", "Eve Elm 3."}},
		{Name: "unweighted dashboard", URL: "/c/labour-2016", WantStatus: 200, WantHasNot: []string{`id="chart-points-over-time"`}},
	})
}
