package public

import (
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/models"
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
	return h.renderDashboard(c, contest)
}

// GET /c/:contest?withdrawn=hide&as_of=YYYY-MM-DD
func (h *Handler) Dashboard(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	return h.renderDashboard(c, contest)
}

// candidateView is a candidate as the dashboard lists it, its colour checked for use in SVG.
type candidateView struct {
	models.Candidate
	Swatch string
}

func (h *Handler) renderDashboard(c *fiber.Ctx, contest *models.Contest) error {
	asOf := c.Query("as_of")
	if asOf != "" {
		if _, err := time.Parse("2006-01-02", asOf); err != nil {
			return fiber.NewError(fiber.StatusBadRequest, "as_of must be a date like 2016-08-15.")
		}
	}
	hideWithdrawn := c.Query("withdrawn") == "hide"
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
	order := headlineCharts()
	var headlines, shown []*charts.Chart
	allEmpty := true
	for _, ch := range built {
		allEmpty = allEmpty && ch.Empty
		if !ch.NotApplicable {
			shown = append(shown, ch)
		}
		if !ch.Empty && len(ch.Headline) > 0 && slices.Contains(order, ch.Name) {
			headlines = append(headlines, ch)
		}
	}
	slices.SortStableFunc(headlines, func(a, b *charts.Chart) int {
		return slices.Index(order, a.Name) - slices.Index(order, b.Name)
	})
	latest, err := h.Store.LatestEvents(contest.ID, 20)
	if err != nil {
		return err
	}
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
		"Latest":        latest,
		"Social":        h.dashboardSocial(c, contest, built, dashboardChartQuery(opts, hideWithdrawn)),
		"Embeds":        h.embedCodes(c, contest, built, dashboardChartQuery(opts, hideWithdrawn)),
	})
}
