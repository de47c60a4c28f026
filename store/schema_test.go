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

// TestOpenDropsSupersededIndexes: a database an older binary migrated has the one-column
// indexes on an endorser's kind and region, which the kind's and region's name-ordered indexes
// replace; migrating drops them, so no write keeps an index nothing reads.
func TestOpenDropsSupersededIndexes(t *testing.T) {
	f := newFixture(t)
	db := testdb.SQL(t, f.dsn)
	indexes := func() map[string]bool {
		q := "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'endorsers'"
		if testdb.Postgres() {
			q = "SELECT indexname FROM pg_indexes WHERE tablename = 'endorsers'"
		}
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]bool{}
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				t.Fatal(err)
			}
			out[name] = true
		}
		return out
	}
	for _, stmt := range []string{
		"CREATE INDEX idx_endorsers_kind_id ON endorsers (kind_id)",
		"CREATE INDEX idx_endorsers_region ON endorsers (region)",
		"UPDATE schema_states SET fingerprint = 'an older schema'",
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	testdb.OpenDSN(t, f.dsn)
	got := indexes()
	for _, gone := range []string{"idx_endorsers_kind_id", "idx_endorsers_region"} {
		if got[gone] {
			t.Errorf("after migrating, %s is still there: %v", gone, got)
		}
	}
	for _, kept := range []string{"idx_endorser_kind_name", "idx_endorser_region_name", "idx_endorsers_name_key"} {
		if !got[kept] {
			t.Errorf("after migrating, %s is missing: %v", kept, got)
		}
	}
}
