package store

import (
	"fmt"

	"github.com/backers/backers/models"
)

// CreateEvent appends an event to the log. RecordedAt is set from the store's clock.
func (s *Store) CreateEvent(e *models.Event) error {
	if e.RecordedAt.IsZero() {
		e.RecordedAt = s.now().UTC()
	}
	return s.write(func(tx *Store) error {
		if err := tx.db.Omit("Contest", "Endorser", "Candidate").Create(e).Error; err != nil {
			return fmt.Errorf("store: create event: %w", err)
		}
		tx.eventsChanged(e)
		return nil
	})
}

// Event returns one event with its endorser, kind and candidate.
func (s *Store) Event(id uint) (*models.Event, error) {
	var e models.Event
	err := s.db.Preload("Endorser.Kind").Preload("Candidate").First(&e, id).Error
	if err != nil {
		return nil, fmt.Errorf("store: event %d: %w", id, notFound(err))
	}
	return &e, nil
}

// LatestEvents lists a contest's most recent events (by effective day, then as recorded),
// retracted ones included so readers see them marked.
func (s *Store) LatestEvents(contestID uint, limit int) ([]models.Event, error) {
	var es []models.Event
	err := s.db.Preload("Endorser.Kind").Preload("Candidate").
		Where("contest_id = ?", contestID).
		Order("effective_on DESC, id DESC").Limit(limit).Find(&es).Error
	if err != nil {
		return nil, fmt.Errorf("store: latest events: %w", err)
	}
	return es, nil
}

// EventsByID loads events with their endorser, kind and candidate, keyed by ID.
func (s *Store) EventsByID(ids []uint) (map[uint]models.Event, error) {
	out := make(map[uint]models.Event, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var es []models.Event
	// SQLite allows at most 32766 bound parameters; batch to stay well under it.
	for start := 0; start < len(ids); start += 5000 {
		end := min(start+5000, len(ids))
		es = es[:0]
		if err := s.db.Preload("Endorser.Kind").Preload("Candidate").
			Where("id IN ?", ids[start:end]).Find(&es).Error; err != nil {
			return nil, fmt.Errorf("store: events by id: %w", err)
		}
		for _, e := range es {
			out[e.ID] = e
		}
	}
	return out, nil
}

// EventCount is how many events a contest has, retracted ones included.
func (s *Store) EventCount(contestID uint) (int64, error) {
	var n int64
	if err := s.db.Model(&models.Event{}).Where("contest_id = ?", contestID).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: event count: %w", err)
	}
	return n, nil
}
