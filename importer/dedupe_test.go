package importer_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/backers/backers/importer"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// lines lists the line numbers of skipped rows.
func lines(ss []importer.Skipped) []int {
	out := []int{}
	for _, s := range ss {
		out = append(out, s.Line)
	}
	return out
}

func text(t *testing.T, rep *importer.Report) string {
	t.Helper()
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Importing the same file again writes nothing new: the preview and the import report every
// row as already recorded, by line.
func TestImportSameFileTwice(t *testing.T) {
	st := openStore(t)
	file := toCSV(t, [][]string{header,
		good("Cardiff North CLP", "Alice", "2016-07-20"),
		good("Unite", "Bob", "2016-07-21"),
		{"test-2016", "", "Bob", "Unite", "", "", "withdraw", "2016-08-01", "", "", "", "", ""},
	})
	first, err := importCSV(t, st, file)
	if err != nil {
		t.Fatal(err)
	}
	if first.Events != 3 || len(first.Recorded)+len(first.Repeats) != 0 {
		t.Fatalf("first import: %+v", first)
	}
	before := counts(t, st)
	plan, err := importer.Parse(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	preview, err := importer.Preview(st, plan)
	if err != nil {
		t.Fatal(err)
	}
	again, err := importer.Apply(st, plan, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if after := counts(t, st); after != before {
		t.Errorf("the second import wrote: %+v -> %+v", before, after)
	}
	for name, rep := range map[string]*importer.Report{"preview": preview, "import": again} {
		if rep.Rows != 3 || rep.Events != 0 || len(rep.Actions) != 0 || rep.Unsourced != 0 {
			t.Errorf("%s: %d rows, %d events %v, %d unsourced; want 3 rows, no events", name, rep.Rows, rep.Events, rep.Actions, rep.Unsourced)
		}
		if got := fmt.Sprint(lines(rep.Recorded)); got != "[2 3 4]" || len(rep.Repeats) != 0 {
			t.Errorf("%s: recorded lines %s, repeats %v; want [2 3 4], none", name, got, rep.Repeats)
		}
	}
	want := "imported 3 rows: 0 events created (0 endorse, 0 nominate, 0 withdraw), 3 already recorded; 0 without a source URL (marked unsourced)\n" +
		"already recorded, skipped: 3\n" +
		"  line 2: \"Cardiff North CLP\" endorse \"Alice\" on 2016-07-20\n" +
		"  line 3: \"Unite\" endorse \"Bob\" on 2016-07-21\n" +
		"  line 4: \"Unite\" withdraw \"Bob\" on 2016-08-01\n"
	if got := text(t, again); got != want {
		t.Errorf("report:\n%s\nwant:\n%s", got, want)
	}
}

// A file that repeats an event imports it once and reports the later line; a file mixing
// recorded and new events writes only the new ones.
func TestImportRepeatsAndNewRows(t *testing.T) {
	st := openStore(t)
	mustImport(t, st, [][]string{header, good("Cardiff North CLP", "Alice", "2016-07-20")})
	before := counts(t, st)
	again := good("cardiff north clp", "ALICE", "2016-07-20") // the same event, written otherwise
	again[9] = "https://example.org/another-source"
	file := [][]string{header,
		good("Newport West CLP", "Bob", "2016-07-22"), // line 2: new
		again, // line 3: recorded
		good("Newport West CLP", "Bob", "2016-07-22"),    // line 4: repeats line 2
		good("Newport West CLP", "Bob", "2016-07-23"),    // line 5: another day, new
		good("Cardiff North CLP", "Alice", "2016-07-20"), // line 6: repeats line 3, which is recorded
	}
	rep := mustImport(t, st, file)
	after := counts(t, st)
	if after.Events != before.Events+2 || after.Endorsers != before.Endorsers+1 {
		t.Errorf("counts %+v -> %+v; want 2 events, 1 endorser more", before, after)
	}
	if rep.Events != 2 || rep.Actions[models.ActionEndorse] != 2 {
		t.Errorf("events %d %v, want 2 endorse", rep.Events, rep.Actions)
	}
	if got := fmt.Sprint(lines(rep.Recorded)); got != "[3 6]" {
		t.Errorf("recorded lines %s, want [3 6]", got)
	}
	if len(rep.Repeats) != 1 || rep.Repeats[0] != (importer.Skipped{Line: 4, Of: 2, Endorser: "Newport West CLP", Candidate: "Bob",
		Action: models.ActionEndorse, Date: "2016-07-22"}) {
		t.Errorf("repeats %+v, want line 4 of line 2", rep.Repeats)
	}
	got := text(t, rep)
	for _, w := range []string{
		"imported 5 rows: 2 events created (2 endorse, 0 nominate, 0 withdraw), 2 already recorded, 1 repeated in the file; 0 without",
		"already recorded, skipped: 2\n  line 3: \"Cardiff North CLP\" endorse \"Alice\" on 2016-07-20\n  line 6: ",
		"repeated in the file, imported once: 1\n  line 4 repeats line 2: \"Newport West CLP\" endorse \"Bob\" on 2016-07-22\n",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("report:\n%s\nwant it to contain:\n%s", got, w)
		}
	}
	if s := support(t, st, "test-2016", "2016-07-31"); s["Alice"].Count != 1 || s["Bob"].Count != 1 {
		t.Errorf("support %v", s)
	}

	// Imported again, every line is recorded.
	rep = mustImport(t, st, file)
	if got := fmt.Sprint(lines(rep.Recorded)); got != "[2 3 4 5 6]" || rep.Events != 0 || counts(t, st) != after {
		t.Errorf("again: recorded %s, %d events", got, rep.Events)
	}
}

// A retracted event does not count as recorded: importing it again records it anew.
func TestImportAfterRetraction(t *testing.T) {
	st := openStore(t)
	row := good("Cardiff North CLP", "Alice", "2016-07-20")
	mustImport(t, st, [][]string{header, row})
	c, err := st.Contest("test-2016")
	if err != nil {
		t.Fatal(err)
	}
	es, err := st.ContestEvents(c.ID, 0, 1)
	if err != nil || len(es) != 1 {
		t.Fatalf("events %v, %v", es, err)
	}
	if err := st.As(store.Actor{UserID: 1, Email: "ed@example.org"}).RetractEvent(es[0].ID, "wrong date"); err != nil {
		t.Fatal(err)
	}
	rep := mustImport(t, st, [][]string{header, row})
	if rep.Events != 1 || len(rep.Recorded) != 0 || counts(t, st).Events != 2 {
		t.Errorf("events %d, recorded %v, %d in the log; want it imported again", rep.Events, rep.Recorded, counts(t, st).Events)
	}
}

// Files longer than one batch are checked batch by batch: a repeat far from its first line is
// still a repeat, and a whole file imported again is all recorded.
func TestImportDuplicatesAcrossBatches(t *testing.T) {
	st := openStore(t)
	rows := [][]string{header}
	for i := range 2500 {
		rows = append(rows, good(fmt.Sprintf("Endorser %d", i), "Alice", "2016-07-20"))
	}
	rows = append(rows, good("Endorser 3", "Alice", "2016-07-20")) // line 2502 repeats line 5
	rep := mustImport(t, st, rows)
	if rep.Events != 2500 || len(rep.Repeats) != 1 || rep.Repeats[0].Line != 2502 || rep.Repeats[0].Of != 5 || len(rep.Recorded) != 0 {
		t.Fatalf("first import: %d events, repeats %+v, %d recorded", rep.Events, rep.Repeats, len(rep.Recorded))
	}
	before := counts(t, st)
	rep = mustImport(t, st, rows)
	if rep.Events != 0 || len(rep.Recorded) != 2501 || len(rep.Repeats) != 0 || counts(t, st) != before {
		t.Errorf("again: %d events, %d recorded, %d repeats", rep.Events, len(rep.Recorded), len(rep.Repeats))
	}
}

// A skipped row changes nothing, not even the contest's rules: an endorser whose kind was
// changed since to one the contest does not count stays uncounted.
func TestImportSkippedRowAddsNoRule(t *testing.T) {
	st := openStore(t)
	row := good("Cardiff North CLP", "Alice", "2016-07-20")
	mustImport(t, st, [][]string{header, row})
	mp, _, err := st.EnsureKind(models.Kind{Slug: "mp", Name: "MP"})
	if err != nil {
		t.Fatal(err)
	}
	en, err := st.EndorserByName("Cardiff North CLP")
	if err != nil {
		t.Fatal(err)
	}
	en.KindID, en.Kind = mp.ID, models.Kind{}
	if err := st.As(store.Actor{UserID: 1, Email: "ed@example.org"}).UpdateEndorser(en); err != nil {
		t.Fatal(err)
	}
	before := counts(t, st)
	rep := mustImport(t, st, [][]string{header, row})
	if len(rep.Rules) != 0 || len(rep.Recorded) != 1 || counts(t, st) != before {
		t.Errorf("rules %+v, recorded %v, counts %+v -> %+v", rep.Rules, rep.Recorded, before, counts(t, st))
	}
}
