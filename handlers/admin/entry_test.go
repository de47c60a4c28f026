package admin_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// Hostile strings every text field must refuse or show as text.
const (
	hostileScript = `<script>alert(1)</script>`
	hostileImg    = `"><img src=x onerror=alert(1)>`
	hostileURL    = `javascript:alert(1)`
)

// A real endorsement from ../shared/data/compiled_labour2016_facts_from_sources.csv.

func TestQuickAddValidation(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	c := env.SignedIn(handlertest.EditorEmail)
	c.Get("/admin/quick?contest=labour-2016")
	before := env.Audit(store.AuditFilter{})
	cases := []struct {
		name   string
		form   url.Values
		has    []string
		hasNot []string
	}{
		{"everything missing", url.Values{"contest": {"labour-2016"}}, []string{"This is required."}, nil},
		{"future date", handlertest.With(handlertest.Dugdale, "effective_on", "2016-09-26"), []string{"This date is in the future.", `value="2016-09-26"`}, nil},
		{"not a date", handlertest.With(handlertest.Dugdale, "effective_on", "22/08/2016"), []string{"Use a date like 2016-08-15.", `value="22/08/2016"`}, nil},
		{"impossible date", handlertest.With(handlertest.Dugdale, "effective_on", "2016-02-30"), []string{"Use a date like 2016-08-15."}, nil},
		{"javascript url", handlertest.With(handlertest.Dugdale, "source_url", hostileURL), []string{"Use a web address starting with http:// or https://.", `value="javascript:alert(1)"`}, nil},
		{"data url", handlertest.With(handlertest.Dugdale, "source_url", "data:text/html,hi"), []string{"Use a web address starting with http"}, nil},
		{"too long title", handlertest.With(handlertest.Dugdale, "source_title", strings.Repeat("x", 301)), []string{"This is too long: at most 300 characters."}, nil},
		{"unknown candidate", handlertest.With(handlertest.Dugdale, "candidate", "nobody"), []string{"Pick one of the choices."}, nil},
		{"unknown endorser, no kind", handlertest.With(handlertest.Dugdale, "endorser", "No Such Endorser Anywhere"),
			[]string{"No endorser has this name", `value="No Such Endorser Anywhere"`}, nil},
		{"hostile name kept as text", handlertest.With(handlertest.Dugdale, "endorser", hostileImg, "effective_on", ""),
			[]string{html.EscapeString(hostileImg)}, []string{hostileImg}},
		{"duplicate", handlertest.With(handlertest.Dugdale, "endorser", "Kezia Dugdale"), []string{"This endorser already endorsed Owen Smith on 2016-08-22."}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			handlertest.Expect(t, tc.name, c.Post("/admin/quick", tc.form), http.StatusUnprocessableEntity, tc.has, tc.hasNot...)
		})
	}
	if after := env.Audit(store.AuditFilter{}); len(after) != len(before) {
		t.Errorf("refused forms wrote %d audit entries", len(after)-len(before))
	}
}

