package public

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// GET /contests
func (h *Handler) Contests(c *fiber.Ctx) error {
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
	Nominating  int // of Count, those standing by a formal nomination
	Points      float64
	Denominator int // 0 where not known
}

// candidateTally is a published count of a candidate's backers of one kind (a reported
// tally), with the counted records of that kind beside it: the page labels each, never adds
// them.
type candidateTally struct {
	models.ReportedTally
	Denominator int // the kind's number where known, else 0
	// Counted are the counted records backing the candidate on the day of the tally's kind and
	// of the kinds it covers (a tally of PLP and EPLP members beside the MPs and MEPs recorded
	// one by one), Nominating those of them standing by a formal nomination, and CountedKinds
	// names the covered kinds ("MPs and MEPs"), "" where the tally's kind covers none.
	Counted, Nominating int
	CountedKinds        string
}

// CountedLabel says what the counted records beside the tally are: "28 nominations recorded,
// 1 declared support"; "0 nominations recorded, 12 declared support (MPs and MEPs)" beside
// 172 MPs and MEPs nominating, 12 MPs having declared their support without a recorded
// nomination.
func (t candidateTally) CountedLabel() string {
	noun := "nominations"
	if t.Nominating == 1 {
		noun = "nomination"
	}
	s := fmt.Sprintf("%s %s recorded, %s declared support", charts.Number(int64(t.Nominating)), noun,
		charts.Number(int64(t.Counted-t.Nominating)))
	if t.CountedKinds != "" {
		s += " (" + t.CountedKinds + ")"
	}
	return s
}

// candidateTallies are the latest published counts of a candidate's backers as of the
// snapshot's day, one per kind, with the counted records of each kind, and of the kinds it
// covers, from byKind.
func candidateTallies(snap *models.Snapshot, candidateID uint, byKind []kindSupport) []candidateTally {
	var out []candidateTally
	for _, t := range snap.LatestTallies {
		if t.CandidateID == nil || *t.CandidateID != candidateID {
			continue
		}
		ct := candidateTally{ReportedTally: t}
		if i := slices.IndexFunc(snap.Contest.Kinds, func(ck models.ContestKind) bool { return ck.KindID == t.KindID }); i >= 0 {
			ct.Denominator = deref(snap.Contest.Kinds[i].Denominator)
		}
		covered := t.Kind.Covered()
		for _, k := range byKind {
			if k.Slug == t.Kind.Slug || slices.Contains(covered, k.Slug) {
				ct.Counted, ct.Nominating = ct.Counted+k.Count, ct.Nominating+k.Nominating
			}
		}
		var names []string
		for _, slug := range covered {
			name := slug
			if i := slices.IndexFunc(snap.Kinds, func(k models.Kind) bool { return k.Slug == slug }); i >= 0 {
				name = snap.Kinds[i].Plural
			}
			names = append(names, name)
		}
		ct.CountedKinds = charts.JoinList(names)
		out = append(out, ct)
	}
	// The biggest published count first: it is the strongest evidence of the page.
	slices.SortStableFunc(out, func(a, b candidateTally) int { return cmp.Compare(b.Count, a.Count) })
	return out
}

// What a switch or withdrawal did to a candidate.
const (
	moveGain     = "gain"     // an endorser switched to the candidate
	moveLoss     = "loss"     // an endorser switched away from the candidate
	moveWithdraw = "withdraw" // an endorser withdrew its support from the candidate
)

// movesShown is how many of a candidate's latest moves its page lists; the counts are of all.
const movesShown = 100

// candidateMove is a switch or withdrawal as the candidate's page lists it.
type candidateMove struct {
	kit.ChangeView
	Move string
}

