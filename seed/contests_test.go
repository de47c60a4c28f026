package seed_test

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm/schema"

	"github.com/backers/backers/internal/shared"
	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
	"github.com/backers/backers/seed"
	"github.com/backers/backers/store"
)

// allTables are the tables the seed of the three contests writes to.
var allTables = append(append([]string{}, tables...), "key_dates")

// openAll is a real SQLite file with every seeded contest, and a plain connection to read it.
func openAll(t *testing.T) (*store.Store, testdb.DB) {
	t.Helper()
	return openFile(t, func(st *store.Store) {
		added, err := seed.All(st)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range seed.Files {
			if added[f.Slug] == 0 {
				t.Errorf("seed.All on an empty database added nothing for %s", f.Slug)
			}
		}
	})
}

func count(t *testing.T, db testdb.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func tableCounts(t *testing.T, db testdb.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tb := range allTables {
		out[tb] = count(t, db, "SELECT COUNT(*) FROM "+tb)
	}
	return out
}

// doubled counts the events that restate another of the same endorser, candidate and action in
// one contest: the seed's rule is one such record.
const doubled = `SELECT COUNT(*) FROM (SELECT contest_id, endorser_id, candidate_id, action FROM events
	GROUP BY contest_id, endorser_id, candidate_id, action HAVING COUNT(*) > 1) d`

func TestAllIsIdempotent(t *testing.T) {
	st, db := openAll(t)
	first := tableCounts(t, db)
	added, err := seed.All(st)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 0 {
		t.Errorf("second seed.All added %v, want nothing", added)
	}
	if again := tableCounts(t, db); !equalCounts(first, again) {
		t.Errorf("row counts changed on the second seed: %v then %v", first, again)
	}
	if n := count(t, db, doubled); n != 0 {
		t.Errorf("%d endorser/candidate/action triples recorded twice", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM contests"); n != 3 {
		t.Errorf("%d contests, want 3", n)
	}
	// Every row the seed made has its seed record, and no two records share a row.
	for _, table := range allTables {
		if table == "poll_values" {
			continue // a poll's values are its own, under its record
		}
		if n := unkeyedRows(t, db, table); n != 0 {
			t.Errorf("%s: %d seeded rows without a seed record", table, n)
		}
	}
	if n := count(t, db, "SELECT COUNT(*) FROM (SELECT entity, row_id FROM seed_records GROUP BY entity, row_id HAVING COUNT(*) > 1) d"); n != 0 {
		t.Errorf("%d rows named by two seed records", n)
	}
	// Every record of every file is there, none taken for another.
	for _, file := range seed.Files {
		f, err := seed.Parse(file.Data)
		if err != nil {
			t.Fatal(err)
		}
		for table, want := range map[string]int{"events": len(f.Events), "reported_tallies": len(f.Tallies), "figures": len(f.Figures),
			"polls": len(f.Polls), "odds": len(f.Odds), "roster_entries": len(f.Roster), "key_dates": len(f.Contest.KeyDates)} {
			got := count(t, db, "SELECT COUNT(*) FROM "+table+" WHERE contest_id = (SELECT id FROM contests WHERE slug = ?)", file.Slug)
			if got != want {
				t.Errorf("%s %s: %d rows, want the file's %d", file.Slug, table, got, want)
			}
		}
	}
}

// TestTwoRecordsOfOneKeyAreRefused: two records of a file that the seed would know by one key
// (an endorser's nomination of one candidate, twice) make the load fail, naming the key,
// rather than one of them be taken for the other on every later start.
func TestTwoRecordsOfOneKeyAreRefused(t *testing.T) {
	var f map[string]any
	if err := json.Unmarshal(seed.Files[0].Data, &f); err != nil {
		t.Fatal(err)
	}
	events := f["events"].([]any)
	again := maps.Clone(events[0].(map[string]any))
	again["date"] = "2016-09-01"
	f["events"] = append(events, again)
	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	st := testdb.Open(t)
	_, err = seed.Load(st, data)
	if want := fmt.Sprintf("two records have the seed key %q", "labour-2016/event/"+again["endorser"].(string)+"/"+
		again["candidate"].(string)+"/"+again["action"].(string)); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("load with an event twice: %v, want an error saying %s", err, want)
	}
}

// TestSeedCorrectionsReachOlderDatabases: where the seed corrects what an earlier one wrote
// (the Labour Movement for Europe's day, inferred: 14 Aug 2016 was a Sunday, not the Saturday
// its page names; the BFAWU's process, the June 2016 conference motion the BBC reports), a
// database that earlier seed reached is corrected on the next start, field by field, except a
// field an admin has since changed; and the start after changes nothing more.
func TestSeedCorrectionsReachOlderDatabases(t *testing.T) {
	var f map[string]any
	if err := json.Unmarshal(seed.Files[0].Data, &f); err != nil {
		t.Fatal(err)
	}
	// The earlier seed: each corrected field as it wrote it.
	corrected := 0
	for _, e := range f["events"].([]any) {
		ev := e.(map[string]any)
		if was, ok := ev["corrects"].(map[string]any); ok {
			maps.Copy(ev, was)
			delete(ev, "corrects")
			corrected++
		}
	}
	if corrected < 2 {
		t.Fatalf("%d events correct an earlier seed, want the LME's and the BFAWU's at least", corrected)
	}
	earlier, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	dsn := testdb.DSN(t)
	st := testdb.OpenDSN(t, dsn)
	db := testdb.SQL(t, dsn)
	if _, err := seed.Load(st, earlier); err != nil {
		t.Fatal(err)
	}
	const lme = `SELECT COUNT(*) FROM events ev JOIN endorsers en ON en.id = ev.endorser_id WHERE en.slug = 'labour-movement-for-europe'
		AND ev.effective_on = '2016-08-14' AND ev.date_precision = ? AND ev.date_note LIKE ?`
	const bfawu = `SELECT COUNT(*) FROM events ev JOIN endorsers en ON en.id = ev.endorser_id WHERE en.slug = 'bfawu'
		AND ev.process = ? AND ev.date_note LIKE ? AND ev.verification_note LIKE ?`
	if n := count(t, db, lme, models.PrecisionDay, ""); n != 1 {
		t.Fatalf("the earlier seed's LME nomination: %d on the day without a note, want 1", n)
	}
	// An admin's own words for the BFAWU's verification, before the next start.
	var id uint
	if err := db.QueryRow(`SELECT ev.id FROM events ev JOIN endorsers en ON en.id = ev.endorser_id WHERE en.slug = 'bfawu'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE events SET verification_note = 'checked by an admin' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}

	added, err := seed.All(st)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, lme, models.PrecisionInferred, "%14 Aug 2016 was a Sunday%"); n != 1 {
		t.Errorf("the LME's nomination after the next start: %d inferred with the note on the Sunday, want 1", n)
	}
	if n := count(t, db, bfawu, "annual conference motion (June 2016) to back the incumbent, per the BBC", "%June 2016%", "checked by an admin"); n != 1 {
		t.Errorf("the BFAWU's nomination after the next start: %d with the BBC's process, its date note and the admin's verification note, want 1", n)
	}
	if added["labour-2016"] == 0 {
		t.Errorf("the next start added %v, want the corrections counted for labour-2016", added)
	}
	if added, err := seed.All(st); err != nil || len(added) != 0 {
		t.Errorf("the start after the corrections added %v (%v), want nothing", added, err)
	}
}

func equalCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}

// TestUpgradeKeepsWhatAdminsEntered: a database seeded before this seed had the 2015 and 2020
// contests or the 2016 rows, or kept seed records, then worked on by an admin, gains the new
// records on the next start; the admin's records and corrections stay as they were, and
// nothing is doubled. From then on the seed knows each record it applied by its seed key, so
// an admin's correction of the very fields it once matched records by survives the starts
// after (correctKeyFieldsAndRestart).
func TestUpgradeKeepsWhatAdminsEntered(t *testing.T) {
	dsn := testdb.DSN(t)
	st := testdb.OpenDSN(t, dsn)
	old, err := os.ReadFile("testdata/labour-2016-before-issue-9.json")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := seed.Load(st, old); err != nil || n == 0 {
		t.Fatalf("old seed: added %d, %v", n, err)
	}
	db := testdb.SQL(t, dsn)
	if n := count(t, db, "SELECT COUNT(*) FROM events"); n != 18 {
		t.Fatalf("old seed: %d events, want its 18", n)
	}
	// The seed of that day kept no seed records: its rows are matched by their natural keys,
	// once, on the upgrade.
	if _, err := db.Exec("DELETE FROM seed_records"); err != nil {
		t.Fatal(err)
	}

	// What an admin does in between: a new endorser and event, a corrected seeded event, a
	// corrected reported tally.
	user := &models.User{Email: "admin@example.org", Role: models.RoleAdmin, PasswordHash: "x"}
	if err := st.CreateUser(user); err != nil {
		t.Fatal(err)
	}
	ed := st.As(store.Actor{UserID: user.ID, Email: user.Email})
	c, err := st.Contest("labour-2016")
	if err != nil {
		t.Fatal(err)
	}
	cand := map[string]uint{}
	for _, cd := range c.Candidates {
		cand[cd.Slug] = cd.ID
	}
	clp, err := st.Kind("clp")
	if err != nil {
		t.Fatal(err)
	}
	admins := &models.Endorser{Slug: "admin-entered-clp", Name: "Admin-entered CLP (test record)", KindID: clp.ID}
	if err := ed.AddEndorser(admins); err != nil {
		t.Fatal(err)
	}
	if err := ed.AddEvent(&models.Event{ContestID: c.ID, EndorserID: admins.ID, CandidateID: cand["owen-smith"],
		Action: models.ActionNominate, EffectiveOn: "2016-08-12", SourceURL: "https://example.org/admin-entered"}); err != nil {
		t.Fatal(err)
	}
	unite, err := st.Endorser("unite")
	if err != nil {
		t.Fatal(err)
	}
	var uniteEvent models.Event
	evs, err := st.EndorserEvents(unite.ID)
	if err != nil || len(evs) != 1 {
		t.Fatalf("unite events: %v, %v", evs, err)
	}
	uniteEvent = evs[0]
	uniteEvent.EffectiveOn = "2016-08-09"
	uniteEvent.VerificationNote = "corrected by an admin"
	if err := ed.UpdateEvent(&uniteEvent); err != nil {
		t.Fatal(err)
	}
	tallies, err := st.ReportedTallies(c.ID, "clp")
	if err != nil || len(tallies) == 0 {
		t.Fatalf("clp tallies: %v, %v", tallies, err)
	}
	corrected := tallies[0]
	corrected.Note = "corrected by an admin"
	corrected.SourceURL = "https://example.org/the-right-page"
	if err := ed.UpdateReportedTally(&corrected); err != nil {
		t.Fatal(err)
	}
	polls, err := st.Polls(c.ID)
	if err != nil || len(polls) == 0 {
		t.Fatalf("polls: %v, %v", polls, err)
	}
	poll := polls[len(polls)-1]
	poll.Note = "note corrected by an admin"
	if err := ed.UpdatePoll(&poll); err != nil {
		t.Fatal(err)
	}
	pollsBefore := len(polls)

	// The next start.
	added, err := seed.All(st)
	if err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"labour-2016", "labour-2015", "labour-2020"} {
		if added[slug] == 0 {
			t.Errorf("upgrade added nothing to %s: %v", slug, added)
		}
	}
	if n := count(t, db, "SELECT COUNT(*) FROM events WHERE source_url = 'https://example.org/admin-entered'"); n != 1 {
		t.Errorf("the admin's event: %d rows, want 1", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM events WHERE endorser_id = ? AND contest_id = ?", unite.ID, c.ID); n != 1 {
		t.Errorf("Unite's 2016 events after the upgrade: %d, want the corrected one only", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM events WHERE id = ? AND effective_on = '2016-08-09' AND verification_note = 'corrected by an admin'", uniteEvent.ID); n != 1 {
		t.Errorf("the admin's correction of Unite's nomination was not kept")
	}
	if n := count(t, db, "SELECT COUNT(*) FROM reported_tallies WHERE id = ? AND note = 'corrected by an admin'", corrected.ID); n != 1 {
		t.Errorf("the admin's correction of a tally was not kept")
	}
	if n := count(t, db, "SELECT COUNT(*) FROM reported_tallies WHERE contest_id = ? AND as_of = ? AND count = ? AND kind_id = ?",
		c.ID, corrected.AsOf, corrected.Count, corrected.KindID); n != 1 {
		t.Errorf("the tally whose source an admin corrected: %d rows, want 1", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM polls WHERE contest_id = ?", c.ID); n != pollsBefore {
		t.Errorf("2016 polls after the upgrade: %d, want the %d there (one with an admin's note)", n, pollsBefore)
	}
	if n := count(t, db, doubled); n != 0 {
		t.Errorf("%d endorser/candidate/action triples recorded twice after the upgrade", n)
	}
	// Records the old seed wrote gain the fields it lacked: what a source says of Bectu's
	// choice, the GMB ballot's other turnout, a corroborating source.
	if n := count(t, db, `SELECT COUNT(*) FROM roster_entries r JOIN endorsers en ON en.id = r.endorser_id
		WHERE r.contest_id = ? AND en.slug = 'bectu' AND r.status = ?`, c.ID, models.RosterNoNomination); n != 1 {
		t.Errorf("Bectu's 2016 roster entry after the upgrade: %d with status no_nomination, want 1", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM events ev JOIN endorsers en ON en.id = ev.endorser_id
		WHERE ev.contest_id = ? AND en.slug = 'gmb' AND ev.turnout = 43419 AND ev.turnout_other = 43635 AND ev.also_source_url LIKE 'https://labourlist.org/%'`, c.ID); n != 1 {
		t.Errorf("GMB's 2016 nomination after the upgrade: %d with both turnouts and its second source, want 1", n)
	}
	// The new 2016 rows are there: the CLPs, with their sources.
	if n := count(t, db, `SELECT COUNT(*) FROM events ev JOIN endorsers en ON en.id = ev.endorser_id JOIN kinds k ON k.id = en.kind_id
		WHERE ev.contest_id = ? AND k.slug = 'clp' AND ev.source_url LIKE 'http%' AND ev.endorser_id <> ?`, c.ID, admins.ID); n != 33 {
		t.Errorf("seeded 2016 CLP events after the upgrade: %d, want 33 (28 Corbyn, 4 Smith, Southport's motion)", n)
	}
	// Every seeded row now has its seed key; only the admin's endorser and event have none.
	for table, want := range map[string]int{"events": 1, "endorsers": 1, "reported_tallies": 0, "thresholds": 0, "key_dates": 0,
		"roster_entries": 0, "polls": 0, "odds": 0, "figures": 0, "candidates": 0, "contests": 0, "contest_kinds": 0, "kinds": 0} {
		if n := unkeyedRows(t, db, table); n != want {
			t.Errorf("%s after the upgrade: %d rows without a seed record, want %d", table, n, want)
		}
	}
	// And the upgrade is itself idempotent, the admin's work included.
	before := tableCounts(t, db)
	if added, err := seed.All(st); err != nil || len(added) != 0 {
		t.Errorf("seeding the upgraded database again added %v (%v), want nothing", added, err)
	}
	if after := tableCounts(t, db); !equalCounts(before, after) {
		t.Errorf("row counts changed: %v then %v", before, after)
	}
	correctKeyFieldsAndRestart(t, st, ed, db)
}

// TestRestartKeepsWhatAdminsCorrected: on a database the seed has filled from empty, an admin's
// corrections of the fields the seed once matched records by survive the next start.
func TestRestartKeepsWhatAdminsCorrected(t *testing.T) {
	st, db := openAll(t)
	user := &models.User{Email: "admin@example.org", Role: models.RoleAdmin, PasswordHash: "x"}
	if err := st.CreateUser(user); err != nil {
		t.Fatal(err)
	}
	correctKeyFieldsAndRestart(t, st, st.As(store.Actor{UserID: user.ID, Email: user.Email}), db)
}

// unkeyedRows counts the rows of a table that no seed record names.
func unkeyedRows(t *testing.T, db testdb.DB, table string) int {
	t.Helper()
	return count(t, db, "SELECT COUNT(*) FROM "+table+" WHERE id NOT IN (SELECT row_id FROM seed_records WHERE entity = ?)", table)
}

// correctKeyFieldsAndRestart has an admin change, in a database holding the whole seed, the
// fields the seed once knew its records by (an event's endorser, candidate and action; a
// tally's day with its source or count; a threshold's or a key date's name), retract a seeded
// event and remove a key date; then starts again (seed.All), and checks the database holds
// exactly the admin's versions: no original put back beside them, nothing retracted or removed
// brought back, nothing added at all.
func correctKeyFieldsAndRestart(t *testing.T, st *store.Store, ed *store.Editor, db testdb.DB) {
	t.Helper()
	contest := func(slug string) *models.Contest {
		t.Helper()
		c, err := st.Contest(slug)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c16, c20 := contest("labour-2016"), contest("labour-2020")
	eventOf := func(endorser string) models.Event {
		t.Helper()
		e, err := st.Endorser(endorser)
		if err != nil {
			t.Fatal(err)
		}
		evs, err := st.EndorserEvents(e.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []models.Event
		for _, ev := range evs {
			if ev.ContestID == c16.ID {
				out = append(out, ev)
			}
		}
		if len(out) != 1 {
			t.Fatalf("%s: %d events in 2016 before the corrections, want 1", endorser, len(out))
		}
		return out[0]
	}

	// Southport's motion of support for Corbyn was, the admin decides, a nomination.
	southport := eventOf("southport-clp")
	if southport.Action != models.ActionEndorse {
		t.Fatalf("Southport's seeded event: %s, want endorse", southport.Action)
	}
	southport.Action = models.ActionNominate
	if err := ed.UpdateEvent(&southport); err != nil {
		t.Fatal(err)
	}
	// Starmer's final CLP count is 374, as the other source has it, from a page the admin found.
	tallies, err := st.ReportedTallies(c20.ID, "clp")
	if err != nil {
		t.Fatal(err)
	}
	var starmer models.ReportedTally
	for _, tl := range tallies {
		if tl.Candidate != nil && tl.Candidate.Slug == "keir-starmer" && tl.AsOf == "2020-02-14" {
			starmer = tl
		}
	}
	if starmer.Count != 373 {
		t.Fatalf("Starmer's CLPs on 14 Feb 2020: %+v, want the seeded 373", starmer)
	}
	const adminSource = "https://example.org/the-admins-count"
	starmer.Count, starmer.SourceURL, starmer.SourceTitle = 374, adminSource, "The admin's source"
	if err := ed.UpdateReportedTally(&starmer); err != nil {
		t.Fatal(err)
	}
	// Sadiq Khan's endorsement of Smith is retracted.
	khan := eventOf("sadiq-khan")
	if err := ed.RetractEvent(khan.ID, "an admin's test retraction"); err != nil {
		t.Fatal(err)
	}
	// A threshold and a key date renamed, another key date removed: the admin pages cannot
	// rename them, a database's owner can.
	const threshold, renamedThreshold = "Challenger nominations: 20% of Labour MPs and MEPs", "Challengers: 20% of the PLP and EPLP (admin's name)"
	const keyDate, renamedKeyDate, removedKeyDate = "Lisa Nandy qualifies for the ballot", "Nandy on the ballot (admin's name)", "Ballot opens"
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{"UPDATE thresholds SET name = ? WHERE contest_id = ? AND name = ?", []any{renamedThreshold, c16.ID, threshold}},
		{"UPDATE key_dates SET name = ? WHERE contest_id = ? AND name = ?", []any{renamedKeyDate, c20.ID, keyDate}},
		{"DELETE FROM key_dates WHERE contest_id = ? AND name = ?", []any{c20.ID, removedKeyDate}},
	} {
		if res, err := db.Exec(q.sql, q.args...); err != nil {
			t.Fatal(err)
		} else if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("%s: %d rows, want 1", q.sql, n)
		}
	}
	keyDates := count(t, db, "SELECT COUNT(*) FROM key_dates WHERE contest_id = ?", c20.ID)

	// The next start.
	before := tableCounts(t, db)
	if added, err := seed.All(st); err != nil || len(added) != 0 {
		t.Errorf("the start after the admin's corrections added %v (%v), want nothing", added, err)
	}
	if after := tableCounts(t, db); !equalCounts(before, after) {
		t.Errorf("row counts changed on the start after the admin's corrections: %v then %v", before, after)
	}
	for _, c := range []struct {
		what  string
		query string
		args  []any
		want  int
	}{
		{"Southport's 2016 events", "SELECT COUNT(*) FROM events WHERE contest_id = ? AND endorser_id = ?", []any{c16.ID, southport.EndorserID}, 1},
		{"Southport's nomination, as the admin left it", "SELECT COUNT(*) FROM events WHERE id = ? AND action = 'nominate' AND retracted_at IS NULL", []any{southport.ID}, 1},
		{"Starmer's CLP tallies on 14 Feb 2020", "SELECT COUNT(*) FROM reported_tallies WHERE contest_id = ? AND kind_id = ? AND candidate_id = ? AND as_of = '2020-02-14'",
			[]any{c20.ID, starmer.KindID, *starmer.CandidateID}, 1},
		{"Starmer's 374, as the admin left it", "SELECT COUNT(*) FROM reported_tallies WHERE id = ? AND count = 374 AND source_url = ?", []any{starmer.ID, adminSource}, 1},
		{"Khan's 2016 events", "SELECT COUNT(*) FROM events WHERE contest_id = ? AND endorser_id = ?", []any{c16.ID, khan.EndorserID}, 1},
		{"Khan's live 2016 events", "SELECT COUNT(*) FROM events WHERE contest_id = ? AND endorser_id = ? AND retracted_at IS NULL", []any{c16.ID, khan.EndorserID}, 0},
		{"2016 thresholds", "SELECT COUNT(*) FROM thresholds WHERE contest_id = ?", []any{c16.ID}, 1},
		{"the renamed threshold", "SELECT COUNT(*) FROM thresholds WHERE contest_id = ? AND name = ?", []any{c16.ID, renamedThreshold}, 1},
		{"2020 key dates", "SELECT COUNT(*) FROM key_dates WHERE contest_id = ?", []any{c20.ID}, keyDates},
		{"the renamed key date", "SELECT COUNT(*) FROM key_dates WHERE contest_id = ? AND name = ?", []any{c20.ID, renamedKeyDate}, 1},
		{"the key date under its seeded name", "SELECT COUNT(*) FROM key_dates WHERE contest_id = ? AND name = ?", []any{c20.ID, keyDate}, 0},
		{"the removed key date", "SELECT COUNT(*) FROM key_dates WHERE contest_id = ? AND name = ?", []any{c20.ID, removedKeyDate}, 0},
	} {
		if n := count(t, db, c.query, c.args...); n != c.want {
			t.Errorf("%s after the next start: %d, want %d", c.what, n, c.want)
		}
	}
}

// TestOneEndorserAcrossContests: the same CLP, union or person is one endorser in every contest,
// its names matched with care, and each choice carries its own source.
func TestOneEndorserAcrossContests(t *testing.T) {
	_, db := openAll(t)
	// choice is an endorser's latest event in a contest, as candidate:action:source.
	choice := func(slug, contest string) string {
		var v string
		err := db.QueryRow(`SELECT cd.slug || ':' || ev.action || ':' || ev.source_url FROM events ev
			JOIN endorsers en ON en.id = ev.endorser_id JOIN contests c ON c.id = ev.contest_id
			JOIN candidates cd ON cd.id = ev.candidate_id WHERE en.slug = ? AND c.slug = ?
			ORDER BY ev.effective_on DESC, ev.id DESC LIMIT 1`, slug, contest).Scan(&v)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		slug string
		want map[string]string // contest -> candidate:action:source prefix
	}{
		{"aldridge-brownhills-clp", map[string]string{
			"labour-2015": "jeremy-corbyn:nominate:http://www.newstatesman.com/politics/staggers/2016/08/which-clps",
			"labour-2016": "jeremy-corbyn:nominate:http://www.newstatesman.com/politics/staggers/2016/08/which-clps",
			"labour-2020": "keir-starmer:nominate:https://inews.co.uk/"}},
		{"barrow-and-furness-clp", map[string]string{
			"labour-2015": "andy-burnham:nominate:", "labour-2016": "jeremy-corbyn:nominate:", "labour-2020": "keir-starmer:nominate:"}},
		{"richmond-park-clp", map[string]string{
			"labour-2015": "jeremy-corbyn:nominate:https://global.foreignaffairs.co.nz/",
			"labour-2016": "owen-smith:nominate:https://global.foreignaffairs.co.nz/",
			"labour-2020": "keir-starmer:nominate:https://global.foreignaffairs.co.nz/"}},
		{"diane-abbott", map[string]string{
			"labour-2015": "jeremy-corbyn:nominate:https://www.inkl.com/", "labour-2016": "jeremy-corbyn:endorse:https://hessslslslsls",
			"labour-2020": "rebecca-long-bailey:nominate:https://drscottarthur.scot/"}},
		{"sadiq-khan", map[string]string{
			"labour-2015": "jeremy-corbyn:nominate:https://inews.co.uk/", "labour-2016": "owen-smith:endorse:https://www.itv.com/"}},
		{"gmb", map[string]string{"labour-2016": "owen-smith:nominate:", "labour-2020": "lisa-nandy:nominate:"}},
		{"labour-movement-for-europe", map[string]string{"labour-2016": "owen-smith:nominate:", "labour-2020": "keir-starmer:nominate:"}},
	}
	for _, tc := range cases {
		n := count(t, db, `SELECT COUNT(DISTINCT ev.contest_id) FROM events ev JOIN endorsers en ON en.id = ev.endorser_id WHERE en.slug = ?`, tc.slug)
		if n != len(tc.want) {
			t.Errorf("%s: choices in %d contests, want %d", tc.slug, n, len(tc.want))
		}
		for contest, want := range tc.want {
			if got := choice(tc.slug, contest); !strings.HasPrefix(got, want) {
				t.Errorf("%s in %s: %q, want %q...", tc.slug, contest, got, want)
			}
		}
	}
	// "Aldridge-Brownhills" (2016, 2020) and "Aldridge-Brownhills CLP" (2015) are one CLP; so are
	// "Argyll & Bute" and "Argyll and Bute", and "Hove (Hove and Portslade)" and Hove.
	for _, name := range []string{"Aldridge-Brownhills%", "Argyll%Bute%", "Hove%", "Barrow%"} {
		if n := count(t, db, "SELECT COUNT(*) FROM endorsers WHERE name LIKE ?", name); n != 1 {
			t.Errorf("endorsers named like %q: %d, want 1", name, n)
		}
	}
	// Bosworth made no nomination in 2015 or 2016, then nominated Starmer: two roster entries
	// saying so, each with its source, and one event.
	if n := count(t, db, `SELECT COUNT(*) FROM roster_entries r JOIN endorsers en ON en.id = r.endorser_id
		WHERE en.slug = 'bosworth-clp' AND r.status = ? AND r.source_url LIKE 'http%'`, models.RosterNoNomination); n != 2 {
		t.Errorf("Bosworth's no-nomination roster entries: %d, want 2 (2015 and 2016)", n)
	}
}

// TestNonNominationsAreNotCounted: rows recording no nomination, a suspended CLP or a motion of
// support are kept as what they are.
func TestNonNominationsAreNotCounted(t *testing.T) {
	_, db := openAll(t)
	status := func(contest, endorser string) string {
		var s string
		err := db.QueryRow(`SELECT r.status FROM roster_entries r JOIN endorsers en ON en.id = r.endorser_id
			JOIN contests c ON c.id = r.contest_id WHERE c.slug = ? AND en.slug = ?`, contest, endorser).Scan(&s)
		if err != nil {
			t.Fatalf("%s %s: %v", contest, endorser, err)
		}
		return s
	}
	for _, tc := range []struct{ contest, endorser, want string }{
		{"labour-2016", "wallasey-clp", models.RosterSuspended},
		{"labour-2016", "cardiff-south-and-penarth-clp", models.RosterNoNomination},
		{"labour-2016", "carwyn-jones", models.RosterDeclined},
		{"labour-2016", "andy-burnham", models.RosterNeutral},
		{"labour-2016", "num", models.RosterNoNomination},
		{"labour-2015", "gmb", models.RosterNoNomination},
		{"labour-2015", "ed-miliband", models.RosterNoNomination},
		{"labour-2020", "aslef", models.RosterUndeclared},
	} {
		if got := status(tc.contest, tc.endorser); got != tc.want {
			t.Errorf("%s %s: status %q, want %q", tc.contest, tc.endorser, got, tc.want)
		}
	}
	for _, slug := range []string{"wallasey-clp", "cardiff-south-and-penarth-clp", "carwyn-jones"} {
		if n := count(t, db, "SELECT COUNT(*) FROM events ev JOIN endorsers en ON en.id = ev.endorser_id WHERE en.slug = ?", slug); n != 0 {
			t.Errorf("%s has %d events, want none", slug, n)
		}
	}
	// Southport's motion of support is an endorsement, not a nomination.
	if n := count(t, db, `SELECT COUNT(*) FROM events ev JOIN endorsers en ON en.id = ev.endorser_id
		WHERE en.slug = 'southport-clp' AND ev.action = 'endorse' AND ev.process LIKE '%not a supporting nomination%'`); n != 1 {
		t.Errorf("Southport's motion of support: %d endorse events, want 1", n)
	}
	// The FBU's 2015 support was not an affiliate nomination (it was not affiliated then).
	if n := count(t, db, `SELECT COUNT(*) FROM events ev JOIN endorsers en ON en.id = ev.endorser_id JOIN contests c ON c.id = ev.contest_id
		WHERE en.slug = 'fbu' AND c.slug = 'labour-2015' AND ev.action = 'endorse'`); n != 1 {
		t.Errorf("FBU 2015: want one endorse event")
	}
}

// compiledActions is what the seed makes of each action a compiled row-level file names: the
// event actions it may be recorded as or, for a row that records no choice, the status of the
// endorser's roster entry. The LabourList list of 8 Jan 2020 mixes nominators and declared
// supporters, so its rows may be either.
var compiledActions = map[string]struct {
	actions []string
	status  string
}{
	"supporting nomination": {actions: []string{models.ActionNominate}}, "nominated": {actions: []string{models.ActionNominate}},
	"PLP nomination": {actions: []string{models.ActionNominate}}, "PLP nomination (final list)": {actions: []string{models.ActionNominate}},
	"PLP nomination (after Lewis withdrew)":      {actions: []string{models.ActionNominate}},
	"PLP nomination (lent after Lewis withdrew)": {actions: []string{models.ActionNominate}},
	"nomination (lent after Lewis withdrew)":     {actions: []string{models.ActionNominate}},
	"affiliate nomination":                       {actions: []string{models.ActionNominate}},
	"nominated or declared support":              {actions: []string{models.ActionNominate, models.ActionEndorse}},
	"endorsed":                                   {actions: []string{models.ActionEndorse}}, "endorsed (reported)": {actions: []string{models.ActionEndorse}},
	"supported": {actions: []string{models.ActionEndorse}}, "backing": {actions: []string{models.ActionEndorse}},
	"backing (ran private member polling)": {actions: []string{models.ActionEndorse}},
	"campaigned for":                       {actions: []string{models.ActionEndorse}}, "spoke for (CLP hustings)": {actions: []string{models.ActionEndorse}},
	"editorial endorsement": {actions: []string{models.ActionEndorse}}, "withdrew and endorsed": {actions: []string{models.ActionEndorse}},
	"motion of support (not a supporting nomination)": {actions: []string{models.ActionEndorse}},
	"did not nominate": {status: models.RosterNoNomination}, "did not nominate (reported)": {status: models.RosterNoNomination},
	"no nomination": {status: models.RosterNoNomination}, "CLP suspended": {status: models.RosterSuspended},
	"declined to endorse": {status: models.RosterDeclined}, "neutral (reported)": {status: models.RosterNeutral},
	"not yet nominated (29 Jan)": {status: models.RosterUndeclared},
}

// actionOtherwise lists the compiled rows the seed records as another action than the row's,
// and why.
var actionOtherwise = map[string]string{
	// the data README: the FBU's 2015 row is support, not an affiliate nomination (it was not
	// affiliated then)
	"labour-2015|FBU": models.ActionEndorse,
	// the event's own source is the committee's "leadership nomination meeting"
	// (compiled_labour2016_facts_from_sources.csv); the Guardian's row, its second source, says
	// endorsed
	"labour-2016|Young Labour": models.ActionNominate,
}

// knowsTheDayBetter lists the compiled rows whose day the seed records more exactly than the
// row's date column, from what the row's own note says.
var knowsTheDayBetter = map[string]string{
	// the note works the day out from "last night" in a post of 29 Jul and "last Thursday"
	"labour-2016|Hampstead and Kilburn": "2016-07-28 inferred",
	// the note gives the committee's vote of 4 Aug (labour2016_more_facts.csv)
	"labour-2016|Young Labour": "2016-08-04 day",
	// the note gives the formal submission of 10 Aug
	"labour-2016|Unite": "2016-08-10 day",
}

// dateProblem says how a seeded date (day, precision, note) fails to say what a compiled row's
// date says by the data README's conventions, "" when it does: "<=YYYY-MM-DD" (by then) is a
// range ending that day, "YYYY-MM-DD?" an inferred day, "YYYY-MM" a month (its first day),
// "YYYY" a range within the year, a plain day a day; every inexact date says how it is known. A
// row without a date is a range or a date first reported, with its note, unless the row's note
// says its dates are in labour2016_more_facts.csv (the unions' own days, each with its
// precision). Where a note of the row says the day more exactly, knowsTheDayBetter holds it.
func dateProblem(r []string, day, precision, note string) string {
	contest, endorser, date, rowNote := r[0], r[1], r[5], r[8]
	if better, ok := knowsTheDayBetter[contest+"|"+endorser]; ok {
		if got := day + " " + precision; got != better {
			return fmt.Sprintf("seeded %s, want %s (the row's note says so)", got, better)
		}
		return ""
	}
	want := func(wantDay, wantPrecision string) string {
		switch {
		case day != wantDay || precision != wantPrecision:
			return fmt.Sprintf("date %q seeded as %s (%s), want %s (%s)", date, day, precision, wantDay, wantPrecision)
		case precision != models.PrecisionDay && note == "":
			return fmt.Sprintf("date %q seeded as %s (%s) without a note saying how it is known", date, day, precision)
		}
		return ""
	}
	switch {
	case date == "" && strings.Contains(rowNote, "labour2016_more_facts.csv"):
		if precision != models.PrecisionDay && note == "" {
			return fmt.Sprintf("seeded as %s (%s) without a note saying how it is known", day, precision)
		}
		return ""
	case date == "":
		if precision != models.PrecisionRange && precision != models.PrecisionReported || note == "" {
			return fmt.Sprintf("no date in the row, seeded as %s (%s, note %q): want a range or a date first reported, with its note", day, precision, note)
		}
		return ""
	case strings.HasPrefix(date, "<="):
		return want(strings.TrimPrefix(date, "<="), models.PrecisionRange)
	case strings.HasSuffix(date, "?"):
		return want(strings.TrimSuffix(date, "?"), models.PrecisionInferred)
	case len(date) == len("2016-08"):
		return want(date+"-01", models.PrecisionMonth)
	case len(date) == len("2016"):
		if !strings.HasPrefix(day, date) {
			return fmt.Sprintf("date %q seeded as %s, not in that year", date, day)
		}
		return want(day, models.PrecisionRange)
	}
	return want(date, models.PrecisionDay)
}

// TestEveryCompiledRowIsSeeded reads the compiled row-level files (../shared/data beside the
// repository; shared.Path says when they may be missing) and finds each row in the database with
// its source, as what it is: an event of the row's candidate and action whose date has the
// row's precision (an event's own source), an event it restates (the second source of an
// event dated by its first), or, for a row recording no choice, a roster entry of that status,
// and no event.
func TestEveryCompiledRowIsSeeded(t *testing.T) {
	_, db := openAll(t)
	files := []string{"compiled_labour2016_clp_nominations.csv", "compiled_labour2016_endorsements.csv",
		"compiled_labour2015_endorsements.csv", "compiled_labour2020_endorsements.csv"}
	const byName = `(en.name = ? OR en.name = ? OR en.name LIKE ?)`
	for _, name := range files {
		rows := shared.CSV(t, name)
		for _, r := range rows[1:] {
			contest, endorser, candidate, action, url := r[0], r[1], r[3], r[4], r[6]
			row := fmt.Sprintf("%s: %s row for %q (%s)", name, contest, endorser, url)
			names := []any{endorser, endorser + " CLP", likeName(endorser)}
			as, known := compiledActions[action]
			if !known {
				t.Errorf("%s: action %q is not in compiledActions: say what the seed makes of it", row, action)
				continue
			}
			if other, ok := actionOtherwise[contest+"|"+endorser]; ok {
				as.actions = []string{other}
			}
			var events []string // what the seed holds of the row, for the failure message
			found := false
			rs, err := db.Query(`SELECT cd.name, ev.action, ev.effective_on, ev.date_precision, COALESCE(ev.date_note, ''), ev.source_url = ?
				FROM events ev JOIN contests c ON c.id = ev.contest_id JOIN endorsers en ON en.id = ev.endorser_id
				JOIN candidates cd ON cd.id = ev.candidate_id
				WHERE c.slug = ? AND ? IN (ev.source_url, ev.also_source_url) AND `+byName, append([]any{url, contest, url}, names...)...)
			if err != nil {
				t.Fatal(err)
			}
			for rs.Next() {
				var cand, act, day, precision, note string
				var ownSource bool
				if err := rs.Scan(&cand, &act, &day, &precision, &note, &ownSource); err != nil {
					t.Fatal(err)
				}
				problem := ""
				switch {
				case cand != candidate:
					problem = "for " + cand
				case !slices.Contains(as.actions, act):
					problem = "action " + act
				case ownSource:
					problem = dateProblem(r, day, precision, note)
				}
				events = append(events, fmt.Sprintf("%s %s %s (%s) %s", act, cand, day, precision, problem))
				found = found || problem == ""
			}
			if err := rs.Err(); err != nil {
				t.Fatal(err)
			}
			rs.Close()
			if as.status == "" {
				if !found {
					t.Errorf("%s: want an event %v of %s, dated as the row is; the seed holds %q", row, as.actions, candidate, events)
				}
				continue
			}
			// A row recording no choice is a roster entry, and no event of the contest.
			if len(events) > 0 {
				t.Errorf("%s: %q, a row recording no choice, is seeded as events %q", row, action, events)
			}
			var status, day, precision, note string
			err = db.QueryRow(`SELECT re.status, COALESCE(re.date, ''), COALESCE(re.date_precision, ''), COALESCE(re.note, '')
				FROM roster_entries re JOIN contests c ON c.id = re.contest_id JOIN endorsers en ON en.id = re.endorser_id
				WHERE c.slug = ? AND (re.source_url = ? OR re.note LIKE ?) AND `+byName,
				append([]any{contest, url, "%" + url + "%"}, names...)...).Scan(&status, &day, &precision, &note)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				t.Errorf("%s: no roster entry with its source", row)
			case err != nil:
				t.Fatal(err)
			case status != as.status:
				t.Errorf("%s: roster status %q, want %q for %q", row, status, as.status, action)
			case r[5] == "" && day == "":
				// no date in the row, none seeded
			default:
				if problem := dateProblem(r, day, precision, note); problem != "" {
					t.Errorf("%s: roster entry %s", row, problem)
				}
			}
		}
	}
}

