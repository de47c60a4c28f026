package store

import (
	"fmt"
	"time"

	"github.com/backers/backers/models"
)

// RecordCounts is how many rows each table an import writes to holds.
type RecordCounts struct {
	Contests, ContestKinds, Kinds, Candidates, Endorsers, Events int64
}

// RecordCounts counts the rows of the tables an import writes to.
func (s *Store) RecordCounts() (RecordCounts, error) {
	var c RecordCounts
	for _, t := range []struct {
		model any
		n     *int64
	}{
		{&models.Contest{}, &c.Contests}, {&models.ContestKind{}, &c.ContestKinds}, {&models.Kind{}, &c.Kinds},
		{&models.Candidate{}, &c.Candidates}, {&models.Endorser{}, &c.Endorsers}, {&models.Event{}, &c.Events},
	} {
		if err := s.db.Model(t.model).Count(t.n).Error; err != nil {
			return c, fmt.Errorf("store: record counts: %w", err)
		}
	}
	return c, nil
}

// CreateImportUpload keeps an uploaded file until it is imported, dropping uploads older than a
// day that were never confirmed.
func (s *Store) CreateImportUpload(u *models.ImportUpload) error {
	if err := s.db.Where("created_at < ?", u.CreatedAt.Add(-24*time.Hour)).Delete(&models.ImportUpload{}).Error; err != nil {
		return fmt.Errorf("store: clear old uploads: %w", err)
	}
	if err := s.db.Create(u).Error; err != nil {
		return fmt.Errorf("store: create upload: %w", err)
	}
	return nil
}

// ImportUpload returns a user's upload.
func (s *Store) ImportUpload(id, userID uint) (*models.ImportUpload, error) {
	var u models.ImportUpload
	if err := s.db.Where("id = ? AND user_id = ?", id, userID).First(&u).Error; err != nil {
		return nil, fmt.Errorf("store: upload %d: %w", id, notFound(err))
	}
	return &u, nil
}

// ImportedContest is what an import did to one contest, for the trail.
type ImportedContest struct {
	Slug    string
	Summary string
}

// Import runs apply (an importer writing through tx) in one transaction with an audit entry
// per contest it touched and the removal of the upload, so a confirmed import is either all
// there, recorded, or not there at all.
func (ed *Editor) Import(uploadID uint, apply func(tx *Store) ([]ImportedContest, error)) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		done, err := apply(tx)
		if err != nil {
			return nil, err
		}
		var changes []change
		for _, ic := range done {
			var c models.Contest
			if err := tx.db.Select("id").Where("slug = ?", ic.Slug).First(&c).Error; err != nil {
				return nil, fmt.Errorf("store: imported contest %q: %w", ic.Slug, err)
			}
			changes = append(changes, change{action: models.AuditCreate, entity: "import", entityID: uploadID,
				contestID: c.ID, summary: ic.Summary})
		}
		if err := tx.db.Delete(&models.ImportUpload{}, uploadID).Error; err != nil {
			return nil, fmt.Errorf("store: drop upload: %w", err)
		}
		return changes, nil
	})
}
