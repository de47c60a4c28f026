package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/backers/backers/models"
)

// TestCheckpointsApart checks that a SQLite store's connections checkpoint on commit only once
// the log is large, and that what a small write commits still reaches the database file while
// the store stays open: the store checkpoints its log itself, off the write path.
func TestCheckpointsApart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "backers.db")
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sqlDB, err := st.db.DB()
	if err != nil {
		t.Fatal(err)
	}
	// Two connections at once, so the pool cannot hand the same one back.
	ctx := context.Background()
	for range 2 {
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var pages int
		if err := conn.QueryRowContext(ctx, "PRAGMA wal_autocheckpoint").Scan(&pages); err != nil {
			t.Fatal(err)
		}
		if pages != walPagesBound {
			t.Fatalf("a connection checkpoints every %d pages on commit, want %d", pages, walPagesBound)
		}
	}

	c := &models.Contest{Slug: "checkpointed", Title: "Checkpointed"}
	if err := st.CreateContest(c); err != nil {
		t.Fatal(err)
	}
	// One small commit is far short of the pages that make a commit checkpoint; the contest is
	// in the database file, read without the log, once the store's own checkpoint has run.
	deadline := time.Now().Add(10 * checkpointEvery)
	for {
		if fileHoldsContest(t, path, dir, c.Slug) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the contest written %s ago is still only in the write-ahead log", 10*checkpointEvery)
		}
		time.Sleep(checkpointEvery / 10)
	}
}

// fileHoldsContest reports whether a copy of the database file alone, without its log, holds
// the contest of slug.
func fileHoldsContest(t *testing.T, path, dir, slug string) bool {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "file-only.db")
	os.Remove(copyPath + "-wal")
	if err := os.WriteFile(copyPath, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+copyPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The schema, written by the store's migration, may itself be only in the log yet.
	var n int
	err = db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'contests'`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		return false
	}
	if err := db.QueryRow("SELECT COUNT(*) FROM contests WHERE slug = ?", slug).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}
