package store

import (
	"fmt"
	"slices"
	"strings"

	"github.com/backers/backers/internal/names"
	"github.com/backers/backers/models"
)

// Row states of the endorsements table.
const (
	StateCurrent   = "current"   // the endorser backs the candidate as of the day
	StateWithdrawn = "withdrawn" // the endorser's latest event is a withdraw and it backs no one
)

// Sort orders of the endorsements table.
const (
	SortNewest    = "newest" // deciding date, newest first (the default)
	SortOldest    = "oldest"
	SortName      = "name"
	SortCandidate = "candidate"
	SortKind      = "kind"
	SortRegion    = "region"
)

// SortOrders lists every accepted sort order, the default first.
var SortOrders = []string{SortNewest, SortOldest, SortName, SortCandidate, SortKind, SortRegion}

// EndorsementQuery selects rows of the endorsements table. Empty fields do not filter.
type EndorsementQuery struct {
	AsOf          string // ISO day; "" means all the data
	CandidateIDs  []uint
	KindIDs       []uint
	EndorserIDs   []uint
	Regions       []string // matched exactly
	Search        string   // part of the endorser's name, any case
	From, To      string   // bounds (inclusive) on the deciding event's day
	Verifications []string // confirmed, reported, disputed
	// Actions keeps rows whose deciding event has one of these actions (endorse, nominate,
	// withdraw). Asking for withdraw without States includes withdrawn rows, where it is found.
	Actions []string
	States  []string // StateCurrent and/or StateWithdrawn; empty means current only
	// HideWithdrawnCandidates drops rows for candidates whose status is withdrawn.
	HideWithdrawnCandidates bool
	Sort                    string // one of SortOrders; "" is SortNewest
	Limit, Offset           int    // Limit 0 means no limit

	// rarestTrigram is the search's trigram that few endorsers hold, where Endorsements found
	// one in a large contest: the table then finds those endorsers first (endorsersFirst).
	rarestTrigram string
}

// EventFacts are what a reader needs of one event: what it did and when, its source, who made
// it and for whom. The table's rows and the change log's both carry them.
type EventFacts struct {
	EventID       uint
	Action        string
	EffectiveOn   string
	DatePrecision string
	Points        float64
	SourceURL     string
	SourceTitle   string
	Quote         string
	Verification  string
	EndorserID    uint
	EndorserSlug  string
	EndorserName  string
	Region        string
	KindSlug      string
	KindName      string
	CandidateID   uint
	CandidateSlug string
	CandidateName string
}

// EndorsementRow is one endorser's position in a contest as of a day, with the event that
// decides it and the names a reader needs. A withdrawn row's event is the withdraw itself, so
// Action is "withdraw" there.
type EndorsementRow struct {
	EventFacts
	State                string
	Role                 string
	CandidateStatus      string
	CandidateWithdrawnOn string
	CandidateColour      string
}

// MatchCount is how many matching rows back one candidate in one state.
type MatchCount struct {
	CandidateID uint
	State       string
	Count       int
}

// EndorsementPage is one page of the table with the counts of everything the query matched.
type EndorsementPage struct {
	Rows   []EndorsementRow
	Total  int
	Counts []MatchCount
}

// tablePlan is how the table finds the positions of the endorsers its filters name.
type tablePlan int

const (
	// filterSpans reads the contest's standing spans and keeps those of matching endorsers: a
	// search matches the folded name the spans hold, in the indexes that find the standing
	// spans (so it reads no table), and a region is read from the endorsers joined to them. It
	// serves a small contest, a query naming no endorsers, and a search by name alone.
	filterSpans tablePlan = iota
	// endorsersFirst finds the matching endorsers first, in the endorsers table, then each
	// one's standing span through the endorser index, so the query costs the endorsers it
	// matches, not every standing span of a large contest: a filter by region or by endorser,
	// or a search by a rare name (through its rarest trigram), in a large contest.
	endorsersFirst
)

