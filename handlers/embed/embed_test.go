package embed_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
)

func TestEmbedEveryChart(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	var cases []handlertest.Case
	for _, s := range charts.Specs() {
		if s.Name == "points-over-time" {
			// Every endorsement in 2016 counts one: a points view would repeat the count.
			cases = append(cases, handlertest.Case{Name: s.Name, URL: "/embed/labour-2016/" + s.Name, WantStatus: 404})
			continue
		}
		cases = append(cases, handlertest.Case{Name: s.Name, URL: "/embed/labour-2016/" + s.Name, WantStatus: 200,
			WantHas: []string{"<h1 id=\"embed-title\">", s.Title, "Source:", `href="http://example.com/c/labour-2016`,
				`type="application/json+oembed"`, `property="og:image" content="http://example.com/c/labour-2016/charts/` + s.Name + `.png"`,
				`name="twitter:card" content="summary_large_image"`, "/static/embed."},
			WantHasNot:  []string{`<header class="site">`, `<nav`},
			WantHeaders: map[string]string{"Content-Security-Policy": "frame-ancestors *", "Cache-Control": "public, max-age=60, stale-while-revalidate=600"}})
	}
	handlertest.RunCases(t, app, cases)
}

func TestEmbedOptions(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "reported CLP tally with summary and table", URL: "/embed/labour-2016/clp-nominations", WantStatus: 200,
			WantHas: []string{"Jeremy Corbyn 285", "Owen Smith 53", "308 of 646", "as of <time datetime=\"2016-08-15\">15 Aug 2016</time>",
				`<span class="basis">Reported tallies</span> · Source:`, `<details class="embed-notes"><summary>Notes on these figures (`,
				`<div class="visually-hidden">`, `<th scope="row">15 Aug 2016</th>`, `id="chart-clp-nominations-options"`, `data-height="360"`}},
		{Name: "as_of before any nomination", URL: "/embed/labour-2016/union-nominations?as_of=2016-07-01", WantStatus: 200,
			WantHas: []string{"No affiliated union has nominated yet."}, WantHasNot: []string{`class="chart"`}},
		{Name: "as_of during nominations", URL: "/embed/labour-2016/union-nominations?as_of=2016-08-09", WantStatus: 200,
			WantHas: []string{"as of <time datetime=\"2016-08-09\">9 Aug 2016</time>", "Jeremy Corbyn 4, Owen Smith 1 and 9 of 14 made no nomination"}},
		{Name: "unions at the close", URL: "/embed/labour-2016/union-nominations", WantStatus: 200,
			WantHas: []string{"Jeremy Corbyn 8, Owen Smith 4 and 2 of 14 made no nomination"}},
		{Name: "candidates narrows the chart", URL: "/embed/labour-2016/support-over-time?candidates=owen-smith", WantStatus: 200,
			// A source's title may name another candidate ("Do CLP nominations show Jeremy Corbyn
			// winning…"); the chart's series, table columns and figures do not.
			WantHas: []string{"Owen Smith 26.", `"name":"Owen Smith · reported"`}, WantHasNot: []string{`"name":"Jeremy Corbyn`, `<th scope="col">Jeremy Corbyn</th>`, "Jeremy Corbyn 285"}},
		{Name: "two candidates", URL: "/embed/labour-2016/support-over-time?candidates=owen-smith,jeremy-corbyn", WantStatus: 200,
			WantHas: []string{"Jeremy Corbyn 50 and Owen Smith 26."}, WantHasNot: []string{`"name":"Angela Eagle`, `<th scope="col">Angela Eagle</th>`}},
		{Name: "kinds narrows the count", URL: "/embed/labour-2016/support-over-time?kinds=clp", WantStatus: 200,
			WantHas: []string{"Jeremy Corbyn 29, Owen Smith 4"}},
		{Name: "kinds before any of them", URL: "/embed/labour-2016/support-over-time?kinds=clp&as_of=2016-06-30", WantStatus: 200,
			WantHas: []string{"No endorsements or nominations have been recorded yet."}},
		{Name: "kinds of unions", URL: "/embed/labour-2016/support-over-time?kinds=affiliated-union", WantStatus: 200,
			WantHas: []string{"Jeremy Corbyn 8, Owen Smith 4"}},
		{Name: "dark theme", URL: "/embed/labour-2016/clp-nominations?theme=dark", WantStatus: 200,
			WantHas: []string{`<html lang="en-GB" class="theme-dark">`, `data-theme="dark"`, `clp-nominations.png?theme=dark`,
				`<svg class="chart-svg chart-svg-dark" width="100%" height="360"`, `fill="#1E1F22"`, `fill="#C8102E"`},
			WantHasNot: []string{"chart-svg-light", ` style=`}},
		// The first paint is the server's drawing: the .svg image's, inline, with its colours as
		// attributes (the CSP refuses style attributes) and the interactive chart named for later.
		{Name: "light theme draws the chart inline", URL: "/embed/labour-2016/clp-nominations?height=400", WantStatus: 200,
			WantHas: []string{`<html lang="en-GB">`, `<svg class="chart-svg chart-svg-light" width="100%" height="400" aria-hidden="true"`,
				`fill="#FFFFFF"`, `fill="#C8102E"`, ">CLP nominations</text>", "<main>", `data-charts="/static/dist/charts.`},
			WantHasNot: []string{"chart-svg-dark", ` style=`, "<noscript>", `data-theme=`}},
		{Name: "auto theme carries both drawings", URL: "/embed/labour-2016/clp-nominations?theme=auto", WantStatus: 200,
			WantHas: []string{`<html lang="en-GB" class="theme-auto">`, `data-theme="auto"`,
				`<svg class="chart-svg chart-svg-light"`, `<svg class="chart-svg chart-svg-dark"`}},
		{Name: "light theme", URL: "/embed/labour-2016/clp-nominations?theme=light", WantStatus: 200,
			WantHasNot: []string{"theme-dark", `data-theme`}},
		{Name: "height", URL: "/embed/labour-2016/clp-nominations?height=520", WantStatus: 200, WantHas: []string{`data-height="520"`}},
		{Name: "a poll per row makes a tall chart", URL: "/embed/labour-2016/polls", WantStatus: 200, WantHas: []string{`data-height="560"`}},
		{Name: "unless a height is asked for", URL: "/embed/labour-2016/polls?height=300", WantStatus: 200, WantHas: []string{`data-height="300"`}},

		{Name: "bad as_of", URL: "/embed/labour-2016/clp-nominations?as_of=2016-13-45", WantStatus: 400,
			WantHas: []string{"Bad embed option", "as_of=YYYY-MM-DD", "is not a date in the form YYYY-MM-DD"}, WantHasNot: []string{"<nav"}},
		{Name: "as_of not a day", URL: "/embed/labour-2016/clp-nominations?as_of=yesterday", WantStatus: 400, WantHas: []string{"&#34;yesterday&#34; is not a date"}},
		{Name: "unknown candidate", URL: "/embed/labour-2016/clp-nominations?candidates=jeremy-corbyn,boris", WantStatus: 400,
			WantHas: []string{"&#34;boris&#34; is not one of this contest&#39;s candidates: use jeremy-corbyn, owen-smith, angela-eagle"}},
		{Name: "unknown kind", URL: "/embed/labour-2016/clp-nominations?kinds=senator", WantStatus: 400, WantHas: []string{"&#34;senator&#34; is not one of this contest&#39;s kinds"}},
		{Name: "unknown theme", URL: "/embed/labour-2016/clp-nominations?theme=blue", WantStatus: 400, WantHas: []string{"use light, dark or auto"}},
		{Name: "height too small", URL: "/embed/labour-2016/clp-nominations?height=50", WantStatus: 400, WantHas: []string{"from 200 to 1200"}},
		{Name: "height not a number", URL: "/embed/labour-2016/clp-nominations?height=tall", WantStatus: 400, WantHas: []string{"is not a height"}},
		{Name: "hostile option is escaped", URL: "/embed/labour-2016/clp-nominations?theme=%3Cscript%3Ealert(1)%3C/script%3E", WantStatus: 400,
			WantHasNot: []string{"<script>alert(1)"}},
		{Name: "unknown chart", URL: "/embed/labour-2016/pie-in-the-sky", WantStatus: 404, WantHas: []string{"No such chart", "clp-nominations"}},
		{Name: "unknown contest", URL: "/embed/no-such-contest/clp-nominations", WantStatus: 404, WantHas: []string{"No such chart"}},
	})
}

