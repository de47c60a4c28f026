package store

import (
	"fmt"
	"strings"

	"github.com/backers/backers/models"
)

// Open-ended spans end on this day, later than any real date and comparable as text.
const openEnd = "9999-12-31"

// lastDay stands for "no as-of date": a day on which every open span is still running.
const lastDay = "9999-12-30"

// spansCTE turns a contest's event log into support spans: one row per endorse or nominate
// event, valid from its day until the endorser's next endorse/nominate (a switch) or a later
// withdraw of that same candidate, whichever comes first. The rules of DESIGN.md follow:
//   - a withdraw only ends support for the candidate it names;
//   - on one day withdrawals apply before endorsements, so a withdraw ends a span only if it is
//     dated after the span starts (a same-day "withdraw A, endorse B" leaves B standing);
//   - otherwise events apply in date order, then in the order they were recorded (id).
//
// The state as of day D is then the spans with start_on <= D < end_on, and the support over
// time is a running sum of span starts and ends: both are plain SQL aggregates over this CTE,
// portable between SQLite and PostgreSQL (window functions, no date functions).
//
// It takes the named parameter @contest.
const spansCTE = `
pos AS (
  SELECT e.id AS event_id, e.endorser_id, e.candidate_id, e.action, e.effective_on AS start_on,
         COALESCE(e.points, ck.weight, 1) AS points, en.kind_id,
         LEAD(e.effective_on) OVER (PARTITION BY e.endorser_id ORDER BY e.effective_on, e.id) AS next_on
  FROM events e
  JOIN endorsers en ON en.id = e.endorser_id
  LEFT JOIN contest_kinds ck ON ck.contest_id = e.contest_id AND ck.kind_id = en.kind_id
  WHERE e.contest_id = @contest AND e.action IN ('endorse', 'nominate') AND e.retracted_at IS NULL
),
withdrawn AS (
  SELECT pos.*, COALESCE((
    SELECT MIN(w.effective_on) FROM events w
    -- candidate ids belong to one contest, so matching the candidate scopes this to the
    -- contest; a contest_id condition here led SQLite (without ANALYZE) to scan the contest's
    -- day index for every span, quadratic on a 100,000-event log.
    WHERE w.endorser_id = pos.endorser_id
      AND w.candidate_id = pos.candidate_id AND w.action = 'withdraw'
      AND w.retracted_at IS NULL AND w.effective_on > pos.start_on), '` + openEnd + `') AS withdrawn_on
  FROM pos
),
spans AS (
  SELECT event_id, endorser_id, candidate_id, action, start_on, points, kind_id,
         CASE WHEN next_on IS NOT NULL AND next_on < withdrawn_on THEN next_on ELSE withdrawn_on END AS end_on
  FROM withdrawn
)`

// SupportFilter narrows an aggregate to some endorser kinds (by slug); empty means all.
type SupportFilter struct {
	Kinds []string
}

func (f SupportFilter) where(args map[string]any) string {
	if len(f.Kinds) == 0 {
		return ""
	}
	args["kinds"] = f.Kinds
	return " AND spans.kind_id IN (SELECT id FROM kinds WHERE slug IN @kinds)"
}

// SupportAsOf is the state on day asOf (ISO date; "" means today's data, all of it): how many
// endorsers of each kind back each candidate, and their points.
func (s *Store) SupportAsOf(contestID uint, asOf string, f SupportFilter) ([]SupportRow, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(asOf)}
	q := `WITH ` + spansCTE + `
SELECT spans.candidate_id, spans.kind_id, k.slug AS kind_slug, COUNT(*) AS count, SUM(spans.points) AS points
FROM spans JOIN kinds k ON k.id = spans.kind_id
WHERE spans.start_on <= @asof AND spans.end_on > @asof` + f.where(args) + `
GROUP BY spans.candidate_id, spans.kind_id, k.slug
ORDER BY spans.candidate_id, k.slug`
	var rows []SupportRow
	if err := s.db.Raw(q, args).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: support as of %s: %w", asOf, err)
	}
	return rows, nil
}

// SupportOverTime is each candidate's cumulative support (count and points) on every day it
// changed, up to asOf ("" for all). Days are ascending.
func (s *Store) SupportOverTime(contestID uint, asOf string, f SupportFilter) ([]SeriesPoint, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(asOf), "open": openEnd}
	where := f.where(args)
	q := `WITH ` + spansCTE + `,
deltas AS (
  SELECT spans.start_on AS day, spans.candidate_id, 1 AS dc, spans.points AS dp
  FROM spans WHERE spans.end_on > spans.start_on` + where + `
  UNION ALL
  SELECT spans.end_on AS day, spans.candidate_id, -1 AS dc, -spans.points AS dp
  FROM spans WHERE spans.end_on > spans.start_on AND spans.end_on <> @open` + where + `
),
daily AS (
  SELECT day, candidate_id, SUM(dc) AS dc, SUM(dp) AS dp FROM deltas WHERE day <= @asof GROUP BY day, candidate_id
)
SELECT day, candidate_id,
       SUM(dc) OVER (PARTITION BY candidate_id ORDER BY day) AS count,
       SUM(dp) OVER (PARTITION BY candidate_id ORDER BY day) AS points
FROM daily ORDER BY day, candidate_id`
	var rows []SeriesPoint
	if err := s.db.Raw(q, args).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: support over time: %w", err)
	}
	return rows, nil
}

// KindShares breaks support down by every kind the contest's rules name, with the undeclared
// against each denominator (646 CLPs, 14 affiliated unions).
func (s *Store) KindShares(c *models.Contest, asOf string) ([]KindShare, error) {
	rows, err := s.SupportAsOf(c.ID, asOf, SupportFilter{})
	if err != nil {
		return nil, err
	}
	return s.kindShares(c, asOf, rows)
}

