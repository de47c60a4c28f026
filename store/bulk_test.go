package store

import (
	"errors"
	"path/filepath"
	"testing"
)

// TestWritesInBulk checks that a bulk transaction's SQLite connection holds the larger page
// cache while it writes, and that the connection goes back to the pool with the cache it had,
// whether the transaction commits or fails.
func TestWritesInBulk(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "backers.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sqlDB, err := st.db.DB()
	if err != nil {
		t.Fatal(err)
	}
	// One connection, so what the pool hands out after a transaction is the one it wrote on.
	sqlDB.SetMaxOpenConns(1)
	cacheOf := func(s *Store) int {
		t.Helper()
		var kib int
		if err := s.db.Raw("PRAGMA cache_size").Scan(&kib).Error; err != nil {
			t.Fatal(err)
		}
		return kib
	}
	before := cacheOf(st)
	if before == -bulkCacheKiB {
		t.Fatalf("the pool's connection already holds the bulk cache (%d)", before)
	}
	failed := errors.New("the import found a bad row")
	for _, fail := range []bool{false, true} {
		var during int
		err := st.Transaction(func(tx *Store) error {
			if err := tx.WritesInBulk(); err != nil {
				return err
			}
			// Asked twice (a seed inside an import, say), it keeps the first cache to go back to.
			if err := tx.WritesInBulk(); err != nil {
				return err
			}
			during = cacheOf(tx)
			if fail {
				return failed
			}
			return nil
		})
		if fail && !errors.Is(err, failed) || !fail && err != nil {
			t.Fatalf("transaction (failing %v): %v", fail, err)
		}
		if during != -bulkCacheKiB {
			t.Errorf("failing %v: page cache during the bulk write %d, want %d", fail, during, -bulkCacheKiB)
		}
		if after := cacheOf(st); after != before {
			t.Errorf("failing %v: page cache after the bulk write %d, want %d as before", fail, after, before)
		}
	}
	// Outside a transaction it changes nothing.
	if err := st.WritesInBulk(); err != nil {
		t.Fatal(err)
	}
	if got := cacheOf(st); got != before {
		t.Errorf("page cache after WritesInBulk outside a transaction %d, want %d", got, before)
	}
}
