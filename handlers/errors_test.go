package handlers_test

import (
	"encoding/json"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
)

// TestBadParameterPage checks the one 400 page of every kind of bad parameter: it names the
// parameter and says what the parameter takes.
func TestBadParameterPage(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	for _, tc := range []struct {
		kind, url, param, says string
	}{
		{"day", "/c/labour-2016?as_of=2016-02-30", "as_of", `"2016-02-30" is not a date in the form YYYY-MM-DD`},
		{"day on a table", "/c/labour-2016/endorsements?from=soon", "from", `"soon" is not a date`},
		{"day on a candidate", "/c/labour-2016/candidates/owen-smith?as_of=yesterday", "as_of", `"yesterday" is not a date`},
		{"slug list", "/c/labour-2016/endorsements?candidate=boris", "candidate", `no candidate "boris" in labour-2016`},
		{"slug list of an image", "/c/labour-2016/charts/result.png?kinds=mp,senator", "kinds", `"senator" is not one of this contest's kinds`},
		{"page", "/c/labour-2016/endorsements?page=0", "page", `"0" is not a whole number from 1 to`},
		{"sort", "/c/labour-2016/endorsements?sort=alphabet", "sort", `"alphabet" is not one of newest`},
		{"unknown parameter", "/c/labour-2016?zz=1", "zz", `"zz" is not a parameter here; this address takes as_of, withdrawn`},
		{"unknown parameter of a page without any", "/contests?page=2", "page", `"page" is not a parameter here; this address takes none`},
		{"unknown parameter of an export", "/c/labour-2016/endorsements.csv?format=xlsx", "format", `"format" is not a parameter here; this address takes as_of, candidate`},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			resp, b := handlertest.Fetch(t, app, tc.url)
			body := string(b)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 400", resp.StatusCode)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type %q, want a page", ct)
			}
			for _, want := range []string{"400 · Bad Request", "<code>" + tc.param + "</code>", html.EscapeString(tc.param + ": " + tc.says)} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q\n%s", want, handlertest.Trim(body))
				}
			}
		})
	}
}

// TestBadParameterJSON checks the one JSON error, {"error","param","status"}, of every kind of
// bad parameter on the routes that answer JSON.
func TestBadParameterJSON(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	for _, tc := range []struct {
		kind, url, param, says string
	}{
		{"day", "/api/v1/contests/labour-2016/totals?as_of=2016-9-1", "as_of", `"2016-9-1" is not a date in the form YYYY-MM-DD`},
		{"day of an export", "/c/labour-2016/endorsements.json?as_of=nope", "as_of", "is not a date"},
		{"slug list", "/api/v1/contests/labour-2016/series/result?candidates=boris", "candidates", `"boris" is not one of this contest's candidates`},
		{"slug list of the API", "/api/v1/contests/labour-2016/endorsements?kind=senator", "kind", `no endorser kind "senator"`},
		{"page", "/api/v1/contests/labour-2016/endorsements?page=x", "page", `"x" is not a whole number`},
		{"sort", "/api/v1/contests/labour-2016/endorsements?sort=random", "sort", `"random" is not one of`},
		{"unknown parameter", "/api/v1/contests/labour-2016?zz=1", "zz", `"zz" is not a parameter here; this address takes as_of`},
		{"unknown parameter of oEmbed", "/oembed?url=x&callback=f", "callback", "takes url, maxwidth, maxheight, format"},
		{"oEmbed size", "/oembed?url=x&maxwidth=wide", "maxwidth", `"wide" is not a positive whole number`},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			resp, body := handlertest.Fetch(t, app, tc.url)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 400", resp.StatusCode)
			}
			var got map[string]any
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if len(got) != 3 || got["param"] != tc.param || got["status"] != float64(400) ||
				!strings.Contains(got["error"].(string), tc.says) {
				t.Errorf("got %v, want {error: …%s…, param: %s, status: 400}", got, tc.says, tc.param)
			}
		})
	}
}

// TestTrackingParametersShareThePage checks that the parameters links pick up on their way
// are neither refused nor a reason to render a page again.
func TestTrackingParametersShareThePage(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	first, _ := handlertest.Fetch(t, app, "/c/labour-2016")
	shared, body := handlertest.Fetch(t, app, "/c/labour-2016?utm_source=newsletter&fbclid=abc")
	if shared.StatusCode != http.StatusOK || !strings.Contains(string(body), "Jeremy Corbyn") {
		t.Fatalf("shared link: status %d", shared.StatusCode)
	}
	if e := shared.Header.Get("ETag"); e == "" || e != first.Header.Get("ETag") {
		t.Errorf("shared link ETag %q, want the page's own %q: kept under one key", e, first.Header.Get("ETag"))
	}
}
