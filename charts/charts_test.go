package charts_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// fixture is a small contest on a real SQLite file: an incumbent, a challenger and a withdrawn
// candidate; 10 CLPs (reported tallies only) and 3 unions (counted records, one undeclared);
// MP nominations against a threshold; a poll, odds and membership and result figures.
type fixture struct {
	t       *testing.T
	st      *store.Store
	contest *models.Contest
	cands   map[string]*models.Candidate
	kinds   map[string]*models.Kind
}

func ptr[T any](v T) *T { return &v }

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st := testdb.Open(t)
	st.SetClock(func() time.Time { return time.Date(2016, 9, 25, 12, 0, 0, 0, time.UTC) })
	return st
}

// newContest creates a contest with rules (CLPs of 10, unions of 3, MPs) and a threshold, and
// the named candidates; no events.
func newContest(t *testing.T, st *store.Store, slug string, names ...string) *fixture {
	t.Helper()
	f := &fixture{t: t, st: st, cands: map[string]*models.Candidate{}, kinds: map[string]*models.Kind{}}
	for _, k := range []models.Kind{
		{Slug: "clp", Name: "Constituency Labour Party", Plural: "CLPs", IsOrg: true},
		{Slug: "affiliated-union", Name: "Affiliated trade union", Plural: "Affiliated unions", IsOrg: true},
		{Slug: "mp", Name: "MP", Plural: "MPs"},
	} {
		got, _, err := st.EnsureKind(k)
		if err != nil {
			t.Fatal(err)
		}
		f.kinds[k.Slug] = got
	}
	c := &models.Contest{Slug: slug, Title: "Test " + slug,
		Kinds: []models.ContestKind{
			{KindID: f.kinds["affiliated-union"].ID, Weight: 1, Denominator: ptr(3), DenominatorNote: "three unions", SortOrder: 0},
			{KindID: f.kinds["clp"].ID, Weight: 1, Denominator: ptr(10), SortOrder: 1},
			{KindID: f.kinds["mp"].ID, Weight: 1, SortOrder: 2},
		},
		Thresholds: []models.Threshold{{Name: "MP nominations", KindSlugs: "mp", AppliesTo: "challenger", Percent: 20, Of: 10,
			Note: "reported as both 2 and 3", SourceURL: "https://rules.example.org/threshold"}},
	}
	if err := st.CreateContest(c); err != nil {
		t.Fatal(err)
	}
	f.contest = c
	colours := []string{"#c8102e", "#1f77b4", "#7f7f7f"}
	for i, n := range names {
		cd := &models.Candidate{ContestID: c.ID, Slug: strings.ToLower(strings.Fields(n + " x")[0]), Name: n,
			Colour: colours[i%3], Incumbent: i == 0, Status: models.CandidateOnBallot, SortOrder: i}
		if i == 2 {
			cd.Status, cd.WithdrawnOn = models.CandidateWithdrawn, "2016-07-19"
		}
		if err := st.CreateCandidate(cd); err != nil {
			t.Fatal(err)
		}
		f.cands[cd.Slug] = cd
	}
	return f
}

func (f *fixture) endorser(slug, name, kind string, members *int) *models.Endorser {
	f.t.Helper()
	e := &models.Endorser{Slug: slug, Name: name, KindID: f.kinds[kind].ID, Membership: members}
	if err := f.st.CreateEndorser(e); err != nil {
		f.t.Fatal(err)
	}
	return e
}

func (f *fixture) event(e *models.Endorser, cand, action, day string) {
	f.t.Helper()
	if err := f.st.CreateEvent(&models.Event{ContestID: f.contest.ID, EndorserID: e.ID, CandidateID: f.cands[cand].ID,
		Action: action, EffectiveOn: day, SourceURL: "https://news.example.org/" + e.Slug}); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) tally(kind, cand string, n int, day, verification string) {
	f.t.Helper()
	var cid *uint
	if cand != "" {
		cid = &f.cands[cand].ID
	}
	if err := f.st.CreateReportedTally(&models.ReportedTally{ContestID: f.contest.ID, KindID: f.kinds[kind].ID, CandidateID: cid,
		Count: n, AsOf: day, SourceURL: "https://paper.example.org/tally", SourceTitle: "Paper", Verification: verification}); err != nil {
		f.t.Fatal(err)
	}
}

