package store

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/backers/backers/models"
)

// bySpans reports whether every filter of the query is on what the span tables' indexes hold
// (candidate, kind, the first day, the endorser's folded name, the verification, the state):
// a search by name, the withdrawn rows, a range of days, the withdrawn candidates hidden, the
// confirmed rows. In a large contest its counts are then counts in the index of the standing
// spans, reading no table, and its page the first matching spans in the table's order, under
// any sort (spanEndorsements).
func (q EndorsementQuery) bySpans() bool {
	endorse, nominate := slices.Contains(q.Actions, models.ActionEndorse), slices.Contains(q.Actions, models.ActionNominate)
	// A current row's action is its span's, which no index holds: an action filter is read
	// here only where it keeps both of a current row's actions or neither.
	return endorse == nominate &&
		len(q.Regions) == 0 && len(q.EndorserIDs) == 0
}

// notWithdrawnCandidate is the condition that the span (alias alias) is not for a candidate
// who has withdrawn from the contest: the few such candidates, rather than a join per span.
func notWithdrawnCandidate(alias string) string {
	return alias + ".candidate_id NOT IN (SELECT ca.id FROM candidates ca WHERE ca.contest_id = @contest AND ca.status = 'withdrawn')"
}

// spanConds are the conditions, beside the standing one, of the query's filters on a span
// (alias s) of either table, adding their parameters to args: on its first day (days), and on
// the rest of what the indexes hold (rest).
func (q EndorsementQuery) spanConds(args map[string]any, dialect string) (days, rest []string) {
	add := func(to *[]string, set bool, name string, value any, sql string) {
		if set {
			args[name] = value
			*to = append(*to, sql)
		}
	}
	add(&days, q.From != "", "from", q.From, "s.start_on >= @from")
	add(&days, q.To != "", "to", q.To, "s.start_on <= @to")
	add(&rest, len(q.CandidateIDs) > 0, "candidates", q.CandidateIDs, "s.candidate_id IN @candidates")
	add(&rest, len(q.KindIDs) > 0, "kinds", q.KindIDs, "s.kind_id IN @kinds")
	add(&rest, len(q.Verifications) > 0, "verifications", q.Verifications, "s.verification IN @verifications")
	if q.HideWithdrawnCandidates {
		rest = append(rest, notWithdrawnCandidate("s"))
	}
	// The span holds the folded name, so the search is a plain substring of it: instr (strpos
	// in PostgreSQL) tests it in a third less time than LIKE, which would fold both again.
	contains := "instr(s.name_key, @name) > 0"
	if dialect == DialectPostgres {
		contains = "strpos(s.name_key, @name) > 0"
	}
	add(&rest, q.searches(), "name", q.searchKey(), contains)
	return days, rest
}

// and joins conditions after a first one.
func and(first string, conds ...[]string) string {
	return strings.Join(append([]string{first}, slices.Concat(conds...)...), " AND ")
}

// spanBranch is one state's side of a bySpans query: its table and the state its rows take.
type spanBranch struct {
	table, state, points string
}

var (
	currentBranch   = spanBranch{"support_spans", StateCurrent, "s.points"}
	withdrawnBranch = spanBranch{"withdrawn_spans", StateWithdrawn, "0"}
)

// branches are the sides the query's states and actions ask for: a current row is decided by
// an endorse or nominate, a withdrawn row by a withdraw.
func (q EndorsementQuery) branches() []spanBranch {
	var out []spanBranch
	states := q.states()
	if slices.Contains(states, StateCurrent) && q.anyAction(models.ActionEndorse, models.ActionNominate) {
		out = append(out, currentBranch)
	}
	if slices.Contains(states, StateWithdrawn) && q.anyAction(models.ActionWithdraw) {
		out = append(out, withdrawnBranch)
	}
	return out
}

// walkFactor is how many spans in day order a walk for the table's page may visit for each
// one it expects to keep (by the share of the standing spans that match): the spans that do
// not stand on the day lie between them. Beyond that, sorting the matching spans costs less.
const walkFactor = 8

// walkShare is about how many entries of an index a sort reads in the time a walk visits one
// span (an entry of the walk index and its row in the table).
const walkShare = 4

