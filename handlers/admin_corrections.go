package handlers

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// Lists of a contest's reported tallies, polls, odds and figures, and the pages that correct
// one. A correction is an audited edit: these records are never deleted, and the trail keeps
// what each said before. The forms are the ones that add records (admin_data.go).

// recordPath is the admin page of one record: /admin/tallies/3.
func recordPath(entity string, id uint) string {
	return "/admin/" + map[string]string{"tally": "tallies", "poll": "polls", "odds": "odds", "figure": "figures"}[entity] +
		"/" + strconv.Itoa(int(id))
}

// asCorrection turns an add form into the form that corrects record entity id.
func asCorrection(f *form, entity string, id uint) *form {
	f.Action, f.Submit = recordPath(entity, id), "Save correction"
	return f
}

// renderRecord draws a record's correction form with its history.
func (h *Handler) renderRecord(c *fiber.Ctx, status int, contest *models.Contest, entity string, id uint, title, list string, f *form) error {
	history, err := h.Store.AuditEntries(store.AuditFilter{Entity: entity, EntityID: id})
	if err != nil {
		return err
	}
	return h.renderAdmin(c, status, "admin/record", fiber.Map{"Title": title, "Contest": contest, "Form": f,
		"History": history, "List": "/admin/contests/" + contest.Slug + "/" + list})
}

// correct reads a correction form; when it is valid, save stores it and the browser goes back
// to the record's page, else the form is drawn again with its messages (422).
func (h *Handler) correct(c *fiber.Ctx, contest *models.Contest, entity string, id uint, title, list string, f *form, check func(*form), save func() error) error {
	f.read(c)
	f.validate(h.Now())
	if check != nil {
		check(f)
	}
	if !f.ok() {
		return h.renderRecord(c, fiber.StatusUnprocessableEntity, contest, entity, id, title, list, f)
	}
	if err := save(); err != nil {
		return err
	}
	return c.Redirect(recordPath(entity, id), fiber.StatusSeeOther)
}

// candidateNames maps a contest's candidate IDs to names, for lists.
func candidateNames(contest *models.Contest) map[uint]string {
	names := map[uint]string{}
	for _, cd := range contest.Candidates {
		names[cd.ID] = cd.Name
	}
	return names
}

// GET /admin/contests/:contest/tallies
func (h *Handler) adminTallies(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	tallies, err := h.Store.ReportedTallies(contest.ID, "")
	if err != nil {
		return err
	}
	return h.renderAdmin(c, fiber.StatusOK, "admin/tallies", fiber.Map{"Title": "Reported tallies · " + contest.Title,
		"Contest": contest, "Tallies": tallies})
}

// tallyRecord loads the tally of the route's :id with its contest.
func (h *Handler) tallyRecord(c *fiber.Ctx) (*models.ReportedTally, *models.Contest, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return nil, nil, err
	}
	t, err := h.Store.ReportedTally(id)
	if err != nil {
		return nil, nil, err
	}
	contest, err := h.Store.ContestByID(t.ContestID)
	return t, contest, err
}

func tallyTitle(t *models.ReportedTally) string { return "Reported tally " + strconv.Itoa(int(t.ID)) }

// GET /admin/tallies/:id
func (h *Handler) tallyPage(c *fiber.Ctx) error {
	t, contest, err := h.tallyRecord(c)
	if err != nil {
		return err
	}
	f, err := h.tallyForm(contest)
	if err != nil {
		return err
	}
	fillTally(f, t)
	return h.renderRecord(c, fiber.StatusOK, contest, "tally", t.ID, tallyTitle(t), "tallies", asCorrection(f, "tally", t.ID))
}

// POST /admin/tallies/:id
func (h *Handler) updateTally(c *fiber.Ctx) error {
	t, contest, err := h.tallyRecord(c)
	if err != nil {
		return err
	}
	f, err := h.tallyForm(contest)
	if err != nil {
		return err
	}
	return h.correct(c, contest, "tally", t.ID, tallyTitle(t), "tallies", asCorrection(f, "tally", t.ID), nonNegative("count"), func() error {
		if err := h.applyTally(f, contest, t); err != nil {
			return err
		}
		return h.editor(c).UpdateReportedTally(t)
	})
}

// pollRow is a poll in the list, with its shares written out.
type pollRow struct {
	models.Poll
	Shares string
}

// pollShares writes a poll's values out: "Jeremy Corbyn 54%, Owen Smith 15%".
func pollShares(names map[uint]string, p models.Poll) string {
	parts := make([]string, len(p.Values))
	for i, v := range p.Values {
		label := v.Option
		if v.CandidateID != nil {
			label = names[*v.CandidateID]
		}
		parts[i] = label + " " + strconv.FormatFloat(v.Percent, 'f', -1, 64) + "%"
	}
	return strings.Join(parts, ", ")
}

// GET /admin/contests/:contest/polls
func (h *Handler) adminPolls(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	polls, err := h.Store.Polls(contest.ID)
	if err != nil {
		return err
	}
	names := candidateNames(contest)
	rows := make([]pollRow, len(polls))
	for i, p := range polls {
		rows[i] = pollRow{Poll: p, Shares: pollShares(names, p)}
	}
	return h.renderAdmin(c, fiber.StatusOK, "admin/polls", fiber.Map{"Title": "Polls · " + contest.Title,
		"Contest": contest, "Polls": rows})
}