// positionsCTE is every endorser's position as of @asof that the query's states ask for: its
// standing span (current rows), or its standing withdrawn span (withdrawn rows: its deciding
// event is a withdraw and it backs no one). Both are ranges of the derived tables' indexes
// (standing is the condition that picks the range), never a replay of the log. The filters on
// endorsers apply as plan says. It reads the parameters where sets (@search, @regions,
// @endorsers), so call it after where.
//
// Then pr: each position with only the columns the query's filters and order read, joined
// from the tables that hold them (none at all for the default view), so the counts of a
// million-event contest read the spans and little else; the page's rows get every column
// after the page is cut (tableRowsSQL).
func positionsCTE(q EndorsementQuery, standing string, plan tablePlan, dialect string) string {
	matchedEndorsers := ""
	spans, current, withdrawn := "support_spans s", standing, standing
	switch who := q.endorsersWhere(); {
	case who != "" && plan == endorsersFirst:
		// The endorsers the filters match, found once (MATERIALIZED) for both states' branches
		// to read. Each one's standing support span is one seek of the endorser index
		// (endorser, contest, end day). SQLite, which has no statistics, would rather walk the
		// contest's end-day index for each endorser wherever that index holds every column a
		// branch reads; INDEXED BY, its own clause for a plan known to be right, names the
		// endorser index. PostgreSQL plans by its statistics.
		matchedEndorsers = `
who AS MATERIALIZED (SELECT en.id FROM endorsers en WHERE ` + who + `),`
		current = "s.endorser_id IN (SELECT id FROM who) AND s.contest_id = @contest" +
			" AND s.start_on <= @asof AND s.end_on > @asof"
		spans += indexedBy(dialect, "idx_span_endorser")
		// Withdrawn rows go the other way: the contest's standing withdrawn spans are read and
		// kept where their endorser matched (the unary plus keeps the endorser index out of
		// it). An endorser whose latest word is a withdrawal is rare, so a seek per matched
		// endorser would mostly find nothing: at 1,000,000 events, 11,111 seeks for 1,746
		// standing withdrawn spans. Reading them costs what the table of withdrawn rows does
		// unsearched, however broad the search.
		withdrawn = standing + " AND +s.endorser_id IN (SELECT id FROM who)"
	case q.searches():
		current += ` AND s.name_key LIKE @search ESCAPE '\'`
		withdrawn = current
	}
	// Each state's branch is left out when the query's states or actions rule it out: a
	// current row is decided by an endorse or nominate, a withdrawn row by a withdraw.
	states := q.states()
	// A current row's action is its span's, read only for a filter by action: the end-day index
	// does not hold it, so reading it costs a visit to the table for every row.
	currentAction, withdrawnAction := "", ""
	if len(q.Actions) > 0 {
		currentAction, withdrawnAction = ", s.action", ", 'withdraw' AS action"
	}
	currentRows := `
  SELECT s.event_id, s.endorser_id, s.candidate_id, s.kind_id, s.points, s.start_on AS effective_on, 'current' AS state` + currentAction + `
  FROM `
	var branches []string
	if slices.Contains(states, StateCurrent) && q.anyAction(models.ActionEndorse, models.ActionNominate) {
		branches = append(branches, currentRows+spans+" WHERE "+current)
	}
	if slices.Contains(states, StateWithdrawn) && q.anyAction(models.ActionWithdraw) {
		branches = append(branches, `
  SELECT s.event_id, s.endorser_id, s.candidate_id, s.kind_id, 0 AS points, s.start_on AS effective_on, 'withdrawn' AS state`+withdrawnAction+`
  FROM withdrawn_spans s WHERE `+withdrawn)
	}
	if len(branches) == 0 {
		branches = append(branches, currentRows+"support_spans s WHERE 1 = 0")
	}
	// NOT MATERIALIZED: the rows the filters match are (see Endorsements), and copying the
	// positions first would keep every one of them twice.
	positions := `
positions AS NOT MATERIALIZED (` + strings.Join(branches, `
  UNION ALL`) + `
),`
	cols := []string{"p.event_id", "p.state", "p.endorser_id", "p.candidate_id", "p.kind_id", "p.points", "p.effective_on"}
	if len(q.Actions) > 0 {
		cols = append(cols, "p.action")
	}
	var joins []string
	// The rows' endorsers are read for a filter on their region or id (unless the endorsers
	// were found first) and for the sorts by them.
	filtered := plan == filterSpans && (len(q.Regions) > 0 || len(q.EndorserIDs) > 0)
	if filtered || q.Sort == SortName || q.Sort == SortKind || q.Sort == SortRegion {
		cols = append(cols, "en.region", "en.name AS endorser_name", "en.name_key AS endorser_key")
		joins = append(joins, "JOIN endorsers en ON en.id = p.endorser_id")
	}
	if len(q.Verifications) > 0 {
		// The deciding event's verification: a withdrawn row's is the withdraw's. (Its action is
		// p.action, read from the span when the query filters by action: a second "action"
		// column here would be ambiguous to PostgreSQL.)
		cols = append(cols, "e.verification")
		joins = append(joins, "JOIN events e ON e.id = p.event_id")
	}
	if q.HideWithdrawnCandidates || q.Sort == SortCandidate {
		cols = append(cols, "ca.status AS candidate_status", "ca.sort_order AS candidate_order")
		joins = append(joins, "JOIN candidates ca ON ca.id = p.candidate_id")
	}
	if q.Sort == SortKind {
		cols = append(cols, "k.name AS kind_name")
		joins = append(joins, "JOIN kinds k ON k.id = p.kind_id")
	}
	return matchedEndorsers + positions + `
pr AS (
  SELECT ` + strings.Join(cols, ", ") + `
  FROM positions p ` + strings.Join(joins, " ") + `
)`
}

