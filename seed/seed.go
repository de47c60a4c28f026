// Package seed loads the real contests from readable JSON data files kept beside it, each
// record with its source: the 2015, 2016 and 2020 Labour leadership elections. It runs on every
// start. Loading is idempotent and upgrades an older seed in place, through the store's normal
// create methods: each record of a file has a seed key made of the file's own fields, and the
// database keeps the keys of the records applied (models.SeedRecord). A record applied once is
// never applied again, however an admin has since corrected it (its endorser, candidate,
// action, count, date, source or name included), retracted it or removed its row: a retracted
// seeded event stays retracted, and a removed one stays removed. Only the fields an older seed
// did not write are filled in where its row has none. A database seeded before the keys were
// kept has its rows matched to the file's records once, by the natural keys the seed used then,
// and their keys recorded.
package seed

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

//go:embed labour-2016.json
var labour2016 []byte

//go:embed labour-2015.json
var labour2015 []byte

//go:embed labour-2020.json
var labour2020 []byte

// Files are the seed's data files in load order. 2016 comes first: it is the featured contest
// and defines the endorsers the other two share with it.
var Files = []struct {
	Slug string
	Data []byte
}{{"labour-2016", labour2016}, {"labour-2015", labour2015}, {"labour-2020", labour2020}}

// All loads every seeded contest, adding whatever is missing, and returns how many records it
// added per contest slug (none on a database already up to date).
func All(st *store.Store) (added map[string]int, err error) {
	added = map[string]int{}
	for _, f := range Files {
		n, err := Load(st, f.Data)
		if err != nil {
			return added, err
		}
		if n > 0 {
			added[f.Slug] = n
		}
	}
	return added, nil
}

// Labour2016 loads the 2016 Labour leadership election alone, for tests that need one contest.
func Labour2016(st *store.Store) (loaded bool, err error) {
	n, err := Load(st, labour2016)
	return n > 0, err
}