func TestQuickAddNewEndorserAndAudit(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	c := env.SignedIn(handlertest.EditorEmail)
	c.Get("/admin/quick")
	form := handlertest.With(handlertest.Dugdale, "endorser", hostileScript, "new_kind", "public-figure", "new_region", hostileImg,
		"quote", hostileImg, "source_title", hostileScript)
	r := c.Post("/admin/quick", form)
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/quick?contest=labour-2016&added=") {
		t.Fatalf("quick add: %d to %q\n%s", r.Status, r.Header.Get("Location"), handlertest.Trim(r.Body))
	}
	id, _ := strconv.Atoi(strings.TrimPrefix(r.Header.Get("Location"), "/admin/quick?contest=labour-2016&added="))
	ev, err := env.Store.Event(uint(id))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Endorser.Name != hostileScript || ev.Endorser.Kind.Slug != "public-figure" || ev.Endorser.Region != hostileImg || ev.Candidate.Slug != "owen-smith" {
		t.Errorf("stored %+v", ev)
	}
	if ev.Quote != hostileImg || ev.RecordedAt.IsZero() {
		t.Errorf("quote %q recorded %v", ev.Quote, ev.RecordedAt)
	}
	// Both the endorser and the event are in the trail, by this editor, in one go.
	entries := env.Audit(store.AuditFilter{Action: models.AuditCreate})
	if len(entries) != 2 || entries[0].Entity != "event" || entries[1].Entity != "endorser" || entries[0].UserEmail != handlertest.EditorEmail {
		t.Fatalf("audit: %+v", entries)
	}
	var after map[string]any
	if err := json.Unmarshal([]byte(entries[0].After), &after); err != nil || after["SourceURL"] != handlertest.Dugdale.Get("source_url") || entries[0].Before != "" {
		t.Errorf("audit after %q before %q (%v)", entries[0].After, entries[0].Before, err)
	}
	// The hostile strings show as text in the admin, the dashboard and the public change log.
	for _, page := range []string{r.Header.Get("Location"), "/admin/events/" + strconv.Itoa(id), "/admin/endorsers/" + ev.Endorser.Slug,
		"/admin/audit", "/admin", "/c/labour-2016", "/c/labour-2016/changes"} {
		handlertest.Expect(t, page, c.Get(page), 200, []string{html.EscapeString(hostileScript)}, hostileScript, hostileImg)
	}
	handlertest.Expect(t, "public change log has no user details", c.Get("/c/labour-2016/changes"), 200,
		[]string{"endorses Owen Smith on 2016-08-22"}, handlertest.EditorEmail)
	// Picking the endorser again by its slug, and the duplicate check.
	dup := handlertest.With(form, "endorser_slug", ev.Endorser.Slug, "new_kind", "")
	handlertest.Expect(t, "duplicate", c.Post("/admin/quick", dup), http.StatusUnprocessableEntity, []string{"already endorsed Owen Smith"})
	nominate := handlertest.With(dup, "action", "nominate")
	if r := c.Post("/admin/quick", nominate); r.Status != http.StatusSeeOther {
		t.Errorf("nominate as well: %d", r.Status)
	}
}

