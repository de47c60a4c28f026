package store

import (
	"errors"
	"fmt"

	"github.com/backers/backers/models"
)

// Contest returns the contest with the given slug, with its candidates, kinds and thresholds.
func (s *Store) Contest(slug string) (*models.Contest, error) {
	var c models.Contest
	err := s.db.
		Preload("Candidates", func(db *gormDB) *gormDB { return db.Order("sort_order, id") }).
		Preload("Kinds", func(db *gormDB) *gormDB { return db.Order("sort_order, id") }).
		Preload("Kinds.Kind").
		Preload("Thresholds").
		Where("slug = ?", slug).First(&c).Error
	if err != nil {
		return nil, fmt.Errorf("store: contest %q: %w", slug, notFound(err))
	}
	return &c, nil
}

// contestsNewestFirst orders contests by when they began, or, where the opening day is not
// known (2020's is not in the sources), by their next known date.
const contestsNewestFirst = "COALESCE(NULLIF(opens_on, ''), NULLIF(nominations_close_on, ''), result_on) DESC, id DESC"

// contestsOldestFirst is the same order reversed, for an endorser's history read as a story.
const contestsOldestFirst = "COALESCE(NULLIF(opens_on, ''), NULLIF(nominations_close_on, ''), result_on), id"

// Contests lists every contest, the most recent first.
func (s *Store) Contests() ([]models.Contest, error) {
	var cs []models.Contest
	err := s.db.Preload("Candidates", func(db *gormDB) *gormDB { return db.Order("sort_order, id") }).
		Order(contestsNewestFirst).Find(&cs).Error
	if err != nil {
		return nil, fmt.Errorf("store: contests: %w", err)
	}
	return cs, nil
}

// FeaturedContest is the contest shown at /: the one marked featured, else the latest.
func (s *Store) FeaturedContest() (*models.Contest, error) {
	var c models.Contest
	err := s.db.Order("featured DESC, " + contestsNewestFirst).First(&c).Error
	if err != nil {
		return nil, fmt.Errorf("store: featured contest: %w", notFound(err))
	}
	return s.Contest(c.Slug)
}

// ContestByID returns a contest by ID, with what Contest loads.
func (s *Store) ContestByID(id uint) (*models.Contest, error) {
	var c models.Contest
	if err := s.db.Select("slug").First(&c, id).Error; err != nil {
		return nil, fmt.Errorf("store: contest %d: %w", id, notFound(err))
	}
	return s.Contest(c.Slug)
}

// AddContest creates a contest (without rules or candidates: add those after).
func (ed *Editor) AddContest(c *models.Contest) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		n, err := tx.count(&models.Contest{}, "slug = ?", c.Slug)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, ErrDuplicate
		}
		return tx.createAudited("contest", 0, "New contest: "+c.Title, c, func() uint { return c.ID })
	})
}

// UpdateContest saves a contest's own fields.
func (ed *Editor) UpdateContest(c *models.Contest) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var before models.Contest
		return tx.update("contest", c.ID, c.ID, "Contest details edited", &before, c)
	})
}

// SaveContestKind adds a rule to a contest or, when the kind already counts, changes it.
func (ed *Editor) SaveContestKind(ck *models.ContestKind) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var kind models.Kind
		if err := tx.db.First(&kind, ck.KindID).Error; err != nil {
			return nil, fmt.Errorf("store: contest kind %d: %w", ck.KindID, notFound(err))
		}
		// The change log says whose rule: "Rule for Mayors changed: weight: 1 to 5".
		of := kind.Plural
		if of == "" {
			of = kind.Name
		}
		var existing models.ContestKind
		err := tx.db.Where("contest_id = ? AND kind_id = ?", ck.ContestID, ck.KindID).First(&existing).Error
		var changes []change
		switch {
		case errors.Is(notFound(err), ErrNotFound):
			changes, err = tx.createAudited("rule", ck.ContestID, "Rule for "+of+" added", ck, func() uint { return ck.ID })
		case err != nil:
			return nil, fmt.Errorf("store: contest kind: %w", err)
		default:
			ck.ID = existing.ID
			var before models.ContestKind
			changes, err = tx.update("rule", ck.ID, ck.ContestID, "Rule for "+of+" changed", &before, ck)
		}
		if err != nil {
			return nil, err
		}
		// The kind's weight is the points of its events that carry none of their own.
		return changes, tx.ruleChanged(ck.ContestID, ck.KindID)
	})
}