// kindShares is KindShares from the day's support, already computed (a snapshot has it).
func (s *Store) kindShares(c *models.Contest, asOf string, rows []SupportRow) ([]KindShare, error) {
	// The roster's undeclared are its entries backing no one on the day, counted in SQL: an
	// endorser off the roster who backs someone must not make a roster entry look declared.
	var roster []struct {
		KindID     uint
		N          int
		Undeclared int
	}
	q := `WITH ` + spansCTE + `,
active AS (
  SELECT DISTINCT spans.endorser_id FROM spans WHERE spans.start_on <= @asof AND spans.end_on > @asof
)
SELECT en.kind_id, COUNT(*) AS n, SUM(CASE WHEN active.endorser_id IS NULL THEN 1 ELSE 0 END) AS undeclared
FROM roster_entries r
JOIN endorsers en ON en.id = r.endorser_id
LEFT JOIN active ON active.endorser_id = r.endorser_id
WHERE r.contest_id = @contest
GROUP BY en.kind_id`
	if err := s.db.Raw(q, map[string]any{"contest": c.ID, "asof": asOfOrEnd(asOf)}).Scan(&roster).Error; err != nil {
		return nil, fmt.Errorf("store: roster: %w", err)
	}
	rosterN, rosterUndeclared := map[uint]int{}, map[uint]int{}
	for _, r := range roster {
		rosterN[r.KindID], rosterUndeclared[r.KindID] = r.N, r.Undeclared
	}
	var out []KindShare
	for _, ck := range c.Kinds {
		ks := KindShare{Kind: ck.Kind, Weight: ck.Weight, Denominator: ck.Denominator, ByCandidate: map[uint]int{}}
		for _, r := range rows {
			if r.KindID == ck.KindID {
				ks.ByCandidate[r.CandidateID] += r.Count
				ks.Backing += r.Count
			}
		}
		switch {
		case ck.Denominator != nil:
			ks.Undeclared = max(*ck.Denominator-ks.Backing, 0)
		case rosterN[ck.KindID] > 0:
			ks.Undeclared = rosterUndeclared[ck.KindID]
		}
		out = append(out, ks)
	}
	return out, nil
}

// MembershipWeighted sums, per candidate, the membership of organisations of one kind that
// back them as of a day, and of those on the contest's roster that back no one.
func (s *Store) MembershipWeighted(contestID uint, kindSlug, asOf string) ([]MembershipRow, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(asOf), "kind": kindSlug}
	q := `WITH ` + spansCTE + `,
current AS (
  SELECT spans.endorser_id, spans.candidate_id FROM spans JOIN kinds k ON k.id = spans.kind_id
  WHERE spans.start_on <= @asof AND spans.end_on > @asof AND k.slug = @kind
)
SELECT current.candidate_id, COALESCE(SUM(en.membership), 0) AS members, COUNT(*) AS orgs,
       SUM(CASE WHEN en.membership IS NULL THEN 1 ELSE 0 END) AS missing
FROM current JOIN endorsers en ON en.id = current.endorser_id
GROUP BY current.candidate_id
UNION ALL
SELECT 0, COALESCE(SUM(en.membership), 0), COUNT(*), SUM(CASE WHEN en.membership IS NULL THEN 1 ELSE 0 END)
FROM roster_entries r JOIN endorsers en ON en.id = r.endorser_id JOIN kinds k ON k.id = en.kind_id
WHERE r.contest_id = @contest AND k.slug = @kind AND r.endorser_id NOT IN (SELECT endorser_id FROM current)
HAVING COUNT(*) > 0`
	var rows []MembershipRow
	if err := s.db.Raw(q, args).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: membership weighted: %w", err)
	}
	return rows, nil
}

// Position is an endorser's standing in a contest as of a day: the event that decides it.
type Position struct {
	EventID     uint
	EndorserID  uint
	CandidateID uint
	Action      string
	StartOn     string
	Points      float64
}

// Positions lists every endorser currently backing someone as of a day, with the deciding
// event, newest first.
func (s *Store) Positions(contestID uint, asOf string, f SupportFilter) ([]Position, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(asOf)}
	q := `WITH ` + spansCTE + `
SELECT spans.event_id, spans.endorser_id, spans.candidate_id, spans.action, spans.start_on, spans.points
FROM spans WHERE spans.start_on <= @asof AND spans.end_on > @asof` + f.where(args) + `
ORDER BY spans.start_on DESC, spans.event_id DESC`
	var rows []Position
	if err := s.db.Raw(q, args).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: positions: %w", err)
	}
	return rows, nil
}

func asOfOrEnd(asOf string) string {
	if strings.TrimSpace(asOf) == "" {
		return lastDay
	}
	return asOf
}

// NominationsAsOf counts, per candidate, the endorsers of some kinds (by slug) whose standing
// as of a day is a nomination (not a mere endorsement): the counted rows a threshold is
// measured with.
func (s *Store) NominationsAsOf(contestID uint, kindSlugs []string, asOf string) ([]NominationCount, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(asOf)}
	where := SupportFilter{Kinds: kindSlugs}.where(args)
	q := `WITH ` + spansCTE + `
SELECT spans.candidate_id, COUNT(*) AS count FROM spans
WHERE spans.action = 'nominate' AND spans.start_on <= @asof AND spans.end_on > @asof` + where + `
GROUP BY spans.candidate_id ORDER BY spans.candidate_id`
	var rows []NominationCount
	if err := s.db.Raw(q, args).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: nominations as of: %w", err)
	}
	return rows, nil
}
