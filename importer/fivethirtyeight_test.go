package importer_test

import (
	"bytes"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/backers/backers/importer"
	"github.com/backers/backers/store"
)

// The FiveThirtyEight event log of 1972-2012 primary endorsements (CC BY 4.0, credit
// FiveThirtyEight; see testdata/README.md). Its columns: contest (1972D ... 2012R), endorsee,
// endorser, description ("U.S. Senator"), date, state, count (+1 endorse, -1 the endorser moved
// away, source "superseded"), points (signed: Rep 1, Senator 5, Governor 10), source, url.
const fiveThirtyEight = "testdata/fivethirtyeight_endorsements_1972-2012_via_kparslow.csv"

type row538 struct {
	Contest, Endorsee, Endorser, Description, Date, State, Source string
	Count                                                         int
	Points                                                        float64
}

func read538(t testing.TB) []row538 {
	t.Helper()
	recs := readCSV(t, fiveThirtyEight, "contest,endorsee,endorser,description,date,state,count,points,source,url")
	var rows []row538
	for _, r := range recs[1:] {
		count, err1 := strconv.Atoi(r[6])
		points, err2 := strconv.ParseFloat(r[7], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad count or points in %v", r)
		}
		rows = append(rows, row538{Contest: r[0], Endorsee: r[1], Endorser: r[2], Description: r[3],
			Date: r[4], State: r[5], Count: count, Points: points, Source: r[8]})
	}
	return rows
}

var urlIn = regexp.MustCompile(`https?://[^\s()]+`)

// convert538 turns the event log into the import format: a +1 (or the one +3, "Unknown"
// endorsers counted together) is an endorsement weighing its points; a -1 is a withdraw from
// the candidate it names. A source is a URL, a citation with a URL in it, or a note; notes
// too long for a source title (a quote from the endorsement) go in the quote column.
func convert538(rows []row538) [][]string {
	out := [][]string{{"contest", "contest_title", "candidate", "endorser", "kind", "region", "action", "date", "points", "source_url", "source_title", "quote"}}
	party := map[byte]string{'D': "Democratic", 'R': "Republican"}
	for _, r := range rows {
		title := fmt.Sprintf("%s %s presidential primary (FiveThirtyEight endorsements)", r.Contest[:4], party[r.Contest[4]])
		action, points := "endorse", strconv.FormatFloat(r.Points, 'f', -1, 64)
		if r.Count < 0 {
			action, points = "withdraw", ""
		}
		sourceURL, sourceTitle, quote := urlIn.FindString(r.Source), r.Source, ""
		if sourceTitle == sourceURL {
			sourceTitle = ""
		}
		if utf8.RuneCountInString(sourceTitle) > 300 {
			sourceTitle, quote = "", sourceTitle
		}
		out = append(out, []string{r.Contest, title, r.Endorsee, r.Endorser, r.Description,
			strings.ToUpper(r.State), action, r.Date, points, sourceURL, sourceTitle, quote})
	}
	return out
}

func import538(t testing.TB) (*store.Store, []row538) {
	t.Helper()
	st := openStore(t)
	rows := read538(t)
	rep := mustImport(t, st, convert538(rows))
	if rep.Rows != 3422 || rep.Actions["endorse"] != 3012 || rep.Actions["withdraw"] != 410 {
		t.Fatalf("report: %d rows, %v", rep.Rows, rep.Actions)
	}
	if len(rep.Contests) != 16 || len(rep.Kinds) != 3 {
		t.Fatalf("created %d contests, %d kinds; want 16 and 3", len(rep.Contests), len(rep.Kinds))
	}
	return st, rows
}

func TestImportFiveThirtyEightFinalPoints(t *testing.T) {
	st, _ := import538(t)
	for _, tc := range []struct {
		contest, candidate string
		points             float64
	}{
		{"2008d", "Obama", 658}, // 657 from "Obama" rows + 1 from the one "obama" row
		{"2008d", "Clinton", 107},
		{"2012r", "Romney", 537},
	} {
		got := support(t, st, tc.contest, "")[tc.candidate].Points
		if got != tc.points {
			t.Errorf("%s %s: %g points, want %g", tc.contest, tc.candidate, got, tc.points)
		}
	}

	// "obama" (Carolyn Kilpatrick, 2008-06-03) is the same candidate as "Obama".
	c, err := st.Contest("2008d")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, cd := range c.Candidates {
		if strings.EqualFold(cd.Name, "obama") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("2008d has %d candidates named obama in any case, want 1", n)
	}
	if got := counts(t, st).Events; got != 3422 {
		t.Errorf("%d events stored, want 3422", got)
	}
	// Kilpatrick's lower-case row counts for Obama from its day.
	before, after := support(t, st, "2008d", "2008-06-02")["Obama"], support(t, st, "2008d", "2008-06-03")["Obama"]
	if after.Count <= before.Count {
		t.Errorf("Obama's count did not rise on 2008-06-03: %d -> %d", before.Count, after.Count)
	}
}

