package store_test

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/models"
	"github.com/backers/backers/scripts/loadgen"
	"github.com/backers/backers/store"
)

// generatedContest opens a copy of the database file named by BACKERS_BENCH_DB, which holds a
// scripts/genload contest (made once, for instance with
// `go run ./scripts/genload -db /tmp/backers-genload/load-1000000.db -events 1000000`; the
// contest named by BACKERS_BENCH_CONTEST, else load-test), or,
// without it, a 10,000-event genload contest made here. The copy keeps the writes of the
// benchmarks out of the file.
func generatedContest(b *testing.B) (*store.Store, *models.Contest) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "bench.db")
	src := os.Getenv("BACKERS_BENCH_DB")
	if src != "" {
		if err := copyFile(src, path); err != nil {
			b.Fatal(err)
		}
	}
	st, err := store.Open(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if src == "" {
		if _, err := loadgen.Generate(st, 10000); err != nil {
			b.Fatal(err)
		}
	}
	// BACKERS_BENCH_CONTEST picks one contest of a database of many
	// (`genload -events 100 -contests 10000` makes load-test to load-test-10000).
	c, err := st.Contest(cmp.Or(os.Getenv("BACKERS_BENCH_CONTEST"), loadgen.Slug))
	if err != nil {
		b.Fatal(err)
	}
	return st, c
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BenchmarkGenerated is what the totals API, the dashboard, the series and the who-backs-whom
// table ask of the store on a generated contest, for today (after the contest: every open
// span), a late day and a day in the middle, and one quick add with the upkeep of the derived
// tables included.
func BenchmarkGenerated(b *testing.B) {
	st, c := generatedContest(b)
	var events int64
	if n, err := st.EventCount(c.ID); err == nil {
		events = n
	}
	b.Logf("%d events", events)
	for _, asOf := range []string{"", "2030-03-10", "2030-02-01"} {
		name := "as-of-" + asOf
		if asOf == "" {
			name = "today"
		}
		b.Run("support/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.SupportAsOf(c.ID, asOf, store.SupportFilter{}); err != nil {
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
		b.Run("table-page-1/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.Endorsements(c.ID, store.EndorsementQuery{AsOf: asOf, Limit: 50}); err != nil {
					b.Fatal(err)
				}
			}
		})
		// What the dashboard asks of the store: every chart's parts in one snapshot, and its
		// latest changes in the order it lists them on that day.
		b.Run("dashboard-snapshot/"+name, func(b *testing.B) {
			q := charts.Query(nil, charts.Options{AsOf: asOf})
			for b.Loop() {
				if _, err := st.Snapshot(c, q); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("latest-changes/"+name, func(b *testing.B) {
			order := store.NewestRecorded
			if asOf != "" {
				order = store.NewestEffective
			}
			for b.Loop() {
				if _, err := st.Changes(store.ChangeQuery{ContestID: c.ID, AsOf: asOf, Retracted: true, Order: order, Limit: 20}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("support-over-time", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := st.SupportOverTime(c.ID, "", store.SupportFilter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	filtered := map[string]store.EndorsementQuery{
		"candidate-kind": {AsOf: "2030-03-10", CandidateIDs: []uint{c.Candidates[0].ID}, KindIDs: []uint{c.Kinds[0].KindID}, Limit: 50},
		"search-by-name": {AsOf: "2030-03-10", Search: "endorser 12", Limit: 50, Sort: store.SortName},
		"withdrawn":      {AsOf: "2030-03-10", States: []string{store.StateWithdrawn}, Limit: 50},
		// Each filter below takes its own path: withdrawn rows from their spans' index, a name
		// or a region from the endorsers first, the rest over the standing spans.
		"withdrawn-mid-contest": {AsOf: "2030-02-01", States: []string{store.StateWithdrawn}, Limit: 50},
		"action-withdraw":       {Actions: []string{"withdraw"}, Limit: 50},
		"action-nominate":       {AsOf: "2030-03-10", Actions: []string{"nominate"}, Limit: 50},
		"search-both-states":    {Search: "endorser 4", States: []string{store.StateCurrent, store.StateWithdrawn}, Limit: 50},
		"search-both-mid":       {AsOf: "2030-02-01", Search: "endorser 4", States: []string{store.StateCurrent, store.StateWithdrawn}, Limit: 50},
		"search-everyone":       {Search: "endorser", States: []string{store.StateCurrent, store.StateWithdrawn}, Limit: 50},
		"search-no-match":       {Search: "nobody by this name", Limit: 50},
		"region":                {Regions: []string{"Nowhere"}, Limit: 50},
		"from-to":               {From: "2030-03-01", To: "2030-03-05", Limit: 50},
		"sort-by-name":          {Sort: store.SortName, Limit: 50},
		"search-from-to":        {Search: "endorser 4", From: "2030-03-01", To: "2030-03-05", Limit: 50},
		"search-oldest-page-5":  {Search: "endorser 4", Sort: store.SortOldest, Limit: 50, Offset: 200},
		"sort-by-region":        {Sort: store.SortRegion, Limit: 50},
		"sort-by-kind":          {Sort: store.SortKind, Limit: 50},
		"verification":          {Verifications: []string{"confirmed"}, Limit: 50},
		"hide-withdrawn":        {HideWithdrawnCandidates: true, Limit: 50},
		"action-endorse":        {Actions: []string{"endorse"}, Limit: 50},
		"endorser-ids":          {EndorserIDs: []uint{1, 2, 3, 500, 40000}, Limit: 50},
		"sort-by-candidate":     {Sort: store.SortCandidate, Limit: 50},
	}
	for name, q := range filtered {
		b.Run("table-page-1/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.Endorsements(c.ID, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("quick-add", func(b *testing.B) {
		ed := st.As(store.Actor{UserID: 1, Email: "bench@example.org"})
		endorsers, err := st.Endorsements(c.ID, store.EndorsementQuery{Limit: 500})
		if err != nil || len(endorsers.Rows) == 0 {
			b.Fatalf("no endorsers to write for: %v", err)
		}
		i := 0
		for b.Loop() {
			i++
			row := endorsers.Rows[i%len(endorsers.Rows)]
			e := &models.Event{ContestID: c.ID, EndorserID: row.EndorserID, CandidateID: c.Candidates[i%len(c.Candidates)].ID,
				Action: models.ActionEndorse, EffectiveOn: fmt.Sprintf("2030-03-%02d", 1+i%10),
				SourceURL: "https://example.org/bench", Verification: models.VerificationReported}
			if err := ed.QuickAdd(nil, e); err != nil && !errors.Is(err, store.ErrDuplicate) {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkTableFilters is the who-backs-whom table's first page (or a fifth) under many
// combinations of its filters and sorts, drawn at random from a fixed seed (days, candidates,
// kinds, states, verification, actions, a search, a range of days, hidden candidates, a sort),
// each asked three times and the middle time kept: the target is a bound on every filter, so it
// reports the slowest and the 99th and 50th percentiles across them, and logs the slowest
// queries. Run it once (-benchtime 1x) on a genload contest (BACKERS_BENCH_DB).
func BenchmarkTableFilters(b *testing.B) {
	st, c := generatedContest(b)
	kinds, err := st.Kinds()
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(10, 2026))
	some := func(n int, pick func(int)) {
		for _, i := range rng.Perm(n)[:1+rng.IntN(min(n, 3))] {
			pick(i)
		}
	}
	days := []string{"", "2030-03-10", "2030-03-01", "2030-02-01", "2030-01-05", "2029-12-31"}
	searches := []string{"endorser", "endorser 4", "endorser 12", "dorser 9", "r", "e", "zzz", "endorser 49999", "1", "endorser 3"}
	states := [][]string{{store.StateCurrent}, {store.StateWithdrawn}, {store.StateCurrent, store.StateWithdrawn}}
	actions := []string{models.ActionEndorse, models.ActionNominate, models.ActionWithdraw}
	verifications := []string{models.VerificationConfirmed, models.VerificationReported}
	queries := make([]store.EndorsementQuery, 400)
	for i := range queries {
		q := store.EndorsementQuery{AsOf: days[rng.IntN(len(days))], Limit: 50}
		if rng.IntN(10) < 3 {
			some(len(c.Candidates), func(i int) { q.CandidateIDs = append(q.CandidateIDs, c.Candidates[i].ID) })
		}
		if rng.IntN(10) < 3 {
			some(len(kinds), func(i int) { q.KindIDs = append(q.KindIDs, kinds[i].ID) })
		}
		if rng.IntN(10) < 4 {
			q.States = states[rng.IntN(len(states))]
		}
		if rng.IntN(10) < 2 {
			some(len(verifications), func(i int) { q.Verifications = append(q.Verifications, verifications[i]) })
		}
		if rng.IntN(10) < 3 {
			some(len(actions), func(i int) { q.Actions = append(q.Actions, actions[i]) })
		}
		if rng.IntN(10) < 4 {
			q.Search = searches[rng.IntN(len(searches))]
		}
		if rng.IntN(10) < 2 {
			q.From = []string{"2030-01-01", "2030-02-15", "2029-06-01"}[rng.IntN(3)]
		}
		if rng.IntN(10) < 2 {
			q.To = []string{"2030-02-20", "2030-03-05", "2030-01-10"}[rng.IntN(3)]
		}
		q.HideWithdrawnCandidates = rng.IntN(10) < 2
		if rng.IntN(10) < 6 {
			q.Sort = store.SortOrders[rng.IntN(len(store.SortOrders))]
		}
		if rng.IntN(10) == 0 {
			q.Offset = 200
		}
		queries[i] = q
	}
	type timed struct {
		q store.EndorsementQuery
		d time.Duration
	}
	var times []timed
	for b.Loop() {
		times = times[:0]
		for _, q := range queries {
			var runs [3]time.Duration
			for r := range runs {
				start := time.Now()
				if _, err := st.Endorsements(c.ID, q); err != nil {
					b.Fatalf("%+v: %v", q, err)
				}
				runs[r] = time.Since(start)
			}
			slices.Sort(runs[:])
			times = append(times, timed{q, runs[1]})
		}
	}
	slices.SortFunc(times, func(a, b timed) int { return cmp.Compare(b.d, a.d) })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(times[0].d), "max-ms")
	b.ReportMetric(ms(times[len(times)/100].d), "p99-ms")
	b.ReportMetric(ms(times[len(times)/2].d), "p50-ms")
	for _, t := range times[:5] {
		b.Logf("%.1f ms: %+v", ms(t.d), t.q)
	}
}

// BenchmarkTableSearches times the table's first page searched by each of a range of names, from
// none and one endorser's to nearly every one's, in the default order and by name.
func BenchmarkTableSearches(b *testing.B) {
	st, c := generatedContest(b)
	searches := []string{"endorser 49999", "endorser 12", "zzz", "dorser 9", "endorser 4", "endorser", "e"}
	for _, sort := range []string{store.SortNewest, store.SortName} {
		for _, search := range searches {
			q := store.EndorsementQuery{Search: search, Sort: sort, Limit: 50}
			b.Run(sort+"/"+search, func(b *testing.B) {
				for b.Loop() {
					if _, err := st.Endorsements(c.ID, q); err != nil {
						b.Fatalf("%+v: %v", q, err)
					}
				}
			})
		}
	}
}
