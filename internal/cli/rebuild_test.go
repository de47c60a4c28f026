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
	if _, err := testdb.SQL(t, dsn).Exec(`DELETE FROM support_deltas WHERE day = (SELECT MAX(day) FROM support_deltas)`); err != nil {
		t.Fatal(err)
	}
	if code, out := rebuild("-check"); code != 1 || !strings.Contains(out, "contest labour-2016: 0 support spans, 3 daily delta rows and 0 withdrawn spans differ") {
		t.Fatalf("check of damaged deltas: exit %d, %q", code, out)
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
