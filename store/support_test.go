package store_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// step is one event in a scenario: endorser, candidate ("a" or "b"), action, day.
type step struct {
	who, cand, action, day string
}

func (f *fixture) candidate(slug string) *models.Candidate {
	f.t.Helper()
	switch slug {
	case "a":
		return f.a
	case "b":
		return f.b
	}
	f.t.Fatalf("no candidate %q", slug)
	return nil
}

func (f *fixture) play(steps []step) {
	f.t.Helper()
	for _, s := range steps {
		f.event(s.who, f.candidate(s.cand), s.action, s.day)
	}
}

// kindOf adds a second endorser kind to the fixture contest, with a weight and no denominator.
func (f *fixture) kindOf(slug string, weight float64) *models.Kind {
	f.t.Helper()
	k, _, err := f.st.EnsureKind(models.Kind{Slug: slug, Name: slug, IsOrg: true})
	if err != nil {
		f.t.Fatal(err)
	}
	if err := f.st.CreateContestKind(&models.ContestKind{ContestID: f.contest.ID, KindID: k.ID, Weight: weight, SortOrder: 1}); err != nil {
		f.t.Fatal(err)
	}
	return k
}

// org creates an endorser of a kind, with a membership (nil when unknown).
func (f *fixture) org(name string, k *models.Kind, members *int) *models.Endorser {
	f.t.Helper()
	e := &models.Endorser{Slug: name, Name: name, KindID: k.ID, Membership: members}
	if err := f.st.CreateEndorser(e); err != nil {
		f.t.Fatal(err)
	}
	f.endorsers[name] = e
	return e
}

func (f *fixture) roster(names ...string) {
	f.t.Helper()
	for _, n := range names {
		if err := f.st.CreateRosterEntry(&models.RosterEntry{ContestID: f.contest.ID, EndorserID: f.endorser(n).ID}); err != nil {
			f.t.Fatal(err)
		}
	}
}

