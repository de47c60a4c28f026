package store

import (
	"fmt"

	"github.com/backers/backers/models"
)

// bulkBatch is how many rows one INSERT carries: SQLite allows 32766 bound parameters and an
// event has about 25 columns, so 500 rows stay well under it.
const bulkBatch = 500

// CreateEndorsers inserts many endorsers in batched INSERTs, setting their IDs, for bulk imports
// and generated load-test contests. Kinds must exist. Run it inside Transaction so a failure
// leaves none.
func (s *Store) CreateEndorsers(es []*models.Endorser) error {
	if len(es) == 0 {
		return nil
	}
	if err := s.db.Omit("Kind").CreateInBatches(es, bulkBatch).Error; err != nil {
		return fmt.Errorf("store: create endorsers: %w", err)
	}
	s.Touch()
	return nil
}

// CreateEvents appends many events in batched INSERTs. RecordedAt is set from the store's clock
// where it is zero. Run it inside Transaction so a failure leaves none, and so that the derived
// tables are brought up to date once, at the end, for every batch written in it.
func (s *Store) CreateEvents(es []models.Event) error {
	if len(es) == 0 {
		return nil
	}
	for i := range es {
		if es[i].RecordedAt.IsZero() {
			es[i].RecordedAt = s.now().UTC()
		}
	}
	return s.write(func(tx *Store) error {
		if err := tx.db.Omit("Contest", "Endorser", "Candidate").CreateInBatches(es, bulkBatch).Error; err != nil {
			return fmt.Errorf("store: create events: %w", err)
		}
		for i := range es {
			tx.eventsChanged(&es[i])
		}
		return nil
	})
}
