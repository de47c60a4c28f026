package handlers

import (
	"cmp"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// changeView is an event of the log with its date label and a sentence saying what it did.
type changeView struct {
	store.ChangeRow
	When     string
	Sentence string
}

// sentence says what an event did, in words: "switched from Angela Eagle to Owen Smith".
func sentence(e store.ChangeRow) string {
	switch e.Change {
	case store.ChangeSwitch:
		return verbOf(e.Action) + " " + e.CandidateName + ", switching from " + e.PrevCandidateName
	case store.ChangeWithdraw:
		return "withdrew support from " + e.CandidateName
	default:
		return verbOf(e.Action) + " " + e.CandidateName
	}
}

func verbOf(action string) string {
	if action == models.ActionNominate {
		return "nominated"
	}
	return "endorsed"
}

func changeViews(rows []store.ChangeRow) []changeView {
	out := make([]changeView, len(rows))
	for i, r := range rows {
		out[i] = changeView{ChangeRow: r, When: dated(r.EffectiveOn, r.DatePrecision), Sentence: sentence(r)}
	}
	return out
}

// GET /contests
func (h *Handler) contests(c *fiber.Ctx) error {
	cs, err := h.Store.Contests()
	if err != nil {
		return err
	}
	stats, err := h.Store.ContestStats()
	if err != nil {
		return err
	}
	type item struct {
		models.Contest
		Stat store.ContestStat
	}
	items := make([]item, len(cs))
	for i, ct := range cs {
		items[i] = item{Contest: ct, Stat: stats[ct.ID]}
	}
	return c.Render("contests", fiber.Map{"Title": "Contests", "Contests": items})
}

// kindSupport is a candidate's support from one kind of endorser.
type kindSupport struct {
	Slug, Name  string
	Count       int
	Points      float64
	Denominator int // 0 where not known
}

// What a switch or withdrawal did to a candidate.
const (
	moveGain     = "gain"     // an endorser switched to the candidate
	moveLoss     = "loss"     // an endorser switched away from the candidate
	moveWithdraw = "withdraw" // an endorser withdrew its support from the candidate
)

// candidateMove is a switch or withdrawal as the candidate's page lists it.
type candidateMove struct {
	changeView
	Move string
}

// GET /c/:contest/candidates/:slug?as_of=
func (h *Handler) candidate(c *fiber.Ctx) error {
	contest, err := h.contestParam(c)
	if err != nil {
		return err
	}
	cand, err := h.Store.Candidate(contest.ID, c.Params("slug"))
	if err != nil {
		return err
	}
	asOf, asOfGiven, err := h.parseAsOf(c)
	if err != nil {
		return badRequest(err)
	}
	support, err := h.Store.SupportAsOf(contest.ID, asOf, store.SupportFilter{})
	if err != nil {
		return err
	}
	kinds, err := h.Store.Kinds()
	if err != nil {
		return err
	}
	var byKind []kindSupport
	total := kindSupport{Name: "All"}
	for _, r := range support {
		if r.CandidateID != cand.ID {
			continue
		}
		ks := kindSupport{Slug: r.KindSlug, Name: r.KindSlug, Count: r.Count, Points: r.Points}
		if i := slices.IndexFunc(kinds, func(k models.Kind) bool { return k.ID == r.KindID }); i >= 0 {
			ks.Name = kinds[i].Plural
		}
		if i := slices.IndexFunc(contest.Kinds, func(ck models.ContestKind) bool { return ck.KindID == r.KindID }); i >= 0 {
			ks.Denominator = deref(contest.Kinds[i].Denominator)
		}
		byKind = append(byKind, ks)
		total.Count += r.Count
		total.Points += r.Points
	}
	slices.SortFunc(byKind, func(a, b kindSupport) int { return cmp.Compare(b.Count, a.Count) })

	series, err := h.Store.SupportOverTime(contest.ID, asOf, store.SupportFilter{})
	if err != nil {
		return err
	}
	var overTime []store.SeriesPoint
	for _, p := range series {
		if p.CandidateID == cand.ID {
			overTime = append(overTime, p)
		}
	}

	// The chart is the dashboard's, narrowed to this candidate; without an as_of it ends on the
	// last day the count changed, as the dashboard's does.
	chartOpts := charts.Options{Candidates: []string{cand.Slug}}
	if asOfGiven {
		chartOpts.AsOf = asOf
	}
	chart, err := charts.Build(h.Store, contest, "support-over-time", chartOpts)
	if err != nil {
		return err
	}

	backers, err := h.Store.Endorsements(contest.ID, store.EndorsementQuery{AsOf: asOf, CandidateIDs: []uint{cand.ID},
		Sort: store.SortKind, Limit: 200})
	if err != nil {
		return err
	}
	changes, err := h.Store.Changes(store.ChangeQuery{ContestID: contest.ID, CandidateID: cand.ID, AsOf: asOf})
	if err != nil {
		return err
	}
	// Moves are the gains and losses by switches and the withdrawals, in the log's order.
	var moves []candidateMove
	var gains, losses, withdrawals int
	for _, ch := range changeViews(changes) {
		switch {
		case ch.Change == store.ChangeSwitch && ch.CandidateID == cand.ID:
			moves, gains = append(moves, candidateMove{ch, moveGain}), gains+1
		case ch.Change == store.ChangeSwitch:
			moves, losses = append(moves, candidateMove{ch, moveLoss}), losses+1
		case ch.Change == store.ChangeWithdraw:
			moves, withdrawals = append(moves, candidateMove{ch, moveWithdraw}), withdrawals+1
		}
	}
	tableURL := "/c/" + contest.Slug + "/endorsements?candidate=" + cand.Slug
	if asOfGiven {
		tableURL += "&as_of=" + asOf
	}
	return c.Render("candidate", fiber.Map{
		"Title": cand.Name + " · " + contest.Title, "Contest": contest, "Candidate": cand, "Swatch": charts.Colour(cand.Colour),
		"FeedURL": "/c/" + contest.Slug + "/feed.atom",
		"AsOf":    asOf, "ByKind": byKind, "Total": total, "OverTime": overTime, "Chart": chart,
		"Backers": backers.Rows, "BackersTotal": backers.Total, "TableURL": tableURL,
		"Moves": moves, "Gains": gains, "Losses": losses, "Withdrawals": withdrawals,
	})
}

// profileContest is an endorser's record in one contest.
type profileContest struct {
	Contest         models.Contest
	Year            string
	Position        *store.EndorsementRow
	PositionLabel   string
	Events          []changeView
	RosterNote      string
	RosterSourceURL string
	OnRoster        bool
	Roster          models.RosterEntry // with what a source says of a choice not made, if anything
}

// endorserProfile is an endorser's choices in every contest as of a day.
type endorserProfile struct {
	Summary  string
	Contests []profileContest
	// Details are the endorser's events in full, by ID: process, votes, turnout, the role at
	// the time, a second source, how the date is known.
	Details map[uint]models.Event
}

// endorserProfile gathers an endorser's position and history in each contest it appears in.
func (h *Handler) endorserProfile(e *models.Endorser, asOf string) (*endorserProfile, error) {
	contests, err := h.Store.EndorserContests(e.ID)
	if err != nil {
		return nil, err
	}
	roster, err := h.Store.EndorserRoster(e.ID)
	if err != nil {
		return nil, err
	}
	events, err := h.Store.Changes(store.ChangeQuery{EndorserID: e.ID, AsOf: asOf})
	if err != nil {
		return nil, err
	}
	full, err := h.Store.EndorserEvents(e.ID)
	if err != nil {
		return nil, err
	}
	p := &endorserProfile{Details: make(map[uint]models.Event, len(full))}
	for _, ev := range full {
		p.Details[ev.ID] = ev
	}
	for _, ct := range contests {
		pc := profileContest{Contest: ct, Year: contestYear(ct)}
		page, err := h.Store.Endorsements(ct.ID, store.EndorsementQuery{AsOf: asOf, EndorserIDs: []uint{e.ID},
			States: []string{store.StateCurrent, store.StateWithdrawn}})
		if err != nil {
			return nil, err
		}
		if len(page.Rows) > 0 {
			pos := page.Rows[0]
			pc.Position = &pos
			if pos.State == store.StateWithdrawn {
				pc.PositionLabel = "withdrew support from " + pos.CandidateName
			} else {
				pc.PositionLabel = verbOf(pos.Action) + " " + pos.CandidateName
			}
		}
		for _, r := range roster {
			if r.ContestID == ct.ID {
				pc.OnRoster, pc.RosterNote, pc.RosterSourceURL, pc.Roster = true, r.Note, r.SourceURL, r
			}
		}
		var mine []store.ChangeRow
		for _, ev := range events {
			if ev.ContestID == ct.ID {
				mine = append(mine, ev)
			}
		}
		pc.Events = changeViews(mine)
		p.Contests = append(p.Contests, pc)
	}
	p.Summary = profileSummary(p.Contests)
	return p, nil
}

// GET /endorsers/:slug?as_of=
func (h *Handler) endorser(c *fiber.Ctx) error {
	e, err := h.Store.Endorser(c.Params("slug"))
	if err != nil {
		return err
	}
	asOf, _, err := h.parseAsOf(c)
	if err != nil {
		return badRequest(err)
	}
	p, err := h.endorserProfile(e, asOf)
	if err != nil {
		return err
	}
	retractions, err := h.Store.Retractions(0, e.ID, maxRetractionsShown)
	if err != nil {
		return err
	}
	return c.Render("endorser", fiber.Map{"Title": e.Name, "Endorser": e, "Membership": deref(e.Membership),
		"Profile": p, "AsOf": asOf, "Retractions": retractions})
}

// GET /c/:contest/methodology
func (h *Handler) contestMethodology(c *fiber.Ctx) error {
	contest, err := h.contestParam(c)
	if err != nil {
		return err
	}
	roster, err := h.Store.Roster(contest.ID)
	if err != nil {
		return err
	}
	stats, err := h.Store.ContestStats()
	if err != nil {
		return err
	}
	tallies, err := h.Store.ReportedTallies(contest.ID, "")
	if err != nil {
		return err
	}
	type rule struct {
		models.ContestKind
		Denominator int // 0 where not known
	}
	rules := make([]rule, len(contest.Kinds))
	for i, ck := range contest.Kinds {
		rules[i] = rule{ContestKind: ck, Denominator: deref(ck.Denominator)}
	}
	rosterByKind := map[string]int{}
	for _, r := range roster {
		rosterByKind[r.Endorser.Kind.Name]++
	}
	return c.Render("contest_methodology", fiber.Map{
		"Title": "Methodology · " + contest.Title, "Contest": contest, "Rules": rules, "RosterByKind": rosterByKind,
		"RosterSize": len(roster), "Stat": stats[contest.ID], "Tallies": tallies,
		"Paragraphs": paragraphs(contest.Methodology),
	})
}

// paragraphs splits text on blank lines, so a contest's methodology renders as paragraphs
// without trusting it as HTML.
func paragraphs(text string) []string {
	var out []string
	for p := range strings.SplitSeq(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// GET /methodology
func (h *Handler) methodology(c *fiber.Ctx) error {
	cs, err := h.Store.Contests()
	if err != nil {
		return err
	}
	return c.Render("methodology", fiber.Map{"Title": "Methodology", "Contests": cs})
}

// GET /data-dictionary
func (h *Handler) dataDictionary(c *fiber.Ctx) error {
	return c.Render("data_dictionary", fiber.Map{"Title": "Data dictionary", "ImportColumns": importColumns,
		"CurrentColumns": currentColumns})
}

// deref is the value of an optional number, 0 when there is none; templates cannot format a
// pointer.
func deref(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}
