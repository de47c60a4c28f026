package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/importer"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// mayorRule is the seeded 2016 contest's rule for mayors, as the database holds it.
func mayorRule(t *testing.T, st *store.Store) models.ContestKind {
	t.Helper()
	c, err := st.Contest("labour-2016")
	if err != nil {
		t.Fatal(err)
	}
	for _, ck := range c.Kinds {
		if ck.Kind.Slug == "mayor" {
			return ck
		}
	}
	t.Fatal("no rule for mayors")
	return models.ContestKind{}
}

// Saving a rule with only its kind and weight keeps what the request did not carry; the trail
// says what changed in words.
func TestRuleEditKeepsWhatTheFormDoesNotShow(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	before := mayorRule(t, env.Store)
	admin := env.SignedIn(handlertest.AdminEmail)
	if r := admin.Post("/admin/contests/labour-2016/rules", url.Values{"kind": {"mayor"}, "weight": {"5"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("save rule: %d\n%s", r.Status, handlertest.Trim(r.Body))
	}
	after := mayorRule(t, env.Store)
	if after.Weight != 5 || after.SourceURL != before.SourceURL || after.SortOrder != before.SortOrder || after.SourceURL == "" {
		t.Errorf("rule after saving kind and weight: %+v, before %+v", after, before)
	}
	handlertest.Expect(t, "trail in words", admin.Get("/admin/audit?entity=rule"), 200,
		[]string{"Rule for Mayors changed", "<li>weight: 1 to 5</li>"}, `"Weight":`, "source URL:", "order:")
}

// Quick add asks before recording support for a candidate who had withdrawn by the event's day.
func TestQuickAddWarnsOfAWithdrawnCandidate(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	ed := env.SignedIn(handlertest.EditorEmail)
	ed.Get("/admin/quick?contest=labour-2016")
	form := url.Values{"contest": {"labour-2016"}, "endorser": {"Unite"}, "action": {"endorse"}, "candidate": {"angela-eagle"},
		"effective_on": {"2016-08-30"}, "precision": {"day"}, "source_url": {"https://example.org/unite-eagle"}, "verification": {"reported"}}
	count := func() int64 {
		n, err := env.Store.EventCount(1)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	n := count()
	handlertest.Expect(t, "warned", ed.Post("/admin/quick", form), http.StatusUnprocessableEntity,
		[]string{"Angela Eagle withdrew on 2016-07-19, before 2016-08-30.", `type="checkbox" name="confirm_withdrawn"`, `value="https://example.org/unite-eagle"`})
	if count() != n {
		t.Fatal("the warned entry was recorded")
	}
	// Before her withdrawal there is nothing to confirm.
	early := handlertest.With(form, "effective_on", "2016-07-15")
	if r := ed.Post("/admin/quick", early); r.Status != http.StatusSeeOther {
		t.Fatalf("support before the withdrawal: %d\n%s", r.Status, handlertest.Trim(r.Body))
	}
	if r := ed.Post("/admin/quick", handlertest.With(form, "confirm_withdrawn", "on")); r.Status != http.StatusSeeOther {
		t.Fatalf("confirmed: %d\n%s", r.Status, handlertest.Trim(r.Body))
	}
	if count() != n+2 {
		t.Errorf("%d events recorded, want 2", count()-n)
	}
}

// Accepting a reader's report about an event opens that event's correction form, filled in,
// with the report beside it; the trail says what changed in words.
func TestAcceptedReportOpensTheEventsCorrection(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	events, err := env.Store.Changes(store.ChangeQuery{ContestID: 1, Limit: 1})
	if err != nil || len(events) == 0 {
		t.Fatal(err)
	}
	ev := events[0]
	id := ev.EventID
	r := &models.Report{EventID: &id, Message: "Wrong date " + hostileScript, SourceURL: "https://example.org/right-date",
		Address: "203.0.113.7", Status: models.ReportOpen, CreatedAt: handlertest.PinnedNow}
	if err := env.Store.CreateReport(r); err != nil {
		t.Fatal(err)
	}
	ed := env.SignedIn(handlertest.EditorEmail)
	resp := ed.Post("/admin/reports/"+idStr(r.ID)+"/accept", nil)
	want := "/admin/events/" + idStr(id) + "?report=" + idStr(r.ID)
	if resp.Status != http.StatusSeeOther || resp.Header.Get("Location") != want {
		t.Fatalf("accept: %d %q, want %q", resp.Status, resp.Header.Get("Location"), want)
	}
	page := ed.Get(want)
	handlertest.Expect(t, "correction form with the report", page, 200,
		[]string{"Correcting after reader's report", "Wrong date &lt;script&gt;", `value="` + ev.EffectiveOn + `"`, `value="` + ev.SourceURL + `"`},
		hostileScript)
	// A correction refused for a bad field is shown again with the report beside it.
	handlertest.Expect(t, "refused correction", ed.Post(want, url.Values{"effective_on": {"not a day"}}), http.StatusUnprocessableEntity,
		[]string{"Correcting after reader's report", `action="` + want + `"`})
	for _, who := range []string{handlertest.EditorEmail, handlertest.AdminEmail} {
		trail := env.SignedIn(who).Get("/admin/audit?entity=report")
		handlertest.Expect(t, "trail of "+who, trail, 200, []string{"status: open to accepted"}, `"Address"`)
	}
}

// A reader's address (and the contact they gave) is shown to admins, where a report or its
// review appears: the reports queue, the audit trail and the trail's latest entries on the admin
// home page; editors, who review reports too, see the report without it.
func TestReadersAddressesOnlyToAdmins(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	const addr = "203.0.113.7"
	open := &models.Report{EndorserSlug: "unite", Message: "Unite backed Smith", SourceURL: "https://example.org/unite",
		Address: addr, Status: models.ReportOpen, CreatedAt: handlertest.PinnedNow}
	reviewed := &models.Report{EndorserSlug: "gmb", Message: "GMB's ballot figures are wrong", SourceURL: "https://example.org/gmb",
		Contact: "reader@example.org", Address: addr, Status: models.ReportOpen, CreatedAt: handlertest.PinnedNow}
	for _, r := range []*models.Report{open, reviewed} {
		if err := env.Store.CreateReport(r); err != nil {
			t.Fatal(err)
		}
	}
	admin, editor := env.SignedIn(handlertest.AdminEmail), env.SignedIn(handlertest.EditorEmail)
	if r := editor.Post("/admin/reports/"+idStr(reviewed.ID)+"/reject", url.Values{"note": {"The ballot figures match the BBC's."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("reject: %d\n%s", r.Status, handlertest.Trim(r.Body))
	}
	// The queue holds the open report; the trail, and its latest entries on the admin home
	// page, the review of the other, with the address it came from.
	handlertest.Expect(t, "the queue, to an admin", admin.Get("/admin/reports"), 200,
		[]string{"Unite backed Smith", `<span class="reader-address">Sent from ` + addr + `</span>`})
	handlertest.Expect(t, "the queue, to an editor", editor.Get("/admin/reports"), 200,
		[]string{"Unite backed Smith"}, addr, "Sent from")
	for _, page := range []string{"/admin/audit?entity=report", "/admin"} {
		handlertest.Expect(t, page+", to an admin", admin.Get(page), 200,
			[]string{"status: open to rejected", "<li>reader&#39;s address: " + addr + "</li>", "<li>reader&#39;s contact: reader@example.org</li>"})
		handlertest.Expect(t, page+", to an editor", editor.Get(page), 200,
			[]string{"status: open to rejected"}, addr, "reader&#39;s address", "reader@example.org", "reader&#39;s contact")
	}
}

// The import page documents every column of the format and offers an example file that is
// itself a valid import.
func TestImportPageDocumentsTheFormat(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	ed := env.SignedIn(handlertest.EditorEmail)
	page := ed.Get("/admin/import")
	var cols []string
	for _, c := range importer.Columns {
		cols = append(cols, "<td><code>"+c+"</code></td>")
	}
	handlertest.Expect(t, "format", page, 200, append(cols, `href="/admin/import/example.csv"`, "Unite,affiliated-union"))
	ex := ed.Get("/admin/import/example.csv")
	if ex.Status != 200 || !strings.HasPrefix(ex.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("example: %d %q", ex.Status, ex.Header.Get("Content-Type"))
	}
	plan, err := importer.Parse(strings.NewReader(ex.Body))
	if err != nil || len(plan.Errors) > 0 || plan.Len() != 2 {
		t.Fatalf("the example is not a clean import: %v %v, %d rows", err, plan.Errors, plan.Len())
	}
}
