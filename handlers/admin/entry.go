package admin

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/internal/names"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

func positiveActions() []kit.Choice { return choices(models.ActionEndorse, models.ActionNominate) }

func precisions() []kit.Choice {
	return choices(models.PrecisionDay, models.PrecisionMonth, models.PrecisionReported)
}

func verifications() []kit.Choice {
	return choices(models.VerificationReported, models.VerificationConfirmed, models.VerificationDisputed)
}

// quickAddForm is "X endorses / nominates Y on date D, source S, quote Q" with an optional new
// endorser.
func (h *Handler) quickAddForm(contest *models.Contest) (*kit.Form, error) {
	kinds, err := h.kindOptions("(an existing endorser)")
	if err != nil {
		return nil, err
	}
	return &kit.Form{Action: "/admin/quick", Submit: "Record", Fields: []*kit.Field{
		{Name: "contest", Type: "hidden", Value: contest.Slug},
		{Name: "endorser", Label: "Endorser", Type: "text", Required: true, Autocomplete: "endorser",
			Hint: "Start typing to pick an endorser; a name not in the list creates a new one (give its kind)."},
		{Name: "endorser_slug", Type: "hidden"},
		{Name: "new_kind", Label: "Kind, for a new endorser", Type: "select", Options: kinds},
		{Name: "new_region", Label: "Region, for a new endorser", Type: "text", Max: 120},
		{Name: "action", Label: "Action", Type: "select", Required: true, Options: positiveActions(), Value: models.ActionEndorse},
		{Name: "candidate", Label: "Candidate", Type: "select", Required: true, Options: candidateOptions(contest.Candidates, "")},
		{Name: "effective_on", Label: "Date", Type: "date", Required: true},
		{Name: "precision", Label: "Date precision", Type: "select", Required: true, Options: precisions(), Value: models.PrecisionDay},
		{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		{Name: "source_title", Label: "Source title", Type: "text", Max: 300},
		{Name: "quote", Label: "Quote", Type: "textarea"},
		{Name: "verification", Label: "Verification", Type: "select", Required: true, Options: verifications(), Value: models.VerificationReported},
	}}, nil
}

// quickContest is the contest named by ?contest= (or the form), else the featured one.
func (h *Handler) quickContest(slug string) (*models.Contest, error) {
	if slug == "" {
		return h.Store.FeaturedContest()
	}
	return h.Store.Contest(slug)
}

// GET /admin/quick?contest=&endorser=&report=&added=
func (h *Handler) quickAddPage(c *fiber.Ctx) error {
	contest, err := h.quickContest(c.Query("contest"))
	if err != nil {
		return err
	}
	f, err := h.quickAddForm(contest)
	if err != nil {
		return err
	}
	data := fiber.Map{}
	if slug := c.Query("endorser"); slug != "" {
		if e, err := h.Store.Endorser(slug); err == nil {
			f.Set("endorser", e.Name)
			f.Set("endorser_slug", e.Slug)
		}
	}
	if id := c.QueryInt("report"); id > 0 {
		r, err := h.Store.Report(uint(id))
		if err != nil {
			return err
		}
		data["Report"] = r
		f.Set("source_url", r.SourceURL)
		if r.EndorserSlug != "" {
			if e, err := h.Store.Endorser(r.EndorserSlug); err == nil {
				f.Set("endorser", e.Name)
				f.Set("endorser_slug", e.Slug)
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

func (h *Handler) renderQuick(c *fiber.Ctx, status int, contest *models.Contest, f *kit.Form, data fiber.Map) error {
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
	contest, err := h.Store.Contest(c.FormValue("contest"))
	if err != nil {
		return err
	}
	f, err := h.quickAddForm(contest)
	if err != nil {
		return err
	}
	f.Read(c)
	f.Validate(h.Now())

	// Who: the endorser picked from the suggestions, one of that name, or a new one.
	var endorser, newEndorser *models.Endorser
	name := f.Get("endorser")
	if slug := f.Get("endorser_slug"); slug != "" {
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
		case f.Get("new_kind") == "":
			f.Fail("endorser", "No endorser has this name. Pick one from the suggestions, or choose a kind below to create it.")
		default:
			kind, err := h.Store.Kind(f.Get("new_kind"))
			if err != nil {
				return err
			}
			newEndorser = &models.Endorser{Name: name, KindID: kind.ID, Region: f.Get("new_region")}
		}
	}
	if !f.OK() {
		return h.renderQuick(c, fiber.StatusUnprocessableEntity, contest, f, fiber.Map{})
	}
	cand, err := h.Store.Candidate(contest.ID, f.Get("candidate"))
	if err != nil {
		return err
	}
	ev := &models.Event{ContestID: contest.ID, CandidateID: cand.ID, Action: f.Get("action"),
		EffectiveOn: f.Get("effective_on"), DatePrecision: f.Get("precision"), SourceURL: f.Get("source_url"),
		SourceTitle: f.Get("source_title"), Quote: f.Get("quote"), Verification: f.Get("verification")}
	if endorser != nil {
		ev.EndorserID = endorser.ID
	}
	if err := h.editor(c).QuickAdd(newEndorser, ev); err != nil {
		switch {
		case isDuplicate(err):
			f.Fail("endorser", fmt.Sprintf("This endorser already %s %s on %s.", pastTense(ev.Action), cand.Name, ev.EffectiveOn))
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

// endorserForm edits an endorser's own fields.
func (h *Handler) endorserForm(action string) (*kit.Form, error) {
	kinds, err := h.kindOptions("")
	if err != nil {
		return nil, err
	}
	return &kit.Form{Action: action, Submit: "Save", Fields: []*kit.Field{
		{Name: "name", Label: "Name", Type: "text", Required: true},
		{Name: "kind", Label: "Kind", Type: "select", Required: true, Options: kinds},
		{Name: "region", Label: "Region", Type: "text", Max: 120},
		{Name: "role", Label: "Role", Type: "text", Hint: "Such as \"Mayor of London\"."},
		{Name: "membership", Label: "Membership", Type: "number", Hint: "Organisations only."},
		{Name: "membership_note", Label: "What the membership figure is", Type: "text", Max: 500},
		{Name: "membership_source_url", Label: "Membership source URL", Type: "url"},
		{Name: "external_url", Label: "External link", Type: "url"},
	}}, nil
}

func fillEndorser(f *kit.Form, e *models.Endorser) {
	f.Set("name", e.Name)
	f.Set("kind", e.Kind.Slug)
	f.Set("region", e.Region)
	f.Set("role", e.Role)
	f.Set("membership", itoa(e.Membership))
	f.Set("membership_note", e.MembershipNote)
	f.Set("membership_source_url", e.MembershipSourceURL)
	f.Set("external_url", e.ExternalURL)
}

// applyEndorser copies a valid form into e.
func (h *Handler) applyEndorser(f *kit.Form, e *models.Endorser) error {
	kind, err := h.Store.Kind(f.Get("kind"))
	if err != nil {
		return err
	}
	e.Name, e.KindID, e.Kind = f.Get("name"), kind.ID, *kind
	e.Region, e.Role = f.Get("region"), f.Get("role")
	e.Membership = intPtr(f.Get("membership"))
	e.MembershipNote, e.MembershipSourceURL, e.ExternalURL = f.Get("membership_note"), f.Get("membership_source_url"), f.Get("external_url")
	return nil
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
	f, err := h.endorserForm("/admin/endorsers")
	if err != nil {
		return err
	}
	return h.renderAdmin(c, fiber.StatusOK, "admin/form", fiber.Map{"Title": "New endorser", "Form": f})
}

// POST /admin/endorsers
func (h *Handler) createEndorser(c *fiber.Ctx) error {
	f, err := h.endorserForm("/admin/endorsers")
	if err != nil {
		return err
	}
	f.Read(c)
	f.Validate(h.Now())
	if f.OK() {
		if _, err := h.Store.EndorserByName(f.Get("name")); err == nil {
			f.Fail("name", "An endorser with this name already exists.")
		}
	}
	if !f.OK() {
		return h.renderAdmin(c, fiber.StatusUnprocessableEntity, "admin/form", fiber.Map{"Title": "New endorser", "Form": f})
	}
	var e models.Endorser
	if err := h.applyEndorser(f, &e); err != nil {
		return err
	}
	if err := h.editor(c).AddEndorser(&e); err != nil {
		return err
	}
	return c.Redirect("/admin/endorsers/"+e.Slug, fiber.StatusSeeOther)
}

// positionView is one current position of an endorser with its withdraw and switch forms.
type positionView struct {
	store.EndorserPosition
	Withdraw, Switch *kit.Form
}

func withdrawForm(slug string, p store.EndorserPosition) *kit.Form {
	return &kit.Form{Action: "/admin/endorsers/" + slug + "/withdraw", Submit: "Withdraw", Fields: []*kit.Field{
		{Name: "event", Type: "hidden", Value: strconv.Itoa(int(p.EventID))},
		{Name: "effective_on", Label: "Date", Type: "date", Required: true},
		{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		{Name: "quote", Label: "Quote", Type: "textarea"},
	}}
}

func switchForm(slug string, p store.EndorserPosition) *kit.Form {
	var others []models.Candidate
	for _, c := range p.Contest.Candidates {
		if c.ID != p.Candidate.ID {
			others = append(others, c)
		}
	}
	return &kit.Form{Action: "/admin/endorsers/" + slug + "/switch", Submit: "Switch", Fields: []*kit.Field{
		{Name: "event", Type: "hidden", Value: strconv.Itoa(int(p.EventID))},
		{Name: "candidate", Label: "To", Type: "select", Required: true, Options: candidateOptions(others, "")},
		{Name: "action", Label: "Action", Type: "select", Required: true, Options: positiveActions(), Value: models.ActionEndorse},
		{Name: "effective_on", Label: "Date", Type: "date", Required: true},
		{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		{Name: "quote", Label: "Quote", Type: "textarea"},
	}}
}

// renderEndorser draws an endorser's admin page; failed, when set, replaces the form of that
// name ("edit", or "withdraw"/"switch" for the position of event failedEvent).
func (h *Handler) renderEndorser(c *fiber.Ctx, status int, e *models.Endorser, edit *kit.Form, failed *kit.Form, failedEvent uint) error {
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
		views[i] = positionView{EndorserPosition: p, Withdraw: withdrawForm(e.Slug, p), Switch: switchForm(e.Slug, p)}
		if failed != nil && p.EventID == failedEvent {
			if strings.HasSuffix(failed.Action, "/withdraw") {
				views[i].Withdraw = failed
			} else {
				views[i].Switch = failed
			}
		}
	}
	events, err := h.Store.EndorserEvents(e.ID)
	if err != nil {
		return err
	}
	if edit == nil {
		if edit, err = h.endorserForm("/admin/endorsers/" + e.Slug); err != nil {
			return err
		}
		fillEndorser(edit, e)
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
	return h.renderEndorser(c, fiber.StatusOK, e, nil, nil, 0)
}

// POST /admin/endorsers/:slug
func (h *Handler) updateEndorser(c *fiber.Ctx) error {
	e, err := h.Store.Endorser(c.Params("slug"))
	if err != nil {
		return err
	}
	f, err := h.endorserForm("/admin/endorsers/" + e.Slug)
	if err != nil {
		return err
	}
	f.Read(c)
	f.Validate(h.Now())
	if f.OK() {
		if other, err := h.Store.EndorserByName(f.Get("name")); err == nil && other.ID != e.ID {
			f.Fail("name", "Another endorser has this name.")
		}
	}
	if !f.OK() {
		return h.renderEndorser(c, fiber.StatusUnprocessableEntity, e, f, nil, 0)
	}
	if err := h.applyEndorser(f, e); err != nil {
		return err
	}
	if err := h.editor(c).UpdateEndorser(e); err != nil {
		return err
	}
	return c.Redirect("/admin/endorsers/"+e.Slug, fiber.StatusSeeOther)
}

// positionAction reads the withdraw or switch form of one of the endorser's current positions.
func (h *Handler) positionAction(c *fiber.Ctx, build func(string, store.EndorserPosition) *kit.Form) (*models.Endorser, *store.EndorserPosition, *kit.Form, error) {
	e, err := h.Store.Endorser(c.Params("slug"))
	if err != nil {
		return nil, nil, nil, err
	}
	positions, err := h.Store.EndorserPositions(e.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	id, _ := strconv.Atoi(c.FormValue("event"))
	for _, p := range positions {
		if int(p.EventID) == id {
			contest, err := h.Store.ContestByID(p.Contest.ID)
			if err != nil {
				return nil, nil, nil, err
			}
			p.Contest = *contest
			f := build(e.Slug, p)
			f.Read(c)
			f.Validate(h.Now())
			if d := f.Get("effective_on"); d != "" && d < p.StartOn {
				f.Fail("effective_on", "This is before the support began ("+p.StartOn+").")
			}
			return e, &p, f, nil
		}
	}
	return nil, nil, nil, fiber.NewError(fiber.StatusUnprocessableEntity, "That is no longer a current position of this endorser; reload the page.")
}

// POST /admin/endorsers/:slug/withdraw
func (h *Handler) withdrawEndorser(c *fiber.Ctx) error {
	e, p, f, err := h.positionAction(c, withdrawForm)
	if err != nil {
		return err
	}
	if f.OK() {
		ev := &models.Event{ContestID: p.Contest.ID, EndorserID: e.ID, CandidateID: p.Candidate.ID, Action: models.ActionWithdraw,
			EffectiveOn: f.Get("effective_on"), DatePrecision: models.PrecisionDay, SourceURL: f.Get("source_url"),
			Quote: f.Get("quote"), Verification: models.VerificationReported}
		err := h.editor(c).AddEvent(ev)
		if err == nil {
			return c.Redirect("/admin/endorsers/"+e.Slug, fiber.StatusSeeOther)
		}
		if !isDuplicate(err) {
			return err
		}
		f.Fail("effective_on", "This withdrawal is already recorded on this date.")
	}
	return h.renderEndorser(c, fiber.StatusUnprocessableEntity, e, nil, f, p.EventID)
}

// POST /admin/endorsers/:slug/switch
func (h *Handler) switchEndorser(c *fiber.Ctx) error {
	e, p, f, err := h.positionAction(c, switchForm)
	if err != nil {
		return err
	}
	if f.OK() {
		cand, err := h.Store.Candidate(p.Contest.ID, f.Get("candidate"))
		if err != nil {
			return err
		}
		ev := &models.Event{ContestID: p.Contest.ID, EndorserID: e.ID, CandidateID: cand.ID, Action: f.Get("action"),
			EffectiveOn: f.Get("effective_on"), DatePrecision: models.PrecisionDay, SourceURL: f.Get("source_url"),
			Quote: f.Get("quote"), Verification: models.VerificationReported}
		err = h.editor(c).SwitchEvent(ev)
		if err == nil {
			return c.Redirect("/admin/endorsers/"+e.Slug, fiber.StatusSeeOther)
		}
		if !isDuplicate(err) {
			return err
		}
		f.Fail("candidate", fmt.Sprintf("This endorser already %s %s on this date.", pastTense(ev.Action), cand.Name))
	}
	return h.renderEndorser(c, fiber.StatusUnprocessableEntity, e, nil, f, p.EventID)
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

// eventForm corrects an event.
func eventForm(e *models.Event, contest *models.Contest) *kit.Form {
	id := strconv.Itoa(int(e.ID))
	return &kit.Form{Action: "/admin/events/" + id, Submit: "Save correction", Fields: []*kit.Field{
		{Name: "candidate", Label: "Candidate", Type: "select", Required: true, Options: candidateOptions(contest.Candidates, ""), Value: e.Candidate.Slug},
		{Name: "action", Label: "Action", Type: "select", Required: true, Value: e.Action,
			Options: choices(models.ActionEndorse, models.ActionNominate, models.ActionWithdraw)},
		{Name: "effective_on", Label: "Date", Type: "date", Required: true, Value: e.EffectiveOn},
		{Name: "precision", Label: "Date precision", Type: "select", Required: true, Value: e.DatePrecision,
			Options: choices(models.PrecisionDay, models.PrecisionMonth, models.PrecisionRange, models.PrecisionReported)},
		{Name: "date_note", Label: "Date note", Type: "text", Max: 1000, Value: e.DateNote},
		{Name: "source_url", Label: "Source URL", Type: "url", Required: true, Value: e.SourceURL},
		{Name: "source_title", Label: "Source title", Type: "text", Max: 300, Value: e.SourceTitle},
		{Name: "quote", Label: "Quote", Type: "textarea", Value: e.Quote},
		{Name: "verification", Label: "Verification", Type: "select", Required: true, Options: verifications(), Value: e.Verification},
		{Name: "verification_note", Label: "Verification note", Type: "text", Max: 1000, Value: e.VerificationNote},
	}}
}

func retractForm(e *models.Event) *kit.Form {
	return &kit.Form{Action: "/admin/events/" + strconv.Itoa(int(e.ID)) + "/retract", Submit: "Retract", Fields: []*kit.Field{
		{Name: "reason", Label: "Reason (shown to the public)", Type: "text", Required: true, Max: 1000},
	}}
}

func (h *Handler) renderEvent(c *fiber.Ctx, status int, e *models.Event, edit, retract *kit.Form) error {
	contest, err := h.Store.ContestByID(e.ContestID)
	if err != nil {
		return err
	}
	if edit == nil {
		edit = eventForm(e, contest)
	}
	if retract == nil {
		retract = retractForm(e)
	}
	history, err := h.Store.AuditEntries(store.AuditFilter{Entity: "event", EntityID: e.ID})
	if err != nil {
		return err
	}
	return h.renderAdmin(c, status, "admin/event", fiber.Map{"Title": fmt.Sprintf("Event %d", e.ID),
		"Event": e, "Contest": contest, "Form": edit, "Retract": retract, "History": history})
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
	f := eventForm(e, contest)
	f.Read(c)
	f.Validate(h.Now())
	if f.OK() {
		cand, err := h.Store.Candidate(contest.ID, f.Get("candidate"))
		if err != nil {
			return err
		}
		e.CandidateID, e.Candidate = cand.ID, *cand
		e.Action, e.EffectiveOn, e.DatePrecision, e.DateNote = f.Get("action"), f.Get("effective_on"), f.Get("precision"), f.Get("date_note")
		e.SourceURL, e.SourceTitle, e.Quote = f.Get("source_url"), f.Get("source_title"), f.Get("quote")
		e.Verification, e.VerificationNote = f.Get("verification"), f.Get("verification_note")
		err = h.editor(c).UpdateEvent(e)
		if err == nil {
			return c.Redirect("/admin/events/"+strconv.Itoa(int(e.ID)), fiber.StatusSeeOther)
		}
		if !isDuplicate(err) {
			return err
		}
		f.Fail("effective_on", fmt.Sprintf("This endorser already %s %s on this date.", pastTense(e.Action), cand.Name))
	}
	return h.renderEvent(c, fiber.StatusUnprocessableEntity, e, f, nil)
}

// POST /admin/events/:id/retract
func (h *Handler) retractEvent(c *fiber.Ctx) error {
	e, err := routeRecord(c, h.Store.Event)
	if err != nil {
		return err
	}
	f := retractForm(e)
	f.Read(c)
	f.Validate(h.Now())
	if e.RetractedAt != nil {
		f.Fail("reason", "This event is already retracted.")
	}
	if !f.OK() {
		return h.renderEvent(c, fiber.StatusUnprocessableEntity, e, nil, f)
	}
	if err := h.editor(c).RetractEvent(e.ID, f.Get("reason")); err != nil {
		return err
	}
	return c.Redirect("/admin/events/"+strconv.Itoa(int(e.ID)), fiber.StatusSeeOther)
}
