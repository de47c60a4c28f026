package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/store"
)

// The import subcommand, run as `backers import ...` through Run, on a real database (testdb).
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	db := testdb.DSN(t)
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// Dianne Feinstein's switch on 2008-07-10, from FiveThirtyEight's event log.
	good := write("good.csv", "contest,contest_title,endorser,kind,candidate,action,date,points,source_url\n"+
		"2008D,2008 Democratic primary,Dianne Feinstein,U.S. Senator,Clinton,endorse,2007-07-25,5,\n"+
		"2008D,2008 Democratic primary,Dianne Feinstein,U.S. Senator,Obama,endorse,2008-07-10,5,\n"+
		"2008D,2008 Democratic primary,dianne feinstein,U.S. Senator,clinton,withdraw,2008-07-10,,\n")
	repeats := write("repeats.csv", "contest,endorser,kind,candidate,date\n"+
		"2008d,Dianne Feinstein,,Obama,2008-07-10\n"+
		"2008d,Barbara Boxer,U.S. Senator,Obama,2008-06-04\n"+
		"2008d,Barbara Boxer,,Obama,2008-06-04\n")
	bad := write("bad.csv", "contest,endorser,kind,candidate,date,source_url\n"+
		"2008d,Chuck Schumer,U.S. Senator,Clinton,2006-12-08,\n"+
		"2008d,Barbara Mikulski,U.S. Senator,Clinton,24/04/2007,javascript:alert(1)\n")

	for _, tc := range []struct {
		name             string
		args             []string
		wantCode         int
		wantOut, wantErr []string
		wantEvents       int64 // -1: the database file must not exist
	}{
		{"usage", []string{"import"}, 2, nil, []string{"usage: backers import"}, -1},
		{"missing file", []string{"import", "-db", db, filepath.Join(dir, "nope.csv")}, 1, nil, []string{"nope.csv: no such file"}, -1},
		{"dry run writes nothing", []string{"import", "-db", db, "-dry-run", good}, 0,
			[]string{"dry run: nothing was written", "would import 3 rows: 3 events to create (2 endorse, 0 nominate, 1 withdraw), 0 already recorded; 3 without a source URL",
				"contests to create: 1\n  2008d \"2008 Democratic primary\"", "endorsers to create: 1\n  dianne-feinstein \"Dianne Feinstein\" (u-s-senator)"},
			nil, -1},
		{"import", []string{"import", "-db", db, good}, 0,
			[]string{"imported 3 rows", "candidates created: 2\n  2008d/clinton \"Clinton\"\n  2008d/obama \"Obama\""}, nil, 3},
		{"bad rows", []string{"import", "-db", db, bad}, 1, nil,
			[]string{"bad.csv:3: column date: \"24/04/2007\" is not an ISO date", "bad.csv:3: column source_url: \"javascript:alert(1)\" is not an http or https URL",
				"2 problem(s) in " + bad + "; nothing was written"}, 3},
		{"dry run on an existing database", []string{"import", "-db", db, "-dry-run", good}, 0,
			[]string{"would import 3 rows: 0 events to create (0 endorse, 0 nominate, 0 withdraw), 3 already recorded;",
				"already recorded, skipped: 3\n  line 2: \"Dianne Feinstein\" endorse \"Clinton\" on 2007-07-25\n"}, nil, 3},
		{"the same file again", []string{"import", "-db", db, good}, 0,
			[]string{"imported 3 rows: 0 events created (0 endorse, 0 nominate, 0 withdraw), 3 already recorded;",
				"already recorded, skipped: 3\n  line 2: \"Dianne Feinstein\" endorse \"Clinton\" on 2007-07-25\n" +
					"  line 3: \"Dianne Feinstein\" endorse \"Obama\" on 2008-07-10\n" +
					"  line 4: \"Dianne Feinstein\" withdraw \"Clinton\" on 2008-07-10\n"}, nil, 3},
		{"a file repeating an event", []string{"import", "-db", db, repeats}, 0,
			[]string{"imported 3 rows: 1 event created (1 endorse, 0 nominate, 0 withdraw), 1 already recorded, 1 repeated in the file;",
				"already recorded, skipped: 1\n  line 2: \"Dianne Feinstein\" endorse \"Obama\" on 2008-07-10\n",
				"repeated in the file, imported once: 1\n  line 4 repeats line 3: \"Barbara Boxer\" endorse \"Obama\" on 2008-06-04\n"}, nil, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			if code := Run(tc.args, strings.NewReader(""), &stdout, &stderr); code != tc.wantCode {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.wantCode, stderr.String())
			}
			for _, w := range tc.wantOut {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout.String())
				}
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
			if tc.wantEvents < 0 && !testdb.Postgres() {
				if _, err := os.Stat(db); err == nil {
					t.Errorf("%s was created", db)
				}
				return
			}
			if tc.wantEvents < 0 {
				tc.wantEvents = 0 // the server's database exists already; a dry run adds nothing to it
			}
			st, err := store.Open(db, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			n, err := st.RecordCounts()
			if err != nil {
				t.Fatal(err)
			}
			if n.Events != tc.wantEvents {
				t.Errorf("%d events in the database, want %d", n.Events, tc.wantEvents)
			}
		})
	}
}

// A large file reports its progress on stderr.
func TestImportCommandProgress(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("contest,contest_title,endorser,kind,candidate,date\n")
	// A generated contest: 4,000 endorsers each backing one of two candidates.
	for i := range 4000 {
		fmt.Fprintf(&b, "load-test,Generated load test,Endorser %d,Generated,Candidate %d,2020-01-%02d\n", i, i%2, 1+i%28)
	}
	path := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	if code := Run([]string{"import", "-db", testdb.DSN(t), path}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, w := range []string{"backers import: 1000/4000 rows (25%)\n", "backers import: 4000/4000 rows (100%)\n"} {
		if !strings.Contains(stderr.String(), w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
		}
	}
	if !strings.Contains(stdout.String(), "imported 4000 rows") {
		t.Errorf("stdout: %s", stdout.String())
	}
}

// FILE "-" imports standard input, which the import keeps in a temporary file to read twice.
func TestImportCommandStdin(t *testing.T) {
	db := testdb.DSN(t)
	in := "contest,contest_title,endorser,kind,candidate,action,date\n" +
		"2008d,2008 Democratic primary,Barbara Boxer,U.S. Senator,Obama,endorse,2008-06-04\n" +
		"2008d,,Barbara Boxer,,Obama,withdraw,2008-06-05\n"
	var stdout, stderr strings.Builder
	if code := Run([]string{"import", "-db", db, "-"}, strings.NewReader(in), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if w := "imported 2 rows: 2 events created (1 endorse, 0 nominate, 1 withdraw)"; !strings.Contains(stdout.String(), w) {
		t.Errorf("stdout lacks %q:\n%s", w, stdout.String())
	}
}
