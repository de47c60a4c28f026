package store

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/backers/backers/models"
)

// derivedVersion names the definition of the derived tables (support_spans, support_deltas,
// withdrawn_spans, endorser_trigrams): their columns and the as-of rules that fill them.
// Change it whenever either changes, and every database rebuilds its derived tables from the
// log the next time it is opened.
//
//	1: spans and daily deltas
//	2: the spans' index on the end day holds candidate, kind and endorser (idx_span_standing)
//	3: withdrawn spans (withdrawn_spans), the table's withdrawn rows
//	4: both span tables hold the endorser's folded name, for the table searched by name, and
//	   so do the support spans' end-day and start-day indexes, with what the table's counts
//	   read; the support spans' endorser index holds the start day
//	5: both span tables hold the deciding event's verification and the endorser's region, in
//	   the same indexes, for the table filtered by the one and sorted by the other
//	6: the support spans' end-day and start-day indexes hold the action, for the table
//	   filtered by endorse or nominate; their walk index holds every column a walk reads, and
//	   the withdrawn spans' start-day index every column their end-day index does
//	7: the support spans hold the endorser's previous candidate, for the switches
//	8: the endorsers' name trigrams (endorser_trigrams), for the table searched by a rare name
const derivedVersion = 8

// derivedName is the DerivedState row that records derivedVersion.
const derivedName = "support"

// Open-ended spans end on this day, later than any real date and comparable as text.
const openEnd = "9999-12-31"

// lastDay stands for "no as-of date": a day on which every open span is still running.
const lastDay = "9999-12-30"

// pointsEpsilon is how far from zero a sum of points may drift, by floating-point rounding as
// deltas are added and taken away, and still count as nothing.
const pointsEpsilon = 1e-9

// logScope is the condition on the events (alias e) a derivation reads: the contest's, or,
// scoped, those of the endorsers in @endorsers.
func logScope(e string, scoped bool) string {
	if !scoped {
		return e + ".contest_id = @contest"
	}
	// The unary plus keeps SQLite from answering the contest condition with the contest's day
	// index (a walk over its whole log) when the endorser index finds the few events wanted;
	// PostgreSQL reads it as plain arithmetic.
	return "+" + e + ".contest_id = @contest AND " + e + ".endorser_id IN @endorsers"
}

// spansFromLog turns a contest's event log into support spans: one row per endorse or
// nominate event, standing from its day until the endorser's next endorse/nominate (a switch)
// or a later withdraw of that same candidate, whichever comes first. The rules of DESIGN.md:
//   - a withdraw only ends support for the candidate it names;
//   - on one day withdrawals apply before endorsements, so a withdraw ends a span only if it is
//     dated after the span starts (a same-day "withdraw A, endorse B" leaves B standing);
//   - otherwise events apply in date order, then in the order they were recorded (id).
//
// It is the one statement of those rules: a rebuild runs it over a whole contest, a write over
// the endorsers it touched (scoped: @endorsers), a check compares its answer with the tables.
// Portable between SQLite and PostgreSQL: a window function, no date functions. It takes the
// named parameter @contest and defines the CTE "spans".
func spansFromLog(scoped bool) string {
	scope := logScope("e", scoped)
	return `
pos AS (
  SELECT e.id AS event_id, e.contest_id, e.endorser_id, e.candidate_id, e.action, e.effective_on AS start_on,
         COALESCE(e.points, ck.weight, 1) AS points, en.kind_id, en.name_key, e.verification, COALESCE(en.region, '') AS region,
         LEAD(e.effective_on) OVER (PARTITION BY e.endorser_id ORDER BY e.effective_on, e.id) AS next_on,
         LAG(e.candidate_id) OVER (PARTITION BY e.endorser_id ORDER BY e.effective_on, e.id) AS prev_candidate_id
  FROM events e
  JOIN endorsers en ON en.id = e.endorser_id
  LEFT JOIN contest_kinds ck ON ck.contest_id = e.contest_id AND ck.kind_id = en.kind_id
  WHERE ` + scope + ` AND e.action IN ('endorse', 'nominate') AND e.retracted_at IS NULL
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
  SELECT event_id, contest_id, endorser_id, candidate_id, kind_id, action, points, start_on,
         CASE WHEN next_on IS NOT NULL AND next_on < withdrawn_on THEN next_on ELSE withdrawn_on END AS end_on,
         name_key, verification, region, prev_candidate_id
  FROM withdrawn
)`
}

