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
	// One statement: the counts, then the latest of each kind, newest first from its index,
	// and the latest of those.
	latest := func(cols, from, order string) string {
		return "SELECT * FROM (SELECT " + cols + " " + from + " ORDER BY " + order + limitSQL(max(limit, 1), 0) + ")"
	}
	const spanCols, spanOrder = "s.event_id AS id, s.start_on AS day", "s.start_on DESC, s.event_id DESC"
	sql := `SELECT 0 AS is_id, (SELECT COUNT(*) ` + gains + `) AS gains, (SELECT COUNT(*) ` + losses + `) AS losses,
       (SELECT COUNT(*) ` + withdrawals + `) AS withdrawals, 0 AS id, '' AS day`
	if limit > 0 {
		sql += `
UNION ALL
SELECT * FROM (SELECT 1, 0, 0, 0, m.id, m.day FROM (` + latest(spanCols, gains, spanOrder) + ` g
  UNION ALL ` + latest(spanCols, losses, spanOrder) + ` l
  UNION ALL ` + latest("e.id AS id, e.effective_on AS day", withdrawals, "e.effective_on DESC, e.id DESC") + ` w
) m ORDER BY m.day DESC, m.id DESC` + limitSQL(limit, 0) + `) moves
ORDER BY is_id, day DESC, id DESC`
	}
	var found []struct {
		IsID int
		MoveCounts
		ID uint
	}
	if err := s.db.Raw(sql, args).Scan(&found).Error; err != nil {
		return MoveCounts{}, nil, fmt.Errorf("store: candidate moves: %w", err)
	}
	var counts MoveCounts
	var ids []uint
	for _, f := range found {
		if f.IsID == 0 {
			counts = f.MoveCounts
		} else {
			ids = append(ids, f.ID)
		}
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
