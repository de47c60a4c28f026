package public_test

import (
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/store"
)

// TestPublicRetractionsAndReportLinks enters a wrong record (Sadiq Khan, who backed Owen Smith
// on 20 August 2016 per the seed's ITV source, entered as backing Jeremy Corbyn a day later),
// retracts it through the admin, and checks the public pages: the record no longer counts,
// stays listed as retracted with its reason (hostile text shown as text), and every item links
// to the report form for that item.

// Markup that must come out as text.
const (
	hostileScript = `<script>alert(1)</script>`
	hostileImg    = `"><img src=x onerror=alert(1)>`
)

func TestPublicRetractionsAndReportLinks(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	ed := env.SignedIn(handlertest.EditorEmail)
	pub := env.Client()
	const itv = "https://www.itv.com/news/2016-08-20/sadiq-khan-backs-owen-smith-saying-labour-is-doing-badly-under-corbyn"

	r := ed.Post("/admin/quick", url.Values{"contest": {"labour-2016"}, "endorser": {"Sadiq Khan"}, "endorser_slug": {"sadiq-khan"},
		"action": {"endorse"}, "candidate": {"jeremy-corbyn"}, "effective_on": {"2016-08-21"}, "precision": {"day"},
		"source_url": {itv}, "verification": {"reported"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("quick add: %d\n%s", r.Status, handlertest.Trim(r.Body))
	}
	loc, _ := url.Parse(r.Header.Get("Location"))
	id := loc.Query().Get("added")
	if id == "" {
		t.Fatalf("quick add went to %q", r.Header.Get("Location"))
	}
	reportLink := "/report?endorser=sadiq-khan&amp;event=" + id

	// Before the retraction the wrong record decides Khan's position, with its report link.
	handlertest.Expect(t, "endorser page, wrong record", pub.Get("/endorsers/sadiq-khan"), 200,
		[]string{reportLink, `href="/report?endorser=sadiq-khan"`, "endorsed\n      <a href=\"/c/labour-2016/candidates/jeremy-corbyn\">"}, "Retracted records")
	table := pub.Get("/c/labour-2016/endorsements?q=sadiq")
	handlertest.Expect(t, "table, wrong record", table, 200, []string{reportLink}, "Retracted records")

	reason := "Wrong candidate: the ITV source says he backs Owen Smith " + hostileScript
	if r := ed.Post("/admin/events/"+id+"/retract", url.Values{"reason": {reason}}); r.Status != http.StatusSeeOther {
		t.Fatalf("retract: %d\n%s", r.Status, handlertest.Trim(r.Body))
	}

	// The endorser page: back to Owen Smith; the wrong record listed as retracted, with reason.
	page := pub.Get("/endorsers/sadiq-khan")
	handlertest.Expect(t, "endorser page, retracted", page, 200, []string{
		"endorsed\n      <a href=\"/c/labour-2016/candidates/owen-smith\">",
		"Retracted records", `<span class="badge">retracted</span>`,
		"endorsed Jeremy Corbyn on <time datetime=\"2016-08-21\">21 Aug 2016</time>",
		"Retracted on <time datetime=\"2016-09-25\">25 Sep 2016</time>: " + html.EscapeString(reason),
		reportLink,
	}, hostileScript)
	history, _, _ := strings.Cut(page.Body, "Retracted records")
	if strings.Contains(history, "event="+id+`" rel="nofollow" aria-label`) {
		t.Errorf("the retracted record is still in the history table")
	}

	// The table: Khan's row is the Smith endorsement again; the retraction is listed under it.
	table = pub.Get("/c/labour-2016/endorsements")
	handlertest.Expect(t, "table, retracted", table, 200, []string{"Retracted records", html.EscapeString(reason), reportLink}, hostileScript)
	rows, retracted, _ := strings.Cut(table.Body, "Retracted records")
	if strings.Contains(rows, reportLink) {
		t.Errorf("the retracted record is still a row of the table")
	}
	if !strings.Contains(retracted, `<a href="/endorsers/sadiq-khan">Sadiq Khan</a>`) {
		t.Errorf("the retraction does not name its endorser")
	}
	// Every row of the table links to the report form for its own event.
	if n, links := strings.Count(rows, `<tr class="state-`), strings.Count(rows, `class="report-link"`); n == 0 || n != links {
		t.Errorf("%d rows, %d report links", n, links)
	}

	// The link leads to the form about that record.
	handlertest.Expect(t, "report form", pub.Get("/report?endorser=sadiq-khan&event="+id), 200, []string{`name="event" value="` + id + `"`,
		"About: Sadiq Khan endorses Jeremy Corbyn on 21 Aug 2016 <span class=\"badge\">retracted</span> <span class=\"retracted-note\">" + html.EscapeString(reason)}, hostileScript)

	// The admin trail has the retraction with before and after.
	eid, _ := strconv.Atoi(id)
	if es := env.Audit(store.AuditFilter{Entity: "event", EntityID: uint(eid), Action: "retract"}); len(es) != 1 ||
		!strings.Contains(es[0].Before, `"RetractedAt":null`) || !strings.Contains(es[0].After, `"RetractionReason":"Wrong candidate`) {
		t.Errorf("retraction audit: %+v", es)
	}
}

// TestReportLinksEscapeHostileNames puts a hostile endorser name into the table's report links.
func TestReportLinksEscapeHostileNames(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	ed := env.SignedIn(handlertest.EditorEmail)
	form := handlertest.With(handlertest.Dugdale, "endorser", hostileImg, "new_kind", "public-figure", "effective_on", "2016-08-23")
	if r := ed.Post("/admin/quick", form); r.Status != http.StatusSeeOther {
		t.Fatalf("quick add: %d\n%s", r.Status, handlertest.Trim(r.Body))
	}
	handlertest.Expect(t, "table", env.Client().Get("/c/labour-2016/endorsements"), 200,
		[]string{`aria-label="Report a problem with ` + html.EscapeString(hostileImg)}, hostileImg)
}
