package store_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// TestDatabaseRefusesSecondLiveEvent writes through CreateEvent, which makes no check of its
// own: the partial unique index refuses the second live event and allows one after a retraction.
func TestDatabaseRefusesSecondLiveEvent(t *testing.T) {
	f := newFixture(t)
	f.event("unite", f.a, models.ActionEndorse, "2016-07-05")
	again := &models.Event{ContestID: f.contest.ID, EndorserID: f.endorser("unite").ID, CandidateID: f.a.ID,
		Action: models.ActionEndorse, EffectiveOn: "2016-07-05"}
	if err := f.st.CreateEvent(again); !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("second live event: err = %v, want ErrDuplicate", err)
	}
	// Another action, candidate or day is another record.
	f.event("unite", f.a, models.ActionNominate, "2016-07-05")
	f.event("unite", f.b, models.ActionEndorse, "2016-07-05")
	f.event("unite", f.a, models.ActionEndorse, "2016-07-06")

	ed := f.st.As(store.Actor{UserID: 7, Email: "ed@example.org"})
	evs, err := f.st.EndorserEvents(f.endorser("unite").ID)
	if err != nil {
		t.Fatal(err)
	}
	var first uint
	for _, e := range evs {
		if e.CandidateID == f.a.ID && e.Action == models.ActionEndorse && e.EffectiveOn == "2016-07-05" {
			first = e.ID
		}
	}
	if err := ed.RetractEvent(first, "wrong date"); err != nil {
		t.Fatal(err)
	}
	if err := f.st.CreateEvent(again); err != nil {
		t.Fatalf("the same event after the first was retracted: %v", err)
	}
}

// TestRacingQuickAddsRecordOne has eight editors on two instances record the same endorsement
// at once: one is recorded, the others are told it already is, and the log holds one.
func TestRacingQuickAddsRecordOne(t *testing.T) {
	f := newFixture(t)
	other := testdb.OpenDSN(t, f.dsn)
	e := f.endorser("gmb")
	const editors = 8
	errs := make([]error, editors)
	var wg sync.WaitGroup
	for i := range editors {
		st := f.st
		if i%2 == 1 {
			st = other
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev := &models.Event{ContestID: f.contest.ID, EndorserID: e.ID, CandidateID: f.b.ID,
				Action: models.ActionNominate, EffectiveOn: "2016-07-20", SourceURL: "https://example.org/gmb"}
			errs[i] = st.As(store.Actor{UserID: uint(i + 1), Email: "ed@example.org"}).QuickAdd(nil, ev)
		}()
	}
	wg.Wait()
	recorded := 0
	for i, err := range errs {
		switch {
		case err == nil:
			recorded++
		case !errors.Is(err, store.ErrDuplicate):
			t.Errorf("editor %d: %v, want nil or ErrDuplicate", i, err)
		}
	}
	if recorded != 1 {
		t.Errorf("%d editors recorded the event, want 1", recorded)
	}
	evs, err := f.st.EndorserEvents(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 {
		t.Errorf("the log holds %d events of gmb, want 1", len(evs))
	}
}

// TestDatabaseRefusesTakenSlugsAndAddresses: slugs of endorsers, contests and candidates and
// users' e-mail addresses are unique in the database, reported as ErrDuplicate.
func TestDatabaseRefusesTakenSlugsAndAddresses(t *testing.T) {
	f := newFixture(t)
	f.endorser("unite")
	if err := f.st.CreateEndorser(&models.Endorser{Slug: "unite", Name: "Unite again", KindID: f.kind.ID}); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("endorser with a taken slug: err = %v, want ErrDuplicate", err)
	}
	if err := f.st.CreateCandidate(&models.Candidate{ContestID: f.contest.ID, Slug: "a", Name: "Another A"}); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("candidate with a taken slug: err = %v, want ErrDuplicate", err)
	}
	if err := f.st.CreateContest(&models.Contest{Slug: f.contest.Slug, Title: "Again"}); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("contest with a taken slug: err = %v, want ErrDuplicate", err)
	}
	u := func(email string) *models.User {
		return &models.User{Email: email, Role: models.RoleEditor, PasswordHash: "x"}
	}
	if err := f.st.CreateUser(u("ed@example.org")); err != nil {
		t.Fatal(err)
	}
	for _, taken := range []string{"ed@example.org", "Ed@Example.ORG"} {
		if err := f.st.CreateUser(u(taken)); !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("user %s when ed@example.org has an account: err = %v, want ErrDuplicate", taken, err)
		}
	}
}
