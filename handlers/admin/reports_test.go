package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// reportForm loads /report and returns a filled form with the page's signed stamp.
func reportForm(t *testing.T, c *handlertest.Client, query string) url.Values {
	t.Helper()
	r := c.Get("/report" + query)
	m := handlertest.StampInput.FindStringSubmatch(r.Body)
	if r.Status != 200 || m == nil {
		t.Fatalf("GET /report%s: %d", query, r.Status)
	}
	return url.Values{"stamp": {m[1]}, "endorser": {"unite"}, "message": {"The date of this nomination is wrong " + hostileScript},
		"source_url": {"https://www.ibtimes.co.uk/revealed-how-are-trade-unions-endorsing-jeremy-corbyn-1573889"}, "contact": {hostileImg}}
}

func TestPublicReports(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	pub := env.Client()
	handlertest.Expect(t, "report page names the endorser", pub.Get("/report?endorser=unite"), 200, []string{"About: <a href=\"/endorsers/unite\">Unite</a>", `name="website"`})
	handlertest.Expect(t, "report page names the event", pub.Get("/report?event=1"), 200, []string{"About: "})

	f := reportForm(t, pub, "?endorser=unite")
	// Sent at once: faster than a person.
	handlertest.Expect(t, "too fast", pub.Do("POST", "/report", f), http.StatusUnprocessableEntity, []string{"quicker than a person"})
	env.Clock.Advance(10 * time.Second)
	handlertest.Expect(t, "forged stamp", pub.Do("POST", "/report", handlertest.With(f, "stamp", "1000.abc")), http.StatusUnprocessableEntity, []string{"expired"})
	handlertest.Expect(t, "bad url kept", pub.Do("POST", "/report", handlertest.With(f, "source_url", hostileURL)), http.StatusUnprocessableEntity,
		[]string{"Use a web address", `value="javascript:alert(1)"`})
	handlertest.Expect(t, "no message", pub.Do("POST", "/report", handlertest.With(f, "message", "")), http.StatusUnprocessableEntity, []string{"This is required."})
	// A bot filling the honeypot is thanked and ignored.
	if r := pub.Do("POST", "/report", handlertest.With(f, "website", "http://spam.example")); r.Status != http.StatusSeeOther {
		t.Errorf("honeypot: %d", r.Status)
	}
	if rs, _ := env.Store.Reports(""); len(rs) != 0 {
		t.Fatalf("refused reports stored: %d", len(rs))
	}
	if r := pub.Do("POST", "/report", f); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/report?sent=1" {
		t.Fatalf("report: %d %q\n%s", r.Status, r.Header.Get("Location"), handlertest.Trim(r.Body))
	}
	handlertest.Expect(t, "thanks", pub.Get("/report?sent=1"), 200, []string{"Thank you"})
	// Rate limit per address.
	for i := 0; i < 4; i++ {
		pub.Do("POST", "/report", f)
	}
	handlertest.Expect(t, "rate limited", pub.Do("POST", "/report", f), http.StatusTooManyRequests, []string{"several reports from you"})
	rs, _ := env.Store.Reports(models.ReportOpen)
	if len(rs) != 5 {
		t.Fatalf("%d open reports, want 5", len(rs))
	}

	// Editors see the queue, with the reader's text as text.
	ed := env.SignedIn(handlertest.EditorEmail)
	handlertest.Expect(t, "queue", ed.Get("/admin/reports"), 200, []string{"The date of this nomination is wrong &lt;script&gt;", "Accept and enter it"}, hostileScript, hostileImg)
	id := idStr(rs[0].ID)
	r := ed.Post("/admin/reports/"+id+"/accept", nil)
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/quick?report="+id) {
		t.Fatalf("accept: %d %q", r.Status, r.Header.Get("Location"))
	}
	handlertest.Expect(t, "quick add pre-filled", ed.Get(r.Header.Get("Location")), 200,
		[]string{`value="Unite"`, `value="unite"`, `value="https://www.ibtimes.co.uk/revealed-how-are-trade-unions-endorsing-jeremy-corbyn-1573889"`, "Reader's report #"})
	rid := idStr(rs[1].ID)
	handlertest.Expect(t, "reject without note", ed.Post("/admin/reports/"+rid+"/reject", url.Values{"note": {""}}), http.StatusUnprocessableEntity, []string{"This is required."})
	if r := ed.Post("/admin/reports/"+rid+"/reject", url.Values{"note": {"The source gives the same date"}}); r.Status != http.StatusSeeOther {
		t.Errorf("reject: %d", r.Status)
	}
	got, _ := env.Store.Report(rs[1].ID)
	if got.Status != models.ReportRejected || got.ReviewNote != "The source gives the same date" || got.ReviewedBy == nil {
		t.Errorf("rejected report: %+v", got)
	}
	if es := env.Audit(store.AuditFilter{Entity: "report"}); len(es) != 2 {
		t.Errorf("%d report audit entries, want 2", len(es))
	}
	if open, _ := env.Store.Reports(models.ReportOpen); len(open) != 3 {
		t.Errorf("%d open reports, want 3", len(open))
	}
}

func idStr(n uint) string { return strconv.FormatUint(uint64(n), 10) }
