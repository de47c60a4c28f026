package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

func TestTrigramsOf(t *testing.T) {
	for key, want := range map[string][]string{
		"unite":  {"uni", "nit", "ite"},
		"aaaa":   {"aaa"}, // each run once
		"al":     nil,     // too short to have one
		"zoë o'": {"zoë", "oë ", "ë o", " o'"},
	} {
		if got := store.TrigramsOf(key); !slices.Equal(got, want) {
			t.Errorf("TrigramsOf(%q) = %q, want %q", key, got, want)
		}
	}
}

// Every way an endorser is written, one at a time or in a batch, new or renamed, leaves the
// trigram table holding the runs of its folded name and no others; a write of endorsers by a
// condition, which could not keep them, is refused and changes nothing.
func TestEndorserTrigramsFollowNames(t *testing.T) {
	st := openTestStore(t)
	ed := st.As(store.Actor{UserID: 1, Email: "ed@example.org"})
	kind, _, err := st.EnsureKind(models.Kind{Slug: "union", Name: "Union", IsOrg: true})
	if err != nil {
		t.Fatal(err)
	}
	trigrams := func(e *models.Endorser, want ...string) {
		t.Helper()
		got, err := st.EndorserTrigrams(e.ID)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("trigrams of %q: %q, want %q", e.Name, got, want)
		}
	}
	unite := &models.Endorser{Name: "UNITE", KindID: kind.ID}
	if err := ed.AddEndorser(unite); err != nil {
		t.Fatal(err)
	}
	trigrams(unite, "uni", "nit", "ite")
	unite.Name = "Zoë O'Brien"
	if err := ed.UpdateEndorser(unite); err != nil {
		t.Fatal(err)
	}
	trigrams(unite, "zoë", "oë ", "ë o", " o'", "o'b", "'br", "bri", "rie", "ien")
	batch := []*models.Endorser{{Slug: "gmb", Name: "GMB", KindID: kind.ID}, {Slug: "al", Name: "Al", KindID: kind.ID},
		{Slug: "aaaa", Name: "Aaaa", KindID: kind.ID}}
	if err := st.Transaction(func(tx *store.Store) error { return tx.CreateEndorsers(batch) }); err != nil {
		t.Fatal(err)
	}
	trigrams(batch[0], "gmb")
	trigrams(batch[1])
	trigrams(batch[2], "aaa")

	if err := st.RenameEndorsersWhere("name = 'GMB'", "Unison"); err == nil {
		t.Fatal("a rename by condition was taken")
	}
	if e, err := st.Endorser("gmb"); err != nil || e.Name != "GMB" {
		t.Fatalf("after the refused rename: %v, %v", e, err)
	}
	trigrams(batch[0], "gmb")
	if diffs, err := st.CheckDerived(); err != nil || len(diffs) > 0 {
		t.Fatalf("check: %+v, %v", diffs, err)
	}
}

// A search's rarest trigram is the one the fewest endorsers hold (the first of equals), if no
// more than the bound do: a trigram no one holds is the rarest of all.
func TestRarestTrigram(t *testing.T) {
	st := openTestStore(t)
	kind, _, err := st.EnsureKind(models.Kind{Slug: "union", Name: "Union", IsOrg: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"Unite the Union", "Unison", "Unite Scotland"} {
		if err := st.CreateEndorser(&models.Endorser{Slug: fmt.Sprint("u", i), Name: name, KindID: kind.ID}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		key   string
		bound int
		want  string
	}{
		{"unite", 2, "nit"}, // uni is held by three, nit and ite by two
		{"unite", 3, "nit"},
		{"unite", 1, ""}, // each is held by more than one
		{"unite scot", 1, "e s"},
		{"unite zzz", 1, "e z"},
		// Thirteen trigrams, of which eight are counted: the last always.
		{"unite the unionx", 1, "onx"},
		{"un", 100, ""}, // no trigram
		{"unite", 0, ""},
	} {
		st.SetRareSearch(c.bound)
		if got, err := st.RarestTrigram(c.key); err != nil || got != c.want {
			t.Errorf("RarestTrigram(%q) within %d: %q, %v; want %q", c.key, c.bound, got, err, c.want)
		}
	}
}
