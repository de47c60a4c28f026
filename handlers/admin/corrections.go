package admin

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/form"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// Lists of a contest's reported tallies, polls, odds and figures, and the pages that correct
// one. A correction is an audited edit: these records are never deleted, and the trail keeps
// what each said before. The forms are the ones that add records (admin_data.go).

// recordForm is the typed form of one kind of contest data record: the form package's Tally,
// Odds, Figure or Poll.
type recordForm[T any] interface {
	form.Drawn
	Read(c *fiber.Ctx, now time.Time)
	Validate() map[string]string
	Fill(rec *T)
	Apply(rec *T)
}

// dataKind is one kind of contest data: reported tallies, odds, figures or polls. Adding a
// record (on the contest's data page, data.go) and correcting one (on the record's own
// page) both go through it, so both validate alike.
type dataKind[T any] struct {
	entity, list string // the audit trail's entity and the admin path of its records: "poll", "polls"
	build        func(h *Handler, contest *models.Contest) (recordForm[T], error)
	load         func(s *store.Store, id uint) (*T, error)
	ref          func(rec *T) (id, contestID uint)
	title        func(rec *T) string
	add          func(ed *store.Editor, rec *T) error
	update       func(ed *store.Editor, rec *T) error
}

// recordPath is the admin page of one record: /admin/tallies/3.
func (k *dataKind[T]) recordPath(id uint) string {
	return "/admin/" + k.list + "/" + strconv.Itoa(int(id))
}

// addRecord adds the record described by the form posted to the contest's data page; a form
// with errors is drawn again on that page (422).
func (k *dataKind[T]) addRecord(h *Handler, c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	f, err := k.build(h, contest)
	if err != nil {
		return err
	}
	f.Read(c, h.Now())
	if len(f.Validate()) > 0 {
		return h.renderData(c, fiber.StatusUnprocessableEntity, contest, f)
	}
	var rec T
	f.Apply(&rec)
	if err := k.add(h.editor(c), &rec); err != nil {
		return err
	}
	return c.Redirect("/admin/contests/"+contest.Slug+"/data", fiber.StatusSeeOther)
}

// open loads the record of the route's :id, its contest, and the form that corrects it.
func (k *dataKind[T]) open(h *Handler, c *fiber.Ctx) (*T, *models.Contest, recordForm[T], error) {
	rec, err := routeRecord(c, func(id uint) (*T, error) { return k.load(h.Store, id) })
	if err != nil {
		return nil, nil, nil, err
	}
	id, contestID := k.ref(rec)
	contest, err := h.Store.ContestByID(contestID)
	if err != nil {
		return nil, nil, nil, err
	}
	f, err := k.build(h, contest)
	if err != nil {
		return nil, nil, nil, err
	}
	f.Base().Action, f.Base().Submit = k.recordPath(id), "Save correction"
	return rec, contest, f, nil
}

// render draws a record's correction form with its history.
func (k *dataKind[T]) render(h *Handler, c *fiber.Ctx, status int, contest *models.Contest, rec *T, f recordForm[T]) error {
	id, _ := k.ref(rec)
	history, err := h.Store.AuditEntries(store.AuditFilter{Entity: k.entity, EntityID: id})
	if err != nil {
		return err
	}
	return h.renderAdmin(c, status, "admin/record", fiber.Map{"Title": k.title(rec), "Contest": contest, "Form": f,
		"History": history, "List": "/admin/contests/" + contest.Slug + "/" + k.list})
}

// page draws the record's correction form, filled from the record.
func (k *dataKind[T]) page(h *Handler, c *fiber.Ctx) error {
	rec, contest, f, err := k.open(h, c)
	if err != nil {
		return err
	}
	f.Fill(rec)
	return k.render(h, c, fiber.StatusOK, contest, rec, f)
}

// correct reads a correction form; when it is valid the record is updated (and audited) and
// the browser goes back to the record's page, else the form is drawn again with its messages (422).
func (k *dataKind[T]) correct(h *Handler, c *fiber.Ctx) error {
	rec, contest, f, err := k.open(h, c)
	if err != nil {
		return err
	}
	f.Read(c, h.Now())
	if len(f.Validate()) > 0 {
		return k.render(h, c, fiber.StatusUnprocessableEntity, contest, rec, f)
	}
	f.Apply(rec)
	if err := k.update(h.editor(c), rec); err != nil {
		return err
	}
	id, _ := k.ref(rec)
	return c.Redirect(k.recordPath(id), fiber.StatusSeeOther)
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

// GET /admin/tallies/:id
func (h *Handler) tallyPage(c *fiber.Ctx) error { return tallyData.page(h, c) }

// POST /admin/tallies/:id
func (h *Handler) updateTally(c *fiber.Ctx) error { return tallyData.correct(h, c) }

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

// GET /admin/polls/:id
func (h *Handler) pollPage(c *fiber.Ctx) error { return pollData.page(h, c) }

// POST /admin/polls/:id
func (h *Handler) updatePoll(c *fiber.Ctx) error { return pollData.correct(h, c) }

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

// GET /admin/odds/:id
func (h *Handler) oddsPage(c *fiber.Ctx) error { return oddsData.page(h, c) }

// POST /admin/odds/:id
func (h *Handler) updateOdds(c *fiber.Ctx) error { return oddsData.correct(h, c) }

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

// GET /admin/figures/:id
func (h *Handler) figurePage(c *fiber.Ctx) error { return figureData.page(h, c) }

// POST /admin/figures/:id
func (h *Handler) updateFigure(c *fiber.Ctx) error { return figureData.correct(h, c) }
