package admin

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/form"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// tallyData, oddsData, figureData and pollData are the four kinds of contest data; their
// forms are the form package's.
var (
	tallyData = &dataKind[models.ReportedTally]{entity: "tally", list: "tallies",
		build: func(h *Handler, contest *models.Contest) (recordForm[models.ReportedTally], error) {
			kinds, err := h.Store.Kinds()
			if err != nil {
				return nil, err
			}
			return form.NewTally(contest, kinds), nil
		},
		load:  (*store.Store).ReportedTally,
		ref:   func(t *models.ReportedTally) (uint, uint) { return t.ID, t.ContestID },
		title: func(t *models.ReportedTally) string { return "Reported tally " + strconv.Itoa(int(t.ID)) },
		add:   (*store.Editor).AddReportedTally, update: (*store.Editor).UpdateReportedTally}
	oddsData = &dataKind[models.Odds]{entity: "odds", list: "odds",
		build: func(_ *Handler, contest *models.Contest) (recordForm[models.Odds], error) {
			return form.NewOdds(contest), nil
		},
		load:  (*store.Store).OddsByID,
		ref:   func(o *models.Odds) (uint, uint) { return o.ID, o.ContestID },
		title: func(o *models.Odds) string { return "Odds " + strconv.Itoa(int(o.ID)) + ": " + o.Bookmaker },
		add:   (*store.Editor).AddOdds, update: (*store.Editor).UpdateOdds}
	figureData = &dataKind[models.Figure]{entity: "figure", list: "figures",
		build: func(_ *Handler, contest *models.Contest) (recordForm[models.Figure], error) {
			return form.NewFigure(contest), nil
		},
		load:  (*store.Store).Figure,
		ref:   func(f *models.Figure) (uint, uint) { return f.ID, f.ContestID },
		title: func(f *models.Figure) string { return "Figure " + strconv.Itoa(int(f.ID)) + ": " + f.Series },
		add:   (*store.Editor).AddFigure, update: (*store.Editor).UpdateFigure}
	pollData = &dataKind[models.Poll]{entity: "poll", list: "polls",
		build: func(_ *Handler, contest *models.Contest) (recordForm[models.Poll], error) {
			return form.NewPoll(contest), nil
		},
		load:  (*store.Store).Poll,
		ref:   func(p *models.Poll) (uint, uint) { return p.ID, p.ContestID },
		title: func(p *models.Poll) string { return "Poll " + strconv.Itoa(int(p.ID)) + ": " + p.Pollster },
		add:   (*store.Editor).AddPoll, update: (*store.Editor).UpdatePoll}
)

// renderData draws the page of tallies, odds, figures and polls; failed replaces its form.
func (h *Handler) renderData(c *fiber.Ctx, status int, contest *models.Contest, failed form.Drawn) error {
	kinds, err := h.Store.Kinds()
	if err != nil {
		return err
	}
	forms := []form.Drawn{form.NewTally(contest, kinds), form.NewOdds(contest), form.NewFigure(contest), form.NewPoll(contest)}
	for i, f := range forms {
		if failed != nil && f.Base().Action == failed.Base().Action {
			forms[i] = failed
		}
	}
	return h.renderAdmin(c, status, "admin/data", fiber.Map{"Title": "Figures · " + contest.Title, "Contest": contest, "Forms": forms})
}

// GET /admin/contests/:contest/data
func (h *Handler) dataPage(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	return h.renderData(c, fiber.StatusOK, contest, nil)
}

// POST /admin/contests/:contest/tallies
func (h *Handler) addTally(c *fiber.Ctx) error { return tallyData.addRecord(h, c) }

// POST /admin/contests/:contest/odds
func (h *Handler) addOdds(c *fiber.Ctx) error { return oddsData.addRecord(h, c) }

// POST /admin/contests/:contest/figures
func (h *Handler) addFigure(c *fiber.Ctx) error { return figureData.addRecord(h, c) }

// POST /admin/contests/:contest/polls
func (h *Handler) addPoll(c *fiber.Ctx) error { return pollData.addRecord(h, c) }
