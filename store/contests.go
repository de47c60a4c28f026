package store

import (
	"fmt"

	"github.com/backers/backers/models"
)

// Contest returns the contest with the given slug, with its candidates, kinds and thresholds.
func (s *Store) Contest(slug string) (*models.Contest, error) {
	var c models.Contest
	err := s.db.
		Preload("Candidates", func(db *gormDB) *gormDB { return db.Order("sort_order, id") }).
		Preload("Kinds", func(db *gormDB) *gormDB { return db.Order("sort_order, id") }).
		Preload("Kinds.Kind").
		Preload("Thresholds").
		Where("slug = ?", slug).First(&c).Error
	if err != nil {
		return nil, fmt.Errorf("store: contest %q: %w", slug, notFound(err))
	}
	return &c, nil
}

// contestsNewestFirst orders contests by when they began, or, where the opening day is not
// known (2020's is not in the sources), by their next known date.
const contestsNewestFirst = "COALESCE(NULLIF(opens_on, ''), NULLIF(nominations_close_on, ''), result_on) DESC, id DESC"

// Contests lists every contest, the most recent first.
func (s *Store) Contests() ([]models.Contest, error) {
	var cs []models.Contest
	err := s.db.Preload("Candidates", func(db *gormDB) *gormDB { return db.Order("sort_order, id") }).
		Order(contestsNewestFirst).Find(&cs).Error
	if err != nil {
		return nil, fmt.Errorf("store: contests: %w", err)
	}
	return cs, nil
}

// FeaturedContest is the contest shown at /: the one marked featured, else the latest.
func (s *Store) FeaturedContest() (*models.Contest, error) {
	var c models.Contest
	err := s.db.Order("featured DESC, " + contestsNewestFirst).First(&c).Error
	if err != nil {
		return nil, fmt.Errorf("store: featured contest: %w", notFound(err))
	}
	return s.Contest(c.Slug)
}

// Kinds lists every endorser kind.
func (s *Store) Kinds() ([]models.Kind, error) {
	var ks []models.Kind
	if err := s.db.Order("name").Find(&ks).Error; err != nil {
		return nil, fmt.Errorf("store: kinds: %w", err)
	}
	return ks, nil
}

// Thresholds of a contest.
func (s *Store) Thresholds(contestID uint) ([]models.Threshold, error) {
	var ts []models.Threshold
	if err := s.db.Where("contest_id = ?", contestID).Order("id").Find(&ts).Error; err != nil {
		return nil, fmt.Errorf("store: thresholds: %w", err)
	}
	return ts, nil
}
