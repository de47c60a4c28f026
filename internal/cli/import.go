package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/backers/backers/importer"
	"github.com/backers/backers/store"
)

// importCommand is `backers import [-db FILE] [-dry-run] FILE.csv`: it loads endorsement events
// from a CSV file (README.md, "CSV import format") in one transaction, or with -dry-run says
// what it would create and writes nothing. Rows whose event is already recorded, or repeats an
// earlier line, are listed by line and not written. FILE "-" reads standard input.
func importCommand(std streams, args []string) int {
	stdout, stderr := std.stdout, std.stderr
	var dryRun bool
	usage := "usage: backers import [-db FILE] [-dry-run] FILE.csv"
	cfg, rest, err := commandFlags(std, "backers import", usage, args, func(fs *flag.FlagSet) {
		fs.BoolVar(&dryRun, "dry-run", false, "check the file and report what would be created; write nothing")
	})
	if err != nil {
		return 2
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	db := cfg.DB
	name := rest[0]
	var in io.ReadSeeker
	if name == "-" {
		// The import reads its file twice (a check, then the writes), so standard input is
		// kept in a temporary file rather than in memory.
		f, err := spool(std.stdin)
		if err != nil {
			fmt.Fprintf(stderr, "backers import: %v\n", err)
			return 1
		}
		defer os.Remove(f.Name())
		defer f.Close()
		in = f
	} else {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "backers import: %v\n", err)
			return 1
		}
		defer f.Close()
		in = f
	}

	plan, err := importer.Parse(in)
	if err != nil {
		return reportImportErrors(stderr, name, err)
	}
	if dryRun && store.DialectOf(db) == store.DialectSQLite {
		if _, statErr := os.Stat(db); statErr != nil {
			// Nothing exists yet, so everything in the file would be created: preview against a
			// throwaway empty database rather than create the real file on a dry run.
			tmp, err := os.MkdirTemp("", "backers-dry-run-")
			if err != nil {
				fmt.Fprintf(stderr, "backers import: %v\n", err)
				return 1
			}
			defer os.RemoveAll(tmp)
			db = tmp + "/empty.db"
		}
	}
	st, err := store.Open(db, nil)
	if err != nil {
		fmt.Fprintf(stderr, "backers import: %v\n", err)
		return 1
	}
	defer st.Close()

	var rep *importer.Report
	if dryRun {
		rep, err = importer.Preview(st, plan)
	} else {
		// Large files report every 5% (at least every 1,000 rows) so they are seen to move.
		rep, err = importer.Apply(st, plan, importer.Options{
			ProgressEvery: max(1000, plan.Len()/20),
			Progress: func(done, total int) {
				if total >= 2000 {
					fmt.Fprintf(stderr, "backers import: %d/%d rows (%d%%)\n", done, total, done*100/total)
				}
			}})
	}
	if err != nil {
		return reportImportErrors(stderr, name, err)
	}
	if err := rep.WriteText(stdout); err != nil {
		return 1
	}
	return 0
}

// reportImportErrors prints each bad row as FILE:LINE: column: reason, the form editors jump to.
func reportImportErrors(stderr io.Writer, name string, err error) int {
	var rows importer.Errors
	if !errors.As(err, &rows) {
		fmt.Fprintf(stderr, "backers import: %v\n", err)
		return 1
	}
	for _, e := range rows {
		if e.Column == "" {
			fmt.Fprintf(stderr, "%s:%d: %s\n", name, e.Line, e.Reason)
		} else {
			fmt.Fprintf(stderr, "%s:%d: column %s: %s\n", name, e.Line, e.Column, e.Reason)
		}
	}
	fmt.Fprintf(stderr, "backers import: %d problem(s) in %s; nothing was written\n", len(rows), name)
	return 1
}

// spool copies r into a new temporary file, rewound to its start; the caller removes it.
func spool(r io.Reader) (*os.File, error) {
	f, err := os.CreateTemp("", "backers-import-*.csv")
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}
