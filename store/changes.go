package store

import (
	"fmt"
	"strings"
	"time"
)

// Change kinds: what an event did to its endorser's position.
const (
	ChangeEndorse  = "endorse"  // first support in the contest (or again for the same candidate)
	ChangeNominate = "nominate" // a formal nomination, not a switch
	ChangeSwitch   = "switch"   // an endorse or nominate for another candidate than the previous one
	ChangeWithdraw = "withdraw"
)

// ChangeRow is one event of the log with the names a reader needs and, for endorse and
// nominate events, the candidate the endorser backed before (empty for a first choice).
type ChangeRow struct {
	EventFacts        // Points is the event's effective weight: its own, else the contest's for its kind
	ContestID         uint
	ContestSlug       string
	ContestTitle      string
	Change            string
	RecordedAt        time.Time
	OwnPoints         *float64
	RetractedAt       *time.Time
	RetractionReason  string
	PrevCandidateID   *uint
	PrevCandidateSlug string
	PrevCandidateName string
}

// ChangeOrder is the order Changes lists events in.
type ChangeOrder int

const (
	// LogOrder is by day, withdrawals before endorsements on one day, then as recorded.
	LogOrder ChangeOrder = iota
	// NewestRecorded is by when each event was recorded, newest first, as a feed and the
	// dashboard's latest changes want: a backdated entry made today comes first.
	NewestRecorded
	// NewestEffective is by the day each event took effect, newest first, then the latest
	// entered first, as the dashboard as of a past day wants: what changed up to that day,
	// where when it was recorded (often long after, for a contest entered afterwards) says
	// nothing about the day.
	NewestEffective
)

// ChangeQuery selects events of the log. Zero fields do not filter.
type ChangeQuery struct {
	ContestID  uint
	EndorserID uint
	EventIDs   []uint // these events only
	// CandidateID keeps events naming the candidate, or leaving it by a switch.
	CandidateID uint
	AsOf        string // ISO day; events on or before it
	// Retracted includes retracted events (marked by RetractedAt).
	Retracted bool
	// Order is the log's own order (by day, withdrawals before endorsements on one day, then
	// as recorded) unless it names a newest-first one.
	Order ChangeOrder
	Limit int
	// Match narrows the log by the endorsements table's filters, each applied to the event
	// itself: its candidate, its endorser's kind, region and name, its day (From, To), its
	// verification, and its candidate's status (HideWithdrawnCandidates). States keep withdraw
	// events (StateWithdrawn) or endorse and nominate events (StateCurrent); empty keeps both.
	// Its AsOf, Sort and paging are not read: ChangeQuery's own apply.
	Match *EndorsementQuery
}