// pollRecord loads the poll of the route's :id with its contest.
func (h *Handler) pollRecord(c *fiber.Ctx) (*models.Poll, *models.Contest, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return nil, nil, err
	}
	p, err := h.Store.Poll(id)
	if err != nil {
		return nil, nil, err
	}
	contest, err := h.Store.ContestByID(p.ContestID)
	return p, contest, err
}

func pollTitle(p *models.Poll) string { return "Poll " + strconv.Itoa(int(p.ID)) + ": " + p.Pollster }

// GET /admin/polls/:id
func (h *Handler) pollPage(c *fiber.Ctx) error {
	p, contest, err := h.pollRecord(c)
	if err != nil {
		return err
	}
	f := pollForm(contest)
	fillPoll(f, contest, p)
	return h.renderRecord(c, fiber.StatusOK, contest, "poll", p.ID, pollTitle(p), "polls", asCorrection(f, "poll", p.ID))
}

// POST /admin/polls/:id
func (h *Handler) updatePoll(c *fiber.Ctx) error {
	p, contest, err := h.pollRecord(c)
	if err != nil {
		return err
	}
	f := asCorrection(pollForm(contest), "poll", p.ID)
	return h.correct(c, contest, "poll", p.ID, pollTitle(p), "polls", f, pollCheck(contest), func() error {
		applyPoll(f, contest, p)
		return h.editor(c).UpdatePoll(p)
	})
}

// GET /admin/contests/:contest/odds
func (h *Handler) adminOdds(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	odds, err := h.Store.Odds(contest.ID)
	if err != nil {
		return err
	}
	return h.renderAdmin(c, fiber.StatusOK, "admin/odds", fiber.Map{"Title": "Odds · " + contest.Title,
		"Contest": contest, "Odds": odds, "Names": candidateNames(contest)})
}

// oddsRecord loads the price of the route's :id with its contest.
func (h *Handler) oddsRecord(c *fiber.Ctx) (*models.Odds, *models.Contest, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return nil, nil, err
	}
	o, err := h.Store.OddsByID(id)
	if err != nil {
		return nil, nil, err
	}
	contest, err := h.Store.ContestByID(o.ContestID)
	return o, contest, err
}

func oddsTitle(o *models.Odds) string { return "Odds " + strconv.Itoa(int(o.ID)) + ": " + o.Bookmaker }

// GET /admin/odds/:id
func (h *Handler) oddsPage(c *fiber.Ctx) error {
	o, contest, err := h.oddsRecord(c)
	if err != nil {
		return err
	}
	f := oddsForm(contest)
	fillOdds(f, contest, o)
	return h.renderRecord(c, fiber.StatusOK, contest, "odds", o.ID, oddsTitle(o), "odds", asCorrection(f, "odds", o.ID))
}

// POST /admin/odds/:id
func (h *Handler) updateOdds(c *fiber.Ctx) error {
	o, contest, err := h.oddsRecord(c)
	if err != nil {
		return err
	}
	f := asCorrection(oddsForm(contest), "odds", o.ID)
	return h.correct(c, contest, "odds", o.ID, oddsTitle(o), "odds", f, nil, func() error {
		if err := h.applyOdds(f, contest, o); err != nil {
			return err
		}
		return h.editor(c).UpdateOdds(o)
	})
}

// figureRow is a figure in the list with its candidate's name and its value written out in
// full (a float prints 1000000 as 1e+06).
type figureRow struct {
	models.Figure
	Candidate string
	Amount    string
}

// GET /admin/contests/:contest/figures
func (h *Handler) adminFigures(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	figures, err := h.Store.ContestFigures(contest.ID)
	if err != nil {
		return err
	}
	names := candidateNames(contest)
	rows := make([]figureRow, len(figures))
	for i, f := range figures {
		rows[i] = figureRow{Figure: f, Amount: strconv.FormatFloat(f.Value, 'f', -1, 64)}
		if f.CandidateID != nil {
			rows[i].Candidate = names[*f.CandidateID]
		}
	}
	return h.renderAdmin(c, fiber.StatusOK, "admin/figures", fiber.Map{"Title": "Figures · " + contest.Title,
		"Contest": contest, "Figures": rows})
}

// figureRecord loads the figure of the route's :id with its contest.
func (h *Handler) figureRecord(c *fiber.Ctx) (*models.Figure, *models.Contest, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return nil, nil, err
	}
	fig, err := h.Store.Figure(id)
	if err != nil {
		return nil, nil, err
	}
	contest, err := h.Store.ContestByID(fig.ContestID)
	return fig, contest, err
}

func figureTitle(f *models.Figure) string {
	return "Figure " + strconv.Itoa(int(f.ID)) + ": " + f.Series
}

// GET /admin/figures/:id
func (h *Handler) figurePage(c *fiber.Ctx) error {
	fig, contest, err := h.figureRecord(c)
	if err != nil {
		return err
	}
	f := figureForm(contest)
	fillFigure(f, contest, fig)
	return h.renderRecord(c, fiber.StatusOK, contest, "figure", fig.ID, figureTitle(fig), "figures", asCorrection(f, "figure", fig.ID))
}

// POST /admin/figures/:id
func (h *Handler) updateFigure(c *fiber.Ctx) error {
	fig, contest, err := h.figureRecord(c)
	if err != nil {
		return err
	}
	f := asCorrection(figureForm(contest), "figure", fig.ID)
	return h.correct(c, contest, "figure", fig.ID, figureTitle(fig), "figures", f, nil, func() error {
		if err := h.applyFigure(f, contest, fig); err != nil {
			return err
		}
		return h.editor(c).UpdateFigure(fig)
	})
}
