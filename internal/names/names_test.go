package names_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/backers/backers/internal/names"
)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"U.S. Senator":                 "u-s-senator",
		"Zoë O'Brien":                  "zoe-o-brien",
		"Zoe\u0308 O’Brien":            "zoe-o-brien", // decomposed ë, curly apostrophe
		"Chloe\u0308y":                 "chloey",
		"  Ynys Môn  ":                 "ynys-mon",
		"Ŵyn ap Ŷr":                    "wyn-ap-yr",
		"Unite the Union":              "unite-the-union",
		"2008D":                        "2008d",
		"</script>":                    "script",
		"平和":                           "",
		"Łódź -- Straße":               "lodz-strasse",
		strings.Repeat("a", 90):        strings.Repeat("a", names.MaxSlug),
		strings.Repeat("a", 71) + " b": strings.Repeat("a", 71),
	} {
		if got := names.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsSlug(t *testing.T) {
	for s, want := range map[string]bool{"labour-2016": true, "": false, "Labour-2016": false,
		"labour--2016": false, "-labour": false, "labour_2016": false} {
		if got := names.IsSlug(s); got != want {
			t.Errorf("IsSlug(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestUnique(t *testing.T) {
	used := map[string]bool{"unite": true, "unite-2": true}
	got, err := names.Unique("unite", func(s string) (bool, error) { return used[s], nil })
	if err != nil || got != "unite-3" {
		t.Fatalf("Unique = %q, %v; want unite-3", got, err)
	}
	boom := errors.New("boom")
	if _, err := names.Unique("unite", func(string) (bool, error) { return false, boom }); !errors.Is(err, boom) {
		t.Fatalf("Unique passed on %v, want boom", err)
	}
}

func TestFold(t *testing.T) {
	same := [][]string{
		{"Zoë O'Brien", "ZOË O’BRIEN", "  zoe\u0308   o'brien ", "Zoë O\u02bcBrien"},
		{"Straße", "STRASSE", "strasse"},
		{"Unite the Union", "unite THE union"},
	}
	for _, group := range same {
		for _, n := range group[1:] {
			if names.Fold(n) != names.Fold(group[0]) {
				t.Errorf("Fold(%q) = %q, Fold(%q) = %q; want equal", n, names.Fold(n), group[0], names.Fold(group[0]))
			}
		}
	}
	for _, pair := range [][2]string{{"Zoe O'Brien", "Zoë O'Brien"}, {"Owen Smith", "Owen Smyth"}} {
		if names.Fold(pair[0]) == names.Fold(pair[1]) {
			t.Errorf("Fold(%q) = Fold(%q); want different people kept apart", pair[0], pair[1])
		}
	}
	if got := names.Fold("  Zoë  O'Brien "); got != "zoë o'brien" {
		t.Errorf("Fold = %q, want %q", got, "zoë o'brien")
	}
}
