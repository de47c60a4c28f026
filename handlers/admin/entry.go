package admin

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/form"
	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/internal/names"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// quickContest is the contest named by ?contest= (or the form), else the featured one.
func (h *Handler) quickContest(slug string) (*models.Contest, error) {
	if slug == "" {
		return h.Store.FeaturedContest()
	}
	return h.Store.Contest(slug)
}

// newQuickAdd is the quick-add form of the contest slug names (the featured one for ""), with
// every kind of endorser to pick from.
func (h *Handler) newQuickAdd(slug string) (*models.Contest, *form.QuickAdd, error) {
	contest, err := h.quickContest(slug)
	if err != nil {
		return nil, nil, err
	}
	kinds, err := h.Store.Kinds()
	if err != nil {
		return nil, nil, err
	}
	return contest, form.NewQuickAdd(contest, kinds), nil
}

// GET /admin/quick?contest=&endorser=&report=&added=
func (h *Handler) quickAddPage(c *fiber.Ctx) error {
	contest, f, err := h.newQuickAdd(c.Query("contest"))
	if err != nil {
		return err
	}
	data := fiber.Map{}
	if slug := c.Query("endorser"); slug != "" {
		if e, err := h.Store.Endorser(slug); err == nil {
			f.PickEndorser(e)
		}
	}
	if id := c.QueryInt("report"); id > 0 {
		r, err := h.Store.Report(uint(id))
		if err != nil {
			return err
		}
		data["Report"] = r
		f.SourceURL.Value = r.SourceURL
		if r.EndorserSlug != "" {
			if e, err := h.Store.Endorser(r.EndorserSlug); err == nil {
				f.PickEndorser(e)
			}
		}
	}
	if id := c.QueryInt("added"); id > 0 {
		if e, err := h.Store.Event(uint(id)); err == nil {
			data["Added"] = e
		}
	}
	return h.renderQuick(c, fiber.StatusOK, contest, f, data)
}

func (h *Handler) renderQuick(c *fiber.Ctx, status int, contest *models.Contest, f *form.QuickAdd, data fiber.Map) error {
	contests, err := h.Store.Contests()
	if err != nil {
		return err
	}
	data["Title"] = "Quick add"
	data["Contest"] = contest
	data["Contests"] = contests
	data["Form"] = f
	return h.renderAdmin(c, status, "admin/quick", data)
}

// POST /admin/quick
func (h *Handler) quickAdd(c *fiber.Ctx) error {
	slug := c.FormValue("contest")
	if slug == "" {
		return fmt.Errorf("quick add without a contest: %w", store.ErrNotFound)
	}
	contest, f, err := h.newQuickAdd(slug)
	if err != nil {
		return err
	}
	f.Read(c, h.Now())
	f.Validate()

	// Who: the endorser picked from the suggestions, one of that name, or a new one.
	var endorser, newEndorser *models.Endorser
	name := f.Endorser.Value
	if slug := f.EndorserSlug.Value; slug != "" {
		if e, err := h.Store.Endorser(slug); err == nil && names.Fold(e.Name) == names.Fold(name) {
			endorser = e
		}
	}
	if endorser == nil && name != "" {
		e, err := h.Store.EndorserByName(name)
		switch {
		case err == nil:
			endorser = e
		case !errors.Is(err, store.ErrNotFound):
			return err
		default:
			if newEndorser = f.NewEndorser(); newEndorser == nil {
				f.Endorser.Fail("No endorser has this name. Pick one from the suggestions, or choose a kind below to create it.")
			}
		}
	}
	if !f.OK() {
		return h.renderQuick(c, fiber.StatusUnprocessableEntity, contest, f, fiber.Map{})
	}
	ev := &models.Event{}
	cand := f.Apply(ev)
	if warning := f.WithdrawnBefore(cand); warning != "" {
		return h.renderQuick(c, fiber.StatusUnprocessableEntity, contest, f, fiber.Map{"Warning": warning})
	}
	if endorser != nil {
		ev.EndorserID = endorser.ID
	}
	if err := h.editor(c).QuickAdd(newEndorser, ev); err != nil {
		switch {
		case isDuplicate(err):
			f.Endorser.Fail(fmt.Sprintf("This endorser already %s %s on %s.", pastTense(ev.Action), cand.Name, ev.EffectiveOn))
			return h.renderQuick(c, fiber.StatusUnprocessableEntity, contest, f, fiber.Map{})
		case errors.Is(err, store.ErrBusy):
			// The form comes back as typed, so sending it again is all it takes.
			c.Set(fiber.HeaderRetryAfter, kit.RetryAfterBusy)
			return h.renderQuick(c, fiber.StatusServiceUnavailable, contest, f, fiber.Map{"Busy": kit.BusyMessage + " Your entry is kept below."})
		}
		return err
	}
	return c.Redirect("/admin/quick?contest="+contest.Slug+"&added="+strconv.Itoa(int(ev.ID)), fiber.StatusSeeOther)
}

