package store

import (
	"fmt"
	"time"

	"github.com/backers/backers/models"
)

// ReviewReport accepts or rejects a public report with a note.
func (ed *Editor) ReviewReport(id uint, status, note string) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var r models.Report
		if err := tx.db.First(&r, id).Error; err != nil {
			return nil, fmt.Errorf("store: report %d: %w", id, notFound(err))
		}
		if r.Status != models.ReportOpen {
			return nil, ErrDuplicate
		}
		before := r
		now := tx.now().UTC()
		r.Status, r.ReviewNote, r.ReviewedBy, r.ReviewedAt = status, note, &ed.actor.UserID, &now
		if err := tx.db.Save(&r).Error; err != nil {
			return nil, fmt.Errorf("store: review report: %w", err)
		}
		action := models.AuditReject
		if status == models.ReportAccepted {
			action = models.AuditAccept
		}
		return []change{{action: action, entity: "report", entityID: r.ID, summary: "Report " + status, before: before, after: r}}, nil
	})
}

// CreateReport stores a reader's report.
func (s *Store) CreateReport(r *models.Report) error {
	if err := s.db.Create(r).Error; err != nil {
		return fmt.Errorf("store: create report: %w", err)
	}
	return nil
}

// Report returns one public report.
func (s *Store) Report(id uint) (*models.Report, error) {
	var r models.Report
	if err := s.db.First(&r, id).Error; err != nil {
		return nil, fmt.Errorf("store: report %d: %w", id, notFound(err))
	}
	return &r, nil
}

// Reports lists reports in a state ("" for all), oldest open first.
func (s *Store) Reports(status string) ([]models.Report, error) {
	q := s.db.Order("created_at, id")
	if status != "" {
		q = q.Where("status = ?", status)
	}
	var rs []models.Report
	if err := q.Limit(500).Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("store: reports: %w", err)
	}
	return rs, nil
}

// ReportsFrom counts the public reports sent from an address since a time.
func (s *Store) ReportsFrom(address string, since time.Time) (int64, error) {
	var n int64
	if err := s.db.Model(&models.Report{}).Where("address = ? AND created_at > ?", address, since).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: reports from: %w", err)
	}
	return n, nil
}
