package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/models"
)

func (h *Handler) tallyForm(contest *models.Contest) (*form, error) {
	kinds, err := h.kindOptions("")
	if err != nil {
		return nil, err
	}
	return &form{Action: "/admin/contests/" + contest.Slug + "/tallies", Submit: "Add tally", Fields: []*field{
		{Name: "kind", Label: "Kind", Type: "select", Required: true, Options: kinds},
		{Name: "candidate", Label: "Candidate", Type: "select", Options: candidateOptions(contest.Candidates, "(undeclared / none)")},
		{Name: "count", Label: "Count", Type: "number", Required: true},
		{Name: "as_of", Label: "As of", Type: "date", Required: true},
		{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		{Name: "source_title", Label: "Source title", Type: "text", Max: 300},
		{Name: "verification", Label: "Verification", Type: "select", Required: true, Options: verifications(), Value: models.VerificationReported},
		{Name: "note", Label: "Note", Type: "text", Max: 1000},
	}}, nil
}

func oddsForm(contest *models.Contest) *form {
	return &form{Action: "/admin/contests/" + contest.Slug + "/odds", Submit: "Add odds", Fields: []*field{
		{Name: "candidate", Label: "Candidate", Type: "select", Required: true, Options: candidateOptions(contest.Candidates, "")},
		{Name: "bookmaker", Label: "Bookmaker", Type: "text", Required: true, Max: 120},
		{Name: "quoted_on", Label: "Quoted on", Type: "date", Required: true},
		{Name: "numerator", Label: "Odds: numerator (9 in 9/2)", Type: "number", Required: true},
		{Name: "denominator", Label: "Odds: denominator (2 in 9/2)", Type: "number", Required: true},
		{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		{Name: "note", Label: "Note", Type: "text", Max: 1000},
	}}
}

func figureForm(contest *models.Contest) *form {
	return &form{Action: "/admin/contests/" + contest.Slug + "/figures", Submit: "Add figure", Fields: []*field{
		{Name: "series", Label: "Series", Type: "text", Required: true, Max: 80, Hint: "Such as members, electorate, result."},
		{Name: "category", Label: "Category", Type: "text"},
		{Name: "candidate", Label: "Candidate", Type: "select", Options: candidateOptions(contest.Candidates, "(none)")},
		{Name: "value", Label: "Value", Type: "decimal", Required: true},
		{Name: "unit", Label: "Unit", Type: "text", Max: 80},
		{Name: "as_of", Label: "As of", Type: "date", Required: true},
		{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		{Name: "verification", Label: "Verification", Type: "select", Required: true, Options: verifications(), Value: models.VerificationReported},
		{Name: "note", Label: "Note", Type: "text", Max: 1000},
	}}
}

func pollForm(contest *models.Contest) *form {
	f := &form{Action: "/admin/contests/" + contest.Slug + "/polls", Submit: "Add poll", Fields: []*field{
		{Name: "pollster", Label: "Pollster", Type: "text", Required: true, Max: 120},
		{Name: "population", Label: "Population", Type: "text"},
		{Name: "fieldwork_start", Label: "Fieldwork start", Type: "date"},
		{Name: "fieldwork_end", Label: "Fieldwork end", Type: "date", Required: true},
		{Name: "sample_size", Label: "Sample size", Type: "number"},
		{Name: "includes_dont_knows", Label: "Shares include don't knows", Type: "checkbox"},
		{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		{Name: "note", Label: "Note", Type: "text", Max: 1000},
	}}
	for _, cd := range contest.Candidates {
		f.Fields = append(f.Fields, &field{Name: "pct_" + cd.Slug, Label: cd.Name + " (%)", Type: "decimal"})
	}
	return f
}

// renderData draws the page of tallies, odds, figures and polls; failed replaces its form.
func (h *Handler) renderData(c *fiber.Ctx, status int, contest *models.Contest, failed *form) error {
	tally, err := h.tallyForm(contest)
	if err != nil {
		return err
	}
	forms := []*form{tally, oddsForm(contest), figureForm(contest), pollForm(contest)}
	for i, f := range forms {
		if failed != nil && f.Action == failed.Action {
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

// dataPost reads one of the data forms; ok false means it has been re-rendered with errors.
func (h *Handler) dataPost(c *fiber.Ctx, build func(*models.Contest) (*form, error), check func(*form)) (*models.Contest, *form, bool, error) {
	contest, err := h.Store.Contest(c.Params("contest"))
	if err != nil {
		return nil, nil, false, err
	}
	f, err := build(contest)
	if err != nil {
		return nil, nil, false, err
	}
	f.read(c)
	f.validate(h.Now())
	if check != nil {
		check(f)
	}
	if !f.ok() {
		return contest, f, false, h.renderData(c, fiber.StatusUnprocessableEntity, contest, f)
	}
	return contest, f, true, nil
}

// optionalCandidate resolves an optional candidate slug to its ID.
func (h *Handler) optionalCandidate(contest *models.Contest, slug string) (*uint, error) {
	if slug == "" {
		return nil, nil
	}
	cd, err := h.Store.Candidate(contest.ID, slug)
	if err != nil {
		return nil, err
	}
	return &cd.ID, nil
}

func nonNegative(names ...string) func(*form) {
	return func(f *form) {
		for _, n := range names {
			if v := f.get(n); v != "" && atof(v) < 0 {
				f.fail(n, "This cannot be negative.")
			}
		}
	}
}

// POST /admin/contests/:contest/tallies
func (h *Handler) addTally(c *fiber.Ctx) error {
	contest, f, ok, err := h.dataPost(c, h.tallyForm, nonNegative("count"))
	if !ok || err != nil {
		return err
	}
	kind, err := h.Store.Kind(f.get("kind"))
	if err != nil {
		return err
	}
	cid, err := h.optionalCandidate(contest, f.get("candidate"))
	if err != nil {
		return err
	}
	t := &models.ReportedTally{ContestID: contest.ID, KindID: kind.ID, CandidateID: cid, Count: atoi(f.get("count")),
		AsOf: f.get("as_of"), DatePrecision: models.PrecisionDay, SourceURL: f.get("source_url"), SourceTitle: f.get("source_title"),
		Verification: f.get("verification"), Note: f.get("note")}
	if err := h.editor(c).AddReportedTally(t); err != nil {
		return err
	}
	return c.Redirect("/admin/contests/"+contest.Slug+"/data", fiber.StatusSeeOther)
}

// POST /admin/contests/:contest/odds
func (h *Handler) addOdds(c *fiber.Ctx) error {
	build := func(ct *models.Contest) (*form, error) { return oddsForm(ct), nil }
	contest, f, ok, err := h.dataPost(c, build, func(f *form) {
		for _, n := range []string{"numerator", "denominator"} {
			if v := f.get(n); v != "" && atoi(v) < 1 {
				f.fail(n, "This must be at least 1.")
			}
		}
	})
	if !ok || err != nil {
		return err
	}
	cd, err := h.Store.Candidate(contest.ID, f.get("candidate"))
	if err != nil {
		return err
	}
	o := &models.Odds{ContestID: contest.ID, CandidateID: cd.ID, Bookmaker: f.get("bookmaker"), QuotedOn: f.get("quoted_on"),
		DatePrecision: models.PrecisionDay, Numerator: atoi(f.get("numerator")), Denominator: atoi(f.get("denominator")),
		SourceURL: f.get("source_url"), Note: f.get("note")}
	if err := h.editor(c).AddOdds(o); err != nil {
		return err
	}
	return c.Redirect("/admin/contests/"+contest.Slug+"/data", fiber.StatusSeeOther)
}

// POST /admin/contests/:contest/figures
func (h *Handler) addFigure(c *fiber.Ctx) error {
	build := func(ct *models.Contest) (*form, error) { return figureForm(ct), nil }
	contest, f, ok, err := h.dataPost(c, build, nil)
	if !ok || err != nil {
		return err
	}
	cid, err := h.optionalCandidate(contest, f.get("candidate"))
	if err != nil {
		return err
	}
	fig := &models.Figure{ContestID: contest.ID, Series: f.get("series"), Category: f.get("category"), CandidateID: cid,
		Value: atof(f.get("value")), Unit: f.get("unit"), AsOf: f.get("as_of"), DatePrecision: models.PrecisionDay,
		SourceURL: f.get("source_url"), Verification: f.get("verification"), Note: f.get("note")}
	if err := h.editor(c).AddFigure(fig); err != nil {
		return err
	}
	return c.Redirect("/admin/contests/"+contest.Slug+"/data", fiber.StatusSeeOther)
}

// POST /admin/contests/:contest/polls
func (h *Handler) addPoll(c *fiber.Ctx) error {
	var contest *models.Contest
	build := func(ct *models.Contest) (*form, error) { contest = ct; return pollForm(ct), nil }
	check := func(f *form) {
		if s, e := f.get("fieldwork_start"), f.get("fieldwork_end"); s != "" && e != "" && s > e {
			f.fail("fieldwork_start", "Fieldwork cannot start after it ends.")
		}
		total, any := 0.0, false
		for _, cd := range contest.Candidates {
			n := "pct_" + cd.Slug
			if v := f.get(n); v != "" {
				any = true
				total += atof(v)
				if atof(v) < 0 || atof(v) > 100 {
					f.fail(n, "Use a percentage between 0 and 100.")
				}
			}
		}
		if !any && len(contest.Candidates) > 0 {
			f.fail("pct_"+contest.Candidates[0].Slug, "Give at least one candidate's share.")
		}
		if total > 100.5 {
			f.fail("pct_"+contest.Candidates[0].Slug, "The shares add up to more than 100%.")
		}
	}
	contest, f, ok, err := h.dataPost(c, build, check)
	if !ok || err != nil {
		return err
	}
	p := &models.Poll{ContestID: contest.ID, Pollster: f.get("pollster"), Population: f.get("population"),
		FieldworkStart: f.get("fieldwork_start"), FieldworkEnd: f.get("fieldwork_end"), DatePrecision: models.PrecisionDay,
		SampleSize: intPtr(f.get("sample_size")), IncludesDontKnows: f.get("includes_dont_knows") != "",
		SourceURL: f.get("source_url"), Note: f.get("note")}
	for _, cd := range contest.Candidates {
		if v := f.get("pct_" + cd.Slug); v != "" {
			id := cd.ID
			p.Values = append(p.Values, models.PollValue{CandidateID: &id, Option: cd.Name, Percent: atof(v)})
		}
	}
	if err := h.editor(c).AddPoll(p); err != nil {
		return err
	}
	return c.Redirect("/admin/contests/"+contest.Slug+"/data", fiber.StatusSeeOther)
}
