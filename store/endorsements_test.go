package store_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

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

// benchContest opens a store in a temporary directory with the generated contest of 100,000
// events.
func benchContest(b *testing.B) (*store.Store, uint) {
	b.Helper()
	st, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
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

// BenchmarkChanges runs the feed's query (the 50 newest events with their switch labels) on
// the same generated contest of 100,000 events.
func BenchmarkChanges(b *testing.B) {
	st, contestID := benchContest(b)
	for b.Loop() {
		if _, err := st.Changes(store.ChangeQuery{ContestID: contestID, Newest: true, Limit: 50}); err != nil {
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

// BenchmarkTotals runs what the totals API and the dashboard's headline figures ask of the
// store (support per candidate and kind, and shares against denominators) on the generated
// contest of 100,000 events, today and as of a past day, and the cumulative series.
func BenchmarkTotals(b *testing.B) {
	st, contestID := benchContest(b)
	var slug string
	cs, err := st.Contests()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range cs {
		if c.ID == contestID {
			slug = c.Slug
		}
	}
	c, err := st.Contest(slug)
	if err != nil {
		b.Fatal(err)
	}
	for _, asOf := range []string{"", "2016-07-30"} {
		name := "as-of-" + asOf
		if asOf == "" {
			name = "today"
		}
		b.Run("support/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.SupportAsOf(contestID, asOf, store.SupportFilter{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("kind-shares/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.KindShares(c, asOf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("support-over-time", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.SupportOverTime(contestID, "", store.SupportFilter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