// seeded is the full fixture.
func seeded(t *testing.T) *fixture {
	st := openStore(t)
	f := newContest(t, st, "test", "Ann Alder", "Bob Birch", "Cat Cedar")
	u1 := f.endorser("u1", "Union One", "affiliated-union", ptr(700))
	u2 := f.endorser("u2", "Union Two", "affiliated-union", ptr(200))
	u3 := f.endorser("u3", "Union Three", "affiliated-union", ptr(100))
	for _, u := range []*models.Endorser{u1, u2, u3} {
		if err := st.CreateRosterEntry(&models.RosterEntry{ContestID: f.contest.ID, EndorserID: u.ID}); err != nil {
			t.Fatal(err)
		}
	}
	f.event(u1, "ann", models.ActionNominate, "2016-07-20")
	f.event(u2, "bob", models.ActionNominate, "2016-08-01")
	mp1 := f.endorser("mp1", "MP One", "mp", nil)
	mp2 := f.endorser("mp2", "MP Two", "mp", nil)
	f.event(mp1, "cat", models.ActionNominate, "2016-07-12")
	f.event(mp1, "cat", models.ActionWithdraw, "2016-07-19")
	f.event(mp1, "bob", models.ActionNominate, "2016-07-19")
	f.event(mp2, "bob", models.ActionEndorse, "2016-07-13")

	f.tally("clp", "ann", 2, "2016-07-29", "")
	f.tally("clp", "bob", 1, "2016-07-29", "")
	f.tally("clp", "ann", 5, "2016-08-15", models.VerificationDisputed) // another source, same day
	f.tally("clp", "ann", 6, "2016-08-15", "")
	f.tally("clp", "bob", 2, "2016-08-15", models.VerificationDisputed)
	f.tally("clp", "", 2, "2016-08-15", "")
	f.tally("mp", "bob", 3, "2016-07-19", "")
	f.tally("mp", "cat", 2, "2016-07-19", "")
	f.tally("mp", "bob", 5, "2016-08-15", "")
	f.tally("mp", "", 4, "2016-08-15", "") // the MPs not nominating, as the source counts them

	if err := st.CreatePoll(&models.Poll{ContestID: f.contest.ID, Pollster: "PollCo", Population: "members",
		FieldworkStart: "2016-08-01", FieldworkEnd: "2016-08-04", SampleSize: ptr(1000), SourceURL: "https://poll.example.org/1", Note: "a note",
		Values: []models.PollValue{{CandidateID: &f.cands["ann"].ID, Percent: 62}, {CandidateID: &f.cands["bob"].ID, Percent: 38}}}); err != nil {
		t.Fatal(err)
	}
	for _, o := range []models.Odds{
		{CandidateID: f.cands["bob"].ID, Bookmaker: "Hill", QuotedOn: "2016-08-01", Numerator: 9, Denominator: 2},
		{CandidateID: f.cands["bob"].ID, Bookmaker: "Ladder", QuotedOn: "2016-08-02", Numerator: 4, Denominator: 1, Note: "date inferred"},
		{CandidateID: f.cands["bob"].ID, Bookmaker: "Hill", QuotedOn: "2016-08-02", Numerator: 3, Denominator: 1},
		{CandidateID: f.cands["ann"].ID, Bookmaker: "Hill", QuotedOn: "2016-08-02", Numerator: 1, Denominator: 8},
	} {
		o.ContestID = f.contest.ID
		if err := st.CreateOdds(&o); err != nil {
			t.Fatal(err)
		}
	}
	for _, fg := range []models.Figure{
		{Series: "membership", Value: 201293, AsOf: "2015-05-01", SourceURL: "https://members.example.org/a", Verification: models.VerificationConfirmed},
		{Series: "membership", Value: 515000, AsOf: "2016-08-01", DatePrecision: models.PrecisionMonth, SourceURL: "https://members.example.org/b"},
		{Series: "membership", Value: 540000, AsOf: "2016-08-10", Verification: models.VerificationDisputed, Note: "aggregator only"},
		{Series: "result", Category: "Members", CandidateID: &f.cands["ann"].ID, Value: 600, Unit: "votes", AsOf: "2016-09-24"},
		{Series: "result", Category: "Members", CandidateID: &f.cands["bob"].ID, Value: 400, Unit: "votes", AsOf: "2016-09-24"},
		{Series: "result", Category: "Supporters", CandidateID: &f.cands["ann"].ID, Value: 150, Unit: "votes", AsOf: "2016-09-24"},
		{Series: "result", Category: "Supporters", CandidateID: &f.cands["bob"].ID, Value: 50, Unit: "votes", AsOf: "2016-09-24"},
		{Series: "result", Category: "total", CandidateID: &f.cands["ann"].ID, Value: 750, Unit: "votes", AsOf: "2016-09-24"},
		{Series: "result", Category: "total", CandidateID: &f.cands["bob"].ID, Value: 450, Unit: "votes", AsOf: "2016-09-24"},
		{Series: "result", Category: "Turnout", Value: 77.6, Unit: "%", AsOf: "2016-09-24"},
	} {
		fg.ContestID = f.contest.ID
		if err := st.CreateFigure(&fg); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// snapshot is what a handler asks the store for before it builds the named charts (all, for
// none).
func snapshot(t testing.TB, st *store.Store, c *models.Contest, names []string, o charts.Options) *models.Snapshot {
	t.Helper()
	snap, err := st.Snapshot(c, charts.Query(names, o))
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func (f *fixture) build(o charts.Options) map[string]*charts.Chart {
	f.t.Helper()
	c, err := f.st.Contest(f.contest.Slug)
	if err != nil {
		f.t.Fatal(err)
	}
	all, err := charts.BuildAll(snapshot(f.t, f.st, c, nil, o), o)
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]*charts.Chart{}
	for _, ch := range all {
		out[ch.Name] = ch
	}
	if len(out) != len(charts.Names()) {
		f.t.Fatalf("built %d charts, want %d", len(out), len(charts.Names()))
	}
	return out
}

func TestChartsSummariesAndTables(t *testing.T) {
	f := seeded(t)
	got := f.build(charts.Options{})
	cases := []struct {
		chart    string
		summary  string
		asOf     string
		basis    string
		wantRows [][]string // rows the table must hold
		headline []string   // "label=value"
		notes    []string   // substrings of some note
	}{
		// Reported tallies and counted records side by side, per kind, never added together: the
		// CLPs' published counts in a panel of their own; the MPs' tallies beside the MPs
		// counted here; the unions (no tallies) in the panel of the other backers.
		{chart: "support-over-time", asOf: "2016-08-15", basis: charts.BasisBoth,
			summary: "Published (reported tally): CLPs Ann Alder 11 and Bob Birch 2, as of 15 Aug 2016 (Paper). Counted endorsements and nominations as of 15 Aug 2016: Ann Alder 1, Bob Birch 3 and Cat Cedar 0.",
			wantRows: [][]string{
				{"29 Jul 2016", "CLPs", "Reported tally (Paper)", "2", "1", "–"},
				{"15 Aug 2016", "CLPs", "Reported tally (Paper)", "6", "2 (disputed)", "–"},
				{"19 Jul 2016", "MPs", "Reported tally (Paper)", "–", "3", "2"},
				{"12 Jul 2016", "MPs", "Counted records", "0", "0", "1"},
				{"19 Jul 2016", "MPs", "Counted records", "0", "2", "0"},
				{"1 Aug 2016", "Other backers", "Counted records", "1", "1", "0"}},
			notes: []string{"never added together"}},
		{chart: "by-kind", basis: charts.BasisCounted,
			summary:  "Counted backers by kind as of 1 Aug 2016: Affiliated unions 2 and MPs 2. By candidate: Ann Alder 1, Bob Birch 3 and Cat Cedar 0.",
			wantRows: [][]string{{"Affiliated unions", "1", "1", "0", "2"}, {"MPs", "0", "2", "0", "2"}}},
		{chart: "clp-nominations", asOf: "2016-08-15", basis: charts.BasisReported,
			summary: "CLP supporting nominations as reported on 15 Aug 2016: Ann Alder 6, Bob Birch 2 and 2 of 10 did not nominate.",
			wantRows: [][]string{{"29 Jul 2016", "2", "1", "not reported", "7 (the rest)", "Paper"},
				{"15 Aug 2016", "6", "2 (disputed)", "not reported", "2", "Paper"}},
			headline: []string{"Ann Alder=6", "Bob Birch=2", "No nomination=2"},
			notes:    []string{"15 Aug 2016: disputed", "Not charted: Paper gives Ann Alder 5 on 15 Aug 2016 (disputed)."}},
		{chart: "union-nominations", basis: charts.BasisCounted,
			summary:  "Affiliated unions nominating as of 1 Aug 2016 (counted records): Ann Alder 1, Bob Birch 1 and 1 of 3 made no nomination.",
			wantRows: [][]string{{"Ann Alder", "1", "Union One"}, {"Bob Birch", "1", "Union Two"}, {"No nomination of 3", "1", "Union Three"}},
			headline: []string{"Ann Alder=1", "Bob Birch=1", "No nomination=1"}},
		{chart: "union-membership", basis: charts.BasisCounted,
			summary:  "Unions nominating each candidate as a share of TOTAL union membership (all the members of the 3 unions, not only those affiliated to the party), as of 1 Aug 2016: Ann Alder 70.0%, Bob Birch 20.0% and No nomination 10.0%.",
			wantRows: [][]string{{"Ann Alder", "1", "700", "70.0%", "none"}, {"No nomination", "1", "100", "10.0%", "none"}},
			notes:    []string{"not its Labour-affiliated membership"}},
		{chart: "thresholds", asOf: "2016-08-15", basis: charts.BasisReported,
			summary: "MP nominations: Bob Birch 5 (reported 15 Aug 2016) and Cat Cedar 2 (reported 19 Jul 2016), against 2 needed; 4 MPs did not nominate (reported 15 Aug 2016).",
			wantRows: [][]string{{"MP nominations", "19 Jul 2016", "Bob Birch", "3", "Reported tallies: Paper", "2"},
				{"MP nominations", "15 Aug 2016", "Bob Birch", "5", "Reported tallies: Paper", "2"},
				{"MP nominations", "15 Aug 2016", "No nomination", "4", "Reported tallies: Paper", "–"},
				{"MP nominations", "1 Aug 2016", "Bob Birch", "1", "Counted records", "2"}},
			headline: []string{"Bob Birch=5 (2 needed)", "No nomination=4"}, // Cat Cedar withdrew
			notes:    []string{"reported as both 2 and 3"}},
		{chart: "polls", asOf: "2016-08-04", basis: charts.BasisPublished,
			summary:  "Latest poll, PollCo (fieldwork to 4 Aug 2016, members): Ann Alder 62% and Bob Birch 38%.",
			wantRows: [][]string{{"1 Aug 2016 to 4 Aug 2016", "PollCo", "members (excl. don't knows)", "1,000", "62%", "38%", "–", "a note"}}},
		{chart: "odds", asOf: "2016-08-02", basis: charts.BasisPublished,
			summary:  "Implied chance of winning from the latest betting odds, mean across bookmakers: Ann Alder 88.9% (2 Aug 2016) and Bob Birch 22.5% (2 Aug 2016).",
			wantRows: [][]string{{"1 Aug 2016", "Hill", "Bob Birch", "9/2", "18.2%", ""}, {"2 Aug 2016", "Ladder", "Bob Birch", "4/1", "20.0%", "date inferred"}}},
		{chart: "membership", asOf: "2016-08-10", basis: charts.BasisPublished,
			summary: "Party membership: 201,293 on 1 May 2015 (verified), 540,000 on 10 Aug 2016 (disputed).",
			// a figure known only to the month says so, and whether each is verified
			wantRows: [][]string{{"1 May 2015", "Members", "201,293", "verified", "members.example.org"},
				{"Aug 2016", "Members", "515,000", "reported, not verified", "members.example.org"},
				{"10 Aug 2016", "Members", "540,000", "disputed", ""}},
			notes: []string{"aggregator only"}},
		{chart: "result", asOf: "2016-09-24", basis: charts.BasisPublished,
			summary:  "Result (Total, votes): Ann Alder 750 (62.5%) and Bob Birch 450 (37.5%).",
			wantRows: [][]string{{"Members", "600 (60.0%)", "400 (40.0%)", "–", "1,000"}, {"Total", "750 (62.5%)", "450 (37.5%)", "–", "1,200"}},
			headline: []string{"Ann Alder=750 (62.5%)", "Bob Birch=450 (37.5%)"},
			notes:    []string{"Turnout: 77.6%"}},
	}
	for _, tc := range cases {
		t.Run(tc.chart, func(t *testing.T) {
			ch := got[tc.chart]
			if ch.Empty {
				t.Fatalf("%s is empty: %s", tc.chart, ch.EmptyText)
			}
			if ch.Summary != tc.summary {
				t.Errorf("summary\n got %q\nwant %q", ch.Summary, tc.summary)
			}
			if tc.asOf != "" && ch.AsOf != tc.asOf {
				t.Errorf("as of %q, want %q", ch.AsOf, tc.asOf)
			}
			if ch.Basis != tc.basis {
				t.Errorf("basis %q, want %q", ch.Basis, tc.basis)
			}
			if ch.Title == "" || ch.Source == "" || ch.Table.Caption == "" {
				t.Errorf("title %q, source %q, caption %q: none may be empty", ch.Title, ch.Source, ch.Table.Caption)
			}
			for _, want := range tc.wantRows {
				if !slices.ContainsFunc(ch.Table.Rows, func(r []string) bool { return slices.Equal(r, want) }) {
					t.Errorf("table lacks row %q; rows:\n%q", want, ch.Table.Rows)
				}
			}
			for _, row := range ch.Table.Rows {
				if len(row) != len(ch.Table.Header) {
					t.Errorf("row %q has %d cells, header %d", row, len(row), len(ch.Table.Header))
				}
			}
			var head []string
			for _, h := range ch.Headline {
				head = append(head, h.Label+"="+h.Value)
			}
			if tc.headline != nil && !slices.Equal(head, tc.headline) {
				t.Errorf("headline %q, want %q", head, tc.headline)
			}
			for _, n := range tc.notes {
				if !slices.ContainsFunc(ch.Notes, func(s string) bool { return strings.Contains(s, n) }) {
					t.Errorf("notes lack %q: %q", n, ch.Notes)
				}
			}
			b, err := ch.MarshalOptions()
			if err != nil {
				t.Fatal(err)
			}
			var opts map[string]any
			if err := json.Unmarshal(b, &opts); err != nil {
				t.Fatalf("options are not JSON: %v", err)
			}
			if series, _ := opts["series"].([]any); len(series) == 0 {
				t.Errorf("options have no series: %s", b)
			}
			if strings.Contains(string(b), "function") {
				t.Errorf("options hold a JS function: %s", b)
			}
		})
	}
}

// The support chart's lines carry candidate colours from the data and step between days.
func TestSupportOverTimeOptions(t *testing.T) {
	f := seeded(t)
	ch := f.build(charts.Options{})["support-over-time"]
	b, err := ch.MarshalOptions()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"step":"end"`, `"color":"#c8102e"`, `"color":"#1f77b4"`, `"type":"time"`,
		`"value":["2016-07-19",2]`, `"name":"Bob Birch · counted"`, `"name":"Bob Birch · reported"`, `"type":"dashed"`,
		`"name":"CLPs"`, `"name":"Other backers"`, `"gridIndex":2`, `"min":"2016-07-12","splitNumber":4,"type":"time"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("options lack %s:\n%s", want, b)
		}
	}
}