// tableRowsSQL gives the page's rows (CTE page, with its order in pos) every column of
// EndorsementRow.
const tableRowsSQL = `
SELECT page.pos, page.event_id, page.state, e.action, e.effective_on, e.date_precision, page.points,
       e.source_url, e.source_title, e.quote, e.verification,
       ` + whoColumns + `, en.role, ca.withdrawn_on AS candidate_withdrawn_on,
       ca.colour AS candidate_colour, ca.sort_order AS candidate_order
FROM page
JOIN events e ON e.id = page.event_id
JOIN endorsers en ON en.id = page.endorser_id
JOIN kinds k ON k.id = en.kind_id
JOIN candidates ca ON ca.id = page.candidate_id`

// whoColumns name an event's endorser (en), its kind (k) and its candidate (ca) as EventFacts
// and the table's filters (EndorsementQuery.where) read them; the table and the change log both
// select them, so one filter serves both.
const whoColumns = `en.id AS endorser_id, en.slug AS endorser_slug, en.name AS endorser_name, en.name_key AS endorser_key, en.region,
         k.id AS kind_id, k.slug AS kind_slug, k.name AS kind_name,
         ca.id AS candidate_id, ca.slug AS candidate_slug, ca.name AS candidate_name, ca.status AS candidate_status`

// where builds the WHERE clause of the query over the rows CTE, adding its parameters to args.
func (q EndorsementQuery) where(args map[string]any) string { return q.rowsWhere(args, filterRows) }

// rowCheck says which of the filters on endorsers rowsWhere leaves to the positions, where
// the table's plan (tablePlan) has already applied them.
type rowCheck int

const (
	filterRows     rowCheck = iota // the rows carry every filter (the change log's)
	searchApplied                  // the spans matched the search (filterSpans)
	endorsersFound                 // the endorsers were found first (endorsersFirst)
)

