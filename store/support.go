package store

import (
	"fmt"
	"math"
	"strings"

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
// so that the database reads little more than the spans it finds, through the indexes on the
// end day and on the start day:
//
//   - on or after the last day a span of either table starts (today, most often), the spans
//     ending after the day, which are the open ones: each has started by then, so nothing
//     else is tested of each;
//   - on or after the contest's last day, the spans ending after the day and starting by it
//     (a span may start later than the last day of the deltas where it changes no total: a
//     withdraw by an endorser that backed no one);
//   - before its first day, the spans starting by then, which are none;
//   - on a day between, for each day a span starts on up to the day (a few dozen, found one
//     index seek apiece), the spans starting that day and ending after it. Either bound alone
//     would read every span on its side of the day: half the log in mid-contest.
//
// An empty string joined to a column keeps SQLite, which has no statistics to go by, off an
// index on it; PostgreSQL plans by its statistics either way. (A query that reads only columns
// the end-day index holds gets that index from SQLite on a day between too: the withdrawn
// branch of the table does, reading the withdrawn spans that end after the day.)
func (s *Store) standing(contestID uint, asOf string) (string, error) {
	cond, _, err := s.contestStanding(contestID, asOf, false)
	return cond, err
}

// standingSized is standing, and whether the contest is large (largeSpans), found in the
// same statement.
func (s *Store) standingSized(contestID uint, asOf string) (cond string, large bool, err error) {
	return s.contestStanding(contestID, asOf, true)
}

func (s *Store) contestStanding(contestID uint, asOf string, sized bool) (cond string, large bool, err error) {
	const open = "s.contest_id = @contest AND s.end_on > @asof"
	const byEnd = open + " AND s.start_on || '' <= @asof"
	const byStart = "s.contest_id = @contest AND s.start_on <= @asof AND s.end_on || '' > @asof"
	byStartDays := "s.contest_id = @contest AND s.start_on IN (" + startDays + ") AND s.end_on > @asof"
	var days struct {
		First, Last                          *string
		LastSupportStart, LastWithdrawnStart *string
		Spans                                int
	}
	q := `SELECT (SELECT MIN(day) FROM support_deltas WHERE contest_id = @contest) AS first,
       (SELECT MAX(day) FROM support_deltas WHERE contest_id = @contest) AS last,
       (SELECT MAX(start_on) FROM support_spans WHERE contest_id = @contest) AS last_support_start,
       (SELECT MAX(start_on) FROM withdrawn_spans WHERE contest_id = @contest) AS last_withdrawn_start`
	args := map[string]any{"contest": contestID}
	if sized {
		q += `,
       (SELECT COUNT(*) FROM (SELECT 1 FROM support_spans WHERE contest_id = @contest LIMIT @large) capped) AS spans`
		args["large"] = s.largeSpans
	}
	if err := s.db.Raw(q, args).Scan(&days).Error; err != nil {
		return "", false, fmt.Errorf("store: contest days: %w", err)
	}
	large = sized && days.Spans >= s.largeSpans
	day := asOfOrEnd(asOf)
	started := func(last *string) bool { return last == nil || day >= *last }
	switch {
	case days.First == nil || day < *days.First:
		return byStart, large, nil
	case started(days.LastSupportStart) && started(days.LastWithdrawnStart):
		return open, large, nil
	case day >= *days.Last:
		return byEnd, large, nil
	}
	return byStartDays, large, nil
}

// startDays lists the distinct days up to @asof on which the contest's support spans or
// withdrawn spans start (the one standing condition serves both tables), by skipping through
// each table's start-day index: a step seeks the first start day after the last one, so the
// list costs a seek per day, not a read per span.
var startDays = `WITH RECURSIVE ` + startDaysOf("support_days", "support_spans") + `, ` +
	startDaysOf("withdrawn_days", "withdrawn_spans") + `
  SELECT day FROM support_days WHERE day <= @asof
  UNION SELECT day FROM withdrawn_days WHERE day <= @asof`

// startDaysOf is the recursive CTE named name of the distinct start days of table's spans in
// the contest, from the first to the first after @asof.
func startDaysOf(name, table string) string {
	next := func(after string) string {
		return `(SELECT d.start_on FROM ` + table + ` d WHERE d.contest_id = @contest` + after + ` ORDER BY d.start_on LIMIT 1)`
	}
	return name + `(day) AS (
    SELECT ` + next("") + `
    UNION ALL
    SELECT ` + next(" AND d.start_on > "+name+".day") + ` FROM ` + name + ` WHERE ` + name + `.day <= @asof
  )`
}

// standingSpans is the FROM and WHERE of the contest's support spans (alias s) standing on day
// asOf, of the kinds given by slug (all for none). A kind's spans are read through the index on
// (contest, kind, start day, end day), one seek per kind and start day: the kinds are read
// first (CROSS JOIN fixes that order in SQLite), so the kind is known at each seek, and a kind
// with few spans costs little whatever the others hold.
func (s *Store) standingSpans(contestID uint, asOf string, kinds []string, args map[string]any) (from, where string, err error) {
	if len(kinds) == 0 {
		where, err = s.standing(contestID, asOf)
		return "support_spans s", where, err
	}
	args["span_kinds"] = kinds
	// SQLite would rather read every standing span in the start-day index, which holds every
	// column read here, than the kind's in the kind index.
	return "kinds sk CROSS JOIN support_spans s" + indexedBy(s.dialect, "idx_span_kind"),
		"sk.slug IN @span_kinds AND s.kind_id = sk.id AND s.contest_id = @contest AND s.start_on IN (" + startDays + ") AND s.end_on > @asof", nil
}

// standingOf is the condition that a span (alias s) of one endorser (endorser, a column or a
// parameter) stands on day asOf in the contest, read through the endorser's index: a few spans
// each. The unary plus keeps SQLite off the contest's indexes, which would read by day.
func standingOf(endorser string) string {
	return "s.endorser_id = " + endorser + " AND +s.contest_id = @contest AND s.start_on <= @asof AND s.end_on > @asof"
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
	// Each roster entry is one look-up of its endorser's spans, however long the log.
	q := `SELECT en.kind_id, COUNT(*) AS n,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM support_spans s WHERE ` + standingOf("r.endorser_id") + `)
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
	from, standing, err := s.standingSpans(contestID, asOf, []string{kindSlug}, args)
	if err != nil {
		return nil, err
	}
	q := `WITH current AS (
  SELECT s.endorser_id, s.candidate_id FROM ` + from + `
  WHERE ` + standing + ` AND s.action = 'nominate'
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
	from, standing, err := s.standingSpans(contestID, asOf, f.Kinds, args)
	if err != nil {
		return nil, err
	}
	q := `SELECT s.event_id, s.endorser_id, s.candidate_id, s.action, s.start_on, s.points
FROM ` + from + ` WHERE ` + standing + `
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
