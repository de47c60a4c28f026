package admin

import (
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/internal/names"
	"github.com/backers/backers/models"
)

// colourPattern is a CSS hex colour; it ends up in SVG attributes and chart options.
var colourPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// checkSlug fails a slug that is not lower-case letters, digits and single hyphens.
func checkSlug(f *kit.Form, example string) {
	if s := f.Get("slug"); s != "" && !names.IsSlug(s) {
		f.Fail("slug", "Use lower-case letters, digits and single hyphens, like "+example+".")
	}
}

func contestForm(action string, withSlug bool) *kit.Form {
	f := &kit.Form{Action: action, Submit: "Save"}
	if withSlug {
		f.Fields = append(f.Fields, &kit.Field{Name: "slug", Label: "Slug", Type: "text", Required: true, Max: 80, Hint: "In the address: labour-2016."})
	}
	f.Fields = append(f.Fields,
		&kit.Field{Name: "title", Label: "Title", Type: "text", Required: true},
		&kit.Field{Name: "party", Label: "Party", Type: "text", Max: 120},
		&kit.Field{Name: "summary", Label: "Summary", Type: "textarea", Max: 2000},
		&kit.Field{Name: "opens_on", Label: "Opens", Type: "date", AllowFuture: true},
		&kit.Field{Name: "nominations_close_on", Label: "Nominations close", Type: "date", AllowFuture: true},
		&kit.Field{Name: "ballot_closes_on", Label: "Ballot closes", Type: "date", AllowFuture: true},
		&kit.Field{Name: "result_on", Label: "Result", Type: "date", AllowFuture: true},
		&kit.Field{Name: "status", Label: "Status", Type: "select", Required: true, Options: choices("upcoming", "open", "closed", "decided")},
		&kit.Field{Name: "methodology", Label: "Methodology", Type: "textarea", Max: 8000},
		&kit.Field{Name: "featured", Label: "Featured on the home page", Type: "checkbox"},
	)
	return f
}

func fillContest(f *kit.Form, c *models.Contest) {
	for name, v := range map[string]string{"title": c.Title, "party": c.Party, "summary": c.Summary, "opens_on": c.OpensOn,
		"nominations_close_on": c.NominationsCloseOn, "ballot_closes_on": c.BallotClosesOn, "result_on": c.ResultOn,
		"status": c.Status, "methodology": c.Methodology, "featured": checked(c.Featured)} {
		f.Set(name, v)
	}
}

func applyContest(f *kit.Form, c *models.Contest) {
	c.Title, c.Party, c.Summary = f.Get("title"), f.Get("party"), f.Get("summary")
	c.OpensOn, c.NominationsCloseOn, c.BallotClosesOn, c.ResultOn = f.Get("opens_on"), f.Get("nominations_close_on"), f.Get("ballot_closes_on"), f.Get("result_on")
	c.Status, c.Methodology, c.Featured = f.Get("status"), f.Get("methodology"), f.Get("featured") != ""
}

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
	f := contestForm("/admin/contests", true)
	f.Set("status", "upcoming")
	return h.renderAdmin(c, fiber.StatusOK, "admin/form", fiber.Map{"Title": "New contest", "Form": f})
}

// POST /admin/contests
func (h *Handler) createContest(c *fiber.Ctx) error {
	f := contestForm("/admin/contests", true)
	f.Read(c)
	f.Validate(h.Now())
	checkSlug(f, "labour-2016")
	if f.OK() {
		contest := &models.Contest{Slug: f.Get("slug")}
		applyContest(f, contest)
		err := h.editor(c).AddContest(contest)
		if err == nil {
			return c.Redirect("/admin/contests/"+contest.Slug, fiber.StatusSeeOther)
		}
		if !isDuplicate(err) {
			return err
		}
		f.Fail("slug", "A contest already has this slug.")
	}
	return h.renderAdmin(c, fiber.StatusUnprocessableEntity, "admin/form", fiber.Map{"Title": "New contest", "Form": f})
}

func (h *Handler) ruleForm(slug string) (*kit.Form, error) {
	kinds, err := h.kindOptions("")
	if err != nil {
		return nil, err
	}
	return &kit.Form{Action: "/admin/contests/" + slug + "/rules", Submit: "Save rule", Fields: []*kit.Field{
		{Name: "kind", Label: "Kind", Type: "select", Required: true, Options: kinds},
		{Name: "weight", Label: "Weight (points)", Type: "decimal", Required: true, Value: "1"},
		{Name: "denominator", Label: "How many exist", Type: "number"},
		{Name: "denominator_note", Label: "Denominator note", Type: "text", Max: 500},
		{Name: "source_url", Label: "Source URL", Type: "url"},
		{Name: "sort_order", Label: "Order", Type: "number"},
	}}, nil
}

