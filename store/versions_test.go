package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// waitFor polls cond until it holds or a second has passed: a write through one instance must
// reach the others within a second.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after a second: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// watchedPair opens two stores on one database, the second watching for the first one's writes.
func watchedPair(t *testing.T) (writer, watcher *store.Store) {
	dsn := testdb.DSN(t)
	writer, watcher = testdb.OpenDSN(t, dsn), testdb.OpenDSN(t, dsn)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { watcher.Watch(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return writer, watcher
}

func TestWatchSeesAnotherStoresWrites(t *testing.T) {
	writer, watcher := watchedPair(t)

	before := watcher.Version()
	if _, _, err := writer.EnsureKind(models.Kind{Slug: "mp", Name: "MP"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a write outside a transaction did not change the watcher's version", func() bool {
		return watcher.Version() != before
	})
	if _, err := watcher.Kind("mp"); err != nil {
		t.Fatalf("the watcher reads the written kind: %v", err)
	}

	before = watcher.Version()
	err := writer.Transaction(func(tx *store.Store) error {
		_, _, err := tx.EnsureKind(models.Kind{Slug: "clp", Name: "Constituency Labour Party"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a committed transaction did not change the watcher's version", func() bool {
		return watcher.Version() != before
	})
}

func TestRolledBackTransactionCountsNoWrite(t *testing.T) {
	writer, watcher := watchedPair(t)
	before := writer.Version()
	failed := errors.New("changed my mind")
	err := writer.Transaction(func(tx *store.Store) error {
		if _, _, err := tx.EnsureKind(models.Kind{Slug: "mp", Name: "MP"}); err != nil {
			return err
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("Transaction = %v, want %v", err, failed)
	}
	if writer.Version() != before {
		t.Error("a rolled-back transaction changed the writer's version")
	}
	// A write after it is seen, and so is only its own effect: the kind never written is not there.
	after := watcher.Version()
	if _, _, err := writer.EnsureKind(models.Kind{Slug: "clp", Name: "Constituency Labour Party"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the watcher did not see the write after a rollback", func() bool { return watcher.Version() != after })
	if _, err := watcher.Kind("mp"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("kind from the rolled-back transaction: err = %v, want ErrNotFound", err)
	}
}

// TestWatchPollsWhenNotificationsAreLost ends the PostgreSQL listener's connection, as a restart
// or a transaction-mode pooler would, and still sees the next write: polling covers it.
func TestWatchPollsWhenNotificationsAreLost(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("LISTEN/NOTIFY is PostgreSQL's; SQLite is polled only")
	}
	dsn := testdb.DSN(t)
	writer, watcher := testdb.OpenDSN(t, dsn), testdb.OpenDSN(t, dsn)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { watcher.Watch(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	db := testdb.SQL(t, dsn)
	var listeners int64
	waitFor(t, "no connection LISTENs", func() bool {
		if err := db.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity
			WHERE datname = current_database() AND query LIKE 'LISTEN%'`).Scan(&listeners); err != nil {
			t.Fatal(err)
		}
		return listeners == 1
	})
	var ended int64
	if err := db.QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN%'`).Scan(&ended); err != nil || ended != 1 {
		t.Fatalf("ending the listener: %d ended, err %v", ended, err)
	}
	before := watcher.Version()
	if _, _, err := writer.EnsureKind(models.Kind{Slug: "mp", Name: "MP"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a write while the listener was down did not reach the watcher", func() bool {
		return watcher.Version() != before
	})
}
