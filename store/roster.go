package store

import (
	"fmt"

	"github.com/backers/backers/models"
)

// CreateRosterEntry puts an endorser on a contest's roster.
func (s *Store) CreateRosterEntry(r *models.RosterEntry) error {
	return s.create("roster entry", r)
}

// EndorserRoster lists the roster entries of an endorser, one per contest it is eligible in.
func (s *Store) EndorserRoster(endorserID uint) ([]models.RosterEntry, error) {
	var rs []models.RosterEntry
	if err := s.db.Where("endorser_id = ?", endorserID).Order("contest_id").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("store: endorser roster: %w", err)
	}
	return rs, nil
}

// Roster lists the endorsers eligible in a contest, with their kinds.
func (s *Store) Roster(contestID uint) ([]models.RosterEntry, error) {
	var rs []models.RosterEntry
	if err := s.db.Preload("Endorser.Kind").Where("contest_id = ?", contestID).Order("id").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("store: roster: %w", err)
	}
	return rs, nil
}

// HasRosterEntry reports whether an endorser is on a contest's roster.
func (s *Store) HasRosterEntry(contestID, endorserID uint) (bool, error) {
	return s.exists(&models.RosterEntry{}, "contest_id = ? AND endorser_id = ?", contestID, endorserID)
}
