package admin

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// The forms of tallies, odds, figures and polls serve both adding a record (on the contest's
// data page) and correcting one (on the record's own page, admin_corrections.go): one builder,
// one check, and one apply per kind of record, so both paths validate alike.

func dataPrecisions() []kit.Choice {
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
		check: func(*models.Contest) func(*kit.Form) { return nonNegative("count") },
		fill:  func(f *kit.Form, _ *models.Contest, t *models.ReportedTally) { fillTally(f, t) },
		apply: (*Handler).applyTally,
		load:  (*store.Store).ReportedTally,
		ref:   func(t *models.ReportedTally) (uint, uint) { return t.ID, t.ContestID },
		title: func(t *models.ReportedTally) string { return "Reported tally " + strconv.Itoa(int(t.ID)) },
		add:   (*store.Editor).AddReportedTally, update: (*store.Editor).UpdateReportedTally}
	oddsData = &dataKind[models.Odds]{entity: "odds", list: "odds",
		build: func(_ *Handler, contest *models.Contest) (*kit.Form, error) { return oddsForm(contest), nil },
		fill:  fillOdds,
		apply: (*Handler).applyOdds,
		load:  (*store.Store).OddsByID,
		ref:   func(o *models.Odds) (uint, uint) { return o.ID, o.ContestID },
		title: func(o *models.Odds) string { return "Odds " + strconv.Itoa(int(o.ID)) + ": " + o.Bookmaker },
		add:   (*store.Editor).AddOdds, update: (*store.Editor).UpdateOdds}
	figureData = &dataKind[models.Figure]{entity: "figure", list: "figures",
		build: func(_ *Handler, contest *models.Contest) (*kit.Form, error) { return figureForm(contest), nil },
		fill:  fillFigure,
		apply: (*Handler).applyFigure,
		load:  (*store.Store).Figure,
		ref:   func(f *models.Figure) (uint, uint) { return f.ID, f.ContestID },
		title: func(f *models.Figure) string { return "Figure " + strconv.Itoa(int(f.ID)) + ": " + f.Series },
		add:   (*store.Editor).AddFigure, update: (*store.Editor).UpdateFigure}
	pollData = &dataKind[models.Poll]{entity: "poll", list: "polls",
		build: func(_ *Handler, contest *models.Contest) (*kit.Form, error) { return pollForm(contest), nil },
		check: pollCheck,
		fill:  fillPoll,
		apply: func(_ *Handler, f *kit.Form, contest *models.Contest, p *models.Poll) error {
			applyPoll(f, contest, p)
			return nil
		},
		load:  (*store.Store).Poll,
		ref:   func(p *models.Poll) (uint, uint) { return p.ID, p.ContestID },
		title: func(p *models.Poll) string { return "Poll " + strconv.Itoa(int(p.ID)) + ": " + p.Pollster },
		add:   (*store.Editor).AddPoll, update: (*store.Editor).UpdatePoll}
)

