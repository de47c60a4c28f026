package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

var stampInput = regexp.MustCompile(`name="stamp" value="([^"]+)"`)

// reportForm loads /report and returns a filled form with the page's signed stamp.
func reportForm(t *testing.T, c *client, query string) url.Values {
	t.Helper()
	r := c.get("/report" + query)
	m := stampInput.FindStringSubmatch(r.body)
	if r.status != 200 || m == nil {
		t.Fatalf("GET /report%s: %d", query, r.status)
	}
	return url.Values{"stamp": {m[1]}, "endorser": {"unite"}, "message": {"The date of this nomination is wrong " + hostileScript},
		"source_url": {"https://www.ibtimes.co.uk/revealed-how-are-trade-unions-endorsing-jeremy-corbyn-1573889"}, "contact": {hostileImg}}
}

func TestPublicReports(t *testing.T) {
	env := newAdminEnv(t, false)
	pub := env.client()
	expect(t, "report page names the endorser", pub.get("/report?endorser=unite"), 200, []string{"About: <a href=\"/endorsers/unite\">Unite</a>", `name="website"`})
	expect(t, "report page names the event", pub.get("/report?event=1"), 200, []string{"About: "})

	f := reportForm(t, pub, "?endorser=unite")
	// Sent at once: faster than a person.
	expect(t, "too fast", pub.do("POST", "/report", f), http.StatusUnprocessableEntity, []string{"quicker than a person"})
	env.clock.Advance(10 * time.Second)
	expect(t, "forged stamp", pub.do("POST", "/report", with(f, "stamp", "1000.abc")), http.StatusUnprocessableEntity, []string{"expired"})
	expect(t, "bad url kept", pub.do("POST", "/report", with(f, "source_url", hostileURL)), http.StatusUnprocessableEntity,
		[]string{"Use a web address", `value="javascript:alert(1)"`})
	expect(t, "no message", pub.do("POST", "/report", with(f, "message", "")), http.StatusUnprocessableEntity, []string{"This is required."})
	// A bot filling the honeypot is thanked and ignored.
	if r := pub.do("POST", "/report", with(f, "website", "http://spam.example")); r.status != http.StatusSeeOther {
		t.Errorf("honeypot: %d", r.status)
	}
	if rs, _ := env.st.Reports(""); len(rs) != 0 {
		t.Fatalf("refused reports stored: %d", len(rs))
	}
	if r := pub.do("POST", "/report", f); r.status != http.StatusSeeOther || r.header.Get("Location") != "/report?sent=1" {
		t.Fatalf("report: %d %q\n%s", r.status, r.header.Get("Location"), trim(r.body))
	}
	expect(t, "thanks", pub.get("/report?sent=1"), 200, []string{"Thank you"})
	// Rate limit per address.
	for i := 0; i < 4; i++ {
		pub.do("POST", "/report", f)
	}
	expect(t, "rate limited", pub.do("POST", "/report", f), http.StatusTooManyRequests, []string{"several reports from you"})
	rs, _ := env.st.Reports(models.ReportOpen)
	if len(rs) != 5 {
		t.Fatalf("%d open reports, want 5", len(rs))
	}

	// Editors see the queue, with the reader's text as text.
	ed := env.signedIn(editorEmail)
	expect(t, "queue", ed.get("/admin/reports"), 200, []string{"The date of this nomination is wrong &lt;script&gt;", "Accept and enter it"}, hostileScript, hostileImg)
	id := idStr(rs[0].ID)
	r := ed.post("/admin/reports/"+id+"/accept", nil)
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/admin/quick?report="+id) {
		t.Fatalf("accept: %d %q", r.status, r.header.Get("Location"))
	}
	expect(t, "quick add pre-filled", ed.get(r.header.Get("Location")), 200,
		[]string{`value="Unite"`, `value="unite"`, `value="https://www.ibtimes.co.uk/revealed-how-are-trade-unions-endorsing-jeremy-corbyn-1573889"`, "Reader's report #"})
	rid := idStr(rs[1].ID)
	expect(t, "reject without note", ed.post("/admin/reports/"+rid+"/reject", url.Values{"note": {""}}), http.StatusUnprocessableEntity, []string{"This is required."})
	if r := ed.post("/admin/reports/"+rid+"/reject", url.Values{"note": {"The source gives the same date"}}); r.status != http.StatusSeeOther {
		t.Errorf("reject: %d", r.status)
	}
	got, _ := env.st.Report(rs[1].ID)
	if got.Status != models.ReportRejected || got.ReviewNote != "The source gives the same date" || got.ReviewedBy == nil {
		t.Errorf("rejected report: %+v", got)
	}
	if es := env.audit(store.AuditFilter{Entity: "report"}); len(es) != 2 {
		t.Errorf("%d report audit entries, want 2", len(es))
	}
	if open, _ := env.st.Reports(models.ReportOpen); len(open) != 3 {
		t.Errorf("%d open reports, want 3", len(open))
	}
}

func idStr(n uint) string { return strconv.FormatUint(uint64(n), 10) }
