package handlers

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// The forms of tallies, odds, figures and polls serve both adding a record (on the contest's
// data page) and correcting one (on the record's own page, admin_corrections.go): one builder,
// one check, and one apply per kind of record, so both paths validate alike.

func dataPrecisions() []choice {
	return choices(models.PrecisionDay, models.PrecisionMonth, models.PrecisionRange, models.PrecisionReported)
}

// orDay is a record's date precision: day unless the form says otherwise.
func orDay(precision string) string {
	if precision == "" {
		return models.PrecisionDay
	}
	return precision
}

// tallyData, oddsData, figureData and pollData are the four kinds of contest data.
var (
	tallyData = &dataKind[models.ReportedTally]{entity: "tally", list: "tallies",
		build: (*Handler).tallyForm,
		check: func(*models.Contest) func(*form) { return nonNegative("count") },
		fill:  func(f *form, _ *models.Contest, t *models.ReportedTally) { fillTally(f, t) },
		apply: (*Handler).applyTally,
		load:  (*store.Store).ReportedTally,
		ref:   func(t *models.ReportedTally) (uint, uint) { return t.ID, t.ContestID },
		title: func(t *models.ReportedTally) string { return "Reported tally " + strconv.Itoa(int(t.ID)) },
		add:   (*store.Editor).AddReportedTally, update: (*store.Editor).UpdateReportedTally}
	oddsData = &dataKind[models.Odds]{entity: "odds", list: "odds",
		build: func(_ *Handler, contest *models.Contest) (*form, error) { return oddsForm(contest), nil },
		fill:  fillOdds,
		apply: (*Handler).applyOdds,
		load:  (*store.Store).OddsByID,
		ref:   func(o *models.Odds) (uint, uint) { return o.ID, o.ContestID },
		title: func(o *models.Odds) string { return "Odds " + strconv.Itoa(int(o.ID)) + ": " + o.Bookmaker },
		add:   (*store.Editor).AddOdds, update: (*store.Editor).UpdateOdds}
	figureData = &dataKind[models.Figure]{entity: "figure", list: "figures",
		build: func(_ *Handler, contest *models.Contest) (*form, error) { return figureForm(contest), nil },
		fill:  fillFigure,
		apply: (*Handler).applyFigure,
		load:  (*store.Store).Figure,
		ref:   func(f *models.Figure) (uint, uint) { return f.ID, f.ContestID },
		title: func(f *models.Figure) string { return "Figure " + strconv.Itoa(int(f.ID)) + ": " + f.Series },
		add:   (*store.Editor).AddFigure, update: (*store.Editor).UpdateFigure}
	pollData = &dataKind[models.Poll]{entity: "poll", list: "polls",
		build: func(_ *Handler, contest *models.Contest) (*form, error) { return pollForm(contest), nil },
		check: pollCheck,
		fill:  fillPoll,
		apply: func(_ *Handler, f *form, contest *models.Contest, p *models.Poll) error {
			applyPoll(f, contest, p)
			return nil
		},
		load:  (*store.Store).Poll,
		ref:   func(p *models.Poll) (uint, uint) { return p.ID, p.ContestID },
		title: func(p *models.Poll) string { return "Poll " + strconv.Itoa(int(p.ID)) + ": " + p.Pollster },
		add:   (*store.Editor).AddPoll, update: (*store.Editor).UpdatePoll}
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
		{Name: "precision", Label: "Date precision", Type: "select", Options: dataPrecisions(), Value: models.PrecisionDay},
		{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		{Name: "source_title", Label: "Source title", Type: "text", Max: 300},
		{Name: "verification", Label: "Verification", Type: "select", Required: true, Options: verifications(), Value: models.VerificationReported},
		{Name: "note", Label: "Note", Type: "text", Max: 1000},
	}}, nil
}

