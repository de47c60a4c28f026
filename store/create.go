package store

import (
	"errors"
	"fmt"

	"github.com/backers/backers/models"
)

// create inserts one record and marks the data changed.
func (s *Store) create(what string, v any) error {
	if err := s.db.Create(v).Error; err != nil {
		return fmt.Errorf("store: create %s: %w", what, err)
	}
	s.Touch()
	return nil
}

// CreateContest inserts a contest with its rules (kinds must exist) and thresholds.
func (s *Store) CreateContest(c *models.Contest) error {
	return s.create("contest", c)
}

// CreateCandidate inserts a candidate.
func (s *Store) CreateCandidate(c *models.Candidate) error { return s.create("candidate", c) }

// CreateEndorser inserts an endorser.
func (s *Store) CreateEndorser(e *models.Endorser) error {
	return s.create("endorser", e)
}

// CreateRosterEntry puts an endorser on a contest's roster.
func (s *Store) CreateRosterEntry(r *models.RosterEntry) error {
	return s.create("roster entry", r)
}

// CreateReportedTally inserts a published count.
func (s *Store) CreateReportedTally(t *models.ReportedTally) error {
	return s.create("reported tally", t)
}

// CreatePoll inserts a poll with its values.
func (s *Store) CreatePoll(p *models.Poll) error { return s.create("poll", p) }

// CreateOdds inserts a bookmaker's price.
func (s *Store) CreateOdds(o *models.Odds) error { return s.create("odds", o) }

// CreateFigure inserts a dated figure.
func (s *Store) CreateFigure(f *models.Figure) error { return s.create("figure", f) }

// CreateContestKind adds a rule (an endorser kind that counts) to a contest. Its weight is
// the points of that kind's events from now on, so their spans are recomputed.
func (s *Store) CreateContestKind(ck *models.ContestKind) error {
	return s.write(func(tx *Store) error {
		if err := tx.create("contest kind", ck); err != nil {
			return err
		}
		return tx.ruleChanged(ck.ContestID, ck.KindID)
	})
}

// Kind returns the endorser kind with the given slug.
func (s *Store) Kind(slug string) (*models.Kind, error) {
	var k models.Kind
	if err := s.db.Where("slug = ?", slug).First(&k).Error; err != nil {
		return nil, fmt.Errorf("store: kind %q: %w", slug, notFound(err))
	}
	return &k, nil
}

// EnsureKind returns the kind with k's slug, creating it from k if there is none.
func (s *Store) EnsureKind(k models.Kind) (*models.Kind, bool, error) {
	existing, err := s.Kind(k.Slug)
	if err == nil {
		return existing, false, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return nil, false, err
	}
	if err := s.create("kind", &k); err != nil {
		return nil, false, err
	}
	return &k, true, nil
}

// Endorser returns the endorser with the given slug, with its kind.
func (s *Store) Endorser(slug string) (*models.Endorser, error) {
	var e models.Endorser
	if err := s.db.Preload("Kind").Where("slug = ?", slug).First(&e).Error; err != nil {
		return nil, fmt.Errorf("store: endorser %q: %w", slug, notFound(err))
	}
	return &e, nil
}

// EndorserByName finds an endorser by name, ignoring case and surrounding space.
func (s *Store) EndorserByName(name string) (*models.Endorser, error) {
	var e models.Endorser
	if err := s.db.Preload("Kind").Where("LOWER(name) = LOWER(?)", name).First(&e).Error; err != nil {
		return nil, fmt.Errorf("store: endorser named %q: %w", name, notFound(err))
	}
	return &e, nil
}

// Candidate returns a contest's candidate by slug.
func (s *Store) Candidate(contestID uint, slug string) (*models.Candidate, error) {
	var c models.Candidate
	if err := s.db.Where("contest_id = ? AND slug = ?", contestID, slug).First(&c).Error; err != nil {
		return nil, fmt.Errorf("store: candidate %q: %w", slug, notFound(err))
	}
	return &c, nil
}

// ContestExists reports whether a contest with this slug exists.
func (s *Store) ContestExists(slug string) (bool, error) {
	var n int64
	if err := s.db.Model(&models.Contest{}).Where("slug = ?", slug).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: contest exists: %w", err)
	}
	return n > 0, nil
}
