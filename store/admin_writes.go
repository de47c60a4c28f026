package store

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"gorm.io/gorm/clause"

	"github.com/backers/backers/models"
)

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

// AddEndorser creates an endorser, giving it a unique slug from its name when it has none.
func (ed *Editor) AddEndorser(e *models.Endorser) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		ch, err := tx.addEndorser(e)
		return []change{ch}, err
	})
}

func (s *Store) addEndorser(e *models.Endorser) (change, error) {
	if e.Slug == "" {
		slug, err := s.freeSlug("endorsers", adminSlug(e.Name))
		if err != nil {
			return change{}, err
		}
		e.Slug = slug
	}
	if err := s.db.Omit(clause.Associations).Create(e).Error; err != nil {
		return change{}, fmt.Errorf("store: create endorser: %w", err)
	}
	return change{action: models.AuditCreate, entity: "endorser", entityID: e.ID, summary: "New endorser: " + e.Name, after: e}, nil
}

// UpdateEndorser saves changes to an endorser.
func (ed *Editor) UpdateEndorser(e *models.Endorser) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var before models.Endorser
		changes, err := tx.update("endorser", e.ID, 0, "Endorser edited: "+e.Name, &before, e)
		if err != nil {
			return nil, err
		}
		// Its kind decides the kind and weight of its support in every contest.
		return changes, tx.endorserChanged(e.ID)
	})
}

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

// AddContest creates a contest (without rules or candidates: add those after).
func (ed *Editor) AddContest(c *models.Contest) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		n, err := tx.count(&models.Contest{}, "slug = ?", c.Slug)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, ErrDuplicate
		}
		return tx.createAudited("contest", 0, "New contest: "+c.Title, c, func() uint { return c.ID })
	})
}

// UpdateContest saves a contest's own fields.
func (ed *Editor) UpdateContest(c *models.Contest) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var before models.Contest
		return tx.update("contest", c.ID, c.ID, "Contest details edited", &before, c)
	})
}

// SaveContestKind adds a rule to a contest or, when the kind already counts, changes it.
func (ed *Editor) SaveContestKind(ck *models.ContestKind) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var existing models.ContestKind
		err := tx.db.Where("contest_id = ? AND kind_id = ?", ck.ContestID, ck.KindID).First(&existing).Error
		var changes []change
		switch {
		case errors.Is(notFound(err), ErrNotFound):
			changes, err = tx.createAudited("rule", ck.ContestID, "Rule added", ck, func() uint { return ck.ID })
		case err != nil:
			return nil, fmt.Errorf("store: contest kind: %w", err)
		default:
			ck.ID = existing.ID
			var before models.ContestKind
			changes, err = tx.update("rule", ck.ID, ck.ContestID, "Rule changed", &before, ck)
		}
		if err != nil {
			return nil, err
		}
		// The kind's weight is the points of its events that carry none of their own.
		return changes, tx.ruleChanged(ck.ContestID, ck.KindID)
	})
}

// AddThreshold adds a nomination threshold to a contest.
func (ed *Editor) AddThreshold(t *models.Threshold) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		return tx.createAudited("threshold", t.ContestID, "Threshold added: "+t.Name, t, func() uint { return t.ID })
	})
}

// AddCandidate adds a candidate to a contest.
func (ed *Editor) AddCandidate(c *models.Candidate) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		n, err := tx.count(&models.Candidate{}, "contest_id = ? AND slug = ?", c.ContestID, c.Slug)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, ErrDuplicate
		}
		return tx.createAudited("candidate", c.ContestID, "New candidate: "+c.Name, c, func() uint { return c.ID })
	})
}

// UpdateCandidate saves a candidate: status, withdrawal and the rest.
func (ed *Editor) UpdateCandidate(c *models.Candidate) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var before models.Candidate
		return tx.update("candidate", c.ID, c.ContestID, "Candidate edited: "+c.Name+" ("+c.Status+")", &before, c)
	})
}

// AddReportedTally records a published count.
func (ed *Editor) AddReportedTally(t *models.ReportedTally) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		return tx.createAudited("tally", t.ContestID, fmt.Sprintf("Reported tally as of %s: %d", t.AsOf, t.Count), t, func() uint { return t.ID })
	})
}

