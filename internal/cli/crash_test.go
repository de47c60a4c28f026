package cli

import (
	"bufio"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3" // the driver the store uses, for a raw look at the file

	"github.com/backers/backers/store"
)

// childArgsEnv, when set, makes the test binary run the backers command line with these
// arguments (separated by U+001F, as an environment variable cannot hold a NUL) instead of the tests: a real process the crash test can kill.
const childArgsEnv = "BACKERS_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(childArgsEnv); ok {
		os.Exit(Run(strings.Split(args, "\x1f"), os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// An import killed (SIGKILL, no chance to clean up) at any point leaves the database whole,
// with the file's rows all there or none of them: the import is one transaction, and SQLite's
// write-ahead log recovers on the next open. The kills land before the first row, at the
// progress reports after 1,000, 2,000 and 3,000 rows (rows still to write, nothing committed),
// and after the 4,000th and the closing report, when the commit may or may not have happened;
// then a clean import finishes the job.
func TestImportKilledLeavesAllOrNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills import processes")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "backers.db")
	st, err := store.Open(db, nil) // the schema exists before any kill, as on a live site
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	const rows = 4000
	var b strings.Builder
	b.WriteString("contest,contest_title,endorser,kind,candidate,date,source_url,quote\n")
	for i := range rows {
		fmt.Fprintf(&b, "crash-test,Killed import,Endorser %d,Generated,Candidate %d,2020-01-%02d,https://example.org/%d,\"quote %d, with a comma\"\n",
			i, i%3, 1+i%28, i, i)
	}
	file := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	// Progress reports come every 1,000 rows during the write, then once more before the commit.
	for _, killAfter := range []int{0, 1, 2, 3, 4, 5} {
		t.Run(fmt.Sprintf("killed after %d progress reports", killAfter), func(t *testing.T) {
			killImport(t, db, file, killAfter)
			switch n := checkDatabase(t, db); {
			case n == rows && killAfter < 4:
				t.Errorf("all %d events are there though the import was killed with rows still to write", n)
			case n != 0 && n != rows:
				t.Fatalf("%d of %d events survived the kill: a partial import", n, rows)
			}
		})
	}

	// The last kills may have come after the commit; then this import finds every row recorded.
	var stdout, stderr strings.Builder
	if code := Run([]string{"import", "-db", db, file}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("import after the kills: exit %d: %s", code, stderr.String())
	}
	if n := checkDatabase(t, db); n != rows {
		t.Errorf("after a clean import: %d events, want %d", n, rows)
	}
}

// killImport starts `backers import` on file in a child process and kills it once it has
// printed killAfter progress reports (0: as soon as it starts).
func killImport(t *testing.T, db, file string, killAfter int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childArgsEnv+"="+strings.Join([]string{"import", "-db", db, file}, "\x1f"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	seen := 0
	lines := bufio.NewScanner(stderr)
	for seen < killAfter && lines.Scan() {
		if strings.Contains(lines.Text(), " rows (") {
			seen++
		}
	}
	if seen < killAfter {
		t.Fatalf("the import printed %d progress reports before it ended, want %d", seen, killAfter)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, stderr)
	_ = cmd.Wait() // "signal: killed", or nil when the import had already finished
}

// checkDatabase opens the file as SQLite sees it (recovering the write-ahead log), checks its
// integrity and counts the events.
func checkDatabase(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q, %v", ok, err)
	}
	var fk int
	if err := db.QueryRow("SELECT COUNT(*) FROM pragma_foreign_key_check").Scan(&fk); err != nil || fk != 0 {
		t.Fatalf("foreign_key_check: %d rows, %v", fk, err)
	}
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM events").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