// spanGroup is a run of the table's rows in its order that one query of the spans pages
// through: the rows of one candidate where the table is sorted by candidate (each by day),
// else every row.
type spanGroup struct {
	candidateID    uint // 0 for every row
	first          int  // the place of the group's first row in the table
	current, total int  // the group's matching rows: current ones, and of both states
}

// byName reports whether the table's rows are in the order of their endorsers' names, after
// their kind or region where it is sorted by those.
func (q EndorsementQuery) byName() bool {
	return q.Sort == SortName || q.Sort == SortKind || q.Sort == SortRegion
}

// nameOrder is the order of a bySpans query sorted by name, kind or region, of the spans
// (alias s): by kind, the contest's kinds' names (their ranks by name, from the kinds table),
// or by region, no region last, then the endorsers' names, as the table's order (orderBy).
func (s *Store) nameOrder(q EndorsementQuery) (string, error) {
	const byName = "s.name_key, s.endorser_id, s.event_id"
	switch q.Sort {
	case SortRegion:
		return "s.region = '', LOWER(s.region), " + byName, nil
	case SortKind:
		var kinds []struct {
			ID   uint
			Name string
		}
		if err := s.db.Raw(`SELECT id, LOWER(name) AS name FROM kinds ORDER BY LOWER(name), id`).Scan(&kinds).Error; err != nil {
			return "", fmt.Errorf("store: endorsements: %w", err)
		}
		rank := "CASE s.kind_id"
		for i, k := range kinds {
			// Kinds whose names fold alike share a rank, as LOWER does in the order.
			r := i
			for r > 0 && kinds[r-1].Name == k.Name {
				r--
			}
			rank += fmt.Sprintf(" WHEN %d THEN %d", k.ID, r)
		}
		return rank + " END, " + byName, nil
	}
	return byName, nil
}

// spanEndorsements answers a bySpans query in a large contest, where standing is the condition
// that a span stands on the query's day: one statement for the counts, which the sort's groups
// (spanGroup) come from, then one for the page's rows of each group it reaches; or, for a page
// of one group, the two at once (spanPageBesideCounts).
func (s *Store) spanEndorsements(contestID uint, q EndorsementQuery, standing string) (*EndorsementPage, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(q.AsOf)}
	days, rest := q.spanConds(args, s.dialect)
	page := &EndorsementPage{}
	branches := q.branches()
	if len(branches) == 0 {
		return page, nil
	}
	order := "s.start_on DESC, s.event_id DESC"
	switch {
	case q.byName():
		var err error
		if order, err = s.nameOrder(q); err != nil {
			return nil, err
		}
	case q.Sort == SortOldest:
		order = "s.start_on ASC, s.event_id ASC"
	}
	offset := max(q.Offset, 0)
	whole := spanQuery{EndorsementQuery: q, order: order, standing: standing, days: days, rest: rest}
	if q.Limit > 0 && q.Sort != SortCandidate && !s.inTx {
		return s.spanPageBesideCounts(contestID, whole, branches, args, page)
	}
	groups, err := s.spanCounts(q, branches, standing, days, rest, args, page)
	if err != nil {
		return nil, err
	}
	end := page.Total
	if q.Limit > 0 {
		end = min(offset+q.Limit, page.Total)
	}
	plan := s.walkPlanner(contestID, q)
	for _, g := range groups {
		// The group's rows are the table's from g.first to g.first+g.total; the page wants
		// those from offset to end.
		from, to := max(offset-g.first, 0), min(end-g.first, g.total)
		if to <= from {
			continue
		}
		gq := whole
		gq.need, gq.skip = to, from
		if g.candidateID != 0 {
			args["group_candidate"] = g.candidateID
			gq.rest = append(slices.Clip(rest), "s.candidate_id = @group_candidate")
		}
		walk, err := plan.counted(gq.need, g.current, args)
		if err != nil {
			return nil, err
		}
		rows, err := s.spanPage(gq, branches, walk, g.current, args)
		if err != nil {
			return nil, err
		}
		page.Rows = append(page.Rows, rows...)
	}
	return page, nil
}

