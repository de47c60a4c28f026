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
// asked the store itself (statements, and those reading the support tables), measured on the
// derived tables at main 2026-12-01 09:20 UTC (f2e192e). One snapshot per request must cost no
// more; where the request used to compute an aggregate twice (repeated), less.
var coldRequests = []struct {
	name, url     string
	before        int64
	beforeSupport int64
	repeated      bool
}{
	{"dashboard", "/c/labour-2016", 59, 17, true},
	// The candidate page's chart summary now leads with the strongest published tally (issue
	// 13), which asking the store would have cost 3 statements more: the tallies, their kinds
	// and their candidates. Its table of the latest published tallies beside the counted
	// records would have cost 4 more (Store.LatestTallies: their ids, the tallies, kinds and
	// candidates); the snapshot picks them from the tallies it has, in 1.
	// Its gains, losses and withdrawals (issue 10) are now counted and listed from the support
	// spans' switch indexes, in 1 statement, where they were read from the whole log through a
	// window, which read no support table: 1 support read more.
	{"candidate page", "/c/labour-2016/candidates/jeremy-corbyn", 12 + 3 + 4, 5 + 1, true},
	{"totals API", "/api/v1/contests/labour-2016/totals", 9, 4, true},
	{"dashboard as of a day", "/c/labour-2016?as_of=2016-08-01", 58, 17, true},
	{"one embed", "/embed/labour-2016/clp-nominations", 17, 5, false},
}

// TestColdRequestStatements counts the SQL statements of each cold answer, and how many of
// them read the support tables.
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
		n, spans := after.SQL-before.SQL, after.Support-before.Support
		t.Logf("%s: %d statements per request before, %d after; support tables read %d times before, %d after",
			r.name, r.before, n, r.beforeSupport, spans)
		if n > r.before || spans > r.beforeSupport || r.repeated && (n == r.before || spans == r.beforeSupport) {
			t.Errorf("%s: %d statements and %d support reads; %d and %d before", r.name, n, spans, r.before, r.beforeSupport)
		}
	}
}
