package store_test

import (
	"testing"

	"github.com/backers/backers/internal/testdb"
)

// On PostgreSQL, a rebuild and a check first gather the log's statistics (analyzeLog): without
// them, a contest of 100,000 events written in the same transaction took 91 s to derive,
// against 1.6 s.
func TestDerivationsAnalyzeTheLogOnPostgres(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("PostgreSQL only: SQLite plans without statistics")
	}
	dsn := testdb.DSN(t)
	st := openTestStoreOn(t, dsn)
	db := testdb.SQL(t, dsn)
	analyses := func() int {
		t.Helper()
		var n int
		if err := db.QueryRow(`SELECT analyze_count FROM pg_stat_user_tables WHERE relid = 'events'::regclass`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := analyses()
	if err := st.RebuildDerived(); err != nil {
		t.Fatal(err)
	}
	rebuilt := analyses()
	if rebuilt <= before {
		t.Fatalf("the events were analyzed %d times before the rebuild and %d after", before, rebuilt)
	}
	if _, err := st.CheckDerived(); err != nil {
		t.Fatal(err)
	}
	if checked := analyses(); checked <= rebuilt {
		t.Fatalf("the events were analyzed %d times before the check and %d after", rebuilt, checked)
	}
}
