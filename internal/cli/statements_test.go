package cli

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
)

// coldRequests are the answers whose SQL cost BENCHMARKS.md records: each is asked once, on a
// freshly seeded database, so no cache holds it.
var coldRequests = []struct{ name, url string }{
	{"dashboard", "/c/labour-2016"},
	{"candidate page", "/c/labour-2016/candidates/jeremy-corbyn"},
	{"totals API", "/api/v1/contests/labour-2016/totals"},
	{"dashboard as of a day", "/c/labour-2016?as_of=2016-08-01"},
	{"one embed", "/embed/labour-2016/clp-nominations"},
}

// TestColdRequestStatements counts the SQL statements of each cold answer, and how many of
// them computed the support spans.
func TestColdRequestStatements(t *testing.T) {
	logger := slog.New(slog.DiscardHandler)
	cfg := Config{DB: filepath.Join(t.TempDir(), "backers.db")}
	st, err := openStore(cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	app := newApp(cfg, st, logger)
	for _, r := range coldRequests {
		before := st.Statements()
		resp, err := app.Test(httptest.NewRequest("GET", r.url, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", r.url, resp.StatusCode)
		}
		after := st.Statements()
		t.Logf("%s: %d statements per request, support spans computed %d times", r.name, after.SQL-before.SQL, after.Spans-before.Spans)
	}
}
