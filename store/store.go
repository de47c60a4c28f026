// Package store is the one place that talks to the database. Handlers call its methods; they
// never touch GORM. Aggregates and the as-of logic live here, computed in SQL.
package store

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// ErrNotFound is the one way the store says a record is not there.
var ErrNotFound = errors.New("not found")

// Store wraps the database. It is safe for concurrent use.
type Store struct {
	db *gorm.DB
	// version changes on every write, so caches keyed by it are invalidated at once.
	version atomic.Int64
	// modified is when the data last changed (Unix nanoseconds, wall clock): HTTP Last-Modified.
	modified atomic.Int64
	now      func() time.Time
	counter  *statementCounter
	// pending is, inside a transaction, the derived rows its writes made stale and the
	// contests they reached; nil outside.
	pending *pendingDerived
	// versions are the contests' data versions (contest_versions.go), kept by the store
	// outside any transaction.
	versions versions
	dialect  string
	// seen is the highest data_versions count this store has seen, written or watched.
	seen atomic.Int64
	// inTx marks a store bound to a transaction: Transaction counts its writes at the commit.
	inTx bool
	dsn  string
	log  *slog.Logger
	// largeSpans is how many support spans make a contest large (standingSized).
	largeSpans int
	// rareSearch is how many endorsers may hold a search's rarest trigram for the table to
	// find them first (rarestTrigram); tests change it.
	rareSearch int
	// nameWalk, when set (by tests), fixes the plan of the table sorted by name (currentByName).
	nameWalk *bool
	// walkCap, when set (by tests), fixes the plan of a large contest's table page (walkPlan):
	// walk visiting at most this many spans or endorsers, or sort where it is 0.
	walkCap *int
	// checkpoints checkpoints a SQLite store's write-ahead log (checkpoint.go); nil on
	// PostgreSQL.
	checkpoints *checkpointer
}

// Open opens the database named by dsn and migrates its schema: a postgres:// (or
// postgresql://) URL is a PostgreSQL database, anything else the path of a SQLite file, created
// if need be. Each dialect is tuned in its own branch; the rest of the store is the same for both.
func Open(dsn string, log *slog.Logger) (*Store, error) {
	dialect := DialectOf(dsn)
	var dialector gorm.Dialector
	switch dialect {
	case DialectPostgres:
		dialector = postgres.Open(dsn)
	default:
		// WAL lets readers proceed while the one writer writes; the busy timeout makes a second
		// writer wait instead of failing; _txlock=immediate takes the write lock when a
		// transaction begins, so a read-then-write transaction cannot fail half-way with
		// "database is locked".
		// Its connections checkpoint on commit only when the log is large: the store does,
		// apart (checkpoint.go).
		dialector = sqlite.New(sqlite.Config{DriverName: sqliteDriver,
			DSN: "file:" + dsn + "?_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_txlock=immediate&_synchronous=NORMAL"})
	}
	db, err := gorm.Open(dialector, &gorm.Config{
		Logger:         slogGormLogger(log),
		TranslateError: true,
	})
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", RedactDSN(dsn), err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", RedactDSN(dsn), err)
	}
	var checkpoints *checkpointer
	if dialect == DialectPostgres {
		// Connections are a server's scarce resource shared by every instance: a bounded pool
		// per instance, with idle ones kept for the next burst rather than reopened.
		sqlDB.SetMaxOpenConns(16)
		sqlDB.SetMaxIdleConns(8)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	} else {
		checkpoints = startCheckpoints(sqlDB, checkpointEvery)
	}
	if err := reportConflicts(db); err != nil {
		checkpoints.close()
		sqlDB.Close()
		return nil, fmt.Errorf("store: open %s: %w", RedactDSN(dsn), err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{db: db, now: time.Now, dialect: dialect, dsn: dsn, log: log, counter: &statementCounter{}, largeSpans: largeSpans, rareSearch: rareSearch,
		checkpoints: checkpoints}
	if err := countStatements(db, s.counter); err != nil {
		return nil, fmt.Errorf("store: count statements: %w", err)
	}
	if err := keepTrigrams(db); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: keep trigrams: %w", err)
	}
	if err := migrate(db, dialect); err != nil {
		s.Close()
		return nil, err
	}
	if err := fillNameKeys(db); err != nil {
		s.Close()
		return nil, err
	}
	if err := ensureVersionRow(db, time.Now().UTC()); err != nil {
		s.Close()
		return nil, err
	}
	v, err := storedVersion(db)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.seen.Store(v)
	if err := s.ensureDerived(); err != nil {
		s.Close()
		return nil, err
	}
	s.version.Store(time.Now().UnixNano())
	// What changed before this process started is unknown, so the data counts as changed now.
	s.modified.Store(time.Now().UnixNano())
	s.versions = versions{epoch: contestStamp{version: s.version.Load(), modified: s.modified.Load()},
		contests: map[uint]contestStamp{}, slugs: map[string]uint{}}
	return s, nil
}