// withdrawnFromLog is the withdrawn spans the log implies (CTE "stood_down"): one per withdraw
// event that decides its endorser's position and leaves it backing no one, from its day until
// the endorser's next event on a later day. A withdraw decides its day when it is the last
// event the endorser applied that day (withdrawals before endorsements, then as recorded);
// it leaves the endorser backing no one when none of its spans (in relation spans, named s)
// stands that day, and that holds until the next event, since nothing changes in between.
// It takes @contest, and @endorsers when scoped.
func withdrawnFromLog(scoped bool, spans string) string {
	// The unary plus on the contest conditions of the look-ups keeps SQLite on the endorser's
	// events and spans (their endorser indexes) rather than a range of the contest's indexes
	// for every withdraw: that was quadratic on a 100,000-event log.
	scope := logScope("w", scoped)
	return `
stood_down AS (
  SELECT w.id AS event_id, w.contest_id, w.endorser_id, w.candidate_id, en.kind_id, en.name_key, w.verification,
         COALESCE(en.region, '') AS region, w.effective_on AS start_on,
         COALESCE((SELECT MIN(n.effective_on) FROM events n
                   WHERE n.endorser_id = w.endorser_id AND +n.contest_id = w.contest_id
                     AND n.retracted_at IS NULL AND n.effective_on > w.effective_on), '` + openEnd + `') AS end_on
  FROM events w JOIN endorsers en ON en.id = w.endorser_id
  WHERE ` + scope + ` AND w.action = 'withdraw' AND w.retracted_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM events o
                    WHERE o.endorser_id = w.endorser_id AND +o.contest_id = w.contest_id AND o.retracted_at IS NULL
                      AND o.effective_on = w.effective_on AND (o.action <> 'withdraw' OR o.id > w.id))
    AND NOT EXISTS (SELECT 1 FROM ` + spans + `
                    WHERE s.endorser_id = w.endorser_id AND +s.contest_id = w.contest_id
                      AND s.start_on <= w.effective_on AND s.end_on > w.effective_on)
)`
}

// withdrawnColumns are withdrawn_spans' columns, in the order withdrawnFromLog's CTE gives them.
const withdrawnColumns = "event_id, contest_id, endorser_id, candidate_id, kind_id, start_on, end_on, name_key, verification, region"

// spanColumns are support_spans' columns, in the order spansFromLog's CTE gives them.
const spanColumns = "event_id, contest_id, endorser_id, candidate_id, kind_id, action, points, start_on, end_on, name_key, verification, region, prev_candidate_id"

// deltasOf is the daily deltas of the spans in relation rel (a table, CTE or subquery named
// s): each span adds one endorser and its points on its first day and takes them away on its
// end day. A span that ends the day it starts (a same-day switch) never stands, so it adds
// nothing. Keys that net to nothing are left out, as the table leaves them out.
func deltasOf(rel string) string {
	return `SELECT day, candidate_id, kind_id, action, SUM(dc) AS count, SUM(dp) AS points FROM (
  SELECT s.start_on AS day, s.candidate_id, s.kind_id, s.action, 1 AS dc, s.points AS dp
  FROM ` + rel + ` WHERE s.end_on > s.start_on
  UNION ALL
  SELECT s.end_on, s.candidate_id, s.kind_id, s.action, -1, -s.points
  FROM ` + rel + ` WHERE s.end_on > s.start_on AND s.end_on <> '` + openEnd + `'
) d GROUP BY day, candidate_id, kind_id, action
HAVING SUM(dc) <> 0 OR ABS(SUM(dp)) > ` + fmt.Sprint(pointsEpsilon)
}

