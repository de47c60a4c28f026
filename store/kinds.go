package store

import (
	"errors"
	"fmt"

	"github.com/backers/backers/models"
)

// Kinds lists every endorser kind.
func (s *Store) Kinds() ([]models.Kind, error) {
	var ks []models.Kind
	if err := s.db.Order("name").Find(&ks).Error; err != nil {
		return nil, fmt.Errorf("store: kinds: %w", err)
	}
	return ks, nil
}

// Kind returns the endorser kind with the given slug.
func (s *Store) Kind(slug string) (*models.Kind, error) {
	var k models.Kind
	if err := s.db.Where("slug = ?", slug).First(&k).Error; err != nil {
		return nil, fmt.Errorf("store: kind %q: %w", slug, notFound(err))
	}
	return &k, nil
}

// EnsureKind returns the kind with k's slug, creating it from k if there is none.
func (s *Store) EnsureKind(k models.Kind) (*models.Kind, bool, error) {
	existing, err := s.Kind(k.Slug)
	if err == nil {
		return existing, false, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return nil, false, err
	}
	if err := s.create("kind", &k); err != nil {
		return nil, false, err
	}
	return &k, true, nil
}

// FillKindCovers gives an existing kind of k's slug the kinds it covers (k.Covers), where an
// older seed wrote none; a kind that records some keeps them.
func (s *Store) FillKindCovers(k *models.Kind) (int64, error) {
	if k.Covers == "" {
		return 0, nil
	}
	res := s.db.Model(&models.Kind{}).Where("slug = ? AND covers = ''", k.Slug).Update("covers", k.Covers)
	return s.filled("kind's covered kinds", res.RowsAffected, res.Error)
}

// KindSlugTaken reports whether an endorser kind already has this slug.
func (s *Store) KindSlugTaken(slug string) (bool, error) {
	var n int64
	if err := s.db.Model(&models.Kind{}).Where("slug = ?", slug).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: kind slug taken: %w", err)
	}
	return n > 0, nil
}