// rowsWhere is where, leaving out the conditions on endorsers that check says are applied
// (their parameters are still added).
func (q EndorsementQuery) rowsWhere(args map[string]any, check rowCheck) string {
	var conds []string
	// cond adds one condition and its named parameter where the filter is set; applied, only
	// the parameter.
	cond := func(set bool, name string, value any, sql string, applied bool) {
		if set {
			args[name] = value
			if !applied {
				conds = append(conds, sql)
			}
		}
	}
	found := check == endorsersFound
	cond(true, "states", q.states(), "pr.state IN @states", false)
	cond(len(q.Actions) > 0, "actions", q.Actions, "pr.action IN @actions", false)
	cond(len(q.CandidateIDs) > 0, "candidates", q.CandidateIDs, "pr.candidate_id IN @candidates", false)
	cond(len(q.KindIDs) > 0, "kinds", q.KindIDs, "pr.kind_id IN @kinds", false)
	cond(len(q.EndorserIDs) > 0, "endorsers", q.EndorserIDs, "pr.endorser_id IN @endorsers", found)
	cond(len(q.Regions) > 0, "regions", q.Regions, "pr.region IN @regions", found)
	cond(q.searches(), "search", "%"+likeEscaper.Replace(q.searchKey())+"%",
		`pr.endorser_key LIKE @search ESCAPE '\'`, found || check == searchApplied)
	cond(q.rarestTrigram != "", "trigram", q.rarestTrigram, "", true)
	cond(q.From != "", "from", q.From, "pr.effective_on >= @from", false)
	cond(q.To != "", "to", q.To, "pr.effective_on <= @to", false)
	cond(len(q.Verifications) > 0, "verifications", q.Verifications, "pr.verification IN @verifications", false)
	if q.HideWithdrawnCandidates {
		conds = append(conds, "pr.candidate_status <> 'withdrawn'")
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// anyAction reports whether the query keeps rows decided by one of actions: with no action
// filter, it keeps them all.
func (q EndorsementQuery) anyAction(actions ...string) bool {
	if len(q.Actions) == 0 {
		return true
	}
	for _, a := range actions {
		if slices.Contains(q.Actions, a) {
			return true
		}
	}
	return false
}

// searches reports whether the query searches the endorsers' names.
func (q EndorsementQuery) searches() bool { return strings.TrimSpace(q.Search) != "" }

// searchKey is the search folded as the endorsers' names are kept (Endorser.NameKey), so that
// it is a plain substring of the names it matches.
func (q EndorsementQuery) searchKey() string { return names.Fold(strings.TrimSpace(q.Search)) }

// endorsersWhere is the condition on the endorsers table (en) of the query's filters on its
// endorsers, "" when it has none. It reads the parameters where sets.
func (q EndorsementQuery) endorsersWhere() string {
	var conds []string
	if q.rarestTrigram != "" {
		conds = append(conds, "en.id IN (SELECT t.endorser_id FROM endorser_trigrams t WHERE t.trigram = @trigram)")
	}
	if q.searches() {
		conds = append(conds, `en.name_key LIKE @search ESCAPE '\'`)
	}
	if len(q.Regions) > 0 {
		conds = append(conds, "en.region IN @regions")
	}
	if len(q.EndorserIDs) > 0 {
		conds = append(conds, "en.id IN @endorsers")
	}
	return strings.Join(conds, " AND ")
}

// states are the row states the query keeps: current only by default, and withdrawn rows too
// when withdraw events are asked for, since only a withdrawn row is decided by one.
func (q EndorsementQuery) states() []string {
	switch {
	case len(q.States) > 0:
		return q.States
	case slices.Contains(q.Actions, "withdraw"):
		return []string{StateCurrent, StateWithdrawn}
	}
	return []string{StateCurrent}
}

// largeSpans is how many support spans make a contest large (standingSized counts them, no
// further): its table filtered on what the spans hold is then counted and paged in separate
// statements (spanEndorsements), and a filter by region or by endorser answered from the
// endorsers it matches (endorsersFirst). A smaller contest's spans are fewer to read than
// that, and its table one statement.
const largeSpans = 10000

// planTable chooses how Endorsements finds the positions of the endorsers the query names, if
// any (see tablePlan's values), in a contest large or not.
func (q EndorsementQuery) planTable(large bool) tablePlan {
	if large && (len(q.Regions) > 0 || len(q.EndorserIDs) > 0 || q.rarestTrigram != "") {
		return endorsersFirst
	}
	return filterSpans
}

// limitSQL is a LIMIT clause (with an OFFSET, if any) with its numbers written in, never
// parameters: SQLite plans a join of a limited CTE by the limit only where it is a literal. With
// a parameter, a page of 50 endorsers by name was joined to their rows by a scan of all 50,000
// (and a Bloom filter), six times slower. The numbers are the store's ints, not user text.
func limitSQL(limit, offset int) string {
	if offset > 0 {
		return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
	}
	return fmt.Sprintf(" LIMIT %d", limit)
}

// likeEscaper escapes LIKE's wildcards so a search for "100%" means what it says.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func (q EndorsementQuery) orderBy() string {
	switch q.Sort {
	case SortOldest:
		return " ORDER BY pr.effective_on ASC, pr.event_id ASC"
	case SortName:
		// By the folded name (case folded, accents composed), as the endorsers' name index
		// holds it, so a large contest's page can walk that index.
		return " ORDER BY pr.endorser_key, pr.endorser_id, pr.event_id"
	case SortCandidate:
		return " ORDER BY pr.candidate_order, pr.candidate_id, pr.effective_on DESC, pr.event_id DESC"
	case SortKind:
		return " ORDER BY LOWER(pr.kind_name), pr.endorser_key, pr.endorser_id, pr.event_id"
	case SortRegion:
		return " ORDER BY pr.region = '', LOWER(pr.region), pr.endorser_key, pr.endorser_id, pr.event_id"
	default:
		return " ORDER BY pr.effective_on DESC, pr.event_id DESC"
	}
}

// Endorsements is the who-backs-whom table of a contest: one row per endorser's position as
// of a day, filtered, sorted and paged in SQL, with the counts of every row the filter
// matched (per candidate and state) so a page can say "285 of them back Corbyn".
func (s *Store) Endorsements(contestID uint, q EndorsementQuery) (*EndorsementPage, error) {
	q, err := s.plainer(contestID, q)
	if err != nil {
		return nil, err
	}
	if q.byDeltas() {
		return s.currentEndorsements(contestID, q)
	}
	standing, large, err := s.standingSized(contestID, q.AsOf)
	if err != nil {
		return nil, err
	}
	if large && q.searches() {
		if q.rarestTrigram, err = s.rarestTrigram(q.searchKey()); err != nil {
			return nil, err
		}
	}
	if large && q.bySpans() {
		return s.spanEndorsements(contestID, q, standing)
	}
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(q.AsOf)}
	plan := q.planTable(large)
	check := searchApplied
	if plan == endorsersFirst {
		check = endorsersFound
	}
	where := q.rowsWhere(args, check)
	limit := ""
	if q.Limit > 0 {
		limit = limitSQL(q.Limit, max(q.Offset, 0))
	}
	// One statement gives the page and the counts, so the positions are found once: the page's
	// rows, then one row per (candidate, state) with its count and the other columns blank.
	// The matched rows are MATERIALIZED for the two to read: SQLite would otherwise fold a
	// query of one branch into each, reading the contest's standing spans twice.
	var cols, blanks []string
	for _, c := range tableColumns {
		cols = append(cols, "pagerows."+c.name)
		switch c.name {
		case "candidate_id", "state":
			blanks = append(blanks, "pr."+c.name)
		default:
			blanks = append(blanks, c.blank+" AS "+c.name)
		}
	}
	sql := `WITH ` + positionsCTE(q, standing, plan, s.dialect) + `,
matched AS MATERIALIZED (SELECT pr.* FROM pr` + where + `),
pagecut AS (SELECT pr.* FROM matched pr` + q.orderBy() + limit + `),
page AS (
  -- numbered after the cut, so the window sorts the page's rows, not every matched one
  SELECT pr.*, ROW_NUMBER() OVER (` + q.orderBy() + `) AS pos FROM pagecut pr
),
pagerows AS (` + tableRowsSQL + `)
SELECT 0 AS is_count, 0 AS match_count, pagerows.pos, ` + strings.Join(cols, ", ") + ` FROM pagerows
UNION ALL
SELECT 1, COUNT(*), 0, ` + strings.Join(blanks, ", ") + `
FROM matched pr GROUP BY pr.candidate_id, pr.state
ORDER BY is_count, pos, candidate_id, state`
	var rows []struct {
		IsCount    int
		MatchCount int
		EndorsementRow
	}
	if err := s.db.Raw(sql, args).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: endorsements: %w", err)
	}
	page := &EndorsementPage{}
	for _, r := range rows {
		if r.IsCount == 1 {
			page.Counts = append(page.Counts, MatchCount{CandidateID: r.CandidateID, State: r.State, Count: r.MatchCount})
			page.Total += r.MatchCount
		} else {
			page.Rows = append(page.Rows, r.EndorsementRow)
		}
	}
	return page, nil
}

