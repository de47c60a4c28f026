package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// openTestStore opens a fresh database of the test's own (testdb) with a pinned clock.
func openTestStore(t testing.TB) *store.Store {
	t.Helper()
	return openTestStoreOn(t, testdb.DSN(t))
}

// openTestStoreOn opens a store with the pinned clock on dsn, a database from testdb.DSN.
func openTestStoreOn(t testing.TB, dsn string) *store.Store {
	t.Helper()
	st := testdb.OpenDSN(t, dsn)
	st.SetClock(func() time.Time { return time.Date(2016, 9, 25, 12, 0, 0, 0, time.UTC) })
	return st
}

// fixture is a small contest: two candidates, a kind with a denominator, and helpers to log events.
type fixture struct {
	t         testing.TB
	st        *store.Store
	dsn       string // the database st is open on, for a second instance
	contest   *models.Contest
	a, b      *models.Candidate
	kind      *models.Kind
	endorsers map[string]*models.Endorser
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	dsn := testdb.DSN(t)
	st := openTestStoreOn(t, dsn)
	k, _, err := st.EnsureKind(models.Kind{Slug: "clp", Name: "Constituency Labour Party", Plural: "CLPs", IsOrg: true})
	if err != nil {
		t.Fatal(err)
	}
	den := 10
	c := &models.Contest{Slug: "test", Title: "Test contest",
		Kinds: []models.ContestKind{{KindID: k.ID, Weight: 2, Denominator: &den}}}
	if err := st.CreateContest(c); err != nil {
		t.Fatal(err)
	}
	a := &models.Candidate{ContestID: c.ID, Slug: "a", Name: "Alice", Colour: "#aa0000"}
	b := &models.Candidate{ContestID: c.ID, Slug: "b", Name: "Bob", Colour: "#0000aa"}
	for _, cd := range []*models.Candidate{a, b} {
		if err := st.CreateCandidate(cd); err != nil {
			t.Fatal(err)
		}
	}
	return &fixture{t: t, st: st, dsn: dsn, contest: c, a: a, b: b, kind: k, endorsers: map[string]*models.Endorser{}}
}

func (f *fixture) endorser(name string) *models.Endorser {
	if e, ok := f.endorsers[name]; ok {
		return e
	}
	e := &models.Endorser{Slug: name, Name: name, KindID: f.kind.ID}
	if err := f.st.CreateEndorser(e); err != nil {
		f.t.Fatal(err)
	}
	f.endorsers[name] = e
	return e
}

func (f *fixture) event(endorser string, c *models.Candidate, action, day string) {
	f.t.Helper()
	e := &models.Event{ContestID: f.contest.ID, EndorserID: f.endorser(endorser).ID, CandidateID: c.ID,
		Action: action, EffectiveOn: day, SourceURL: "https://example.org/" + endorser}
	if err := f.st.CreateEvent(e); err != nil {
		f.t.Fatal(err)
	}
}

// counts is the support of each candidate (by slug) as of a day.
func (f *fixture) counts(asOf string) map[string]int {
	f.t.Helper()
	rows, err := f.st.SupportAsOf(f.contest.ID, asOf, store.SupportFilter{})
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		switch r.CandidateID {
		case f.a.ID:
			out["a"] += r.Count
		case f.b.ID:
			out["b"] += r.Count
		}
	}
	return out
}

// benchContest opens a store on a fresh database (testdb) with the generated contest of 100,000
// events.
func benchContest(b *testing.B) (*store.Store, uint) {
	b.Helper()
	st := testdb.Open(b)
	return st, generateContest(b, st, 25000)
}

// generateContest writes a contest of n endorsers with four events each in one transaction.
func generateContest(b *testing.B, st *store.Store, n int) uint {
	b.Helper()
	var contestID uint
	err := st.Transaction(func(tx *store.Store) error {
		var kinds []uint
		for i := range 4 {
			k, _, err := tx.EnsureKind(models.Kind{Slug: fmt.Sprintf("kind-%d", i), Name: fmt.Sprintf("Kind %d", i)})
			if err != nil {
				return err
			}
			kinds = append(kinds, k.ID)
		}
		c := &models.Contest{Slug: "bench", Title: "Bench"}
		if err := tx.CreateContest(c); err != nil {
			return err
		}
		contestID = c.ID
		var cands []uint
		for i := range 3 {
			cd := &models.Candidate{ContestID: c.ID, Slug: fmt.Sprintf("c%d", i), Name: fmt.Sprintf("Candidate %d", i)}
			if err := tx.CreateCandidate(cd); err != nil {
				return err
			}
			cands = append(cands, cd.ID)
		}
		at := time.Date(2016, 7, 1, 0, 0, 0, 0, time.UTC)
		day := func(d int) string { return at.AddDate(0, 0, d%60).Format("2006-01-02") }
		for i := range n {
			e := &models.Endorser{Slug: fmt.Sprintf("e%d", i), Name: fmt.Sprintf("Endorser %d", i), KindID: kinds[i%4],
				Region: fmt.Sprintf("Region %d", i%12)}
			if err := tx.CreateEndorser(e); err != nil {
				return err
			}
			first, second := cands[i%3], cands[(i+1)%3]
			d := i % 40
			evs := []models.Event{
				{CandidateID: first, Action: models.ActionEndorse, EffectiveOn: day(d)},
				{CandidateID: first, Action: models.ActionNominate, EffectiveOn: day(d + 3)},
				{CandidateID: second, Action: models.ActionEndorse, EffectiveOn: day(d + 10)},
				{CandidateID: second, Action: models.ActionWithdraw, EffectiveOn: day(d + 15 + i%7)},
			}
			if i%5 != 0 { // most do not withdraw: make the last event a re-endorsement
				evs[3].Action = models.ActionEndorse
			}
			for _, ev := range evs {
				ev.ContestID, ev.EndorserID, ev.Verification = c.ID, e.ID, models.VerificationReported
				if err := tx.CreateEvent(&ev); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return contestID
}
