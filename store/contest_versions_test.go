package store_test

import (
	"testing"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// A write changes the version of the contest it touches and the store's, not another
// contest's; a write that may reach any contest changes them all.
func TestContestVersions(t *testing.T) {
	f := newFixture(t)
	other := &models.Contest{Slug: "other", Title: "Other contest"}
	if err := f.st.CreateContest(other); err != nil {
		t.Fatal(err)
	}
	cand := &models.Candidate{ContestID: other.ID, Slug: "o", Name: "Olive"}
	if err := f.st.CreateCandidate(cand); err != nil {
		t.Fatal(err)
	}
	ed := f.st.As(store.Actor{UserID: 7, Email: "ed@example.org"})
	type versions struct{ store, mine, other int64 }
	now := func() versions {
		mine, _ := f.st.ContestVersion(f.contest.ID)
		theirs, _ := f.st.ContestVersionBySlug("other")
		return versions{f.st.Version(), mine, theirs}
	}

	x := f.endorser("x")
	before := now()
	e := &models.Event{ContestID: other.ID, EndorserID: x.ID, CandidateID: cand.ID,
		Action: models.ActionEndorse, EffectiveOn: "2016-07-01", SourceURL: "https://example.org/x"}
	if err := ed.AddEvent(e); err != nil {
		t.Fatal(err)
	}
	after := now()
	if after.store == before.store || after.other == before.other {
		t.Errorf("a write to the other contest left its version or the store's alone: %+v then %+v", before, after)
	}
	if after.mine != before.mine {
		t.Errorf("a write to the other contest changed this one's version: %+v then %+v", before, after)
	}

	before = after
	if err := ed.RetractEvent(e.ID, "wrong contest"); err != nil {
		t.Fatal(err)
	}
	if after = now(); after.mine != before.mine || after.other == before.other {
		t.Errorf("a retraction in the other contest: %+v then %+v", before, after)
	}

	before = after
	f.event("x", f.a, models.ActionEndorse, "2016-07-02")
	if after = now(); after.mine == before.mine || after.other != before.other {
		t.Errorf("an event in this contest: %+v then %+v", before, after)
	}

	before = after
	if _, _, err := f.st.EnsureKind(models.Kind{Slug: "mayor", Name: "Mayor"}); err != nil {
		t.Fatal(err)
	}
	if after = now(); after.mine == before.mine || after.other == before.other || after.store == before.store {
		t.Errorf("a new kind may show anywhere, so every version changes: %+v then %+v", before, after)
	}

	if v, _ := f.st.ContestVersionBySlug("no-such-contest"); v != f.st.Version() {
		t.Errorf("an unknown slug has version %d, want the store's %d", v, f.st.Version())
	}
}
