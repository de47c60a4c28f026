package store

import (
	"fmt"

	"github.com/backers/backers/models"
)

// ReportedTally returns one published count, with its kind and candidate.
func (s *Store) ReportedTally(id uint) (*models.ReportedTally, error) {
	var t models.ReportedTally
	if err := s.db.Preload("Kind").Preload("Candidate").First(&t, id).Error; err != nil {
		return nil, fmt.Errorf("store: reported tally %d: %w", id, notFound(err))
	}
	return &t, nil
}

// UpdateReportedTally corrects a published count.
func (ed *Editor) UpdateReportedTally(t *models.ReportedTally) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var before models.ReportedTally
		return tx.update("tally", t.ID, t.ContestID, fmt.Sprintf("Corrected: reported tally as of %s: %d", t.AsOf, t.Count), &before, t)
	})
}

// AddReportedTally records a published count.
func (ed *Editor) AddReportedTally(t *models.ReportedTally) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		return tx.createAudited("tally", t.ContestID, fmt.Sprintf("Reported tally as of %s: %d", t.AsOf, t.Count), t, func() uint { return t.ID })
	})
}

// TalliesAsOf lists a contest's published counts of some kinds (by slug; empty means all) up to
// asOf ("" for all), oldest first, with kind and candidate.
func (s *Store) TalliesAsOf(contestID uint, kindSlugs []string, asOf string) ([]models.ReportedTally, error) {
	q := s.db.Preload("Kind").Preload("Candidate").
		Where("reported_tallies.contest_id = ? AND reported_tallies.as_of <= ?", contestID, asOfOrEnd(asOf))
	if len(kindSlugs) > 0 {
		q = q.Where("reported_tallies.kind_id IN (SELECT id FROM kinds WHERE slug IN ?)", kindSlugs)
	}
	var ts []models.ReportedTally
	if err := q.Order("reported_tallies.as_of, reported_tallies.candidate_id IS NULL, reported_tallies.candidate_id, reported_tallies.id").
		Find(&ts).Error; err != nil {
		return nil, fmt.Errorf("store: tallies as of: %w", err)
	}
	return ts, nil
}

// LatestTallies is, for each kind and candidate (the undeclared included), the most recent
// published count on or before asOf ("" for all), restricted to some kinds (empty means all).
// Of several counts on that day, an undisputed one wins.
func (s *Store) LatestTallies(contestID uint, kindSlugs []string, asOf string) ([]models.ReportedTally, error) {
	ids, err := s.latestTallyIDs(contestID, kindSlugs, asOf)
	if err != nil {
		return nil, err
	}
	var ts []models.ReportedTally
	if len(ids) == 0 {
		return ts, nil
	}
	if err := s.db.Preload("Kind").Preload("Candidate").Where("id IN ?", ids).
		Order("as_of, candidate_id IS NULL, candidate_id, id").Find(&ts).Error; err != nil {
		return nil, fmt.Errorf("store: latest tallies: %w", err)
	}
	return ts, nil
}

// latestTallyIDs are the IDs of the tallies LatestTallies returns.
func (s *Store) latestTallyIDs(contestID uint, kindSlugs []string, asOf string) ([]uint, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(asOf)}
	kindWhere := ""
	if len(kindSlugs) > 0 {
		args["kinds"] = kindSlugs
		kindWhere = " AND kind_id IN (SELECT id FROM kinds WHERE slug IN @kinds)"
	}
	var ids []uint
	q := `SELECT id FROM (
  SELECT id, ROW_NUMBER() OVER (PARTITION BY kind_id, candidate_id ORDER BY as_of DESC, CASE WHEN verification = 'disputed' THEN 1 ELSE 0 END, id DESC) AS n
  FROM reported_tallies WHERE contest_id = @contest AND as_of <= @asof` + kindWhere + `
) latest WHERE n = 1`
	if err := s.db.Raw(q, args).Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("store: latest tallies: %w", err)
	}
	return ids, nil
}

// CreateReportedTally inserts a published count.
func (s *Store) CreateReportedTally(t *models.ReportedTally) error {
	return s.create("reported tally", t)
}

// ReportedTallies lists a contest's published counts, optionally of one kind, oldest first.
func (s *Store) ReportedTallies(contestID uint, kindSlug string) ([]models.ReportedTally, error) {
	q := s.db.Preload("Kind").Preload("Candidate").Where("reported_tallies.contest_id = ?", contestID)
	if kindSlug != "" {
		q = q.Joins("JOIN kinds ON kinds.id = reported_tallies.kind_id").Where("kinds.slug = ?", kindSlug)
	}
	var ts []models.ReportedTally
	if err := q.Order("reported_tallies.as_of, reported_tallies.candidate_id IS NULL, reported_tallies.candidate_id, reported_tallies.id").Find(&ts).Error; err != nil {
		return nil, fmt.Errorf("store: reported tallies: %w", err)
	}
	return ts, nil
}

// UnkeyedReportedTally is the ID of a published count in a contest of a kind for a candidate
// (nil: the undeclared) as of a day, from the same source or of the same count, that no seed
// record names (0 for none).
func (s *Store) UnkeyedReportedTally(contestID, kindID uint, candidateID *uint, asOf, sourceURL string, count int) (uint, error) {
	cand, args := optionalID("candidate_id", candidateID)
	return s.unkeyed(&models.ReportedTally{}, "contest_id = ? AND kind_id = ? AND as_of = ? AND (source_url = ? OR count = ?) AND "+cand,
		append([]any{contestID, kindID, asOf, sourceURL, count}, args...)...)
}

// DisputedTallies lists a contest's published counts up to asOf ("" for all) that another
// source gives differently (OtherCount set), oldest first, with kind and candidate: the page
// shows both.
func (s *Store) DisputedTallies(contestID uint, asOf string) ([]models.ReportedTally, error) {
	var ts []models.ReportedTally
	if err := s.db.Preload("Kind").Preload("Candidate").
		Where("contest_id = ? AND other_count IS NOT NULL AND as_of <= ?", contestID, asOfOrEnd(asOf)).
		Order("as_of, id").Find(&ts).Error; err != nil {
		return nil, fmt.Errorf("store: disputed tallies: %w", err)
	}
	return ts, nil
}