// pendingDerived is what a transaction's writes have made stale: the endorsers whose events
// changed, by contest. The transaction brings their spans and deltas up to date just before it
// commits, so a bulk import recomputes each endorser once, however many rows name it. It also
// holds what the outer transaction must undo on its connection before the connection goes
// back to the pool (a bulk write's page cache).
type pendingDerived struct {
	endorsers map[uint]map[uint]bool // contest -> endorser -> stale
	scope     scope                  // the contests whose pages the writes changed
	// cacheBefore is the connection's page cache before WritesInBulk grew it, nil if it did not.
	cacheBefore *int
}

func (p *pendingDerived) add(contestID, endorserID uint) {
	p.scope.touch(contestID)
	if p.endorsers == nil {
		p.endorsers = map[uint]map[uint]bool{}
	}
	if p.endorsers[contestID] == nil {
		p.endorsers[contestID] = map[uint]bool{}
	}
	p.endorsers[contestID][endorserID] = true
}

// write runs fn in the transaction s is bound to or, outside one, in a new transaction: a
// write and the upkeep of the derived tables it implies commit together or not at all.
func (s *Store) write(fn func(tx *Store) error) error {
	if s.pending != nil {
		return fn(s)
	}
	return s.Transaction(fn)
}

// eventsChanged marks the endorsers of events as stale in their contests. Call it inside a
// transaction (Transaction), after the write.
func (s *Store) eventsChanged(events ...*models.Event) {
	for _, e := range events {
		s.pending.add(e.ContestID, e.EndorserID)
	}
}

// endorserChanged marks an endorser stale in every contest it has events in: its kind decides
// the kind and the weight of all its spans.
func (s *Store) endorserChanged(endorserID uint) error {
	var contests []uint
	if err := s.db.Model(&models.Event{}).Distinct("contest_id").Where("endorser_id = ?", endorserID).
		Pluck("contest_id", &contests).Error; err != nil {
		return fmt.Errorf("store: endorser %d contests: %w", endorserID, err)
	}
	for _, c := range contests {
		s.pending.add(c, endorserID)
	}
	return nil
}

// ruleChanged marks stale every endorser of a kind with events in a contest: the weight of the
// kind in the contest's rules is the points of their events that carry none of their own.
func (s *Store) ruleChanged(contestID, kindID uint) error {
	var endorsers []uint
	if err := s.db.Model(&models.Event{}).Distinct("events.endorser_id").
		Joins("JOIN endorsers ON endorsers.id = events.endorser_id").
		Where("events.contest_id = ? AND endorsers.kind_id = ?", contestID, kindID).
		Pluck("events.endorser_id", &endorsers).Error; err != nil {
		return fmt.Errorf("store: rule endorsers: %w", err)
	}
	for _, e := range endorsers {
		s.pending.add(contestID, e)
	}
	return nil
}

// flushDerived brings the spans and deltas of every stale endorser up to date.
func (s *Store) flushDerived() error {
	if s.pending == nil {
		return nil
	}
	contests := make([]uint, 0, len(s.pending.endorsers))
	for c := range s.pending.endorsers {
		contests = append(contests, c)
	}
	slices.Sort(contests)
	for _, c := range contests {
		ids := make([]uint, 0, len(s.pending.endorsers[c]))
		for e := range s.pending.endorsers[c] {
			ids = append(ids, e)
		}
		slices.Sort(ids)
		whole, err := s.mostlyNew(c, len(ids))
		if err != nil {
			return err
		}
		if whole {
			err = s.replaceContestDerived(c)
		} else {
			err = s.refreshSupport(c, ids)
		}
		if err != nil {
			return err
		}
	}
	s.pending.endorsers = nil
	return nil
}

// wholeContestFrom is how many stale endorsers a contest needs before flushDerived asks
// whether rebuilding all of it would be cheaper than refreshing them.
const wholeContestFrom = 2000

// mostlyNew reports whether a contest held fewer spans before this transaction than it now
// has stale endorsers: its log is then mostly what the transaction wrote (an import into a new
// or small contest), and one rebuild of the contest (about 1 s for 100,000 events) beats
// refreshing the endorsers batch by batch (2.4 s). The count stops at the number of stale
// endorsers, so asking costs no more than the refresh it may avoid.
func (s *Store) mostlyNew(contestID uint, stale int) (bool, error) {
	if stale < wholeContestFrom {
		return false, nil
	}
	var held int
	q := `SELECT COUNT(*) FROM (SELECT 1 FROM support_spans WHERE contest_id = ? LIMIT ?) s`
	if err := s.db.Raw(q, contestID, stale).Scan(&held).Error; err != nil {
		return false, fmt.Errorf("store: contest spans: %w", err)
	}
	return held < stale, nil
}

