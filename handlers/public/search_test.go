package public_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
)

func TestSearch(t *testing.T) {
	app, f := handlertest.NewBrowseFixture(t)
	f.Endorser("zoe-o-brien", "Zoë O’Brien", "mp", "Testshire")
	zoe := `<a href="/endorsers/zoe-o-brien">Zoë O’Brien</a> <small>MP, Testshire</small>`
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "no accent finds the accented name", URL: "/search?q=zoe", WantStatus: 200, WantHas: []string{zoe, "<h2>Endorsers</h2>"}},
		{Name: "capitals and the accent", URL: "/search?q=Zo%C3%8B", WantStatus: 200, WantHas: []string{zoe}},
		{Name: "a straight apostrophe finds a curly one", URL: "/search?q=o'brien", WantStatus: 200, WantHas: []string{zoe}},
		{Name: "a candidate, with its contest", URL: "/search?q=CORBYN", WantStatus: 200,
			WantHas: []string{`<a href="/c/labour-2016/candidates/jeremy-corbyn">Jeremy Corbyn</a> <small>2016 Labour Party leadership election</small>`, "<h2>Candidates</h2>"}},
		{Name: "a contest by a word of its title", URL: "/search?q=leadership", WantStatus: 200,
			WantHas: []string{`<a href="/c/labour-2016">2016 Labour Party leadership election</a>`, "<h2>Contests</h2>"}},
		{Name: "part of a name", URL: "/search?q=workers", WantStatus: 200, WantHas: []string{`<a href="/endorsers/test-union">Testshire Workers Union</a>`}},
		{Name: "a hostile name is text", URL: "/search?q=hostile", WantStatus: 200,
			WantHas:    []string{`&lt;script&gt;alert(1)&lt;/script&gt; Hostile MP`, `MP, &#34;&gt;&lt;img src=x onerror=alert(1)&gt;`},
			WantHasNot: []string{"<script>alert(1)", "<img src=x"}},
		{Name: "a hostile query is text", URL: "/search?q=%3Cimg+src%3Dx%3E", WantStatus: 200,
			WantHas: []string{"Nothing matches “&lt;img src=x&gt;”", `value="&lt;img src=x&gt;"`}, WantHasNot: []string{"<img src=x>"}},
		{Name: "LIKE wildcards are literal", URL: "/search?q=%25", WantStatus: 200, WantHas: []string{"Nothing matches"}},
		{Name: "nothing asked", URL: "/search", WantStatus: 200, WantHas: []string{"Find an endorser, a candidate or a contest"}},
		{Name: "too long", URL: "/search?q=" + strings.Repeat("a", 201), WantStatus: 400, WantHas: []string{"longer than 200"}},
		{Name: "the header's search box is on every page", URL: "/contests", WantStatus: 200,
			WantHas: []string{`<form class="site-search" method="get" action="/search" role="search" aria-label="Search the site">`, `data-suggest="/api/v1/search"`,
				`<script src="/static/search.`, `<a href="/endorsers">Endorsers</a>`}},
	})

	// The suggestions answer: the same search, a few of each, each with its page.
	_, body := handlertest.Fetch(t, app, "/api/v1/search?q=zoe")
	var got struct {
		AsOf        string `json:"as_of"`
		Suggestions []struct{ Type, Name, URL, Detail string }
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Suggestions) != 1 || got.Suggestions[0].Name != "Zoë O’Brien" || got.Suggestions[0].URL != "/endorsers/zoe-o-brien" ||
		got.Suggestions[0].Type != "endorser" || got.AsOf != "2016-09-25" {
		t.Errorf("suggestions for zoe: %s", body)
	}
	_, body = handlertest.Fetch(t, app, "/api/v1/search?q=smith")
	if !strings.Contains(string(body), `"url":"/c/labour-2016/candidates/owen-smith"`) {
		t.Errorf("suggestions for smith lack Owen Smith's page: %s", body)
	}
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "suggestions: too long", URL: "/api/v1/search?q=" + strings.Repeat("a", 201), WantStatus: 400, WantHas: []string{`"param":"q"`}},
	})
}

