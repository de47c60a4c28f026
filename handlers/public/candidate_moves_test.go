package public_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
)

// TestCandidateMovesBeyondThePage checks a candidate page whose moves are more than it lists:
// it says so, and its links to the event log hold every one of them, the gains and
// withdrawals in the candidate's own log and the losses in the whole log.
func TestCandidateMovesBeyondThePage(t *testing.T) {
	app, f := handlertest.NewBrowseFixture(t)
	const movers = 101 // one more than the page lists
	for i := range movers {
		slug := fmt.Sprintf("mover-%d", i)
		f.Endorser(slug, fmt.Sprintf("Mover CLP %d", i), "clp", "Testshire")
		f.Event(slug, "angela-eagle", models.ActionEndorse, "2016-07-12", "", models.VerificationReported)
		f.Event(slug, "owen-smith", models.ActionEndorse, "2016-07-19", "", models.VerificationReported)
	}
	for _, c := range []struct {
		candidate, log string
		rows           int // of each mover in the log
	}{
		// Owen Smith gained each mover: his own log holds each switch, and only that.
		{"owen-smith", "/c/labour-2016/endorsements.csv?view=events&candidate=owen-smith&as_of=2016-07-20", 1},
		// Angela Eagle lost each: the switch is Owen Smith's event, in the whole log beside
		// the endorsement it ended.
		{"angela-eagle", "/c/labour-2016/endorsements.csv?view=events&as_of=2016-07-20", 2},
	} {
		status, body, _ := handlertest.BrowseGet(t, app, "/c/labour-2016/candidates/"+c.candidate+"?as_of=2016-07-20")
		if status != 200 {
			t.Fatalf("%s's page: status %d", c.candidate, status)
		}
		own := "/c/labour-2016/endorsements.csv?view=events&amp;candidate=" + c.candidate + "&amp;as_of=2016-07-20"
		whole := "/c/labour-2016/endorsements.csv?view=events&amp;as_of=2016-07-20"
		for _, want := range []string{"The latest 100 are listed.", `href="` + own + `"`, `href="` + whole + `"`} {
			if !strings.Contains(body, want) {
				t.Fatalf("%s's page lacks %q", c.candidate, want)
			}
		}
		status, csv, _ := handlertest.BrowseGet(t, app, c.log)
		if status != 200 {
			t.Fatalf("%s: status %d", c.log, status)
		}
		for i := range movers {
			if n := strings.Count(csv, fmt.Sprintf(",Mover CLP %d,clp,", i)); n != c.rows {
				t.Fatalf("%s has %d rows of Mover CLP %d, want %d:\n%s", c.log, n, i, c.rows, csv[:min(len(csv), 2000)])
			}
		}
	}
}
