package store

import (
	"fmt"

	"github.com/backers/backers/internal/names"
	"github.com/backers/backers/models"
)

// AddCandidate adds a candidate to a contest.
func (ed *Editor) AddCandidate(c *models.Candidate) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		n, err := tx.count(&models.Candidate{}, "contest_id = ? AND slug = ?", c.ContestID, c.Slug)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, ErrDuplicate
		}
		return tx.createAudited("candidate", c.ContestID, "New candidate: "+c.Name, c, func() uint { return c.ID })
	})
}

// UpdateCandidate saves a candidate: status, withdrawal and the rest.
func (ed *Editor) UpdateCandidate(c *models.Candidate) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var before models.Candidate
		return tx.update("candidate", c.ID, c.ContestID, "Candidate edited: "+c.Name+" ("+c.Status+")", &before, c)
	})
}

// CreateCandidate inserts a candidate.
func (s *Store) CreateCandidate(c *models.Candidate) error { return s.create("candidate", c) }

// Candidate returns a contest's candidate by slug.
func (s *Store) Candidate(contestID uint, slug string) (*models.Candidate, error) {
	var c models.Candidate
	if err := s.db.Where("contest_id = ? AND slug = ?", contestID, slug).First(&c).Error; err != nil {
		return nil, fmt.Errorf("store: candidate %q: %w", slug, notFound(err))
	}
	return &c, nil
}

// CandidateByName finds a contest's candidate by name as names.Fold matches names. A contest
// has a handful of candidates, so they are compared in Go.
func (s *Store) CandidateByName(contestID uint, name string) (*models.Candidate, error) {
	var cs []models.Candidate
	if err := s.db.Where("contest_id = ?", contestID).Order("id").Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("store: candidate named %q: %w", name, err)
	}
	want := names.Fold(name)
	for i := range cs {
		if names.Fold(cs[i].Name) == want {
			return &cs[i], nil
		}
	}
	return nil, fmt.Errorf("store: candidate named %q: %w", name, ErrNotFound)
}