// spanPageBesideCounts answers a bySpans query of one group (not sorted by candidate) with a
// limit, its page read while the counts are: they are two statements, each a scan of the
// standing spans' index at worst, so on two connections the page costs no more than the
// counts. A walk for the page's current rows cannot wait for the counts to say how many
// match, so it is a short one (walkPlan.uncounted); where it found too few of them, the page is found
// after the counts, as without them.
func (s *Store) spanPageBesideCounts(contestID uint, q spanQuery, branches []spanBranch, args map[string]any, page *EndorsementPage) (*EndorsementPage, error) {
	q.skip = max(q.Offset, 0)
	q.need = q.skip + q.Limit
	pageArgs := maps.Clone(args)
	plan := s.walkPlanner(contestID, q.EndorsementQuery)
	walk, err := plan.uncounted(q.need, pageArgs)
	if err != nil {
		return nil, err
	}
	type result struct {
		rows    []EndorsementRow
		current int
		err     error
	}
	done := make(chan result, 1)
	go func() {
		rows, current, err := s.spanRows(q, branches, walk, pageArgs)
		done <- result{rows, current, err}
	}()
	groups, err := s.spanCounts(q.EndorsementQuery, branches, q.standing, q.days, q.rest, args, page)
	r := <-done
	switch {
	case err != nil:
		return nil, err
	case r.err != nil:
		return nil, r.err
	}
	page.Rows = r.rows
	matched := 0
	if len(groups) > 0 {
		matched = groups[0].current
	}
	if walk && r.current < min(q.need, matched) {
		// The walk found too few of the page's current rows: now that the counts say how many
		// match, the page is found as it is without them.
		if walk, err = plan.counted(q.need, matched, pageArgs); err != nil {
			return nil, err
		}
		if page.Rows, err = s.spanPage(q, branches, walk, matched, pageArgs); err != nil {
			return nil, err
		}
	}
	return page, nil
}

// spanCounts counts a bySpans query's rows (of the spans that stand and match days and rest)
// into page, by candidate and state, and gives its groups in the table's order.
func (s *Store) spanCounts(q EndorsementQuery, branches []spanBranch, standing string, days, rest []string, args map[string]any, page *EndorsementPage) ([]spanGroup, error) {
	// Each branch counted in the index that finds its standing spans, which holds what the
	// filters read; or, for current rows narrowed at most by candidate and kind, summed from
	// the daily deltas, which hold those too.
	var counts []string
	for _, b := range branches {
		counts = append(counts, `SELECT s.candidate_id, '`+b.state+`' AS state, COUNT(*) AS count
  FROM `+b.table+` s WHERE `+and(standing, days, rest)+` GROUP BY s.candidate_id`)
	}
	if q.countsByDeltas(branches) {
		counts = []string{`SELECT s.candidate_id, 'current' AS state, SUM(s.count) AS count
  FROM support_deltas s WHERE ` + and("s.contest_id = @contest AND s.day <= @asof", rest) + ` GROUP BY s.candidate_id`}
	}
	order := "c.candidate_id, c.state"
	if q.Sort == SortCandidate {
		order = "ca.sort_order, ca.id, c.state"
	}
	// Grouped by the candidate's id too, which fixes its order's columns.
	countSQL := `SELECT c.candidate_id, c.state, SUM(c.count) AS count
FROM (` + strings.Join(counts, "\n  UNION ALL\n") + `) c JOIN candidates ca ON ca.id = c.candidate_id
GROUP BY ca.id, c.candidate_id, c.state
HAVING SUM(c.count) <> 0
ORDER BY ` + order
	if err := s.db.Raw(countSQL, args).Scan(&page.Counts).Error; err != nil {
		return nil, fmt.Errorf("store: endorsements: %w", err)
	}
	var groups []spanGroup
	for _, c := range page.Counts {
		if len(groups) == 0 || q.Sort == SortCandidate && c.CandidateID != groups[len(groups)-1].candidateID {
			g := spanGroup{first: page.Total}
			if q.Sort == SortCandidate {
				g.candidateID = c.CandidateID
			}
			groups = append(groups, g)
		}
		g := &groups[len(groups)-1]
		g.total += c.Count
		if c.State == StateCurrent {
			g.current += c.Count
		}
		page.Total += c.Count
	}
	slices.SortFunc(page.Counts, func(a, b MatchCount) int {
		return cmp.Or(cmp.Compare(a.CandidateID, b.CandidateID), cmp.Compare(a.State, b.State))
	})
	return groups, nil
}

