package store

import (
	"fmt"
	"strings"

	"github.com/backers/backers/models"
)

// CandidateByName finds a contest's candidate by name, ignoring case (Unicode case, compared
// in Go since SQLite's LOWER folds only ASCII) and surrounding space.
func (s *Store) CandidateByName(contestID uint, name string) (*models.Candidate, error) {
	var cs []models.Candidate
	if err := s.db.Where("contest_id = ?", contestID).Order("id").Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("store: candidate named %q: %w", name, err)
	}
	want := strings.ToLower(strings.TrimSpace(name))
	for i := range cs {
		if strings.ToLower(strings.TrimSpace(cs[i].Name)) == want {
			return &cs[i], nil
		}
	}
	return nil, fmt.Errorf("store: candidate named %q: %w", name, ErrNotFound)
}

// EndorsersByName finds many endorsers by name at once, ignoring case (Unicode case, which
// SQLite's LOWER does not fold beyond ASCII) and surrounding space, keyed by the lower-cased
// name. Names with no endorser are absent from the map; where two endorsers share a name, the
// first created wins. It reads the names of all endorsers once, which a bulk import needs.
func (s *Store) EndorsersByName(names []string) (map[string]models.Endorser, error) {
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[strings.ToLower(strings.TrimSpace(n))] = true
	}
	out := make(map[string]models.Endorser, len(names))
	if len(want) == 0 {
		return out, nil
	}
	rows, err := s.db.Model(&models.Endorser{}).Order("id").Rows()
	if err != nil {
		return nil, fmt.Errorf("store: endorsers by name: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e models.Endorser
		if err := s.db.ScanRows(rows, &e); err != nil {
			return nil, fmt.Errorf("store: endorsers by name: %w", err)
		}
		key := strings.ToLower(strings.TrimSpace(e.Name))
		if _, dup := out[key]; want[key] && !dup {
			out[key] = e
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: endorsers by name: %w", err)
	}
	return out, nil
}

// EndorserSlugTaken reports whether an endorser already has this slug.
func (s *Store) EndorserSlugTaken(slug string) (bool, error) {
	var n int64
	if err := s.db.Model(&models.Endorser{}).Where("slug = ?", slug).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: endorser slug taken: %w", err)
	}
	return n > 0, nil
}

// KindSlugTaken reports whether an endorser kind already has this slug.
func (s *Store) KindSlugTaken(slug string) (bool, error) {
	var n int64
	if err := s.db.Model(&models.Kind{}).Where("slug = ?", slug).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: kind slug taken: %w", err)
	}
	return n > 0, nil
}

// EventKey is what makes two events the same: contest, endorser, candidate, action and day.
type EventKey struct {
	ContestID, EndorserID, CandidateID uint
	Action, EffectiveOn                string
}

// eventKey is what makes two live events the same record.
func eventKey(e *models.Event) EventKey {
	return EventKey{ContestID: e.ContestID, EndorserID: e.EndorserID, CandidateID: e.CandidateID,
		Action: e.Action, EffectiveOn: e.EffectiveOn}
}

// recordedBatch is how many keys one RecordedEvents query asks about: five bound parameters
// a key keep it well under SQLite's 32766.
const recordedBatch = 1000

// recordedEventsSQL finds which keys (the VALUES list, %s) have a live event. CROSS JOIN keeps
// the keys as the outer loop in SQLite, so each key is one search of idx_event_endorser;
// elsewhere it is an ordinary join. The casts type the parameters for PostgreSQL.
const recordedEventsSQL = `WITH k (contest_id, endorser_id, candidate_id, action, effective_on) AS (VALUES %s)
SELECT DISTINCT e.contest_id, e.endorser_id, e.candidate_id, e.action, e.effective_on
FROM k CROSS JOIN events e
WHERE e.endorser_id = k.endorser_id AND e.candidate_id = k.candidate_id AND e.effective_on = k.effective_on
  AND e.contest_id = k.contest_id AND e.action = k.action AND e.retracted_at IS NULL`

// RecordedEvents says which of keys already have a live (not retracted) event: the test the
// admin's quick add makes for one event (duplicateEvent), made for a whole import at once with
// one query per 1,000 keys rather than one a row.
func (s *Store) RecordedEvents(keys []EventKey) (map[EventKey]bool, error) {
	out := map[EventKey]bool{}
	const tuple = "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), ?, ?)"
	for start := 0; start < len(keys); start += recordedBatch {
		batch := keys[start:min(start+recordedBatch, len(keys))]
		args := make([]any, 0, 5*len(batch))
		for _, k := range batch {
			args = append(args, k.ContestID, k.EndorserID, k.CandidateID, k.Action, k.EffectiveOn)
		}
		values := strings.Repeat(tuple+", ", len(batch)-1) + tuple
		var found []EventKey
		if err := s.db.Raw(fmt.Sprintf(recordedEventsSQL, values), args...).Scan(&found).Error; err != nil {
			return nil, fmt.Errorf("store: recorded events: %w", err)
		}
		for _, k := range found {
			out[k] = true
		}
	}
	return out, nil
}

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
