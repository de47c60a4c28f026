package store

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/backers/backers/models"
)

// The endorser_trigrams table (models.EndorserTrigram) holds every run of three characters in
// every endorser's folded name. A search of a large contest's table names the run of its own
// that the fewest endorsers hold; where they are few (rareSearch), the table reads their
// spans one by one (endorsersFirst) instead of testing the name in every standing span.

// rareSearch is how many endorsers may hold a search's rarest trigram for the table of a large
// contest to find them first. Each costs a seek of the trigram index, of the endorser and of
// its span: at 1,000,000 events, the 1,111 endorsers of "endorser 12" took 7 ms that way,
// against 11 ms testing the names of the contest's 48,000 standing spans. In a contest just
// large (10,000 spans), 2,000 found first would cost more than the test, but both only a few
// ms.
const rareSearch = 2000

// searchTrigrams is how many of a search's trigrams, spread over it, are counted to find its
// rarest: each count reads up to rareSearch index entries, about 1 ms for all of them where
// every one is common.
const searchTrigrams = 8

// trigramsOf are the distinct runs of three runes in key, in the order they first appear.
// SQLite and PostgreSQL count characters (substr, length) as runes, as Go does here.
func trigramsOf(key string) []string {
	runes := []rune(key)
	var out []string
	for i := 0; i+3 <= len(runes); i++ {
		if g := string(runes[i : i+3]); !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

// spread is at most n of grams, the first, the last and those evenly between: a name's rare part
// may be anywhere in a search.
func spread(grams []string, n int) []string {
	if len(grams) <= n {
		return grams
	}
	out := make([]string, n)
	for i := range out {
		out[i] = grams[i*(len(grams)-1)/(n-1)]
	}
	return out
}

// placesCTE numbers the places a trigram may start at in the longest folded name (a fold may
// be longer than the name: "ß" folds to "ss"), for trigramsSQL.
const placesCTE = `WITH RECURSIVE places(i) AS (SELECT 1 UNION ALL
  SELECT i + 1 FROM places WHERE i < (SELECT MAX(length(name_key)) FROM endorsers) - 2)`

// trigramsSQL selects (trigram, endorser_id) for every run of three characters in every
// endorser's folded name, as writeTrigrams cuts them in Go: the check of the one by the other.
// It reads placesCTE.
const trigramsSQL = `SELECT DISTINCT substr(en.name_key, places.i, 3) AS trigram, en.id AS endorser_id
FROM endorsers en JOIN places ON places.i <= length(en.name_key) - 2`

// trigramRows is how many rows one INSERT of trigrams writes: two parameters each, well
// within SQLite's 32,766.
const trigramRows = 2000

// writeTrigrams writes the trigrams of the endorsers ids' folded names, as they are in the
// database, first taking away those they held where replace (an update; a new endorser holds
// none). The names are read back rather than taken from the written model, which a partial
// update (UpdateColumn) leaves without them. The trigrams are cut in Go: in SQL, a join of
// each name to its places took 1.6 s of an import of 20,000 endorsers.
func writeTrigrams(db *gorm.DB, ids []uint, replace bool) error {
	for batch := range slices.Chunk(ids, refreshBatch) {
		if replace {
			if err := db.Where("endorser_id IN ?", batch).Delete(&models.EndorserTrigram{}).Error; err != nil {
				return fmt.Errorf("store: endorser trigrams: %w", err)
			}
		}
		var es []models.Endorser
		if err := db.Select("id", "name_key").Where("id IN ?", batch).Find(&es).Error; err != nil {
			return fmt.Errorf("store: endorser trigrams: %w", err)
		}
		var args []any
		for _, e := range es {
			for _, g := range trigramsOf(e.NameKey) {
				args = append(args, g, e.ID)
			}
		}
		for rows := range slices.Chunk(args, 2*trigramRows) {
			sql := "INSERT INTO endorser_trigrams (trigram, endorser_id) VALUES " +
				strings.Repeat("(?, ?), ", len(rows)/2-1) + "(?, ?)"
			if err := db.Exec(sql, rows...).Error; err != nil {
				return fmt.Errorf("store: endorser trigrams: %w", err)
			}
		}
	}
	return nil
}

// rebuildTrigrams fills the trigram table afresh from every endorser's name.
func (s *Store) rebuildTrigrams() error {
	if err := s.db.Session(&gorm.Session{AllowGlobalUpdate: true}).Delete(&models.EndorserTrigram{}).Error; err != nil {
		return fmt.Errorf("store: rebuild: empty endorser trigrams: %w", err)
	}
	var ids []uint
	if err := s.db.Model(&models.Endorser{}).Order("id").Pluck("id", &ids).Error; err != nil {
		return fmt.Errorf("store: rebuild endorser trigrams: %w", err)
	}
	return writeTrigrams(s.db, ids, false)
}

// checkTrigrams counts the trigram rows missing from the table or in it wrongly.
func (s *Store) checkTrigrams() (int, error) {
	want := trigramsSQL
	const have = "SELECT trigram, endorser_id FROM endorser_trigrams"
	var n int
	sql := placesCTE + `
SELECT (SELECT COUNT(*) FROM (` + want + ` EXCEPT ` + have + `) a) + (SELECT COUNT(*) FROM (` + have + ` EXCEPT ` + want + `) b)`
	if err := s.db.Raw(sql).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("store: check endorser trigrams: %w", err)
	}
	return n, nil
}

// errWrittenByCondition is what a write of endorsers that names none of them by id reports:
// their trigrams could not follow their names.
var errWrittenByCondition = errors.New("store: endorsers written by a condition rather than by id; write each one by its id")

// keepTrigrams has every insert and update of endorsers, in whatever store method or batch,
// write their trigrams in the same statement's transaction. It sees GORM's writes only: an
// endorser written by raw SQL (the store has none) would keep stale trigrams until a rebuild,
// which rebuild -check would report.
func keepTrigrams(db *gorm.DB) error {
	keep := func(replace bool) func(*gorm.DB) {
		return func(tx *gorm.DB) {
			if tx.Error != nil || tx.Statement.Schema == nil || tx.Statement.Schema.Table != "endorsers" {
				return
			}
			ids := writtenEndorsers(tx.Statement.ReflectValue)
			if len(ids) == 0 {
				if tx.Statement.RowsAffected > 0 {
					tx.AddError(errWrittenByCondition)
				}
				return
			}
			if err := writeTrigrams(tx.Session(&gorm.Session{NewDB: true}), ids, replace); err != nil {
				tx.AddError(err)
			}
		}
	}
	// Before GORM's own transaction around a lone write ends, so that a refusal rolls it back.
	const end = "gorm:commit_or_rollback_transaction"
	cb := db.Callback()
	return errors.Join(
		cb.Create().After("gorm:create").Before(end).Register("backers:trigrams", keep(false)),
		cb.Update().After("gorm:update").Before(end).Register("backers:trigrams", keep(true)),
	)
}

// writtenEndorsers are the ids of the endorsers a statement wrote (its model or its slice of
// them), leaving out any without one.
func writtenEndorsers(v reflect.Value) []uint {
	var ids []uint
	add := func(v reflect.Value) {
		if e, ok := reflect.Indirect(v).Interface().(models.Endorser); ok && e.ID != 0 {
			ids = append(ids, e.ID)
		}
	}
	switch v = reflect.Indirect(v); v.Kind() {
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			add(v.Index(i))
		}
	case reflect.Struct:
		add(v)
	}
	return ids
}