func TestEmbedFramingAndCookies(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	for _, tc := range []struct {
		url       string
		framable  bool
		cacheable bool
	}{
		{"/embed/labour-2016/clp-nominations", true, true},
		{"/embed/labour-2016/clp-nominations?theme=nope", true, false},
		{"/c/labour-2016/charts/clp-nominations.png", true, true},
		{"/c/labour-2016/charts/clp-nominations.svg", true, true},
		{"/c/labour-2016", false, true},
		{"/", false, true},
		{"/oembed?url=http://example.com/c/labour-2016", false, true},
		{"/api/v1/contests/labour-2016/series/clp-nominations", false, true},
		{"/api/v1/contests/labour-2016", false, true},
		{"/c/labour-2016/endorsements.csv", false, true},
		{"/c/labour-2016/endorsements", false, true},
		{"/c/labour-2016/changes", false, false},
		{"/admin/login", false, false},
	} {
		resp, _ := handlertest.Fetch(t, app, tc.url)
		csp := resp.Header.Get("Content-Security-Policy")
		xfo := resp.Header.Get("X-Frame-Options")
		if tc.framable {
			if !strings.Contains(csp, "frame-ancestors *") || xfo != "" {
				t.Errorf("%s: CSP %q, X-Frame-Options %q; want frame-ancestors * and no X-Frame-Options", tc.url, csp, xfo)
			}
		} else if !strings.Contains(csp, "frame-ancestors 'self'") || xfo != "SAMEORIGIN" {
			t.Errorf("%s: CSP %q, X-Frame-Options %q; want frame-ancestors 'self' and SAMEORIGIN", tc.url, csp, xfo)
		}
		if tc.framable && !strings.Contains(csp, "script-src 'self'") && !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: CSP %q lost its script restriction", tc.url, csp)
		}
		if tc.framable && resp.Header.Get("Set-Cookie") != "" {
			t.Errorf("%s sets a cookie: %q", tc.url, resp.Header.Get("Set-Cookie"))
		}
		cc := resp.Header.Get("Cache-Control")
		if got := resp.Header.Get("ETag") != "" && cc != "" && cc != "no-store"; got != tc.cacheable {
			t.Errorf("%s: ETag %q, Cache-Control %q; want cacheable=%v", tc.url, resp.Header.Get("ETag"), resp.Header.Get("Cache-Control"), tc.cacheable)
		}
	}
}

// TestAPIForSignedInClientsNotPublic: an API answer to a request with a cookie or credentials
// may be that client's alone, so it is not marked public for shared caches.
func TestAPIForSignedInClientsNotPublic(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	for _, h := range [][]string{{"Cookie", "backers_session=x"}, {"Authorization", "Bearer x"}} {
		resp, _ := handlertest.Fetch(t, app, "/api/v1/contests/labour-2016", h...)
		if cc := resp.Header.Get("Cache-Control"); strings.Contains(cc, "public") {
			t.Errorf("with %s: Cache-Control %q", h[0], cc)
		}
	}
	// An embed is the same for everyone: a cookie changes nothing, and none is set.
	resp, _ := handlertest.Fetch(t, app, "/embed/labour-2016/result", "Cookie", "backers_session=x")
	if !strings.Contains(resp.Header.Get("Cache-Control"), "public") || resp.Header.Get("Set-Cookie") != "" {
		t.Errorf("embed with a cookie: Cache-Control %q, Set-Cookie %q", resp.Header.Get("Cache-Control"), resp.Header.Get("Set-Cookie"))
	}
}

