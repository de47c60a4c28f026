package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// Several instances of the app (behind a load balancer, on one PostgreSQL database) and the
// command line (`backers import` beside a running server) write to one database, while each
// server keeps answers in memory keyed by Version. So every write also bumps a row of
// data_versions in its own transaction, and each server watches that row: on PostgreSQL it
// LISTENs for the NOTIFY a write sends at commit and polls as well, because notifications are
// lost while the listening connection is down and never pass a transaction-mode pooler; on
// SQLite it polls, a read of one row of a file already in the page cache.

// WatchInterval is how often Watch reads the version row: a write made anywhere reaches this
// store's Version within about this long, well inside a second.
const WatchInterval = 200 * time.Millisecond

// changesChannel is the PostgreSQL notification channel writes announce themselves on.
const changesChannel = "backers_changes"

// ensureVersionRow creates the whole-database row of data_versions if it is not there.
func ensureVersionRow(db *gorm.DB, now time.Time) error {
	err := db.Exec(`INSERT INTO data_versions (contest_id, version, changed_at) VALUES (0, 0, ?)
		ON CONFLICT (contest_id) DO NOTHING`, now).Error
	if err != nil {
		return fmt.Errorf("store: data version row: %w", err)
	}
	return nil
}

// bumpVersion counts one write in data_versions and, on PostgreSQL, announces it; inside a
// transaction the announcement is delivered when it commits, and not at all if it rolls back.
// It returns the new version.
func bumpVersion(db *gorm.DB, dialect string, now time.Time) (int64, error) {
	var v int64
	err := db.Raw(`UPDATE data_versions SET version = version + 1, changed_at = ? WHERE contest_id = 0
		RETURNING version`, now).Scan(&v).Error
	if err != nil {
		return 0, fmt.Errorf("store: bump data version: %w", err)
	}
	if dialect == DialectPostgres {
		if err := db.Exec("SELECT pg_notify(?, ?)", changesChannel, strconv.FormatInt(v, 10)).Error; err != nil {
			return 0, fmt.Errorf("store: announce data version: %w", err)
		}
	}
	return v, nil
}

// storedVersion reads the whole-database version.
func storedVersion(db *gorm.DB) (int64, error) {
	var v int64
	if err := db.Raw("SELECT version FROM data_versions WHERE contest_id = 0").Scan(&v).Error; err != nil {
		return 0, fmt.Errorf("store: read data version: %w", err)
	}
	return v, nil
}

// seenVersion records that the data reached stored version v: a write through this store (which
// has already marked itself changed) or one seen by Watch. It reports whether v is news.
func (s *Store) seenVersion(v int64) bool {
	for {
		old := s.seen.Load()
		if v <= old {
			return false
		}
		if s.seen.CompareAndSwap(old, v) {
			return true
		}
	}
}

// markChanged moves Version and LastModified on, and every contest's version with them (what
// another instance wrote is not known here), so every cached answer is recomputed.
func (s *Store) markChanged() { s.commitScope(&scope{all: true}) }

// Watch keeps Version and LastModified in step with writes made through other stores on the
// same database (other instances, other processes) until ctx is done. A server runs it for as
// long as it serves; commands that only write do not need it.
func (s *Store) Watch(ctx context.Context) {
	var wake <-chan struct{}
	if s.dialect == DialectPostgres {
		wake = s.listen(ctx)
	}
	tick := time.NewTicker(WatchInterval)
	defer tick.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-wake:
		}
		v, err := storedVersion(s.db.WithContext(ctx))
		if err != nil {
			if !failing && ctx.Err() == nil {
				s.log.Warn("watching for other instances' writes", "err", err)
			}
			failing = true
			continue
		}
		failing = false
		if s.seenVersion(v) {
			s.markChanged()
		}
	}
}

// listen LISTENs on a connection of its own and signals on the returned channel when a write
// is announced, reconnecting after a failure; polling covers what it misses meanwhile.
func (s *Store) listen(ctx context.Context) <-chan struct{} {
	wake := make(chan struct{}, 1)
	go func() {
		for ctx.Err() == nil {
			err := s.listenOnce(ctx, wake)
			if ctx.Err() != nil {
				return
			}
			s.log.Warn("listening for other instances' writes; polling meanwhile", "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
	}()
	return wake
}

// listenOnce connects, LISTENs and forwards notifications until the connection fails.
func (s *Store) listenOnce(ctx context.Context, wake chan<- struct{}) error {
	conn, err := pgx.Connect(ctx, s.dsn)
	if err != nil {
		return fmt.Errorf("store: listen: connect: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		return fmt.Errorf("store: listen: %w", err)
	}
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("store: listen: wait: %w", err)
		}
		select {
		case wake <- struct{}{}:
		default: // a wake-up is already pending; it reads the latest version anyway
		}
	}
}