// replaceContestDerived rebuilds one contest's derived rows from its log.
func (s *Store) replaceContestDerived(contestID uint) error {
	if err := s.analyzeLog(); err != nil {
		return err
	}
	for _, m := range models.Derived() {
		if err := s.db.Where("contest_id = ?", contestID).Delete(m).Error; err != nil {
			return fmt.Errorf("store: clear contest %d derived rows: %w", contestID, err)
		}
	}
	return s.rebuildContest(contestID)
}

// refreshBatch is how many endorsers one pass of refreshSupport recomputes: one bound
// parameter each, and their events in memory at once.
const refreshBatch = 500

// deltaKey is one row of support_deltas without its numbers.
type deltaKey struct {
	Day         string
	CandidateID uint
	KindID      uint
	Action      string
}

type deltaValue struct {
	Count  int
	Points float64
}

// addSpanDeltas adds (sign +1) or takes away (sign -1) the deltas of spans to d.
func addSpanDeltas(d map[deltaKey]deltaValue, spans []models.SupportSpan, sign int) {
	for _, sp := range spans {
		if sp.EndOn <= sp.StartOn {
			continue
		}
		k := deltaKey{Day: sp.StartOn, CandidateID: sp.CandidateID, KindID: sp.KindID, Action: sp.Action}
		v := d[k]
		d[k] = deltaValue{v.Count + sign, v.Points + float64(sign)*sp.Points}
		if sp.EndOn == openEnd {
			continue
		}
		k.Day = sp.EndOn
		v = d[k]
		d[k] = deltaValue{v.Count - sign, v.Points - float64(sign)*sp.Points}
	}
}

// refreshSupport recomputes, from the log, the spans of some endorsers in one contest and
// applies the difference between their old and new deltas: the work of a write grows with the
// events of the endorsers it touched, not with the contest.
func (s *Store) refreshSupport(contestID uint, endorserIDs []uint) error {
	// The endorsers' spans, found by the endorser index: the unary plus keeps SQLite from
	// reading the contest's whole walk index instead, which holds every column a row has (at
	// 1,000,000 events, 90 ms a read against a few hundred microseconds).
	const ofEndorsers = "+contest_id = ? AND endorser_id IN ?"
	diff := map[deltaKey]deltaValue{}
	for start := 0; start < len(endorserIDs); start += refreshBatch {
		batch := endorserIDs[start:min(start+refreshBatch, len(endorserIDs))]
		var old, fresh []models.SupportSpan
		if err := s.db.Where(ofEndorsers, contestID, batch).Find(&old).Error; err != nil {
			return fmt.Errorf("store: refresh support: %w", err)
		}
		if len(old) > 0 {
			if err := s.db.Where(ofEndorsers, contestID, batch).
				Delete(&models.SupportSpan{}).Error; err != nil {
				return fmt.Errorf("store: refresh support: %w", err)
			}
		}
		q := `WITH ` + spansFromLog(true) + `
INSERT INTO support_spans (` + spanColumns + `) SELECT ` + spanColumns + ` FROM spans`
		if err := s.db.Exec(q, map[string]any{"contest": contestID, "endorsers": batch}).Error; err != nil {
			return fmt.Errorf("store: refresh support: %w", err)
		}
		if err := s.db.Where(ofEndorsers, contestID, batch).Find(&fresh).Error; err != nil {
			return fmt.Errorf("store: refresh support: %w", err)
		}
		// The withdrawn spans follow from the log and the spans just written.
		if err := s.db.Where(ofEndorsers, contestID, batch).
			Delete(&models.WithdrawnSpan{}).Error; err != nil {
			return fmt.Errorf("store: refresh withdrawn: %w", err)
		}
		q = `WITH ` + withdrawnFromLog(true, "support_spans s") + `
INSERT INTO withdrawn_spans (` + withdrawnColumns + `) SELECT ` + withdrawnColumns + ` FROM stood_down`
		if err := s.db.Exec(q, map[string]any{"contest": contestID, "endorsers": batch}).Error; err != nil {
			return fmt.Errorf("store: refresh withdrawn: %w", err)
		}
		addSpanDeltas(diff, old, -1)
		addSpanDeltas(diff, fresh, +1)
	}
	return s.applyDeltas(contestID, diff)
}

