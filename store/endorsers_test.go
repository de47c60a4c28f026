package store_test

import (
	"path/filepath"
	"testing"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// One endorser found by every spelling names.Fold calls the same, and by none it keeps apart,
// with SQLite's ASCII-only LOWER() no part of the rule.
func TestEndorsersMatchedByFoldedName(t *testing.T) {
	f := newFixture(t)
	zoe := f.endorser("Zoë O'Brien")
	f.endorser("Zoe Obrien")
	for _, spelling := range []string{"Zoë O'Brien", "ZOË O’BRIEN", "  zoe\u0308  o'brien "} {
		e, err := f.st.EndorserByName(spelling)
		if err != nil || e.ID != zoe.ID {
			t.Errorf("EndorserByName(%q) = %v, %v; want %q", spelling, e, err, zoe.Name)
		}
	}
	found, err := f.st.EndorsersByName([]string{"ZOË O’BRIEN", "Nobody"})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found["zoë o'brien"].ID != zoe.ID {
		t.Errorf("EndorsersByName = %v, want only Zoë keyed by her fold", found)
	}
	matches, err := f.st.EndorserMatches("ZOË", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(matches) != 1 || matches[0].Name != zoe.Name {
		t.Errorf("EndorserMatches(ZOË) = %v, want Zoë only", matches)
	}
	f.event("Zoë O'Brien", f.a, models.ActionEndorse, "2016-07-01")
	page, err := f.st.Endorsements(f.contest.ID, store.EndorsementQuery{Search: "o’bri"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Rows) != 1 || page.Rows[0].EndorserName != zoe.Name {
		t.Errorf("table search o’bri = %+v, want Zoë's row", page.Rows)
	}
}

// The admin gives a new endorser the same slug the importer would: accents folded.
func TestAddEndorserSlugFoldsAccents(t *testing.T) {
	f := newFixture(t)
	ed := f.st.As(store.Actor{UserID: 1, Email: "editor@example.org"})
	for _, want := range []string{"zoe-o-brien", "zoe-o-brien-2"} {
		e := &models.Endorser{Name: "Zoë O'Brien", KindID: f.kind.ID}
		if err := ed.AddEndorser(e); err != nil {
			t.Fatal(err)
		}
		if e.Slug != want {
			t.Errorf("slug %q, want %q", e.Slug, want)
		}
	}
}

// A database written before endorsers had a folded name gets one when it is opened.
func TestOpenFillsMissingNameKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	st, err := store.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	k, _, err := st.EnsureKind(models.Kind{Slug: "mp", Name: "MP"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateEndorser(&models.Endorser{Slug: "zoe", Name: "Zoë O'Brien", KindID: k.ID}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	old, err := gorm.Open(sqlite.Open(path), &gorm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Exec("UPDATE endorsers SET name_key = ''").Error; err != nil {
		t.Fatal(err)
	}
	if db, err := old.DB(); err == nil {
		db.Close()
	}
	st, err = store.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if e, err := st.EndorserByName("ZOË O'BRIEN"); err != nil || e.Slug != "zoe" {
		t.Fatalf("after reopening: %v, %v", e, err)
	}
	// The name's trigrams follow its filled key.
	if diffs, err := st.CheckDerived(); err != nil || len(diffs) > 0 {
		t.Fatalf("after reopening, the derived rows: %+v, %v", diffs, err)
	}
}