// plainer is q as the plainer query it is, where it has filters that rule out no row of the
// contest (every action, every candidate, a range of days that holds every row) or is sorted
// by candidate with one candidate's rows: readers ask such queries, every box of a filter
// ticked or a range from before the contest began, and the plainer one has cheaper ways to its
// page (the daily deltas, a walk, the page read beside the counts).
func (s *Store) plainer(contestID uint, q EndorsementQuery) (EndorsementQuery, error) {
	if slices.Contains(q.Actions, models.ActionEndorse) && slices.Contains(q.Actions, models.ActionNominate) &&
		slices.Contains(q.Actions, models.ActionWithdraw) {
		q.Actions = nil
	}
	// Where every candidate of the contest, or every kind, is listed (the few such rows are
	// counted in one statement).
	if len(q.CandidateIDs) > 0 || len(q.KindIDs) > 0 {
		var unlisted struct{ Candidates, Kinds int }
		err := s.db.Raw(`SELECT (SELECT COUNT(*) FROM candidates WHERE contest_id = @contest AND id NOT IN @candidates) AS candidates,
  (SELECT COUNT(*) FROM kinds WHERE id NOT IN @kinds) AS kinds`,
			map[string]any{"contest": contestID, "candidates": idsOrNone(q.CandidateIDs), "kinds": idsOrNone(q.KindIDs)}).Scan(&unlisted).Error
		if err != nil {
			return q, fmt.Errorf("store: endorsements: %w", err)
		}
		if unlisted.Candidates == 0 {
			q.CandidateIDs = nil
		}
		if unlisted.Kinds == 0 {
			q.KindIDs = nil
		}
	}
	if q.Sort == SortCandidate && len(q.CandidateIDs) == 1 {
		// One candidate's rows sorted by candidate are in their order newest first, which has
		// the ways to a page that need no counts first (one group of rows, not one a candidate).
		q.Sort = SortNewest
	}
	return s.withoutIdleDays(contestID, q)
}

