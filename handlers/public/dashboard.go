package public

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// headlineCharts are the charts whose figures head the dashboard, in order.
func headlineCharts() []string {
	return []string{"result", "clp-nominations", "union-nominations", "thresholds"}
}

// GET /?withdrawn=hide&as_of=YYYY-MM-DD
func (h *Handler) Home(c *fiber.Ctx) error {
	contest, err := h.Store.FeaturedContest()
	if err != nil {
		return err
	}
	return h.renderDashboard(c, kit.RequestOf(c).Use(contest))
}

// GET /c/:contest?withdrawn=hide&as_of=YYYY-MM-DD
func (h *Handler) Dashboard(c *fiber.Ctx) error {
	return h.renderDashboard(c, kit.RequestOf(c).Contest)
}

// latestShown is how many of the latest changes the dashboard lists.
const latestShown = 20

// candidateView is a candidate as the dashboard lists it, its colour checked for use in SVG.
type candidateView struct {
	models.Candidate
	Swatch string
}

func (h *Handler) renderDashboard(c *fiber.Ctx, contest *models.Contest) error {
	// Without as_of the charts show all the data, which is the state as of today; a given day
	// is carried on to the charts and their embed code.
	asOf := kit.RequestOf(c).Day.Query()
	hideWithdrawn, err := kit.HideWithdrawn(c)
	if err != nil {
		return err
	}
	var opts charts.Options
	opts.AsOf = asOf
	var cands []candidateView
	for _, cd := range contest.Candidates {
		if hideWithdrawn && cd.Status == models.CandidateWithdrawn {
			continue
		}
		opts.Candidates = append(opts.Candidates, cd.Slug)
		cands = append(cands, candidateView{Candidate: cd, Swatch: charts.Colour(cd.Colour)})
	}
	snap, err := h.Store.Snapshot(contest, charts.Query(nil, opts))
	if err != nil {
		return err
	}
	built, err := charts.BuildAll(snap, opts)
	if err != nil {
		return err
	}
	headlineOrder := headlineCharts()
	var headlines, shown []*charts.Chart
	allEmpty := true
	for _, ch := range built {
		allEmpty = allEmpty && ch.Empty
		if !ch.NotApplicable {
			shown = append(shown, ch)
		}
		if !ch.Empty && len(ch.Headline) > 0 && slices.Contains(headlineOrder, ch.Name) {
			headlines = append(headlines, ch)
		}
	}
	slices.SortStableFunc(headlines, func(a, b *charts.Chart) int {
		return slices.Index(headlineOrder, a.Name) - slices.Index(headlineOrder, b.Name)
	})
	// Latest changes are the latest recorded, backdated ones included; as of a given day, the
	// contest as it stood then, those nearest the day by the day each took effect. Retracted
	// ones stay, marked.
	order := store.NewestRecorded
	if asOf != "" {
		order = store.NewestEffective
	}
	latest, err := h.Store.Changes(store.ChangeQuery{ContestID: contest.ID, AsOf: asOf, Retracted: true, Order: order, Limit: latestShown})
	if err != nil {
		return err
	}
	timetable, err := h.Store.KeyDates(contest.ID)
	if err != nil {
		return err
	}
	record, err := h.Store.ContestRecordDays(contest.ID)
	if err != nil {
		return err
	}
	facts, err := h.contestFacts(contest, timetable, asOf)
	if err != nil {
		return err
	}
	timeline := newTimeline(c.Path(), contest, kit.Milestones(contest, timetable), record, asOf, h.Today(), hideWithdrawn)
	return c.Render("dashboard", fiber.Map{
		"Title":         contest.Title,
		"Contest":       contest,
		"Candidates":    cands,
		"HideWithdrawn": hideWithdrawn,
		"HasWithdrawn":  slices.ContainsFunc(contest.Candidates, func(cd models.Candidate) bool { return cd.Status == models.CandidateWithdrawn }),
		"AsOf":          asOf,
		"Charts":        shown,
		"Headlines":     headlines,
		"AllEmpty":      allEmpty,
		"Latest":        kit.ChangeViews(latest),
		"LatestByDay":   order == store.NewestEffective,
		"Timeline":      timeline,
		"Facts":         facts,
		"Social":        h.dashboardSocial(c, contest, built, dashboardChartQuery(opts, hideWithdrawn)),
		"Embeds":        h.embedCodes(c, contest, built, dashboardChartQuery(opts, hideWithdrawn)),
	})
}