// applyDeltas adds diff to a contest's deltas and drops the rows that now net to nothing.
func (s *Store) applyDeltas(contestID uint, diff map[deltaKey]deltaValue) error {
	rows := make([]models.SupportDelta, 0, len(diff))
	for k, v := range diff {
		if v.Count == 0 && math.Abs(v.Points) <= pointsEpsilon {
			continue
		}
		rows = append(rows, models.SupportDelta{ContestID: contestID, Day: k.Day, CandidateID: k.CandidateID,
			KindID: k.KindID, Action: k.Action, Count: v.Count, Points: v.Points})
	}
	if len(rows) == 0 {
		return nil
	}
	// A fixed order keeps two writers' row locks in one order (PostgreSQL) and the test output
	// stable.
	slices.SortFunc(rows, func(a, b models.SupportDelta) int {
		return cmp.Or(strings.Compare(a.Day, b.Day), cmp.Compare(a.CandidateID, b.CandidateID),
			cmp.Compare(a.KindID, b.KindID), strings.Compare(a.Action, b.Action))
	})
	upsert := clause.OnConflict{
		Columns: []clause.Column{{Name: "contest_id"}, {Name: "day"}, {Name: "candidate_id"}, {Name: "kind_id"}, {Name: "action"}},
		DoUpdates: clause.Assignments(map[string]any{
			"count":  gorm.Expr("support_deltas.count + excluded.count"),
			"points": gorm.Expr("support_deltas.points + excluded.points"),
		}),
	}
	if err := s.db.Clauses(upsert).CreateInBatches(rows, bulkBatch).Error; err != nil {
		return fmt.Errorf("store: apply deltas: %w", err)
	}
	if err := s.db.Where("contest_id = ? AND count = 0 AND points BETWEEN ? AND ?", contestID, -pointsEpsilon, pointsEpsilon).
		Delete(&models.SupportDelta{}).Error; err != nil {
		return fmt.Errorf("store: apply deltas: %w", err)
	}
	return nil
}

// RebuildDerived recomputes every derived row from the event log, contest by contest, in one
// transaction, and records the derived-schema version that built them.
func (s *Store) RebuildDerived() error {
	return s.Transaction(func(tx *Store) error { return tx.rebuildDerived(false) })
}

// rebuildDerived empties the derived tables, or drops and recreates them (recreate) when their
// columns may have changed, and fills them again from the log.
func (s *Store) rebuildDerived(recreate bool) error {
	if err := s.WritesInBulk(); err != nil {
		return err
	}
	if recreate {
		m := s.db.Migrator()
		if err := m.DropTable(models.Derived()...); err != nil {
			return fmt.Errorf("store: rebuild: drop: %w", err)
		}
		if err := m.AutoMigrate(models.Derived()...); err != nil {
			return fmt.Errorf("store: rebuild: create: %w", err)
		}
	} else {
		for _, m := range models.Derived() {
			if err := s.db.Session(&gorm.Session{AllowGlobalUpdate: true}).Delete(m).Error; err != nil {
				return fmt.Errorf("store: rebuild: empty: %w", err)
			}
		}
	}
	if err := s.analyzeLog(); err != nil {
		return err
	}
	var contests []uint
	if err := s.db.Model(&models.Contest{}).Order("id").Pluck("id", &contests).Error; err != nil {
		return fmt.Errorf("store: rebuild: %w", err)
	}
	for _, c := range contests {
		if err := s.rebuildContest(c); err != nil {
			return err
		}
	}
	if err := s.rebuildTrigrams(); err != nil {
		return err
	}
	state := models.DerivedState{Name: derivedName, Version: derivedVersion, BuiltAt: s.now().UTC()}
	if err := s.db.Save(&state).Error; err != nil {
		return fmt.Errorf("store: rebuild: record version: %w", err)
	}
	return nil
}