func fillTally(f *form, t *models.ReportedTally) {
	f.set("kind", t.Kind.Slug)
	if t.Candidate != nil {
		f.set("candidate", t.Candidate.Slug)
	}
	f.set("count", strconv.Itoa(t.Count))
	f.set("as_of", t.AsOf)
	f.set("precision", t.DatePrecision)
	f.set("source_url", t.SourceURL)
	f.set("source_title", t.SourceTitle)
	f.set("verification", t.Verification)
	f.set("note", t.Note)
}

// applyTally copies a valid tally form into t.
func (h *Handler) applyTally(f *form, contest *models.Contest, t *models.ReportedTally) error {
	kind, err := h.Store.Kind(f.get("kind"))
	if err != nil {
		return err
	}
	cid, err := h.optionalCandidate(contest, f.get("candidate"))
	if err != nil {
		return err
	}
	t.ContestID, t.KindID, t.Kind, t.CandidateID, t.Candidate = contest.ID, kind.ID, *kind, cid, nil
	t.Count, t.AsOf, t.DatePrecision = atoi(f.get("count")), f.get("as_of"), orDay(f.get("precision"))
	t.SourceURL, t.SourceTitle, t.Verification, t.Note = f.get("source_url"), f.get("source_title"), f.get("verification"), f.get("note")
	return nil
}