func TestEmbedConditionalRequestsAndInvalidation(t *testing.T) {
	app, st := handlertest.NewApp(t)
	for _, target := range []string{
		"/embed/labour-2016/union-nominations",
		"/c/labour-2016/charts/union-nominations.png",
		"/api/v1/contests/labour-2016/series/union-nominations",
		"/api/v1/contests/labour-2016/series/union-nominations.csv",
		// The read API (kept in memory for anonymous readers) and the exports (rendered each
		// time): validators and 304s.
		"/api/v1/contests/labour-2016/totals",
		"/c/labour-2016/endorsements.csv",
		"/c/labour-2016/endorsements.json",
		"/c/labour-2016/feed.atom",
		// The dashboard: kept in memory, revalidated by browsers every time.
		"/c/labour-2016",
	} {
		t.Run(target, func(t *testing.T) {
			first, body1 := handlertest.Fetch(t, app, target)
			etag, lm := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
			if first.StatusCode != 200 || etag == "" || lm == "" {
				t.Fatalf("first GET: %d, ETag %q, Last-Modified %q", first.StatusCode, etag, lm)
			}
			// Served again (from memory): the same bytes and validators.
			again, body2 := handlertest.Fetch(t, app, target)
			if again.Header.Get("ETag") != etag || !bytes.Equal(body1, body2) ||
				again.Header.Get("Content-Type") != first.Header.Get("Content-Type") {
				t.Errorf("second GET differs: ETag %q vs %q, %d vs %d bytes, %q vs %q", again.Header.Get("ETag"), etag,
					len(body2), len(body1), again.Header.Get("Content-Type"), first.Header.Get("Content-Type"))
			}
			for _, h := range [][]string{
				{"If-None-Match", etag},
				{"If-None-Match", strings.TrimPrefix(etag, "W/")},
				{"If-None-Match", `"other", ` + etag},
				{"If-Modified-Since", lm},
			} {
				resp, b := handlertest.Fetch(t, app, target, h...)
				if resp.StatusCode != 304 || len(b) != 0 {
					t.Errorf("%s: %s: status %d with %d bytes, want 304 and no body", h[0], h[1], resp.StatusCode, len(b))
				}
				if resp.Header.Get("ETag") != etag {
					t.Errorf("%s: 304 has ETag %q, want %q", h[0], resp.Header.Get("ETag"), etag)
				}
			}
			if resp, _ := handlertest.Fetch(t, app, target, "If-None-Match", `"something-else"`); resp.StatusCode != 200 {
				t.Errorf("non-matching If-None-Match: %d, want 200", resp.StatusCode)
			}
			old := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)
			if resp, _ := handlertest.Fetch(t, app, target, "If-Modified-Since", old); resp.StatusCode != 200 {
				t.Errorf("old If-Modified-Since: %d, want 200", resp.StatusCode)
			}
		})
	}

	// A write through the store: the same URL is now a 200 with a new ETag and the new data.
	target := "/embed/labour-2016/support-over-time"
	first, body := handlertest.Fetch(t, app, target)
	etag := first.Header.Get("ETag")
	if !strings.Contains(string(body), "Jeremy Corbyn 50,") {
		t.Fatalf("before the write: %s", handlertest.Trim(string(body)))
	}
	c, _ := st.Contest("labour-2016")
	union, _ := st.Kind("affiliated-union")
	// A write any editor could make; the endorser is plainly a test record.
	e := &models.Endorser{Slug: "test-union", Name: "Test union (cache invalidation check)", KindID: union.ID}
	if err := st.CreateEndorser(e); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateEvent(&models.Event{ContestID: c.ID, EndorserID: e.ID, CandidateID: c.Candidates[0].ID,
		Action: models.ActionNominate, EffectiveOn: "2016-08-20"}); err != nil {
		t.Fatal(err)
	}
	after, body := handlertest.Fetch(t, app, target, "If-None-Match", etag)
	if after.StatusCode != 200 {
		t.Fatalf("after a write, the old ETag gave %d, want 200", after.StatusCode)
	}
	if got := after.Header.Get("ETag"); got == "" || got == etag {
		t.Errorf("after a write, ETag %q, want a new one (was %q)", got, etag)
	}
	if !strings.Contains(string(body), "Jeremy Corbyn 51,") {
		t.Errorf("after a write, the embed still shows the old figures: %s", handlertest.Trim(string(body)))
	}
}

