package store

import (
	"fmt"

	"github.com/backers/backers/models"
)

// OddsDay is the mean implied probability of a candidate winning across the bookmakers that
// quoted a price on one day.
type OddsDay struct {
	Day         string
	CandidateID uint
	Probability float64 // 0..1, the mean of b/(a+b) over the day's a/b prices
	Quotes      int     // how many prices went into the mean
}

// OddsByDay averages each day's prices per candidate, as implied probabilities, up to asOf
// ("" for all). Odds of a/b imply b/(a+b), as models.Odds.ImpliedProbability computes for one
// price; the mean is taken in SQL.
func (s *Store) OddsByDay(contestID uint, asOf string) ([]OddsDay, error) {
	var rows []OddsDay
	err := s.db.Model(&models.Odds{}).
		Select(`quoted_on AS day, candidate_id,
			AVG(1.0 * denominator / (numerator + denominator)) AS probability, COUNT(*) AS quotes`).
		Where("contest_id = ? AND quoted_on <= ? AND numerator + denominator > 0", contestID, asOfOrEnd(asOf)).
		Group("quoted_on, candidate_id").Order("quoted_on, candidate_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: odds by day: %w", err)
	}
	return rows, nil
}

// OddsAsOf lists a contest's individual prices up to asOf ("" for all), oldest first.
func (s *Store) OddsAsOf(contestID uint, asOf string) ([]models.Odds, error) {
	var os []models.Odds
	if err := s.db.Where("contest_id = ? AND quoted_on <= ?", contestID, asOfOrEnd(asOf)).
		Order("quoted_on, bookmaker, candidate_id").Find(&os).Error; err != nil {
		return nil, fmt.Errorf("store: odds as of: %w", err)
	}
	return os, nil
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

// NominationCount is how many endorsers of the given kinds formally nominate a candidate.
type NominationCount struct {
	CandidateID uint
	Count       int
}

// NominationsAsOf counts, per candidate, the endorsers of some kinds (by slug) whose standing
// as of a day is a nomination (not a mere endorsement): the counted rows a threshold is
// measured with. It sums the contest's daily deltas of nominations up to the day.
func (s *Store) NominationsAsOf(contestID uint, kindSlugs []string, asOf string) ([]NominationCount, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(asOf)}
	where := SupportFilter{Kinds: kindSlugs}.where("d", args)
	q := `SELECT d.candidate_id, SUM(d.count) AS count FROM support_deltas d
WHERE d.contest_id = @contest AND d.action = 'nominate' AND d.day <= @asof` + where + `
GROUP BY d.candidate_id HAVING SUM(d.count) <> 0 ORDER BY d.candidate_id`
	var rows []NominationCount
	if err := s.db.Raw(q, args).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: nominations as of: %w", err)
	}
	return rows, nil
}

// FiguresAsOf lists a contest's dated figures in one series up to asOf ("" for all), oldest
// first.
func (s *Store) FiguresAsOf(contestID uint, series, asOf string) ([]models.Figure, error) {
	var fs []models.Figure
	if err := s.db.Where("contest_id = ? AND series = ? AND as_of <= ?", contestID, series, asOfOrEnd(asOf)).
		Order("as_of, id").Find(&fs).Error; err != nil {
		return nil, fmt.Errorf("store: figures %s as of: %w", series, err)
	}
	return fs, nil
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
