package store

import (
	"fmt"
	"slices"

	"github.com/backers/backers/models"
)

// The aggregate types are models' so that charts can read a snapshot without the store; these
// names keep the store's own signatures short.
type (
	SupportRow      = models.SupportRow
	SeriesPoint     = models.SeriesPoint
	KindShare       = models.KindShare
	MembershipRow   = models.MembershipRow
	NominationCount = models.NominationCount
	OddsDay         = models.OddsDay
)

// Snapshot computes the parts q asks for of contest c (loaded as Contest returns it) as of
// q.AsOf, each aggregate once: the one entry point pages, embeds, images and the totals API
// read a contest's figures through, so what makes an aggregate fast slots in underneath.
func (s *Store) Snapshot(c *models.Contest, q models.SnapshotQuery) (*models.Snapshot, error) {
	snap := &models.Snapshot{Contest: c, Query: q}
	p := q.Parts
	var err error
	if p.Has(models.PartSupport) {
		if snap.Kinds, err = s.Kinds(); err != nil {
			return nil, err
		}
	}
	if p.Has(models.PartSupport) || p.Has(models.PartShares) {
		if snap.Support, err = s.SupportAsOf(c.ID, q.AsOf, SupportFilter{}); err != nil {
			return nil, err
		}
	}
	if p.Has(models.PartSeries) {
		if snap.Series, snap.SeriesByKind, err = s.SupportOverTime(c.ID, q.AsOf, SupportFilter{Kinds: q.Kinds}); err != nil {
			return nil, err
		}
	}
	if p.Has(models.PartShares) {
		if snap.Shares, err = s.kindShares(c, q.AsOf, snap.Support); err != nil {
			return nil, err
		}
	}
	if (p.Has(models.PartBackers) || p.Has(models.PartUnbacked)) && len(q.OrgKinds) > 0 {
		if snap.Backing, snap.Unbacked, err = s.orgBackers(c.ID, q.OrgKinds, q.AsOf, p.Has(models.PartUnbacked)); err != nil {
			return nil, err
		}
	}
	if p.Has(models.PartProcesses) && len(q.ProcessKinds) > 0 {
		if snap.Processes, err = s.orgProcesses(c.ID, q.ProcessKinds, q.AsOf); err != nil {
			return nil, err
		}
	}
	if p.Has(models.PartMembership) {
		snap.Membership = map[string][]MembershipRow{}
		for _, kind := range q.MembershipKinds {
			if snap.Membership[kind], err = s.MembershipWeighted(c.ID, kind, q.AsOf); err != nil {
				return nil, err
			}
		}
	}
	if p.Has(models.PartTallies) || p.Has(models.PartLatestTallies) {
		if snap.Tallies, err = s.TalliesAsOf(c.ID, nil, q.AsOf); err != nil {
			return nil, err
		}
	}
	if p.Has(models.PartLatestTallies) {
		if snap.LatestTallies, err = s.latestTallies(c.ID, q.AsOf, snap.Tallies); err != nil {
			return nil, err
		}
	}
	if p.Has(models.PartNominations) {
		for _, th := range c.Thresholds {
			counted, err := s.NominationsAsOf(c.ID, th.Kinds(), q.AsOf)
			if err != nil {
				return nil, err
			}
			snap.Nominations = append(snap.Nominations, counted)
		}
	}
	if p.Has(models.PartPolls) {
		if snap.Polls, err = s.PollsAsOf(c.ID, q.AsOf); err != nil {
			return nil, err
		}
	}
	if p.Has(models.PartOdds) {
		if snap.OddsByDay, err = s.OddsByDay(c.ID, q.AsOf); err != nil {
			return nil, err
		}
		if snap.Odds, err = s.OddsAsOf(c.ID, q.AsOf); err != nil {
			return nil, err
		}
	}
	if p.Has(models.PartFigures) {
		if err := s.db.Where("contest_id = ? AND as_of <= ?", c.ID, asOfOrEnd(q.AsOf)).
			Order("as_of, id").Find(&snap.Figures).Error; err != nil {
			return nil, fmt.Errorf("store: snapshot figures: %w", err)
		}
	}
	return snap, nil
}