func TestOEmbed(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	site := "http://example.com"
	for _, tc := range []struct {
		name       string
		query      url.Values
		wantStatus int
		wantSrc    string
		wantTitle  string
		wantW      int
		wantH      int
		wantThumb  string
	}{
		{name: "embed URL", query: url.Values{"url": {site + "/embed/labour-2016/clp-nominations"}}, wantStatus: 200,
			wantSrc: site + "/embed/labour-2016/clp-nominations", wantTitle: "CLP nominations · 2016 Labour Party leadership election",
			wantW: 640, wantH: 480, wantThumb: site + "/c/labour-2016/charts/clp-nominations.png"},
		{name: "embed URL with options", query: url.Values{"url": {site + "/embed/labour-2016/union-nominations?as_of=2016-08-10&theme=dark"}, "format": {"json"}},
			wantStatus: 200, wantSrc: site + "/embed/labour-2016/union-nominations?as_of=2016-08-10&amp;theme=dark",
			wantTitle: "Affiliated union nominations", wantW: 640, wantH: 480,
			wantThumb: site + "/c/labour-2016/charts/union-nominations.png?as_of=2016-08-10&theme=dark"},
		{name: "dashboard URL is its first chart", query: url.Values{"url": {site + "/c/labour-2016"}}, wantStatus: 200,
			wantSrc: site + "/embed/labour-2016/support-over-time", wantTitle: "Support over time", wantW: 640, wantH: 680}, // small multiples: tall
		{name: "dashboard URL naming a chart", query: url.Values{"url": {site + "/c/labour-2016#chart-polls"}}, wantStatus: 200,
			wantSrc: site + "/embed/labour-2016/polls", wantTitle: "Polls", wantW: 640, wantH: 680}, // a tall chart
		{name: "home page", query: url.Values{"url": {site + "/"}}, wantStatus: 200,
			wantSrc: site + "/embed/labour-2016/support-over-time", wantW: 640, wantH: 680},
		{name: "image URL", query: url.Values{"url": {site + "/c/labour-2016/charts/result.svg?width=300"}}, wantStatus: 200,
			wantSrc: site + "/embed/labour-2016/result", wantW: 640, wantH: 480},
		{name: "maxwidth and maxheight bound it", query: url.Values{"url": {site + "/embed/labour-2016/result"}, "maxwidth": {"400"}, "maxheight": {"300"}},
			wantStatus: 200, wantSrc: site + "/embed/labour-2016/result?height=200", wantW: 400, wantH: 300,
			wantThumb: site + "/c/labour-2016/charts/result.png?height=210&width=400"},
		{name: "another site", query: url.Values{"url": {"https://evil.example/embed/labour-2016/result"}}, wantStatus: 404},
		{name: "another path", query: url.Values{"url": {site + "/admin/events"}}, wantStatus: 404},
		{name: "unknown chart", query: url.Values{"url": {site + "/embed/labour-2016/nope"}}, wantStatus: 404},
		{name: "unknown contest", query: url.Values{"url": {site + "/c/labour-1983"}}, wantStatus: 404},
		{name: "bad embed option", query: url.Values{"url": {site + "/embed/labour-2016/result?theme=plaid"}}, wantStatus: 404},
		{name: "not http", query: url.Values{"url": {"javascript:alert(1)"}}, wantStatus: 404},
		{name: "xml", query: url.Values{"url": {site + "/c/labour-2016"}, "format": {"xml"}}, wantStatus: 501},
		{name: "missing url", query: url.Values{}, wantStatus: 400},
		{name: "bad maxwidth", query: url.Values{"url": {site + "/c/labour-2016"}, "maxwidth": {"wide"}}, wantStatus: 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, b := handlertest.Fetch(t, app, "/oembed?"+tc.query.Encode())
			if resp.StatusCode != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.wantStatus, handlertest.Trim(string(b)))
			}
			if tc.wantStatus != 200 {
				return
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			var o map[string]any
			if err := json.Unmarshal(b, &o); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"version", "type", "provider_name", "provider_url", "title", "html", "width", "height", "cache_age",
				"thumbnail_url", "thumbnail_width", "thumbnail_height"} {
				if _, ok := o[k]; !ok {
					t.Errorf("oEmbed response lacks %s: %s", k, b)
				}
			}
			if o["version"] != "1.0" || o["type"] != "rich" || o["provider_url"] != site+"/" || o["cache_age"] != 60.0 {
				t.Errorf("version %v type %v provider_url %v cache_age %v", o["version"], o["type"], o["provider_url"], o["cache_age"])
			}
			html, _ := o["html"].(string)
			if !strings.HasPrefix(html, `<iframe src="`+tc.wantSrc+`"`) {
				t.Errorf("html = %s, want an iframe of %s", html, tc.wantSrc)
			}
			// The label is the chart's title and what it shows.
			label := ` aria-label="` + strings.SplitN(tc.wantTitle, " · ", 2)[0]
			if !strings.Contains(html, label) || !strings.HasSuffix(html, ` loading="lazy"></iframe>`) {
				t.Errorf("html = %s, want %s…\" and loading=lazy", html, label)
			}
			if title, _ := o["title"].(string); !strings.Contains(title, tc.wantTitle) {
				t.Errorf("title %q, want it to contain %q", title, tc.wantTitle)
			}
			if o["width"] != float64(tc.wantW) || o["height"] != float64(tc.wantH) {
				t.Errorf("size %vx%v, want %dx%d", o["width"], o["height"], tc.wantW, tc.wantH)
			}
			if tc.wantThumb != "" && o["thumbnail_url"] != tc.wantThumb {
				t.Errorf("thumbnail_url %v, want %s", o["thumbnail_url"], tc.wantThumb)
			}
			// The thumbnail it names is served, at the size it says.
			thumb, _ := o["thumbnail_url"].(string)
			tr, tb := handlertest.Fetch(t, app, strings.TrimPrefix(thumb, site))
			if tr.StatusCode != 200 {
				t.Fatalf("thumbnail %s: %d", thumb, tr.StatusCode)
			}
			img, err := png.Decode(bytes.NewReader(tb))
			if err != nil {
				t.Fatal(err)
			}
			if img.Bounds().Dx() != int(o["thumbnail_width"].(float64)) || img.Bounds().Dy() != int(o["thumbnail_height"].(float64)) {
				t.Errorf("thumbnail is %v, oEmbed says %vx%v", img.Bounds(), o["thumbnail_width"], o["thumbnail_height"])
			}
		})
	}
}

