package store_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/backers/backers/models"
	"github.com/backers/backers/seed"
	"github.com/backers/backers/store"
)

const allParts = models.PartSupport | models.PartSeries | models.PartShares | models.PartBackers | models.PartUnbacked |
	models.PartMembership | models.PartTallies | models.PartLatestTallies | models.PartNominations |
	models.PartPolls | models.PartOdds | models.PartFigures | models.PartProcesses

// seeded is the real 2016 contest in a fresh database.
func seeded(t testing.TB) (*store.Store, *models.Contest) {
	t.Helper()
	st := openTestStore(t)
	if _, err := seed.Labour2016(st); err != nil {
		t.Fatal(err)
	}
	c, err := st.Contest("labour-2016")
	if err != nil {
		t.Fatal(err)
	}
	return st, c
}

// must returns v, or panics with err (which fails the test that called it): it lets an
// aggregate's answer be an argument.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// A snapshot holds what the store's own aggregates answer for the same day, each computed once:
// it reads the support tables less often than asking for the aggregates one by one does.
func TestSnapshotAgreesWithTheAggregates(t *testing.T) {
	st, c := seeded(t)
	orgKinds := []string{"affiliated-union", "clp"}
	for _, asOf := range []string{"", "2016-07-20", "2016-08-15"} {
		before := st.Statements()
		snap, err := st.Snapshot(c, models.SnapshotQuery{AsOf: asOf, OrgKinds: orgKinds, MembershipKinds: orgKinds,
			ProcessKinds: orgKinds, Parts: allParts})
		if err != nil {
			t.Fatal(err)
		}
		reads := st.Statements().Support - before.Support
		same := func(what string, got, want any) {
			t.Helper()
			g, w := reflect.ValueOf(got), reflect.ValueOf(want)
			if g.Kind() == reflect.Slice && g.Len() == 0 && w.Len() == 0 {
				return // none either way; nil and empty are the same answer
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("as of %q: %s differs from the store's own:\n got %+v\nwant %+v", asOf, what, got, want)
			}
		}
		same("support", snap.Support, must(st.SupportAsOf(c.ID, asOf, store.SupportFilter{})))
		series, byKind, err := st.SupportOverTime(c.ID, asOf, store.SupportFilter{})
		if err != nil {
			t.Fatal(err)
		}
		same("series", snap.Series, series)
		same("series by kind", snap.SeriesByKind, byKind)
		same("shares", snap.Shares, must(st.KindShares(c, asOf)))
		same("kinds", snap.Kinds, must(st.Kinds()))
		for _, k := range orgKinds {
			same("membership of "+k, snap.Membership[k], must(st.MembershipWeighted(c.ID, k, asOf)))
		}
		same("tallies", snap.Tallies, must(st.TalliesAsOf(c.ID, nil, asOf)))
		same("latest tallies", snap.LatestTallies, must(st.LatestTallies(c.ID, nil, asOf)))
		for i, th := range c.Thresholds {
			same("nominations for "+th.Name, snap.Nominations[i], must(st.NominationsAsOf(c.ID, th.Kinds(), asOf)))
		}
		same("polls", snap.Polls, must(st.PollsAsOf(c.ID, asOf)))
		same("odds by day", snap.OddsByDay, must(st.OddsByDay(c.ID, asOf)))
		same("odds", snap.Odds, must(st.OddsAsOf(c.ID, asOf)))
		for _, series := range []string{"membership", "result", "union-membership-share"} {
			same("figures "+series, snap.FiguresOf(series), must(st.FiguresAsOf(c.ID, series, asOf)))
		}

		// The backing events are the positions of each kind, in their order; the roster's
		// endorsers of the kind not among them are the unbacked.
		for _, k := range orgKinds {
			pos := must(st.Positions(c.ID, asOf, store.SupportFilter{Kinds: []string{k}}))
			var got, want []uint
			backing := map[string]bool{}
			for _, e := range snap.Backing[k] {
				got = append(got, e.ID)
				backing[e.Endorser.Name] = true
			}
			for _, p := range pos {
				want = append(want, p.EventID)
			}
			same(k+" backing events", got, want)
			// The processes are the backing events that record a process, votes or a turnout.
			var withProcess, processes []uint
			for _, e := range snap.Backing[k] {
				if e.Process != "" || e.VotesFor != nil || e.VotesAgainst != nil || e.Turnout != nil {
					withProcess = append(withProcess, e.ID)
				}
			}
			for _, e := range snap.Processes[k] {
				processes = append(processes, e.ID)
			}
			same(k+" processes", processes, withProcess)
			for _, name := range snap.Unbacked[k] {
				if backing[name] {
					t.Errorf("as of %q: %s both backs someone and is unbacked", asOf, name)
				}
			}
			if !slices.IsSorted(snap.Unbacked[k]) {
				t.Errorf("as of %q: unbacked %s not sorted: %v", asOf, k, snap.Unbacked[k])
			}
		}

		// Asked one by one (KindShares computing the support again, positions once per kind),
		// the same aggregates read the support tables more often than the snapshot did.
		if separately := st.Statements().Support - before.Support - reads; reads >= separately {
			t.Errorf("as of %q: the snapshot read the support tables %d times, the aggregates one by one %d", asOf, reads, separately)
		}
	}
}

