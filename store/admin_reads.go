package store

import (
	"fmt"
	"strings"

	"gorm.io/gorm/clause"

	"github.com/backers/backers/models"
)

// EndorserMatch is one answer of the endorser autocomplete.
type EndorserMatch struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Region string `json:"region"`
}

// SearchEndorsers finds endorsers whose name contains q (ignoring case), best matches first:
// names starting with q before the rest.
func (s *Store) SearchEndorsers(q string, limit int) ([]EndorserMatch, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return []EndorserMatch{}, nil
	}
	like := "%" + escapeLike(strings.ToLower(q)) + "%"
	prefix := escapeLike(strings.ToLower(q)) + "%"
	out := []EndorserMatch{}
	err := s.db.Table("endorsers").
		Select("endorsers.slug, endorsers.name, kinds.name AS kind, endorsers.region").
		Joins("JOIN kinds ON kinds.id = endorsers.kind_id").
		Where(`LOWER(endorsers.name) LIKE ? ESCAPE '\'`, like).
		Order(clause.OrderBy{Expression: clause.Expr{SQL: `CASE WHEN LOWER(endorsers.name) LIKE ? ESCAPE '\' THEN 0 ELSE 1 END, endorsers.name`,
			Vars: []any{prefix}, WithoutParentheses: true}}).
		Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: search endorsers: %w", err)
	}
	return out, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Endorsers lists endorsers whose name contains q ("" for all), by name, at most limit.
func (s *Store) Endorsers(q string, limit int) ([]models.Endorser, error) {
	db := s.db.Preload("Kind").Order("name")
	if q = strings.TrimSpace(q); q != "" {
		db = db.Where(`LOWER(name) LIKE ? ESCAPE '\'`, "%"+escapeLike(strings.ToLower(q))+"%")
	}
	var es []models.Endorser
	if err := db.Limit(limit).Find(&es).Error; err != nil {
		return nil, fmt.Errorf("store: endorsers: %w", err)
	}
	return es, nil
}

// EndorserEvents lists every event of an endorser in every contest, retracted ones included,
// newest first.
func (s *Store) EndorserEvents(endorserID uint) ([]models.Event, error) {
	var es []models.Event
	err := s.db.Preload("Contest").Preload("Candidate").Preload("Endorser.Kind").
		Where("endorser_id = ?", endorserID).Order("effective_on DESC, id DESC").Find(&es).Error
	if err != nil {
		return nil, fmt.Errorf("store: endorser events: %w", err)
	}
	return es, nil
}

// EndorserPosition is where an endorser stands in one contest today.
type EndorserPosition struct {
	Contest   models.Contest
	Candidate models.Candidate
	EventID   uint
	Action    string
	StartOn   string
}

// EndorserPositions lists the endorser's current support in every contest it took part in,
// from the same support spans as every chart.
func (s *Store) EndorserPositions(endorserID uint) ([]EndorserPosition, error) {
	var rows []struct {
		Position
		ContestID uint
	}
	q := `SELECT s.event_id, s.endorser_id, s.candidate_id, s.action, s.start_on, s.points, s.contest_id
FROM support_spans s WHERE s.endorser_id = ? AND s.end_on > ? ORDER BY s.contest_id, s.start_on, s.event_id`
	if err := s.db.Raw(q, endorserID, lastDay).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: endorser positions: %w", err)
	}
	var out []EndorserPosition
	for _, r := range rows {
		p := EndorserPosition{EventID: r.EventID, Action: r.Action, StartOn: r.StartOn}
		if err := s.db.First(&p.Contest, r.ContestID).Error; err != nil {
			return nil, fmt.Errorf("store: endorser positions: %w", err)
		}
		if err := s.db.First(&p.Candidate, r.CandidateID).Error; err != nil {
			return nil, fmt.Errorf("store: endorser positions: %w", err)
		}
		out = append(out, p)
	}
	return out, nil
}

// ContestEvents lists a contest's events for the admin, newest first, retracted included,
// optionally only one endorser's.
func (s *Store) ContestEvents(contestID, endorserID uint, limit int) ([]models.Event, error) {
	q := s.db.Preload("Endorser.Kind").Preload("Candidate").Where("contest_id = ?", contestID)
	if endorserID != 0 {
		q = q.Where("endorser_id = ?", endorserID)
	}
	var es []models.Event
	if err := q.Order("effective_on DESC, id DESC").Limit(limit).Find(&es).Error; err != nil {
		return nil, fmt.Errorf("store: contest events: %w", err)
	}
	return es, nil
}

// CandidateByID returns one candidate.
func (s *Store) CandidateByID(id uint) (*models.Candidate, error) {
	var c models.Candidate
	if err := s.db.First(&c, id).Error; err != nil {
		return nil, fmt.Errorf("store: candidate %d: %w", id, notFound(err))
	}
	return &c, nil
}

// ContestByID returns a contest by ID, with what Contest loads.
func (s *Store) ContestByID(id uint) (*models.Contest, error) {
	var c models.Contest
	if err := s.db.Select("slug").First(&c, id).Error; err != nil {
		return nil, fmt.Errorf("store: contest %d: %w", id, notFound(err))
	}
	return s.Contest(c.Slug)
}