// File is the shape of a seed data file.
type File struct {
	Kinds      []models.Kind `json:"kinds"`
	Contest    contestJSON   `json:"contest"`
	Candidates []struct {
		Slug             string `json:"slug"`
		Name             string `json:"name"`
		Colour           string `json:"colour"`
		Incumbent        bool   `json:"incumbent"`
		Status           string `json:"status"`
		WithdrawnOn      string `json:"withdrawn_on"`
		WithdrawalReason string `json:"withdrawal_reason"`
	} `json:"candidates"`
	Endorsers []struct {
		Slug                string `json:"slug"`
		Name                string `json:"name"`
		Kind                string `json:"kind"`
		Region              string `json:"region"`
		Role                string `json:"role"`
		Membership          *int   `json:"membership"`
		MembershipNote      string `json:"membership_note"`
		MembershipSourceURL string `json:"membership_source_url"`
		ExternalURL         string `json:"external_url"`
	} `json:"endorsers"`
	// Roster entries say an endorser was eligible; with a status, what a source says of one
	// that backed no one (did not nominate, suspended, declined, neutral, undeclared).
	Roster []struct {
		Endorser    string `json:"endorser"`
		Status      string `json:"status"`
		Date        string `json:"date"`
		Precision   string `json:"precision"`
		Note        string `json:"note"`
		SourceURL   string `json:"source_url"`
		SourceTitle string `json:"source_title"`
	} `json:"roster"`
	Events []struct {
		Endorser              string   `json:"endorser"`
		Candidate             string   `json:"candidate"`
		Action                string   `json:"action"`
		Date                  string   `json:"date"`
		Precision             string   `json:"precision"`
		DateNote              string   `json:"date_note"`
		SourceURL             string   `json:"source_url"`
		SourceTitle           string   `json:"source_title"`
		AlsoSourceURL         string   `json:"also_source_url"`
		AlsoSourceTitle       string   `json:"also_source_title"`
		Quote                 string   `json:"quote"`
		Verification          string   `json:"verification"`
		VerificationNote      string   `json:"verification_note"`
		Role                  string   `json:"role"`
		Process               string   `json:"process"`
		VotesFor              *int     `json:"votes_for"`
		VotesAgainst          *int     `json:"votes_against"`
		Turnout               *int     `json:"turnout"`
		TurnoutOther          *int     `json:"turnout_other"`
		TurnoutOtherSource    string   `json:"turnout_other_source"`
		TurnoutOtherSourceURL string   `json:"turnout_other_source_url"`
		Points                *float64 `json:"points"`
		// Corrects says what an earlier seed wrote in some of the event's fields (by their
		// names here) that this record corrects: on a database that seed reached, each field
		// still holding what it wrote is set to this record's value, and one an admin has
		// since changed is kept.
		Corrects map[string]string `json:"corrects"`
	} `json:"events"`
	Tallies []struct {
		Kind             string `json:"kind"`
		Candidate        string `json:"candidate"` // "" for the undeclared
		Count            int    `json:"count"`
		AsOf             string `json:"as_of"`
		Precision        string `json:"precision"`
		SourceURL        string `json:"source_url"`
		SourceTitle      string `json:"source_title"`
		Verification     string `json:"verification"`
		Note             string `json:"note"`
		OtherCount       *int   `json:"other_count"`
		OtherSourceURL   string `json:"other_source_url"`
		OtherSourceTitle string `json:"other_source_title"`
	} `json:"tallies"`
	Polls []struct {
		Pollster          string `json:"pollster"`
		Population        string `json:"population"`
		FieldworkStart    string `json:"fieldwork_start"`
		FieldworkEnd      string `json:"fieldwork_end"`
		Precision         string `json:"precision"`
		SampleSize        *int   `json:"sample_size"`
		IncludesDontKnows bool   `json:"includes_dont_knows"`
		SourceURL         string `json:"source_url"`
		Note              string `json:"note"`
		Values            []struct {
			Candidate string  `json:"candidate"`
			Option    string  `json:"option"`
			Percent   float64 `json:"percent"`
		} `json:"values"`
	} `json:"polls"`
	Odds []struct {
		Bookmaker string `json:"bookmaker"`
		Candidate string `json:"candidate"`
		Date      string `json:"date"`
		Precision string `json:"precision"`
		Odds      string `json:"odds"` // fractional, "9/2"
		SourceURL string `json:"source_url"`
		Note      string `json:"note"`
	} `json:"odds"`
	Figures []struct {
		Series           string   `json:"series"`
		Category         string   `json:"category"`
		Candidate        string   `json:"candidate"`
		Value            float64  `json:"value"`
		Unit             string   `json:"unit"`
		AsOf             string   `json:"as_of"`
		Precision        string   `json:"precision"`
		SourceURL        string   `json:"source_url"`
		Verification     string   `json:"verification"`
		Note             string   `json:"note"`
		OtherValue       *float64 `json:"other_value"`
		OtherSourceURL   string   `json:"other_source_url"`
		OtherSourceTitle string   `json:"other_source_title"`
	} `json:"figures"`
}

type contestJSON struct {
	Slug               string `json:"slug"`
	Party              string `json:"party"`
	Title              string `json:"title"`
	Summary            string `json:"summary"`
	OpensOn            string `json:"opens_on"`
	NominationsCloseOn string `json:"nominations_close_on"`
	BallotsOutOn       string `json:"ballots_out_on"`
	BallotClosesOn     string `json:"ballot_closes_on"`
	ResultOn           string `json:"result_on"`
	Status             string `json:"status"`
	Methodology        string `json:"methodology"`
	Featured           bool   `json:"featured"`
	Rules              []struct {
		Kind            string  `json:"kind"`
		Weight          float64 `json:"weight"`
		Denominator     *int    `json:"denominator"`
		DenominatorNote string  `json:"denominator_note"`
		SourceURL       string  `json:"source_url"`
		// Another source's count, where the sources disagree: shown beside the one used.
		OtherDenominator *int   `json:"other_denominator"`
		OtherSourceURL   string `json:"other_source_url"`
		OtherSourceTitle string `json:"other_source_title"`
	} `json:"rules"`
	Thresholds []struct {
		Name      string  `json:"name"`
		Kinds     string  `json:"kinds"`
		AppliesTo string  `json:"applies_to"`
		Percent   float64 `json:"percent"`
		Required  int     `json:"required"`
		Of        int     `json:"of"`
		Note      string  `json:"note"`
		SourceURL string  `json:"source_url"`
		// Another source's figures, where the sources disagree: shown beside those used.
		OtherRequired    *int   `json:"other_required"`
		OtherOf          *int   `json:"other_of"`
		OtherSourceURL   string `json:"other_source_url"`
		OtherSourceTitle string `json:"other_source_title"`
	} `json:"thresholds"`
	KeyDates []struct {
		Name      string `json:"name"`
		Date      string `json:"date"`
		Precision string `json:"precision"`
		SourceURL string `json:"source_url"`
		Note      string `json:"note"`
	} `json:"key_dates"`
}