// idsOrNone is ids, or for none a list no row's id is in (ids count from 1), where an empty
// list would be no SQL at all.
func idsOrNone(ids []uint) []uint {
	if len(ids) == 0 {
		return []uint{0}
	}
	return ids
}

// withoutIdleDays is q without the bounds of its range of days that rule out no row: a row's
// day (its span's first, or its withdrawal's) lies between the first day one of the contest's
// spans starts and the query's day, or without one the last day a span starts (of either). A
// range that reaches past both is no filter, as when a reader asks from a day before the
// contest began, and the table is read as it is without one, which has the cheaper ways to its
// page (the daily deltas, a walk). It reads the contest's first and last days where q has a
// range.
func (s *Store) withoutIdleDays(contestID uint, q EndorsementQuery) (EndorsementQuery, error) {
	if q.From == "" && q.To == "" {
		return q, nil
	}
	// Each MIN and MAX alone, so each is one seek of a start-day index.
	var days struct{ First, Last string }
	err := s.db.Raw(`SELECT COALESCE(MIN(first), '') AS first, COALESCE(MAX(last), '') AS last FROM (
  SELECT (SELECT MIN(start_on) FROM support_spans WHERE contest_id = @contest) AS first,
    (SELECT MAX(start_on) FROM support_spans WHERE contest_id = @contest) AS last
  UNION ALL
  SELECT (SELECT MIN(start_on) FROM withdrawn_spans WHERE contest_id = @contest),
    (SELECT MAX(start_on) FROM withdrawn_spans WHERE contest_id = @contest)) d`,
		map[string]any{"contest": contestID}).Scan(&days).Error
	if err != nil {
		return q, fmt.Errorf("store: endorsements: %w", err)
	}
	if days.First == "" {
		return q, nil // no rows at all
	}
	if q.From != "" && q.From <= days.First {
		q.From = ""
	}
	if last := min(asOfOrEnd(q.AsOf), days.Last); q.To != "" && q.To >= last {
		q.To = ""
	}
	return q, nil
}