func pastTense(action string) string {
	switch action {
	case models.ActionEndorse:
		return "endorsed"
	case models.ActionNominate:
		return "nominated"
	}
	return "withdrew from"
}

// GET /admin/endorsers?q=
func (h *Handler) adminEndorsers(c *fiber.Ctx) error {
	es, err := h.Store.Endorsers(c.Query("q"), 300)
	if err != nil {
		return err
	}
	return h.renderAdmin(c, fiber.StatusOK, "admin/endorsers", fiber.Map{"Title": "Endorsers", "Endorsers": es, "Q": c.Query("q")})
}

// GET /admin/endorsers/new
func (h *Handler) newEndorserPage(c *fiber.Ctx) error {
	kinds, err := h.Store.Kinds()
	if err != nil {
		return err
	}
	return h.renderAdmin(c, fiber.StatusOK, "admin/form", fiber.Map{"Title": "New endorser", "Form": form.NewEndorser("/admin/endorsers", kinds)})
}

// POST /admin/endorsers
func (h *Handler) createEndorser(c *fiber.Ctx) error {
	kinds, err := h.Store.Kinds()
	if err != nil {
		return err
	}
	f := form.NewEndorser("/admin/endorsers", kinds)
	f.Read(c, h.Now())
	if len(f.Validate()) == 0 {
		if _, err := h.Store.EndorserByName(f.Name.Value); err == nil {
			f.Name.Fail("An endorser with this name already exists.")
		}
	}
	if !f.OK() {
		return h.renderAdmin(c, fiber.StatusUnprocessableEntity, "admin/form", fiber.Map{"Title": "New endorser", "Form": f})
	}
	var e models.Endorser
	f.Apply(&e)
	if err := h.editor(c).AddEndorser(&e); err != nil {
		return err
	}
	return c.Redirect("/admin/endorsers/"+e.Slug, fiber.StatusSeeOther)
}

// positionView is one current position of an endorser with its withdraw and switch forms.
type positionView struct {
	store.EndorserPosition
	Withdraw *form.Withdraw
	Switch   *form.Switch
}

// renderEndorser draws an endorser's admin page; edit, when set, is the endorser form that
// failed, and withdraw or switch the form of a position that did.
func (h *Handler) renderEndorser(c *fiber.Ctx, status int, e *models.Endorser, edit *form.Endorser, withdraw *form.Withdraw, switched *form.Switch) error {
	positions, err := h.Store.EndorserPositions(e.ID)
	if err != nil {
		return err
	}
	views := make([]positionView, len(positions))
	for i, p := range positions {
		contest, err := h.Store.ContestByID(p.Contest.ID)
		if err != nil {
			return err
		}
		p.Contest = *contest
		views[i] = positionView{EndorserPosition: p, Withdraw: form.NewWithdraw(e.Slug, p.EventID, p.StartOn),
			Switch: form.NewSwitch(e.Slug, p.EventID, p.StartOn, &p.Contest, p.Candidate.ID)}
		if withdraw != nil && withdraw.Event.Value == views[i].Withdraw.Event.Value {
			views[i].Withdraw = withdraw
		}
		if switched != nil && switched.Event.Value == views[i].Switch.Event.Value {
			views[i].Switch = switched
		}
	}
	events, err := h.Store.EndorserEvents(e.ID)
	if err != nil {
		return err
	}
	if edit == nil {
		kinds, err := h.Store.Kinds()
		if err != nil {
			return err
		}
		edit = form.NewEndorser("/admin/endorsers/"+e.Slug, kinds)
		edit.Fill(e)
	}
	return h.renderAdmin(c, status, "admin/endorser", fiber.Map{
		"Title": e.Name, "Endorser": e, "Form": edit, "Positions": views, "Events": events,
	})
}

