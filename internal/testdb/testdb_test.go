package testdb_test

import (
	"os"
	"strings"
	"testing"

	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
)

// TestEachTestHasItsOwnDatabase: two tests' databases are apart, each starts migrated and empty,
// and each is gone once its test has ended.
func TestEachTestHasItsOwnDatabase(t *testing.T) {
	var dsns []string
	for _, name := range []string{"first", "second"} {
		t.Run(name, func(t *testing.T) {
			dsn := testdb.DSN(t)
			dsns = append(dsns, dsn)
			st := testdb.OpenDSN(t, dsn)
			if _, err := st.Kind("mp"); err == nil {
				t.Fatal("a new database already holds a kind from another test")
			}
			if _, _, err := st.EnsureKind(models.Kind{Slug: "mp", Name: "MP"}); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := testdb.SQL(t, dsn).QueryRow("SELECT COUNT(*) FROM kinds WHERE slug = ?", "mp").Scan(&n); err != nil || n != 1 {
				t.Fatalf("a plain connection counts %d kinds (err %v), want 1", n, err)
			}
		})
	}
	if dsns[0] == dsns[1] {
		t.Fatalf("both tests got %s", dsns[0])
	}
	for _, dsn := range dsns {
		if !testdb.Postgres() {
			if _, err := os.Stat(dsn); !os.IsNotExist(err) {
				t.Errorf("%s outlived its test (stat: %v)", dsn, err)
			}
			continue
		}
		name := dsn[strings.LastIndex(dsn, "/")+1:]
		name, _, _ = strings.Cut(name, "?")
		var n int
		if err := testdb.SQL(t, os.Getenv(testdb.EnvPostgres)).QueryRow("SELECT COUNT(*) FROM pg_database WHERE datname = ?", name).Scan(&n); err != nil || n != 0 {
			t.Errorf("database %s outlived its test (%d found, err %v)", name, n, err)
		}
	}
}
