package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm/clause"

	"github.com/backers/backers/models"
)

// Poll returns one poll with its values.
func (s *Store) Poll(id uint) (*models.Poll, error) {
	var p models.Poll
	if err := s.db.Preload("Values", func(db *gormDB) *gormDB { return db.Order("id") }).First(&p, id).Error; err != nil {
		return nil, fmt.Errorf("store: poll %d: %w", id, notFound(err))
	}
	return &p, nil
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

// AddPoll records a poll with its values.
func (ed *Editor) AddPoll(p *models.Poll) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		if err := tx.db.Create(p).Error; err != nil { // values go in with it
			return nil, fmt.Errorf("store: create poll: %w", err)
		}
		after, err := tx.pollSnapshot(p)
		if err != nil {
			return nil, err
		}
		return []change{{action: models.AuditCreate, entity: "poll", entityID: p.ID, contestID: p.ContestID,
			summary: "Poll by " + p.Pollster + ", fieldwork to " + p.FieldworkEnd, after: after}}, nil
	})
}

// PollsAsOf lists a contest's polls whose fieldwork ended on or before asOf ("" for all), with
// their values.
func (s *Store) PollsAsOf(contestID uint, asOf string) ([]models.Poll, error) {
	var ps []models.Poll
	if err := s.db.Preload("Values", func(db *gormDB) *gormDB { return db.Order("id") }).
		Where("contest_id = ? AND fieldwork_end <= ?", contestID, asOfOrEnd(asOf)).
		Order("fieldwork_end, id").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("store: polls as of: %w", err)
	}
	return ps, nil
}

// CreatePoll inserts a poll with its values.
func (s *Store) CreatePoll(p *models.Poll) error { return s.create("poll", p) }

// Polls lists a contest's polls with their values, by end of fieldwork.
func (s *Store) Polls(contestID uint) ([]models.Poll, error) {
	var ps []models.Poll
	if err := s.db.Preload("Values").Where("contest_id = ?", contestID).
		Order("fieldwork_end, id").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("store: polls: %w", err)
	}
	return ps, nil
}

// UnkeyedPoll is the ID of a contest's poll like p that no seed record names (0 for none). One
// pollster's fieldwork often yields several (each question, with and without don't-knows): a
// poll is the same one when it asks about the same options and has the same source or the same
// note.
func (s *Store) UnkeyedPoll(p *models.Poll) (uint, error) {
	table, err := s.table(&models.Poll{})
	if err != nil {
		return 0, err
	}
	var like []models.Poll
	if err := s.db.Preload("Values").Where("contest_id = ? AND pollster = ? AND population = ? AND fieldwork_end = ? AND includes_dont_knows = ?",
		p.ContestID, p.Pollster, p.Population, p.FieldworkEnd, p.IncludesDontKnows).
		Where(unkeyedRow, table).Order("id").Find(&like).Error; err != nil {
		return 0, fmt.Errorf("store: unkeyed poll: %w", err)
	}
	for _, q := range like {
		if (q.SourceURL == p.SourceURL || q.Note == p.Note) && sameOptions(q.Values, p.Values) {
			return q.ID, nil
		}
	}
	return 0, nil
}

// sameOptions reports whether two polls ask about the same candidates and options.
func sameOptions(a, b []models.PollValue) bool {
	key := func(vs []models.PollValue) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			id := uint(0)
			if v.CandidateID != nil {
				id = *v.CandidateID
			}
			out[i] = fmt.Sprintf("%d|%s", id, v.Option)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(key(a), key(b))
}