func TestChartsOptions(t *testing.T) {
	f := seeded(t)
	t.Run("candidates filter hides a withdrawn candidate", func(t *testing.T) {
		got := f.build(charts.Options{Candidates: []string{"ann", "bob"}})
		ch := got["support-over-time"]
		if strings.Contains(ch.Summary, "Cat Cedar") || slices.Contains(ch.Table.Header, "Cat Cedar") {
			t.Errorf("Cat Cedar still shown: %q %q", ch.Summary, ch.Table.Header)
		}
		b, _ := ch.MarshalOptions()
		if strings.Contains(string(b), "Cat Cedar") {
			t.Errorf("options still name Cat Cedar")
		}
	})
	t.Run("as of an earlier day", func(t *testing.T) {
		got := f.build(charts.Options{AsOf: "2016-07-15"})
		if s := got["support-over-time"].Summary; s != "Counted endorsements and nominations as of 15 Jul 2016: Ann Alder 0, Bob Birch 1 and Cat Cedar 1." {
			t.Errorf("support as of 15 Jul: %q", s)
		}
		for _, name := range []string{"clp-nominations", "union-nominations", "polls", "odds", "result"} {
			if !got[name].Empty {
				t.Errorf("%s should be empty on 15 Jul 2016: %q", name, got[name].Summary)
			}
		}
		if got["result"].EmptyText != "The result had not been declared by 15 Jul 2016." {
			t.Errorf("result empty text %q", got["result"].EmptyText)
		}
	})
	t.Run("kinds filter", func(t *testing.T) {
		got := f.build(charts.Options{Kinds: []string{"mp"}})
		if s := got["support-over-time"].Summary; !strings.Contains(s, "Ann Alder 0, Bob Birch 2 and Cat Cedar 0") {
			t.Errorf("MPs only: %q", s)
		}
	})
	t.Run("unknown chart", func(t *testing.T) {
		c, _ := f.st.Contest("test")
		snap := snapshot(t, f.st, c, []string{"odds"}, charts.Options{})
		if _, err := charts.Build(snap, "nope", charts.Options{}); !errors.Is(err, charts.ErrUnknownChart) {
			t.Errorf("err %v, want ErrUnknownChart", err)
		}
		ch, err := charts.Build(snap, "odds", charts.Options{})
		if err != nil || ch.Name != "odds" {
			t.Errorf("Build odds: %v %v", ch, err)
		}
		// A snapshot made for the odds holds no support: a chart of it is refused, not drawn empty.
		if _, err := charts.Build(snap, "union-nominations", charts.Options{}); !errors.Is(err, charts.ErrSnapshotLacks) {
			t.Errorf("union nominations from an odds snapshot: %v, want ErrSnapshotLacks", err)
		}
	})
}

