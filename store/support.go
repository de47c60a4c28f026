package store

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/backers/backers/models"
)

// SupportFilter narrows an aggregate to some endorser kinds (by slug); empty means all.
type SupportFilter struct {
	Kinds []string
}

// where is the filter as a condition on the kind_id of the rows named alias.
func (f SupportFilter) where(alias string, args map[string]any) string {
	if len(f.Kinds) == 0 {
		return ""
	}
	args["kinds"] = f.Kinds
	return " AND " + alias + ".kind_id IN (SELECT id FROM kinds WHERE slug IN @kinds)"
}

// standing is the condition that a span (alias s) of the contest stands on day asOf, written
// so that the database walks the shorter of two index ranges: the spans ending after the day
// (late in a contest, and today, that is little more than the open spans) or the spans starting
// on or before it (early in a contest, few). An empty string joined to the other column keeps SQLite,
// which has no statistics to go by, from using its index; PostgreSQL plans by its statistics
// either way.
func (s *Store) standing(contestID uint, asOf string) (string, error) {
	const byEnd = "s.contest_id = @contest AND s.end_on > @asof AND s.start_on || '' <= @asof"
	const byStart = "s.contest_id = @contest AND s.start_on <= @asof AND s.end_on || '' > @asof"
	var days struct{ First, Last *string }
	q := `SELECT (SELECT MIN(day) FROM support_deltas WHERE contest_id = ?) AS first,
       (SELECT MAX(day) FROM support_deltas WHERE contest_id = ?) AS last`
	if err := s.db.Raw(q, contestID, contestID).Scan(&days).Error; err != nil {
		return "", fmt.Errorf("store: contest days: %w", err)
	}
	day := asOfOrEnd(asOf)
	switch {
	case days.First == nil || day < *days.First:
		return byStart, nil
	case day >= *days.Last:
		return byEnd, nil
	}
	first, err1 := time.Parse(time.DateOnly, *days.First)
	last, err2 := time.Parse(time.DateOnly, *days.Last)
	d, err3 := time.Parse(time.DateOnly, day)
	if err1 != nil || err2 != nil || err3 != nil || d.Sub(first) >= last.Sub(d) {
		return byEnd, nil
	}
	return byStart, nil
}

// SupportAsOf is the state on day asOf (ISO date; "" means today's data, all of it): how many
// endorsers of each kind back each candidate, how many of them by a formal nomination, and
// their points. It sums the contest's daily
// deltas up to the day, so it costs the same for a million events as for a hundred.
func (s *Store) SupportAsOf(contestID uint, asOf string, f SupportFilter) ([]SupportRow, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(asOf)}
	q := `SELECT d.candidate_id, d.kind_id, k.slug AS kind_slug, SUM(d.count) AS count, SUM(d.points) AS points,
       SUM(CASE WHEN d.action = 'nominate' THEN d.count ELSE 0 END) AS nominating
FROM support_deltas d JOIN kinds k ON k.id = d.kind_id
WHERE d.contest_id = @contest AND d.day <= @asof` + f.where("d", args) + `
GROUP BY d.candidate_id, d.kind_id, k.slug
HAVING SUM(d.count) <> 0
ORDER BY d.candidate_id, k.slug`
	var rows []SupportRow
	if err := s.db.Raw(q, args).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: support as of %s: %w", asOf, err)
	}
	for i := range rows {
		rows[i].Points = roundPoints(rows[i].Points)
	}
	return rows, nil
}

// roundPoints takes away what adding and subtracting deltas left of floating-point error, so a
// total of weights 0.1 reads 0.3 and not 0.30000000000000004.
func roundPoints(p float64) float64 { return math.Round(p*1e9) / 1e9 }

// SupportOverTime is each candidate's cumulative support (count and points) on every day it
// changed, up to asOf ("" for all), with days ascending: the running sums of the contest's daily
// deltas. It returns the sums over every kind the filter counts (KindID 0), and, from the same
// statement, the sums per kind of endorser (byKind), which charts draw as small multiples.
func (s *Store) SupportOverTime(contestID uint, asOf string, f SupportFilter) (all, byKind []SeriesPoint, err error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(asOf)}
	q := `WITH daily AS (
  SELECT d.day, d.candidate_id, d.kind_id, SUM(d.count) AS dc, SUM(d.points) AS dp FROM support_deltas d
  WHERE d.contest_id = @contest AND d.day <= @asof` + f.where("d", args) + `
  GROUP BY d.day, d.candidate_id, d.kind_id
)
SELECT day, candidate_id, 0 AS kind_id,
       SUM(SUM(dc)) OVER (PARTITION BY candidate_id ORDER BY day) AS count,
       SUM(SUM(dp)) OVER (PARTITION BY candidate_id ORDER BY day) AS points
FROM daily GROUP BY day, candidate_id
UNION ALL
SELECT day, candidate_id, kind_id,
       SUM(dc) OVER (PARTITION BY candidate_id, kind_id ORDER BY day),
       SUM(dp) OVER (PARTITION BY candidate_id, kind_id ORDER BY day)
FROM daily
ORDER BY kind_id, day, candidate_id`
	var rows []SeriesPoint
	if err := s.db.Raw(q, args).Scan(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("store: support over time: %w", err)
	}
	for i := range rows {
		rows[i].Points = roundPoints(rows[i].Points)
	}
	// Rows with kind 0 (every kind) sort first.
	split := len(rows)
	for i, r := range rows {
		if r.KindID != 0 {
			split = i
			break
		}
	}
	return rows[:split:split], rows[split:], nil
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
	standing, err := s.standing(c.ID, asOf)
	if err != nil {
		return nil, err
	}
	// Each roster entry is one look-up of its endorser's spans, however long the log.
	q := `SELECT en.kind_id, COUNT(*) AS n,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM support_spans s WHERE s.endorser_id = r.endorser_id AND ` + standing + `)
           THEN 0 ELSE 1 END) AS undeclared
FROM roster_entries r
JOIN endorsers en ON en.id = r.endorser_id
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
		ks := KindShare{Kind: ck.Kind, Weight: ck.Weight, Denominator: ck.Denominator, ByCandidate: map[uint]int{}, NominatedBy: map[uint]int{}}
		for _, r := range rows {
			if r.KindID == ck.KindID {
				ks.ByCandidate[r.CandidateID] += r.Count
				ks.Backing += r.Count
				if r.Nominating != 0 {
					ks.NominatedBy[r.CandidateID] += r.Nominating
					ks.Nominating += r.Nominating
				}
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
// nominate them as of a day, and of those on the contest's roster that nominate no one (an
// organisation that only declared support is among them: it made no nomination).
func (s *Store) MembershipWeighted(contestID uint, kindSlug, asOf string) ([]MembershipRow, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(asOf), "kind": kindSlug}
	standing, err := s.standing(contestID, asOf)
	if err != nil {
		return nil, err
	}
	q := `WITH current AS (
  SELECT s.endorser_id, s.candidate_id FROM support_spans s JOIN kinds k ON k.id = s.kind_id
  WHERE ` + standing + ` AND k.slug = @kind AND s.action = 'nominate'
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
// event, newest first: the spans standing that day.
func (s *Store) Positions(contestID uint, asOf string, f SupportFilter) ([]Position, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(asOf)}
	standing, err := s.standing(contestID, asOf)
	if err != nil {
		return nil, err
	}
	q := `SELECT s.event_id, s.endorser_id, s.candidate_id, s.action, s.start_on, s.points
FROM support_spans s WHERE ` + standing + f.where("s", args) + `
ORDER BY s.start_on DESC, s.event_id DESC`
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