// likeName matches a compiled file's name against the seed's ("Argyll & Bute" is "Argyll and
// Bute CLP"; "Hove (Hove and Portslade)" is "Hove CLP"; "Barrow-in-Furness" is "Barrow and
// Furness CLP").
func likeName(name string) string {
	name = strings.TrimSuffix(name, " CLP")
	name = strings.ReplaceAll(name, "&", "and")
	if i := strings.Index(name, " ("); i > 0 && !strings.HasPrefix(name, "Northampton") {
		name = name[:i]
	}
	name = strings.ReplaceAll(name, "-in-", "%")
	if strings.HasPrefix(name, "Northampton") {
		return "Northampton%"
	}
	return name + "%"
}

// TestEveryContestRecordHasASource: every record of the three contests names its source, and
// every inexact date says how it is known.
func TestEveryContestRecordHasASource(t *testing.T) {
	_, db := openAll(t)
	for _, tb := range []string{"events", "reported_tallies", "polls", "odds", "figures", "roster_entries", "contest_kinds", "thresholds", "key_dates"} {
		if n := count(t, db, `SELECT COUNT(*) FROM `+tb+` WHERE source_url IS NULL OR source_url NOT LIKE 'http%'`); n != 0 {
			t.Errorf("%s: %d rows without a source URL", tb, n)
		}
	}
	if n := count(t, db, `SELECT COUNT(*) FROM events WHERE source_title = '' OR verification NOT IN ('confirmed','reported','disputed')`); n != 0 {
		t.Errorf("%d events without a source title or a known verification", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM events WHERE date_precision NOT IN ('day','month','range','reported_by','inferred')
		OR (date_precision <> 'day' AND date_note = '')`); n != 0 {
		t.Errorf("%d events with an unknown precision, or an inexact date without a note", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM roster_entries WHERE status NOT IN ('', 'no_nomination', 'suspended', 'declined', 'neutral', 'undeclared')`); n != 0 {
		t.Errorf("%d roster entries with an unknown status", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM reported_tallies WHERE other_count IS NOT NULL AND other_source_title = ''`); n != 0 {
		t.Errorf("%d disagreeing tallies without the other figure's source", n)
	}
}

// TestAllFitColumnSizes: no seeded text is longer than its column (PostgreSQL would refuse it).
func TestAllFitColumnSizes(t *testing.T) {
	_, db := openAll(t)
	cache := &sync.Map{}
	for _, m := range models.All() {
		sch, err := schema.Parse(m, cache, schema.NamingStrategy{})
		if err != nil {
			t.Fatal(err)
		}
		for _, fl := range sch.Fields {
			if fl.DBName == "" || fl.Size == 0 || fl.DataType != schema.String {
				continue
			}
			if n := count(t, db, fmt.Sprintf("SELECT COALESCE(MAX(LENGTH(%s)), 0) FROM %s", fl.DBName, sch.Table)); n > fl.Size {
				t.Errorf("%s.%s: longest value %d characters, column size %d", sch.Table, fl.DBName, n, fl.Size)
			}
		}
	}
}

// TestUpgradeGivesRulesAndThresholdsTheOtherFigure: where the sources disagree on a rule's or
// a threshold's figure (648 or 647 CLPs in 2020; 51 or 50 MPs and MEPs in 2016), the seed
// records the other figure and its source beside the one used. A database seeded before it
// did gains them on the next start, except where an admin has since changed the figure used
// (the other source's figure would then be theirs to judge); and the upgrade is idempotent.
func TestUpgradeGivesRulesAndThresholdsTheOtherFigure(t *testing.T) {
	st, db := openAll(t)
	const atlantic = "https://atlanticsentinel.com/2020/02/labour-leadership-election-news-3/"
	const labourList = "https://labourlist.org/2016/07/labours-leadership-contest-what-happens-now/"
	const clpRule = `SELECT COUNT(*) FROM contest_kinds ck JOIN contests c ON c.id = ck.contest_id JOIN kinds k ON k.id = ck.kind_id
		WHERE c.slug = 'labour-2020' AND k.slug = 'clp' AND ck.denominator = 648 AND ck.other_denominator = 647
		AND ck.other_source_url = ? AND ck.other_source_title LIKE '%Atlantic Sentinel, 14 Feb 2020%'`
	const stageTwo = `SELECT COUNT(*) FROM thresholds th JOIN contests c ON c.id = th.contest_id
		WHERE c.slug = 'labour-2020' AND th.name = 'Stage two: 5% of CLPs' AND th."of" = 648 AND th.other_of = 647
		AND th.other_required IS NULL AND th.other_source_url = ?`
	const challenger = `SELECT COUNT(*) FROM thresholds th JOIN contests c ON c.id = th.contest_id
		WHERE c.slug = 'labour-2016' AND th.required = 51 AND th.other_required = 50 AND th.other_of IS NULL
		AND th.other_source_url = ? AND th.other_source_title LIKE '%LabourList, 11 Jul 2016%'`
	check := func(when string, want map[string]int) {
		t.Helper()
		for q, n := range map[string]int{clpRule: want["clp"], stageTwo: want["stage two"], challenger: want["challenger"]} {
			url := atlantic
			if q == challenger {
				url = labourList
			}
			if got := count(t, db, q, url); got != n {
				t.Errorf("%s: %d rows of\n%s\nwant %d", when, got, q, n)
			}
		}
	}
	check("a fresh seed", map[string]int{"clp": 1, "stage two": 1, "challenger": 1})

	// As a database seeded before the other figures were: none of them.
	for _, q := range []string{
		`UPDATE contest_kinds SET other_denominator = NULL, other_source_url = '', other_source_title = ''`,
		`UPDATE thresholds SET other_required = NULL, other_of = NULL, other_source_url = '', other_source_title = ''`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	// An admin decides 2020's stage two is of 647 CLPs.
	user := &models.User{Email: "admin@example.org", Role: models.RoleAdmin, PasswordHash: "x"}
	if err := st.CreateUser(user); err != nil {
		t.Fatal(err)
	}
	c, err := st.Contest("labour-2020")
	if err != nil {
		t.Fatal(err)
	}
	var th models.Threshold
	for _, x := range c.Thresholds {
		if x.Name == "Stage two: 5% of CLPs" {
			th = x
		}
	}
	th.Of = 647
	if err := st.As(store.Actor{UserID: user.ID, Email: user.Email}).SaveThreshold(&th); err != nil {
		t.Fatal(err)
	}

	added, err := seed.All(st)
	if err != nil {
		t.Fatal(err)
	}
	if added["labour-2016"] != 1 || added["labour-2020"] != 1 || added["labour-2015"] != 0 {
		t.Errorf("the upgrade added %v, want the 2016 threshold's and the 2020 CLP rule's other figures", added)
	}
	check("after the upgrade", map[string]int{"clp": 1, "stage two": 0, "challenger": 1})
	if n := count(t, db, `SELECT COUNT(*) FROM thresholds WHERE name = 'Stage two: 5% of CLPs' AND "of" = 647 AND other_of IS NULL
		AND other_source_url = ''`); n != 1 {
		t.Errorf("the admin's stage two of 647: %d rows as they left it, want 1", n)
	}
	if added, err := seed.All(st); err != nil || len(added) != 0 {
		t.Errorf("seeding the upgraded database again added %v (%v), want nothing", added, err)
	}
}

// TestUpgradeGivesKindsWhatTheyCover: the kinds a source counts together (PLP and EPLP members
// are MPs and MEPs; affiliated organisations, unions and societies) say so, and a database
// seeded before they did gains it on the next start, once.
func TestUpgradeGivesKindsWhatTheyCover(t *testing.T) {
	st, db := openAll(t)
	const covered = `SELECT COUNT(*) FROM kinds WHERE (slug = 'plp-eplp' AND covers = 'mp,mep')
		OR (slug = 'affiliated-organisation' AND covers = 'affiliated-union,socialist-society')`
	if n := count(t, db, covered); n != 2 {
		t.Errorf("a fresh seed: %d kinds cover others, want 2", n)
	}
	if _, err := db.Exec(`UPDATE kinds SET covers = ''`); err != nil {
		t.Fatal(err)
	}
	added, err := seed.All(st)
	if err != nil {
		t.Fatal(err)
	}
	// The first file to name a kind gives it what it covers: 2016 names PLP and EPLP members,
	// 2015 affiliated organisations too.
	if added["labour-2016"]+added["labour-2015"]+added["labour-2020"] != 2 {
		t.Errorf("the upgrade added %v, want the two kinds' covers", added)
	}
	if n := count(t, db, covered); n != 2 {
		t.Errorf("after the upgrade: %d kinds cover others, want 2", n)
	}
	if added, err := seed.All(st); err != nil || len(added) != 0 {
		t.Errorf("seeding the upgraded database again added %v (%v), want nothing", added, err)
	}
}