// Dialects the store speaks.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// DialectOf says which database a DSN names: PostgreSQL for a postgres:// or postgresql:// URL,
// SQLite (a file path) for anything else.
func DialectOf(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return DialectPostgres
	}
	return DialectSQLite
}

// Dialect is the database the store is open on: DialectSQLite or DialectPostgres.
func (s *Store) Dialect() string { return s.dialect }

// RedactDSN is dsn with a URL's password hidden, for errors and log lines.
func RedactDSN(dsn string) string {
	if DialectOf(dsn) != DialectPostgres {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	return u.Redacted()
}

// SetClock pins the store's clock (for RecordedAt and audit times); tests use it.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Close closes the database.
func (s *Store) Close() error {
	s.checkpoints.close()
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Version identifies the current state of the data; it changes on every write through the store.
func (s *Store) Version() int64 { return s.version.Load() }

// LastModified is when the data last changed through this store (or when it was opened). It is
// wall-clock time, not the store's clock, because HTTP caches compare it with real time.
func (s *Store) LastModified() time.Time { return time.Unix(0, s.modified.Load()) }

// Touch records that the data changed in a way that may reach any contest's pages: in this
// process at once, and for every other instance watching the database through data_versions.
// Inside Transaction it waits for the commit.
func (s *Store) Touch() {
	if s.inTx {
		if s.pending != nil {
			s.pending.scope.all = true
		}
		return
	}
	v, err := bumpVersion(s.db, s.dialect, time.Now().UTC())
	if err != nil {
		// The write itself is done; other instances learn of it at the next write instead.
		s.log.Warn("the other instances may not see this write yet", "err", err)
	}
	s.seenVersion(v)
	s.commitScope(&scope{all: true})
}

// Ping checks the database answers.
func (s *Store) Ping() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Ping()
}

// Transaction runs fn inside one transaction with a store bound to it, and counts it as one
// write in data_versions. Before it commits, it brings the derived tables up to date with what
// fn wrote, so they never disagree with the log a reader sees. Nested, it runs inside the outer
// transaction, which does all that once for both. Once it has committed, the store's version
// changes, and so do the versions of the contests the writes reached (ContestVersion).
func (s *Store) Transaction(fn func(tx *Store) error) error {
	pending, outer := s.pending, s.pending == nil
	if outer {
		pending = &pendingDerived{}
	}
	var version int64
	err := s.db.Transaction(func(db *gorm.DB) error {
		tx := &Store{db: db, now: s.now, dialect: s.dialect, inTx: true, dsn: s.dsn, log: s.log, pending: pending, counter: s.counter,
			largeSpans: s.largeSpans, rareSearch: s.rareSearch}
		if outer {
			defer tx.endBulk()
		}
		if err := fn(tx); err != nil {
			return err
		}
		if !outer {
			return nil
		}
		if err := tx.flushDerived(); err != nil {
			return err
		}
		// Counted last, just before the commit: the row stays locked only until the commit, so
		// on PostgreSQL a long import does not hold up other writers while it runs.
		var err error
		version, err = bumpVersion(db, s.dialect, time.Now().UTC())
		return err
	})
	// BEGIN IMMEDIATE is where SQLite makes a writer wait for another's transaction to end.
	err = conflict(err)
	if err == nil && outer {
		s.seenVersion(version)
		s.commitScope(&pending.scope)
	}
	return err
}

// ErrBusy says a write could not wait any longer for the database: on SQLite, which has one
// writer at a time, a long write (an import, in practice) held it for longer than the busy
// timeout. Nothing of the refused write was saved; trying again shortly succeeds.
var ErrBusy = errors.New("an import is running, try again shortly")

// reportConflicts makes every write the database refuses for breaking a unique index (a slug
// taken, an e-mail address in use, a live event recorded twice) fail with ErrDuplicate, which
// forms and imports turn into their "already recorded" message, and every write that timed out
// waiting for SQLite's write lock fail with ErrBusy. The check a method may make before
// writing is a courtesy; the index is what holds when two writers race, on any instance.
func reportConflicts(db *gorm.DB) error {
	mark := func(tx *gorm.DB) { tx.Error = conflict(tx.Error) }
	cb := db.Callback()
	for _, err := range []error{
		cb.Create().After("gorm:create").Register("backers:conflicts", mark),
		cb.Update().After("gorm:update").Register("backers:conflicts", mark),
		cb.Delete().After("gorm:delete").Register("backers:conflicts", mark),
		cb.Raw().After("gorm:raw").Register("backers:conflicts", mark),
	} {
		if err != nil {
			return fmt.Errorf("conflict callback: %w", err)
		}
	}
	return nil
}

// conflict marks err as ErrDuplicate or ErrBusy where it is one, keeping the database's words.
func conflict(err error) error {
	var se sqlite3.Error
	switch {
	case err == nil || errors.Is(err, ErrDuplicate) || errors.Is(err, ErrBusy):
		return err
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return fmt.Errorf("%w: %w", ErrDuplicate, err)
	case errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked):
		return fmt.Errorf("%w: %w", ErrBusy, err)
	}
	return err
}

