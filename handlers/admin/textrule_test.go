package admin_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/store"
)

// Admin forms and /report apply (the page escapes the "+" of "U+0001" as &#43;) the importer's rule for text (internal/textrule): before, a
// quote with control characters was stored through quick add, and the exported event log then
// failed to import back; a right-to-left override could make a name read as another.
func TestFormsRefuseWhatTheImporterRefuses(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	c := env.SignedIn(handlertest.EditorEmail)
	before := len(env.Audit(store.AuditFilter{}))
	c.Get("/admin/quick")
	// A new endorser, so that nothing but the text can be wrong.
	fresh := handlertest.With(handlertest.Dugdale, "endorser", "Aberavon CLP", "endorser_slug", "", "new_kind", "clp")
	for _, tc := range []struct {
		name   string
		form   url.Values
		reason string
	}{
		{"control characters in a quote", handlertest.With(fresh, "quote", "a\x01b\x1b[31m"),
			"This contains a control character (U&#43;0001)."},
		{"a right-to-left override in a new endorser's name",
			handlertest.With(fresh, "endorser", "Swansea \u202eLC tsaE"),
			"This contains a right-to-left or left-to-right override (U&#43;202E)"},
		{"a line separator in a source title", handlertest.With(fresh, "source_title", "one\u2028two"),
			"This contains a line or paragraph separator (U&#43;2028)."},
	} {
		handlertest.Expect(t, tc.name, c.Post("/admin/quick", tc.form), http.StatusUnprocessableEntity, []string{tc.reason})
	}
	if after := len(env.Audit(store.AuditFilter{})); after != before {
		t.Errorf("refused forms wrote %d audit entries", after-before)
	}
	// A quote may keep its line breaks.
	if r := c.Post("/admin/quick", handlertest.With(fresh, "quote", "first line\r\nsecond line")); r.Status != http.StatusSeeOther {
		t.Errorf("a quote over two lines: %d\n%s", r.Status, handlertest.Trim(r.Body))
	}

	// A contest rule's weight is held to the importer's bound for points.
	admin := env.SignedIn(handlertest.AdminEmail)
	admin.Get("/admin/contests/labour-2016")
	handlertest.Expect(t, "a weight of 1e308", admin.Post("/admin/contests/labour-2016/rules",
		url.Values{"kind": {"clp"}, "weight": {"1e308"}, "denominator": {"646"}}),
		http.StatusUnprocessableEntity, []string{"Use a number of points from 0 to 1,000,000"})

	// The public report form too.
	pub := env.Client()
	f := reportForm(t, pub, "?endorser=unite")
	env.Clock.Advance(10 * time.Second)
	handlertest.Expect(t, "report with an escape sequence", pub.Do("POST", "/report", handlertest.With(f, "message", "wrong date\x1b[2J")),
		http.StatusUnprocessableEntity, []string{"This contains a control character (U&#43;001B)."})
	handlertest.Expect(t, "report with an override in the contact", pub.Do("POST", "/report", handlertest.With(f, "contact", "me\u202e@example.org")),
		http.StatusUnprocessableEntity, []string{"This contains a right-to-left or left-to-right override (U&#43;202E)"})
}
