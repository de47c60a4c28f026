package store

import (
	"fmt"
	"slices"
	"strings"

	"github.com/backers/backers/internal/names"
	"github.com/backers/backers/models"
)

// bySpans reports whether every filter of the query is on what the span tables' indexes hold
// (candidate, kind, the first day, the endorser's folded name) and it is sorted by day: a
// search by name, the withdrawn rows, a range of days. Its counts are then counts in the
// index of the standing spans, reading no table, and its page the first matching spans by
// day (spanEndorsements).
func (q EndorsementQuery) bySpans() bool {
	endorse, nominate := slices.Contains(q.Actions, models.ActionEndorse), slices.Contains(q.Actions, models.ActionNominate)
	// A current row's action is its span's, which no index holds: an action filter is read
	// here only where it keeps both of a current row's actions or neither.
	return (q.Sort == "" || q.Sort == SortNewest || q.Sort == SortOldest) && endorse == nominate &&
		len(q.Regions) == 0 && len(q.EndorserIDs) == 0 && len(q.Verifications) == 0 && !q.HideWithdrawnCandidates
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
	// The span holds the folded name, so the search is a plain substring of it: instr (strpos
	// in PostgreSQL) tests it in a third less time than LIKE, which would fold both again.
	contains := "instr(s.name_key, @name) > 0"
	if dialect == DialectPostgres {
		contains = "strpos(s.name_key, @name) > 0"
	}
	add(&rest, q.searches(), "name", names.Fold(strings.TrimSpace(q.Search)), contains)
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

// spanEndorsements answers a bySpans query in two statements: the counts, then (unless
// nothing matched) the page.
func (s *Store) spanEndorsements(contestID uint, q EndorsementQuery) (*EndorsementPage, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(q.AsOf)}
	standing, err := s.standing(contestID, q.AsOf)
	if err != nil {
		return nil, err
	}
	days, rest := q.spanConds(args, s.dialect)
	page := &EndorsementPage{}
	branches := q.branches()
	if len(branches) == 0 {
		return page, nil
	}
	// The counts: each branch counted in the index that finds its standing spans, which holds
	// what the filters read.
	var counts []string
	for _, b := range branches {
		counts = append(counts, `SELECT s.candidate_id, '`+b.state+`' AS state, COUNT(*) AS count
FROM `+b.table+` s WHERE `+and(standing, days, rest)+` GROUP BY s.candidate_id`)
	}
	countSQL := strings.Join(counts, "\nUNION ALL\n") + "\nORDER BY candidate_id, state"
	if err := s.db.Raw(countSQL, args).Scan(&page.Counts).Error; err != nil {
		return nil, fmt.Errorf("store: endorsements: %w", err)
	}
	matchedCurrent := 0
	for _, c := range page.Counts {
		page.Total += c.Count
		if c.State == StateCurrent {
			matchedCurrent += c.Count
		}
	}
	offset := max(q.Offset, 0)
	if page.Total == 0 || (q.Limit > 0 && offset >= page.Total) {
		return page, nil
	}
	// Each branch gives its first rows in the page's order, as many as the page needs (all
	// of them without a limit), and the page is cut from what they give together.
	need := page.Total
	limit := ""
	if q.Limit > 0 {
		need = min(offset+q.Limit, page.Total)
		args["limit"], args["offset"] = q.Limit, offset
		limit = " LIMIT @limit OFFSET @offset"
	}
	args["need"] = need
	order := "s.start_on DESC, s.event_id DESC"
	if q.Sort == SortOldest {
		order = "s.start_on ASC, s.event_id ASC"
	}
	walk, err := s.walkVisits(contestID, q.AsOf, need, matchedCurrent, args)
	if err != nil {
		return nil, err
	}
	pageSQL := func(walk bool) string {
		var sides []string
		for _, b := range branches {
			side := `SELECT s.event_id, s.endorser_id, s.candidate_id, ` + b.points + ` AS points, '` + b.state + `' AS state, s.start_on AS effective_on
  FROM ` + b.table + ` s WHERE ` + and(standing, days, rest) + ` ORDER BY ` + order + ` LIMIT @need`
			if walk && b == currentBranch {
				side = spanWalk(order, days, rest, s.dialect)
			}
			sides = append(sides, `SELECT * FROM (`+side+`) `+b.state+`_rows`)
		}
		pageOrder := strings.NewReplacer("s.start_on", "m.effective_on", "s.event_id", "m.event_id").Replace(order)
		return `WITH merged AS (` + strings.Join(sides, "\nUNION ALL\n") + `),
page AS (SELECT m.*, ROW_NUMBER() OVER (ORDER BY ` + pageOrder + `) AS pos FROM merged m ORDER BY ` + pageOrder + limit + `)
SELECT t.*, (SELECT COUNT(*) FROM merged WHERE state = 'current') AS current_rows FROM (` + tableRowsSQL + `) t ORDER BY t.pos`
	}
	var rows []struct {
		Pos         int
		CurrentRows int
		EndorsementRow
	}
	if err := s.db.Raw(pageSQL(walk), args).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: endorsements: %w", err)
	}
	if walk && (len(rows) == 0 || rows[0].CurrentRows < min(need, matchedCurrent)) {
		// The walk visited its share of the spans before it found the page's current rows:
		// they lie further back than their share of the standing spans said. Sort them.
		rows = rows[:0]
		if err := s.db.Raw(pageSQL(false), args).Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("store: endorsements: %w", err)
		}
	}
	for _, r := range rows {
		page.Rows = append(page.Rows, r.EndorsementRow)
	}
	return page, nil
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
	walkIndex := ""
	if dialect != DialectPostgres {
		walkIndex = " INDEXED BY idx_span_walk"
	}
	return `SELECT s.event_id, s.endorser_id, s.candidate_id, s.points, 'current' AS state, s.start_on AS effective_on
  FROM (SELECT s.event_id, s.endorser_id, s.candidate_id, s.kind_id, s.points, s.start_on, s.end_on, s.name_key
        FROM support_spans s` + walkIndex + ` WHERE ` + and("s.contest_id = @contest AND s.start_on <= @asof", days) + `
        ORDER BY ` + order + ` LIMIT @visits) s
  WHERE ` + and("s.end_on > @asof", rest) + `
  ORDER BY ` + order + ` LIMIT @need`
}

// walkVisits reports whether the page's current rows are found by a walk in day order, and
// sets how many spans it may visit (@visits): walkFactor for each row it expects to keep, the
// page's need of matched among the contest's standing spans. A sort reads every standing
// span's entry in the standing index, and a walk's visit (a read of the table's row) costs
// about walkShare of those, so the walk pays where it visits fewer than their share.
func (s *Store) walkVisits(contestID uint, asOf string, need, matched int, args map[string]any) (bool, error) {
	if s.walkCap != nil {
		args["visits"] = *s.walkCap
		return *s.walkCap > 0, nil
	}
	if matched == 0 {
		return false, nil
	}
	var standing int
	countSQL := `SELECT COALESCE(SUM(count), 0) FROM support_deltas WHERE contest_id = ? AND day <= ?`
	if err := s.db.Raw(countSQL, contestID, asOfOrEnd(asOf)).Scan(&standing).Error; err != nil {
		return false, fmt.Errorf("store: endorsements: %w", err)
	}
	visits := walkFactor * need * max(standing, matched) / matched
	args["visits"] = visits
	return visits <= standing/walkShare, nil
}
