// Package store is the one place that talks to the database. Handlers call its methods; they
// never touch GORM. Aggregates and the as-of logic live here, computed in SQL.
package store

import (
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/backers/backers/models"
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
}

// Open opens (creating if need be) the SQLite database at path and migrates its schema.
func Open(path string, log *slog.Logger) (*Store, error) {
	// WAL lets readers proceed while the one writer writes; the busy timeout makes a second
	// writer wait instead of failing; _txlock=immediate takes the write lock when a transaction
	// begins, so a read-then-write transaction cannot fail half-way with "database is locked".
	dsn := "file:" + path + "?_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_txlock=immediate&_synchronous=NORMAL"
	db, err := gorm.Open(sqlite.Open(dsn), &gorm.Config{
		Logger:         slogGormLogger(log),
		TranslateError: true,
	})
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db, now: time.Now, counter: &statementCounter{}}
	if err := countStatements(db, s.counter); err != nil {
		return nil, fmt.Errorf("store: count statements: %w", err)
	}
	if err := db.AutoMigrate(models.All()...); err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	if err := fillNameKeys(db); err != nil {
		return nil, err
	}
	s.version.Store(time.Now().UnixNano())
	// What changed before this process started is unknown, so the data counts as changed now.
	s.modified.Store(time.Now().UnixNano())
	return s, nil
}

// SetClock pins the store's clock (for RecordedAt and audit times); tests use it.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Close closes the database.
func (s *Store) Close() error {
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

// Touch records that the data changed.
func (s *Store) Touch() {
	s.modified.Store(time.Now().UnixNano())
	s.version.Add(1)
}

// Ping checks the database answers.
func (s *Store) Ping() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Ping()
}

// Transaction runs fn inside one transaction with a store bound to it.
func (s *Store) Transaction(fn func(tx *Store) error) error {
	err := s.db.Transaction(func(db *gorm.DB) error {
		return fn(&Store{db: db, now: s.now, counter: s.counter})
	})
	if err == nil {
		s.Touch()
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

func (s *Store) count(model any, where string, args ...any) (int64, error) {
	var n int64
	if err := s.db.Model(model).Where(where, args...).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return n, nil
}

// create inserts one record and marks the data changed.
func (s *Store) create(what string, v any) error {
	if err := s.db.Create(v).Error; err != nil {
		return fmt.Errorf("store: create %s: %w", what, err)
	}
	s.Touch()
	return nil
}