// Changes lists events with what each did: endorse, switch (support for another candidate
// than the endorser's previous one in that contest) or withdraw. The previous candidate comes
// from a window function over the endorser's earlier endorse/nominate events.
func (s *Store) Changes(q ChangeQuery) ([]ChangeRow, error) {
	args := map[string]any{"asof": asOfOrEnd(q.AsOf)}
	// scope narrows both the log and the window that finds each event's previous choice.
	var scope []string
	if q.ContestID != 0 {
		args["contest"] = q.ContestID
		scope = append(scope, " AND e.contest_id = @contest")
	}
	if q.EndorserID != 0 {
		args["endorser"] = q.EndorserID
		scope = append(scope, " AND e.endorser_id = @endorser")
	}
	if len(q.EventIDs) > 0 {
		args["events"] = q.EventIDs
		scope = append(scope, " AND e.id IN @events")
	}
	inner := " WHERE 1 = 1" + strings.Join(scope, "")
	if !q.Retracted {
		inner += " AND e.retracted_at IS NULL"
	}
	outer := " WHERE l.effective_on <= @asof"
	// latest is a few newest first, found by walking an index and stopping after the limit.
	latest := q.Order != LogOrder && q.Limit > 0
	if latest && q.Order == NewestRecorded {
		// Appending '' keeps SQLite off the contest's day index, which would read every event
		// up to the day and sort them, for the index on when they were recorded.
		outer = " WHERE l.effective_on || '' <= @asof"
	}
	if q.CandidateID != 0 {
		args["candidate"] = q.CandidateID
		outer += " AND (l.candidate_id = @candidate OR (l.prev_candidate_id = @candidate AND l.action <> 'withdraw'))"
	}
	match := ""
	if q.Match != nil {
		m := *q.Match
		if len(m.States) == 0 {
			m.States = []string{StateCurrent, StateWithdrawn}
		}
		match = m.where(args)
	}
	order := " ORDER BY pr.effective_on, CASE WHEN pr.action = 'withdraw' THEN 0 ELSE 1 END, pr.event_id"
	switch q.Order {
	case NewestRecorded:
		order = " ORDER BY pr.recorded_at DESC, pr.event_id DESC"
	case NewestEffective:
		// The contest's day index holds (day, id): newest first reads it backwards from the day.
		order = " ORDER BY pr.effective_on DESC, pr.event_id DESC"
	}
	limit := ""
	if q.Limit > 0 {
		limit = limitSQL(q.Limit, 0)
	}
	// prev is the candidate of the endorser's previous endorse/nominate in the same contest:
	// LAG over a partition that holds only its standing (positive, unretracted) events, so a
	// withdraw in between does not hide a switch. One pass, no self-join.
	prev := `CASE WHEN e.action <> 'withdraw' AND e.retracted_at IS NULL THEN
           LAG(e.candidate_id) OVER (PARTITION BY e.contest_id, e.endorser_id,
             CASE WHEN e.action <> 'withdraw' AND e.retracted_at IS NULL THEN 1 ELSE 0 END
             ORDER BY e.effective_on, e.id)
         END`
	if latest {
		// The latest few: a window would read the whole log before the limit. Each event
		// instead looks up its endorser's previous standing event (the endorser index), so
		// the query walks idx_event_recorded (or the contest's day index) newest first and
		// stops after the limit.
		prev = `CASE WHEN e.action <> 'withdraw' AND e.retracted_at IS NULL THEN (
           SELECT p.candidate_id FROM events p
           WHERE p.endorser_id = e.endorser_id AND +p.contest_id = e.contest_id
             AND p.action <> 'withdraw' AND p.retracted_at IS NULL
             AND (p.effective_on < e.effective_on OR (p.effective_on = e.effective_on AND p.id < e.id))
           ORDER BY p.effective_on DESC, p.id DESC LIMIT 1)
         END`
	}
	sql := `WITH logged AS (
  SELECT e.id AS event_id, e.contest_id, e.endorser_id, e.candidate_id, e.action, e.effective_on,
         e.date_precision, e.recorded_at, e.points AS own_points,
         COALESCE(e.points, ck.weight, 1) AS points, e.source_url, e.source_title, e.quote,
         e.verification, e.retracted_at, e.retraction_reason,
         ` + prev + ` AS prev_candidate_id
  FROM events e
  JOIN endorsers en ON en.id = e.endorser_id
  LEFT JOIN contest_kinds ck ON ck.contest_id = e.contest_id AND ck.kind_id = en.kind_id` + inner + `
)
SELECT * FROM (
SELECT l.event_id, l.contest_id, co.slug AS contest_slug, co.title AS contest_title, l.action,
       CASE WHEN l.action = 'withdraw' THEN 'withdraw'
            WHEN l.prev_candidate_id IS NOT NULL AND l.prev_candidate_id <> l.candidate_id THEN 'switch'
            ELSE l.action END AS change,
       l.effective_on, l.date_precision, l.recorded_at, l.points, l.own_points, l.source_url,
       l.source_title, l.quote, l.verification, l.retracted_at, l.retraction_reason,
       ` + whoColumns + `,
       l.prev_candidate_id, pc.slug AS prev_candidate_slug, pc.name AS prev_candidate_name,
       -- an event's state, as the table's status filter reads it
       CASE WHEN l.action = 'withdraw' THEN 'withdrawn' ELSE 'current' END AS state
FROM logged l
JOIN contests co ON co.id = l.contest_id
JOIN endorsers en ON en.id = l.endorser_id
JOIN kinds k ON k.id = en.kind_id
JOIN candidates ca ON ca.id = l.candidate_id
LEFT JOIN candidates pc ON pc.id = l.prev_candidate_id` + outer + `
) pr` + match + order + limit
	var rows []ChangeRow
	if err := s.db.Raw(sql, args).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: changes: %w", err)
	}
	return rows, nil
}
