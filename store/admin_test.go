package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

func TestEditorNeedsAnActor(t *testing.T) {
	f := newFixture(t)
	e := &models.Endorser{Name: "Anonymous change", KindID: f.kind.ID}
	if err := f.st.As(store.Actor{}).AddEndorser(e); !errors.Is(err, store.ErrNoActor) {
		t.Fatalf("no actor: %v", err)
	}
	if got, _ := f.st.Endorsers("Anonymous", 10); len(got) != 0 {
		t.Errorf("written without an actor: %v", got)
	}
}

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