// A switch recorded as both (Dianne Feinstein, 2008-07-10: +1 Obama, then -1 Clinton,
// "superseded") moves her on that day, not before and not twice.
func TestImportFiveThirtyEightSwitchOnOneDay(t *testing.T) {
	st, _ := import538(t)
	for _, tc := range []struct {
		asOf, want string
	}{
		{"2007-07-24", ""},
		{"2007-07-25", "Clinton"},
		{"2008-07-09", "Clinton"},
		{"2008-07-10", "Obama"},
		{"", "Obama"},
	} {
		if got := backs(t, st, "2008d", "Dianne Feinstein", tc.asOf); got != tc.want {
			t.Errorf("as of %q Feinstein backs %q, want %q", tc.asOf, got, tc.want)
		}
	}
}

// backs is the candidate an endorser backs in a contest as of a day ("" for no one).
func backs(t testing.TB, st *store.Store, contest, endorser, asOf string) string {
	t.Helper()
	c, err := st.Contest(contest)
	if err != nil {
		t.Fatal(err)
	}
	en, err := st.EndorserByName(endorser)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := st.Positions(c.ID, asOf, store.SupportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		if p.EndorserID == en.ID {
			for _, cd := range c.Candidates {
				if cd.ID == p.CandidateID {
					got = append(got, cd.Name)
				}
			}
		}
	}
	if len(got) > 1 {
		t.Fatalf("%s backs %v at once", endorser, got)
	}
	if len(got) == 0 {
		return ""
	}
	return got[0]
}

// Where the file's own rows are inconsistent, summing its points column gives the wrong
// totals; the event log's rules give the right ones. In 2000R the naive sum gives Bush 625,
// the log 650, because of rows like these (file lines):
//
//   - Mike Johanns: 1376 "-1 Bush" on 1999-02-23 with no earlier +1 Bush (nothing to end),
//     1383 "+1 Quayle" the same day, 1506 "+1 Bush" on 1999-05-07 with no "-1 Quayle". The
//     sum leaves him at Bush 0 (+10 -10) and Quayle 10; he is one governor backing Bush: a
//     new endorsement supersedes the old one, and a withdraw can only end support given.
//   - Jane Hull: the same with McCain for Quayle.
//   - Bill Frist: "+1 Alexander" and "-1 Bush" on 1999-03-09, then "+1 Bush" on 1999-12-16
//     with no "-1 Alexander": the sum keeps 5 points for Alexander after he moved to Bush.
//   - David McIntosh: "+1 Quayle", then "+1 McCain" with "-1 Quayle", then "+1 Bush" with a
//     second "-1 Quayle" (and no "-1 McCain"): the sum gives Quayle -1 and McCain +1.
func TestImportFiveThirtyEightLogRulesNotNaiveSum(t *testing.T) {
	st, rows := import538(t)
	naive := map[string]float64{}
	for _, r := range rows {
		if r.Contest == "2000R" {
			naive[r.Endorsee] += r.Points
		}
	}
	got := support(t, st, "2000r", "")
	for _, tc := range []struct {
		candidate    string
		naive, store float64
	}{
		{"Bush", 625, 650},
		{"McCain", 40, 29},
		{"Quayle", 24, 15},
		{"Alexander", 8, 3},
	} {
		if naive[tc.candidate] != tc.naive {
			t.Errorf("naive sum for %s: %g, want %g (has the file changed?)", tc.candidate, naive[tc.candidate], tc.naive)
		}
		if got[tc.candidate].Points != tc.store {
			t.Errorf("store: %s has %g points, want %g", tc.candidate, got[tc.candidate].Points, tc.store)
		}
	}
	for _, tc := range []struct{ endorser, asOf, want string }{
		{"Mike Johanns", "1999-02-23", "Quayle"},
		{"Mike Johanns", "", "Bush"},
		{"Jane Hull", "1999-02-23", "McCain"},
		{"Jane Hull", "", "Bush"},
		{"Bill Frist", "1999-03-09", "Alexander"},
		{"Bill Frist", "", "Bush"},
		{"David McIntosh", "1999-04-23", "McCain"},
		{"David McIntosh", "", "Bush"},
	} {
		if b := backs(t, st, "2000r", tc.endorser, tc.asOf); b != tc.want {
			t.Errorf("as of %q %s backs %q, want %q", tc.asOf, tc.endorser, b, tc.want)
		}
	}
}

