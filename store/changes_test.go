package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/backers/backers/store"
)

func TestChangesLabelSwitches(t *testing.T) {
	f := newFixture(t)
	f.play([]step{{"x", "a", "endorse", "2016-07-01"}, {"x", "a", "withdraw", "2016-07-02"}, {"x", "b", "nominate", "2016-07-02"},
		{"x", "b", "endorse", "2016-07-03"}, {"y", "b", "endorse", "2016-07-03"}})
	rows, err := f.st.Changes(store.ChangeQuery{ContestID: f.contest.ID})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %s %s<%s", r.EndorserName, r.Change, r.CandidateSlug, r.PrevCandidateSlug))
	}
	want := []string{"x endorse a<", "x withdraw a<", "x switch b<a", "x endorse b<b", "y endorse b<"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	lost, err := f.st.Changes(store.ChangeQuery{ContestID: f.contest.ID, CandidateID: f.a.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(lost) != 3 || lost[2].Change != store.ChangeSwitch || lost[2].CandidateID != f.b.ID {
		t.Errorf("changes involving a: %+v", lost)
	}
}

// BenchmarkChanges runs the feed's query (the 50 newest events with their switch labels) on
// the same generated contest of 100,000 events.
func BenchmarkChanges(b *testing.B) {
	st, contestID := benchContest(b)
	for b.Loop() {
		if _, err := st.Changes(store.ChangeQuery{ContestID: contestID, Order: store.NewestRecorded, Limit: 50}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChangesFiltered runs the events export's query (the whole log as of a day, narrowed
// by the table's filters) on the same generated contest of 100,000 events.
func BenchmarkChangesFiltered(b *testing.B) {
	st, contestID := benchContest(b)
	queries := map[string]*store.EndorsementQuery{
		"all":             nil,
		"region-from-to":  {Regions: []string{"Region 3"}, From: "2016-07-10", To: "2016-07-20"},
		"withdraws-kinds": {States: []string{store.StateWithdrawn}, KindIDs: []uint{1, 2}, Search: "endorser 1"},
	}
	for name, m := range queries {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.Changes(store.ChangeQuery{ContestID: contestID, AsOf: "2016-08-15", Match: m}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