// latestTallies picks LatestTallies' answer out of every tally up to the day, already loaded,
// rather than loading them again.
func (s *Store) latestTallies(contestID uint, asOf string, all []models.ReportedTally) ([]models.ReportedTally, error) {
	ids, err := s.latestTallyIDs(contestID, nil, asOf)
	if err != nil {
		return nil, err
	}
	latest := make(map[uint]bool, len(ids))
	for _, id := range ids {
		latest[id] = true
	}
	var out []models.ReportedTally
	for _, t := range all {
		if latest[t.ID] {
			out = append(out, t)
		}
	}
	return out, nil
}

// orgProcesses is, per kind, the events deciding who its endorsers back as of a day that record
// a process, vote figures or a turnout, newest first. Such events are few (organisations'
// processes, not people's endorsements): they are found first, through their partial index, and
// each one's span is looked up to see whether it stands on the day.
func (s *Store) orgProcesses(contestID uint, kinds []string, asOf string) (map[string][]models.Event, error) {
	args := map[string]any{"contest": contestID, "asof": asOfOrEnd(asOf)}
	// CROSS JOIN keeps SQLite from starting at the spans; PostgreSQL reads it as a join.
	q := `SELECT s.event_id FROM events e CROSS JOIN support_spans s
WHERE e.contest_id = @contest AND ` + models.RecordsProcess + `
  AND s.event_id = e.id AND s.start_on <= @asof AND s.end_on > @asof` + SupportFilter{Kinds: kinds}.where("s", args) + `
ORDER BY s.start_on DESC, s.event_id DESC`
	var ids []uint
	if err := s.db.Raw(q, args).Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("store: processes: %w", err)
	}
	events, err := s.EventsByID(ids)
	if err != nil {
		return nil, err
	}
	out := map[string][]models.Event{}
	for _, id := range ids {
		e := events[id]
		out[e.Endorser.Kind.Slug] = append(out[e.Endorser.Kind.Slug], e)
	}
	return out, nil
}

// orgBackers is, per kind, the events deciding who its endorsers back as of a day (newest
// first), and, if unbacked is set, the contest's roster endorsers of the kind backing no one,
// sorted by name.
func (s *Store) orgBackers(contestID uint, kinds []string, asOf string, unbacked bool) (map[string][]models.Event, map[string][]string, error) {
	pos, err := s.Positions(contestID, asOf, SupportFilter{Kinds: kinds})
	if err != nil {
		return nil, nil, err
	}
	ids := make([]uint, len(pos))
	for i, p := range pos {
		ids[i] = p.EventID
	}
	events, err := s.EventsByID(ids)
	if err != nil {
		return nil, nil, err
	}
	backing := map[string][]models.Event{}
	backs := map[uint]bool{}
	for _, p := range pos {
		e := events[p.EventID]
		backing[e.Endorser.Kind.Slug] = append(backing[e.Endorser.Kind.Slug], e)
		backs[p.EndorserID] = true
	}
	if !unbacked {
		return backing, nil, nil
	}
	var roster []struct {
		ID   uint
		Name string
		Kind string
	}
	if err := s.db.Table("roster_entries r").Select("en.id, en.name, k.slug AS kind").
		Joins("JOIN endorsers en ON en.id = r.endorser_id").Joins("JOIN kinds k ON k.id = en.kind_id").
		Where("r.contest_id = ? AND k.slug IN ?", contestID, kinds).Scan(&roster).Error; err != nil {
		return nil, nil, fmt.Errorf("store: roster names: %w", err)
	}
	rest := map[string][]string{}
	for _, r := range roster {
		if !backs[r.ID] {
			rest[r.Kind] = append(rest[r.Kind], r.Name)
		}
	}
	for _, names := range rest {
		slices.Sort(names)
	}
	return backing, rest, nil
}