// countsByDeltas reports whether a bySpans query of these branches is counted from the daily
// deltas: it asks for current rows, filtered at most by candidate and kind (and hiding
// withdrawn candidates).
func (q EndorsementQuery) countsByDeltas(branches []spanBranch) bool {
	return len(branches) == 1 && branches[0] == currentBranch && !q.searches() && q.From == "" && q.To == "" &&
		len(q.Verifications) == 0
}

// spanQuery is the page of one group of a bySpans query: its rows from skip to need (in the
// group's order), of the spans that stand (standing) and match days and rest.
type spanQuery struct {
	EndorsementQuery
	order      string // of the spans (alias s)
	standing   string
	days, rest []string
	need, skip int
}

// walks reports whether the query's current rows may be walked in day order: only newest
// first, since the spans that stand on a day are mostly the latest to start by it (an
// endorser's earlier ones have ended), so a walk from the oldest would visit most of the
// contest's ended spans first. Oldest first is sorted, unless a test fixes the walk.
func (s *Store) walks(q EndorsementQuery) bool {
	return !q.byName() && (q.Sort != SortOldest || s.walkCap != nil)
}

// spanPage is spanRows, walked where walk says, and sorted after all where the walk found
// fewer of the page's current rows than it needs of the matched ones: they lay further back
// than the walk went.
func (s *Store) spanPage(q spanQuery, branches []spanBranch, walk bool, matched int, args map[string]any) ([]EndorsementRow, error) {
	rows, current, err := s.spanRows(q, branches, walk, args)
	if err != nil || !walk || current >= min(q.need, matched) {
		return rows, err
	}
	rows, _, err = s.spanRows(q, branches, false, args)
	return rows, err
}

// spanRows are the rows of one group's page (q), and how many current rows its sides found:
// the current ones walked in day order (spanWalk, visiting at most @visits spans) or sorted
// from the standing index, the withdrawn ones sorted.
func (s *Store) spanRows(q spanQuery, branches []spanBranch, walk bool, args map[string]any) ([]EndorsementRow, int, error) {
	args["need"], args["skip"], args["limit"] = q.need, q.skip, q.need-q.skip
	order := q.order
	var sides []string
	for _, b := range branches {
		side := `SELECT s.event_id, s.endorser_id, s.candidate_id, ` + b.points + ` AS points, '` + b.state + `' AS state,
         s.start_on AS effective_on, s.name_key, s.region, s.kind_id
  FROM ` + b.table + ` s WHERE ` + and(q.standing, q.days, q.rest) + ` ORDER BY ` + order + ` LIMIT @need`
		if walk && b == currentBranch {
			side = spanWalk(order, q.days, q.rest, s.dialect)
		}
		sides = append(sides, `SELECT * FROM (`+side+`) `+b.state+`_rows`)
	}
	pageOrder := strings.NewReplacer("s.start_on", "m.effective_on", "s.", "m.").Replace(order)
	// merged is MATERIALIZED: a few rows per side, read by the page and by the count of its
	// current rows, where SQLite would otherwise compute the sides twice.
	sql := `WITH merged AS MATERIALIZED (` + strings.Join(sides, "\nUNION ALL\n") + `),
page AS (SELECT m.*, ROW_NUMBER() OVER (ORDER BY ` + pageOrder + `) AS pos FROM merged m ORDER BY ` + pageOrder + ` LIMIT @limit OFFSET @skip)
SELECT t.*, (SELECT COUNT(*) FROM merged WHERE state = 'current') AS current_rows FROM (` + tableRowsSQL + `) t ORDER BY t.pos`
	var rows []struct {
		Pos         int
		CurrentRows int
		EndorsementRow
	}
	if err := s.db.Raw(sql, args).Scan(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("store: endorsements: %w", err)
	}
	out := make([]EndorsementRow, 0, len(rows))
	current := 0
	for _, r := range rows {
		out = append(out, r.EndorsementRow)
		current = r.CurrentRows
	}
	return out, current, nil
}

