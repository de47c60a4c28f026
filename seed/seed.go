// Package seed loads the real contests from readable JSON data files kept beside it, each
// record with its source: the 2015, 2016 and 2020 Labour leadership elections. It runs on every
// start. Loading is idempotent and upgrades an older seed in place: a record already there (by
// its natural key, however an admin has since corrected it) is left alone, and only what is
// missing is added, through the store's normal create methods.
package seed

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
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

// Load loads one seed file in a single transaction, adding the records that are missing, and
// returns how many it added.
func Load(st *store.Store, data []byte) (added int, err error) {
	f, err := Parse(data)
	if err != nil {
		return 0, err
	}
	l := &loader{f: f, kinds: map[string]uint{}, candidates: map[string]uint{}, endorsers: map[string]uint{}}
	err = st.Transaction(func(tx *store.Store) error {
		l.st = tx
		return l.load()
	})
	if err != nil {
		return 0, fmt.Errorf("seed: load %s: %w", f.Contest.Slug, err)
	}
	return l.added, nil
}

// loader adds one file's missing records, counting them.
type loader struct {
	st         *store.Store
	f          *File
	c          *models.Contest
	kinds      map[string]uint
	candidates map[string]uint
	endorsers  map[string]uint
	added      int
}

func (l *loader) load() error {
	steps := []func() error{l.loadKinds, l.loadContest, l.loadCandidates, l.loadEndorsers, l.loadRoster,
		l.loadEvents, l.loadTallies, l.loadPolls, l.loadOdds, l.loadFigures}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadKinds() error {
	for _, k := range l.f.Kinds {
		got, created, err := l.st.EnsureKind(k)
		if err != nil {
			return err
		}
		if created {
			l.added++
		} else { // an older seed's kind: give it the kinds it covers, which it lacked
			n, err := l.st.FillKindCovers(&k)
			l.added += int(n)
			if err != nil {
				return err
			}
		}
		l.kinds[k.Slug] = got.ID
	}
	return nil
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

// loadContest creates the contest, or adds the rules, thresholds and key dates an existing one
// lacks. An existing contest's own fields are left as they are: an admin may have edited them.
func (l *loader) loadContest() error {
	cj := l.f.Contest
	c, err := l.st.Contest(cj.Slug)
	switch {
	case err == nil:
		l.c = c
	case errors.Is(err, store.ErrNotFound):
		c = &models.Contest{Slug: cj.Slug, Party: cj.Party, Title: cj.Title, Summary: cj.Summary,
			OpensOn: cj.OpensOn, NominationsCloseOn: cj.NominationsCloseOn, BallotsOutOn: cj.BallotsOutOn, BallotClosesOn: cj.BallotClosesOn,
			ResultOn: cj.ResultOn, Status: cj.Status, Methodology: cj.Methodology, Featured: cj.Featured}
		if err := l.st.CreateContest(c); err != nil {
			return err
		}
		l.added++
		l.c = c
	default:
		return err
	}
	for i, r := range cj.Rules {
		kid, err := l.kind(r.Kind)
		if err != nil {
			return err
		}
		ck := models.ContestKind{ContestID: l.c.ID, KindID: kid, Weight: r.Weight, Denominator: r.Denominator,
			DenominatorNote: r.DenominatorNote, SourceURL: r.SourceURL, SortOrder: i,
			OtherDenominator: r.OtherDenominator, OtherSourceURL: r.OtherSourceURL, OtherSourceTitle: r.OtherSourceTitle}
		if hasRule(l.c, kid) { // an older seed's rule: give it the other source's figure it lacked
			n, err := l.st.FillRuleOtherFigure(&ck)
			l.added += int(n)
			if err != nil {
				return err
			}
			continue
		}
		if err := l.st.CreateContestKind(&ck); err != nil {
			return err
		}
		l.c.Kinds = append(l.c.Kinds, ck)
		l.added++
	}
	for _, t := range cj.Thresholds {
		th := models.Threshold{ContestID: l.c.ID, Name: t.Name, KindSlugs: t.Kinds, AppliesTo: t.AppliesTo,
			Percent: t.Percent, Required: t.Required, Of: t.Of, Note: t.Note, SourceURL: t.SourceURL,
			OtherRequired: t.OtherRequired, OtherOf: t.OtherOf, OtherSourceURL: t.OtherSourceURL, OtherSourceTitle: t.OtherSourceTitle}
		has, err := l.st.HasThreshold(l.c.ID, t.Name)
		if err != nil {
			return err
		}
		if has { // an older seed's threshold: give it the other source's figures it lacked
			n, err := l.st.FillThresholdOtherFigure(&th)
			l.added += int(n)
			if err != nil {
				return err
			}
			continue
		}
		if err := l.st.CreateThreshold(&th); err != nil {
			return err
		}
		l.added++
	}
	for i, k := range cj.KeyDates {
		has, err := l.st.HasKeyDate(l.c.ID, k.Name)
		if err != nil || has {
			if err != nil {
				return err
			}
			continue
		}
		if err := l.st.CreateKeyDate(&models.KeyDate{ContestID: l.c.ID, Name: k.Name, Date: k.Date,
			DatePrecision: or(k.Precision, models.PrecisionDay), SourceURL: k.SourceURL, Note: k.Note, SortOrder: i}); err != nil {
			return err
		}
		l.added++
	}
	return nil
}

func hasRule(c *models.Contest, kindID uint) bool {
	for _, ck := range c.Kinds {
		if ck.KindID == kindID {
			return true
		}
	}
	return false
}

func (l *loader) loadCandidates() error {
	for i, cd := range l.f.Candidates {
		got, err := l.st.Candidate(l.c.ID, cd.Slug)
		if err == nil {
			l.candidates[cd.Slug] = got.ID
			continue
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		m := models.Candidate{ContestID: l.c.ID, Slug: cd.Slug, Name: cd.Name, Colour: cd.Colour, Incumbent: cd.Incumbent,
			Status: cd.Status, WithdrawnOn: cd.WithdrawnOn, WithdrawalReason: cd.WithdrawalReason, SortOrder: i}
		if err := l.st.CreateCandidate(&m); err != nil {
			return err
		}
		l.candidates[cd.Slug] = m.ID
		l.added++
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
		existing, err := l.st.Endorser(ej.Slug)
		if err == nil {
			l.endorsers[ej.Slug] = existing.ID
			continue
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		kid, err := l.kind(ej.Kind)
		if err != nil {
			return fmt.Errorf("endorser %s: %w", ej.Slug, err)
		}
		e := models.Endorser{Slug: ej.Slug, Name: ej.Name, KindID: kid, Region: ej.Region, Role: ej.Role,
			Membership: ej.Membership, MembershipNote: ej.MembershipNote, MembershipSourceURL: ej.MembershipSourceURL,
			ExternalURL: ej.ExternalURL}
		if err := l.st.CreateEndorser(&e); err != nil {
			return err
		}
		l.endorsers[ej.Slug] = e.ID
		l.added++
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
		has, err := l.st.HasRosterEntry(l.c.ID, eid)
		if err != nil {
			return err
		}
		if has { // an older seed's entry: give it what it lacked, keep what it has
			n, err := l.st.FillRosterEntry(&entry)
			l.added += int(n)
			if err != nil {
				return err
			}
			continue
		}
		if err := l.st.CreateRosterEntry(&entry); err != nil {
			return err
		}
		l.added++
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
		has, err := l.st.HasEvent(l.c.ID, eid, cid, ev.Action)
		if err != nil {
			return err
		}
		if has { // an older seed's event: give it the fields it lacked, keep the rest
			n, err := l.st.FillEventExtras(&e)
			l.added += int(n)
			if err != nil {
				return err
			}
			continue
		}
		if err := l.st.CreateEvent(&e); err != nil {
			return err
		}
		l.added++
	}
	return nil
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
		has, err := l.st.HasReportedTally(l.c.ID, kid, cid, t.AsOf, t.SourceURL, t.Count)
		if err != nil {
			return err
		}
		if has {
			continue
		}
		if err := l.st.CreateReportedTally(&models.ReportedTally{ContestID: l.c.ID, KindID: kid, CandidateID: cid, Count: t.Count,
			AsOf: t.AsOf, DatePrecision: or(t.Precision, models.PrecisionDay), SourceURL: t.SourceURL, SourceTitle: t.SourceTitle,
			Verification: or(t.Verification, models.VerificationReported), Note: t.Note,
			OtherCount: t.OtherCount, OtherSourceURL: t.OtherSourceURL, OtherSourceTitle: t.OtherSourceTitle}); err != nil {
			return err
		}
		l.added++
	}
	return nil
}

func (l *loader) loadPolls() error {
	for _, pj := range l.f.Polls {
		p := models.Poll{ContestID: l.c.ID, Pollster: pj.Pollster, Population: pj.Population, FieldworkStart: pj.FieldworkStart,
			FieldworkEnd: pj.FieldworkEnd, DatePrecision: or(pj.Precision, models.PrecisionDay), SampleSize: pj.SampleSize,
			IncludesDontKnows: pj.IncludesDontKnows, SourceURL: pj.SourceURL, Note: pj.Note}
		for _, v := range pj.Values {
			cid, err := l.optionalCandidate(v.Candidate)
			if err != nil {
				return err
			}
			p.Values = append(p.Values, models.PollValue{CandidateID: cid, Option: v.Option, Percent: v.Percent})
		}
		has, err := l.st.HasPoll(&p)
		if err != nil {
			return err
		}
		if has {
			continue
		}
		if err := l.st.CreatePoll(&p); err != nil {
			return err
		}
		l.added++
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
		has, err := l.st.HasOdds(&o)
		if err != nil {
			return err
		}
		if has {
			continue
		}
		if err := l.st.CreateOdds(&o); err != nil {
			return err
		}
		l.added++
	}
	return nil
}

func (l *loader) loadFigures() error {
	for _, fj := range l.f.Figures {
		cid, err := l.optionalCandidate(fj.Candidate)
		if err != nil {
			return err
		}
		has, err := l.st.HasFigure(l.c.ID, fj.Series, fj.Category, cid, fj.AsOf)
		if err != nil {
			return err
		}
		if has {
			continue
		}
		if err := l.st.CreateFigure(&models.Figure{ContestID: l.c.ID, Series: fj.Series, Category: fj.Category, CandidateID: cid,
			Value: fj.Value, Unit: fj.Unit, AsOf: fj.AsOf, DatePrecision: or(fj.Precision, models.PrecisionDay),
			SourceURL: fj.SourceURL, Verification: or(fj.Verification, models.VerificationReported), Note: fj.Note,
			OtherValue: fj.OtherValue, OtherSourceURL: fj.OtherSourceURL, OtherSourceTitle: fj.OtherSourceTitle}); err != nil {
			return err
		}
		l.added++
	}
	return nil
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