func TestOEmbedDiscoveryOnDashboard(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "dashboard carries discovery, cards and embed code", URL: "/c/labour-2016", WantStatus: 200, WantHas: []string{
			`<link rel="alternate" type="application/json+oembed" href="http://example.com/oembed?format=json&amp;url=http%3A%2F%2Fexample.com%2Fc%2Flabour-2016"`,
			`<meta property="og:image" content="http://example.com/c/labour-2016/charts/`,
			`<meta name="twitter:card" content="summary_large_image">`,
			"Embed this chart",
			// (a) responsive iframe and its script, (b) plain iframe, (c) image, (d) data.
			`&lt;iframe src=&#34;http://example.com/embed/labour-2016/clp-nominations&#34;`,
			`&lt;script src=&#34;http://example.com/static/embed-resize.js&#34; async&gt;&lt;/script&gt;`,
			`width=&#34;640&#34; height=&#34;480&#34;`,
			`&lt;img src=&#34;http://example.com/c/labour-2016/charts/clp-nominations.png&#34; width=&#34;1200&#34; height=&#34;630&#34;`,
			`href="http://example.com/api/v1/contests/labour-2016/series/clp-nominations.csv"`,
			`href="http://example.com/api/v1/contests/labour-2016/series/clp-nominations"`,
			"/static/embed-code.",
			// Named for screen readers, loaded when the reader comes near it.
			`title=&#34;CLP nominations · 2016 Labour Party leadership election&#34; aria-label=&#34;CLP nominations: CLP supporting nominations as reported on 15 Aug 2016: Jeremy Corbyn 285, Owen Smith 53 and 308 of 646 did not nominate.&#34;`,
			`frameborder=&#34;0&#34; scrolling=&#34;no&#34; loading=&#34;lazy&#34;&gt;&lt;/iframe&gt;`,
			// (e) AMP: resizable, with the overflow element AMP asks for and a placeholder.
			`&lt;amp-iframe src=&#34;http://example.com/embed/labour-2016/clp-nominations&#34;`,
			`layout=&#34;responsive&#34; sandbox=&#34;allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox&#34; resizable frameborder=&#34;0&#34;&gt;`,
			`&lt;div overflow tabindex=&#34;0&#34; role=&#34;button&#34; aria-label=&#34;Show the whole chart&#34;&gt;Show the whole chart&lt;/div&gt;`,
			`&lt;amp-img placeholder layout=&#34;fill&#34; src=&#34;http://example.com/c/labour-2016/charts/clp-nominations.png&#34;`,
			"<code>theme=auto</code>"}},
		{Name: "as_of carries into the embed code", URL: "/c/labour-2016?as_of=2016-08-10", WantStatus: 200, WantHas: []string{
			`/embed/labour-2016/clp-nominations?as_of=2016-08-10`, `charts/clp-nominations.png?as_of=2016-08-10`}},
		{Name: "hidden withdrawn candidates carry into the embed code", URL: "/c/labour-2016?withdrawn=hide", WantStatus: 200, WantHas: []string{
			`/embed/labour-2016/clp-nominations?candidates=jeremy-corbyn%2Cowen-smith`}},
	})
}

func TestChartImages(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	corbyn := [3]uint8{0xc8, 0x10, 0x2e} // Jeremy Corbyn's colour in the seed
	for _, tc := range []struct {
		url          string
		w, h         int
		dark         bool
		wantCorbyn   bool
		wantMinInked float64 // share of pixels that differ from the background
	}{
		{"/c/labour-2016/charts/clp-nominations.png", 1200, 630, false, true, 0.10},
		{"/c/labour-2016/charts/union-nominations.png?width=600&height=315", 600, 315, false, true, 0.05},
		{"/c/labour-2016/charts/support-over-time.png?theme=dark", 1200, 630, true, true, 0.02},
		{"/c/labour-2016/charts/support-over-time.png?candidates=owen-smith", 1200, 630, false, false, 0.02},
		{"/c/labour-2016/charts/polls.png?width=400&height=400", 400, 400, false, true, 0.03},
		{"/c/labour-2016/charts/support-over-time.png?as_of=2016-06-30", 1200, 630, false, false, 0.003}, // empty: title and message
	} {
		t.Run(tc.url, func(t *testing.T) {
			resp, b := handlertest.Fetch(t, app, tc.url)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
				t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if img.Bounds().Dx() != tc.w || img.Bounds().Dy() != tc.h {
				t.Fatalf("size %v, want %dx%d", img.Bounds().Size(), tc.w, tc.h)
			}
			bg := rgbAt(img, 2, 2)
			if dark := int(bg[0])+int(bg[1])+int(bg[2]) < 3*80; dark != tc.dark {
				t.Errorf("background %v, want dark=%v", bg, tc.dark)
			}
			inked, hasCorbyn := 0, false
			for y := 0; y < tc.h; y++ {
				for x := 0; x < tc.w; x++ {
					p := rgbAt(img, x, y)
					if p != bg {
						inked++
					}
					if near(p, corbyn) {
						hasCorbyn = true
					}
				}
			}
			if share := float64(inked) / float64(tc.w*tc.h); share < tc.wantMinInked {
				t.Errorf("only %.2f%% of pixels are inked, want at least %.2f%%", share*100, tc.wantMinInked*100)
			}
			if hasCorbyn != tc.wantCorbyn {
				t.Errorf("Corbyn's colour drawn: %v, want %v", hasCorbyn, tc.wantCorbyn)
			}
		})
	}
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "too narrow", URL: "/c/labour-2016/charts/result.png?width=10", WantStatus: 400, WantHas: []string{"&#34;10&#34; is not a width: use a number of pixels from 200 to 2400"}},
		{Name: "too tall", URL: "/c/labour-2016/charts/result.png?height=99999", WantStatus: 400},
		{Name: "not a number", URL: "/c/labour-2016/charts/result.svg?width=big", WantStatus: 400},
		{Name: "bad option", URL: "/c/labour-2016/charts/result.png?kinds=senator", WantStatus: 400},
		{Name: "other format", URL: "/c/labour-2016/charts/result.gif", WantStatus: 404},
		{Name: "unknown chart", URL: "/c/labour-2016/charts/nope.png", WantStatus: 404},
		{Name: "unknown contest", URL: "/c/nope/charts/result.png", WantStatus: 404},
	})
}

