package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"github.com/backers/backers/models"
)

// CreateEvent appends an event to the log. RecordedAt is set from the store's clock.
func (s *Store) CreateEvent(e *models.Event) error {
	if e.RecordedAt.IsZero() {
		e.RecordedAt = s.now().UTC()
	}
	return s.write(func(tx *Store) error {
		if err := tx.db.Omit("Contest", "Endorser", "Candidate").Create(e).Error; err != nil {
			return fmt.Errorf("store: create event: %w", err)
		}
		tx.eventsChanged(e)
		return nil
	})
}

// Event returns one event with its endorser, kind and candidate.
func (s *Store) Event(id uint) (*models.Event, error) {
	var e models.Event
	err := s.db.Preload("Endorser.Kind").Preload("Candidate").First(&e, id).Error
	if err != nil {
		return nil, fmt.Errorf("store: event %d: %w", id, notFound(err))
	}
	return &e, nil
}

// LatestEvents lists a contest's most recent events (by effective day, then as recorded),
// retracted ones included.
func (s *Store) LatestEvents(contestID uint, limit int) ([]models.Event, error) {
	var es []models.Event
	err := s.db.Preload("Endorser.Kind").Preload("Candidate").
		Where("contest_id = ?", contestID).
		Order("effective_on DESC, id DESC").Limit(limit).Find(&es).Error
	if err != nil {
		return nil, fmt.Errorf("store: latest events: %w", err)
	}
	return es, nil
}

// EventsByID loads events with their endorser, kind and candidate, keyed by ID.
func (s *Store) EventsByID(ids []uint) (map[uint]models.Event, error) {
	out := make(map[uint]models.Event, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var es []models.Event
	// SQLite allows at most 32766 bound parameters; batch to stay well under it.
	for start := 0; start < len(ids); start += 5000 {
		end := min(start+5000, len(ids))
		es = es[:0]
		if err := s.db.Preload("Endorser.Kind").Preload("Candidate").
			Where("id IN ?", ids[start:end]).Find(&es).Error; err != nil {
			return nil, fmt.Errorf("store: events by id: %w", err)
		}
		for _, e := range es {
			out[e.ID] = e
		}
	}
	return out, nil
}

// HasEvents reports whether a contest has any event, retracted ones included.
func (s *Store) HasEvents(contestID uint) (bool, error) {
	return s.exists(&models.Event{}, "contest_id = ?", contestID)
}

// EventCount is how many events a contest has, retracted ones included.
func (s *Store) EventCount(contestID uint) (int64, error) {
	var n int64
	if err := s.db.Model(&models.Event{}).Where("contest_id = ?", contestID).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: event count: %w", err)
	}
	return n, nil
}

// ContestEvents lists a contest's events for the admin, newest first, retracted included,
// optionally only one endorser's.
func (s *Store) ContestEvents(contestID, endorserID uint, limit int) ([]models.Event, error) {
	q := s.db.Preload("Endorser.Kind").Preload("Candidate").Where("contest_id = ?", contestID)
	if endorserID != 0 {
		q = q.Where("endorser_id = ?", endorserID)
	}
	var es []models.Event
	if err := q.Order("effective_on DESC, id DESC").Limit(limit).Find(&es).Error; err != nil {
		return nil, fmt.Errorf("store: contest events: %w", err)
	}
	return es, nil
}

// ErrDuplicate says the record is already there, such as an endorser endorsing the same
// candidate on the same day twice.
var ErrDuplicate = errors.New("already recorded")

// AddEvent appends an endorsement event (endorse, nominate or withdraw) to the log.
func (ed *Editor) AddEvent(e *models.Event) error {
	action := models.AuditCreate
	if e.Action == models.ActionWithdraw {
		action = models.AuditWithdraw
	}
	return ed.audited(func(tx *Store) ([]change, error) {
		ch, err := tx.addEvent(action, e)
		return []change{ch}, err
	})
}

// SwitchEvent appends the endorse or nominate event by which an endorser switches to another
// candidate; it supersedes their earlier support from its date.
func (ed *Editor) SwitchEvent(e *models.Event) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		ch, err := tx.addEvent(models.AuditSwitch, e)
		return []change{ch}, err
	})
}

