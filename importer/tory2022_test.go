package importer_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The October 2022 Conservative leadership contest, from tomviner/scrape-tory-nominations.
// Those sheets have no stated licence, so they are not in the repository: the tests read them
// from ../shared/data beside the repository root (tests run in importer/) and skip without it.
const (
	toryContest = "conservative-2022-10"
	toryTitle   = "Conservative Party leadership election, October 2022"
	// The first and last days of the scraped sheet's history (the change events file).
	toryFirst = "2022-10-21"
	toryLast  = "2022-10-24"
)

func sharedData(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "data", name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s is not here (it may not be committed; it lives in ../shared/data beside the repository): %v", name, err)
	}
	return path
}

// smarketsSheet reads the Smarkets endorsements sheet: row 1 is a banner, the header is row 2.
// It returns each MP's initial and final choice ("" for none) and source.
type mpChoice struct{ MP, Initial, Final, Source string }

func smarketsSheet(t *testing.T) []mpChoice {
	t.Helper()
	f, err := os.Open(sharedData(t, "tomviner_scrape-tory-nominations__smarkets-endorsements.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[1] {
		col[h] = i
	}
	for _, h := range []string{"MP", "Endorsed (initial)", "Endorsed (final)", "Source"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("no column %q in the sheet's second row: %q", h, recs[1])
		}
	}
	var out []mpChoice
	for _, rec := range recs[2:] {
		out = append(out, mpChoice{MP: rec[col["MP"]], Initial: rec[col["Endorsed (initial)"]],
			Final: rec[col["Endorsed (final)"]], Source: rec[col["Source"]]})
	}
	return out
}

// source splits the sheet's Source cell: a URL, or a note ("Himself", "BBC News") that goes
// in source_title, leaving the event unsourced.
func source(s string) (url, title string) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return s, ""
	}
	return "", s
}

var toryHeader = []string{"endorser", "kind", "candidate", "action", "date", "source_url", "source_title", "contest", "contest_title"}

func toryRow(mp, candidate, action, date, src string) []string {
	u, title := source(src)
	return []string{mp, "MP", candidate, action, date, u, title, toryContest, toryTitle}
}

// Each MP's initial choice is an endorsement on the first day; a different final choice is a
// switch on the last day, recorded as both an endorsement and a withdraw (written after it,
// so the rule "on one day withdrawals apply first" is what keeps the new choice standing);
// no final choice is a withdraw.
func TestImportTorySheetInitialAndFinal(t *testing.T) {
	sheet := smarketsSheet(t)
	rows := [][]string{toryHeader}
	initial, final := map[string]int{}, map[string]int{}
	switched := 0
	for _, m := range sheet {
		if m.Initial != "" {
			initial[m.Initial]++
			rows = append(rows, toryRow(m.MP, m.Initial, "endorse", toryFirst, m.Source))
		}
		if m.Final != "" {
			final[m.Final]++
		}
		switch {
		case m.Final == m.Initial:
		case m.Final == "":
			rows = append(rows, toryRow(m.MP, m.Initial, "withdraw", toryLast, m.Source))
		case m.Initial == "":
			rows = append(rows, toryRow(m.MP, m.Final, "endorse", toryLast, m.Source))
		default:
			switched++
			rows = append(rows, toryRow(m.MP, m.Final, "endorse", toryLast, m.Source),
				toryRow(m.MP, m.Initial, "withdraw", toryLast, m.Source))
		}
	}
	// The sheet's own counts, as published: the data README says 15 MPs switched.
	wantInitial := map[string]int{"Sunak": 153, "Johnson": 62, "Mordaunt": 26}
	wantFinal := map[string]int{"Sunak": 185, "Johnson": 47, "Mordaunt": 29}
	if !equalCounts(initial, wantInitial) || !equalCounts(final, wantFinal) || switched != 15 {
		t.Fatalf("the sheet says initial %v, final %v, %d switched; the test expects %v, %v, 15",
			initial, final, switched, wantInitial, wantFinal)
	}

	st := openStore(t)
	mustImport(t, st, rows)
	for _, tc := range []struct {
		asOf string
		want map[string]int
	}{
		{"2022-10-20", map[string]int{}},
		{toryFirst, wantInitial},
		{"2022-10-23", wantInitial},
		{toryLast, wantFinal},
		{"", wantFinal},
	} {
		got := map[string]int{}
		for name, tl := range support(t, st, toryContest, tc.asOf) {
			got[name] = tl.Count
			if tl.Points != float64(tl.Count) {
				t.Errorf("as of %s %s: %g points for %d MPs; a new kind weighs 1", tc.asOf, name, tl.Points, tl.Count)
			}
		}
		if !equalCounts(got, tc.want) {
			t.Errorf("as of %q: %v, want %v", tc.asOf, got, tc.want)
		}
	}
}

// The change events derived from the sheet's 54 scraped versions, imported as dated events,
// end where the sheet's final column does: 185 / 47 / 29, MP by MP.
func TestImportToryChangeEvents(t *testing.T) {
	sheet := smarketsSheet(t)
	recs := readCSV(t, sharedData(t, "derived_tory-oct2022_endorsement_change_events_from_tomviner_git_history.csv"),
		"commit_time,commit,mp,from,to,source")
	rows := [][]string{toryHeader}
	first, last := "9999", ""
	for _, r := range recs[1:] {
		day, mp, from, to, src := r[0][:10], r[2], r[3], r[4], r[5]
		first, last = min(first, day), max(last, day)
		if from != "" {
			rows = append(rows, toryRow(mp, from, "withdraw", day, src))
		}
		if to != "" {
			rows = append(rows, toryRow(mp, to, "endorse", day, src))
		}
	}
	if first != toryFirst || last != toryLast {
		t.Fatalf("events run %s to %s, want %s to %s", first, last, toryFirst, toryLast)
	}

	st := openStore(t)
	mustImport(t, st, rows)
	got := map[string]int{}
	for name, tl := range support(t, st, toryContest, toryLast) {
		got[name] = tl.Count
	}
	if want := map[string]int{"Sunak": 185, "Johnson": 47, "Mordaunt": 29}; !equalCounts(got, want) {
		t.Errorf("as of %s: %v, want the sheet's final %v", toryLast, got, want)
	}
	// MP by MP, the two files agree.
	for _, m := range sheet {
		if m.Final == "" && m.Initial == "" {
			continue
		}
		if b := backs(t, st, toryContest, m.MP, ""); b != m.Final {
			t.Errorf("%s backs %q, the sheet's final column says %q", m.MP, b, m.Final)
		}
	}
	// Alexander Stafford withdrew his backing of Johnson on 23 October and backed no one else.
	if b := backs(t, st, toryContest, "Alexander Stafford", "2022-10-23"); b != "" {
		t.Errorf("Alexander Stafford backs %q after withdrawing", b)
	}
}

func equalCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}
