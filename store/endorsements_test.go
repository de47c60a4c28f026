package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// positionsOf renders the table's rows as "who>candidate:state".
func positionsOf(t *testing.T, f *fixture, q store.EndorsementQuery) []string {
	t.Helper()
	page, err := f.st.Endorsements(f.contest.ID, q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	n := 0
	for _, r := range page.Rows {
		out = append(out, r.EndorserName+">"+r.CandidateSlug+":"+r.State)
	}
	for _, c := range page.Counts {
		n += c.Count
	}
	if n != page.Total {
		t.Errorf("counts add up to %d, total %d", n, page.Total)
	}
	return out
}

func TestEndorsementsPositionRules(t *testing.T) {
	both := []string{store.StateCurrent, store.StateWithdrawn}
	cases := []struct {
		name  string
		steps []step
		asOf  string
		want  []string
	}{
		{"a switch then a redundant withdraw of the old choice leaves the new one",
			[]step{{"x", "a", "endorse", "2016-07-01"}, {"x", "b", "endorse", "2016-07-02"}, {"x", "a", "withdraw", "2016-07-03"}},
			"", []string{"x>b:current"}},
		{"a withdraw leaves a withdrawn row",
			[]step{{"x", "a", "endorse", "2016-07-01"}, {"x", "a", "withdraw", "2016-07-05"}},
			"", []string{"x>a:withdrawn"}},
		{"before the withdraw it is current",
			[]step{{"x", "a", "endorse", "2016-07-01"}, {"x", "a", "withdraw", "2016-07-05"}},
			"2016-07-04", []string{"x>a:current"}},
		{"same day withdraw and endorse is a switch",
			[]step{{"x", "a", "endorse", "2016-07-01"}, {"x", "a", "withdraw", "2016-07-05"}, {"x", "b", "endorse", "2016-07-05"}},
			"", []string{"x>b:current"}},
		{"same day endorse then withdraw: withdrawals apply first",
			[]step{{"x", "a", "endorse", "2016-07-05"}, {"x", "a", "withdraw", "2016-07-05"}},
			"", []string{"x>a:current"}},
		{"nothing before the first event",
			[]step{{"x", "a", "endorse", "2016-07-05"}},
			"2016-07-04", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.play(tc.steps)
			got := positionsOf(t, f, store.EndorsementQuery{AsOf: tc.asOf, States: both})
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestEndorsementsAgreeWithSupport cross-checks the table's current rows with SupportAsOf, two
// different SQL paths over the same spans, on every day of a scenario.
func TestEndorsementsAgreeWithSupport(t *testing.T) {
	f := newFixture(t)
	f.play([]step{
		{"x", "a", "endorse", "2016-07-01"}, {"y", "a", "nominate", "2016-07-02"}, {"z", "b", "endorse", "2016-07-02"},
		{"x", "b", "endorse", "2016-07-03"}, {"y", "a", "withdraw", "2016-07-04"}, {"z", "b", "withdraw", "2016-07-04"},
		{"z", "a", "endorse", "2016-07-04"}, {"y", "b", "endorse", "2016-07-06"},
	})
	for d := 1; d <= 7; d++ {
		day := fmt.Sprintf("2016-07-%02d", d)
		page, err := f.st.Endorsements(f.contest.ID, store.EndorsementQuery{AsOf: day})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.st.SupportAsOf(f.contest.ID, day, store.SupportFilter{})
		if err != nil {
			t.Fatal(err)
		}
		want := map[uint]int{}
		for _, r := range rows {
			want[r.CandidateID] += r.Count
		}
		got := map[uint]int{}
		for _, c := range page.Counts {
			got[c.CandidateID] += c.Count
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || len(page.Rows) != page.Total {
			t.Errorf("%s: table counts %v, support %v, %d rows of %d", day, got, want, len(page.Rows), page.Total)
		}
	}
}

// BenchmarkEndorsements runs the table query (one page with its counts) on a generated contest
// of 100,000 events: 25,000 endorsers of 4 kinds, each endorsing, switching, sometimes
// withdrawing, over 60 days.
func BenchmarkEndorsements(b *testing.B) {
	st, contestID := benchContest(b)
	queries := map[string]store.EndorsementQuery{
		"all-page1":      {Limit: 50},
		"as-of-filtered": {AsOf: "2016-07-30", KindIDs: []uint{1, 2}, Search: "endorser 1", Limit: 50, Sort: store.SortName},
		"withdrawn-p10":  {States: []string{store.StateWithdrawn}, Limit: 50, Offset: 450},
	}
	for name, q := range queries {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.Endorsements(contestID, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestRegions: the table's region filter offers each region with an endorser that has an event
// in the contest, in order, once; not the regions of endorsers with no event there, nor none.
func TestRegions(t *testing.T) {
	f := newFixture(t)
	for name, region := range map[string]string{"north-a": "North", "north-b": "North", "east": "East",
		"nowhere": "", "idle-west": "West", "zed": "Zetland"} {
		e := f.endorser(name)
		e.Region = region
		if err := f.st.As(store.Actor{UserID: 1}).UpdateEndorser(e); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"north-a", "north-b", "east", "nowhere", "zed"} {
		f.event(name, f.a, models.ActionEndorse, "2016-07-01")
	}
	got, err := f.st.Regions(f.contest.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"East", "North", "Zetland"}; !slices.Equal(got, want) {
		t.Fatalf("regions %q, want %q", got, want)
	}
}
