// Package seed loads contests from readable JSON data files kept beside it, each record with its
// source. The 2016 Labour leadership election is embedded and loaded on an empty database.
// Loading is idempotent: a contest whose slug exists is left alone.
package seed

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

//go:embed labour-2016.json
var labour2016 []byte

// Labour2016 loads the 2016 Labour leadership election unless it is already there.
func Labour2016(st *store.Store) (loaded bool, err error) {
	return Load(st, labour2016)
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
	Roster []struct {
		Endorser  string `json:"endorser"`
		Note      string `json:"note"`
		SourceURL string `json:"source_url"`
	} `json:"roster"`
	Events []struct {
		Endorser         string   `json:"endorser"`
		Candidate        string   `json:"candidate"`
		Action           string   `json:"action"`
		Date             string   `json:"date"`
		Precision        string   `json:"precision"`
		DateNote         string   `json:"date_note"`
		SourceURL        string   `json:"source_url"`
		SourceTitle      string   `json:"source_title"`
		Quote            string   `json:"quote"`
		Verification     string   `json:"verification"`
		VerificationNote string   `json:"verification_note"`
		Process          string   `json:"process"`
		VotesFor         *int     `json:"votes_for"`
		VotesAgainst     *int     `json:"votes_against"`
		Turnout          *int     `json:"turnout"`
		Points           *float64 `json:"points"`
	} `json:"events"`
	Tallies []struct {
		Kind         string `json:"kind"`
		Candidate    string `json:"candidate"` // "" for the undeclared
		Count        int    `json:"count"`
		AsOf         string `json:"as_of"`
		Precision    string `json:"precision"`
		SourceURL    string `json:"source_url"`
		SourceTitle  string `json:"source_title"`
		Verification string `json:"verification"`
		Note         string `json:"note"`
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
		Series       string  `json:"series"`
		Category     string  `json:"category"`
		Candidate    string  `json:"candidate"`
		Value        float64 `json:"value"`
		Unit         string  `json:"unit"`
		AsOf         string  `json:"as_of"`
		Precision    string  `json:"precision"`
		SourceURL    string  `json:"source_url"`
		Verification string  `json:"verification"`
		Note         string  `json:"note"`
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
	} `json:"thresholds"`
}

// Load loads one seed file in a single transaction, unless its contest already exists.
func Load(st *store.Store, data []byte) (loaded bool, err error) {
	var f File
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return false, fmt.Errorf("seed: parse: %w", err)
	}
	exists, err := st.ContestExists(f.Contest.Slug)
	if err != nil || exists {
		return false, err
	}
	err = st.Transaction(func(tx *store.Store) error { return load(tx, &f) })
	if err != nil {
		return false, fmt.Errorf("seed: load %s: %w", f.Contest.Slug, err)
	}
	return true, nil
}