func TestChartSVG(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	resp, b := handlertest.Fetch(t, app, "/c/labour-2016/charts/clp-nominations.svg?width=800&height=420")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "image/svg+xml") {
		t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors *") {
		t.Errorf("SVG CSP %q", csp)
	}
	// Again, from memory: the SVG's own CSP must come with it.
	again, _ := handlertest.Fetch(t, app, "/c/labour-2016/charts/clp-nominations.svg?width=800&height=420")
	if again.Header.Get("Content-Security-Policy") != resp.Header.Get("Content-Security-Policy") {
		t.Errorf("cached SVG CSP %q, first %q", again.Header.Get("Content-Security-Policy"), resp.Header.Get("Content-Security-Policy"))
	}
	var root struct {
		XMLName xml.Name `xml:"svg"`
		Width   string   `xml:"width,attr"`
		Height  string   `xml:"height,attr"`
	}
	if err := xml.Unmarshal(b, &root); err != nil {
		t.Fatalf("SVG does not parse: %v", err)
	}
	// Every token must parse, and the shapes and text must be there.
	dec := xml.NewDecoder(bytes.NewReader(b))
	var texts []string
	shapes := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG token: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if el.Name.Local == "path" {
				shapes++
			}
		case xml.CharData:
			if s := strings.TrimSpace(string(el)); s != "" {
				texts = append(texts, s)
			}
		}
	}
	joined := strings.Join(texts, " ")
	for _, want := range []string{"CLP nominations", "Jeremy Corbyn", "As of 15 Aug 2016 · Reported tallies · Source:"} {
		if !strings.Contains(joined, want) {
			t.Errorf("SVG text lacks %q: %s", want, joined)
		}
	}
	if shapes < 10 {
		t.Errorf("SVG has %d paths, want the bars and axes", shapes)
	}
	if !strings.Contains(strings.ToLower(string(b)), "#c8102e") {
		t.Errorf("SVG lacks Corbyn's colour")
	}
	if !strings.HasPrefix(root.Width, "600") || !strings.HasPrefix(root.Height, "315") {
		t.Errorf("SVG size %s x %s (points), want 600 x 315 (800 x 420 pixels)", root.Width, root.Height)
	}
}

func TestChartSeriesAPI(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	var s struct {
		Chart, Title, Basis, AsOf, Summary string
		Empty                              bool
		Data                               charts.Data
		Table                              struct{ Header []string }
		Links                              map[string]string
	}
	handlertest.FetchJSON(t, app, "/api/v1/contests/labour-2016/series/clp-nominations", &s)
	if s.Chart != "clp-nominations" || s.Basis != charts.BasisReported || s.Empty {
		t.Errorf("chart %q basis %q empty %v", s.Chart, s.Basis, s.Empty)
	}
	// The figures as plotted: the final tally of 15 Aug 2016 is 285 / 53 / 308.
	got := map[string]float64{}
	for _, sr := range s.Data.Series {
		for _, p := range sr.Points {
			if p.X == "15 Aug 2016" && p.Y != nil {
				got[sr.Name] = *p.Y
			}
		}
	}
	if got["Jeremy Corbyn"] != 285 || got["Owen Smith"] != 53 || got["No nomination"] != 308 {
		t.Errorf("plotted figures %v, want Corbyn 285, Smith 53, none 308", got)
	}
	if s.Links["csv"] != "http://example.com/api/v1/contests/labour-2016/series/clp-nominations.csv" {
		t.Errorf("links %v", s.Links)
	}
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "csv", URL: "/api/v1/contests/labour-2016/series/clp-nominations.csv", WantStatus: 200,
			WantHas:     []string{"Reported on,Jeremy Corbyn,Owen Smith", "15 Aug 2016,285,53"},
			WantHeaders: map[string]string{"Content-Type": "text/csv", "Content-Disposition": `filename="labour-2016-clp-nominations.csv"`, "ETag": `W/"`}},
		{Name: "as_of", URL: "/api/v1/contests/labour-2016/series/union-nominations?as_of=2016-08-10", WantStatus: 200,
			WantHas: []string{`"as_of":"2016-08-10"`}},
		{Name: "bad option", URL: "/api/v1/contests/labour-2016/series/union-nominations?as_of=soon", WantStatus: 400, WantHas: []string{`"status":400`}},
		{Name: "unknown chart", URL: "/api/v1/contests/labour-2016/series/nope", WantStatus: 404, WantHas: []string{`"status":404`}},
		{Name: "unknown contest", URL: "/api/v1/contests/nope/series/result.csv", WantStatus: 404},
	})
}