// QuickAdd creates newEndorser (when not nil) and then the event, in one transaction; the
// event's EndorserID is set from the new endorser.
func (ed *Editor) QuickAdd(newEndorser *models.Endorser, e *models.Event) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var changes []change
		if newEndorser != nil {
			ch, err := tx.addEndorser(newEndorser)
			if err != nil {
				return nil, err
			}
			changes = append(changes, ch)
			e.EndorserID = newEndorser.ID
		}
		ch, err := tx.addEvent(models.AuditCreate, e)
		if err != nil {
			return nil, err
		}
		return append(changes, ch), nil
	})
}

func (s *Store) addEvent(action string, e *models.Event) (change, error) {
	if err := s.duplicateEvent(e); err != nil {
		return change{}, err
	}
	if e.RecordedAt.IsZero() {
		e.RecordedAt = s.now().UTC()
	}
	if err := s.db.Omit(clause.Associations).Create(e).Error; err != nil {
		return change{}, fmt.Errorf("store: create event: %w", err)
	}
	s.eventsChanged(e)
	return change{action: action, entity: "event", entityID: e.ID, contestID: e.ContestID,
		summary: s.eventSummary(e), after: e}, nil
}

// duplicateEvent refuses a second live event with the same endorser, candidate, action and day:
// the rule RecordedEvents applies to a whole import, asked here for one event.
func (s *Store) duplicateEvent(e *models.Event) error {
	key := eventKey(e)
	recorded, err := s.RecordedEvents([]EventKey{key})
	if err != nil {
		return err
	}
	if recorded[key] {
		return ErrDuplicate
	}
	return nil
}

// eventSummary says what an event records, for the public change log.
func (s *Store) eventSummary(e *models.Event) string {
	var names struct{ Endorser, Candidate string }
	s.db.Raw(`SELECT (SELECT name FROM endorsers WHERE id = ?) AS endorser, (SELECT name FROM candidates WHERE id = ?) AS candidate`,
		e.EndorserID, e.CandidateID).Scan(&names)
	verb := map[string]string{models.ActionEndorse: "endorses", models.ActionNominate: "nominates",
		models.ActionWithdraw: "withdraws support from"}[e.Action]
	return fmt.Sprintf("%s %s %s on %s", names.Endorser, verb, names.Candidate, e.EffectiveOn)
}

// UpdateEvent corrects a wrong record; the trail keeps what it said before.
func (ed *Editor) UpdateEvent(e *models.Event) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var before models.Event
		if err := tx.db.First(&before, e.ID).Error; err != nil {
			return nil, fmt.Errorf("store: event %d: %w", e.ID, notFound(err))
		}
		// A correction that keeps the key matches only the event itself, which is no duplicate.
		if eventKey(&before) != eventKey(e) {
			if err := tx.duplicateEvent(e); err != nil {
				return nil, err
			}
		}
		if err := tx.db.Omit(clause.Associations).Save(e).Error; err != nil {
			return nil, fmt.Errorf("store: update event: %w", err)
		}
		// A correction may move the event to another endorser or contest: both are stale.
		tx.eventsChanged(&before, e)
		return []change{{action: models.AuditEdit, entity: "event", entityID: e.ID, contestID: e.ContestID,
			summary: "Corrected: " + tx.eventSummary(e), before: before, after: e}}, nil
	})
}

// RetractEvent marks an event as retracted with a reason. It stays in the log and on public
// pages, marked, and no longer counts.
func (ed *Editor) RetractEvent(id uint, reason string) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var e models.Event
		if err := tx.db.First(&e, id).Error; err != nil {
			return nil, fmt.Errorf("store: event %d: %w", id, notFound(err))
		}
		if e.RetractedAt != nil {
			return nil, ErrDuplicate
		}
		before := e
		now := tx.now().UTC()
		e.RetractedAt, e.RetractionReason = &now, reason
		if err := tx.db.Omit(clause.Associations).Save(&e).Error; err != nil {
			return nil, fmt.Errorf("store: retract event: %w", err)
		}
		tx.eventsChanged(&e)
		return []change{{action: models.AuditRetract, entity: "event", entityID: e.ID, contestID: e.ContestID,
			summary: "Retracted: " + tx.eventSummary(&e) + " (" + reason + ")", before: before, after: e}}, nil
	})
}

