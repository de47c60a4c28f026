package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/seed"
)

// backers rebuild -check passes on a seeded database, finds rows damaged behind the store's
// back, and backers rebuild mends them.
func TestRebuildCommand(t *testing.T) {
	dsn := testdb.DSN(t)
	st := testdb.OpenDSN(t, dsn)
	if _, err := seed.Labour2016(st); err != nil {
		t.Fatal(err)
	}
	rebuild := func(args ...string) (int, string) {
		var stdout, stderr bytes.Buffer
		code := Run(append([]string{"rebuild", "-db", dsn}, args...), strings.NewReader(""), &stdout, &stderr)
		return code, stdout.String() + stderr.String()
	}
	if code, out := rebuild("-check"); code != 0 || !strings.Contains(out, "derived rows match the log") {
		t.Fatalf("check of a seeded database: exit %d, %q", code, out)
	}
	db := testdb.SQL(t, dsn)
	if _, err := db.Exec(`DELETE FROM support_deltas WHERE day = (SELECT MAX(day) FROM support_deltas)`); err != nil {
		t.Fatal(err)
	}
	// One endorser's trigrams gone, and one trigram of a name it does not hold.
	if _, err := db.Exec(`DELETE FROM endorser_trigrams WHERE endorser_id = (SELECT MIN(id) FROM endorsers WHERE length(name_key) = 5)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO endorser_trigrams (trigram, endorser_id) SELECT 'zq!', MIN(id) FROM endorsers`); err != nil {
		t.Fatal(err)
	}
	code, out := rebuild("-check")
	if code != 1 || !strings.Contains(out, "contest labour-2016: 0 support spans, 3 daily delta rows and 0 withdrawn spans differ") ||
		!strings.Contains(out, "endorsers: 4 name trigrams differ from their names") {
		t.Fatalf("check of damaged deltas and trigrams: exit %d, %q", code, out)
	}
	if code, out := rebuild(); code != 0 || !strings.Contains(out, "rebuilt the derived rows") {
		t.Fatalf("rebuild: exit %d, %q", code, out)
	}
	if code, out := rebuild("-check"); code != 0 {
		t.Fatalf("check after the rebuild: exit %d, %q", code, out)
	}
	if code, _ := rebuild("extra"); code != 2 {
		t.Fatalf("rebuild with an argument: exit %d, want 2", code)
	}
}
