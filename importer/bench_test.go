package importer_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/backers/backers/importer"
)

// generated100k is a generated load-test contest of 100,000 events: 20,000 endorsers of three
// kinds, each endorsing, switching and withdrawing among four candidates over 90 days.
func generated100k() []byte {
	var b bytes.Buffer
	b.WriteString("contest,contest_title,endorser,kind,candidate,action,date,source_url\n")
	kinds := []string{"MP", "CLP", "Affiliated union"}
	for i := range 100_000 {
		e := i % 20_000
		step := i / 20_000 // 0..4: each endorser's events in date order
		action := "endorse"
		if step == 3 {
			action = "withdraw"
		}
		cand := (e + step) % 4
		if step == 3 {
			cand = (e + 2) % 4 // withdraws the candidate it backed at step 2
		}
		day := 1 + step*15 + e%15
		fmt.Fprintf(&b, "load-test,Generated load test,Endorser %d,%s,Candidate %d,%s,2020-%02d-%02d,https://example.org/%d\n",
			e, kinds[e%3], cand, action, 1+day/28, 1+day%28, i)
	}
	return b.Bytes()
}

// BenchmarkImport parses and applies the generated 100,000-event file into an empty database.
// Rows whose endorser an earlier batch created are checked against the database (80,000 of
// them, 80 queries, none already recorded); the first batch's endorsers are new, so not.
func BenchmarkImport(b *testing.B) {
	data := generated100k()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		b.StopTimer()
		st := openStore(b)
		b.StartTimer()
		plan, err := importer.Parse(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		rep, err := importer.Apply(st, plan, importer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Rows != 100_000 || len(rep.Endorsers) != 20_000 {
			b.Fatalf("imported %d rows, %d endorsers", rep.Rows, len(rep.Endorsers))
		}
	}
}

// BenchmarkReimport applies the generated file to a database that already holds it: every row
// is checked (one query per 1,000 rows against 100,000 events) and reported as already
// recorded, and nothing is written.
func BenchmarkReimport(b *testing.B) {
	data := generated100k()
	b.SetBytes(int64(len(data)))
	st := openStore(b)
	plan, err := importer.Parse(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := importer.Apply(st, plan, importer.Options{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		plan, err := importer.Parse(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		rep, err := importer.Apply(st, plan, importer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Events != 0 || len(rep.Recorded) != 100_000 {
			b.Fatalf("%d events created, %d already recorded", rep.Events, len(rep.Recorded))
		}
	}
}

// BenchmarkParse is the parsing and checking alone.
func BenchmarkParse(b *testing.B) {
	data := generated100k()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := importer.Parse(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