// A contest with nothing recorded gives empty charts, each saying so, with no options.
func TestChartsEmptyContest(t *testing.T) {
	f := newContest(t, openStore(t), "empty", "Ann Alder", "Bob Birch")
	for name, ch := range f.build(charts.Options{}) {
		if !ch.Empty || ch.EmptyText == "" || ch.Echart != nil {
			t.Errorf("%s: empty %v, text %q", name, ch.Empty, ch.EmptyText)
		}
		if b, err := ch.MarshalOptions(); err != nil || string(b) != "null" {
			t.Errorf("%s: options %s, %v", name, b, err)
		}
	}
}

// Hostile names are data: the options escape <, > and & so they cannot end a script block.
func TestChartsEscapeHostileNames(t *testing.T) {
	st := openStore(t)
	hostile := []string{`</script><script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`}
	f := newContest(t, st, "hostile", hostile[0], hostile[1])
	u := f.endorser("u", hostile[1], "affiliated-union", ptr(10))
	f.event(u, "</script><script>alert(1)</script>", models.ActionEndorse, "2016-07-20")
	f.tally("clp", `"><img`, 3, "2016-08-01", "")
	for name, ch := range f.build(charts.Options{}) {
		if ch.Empty {
			continue
		}
		b, err := ch.MarshalOptions()
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, bad := range []string{"<", ">", "&"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s: options contain a raw %q:\n%s", name, bad, s)
			}
		}
		if name == "support-over-time" && !strings.Contains(s, `\u003c/script\u003e\u003cscript\u003ealert(1)`) {
			t.Errorf("%s: escaped name missing:\n%s", name, s)
		}
	}
}

