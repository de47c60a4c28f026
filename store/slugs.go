package store

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// freeSlug returns base, or base-2, base-3... whichever is not yet used in table.
func (s *Store) freeSlug(table, base string) (string, error) {
	if base == "" {
		base = "endorser"
	}
	for i := 1; ; i++ {
		slug := base
		if i > 1 {
			slug = base + "-" + strconv.Itoa(i)
		}
		var n int64
		if err := s.db.Table(table).Where("slug = ?", slug).Count(&n).Error; err != nil {
			return "", fmt.Errorf("store: free slug: %w", err)
		}
		if n == 0 {
			return slug, nil
		}
	}
}

// adminSlug turns a name into a URL slug: "Unite the Union" -> "unite-the-union".
func adminSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 100 {
		out = strings.TrimSuffix(out[:100], "-")
	}
	return out
}
