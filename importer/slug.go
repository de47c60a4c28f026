package importer

import (
	"strconv"
	"strings"
	"unicode"
)

// latin folds the accented Latin letters most names use to plain ASCII, so "Ynys Môn" becomes
// "ynys-mon" rather than "ynys-m-n".
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

// Slugify makes a URL slug from a name: lower-case ASCII letters and digits joined by single
// hyphens ("U.S. Senator" -> "u-s-senator", "Zoë O'Brien" -> "zoe-o-brien"). It returns ""
// when the name has no letter or digit it can keep.
func Slugify(name string) string {
	var b strings.Builder
	hyphen := false
	emit := func(s string) {
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteString(s)
	}
	for _, r := range strings.ToLower(name) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			emit(string(r))
		case latin[r] != "":
			emit(latin[r])
		default:
			hyphen = true
		}
	}
	s := b.String()
	// Slug columns hold 80 characters; leave room for a "-n" suffix.
	if len(s) > maxSlug {
		s = strings.TrimRight(s[:maxSlug], "-")
	}
	return s
}

const maxSlug = 72

// validSlug reports whether s is already a slug: what Slugify would return for it.
func validSlug(s string) bool { return s != "" && Slugify(s) == s }

// uniqueSlug returns base, or base-2, base-3, ... the first that taken says is free.
func uniqueSlug(base string, taken func(string) (bool, error)) (string, error) {
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
