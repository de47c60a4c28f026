package api

import (
	_ "embed"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// openAPISpec documents the read API; it is served as it is.
//
//go:embed openapi.json
var openAPISpec []byte

// GET /api/v1/openapi.json
func (h *Handler) OpenAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(openAPISpec)
}

// apiCandidate is a candidate in API responses.
type apiCandidate struct {
	Slug             string `json:"slug"`
	Name             string `json:"name"`
	Colour           string `json:"colour"`
	Incumbent        bool   `json:"incumbent"`
	Status           string `json:"status"`
	WithdrawnOn      string `json:"withdrawn_on,omitempty"`
	WithdrawalReason string `json:"withdrawal_reason,omitempty"`
}

// apiRule is one endorser kind that counts in a contest.
type apiRule struct {
	Kind            string  `json:"kind"`
	KindName        string  `json:"kind_name"`
	Weight          float64 `json:"weight"`
	Denominator     *int    `json:"denominator"`
	DenominatorNote string  `json:"denominator_note,omitempty"`
	SourceURL       string  `json:"source_url,omitempty"`
	// Another source's count, where the sources disagree: the denominator above is the one used.
	OtherDenominator *int   `json:"other_denominator,omitempty"`
	OtherSourceURL   string `json:"other_source_url,omitempty"`
	OtherSourceTitle string `json:"other_source_title,omitempty"`
}

// apiThreshold is a nomination rule.
type apiThreshold struct {
	Name      string  `json:"name"`
	Kinds     string  `json:"kinds"`
	AppliesTo string  `json:"applies_to"`
	Percent   float64 `json:"percent"`
	Required  int     `json:"required"`
	Of        int     `json:"of"`
	Note      string  `json:"note,omitempty"`
	SourceURL string  `json:"source_url,omitempty"`
	// Another source's figures, where the sources disagree: required and of are those used.
	OtherRequired    *int   `json:"other_required,omitempty"`
	OtherOf          *int   `json:"other_of,omitempty"`
	OtherSourceURL   string `json:"other_source_url,omitempty"`
	OtherSourceTitle string `json:"other_source_title,omitempty"`
}

// apiContest is a contest in API responses; the list omits rules, thresholds and methodology.
type apiContest struct {
	Slug               string         `json:"slug"`
	Title              string         `json:"title"`
	Party              string         `json:"party"`
	Status             string         `json:"status"`
	Summary            string         `json:"summary"`
	OpensOn            string         `json:"opens_on"`
	NominationsCloseOn string         `json:"nominations_close_on"`
	BallotClosesOn     string         `json:"ballot_closes_on"`
	ResultOn           string         `json:"result_on"`
	URL                string         `json:"url"`
	Candidates         []apiCandidate `json:"candidates"`
	Rules              []apiRule      `json:"rules,omitempty"`
	Thresholds         []apiThreshold `json:"thresholds,omitempty"`
	Methodology        string         `json:"methodology,omitempty"`
}

// toAPIContest describes a contest; base is the site's address (Kit.BaseURL), for its link.
func toAPIContest(base string, m *models.Contest, full bool) apiContest {
	out := apiContest{Slug: m.Slug, Title: m.Title, Party: m.Party, Status: m.Status, Summary: m.Summary,
		OpensOn: m.OpensOn, NominationsCloseOn: m.NominationsCloseOn, BallotClosesOn: m.BallotClosesOn,
		ResultOn: m.ResultOn, URL: base + "/c/" + m.Slug, Candidates: []apiCandidate{}}
	for _, cd := range m.Candidates {
		out.Candidates = append(out.Candidates, apiCandidate{Slug: cd.Slug, Name: cd.Name, Colour: cd.Colour,
			Incumbent: cd.Incumbent, Status: cd.Status, WithdrawnOn: cd.WithdrawnOn, WithdrawalReason: cd.WithdrawalReason})
	}
	if full {
		out.Methodology = m.Methodology
		out.Rules = []apiRule{}
		out.Thresholds = []apiThreshold{}
		for _, ck := range m.Kinds {
			out.Rules = append(out.Rules, apiRule{Kind: ck.Kind.Slug, KindName: ck.Kind.Name, Weight: ck.Weight,
				Denominator: ck.Denominator, DenominatorNote: ck.DenominatorNote, SourceURL: ck.SourceURL,
				OtherDenominator: ck.OtherDenominator, OtherSourceURL: ck.OtherSourceURL, OtherSourceTitle: ck.OtherSourceTitle})
		}
		for _, t := range m.Thresholds {
			out.Thresholds = append(out.Thresholds, apiThreshold{Name: t.Name, Kinds: t.KindSlugs, AppliesTo: t.AppliesTo,
				Percent: t.Percent, Required: t.Required, Of: t.Of, Note: t.Note, SourceURL: t.SourceURL,
				OtherRequired: t.OtherRequired, OtherOf: t.OtherOf, OtherSourceURL: t.OtherSourceURL, OtherSourceTitle: t.OtherSourceTitle})
		}
	}
	return out
}

