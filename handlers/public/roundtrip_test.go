package public_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers"
	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/importer"
	"github.com/backers/backers/internal/testdb"
)

// TestEventsExportRoundTrip exports the event log (the seeded 2016 contest plus the fixture's
// hostile names, switch and withdrawal) as CSV, imports it into an empty database with the
// importer, and checks both apps give the same totals on several days.
func TestEventsExportRoundTrip(t *testing.T) {
	app, _ := handlertest.NewBrowseFixture(t)
	status, csvBody, _ := handlertest.BrowseGet(t, app, tbl+".csv?view=events")
	if status != 200 {
		t.Fatalf("export: status %d", status)
	}
	plan, err := importer.Parse(strings.NewReader(csvBody))
	if err != nil {
		t.Fatalf("parse the export: %v", err)
	}
	st2 := testdb.Open(t)
	if _, err := importer.Apply(st2, plan, importer.Options{}); err != nil {
		t.Fatalf("import the export: %v", err)
	}
	app2 := handlers.NewApp(&handlers.Handler{Store: st2, Now: func() time.Time { return handlertest.PinnedNow }})

	type totals struct {
		Candidates []struct {
			Candidate    string  `json:"candidate"`
			Endorsements int     `json:"endorsements"`
			Points       float64 `json:"points"`
		} `json:"candidates"`
	}
	fetch := func(a *fiber.App, url string) map[string]string {
		status, body, _ := handlertest.BrowseGet(t, a, url)
		if status != 200 {
			t.Fatalf("GET %s: %d %s", url, status, body)
		}
		var tt totals
		if err := json.Unmarshal([]byte(body), &tt); err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, c := range tt.Candidates {
			if c.Endorsements > 0 {
				out[c.Candidate] = fmt.Sprintf("%d/%g", c.Endorsements, c.Points)
			}
		}
		return out
	}
	for _, day := range []string{"2016-07-15", "2016-07-19", "2016-08-05", "2016-08-11", "2016-08-15", "2016-09-25"} {
		url := "/api/v1/contests/labour-2016/totals?as_of=" + day
		want, got := fetch(app, url), fetch(app2, url)
		if len(want) == 0 || !maps.Equal(got, want) {
			t.Errorf("as of %s: imported totals %v, original %v", day, got, want)
		}
	}
	// The hostile names came back as they were, not with the export's apostrophe.
	status, body, _ := handlertest.BrowseGet(t, app2, tbl+"?q=HYPERLINK")
	if status != 200 || !strings.Contains(body, `>=HYPERLINK(&#34;http://evil&#34;)</a>`) {
		t.Errorf("imported formula-like name not restored: %d\n%s", status, handlertest.Trim(body))
	}
}