// SaveThreshold adds a nomination threshold to a contest or, when the contest has one of the
// same name, changes it (t.ID is set to its ID).
func (ed *Editor) SaveThreshold(t *models.Threshold) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var existing models.Threshold
		err := tx.db.Where("contest_id = ? AND name = ?", t.ContestID, t.Name).First(&existing).Error
		switch {
		case errors.Is(notFound(err), ErrNotFound):
			return tx.createAudited("threshold", t.ContestID, "Threshold added: "+t.Name, t, func() uint { return t.ID })
		case err != nil:
			return nil, fmt.Errorf("store: threshold: %w", err)
		}
		t.ID = existing.ID
		var before models.Threshold
		return tx.update("threshold", t.ID, t.ContestID, "Threshold changed: "+t.Name, &before, t)
	})
}

// CreateContest inserts a contest with its rules (kinds must exist) and thresholds.
func (s *Store) CreateContest(c *models.Contest) error {
	return s.create("contest", c)
}

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

// ContestExists reports whether a contest with this slug exists.
func (s *Store) ContestExists(slug string) (bool, error) {
	var n int64
	if err := s.db.Model(&models.Contest{}).Where("slug = ?", slug).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: contest exists: %w", err)
	}
	return n > 0, nil
}

// ContestStat counts what a contest holds.
type ContestStat struct {
	ContestID uint
	Events    int
	Endorsers int
}

// ContestStats counts the events and distinct endorsers of every contest, keyed by contest.
func (s *Store) ContestStats() (map[uint]ContestStat, error) {
	var rows []ContestStat
	err := s.db.Table("events").
		Select("contest_id, COUNT(*) AS events, COUNT(DISTINCT endorser_id) AS endorsers").
		Where("retracted_at IS NULL").Group("contest_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: contest stats: %w", err)
	}
	out := make(map[uint]ContestStat, len(rows))
	for _, r := range rows {
		out[r.ContestID] = r
	}
	return out, nil
}

// UnkeyedThreshold is the ID of a contest's threshold of this name that no seed record names
// (0 for none).
func (s *Store) UnkeyedThreshold(contestID uint, name string) (uint, error) {
	return s.unkeyed(&models.Threshold{}, "contest_id = ? AND name = ?", contestID, name)
}

// UnkeyedKeyDate is the ID of a step of this name in a contest's timetable that no seed record
// names (0 for none).
func (s *Store) UnkeyedKeyDate(contestID uint, name string) (uint, error) {
	return s.unkeyed(&models.KeyDate{}, "contest_id = ? AND name = ?", contestID, name)
}

// CreateThreshold adds a nomination threshold to a contest.
func (s *Store) CreateThreshold(t *models.Threshold) error { return s.create("threshold", t) }

// CreateKeyDate adds a step to a contest's timetable.
func (s *Store) CreateKeyDate(k *models.KeyDate) error { return s.create("key date", k) }

// KeyDates is a contest's timetable, in date order.
func (s *Store) KeyDates(contestID uint) ([]models.KeyDate, error) {
	var ks []models.KeyDate
	if err := s.db.Where("contest_id = ?", contestID).Order("date, sort_order, id").Find(&ks).Error; err != nil {
		return nil, fmt.Errorf("store: key dates: %w", err)
	}
	return ks, nil
}

