// Package testdb gives every test a fresh database of its own, so the whole suite runs on each
// dialect the store speaks: a SQLite file in t.TempDir() by default or, when the environment
// variable BACKERS_TEST_POSTGRES holds the URL of a PostgreSQL server's database (any database
// the user may connect to and create others from), a new database on that server, created for
// the test and dropped when it ends. scripts/pgtmp.sh starts a throwaway server and prints a URL.
// A test's database is a copy of a migrated template (backers_tpl_ and the schema's fingerprint)
// that stays on the server for later runs.
package testdb

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	// The pgx driver under database/sql: the one gorm.io/driver/postgres uses too.
	_ "github.com/jackc/pgx/v5/stdlib"
	// The SQLite driver gorm.io/driver/sqlite uses, for plain connections to a test's file.
	_ "github.com/mattn/go-sqlite3"

	"github.com/backers/backers/store"
)

// EnvPostgres names the environment variable that selects PostgreSQL for the tests.
const EnvPostgres = "BACKERS_TEST_POSTGRES"

// Postgres reports whether the tests run on PostgreSQL.
func Postgres() bool { return os.Getenv(EnvPostgres) != "" }

// DSN creates a new, empty database for t and returns what store.Open and the -db flag take: a
// file path or a postgres:// URL. The database is removed when the test ends, after the
// cleanups registered later (closing a store opened on it) have run.
func DSN(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgres)
	if admin == "" {
		return filepath.Join(t.TempDir(), "test.db")
	}
	u, err := url.Parse(admin)
	if err != nil || store.DialectOf(admin) != store.DialectPostgres {
		t.Fatalf("testdb: %s=%q is not a postgres:// URL", EnvPostgres, admin)
	}
	server, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("testdb: connect to %s: %v", u.Redacted(), err)
	}
	defer server.Close()
	tpl, err := template(server, u)
	if err != nil {
		t.Fatalf("testdb: template database on %s: %v", u.Redacted(), err)
	}
	name := newName()
	if _, err := server.Exec("CREATE DATABASE " + name + " TEMPLATE " + tpl); err != nil {
		t.Fatalf("testdb: create database on %s: %v", u.Redacted(), err)
	}
	t.Cleanup(func() {
		server, err := sql.Open("pgx", admin)
		if err != nil {
			t.Errorf("testdb: connect to drop %s: %v", name, err)
			return
		}
		defer server.Close()
		// FORCE ends connections a failed test left open, so no database outlives its test.
		if _, err := server.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("testdb: drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// Open opens a store on a new database for t (migrated, empty) and closes it when the test ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	return OpenDSN(t, DSN(t))
}

// OpenDSN opens a store on dsn (from DSN) and closes it when the test ends: for tests that also
// hand the same database to a command or a second instance.
func OpenDSN(t testing.TB, dsn string) *store.Store {
	t.Helper()
	st, err := store.Open(dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// DB is a plain database/sql connection to a test's database, beside the store, for assertions
// on what the database holds. Its Exec, Query and QueryRow take ? placeholders on both dialects.
type DB struct {
	*sql.DB
	postgres bool
}

// SQL opens a plain connection to dsn (from DSN), closed when the test ends.
func SQL(t testing.TB, dsn string) DB {
	t.Helper()
	var db *sql.DB
	var err error
	postgres := store.DialectOf(dsn) == store.DialectPostgres
	if postgres {
		db, err = sql.Open("pgx", dsn)
	} else {
		db, err = sql.Open("sqlite3", "file:"+dsn+"?_busy_timeout=10000")
	}
	if err != nil {
		t.Fatalf("testdb: open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	return DB{DB: db, postgres: postgres}
}

// QueryRow runs a query expected to return at most one row.
func (db DB) QueryRow(query string, args ...any) *sql.Row {
	return db.DB.QueryRow(db.rebind(query), args...)
}

// Query runs a query that returns rows.
func (db DB) Query(query string, args ...any) (*sql.Rows, error) {
	return db.DB.Query(db.rebind(query), args...)
}

// Exec runs a statement.
func (db DB) Exec(query string, args ...any) (sql.Result, error) {
	return db.DB.Exec(db.rebind(query), args...)
}

// rebind turns ? placeholders outside quoted strings into PostgreSQL's $1, $2...
func (db DB) rebind(query string) string {
	if !db.postgres {
		return query
	}
	var b strings.Builder
	n, quoted := 0, false
	for _, r := range query {
		switch {
		case r == '\'':
			quoted = !quoted
		case r == '?' && !quoted:
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// template returns the name of a database migrated to this binary's schema, made once per
// schema (named by store.SchemaFingerprint) and kept on the server for later runs, so that a
// test's database is a copy of it rather than a migration of its own: on PostgreSQL migrating
// costs more than copying. Two processes making it at once both build one; the first to take
// the name keeps it and the other drops its own.
func template(server *sql.DB, admin *url.URL) (string, error) {
	tpl := "backers_tpl_" + store.SchemaFingerprint()[:16]
	exists := func() (bool, error) {
		var n int
		err := server.QueryRow("SELECT COUNT(*) FROM pg_database WHERE datname = $1", tpl).Scan(&n)
		return n == 1, err
	}
	if ok, err := exists(); err != nil || ok {
		return tpl, err
	}
	building := newName()
	// template0 rather than template1: a connection to template1 elsewhere would make CREATE
	// DATABASE fail, and nothing of ours lives in either.
	if _, err := server.Exec("CREATE DATABASE " + building + " TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		return "", err
	}
	u := *admin
	u.Path = "/" + building
	st, err := store.Open(u.String(), nil)
	if err == nil {
		err = st.Close()
	}
	if err == nil {
		_, err = server.Exec("ALTER DATABASE " + building + " RENAME TO " + tpl)
		if err == nil {
			return tpl, nil
		}
		// Another process may have taken the name first: PostgreSQL says so as "already
		// exists" or, when the two renames race in its catalog, as a unique violation on
		// pg_database. Either way the template is there: use theirs.
		if ok, cerr := exists(); cerr == nil && ok {
			err = nil
		}
	}
	if _, derr := server.Exec("DROP DATABASE IF EXISTS " + building + " WITH (FORCE)"); err == nil {
		err = derr
	}
	return tpl, err
}

// newName is a database name no other test, run or process is using.
func newName() string {
	b := make([]byte, 8)
	rand.Read(b) // never fails: crypto/rand crashes the program rather than return an error
	return "backers_test_" + hex.EncodeToString(b)
}