func thresholdForm(slug string) *kit.Form {
	return &kit.Form{Action: "/admin/contests/" + slug + "/thresholds", Submit: "Add threshold", Fields: []*kit.Field{
		{Name: "name", Label: "Name", Type: "text", Required: true},
		{Name: "kind_slugs", Label: "Kinds counted (comma-separated slugs)", Type: "text", Max: 300},
		{Name: "applies_to", Label: "Applies to", Type: "select", Required: true, Options: choices("challenger", "all")},
		{Name: "percent", Label: "Percent", Type: "decimal"},
		{Name: "required", Label: "Nominations required", Type: "number"},
		{Name: "of", Label: "Of a body of", Type: "number"},
		{Name: "note", Label: "Note", Type: "text", Max: 1000},
		{Name: "source_url", Label: "Source URL", Type: "url"},
	}}
}

// renderContest draws a contest's admin page; any of the forms may be one that failed.
func (h *Handler) renderContest(c *fiber.Ctx, status int, contest *models.Contest, edit, rule, threshold *kit.Form) error {
	var err error
	if edit == nil {
		edit = contestForm("/admin/contests/"+contest.Slug, false)
		fillContest(edit, contest)
	}
	if rule == nil {
		if rule, err = h.ruleForm(contest.Slug); err != nil {
			return err
		}
	}
	if threshold == nil {
		threshold = thresholdForm(contest.Slug)
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
	f := contestForm("/admin/contests/"+contest.Slug, false)
	f.Read(c)
	f.Validate(h.Now())
	if !f.OK() {
		return h.renderContest(c, fiber.StatusUnprocessableEntity, contest, f, nil, nil)
	}
	applyContest(f, contest)
	if err := h.editor(c).UpdateContest(contest); err != nil {
		return err
	}
	return c.Redirect("/admin/contests/"+contest.Slug, fiber.StatusSeeOther)
}

// POST /admin/contests/:contest/rules
func (h *Handler) saveRule(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	f, err := h.ruleForm(contest.Slug)
	if err != nil {
		return err
	}
	f.Read(c)
	f.Validate(h.Now())
	nonNegative("denominator", "weight")(f)
	if !f.OK() {
		return h.renderContest(c, fiber.StatusUnprocessableEntity, contest, nil, f, nil)
	}
	kind, err := h.Store.Kind(f.Get("kind"))
	if err != nil {
		return err
	}
	ck := &models.ContestKind{ContestID: contest.ID, KindID: kind.ID, Weight: atof(f.Get("weight")),
		Denominator: intPtr(f.Get("denominator")), DenominatorNote: f.Get("denominator_note"),
		SourceURL: f.Get("source_url"), SortOrder: atoi(f.Get("sort_order"))}
	if err := h.editor(c).SaveContestKind(ck); err != nil {
		return err
	}
	return c.Redirect("/admin/contests/"+contest.Slug, fiber.StatusSeeOther)
}

// POST /admin/contests/:contest/thresholds
func (h *Handler) addThreshold(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	f := thresholdForm(contest.Slug)
	f.Read(c)
	f.Validate(h.Now())
	var slugs []string
	for _, s := range strings.Split(f.Get("kind_slugs"), ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if _, err := h.Store.Kind(s); err != nil {
			f.Fail("kind_slugs", "There is no kind "+s+".")
		}
		slugs = append(slugs, s)
	}
	if !f.OK() {
		return h.renderContest(c, fiber.StatusUnprocessableEntity, contest, nil, nil, f)
	}
	t := &models.Threshold{ContestID: contest.ID, Name: f.Get("name"), KindSlugs: strings.Join(slugs, ","),
		AppliesTo: f.Get("applies_to"), Percent: atof(f.Get("percent")), Required: atoi(f.Get("required")),
		Of: atoi(f.Get("of")), Note: f.Get("note"), SourceURL: f.Get("source_url")}
	if err := h.editor(c).AddThreshold(t); err != nil {
		return err
	}
	return c.Redirect("/admin/contests/"+contest.Slug, fiber.StatusSeeOther)
}

func candidateForm(action string, withSlug bool) *kit.Form {
	f := &kit.Form{Action: action, Submit: "Save"}
	if withSlug {
		f.Fields = append(f.Fields, &kit.Field{Name: "slug", Label: "Slug", Type: "text", Required: true, Max: 80, Hint: "In the address: jeremy-corbyn."})
	}
	f.Fields = append(f.Fields,
		&kit.Field{Name: "name", Label: "Name", Type: "text", Required: true},
		&kit.Field{Name: "colour", Label: "Colour", Type: "text", Required: true, Max: 7, Hint: "#rrggbb", Value: "#777777"},
		&kit.Field{Name: "incumbent", Label: "Incumbent", Type: "checkbox"},
		&kit.Field{Name: "status", Label: "Status", Type: "select", Required: true, Value: models.CandidateDeclared,
			Options: choices(models.CandidateDeclared, models.CandidateOnBallot, models.CandidateWithdrawn, models.CandidateEliminated, models.CandidateWinner)},
		&kit.Field{Name: "withdrawn_on", Label: "Withdrew on", Type: "date"},
		&kit.Field{Name: "withdrawal_reason", Label: "Reason for withdrawing", Type: "text", Max: 1000},
		&kit.Field{Name: "sort_order", Label: "Order", Type: "number"},
	)
	return f
}

func checkCandidate(f *kit.Form) {
	if v := f.Get("colour"); v != "" && !colourPattern.MatchString(v) {
		f.Fail("colour", "Use a colour like #dc241f.")
	}
	if f.Get("status") == models.CandidateWithdrawn && f.Get("withdrawn_on") == "" {
		f.Fail("withdrawn_on", "Give the date a withdrawn candidate withdrew.")
	}
	if f.Get("status") != models.CandidateWithdrawn && f.Get("withdrawn_on") != "" {
		f.Fail("status", "A candidate with a withdrawal date must have the status withdrawn.")
	}
}

func applyCandidate(f *kit.Form, cd *models.Candidate) {
	cd.Name, cd.Colour, cd.Incumbent, cd.Status = f.Get("name"), strings.ToLower(f.Get("colour")), f.Get("incumbent") != "", f.Get("status")
	cd.WithdrawnOn, cd.WithdrawalReason, cd.SortOrder = f.Get("withdrawn_on"), f.Get("withdrawal_reason"), atoi(f.Get("sort_order"))
}

// GET /admin/contests/:contest/candidates/new
func (h *Handler) newCandidatePage(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	f := candidateForm("/admin/contests/"+contest.Slug+"/candidates", true)
	return h.renderAdmin(c, fiber.StatusOK, "admin/form", fiber.Map{"Title": "New candidate · " + contest.Title, "Form": f})
}

// POST /admin/contests/:contest/candidates
func (h *Handler) createCandidate(c *fiber.Ctx) error {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return err
	}
	f := candidateForm("/admin/contests/"+contest.Slug+"/candidates", true)
	f.Read(c)
	f.Validate(h.Now())
	checkCandidate(f)
	checkSlug(f, "owen-smith")
	if f.OK() {
		cd := &models.Candidate{ContestID: contest.ID, Slug: f.Get("slug")}
		applyCandidate(f, cd)
		err := h.editor(c).AddCandidate(cd)
		if err == nil {
			return c.Redirect("/admin/contests/"+contest.Slug, fiber.StatusSeeOther)
		}
		if !isDuplicate(err) {
			return err
		}
		f.Fail("slug", "This contest already has a candidate with this slug.")
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
	f := candidateForm("/admin/contests/"+contest.Slug+"/candidates/"+cd.Slug, false)
	for name, v := range map[string]string{"name": cd.Name, "colour": cd.Colour, "incumbent": checked(cd.Incumbent), "status": cd.Status,
		"withdrawn_on": cd.WithdrawnOn, "withdrawal_reason": cd.WithdrawalReason, "sort_order": itoa(&cd.SortOrder)} {
		f.Set(name, v)
	}
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
	f := candidateForm("/admin/contests/"+contest.Slug+"/candidates/"+cd.Slug, false)
	f.Read(c)
	f.Validate(h.Now())
	checkCandidate(f)
	if !f.OK() {
		return h.renderAdmin(c, fiber.StatusUnprocessableEntity, "admin/form", fiber.Map{"Title": cd.Name + " · " + contest.Title, "Form": f})
	}
	applyCandidate(f, cd)
	if err := h.editor(c).UpdateCandidate(cd); err != nil {
		return err
	}
	return c.Redirect("/admin/contests/"+contest.Slug, fiber.StatusSeeOther)
}