// GET /api/v1/contests
func (h *Handler) Contests(c *fiber.Ctx) error {
	cs, err := h.Store.Contests()
	if err != nil {
		return err
	}
	list := make([]apiContest, len(cs))
	for i := range cs {
		// Each contest's candidates as they stood on the request's day.
		list[i] = toAPIContest(h.BaseURL(c), kit.AsOf(&cs[i], kit.RequestOf(c).Day.ISO), false)
	}
	return c.JSON(fiber.Map{"as_of": kit.RequestOf(c).Day.ISO, "contests": list})
}

// GET /api/v1/contests/:contest
func (h *Handler) Contest(c *fiber.Ctx) error {
	req := kit.RequestOf(c)
	return c.JSON(fiber.Map{"as_of": req.Day.ISO, "contest": toAPIContest(h.BaseURL(c), req.Contest, true)})
}

// apiKindCount is support from one kind of endorser.
type apiKindCount struct {
	Count  int     `json:"count"`
	Points float64 `json:"points"`
}

// apiTotal is one candidate's support as of a day.
type apiTotal struct {
	Candidate    string                  `json:"candidate"`
	Name         string                  `json:"name"`
	Status       string                  `json:"status"`
	Endorsements int                     `json:"endorsements"`
	Points       float64                 `json:"points"`
	ByKind       map[string]apiKindCount `json:"by_kind"`
}

// apiKindTotal is one of the contest's rule kinds against its denominator.
type apiKindTotal struct {
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Denominator *int   `json:"denominator"`
	Backing     int    `json:"backing"`
	Undeclared  *int   `json:"undeclared"`
}

// GET /api/v1/contests/:contest/totals?as_of=YYYY-MM-DD
func (h *Handler) Totals(c *fiber.Ctx) error {
	req := kit.RequestOf(c)
	contest, asOf := req.Contest, req.Day.ISO
	snap, err := h.Store.Snapshot(contest, models.SnapshotQuery{AsOf: asOf, Parts: models.PartShares})
	if err != nil {
		return err
	}
	rows, shares := snap.Support, snap.Shares
	totals := make([]apiTotal, 0, len(contest.Candidates))
	for _, cd := range contest.Candidates {
		t := apiTotal{Candidate: cd.Slug, Name: cd.Name, Status: cd.Status, ByKind: map[string]apiKindCount{}}
		for _, r := range rows {
			if r.CandidateID == cd.ID {
				t.Endorsements += r.Count
				t.Points += r.Points
				t.ByKind[r.KindSlug] = apiKindCount{Count: r.Count, Points: r.Points}
			}
		}
		totals = append(totals, t)
	}
	kinds := make([]apiKindTotal, 0, len(shares))
	for _, ks := range shares {
		kt := apiKindTotal{Kind: ks.Kind.Slug, Name: ks.Kind.Name, Denominator: ks.Denominator, Backing: ks.Backing}
		if ks.Denominator != nil {
			u := ks.Undeclared
			kt.Undeclared = &u
		}
		kinds = append(kinds, kt)
	}
	return c.JSON(fiber.Map{"as_of": asOf, "contest": contest.Slug, "candidates": totals, "kinds": kinds})
}

// GET /api/v1/contests/:contest/endorsements?candidate=&kind=&region=&action=&q=&from=&to=&as_of=&status=&withdrawn=&sort=&page=&per_page=
func (h *Handler) Endorsements(c *fiber.Ctx) error {
	req := kit.RequestOf(c)
	contest := req.Contest
	f, err := h.ParseEndorsementFilter(c)
	if err != nil {
		return err
	}
	page, err := h.Store.Endorsements(contest.ID, f.Query)
	if err != nil {
		return err
	}
	req.AsOfRows(page.Rows)
	counts := []fiber.Map{}
	for _, cd := range contest.Candidates {
		for _, m := range page.Counts {
			if m.CandidateID == cd.ID {
				counts = append(counts, fiber.Map{"candidate": cd.Slug, "state": m.State, "count": m.Count})
			}
		}
	}
	out := fiber.Map{
		"as_of": f.AsOf, "contest": contest.Slug, "total": page.Total, "counts": counts,
		"page": f.Page, "per_page": f.PerPage, "pages": f.Pages(page.Total),
		"endorsements": kit.ToAPIEndorsements(page.Rows),
	}
	base := "/api/v1/contests/" + contest.Slug + "/endorsements"
	if f.Page < f.Pages(page.Total) {
		out["next"] = h.BaseURL(c) + f.Link(base, map[string]string{"page": fmt.Sprint(f.Page + 1)})
	}
	return c.JSON(out)
}

