package store

import (
	"fmt"

	"github.com/backers/backers/models"
)

// The seed is loaded on every start, into a database that may already hold an older seed and
// what admins have entered since. These questions let it add only what is missing: each asks
// whether a record with the same natural key is there, retracted or corrected or not, so a
// record an admin has fixed is neither doubled nor put back.

// exists reports whether any row of model matches the condition.
func (s *Store) exists(model any, where string, args ...any) (bool, error) {
	n, err := s.count(model, where, args...)
	return n > 0, err
}

// optionalID matches a nullable foreign key, where nil means "none" (the undeclared).
func optionalID(column string, id *uint) (string, []any) {
	if id == nil {
		return column + " IS NULL", nil
	}
	return column + " = ?", []any{*id}
}

// HasEvent reports whether a contest records an event of this endorser, candidate and action,
// on any day and retracted or not: one endorser's nomination of one candidate is one record.
func (s *Store) HasEvent(contestID, endorserID, candidateID uint, action string) (bool, error) {
	return s.exists(&models.Event{}, "contest_id = ? AND endorser_id = ? AND candidate_id = ? AND action = ?",
		contestID, endorserID, candidateID, action)
}

// HasRosterEntry reports whether an endorser is on a contest's roster.
func (s *Store) HasRosterEntry(contestID, endorserID uint) (bool, error) {
	return s.exists(&models.RosterEntry{}, "contest_id = ? AND endorser_id = ?", contestID, endorserID)
}

// HasReportedTally reports whether a contest holds a published count of a kind for a
// candidate (nil: the undeclared) as of a day from a source, whatever its count now says.
func (s *Store) HasReportedTally(contestID, kindID uint, candidateID *uint, asOf, sourceURL string) (bool, error) {
	cand, args := optionalID("candidate_id", candidateID)
	return s.exists(&models.ReportedTally{}, "contest_id = ? AND kind_id = ? AND as_of = ? AND source_url = ? AND "+cand,
		append([]any{contestID, kindID, asOf, sourceURL}, args...)...)
}

// HasFigure reports whether a contest holds a figure of a series and category for a candidate
// (nil: none) as of a day.
func (s *Store) HasFigure(contestID uint, series, category string, candidateID *uint, asOf string) (bool, error) {
	cand, args := optionalID("candidate_id", candidateID)
	return s.exists(&models.Figure{}, "contest_id = ? AND series = ? AND category = ? AND as_of = ? AND "+cand,
		append([]any{contestID, series, category, asOf}, args...)...)
}

// HasPoll reports whether a contest holds this poll: one pollster's fieldwork often yields
// several (each question, with and without don't-knows), told apart by source and note.
func (s *Store) HasPoll(p *models.Poll) (bool, error) {
	return s.exists(&models.Poll{}, "contest_id = ? AND pollster = ? AND population = ? AND fieldwork_end = ? AND includes_dont_knows = ? AND source_url = ? AND note = ?",
		p.ContestID, p.Pollster, p.Population, p.FieldworkEnd, p.IncludesDontKnows, p.SourceURL, p.Note)
}

// HasOdds reports whether a contest holds a bookmaker's price on a candidate on a day, as one
// source gives it (two sources may quote the same bookmaker on one day differently).
func (s *Store) HasOdds(contestID, candidateID uint, bookmaker, quotedOn, sourceURL string) (bool, error) {
	return s.exists(&models.Odds{}, "contest_id = ? AND candidate_id = ? AND bookmaker = ? AND quoted_on = ? AND source_url = ?",
		contestID, candidateID, bookmaker, quotedOn, sourceURL)
}

// HasThreshold reports whether a contest has a threshold of this name.
func (s *Store) HasThreshold(contestID uint, name string) (bool, error) {
	return s.exists(&models.Threshold{}, "contest_id = ? AND name = ?", contestID, name)
}

// HasKeyDate reports whether a contest's timetable has a step of this name.
func (s *Store) HasKeyDate(contestID uint, name string) (bool, error) {
	return s.exists(&models.KeyDate{}, "contest_id = ? AND name = ?", contestID, name)
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