// analyzeLog has PostgreSQL gather the statistics of the log and the endorsers before a
// derivation from a whole log (a rebuild, or a contest's rows written mostly by the same
// transaction), which autovacuum has not seen. Without them it planned each span's look-up of
// later withdrawals through the contest's withdrawal index, filtering by endorser: 91 s for a
// contest of 100,000 events, against 1.6 s after ANALYZE, and growing with the square of the
// log. SQLite plans without statistics (see unindexed, indexedBy); there it does nothing.
func (s *Store) analyzeLog() error {
	if s.dialect != DialectPostgres {
		return nil
	}
	if err := s.db.Exec("ANALYZE events, endorsers").Error; err != nil {
		return fmt.Errorf("store: analyze the log: %w", err)
	}
	return nil
}

// rebuildContest fills an empty contest's spans and deltas from its log.
func (s *Store) rebuildContest(contestID uint) error {
	args := map[string]any{"contest": contestID}
	spans := `WITH ` + spansFromLog(false) + `
INSERT INTO support_spans (` + spanColumns + `) SELECT ` + spanColumns + ` FROM spans`
	if err := s.db.Exec(spans, args).Error; err != nil {
		return fmt.Errorf("store: rebuild contest %d spans: %w", contestID, err)
	}
	deltas := `INSERT INTO support_deltas (contest_id, day, candidate_id, kind_id, action, count, points)
SELECT CAST(@contest AS BIGINT), day, candidate_id, kind_id, action, count, points FROM (` +
		deltasOf(`(SELECT * FROM support_spans WHERE contest_id = @contest) s`) + `) d`
	if err := s.db.Exec(deltas, args).Error; err != nil {
		return fmt.Errorf("store: rebuild contest %d deltas: %w", contestID, err)
	}
	withdrawn := `WITH ` + withdrawnFromLog(false, "support_spans s") + `
INSERT INTO withdrawn_spans (` + withdrawnColumns + `) SELECT ` + withdrawnColumns + ` FROM stood_down`
	if err := s.db.Exec(withdrawn, args).Error; err != nil {
		return fmt.Errorf("store: rebuild contest %d withdrawn spans: %w", contestID, err)
	}
	return nil
}