func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	return err
}

func slogGormLogger(log *slog.Logger) logger.Interface {
	if log == nil {
		return logger.Discard
	}
	return logger.New(slogWriter{log}, logger.Config{
		SlowThreshold:             500 * time.Millisecond,
		LogLevel:                  logger.Warn,
		IgnoreRecordNotFoundError: true,
	})
}

type slogWriter struct{ log *slog.Logger }

func (w slogWriter) Printf(format string, args ...any) {
	w.log.Warn("gorm", "msg", fmt.Sprintf(format, args...))
}

// gormDB shortens the type in Preload callbacks.
type gormDB = gorm.DB

// create inserts one record and marks the data changed.
func (s *Store) create(what string, v any) error {
	if err := s.db.Create(v).Error; err != nil {
		return fmt.Errorf("store: create %s: %w", what, err)
	}
	s.Touch()
	return nil
}

// exists reports whether any row of model matches the condition. It stops at the first row it
// finds, where a count would read every match (all of a contest's events, for one question).
func (s *Store) exists(model any, where string, args ...any) (bool, error) {
	var found []int
	if err := s.db.Model(model).Select("1").Where(where, args...).Limit(1).Scan(&found).Error; err != nil {
		return false, fmt.Errorf("store: exists: %w", err)
	}
	return len(found) > 0, nil
}

func (s *Store) count(model any, where string, args ...any) (int64, error) {
	var n int64
	if err := s.db.Model(model).Where(where, args...).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return n, nil
}

// optionalID matches a nullable foreign key, where nil means "none" (the undeclared).
func optionalID(column string, id *uint) (string, []any) {
	if id == nil {
		return column + " IS NULL", nil
	}
	return column + " = ?", []any{*id}
}

// fillEmpty sets column to value on the rows of model matching where, only where the column is
// still empty (NULL, or ” for text): how an upgrade gives records an older seed wrote the
// fields it lacked, without touching a value anyone has set since. It reports how many rows
// it changed, and marks the data changed when it did.
func (s *Store) fillEmpty(model any, where string, args []any, column string, value any, text bool) (int64, error) {
	empty := column + " IS NULL"
	if text {
		empty = "(" + column + " IS NULL OR " + column + " = '')"
	}
	res := s.db.Model(model).Where(where, args...).Where(empty).Update(column, value)
	if res.Error != nil {
		return 0, fmt.Errorf("store: fill %s: %w", column, res.Error)
	}
	if res.RowsAffected > 0 {
		s.Touch()
	}
	return res.RowsAffected, nil
}
