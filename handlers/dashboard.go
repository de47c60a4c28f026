package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/models"
)

// GET /
func (h *Handler) home(c *fiber.Ctx) error {
	contest, err := h.Store.FeaturedContest()
	if err != nil {
		return err
	}
	return h.renderDashboard(c, contest)
}

// GET /c/:contest
func (h *Handler) dashboard(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	return h.renderDashboard(c, contest)
}

func (h *Handler) renderDashboard(c *fiber.Ctx, contest *models.Contest) error {
	latest, err := h.Store.LatestEvents(contest.ID, 20)
	if err != nil {
		return err
	}
	return c.Render("dashboard", fiber.Map{
		"Title":   contest.Title,
		"Contest": contest,
		"Latest":  latest,
	})
}
