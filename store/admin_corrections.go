package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm/clause"

	"github.com/backers/backers/models"
)

// Reported tallies, polls, odds and figures are corrected by audited edits and never deleted:
// the trail keeps what each said before, and the contest's public change log says it changed.

// ReportedTally returns one published count, with its kind and candidate.
func (s *Store) ReportedTally(id uint) (*models.ReportedTally, error) {
	var t models.ReportedTally
	if err := s.db.Preload("Kind").Preload("Candidate").First(&t, id).Error; err != nil {
		return nil, fmt.Errorf("store: reported tally %d: %w", id, notFound(err))
	}
	return &t, nil
}

// Poll returns one poll with its values.
func (s *Store) Poll(id uint) (*models.Poll, error) {
	var p models.Poll
	if err := s.db.Preload("Values", func(db *gormDB) *gormDB { return db.Order("id") }).First(&p, id).Error; err != nil {
		return nil, fmt.Errorf("store: poll %d: %w", id, notFound(err))
	}
	return &p, nil
}

// OddsByID returns one bookmaker's price.
func (s *Store) OddsByID(id uint) (*models.Odds, error) {
	var o models.Odds
	if err := s.db.First(&o, id).Error; err != nil {
		return nil, fmt.Errorf("store: odds %d: %w", id, notFound(err))
	}
	return &o, nil
}

// Figure returns one dated figure.
func (s *Store) Figure(id uint) (*models.Figure, error) {
	var f models.Figure
	if err := s.db.First(&f, id).Error; err != nil {
		return nil, fmt.Errorf("store: figure %d: %w", id, notFound(err))
	}
	return &f, nil
}

// ContestFigures lists every dated figure of a contest, by series and date.
func (s *Store) ContestFigures(contestID uint) ([]models.Figure, error) {
	var fs []models.Figure
	if err := s.db.Where("contest_id = ?", contestID).Order("series, as_of, category, id").Find(&fs).Error; err != nil {
		return nil, fmt.Errorf("store: contest figures: %w", err)
	}
	return fs, nil
}

// UpdateReportedTally corrects a published count.
func (ed *Editor) UpdateReportedTally(t *models.ReportedTally) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var before models.ReportedTally
		return tx.update("tally", t.ID, t.ContestID, fmt.Sprintf("Corrected: reported tally as of %s: %d", t.AsOf, t.Count), &before, t)
	})
}

// UpdateOdds corrects a bookmaker's price.
func (ed *Editor) UpdateOdds(o *models.Odds) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var before models.Odds
		return tx.update("odds", o.ID, o.ContestID, fmt.Sprintf("Corrected: odds from %s on %s: %d/%d", o.Bookmaker, o.QuotedOn, o.Numerator, o.Denominator), &before, o)
	})
}

// UpdateFigure corrects a dated figure.
func (ed *Editor) UpdateFigure(f *models.Figure) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var before models.Figure
		return tx.update("figure", f.ID, f.ContestID, fmt.Sprintf("Corrected: figure %s %s as of %s", f.Series, f.Category, f.AsOf), &before, f)
	})
}

// UpdatePoll corrects a poll and replaces its values with p.Values; the trail keeps the old
// values with the old poll.
func (ed *Editor) UpdatePoll(p *models.Poll) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var before models.Poll
		if err := tx.db.Preload("Values", func(db *gormDB) *gormDB { return db.Order("id") }).First(&before, p.ID).Error; err != nil {
			return nil, fmt.Errorf("store: poll %d: %w", p.ID, notFound(err))
		}
		if err := tx.db.Omit(clause.Associations).Save(p).Error; err != nil {
			return nil, fmt.Errorf("store: update poll: %w", err)
		}
		if err := tx.db.Where("poll_id = ?", p.ID).Delete(&models.PollValue{}).Error; err != nil {
			return nil, fmt.Errorf("store: update poll values: %w", err)
		}
		for i := range p.Values {
			p.Values[i].ID, p.Values[i].PollID = 0, p.ID
		}
		if len(p.Values) > 0 {
			if err := tx.db.Create(&p.Values).Error; err != nil {
				return nil, fmt.Errorf("store: update poll values: %w", err)
			}
		}
		b, err := tx.pollSnapshot(&before)
		if err != nil {
			return nil, err
		}
		a, err := tx.pollSnapshot(p)
		if err != nil {
			return nil, err
		}
		return []change{{action: models.AuditEdit, entity: "poll", entityID: p.ID, contestID: p.ContestID,
			summary: "Corrected: poll by " + p.Pollster + ", fieldwork to " + p.FieldworkEnd, before: b, after: a}}, nil
	})
}

// pollSnapshot is a poll for the trail with its values written out as one line ("Jeremy
// Corbyn 54; Owen Smith 15"), since the trail keeps a record's own fields only.
func (s *Store) pollSnapshot(p *models.Poll) (map[string]any, error) {
	var names []struct {
		ID   uint
		Name string
	}
	if err := s.db.Model(&models.Candidate{}).Select("id, name").Where("contest_id = ?", p.ContestID).Scan(&names).Error; err != nil {
		return nil, fmt.Errorf("store: poll snapshot: %w", err)
	}
	byID := map[uint]string{}
	for _, n := range names {
		byID[n.ID] = n.Name
	}
	parts := make([]string, len(p.Values))
	for i, v := range p.Values {
		label := v.Option
		if v.CandidateID != nil {
			label = byID[*v.CandidateID]
		}
		parts[i] = label + " " + strconv.FormatFloat(v.Percent, 'f', -1, 64)
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("store: poll snapshot: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("store: poll snapshot: %w", err)
	}
	m["Values"] = strings.Join(parts, "; ")
	return m, nil
}
