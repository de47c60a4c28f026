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

// FillRosterEntry gives an endorser's roster entry in a contest what a source says of its
// choice (status, date, source title) where the entry has none yet, as an older seed left it.
func (s *Store) FillRosterEntry(r *models.RosterEntry) (changed int64, err error) {
	where, args := "contest_id = ? AND endorser_id = ?", []any{r.ContestID, r.EndorserID}
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