// byDeltas reports whether the query asks for current backers by newest, oldest or name,
// narrowed at most by candidate, kind and action, or with withdrawn candidates hidden: the
// default view of the table and its commonest filters. (A current row's action is its span's,
// endorse or nominate, which the deltas also keep.) Its counts are then sums of the daily
// deltas, and its page the first spans in the table's order by day, or the first endorsers of
// the name index that stand, however many endorsers the contest has.
func (q EndorsementQuery) byDeltas() bool {
	current := len(q.States) == 0 || (len(q.States) == 1 && q.States[0] == StateCurrent)
	positive := !slices.Contains(q.Actions, models.ActionWithdraw)
	return current && positive && (q.Sort == "" || q.Sort == SortNewest || q.Sort == SortOldest || q.Sort == SortName) &&
		len(q.EndorserIDs) == 0 && len(q.Regions) == 0 && strings.TrimSpace(q.Search) == "" &&
		q.From == "" && q.To == "" && len(q.Verifications) == 0
}

// currentEndorsements answers a byDeltas query.
func (s *Store) currentEndorsements(contestID uint, q EndorsementQuery) (*EndorsementPage, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(q.AsOf)}
	rest, current := q.deltaFilters(args)
	var where string
	for _, f := range slices.Concat(rest, current) {
		where += " AND " + f
	}
	page := &EndorsementPage{}
	var counts []MatchCount
	countSQL := `SELECT s.candidate_id, 'current' AS state, SUM(s.count) AS count FROM support_deltas s
WHERE s.contest_id = @contest AND s.day <= @asof` + where + `
GROUP BY s.candidate_id HAVING SUM(s.count) <> 0 ORDER BY s.candidate_id`
	if err := s.db.Raw(countSQL, args).Scan(&counts).Error; err != nil {
		return nil, fmt.Errorf("store: endorsements: %w", err)
	}
	for _, c := range counts {
		page.Counts = append(page.Counts, c)
		page.Total += c.Count
	}
	limit := ""
	if q.Limit > 0 {
		limit = limitSQL(q.Limit, max(q.Offset, 0))
	}
	if page.Total == 0 {
		return page, nil
	}
	var pageSQL string
	if q.Sort == SortName {
		var err error
		if pageSQL, err = s.currentByName(q, page.Total, where, limit); err != nil {
			return nil, err
		}
	} else {
		visits, err := s.walkPlanner(contestID, q).counted(max(q.Offset, 0)+max(q.Limit, 1), page.Total)
		if err != nil {
			return nil, err
		}
		pageSQL = s.currentByDay(q, visits > 0, where, limit)
	}
	var rows []struct {
		Pos int
		EndorsementRow
	}
	if err := s.db.Raw(pageSQL, args).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: endorsements: %w", err)
	}
	for _, r := range rows {
		page.Rows = append(page.Rows, r.EndorsementRow)
	}
	return page, nil
}

// currentByDay is the page query of a byDeltas query by newest or oldest, where where narrows
// the spans (alias s). Where walk is set, the spans are walked newest first in the order of the
// walk index, where the standing ones mostly come first: the page is cut after a few more
// entries than it shows, and only its rows are joined in full. (No window numbers the rows
// here: it would be computed over every standing span before the limit applies.) Otherwise the
// standing spans are read in the page's order (standingByDay): oldest first, where a walk would
// visit the contest's ended spans before the first standing one, and where the matched ones are
// too rare among the standing for a walk to find a page soon (walkPlan).
func (s *Store) currentByDay(q EndorsementQuery, walk bool, where, limit string) string {
	order := "s.start_on DESC, s.event_id DESC"
	if q.Sort == SortOldest {
		order = "s.start_on ASC, s.event_id ASC"
	}
	from := "support_spans s WHERE s.contest_id = @contest AND s.start_on <= @asof AND s.end_on || '' > @asof"
	if !walk {
		from = "support_spans s" + s.startIndex() + " WHERE " + standingByDay(q)
	}
	return `WITH page AS (
  SELECT s.event_id, s.endorser_id, s.candidate_id, s.points, 'current' AS state, 0 AS pos
  FROM ` + from + where + `
  ORDER BY ` + order + limit + `
)` + tableRowsSQL + ` ORDER BY ` + strings.NewReplacer("s.start_on", "e.effective_on", "s.event_id", "page.event_id").Replace(order)
}