// Parse reads one seed file, refusing fields it does not know (a typo would drop a fact).
func Parse(data []byte) (*File, error) {
	var f File
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("seed: parse: %w", err)
	}
	return &f, nil
}

// Load loads one seed file in a single transaction, applying the records it has not applied
// before, and returns how many rows it added or filled in.
func Load(st *store.Store, data []byte) (added int, err error) {
	f, err := Parse(data)
	if err != nil {
		return 0, err
	}
	l := &loader{f: f, kinds: map[string]uint{}, candidates: map[string]uint{}, endorsers: map[string]uint{}, seen: map[string]bool{}}
	err = st.Transaction(func(tx *store.Store) error {
		l.st = tx
		if err := tx.WritesInBulk(); err != nil {
			return err
		}
		applied, err := tx.SeedRecords()
		if err != nil {
			return err
		}
		l.applied = applied
		return l.load()
	})
	if err != nil {
		return 0, fmt.Errorf("seed: load %s: %w", f.Contest.Slug, err)
	}
	return l.added, nil
}

// loader applies one file's records that the seed has not applied before, counting the rows
// it adds or fills in.
type loader struct {
	st         *store.Store
	f          *File
	c          *models.Contest
	kinds      map[string]uint
	candidates map[string]uint
	endorsers  map[string]uint
	applied    map[string]models.SeedRecord // by seed key, as the database holds them
	seen       map[string]bool              // the seed keys of this file met so far
	added      int
}