// GET /api/v1/endorsers/:slug?as_of=
func (h *Handler) Endorser(c *fiber.Ctx) error {
	e, err := h.Store.Endorser(c.Params("slug"))
	if err != nil {
		return kit.NotFoundAs(err, "endorser", c.Params("slug"))
	}
	asOf := kit.RequestOf(c).Day.ISO
	p, err := h.EndorserProfile(e, asOf)
	if err != nil {
		return err
	}
	contests := make([]fiber.Map, 0, len(p.Contests))
	for _, pc := range p.Contests {
		var position any
		if pc.Position != nil {
			position = kit.ToAPIEndorsements([]store.EndorsementRow{*pc.Position})[0]
		}
		events := make([]apiEventDetail, len(pc.Events))
		for i, ev := range pc.Events {
			events[i] = toAPIEventDetail(ev, p.Details[ev.EventID])
		}
		contests = append(contests, fiber.Map{"contest": pc.Contest.Slug, "title": pc.Contest.Title, "year": pc.Year,
			"position": position, "events": events, "roster_note": pc.RosterNote, "roster_status": pc.Roster.Status,
			"roster_source_url": pc.Roster.SourceURL})
	}
	return c.JSON(fiber.Map{
		"as_of":   asOf,
		"summary": p.Summary,
		"endorser": fiber.Map{"slug": e.Slug, "name": e.Name, "kind": e.Kind.Slug, "kind_name": e.Kind.Name,
			"region": e.Region, "role": e.Role, "membership": e.Membership, "membership_note": e.MembershipNote,
			"membership_source_url": e.MembershipSourceURL, "external_url": e.ExternalURL},
		"contests": contests,
	})
}

// apiEventDetail is an event as an endorser's API answer gives it: the log's fields and what
// the record says of how it came about.
type apiEventDetail struct {
	kit.APIEvent
	DateNote              string `json:"date_note,omitempty"`
	Role                  string `json:"role_at_the_time,omitempty"`
	Process               string `json:"process,omitempty"`
	VotesFor              *int   `json:"votes_for,omitempty"`
	VotesAgainst          *int   `json:"votes_against,omitempty"`
	Turnout               *int   `json:"turnout,omitempty"`
	TurnoutOther          *int   `json:"turnout_other,omitempty"`
	TurnoutOtherSource    string `json:"turnout_other_source,omitempty"`
	TurnoutOtherSourceURL string `json:"turnout_other_source_url,omitempty"`
	AlsoSourceURL         string `json:"also_source_url,omitempty"`
	AlsoSourceTitle       string `json:"also_source_title,omitempty"`
	VerificationNote      string `json:"verification_note,omitempty"`
}

func toAPIEventDetail(ev kit.ChangeView, d models.Event) apiEventDetail {
	return apiEventDetail{APIEvent: kit.ToAPIEvent(ev.ChangeRow), DateNote: d.DateNote, Role: d.Role, Process: d.Process,
		VotesFor: d.VotesFor, VotesAgainst: d.VotesAgainst, Turnout: d.Turnout, TurnoutOther: d.TurnoutOther,
		TurnoutOtherSource: d.TurnoutOtherSource, TurnoutOtherSourceURL: d.TurnoutOtherSourceURL,
		AlsoSourceURL: d.AlsoSourceURL, AlsoSourceTitle: d.AlsoSourceTitle, VerificationNote: d.VerificationNote}
}

// suggestionsShown is how many of each type the suggestions answer gives.
const suggestionsShown = 5

// apiSuggestion is one answer of the search suggestions, with its page.
type apiSuggestion struct {
	store.SearchHit
	URL string `json:"url"`
}

// GET /api/v1/search?q=
func (h *Handler) Search(c *fiber.Ctx) error {
	q := c.Query("q")
	res, err := h.Kit.Search(q, suggestionsShown)
	if err != nil {
		return err
	}
	out := []apiSuggestion{}
	for _, hits := range [][]store.SearchHit{res.Endorsers, res.Candidates, res.Contests} {
		for _, hit := range hits {
			out = append(out, apiSuggestion{SearchHit: hit, URL: kit.HitURL(hit)})
		}
	}
	return c.JSON(fiber.Map{"as_of": h.Today(), "q": q, "suggestions": out})
}