// GET /admin/endorsers/:slug
func (h *Handler) endorserPage(c *fiber.Ctx) error {
	e, err := h.Store.Endorser(c.Params("slug"))
	if err != nil {
		return err
	}
	return h.renderEndorser(c, fiber.StatusOK, e, nil, nil, nil)
}

// POST /admin/endorsers/:slug
func (h *Handler) updateEndorser(c *fiber.Ctx) error {
	e, err := h.Store.Endorser(c.Params("slug"))
	if err != nil {
		return err
	}
	kinds, err := h.Store.Kinds()
	if err != nil {
		return err
	}
	f := form.NewEndorser("/admin/endorsers/"+e.Slug, kinds)
	f.Read(c, h.Now())
	if len(f.Validate()) == 0 {
		if other, err := h.Store.EndorserByName(f.Name.Value); err == nil && other.ID != e.ID {
			f.Name.Fail("Another endorser has this name.")
		}
	}
	if !f.OK() {
		return h.renderEndorser(c, fiber.StatusUnprocessableEntity, e, f, nil, nil)
	}
	f.Apply(e)
	if err := h.editor(c).UpdateEndorser(e); err != nil {
		return err
	}
	return c.Redirect("/admin/endorsers/"+e.Slug, fiber.StatusSeeOther)
}

// position finds the one of the endorser's current positions that the posted form's event
// began, with the contest it is in.
func (h *Handler) position(c *fiber.Ctx) (*models.Endorser, *store.EndorserPosition, error) {
	e, err := h.Store.Endorser(c.Params("slug"))
	if err != nil {
		return nil, nil, err
	}
	positions, err := h.Store.EndorserPositions(e.ID)
	if err != nil {
		return nil, nil, err
	}
	id, _ := strconv.Atoi(c.FormValue("event"))
	for _, p := range positions {
		if int(p.EventID) == id {
			contest, err := h.Store.ContestByID(p.Contest.ID)
			if err != nil {
				return nil, nil, err
			}
			p.Contest = *contest
			return e, &p, nil
		}
	}
	return nil, nil, fiber.NewError(fiber.StatusUnprocessableEntity, "That is no longer a current position of this endorser; reload the page.")
}

// POST /admin/endorsers/:slug/withdraw
func (h *Handler) withdrawEndorser(c *fiber.Ctx) error {
	e, p, err := h.position(c)
	if err != nil {
		return err
	}
	f := form.NewWithdraw(e.Slug, p.EventID, p.StartOn)
	f.Read(c, h.Now())
	if len(f.Validate()) == 0 {
		ev := &models.Event{ContestID: p.Contest.ID, EndorserID: e.ID, CandidateID: p.Candidate.ID}
		f.Apply(ev)
		err := h.editor(c).AddEvent(ev)
		if err == nil {
			return c.Redirect("/admin/endorsers/"+e.Slug, fiber.StatusSeeOther)
		}
		if !isDuplicate(err) {
			return err
		}
		f.EffectiveOn.Fail("This withdrawal is already recorded on this date.")
	}
	return h.renderEndorser(c, fiber.StatusUnprocessableEntity, e, nil, f, nil)
}

// POST /admin/endorsers/:slug/switch
func (h *Handler) switchEndorser(c *fiber.Ctx) error {
	e, p, err := h.position(c)
	if err != nil {
		return err
	}
	f := form.NewSwitch(e.Slug, p.EventID, p.StartOn, &p.Contest, p.Candidate.ID)
	f.Read(c, h.Now())
	if len(f.Validate()) == 0 {
		ev := &models.Event{ContestID: p.Contest.ID, EndorserID: e.ID}
		cand := f.Apply(ev)
		err = h.editor(c).SwitchEvent(ev)
		if err == nil {
			return c.Redirect("/admin/endorsers/"+e.Slug, fiber.StatusSeeOther)
		}
		if !isDuplicate(err) {
			return err
		}
		f.Candidate.Fail(fmt.Sprintf("This endorser already %s %s on this date.", pastTense(ev.Action), cand.Name))
	}
	return h.renderEndorser(c, fiber.StatusUnprocessableEntity, e, nil, nil, f)
}