// AddPoll records a poll with its values.
func (ed *Editor) AddPoll(p *models.Poll) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		if err := tx.db.Create(p).Error; err != nil { // values go in with it
			return nil, fmt.Errorf("store: create poll: %w", err)
		}
		after, err := tx.pollSnapshot(p)
		if err != nil {
			return nil, err
		}
		return []change{{action: models.AuditCreate, entity: "poll", entityID: p.ID, contestID: p.ContestID,
			summary: "Poll by " + p.Pollster + ", fieldwork to " + p.FieldworkEnd, after: after}}, nil
	})
}

// AddOdds records a bookmaker's price.
func (ed *Editor) AddOdds(o *models.Odds) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		return tx.createAudited("odds", o.ContestID, fmt.Sprintf("Odds from %s on %s: %d/%d", o.Bookmaker, o.QuotedOn, o.Numerator, o.Denominator), o, func() uint { return o.ID })
	})
}

// AddFigure records a dated figure.
func (ed *Editor) AddFigure(f *models.Figure) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		return tx.createAudited("figure", f.ContestID, fmt.Sprintf("Figure %s %s as of %s", f.Series, f.Category, f.AsOf), f, func() uint { return f.ID })
	})
}

// ReviewReport accepts or rejects a public report with a note.
func (ed *Editor) ReviewReport(id uint, status, note string) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var r models.Report
		if err := tx.db.First(&r, id).Error; err != nil {
			return nil, fmt.Errorf("store: report %d: %w", id, notFound(err))
		}
		if r.Status != models.ReportOpen {
			return nil, ErrDuplicate
		}
		before := r
		now := tx.now().UTC()
		r.Status, r.ReviewNote, r.ReviewedBy, r.ReviewedAt = status, note, &ed.actor.UserID, &now
		if err := tx.db.Save(&r).Error; err != nil {
			return nil, fmt.Errorf("store: review report: %w", err)
		}
		action := models.AuditReject
		if status == models.ReportAccepted {
			action = models.AuditAccept
		}
		return []change{{action: action, entity: "report", entityID: r.ID, summary: "Report " + status, before: before, after: r}}, nil
	})
}

func (s *Store) count(model any, where string, args ...any) (int64, error) {
	var n int64
	if err := s.db.Model(model).Where(where, args...).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return n, nil
}

// freeSlug returns base, or base-2, base-3... whichever is not yet used in table.
func (s *Store) freeSlug(table, base string) (string, error) {
	if base == "" {
		base = "endorser"
	}
	for i := 1; ; i++ {
		slug := base
		if i > 1 {
			slug = base + "-" + strconv.Itoa(i)
		}
		var n int64
		if err := s.db.Table(table).Where("slug = ?", slug).Count(&n).Error; err != nil {
			return "", fmt.Errorf("store: free slug: %w", err)
		}
		if n == 0 {
			return slug, nil
		}
	}
}

// adminSlug turns a name into a URL slug: "Unite the Union" -> "unite-the-union".
func adminSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 100 {
		out = strings.TrimSuffix(out[:100], "-")
	}
	return out
}

// CreateReport stores a reader's report.
func (s *Store) CreateReport(r *models.Report) error {
	if err := s.db.Create(r).Error; err != nil {
		return fmt.Errorf("store: create report: %w", err)
	}
	return nil
}

// Report returns one public report.
func (s *Store) Report(id uint) (*models.Report, error) {
	var r models.Report
	if err := s.db.First(&r, id).Error; err != nil {
		return nil, fmt.Errorf("store: report %d: %w", id, notFound(err))
	}
	return &r, nil
}

// Reports lists reports in a state ("" for all), oldest open first.
func (s *Store) Reports(status string) ([]models.Report, error) {
	q := s.db.Order("created_at, id")
	if status != "" {
		q = q.Where("status = ?", status)
	}
	var rs []models.Report
	if err := q.Limit(500).Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("store: reports: %w", err)
	}
	return rs, nil
}

// AddUser creates an account; the caller has hashed the password (which the trail never holds).
func (ed *Editor) AddUser(u *models.User) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		n, err := tx.count(&models.User{}, "LOWER(email) = LOWER(?)", u.Email)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, ErrDuplicate
		}
		return tx.createAudited("user", 0, "New "+u.Role+": "+u.Email, u, func() uint { return u.ID })
	})
}
