package store

import (
	"fmt"
	"slices"
)

// MoveCounts are how a candidate's support moved up to a day: endorsers gained and lost by
// switches (an endorse or nominate for another candidate than the endorser's previous one in
// the contest), and withdrawals of it.
type MoveCounts struct {
	Gains, Losses, Withdrawals int
}

// Total is how many moves there are of every kind.
func (m MoveCounts) Total() int { return m.Gains + m.Losses + m.Withdrawals }

// switchSpans is the condition on a support span (alias s) that it is a switch, written as
// the switch indexes' own condition so that SQLite (which uses a partial index only where the
// query implies its condition) and PostgreSQL read them.
const switchSpans = "s.prev_candidate_id IS NOT NULL AND s.prev_candidate_id <> s.candidate_id"

// withdrawEvents is the condition on an event (alias e) that it is a standing withdraw, as the
// withdrawals index holds them.
const withdrawEvents = "e.action = 'withdraw' AND e.retracted_at IS NULL"

// CandidateMoves is how a candidate's support moved up to day asOf ("" for all the data): how
// many gains, losses and withdrawals, and the latest limit of them, newest first, as the log
// lists them. Switches are the support spans whose endorser backed another candidate before,
// read from the switch indexes, and withdrawals the withdraw events naming the candidate,
// from the withdrawals index: each count and list is a range of an index that holds nothing
// else, never the log.
func (s *Store) CandidateMoves(contestID, candidateID uint, asOf string, limit int) (MoveCounts, []ChangeRow, error) {
	args := map[string]any{"contest": contestID, "candidate": candidateID, "asof": asOfOrEnd(asOf)}
	gains := "FROM support_spans s WHERE s.contest_id = @contest AND s.candidate_id = @candidate AND s.start_on <= @asof AND " + switchSpans
	losses := "FROM support_spans s WHERE s.contest_id = @contest AND s.prev_candidate_id = @candidate AND s.start_on <= @asof AND " + switchSpans
	withdrawals := "FROM events e WHERE e.contest_id = @contest AND e.candidate_id = @candidate AND e.effective_on <= @asof AND " + withdrawEvents
	var counts MoveCounts
	countSQL := `SELECT (SELECT COUNT(*) ` + gains + `) AS gains, (SELECT COUNT(*) ` + losses + `) AS losses,
       (SELECT COUNT(*) ` + withdrawals + `) AS withdrawals`
	if err := s.db.Raw(countSQL, args).Scan(&counts).Error; err != nil {
		return counts, nil, fmt.Errorf("store: candidate moves: %w", err)
	}
	if limit <= 0 || counts.Total() == 0 {
		return counts, nil, nil
	}
	// The latest of each, newest first from its index, then the latest of those.
	latest := func(cols, from, order string) string {
		return "SELECT * FROM (SELECT " + cols + " " + from + " ORDER BY " + order + limitSQL(limit, 0) + ")"
	}
	const spanCols, spanOrder = "s.event_id AS id, s.start_on AS day", "s.start_on DESC, s.event_id DESC"
	idsSQL := `SELECT m.id FROM (` + latest(spanCols, gains, spanOrder) + ` g
  UNION ALL ` + latest(spanCols, losses, spanOrder) + ` l
  UNION ALL ` + latest("e.id AS id, e.effective_on AS day", withdrawals, "e.effective_on DESC, e.id DESC") + ` w
) m ORDER BY m.day DESC, m.id DESC` + limitSQL(limit, 0)
	var ids []uint
	if err := s.db.Raw(idsSQL, args).Scan(&ids).Error; err != nil {
		return counts, nil, fmt.Errorf("store: candidate moves: %w", err)
	}
	if len(ids) == 0 {
		return counts, nil, nil
	}
	rows, err := s.Changes(ChangeQuery{ContestID: contestID, EventIDs: ids, Order: NewestEffective, Limit: len(ids)})
	if err != nil {
		return counts, nil, err
	}
	// Newest first by day and then as recorded, the order the ids were found in.
	slices.SortStableFunc(rows, func(a, b ChangeRow) int {
		return slices.Index(ids, a.EventID) - slices.Index(ids, b.EventID)
	})
	return counts, rows, nil
}
