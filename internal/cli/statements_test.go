package cli

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
)

// coldRequests are the answers whose SQL cost BENCHMARKS.md records: each is asked once, on a
// freshly seeded database, so no cache holds it. before is what each cost when every chart
// asked the store itself (statements, support-span computations). One snapshot per request
// must cost no more; where the request used to compute an aggregate twice (repeated), less.
var coldRequests = []struct {
	name, url   string
	before      int64
	beforeSpans int64
	repeated    bool
}{
	{"dashboard", "/c/labour-2016", 44, 10, true},
	{"candidate page", "/c/labour-2016/candidates/jeremy-corbyn", 12, 4, true},
	{"totals API", "/api/v1/contests/labour-2016/totals", 8, 3, true},
	{"dashboard as of a day", "/c/labour-2016?as_of=2016-08-01", 44, 10, true},
	{"one embed", "/embed/labour-2016/clp-nominations", 10, 2, false},
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
		n, spans := after.SQL-before.SQL, after.Spans-before.Spans
		t.Logf("%s: %d statements per request before, %d after; support spans computed %d times before, %d after",
			r.name, r.before, n, r.beforeSpans, spans)
		if n > r.before || spans > r.beforeSpans || r.repeated && (n == r.before || spans == r.beforeSpans) {
			t.Errorf("%s: %d statements and %d span computations; %d and %d before", r.name, n, spans, r.before, r.beforeSpans)
		}
	}
}
