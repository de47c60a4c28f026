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
	// What each path shows without a query: markup a value shares with the page itself ("<",
	// "<a") proves nothing when it is found there.
	baseline := map[string]string{}
	for _, path := range []string{"/c/labour-2016/endorsements", "/api/v1/contests/labour-2016/endorsements"} {
		resp, err := app.Test(httptest.NewRequest(http.MethodGet, path, nil), -1)
		if err != nil {
			f.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		baseline[path] = string(body)
	}
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
			for _, vs := range values {
				for _, v := range vs {
					if strings.ContainsAny(v, "<>") && strings.Contains(string(body), v) && !strings.Contains(baseline[path], v) {
						t.Errorf("%s?%s: the value %q comes back unescaped", path, query, v)
					}
				}
			}
		}
	})
}