func TestWithdrawSwitchEditRetract(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	c := env.SignedIn(handlertest.EditorEmail)
	// The seed holds Kezia Dugdale's endorsement of Owen Smith on 2016-08-22.
	e, err := env.Store.Endorser(adminSlugOf(t, env, "Kezia Dugdale"))
	if err != nil {
		t.Fatal(err)
	}
	page := "/admin/endorsers/" + e.Slug
	positions, err := env.Store.EndorserPositions(e.ID)
	if err != nil || len(positions) == 0 {
		t.Fatalf("positions %v %v", positions, err)
	}
	var pos store.EndorserPosition
	for _, p := range positions {
		if p.Candidate.Slug == "owen-smith" {
			pos = p
		}
	}
	handlertest.Expect(t, "endorser page", c.Get(page), 200, []string{"endorses Owen Smith since 2016-08-22", "Withdraw", "Switch"})
	event := strconv.Itoa(int(pos.EventID))

	// Switch, with validation first.
	handlertest.Expect(t, "switch before support", c.Post(page+"/switch", url.Values{"event": {event}, "candidate": {"jeremy-corbyn"}, "action": {"endorse"},
		"effective_on": {"2016-08-01"}, "source_url": {"https://example.org/x"}}), http.StatusUnprocessableEntity, []string{"This is before the support began"})
	handlertest.Expect(t, "switch bad url", c.Post(page+"/switch", url.Values{"event": {event}, "candidate": {"jeremy-corbyn"}, "action": {"endorse"},
		"effective_on": {"2016-09-01"}, "source_url": {hostileURL}}), http.StatusUnprocessableEntity, []string{"Use a web address", `value="javascript:alert(1)"`})
	// This source is the one of the endorsement itself; the switch is a test of the mechanism.
	src := handlertest.Dugdale.Get("source_url")
	if r := c.Post(page+"/switch", url.Values{"event": {event}, "candidate": {"jeremy-corbyn"}, "action": {"endorse"},
		"effective_on": {"2016-09-01"}, "source_url": {src}}); r.Status != http.StatusSeeOther {
		t.Fatalf("switch: %d\n%s", r.Status, handlertest.Trim(r.Body))
	}
	sw := env.Audit(store.AuditFilter{Action: models.AuditSwitch})
	if len(sw) != 1 || !strings.Contains(sw[0].Summary, "endorses Jeremy Corbyn on 2016-09-01") {
		t.Fatalf("switch audit %+v", sw)
	}
	handlertest.Expect(t, "after switch", c.Get(page), 200, []string{"endorses Jeremy Corbyn since 2016-09-01"}, "endorses Owen Smith since")

	// Withdraw the new position.
	positions, _ = env.Store.EndorserPositions(e.ID)
	event = strconv.Itoa(int(positions[0].EventID))
	handlertest.Expect(t, "withdraw without date", c.Post(page+"/withdraw", url.Values{"event": {event}, "source_url": {src}}),
		http.StatusUnprocessableEntity, []string{"This is required."})
	if r := c.Post(page+"/withdraw", url.Values{"event": {event}, "effective_on": {"2016-09-10"}, "source_url": {src}}); r.Status != http.StatusSeeOther {
		t.Fatalf("withdraw: %d\n%s", r.Status, handlertest.Trim(r.Body))
	}
	wd := env.Audit(store.AuditFilter{Action: models.AuditWithdraw})
	if len(wd) != 1 || !strings.Contains(wd[0].After, `"Action":"withdraw"`) {
		t.Fatalf("withdraw audit %+v", wd)
	}
	handlertest.Expect(t, "after withdraw", c.Get(page), 200, []string{"Backs no one"})

	// Edit (a correction): before and after are kept.
	id := strconv.Itoa(int(pos.EventID))
	edit := url.Values{"candidate": {"owen-smith"}, "action": {"endorse"}, "effective_on": {"2016-08-21"}, "precision": {"day"},
		"source_url": {src}, "source_title": {"talkRADIO"}, "quote": {""}, "verification": {"reported"}}
	handlertest.Expect(t, "edit future", c.Post("/admin/events/"+id, handlertest.With(edit, "effective_on", "2017-01-01")), http.StatusUnprocessableEntity,
		[]string{"This date is in the future.", `value="2017-01-01"`})
	if r := c.Post("/admin/events/"+id, edit); r.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.Status, handlertest.Trim(r.Body))
	}
	ed := env.Audit(store.AuditFilter{Action: models.AuditEdit, Entity: "event"})
	if len(ed) != 1 || !strings.Contains(ed[0].Before, `"EffectiveOn":"2016-08-22"`) || !strings.Contains(ed[0].After, `"EffectiveOn":"2016-08-21"`) {
		t.Fatalf("edit audit %+v", ed)
	}

	// Retract: the event stays, marked, with the reason; it no longer counts.
	handlertest.Expect(t, "retract without reason", c.Post("/admin/events/"+id+"/retract", url.Values{"reason": {""}}),
		http.StatusUnprocessableEntity, []string{"This is required."})
	if r := c.Post("/admin/events/"+id+"/retract", url.Values{"reason": {"Wrong date " + hostileScript}}); r.Status != http.StatusSeeOther {
		t.Fatalf("retract: %d\n%s", r.Status, handlertest.Trim(r.Body))
	}
	rt := env.Audit(store.AuditFilter{Action: models.AuditRetract})
	if len(rt) != 1 || !strings.Contains(rt[0].Before, `"RetractedAt":null`) || !strings.Contains(rt[0].After, `"RetractionReason":"Wrong date`) {
		t.Fatalf("retract audit %+v", rt)
	}
	got, err := env.Store.Event(pos.EventID)
	if err != nil || got.RetractedAt == nil {
		t.Fatalf("retracted event: %+v %v", got, err)
	}
	handlertest.Expect(t, "retract twice", c.Post("/admin/events/"+id+"/retract", url.Values{"reason": {"again"}}),
		http.StatusUnprocessableEntity, []string{"already retracted"})
	handlertest.Expect(t, "public log shows the retraction", c.Get("/c/labour-2016/changes"), 200,
		[]string{"Retracted: Kezia Dugdale endorses Owen Smith on 2016-08-21 (Wrong date &lt;script&gt;"}, hostileScript, handlertest.EditorEmail)
	handlertest.Expect(t, "admin event page", c.Get("/admin/events/"+id), 200, []string{"Retracted on 2016-09-25: Wrong date &lt;script&gt;"}, hostileScript)
}

// adminSlugOf finds an endorser's slug by name.
func adminSlugOf(t *testing.T, env *handlertest.AdminEnv, name string) string {
	t.Helper()
	e, err := env.Store.EndorserByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return e.Slug
}
