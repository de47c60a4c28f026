package admin_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/backers/backers/handlers"
	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
)

// instance is one app process: its own Store and Handler on the database dsn.
func instance(t *testing.T, dsn string, clock *handlertest.Clock) *handlertest.AdminEnv {
	t.Helper()
	st := handlertest.SeededStore(t, dsn, clock.Now)
	return &handlertest.AdminEnv{T: t, App: handlers.NewApp(&handlers.Handler{Store: st, Now: clock.Now}), Store: st, Clock: clock}
}

// TestReportFormAcrossInstances draws the report form on one instance and sends it to another
// on the same database, as a load balancer would: the signing key is shared through the
// database, so the second accepts it. An instance on another database does not.
func TestReportFormAcrossInstances(t *testing.T) {
	clock := handlertest.NewClock(handlertest.PinnedNow)
	dsn := testdb.DSN(t)
	one, two := instance(t, dsn, clock), instance(t, dsn, clock)
	elsewhere := instance(t, testdb.DSN(t), clock)

	f := reportForm(t, one.Client(), "?endorser=unite")
	clock.Advance(10 * time.Second)
	handlertest.Expect(t, "another database's instance", elsewhere.Client().Do("POST", "/report", f), http.StatusUnprocessableEntity, []string{"This form has expired."})
	r := two.Client().Do("POST", "/report", f)
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/report?sent=1" {
		t.Fatalf("form from instance one, sent to instance two: %d %q\n%s", r.Status, r.Header.Get("Location"), handlertest.Trim(r.Body))
	}
	// And the other way round, with a key neither instance made anew.
	f = reportForm(t, two.Client(), "?endorser=unite")
	clock.Advance(10 * time.Second)
	if r := one.Client().Do("POST", "/report", f); r.Status != http.StatusSeeOther {
		t.Fatalf("form from instance two, sent to instance one: %d\n%s", r.Status, handlertest.Trim(r.Body))
	}
	if rs, err := one.Store.Reports(models.ReportOpen); err != nil || len(rs) != 2 {
		t.Errorf("open reports: %d, %v; want 2", len(rs), err)
	}
}
