package store

import (
	"fmt"

	"github.com/backers/backers/models"
)

// Figure returns one dated figure.
func (s *Store) Figure(id uint) (*models.Figure, error) {
	var f models.Figure
	if err := s.db.First(&f, id).Error; err != nil {
		return nil, fmt.Errorf("store: figure %d: %w", id, notFound(err))
	}
	return &f, nil
}

// ContestFigures lists every dated figure of a contest, by series and date.
func (s *Store) ContestFigures(contestID uint) ([]models.Figure, error) {
	var fs []models.Figure
	if err := s.db.Where("contest_id = ?", contestID).Order("series, as_of, category, id").Find(&fs).Error; err != nil {
		return nil, fmt.Errorf("store: contest figures: %w", err)
	}
	return fs, nil
}

// UpdateFigure corrects a dated figure.
func (ed *Editor) UpdateFigure(f *models.Figure) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var before models.Figure
		return tx.update("figure", f.ID, f.ContestID, fmt.Sprintf("Corrected: figure %s %s as of %s", f.Series, f.Category, f.AsOf), &before, f)
	})
}

// AddFigure records a dated figure.
func (ed *Editor) AddFigure(f *models.Figure) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		return tx.createAudited("figure", f.ContestID, fmt.Sprintf("Figure %s %s as of %s", f.Series, f.Category, f.AsOf), f, func() uint { return f.ID })
	})
}

// FiguresAsOf lists a contest's dated figures in one series up to asOf ("" for all), oldest
// first.
func (s *Store) FiguresAsOf(contestID uint, series, asOf string) ([]models.Figure, error) {
	var fs []models.Figure
	if err := s.db.Where("contest_id = ? AND series = ? AND as_of <= ?", contestID, series, asOfOrEnd(asOf)).
		Order("as_of, id").Find(&fs).Error; err != nil {
		return nil, fmt.Errorf("store: figures %s as of: %w", series, err)
	}
	return fs, nil
}

// CreateFigure inserts a dated figure.
func (s *Store) CreateFigure(f *models.Figure) error { return s.create("figure", f) }

// Figures lists a contest's dated figures in one series ("membership", "result", "electorate"),
// oldest first.
func (s *Store) Figures(contestID uint, series string) ([]models.Figure, error) {
	var fs []models.Figure
	if err := s.db.Where("contest_id = ? AND series = ?", contestID, series).
		Order("as_of, id").Find(&fs).Error; err != nil {
		return nil, fmt.Errorf("store: figures %s: %w", series, err)
	}
	return fs, nil
}

// UnkeyedFigure is the ID of a contest's figure of a series and category for a candidate (nil:
// none) as of a day that no seed record names (0 for none).
func (s *Store) UnkeyedFigure(contestID uint, series, category string, candidateID *uint, asOf string) (uint, error) {
	cand, args := optionalID("candidate_id", candidateID)
	return s.unkeyed(&models.Figure{}, "contest_id = ? AND series = ? AND category = ? AND as_of = ? AND "+cand,
		append([]any{contestID, series, category, asOf}, args...)...)
}

// DisputedFigures lists a contest's dated figures up to asOf ("" for all) that another source
// gives differently (OtherValue set), oldest first.
func (s *Store) DisputedFigures(contestID uint, asOf string) ([]models.Figure, error) {
	var fs []models.Figure
	if err := s.db.Where("contest_id = ? AND other_value IS NOT NULL AND as_of <= ?", contestID, asOfOrEnd(asOf)).
		Order("as_of, id").Find(&fs).Error; err != nil {
		return nil, fmt.Errorf("store: disputed figures: %w", err)
	}
	return fs, nil
}
