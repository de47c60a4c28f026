package store

import (
	"fmt"

	"github.com/backers/backers/internal/names"
)

// freeSlug returns base, or base-2, base-3... whichever is not yet used in table.
func (s *Store) freeSlug(table, base string) (string, error) {
	if base == "" {
		base = "endorser"
	}
	return names.Unique(base, func(slug string) (bool, error) {
		var n int64
		if err := s.db.Table(table).Where("slug = ?", slug).Count(&n).Error; err != nil {
			return false, fmt.Errorf("store: free slug: %w", err)
		}
		return n > 0, nil
	})
}
