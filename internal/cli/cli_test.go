package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backers/backers/store"
)

// -db and BACKERS_DB are declared once and mean the same database to every command: the
// environment's file unless the flag names another.
func TestEveryCommandReadsOneDB(t *testing.T) {
	dir := t.TempDir()
	fromEnv, fromFlag := filepath.Join(dir, "env.db"), filepath.Join(dir, "flag.db")
	t.Setenv("BACKERS_DB", fromEnv)
	csv := filepath.Join(dir, "events.csv")
	if err := os.WriteFile(csv, []byte("contest,contest_title,endorser,kind,candidate,date\n"+
		"2008d,2008 Democratic primary,Barbara Boxer,U.S. Senator,Obama,2008-06-04\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		db   string
	}{
		{[]string{"user", "add", "-email", "env@example.org", "-role", "admin"}, fromEnv},
		{[]string{"import", csv}, fromEnv},
		{[]string{"user", "add", "-email", "flag@example.org", "-role", "editor", "-db", fromFlag}, fromFlag},
		{[]string{"import", "-db", fromFlag, csv}, fromFlag},
	} {
		var out, errb strings.Builder
		if code := Run(tc.args, strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errb.String())
		}
	}
	for db, email := range map[string]string{fromEnv: "env@example.org", fromFlag: "flag@example.org"} {
		st, err := store.Open(db, nil)
		if err != nil {
			t.Fatal(err)
		}
		us, err := st.Users()
		if err != nil || len(us) != 1 || us[0].Email != email {
			t.Errorf("%s: users %v (%v), want only %s", filepath.Base(db), us, err, email)
		}
		if ok, err := st.ContestExists("2008d"); err != nil || !ok {
			t.Errorf("%s: the imported contest is missing (%v)", filepath.Base(db), err)
		}
		st.Close()
	}
}

// Each command takes the flags it reads and no others; help names every command.
func TestCommandsAndTheirFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	for _, tc := range []struct {
		args       []string
		wantCode   int
		wantOutput string
	}{
		{[]string{"help"}, 0, "serve"},
		{[]string{"help"}, 0, "import"},
		{[]string{"help"}, 0, "user add"},
		{[]string{"import", "-addr", ":9000", "-db", db, "x.csv"}, 2, "flag provided but not defined: -addr"},
		{[]string{"user", "add", "-dry-run", "-db", db}, 2, "flag provided but not defined: -dry-run"},
		{[]string{"user", "remove"}, 2, "usage: backers user add"},
		{[]string{"import", "-db", db}, 2, "usage: backers import"},
		{[]string{"serve", "-email", "x@example.org"}, 2, "flag provided but not defined: -email"},
	} {
		var out strings.Builder
		code := Run(tc.args, strings.NewReader(""), &out, &out)
		if code != tc.wantCode || !strings.Contains(out.String(), tc.wantOutput) {
			t.Errorf("%v: exit %d, output %q; want %d and %q", tc.args, code, out.String(), tc.wantCode, tc.wantOutput)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused command created the database")
	}
}
