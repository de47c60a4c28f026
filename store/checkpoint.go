package store

import (
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
)

// SQLite in WAL mode appends each commit to the write-ahead log and, by default, has the
// committing connection copy the log back into the database file (a checkpoint, with an fsync)
// once it passes 1,000 pages. A quick add rewrites its endorser's spans and their indexes, some
// hundred pages, so every ninth or so paid for a checkpoint: 50 to 70 ms at 1,000,000 events
// against 6 to 10 ms for the rest. Here a goroutine of the store checkpoints the log every
// checkpointEvery instead (a PASSIVE one, which waits for no reader or writer), so no request
// pays for it. Writes back to back (a generator, a bulk load) would outrun it, each starting
// before the log was all copied back, and the log would grow without end; so a connection
// still checkpoints on commit, as a bound, once the log holds walPagesBound pages. The last
// connection to close checkpoints what is left, as SQLite always does.

// sqliteDriver is the name of mattn's SQLite driver with each new connection's automatic
// checkpoint moved out to walPagesBound.
const sqliteDriver = "sqlite3_backers"

// walPagesBound is how many pages (of 4 KiB) the log may hold before a commit checkpoints it:
// ten times SQLite's default, a hundred quick adds, which the store's checkpoints every second
// keep it far below at any rate of editing by hand.
const walPagesBound = 10000

// checkpointEvery is how often an open SQLite store checkpoints its write-ahead log: the log
// holds about a second's writes.
var checkpointEvery = time.Second

func init() {
	sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec(fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", walPagesBound), nil)
		return err
	}})
}

// checkpointer checkpoints a SQLite store's write-ahead log in the background until stopped.
type checkpointer struct {
	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

// startCheckpoints starts checkpointing db's log every interval.
func startCheckpoints(db *sql.DB, every time.Duration) *checkpointer {
	c := &checkpointer{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-c.stop:
				return
			case <-tick.C:
				// A failure (the disk full, say) is SQLite's to report on the next write;
				// the log then grows until a checkpoint succeeds.
				_, _ = db.Exec("PRAGMA wal_checkpoint(PASSIVE)")
			}
		}
	}()
	return c
}

// close stops the checkpoints and waits for one under way; it may be called more than once.
func (c *checkpointer) close() {
	if c == nil {
		return
	}
	c.stopOnce.Do(func() { close(c.stop) })
	<-c.done
}
