package importer_test

import (
	"math"
	"strings"
	"testing"

	"github.com/backers/backers/importer"
	"github.com/backers/backers/internal/textrule"
	"github.com/backers/backers/models"
)

// Whatever a file holds, Parse does not panic, and every row it accepts is one the rest of the
// app can store and show: names and quotes that pass the text rule and fit their columns, a
// real day no later than today, finite points within the bound, an http(s) source.
func FuzzParse(f *testing.F) {
	head := strings.Join(header, ",") + "\n"
	for _, body := range []string{
		head + strings.Join(good("Swansea East CLP", "Alice", "2016-07-22"), ",") + "\n",
		head + "test-2016,Test,Alice,Cardiff North CLP,clp,Wales,nominate,2016-07-20,2.5,https://example.org/a,A source,\"a quote, with \"\"quotes\"\"\nover lines\",reported\n",
		"\ufeffContest,Endorser,Candidate,Date\nlabour-2016,'=HYPERLINK(\"x\"),Owen Smith,2016-08-01\n",
		"contest,endorser,candidate,date,points\nlabour-2016,Unite,Jeremy Corbyn,2016-08-10,1e308\nlabour-2016,GMB,Owen Smith,2016-08-11,NaN\n",
		"contest,endorser,candidate,date\nlabour-2016,Evil\x1b[2J,Jeremy Corbyn,2999-01-01\n",
		"contest,endorser,candidate,date\nlabour-2016,Swansea \u202eLC,Jeremy Corbyn,2016-08-10\n",
		"contest,endorser,candidate,date\n\"unterminated,x,y,z\n",
		"",
	} {
		f.Add([]byte(body))
	}
	today := now.Format("2006-01-02")
	f.Fuzz(func(t *testing.T, data []byte) {
		plan, err := importer.ParseOn(strings.NewReader(string(data)), now)
		if plan == nil {
			t.Fatalf("no plan (err %v)", err)
		}
		if err != nil {
			return
		}
		err = plan.Each(func(r importer.Row) error {
			for col, v := range map[string]string{"contest": r.Contest, "contest_title": r.ContestTitle, "candidate": r.Candidate,
				"endorser": r.Endorser, "kind": r.Kind, "region": r.Region, "source_title": r.SourceTitle, "source_url": r.SourceURL} {
				if reason := textrule.Line(v); reason != "" {
					t.Errorf("line %d: %s %q accepted, but it %s", r.Line, col, v, reason)
				}
			}
			if reason := textrule.Block(r.Quote); reason != "" {
				t.Errorf("line %d: quote %q accepted, but it %s", r.Line, r.Quote, reason)
			}
			if r.Contest == "" || r.Candidate == "" || r.Endorser == "" || len(r.Date) != 10 || r.Date > today {
				t.Errorf("line %d accepted without a contest, candidate, endorser or past date: %+v", r.Line, r)
			}
			if r.Points != nil && (math.IsNaN(*r.Points) || *r.Points < 0 || *r.Points > models.MaxPoints) {
				t.Errorf("line %d: points %v accepted", r.Line, *r.Points)
			}
			if r.SourceURL != "" && !strings.HasPrefix(strings.ToLower(r.SourceURL), "http") {
				t.Errorf("line %d: source %q accepted", r.Line, r.SourceURL)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
