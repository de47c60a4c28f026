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
// (candidate, kind, the first day, the endorser's folded name, the verification, the state, a
// current row's action): a search by name, the withdrawn rows, a range of days, the withdrawn
// candidates hidden, the confirmed rows, the nominations. In a large contest its counts are
// then counts in the index of the standing spans, reading no table, and its page the first
// matching spans in the table's order, under any sort (spanEndorsements). A search by a rare
// name is not: its few endorsers are found first.
func (q EndorsementQuery) bySpans() bool {
	return len(q.Regions) == 0 && len(q.EndorserIDs) == 0 && q.rarestTrigram == ""
}

// notWithdrawnCandidate is the condition that the span (alias alias) is not for a candidate
// who has withdrawn from the contest: the few such candidates, rather than a join per span.
func notWithdrawnCandidate(alias string) string {
	return alias + ".candidate_id NOT IN (SELECT ca.id FROM candidates ca WHERE ca.contest_id = @contest AND ca.status = 'withdrawn')"
}

// spanConds are the conditions, beside the standing one, of the query's filters on a span
// (alias s), adding their parameters to args: of either table, on its first day (days) and on
// the rest of what the indexes hold (rest); of the support spans only, on their action
// (current), where the query keeps one of endorse and nominate (a withdrawn row's action is
// the withdraw, which branches already decides on).
func (q EndorsementQuery) spanConds(args map[string]any, dialect string) (days, rest, current []string) {
	add := func(to *[]string, set bool, name string, value any, sql string) {
		if set {
			args[name] = value
			*to = append(*to, sql)
		}
	}
	// The days are tested in whichever index finds the standing spans, never an index's range
	// themselves: given a range on the start day, SQLite reads the start-day index over it,
	// testing every span the contest has had in those days (200 ms at 1,000,000 events where
	// the range is most of the contest, against 3 ms for its standing spans).
	start := unindexed(dialect, "s.start_on")
	add(&days, q.From != "", "from", q.From, start+" >= @from")
	add(&days, q.To != "", "to", q.To, start+" <= @to")
	rest, current = q.deltaFilters(args)
	add(&rest, len(q.Verifications) > 0, "verifications", q.Verifications, "s.verification IN @verifications")
	add(&rest, q.searches(), "name", q.searchKey(), nameContains("s", dialect))
	return days, rest, current
}

// deltaFilters are the conditions of the query's filters that the daily deltas hold as the
// support spans do (alias s), adding their parameters to args: on the candidate and the kind,
// and the withdrawn candidates hidden (rest); and on a current row's action, where the query
// keeps one of endorse and nominate (current).
func (q EndorsementQuery) deltaFilters(args map[string]any) (rest, current []string) {
	if len(q.CandidateIDs) > 0 {
		args["candidates"] = q.CandidateIDs
		rest = append(rest, "s.candidate_id IN @candidates")
	}
	if len(q.KindIDs) > 0 {
		args["kinds"] = q.KindIDs
		rest = append(rest, "s.kind_id IN @kinds")
	}
	if q.HideWithdrawnCandidates {
		rest = append(rest, notWithdrawnCandidate("s"))
	}
	if positive := q.spanActions(); positive != nil {
		args["span_actions"] = positive
		current = append(current, "s.action IN @span_actions")
	}
	return rest, current
}

// spanActions is the one of endorse and nominate the query keeps, where it keeps only one: the
// current rows' action filter.
func (q EndorsementQuery) spanActions() []string {
	var positive []string
	for _, a := range q.Actions {
		if a == models.ActionEndorse || a == models.ActionNominate {
			positive = append(positive, a)
		}
	}
	if len(positive) != 1 {
		return nil
	}
	return positive
}

