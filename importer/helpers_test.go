package importer_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/backers/backers/importer"
	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/store"
)

// now is the tests' pinned clock: the store's and the parser's "today".
var now = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// openStore opens a fresh database of the test's own (testdb) with a pinned clock.
func openStore(t testing.TB) *store.Store {
	t.Helper()
	st := testdb.Open(t)
	st.SetClock(func() time.Time { return now })
	return st
}

// readCSV reads a whole CSV file whose first row must be header (comma-separated).
func readCSV(t testing.TB, path, header string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != header {
		t.Fatalf("%s: header changed: %q", path, recs[:min(1, len(recs))])
	}
	return recs
}

// importRows writes rows (the first is the header) as CSV, parses and applies them.
func importRows(t testing.TB, st *store.Store, rows [][]string) (*importer.Report, error) {
	t.Helper()
	return importCSV(t, st, toCSV(t, rows))
}

func importCSV(t testing.TB, st *store.Store, data []byte) (*importer.Report, error) {
	t.Helper()
	plan, err := importer.ParseOn(bytes.NewReader(data), now)
	if err != nil {
		return nil, err
	}
	return importer.Apply(st, plan, importer.Options{})
}

func mustImport(t testing.TB, st *store.Store, rows [][]string) *importer.Report {
	t.Helper()
	rep, err := importRows(t, st, rows)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

func toCSV(t testing.TB, rows [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// tally is a candidate's support as of a day: endorsers and points.
type tally struct {
	Count  int
	Points float64
}

// support is each candidate's support (by name) in a contest as of a day, from store.SupportAsOf.
func support(t testing.TB, st *store.Store, contest, asOf string) map[string]tally {
	t.Helper()
	c, err := st.Contest(contest)
	if err != nil {
		t.Fatal(err)
	}
	names := map[uint]string{}
	for _, cd := range c.Candidates {
		names[cd.ID] = cd.Name
	}
	rows, err := st.SupportAsOf(c.ID, asOf, store.SupportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]tally{}
	for _, r := range rows {
		tl := out[names[r.CandidateID]]
		tl.Count += r.Count
		tl.Points += r.Points
		out[names[r.CandidateID]] = tl
	}
	return out
}

func counts(t testing.TB, st *store.Store) store.RecordCounts {
	t.Helper()
	c, err := st.RecordCounts()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
