package store

import (
	"errors"
	"strings"
	"sync/atomic"

	"gorm.io/gorm"
)

// Statements counts what the store has asked the database since it was opened: how many SQL
// statements, and how many of them read the support tables (spans and daily deltas), where
// every as-of aggregate starts. Benchmarks and tests read it around a request to see what the
// request cost, so a page that asks for the same aggregate twice shows it.
type Statements struct {
	SQL     int64
	Support int64
}

// statementCounter is shared by a store and the transactions it opens.
type statementCounter struct{ sql, support atomic.Int64 }

// Statements reports the counts so far.
func (s *Store) Statements() Statements {
	return Statements{SQL: s.counter.sql.Load(), Support: s.counter.support.Load()}
}

// countStatements registers a callback after every kind of statement GORM runs (queries,
// preloads, raw SQL, rows, writes), counting each one that reached the database.
func countStatements(db *gorm.DB, c *statementCounter) error {
	count := func(tx *gorm.DB) {
		if tx.Statement.SQL.Len() == 0 {
			return
		}
		c.sql.Add(1)
		if sql := tx.Statement.SQL.String(); strings.Contains(sql, "support_spans") || strings.Contains(sql, "support_deltas") || strings.Contains(sql, "withdrawn_spans") {
			c.support.Add(1)
		}
	}
	cb := db.Callback()
	return errors.Join(
		cb.Create().After("gorm:create").Register("backers:count", count),
		cb.Query().After("gorm:query").Register("backers:count", count),
		cb.Update().After("gorm:update").Register("backers:count", count),
		cb.Delete().After("gorm:delete").Register("backers:count", count),
		cb.Row().After("gorm:row").Register("backers:count", count),
		cb.Raw().After("gorm:raw").Register("backers:count", count),
	)
}