// GET /admin/events?contest=&endorser=
func (h *Handler) adminEvents(c *fiber.Ctx) error {
	contest, err := h.quickContest(c.Query("contest"))
	if err != nil {
		return err
	}
	var endorserID uint
	if slug := c.Query("endorser"); slug != "" {
		e, err := h.Store.Endorser(slug)
		if err != nil {
			return err
		}
		endorserID = e.ID
	}
	events, err := h.Store.ContestEvents(contest.ID, endorserID, 500)
	if err != nil {
		return err
	}
	contests, err := h.Store.Contests()
	if err != nil {
		return err
	}
	return h.renderAdmin(c, fiber.StatusOK, "admin/events", fiber.Map{"Title": "Events · " + contest.Title,
		"Contest": contest, "Contests": contests, "Events": events})
}

func (h *Handler) renderEvent(c *fiber.Ctx, status int, e *models.Event, edit *form.Event, retract *form.Retract) error {
	contest, err := h.Store.ContestByID(e.ContestID)
	if err != nil {
		return err
	}
	if edit == nil {
		edit = form.NewEvent(e, contest)
	}
	if retract == nil {
		retract = form.NewRetract(e.ID)
	}
	history, err := h.Store.AuditEntries(store.AuditFilter{Entity: "event", EntityID: e.ID})
	if err != nil {
		return err
	}
	data := fiber.Map{"Title": fmt.Sprintf("Event %d", e.ID),
		"Event": e, "Contest": contest, "Form": edit, "Retract": retract, "History": history}
	// Opened from an accepted report: the report is shown beside the record it questions.
	if id, err := strconv.Atoi(c.Query("report")); err == nil && id > 0 {
		if r, err := h.Store.Report(uint(id)); err == nil && r.EventID != nil && *r.EventID == e.ID {
			data["Report"] = r
			// The correction is sent with the report, so a correction refused for a bad field
			// is shown again beside it.
			edit.Form.Action += "?report=" + strconv.Itoa(id)
		}
	}
	return h.renderAdmin(c, status, "admin/event", data)
}

// GET /admin/events/:id
func (h *Handler) eventPage(c *fiber.Ctx) error {
	e, err := routeRecord(c, h.Store.Event)
	if err != nil {
		return err
	}
	return h.renderEvent(c, fiber.StatusOK, e, nil, nil)
}

// POST /admin/events/:id
func (h *Handler) updateEvent(c *fiber.Ctx) error {
	e, err := routeRecord(c, h.Store.Event)
	if err != nil {
		return err
	}
	contest, err := h.Store.ContestByID(e.ContestID)
	if err != nil {
		return err
	}
	f := form.NewEvent(e, contest)
	f.Read(c, h.Now())
	if len(f.Validate()) == 0 {
		cand := f.Apply(e)
		err = h.editor(c).UpdateEvent(e)
		if err == nil {
			return c.Redirect("/admin/events/"+strconv.Itoa(int(e.ID)), fiber.StatusSeeOther)
		}
		if !isDuplicate(err) {
			return err
		}
		f.EffectiveOn.Fail(fmt.Sprintf("This endorser already %s %s on this date.", pastTense(e.Action), cand.Name))
	}
	return h.renderEvent(c, fiber.StatusUnprocessableEntity, e, f, nil)
}

// POST /admin/events/:id/retract
func (h *Handler) retractEvent(c *fiber.Ctx) error {
	e, err := routeRecord(c, h.Store.Event)
	if err != nil {
		return err
	}
	f := form.NewRetract(e.ID)
	f.Read(c, h.Now())
	f.Validate()
	if e.RetractedAt != nil {
		f.Reason.Fail("This event is already retracted.")
	}
	if !f.OK() {
		return h.renderEvent(c, fiber.StatusUnprocessableEntity, e, nil, f)
	}
	if err := h.editor(c).RetractEvent(e.ID, f.Reason.Value); err != nil {
		return err
	}
	return c.Redirect("/admin/events/"+strconv.Itoa(int(e.ID)), fiber.StatusSeeOther)
}
