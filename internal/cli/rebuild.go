package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/backers/backers/store"
)

// rebuildCommand is `backers rebuild [-db FILE] [-check]`: it recomputes every derived row (the
// support spans and daily deltas that totals, series and the table read) from the event log,
// in one transaction. With -check it changes nothing: it compares the derived rows with what
// a rebuild would write, names each contest that differs, and exits 1 if any does. (Opening a
// database whose derived rows were built by another version of their definition rebuilds them
// first, as the server does on start.)
func rebuildCommand(std streams, args []string) int {
	stdout, stderr := std.stdout, std.stderr
	var check bool
	usage := "usage: backers rebuild [-db FILE] [-check]"
	cfg, rest, err := commandFlags(std, "backers rebuild", usage, args, func(fs *flag.FlagSet) {
		fs.BoolVar(&check, "check", false, "report differences between the derived rows and the log; change nothing")
	})
	if err != nil {
		return 2
	}
	if len(rest) != 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	st, err := store.Open(cfg.DB, nil)
	if err != nil {
		fmt.Fprintf(stderr, "backers rebuild: %v\n", err)
		return 1
	}
	defer st.Close()
	start := time.Now()
	if check {
		diffs, err := st.CheckDerived()
		if err != nil {
			fmt.Fprintf(stderr, "backers rebuild -check: %v\n", err)
			return 1
		}
		for _, d := range diffs {
			if d.Trigrams > 0 {
				fmt.Fprintf(stdout, "endorsers: %d name trigrams differ from their names\n", d.Trigrams)
				continue
			}
			fmt.Fprintf(stdout, "contest %s: %d support spans, %d daily delta rows and %d withdrawn spans differ from the log\n",
				d.ContestSlug, d.Spans, d.Deltas, d.Withdrawn)
		}
		if len(diffs) > 0 {
			fmt.Fprintf(stdout, "derived rows differ in %d places (contests, or the endorsers' name trigrams): run backers rebuild\n", len(diffs))
			return 1
		}
		fmt.Fprintf(stdout, "derived rows match the log (checked in %s)\n", time.Since(start).Round(time.Millisecond))
		return 0
	}
	if err := st.RebuildDerived(); err != nil {
		fmt.Fprintf(stderr, "backers rebuild: %v\n", err)
		return 1
	}
	recorded, _, err := st.DerivedVersion()
	if err != nil {
		fmt.Fprintf(stderr, "backers rebuild: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "rebuilt the derived rows from the log in %s (derived schema version %d)\n", time.Since(start).Round(time.Millisecond), recorded)
	return 0
}