// endorsersWalked is about how many endorsers a walk of their name index passes (of every
// contest: the index holds them all), read as the highest id, one seek, not a count.
func (s *Store) endorsersWalked() (int, error) {
	var endorsers int
	if err := s.db.Raw(`SELECT COALESCE(MAX(id), 0) FROM endorsers`).Scan(&endorsers).Error; err != nil {
		return 0, fmt.Errorf("store: endorsements: %w", err)
	}
	return endorsers, nil
}

// currentByName is the page query of a byDeltas query sorted by name, where where narrows the
// spans (alias s) and matched is how many rows the query matches. Where the rows are many among
// the endorsers, the page walks the endorsers' name index and looks up each one's standing span
// (its endorser index), stopping after the page: a few endorsers per row shown. Where they are
// few, it sorts them.
func (s *Store) currentByName(q EndorsementQuery, matched int, where, limit string) (string, error) {
	endorsers, err := s.endorsersWalked()
	if err != nil {
		return "", err
	}
	// The walk reads about endorsers/matched endorsers per row up to the page's last; the sort
	// reads every matched row.
	walk := matched > 0 && float64(max(q.Offset, 0)+max(q.Limit, 1))*float64(endorsers)/float64(matched) < float64(matched)
	if s.nameWalk != nil {
		walk = *s.nameWalk
	}
	spans := `FROM support_spans s JOIN endorsers en ON en.id = s.endorser_id
  WHERE s.contest_id = @contest AND s.start_on <= @asof AND s.end_on > @asof`
	if walk {
		// CROSS JOIN keeps SQLite walking the endorsers in name order; the unary plus keeps it
		// off the contest's indexes for the endorser's own.
		spans = `FROM endorsers en CROSS JOIN support_spans s
  WHERE s.endorser_id = en.id AND +s.contest_id = @contest AND s.start_on <= @asof AND s.end_on > @asof`
	}
	return `WITH page AS (
  SELECT s.event_id, s.endorser_id, s.candidate_id, s.points, 'current' AS state, 0 AS pos, en.name_key
  ` + spans + where + `
  ORDER BY en.name_key, en.id` + limit + `
)` + tableRowsSQL + ` ORDER BY page.name_key, page.endorser_id`, nil
}

// tableColumns are the columns of the table's rows (the pr CTE), each with a blank value of
// its type for the count rows.
var tableColumns = []struct{ name, blank string }{
	{"event_id", "0"}, {"state", "''"}, {"action", "''"}, {"effective_on", "''"}, {"date_precision", "''"},
	{"points", "0"}, {"source_url", "''"}, {"source_title", "''"}, {"quote", "''"}, {"verification", "''"},
	{"endorser_id", "0"}, {"endorser_slug", "''"}, {"endorser_name", "''"}, {"region", "''"}, {"role", "''"},
	{"kind_id", "0"}, {"kind_slug", "''"}, {"kind_name", "''"}, {"candidate_id", "0"}, {"candidate_slug", "''"},
	{"candidate_name", "''"}, {"candidate_status", "''"}, {"candidate_withdrawn_on", "''"},
	{"candidate_colour", "''"}, {"candidate_order", "0"},
}

// Regions lists the distinct regions of the endorsers that have events in a contest.
func (s *Store) Regions(contestID uint) ([]string, error) {
	q := contestRegionsSQL + ` ORDER BY r.region`
	var out []string
	if err := s.db.Raw(q, contestID).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: regions: %w", err)
	}
	return out, nil
}

// contestRegionsSQL selects the distinct regions (region) of the endorsers that have events in
// the contest (the one parameter), in no order. Regions are few and endorsers many: the
// distinct regions are found one seek of the region index apiece (each the least region after
// the last, rather than a read of every endorser's entry), and each asks whether one of its
// endorsers has an event in the contest, rather than reading every event of the contest for
// its endorser.
const contestRegionsSQL = `WITH RECURSIVE r(region) AS (
  SELECT (SELECT MIN(region) FROM endorsers WHERE region > '')
  UNION ALL
  SELECT (SELECT MIN(region) FROM endorsers WHERE region > r.region) FROM r WHERE r.region IS NOT NULL
)
SELECT r.region FROM r
WHERE r.region IS NOT NULL AND EXISTS (SELECT 1 FROM endorsers en JOIN events e ON e.endorser_id = en.id
                                       WHERE en.region = r.region AND +e.contest_id = ?)`