func oddsForm(contest *models.Contest) *form {
	return &form{Action: "/admin/contests/" + contest.Slug + "/odds", Submit: "Add odds", Fields: []*field{
		{Name: "candidate", Label: "Candidate", Type: "select", Required: true, Options: candidateOptions(contest.Candidates, "")},
		{Name: "bookmaker", Label: "Bookmaker", Type: "text", Required: true, Max: 120},
		{Name: "quoted_on", Label: "Quoted on", Type: "date", Required: true},
		{Name: "precision", Label: "Date precision", Type: "select", Options: dataPrecisions(), Value: models.PrecisionDay},
		{Name: "price", Label: "Odds", Type: "odds", Required: true, Max: 20, Hint: "Fractional, as the bookmaker writes them: 9/2, 1/3, 1/1 for evens."},
		{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		{Name: "note", Label: "Note", Type: "text", Max: 1000},
	}}
}

func fillOdds(f *form, contest *models.Contest, o *models.Odds) {
	for _, cd := range contest.Candidates {
		if cd.ID == o.CandidateID {
			f.set("candidate", cd.Slug)
		}
	}
	f.set("bookmaker", o.Bookmaker)
	f.set("quoted_on", o.QuotedOn)
	f.set("precision", o.DatePrecision)
	f.set("price", strconv.Itoa(o.Numerator)+"/"+strconv.Itoa(o.Denominator))
	f.set("source_url", o.SourceURL)
	f.set("note", o.Note)
}

// applyOdds copies a valid odds form into o.
func (h *Handler) applyOdds(f *form, contest *models.Contest, o *models.Odds) error {
	cd, err := h.Store.Candidate(contest.ID, f.get("candidate"))
	if err != nil {
		return err
	}
	num, den, _ := parseOdds(f.get("price"))
	o.ContestID, o.CandidateID, o.Bookmaker = contest.ID, cd.ID, f.get("bookmaker")
	o.QuotedOn, o.DatePrecision, o.Numerator, o.Denominator = f.get("quoted_on"), orDay(f.get("precision")), num, den
	o.SourceURL, o.Note = f.get("source_url"), f.get("note")
	return nil
}

func figureForm(contest *models.Contest) *form {
	return &form{Action: "/admin/contests/" + contest.Slug + "/figures", Submit: "Add figure", Fields: []*field{
		{Name: "series", Label: "Series", Type: "text", Required: true, Max: 80, Hint: "Such as members, electorate, result."},
		{Name: "category", Label: "Category", Type: "text"},
		{Name: "candidate", Label: "Candidate", Type: "select", Options: candidateOptions(contest.Candidates, "(none)")},
		{Name: "value", Label: "Value", Type: "decimal", Required: true},
		{Name: "unit", Label: "Unit", Type: "text", Max: 80},
		{Name: "as_of", Label: "As of", Type: "date", Required: true},
		{Name: "precision", Label: "Date precision", Type: "select", Options: dataPrecisions(), Value: models.PrecisionDay},
		{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		{Name: "verification", Label: "Verification", Type: "select", Required: true, Options: verifications(), Value: models.VerificationReported},
		{Name: "note", Label: "Note", Type: "text", Max: 1000},
	}}
}

func fillFigure(f *form, contest *models.Contest, fig *models.Figure) {
	f.set("series", fig.Series)
	f.set("category", fig.Category)
	f.set("candidate", candidateSlug(contest, fig.CandidateID))
	f.set("value", strconv.FormatFloat(fig.Value, 'f', -1, 64))
	f.set("unit", fig.Unit)
	f.set("as_of", fig.AsOf)
	f.set("precision", fig.DatePrecision)
	f.set("source_url", fig.SourceURL)
	f.set("verification", fig.Verification)
	f.set("note", fig.Note)
}

// applyFigure copies a valid figure form into fig.
func (h *Handler) applyFigure(f *form, contest *models.Contest, fig *models.Figure) error {
	cid, err := h.optionalCandidate(contest, f.get("candidate"))
	if err != nil {
		return err
	}
	fig.ContestID, fig.Series, fig.Category, fig.CandidateID = contest.ID, f.get("series"), f.get("category"), cid
	fig.Value, fig.Unit, fig.AsOf, fig.DatePrecision = atof(f.get("value")), f.get("unit"), f.get("as_of"), orDay(f.get("precision"))
	fig.SourceURL, fig.Verification, fig.Note = f.get("source_url"), f.get("verification"), f.get("note")
	return nil
}

func pollForm(contest *models.Contest) *form {
	f := &form{Action: "/admin/contests/" + contest.Slug + "/polls", Submit: "Add poll", Fields: []*field{
		{Name: "pollster", Label: "Pollster", Type: "text", Required: true, Max: 120},
		{Name: "population", Label: "Population", Type: "text"},
		{Name: "fieldwork_start", Label: "Fieldwork start", Type: "date"},
		{Name: "fieldwork_end", Label: "Fieldwork end", Type: "date", Required: true},
		{Name: "precision", Label: "Date precision", Type: "select", Options: dataPrecisions(), Value: models.PrecisionDay},
		{Name: "sample_size", Label: "Sample size", Type: "number"},
		{Name: "includes_dont_knows", Label: "Shares include don't knows", Type: "checkbox"},
		{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		{Name: "note", Label: "Note", Type: "text", Max: 1000},
	}}
	for _, cd := range contest.Candidates {
		f.Fields = append(f.Fields, &field{Name: "pct_" + cd.Slug, Label: cd.Name + " (%)", Type: "percent"})
	}
	f.Fields = append(f.Fields, &field{Name: "others", Label: "Other options (%)", Type: "textarea", Max: 1000,
		Hint: "One a line, such as \"Don't know: 10\"."})
	return f
}

func fillPoll(f *form, contest *models.Contest, p *models.Poll) {
	f.set("pollster", p.Pollster)
	f.set("population", p.Population)
	f.set("fieldwork_start", p.FieldworkStart)
	f.set("fieldwork_end", p.FieldworkEnd)
	f.set("precision", p.DatePrecision)
	f.set("sample_size", itoa(p.SampleSize))
	f.set("includes_dont_knows", checked(p.IncludesDontKnows))
	f.set("source_url", p.SourceURL)
	f.set("note", p.Note)
	var others []string
	for _, v := range p.Values {
		pct := strconv.FormatFloat(v.Percent, 'f', -1, 64)
		if slug := candidateSlug(contest, v.CandidateID); slug != "" {
			f.set("pct_"+slug, pct)
		} else {
			others = append(others, v.Option+": "+pct)
		}
	}
	f.set("others", strings.Join(others, "\n"))
}

// pollOthers reads the other options of a poll, one "label: percent" a line.
func pollOthers(text string) ([]models.PollValue, string) {
	var out []models.PollValue
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		i := strings.LastIndex(line, ":")
		if i < 0 {
			return nil, "Write each option as a label, a colon and its percentage, like \"Don't know: 10\"."
		}
		label := strings.TrimSpace(line[:i])
		pct, ok := parseDecimal(strings.TrimSpace(line[i+1:]))
		switch {
		case label == "":
			return nil, "Give each option a label, like \"Don't know: 10\"."
		case utf8.RuneCountInString(label) > 120:
			return nil, "An option's label is too long: at most 120 characters."
		case !ok || pct < 0 || pct > 100:
			return nil, "Use a percentage between 0 and 100 for \"" + label + "\"."
		}
		out = append(out, models.PollValue{Option: label, Percent: pct})
	}
	return out, ""
}

// pollCheck checks what the poll form's field types cannot: the fieldwork's order, and shares
// that exist and add up to at most 100%.
func pollCheck(contest *models.Contest) func(*form) {
	return func(f *form) {
		nonNegative("sample_size")(f)
		if s, e := f.get("fieldwork_start"), f.get("fieldwork_end"); s != "" && e != "" && s > e {
			f.fail("fieldwork_start", "Fieldwork cannot start after it ends.")
		}
		others, msg := pollOthers(f.get("others"))
		if msg != "" {
			f.fail("others", msg)
		}
		total, any := 0.0, len(others) > 0
		for _, v := range others {
			total += v.Percent
		}
		for _, cd := range contest.Candidates {
			if v := f.get("pct_" + cd.Slug); v != "" {
				any = true
				total += atof(v)
			}
		}
		first := "others"
		if len(contest.Candidates) > 0 {
			first = "pct_" + contest.Candidates[0].Slug
		}
		if !any {
			f.fail(first, "Give at least one candidate's share.")
		}
		if total > 100.5 {
			f.fail(first, "The shares add up to more than 100%.")
		}
	}
}

// applyPoll copies a valid poll form into p, its values included.
func applyPoll(f *form, contest *models.Contest, p *models.Poll) {
	p.ContestID, p.Pollster, p.Population = contest.ID, f.get("pollster"), f.get("population")
	p.FieldworkStart, p.FieldworkEnd, p.DatePrecision = f.get("fieldwork_start"), f.get("fieldwork_end"), orDay(f.get("precision"))
	p.SampleSize, p.IncludesDontKnows = intPtr(f.get("sample_size")), f.get("includes_dont_knows") != ""
	p.SourceURL, p.Note = f.get("source_url"), f.get("note")
	p.Values = nil
	for _, cd := range contest.Candidates {
		if v := f.get("pct_" + cd.Slug); v != "" {
			id := cd.ID
			p.Values = append(p.Values, models.PollValue{CandidateID: &id, Option: cd.Name, Percent: atof(v)})
		}
	}
	others, _ := pollOthers(f.get("others"))
	p.Values = append(p.Values, others...)
}

// candidateSlug is the slug of the contest's candidate id, or "" for none.
func candidateSlug(contest *models.Contest, id *uint) string {
	if id == nil {
		return ""
	}
	for _, cd := range contest.Candidates {
		if cd.ID == *id {
			return cd.Slug
		}
	}
	return ""
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
func (h *Handler) addTally(c *fiber.Ctx) error { return tallyData.addRecord(h, c) }

// POST /admin/contests/:contest/odds
func (h *Handler) addOdds(c *fiber.Ctx) error { return oddsData.addRecord(h, c) }

// POST /admin/contests/:contest/figures
func (h *Handler) addFigure(c *fiber.Ctx) error { return figureData.addRecord(h, c) }

// POST /admin/contests/:contest/polls
func (h *Handler) addPoll(c *fiber.Ctx) error { return pollData.addRecord(h, c) }