// TestSupportOverTimeSeriesPinsTheReportedCLPs: the data behind the headline chart carries
// the published CLP tallies as reported points on their days, 51 to 12 on 29 Jul (Morning
// Star), 100 to 21 on 4 Aug (Left Futures) and 285 to 53 on 15 Aug 2016 (New Statesman), each
// day's row naming its source, in series of their own beside the counted records, which stay
// the partial count they are (29 and 4 on 15 Aug), never added to them.
func TestSupportOverTimeSeriesPinsTheReportedCLPs(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	var s struct {
		Basis, Source, Summary string
		Notes                  []string
		Data                   charts.Data
		Table                  struct {
			Header []string
			Rows   [][]string
		}
	}
	handlertest.FetchJSON(t, app, "/api/v1/contests/labour-2016/series/support-over-time", &s)
	clps := slices.Index(s.Data.Panels, "CLPs")
	if s.Data.Kind != "time" || clps < 0 {
		t.Fatalf("kind %q, panels %q: want a time chart with a CLP panel", s.Data.Kind, s.Data.Panels)
	}
	type point struct {
		day string
		n   float64
	}
	series := map[string][]point{} // "Jeremy Corbyn · reported" -> its points in the CLP panel
	for _, sr := range s.Data.Series {
		if sr.Panel != clps {
			continue
		}
		if (sr.Basis != "reported" && sr.Basis != "counted") || !strings.HasSuffix(sr.Name, " · "+sr.Basis) {
			t.Errorf("series %q has basis %q: the name and the basis must say reported or counted alike", sr.Name, sr.Basis)
		}
		for _, p := range sr.Points {
			if p.Y != nil {
				series[sr.Name] = append(series[sr.Name], point{p.X, *p.Y})
			}
		}
	}
	for name, want := range map[string][]point{
		"Jeremy Corbyn · reported": {{"2016-07-29", 51}, {"2016-08-04", 100}, {"2016-08-15", 285}},
		"Owen Smith · reported":    {{"2016-07-29", 12}, {"2016-08-04", 21}, {"2016-08-15", 53}},
	} {
		if got := series[name]; !slices.Equal(got, want) {
			t.Errorf("CLP panel, %s: %v, want %v", name, got, want)
		}
	}
	// The counted records are their own series: on 15 Aug the rows kept here, 29 and 4, not
	// the published 285 and 53, nor the two added together.
	counted := func(name string) float64 {
		var last float64
		for _, p := range series[name] {
			if p.day <= "2016-08-15" {
				last = p.n
			}
		}
		return last
	}
	if c, o := counted("Jeremy Corbyn · counted"), counted("Owen Smith · counted"); c != 29 || o != 4 {
		t.Errorf("counted CLPs on 15 Aug: Corbyn %v, Smith %v; want 29 and 4", c, o)
	}
	// Each reported day is a row of the table naming its source; the counted rows say so.
	rows := map[string][]string{}
	for _, r := range s.Table.Rows {
		if len(r) > 4 && r[1] == "CLPs" {
			rows[r[0]+" "+r[2]] = r[3:5]
		}
	}
	for key, want := range map[string][]string{
		"29 Jul 2016 Reported tally (Local parties swing behind Jez to stay (Morning Star))":                                        {"51", "12"},
		"4 Aug 2016 Reported tally (Corbyn piles up nominations as first TV debate takes place (Left Futures))":                     {"100", "21"},
		"15 Aug 2016 Reported tally (Do CLP nominations show Jeremy Corbyn winning the Labour leadership contest? (New Statesman))": {"285", "53"},
		"15 Aug 2016 Counted records": {"29", "4"},
	} {
		if got := rows[key]; !slices.Equal(got, want) {
			t.Errorf("table row %q: %q, want %q", key, got, want)
		}
	}
	if !slices.Equal(s.Table.Header[:5], []string{"Day", "Panel", "Basis", "Jeremy Corbyn", "Owen Smith"}) {
		t.Errorf("table header %q", s.Table.Header)
	}
	if s.Basis != "Reported tallies and counted records" || !strings.Contains(s.Source, "newstatesman.com") ||
		!strings.Contains(s.Source, "morningstaronline.co.uk") || !strings.Contains(s.Source, "leftfutures.org") {
		t.Errorf("basis %q, source %q", s.Basis, s.Source)
	}
	if len(s.Notes) == 0 || !strings.Contains(s.Notes[0], "never added together") {
		t.Errorf("notes %q: want the rule that the two are never added together", s.Notes)
	}
	// As of 4 Aug the series stops at the 100 to 21 of that day.
	_, b := handlertest.Fetch(t, app, "/api/v1/contests/labour-2016/series/support-over-time.csv?as_of=2016-08-04")
	csv := string(b)
	if !strings.Contains(csv, "4 Aug 2016,CLPs,Reported tally (Corbyn piles up nominations as first TV debate takes place (Left Futures)),100,21,") ||
		strings.Contains(csv, ",285,") {
		t.Errorf("CSV as of 4 Aug:\n%s", handlertest.Trim(csv))
	}
}

// TestEmbedEscapesHostileNames puts hostile text where data can reach an embed, an image and
// the data: it must come out as text everywhere.
func TestEmbedEscapesHostileNames(t *testing.T) {
	app, st := handlertest.NewApp(t)
	const hostile = `</script><img src=x onerror=alert(1)>`
	c := &models.Contest{Slug: "hostile", Title: "Hostile " + hostile}
	if err := st.CreateContest(c); err != nil {
		t.Fatal(err)
	}
	// A colour as long as the column allows (PostgreSQL enforces it): the longest attack it holds.
	cd := &models.Candidate{ContestID: c.ID, Slug: "h", Name: hostile, Colour: `"><svg>`}
	cd2 := &models.Candidate{ContestID: c.ID, Slug: "f", Name: "=HYPERLINK(\"http://x\")", Colour: "#123456"}
	for _, x := range []*models.Candidate{cd, cd2} {
		if err := st.CreateCandidate(x); err != nil {
			t.Fatal(err)
		}
	}
	k, _ := st.Kind("mp")
	for i, cand := range []*models.Candidate{cd, cd2} {
		e := &models.Endorser{Slug: "hostile-" + cand.Slug, Name: hostile, KindID: k.ID}
		if err := st.CreateEndorser(e); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateEvent(&models.Event{ContestID: c.ID, EndorserID: e.ID, CandidateID: cand.ID,
			Action: models.ActionEndorse, EffectiveOn: "2016-07-1" + string(rune('1'+i))}); err != nil {
			t.Fatal(err)
		}
	}
	// A reported tally of a kind with a hostile name and source: support over time gives it a
	// panel titled with the kind's name, in the options, the table and the drawing.
	const panel = `<i>Panel</i> & "kind"`
	hk, _, err := st.EnsureKind(models.Kind{Slug: "hostile-kind", Name: panel, Plural: panel})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateReportedTally(&models.ReportedTally{ContestID: c.ID, KindID: hk.ID, CandidateID: &cd.ID, Count: 7, AsOf: "2016-07-12",
		SourceURL: "https://paper.example.org/t", SourceTitle: hostile, Verification: models.VerificationReported}); err != nil {
		t.Fatal(err)
	}
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "embed", URL: "/embed/hostile/support-over-time", WantStatus: 200, WantHasNot: []string{hostile, `"><svg>`, "<i>Panel"},
			WantHas: []string{`\u003c/script\u003e\u003cimg`, "&lt;/script&gt;&lt;img", `\u003ci\u003ePanel\u003c/i\u003e \u0026 \"kind\"`, "&lt;i&gt;Panel&lt;/i&gt; &amp; &#34;kind&#34;"}},
		{Name: "series csv", URL: "/api/v1/contests/hostile/series/support-over-time.csv", WantStatus: 200,
			WantHas: []string{`'=HYPERLINK`}},
		{Name: "oembed", URL: "/oembed?url=" + url.QueryEscape("http://example.com/embed/hostile/support-over-time"), WantStatus: 200,
			WantHasNot: []string{"<img src=x"}},
		// This contest's rules count no CLPs and no unions: those charts do not apply to it.
		{Name: "chart that does not apply", URL: "/embed/hostile/clp-nominations", WantStatus: 404, WantHas: []string{"No such chart"}},
		{Name: "its image", URL: "/c/hostile/charts/union-nominations.png", WantStatus: 404},
		{Name: "its data", URL: "/api/v1/contests/hostile/series/clp-nominations", WantStatus: 404},
		{Name: "its oembed", URL: "/oembed?url=" + url.QueryEscape("http://example.com/embed/hostile/clp-nominations"), WantStatus: 404},
	})
	resp, b := handlertest.Fetch(t, app, "/c/hostile/charts/support-over-time.svg")
	if resp.StatusCode != 200 {
		t.Fatalf("svg: %d", resp.StatusCode)
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG with a hostile name does not parse: %v", err)
		}
		if el, ok := tok.(xml.StartElement); ok && (el.Name.Local == "script" || el.Name.Local == "img") {
			t.Fatalf("SVG has a <%s> element", el.Name.Local)
		}
	}
	if texts := svgTexts(t, b); !slices.Contains(texts, panel) {
		t.Errorf("the hostile kind's panel is not titled with its name, as text: %q", texts)
	}
}