// reloaded is the fixture contest as the store reads it, with its rules and their kinds.
func (f *fixture) reloaded() *models.Contest {
	f.t.Helper()
	c, err := f.st.Contest(f.contest.Slug)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func TestSupportAsOf(t *testing.T) {
	cases := []struct {
		name  string
		steps []step
		want  map[string]map[string]int // as-of day -> candidate -> count
	}{
		{
			name:  "endorse counts from its day",
			steps: []step{{"x", "a", "endorse", "2016-07-10"}},
			want: map[string]map[string]int{
				"2016-07-09": {}, "2016-07-10": {"a": 1}, "2016-12-31": {"a": 1}, "": {"a": 1},
			},
		},
		{
			name:  "nominate counts like endorse",
			steps: []step{{"x", "a", "nominate", "2016-07-10"}, {"y", "b", "endorse", "2016-07-11"}},
			want:  map[string]map[string]int{"2016-07-10": {"a": 1}, "2016-07-11": {"a": 1, "b": 1}},
		},
		{
			name:  "a later endorse for another candidate is a switch",
			steps: []step{{"x", "a", "endorse", "2016-07-10"}, {"x", "b", "endorse", "2016-07-20"}},
			want:  map[string]map[string]int{"2016-07-19": {"a": 1}, "2016-07-20": {"b": 1}, "": {"b": 1}},
		},
		{
			name:  "switch recorded before the earlier event applies in date order",
			steps: []step{{"x", "b", "endorse", "2016-07-20"}, {"x", "a", "endorse", "2016-07-10"}},
			want:  map[string]map[string]int{"2016-07-15": {"a": 1}, "2016-07-20": {"b": 1}},
		},
		{
			name:  "two endorsements on one day: the one recorded last stands",
			steps: []step{{"x", "a", "endorse", "2016-07-10"}, {"x", "b", "endorse", "2016-07-10"}},
			want:  map[string]map[string]int{"2016-07-10": {"b": 1}},
		},
		{
			name:  "withdraw ends support from its day",
			steps: []step{{"x", "a", "endorse", "2016-07-10"}, {"x", "a", "withdraw", "2016-07-20"}},
			want:  map[string]map[string]int{"2016-07-19": {"a": 1}, "2016-07-20": {}, "": {}},
		},
		{
			name:  "withdraw of another candidate has no effect",
			steps: []step{{"x", "a", "endorse", "2016-07-10"}, {"x", "b", "withdraw", "2016-07-20"}},
			want:  map[string]map[string]int{"2016-07-20": {"a": 1}},
		},
		{
			name: "withdraw of a candidate the endorser already left has no effect",
			steps: []step{{"x", "a", "endorse", "2016-07-10"}, {"x", "b", "endorse", "2016-07-15"},
				{"x", "a", "withdraw", "2016-07-20"}},
			want: map[string]map[string]int{"2016-07-14": {"a": 1}, "2016-07-15": {"b": 1}, "2016-07-20": {"b": 1}, "": {"b": 1}},
		},
		{
			name: "withdraw before a re-endorsement does not end the new support",
			steps: []step{{"x", "a", "endorse", "2016-07-10"}, {"x", "a", "withdraw", "2016-07-12"},
				{"x", "a", "endorse", "2016-07-14"}},
			want: map[string]map[string]int{"2016-07-11": {"a": 1}, "2016-07-12": {}, "2016-07-14": {"a": 1}, "": {"a": 1}},
		},
		{
			name: "same-day withdraw and endorse: the withdraw applies first",
			steps: []step{{"x", "a", "endorse", "2016-07-10"},
				{"x", "b", "endorse", "2016-07-20"}, {"x", "a", "withdraw", "2016-07-20"}},
			want: map[string]map[string]int{"2016-07-19": {"a": 1}, "2016-07-20": {"b": 1}, "": {"b": 1}},
		},
		{
			name: "same-day withdraw and re-endorse of one candidate leaves it standing, whatever the recording order",
			steps: []step{{"x", "a", "endorse", "2016-07-10"}, {"x", "a", "endorse", "2016-07-20"}, {"x", "a", "withdraw", "2016-07-20"},
				{"y", "b", "withdraw", "2016-07-20"}, {"y", "b", "endorse", "2016-07-20"}},
			want: map[string]map[string]int{"2016-07-20": {"a": 1, "b": 1}, "": {"a": 1, "b": 1}},
		},
		{
			name: "re-endorsing the same candidate counts once",
			steps: []step{{"x", "a", "endorse", "2016-07-10"}, {"x", "a", "nominate", "2016-07-20"},
				{"y", "a", "endorse", "2016-07-15"}},
			want: map[string]map[string]int{"2016-07-20": {"a": 2}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.play(tc.steps)
			for day, want := range tc.want {
				if got := f.counts(day); !reflect.DeepEqual(got, want) {
					t.Errorf("as of %q: %v, want %v", day, got, want)
				}
			}
		})
	}
}

func TestSupportIgnoresRetractedEvents(t *testing.T) {
	f := newFixture(t)
	retracted := time.Date(2016, 8, 1, 0, 0, 0, 0, time.UTC)
	add := func(who string, c *models.Candidate, action, day string, gone bool) {
		e := &models.Event{ContestID: f.contest.ID, EndorserID: f.endorser(who).ID, CandidateID: c.ID,
			Action: action, EffectiveOn: day, SourceURL: "https://example.org/" + who}
		if gone {
			e.RetractedAt, e.RetractionReason = &retracted, "wrong record"
		}
		if err := f.st.CreateEvent(e); err != nil {
			t.Fatal(err)
		}
	}
	add("x", f.a, "endorse", "2016-07-10", false)
	add("x", f.b, "endorse", "2016-07-15", true)  // a retracted switch does not end support for a
	add("x", f.a, "withdraw", "2016-07-20", true) // nor does a retracted withdraw
	add("y", f.b, "endorse", "2016-07-10", true)  // a retracted endorsement counts for no one

	for _, day := range []string{"2016-07-15", "2016-07-20", ""} {
		if got, want := f.counts(day), map[string]int{"a": 1}; !reflect.DeepEqual(got, want) {
			t.Errorf("as of %q: %v, want %v", day, got, want)
		}
	}
	series, _, err := f.st.SupportOverTime(f.contest.ID, "", store.SupportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []store.SeriesPoint{{Day: "2016-07-10", CandidateID: f.a.ID, Count: 1, Points: 2}}; !reflect.DeepEqual(series, want) {
		t.Errorf("over time: %+v, want %+v", series, want)
	}
}

func TestSupportWeights(t *testing.T) {
	f := newFixture(t) // clp weight 2
	mps := f.kindOf("mp", 5)
	f.org("mp1", mps, nil)
	f.play([]step{{"c1", "a", "endorse", "2016-07-10"}, {"c2", "a", "endorse", "2016-07-11"}, {"mp1", "b", "endorse", "2016-07-12"}})
	ten := 10.0
	if err := f.st.CreateEvent(&models.Event{ContestID: f.contest.ID, EndorserID: f.endorser("c3").ID, CandidateID: f.b.ID,
		Action: models.ActionEndorse, EffectiveOn: "2016-07-13", SourceURL: "https://example.org/c3", Points: &ten}); err != nil {
		t.Fatal(err)
	}

	rows, err := f.st.SupportAsOf(f.contest.ID, "", store.SupportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		cand uint
		kind string
	}
	got := map[key][2]float64{}
	for _, r := range rows {
		got[key{r.CandidateID, r.KindSlug}] = [2]float64{float64(r.Count), r.Points}
	}
	want := map[key][2]float64{
		{f.a.ID, "clp"}: {2, 4},  // 2 CLPs at the rule's weight 2
		{f.b.ID, "clp"}: {1, 10}, // 1 CLP whose event carries 10 points
		{f.b.ID, "mp"}:  {1, 5},  // 1 MP at weight 5
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("support by candidate and kind: %v, want %v", got, want)
	}

	// Filtering by kind keeps only that kind.
	rows, err = f.st.SupportAsOf(f.contest.ID, "", store.SupportFilter{Kinds: []string{"mp"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].CandidateID != f.b.ID || rows[0].Points != 5 {
		t.Errorf("mp only: %+v, want one row for b with 5 points", rows)
	}
}

func TestKindShares(t *testing.T) {
	f := newFixture(t) // clp: weight 2, denominator 10
	unions := f.kindOf("union", 1)
	n := func(v int) *int { return &v }
	f.org("u1", unions, n(100))
	f.org("u2", unions, n(50))
	f.org("u3", unions, nil)
	f.org("u4", unions, n(7))
	f.org("u-off-roster", unions, n(1000))
	f.roster("u1", "u2", "u3", "u4")
	f.play([]step{
		{"c1", "a", "nominate", "2016-07-10"}, {"c2", "a", "nominate", "2016-07-11"}, {"c3", "b", "nominate", "2016-07-12"},
		{"c2", "a", "withdraw", "2016-07-20"},
		{"u1", "a", "nominate", "2016-07-10"}, {"u2", "b", "nominate", "2016-07-15"},
		{"u-off-roster", "b", "nominate", "2016-07-15"},
	})
	c := f.reloaded()

	type share struct {
		a, b, backing, undeclared int
	}
	cases := []struct {
		asOf        string
		clp, unions share
	}{
		{"2016-07-01", share{0, 0, 0, 10}, share{0, 0, 0, 4}},
		{"2016-07-12", share{2, 1, 3, 7}, share{1, 0, 1, 3}},
		// The off-roster union backs b, yet u3 and u4 still back no one: 2 undeclared of the roster.
		{"2016-07-15", share{2, 1, 3, 7}, share{1, 2, 3, 2}},
		{"2016-07-20", share{1, 1, 2, 8}, share{1, 2, 3, 2}},
	}
	for _, tc := range cases {
		shares, err := f.st.KindShares(c, tc.asOf)
		if err != nil {
			t.Fatal(err)
		}
		if len(shares) != 2 {
			t.Fatalf("as of %s: %d kind shares, want 2 (clp, union)", tc.asOf, len(shares))
		}
		for i, want := range []share{tc.clp, tc.unions} {
			ks := shares[i]
			got := share{ks.ByCandidate[f.a.ID], ks.ByCandidate[f.b.ID], ks.Backing, ks.Undeclared}
			if got != want {
				t.Errorf("%s as of %s: a/b/backing/undeclared = %v, want %v", ks.Kind.Slug, tc.asOf, got, want)
			}
		}
		if shares[0].Kind.Slug != "clp" || shares[0].Weight != 2 || shares[0].Denominator == nil || *shares[0].Denominator != 10 {
			t.Errorf("clp share: %s weight %v denominator %v, want clp, 2, 10", shares[0].Kind.Slug, shares[0].Weight, shares[0].Denominator)
		}
		if shares[1].Kind.Slug != "union" || shares[1].Denominator != nil {
			t.Errorf("union share: %s denominator %v, want union with none", shares[1].Kind.Slug, shares[1].Denominator)
		}
	}

	// Membership: backers summed per candidate, the roster's undeclared as candidate 0, and the
	// organisations whose size is unknown counted as missing.
	rows, err := f.st.MembershipWeighted(f.contest.ID, "union", "2016-07-15")
	if err != nil {
		t.Fatal(err)
	}
	got := map[uint]store.MembershipRow{}
	for _, r := range rows {
		got[r.CandidateID] = r
	}
	want := map[uint]store.MembershipRow{
		f.a.ID: {CandidateID: f.a.ID, Members: 100, Orgs: 1},
		f.b.ID: {CandidateID: f.b.ID, Members: 1050, Orgs: 2},
		0:      {CandidateID: 0, Members: 7, Orgs: 2, Missing: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("membership weighted: %+v, want %+v", got, want)
	}
}

func TestSupportOverTime(t *testing.T) {
	f := newFixture(t) // clp weight 2
	mps := f.kindOf("mp", 5)
	f.org("mp1", mps, nil)
	f.play([]step{
		{"x", "a", "endorse", "2016-07-10"},
		{"y", "a", "endorse", "2016-07-12"},
		{"x", "b", "endorse", "2016-07-15"}, // switch
		{"y", "a", "withdraw", "2016-07-18"},
		{"x", "a", "withdraw", "2016-07-19"}, // already left a: no change
		{"mp1", "b", "endorse", "2016-07-19"},
		{"z", "a", "endorse", "2016-07-25"},
	})
	got, byKind, err := f.st.SupportOverTime(f.contest.ID, "", store.SupportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	A, B := f.a.ID, f.b.ID
	pt := func(day string, cand uint, n int, points float64) store.SeriesPoint {
		return store.SeriesPoint{Day: day, CandidateID: cand, Count: n, Points: points}
	}
	want := []store.SeriesPoint{
		pt("2016-07-10", A, 1, 2),
		pt("2016-07-12", A, 2, 4),
		pt("2016-07-15", A, 1, 2),
		pt("2016-07-15", B, 1, 2),
		pt("2016-07-18", A, 0, 0),
		pt("2016-07-19", B, 2, 7),
		pt("2016-07-25", A, 1, 2),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("over time:\n got %+v\nwant %+v", got, want)
	}
	// The same per kind: the CLPs (weight 2) and the MP (weight 5) each run on their own.
	clp, mp := f.kind.ID, mps.ID
	of := func(kind uint, p store.SeriesPoint) store.SeriesPoint { p.KindID = kind; return p }
	wantByKind := []store.SeriesPoint{
		of(clp, pt("2016-07-10", A, 1, 2)),
		of(clp, pt("2016-07-12", A, 2, 4)),
		of(clp, pt("2016-07-15", A, 1, 2)),
		of(clp, pt("2016-07-15", B, 1, 2)),
		of(clp, pt("2016-07-18", A, 0, 0)),
		of(clp, pt("2016-07-25", A, 1, 2)),
		of(mp, pt("2016-07-19", B, 1, 5)),
	}
	if !reflect.DeepEqual(byKind, wantByKind) {
		t.Errorf("over time by kind:\n got %+v\nwant %+v", byKind, wantByKind)
	}

	// The cumulative series agrees with the as-of state on every day it names.
	for _, p := range got {
		rows, err := f.st.SupportAsOf(f.contest.ID, p.Day, store.SupportFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		var pts float64
		for _, r := range rows {
			if r.CandidateID == p.CandidateID {
				n += r.Count
				pts += r.Points
			}
		}
		if n != p.Count || pts != p.Points {
			t.Errorf("%s candidate %d: series %d / %v, as of %d / %v", p.Day, p.CandidateID, p.Count, p.Points, n, pts)
		}
	}

	// Up to a day, and filtered by kind.
	cut, _, err := f.st.SupportOverTime(f.contest.ID, "2016-07-15", store.SupportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cut, want[:4]) {
		t.Errorf("up to 2016-07-15: %+v, want %+v", cut, want[:4])
	}
	onlyMPs, _, err := f.st.SupportOverTime(f.contest.ID, "", store.SupportFilter{Kinds: []string{"mp"}})
	if err != nil {
		t.Fatal(err)
	}
	if w := []store.SeriesPoint{pt("2016-07-19", B, 1, 5)}; !reflect.DeepEqual(onlyMPs, w) {
		t.Errorf("mp only: %+v, want %+v", onlyMPs, w)
	}
}

func TestPositions(t *testing.T) {
	f := newFixture(t)
	f.play([]step{{"x", "a", "endorse", "2016-07-10"}, {"y", "a", "endorse", "2016-07-12"}, {"x", "b", "endorse", "2016-07-15"}})
	ps, err := f.st.Positions(f.contest.ID, "2016-07-15", store.SupportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, fmt.Sprintf("%d>%d@%s", p.EndorserID, p.CandidateID, p.StartOn))
	}
	want := []string{
		fmt.Sprintf("%d>%d@2016-07-15", f.endorser("x").ID, f.b.ID),
		fmt.Sprintf("%d>%d@2016-07-12", f.endorser("y").ID, f.a.ID),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("positions as of 2016-07-15: %v, want %v (newest first)", got, want)
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
			if _, _, err := st.SupportOverTime(contestID, "", store.SupportFilter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