// spanWalk is the current rows' side of a page walked in the table's order by day (order),
// visiting at most @visits spans that start by the day (and within days) and keeping the
// first @need that stand on it and match rest. Where it finds as many as the page needs (or as
// match), those are the first of all the matching rows: every span it did not reach comes
// after them.
func spanWalk(order string, days, rest []string, dialect string) string {
	// The walk index is in that order, so the walk stops after @visits entries: SQLite, which
	// has no statistics, would rather read the start-day index, which holds every column read
	// here but sorts each day's spans (thousands, in a large contest) before giving the first.
	// Each visit reads the span's row (s.*), which the outer conditions test.
	walkIndex := ""
	if dialect != DialectPostgres {
		walkIndex = " INDEXED BY idx_span_walk"
	}
	return `SELECT s.event_id, s.endorser_id, s.candidate_id, s.points, 'current' AS state, s.start_on AS effective_on, s.name_key, s.region, s.kind_id
  FROM (SELECT s.* FROM support_spans s` + walkIndex + ` WHERE ` + and("s.contest_id = @contest AND s.start_on <= @asof", days) + `
        ORDER BY ` + order + ` LIMIT @visits) s
  WHERE ` + and("s.end_on > @asof", rest) + `
  ORDER BY ` + order + ` LIMIT @need`
}

// walkPlan decides how far the walks of one table query may go (@visits), counting the
// contest's standing spans at most once.
type walkPlan struct {
	s         *Store
	contestID uint
	asOf      string
	walks     bool // whether the query's order can be walked at all (Store.walks)
	standing  *int
}

func (s *Store) walkPlanner(contestID uint, q EndorsementQuery) *walkPlan {
	return &walkPlan{s: s, contestID: contestID, asOf: q.AsOf, walks: s.walks(q)}
}

// decide is the plan's answer where it is already known: no walk for an order that cannot be
// walked, or the walk a test fixed (Store.walkCap).
func (p *walkPlan) decide(args map[string]any) (walk, known bool) {
	switch {
	case !p.walks:
		return false, true
	case p.s.walkCap != nil:
		args["visits"] = *p.s.walkCap
		return *p.s.walkCap > 0, true
	}
	return false, false
}

// standingSpans is how many of the contest's support spans stand on the day.
func (p *walkPlan) standingSpans() (int, error) {
	if p.standing == nil {
		n, err := p.s.standingCount(p.contestID, p.asOf)
		if err != nil {
			return 0, err
		}
		p.standing = &n
	}
	return *p.standing, nil
}

// counted reports whether a group's current rows, matched of them, are walked, and sets how
// many spans the walk may visit: walkFactor for each row it expects to keep, the page's need
// of matched among the standing spans. A sort reads every standing span's entry in the
// standing index, and a walk's visit (a read of the table's row) costs about walkShare of
// those, so the walk pays where it visits fewer than their share.
func (p *walkPlan) counted(need, matched int, args map[string]any) (bool, error) {
	if walk, known := p.decide(args); known || matched == 0 {
		return walk, nil
	}
	standing, err := p.standingSpans()
	if err != nil {
		return false, err
	}
	visits := walkFactor * need * max(standing, matched) / matched
	args["visits"] = visits
	return visits <= standing/walkShare, nil
}

// uncounted is counted for a walk that runs before the counts say how many rows match: it
// may visit enough spans to fill the page where a share of the standing spans as small as
// 1/walkShare matches (walkFactor visits per row for that share), and no more than a sort
// would cost. The walk reads every span it may visit, so a rarer match is left to the counts
// to decide (counted).
func (p *walkPlan) uncounted(need int, args map[string]any) (bool, error) {
	if walk, known := p.decide(args); known {
		return walk, nil
	}
	standing, err := p.standingSpans()
	if err != nil {
		return false, err
	}
	visits := min(walkFactor*walkShare*need, standing/walkShare)
	args["visits"] = visits
	return visits > 0, nil
}

// standingCount is how many of the contest's support spans stand on day asOf, summed from the
// daily deltas.
func (s *Store) standingCount(contestID uint, asOf string) (int, error) {
	var n int
	countSQL := `SELECT COALESCE(SUM(count), 0) FROM support_deltas WHERE contest_id = ? AND day <= ?`
	if err := s.db.Raw(countSQL, contestID, asOfOrEnd(asOf)).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("store: endorsements: %w", err)
	}
	return n, nil
}