func (l *loader) load() error {
	if err := l.loadKinds(); err != nil {
		return err
	}
	if err := l.loadContest(); err != nil || l.c == nil {
		return err
	}
	steps := []func() error{l.loadRules, l.loadThresholds, l.loadKeyDates, l.loadCandidates, l.loadEndorsers, l.loadRoster,
		l.loadEvents, l.loadTallies, l.loadPolls, l.loadOdds, l.loadFigures}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// Seed keys name each record of the files by the file's own fields: the natural key the seed
// has always matched records by ("labour-2016/event/southport-clp/jeremy-corbyn/endorse",
// "labour-2020/tally/clp/keir-starmer/2020-02-14/373"), never what the record's row holds now.
// Endorsers and kinds are shared by the contests, and so are their keys. Two records of a file
// may not share a key. A correction to the file of a field a key is made of makes the record a
// new one: on a database the old record reached, it is added beside the old.

// key is the seed key of a record of the file's contest: its entity and identifying fields.
func (l *loader) key(entity string, fields ...string) string {
	return l.f.Contest.Slug + "/" + entity + "/" + strings.Join(fields, "/")
}

// orNone names a record's candidate in its key, "none" for the undeclared.
func orNone(slug string) string {
	if slug == "" {
		return "none"
	}
	return slug
}

// apply applies one record of the file once, and returns the ID of its row. A record the seed
// has applied before (its key recorded) is left as it is, whatever an admin has since made of
// its row, retracted or removed it: only fill, where not nil, gives the row the fields an older
// seed did not write. A record not applied before is matched by match (nil: no matching) to
// the row an older seed made of it on a database seeded before seed keys were kept, or else
// created by create; either way its key is recorded, so the matching by natural key happens
// once.
func (l *loader) apply(key string, model any, match func() (uint, error), create func() (uint, error),
	fill func(id uint) (int64, error)) (uint, error) {
	if l.seen[key] {
		return 0, fmt.Errorf("two records have the seed key %q: tell them apart by a field of the key", key)
	}
	l.seen[key] = true
	filled := func(id uint) (uint, error) {
		if fill == nil {
			return id, nil
		}
		n, err := fill(id)
		l.added += int(n)
		return id, err
	}
	if r, ok := l.applied[key]; ok {
		return filled(r.RowID)
	}
	var id uint
	var err error
	if match != nil {
		if id, err = match(); err != nil {
			return 0, err
		}
	}
	created := id == 0
	if created {
		if id, err = create(); err != nil {
			return 0, err
		}
		l.added++
	}
	r, err := l.st.RecordSeed(key, model, id)
	if err != nil {
		return 0, err
	}
	l.applied[key] = r
	if created {
		return id, nil
	}
	return filled(id)
}

// found turns a lookup by a unique natural key into the ID match returns: 0 when not there.
func found(id uint, err error) (uint, error) {
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	return id, err
}

func (l *loader) loadKinds() error {
	for _, k := range l.f.Kinds {
		// An older seed's kind gains the kinds it covers, which it lacked (fill).
		id, err := l.apply("kind/"+k.Slug, &models.Kind{},
			func() (uint, error) { got, err := l.st.Kind(k.Slug); return found(idOf(got, err, kindID)) },
			func() (uint, error) { got, _, err := l.st.EnsureKind(k); return idOf(got, err, kindID) },
			func(uint) (int64, error) { return l.st.FillKindCovers(&k) })
		if err != nil {
			return err
		}
		l.kinds[k.Slug] = id
	}
	return nil
}

func kindID(k *models.Kind) uint { return k.ID }

// idOf is the ID of what a lookup found, passing its error on.
func idOf[T any](v *T, err error, id func(*T) uint) (uint, error) {
	if err != nil {
		return 0, err
	}
	return id(v), nil
}

func (l *loader) kind(slug string) (uint, error) {
	if id, ok := l.kinds[slug]; ok {
		return id, nil
	}
	k, err := l.st.Kind(slug)
	if err != nil {
		return 0, fmt.Errorf("unknown kind %q: %w", slug, err)
	}
	l.kinds[slug] = k.ID
	return k.ID, nil
}

// loadContest creates the contest, or finds the one the seed created before. An existing
// contest's own fields are left as they are: an admin may have edited them. A contest the seed
// created and an admin has since removed stays removed, and l.c is nil: nothing more of the
// file is applied.
func (l *loader) loadContest() error {
	cj := l.f.Contest
	id, err := l.apply("contest/"+cj.Slug, &models.Contest{},
		func() (uint, error) {
			c, err := l.st.Contest(cj.Slug)
			return found(idOf(c, err, func(c *models.Contest) uint { return c.ID }))
		},
		func() (uint, error) {
			c := &models.Contest{Slug: cj.Slug, Party: cj.Party, Title: cj.Title, Summary: cj.Summary,
				OpensOn: cj.OpensOn, NominationsCloseOn: cj.NominationsCloseOn, BallotsOutOn: cj.BallotsOutOn, BallotClosesOn: cj.BallotClosesOn,
				ResultOn: cj.ResultOn, Status: cj.Status, Methodology: cj.Methodology, Featured: cj.Featured}
			err := l.st.CreateContest(c)
			return c.ID, err
		}, nil)
	if err != nil {
		return err
	}
	l.c, err = l.st.ContestByID(id)
	if errors.Is(err, store.ErrNotFound) {
		l.c = nil
		return nil
	}
	return err
}

// loadRules adds the rules the contest lacks, and gives a rule an older seed wrote the other
// source's figure it lacked.
func (l *loader) loadRules() error {
	for i, r := range l.f.Contest.Rules {
		kid, err := l.kind(r.Kind)
		if err != nil {
			return err
		}
		ck := models.ContestKind{ContestID: l.c.ID, KindID: kid, Weight: r.Weight, Denominator: r.Denominator,
			DenominatorNote: r.DenominatorNote, SourceURL: r.SourceURL, SortOrder: i,
			OtherDenominator: r.OtherDenominator, OtherSourceURL: r.OtherSourceURL, OtherSourceTitle: r.OtherSourceTitle}
		_, err = l.apply(l.key("rule", r.Kind), &models.ContestKind{},
			func() (uint, error) { return ruleID(l.c, kid), nil },
			func() (uint, error) { err := l.st.CreateContestKind(&ck); return ck.ID, err },
			func(id uint) (int64, error) { fill := ck; fill.ID = id; return l.st.FillRuleOtherFigure(&fill) })
		if err != nil {
			return err
		}
	}
	return nil
}

// ruleID is the ID of the contest's rule for a kind, 0 for none.
func ruleID(c *models.Contest, kindID uint) uint {
	for _, ck := range c.Kinds {
		if ck.KindID == kindID {
			return ck.ID
		}
	}
	return 0
}

// loadThresholds adds the thresholds the seed has not applied, and gives one an older seed
// wrote the other source's figures it lacked.
func (l *loader) loadThresholds() error {
	for _, t := range l.f.Contest.Thresholds {
		th := models.Threshold{ContestID: l.c.ID, Name: t.Name, KindSlugs: t.Kinds, AppliesTo: t.AppliesTo,
			Percent: t.Percent, Required: t.Required, Of: t.Of, Note: t.Note, SourceURL: t.SourceURL,
			OtherRequired: t.OtherRequired, OtherOf: t.OtherOf, OtherSourceURL: t.OtherSourceURL, OtherSourceTitle: t.OtherSourceTitle}
		_, err := l.apply(l.key("threshold", t.Name), &models.Threshold{},
			func() (uint, error) { return l.st.UnkeyedThreshold(l.c.ID, t.Name) },
			func() (uint, error) { err := l.st.CreateThreshold(&th); return th.ID, err },
			func(id uint) (int64, error) { fill := th; fill.ID = id; return l.st.FillThresholdOtherFigure(&fill) })
		if err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadKeyDates() error {
	for i, k := range l.f.Contest.KeyDates {
		_, err := l.apply(l.key("key-date", k.Name), &models.KeyDate{},
			func() (uint, error) { return l.st.UnkeyedKeyDate(l.c.ID, k.Name) },
			func() (uint, error) {
				kd := models.KeyDate{ContestID: l.c.ID, Name: k.Name, Date: k.Date,
					DatePrecision: or(k.Precision, models.PrecisionDay), SourceURL: k.SourceURL, Note: k.Note, SortOrder: i}
				err := l.st.CreateKeyDate(&kd)
				return kd.ID, err
			}, nil)
		if err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadCandidates() error {
	for i, cd := range l.f.Candidates {
		id, err := l.apply(l.key("candidate", cd.Slug), &models.Candidate{},
			func() (uint, error) {
				got, err := l.st.Candidate(l.c.ID, cd.Slug)
				return found(idOf(got, err, func(c *models.Candidate) uint { return c.ID }))
			},
			func() (uint, error) {
				m := models.Candidate{ContestID: l.c.ID, Slug: cd.Slug, Name: cd.Name, Colour: cd.Colour, Incumbent: cd.Incumbent,
					Status: cd.Status, WithdrawnOn: cd.WithdrawnOn, WithdrawalReason: cd.WithdrawalReason, SortOrder: i}
				err := l.st.CreateCandidate(&m)
				return m.ID, err
			}, nil)
		if err != nil {
			return err
		}
		l.candidates[cd.Slug] = id
	}
	return nil
}

func (l *loader) candidate(slug string) (uint, error) {
	if id, ok := l.candidates[slug]; ok {
		return id, nil
	}
	return 0, fmt.Errorf("unknown candidate %q", slug)
}

func (l *loader) optionalCandidate(slug string) (*uint, error) {
	if slug == "" {
		return nil, nil
	}
	id, err := l.candidate(slug)
	return &id, err
}

// loadEndorsers reuses an endorser another contest (or an admin) already created under the
// same slug: endorsers live across contests, and their edited details are kept.
func (l *loader) loadEndorsers() error {
	for _, ej := range l.f.Endorsers {
		id, err := l.apply("endorser/"+ej.Slug, &models.Endorser{},
			func() (uint, error) {
				got, err := l.st.Endorser(ej.Slug)
				return found(idOf(got, err, func(e *models.Endorser) uint { return e.ID }))
			},
			func() (uint, error) {
				kid, err := l.kind(ej.Kind)
				if err != nil {
					return 0, fmt.Errorf("endorser %s: %w", ej.Slug, err)
				}
				e := models.Endorser{Slug: ej.Slug, Name: ej.Name, KindID: kid, Region: ej.Region, Role: ej.Role,
					Membership: ej.Membership, MembershipNote: ej.MembershipNote, MembershipSourceURL: ej.MembershipSourceURL,
					ExternalURL: ej.ExternalURL}
				err = l.st.CreateEndorser(&e)
				return e.ID, err
			}, nil)
		if err != nil {
			return err
		}
		l.endorsers[ej.Slug] = id
	}
	return nil
}

func (l *loader) endorser(slug string) (uint, error) {
	if id, ok := l.endorsers[slug]; ok {
		return id, nil
	}
	return 0, fmt.Errorf("unknown endorser %q", slug)
}

func (l *loader) loadRoster() error {
	for _, r := range l.f.Roster {
		eid, err := l.endorser(r.Endorser)
		if err != nil {
			return err
		}
		entry := models.RosterEntry{ContestID: l.c.ID, EndorserID: eid, Status: r.Status, Date: r.Date,
			DatePrecision: r.Precision, Note: r.Note, SourceURL: r.SourceURL, SourceTitle: r.SourceTitle}
		_, err = l.apply(l.key("roster", r.Endorser), &models.RosterEntry{},
			func() (uint, error) { return l.st.UnkeyedRosterEntry(l.c.ID, eid) },
			func() (uint, error) { err := l.st.CreateRosterEntry(&entry); return entry.ID, err },
			// an older seed's entry: give it what it lacked, keep what it has
			func(id uint) (int64, error) { fill := entry; fill.ID = id; return l.st.FillRosterEntry(&fill) })
		if err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadEvents() error {
	for _, ev := range l.f.Events {
		eid, err := l.endorser(ev.Endorser)
		if err != nil {
			return err
		}
		cid, err := l.candidate(ev.Candidate)
		if err != nil {
			return err
		}
		e := models.Event{ContestID: l.c.ID, EndorserID: eid, CandidateID: cid, Action: ev.Action, EffectiveOn: ev.Date,
			DatePrecision: or(ev.Precision, models.PrecisionDay), DateNote: ev.DateNote, SourceURL: ev.SourceURL,
			SourceTitle: ev.SourceTitle, AlsoSourceURL: ev.AlsoSourceURL, AlsoSourceTitle: ev.AlsoSourceTitle, Quote: ev.Quote,
			Verification: or(ev.Verification, models.VerificationReported), VerificationNote: ev.VerificationNote,
			Role: ev.Role, Process: ev.Process, VotesFor: ev.VotesFor, VotesAgainst: ev.VotesAgainst, Turnout: ev.Turnout,
			TurnoutOther: ev.TurnoutOther, TurnoutOtherSource: ev.TurnoutOtherSource, TurnoutOtherSourceURL: ev.TurnoutOtherSourceURL,
			Points: ev.Points}
		corrections, err := eventCorrections(&e, ev.Corrects)
		if err != nil {
			return fmt.Errorf("event of %s for %s: %w", ev.Endorser, ev.Candidate, err)
		}
		_, err = l.apply(l.key("event", ev.Endorser, ev.Candidate, ev.Action), &models.Event{},
			func() (uint, error) { return l.st.UnkeyedEvent(l.c.ID, eid, cid, ev.Action) },
			func() (uint, error) { err := l.st.CreateEvent(&e); return e.ID, err },
			// an older seed's event: give it the fields it lacked and correct what it got
			// wrong, keep the rest
			func(id uint) (int64, error) {
				fill := e
				fill.ID = id
				n, err := l.st.FillEventExtras(&fill)
				if err != nil {
					return n, err
				}
				m, err := l.st.CorrectSeededEvent(id, corrections)
				return n + m, err
			})
		if err != nil {
			return err
		}
	}
	return nil
}

// eventCorrections turns an event record's corrects (field name: what an earlier seed wrote)
// into the store's corrections to e's values.
func eventCorrections(e *models.Event, corrects map[string]string) ([]store.SeedCorrection, error) {
	fields := map[string]struct{ column, now string }{
		"precision": {"date_precision", e.DatePrecision}, "date_note": {"date_note", e.DateNote},
		"process": {"process", e.Process}, "verification_note": {"verification_note", e.VerificationNote},
	}
	var out []store.SeedCorrection
	for name, was := range corrects {
		f, ok := fields[name]
		if !ok {
			return nil, fmt.Errorf("corrects %q: the seed corrects only %v", name, slices.Sorted(maps.Keys(fields)))
		}
		out = append(out, store.SeedCorrection{Column: f.column, Was: was, Now: f.now})
	}
	slices.SortFunc(out, func(a, b store.SeedCorrection) int { return strings.Compare(a.Column, b.Column) })
	return out, nil
}

func (l *loader) loadTallies() error {
	for _, t := range l.f.Tallies {
		kid, err := l.kind(t.Kind)
		if err != nil {
			return err
		}
		cid, err := l.optionalCandidate(t.Candidate)
		if err != nil {
			return err
		}
		_, err = l.apply(l.key("tally", t.Kind, orNone(t.Candidate), t.AsOf, strconv.Itoa(t.Count)), &models.ReportedTally{},
			func() (uint, error) { return l.st.UnkeyedReportedTally(l.c.ID, kid, cid, t.AsOf, t.SourceURL, t.Count) },
			func() (uint, error) {
				rt := models.ReportedTally{ContestID: l.c.ID, KindID: kid, CandidateID: cid, Count: t.Count,
					AsOf: t.AsOf, DatePrecision: or(t.Precision, models.PrecisionDay), SourceURL: t.SourceURL, SourceTitle: t.SourceTitle,
					Verification: or(t.Verification, models.VerificationReported), Note: t.Note,
					OtherCount: t.OtherCount, OtherSourceURL: t.OtherSourceURL, OtherSourceTitle: t.OtherSourceTitle}
				err := l.st.CreateReportedTally(&rt)
				return rt.ID, err
			}, nil)
		if err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadPolls() error {
	for _, pj := range l.f.Polls {
		p := models.Poll{ContestID: l.c.ID, Pollster: pj.Pollster, Population: pj.Population, FieldworkStart: pj.FieldworkStart,
			FieldworkEnd: pj.FieldworkEnd, DatePrecision: or(pj.Precision, models.PrecisionDay), SampleSize: pj.SampleSize,
			IncludesDontKnows: pj.IncludesDontKnows, SourceURL: pj.SourceURL, Note: pj.Note}
		var options []string
		for _, v := range pj.Values {
			cid, err := l.optionalCandidate(v.Candidate)
			if err != nil {
				return err
			}
			p.Values = append(p.Values, models.PollValue{CandidateID: cid, Option: v.Option, Percent: v.Percent})
			options = append(options, orNone(v.Candidate)+":"+v.Option)
		}
		slices.Sort(options)
		dontKnows := "without-dont-knows"
		if pj.IncludesDontKnows {
			dontKnows = "with-dont-knows"
		}
		_, err := l.apply(l.key("poll", pj.Pollster, pj.FieldworkEnd, pj.Population, dontKnows, strings.Join(options, ",")), &models.Poll{},
			func() (uint, error) { return l.st.UnkeyedPoll(&p) },
			func() (uint, error) { err := l.st.CreatePoll(&p); return p.ID, err }, nil)
		if err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadOdds() error {
	for _, oj := range l.f.Odds {
		cid, err := l.candidate(oj.Candidate)
		if err != nil {
			return err
		}
		var num, den int
		if _, err := fmt.Sscanf(oj.Odds, "%d/%d", &num, &den); err != nil || den <= 0 || num < 0 {
			return fmt.Errorf("odds %q for %s on %s: not fractional odds like 9/2", oj.Odds, oj.Candidate, oj.Date)
		}
		o := models.Odds{ContestID: l.c.ID, CandidateID: cid, Bookmaker: oj.Bookmaker, QuotedOn: oj.Date,
			DatePrecision: or(oj.Precision, models.PrecisionDay), Numerator: num, Denominator: den,
			SourceURL: oj.SourceURL, Note: oj.Note}
		_, err = l.apply(l.key("odds", oj.Bookmaker, oj.Candidate, oj.Date, oj.Odds), &models.Odds{},
			func() (uint, error) { return l.st.UnkeyedOdds(&o) },
			func() (uint, error) { err := l.st.CreateOdds(&o); return o.ID, err }, nil)
		if err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadFigures() error {
	for _, fj := range l.f.Figures {
		cid, err := l.optionalCandidate(fj.Candidate)
		if err != nil {
			return err
		}
		_, err = l.apply(l.key("figure", fj.Series, fj.Category, orNone(fj.Candidate), fj.AsOf), &models.Figure{},
			func() (uint, error) { return l.st.UnkeyedFigure(l.c.ID, fj.Series, fj.Category, cid, fj.AsOf) },
			func() (uint, error) {
				f := models.Figure{ContestID: l.c.ID, Series: fj.Series, Category: fj.Category, CandidateID: cid,
					Value: fj.Value, Unit: fj.Unit, AsOf: fj.AsOf, DatePrecision: or(fj.Precision, models.PrecisionDay),
					SourceURL: fj.SourceURL, Verification: or(fj.Verification, models.VerificationReported), Note: fj.Note,
					OtherValue: fj.OtherValue, OtherSourceURL: fj.OtherSourceURL, OtherSourceTitle: fj.OtherSourceTitle}
				err := l.st.CreateFigure(&f)
				return f.ID, err
			}, nil)
		if err != nil {
			return err
		}
	}
	return nil
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