func rgbAt(img image.Image, x, y int) [3]uint8 {
	r, g, b, _ := img.At(x, y).RGBA()
	return [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
}

func near(a, b [3]uint8) bool {
	d := func(x, y uint8) int {
		if x > y {
			return int(x - y)
		}
		return int(y - x)
	}
	return d(a[0], b[0]) < 8 && d(a[1], b[1]) < 8 && d(a[2], b[2]) < 8
}

// TestEmbedIgnoresForwardedHost: absolute URLs in a cached embed come from the Host the cache
// keys it by, never from a client's X-Forwarded-Host.
func TestEmbedIgnoresForwardedHost(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	_, poisoned := handlertest.Fetch(t, app, "/embed/labour-2016/result", "X-Forwarded-Host", "evil.example")
	_, clean := handlertest.Fetch(t, app, "/embed/labour-2016/result")
	for _, b := range [][]byte{poisoned, clean} {
		if bytes.Contains(b, []byte("evil.example")) || !bytes.Contains(b, []byte("http://example.com/c/labour-2016")) {
			t.Fatalf("embed built for a forwarded host: %s", handlertest.Trim(string(b)))
		}
	}
}

// TestEmbedCompressedFromMemory: gzip-encoding a response served from memory must leave the
// kept copy intact for the next reader.
func TestEmbedCompressedFromMemory(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	target := "/embed/labour-2016/clp-nominations"
	_, plain := handlertest.Fetch(t, app, target)
	for i := 0; i < 3; i++ {
		resp, b := handlertest.Fetch(t, app, target, "Accept-Encoding", "gzip")
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("Content-Encoding %q", resp.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, plain) {
			t.Fatalf("gzip round %d: %d bytes differ from the %d plain bytes", i, len(got), len(plain))
		}
		_, again := handlertest.Fetch(t, app, target)
		if !bytes.Equal(again, plain) {
			t.Fatalf("after gzip round %d the kept copy changed", i)
		}
	}
}

// Many distinct large images asked for at once are all drawn (a few at a time, behind the
// handler's gate), each the size asked for.
func TestManyImagesAtOnce(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() {
			w := 800 + 100*i
			resp, body := handlertest.Fetch(t, app, fmt.Sprintf("/c/labour-2016/charts/clp-nominations.png?width=%d&height=600", w))
			if resp.StatusCode != http.StatusOK {
				t.Errorf("width %d: status %d", w, resp.StatusCode)
				return
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(body))
			if err != nil || cfg.Width != w || cfg.Height != 600 {
				t.Errorf("width %d: got %dx%d, %v", w, cfg.Width, cfg.Height, err)
			}
		})
	}
	wg.Wait()
}

// svgTexts is every text of an SVG drawing, in order.
func svgTexts(t *testing.T, b []byte) []string {
	t.Helper()
	var texts []string
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return texts
		}
		if err != nil {
			t.Fatalf("SVG token: %v", err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			if s := strings.TrimSpace(string(cd)); s != "" {
				texts = append(texts, s)
			}
		}
	}
}

// The static images tell the whole story: the CLP chart's axis runs to the 646 CLPs with its
// source line whole, the polls' labels read whole beside their bars, and support over time
// draws a titled panel per kind with reported tallies, told apart from counted records.
func TestChartImagesReadWhole(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	for _, tc := range []struct {
		url  string
		want []string
	}{
		{"/c/labour-2016/charts/clp-nominations.svg", []string{"646", "Statesman); Endorsements in the 2016 Labour Party leadership election (Wikipedia via WikiMili)"}},
		{"/c/labour-2016/charts/polls.svg", []string{"Labour members who joined before Jan 2016", "Full members who joined before May 2015", "Registered supporters"}},
		{"/c/labour-2016/charts/support-over-time.svg?width=1200&height=800", []string{"CLPs", "PLP and EPLP members", "Other backers",
			"Jeremy Corbyn · reported", "Jeremy Corbyn · counted"}},
	} {
		t.Run(tc.url, func(t *testing.T) {
			resp, b := handlertest.Fetch(t, app, tc.url)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			texts := svgTexts(t, b)
			for _, want := range tc.want {
				if !slices.Contains(texts, want) {
					t.Errorf("no text %q in %q", want, texts)
				}
			}
			for _, s := range texts {
				if strings.Contains(s, "…") {
					t.Errorf("a text is cut short: %q", s)
				}
			}
		})
	}
}
