// Package names holds the two rules every part of backers applies to names: how a name becomes
// a URL slug, and how a name is folded so that two spellings of it match. The store, the
// importer and the admin all call these, so "Zoë O'Brien" gets the same slug and matches the
// same endorser whichever way it arrives, on SQLite and PostgreSQL alike (the fold is computed
// here, in Go, and stored; neither database's LOWER() is the rule).
package names

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// latin folds the accented Latin letters that do not decompose into a plain letter and a mark
// ("ł", "ø", "ß", "æ") and the common ones that do, so "Łódź" becomes "lodz" rather than "d".
var latin = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ą': "a", 'ă': "a",
	'æ': "ae", 'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ę': "e", 'ě': "e", 'ė': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'į': "i", 'ı': "i",
	'ł': "l", 'ľ': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o", 'œ': "oe",
	'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ș': "s", 'ß': "ss", 'ť': "t", 'ţ': "t", 'ț': "t", 'þ': "th",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
}

// MaxSlug is the longest slug Slug returns. The narrowest slug column holds 80 characters;
// the rest is room for Unique's "-n" suffix.
const MaxSlug = 72

// Slug makes a URL slug from a name: lower-case ASCII letters and digits joined by single
// hyphens ("U.S. Senator" -> "u-s-senator", "Zoë O'Brien" -> "zoe-o-brien", "Ŵyn" -> "wyn").
// It returns "" when the name has no letter or digit it can keep.
func Slug(name string) string {
	var b strings.Builder
	hyphen := false
	emit := func(s string) {
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteString(s)
	}
	for _, r := range strings.ToLower(norm.NFC.String(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a mark no letter composes with is dropped, not a word break
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			emit(string(r))
		case latin[r] != "":
			emit(latin[r])
		case baseLetter(r) != 0:
			emit(string(baseLetter(r)))
		default:
			hyphen = true
		}
	}
	s := b.String()
	if len(s) > MaxSlug {
		s = strings.TrimRight(s[:MaxSlug], "-")
	}
	return s
}

// baseLetter is the ASCII letter a letter with marks decomposes to ("ŵ" is "w" and a
// circumflex), or 0 when it has none: Welsh and other names use letters no table lists.
func baseLetter(r rune) rune {
	if !unicode.IsLetter(r) {
		return 0
	}
	d := []rune(norm.NFD.String(string(r)))
	if len(d) > 1 && d[0] < unicode.MaxASCII && unicode.IsLetter(d[0]) {
		return unicode.ToLower(d[0])
	}
	return 0
}

// IsSlug reports whether s is already a slug: what Slug would return for it.
func IsSlug(s string) bool { return s != "" && Slug(s) == s }

// Unique returns base, or base-2, base-3, ... the first that taken says is free.
func Unique(base string, taken func(string) (bool, error)) (string, error) {
	for n := 1; ; n++ {
		s := base
		if n > 1 {
			s = base + "-" + strconv.Itoa(n)
		}
		used, err := taken(s)
		if err != nil {
			return "", err
		}
		if !used {
			return s, nil
		}
	}
}

// apostrophes are the quote marks a name pasted from a web page uses for "O'Brien".
var apostrophes = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u02bc", "'")

// Fold is the key two spellings of one name share: Unicode case folded ("ZOË" and "zoë",
// "STRASSE" and "straße"), composed and decomposed accents made one, curly apostrophes made
// straight, and runs of space made one space with none at the ends. Accents are kept: "Zoe"
// and "Zoë" may be two people. The store keeps each endorser's fold in a column, so a lookup
// by name is an indexed equality on any database.
func Fold(name string) string {
	s := cases.Fold().String(norm.NFC.String(apostrophes.Replace(name)))
	return strings.Join(strings.Fields(s), " ")
}