// The published figures come through the snapshot: GMB nominated Smith, Unite Corbyn, and the
// New Statesman's CLP count is the latest tally (285 / 53).
func TestSnapshotOfTheSeededContest(t *testing.T) {
	st, c := seeded(t)
	snap, err := st.Snapshot(c, models.SnapshotQuery{OrgKinds: []string{"affiliated-union"},
		Parts: models.PartBackers | models.PartLatestTallies})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]uint{}
	for _, cd := range c.Candidates {
		byName[cd.Name] = cd.ID
	}
	unions := map[string]uint{}
	for _, e := range snap.Backing["affiliated-union"] {
		unions[e.Endorser.Name] = e.CandidateID
	}
	if unions["GMB"] != byName["Owen Smith"] || unions["Unite"] != byName["Jeremy Corbyn"] {
		t.Errorf("union backers: %v", unions)
	}
	clps := map[string]int{}
	for _, tl := range snap.TalliesOf([]string{"clp"}, true) {
		if tl.CandidateID != nil {
			clps[tl.Candidate.Name] = tl.Count
		}
	}
	if clps["Jeremy Corbyn"] != 285 || clps["Owen Smith"] != 53 {
		t.Errorf("latest CLP tallies %v, want Corbyn 285, Smith 53", clps)
	}
	if snap.Support != nil || snap.Series != nil || snap.Polls != nil || snap.Figures != nil {
		t.Error("parts not asked for were computed")
	}
}

// A snapshot of one part asks nothing else of the database.
func TestSnapshotComputesOnlyWhatIsAsked(t *testing.T) {
	st, c := seeded(t)
	before := st.Statements()
	snap, err := st.Snapshot(c, models.SnapshotQuery{Parts: models.PartPolls})
	if err != nil {
		t.Fatal(err)
	}
	after := st.Statements()
	if len(snap.Polls) == 0 {
		t.Fatal("no polls in the seeded contest's snapshot")
	}
	// the polls and their values, no spans
	if after.SQL-before.SQL != 2 || after.Support != before.Support {
		t.Errorf("a polls snapshot ran %d statements, %d of them spans; want 2 and 0",
			after.SQL-before.SQL, after.Support-before.Support)
	}
}

// BenchmarkSnapshot is the dashboard's snapshot (every part) of the generated 100,000-event
// contest, reporting the statements it takes and how many of them read the support tables.
func BenchmarkSnapshot(b *testing.B) {
	st, id := benchContest(b)
	c, err := st.ContestByID(id)
	if err != nil {
		b.Fatal(err)
	}
	q := models.SnapshotQuery{OrgKinds: []string{"clp", "affiliated-union"}, MembershipKinds: []string{"affiliated-union"}, Parts: allParts}
	before := st.Statements()
	for b.Loop() {
		if _, err := st.Snapshot(c, q); err != nil {
			b.Fatal(err)
		}
	}
	after := st.Statements()
	b.ReportMetric(float64(after.SQL-before.SQL)/float64(b.N), "statements/op")
	b.ReportMetric(float64(after.Support-before.Support)/float64(b.N), "support-reads/op")
}
