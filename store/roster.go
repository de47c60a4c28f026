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

// UnkeyedRosterEntry is the ID of an endorser's entry on a contest's roster if no seed record
// names it (0 for none).
func (s *Store) UnkeyedRosterEntry(contestID, endorserID uint) (uint, error) {
	return s.unkeyed(&models.RosterEntry{}, "contest_id = ? AND endorser_id = ?", contestID, endorserID)
}

// FillRosterEntry gives the roster entry r.ID what a source says of its endorser's choice
// (status, date, source title) where the entry has none yet, as an older seed left it.
func (s *Store) FillRosterEntry(r *models.RosterEntry) (changed int64, err error) {
	where, args := "id = ?", []any{r.ID}
	for _, f := range []struct{ column, value string }{{"status", r.Status}, {"date", r.Date},
		{"date_precision", r.DatePrecision}, {"source_title", r.SourceTitle}} {
		if f.value == "" {
			continue
		}
		n, err := s.fillEmpty(&models.RosterEntry{}, where, args, f.column, f.value, true)
		if err != nil {
			return changed, err
		}
		changed += n
	}
	return changed, nil
}
