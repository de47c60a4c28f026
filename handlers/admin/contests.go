package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/form"
	"github.com/backers/backers/models"
)

// GET /admin/contests
func (h *Handler) adminContests(c *fiber.Ctx) error {
	cs, err := h.Store.Contests()
	if err != nil {
		return err
	}
	return h.renderAdmin(c, fiber.StatusOK, "admin/contests", fiber.Map{"Title": "Contests", "Contests": cs})
}

// GET /admin/contests/new
func (h *Handler) newContestPage(c *fiber.Ctx) error {
	return h.renderAdmin(c, fiber.StatusOK, "admin/form", fiber.Map{"Title": "New contest", "Form": form.NewContest("/admin/contests", true)})
}

// POST /admin/contests
func (h *Handler) createContest(c *fiber.Ctx) error {
	f := form.NewContest("/admin/contests", true)
	f.Read(c, h.Now())
	if len(f.Validate()) == 0 {
		contest := &models.Contest{}
		f.Apply(contest)
		err := h.editor(c).AddContest(contest)
		if err == nil {
			return c.Redirect("/admin/contests/"+contest.Slug, fiber.StatusSeeOther)
		}
		if !isDuplicate(err) {
			return err
		}
		f.Slug.Fail("A contest already has this slug.")
	}
	return h.renderAdmin(c, fiber.StatusUnprocessableEntity, "admin/form", fiber.Map{"Title": "New contest", "Form": f})
}

// contestAndKinds loads the :contest and every endorser kind, which the rule and threshold
// forms offer.
func (h *Handler) contestAndKinds(c *fiber.Ctx) (*models.Contest, []models.Kind, error) {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return nil, nil, err
	}
	kinds, err := h.Store.Kinds()
	return contest, kinds, err
}

// renderContest draws a contest's admin page; any of the forms may be one that failed.
func (h *Handler) renderContest(c *fiber.Ctx, status int, contest *models.Contest, edit *form.Contest, rule *form.Rule, threshold *form.Threshold) error {
	kinds, err := h.Store.Kinds()
	if err != nil {
		return err
	}
	if edit == nil {
		edit = form.NewContest("/admin/contests/"+contest.Slug, false)
		edit.Fill(contest)
	}
	if rule == nil {
		rule = form.NewRule(contest.Slug, kinds)
	}
	if threshold == nil {
		threshold = form.NewThreshold(contest.Slug, kinds)
	}
	return h.renderAdmin(c, status, "admin/contest", fiber.Map{"Title": contest.Title, "Contest": contest,
		"Form": edit, "RuleForm": rule, "ThresholdForm": threshold})
}

// GET /admin/contests/:contest
func (h *Handler) contestPage(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	return h.renderContest(c, fiber.StatusOK, contest, nil, nil, nil)
}

// POST /admin/contests/:contest
func (h *Handler) updateContest(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	f := form.NewContest("/admin/contests/"+contest.Slug, false)
	f.Read(c, h.Now())
	if len(f.Validate()) > 0 {
		return h.renderContest(c, fiber.StatusUnprocessableEntity, contest, f, nil, nil)
	}
	f.Apply(contest)
	if err := h.editor(c).UpdateContest(contest); err != nil {
		return err
	}
	return c.Redirect("/admin/contests/"+contest.Slug, fiber.StatusSeeOther)
}

// POST /admin/contests/:contest/rules
func (h *Handler) saveRule(c *fiber.Ctx) error {
	contest, kinds, err := h.contestAndKinds(c)
	if err != nil {
		return err
	}
	f := form.NewRule(contest.Slug, kinds)
	f.Read(c, h.Now())
	if len(f.Validate()) > 0 {
		return h.renderContest(c, fiber.StatusUnprocessableEntity, contest, nil, f, nil)
	}
	// An edit starts from the rule as it stands, so what the request leaves out is kept.
	ck := &models.ContestKind{}
	for _, existing := range contest.Kinds {
		if existing.Kind.Slug == f.Kind.Value {
			*ck = existing
			ck.Kind = models.Kind{}
		}
	}
	f.Apply(contest.ID, ck)
	if err := h.editor(c).SaveContestKind(ck); err != nil {
		return err
	}
	return c.Redirect("/admin/contests/"+contest.Slug, fiber.StatusSeeOther)
}

// POST /admin/contests/:contest/thresholds
func (h *Handler) addThreshold(c *fiber.Ctx) error {
	contest, kinds, err := h.contestAndKinds(c)
	if err != nil {
		return err
	}
	f := form.NewThreshold(contest.Slug, kinds)
	f.Read(c, h.Now())
	if len(f.Validate()) > 0 {
		return h.renderContest(c, fiber.StatusUnprocessableEntity, contest, nil, nil, f)
	}
	// A change starts from the threshold as it stands, so what the request leaves out is kept.
	t := &models.Threshold{}
	for _, existing := range contest.Thresholds {
		if existing.Name == f.Name.Value {
			*t = existing
		}
	}
	f.Apply(contest.ID, t)
	if err := h.editor(c).SaveThreshold(t); err != nil {
		return err
	}
	return c.Redirect("/admin/contests/"+contest.Slug, fiber.StatusSeeOther)
}

// GET /admin/contests/:contest/candidates/new
func (h *Handler) newCandidatePage(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	f := form.NewCandidate("/admin/contests/"+contest.Slug+"/candidates", true)
	return h.renderAdmin(c, fiber.StatusOK, "admin/form", fiber.Map{"Title": "New candidate · " + contest.Title, "Form": f})
}

// POST /admin/contests/:contest/candidates
func (h *Handler) createCandidate(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	f := form.NewCandidate("/admin/contests/"+contest.Slug+"/candidates", true)
	f.Read(c, h.Now())
	if len(f.Validate()) == 0 {
		cd := &models.Candidate{ContestID: contest.ID}
		f.Apply(cd)
		err := h.editor(c).AddCandidate(cd)
		if err == nil {
			return c.Redirect("/admin/contests/"+contest.Slug, fiber.StatusSeeOther)
		}
		if !isDuplicate(err) {
			return err
		}
		f.Slug.Fail("This contest already has a candidate with this slug.")
	}
	return h.renderAdmin(c, fiber.StatusUnprocessableEntity, "admin/form", fiber.Map{"Title": "New candidate · " + contest.Title, "Form": f})
}

// GET /admin/contests/:contest/candidates/:candidate
func (h *Handler) candidatePage(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	cd, err := h.Store.Candidate(contest.ID, c.Params("candidate"))
	if err != nil {
		return err
	}
	f := form.NewCandidate("/admin/contests/"+contest.Slug+"/candidates/"+cd.Slug, false)
	f.Fill(cd)
	return h.renderAdmin(c, fiber.StatusOK, "admin/form", fiber.Map{"Title": cd.Name + " · " + contest.Title, "Form": f})
}

// POST /admin/contests/:contest/candidates/:candidate
func (h *Handler) updateCandidate(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	cd, err := h.Store.Candidate(contest.ID, c.Params("candidate"))
	if err != nil {
		return err
	}
	f := form.NewCandidate("/admin/contests/"+contest.Slug+"/candidates/"+cd.Slug, false)
	f.Read(c, h.Now())
	if len(f.Validate()) > 0 {
		return h.renderAdmin(c, fiber.StatusUnprocessableEntity, "admin/form", fiber.Map{"Title": cd.Name + " · " + contest.Title, "Form": f})
	}
	f.Apply(cd)
	if err := h.editor(c).UpdateCandidate(cd); err != nil {
		return err
	}
	return c.Redirect("/admin/contests/"+contest.Slug, fiber.StatusSeeOther)
}
