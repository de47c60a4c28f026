package store

import "fmt"

// bulkCacheKiB is the page cache, in KiB, of a SQLite connection while its transaction writes
// in bulk (WritesInBulk): 64 MiB, against SQLite's 2 MiB.
const bulkCacheKiB = 64 << 10

// WritesInBulk tells the transaction s is bound to that it writes many rows: an import, a
// seed, a rebuild. On SQLite its connection's page cache grows to bulkCacheKiB until the
// transaction ends, then goes back to what it was. Such a transaction inserts into several
// wide indexes (the events', the spans') in no one order; with the default cache each insert
// read back pages it had itself just pushed out (importing 100,000 rows: 8.7 to 9.8 s,
// against 7.0 to 7.4 s with it, BENCHMARKS.md). Only one connection writes at a time, so only
// one holds the larger cache. PostgreSQL's buffers are the server's own, so there it does
// nothing. Outside a transaction it does nothing either.
func (s *Store) WritesInBulk() error {
	if s.dialect == DialectPostgres || s.pending == nil || s.pending.cacheBefore != nil {
		return nil
	}
	var before int
	if err := s.db.Raw("PRAGMA cache_size").Scan(&before).Error; err != nil {
		return fmt.Errorf("store: page cache: %w", err)
	}
	if err := s.db.Exec(fmt.Sprintf("PRAGMA cache_size = %d", -bulkCacheKiB)).Error; err != nil {
		return fmt.Errorf("store: page cache: %w", err)
	}
	s.pending.cacheBefore = &before
	return nil
}

// endBulk gives the transaction's connection back the page cache it had before WritesInBulk,
// before the connection goes back to the pool: called last in the outer transaction, whether
// it commits or not.
func (s *Store) endBulk() {
	if s.pending.cacheBefore == nil {
		return
	}
	// The store's own number, not user text.
	if err := s.db.Exec(fmt.Sprintf("PRAGMA cache_size = %d", *s.pending.cacheBefore)).Error; err != nil {
		s.log.Warn("store: could not shrink the page cache after a bulk write", "err", err)
	}
	s.pending.cacheBefore = nil
}
