package store

import (
	"fmt"

	"github.com/backers/backers/models"
)

// ReportedTallies lists a contest's published counts, optionally of one kind, oldest first.
func (s *Store) ReportedTallies(contestID uint, kindSlug string) ([]models.ReportedTally, error) {
	q := s.db.Preload("Kind").Preload("Candidate").Where("reported_tallies.contest_id = ?", contestID)
	if kindSlug != "" {
		q = q.Joins("JOIN kinds ON kinds.id = reported_tallies.kind_id").Where("kinds.slug = ?", kindSlug)
	}
	var ts []models.ReportedTally
	if err := q.Order("reported_tallies.as_of, reported_tallies.candidate_id IS NULL, reported_tallies.candidate_id, reported_tallies.id").Find(&ts).Error; err != nil {
		return nil, fmt.Errorf("store: reported tallies: %w", err)
	}
	return ts, nil
}

// Polls lists a contest's polls with their values, by end of fieldwork.
func (s *Store) Polls(contestID uint) ([]models.Poll, error) {
	var ps []models.Poll
	if err := s.db.Preload("Values").Where("contest_id = ?", contestID).
		Order("fieldwork_end, id").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("store: polls: %w", err)
	}
	return ps, nil
}

// Odds lists a contest's bookmakers' prices, oldest first.
func (s *Store) Odds(contestID uint) ([]models.Odds, error) {
	var os []models.Odds
	if err := s.db.Where("contest_id = ?", contestID).Order("quoted_on, bookmaker, candidate_id").Find(&os).Error; err != nil {
		return nil, fmt.Errorf("store: odds: %w", err)
	}
	return os, nil
}

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

// Roster lists the endorsers eligible in a contest, with their kinds.
func (s *Store) Roster(contestID uint) ([]models.RosterEntry, error) {
	var rs []models.RosterEntry
	if err := s.db.Preload("Endorser.Kind").Where("contest_id = ?", contestID).Order("id").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("store: roster: %w", err)
	}
	return rs, nil
}