// TestEndorsersIndexPages: a page between the first and the last links both ways, with the
// filters kept, the first page's link without a page number; each page holds the next
// hundred by name.
func TestEndorsersIndexPages(t *testing.T) {
	app, f := handlertest.NewBrowseFixture(t)
	for i := 1; i <= 210; i++ {
		f.Endorser(fmt.Sprintf("pageshire-clp-%03d", i), fmt.Sprintf("Pageshire CLP %03d", i), "clp", "Pageshire")
	}
	row := func(n int) string {
		return fmt.Sprintf(`<a href="/endorsers/pageshire-clp-%03d">Pageshire CLP %03d</a>`, n, n)
	}
	const filters = "/endorsers?kind=clp&amp;region=Pageshire"
	pageOf := func(n int) string { return fmt.Sprintf("/endorsers?kind=clp&amp;page=%d&amp;region=Pageshire", n) }
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "the middle page of a filter", URL: "/endorsers?kind=clp&region=Pageshire&page=2", WantStatus: 200,
			WantHas: []string{"<strong>210</strong> endorsers; showing 101–200, page 2 of 3.", row(101), row(200),
				`<a href="` + filters + `" rel="prev">← previous</a>`, `<a href="` + pageOf(3) + `" rel="next">next →</a>`},
			WantHasNot: []string{row(100), row(201), "page=1"}},
		{Name: "its first page", URL: "/endorsers?kind=clp&region=Pageshire", WantStatus: 200,
			WantHas:    []string{"showing 1–100, page 1 of 3.", row(1), row(100), `<a href="` + pageOf(2) + `" rel="next">`},
			WantHasNot: []string{`rel="prev"`, row(101)}},
		{Name: "its last page", URL: "/endorsers?kind=clp&region=Pageshire&page=3", WantStatus: 200,
			WantHas:    []string{"showing 201–210, page 3 of 3.", row(201), row(210), `<a href="` + pageOf(2) + `" rel="prev">`},
			WantHasNot: []string{`rel="next"`, row(200)}},
		{Name: "the middle page of everyone", URL: "/endorsers?page=2", WantStatus: 200,
			WantHas: []string{`<a href="/endorsers" rel="prev">← previous</a>`, `<a href="/endorsers?page=3" rel="next">next →</a>`, ", page 2 of "}},
	})
}

func TestEndorsersIndex(t *testing.T) {
	app, f := handlertest.NewBrowseFixture(t)
	f.Endorser("zoe-o-brien", "Zoë O’Brien", "mp", "Testshire")
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "everyone, by name", URL: "/endorsers", WantStatus: 200,
			WantHas: []string{"<h1>Endorsers</h1>", `<a href="/endorsers/unite">Unite</a>`, `<a href="/endorsers/zoe-o-brien">Zoë O’Brien</a>`,
				`&lt;script&gt;alert(1)&lt;/script&gt; Hostile MP`},
			WantHasNot: []string{"<script>alert(1)"}},
		{Name: "by kind and region", URL: "/endorsers?kind=clp&region=Testshire", WantStatus: 200,
			WantHas:    []string{"<strong>3</strong> endorsers", "Testshire Quitter CLP", `<option value="clp" selected>CLPs</option>`},
			WantHasNot: []string{"Workers Union", "Zoë"}},
		{Name: "a page past the end", URL: "/endorsers?page=40", WantStatus: 200, WantHas: []string{"There are no endorsers on this page", `rel="prev"`}},
		{Name: "unknown kind", URL: "/endorsers?kind=senator", WantStatus: 400, WantHas: []string{"no endorser kind &#34;senator&#34;"}},
		{Name: "unknown region", URL: "/endorsers?region=%3Cb%3E", WantStatus: 400, WantHas: []string{"&lt;b&gt;"}, WantHasNot: []string{"<b>"}},
		{Name: "bad page", URL: "/endorsers?page=0", WantStatus: 400},
		{Name: "unknown parameter", URL: "/endorsers?q=x", WantStatus: 400},
	})
}