// bulkBatch is how many rows one INSERT carries: SQLite allows 32766 bound parameters and an
// event has about 25 columns, so 500 rows stay well under it.
const bulkBatch = 500

// CreateEvents appends many events in batched INSERTs. RecordedAt is set from the store's clock
// where it is zero. Run it inside Transaction so a failure leaves none, and so that the derived
// tables are brought up to date once, at the end, for every batch written in it.
func (s *Store) CreateEvents(es []models.Event) error {
	if len(es) == 0 {
		return nil
	}
	for i := range es {
		if es[i].RecordedAt.IsZero() {
			es[i].RecordedAt = s.now().UTC()
		}
	}
	return s.write(func(tx *Store) error {
		if err := tx.db.Omit("Contest", "Endorser", "Candidate").CreateInBatches(es, bulkBatch).Error; err != nil {
			return fmt.Errorf("store: create events: %w", err)
		}
		for i := range es {
			tx.eventsChanged(&es[i])
		}
		return nil
	})
}

// EventKey is what makes two events the same: contest, endorser, candidate, action and day.
type EventKey struct {
	ContestID, EndorserID, CandidateID uint
	Action, EffectiveOn                string
}

// eventKey is what makes two live events the same record.
func eventKey(e *models.Event) EventKey {
	return EventKey{ContestID: e.ContestID, EndorserID: e.EndorserID, CandidateID: e.CandidateID,
		Action: e.Action, EffectiveOn: e.EffectiveOn}
}

// recordedBatch is how many keys one RecordedEvents query asks about: five bound parameters
// a key keep it well under SQLite's 32766.
const recordedBatch = 1000

// recordedEventsSQL finds which keys (the VALUES list, %s) have a live event. CROSS JOIN keeps
// the keys as the outer loop in SQLite, so each key is one search of idx_event_endorser;
// elsewhere it is an ordinary join. The casts type the parameters for PostgreSQL.
const recordedEventsSQL = `WITH k (contest_id, endorser_id, candidate_id, action, effective_on) AS (VALUES %s)
SELECT DISTINCT e.contest_id, e.endorser_id, e.candidate_id, e.action, e.effective_on
FROM k CROSS JOIN events e
WHERE e.endorser_id = k.endorser_id AND e.candidate_id = k.candidate_id AND e.effective_on = k.effective_on
  AND e.contest_id = k.contest_id AND e.action = k.action AND e.retracted_at IS NULL`

// RecordedEvents says which of keys already have a live (not retracted) event: the test the
// admin's quick add makes for one event (duplicateEvent), made for a whole import at once with
// one query per 1,000 keys rather than one a row.
func (s *Store) RecordedEvents(keys []EventKey) (map[EventKey]bool, error) {
	out := map[EventKey]bool{}
	const tuple = "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), ?, ?)"
	for start := 0; start < len(keys); start += recordedBatch {
		batch := keys[start:min(start+recordedBatch, len(keys))]
		args := make([]any, 0, 5*len(batch))
		for _, k := range batch {
			args = append(args, k.ContestID, k.EndorserID, k.CandidateID, k.Action, k.EffectiveOn)
		}
		values := strings.Repeat(tuple+", ", len(batch)-1) + tuple
		var found []EventKey
		if err := s.db.Raw(fmt.Sprintf(recordedEventsSQL, values), args...).Scan(&found).Error; err != nil {
			return nil, fmt.Errorf("store: recorded events: %w", err)
		}
		for _, k := range found {
			out[k] = true
		}
	}
	return out, nil
}

// Retraction is a retracted endorsement event as the public pages show it: what it said, when
// it was retracted and why. Retracted events are never deleted; they stop counting and stay
// visible, marked.
type Retraction struct {
	EventID       uint
	ContestID     uint
	ContestSlug   string
	EndorserSlug  string
	EndorserName  string
	CandidateSlug string
	CandidateName string
	Action        string
	EffectiveOn   string
	DatePrecision string
	SourceURL     string
	SourceTitle   string
	RetractedAt   time.Time
	Reason        string
}