// ensureDerived rebuilds the derived tables when the version that built them is not this
// binary's: on a database made before they existed, or after their definition changed.
func (s *Store) ensureDerived() error {
	var state models.DerivedState
	err := s.db.Where("name = ?", derivedName).Limit(1).Find(&state).Error
	if err != nil {
		return fmt.Errorf("store: derived version: %w", err)
	}
	if state.Version == derivedVersion {
		return nil
	}
	// A server waits for this before it listens (about 40 s for 1,000,000 events on SQLite), so
	// its log says why.
	s.log.Info("store: rebuilding the derived tables from the log, as their definition changed",
		"recorded_version", state.Version, "version", derivedVersion)
	start := time.Now()
	if err := s.Transaction(func(tx *Store) error { return tx.rebuildDerived(true) }); err != nil {
		return err
	}
	s.log.Info("store: rebuilt the derived tables", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// DerivedVersion is the derived-schema version recorded in the database (0 for none) and the
// one this binary builds.
func (s *Store) DerivedVersion() (recorded, current int, err error) {
	var state models.DerivedState
	if err := s.db.Where("name = ?", derivedName).Limit(1).Find(&state).Error; err != nil {
		return 0, derivedVersion, fmt.Errorf("store: derived version: %w", err)
	}
	return state.Version, derivedVersion, nil
}

// DerivedDifference is how far one contest's derived tables are from a rebuild of its log.
type DerivedDifference struct {
	ContestID   uint
	ContestSlug string
	Spans       int // spans missing, extra or not as the log implies
	Deltas      int // daily delta rows missing, extra or with other numbers
	Withdrawn   int // withdrawn spans missing, extra or not as the log implies
	// Trigrams is the endorser name trigrams missing or wrong, on a row of no contest
	// (ContestSlug "(endorsers)"): they follow the endorsers, not a contest's log.
	Trigrams int
}

// CheckDerived compares every contest's derived tables with what a rebuild would write, in
// SQL, and lists the contests that differ (none when all is well). It changes nothing.
func (s *Store) CheckDerived() ([]DerivedDifference, error) {
	// Statistics, not data: the check derives every contest's rows from its log, as a rebuild
	// does.
	if err := s.analyzeLog(); err != nil {
		return nil, err
	}
	var contests []models.Contest
	if err := s.db.Select("id", "slug").Order("id").Find(&contests).Error; err != nil {
		return nil, fmt.Errorf("store: check derived: %w", err)
	}
	var out []DerivedDifference
	for _, c := range contests {
		d, err := s.checkContest(c.ID)
		if err != nil {
			return nil, err
		}
		if d.Spans != 0 || d.Deltas != 0 || d.Withdrawn != 0 {
			d.ContestSlug = c.Slug
			out = append(out, d)
		}
	}
	var orphans int64
	if err := s.db.Model(&models.SupportSpan{}).Where("contest_id NOT IN (SELECT id FROM contests)").Count(&orphans).Error; err != nil {
		return nil, fmt.Errorf("store: check derived: %w", err)
	}
	if orphans > 0 {
		out = append(out, DerivedDifference{ContestSlug: "(no contest)", Spans: int(orphans)})
	}
	trigrams, err := s.checkTrigrams()
	if err != nil {
		return nil, err
	}
	if trigrams > 0 {
		out = append(out, DerivedDifference{ContestSlug: "(endorsers)", Trigrams: trigrams})
	}
	return out, nil
}

func (s *Store) checkContest(contestID uint) (DerivedDifference, error) {
	d := DerivedDifference{ContestID: contestID}
	args := map[string]any{"contest": contestID}
	have := `SELECT ` + spanColumns + ` FROM support_spans WHERE contest_id = @contest`
	want := `SELECT ` + spanColumns + ` FROM spans`
	spans := `WITH ` + spansFromLog(false) + `
SELECT (SELECT COUNT(*) FROM (` + want + ` EXCEPT ` + have + `) a) + (SELECT COUNT(*) FROM (` + have + ` EXCEPT ` + want + `) b)`
	if err := s.db.Raw(spans, args).Scan(&d.Spans).Error; err != nil {
		return d, fmt.Errorf("store: check contest %d spans: %w", contestID, err)
	}
	deltas := `WITH ` + spansFromLog(false) + `,
want AS (` + deltasOf("spans s") + `)
SELECT COUNT(*) FROM (
  SELECT day, candidate_id, kind_id, action FROM (
    SELECT day, candidate_id, kind_id, action, count, points FROM want
    UNION ALL
    SELECT day, candidate_id, kind_id, action, -count, -points FROM support_deltas WHERE contest_id = @contest
  ) u GROUP BY day, candidate_id, kind_id, action
  HAVING SUM(count) <> 0 OR ABS(SUM(points)) > 1e-6
) x`
	if err := s.db.Raw(deltas, args).Scan(&d.Deltas).Error; err != nil {
		return d, fmt.Errorf("store: check contest %d deltas: %w", contestID, err)
	}
	// Against the spans table, through its endorser index: the spans of the log as a CTE have
	// none, and PostgreSQL without statistics joined them in a nested loop (44 s for 40,000
	// events). A damaged span is reported by the check above either way.
	have = `SELECT ` + withdrawnColumns + ` FROM withdrawn_spans WHERE contest_id = @contest`
	want = `SELECT ` + withdrawnColumns + ` FROM stood_down`
	withdrawn := `WITH ` + withdrawnFromLog(false, "support_spans s") + `
SELECT (SELECT COUNT(*) FROM (` + want + ` EXCEPT ` + have + `) a) + (SELECT COUNT(*) FROM (` + have + ` EXCEPT ` + want + `) b)`
	if err := s.db.Raw(withdrawn, args).Scan(&d.Withdrawn).Error; err != nil {
		return d, fmt.Errorf("store: check contest %d withdrawn spans: %w", contestID, err)
	}
	return d, nil
}
