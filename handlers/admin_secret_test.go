package handlers_test

import (
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/backers/backers/handlers"
	"github.com/backers/backers/models"
)

// instance is one app process: its own Store and Handler on a database file.
func instance(t *testing.T, path string, clock *testClock) *adminEnv {
	t.Helper()
	st := seededStore(t, path, clock.Now)
	return &adminEnv{t: t, app: handlers.NewApp(&handlers.Handler{Store: st, Now: clock.Now}), st: st, clock: clock}
}

// TestReportFormAcrossInstances draws the report form on one instance and sends it to another
// on the same database, as a load balancer would: the signing key is shared through the
// database, so the second accepts it. An instance on another database does not.
func TestReportFormAcrossInstances(t *testing.T) {
	clock := &testClock{t: pinnedNow}
	path := filepath.Join(t.TempDir(), "shared.db")
	one, two := instance(t, path, clock), instance(t, path, clock)
	elsewhere := instance(t, filepath.Join(t.TempDir(), "other.db"), clock)

	f := reportForm(t, one.client(), "?endorser=unite")
	clock.Advance(10 * time.Second)
	expect(t, "another database's instance", elsewhere.client().do("POST", "/report", f), http.StatusUnprocessableEntity, []string{"This form has expired."})
	r := two.client().do("POST", "/report", f)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/report?sent=1" {
		t.Fatalf("form from instance one, sent to instance two: %d %q\n%s", r.status, r.header.Get("Location"), trim(r.body))
	}
	// And the other way round, with a key neither instance made anew.
	f = reportForm(t, two.client(), "?endorser=unite")
	clock.Advance(10 * time.Second)
	if r := one.client().do("POST", "/report", f); r.status != http.StatusSeeOther {
		t.Fatalf("form from instance two, sent to instance one: %d\n%s", r.status, trim(r.body))
	}
	if rs, err := one.st.Reports(models.ReportOpen); err != nil || len(rs) != 2 {
		t.Errorf("open reports: %d, %v; want 2", len(rs), err)
	}
}