// nameContains is the condition that the folded name (name_key) of the span or endorser alias
// contains the search (@name). The name is held folded, so the search is a plain substring of
// it: instr (strpos in PostgreSQL) tests it in a third less time than LIKE, which would fold
// both again.
func nameContains(alias, dialect string) string {
	if dialect == DialectPostgres {
		return "strpos(" + alias + ".name_key, @name) > 0"
	}
	return "instr(" + alias + ".name_key, @name) > 0"
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

// walkFactor is how many spans (in day order) or endorsers (by name) a walk for the table's
// page may visit for each row it expects to keep (by the share of those it walks that match):
// the ones that do not stand on the day or match lie between them. Beyond that, sorting the
// matching spans costs less.
const walkFactor = 8

// walkShare is about how many entries of an index a sort reads in the time a walk visits one
// span or endorser. It was measured when a walk by day read each span's row in the table; a
// visit by day now reads only the walk index (idx_span_walk holds every column the page
// reads), so for those walks it errs toward the sort, whose worst is bounded. A visit by name
// is still an endorser's entry and a seek of its spans.
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
// runs are the endorsers a walk for its page visits in that order (walkByName), adding their
// parameters to args.
func (s *Store) nameOrder(contestID uint, q EndorsementQuery, args map[string]any) (order string, runs []nameRun, err error) {
	const byName = "s.name_key, s.endorser_id, s.event_id"
	switch q.Sort {
	case SortRegion:
		order = "s.region = '', LOWER(s.region), " + byName
		runs, err = s.regionRuns(contestID, args)
	case SortKind:
		var kinds []kindRank
		if kinds, err = s.kindRanks(); err != nil {
			return "", nil, err
		}
		order = "CASE s.kind_id"
		for _, k := range kinds {
			order += fmt.Sprintf(" WHEN %d THEN %d", k.id, k.rank)
			if len(q.KindIDs) == 0 || slices.Contains(q.KindIDs, k.id) {
				runs = append(runs, nameRun{fmt.Sprintf("en.kind_id = %d", k.id), k.rank, k.id})
			}
		}
		order += " END, " + byName
	default:
		order, runs = byName, []nameRun{{}}
	}
	if err != nil {
		return "", nil, err
	}
	return order, runs, nil
}

// nameRun is one run of the endorsers in name order that a walk of the table sorted by kind or
// region visits: those of one kind or of one region (cond, on the endorser en, or every one
// where it is empty), at their rank in the order.
type nameRun struct {
	cond   string
	rank   int
	kindID uint // the run's kind, sorted by kind
}

type kindRank struct {
	id   uint
	rank int
}

// kindRanks are the kinds' ranks in the table sorted by kind: by name, case folded by LOWER as
// the order is, kinds whose names fold alike sharing one.
func (s *Store) kindRanks() ([]kindRank, error) {
	var kinds []struct {
		ID   uint
		Name string
	}
	if err := s.db.Raw(`SELECT id, LOWER(name) AS name FROM kinds ORDER BY LOWER(name), id`).Scan(&kinds).Error; err != nil {
		return nil, fmt.Errorf("store: endorsements: %w", err)
	}
	out := make([]kindRank, len(kinds))
	for i, k := range kinds {
		out[i] = kindRank{k.ID, i}
		if i > 0 && kinds[i-1].Name == k.Name {
			out[i].rank = out[i-1].rank
		}
	}
	return out, nil
}

// regionRuns are the runs of a walk of the table sorted by region: one for each region of the
// contest's endorsers, ranked by LOWER as the order is (regions that fold alike sharing a
// rank), then the endorsers with none, last. Each region is a parameter (@region_N) in args.
func (s *Store) regionRuns(contestID uint, args map[string]any) ([]nameRun, error) {
	var regions []struct{ Region, Lowered string }
	q := `SELECT cr.region, LOWER(cr.region) AS lowered FROM (` + contestRegionsSQL + `) cr ORDER BY LOWER(cr.region), cr.region`
	if err := s.db.Raw(q, contestID).Scan(&regions).Error; err != nil {
		return nil, fmt.Errorf("store: endorsements: %w", err)
	}
	var runs []nameRun
	rank := 0
	for i, r := range regions {
		if i > 0 && regions[i-1].Lowered != r.Lowered {
			rank++
		}
		name := fmt.Sprintf("region_%d", i)
		args[name] = r.Region
		runs = append(runs, nameRun{cond: "en.region = @" + name, rank: rank})
	}
	// No region is '' on a span, whether the endorser's is '' or NULL.
	return append(runs, nameRun{cond: "en.region = ''", rank: rank + 1}, nameRun{cond: "en.region IS NULL", rank: rank + 1}), nil
}

// runConds are the conditions on the endorser (en) of one run of a walk by name: its kind or
// region, and the search, if any.
func (s *Store) runConds(q EndorsementQuery, r nameRun) []string {
	var conds []string
	if r.cond != "" {
		conds = append(conds, r.cond)
	}
	if q.searches() {
		conds = append(conds, nameContains("en", s.dialect))
	}
	return conds
}

// nameReach is how far a walk of the table sorted by name, kind or region may go: the rank,
// name and id of the endorser it visits last, the visits-th in the table's order, read from
// the endorsers' indexes alone; nil where fewer lie on its way.
func (s *Store) nameReach(q EndorsementQuery, runs []nameRun, visits int, args map[string]any) (*nameRank, error) {
	if len(runs) == 0 {
		return nil, nil
	}
	var members []string
	for i, r := range runs {
		m := fmt.Sprintf("SELECT en.id, en.name_key, %d AS rnk FROM endorsers en", r.rank)
		if conds := s.runConds(q, r); len(conds) > 0 {
			m += " WHERE " + strings.Join(conds, " AND ")
		}
		// Each run cut where the walk would end in it if it came first, read in its order
		// from an index; the few rows left are sorted. (Merged whole, each run would be sorted
		// first: SQLite does not see that its rank is a constant.)
		members = append(members, fmt.Sprintf("SELECT * FROM (%s ORDER BY en.name_key, en.id%s) run_%d", m, limitSQL(visits, 0), i))
	}
	var reach []nameRank
	sql := strings.Join(members, "\nUNION ALL ") + "\nORDER BY rnk, name_key, id" + limitSQL(1, visits-1)
	db := s.db.Raw(sql)
	if strings.Contains(sql, "@") {
		// Only where it names them: GORM takes a map beside none for a positional value.
		db = s.db.Raw(sql, args)
	}
	if err := db.Scan(&reach).Error; err != nil {
		return nil, fmt.Errorf("store: endorsements: %w", err)
	}
	if len(reach) == 0 {
		return nil, nil
	}
	return &reach[0], nil
}

// nameRank is an endorser's place in the table sorted by name, kind or region.
type nameRank struct {
	Rnk     int
	NameKey string
	ID      uint
}

// walkByName is the current rows' side of a page (q) sorted by name, kind or region, walked in
// that order, visiting at most visits endorsers (to nameReach's): each run's endorsers in name
// order from an index, each one's span that stands on the day looked up in the endorser
// index, keeping the first q.need that match q.days and q.rest. Where it finds as many as the
// page needs (or as match), those are the first of all the matching rows: the endorsers it
// did not reach come after. Bounded by the last endorser, not by a LIMIT on those visited, each
// run is read in the order the page wants and stops at the page's last row. It reports whether
// the walk visits every endorser on its way (fewer than visits lie on it), so that what it
// keeps is every matching row.
func (s *Store) walkByName(q spanQuery, visits int, args map[string]any) (sql string, whole bool, err error) {
	reach, err := s.nameReach(q.EndorsementQuery, q.runs, visits, args)
	if err != nil {
		return "", false, err
	}
	// SQLite could read the contest's indexes for each endorser.
	endorserIndex := indexedBy(s.dialect, "idx_span_endorser")
	const cols = "s.event_id, s.endorser_id, s.candidate_id, s.points, 'current' AS state, s.start_on AS effective_on, s.name_key, s.region, s.kind_id"
	var members []string
	for i, r := range q.runs {
		conds := s.runConds(q.EndorsementQuery, r)
		switch {
		case reach != nil && r.rank > reach.Rnk:
			continue
		case reach != nil && r.rank == reach.Rnk:
			args["reach_name"], args["reach_id"] = reach.NameKey, reach.ID
			conds = append(conds, "(en.name_key, en.id) <= (@reach_name, @reach_id)")
		}
		// CROSS JOIN keeps the endorsers outside, read in the run's order, which is the page's.
		members = append(members, fmt.Sprintf(`SELECT * FROM (SELECT %s
  FROM endorsers en CROSS JOIN support_spans s%s
  WHERE %s
  ORDER BY en.name_key, en.id%s) run_%d`, cols, endorserIndex,
			and("s.endorser_id = en.id AND s.contest_id = @contest AND s.end_on > @asof AND s.start_on <= @asof", conds, q.days, q.rest, q.current),
			limitSQL(q.need, 0), i))
	}
	if len(members) == 0 {
		return "SELECT " + cols + " FROM support_spans s WHERE 1 = 0", true, nil
	}
	return "SELECT s.* FROM (" + strings.Join(members, "\n  UNION ALL ") + ") s ORDER BY " + q.order + limitSQL(q.need, 0), reach == nil, nil
}

// spanEndorsements answers a bySpans query in a large contest, where standing is the condition
// that a span stands on the query's day: one statement for the counts, which the sort's groups
// (spanGroup) come from, then one for the page's rows of each group it reaches; or, for a page
// of one group, the two at once (spanPageBesideCounts).
func (s *Store) spanEndorsements(contestID uint, q EndorsementQuery, standing string) (*EndorsementPage, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(q.AsOf)}
	days, rest, current := q.spanConds(args, s.dialect)
	page := &EndorsementPage{}
	branches := q.branches()
	if len(branches) == 0 {
		return page, nil
	}
	order := "s.start_on DESC, s.event_id DESC"
	var runs []nameRun
	switch {
	case q.byName():
		var err error
		if order, runs, err = s.nameOrder(contestID, q, args); err != nil {
			return nil, err
		}
	case q.Sort == SortOldest:
		order = "s.start_on ASC, s.event_id ASC"
	}
	offset := max(q.Offset, 0)
	whole := spanQuery{EndorsementQuery: q, order: order, runs: runs, standing: standing, days: days, rest: rest, current: current}
	if q.Limit > 0 && q.Sort != SortCandidate && !s.inTx {
		return s.spanPageBesideCounts(contestID, whole, branches, args, page)
	}
	groups, err := s.spanCounts(whole, branches, args, page)
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
		visits, err := plan.counted(gq.need, g.current)
		if err != nil {
			return nil, err
		}
		rows, err := s.spanPage(gq, branches, visits, g.current, args)
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
// match, so it is a short one (walkPlan.uncounted); where it found too few of them, the page
// is found after the counts, as without them.
func (s *Store) spanPageBesideCounts(contestID uint, q spanQuery, branches []spanBranch, args map[string]any, page *EndorsementPage) (*EndorsementPage, error) {
	q.skip = max(q.Offset, 0)
	q.need = q.skip + q.Limit
	pageArgs := maps.Clone(args)
	plan := s.walkPlanner(contestID, q.EndorsementQuery)
	visits, err := plan.uncounted(q)
	if err != nil {
		return nil, err
	}
	type result struct {
		rows  []EndorsementRow
		found currentFound
		err   error
	}
	done := make(chan result, 1)
	go func() {
		rows, found, err := s.spanRows(q, branches, visits, pageArgs)
		done <- result{rows, found, err}
	}()
	groups, err := s.spanCounts(q, branches, args, page)
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
	if r.found.short(q.need, matched) {
		// The walk found too few of the page's current rows: now that the counts say how many
		// match, the page is found as it is without them, but sorted where the walk they would
		// choose, finding rows as often as the one that fell short, would fall short too.
		walked, want := visits, min(q.need, matched)
		if visits, err = plan.counted(q.need, matched); err != nil {
			return nil, err
		}
		if visits*r.found.rows < want*walked {
			visits = 0
		}
		if page.Rows, err = s.spanPage(q, branches, visits, matched, pageArgs); err != nil {
			return nil, err
		}
	}
	return page, nil
}

// spanCounts counts a bySpans query's rows (of the spans that stand and match its conditions)
// into page, by candidate and state, and gives its groups in the table's order.
func (s *Store) spanCounts(q spanQuery, branches []spanBranch, args map[string]any, page *EndorsementPage) ([]spanGroup, error) {
	var candidates []uint
	if err := s.db.Raw(`SELECT id FROM candidates WHERE contest_id = @contest ORDER BY sort_order, id`, args).Scan(&candidates).Error; err != nil {
		return nil, fmt.Errorf("store: endorsements: %w", err)
	}
	if len(candidates) == 0 {
		return nil, nil
	}
	// One count per candidate in one pass, each filtered to its candidate: a GROUP BY would
	// sort every matching entry first (SQLite has no hash aggregate), a third of the time of a
	// search of the whole contest.
	perCandidate := func(agg string) string {
		cols := make([]string, len(candidates))
		for i, id := range candidates {
			cols[i] = fmt.Sprintf("COALESCE(%s FILTER (WHERE s.candidate_id = %d), 0)", agg, id)
		}
		return strings.Join(cols, ", ")
	}
	// Each branch counted in the index that finds its standing spans, which holds what the
	// filters read; or, for current rows narrowed at most by candidate and kind, summed from
	// the daily deltas, which hold those too.
	var counts []string
	for _, b := range branches {
		counts = append(counts, `SELECT '`+b.state+`' AS state, `+perCandidate("COUNT(*)")+`
  FROM `+b.table+` s WHERE `+and(q.standing, q.days, q.rest, q.of(b)))
	}
	if q.countsByDeltas(branches) {
		counts = []string{`SELECT 'current' AS state, ` + perCandidate("SUM(s.count)") + `
  FROM support_deltas s WHERE ` + and("s.contest_id = @contest AND s.day <= @asof", q.rest, q.current)}
	}
	rows, err := s.db.Raw(strings.Join(counts, "\nUNION ALL\n"), args).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: endorsements: %w", err)
	}
	defer rows.Close()
	byCandidate := map[uint]map[string]int{}
	for rows.Next() {
		var state string
		n := make([]int, len(candidates))
		dest := []any{&state}
		for i := range n {
			dest = append(dest, &n[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("store: endorsements: %w", err)
		}
		for i, id := range candidates {
			if n[i] != 0 {
				if byCandidate[id] == nil {
					byCandidate[id] = map[string]int{}
				}
				byCandidate[id][state] += n[i]
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: endorsements: %w", err)
	}
	// The groups follow the candidates' order: one per candidate sorted by candidate, else one.
	var groups []spanGroup
	for _, id := range candidates {
		for _, state := range []string{StateCurrent, StateWithdrawn} {
			n := byCandidate[id][state]
			if n == 0 {
				continue
			}
			page.Counts = append(page.Counts, MatchCount{CandidateID: id, State: state, Count: n})
			if len(groups) == 0 || q.Sort == SortCandidate && id != groups[len(groups)-1].candidateID {
				g := spanGroup{first: page.Total}
				if q.Sort == SortCandidate {
					g.candidateID = id
				}
				groups = append(groups, g)
			}
			g := &groups[len(groups)-1]
			g.total += n
			if state == StateCurrent {
				g.current += n
			}
			page.Total += n
		}
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
	order      string    // of the spans (alias s)
	runs       []nameRun // the endorsers a walk in name order visits (walkByName)
	standing   string
	days, rest []string
	current    []string // conditions on the current rows' side only (spanConds)
	need, skip int
}

// of are the conditions of branch b's side only.
func (q spanQuery) of(b spanBranch) []string {
	if b == currentBranch {
		return q.current
	}
	return nil
}

// walks reports whether the query's current rows may be walked in its order: by name, kind
// or region through the endorsers' indexes (walkByName), or newest first through the spans'
// (spanWalk), since the spans that stand on a day are mostly the latest to start by it (an
// endorser's earlier ones have ended), so a walk from the oldest would visit most of the
// contest's ended spans first. Oldest first is sorted, unless a test fixes the walk.
func (s *Store) walks(q EndorsementQuery) bool {
	return q.Sort != SortOldest || s.walkCap != nil
}

// spanPage is spanRows, walked visiting at most visits (if any), and sorted after all where the
// walk found fewer of the page's current rows than it needs of the matched ones: they lay
// further back than the walk went.
func (s *Store) spanPage(q spanQuery, branches []spanBranch, visits, matched int, args map[string]any) ([]EndorsementRow, error) {
	rows, found, err := s.spanRows(q, branches, visits, args)
	if err != nil || !found.short(q.need, matched) {
		return rows, err
	}
	rows, _, err = s.spanRows(q, branches, 0, args)
	return rows, err
}

// currentFound is what the current rows' side of a page found: how many rows, and whether they
// are all that match up to the page's need (read from the standing spans, or walked to the
// end of the walk's way) rather than as many as a walk cut short reached.
type currentFound struct {
	rows int
	all  bool
}

// short reports whether the page (of need rows, where matched current ones match) lacks rows a
// walk that was cut short did not reach.
func (f currentFound) short(need, matched int) bool {
	return !f.all && f.rows < min(need, matched)
}

// spanRows are the rows of one group's page (q), and what its current rows' side found: the
// current ones walked in the table's order (walkByName or spanWalk, visiting at most visits)
// or, where visits is 0, read from the standing spans, the withdrawn ones sorted.
func (s *Store) spanRows(q spanQuery, branches []spanBranch, visits int, args map[string]any) ([]EndorsementRow, currentFound, error) {
	order := q.order
	found := currentFound{all: visits == 0}
	var sides []string
	for _, b := range branches {
		from, where, sideOrder := b.table+" s", and(q.standing, q.days, q.rest, q.of(b)), order
		switch {
		case q.byName():
		case b == currentBranch && visits == 0:
			// By day: the standing spans in the page's order (standingByDay), read until the
			// page is full.
			from, where = from+s.startIndex(), and(standingByDay(q.EndorsementQuery), q.rest, q.current)
		default:
			// The withdrawn spans that stand, sorted: SQLite would walk the start-day index in
			// the page's order over every withdrawn span the contest has had (the index holds
			// neither the name nor the verification a filter reads).
			sideOrder = unindexed(s.dialect, order)
		}
		side := `SELECT s.event_id, s.endorser_id, s.candidate_id, ` + b.points + ` AS points, '` + b.state + `' AS state,
         s.start_on AS effective_on, s.name_key, s.region, s.kind_id
  FROM ` + from + ` WHERE ` + where + ` ORDER BY ` + sideOrder + limitSQL(q.need, 0)
		switch {
		case visits > 0 && b == currentBranch && q.byName():
			var err error
			if side, found.all, err = s.walkByName(q, visits, args); err != nil {
				return nil, found, err
			}
		case visits > 0 && b == currentBranch:
			var err error
			if side, found.all, err = s.spanWalk(q, visits, args); err != nil {
				return nil, found, err
			}
		}
		sides = append(sides, `SELECT * FROM (`+side+`) `+b.state+`_rows`)
	}
	pageOrder := strings.NewReplacer("s.start_on", "m.effective_on", "s.", "m.").Replace(order)
	// merged is MATERIALIZED: a few rows per side, read by the page and by the count of its
	// current rows, where SQLite would otherwise compute the sides twice.
	sql := `WITH merged AS MATERIALIZED (` + strings.Join(sides, "\nUNION ALL\n") + `),
page AS (SELECT m.*, ROW_NUMBER() OVER (ORDER BY ` + pageOrder + `) AS pos FROM merged m ORDER BY ` + pageOrder + limitSQL(q.need-q.skip, q.skip) + `)
SELECT t.*, (SELECT COUNT(*) FROM merged WHERE state = 'current') AS current_rows FROM (` + tableRowsSQL + `) t ORDER BY t.pos`
	var rows []struct {
		Pos         int
		CurrentRows int
		EndorsementRow
	}
	if err := s.db.Raw(sql, args).Scan(&rows).Error; err != nil {
		return nil, found, fmt.Errorf("store: endorsements: %w", err)
	}
	out := make([]EndorsementRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.EndorsementRow)
		found.rows = r.CurrentRows
	}
	return out, found, nil
}

// spanWalk is the current rows' side of a page (q) walked in the table's order by day,
// visiting at most visits spans that start by the day (and within q.From, q.To) and keeping the
// first q.need that stand on it and match q.rest. Where it finds as many as the page needs (or
// as match), those are the first of all the matching rows: every span it did not reach comes
// after them. It reports whether the walk goes to the end of its way (fewer than visits spans
// lie on it), so that what it keeps is every matching span.
//
// The walk's reach is a bound on the walk index's (start_on, event_id), the entry visits from
// its start, found first by reading that many entries of the index alone (@walk_day,
// @walk_event in args): a LIMIT on the entries visited would be a subquery the page is sorted
// out of, whose every row is read, where under a bound the index's order is the page's and the
// walk stops at the page's last row.
func (s *Store) spanWalk(q spanQuery, visits int, args map[string]any) (sql string, whole bool, err error) {
	// SQLite would rather read the start-day index, which holds every column read here but
	// sorts each day's spans (thousands, in a large contest) before giving the first.
	walkIndex := indexedBy(s.dialect, "idx_span_walk")
	// One upper bound on the start day, the earlier of the day and the range's end: given two,
	// SQLite seeks by one and tests the other on every entry between them.
	args["walk_upper"] = asOfOrEnd(q.AsOf)
	if q.To != "" && q.To < asOfOrEnd(q.AsOf) {
		args["walk_upper"] = q.To
	}
	const upper, lower = "s.start_on <= @walk_upper", "s.start_on >= @from"
	within := []string{upper}
	if q.From != "" {
		within = append(within, lower)
	}
	from := "FROM support_spans s" + walkIndex + " WHERE s.contest_id = @contest"
	var reach []struct {
		StartOn string
		EventID uint
	}
	boundSQL := "SELECT s.start_on, s.event_id " + from + " AND " + strings.Join(within, " AND ") + " ORDER BY " + q.order + limitSQL(1, visits-1)
	if err := s.db.Raw(boundSQL, args).Scan(&reach).Error; err != nil {
		return "", false, fmt.Errorf("store: endorsements: %w", err)
	}
	if len(reach) == 1 {
		// The walk ends at its reach, which lies within the days, so the reach takes the place
		// of the days' bound on that side (one bound a side, as above). Where there is none,
		// fewer entries than visits lie on the walk's way: it goes to the end.
		args["walk_day"], args["walk_event"] = reach[0].StartOn, reach[0].EventID
		if q.Sort == SortOldest {
			within = []string{"(s.start_on, s.event_id) <= (@walk_day, @walk_event)"}
			if q.From != "" {
				within = append(within, lower)
			}
		} else {
			within = []string{upper, "(s.start_on, s.event_id) >= (@walk_day, @walk_event)"}
		}
	}
	return `SELECT s.event_id, s.endorser_id, s.candidate_id, s.points, 'current' AS state, s.start_on AS effective_on, s.name_key, s.region, s.kind_id
  ` + from + ` AND ` + and("s.end_on > @asof", within, q.rest, q.current) + `
  ORDER BY ` + q.order + limitSQL(q.need, 0), len(reach) == 0, nil
}

// standingByDay is the condition that a support span (alias s) stands on q's day and starts
// within its days (From, To), in the form the start-day index (idx_span_contest_start, see
// startIndex) answers in the order of the days, forward or back: a seek for each day a span
// starts on (startDaysOf) to the spans of that day that still stand. A page by day reads them
// in its order, sorting one day's at a time by event, and stops when it is full: a few
// hundred entries where the rows it wants are common, every standing span's where they are
// rare (the most a sort of them reads), and never the ended spans between them, which a walk
// of the walk index passes. It reads @contest, @asof, @from and @to.
func standingByDay(q EndorsementQuery) string {
	days := "day <= @asof"
	if q.From != "" {
		days += " AND day >= @from"
	}
	if q.To != "" {
		days += " AND day <= @to"
	}
	return "s.contest_id = @contest AND s.start_on IN (WITH RECURSIVE " + startDaysOf("support_days", "support_spans") +
		" SELECT day FROM support_days WHERE " + days + ") AND s.end_on > @asof"
}

// startIndex names, for SQLite, the index standingByDay is read through: SQLite would rather
// walk the walk index, in the same order, over the ended spans too.
func (s *Store) startIndex() string {
	return indexedBy(s.dialect, "idx_span_contest_start")
}

// walkPlan decides how far the walks of one table query may go (how many spans or endorsers
// they visit, 0 for no walk), counting the contest's standing spans at most once.
type walkPlan struct {
	s         *Store
	contestID uint
	asOf      string
	walks     bool // whether the query's order can be walked at all (Store.walks)
	byName    bool // whether the walk visits endorsers (walkByName), not spans by day
	standing  *int
}

func (s *Store) walkPlanner(contestID uint, q EndorsementQuery) *walkPlan {
	return &walkPlan{s: s, contestID: contestID, asOf: q.AsOf, walks: s.walks(q), byName: q.byName()}
}

// decide is the plan's answer where it is already known: no walk for an order that cannot be
// walked, or the walk a test fixed (Store.walkCap).
func (p *walkPlan) decide() (visits int, known bool) {
	switch {
	case !p.walks:
		return 0, true
	case p.s.walkCap != nil:
		return *p.s.walkCap, true
	}
	return 0, false
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

// walked is how many the walk chooses its visits among: the standing spans for a walk by day,
// every endorser for one by name (of any contest: the endorsers' indexes hold them all).
func (p *walkPlan) walked(standing int) (int, error) {
	if !p.byName {
		return standing, nil
	}
	return p.s.endorsersWalked()
}

// counted is how many spans (or endorsers) the walk for a group's current rows, matched of
// them, may visit, or 0 where they are sorted: walkFactor for each row it expects to keep, the
// page's need of matched among those it walks. A sort reads every standing span's entry in the
// standing index, and a walk's visit costs about walkShare of those, so the walk pays where it
// visits fewer than their share.
func (p *walkPlan) counted(need, matched int) (int, error) {
	if visits, known := p.decide(); known || matched == 0 {
		return visits, nil
	}
	standing, err := p.standingSpans()
	if err != nil {
		return 0, err
	}
	walked, err := p.walked(standing)
	if err != nil {
		return 0, err
	}
	if visits := walkFactor * need * max(walked, matched) / matched; visits <= standing/walkShare {
		return visits, nil
	}
	return 0, nil
}

// uncounted is counted for a walk that runs before the counts say how many rows match (q's
// page). It may visit enough spans or endorsers to fill the page where a share of them as
// small as 1/walkShare matches (walkFactor visits per row for that share), and no more than a
// sort would cost; a rarer match is left to the counts to decide (counted).
//
// By name, so is a walk the daily deltas already say would fall short (shortWalk), the page
// then sorted while the counts are read. By day there is a walk only for a search by a name
// that is not rare (commonSearch): otherwise the standing spans read in the page's order
// (standingByDay) cost a walk's few entries where the page's rows are common, but a search's
// rows lie among the spans of a day's whole batch, every one of which that read sorts (15,000
// spans, 10 ms, for the last day of the 1,000,000-event contest), where the walk of the walk
// index stops at the page's last row.
func (p *walkPlan) uncounted(q spanQuery) (int, error) {
	if visits, known := p.decide(); known || (!p.byName && !q.commonSearch()) {
		return visits, nil
	}
	standing, err := p.standingSpans()
	if err != nil {
		return 0, err
	}
	visits := min(walkFactor*walkShare*q.need, standing/walkShare)
	if !p.byName {
		return visits, nil
	}
	if short, err := p.shortWalk(q, visits, standing); err != nil || short {
		return 0, err
	}
	return visits, nil
}

// commonSearch reports whether the query searches by a name with no rare trigram (one that
// few endorsers hold, rarestTrigram), or too short to have one: its rows are likely common.
func (q EndorsementQuery) commonSearch() bool {
	return q.searches() && q.rarestTrigram == ""
}

// shortWalk reports whether a walk by name for q's page visiting visits endorsers would find
// too few of its rows, by what the daily deltas say of the current rows: how many stand of each
// kind, and how many of those match the query's candidates, kinds and action (at least as
// many as match all of its filters), spread among the endorsers the walk passes as the deltas'
// share, run by run where it is sorted by kind. A range of days counts as short: the deltas
// do not say how many of the spans that stand started in it (as of a late day, most started
// in its last days), so the counts decide (counted).
func (p *walkPlan) shortWalk(q spanQuery, visits, standing int) (bool, error) {
	if q.From != "" || q.To != "" {
		return true, nil
	}
	if standing == 0 {
		return false, nil
	}
	args := map[string]any{"contest": p.contestID, "asof": asOfOrEnd(q.AsOf)}
	rest, current := q.deltaFilters(args)
	filters := slices.Concat(rest, current)
	matching := "SUM(s.count)"
	if len(filters) > 0 {
		matching = "COALESCE(SUM(s.count) FILTER (WHERE " + strings.Join(filters, " AND ") + "), 0)"
	}
	var kinds []struct {
		KindID             uint
		Standing, Matching int
	}
	err := p.s.db.Raw(`SELECT s.kind_id, SUM(s.count) AS standing, `+matching+` AS matching
FROM support_deltas s WHERE s.contest_id = @contest AND s.day <= @asof GROUP BY s.kind_id`, args).Scan(&kinds).Error
	if err != nil {
		return false, fmt.Errorf("store: endorsements: %w", err)
	}
	walked, err := p.walked(standing)
	if err != nil {
		return false, err
	}
	// The walk passes walked/standing entries for each standing span; it finds a matching one
	// among a kind's standing ones as often as the deltas' share of them.
	perSpan := float64(walked) / float64(standing)
	found := 0.0
	if q.Sort != SortKind {
		matching := 0
		for _, k := range kinds {
			matching += k.Matching
		}
		found = float64(visits) / perSpan * float64(matching) / float64(standing)
	} else {
		byKind := map[uint][2]int{}
		for _, k := range kinds {
			byKind[k.KindID] = [2]int{k.Standing, k.Matching}
		}
		left := float64(visits)
		for _, r := range q.runs {
			k := byKind[r.kindID]
			if k[0] <= 0 || left <= 0 {
				continue
			}
			passed := min(left, float64(k[0])*perSpan)
			found += passed / perSpan * float64(k[1]) / float64(k[0])
			left -= passed
		}
	}
	// The deltas' share is of fewer filters than the query's, so a walk expected to find less
	// than twice the page falls short.
	return found < float64(2*q.need), nil
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
