package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"gorm.io/gorm/clause"

	"github.com/backers/backers/models"
)

// Actor is who makes a change: a signed-in user.
type Actor struct {
	UserID uint
	Email  string
}

// Editor makes changes on behalf of an actor. Every write it offers records an audit entry in
// the same transaction as the change, so a write through the admin cannot skip the trail. Get
// one with Store.As.
type Editor struct {
	s     *Store
	actor Actor
}

// ErrNoActor is returned by an Editor made without a user to blame.
var ErrNoActor = errors.New("store: a change needs an actor")

// As returns an Editor that writes on behalf of a.
func (s *Store) As(a Actor) *Editor { return &Editor{s: s, actor: a} }

// change is what one audited write reports about itself.
type change struct {
	action, entity string
	entityID       uint
	contestID      uint // 0: not about one contest
	summary        string
	before, after  any // records; nil for none
}

// audited runs fn in a transaction and records the changes it reports in that transaction.
func (ed *Editor) audited(fn func(tx *Store) ([]change, error)) error {
	if ed.actor.UserID == 0 {
		return ErrNoActor
	}
	return ed.s.Transaction(func(tx *Store) error {
		changes, err := fn(tx)
		if err != nil {
			return err
		}
		for _, ch := range changes {
			entry := models.AuditEntry{
				At: tx.now().UTC(), UserID: &ed.actor.UserID, UserEmail: ed.actor.Email,
				Action: ch.action, Entity: ch.entity, EntityID: ch.entityID,
				Summary: truncate(ch.summary, 1000), Before: snapshot(ch.before), After: snapshot(ch.after),
			}
			switch {
			case ch.contestID != 0:
				id := ch.contestID
				entry.ContestID = &id
				tx.touchContest(id)
			case !contestless[ch.entity]:
				// A change outside any one contest (a new contest, say) may show on any page.
				tx.Touch()
			}
			if err := tx.db.Create(&entry).Error; err != nil {
				return fmt.Errorf("store: audit %s %s: %w", ch.action, ch.entity, err)
			}
		}
		return nil
	})
}

// contestless are the entities whose changes alone do not change a contest's pages: a new
// endorser backs no one yet (an edited one has its contests marked by endorserChanged), and
// reports and users are not shown there.
var contestless = map[string]bool{"endorser": true, "report": true, "user": true}

// snapshot renders a record as JSON for the trail: its own fields only, not the records it
// points to (those have their own entries).
func snapshot(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return string(b)
	}
	for k, val := range m {
		switch val.(type) {
		case map[string]any, []any:
			delete(m, k)
		}
	}
	out, _ := json.Marshal(m) // map keys come out sorted
	return string(out)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// AuditFilter narrows the audit trail; zero fields match everything.
type AuditFilter struct {
	Entity    string
	Action    string
	UserEmail string
	ContestID uint
	EntityID  uint
	Limit     int
}

// AuditEntries lists the trail, newest first.
func (s *Store) AuditEntries(f AuditFilter) ([]models.AuditEntry, error) {
	q := s.db.Model(&models.AuditEntry{})
	if f.Entity != "" {
		q = q.Where("entity = ?", f.Entity)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.UserEmail != "" {
		q = q.Where("LOWER(user_email) = LOWER(?)", f.UserEmail)
	}
	if f.ContestID != 0 {
		q = q.Where("contest_id = ?", f.ContestID)
	}
	if f.EntityID != 0 {
		q = q.Where("entity_id = ?", f.EntityID)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	var es []models.AuditEntry
	if err := q.Order("at DESC, id DESC").Limit(f.Limit).Find(&es).Error; err != nil {
		return nil, fmt.Errorf("store: audit entries: %w", err)
	}
	return es, nil
}

// ContestChange is one line of a contest's public change log: what and when, field by field,
// never who.
type ContestChange struct {
	At       string // ISO day
	Action   string
	Entity   string
	EntityID uint
	Summary  string
	Fields   []FieldChange
	// Slug names what the change is about where it has a page: the endorser of an event, the
	// candidate of a candidate's edit.
	Slug string
}

// ContestChanges is a contest's public change log, newest first.
func (s *Store) ContestChanges(contestID uint, limit int) ([]ContestChange, error) {
	var es []models.AuditEntry
	err := s.db.Where("contest_id = ?", contestID).Order("at DESC, id DESC").Limit(limit).Find(&es).Error
	if err != nil {
		return nil, fmt.Errorf("store: contest changes: %w", err)
	}
	var eventIDs, candidateIDs []uint
	for _, e := range es {
		switch e.Entity {
		case "event":
			eventIDs = append(eventIDs, e.EntityID)
		case "candidate":
			candidateIDs = append(candidateIDs, e.EntityID)
		}
	}
	slugs := map[string]map[uint]string{"event": {}, "candidate": {}}
	var rows []struct {
		ID   uint
		Slug string
	}
	if len(eventIDs) > 0 {
		if err := s.db.Table("events").Select("events.id, endorsers.slug").Joins("JOIN endorsers ON endorsers.id = events.endorser_id").
			Where("events.id IN ?", eventIDs).Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("store: contest changes: %w", err)
		}
		for _, r := range rows {
			slugs["event"][r.ID] = r.Slug
		}
	}
	if len(candidateIDs) > 0 {
		rows = rows[:0]
		if err := s.db.Table("candidates").Select("id, slug").Where("id IN ?", candidateIDs).Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("store: contest changes: %w", err)
		}
		for _, r := range rows {
			slugs["candidate"][r.ID] = r.Slug
		}
	}
	out := make([]ContestChange, len(es))
	for i, e := range es {
		fields, err := s.FieldChanges(e, false)
		if err != nil {
			return nil, err
		}
		out[i] = ContestChange{At: e.At.Format("2006-01-02"), Action: e.Action, Entity: e.Entity, EntityID: e.EntityID,
			Summary: e.Summary, Fields: fields, Slug: slugs[e.Entity][e.EntityID]}
	}
	return out, nil
}

// Reported tallies, polls, odds and figures are corrected by audited edits and never deleted:
// the trail keeps what each said before, and the contest's public change log says it changed.

// update saves record (whose ID is id) after loading its previous state into before.
func (s *Store) update(entity string, id, contestID uint, summary string, before, record any) ([]change, error) {
	if err := s.db.First(before, id).Error; err != nil {
		return nil, fmt.Errorf("store: %s %d: %w", entity, id, notFound(err))
	}
	if err := s.db.Omit(clause.Associations).Save(record).Error; err != nil {
		return nil, fmt.Errorf("store: update %s: %w", entity, err)
	}
	return []change{{action: models.AuditEdit, entity: entity, entityID: id, contestID: contestID,
		summary: summary, before: before, after: record}}, nil
}

// create inserts record and reports it as created.
func (s *Store) createAudited(entity string, contestID uint, summary string, record any, id func() uint) ([]change, error) {
	if err := s.db.Omit(clause.Associations).Create(record).Error; err != nil {
		return nil, fmt.Errorf("store: create %s: %w", entity, err)
	}
	return []change{{action: models.AuditCreate, entity: entity, entityID: id(), contestID: contestID,
		summary: summary, after: record}}, nil
}
