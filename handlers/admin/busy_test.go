package admin_test

import (
	"net/http"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// TestQuickAddDuringImport sends a quick add while an import (another store on the same
// database, as `backers import` would be) holds a long transaction open. On SQLite, which has
// one writer, the quick add waits for the busy timeout and then says so, with the form kept as
// typed, and the same form sent after the import succeeds; on PostgreSQL it proceeds at once.
// Nothing is lost either way.
func TestQuickAddDuringImport(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	importer := testdb.OpenDSN(t, env.DSN)
	c := env.SignedIn(handlertest.EditorEmail)
	c.Get("/admin/quick?contest=labour-2016")

	started, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- importer.Transaction(func(tx *store.Store) error {
			// The import's first write takes SQLite's write lock until it commits.
			if _, _, err := tx.EnsureKind(models.Kind{Slug: "imported", Name: "Imported"}); err != nil {
				close(started)
				return err
			}
			close(started)
			<-release
			return nil
		})
	}()
	<-started

	form := handlertest.With(handlertest.Dugdale, "endorser", "Ada Newcomer", "new_kind", "public-figure")
	r := c.Post("/admin/quick", form)
	if testdb.Postgres() {
		if r.Status != http.StatusSeeOther {
			t.Errorf("quick add during an import on PostgreSQL: status %d, want 303\n%s", r.Status, handlertest.Trim(r.Body))
		}
	} else {
		handlertest.Expect(t, "quick add during an import", r, http.StatusServiceUnavailable,
			[]string{"An import is running, so nothing was saved. Try again shortly.", `value="Ada Newcomer"`,
				`value="2016-08-22"`, `value="https://talkradio.co.uk/news/labour-leadership-contest`})
		if got := r.Header.Get("Retry-After"); got != "5" {
			t.Errorf("Retry-After %q, want 5", got)
		}
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("the import: %v", err)
	}
	if !testdb.Postgres() {
		if r := c.Post("/admin/quick", form); r.Status != http.StatusSeeOther {
			t.Fatalf("the same form after the import: status %d\n%s", r.Status, handlertest.Trim(r.Body))
		}
	}
	// The import and the quick add are both in the database, the event once.
	if _, err := env.Store.Kind("imported"); err != nil {
		t.Errorf("the import's kind: %v", err)
	}
	e, err := env.Store.EndorserByName("Ada Newcomer")
	if err != nil {
		t.Fatal(err)
	}
	evs, err := env.Store.EndorserEvents(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ev := range evs {
		if ev.EffectiveOn == "2016-08-22" && ev.Action == models.ActionEndorse {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d events of Ada Newcomer endorsing on 2016-08-22, want 1", n)
	}
}
