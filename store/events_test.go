package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// TestRetractKeepsTheEventAndStopsCounting: a retracted event stays in the log with its reason,
// leaves the as-of totals, and the trail holds it before and after.
func TestRetractKeepsTheEventAndStopsCounting(t *testing.T) {
	f := newFixture(t)
	ed := f.st.As(store.Actor{UserID: 7, Email: "ed@example.org"})
	f.event("x", f.a, models.ActionEndorse, "2016-07-01")
	ev := &models.Event{ContestID: f.contest.ID, EndorserID: f.endorser("y").ID, CandidateID: f.a.ID,
		Action: models.ActionEndorse, EffectiveOn: "2016-07-02", SourceURL: "https://example.org/y"}
	if err := ed.AddEvent(ev); err != nil {
		t.Fatal(err)
	}
	if got := f.counts("2016-07-03"); got["a"] != 2 {
		t.Fatalf("before retraction: %v", got)
	}
	dup := *ev
	dup.ID = 0
	if err := ed.AddEvent(&dup); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("duplicate: %v", err)
	}
	if err := ed.RetractEvent(ev.ID, "wrong endorser"); err != nil {
		t.Fatal(err)
	}
	if got := f.counts("2016-07-03"); got["a"] != 1 {
		t.Errorf("after retraction: %v", got)
	}
	kept, err := f.st.Event(ev.ID)
	if err != nil || kept.RetractedAt == nil || kept.RetractionReason != "wrong endorser" {
		t.Fatalf("retracted event: %+v %v", kept, err)
	}
	// Once retracted, the same record may be entered again correctly.
	if err := ed.AddEvent(&dup); err != nil {
		t.Errorf("re-entry after retraction: %v", err)
	}
	trail, err := f.st.AuditEntries(store.AuditFilter{Entity: "event", EntityID: ev.ID})
	if err != nil || len(trail) != 2 {
		t.Fatalf("trail: %+v %v", trail, err)
	}
	if trail[0].Action != models.AuditRetract || !strings.Contains(trail[0].After, `"RetractionReason":"wrong endorser"`) ||
		!strings.Contains(trail[0].Before, `"RetractedAt":null`) || *trail[0].UserID != 7 {
		t.Errorf("retract entry: %+v", trail[0])
	}
	changes, err := f.st.ContestChanges(f.contest.ID, 10)
	if err != nil || len(changes) != 3 || !strings.HasPrefix(changes[1].Summary, "Retracted: y endorses Alice on 2016-07-02") {
		t.Errorf("public changes: %+v %v", changes, err)
	}
}

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
