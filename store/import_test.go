package store_test

import (
	"testing"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// RecordedEvents finds, in one pass, the keys that already have a live event: the same test
// the quick add makes one event at a time, so a retracted event does not count.
func TestRecordedEvents(t *testing.T) {
	f := newFixture(t)
	f.event("x", f.a, models.ActionEndorse, "2016-07-01")
	f.event("x", f.a, models.ActionWithdraw, "2016-07-10")
	ed := f.st.As(store.Actor{UserID: 7, Email: "ed@example.org"})
	gone := &models.Event{ContestID: f.contest.ID, EndorserID: f.endorser("y").ID, CandidateID: f.b.ID,
		Action: models.ActionEndorse, EffectiveOn: "2016-07-02", SourceURL: "https://example.org/y"}
	if err := ed.AddEvent(gone); err != nil {
		t.Fatal(err)
	}
	if err := ed.RetractEvent(gone.ID, "wrong endorser"); err != nil {
		t.Fatal(err)
	}
	x := f.endorser("x").ID
	key := func(endorser uint, c *models.Candidate, action, day string) store.EventKey {
		return store.EventKey{ContestID: f.contest.ID, EndorserID: endorser, CandidateID: c.ID, Action: action, EffectiveOn: day}
	}
	for _, tc := range []struct {
		name string
		key  store.EventKey
		want bool
	}{
		{"the same event", key(x, f.a, models.ActionEndorse, "2016-07-01"), true},
		{"the withdrawal", key(x, f.a, models.ActionWithdraw, "2016-07-10"), true},
		{"another day", key(x, f.a, models.ActionEndorse, "2016-07-02"), false},
		{"another candidate", key(x, f.b, models.ActionEndorse, "2016-07-01"), false},
		{"another action", key(x, f.a, models.ActionNominate, "2016-07-01"), false},
		{"another contest", store.EventKey{ContestID: f.contest.ID + 1, EndorserID: x, CandidateID: f.a.ID, Action: models.ActionEndorse, EffectiveOn: "2016-07-01"}, false},
		{"retracted", key(gone.EndorserID, f.b, models.ActionEndorse, "2016-07-02"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.st.RecordedEvents([]store.EventKey{tc.key})
			if err != nil {
				t.Fatal(err)
			}
			if got[tc.key] != tc.want || len(got) > 1 {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}

	// More keys than one query takes: every batch is asked.
	keys := make([]store.EventKey, 2500)
	for i := range keys {
		keys[i] = key(uint(1000+i), f.a, models.ActionEndorse, "2016-07-01")
	}
	keys[2400] = key(x, f.a, models.ActionWithdraw, "2016-07-10")
	got, err := f.st.RecordedEvents(keys)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got[keys[2400]] {
		t.Errorf("got %v, want only the withdrawal", got)
	}
	if got, err := f.st.RecordedEvents(nil); err != nil || len(got) != 0 {
		t.Errorf("no keys: %v, %v", got, err)
	}
}
