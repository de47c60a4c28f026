package store

import (
	"fmt"

	"github.com/backers/backers/models"
)

// OddsByID returns one bookmaker's price.
func (s *Store) OddsByID(id uint) (*models.Odds, error) {
	var o models.Odds
	if err := s.db.First(&o, id).Error; err != nil {
		return nil, fmt.Errorf("store: odds %d: %w", id, notFound(err))
	}
	return &o, nil
}

// UpdateOdds corrects a bookmaker's price.
func (ed *Editor) UpdateOdds(o *models.Odds) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var before models.Odds
		return tx.update("odds", o.ID, o.ContestID, fmt.Sprintf("Corrected: odds from %s on %s: %d/%d", o.Bookmaker, o.QuotedOn, o.Numerator, o.Denominator), &before, o)
	})
}

// AddOdds records a bookmaker's price.
func (ed *Editor) AddOdds(o *models.Odds) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		return tx.createAudited("odds", o.ContestID, fmt.Sprintf("Odds from %s on %s: %d/%d", o.Bookmaker, o.QuotedOn, o.Numerator, o.Denominator), o, func() uint { return o.ID })
	})
}

// OddsByDay averages each day's prices per candidate, as implied probabilities, up to asOf
// ("" for all). Odds of a/b imply b/(a+b), as models.Odds.ImpliedProbability computes for one
// price; the mean is taken in SQL.
func (s *Store) OddsByDay(contestID uint, asOf string) ([]OddsDay, error) {
	var rows []OddsDay
	err := s.db.Model(&models.Odds{}).
		Select(`quoted_on AS day, candidate_id,
			AVG(1.0 * denominator / (numerator + denominator)) AS probability, COUNT(*) AS quotes`).
		Where("contest_id = ? AND quoted_on <= ? AND numerator + denominator > 0", contestID, asOfOrEnd(asOf)).
		Group("quoted_on, candidate_id").Order("quoted_on, candidate_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: odds by day: %w", err)
	}
	return rows, nil
}

// OddsAsOf lists a contest's individual prices up to asOf ("" for all), oldest first.
func (s *Store) OddsAsOf(contestID uint, asOf string) ([]models.Odds, error) {
	var os []models.Odds
	if err := s.db.Where("contest_id = ? AND quoted_on <= ?", contestID, asOfOrEnd(asOf)).
		Order("quoted_on, bookmaker, candidate_id").Find(&os).Error; err != nil {
		return nil, fmt.Errorf("store: odds as of: %w", err)
	}
	return os, nil
}

// CreateOdds inserts a bookmaker's price.
func (s *Store) CreateOdds(o *models.Odds) error { return s.create("odds", o) }

// Odds lists a contest's bookmakers' prices, oldest first.
func (s *Store) Odds(contestID uint) ([]models.Odds, error) {
	var os []models.Odds
	if err := s.db.Where("contest_id = ?", contestID).Order("quoted_on, bookmaker, candidate_id").Find(&os).Error; err != nil {
		return nil, fmt.Errorf("store: odds: %w", err)
	}
	return os, nil
}

// UnkeyedOdds is the ID of a contest's price from a bookmaker on a candidate on a day, from the
// same source or at the same price (two sources may quote one bookmaker on one day
// differently), that no seed record names (0 for none).
func (s *Store) UnkeyedOdds(o *models.Odds) (uint, error) {
	return s.unkeyed(&models.Odds{}, "contest_id = ? AND candidate_id = ? AND bookmaker = ? AND quoted_on = ? AND (source_url = ? OR (numerator = ? AND denominator = ?))",
		o.ContestID, o.CandidateID, o.Bookmaker, o.QuotedOn, o.SourceURL, o.Numerator, o.Denominator)
}