// GET /c/:contest/candidates/:slug?as_of=
func (h *Handler) Candidate(c *fiber.Ctx) error {
	req := kit.RequestOf(c)
	contest, asOf, asOfGiven := req.Contest, req.Day.ISO, req.Day.Given
	i := slices.IndexFunc(contest.Candidates, func(cd models.Candidate) bool { return cd.Slug == c.Params("slug") })
	if i < 0 {
		return fmt.Errorf("candidate %q of %s: %w", c.Params("slug"), contest.Slug, store.ErrNotFound)
	}
	cand := &contest.Candidates[i]
	// One snapshot serves the counts by kind, the published tallies, the series and the chart. The chart is the
	// dashboard's, narrowed to this candidate; without an as_of it ends on the last day the
	// count changed, as the dashboard's does, so the snapshot is of all the data then.
	chartOpts := charts.Options{Candidates: []string{cand.Slug}}
	if asOfGiven {
		chartOpts.AsOf = asOf
	}
	q := charts.Query([]string{"support-over-time"}, chartOpts)
	q.Parts |= models.PartSupport | models.PartLatestTallies
	snap, err := h.Store.Snapshot(contest, q)
	if err != nil {
		return err
	}
	support, kinds := snap.Support, snap.Kinds
	var byKind []kindSupport
	total := kindSupport{Name: "All"}
	for _, r := range support {
		if r.CandidateID != cand.ID {
			continue
		}
		ks := kindSupport{Slug: r.KindSlug, Name: r.KindSlug, Count: r.Count, Nominating: r.Nominating, Points: r.Points}
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
	tallies := candidateTallies(snap, cand.ID, byKind)

	var overTime []models.SeriesPoint
	for _, p := range snap.Series {
		if p.CandidateID == cand.ID {
			overTime = append(overTime, p)
		}
	}
	chart, err := charts.Build(snap, "support-over-time", chartOpts)
	if err != nil {
		return err
	}

	backers, err := h.Store.Endorsements(contest.ID, store.EndorsementQuery{AsOf: asOf, CandidateIDs: []uint{cand.ID},
		Sort: store.SortKind, Limit: 200})
	if err != nil {
		return err
	}
	req.AsOfRows(backers.Rows)
	counts, latest, err := h.Store.CandidateMoves(contest.ID, cand.ID, asOf, movesShown)
	if err != nil {
		return err
	}
	// Moves are the latest gains and losses by switches and withdrawals, in the log's order.
	slices.Reverse(latest)
	var moves []candidateMove
	for _, ch := range kit.ChangeViews(latest) {
		switch {
		case ch.Change == store.ChangeSwitch && ch.CandidateID == cand.ID:
			moves = append(moves, candidateMove{ch, moveGain})
		case ch.Change == store.ChangeSwitch:
			moves = append(moves, candidateMove{ch, moveLoss})
		case ch.Change == store.ChangeWithdraw:
			moves = append(moves, candidateMove{ch, moveWithdraw})
		}
	}
	tableURL := "/c/" + contest.Slug + "/endorsements?candidate=" + cand.Slug
	if asOfGiven {
		tableURL += "&as_of=" + asOf
	}
	return c.Render("candidate", fiber.Map{
		"Title": cand.Name + " · " + contest.Title, "Contest": contest, "Candidate": cand, "Swatch": charts.Colour(cand.Colour),
		"FeedURL": "/c/" + contest.Slug + "/feed.atom",
		"AsOf":    asOf, "ByKind": byKind, "Total": total, "OverTime": overTime, "Chart": chart, "Tallies": tallies,
		"Backers": backers.Rows, "BackersTotal": backers.Total, "TableURL": tableURL,
		"Moves": moves, "Gains": counts.Gains, "Losses": counts.Losses, "Withdrawals": counts.Withdrawals,
		"MovesTotal": counts.Total(),
	})
}

// GET /endorsers/:slug?as_of=
func (h *Handler) Endorser(c *fiber.Ctx) error {
	e, err := h.Store.Endorser(c.Params("slug"))
	if err != nil {
		return err
	}
	asOf := kit.RequestOf(c).Day.ISO
	p, err := h.EndorserProfile(e, asOf)
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
func (h *Handler) ContestMethodology(c *fiber.Ctx) error {
	contest := kit.RequestOf(c).Contest
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
		"Notes": paragraphs(contest.Methodology), "Counting": countingRules(contest), "AsOfRules": asOfRules,
		"KeyDates": kit.KeyDates(contest),
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
func (h *Handler) Methodology(c *fiber.Ctx) error {
	cs, err := h.Store.Contests()
	if err != nil {
		return err
	}
	return c.Render("methodology", fiber.Map{"Title": "Methodology", "Contests": cs, "AsOfRules": asOfRules})
}

// GET /data-dictionary
func (h *Handler) DataDictionary(c *fiber.Ctx) error {
	return c.Render("data_dictionary", fiber.Map{"Title": "Data dictionary", "ImportColumns": kit.ImportColumns,
		"CurrentColumns": kit.CurrentColumns})
}

// deref is the value of an optional number, 0 when there is none; templates cannot format a
// pointer.
func deref(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}

// GET /c/:contest/changes
func (h *Handler) ContestChanges(c *fiber.Ctx) error {
	contest := kit.RequestOf(c).Contest
	changes, err := h.Store.ContestChanges(contest.ID, 500)
	if err != nil {
		return err
	}
	lines := make([]changeLine, len(changes))
	for i, ch := range changes {
		lines[i] = changeLine{ContestChange: ch, Link: changeLink(contest, ch)}
	}
	return c.Render("changes", fiber.Map{"Title": "Changes · " + contest.Title, "Contest": contest, "Changes": lines})
}

// changeLine is a line of the public change log with the page it concerns.
type changeLine struct {
	store.ContestChange
	Link string
}

// changeLink is the public page that shows what a change changed: the endorser's page for an
// event, the candidate's page, the methodology for the rules, the dashboard for figures.
func changeLink(contest *models.Contest, ch store.ContestChange) string {
	base := "/c/" + contest.Slug
	switch ch.Entity {
	case "event":
		if ch.Slug != "" {
			return "/endorsers/" + ch.Slug
		}
	case "candidate":
		if ch.Slug != "" {
			return base + "/candidates/" + ch.Slug
		}
	case "rule", "threshold", "contest":
		return base + "/methodology"
	case "tally", "poll", "odds", "figure":
		return base
	}
	return ""
}