// The SQL mean of implied probabilities agrees with models.Odds.ImpliedProbability: 9/2 is 18.2%.
func TestOddsByDayMatchesImpliedProbability(t *testing.T) {
	f := seeded(t)
	days, err := f.st.OddsByDay(f.contest.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	bob := f.cands["bob"].ID
	want := map[string]float64{
		"2016-08-01": models.Odds{Numerator: 9, Denominator: 2}.ImpliedProbability(),
		"2016-08-02": (models.Odds{Numerator: 4, Denominator: 1}.ImpliedProbability() + models.Odds{Numerator: 3, Denominator: 1}.ImpliedProbability()) / 2,
	}
	for _, d := range days {
		if d.CandidateID != bob {
			continue
		}
		if w := want[d.Day]; d.Probability < w-1e-9 || d.Probability > w+1e-9 {
			t.Errorf("%s: %v, want %v", d.Day, d.Probability, w)
		}
		delete(want, d.Day)
	}
	if len(want) != 0 {
		t.Errorf("days missing: %v", want)
	}
	if p := (models.Odds{Numerator: 9, Denominator: 2}).ImpliedProbability(); charts.Number(int64(p*1000+0.5)) != "182" {
		t.Errorf("9/2 implies %v, want 0.182", p)
	}
}

// A contest whose rules count no CLPs or unions and that records no thresholds (a US primary)
// gets no CLP, union or threshold charts: they do not apply, rather than sit there empty.
func TestChartsThatDoNotApply(t *testing.T) {
	st := openStore(t)
	k, _, err := st.EnsureKind(models.Kind{Slug: "senator", Name: "Senator", Plural: "Senators"})
	if err != nil {
		t.Fatal(err)
	}
	c := &models.Contest{Slug: "2008d", Title: "2008 Democratic primary", Kinds: []models.ContestKind{{KindID: k.ID, Weight: 5}}}
	if err := st.CreateContest(c); err != nil {
		t.Fatal(err)
	}
	loaded, err := st.Contest("2008d")
	if err != nil {
		t.Fatal(err)
	}
	built, err := charts.BuildAll(snapshot(t, st, loaded, nil, charts.Options{}), charts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	notApplicable := map[string]bool{}
	for _, ch := range built {
		if ch.NotApplicable {
			notApplicable[ch.Name] = true
		}
	}
	for _, name := range []string{"clp-nominations", "union-nominations", "union-membership", "thresholds"} {
		if !notApplicable[name] {
			t.Errorf("%s applies to a contest without CLPs, unions or thresholds", name)
		}
	}
	for _, name := range []string{"support-over-time", "by-kind", "polls", "odds", "membership", "result"} {
		if notApplicable[name] {
			t.Errorf("%s marked as not applying; it applies to every contest", name)
		}
	}
}

// Support over time draws the best evidence per kind: its data (what the series API serves and
// the images draw) names the panels, and says of each series whether it is a reported tally or
// counted records; the reported points are the published counts, never the counted added in.
func TestSupportOverTimePanels(t *testing.T) {
	f := seeded(t)
	ch := f.build(charts.Options{})["support-over-time"]
	d, err := ch.Data()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"CLPs", "MPs", "Other backers"}; !slices.Equal(d.Panels, want) {
		t.Fatalf("panels %q, want %q", d.Panels, want)
	}
	got := map[string][]string{} // "panel/name" -> "day=value" points
	for _, s := range d.Series {
		key := d.Panels[s.Panel] + "/" + s.Name
		if want := map[bool]string{true: "reported", false: "counted"}[strings.HasSuffix(s.Name, " · reported")]; s.Basis != want {
			t.Errorf("%s: basis %q, want %q", key, s.Basis, want)
		}
		for _, p := range s.Points {
			got[key] = append(got[key], p.X+"="+strconv.FormatFloat(*p.Y, 'f', -1, 64))
		}
	}
	for key, want := range map[string][]string{
		"CLPs/Ann Alder · reported":         {"2016-07-29=2", "2016-08-15=6"},
		"CLPs/Bob Birch · reported":         {"2016-07-29=1", "2016-08-15=2"},
		"MPs/Bob Birch · reported":          {"2016-07-19=3", "2016-08-15=5"},
		"MPs/Bob Birch · counted":           {"2016-07-12=0", "2016-07-13=1", "2016-07-19=2", "2016-08-15=2"},
		"Other backers/Ann Alder · counted": {"2016-07-20=1", "2016-08-15=1"},
	} {
		if !slices.Equal(got[key], want) {
			t.Errorf("%s: %q, want %q", key, got[key], want)
		}
	}
	// No CLP is recorded one by one here, so the CLP panel has no counted line at all.
	for key := range got {
		if strings.HasPrefix(key, "CLPs/") && strings.HasSuffix(key, " · counted") {
			t.Errorf("CLP panel draws counted records it does not have: %s", key)
		}
	}
	// Narrowed to the kinds counted, only their panels remain; with no tallies, one panel of
	// counted records, named as before.
	unions := f.build(charts.Options{Kinds: []string{"affiliated-union"}})["support-over-time"]
	if ud, err := unions.Data(); err != nil || ud.Panels != nil || unions.Basis != charts.BasisCounted {
		t.Errorf("unions only: panels %v, basis %q, err %v", ud.Panels, unions.Basis, err)
	} else if ud.Series[0].Name != "Ann Alder" || ud.Series[0].Basis != "" {
		t.Errorf("unions only: first series %q (%q)", ud.Series[0].Name, ud.Series[0].Basis)
	}
	// The image draws every panel: it renders, and differs from the one-panel chart's.
	var many, one strings.Builder
	if err := ch.WriteImage(&many, charts.SVG, charts.ImageOptions{Width: 1200, Height: 800}); err != nil {
		t.Fatal(err)
	}
	if err := unions.WriteImage(&one, charts.SVG, charts.ImageOptions{Width: 1200, Height: 800}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CLPs", "MPs", "Other backers", "Ann Alder · reported"} {
		if !strings.Contains(many.String(), want) {
			t.Errorf("the image lacks %q", want)
		}
	}
	if strings.Contains(one.String(), "Other backers") {
		t.Errorf("the one-panel image names panels")
	}
}

// A contest whose rules weight kinds differently (as FiveThirtyEight's did) has a points view
// beside the count; one where every endorsement is worth one does not.
func TestPointsOverTime(t *testing.T) {
	f := seeded(t)
	if ch := f.build(charts.Options{})["points-over-time"]; !ch.Empty || !ch.NotApplicable {
		t.Errorf("unweighted contest: points chart empty %v, not applicable %v", ch.Empty, ch.NotApplicable)
	}

	st := openStore(t)
	w := &fixture{t: t, st: st, contest: handlertest.WeightedContest(t, st)}
	got := w.build(charts.Options{})
	ch := got["points-over-time"]
	if ch.Empty || ch.NotApplicable {
		t.Fatalf("weighted contest: points chart empty (%q)", ch.EmptyText)
	}
	if want := "Weighted points from counted endorsements as of 3 Feb 2016: Dee <b>Dale</b> 10 and Eve Elm 3."; ch.Summary != want {
		t.Errorf("summary %q, want %q", ch.Summary, want)
	}
	if want := "Counted endorsements and nominations as of 3 Feb 2016: Dee <b>Dale</b> 1 and Eve Elm 3."; got["support-over-time"].Summary != want {
		t.Errorf("the count beside it: %q, want %q", got["support-over-time"].Summary, want)
	}
	if !slices.ContainsFunc(ch.Notes, func(n string) bool { return strings.Contains(n, "Governors 10 and Representatives 1") }) {
		t.Errorf("notes do not give the weights: %q", ch.Notes)
	}
	if last := ch.Table.Rows[len(ch.Table.Rows)-1]; !slices.Equal(last, []string{"3 Feb 2016", "10", "3"}) {
		t.Errorf("last table row %q", last)
	}
	b, err := ch.MarshalOptions()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "<b>") || !strings.Contains(string(b), `Dee \u003cb\u003eDale`) {
		t.Errorf("a candidate's name is not escaped in the options: %s", b)
	}
}