func (h *Handler) tallyForm(contest *models.Contest) (*kit.Form, error) {
	kinds, err := h.kindOptions("")
	if err != nil {
		return nil, err
	}
	return &kit.Form{Action: "/admin/contests/" + contest.Slug + "/tallies", Submit: "Add tally", Fields: []*kit.Field{
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

func fillTally(f *kit.Form, t *models.ReportedTally) {
	f.Set("kind", t.Kind.Slug)
	if t.Candidate != nil {
		f.Set("candidate", t.Candidate.Slug)
	}
	f.Set("count", strconv.Itoa(t.Count))
	f.Set("as_of", t.AsOf)
	f.Set("precision", t.DatePrecision)
	f.Set("source_url", t.SourceURL)
	f.Set("source_title", t.SourceTitle)
	f.Set("verification", t.Verification)
	f.Set("note", t.Note)
}

// applyTally copies a valid tally form into t.
func (h *Handler) applyTally(f *kit.Form, contest *models.Contest, t *models.ReportedTally) error {
	kind, err := h.Store.Kind(f.Get("kind"))
	if err != nil {
		return err
	}
	cid, err := h.optionalCandidate(contest, f.Get("candidate"))
	if err != nil {
		return err
	}
	t.ContestID, t.KindID, t.Kind, t.CandidateID, t.Candidate = contest.ID, kind.ID, *kind, cid, nil
	t.Count, t.AsOf, t.DatePrecision = atoi(f.Get("count")), f.Get("as_of"), orDay(f.Get("precision"))
	t.SourceURL, t.SourceTitle, t.Verification, t.Note = f.Get("source_url"), f.Get("source_title"), f.Get("verification"), f.Get("note")
	return nil
}

func oddsForm(contest *models.Contest) *kit.Form {
	return &kit.Form{Action: "/admin/contests/" + contest.Slug + "/odds", Submit: "Add odds", Fields: []*kit.Field{
		{Name: "candidate", Label: "Candidate", Type: "select", Required: true, Options: candidateOptions(contest.Candidates, "")},
		{Name: "bookmaker", Label: "Bookmaker", Type: "text", Required: true, Max: 120},
		{Name: "quoted_on", Label: "Quoted on", Type: "date", Required: true},
		{Name: "precision", Label: "Date precision", Type: "select", Options: dataPrecisions(), Value: models.PrecisionDay},
		{Name: "price", Label: "Odds", Type: "odds", Required: true, Max: 20, Hint: "Fractional, as the bookmaker writes them: 9/2, 1/3, 1/1 for evens."},
		{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		{Name: "note", Label: "Note", Type: "text", Max: 1000},
	}}
}

func fillOdds(f *kit.Form, contest *models.Contest, o *models.Odds) {
	for _, cd := range contest.Candidates {
		if cd.ID == o.CandidateID {
			f.Set("candidate", cd.Slug)
		}
	}
	f.Set("bookmaker", o.Bookmaker)
	f.Set("quoted_on", o.QuotedOn)
	f.Set("precision", o.DatePrecision)
	f.Set("price", strconv.Itoa(o.Numerator)+"/"+strconv.Itoa(o.Denominator))
	f.Set("source_url", o.SourceURL)
	f.Set("note", o.Note)
}

// applyOdds copies a valid odds form into o.
func (h *Handler) applyOdds(f *kit.Form, contest *models.Contest, o *models.Odds) error {
	cd, err := h.Store.Candidate(contest.ID, f.Get("candidate"))
	if err != nil {
		return err
	}
	num, den, _ := kit.ParseOdds(f.Get("price"))
	o.ContestID, o.CandidateID, o.Bookmaker = contest.ID, cd.ID, f.Get("bookmaker")
	o.QuotedOn, o.DatePrecision, o.Numerator, o.Denominator = f.Get("quoted_on"), orDay(f.Get("precision")), num, den
	o.SourceURL, o.Note = f.Get("source_url"), f.Get("note")
	return nil
}

func figureForm(contest *models.Contest) *kit.Form {
	return &kit.Form{Action: "/admin/contests/" + contest.Slug + "/figures", Submit: "Add figure", Fields: []*kit.Field{
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

func fillFigure(f *kit.Form, contest *models.Contest, fig *models.Figure) {
	f.Set("series", fig.Series)
	f.Set("category", fig.Category)
	f.Set("candidate", candidateSlug(contest, fig.CandidateID))
	f.Set("value", strconv.FormatFloat(fig.Value, 'f', -1, 64))
	f.Set("unit", fig.Unit)
	f.Set("as_of", fig.AsOf)
	f.Set("precision", fig.DatePrecision)
	f.Set("source_url", fig.SourceURL)
	f.Set("verification", fig.Verification)
	f.Set("note", fig.Note)
}

// applyFigure copies a valid figure form into fig.
func (h *Handler) applyFigure(f *kit.Form, contest *models.Contest, fig *models.Figure) error {
	cid, err := h.optionalCandidate(contest, f.Get("candidate"))
	if err != nil {
		return err
	}
	fig.ContestID, fig.Series, fig.Category, fig.CandidateID = contest.ID, f.Get("series"), f.Get("category"), cid
	fig.Value, fig.Unit, fig.AsOf, fig.DatePrecision = atof(f.Get("value")), f.Get("unit"), f.Get("as_of"), orDay(f.Get("precision"))
	fig.SourceURL, fig.Verification, fig.Note = f.Get("source_url"), f.Get("verification"), f.Get("note")
	return nil
}

func pollForm(contest *models.Contest) *kit.Form {
	f := &kit.Form{Action: "/admin/contests/" + contest.Slug + "/polls", Submit: "Add poll", Fields: []*kit.Field{
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
		f.Fields = append(f.Fields, &kit.Field{Name: "pct_" + cd.Slug, Label: cd.Name + " (%)", Type: "percent"})
	}
	f.Fields = append(f.Fields, &kit.Field{Name: "others", Label: "Other options (%)", Type: "textarea", Max: 1000,
		Hint: "One a line, such as \"Don't know: 10\"."})
	return f
}

func fillPoll(f *kit.Form, contest *models.Contest, p *models.Poll) {
	f.Set("pollster", p.Pollster)
	f.Set("population", p.Population)
	f.Set("fieldwork_start", p.FieldworkStart)
	f.Set("fieldwork_end", p.FieldworkEnd)
	f.Set("precision", p.DatePrecision)
	f.Set("sample_size", itoa(p.SampleSize))
	f.Set("includes_dont_knows", checked(p.IncludesDontKnows))
	f.Set("source_url", p.SourceURL)
	f.Set("note", p.Note)
	var others []string
	for _, v := range p.Values {
		pct := strconv.FormatFloat(v.Percent, 'f', -1, 64)
		if slug := candidateSlug(contest, v.CandidateID); slug != "" {
			f.Set("pct_"+slug, pct)
		} else {
			others = append(others, v.Option+": "+pct)
		}
	}
	f.Set("others", strings.Join(others, "\n"))
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
		pct, ok := kit.ParseDecimal(strings.TrimSpace(line[i+1:]))
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
func pollCheck(contest *models.Contest) func(*kit.Form) {
	return func(f *kit.Form) {
		nonNegative("sample_size")(f)
		if s, e := f.Get("fieldwork_start"), f.Get("fieldwork_end"); s != "" && e != "" && s > e {
			f.Fail("fieldwork_start", "Fieldwork cannot start after it ends.")
		}
		others, msg := pollOthers(f.Get("others"))
		if msg != "" {
			f.Fail("others", msg)
		}
		total, any := 0.0, len(others) > 0
		for _, v := range others {
			total += v.Percent
		}
		for _, cd := range contest.Candidates {
			if v := f.Get("pct_" + cd.Slug); v != "" {
				any = true
				total += atof(v)
			}
		}
		first := "others"
		if len(contest.Candidates) > 0 {
			first = "pct_" + contest.Candidates[0].Slug
		}
		if !any {
			f.Fail(first, "Give at least one candidate's share.")
		}
		if total > 100.5 {
			f.Fail(first, "The shares add up to more than 100%.")
		}
	}
}

// applyPoll copies a valid poll form into p, its values included.
func applyPoll(f *kit.Form, contest *models.Contest, p *models.Poll) {
	p.ContestID, p.Pollster, p.Population = contest.ID, f.Get("pollster"), f.Get("population")
	p.FieldworkStart, p.FieldworkEnd, p.DatePrecision = f.Get("fieldwork_start"), f.Get("fieldwork_end"), orDay(f.Get("precision"))
	p.SampleSize, p.IncludesDontKnows = intPtr(f.Get("sample_size")), f.Get("includes_dont_knows") != ""
	p.SourceURL, p.Note = f.Get("source_url"), f.Get("note")
	p.Values = nil
	for _, cd := range contest.Candidates {
		if v := f.Get("pct_" + cd.Slug); v != "" {
			id := cd.ID
			p.Values = append(p.Values, models.PollValue{CandidateID: &id, Option: cd.Name, Percent: atof(v)})
		}
	}
	others, _ := pollOthers(f.Get("others"))
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
func (h *Handler) renderData(c *fiber.Ctx, status int, contest *models.Contest, failed *kit.Form) error {
	tally, err := h.tallyForm(contest)
	if err != nil {
		return err
	}
	forms := []*kit.Form{tally, oddsForm(contest), figureForm(contest), pollForm(contest)}
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

func nonNegative(names ...string) func(*kit.Form) {
	return func(f *kit.Form) {
		for _, n := range names {
			if v := f.Get(n); v != "" && atof(v) < 0 {
				f.Fail(n, "This cannot be negative.")
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
