package store_test

import (
	"strings"
	"testing"

	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// A contest's record runs from its first event or tally to its last, whichever kind comes
// first or last; each end is found at an end of an index, not by reading the rows.
func TestContestRecordDays(t *testing.T) {
	f := newFixture(t)
	days := func() store.RecordDays {
		t.Helper()
		d, err := f.st.ContestRecordDays(f.contest.ID)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if d := days(); d != (store.RecordDays{}) {
		t.Errorf("an empty contest's record days %+v, want none", d)
	}
	f.event("x", f.a, models.ActionEndorse, "2016-07-05")
	f.event("y", f.b, models.ActionNominate, "2016-08-01")
	if d := days(); d != (store.RecordDays{First: "2016-07-05", Last: "2016-08-01"}) {
		t.Errorf("events alone: %+v", d)
	}
	// A tally published before the first event and one after the last widen the record.
	for _, day := range []string{"2016-06-30", "2016-08-15"} {
		if err := f.st.CreateReportedTally(&models.ReportedTally{ContestID: f.contest.ID, KindID: f.kind.ID, CandidateID: &f.a.ID,
			Count: 3, AsOf: day, SourceURL: "https://example.org/tally"}); err != nil {
			t.Fatal(err)
		}
	}
	if d := days(); d != (store.RecordDays{First: "2016-06-30", Last: "2016-08-15"}) {
		t.Errorf("events and tallies: %+v", d)
	}
	// Another contest's record is not this one's.
	other := &models.Contest{Slug: "other", Title: "Other"}
	if err := f.st.CreateContest(other); err != nil {
		t.Fatal(err)
	}
	if d, err := f.st.ContestRecordDays(other.ID); err != nil || d != (store.RecordDays{}) {
		t.Errorf("another contest's record days %+v, %v", d, err)
	}

	if testdb.Postgres() {
		return // PostgreSQL plans by its statistics; SQLite's plan is fixed by the indexes
	}
	raw := testdb.SQL(t, f.dsn)
	for table, index := range map[string]string{"events": "idx_event_contest_day", "reported_tallies": "idx_tally_contest_day"} {
		col := map[string]string{"events": "effective_on", "reported_tallies": "as_of"}[table]
		rows, err := raw.Query(`EXPLAIN QUERY PLAN SELECT MIN(` + col + `) FROM ` + table + ` WHERE contest_id = 1`)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if got := strings.Join(plan, "; "); !strings.Contains(got, "COVERING INDEX "+index+" (contest_id=?)") {
			t.Errorf("the first day of %s: plan %q, want a seek of %s", table, got, index)
		}
	}
}