// noOtherFigure is the condition that a rule or threshold records no other source's figure
// yet: neither a figure nor its source.
const noOtherFigure = `(other_source_url IS NULL OR other_source_url = '') AND (other_source_title IS NULL OR other_source_title = '')`

// FillRuleOtherFigure gives the rule ck.ID the other source's count an older seed did not
// write (ck's OtherDenominator and its source), where the rule records no other figure and
// still uses ck's denominator: a rule an admin has changed, or given another figure of their
// own, is left as it is.
func (s *Store) FillRuleOtherFigure(ck *models.ContestKind) (int64, error) {
	if ck.OtherDenominator == nil {
		return 0, nil
	}
	q := s.db.Model(&models.ContestKind{}).
		Where("id = ? AND other_denominator IS NULL AND "+noOtherFigure, ck.ID)
	if ck.Denominator != nil {
		q = q.Where("denominator = ?", *ck.Denominator)
	} else {
		q = q.Where("denominator IS NULL")
	}
	res := q.Updates(map[string]any{"other_denominator": *ck.OtherDenominator,
		"other_source_url": ck.OtherSourceURL, "other_source_title": ck.OtherSourceTitle})
	return s.filled("rule's other figure", res.RowsAffected, res.Error)
}

// FillThresholdOtherFigure gives the threshold t.ID the other source's figures an older seed
// did not write, where it records none and still has t's figures: a threshold an admin has
// changed is left as it is. ("of" is quoted: it is a keyword of SQL.)
func (s *Store) FillThresholdOtherFigure(t *models.Threshold) (int64, error) {
	if !t.Disputed() {
		return 0, nil
	}
	res := s.db.Model(&models.Threshold{}).
		Where("id = ? AND required = ? AND \"of\" = ? AND other_required IS NULL AND other_of IS NULL AND "+noOtherFigure,
			t.ID, t.Required, t.Of).
		Updates(map[string]any{"other_required": t.OtherRequired, "other_of": t.OtherOf,
			"other_source_url": t.OtherSourceURL, "other_source_title": t.OtherSourceTitle})
	return s.filled("threshold's other figure", res.RowsAffected, res.Error)
}

// filled reports what an upgrade's fill changed, marking the data changed when it did.
func (s *Store) filled(what string, n int64, err error) (int64, error) {
	if err != nil {
		return 0, fmt.Errorf("store: fill %s: %w", what, err)
	}
	if n > 0 {
		s.Touch()
	}
	return n, nil
}

// RecordDays are the first and last days of a contest's record, "" for none: the days its
// events take effect and its tallies were published.
type RecordDays struct{ First, Last string }

// ContestRecordDays finds the first and last days of a contest's events and reported tallies:
// four MIN and MAX subqueries, each one seek at an end of a (contest, day) index, however long
// the log.
func (s *Store) ContestRecordDays(contestID uint) (RecordDays, error) {
	var row struct{ FirstEvent, LastEvent, FirstTally, LastTally *string }
	q := `SELECT (SELECT MIN(effective_on) FROM events WHERE contest_id = @contest) AS first_event,
       (SELECT MAX(effective_on) FROM events WHERE contest_id = @contest) AS last_event,
       (SELECT MIN(as_of) FROM reported_tallies WHERE contest_id = @contest) AS first_tally,
       (SELECT MAX(as_of) FROM reported_tallies WHERE contest_id = @contest) AS last_tally`
	if err := s.db.Raw(q, map[string]any{"contest": contestID}).Scan(&row).Error; err != nil {
		return RecordDays{}, fmt.Errorf("store: contest record days: %w", err)
	}
	var d RecordDays
	for _, day := range []*string{row.FirstEvent, row.LastEvent, row.FirstTally, row.LastTally} {
		if day == nil || *day == "" {
			continue
		}
		if d.First == "" || *day < d.First {
			d.First = *day
		}
		if *day > d.Last {
			d.Last = *day
		}
	}
	return d, nil
}
