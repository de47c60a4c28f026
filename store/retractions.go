package store

import (
	"fmt"
	"time"
)

// Retraction is a retracted endorsement event as the public pages show it: what it said, when
// it was retracted and why. Retracted events are never deleted; they stop counting and stay
// visible, marked.
type Retraction struct {
	EventID       uint
	ContestID     uint
	ContestSlug   string
	EndorserSlug  string
	EndorserName  string
	CandidateSlug string
	CandidateName string
	Action        string
	EffectiveOn   string
	DatePrecision string
	SourceURL     string
	SourceTitle   string
	RetractedAt   time.Time
	Reason        string
}

// Retractions lists retracted events, the latest retraction first, of one contest and/or one
// endorser (zero IDs do not filter), at most limit.
func (s *Store) Retractions(contestID, endorserID uint, limit int) ([]Retraction, error) {
	q := s.db.Table("events e").
		Select(`e.id AS event_id, e.contest_id, co.slug AS contest_slug, en.slug AS endorser_slug, en.name AS endorser_name,
			ca.slug AS candidate_slug, ca.name AS candidate_name, e.action, e.effective_on, e.date_precision,
			e.source_url, e.source_title, e.retracted_at, e.retraction_reason AS reason`).
		Joins("JOIN contests co ON co.id = e.contest_id").
		Joins("JOIN endorsers en ON en.id = e.endorser_id").
		Joins("JOIN candidates ca ON ca.id = e.candidate_id").
		Where("e.retracted_at IS NOT NULL")
	if contestID != 0 {
		q = q.Where("e.contest_id = ?", contestID)
	}
	if endorserID != 0 {
		q = q.Where("e.endorser_id = ?", endorserID)
	}
	var out []Retraction
	if err := q.Order("e.retracted_at DESC, e.id DESC").Limit(limit).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: retractions: %w", err)
	}
	return out, nil
}
