// Command genload fills a SQLite database (or a PostgreSQL one, given a postgres:// URL) with a
// generated contest ("load-test") of many events, for scripts/loadtest.sh and mixedload.sh:
// go run ./scripts/genload -db /tmp/load.db -events 100000
// or many contests of a few events each (load-test, load-test-2, ...):
// go run ./scripts/genload -db /tmp/many.db -events 100 -contests 10000
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/backers/backers/scripts/loadgen"
	"github.com/backers/backers/store"
)

func main() {
	db := flag.String("db", "", "SQLite database file to create, or a postgres:// URL (required; must not hold a load-test contest)")
	n := flag.Int("events", 100000, "how many events to generate (in each contest)")
	contests := flag.Int("contests", 1, "how many contests to generate")
	flag.Parse()
	if *db == "" {
		flag.Usage()
		os.Exit(2)
	}
	st, err := store.Open(*db, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer st.Close()
	if *contests > 1 {
		last, err := loadgen.GenerateMany(st, *contests, *n)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("generated %d contests (%s to %s) with %d events each in %s\n", *contests, loadgen.Slug, last.Slug, *n, *db)
		return
	}
	c, err := loadgen.Generate(st, *n)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("generated contest %s with %d events in %s\n", c.Slug, *n, *db)
}