func load(st *store.Store, f *File) error {
	kinds := map[string]uint{}
	for _, k := range f.Kinds {
		got, _, err := st.EnsureKind(k)
		if err != nil {
			return err
		}
		kinds[k.Slug] = got.ID
	}
	kind := func(slug string) (uint, error) {
		if id, ok := kinds[slug]; ok {
			return id, nil
		}
		k, err := st.Kind(slug)
		if err != nil {
			return 0, fmt.Errorf("unknown kind %q: %w", slug, err)
		}
		kinds[slug] = k.ID
		return k.ID, nil
	}

	cj := f.Contest
	c := models.Contest{Slug: cj.Slug, Party: cj.Party, Title: cj.Title, Summary: cj.Summary,
		OpensOn: cj.OpensOn, NominationsCloseOn: cj.NominationsCloseOn, BallotsOutOn: cj.BallotsOutOn, BallotClosesOn: cj.BallotClosesOn,
		ResultOn: cj.ResultOn, Status: cj.Status, Methodology: cj.Methodology, Featured: cj.Featured}
	for i, r := range cj.Rules {
		kid, err := kind(r.Kind)
		if err != nil {
			return err
		}
		c.Kinds = append(c.Kinds, models.ContestKind{KindID: kid, Weight: r.Weight, Denominator: r.Denominator,
			DenominatorNote: r.DenominatorNote, SourceURL: r.SourceURL, SortOrder: i})
	}
	for _, t := range cj.Thresholds {
		c.Thresholds = append(c.Thresholds, models.Threshold{Name: t.Name, KindSlugs: t.Kinds, AppliesTo: t.AppliesTo,
			Percent: t.Percent, Required: t.Required, Of: t.Of, Note: t.Note, SourceURL: t.SourceURL})
	}
	if err := st.CreateContest(&c); err != nil {
		return err
	}

	candidates := map[string]uint{}
	for i, cd := range f.Candidates {
		m := models.Candidate{ContestID: c.ID, Slug: cd.Slug, Name: cd.Name, Colour: cd.Colour, Incumbent: cd.Incumbent,
			Status: cd.Status, WithdrawnOn: cd.WithdrawnOn, WithdrawalReason: cd.WithdrawalReason, SortOrder: i}
		if err := st.CreateCandidate(&m); err != nil {
			return err
		}
		candidates[cd.Slug] = m.ID
	}
	candidate := func(slug string) (uint, error) {
		if id, ok := candidates[slug]; ok {
			return id, nil
		}
		return 0, fmt.Errorf("unknown candidate %q", slug)
	}
	optionalCandidate := func(slug string) (*uint, error) {
		if slug == "" {
			return nil, nil
		}
		id, err := candidate(slug)
		return &id, err
	}

	endorsers := map[string]uint{}
	for _, ej := range f.Endorsers {
		existing, err := st.Endorser(ej.Slug)
		if err == nil { // endorsers live across contests: reuse one seeded by another contest
			endorsers[ej.Slug] = existing.ID
			continue
		}
		kid, err := kind(ej.Kind)
		if err != nil {
			return fmt.Errorf("endorser %s: %w", ej.Slug, err)
		}
		e := models.Endorser{Slug: ej.Slug, Name: ej.Name, KindID: kid, Region: ej.Region, Role: ej.Role,
			Membership: ej.Membership, MembershipNote: ej.MembershipNote, MembershipSourceURL: ej.MembershipSourceURL,
			ExternalURL: ej.ExternalURL}
		if err := st.CreateEndorser(&e); err != nil {
			return err
		}
		endorsers[ej.Slug] = e.ID
	}
	endorser := func(slug string) (uint, error) {
		if id, ok := endorsers[slug]; ok {
			return id, nil
		}
		return 0, fmt.Errorf("unknown endorser %q", slug)
	}

	for _, r := range f.Roster {
		eid, err := endorser(r.Endorser)
		if err != nil {
			return err
		}
		if err := st.CreateRosterEntry(&models.RosterEntry{ContestID: c.ID, EndorserID: eid, Note: r.Note, SourceURL: r.SourceURL}); err != nil {
			return err
		}
	}

	for _, ev := range f.Events {
		eid, err := endorser(ev.Endorser)
		if err != nil {
			return err
		}
		cid, err := candidate(ev.Candidate)
		if err != nil {
			return err
		}
		e := models.Event{ContestID: c.ID, EndorserID: eid, CandidateID: cid, Action: ev.Action, EffectiveOn: ev.Date,
			DatePrecision: or(ev.Precision, models.PrecisionDay), DateNote: ev.DateNote, SourceURL: ev.SourceURL,
			SourceTitle: ev.SourceTitle, Quote: ev.Quote, Verification: or(ev.Verification, models.VerificationReported),
			VerificationNote: ev.VerificationNote, Process: ev.Process, VotesFor: ev.VotesFor,
			VotesAgainst: ev.VotesAgainst, Turnout: ev.Turnout, Points: ev.Points}
		if err := st.CreateEvent(&e); err != nil {
			return err
		}
	}

	for _, t := range f.Tallies {
		kid, err := kind(t.Kind)
		if err != nil {
			return err
		}
		cid, err := optionalCandidate(t.Candidate)
		if err != nil {
			return err
		}
		if err := st.CreateReportedTally(&models.ReportedTally{ContestID: c.ID, KindID: kid, CandidateID: cid, Count: t.Count,
			AsOf: t.AsOf, DatePrecision: or(t.Precision, models.PrecisionDay), SourceURL: t.SourceURL, SourceTitle: t.SourceTitle,
			Verification: or(t.Verification, models.VerificationReported), Note: t.Note}); err != nil {
			return err
		}
	}

	for _, pj := range f.Polls {
		p := models.Poll{ContestID: c.ID, Pollster: pj.Pollster, Population: pj.Population, FieldworkStart: pj.FieldworkStart,
			FieldworkEnd: pj.FieldworkEnd, DatePrecision: or(pj.Precision, models.PrecisionDay), SampleSize: pj.SampleSize,
			IncludesDontKnows: pj.IncludesDontKnows, SourceURL: pj.SourceURL, Note: pj.Note}
		for _, v := range pj.Values {
			cid, err := optionalCandidate(v.Candidate)
			if err != nil {
				return err
			}
			p.Values = append(p.Values, models.PollValue{CandidateID: cid, Option: v.Option, Percent: v.Percent})
		}
		if err := st.CreatePoll(&p); err != nil {
			return err
		}
	}

	for _, oj := range f.Odds {
		cid, err := candidate(oj.Candidate)
		if err != nil {
			return err
		}
		var num, den int
		if _, err := fmt.Sscanf(oj.Odds, "%d/%d", &num, &den); err != nil || den <= 0 || num < 0 {
			return fmt.Errorf("odds %q for %s on %s: not fractional odds like 9/2", oj.Odds, oj.Candidate, oj.Date)
		}
		if err := st.CreateOdds(&models.Odds{ContestID: c.ID, CandidateID: cid, Bookmaker: oj.Bookmaker, QuotedOn: oj.Date,
			DatePrecision: or(oj.Precision, models.PrecisionDay), Numerator: num, Denominator: den,
			SourceURL: oj.SourceURL, Note: oj.Note}); err != nil {
			return err
		}
	}

	for _, fj := range f.Figures {
		cid, err := optionalCandidate(fj.Candidate)
		if err != nil {
			return err
		}
		if err := st.CreateFigure(&models.Figure{ContestID: c.ID, Series: fj.Series, Category: fj.Category, CandidateID: cid,
			Value: fj.Value, Unit: fj.Unit, AsOf: fj.AsOf, DatePrecision: or(fj.Precision, models.PrecisionDay),
			SourceURL: fj.SourceURL, Verification: or(fj.Verification, models.VerificationReported), Note: fj.Note}); err != nil {
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
