package importer

import (
	"errors"
	"fmt"

	"github.com/backers/backers/internal/names"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// Options tune Apply.
type Options struct {
	// Progress, if set, is called after every ProgressEvery rows and once at the end with the
	// rows done and the total, so a large file shows it is moving.
	Progress func(done, total int)
	// ProgressEvery defaults to 5000 rows.
	ProgressEvery int
}

// NewContest is a contest an import creates.
type NewContest struct{ Slug, Title string }

// NewCandidate is a candidate an import creates in a contest.
type NewCandidate struct{ Contest, Slug, Name string }

// NewEndorser is an endorser an import creates.
type NewEndorser struct{ Slug, Name, Kind string }

// NewKind is an endorser kind an import creates.
type NewKind struct{ Slug, Name string }

// NewRule is a contest rule an import adds so that a kind of endorser it brings counts there,
// weighing 1 (a row's points, when given, override the weight for that event).
type NewRule struct {
	Contest, Kind string
	Weight        float64
}

// KindConflict is an existing endorser whose kind differs from the one a row gives. The
// endorser keeps its kind: kinds belong to the endorser across contests, and a row's points
// (when given) weigh its event anyway.
type KindConflict struct {
	Line               int
	Endorser, Has, Row string
}

// Skipped is a row whose event an import does not write: it is already recorded, or an
// earlier line of the same file holds it.
type Skipped struct {
	Line                              int
	Of                                int // the earlier line it repeats; 0 when already recorded
	Endorser, Candidate, Action, Date string
}

// Report says what an import wrote, or would write on a dry run.
type Report struct {
	DryRun        bool
	Rows          int
	Events        int            // events created (or to create): Rows less Recorded and Repeats
	Actions       map[string]int // events created by action
	Unsourced     int            // events created without a source URL
	Recorded      []Skipped      // rows whose event is already recorded (and not retracted), skipped
	Repeats       []Skipped      // rows repeating an earlier line's event, imported once
	Contests      []NewContest
	Kinds         []NewKind
	Rules         []NewRule
	Candidates    []NewCandidate
	Endorsers     []NewEndorser
	KindConflicts []KindConflict
	// Created is the events created (or to create) per contest and action, the contests in the
	// order of their first such event in the file.
	Created []ContestEvents
}

// ContestEvents is how many events of each action an import creates in one contest.
type ContestEvents struct {
	Contest string
	Actions map[string]int
}

// Preview says what applying the plan would create, reading the database but writing
// nothing. It finds the same problems Apply would (a new contest without a title, a new
// endorser without a kind), as Errors.
func Preview(st *store.Store, p *Plan) (*Report, error) {
	if len(p.Errors) > 0 {
		return nil, p.Errors
	}
	r, err := newResolver(st, false)
	if err != nil {
		return nil, err
	}
	return r.run(p, Options{})
}

// Apply writes the whole plan in one transaction: contests, kinds, candidates and endorsers
// that do not exist yet, then every event not already recorded (the same contest, endorser,
// candidate, action and date, not retracted) and not repeating an earlier line. If any row is
// bad nothing is written.
func Apply(st *store.Store, p *Plan, opt Options) (*Report, error) {
	if len(p.Errors) > 0 {
		return nil, p.Errors
	}
	var rep *Report
	err := st.Transaction(func(tx *store.Store) error {
		if err := tx.WritesInBulk(); err != nil {
			return err
		}
		r, err := newResolver(tx, true)
		if err != nil {
			return err
		}
		rep, err = r.run(p, opt)
		return err
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// palette colours new candidates in turn (Okabe and Ito's colour-blind-safe set).
var palette = []string{"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#000000"}

type contestState struct {
	c          *models.Contest
	slugs      map[string]bool              // candidate slugs taken
	candidates map[string]*models.Candidate // by lower-case name
	rules      map[string]bool              // kind slugs with a rule
	sort       int
}

// resolver finds or creates (when write is set) what each row refers to.
type resolver struct {
	st        *store.Store
	write     bool
	rep       *Report
	errs      Errors
	kinds     map[string]*models.Kind // by slug, lower-case name and plural
	kindByID  map[uint]*models.Kind
	kindSlugs map[string]bool
	contests  map[string]*contestState
	endorsers map[string]*models.Endorser // by lower-case name
	asked     map[string]bool             // names (folded) looked up in the database
	slugs     map[string]bool             // endorser slugs this import took
	slugTaken map[string]bool             // endorser slugs the database was asked about, and its answer
	created   map[string]map[string]int   // rep.Created's actions by contest slug
	conflicts map[*models.Endorser]bool
	noTitle   map[string]bool
	// Rows resolved since the last settle, checked against the database in one query there;
	// seen is every event of the file so far, for repeats.
	pending []pendingEvent
	seen    map[eventKey]*seenEvent
	// Written in batches by flush: new endorsers first (events need their IDs), then events,
	// each with the endorser it belongs to.
	newEndorsers []*models.Endorser
	events       []models.Event
	eventBy      []*models.Endorser
}

// batchRows is how many rows are read, resolved, checked for duplicates and written at once:
// their endorsers are looked up together, before the batch is resolved.
const batchRows = 1000

// eventKey is an event as a file names it: the same contest, endorser, candidate, action and
// day make the same event. Endorsers and candidates are the resolver's own, so new ones (with
// no ID yet) compare too.
type eventKey struct {
	contest   *contestState
	endorser  *models.Endorser
	candidate *models.Candidate
	action    string
	date      string
}

// seenEvent is the first line of the file holding an event, and whether it was recorded.
type seenEvent struct {
	line     int
	recorded bool
}

// pendingEvent is a resolved row waiting for settle.
type pendingEvent struct {
	line  int
	key   eventKey
	ev    models.Event
	first *seenEvent   // this row's event's first line: the row itself unless it repeats one
	kind  *models.Kind // the endorser's kind, which the contest must count
}

func newResolver(st *store.Store, write bool) (*resolver, error) {
	r := &resolver{st: st, write: write, rep: &Report{DryRun: !write, Actions: map[string]int{}},
		kinds: map[string]*models.Kind{}, kindByID: map[uint]*models.Kind{}, kindSlugs: map[string]bool{},
		contests: map[string]*contestState{}, endorsers: map[string]*models.Endorser{}, asked: map[string]bool{},
		slugs: map[string]bool{}, slugTaken: map[string]bool{}, created: map[string]map[string]int{},
		conflicts: map[*models.Endorser]bool{}, noTitle: map[string]bool{}, seen: map[eventKey]*seenEvent{}}
	kinds, err := st.Kinds()
	if err != nil {
		return nil, err
	}
	for i := range kinds {
		r.addKind(&kinds[i])
	}
	return r, nil
}

// lookUp finds the endorsers a batch of rows names that the import has not met yet, in a few
// queries, and asks at once whether the slugs the new ones would take are free.
func (r *resolver) lookUp(rows []Row) error {
	var wanted []string
	for _, row := range rows {
		if key := names.Fold(row.Endorser); !r.asked[key] {
			r.asked[key] = true
			if r.endorsers[key] == nil {
				wanted = append(wanted, row.Endorser)
			}
		}
	}
	if len(wanted) == 0 {
		return nil
	}
	found, err := r.st.EndorsersByName(wanted)
	if err != nil {
		return err
	}
	var slugs []string
	for _, name := range wanted {
		if e, ok := found[names.Fold(name)]; ok {
			r.endorsers[e.NameKey] = &e
		} else if slug := endorserSlug(name); !r.slugs[slug] {
			slugs = append(slugs, slug)
		}
	}
	taken, err := r.st.EndorserSlugsTaken(slugs)
	if err != nil {
		return err
	}
	for _, slug := range slugs {
		r.slugTaken[slug] = taken[slug]
	}
	return nil
}

// endorserSlug is the slug a new endorser's name gives first.
func endorserSlug(name string) string { return or(names.Slug(name), "endorser") }

func (r *resolver) addKind(k *models.Kind) {
	r.kindSlugs[k.Slug] = true
	for _, key := range []string{k.Slug, names.Fold(k.Name), names.Fold(k.Plural)} {
		if _, ok := r.kinds[key]; key != "" && !ok {
			r.kinds[key] = k
		}
	}
	if k.ID != 0 {
		r.kindByID[k.ID] = k
	}
}

func (r *resolver) fail(line int, col, reason string) {
	if len(r.errs) < MaxErrors {
		r.errs = append(r.errs, &RowError{Line: line, Column: col, Reason: reason})
	}
}

func (r *resolver) run(p *Plan, opt Options) (*Report, error) {
	every := opt.ProgressEvery
	if every <= 0 {
		every = 5000
	}
	done := 0
	batch := make([]Row, 0, batchRows)
	resolve := func() error {
		if err := r.lookUp(batch); err != nil {
			return err
		}
		for _, row := range batch {
			if err := r.row(p, row); err != nil {
				return err
			}
			if done++; opt.Progress != nil && done%every == 0 {
				opt.Progress(done, p.Len())
			}
		}
		batch = batch[:0]
		if err := r.settle(); err != nil {
			return err
		}
		return r.flush()
	}
	err := p.Each(func(row Row) error {
		if batch = append(batch, row); len(batch) == batchRows {
			return resolve()
		}
		return nil
	})
	if err == nil {
		err = resolve()
	}
	if err != nil {
		return nil, err
	}
	if len(r.errs) > 0 {
		return nil, r.errs
	}
	if opt.Progress != nil {
		opt.Progress(done, p.Len())
	}
	r.rep.Rows = done
	return r.rep, nil
}

// settle decides what becomes of the pending rows, with one query for the batch: a row whose
// event the database already holds is reported as recorded, a row repeating an earlier line
// as a repeat (or as recorded, when that line's event was), and the others are counted and,
// when writing, queued for flush.
func (r *resolver) settle() error {
	if len(r.errs) > 0 { // nothing will be written or reported
		r.pending = r.pending[:0]
		return nil
	}
	var keys []store.EventKey
	for _, p := range r.pending {
		// Only a first line whose contest, endorser and candidate all exist can be recorded
		// already; new ones (ID 0 on a dry run or until flush) have no events.
		if p.first.line == p.line && p.key.contest.c.ID != 0 && p.key.endorser.ID != 0 && p.key.candidate.ID != 0 {
			keys = append(keys, storeKey(p))
		}
	}
	found, err := r.st.RecordedEvents(keys)
	if err != nil {
		return err
	}
	for _, p := range r.pending {
		skip := Skipped{Line: p.line, Endorser: p.key.endorser.Name, Candidate: p.key.candidate.Name,
			Action: p.key.action, Date: p.key.date}
		switch {
		case p.first.line != skip.Line && p.first.recorded:
			r.rep.Recorded = append(r.rep.Recorded, skip)
		case p.first.line != skip.Line:
			skip.Of = p.first.line
			r.rep.Repeats = append(r.rep.Repeats, skip)
		case found[storeKey(p)]:
			p.first.recorded = true
			r.rep.Recorded = append(r.rep.Recorded, skip)
		default:
			if err := r.rule(p.key.contest, p.kind); err != nil {
				return err
			}
			r.rep.Events++
			r.rep.Actions[p.ev.Action]++
			slug := p.key.contest.c.Slug
			if r.created[slug] == nil {
				r.created[slug] = map[string]int{}
				r.rep.Created = append(r.rep.Created, ContestEvents{Contest: slug, Actions: r.created[slug]})
			}
			r.created[slug][p.ev.Action]++
			if p.ev.SourceURL == "" {
				r.rep.Unsourced++
			}
			if r.write {
				r.events = append(r.events, p.ev)
				r.eventBy = append(r.eventBy, p.key.endorser)
			}
		}
	}
	r.pending = r.pending[:0]
	return nil
}

func storeKey(p pendingEvent) store.EventKey {
	return store.EventKey{ContestID: p.key.contest.c.ID, EndorserID: p.key.endorser.ID, CandidateID: p.key.candidate.ID,
		Action: p.key.action, EffectiveOn: p.key.date}
}

func (r *resolver) flush() error {
	if !r.write || len(r.errs) > 0 {
		return nil
	}
	if err := r.st.CreateEndorsers(r.newEndorsers); err != nil {
		return err
	}
	r.newEndorsers = r.newEndorsers[:0]
	for i := range r.events {
		r.events[i].EndorserID = r.eventBy[i].ID
	}
	err := r.st.CreateEvents(r.events)
	r.events, r.eventBy = r.events[:0], r.eventBy[:0]
	return err
}

// row resolves one row and queues its event. Problems with the data go to r.errs; a
// returned error is the database failing.
func (r *resolver) row(p *Plan, row Row) error {
	cs, err := r.contest(p, row)
	if err != nil || cs == nil {
		return err
	}
	en, err := r.endorser(row)
	if err != nil || en == nil {
		return err
	}
	kind := r.kindByID[en.KindID]
	if kind == nil {
		kind = &en.Kind // a kind new on a dry run has no ID: the endorser holds it
	}
	cd, err := r.candidate(cs, row)
	if err != nil {
		return err
	}
	ev := models.Event{ContestID: cs.c.ID, EndorserID: en.ID, CandidateID: cd.ID, Action: row.Action,
		EffectiveOn: row.Date, DatePrecision: models.PrecisionDay, SourceURL: row.SourceURL,
		SourceTitle: row.SourceTitle, Quote: row.Quote, Verification: row.Status, Points: row.Points}
	if ev.Verification == "" {
		ev.Verification = models.VerificationReported
	}
	if ev.SourceURL == "" {
		ev.VerificationNote = "unsourced: imported without a source URL"
	}
	if len(r.errs) > 0 {
		return nil // the import fails: no need to keep the event
	}
	key := eventKey{contest: cs, endorser: en, candidate: cd, action: row.Action, date: row.Date}
	first := r.seen[key]
	if first == nil {
		first = &seenEvent{line: row.Line}
		r.seen[key] = first
	}
	r.pending = append(r.pending, pendingEvent{line: row.Line, key: key, ev: ev, first: first, kind: kind})
	return nil
}

// rule makes the endorser's kind count in the contest, weighing 1, if it does not yet: for an
// event the import writes, not for a row it skips.
func (r *resolver) rule(cs *contestState, kind *models.Kind) error {
	if cs.rules[kind.Slug] {
		return nil
	}
	cs.rules[kind.Slug] = true
	rule := models.ContestKind{ContestID: cs.c.ID, KindID: kind.ID, Weight: 1, SortOrder: len(cs.rules)}
	if r.write {
		if err := r.st.CreateContestKind(&rule); err != nil {
			return err
		}
	}
	r.rep.Rules = append(r.rep.Rules, NewRule{Contest: cs.c.Slug, Kind: kind.Slug, Weight: 1})
	return nil
}

func (r *resolver) contest(p *Plan, row Row) (*contestState, error) {
	if cs, ok := r.contests[row.Contest]; ok {
		return cs, nil
	}
	c, err := r.st.Contest(row.Contest)
	switch {
	case err == nil:
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	case p.titles[row.Contest] == "":
		if !r.noTitle[row.Contest] {
			r.noTitle[row.Contest] = true
			r.fail(p.firstLine[row.Contest], "contest_title", fmt.Sprintf("there is no contest %q: give its title in contest_title to create it", row.Contest))
		}
		return nil, nil
	default:
		c = &models.Contest{Slug: row.Contest, Title: p.titles[row.Contest]}
		if r.write {
			if err := r.st.CreateContest(c); err != nil {
				return nil, err
			}
		}
		r.rep.Contests = append(r.rep.Contests, NewContest{Slug: c.Slug, Title: c.Title})
	}
	cs := &contestState{c: c, slugs: map[string]bool{}, candidates: map[string]*models.Candidate{}, rules: map[string]bool{}}
	for _, cd := range c.Candidates {
		cs.slugs[cd.Slug] = true
		cs.sort = max(cs.sort, cd.SortOrder+1)
	}
	for _, ck := range c.Kinds {
		cs.rules[ck.Kind.Slug] = true
	}
	r.contests[row.Contest] = cs
	return cs, nil
}

func (r *resolver) candidate(cs *contestState, row Row) (*models.Candidate, error) {
	key := names.Fold(row.Candidate)
	if cd, ok := cs.candidates[key]; ok {
		return cd, nil
	}
	if cs.c.ID != 0 {
		cd, err := r.st.CandidateByName(cs.c.ID, row.Candidate)
		if err == nil {
			cs.candidates[key] = cd
			return cd, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	slug, _ := names.Unique(or(names.Slug(row.Candidate), "candidate"), func(s string) (bool, error) { return cs.slugs[s], nil })
	cs.slugs[slug] = true
	cd := &models.Candidate{ContestID: cs.c.ID, Slug: slug, Name: row.Candidate, Status: models.CandidateDeclared,
		Colour: palette[cs.sort%len(palette)], SortOrder: cs.sort}
	cs.sort++
	if r.write {
		if err := r.st.CreateCandidate(cd); err != nil {
			return nil, err
		}
	}
	cs.candidates[key] = cd
	r.rep.Candidates = append(r.rep.Candidates, NewCandidate{Contest: cs.c.Slug, Slug: slug, Name: cd.Name})
	return cd, nil
}

func (r *resolver) endorser(row Row) (*models.Endorser, error) {
	key := names.Fold(row.Endorser)
	if en, ok := r.endorsers[key]; ok {
		if row.Kind != "" && !r.conflicts[en] {
			if k := r.findKind(row.Kind); k == nil || k.Slug != r.kindSlugOf(en) {
				r.conflicts[en] = true
				r.rep.KindConflicts = append(r.rep.KindConflicts, KindConflict{Line: row.Line,
					Endorser: en.Name, Has: r.kindSlugOf(en), Row: row.Kind})
			}
		}
		return en, nil
	}
	if row.Kind == "" {
		r.fail(row.Line, "kind", fmt.Sprintf("there is no endorser %q: give its kind to create it", row.Endorser))
		return nil, nil
	}
	kind, err := r.kind(row.Kind)
	if err != nil {
		return nil, err
	}
	slug, err := names.Unique(endorserSlug(row.Endorser), func(s string) (bool, error) {
		if r.slugs[s] {
			return true, nil
		}
		if taken, asked := r.slugTaken[s]; asked {
			return taken, nil
		}
		return r.st.EndorserSlugTaken(s)
	})
	if err != nil {
		return nil, err
	}
	r.slugs[slug] = true
	en := &models.Endorser{Slug: slug, Name: row.Endorser, KindID: kind.ID, Region: row.Region}
	if r.write {
		r.newEndorsers = append(r.newEndorsers, en) // created by flush, in batches
	} else {
		en.Kind = *kind // no IDs on a dry run: remember the kind itself
	}
	r.endorsers[key] = en
	r.rep.Endorsers = append(r.rep.Endorsers, NewEndorser{Slug: slug, Name: en.Name, Kind: kind.Slug})
	return en, nil
}

func (r *resolver) kindSlugOf(en *models.Endorser) string {
	if k := r.kindByID[en.KindID]; k != nil && en.KindID != 0 {
		return k.Slug
	}
	return en.Kind.Slug
}

// findKind matches a kind as written in a file to a known kind: by slug, name or plural,
// ignoring case ("CLP", "clp", "Constituency Labour Party", "CLPs" are all the same).
func (r *resolver) findKind(name string) *models.Kind {
	if k, ok := r.kinds[names.Fold(name)]; ok {
		return k
	}
	return r.kinds[names.Slug(name)]
}

func (r *resolver) kind(name string) (*models.Kind, error) {
	if k := r.findKind(name); k != nil {
		return k, nil
	}
	slug, err := names.Unique(or(names.Slug(name), "kind"), func(s string) (bool, error) {
		if r.kindSlugs[s] {
			return true, nil
		}
		return r.st.KindSlugTaken(s)
	})
	if err != nil {
		return nil, err
	}
	k := &models.Kind{Slug: slug, Name: name}
	if r.write {
		got, _, err := r.st.EnsureKind(*k)
		if err != nil {
			return nil, err
		}
		k = got
	}
	r.addKind(k)
	r.rep.Kinds = append(r.rep.Kinds, NewKind{Slug: k.Slug, Name: k.Name})
	return k, nil
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
