package handlers_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/backers/backers/handlers/handlertest"
)

// The table's and the read API's filters (candidate, kind, region, state, action, q, as_of,
// sort, page, per_page): whatever the query string, the answer is the page or a 400 saying what
// is wrong, never a server error, and no value comes back unescaped.
func FuzzEndorsementFilters(f *testing.F) {
	for _, q := range []string{"", "candidate=owen-smith&kind=clp", "as_of=2016-08-01&page=2&per_page=5",
		"kind=%3Cscript%3Ealert(1)%3C/script%3E", "page=-1", "per_page=99999999999999999999", "as_of=2016-02-30",
		"candidate=owen-smith,jeremy-corbyn,owen-smith", "region=%00", "q=%E2%80%AE", "state=withdrawn&action=nominate",
		"sort=date&sort=name", "a=%zz"} {
		f.Add(q)
	}
	app, _ := handlertest.NewApp(f)
	f.Fuzz(func(t *testing.T, query string) {
		if strings.ContainsAny(query, " #") || strings.ContainsFunc(query, unicode.IsControl) {
			return // not a query string a client can send as it is (net/url refuses control characters)
		}
		if !handlertest.RequestLineFits("/api/v1/contests/labour-2016/endorsements?" + query) {
			return
		}
		values, _ := url.ParseQuery(query)
		for _, path := range []string{"/c/labour-2016/endorsements", "/api/v1/contests/labour-2016/endorsements"} {
			req := httptest.NewRequest(http.MethodGet, path+"?"+query, nil)
			resp, err := app.Test(req, -1)
			if err != nil {
				t.Fatalf("%s?%s: %v", path, query, err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("%s?%s: status %d\n%.300s", path, query, resp.StatusCode, body)
			}
			if strings.HasPrefix(path, "/api/") && !json.Valid(body) {
				t.Errorf("%s?%s: not JSON: %.300s", path, query, body)
			}
		}
		// The escape check sends every name and value that holds markup characters between
		// markers, so that a page's own markup next to an escaped echo ("<code>00</code>" for
		// the name "00<") cannot pass for the value itself: "qz00<qz" is in the body only if it
		// came back unescaped.
		marked := url.Values{}
		var probes []string
		for name, vs := range values {
			if strings.ContainsAny(name, "<>") {
				probes = append(probes, markedProbe(name))
				name = markedProbe(name)
			}
			for _, v := range vs {
				if strings.ContainsAny(v, "<>") {
					probes = append(probes, markedProbe(v))
					v = markedProbe(v)
				}
				marked.Add(name, v)
			}
		}
		if len(probes) == 0 || !handlertest.RequestLineFits("/api/v1/contests/labour-2016/endorsements?"+marked.Encode()) {
			return
		}
		for _, path := range []string{"/c/labour-2016/endorsements", "/api/v1/contests/labour-2016/endorsements"} {
			resp, err := app.Test(httptest.NewRequest(http.MethodGet, path+"?"+marked.Encode(), nil), -1)
			if err != nil {
				t.Fatalf("%s?%s: %v", path, marked.Encode(), err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			for _, probe := range probes {
				if strings.Contains(string(body), probe) {
					t.Errorf("%s?%s: %q comes back unescaped", path, marked.Encode(), probe)
				}
			}
		}
	})
}

// markedProbe puts s between markers no page writes.
func markedProbe(s string) string { return "qz" + s + "qz" }
