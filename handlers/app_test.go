package handlers_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers"
	"github.com/backers/backers/seed"
	"github.com/backers/backers/store"
)

// pinnedNow is the clock of every HTTP test.
var pinnedNow = time.Date(2016, 9, 25, 12, 0, 0, 0, time.UTC)

// seededStore opens the real SQLite file path (a new one in a temporary directory when path is
// "") with the 2016 contest seeded, on the clock now; it is closed when the test ends.
func seededStore(t testing.TB, path string, now func() time.Time) *store.Store {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "test.db")
	}
	st, err := store.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.SetClock(now)
	if _, err := seed.Labour2016(st); err != nil {
		t.Fatal(err)
	}
	return st
}

// newTestApp builds the real app on a real, seeded SQLite file in a temporary directory.
func newTestApp(t testing.TB) (*fiber.App, *store.Store) {
	t.Helper()
	now := func() time.Time { return pinnedNow }
	st := seededStore(t, "", now)
	return handlers.NewApp(&handlers.Handler{Store: st, Now: now}), st
}

// httpCase is one row of a table-driven HTTP test.
type httpCase struct {
	name        string
	method      string
	url         string
	form        url.Values
	wantStatus  int
	wantHas     []string
	wantHasNot  []string
	wantHeaders map[string]string
}

// runHTTPCases sends each case through the app and checks status, body and headers.
func runHTTPCases(t *testing.T, app *fiber.App, cases []httpCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = http.MethodGet
			}
			var body io.Reader
			if tc.form != nil {
				body = strings.NewReader(tc.form.Encode())
			}
			req := httptest.NewRequest(method, tc.url, body)
			if tc.form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			resp, err := app.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			got := string(b)
			if resp.StatusCode != tc.wantStatus {
				t.Errorf("%s %s: status %d, want %d\n%s", method, tc.url, resp.StatusCode, tc.wantStatus, trim(got))
			}
			for _, want := range tc.wantHas {
				if !strings.Contains(got, want) {
					t.Errorf("%s %s: body lacks %q\n%s", method, tc.url, want, trim(got))
				}
			}
			for _, bad := range tc.wantHasNot {
				if strings.Contains(got, bad) {
					t.Errorf("%s %s: body has %q", method, tc.url, bad)
				}
			}
			for k, v := range tc.wantHeaders {
				if g := resp.Header.Get(k); !strings.Contains(g, v) {
					t.Errorf("%s %s: header %s = %q, want it to contain %q", method, tc.url, k, g, v)
				}
			}
		})
	}
}

func trim(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "..."
	}
	return s
}

func TestPages(t *testing.T) {
	app, _ := newTestApp(t)
	runHTTPCases(t, app, []httpCase{
		{name: "healthz", url: "/healthz", wantStatus: 200, wantHas: []string{`"ok"`}},
		{name: "home shows featured contest", url: "/", wantStatus: 200, wantHas: []string{"2016 Labour Party leadership election"}},
		{name: "dashboard", url: "/c/labour-2016", wantStatus: 200, wantHas: []string{"Jeremy Corbyn", "Owen Smith", "Angela Eagle"},
			wantHeaders: map[string]string{"X-Frame-Options": "SAMEORIGIN"}},
		{name: "unknown contest", url: "/c/no-such-contest", wantStatus: 404, wantHas: []string{"no such page"}, wantHasNot: []string{"record not found"}},
		{name: "unknown path", url: "/nope", wantStatus: 404},
	})
}
