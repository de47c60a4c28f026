package store_test

import (
	"errors"
	"testing"

	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// TestOpenMigratesWhenTheSchemaChanged: a database whose recorded schema is not the models'
// (an older binary's, say) is migrated on Open; one that records the current schema is opened
// as it stands, which a dropped index shows.
func TestOpenMigratesWhenTheSchemaChanged(t *testing.T) {
	f := newFixture(t)
	f.event("unite", f.a, models.ActionEndorse, "2016-07-05")
	db := testdb.SQL(t, f.dsn)
	duplicate := func(st *store.Store) error {
		return st.CreateEvent(&models.Event{ContestID: f.contest.ID, EndorserID: f.endorser("unite").ID,
			CandidateID: f.a.ID, Action: models.ActionEndorse, EffectiveOn: "2016-07-05"})
	}

	if _, err := db.Exec("DROP INDEX idx_event_live"); err != nil {
		t.Fatal(err)
	}
	// The schema is recorded as current, so Open leaves the database as it is.
	if err := duplicate(testdb.OpenDSN(t, f.dsn)); err != nil {
		t.Fatalf("without idx_event_live and nothing to migrate: %v, want the duplicate written", err)
	}
	if _, err := db.Exec("DELETE FROM events WHERE id = (SELECT MAX(id) FROM events)"); err != nil {
		t.Fatal(err)
	}

	if _, err := db.Exec("UPDATE schema_states SET fingerprint = ?", "an older schema"); err != nil {
		t.Fatal(err)
	}
	if err := duplicate(testdb.OpenDSN(t, f.dsn)); !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("after migrating from an older schema: %v, want ErrDuplicate (idx_event_live made again)", err)
	}
}
