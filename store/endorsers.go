package store

import (
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/backers/backers/internal/names"
	"github.com/backers/backers/models"
)

// EndorserContests lists the contests an endorser has events in or is on the roster of, the
// oldest first (an endorser's history reads as a story), with their candidates.
func (s *Store) EndorserContests(endorserID uint) ([]models.Contest, error) {
	var cs []models.Contest
	err := s.db.Preload("Candidates", func(db *gormDB) *gormDB { return db.Order("sort_order, id") }).
		Where("id IN (SELECT contest_id FROM events WHERE endorser_id = ?) OR id IN (SELECT contest_id FROM roster_entries WHERE endorser_id = ?)",
			endorserID, endorserID).
		Order(contestsOldestFirst).Find(&cs).Error
	if err != nil {
		return nil, fmt.Errorf("store: endorser contests: %w", err)
	}
	return cs, nil
}

// EndorserMatch is one answer of the endorser autocomplete.
type EndorserMatch struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Region string `json:"region"`
}

// EndorserMatches are the endorsers whose name contains q (as names.Fold matches), best first:
// names starting with q before the rest.
func (s *Store) EndorserMatches(q string, limit int) ([]EndorserMatch, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return []EndorserMatch{}, nil
	}
	like := "%" + likeEscaper.Replace(names.Fold(q)) + "%"
	prefix := likeEscaper.Replace(names.Fold(q)) + "%"
	out := []EndorserMatch{}
	err := s.db.Table("endorsers").
		Select("endorsers.slug, endorsers.name, kinds.name AS kind, endorsers.region").
		Joins("JOIN kinds ON kinds.id = endorsers.kind_id").
		Where(`endorsers.name_key LIKE ? ESCAPE '\'`, like).
		Order(clause.OrderBy{Expression: clause.Expr{SQL: `CASE WHEN endorsers.name_key LIKE ? ESCAPE '\' THEN 0 ELSE 1 END, endorsers.name`,
			Vars: []any{prefix}, WithoutParentheses: true}}).
		Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: search endorsers: %w", err)
	}
	return out, nil
}

// Endorsers lists endorsers whose name contains q ("" for all), by name, at most limit.
func (s *Store) Endorsers(q string, limit int) ([]models.Endorser, error) {
	db := s.db.Preload("Kind").Order("name")
	if q = strings.TrimSpace(q); q != "" {
		db = db.Where(`name_key LIKE ? ESCAPE '\'`, "%"+likeEscaper.Replace(names.Fold(q))+"%")
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

// AddEndorser creates an endorser, giving it a unique slug from its name when it has none.
func (ed *Editor) AddEndorser(e *models.Endorser) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		ch, err := tx.addEndorser(e)
		return []change{ch}, err
	})
}

func (s *Store) addEndorser(e *models.Endorser) (change, error) {
	if e.Slug == "" {
		slug, err := s.freeSlug("endorsers", names.Slug(e.Name))
		if err != nil {
			return change{}, err
		}
		e.Slug = slug
	}
	if err := s.db.Omit(clause.Associations).Create(e).Error; err != nil {
		return change{}, fmt.Errorf("store: create endorser: %w", err)
	}
	return change{action: models.AuditCreate, entity: "endorser", entityID: e.ID, summary: "New endorser: " + e.Name, after: e}, nil
}

// UpdateEndorser saves changes to an endorser.
func (ed *Editor) UpdateEndorser(e *models.Endorser) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var before models.Endorser
		changes, err := tx.update("endorser", e.ID, 0, "Endorser edited: "+e.Name, &before, e)
		if err != nil {
			return nil, err
		}
		// Its kind decides the kind and weight of its support in every contest, and its name
		// and region are what the table searches and sorts its spans by.
		return changes, tx.endorserChanged(e.ID)
	})
}

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

// CreateEndorser inserts an endorser.
func (s *Store) CreateEndorser(e *models.Endorser) error {
	return s.create("endorser", e)
}

// Endorser returns the endorser with the given slug, with its kind.
func (s *Store) Endorser(slug string) (*models.Endorser, error) {
	var e models.Endorser
	if err := s.db.Preload("Kind").Where("slug = ?", slug).First(&e).Error; err != nil {
		return nil, fmt.Errorf("store: endorser %q: %w", slug, notFound(err))
	}
	return &e, nil
}

// EndorserByName finds an endorser by name as names.Fold matches names (case, spacing,
// apostrophes); where two share a name, the first created.
func (s *Store) EndorserByName(name string) (*models.Endorser, error) {
	var e models.Endorser
	if err := s.db.Preload("Kind").Where("name_key = ?", names.Fold(name)).Order("id").First(&e).Error; err != nil {
		return nil, fmt.Errorf("store: endorser named %q: %w", name, notFound(err))
	}
	return &e, nil
}

// EndorsersByName finds many endorsers by name at once, as names.Fold matches names, keyed by
// that fold. Names with no endorser are absent from the map; where two endorsers share a name,
// the first created wins. It asks in batches, so a bulk import's thousands of names cost a few
// indexed queries.
func (s *Store) EndorsersByName(wanted []string) (map[string]models.Endorser, error) {
	keys := make([]string, 0, len(wanted))
	seen := make(map[string]bool, len(wanted))
	for _, n := range wanted {
		if k := names.Fold(n); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	out := make(map[string]models.Endorser, len(keys))
	for batch := range slices.Chunk(keys, bulkBatch) {
		var es []models.Endorser
		if err := s.db.Where("name_key IN ?", batch).Order("id").Find(&es).Error; err != nil {
			return nil, fmt.Errorf("store: endorsers by name: %w", err)
		}
		for _, e := range es {
			if _, dup := out[e.NameKey]; !dup {
				out[e.NameKey] = e
			}
		}
	}
	return out, nil
}

// fillNameKeys gives endorsers saved before NameKey existed their fold, once, when a database
// is opened: only rows with an empty key are read.
func fillNameKeys(db *gorm.DB) error {
	var es []models.Endorser
	if err := db.Select("id", "name").Where("name_key = '' AND name <> ''").Find(&es).Error; err != nil {
		return fmt.Errorf("store: fill name keys: %w", err)
	}
	for _, e := range es {
		// By its id in the model, so its name trigrams follow (keepTrigrams).
		if err := db.Model(&models.Endorser{ID: e.ID}).UpdateColumn("name_key", names.Fold(e.Name)).Error; err != nil {
			return fmt.Errorf("store: fill name key of endorser %d: %w", e.ID, err)
		}
	}
	return nil
}

// EndorserSlugTaken reports whether an endorser already has this slug.
func (s *Store) EndorserSlugTaken(slug string) (bool, error) {
	var n int64
	if err := s.db.Model(&models.Endorser{}).Where("slug = ?", slug).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: endorser slug taken: %w", err)
	}
	return n > 0, nil
}

// EndorserSlugsTaken reports which of slugs endorsers already have, in a few queries: a bulk
// import asks about the slugs of all its new endorsers at once.
func (s *Store) EndorserSlugsTaken(slugs []string) (map[string]bool, error) {
	taken := make(map[string]bool, len(slugs))
	for batch := range slices.Chunk(slugs, bulkBatch) {
		var found []string
		if err := s.db.Model(&models.Endorser{}).Where("slug IN ?", batch).Pluck("slug", &found).Error; err != nil {
			return nil, fmt.Errorf("store: endorser slugs taken: %w", err)
		}
		for _, slug := range found {
			taken[slug] = true
		}
	}
	return taken, nil
}