// A preview of the whole file says exactly what applying it then creates.
func TestImportFiveThirtyEightPreviewMatchesApply(t *testing.T) {
	st := openStore(t)
	plan, err := importer.Parse(bytes.NewReader(toCSV(t, convert538(read538(t)))))
	if err != nil {
		t.Fatal(err)
	}
	preview, err := importer.Preview(st, plan)
	if err != nil {
		t.Fatal(err)
	}
	if n := counts(t, st); n != (store.RecordCounts{}) {
		t.Fatalf("the preview wrote %+v", n)
	}
	applied, err := importer.Apply(st, plan, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	preview.DryRun = false
	if !reflect.DeepEqual(preview, applied) {
		t.Errorf("preview and apply differ:\n%+v\n%+v", preview, applied)
	}
	n := counts(t, st)
	if n.Contests != 16 || n.Kinds != 3 || n.Candidates != int64(len(applied.Candidates)) ||
		n.Endorsers != int64(len(applied.Endorsers)) || n.ContestKinds != int64(len(applied.Rules)) || n.Events != 3422 {
		t.Errorf("stored %+v after reporting %d candidates, %d endorsers, %d rules", n,
			len(applied.Candidates), len(applied.Endorsers), len(applied.Rules))
	}
}

// The event log read back out of the store in the import format (as the events export writes
// it) imports into an empty database with the same totals in every contest, on every day a
// total changed.
func TestImportFiveThirtyEightRoundTrip(t *testing.T) {
	st, rows := import538(t)
	contests := map[string]bool{}
	for _, r := range rows {
		contests[strings.ToLower(r.Contest)] = true
	}
	out := [][]string{header}
	for slug := range contests {
		c, err := st.Contest(slug)
		if err != nil {
			t.Fatal(err)
		}
		es, err := st.ContestEvents(c.ID, 0, 10_000)
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(es) // oldest first, in the order recorded
		for _, e := range es {
			points := ""
			if e.Points != nil {
				points = strconv.FormatFloat(*e.Points, 'f', -1, 64)
			}
			out = append(out, []string{slug, c.Title, e.Candidate.Name, e.Endorser.Name, e.Endorser.Kind.Slug,
				e.Endorser.Region, e.Action, e.EffectiveOn, points, e.SourceURL, e.SourceTitle, e.Quote, e.Verification})
		}
	}
	again := openStore(t)
	mustImport(t, again, out)

	// Exported and imported back into the database it came from, it is all already there.
	before := counts(t, st)
	if rep := mustImport(t, st, out); rep.Events != 0 || len(rep.Recorded) != len(out)-1 || len(rep.Repeats) != 0 {
		t.Errorf("imported back: %d events, %d recorded, %d repeats; want all %d recorded", rep.Events, len(rep.Recorded), len(rep.Repeats), len(out)-1)
	}
	if after := counts(t, st); after != before {
		t.Errorf("imported back: %+v -> %+v", before, after)
	}
	for slug := range contests {
		for _, day := range []string{"1990-01-01", "1999-06-30", "2007-12-31", "2008-07-10", ""} {
			want, got := support(t, st, slug, day), support(t, again, slug, day)
			if !reflect.DeepEqual(want, got) {
				t.Errorf("%s as of %q: %v after the round trip, want %v", slug, day, got, want)
			}
		}
		if want, got := series(t, st, slug), series(t, again, slug); !reflect.DeepEqual(want, got) {
			t.Errorf("%s: the support over time differs after the round trip", slug)
		}
	}
}

// series is a contest's support over time keyed by day and candidate name.
func series(t testing.TB, st *store.Store, slug string) map[string]tally {
	t.Helper()
	c, err := st.Contest(slug)
	if err != nil {
		t.Fatal(err)
	}
	names := map[uint]string{}
	for _, cd := range c.Candidates {
		names[cd.ID] = cd.Name
	}
	ps, _, err := st.SupportOverTime(c.ID, "", store.SupportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]tally{}
	for _, p := range ps {
		out[p.Day+" "+names[p.CandidateID]] = tally{Count: p.Count, Points: p.Points}
	}
	return out
}