// Retractions lists retracted events, the latest retraction first, of one contest and/or one
// endorser (zero IDs do not filter), at most limit.
func (s *Store) Retractions(contestID, endorserID uint, limit int) ([]Retraction, error) {
	q := s.db.Table("events e").
		Select(`e.id AS event_id, e.contest_id, co.slug AS contest_slug, en.slug AS endorser_slug, en.name AS endorser_name,
			ca.slug AS candidate_slug, ca.name AS candidate_name, e.action, e.effective_on, e.date_precision,
			e.source_url, e.source_title, e.retracted_at, e.retraction_reason AS reason`).
		Joins("JOIN contests co ON co.id = e.contest_id").
		Joins("JOIN endorsers en ON en.id = e.endorser_id").
		Joins("JOIN candidates ca ON ca.id = e.candidate_id").
		Where("e.retracted_at IS NOT NULL")
	if contestID != 0 {
		// Retractions are few and a contest's events many: the unary plus keeps SQLite on the
		// index of retraction times (newest first, stopping at the limit) rather than walking
		// the contest's whole log for them.
		q = q.Where("+e.contest_id = ?", contestID)
	}
	if endorserID != 0 {
		q = q.Where("e.endorser_id = ?", endorserID)
	}
	var out []Retraction
	if err := q.Order("e.retracted_at DESC, e.id DESC").Limit(limit).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: retractions: %w", err)
	}
	return out, nil
}

// UnkeyedEvent is the ID of an event of this endorser, candidate and action in a contest, on
// any day and retracted or not, that no seed record names (0 for none): an older seed recorded
// one endorser's nomination of one candidate once.
func (s *Store) UnkeyedEvent(contestID, endorserID, candidateID uint, action string) (uint, error) {
	return s.unkeyed(&models.Event{}, "contest_id = ? AND endorser_id = ? AND candidate_id = ? AND action = ?",
		contestID, endorserID, candidateID, action)
}

// SeedCorrection is the seed's correction of a text column of a record an earlier seed wrote:
// from Was, what that seed wrote ("" matches NULL too), to Now.
type SeedCorrection struct {
	Column, Was, Now string
}

// CorrectSeededEvent makes the seed's corrections to the event id, each only where its column
// still holds what the earlier seed wrote: a column an admin has since changed is kept. None
// of the columns it may correct (a date's precision or note, a process, a verification note)
// changes what the event counts for.
func (s *Store) CorrectSeededEvent(id uint, cs []SeedCorrection) (changed int64, err error) {
	for _, c := range cs {
		if !slices.Contains([]string{"date_precision", "date_note", "process", "verification_note"}, c.Column) {
			return changed, fmt.Errorf("store: correct seeded event: column %q", c.Column)
		}
		was := c.Column + " = ?"
		if c.Was == "" {
			was = "(" + c.Column + " = ? OR " + c.Column + " IS NULL)"
		}
		res := s.db.Model(&models.Event{}).Where("id = ? AND "+was, id, c.Was).Update(c.Column, c.Now)
		if res.Error != nil {
			return changed, fmt.Errorf("store: correct seeded event %d: %w", id, res.Error)
		}
		changed += res.RowsAffected
	}
	if changed > 0 {
		s.Touch()
	}
	return changed, nil
}

// FillEventExtras gives the event e.ID the fields an older seed did not write (a second
// source, another turnout, the role at the time) where it has none yet. None of them changes
// what the event counts for.
func (s *Store) FillEventExtras(e *models.Event) (changed int64, err error) {
	where, args := "id = ?", []any{e.ID}
	fill := func(column string, value any, text bool) {
		if err != nil {
			return
		}
		var n int64
		n, err = s.fillEmpty(&models.Event{}, where, args, column, value, text)
		changed += n
	}
	for _, f := range []struct{ column, value string }{{"also_source_url", e.AlsoSourceURL}, {"also_source_title", e.AlsoSourceTitle},
		{"role", e.Role}, {"turnout_other_source", e.TurnoutOtherSource}, {"turnout_other_source_url", e.TurnoutOtherSourceURL}} {
		if f.value != "" {
			fill(f.column, f.value, true)
		}
	}
	if e.TurnoutOther != nil {
		fill("turnout_other", *e.TurnoutOther, false)
	}
	return changed, err
}
