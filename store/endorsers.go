package store

import (
	"fmt"

	"github.com/backers/backers/models"
)

// EndorserContests lists the contests an endorser has events in or is on the roster of, the
// most recent first, with their candidates.
func (s *Store) EndorserContests(endorserID uint) ([]models.Contest, error) {
	var cs []models.Contest
	err := s.db.Preload("Candidates", func(db *gormDB) *gormDB { return db.Order("sort_order, id") }).
		Where("id IN (SELECT contest_id FROM events WHERE endorser_id = ?) OR id IN (SELECT contest_id FROM roster_entries WHERE endorser_id = ?)",
			endorserID, endorserID).
		Order("opens_on DESC, id DESC").Find(&cs).Error
	if err != nil {
		return nil, fmt.Errorf("store: endorser contests: %w", err)
	}
	return cs, nil
}

// EndorserRoster lists the roster entries of an endorser, one per contest it is eligible in.
func (s *Store) EndorserRoster(endorserID uint) ([]models.RosterEntry, error) {
	var rs []models.RosterEntry
	if err := s.db.Where("endorser_id = ?", endorserID).Order("contest_id").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("store: endorser roster: %w", err)
	}
	return rs, nil
}

// ContestStat counts what a contest holds.
type ContestStat struct {
	ContestID uint
	Events    int
	Endorsers int
}

// ContestStats counts the events and distinct endorsers of every contest, keyed by contest.
func (s *Store) ContestStats() (map[uint]ContestStat, error) {
	var rows []ContestStat
	err := s.db.Table("events").
		Select("contest_id, COUNT(*) AS events, COUNT(DISTINCT endorser_id) AS endorsers").
		Where("retracted_at IS NULL").Group("contest_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: contest stats: %w", err)
	}
	out := make(map[uint]ContestStat, len(rows))
	for _, r := range rows {
		out[r.ContestID] = r
	}
	return out, nil
}