// rarestTrigram is the trigram of the search key that the fewest endorsers hold, where at most
// s.rareSearch do; "" where the key is shorter than three characters or each of its trigrams
// is common. Each count stops one past the bound, so asking costs at most a few thousand
// index entries however common the search.
func (s *Store) rarestTrigram(key string) (string, error) {
	grams := trigramsOf(key)
	if len(grams) == 0 || s.rareSearch <= 0 {
		return "", nil
	}
	grams = spread(grams, searchTrigrams)
	args := map[string]any{}
	var counts []string
	for i, g := range grams {
		args[fmt.Sprintf("t%d", i)] = g
		counts = append(counts, fmt.Sprintf(
			"SELECT %d AS i, COUNT(*) AS n FROM (SELECT 1 FROM endorser_trigrams WHERE trigram = @t%d%s) c%d",
			i, i, limitSQL(s.rareSearch+1, 0), i))
	}
	var rarest []struct{ I, N int }
	sql := strings.Join(counts, "\nUNION ALL ") + "\nORDER BY n, i" + limitSQL(1, 0)
	if err := s.db.Raw(sql, args).Scan(&rarest).Error; err != nil {
		return "", fmt.Errorf("store: search trigrams: %w", err)
	}
	if len(rarest) == 0 || rarest[0].N > s.rareSearch {
		return "", nil
	}
	return grams[rarest[0].I], nil
}
