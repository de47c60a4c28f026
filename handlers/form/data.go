package form

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/backers/backers/models"
)

// The forms of reported tallies, odds, figures and polls serve both adding a record (on the
// contest's data page) and correcting one (on the record's own page), so both validate alike.

// Tally is a published count of a kind of endorser behind a candidate (or behind none).
type Tally struct {
	Form
	Kind, Candidate, Count, AsOf, Precision, SourceURL, SourceTitle, Verification, Note *Field

	contest *models.Contest
	kinds   []models.Kind
}

// NewTally is the tally form of contest.
func NewTally(contest *models.Contest, kinds []models.Kind) *Tally {
	f := &Tally{contest: contest, kinds: kinds,
		Kind:         &Field{Name: "kind", Label: "Kind", Type: "select", Required: true, Options: kindOptions(kinds, "")},
		Candidate:    &Field{Name: "candidate", Label: "Candidate", Type: "select", Options: candidateOptions(contest.Candidates, "(undeclared / none)")},
		Count:        &Field{Name: "count", Label: "Count", Type: "number", Required: true},
		AsOf:         &Field{Name: "as_of", Label: "As of", Type: "date", Required: true},
		Precision:    &Field{Name: "precision", Label: "Date precision", Type: "select", Options: allPrecisions(), Value: models.PrecisionDay},
		SourceURL:    &Field{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		SourceTitle:  &Field{Name: "source_title", Label: "Source title", Type: "text", Max: 300},
		Verification: &Field{Name: "verification", Label: "Verification", Type: "select", Required: true, Options: verifications(), Value: models.VerificationReported},
		Note:         &Field{Name: "note", Label: "Note", Type: "text", Max: 1000},
	}
	f.Form = Form{Action: "/admin/contests/" + contest.Slug + "/tallies", Submit: "Add tally", Fields: []*Field{f.Kind,
		f.Candidate, f.Count, f.AsOf, f.Precision, f.SourceURL, f.SourceTitle, f.Verification, f.Note}}
	return f
}

// Fill shows t in the form.
func (f *Tally) Fill(t *models.ReportedTally) {
	f.Kind.Value = t.Kind.Slug
	if t.Candidate != nil {
		f.Candidate.Value = t.Candidate.Slug
	}
	f.Count.SetInt(&t.Count)
	f.AsOf.Value, f.Precision.Value, f.SourceURL.Value, f.SourceTitle.Value = t.AsOf, t.DatePrecision, t.SourceURL, t.SourceTitle
	f.Verification.Value, f.Note.Value = t.Verification, t.Note
}

// Validate checks every field by its type; the count is not negative.
func (f *Tally) Validate() map[string]string {
	f.Check()
	nonNegative(f.Count)
	return f.Errors()
}

// Apply copies a valid form into t.
func (f *Tally) Apply(t *models.ReportedTally) {
	kind := kindOf(f.kinds, f.Kind.Value)
	t.ContestID, t.KindID, t.Kind, t.CandidateID, t.Candidate = f.contest.ID, kind.ID, kind, candidateID(f.contest.Candidates, f.Candidate.Value), nil
	t.Count, t.AsOf, t.DatePrecision = f.Count.IntOr0(), f.AsOf.Value, orDay(f.Precision.Value)
	t.SourceURL, t.SourceTitle, t.Verification, t.Note = f.SourceURL.Value, f.SourceTitle.Value, f.Verification.Value, f.Note.Value
}

// Odds is a bookmaker's fractional odds on a candidate.
type Odds struct {
	Form
	Candidate, Bookmaker, QuotedOn, Precision, Price, SourceURL, Note *Field

	contest *models.Contest
}

// NewOdds is the odds form of contest.
func NewOdds(contest *models.Contest) *Odds {
	f := &Odds{contest: contest,
		Candidate: &Field{Name: "candidate", Label: "Candidate", Type: "select", Required: true, Options: candidateOptions(contest.Candidates, "")},
		Bookmaker: &Field{Name: "bookmaker", Label: "Bookmaker", Type: "text", Required: true, Max: 120},
		QuotedOn:  &Field{Name: "quoted_on", Label: "Quoted on", Type: "date", Required: true},
		Precision: &Field{Name: "precision", Label: "Date precision", Type: "select", Options: allPrecisions(), Value: models.PrecisionDay},
		Price: &Field{Name: "price", Label: "Odds", Type: "odds", Required: true, Max: 20,
			Hint: "Fractional, as the bookmaker writes them: 9/2, 1/3, 1/1 for evens."},
		SourceURL: &Field{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		Note:      &Field{Name: "note", Label: "Note", Type: "text", Max: 1000},
	}
	f.Form = Form{Action: "/admin/contests/" + contest.Slug + "/odds", Submit: "Add odds", Fields: []*Field{f.Candidate,
		f.Bookmaker, f.QuotedOn, f.Precision, f.Price, f.SourceURL, f.Note}}
	return f
}

// Fill shows o in the form.
func (f *Odds) Fill(o *models.Odds) {
	f.Candidate.Value = candidateSlug(f.contest.Candidates, &o.CandidateID)
	f.Bookmaker.Value, f.QuotedOn.Value, f.Precision.Value = o.Bookmaker, o.QuotedOn, o.DatePrecision
	f.Price.Value = strconv.Itoa(o.Numerator) + "/" + strconv.Itoa(o.Denominator)
	f.SourceURL.Value, f.Note.Value = o.SourceURL, o.Note
}

// Validate checks every field by its type.
func (f *Odds) Validate() map[string]string { return f.Check() }

// Apply copies a valid form into o.
func (f *Odds) Apply(o *models.Odds) {
	o.ContestID, o.CandidateID, o.Bookmaker = f.contest.ID, candidateOf(f.contest.Candidates, f.Candidate.Value).ID, f.Bookmaker.Value
	o.QuotedOn, o.DatePrecision = f.QuotedOn.Value, orDay(f.Precision.Value)
	o.Numerator, o.Denominator = f.Price.Odds()
	o.SourceURL, o.Note = f.SourceURL.Value, f.Note.Value
}

// Figure is a dated figure of a series: party membership, the electorate, a result.
type Figure struct {
	Form
	Series, Category, Candidate, Value, Unit, AsOf, Precision, SourceURL, Verification, Note *Field

	contest *models.Contest
}

// NewFigure is the figure form of contest.
func NewFigure(contest *models.Contest) *Figure {
	f := &Figure{contest: contest,
		Series:       &Field{Name: "series", Label: "Series", Type: "text", Required: true, Max: 80, Hint: "Such as members, electorate, result."},
		Category:     &Field{Name: "category", Label: "Category", Type: "text"},
		Candidate:    &Field{Name: "candidate", Label: "Candidate", Type: "select", Options: candidateOptions(contest.Candidates, "(none)")},
		Value:        &Field{Name: "value", Label: "Value", Type: "decimal", Required: true},
		Unit:         &Field{Name: "unit", Label: "Unit", Type: "text", Max: 80},
		AsOf:         &Field{Name: "as_of", Label: "As of", Type: "date", Required: true},
		Precision:    &Field{Name: "precision", Label: "Date precision", Type: "select", Options: allPrecisions(), Value: models.PrecisionDay},
		SourceURL:    &Field{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		Verification: &Field{Name: "verification", Label: "Verification", Type: "select", Required: true, Options: verifications(), Value: models.VerificationReported},
		Note:         &Field{Name: "note", Label: "Note", Type: "text", Max: 1000},
	}
	f.Form = Form{Action: "/admin/contests/" + contest.Slug + "/figures", Submit: "Add figure", Fields: []*Field{f.Series,
		f.Category, f.Candidate, f.Value, f.Unit, f.AsOf, f.Precision, f.SourceURL, f.Verification, f.Note}}
	return f
}

// Fill shows fig in the form.
func (f *Figure) Fill(fig *models.Figure) {
	f.Series.Value, f.Category.Value, f.Candidate.Value = fig.Series, fig.Category, candidateSlug(f.contest.Candidates, fig.CandidateID)
	f.Value.SetFloat(fig.Value)
	f.Unit.Value, f.AsOf.Value, f.Precision.Value = fig.Unit, fig.AsOf, fig.DatePrecision
	f.SourceURL.Value, f.Verification.Value, f.Note.Value = fig.SourceURL, fig.Verification, fig.Note
}

// Validate checks every field by its type.
func (f *Figure) Validate() map[string]string { return f.Check() }

// Apply copies a valid form into fig.
func (f *Figure) Apply(fig *models.Figure) {
	fig.ContestID, fig.Series, fig.Category = f.contest.ID, f.Series.Value, f.Category.Value
	fig.CandidateID = candidateID(f.contest.Candidates, f.Candidate.Value)
	fig.Value, fig.Unit, fig.AsOf, fig.DatePrecision = f.Value.Float(), f.Unit.Value, f.AsOf.Value, orDay(f.Precision.Value)
	fig.SourceURL, fig.Verification, fig.Note = f.SourceURL.Value, f.Verification.Value, f.Note.Value
}

// Poll is an opinion poll with a share per candidate and other options ("Don't know: 10").
type Poll struct {
	Form
	Pollster, Population, FieldworkStart, FieldworkEnd, Precision, SampleSize, IncludesDontKnows, SourceURL, Note *Field
	Shares                                                                                                        []*Field // one per candidate of the contest, in order
	Others                                                                                                        *Field

	contest *models.Contest
	others  []models.PollValue // the other options, as Validate read them
}

// NewPoll is the poll form of contest.
func NewPoll(contest *models.Contest) *Poll {
	f := &Poll{contest: contest,
		Pollster:          &Field{Name: "pollster", Label: "Pollster", Type: "text", Required: true, Max: 120},
		Population:        &Field{Name: "population", Label: "Population", Type: "text"},
		FieldworkStart:    &Field{Name: "fieldwork_start", Label: "Fieldwork start", Type: "date"},
		FieldworkEnd:      &Field{Name: "fieldwork_end", Label: "Fieldwork end", Type: "date", Required: true},
		Precision:         &Field{Name: "precision", Label: "Date precision", Type: "select", Options: allPrecisions(), Value: models.PrecisionDay},
		SampleSize:        &Field{Name: "sample_size", Label: "Sample size", Type: "number"},
		IncludesDontKnows: &Field{Name: "includes_dont_knows", Label: "Shares include don't knows", Type: "checkbox"},
		SourceURL:         &Field{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		Note:              &Field{Name: "note", Label: "Note", Type: "text", Max: 1000},
		Others: &Field{Name: "others", Label: "Other options (%)", Type: "textarea", Max: 1000,
			Hint: "One a line, such as \"Don't know: 10\"."},
	}
	f.Form = Form{Action: "/admin/contests/" + contest.Slug + "/polls", Submit: "Add poll", Fields: []*Field{f.Pollster,
		f.Population, f.FieldworkStart, f.FieldworkEnd, f.Precision, f.SampleSize, f.IncludesDontKnows, f.SourceURL, f.Note}}
	for _, cd := range contest.Candidates {
		share := &Field{Name: "pct_" + cd.Slug, Label: cd.Name + " (%)", Type: "percent"}
		f.Shares = append(f.Shares, share)
		f.Fields = append(f.Fields, share)
	}
	f.Fields = append(f.Fields, f.Others)
	return f
}

// Fill shows p in the form, each candidate's share in its field and the rest as others.
func (f *Poll) Fill(p *models.Poll) {
	f.Pollster.Value, f.Population.Value, f.FieldworkStart.Value, f.FieldworkEnd.Value = p.Pollster, p.Population, p.FieldworkStart, p.FieldworkEnd
	f.Precision.Value, f.SourceURL.Value, f.Note.Value = p.DatePrecision, p.SourceURL, p.Note
	f.SampleSize.SetInt(p.SampleSize)
	f.IncludesDontKnows.SetOn(p.IncludesDontKnows)
	var others []string
	for _, v := range p.Values {
		pct := strconv.FormatFloat(v.Percent, 'f', -1, 64)
		if i := f.shareOf(v.CandidateID); i >= 0 {
			f.Shares[i].Value = pct
		} else {
			others = append(others, v.Option+": "+pct)
		}
	}
	f.Others.Value = strings.Join(others, "\n")
}

// shareOf is the index of the share field of candidate id, -1 for none.
func (f *Poll) shareOf(id *uint) int {
	if id != nil {
		for i, cd := range f.contest.Candidates {
			if cd.ID == *id {
				return i
			}
		}
	}
	return -1
}

// Validate checks every field by its type, and what the types cannot: the sample size is not
// negative, the fieldwork does not end before it starts, the other options read as "label:
// percent", and the shares exist and add up to at most 100%.
func (f *Poll) Validate() map[string]string {
	f.Check()
	nonNegative(f.SampleSize)
	if s, e := f.FieldworkStart.Value, f.FieldworkEnd.Value; s != "" && e != "" && s > e {
		f.FieldworkStart.Fail("Fieldwork cannot start after it ends.")
	}
	others, msg := pollOthers(f.Others.Value)
	if msg != "" {
		f.Others.Fail(msg)
	}
	f.others = others
	total, any := 0.0, len(others) > 0
	for _, v := range others {
		total += v.Percent
	}
	for _, share := range f.Shares {
		if share.Given() {
			any = true
			total += share.Float()
		}
	}
	first := f.Others
	if len(f.Shares) > 0 {
		first = f.Shares[0]
	}
	if !any {
		first.Fail("Give at least one candidate's share.")
	}
	if total > 100.5 {
		first.Fail("The shares add up to more than 100%.")
	}
	return f.Errors()
}

// Apply copies a valid form into p, its values included.
func (f *Poll) Apply(p *models.Poll) {
	p.ContestID, p.Pollster, p.Population = f.contest.ID, f.Pollster.Value, f.Population.Value
	p.FieldworkStart, p.FieldworkEnd, p.DatePrecision = f.FieldworkStart.Value, f.FieldworkEnd.Value, orDay(f.Precision.Value)
	p.SampleSize, p.IncludesDontKnows = f.SampleSize.Int(), f.IncludesDontKnows.On()
	p.SourceURL, p.Note = f.SourceURL.Value, f.Note.Value
	p.Values = nil
	for i, cd := range f.contest.Candidates {
		if f.Shares[i].Given() {
			id := cd.ID
			p.Values = append(p.Values, models.PollValue{CandidateID: &id, Option: cd.Name, Percent: f.Shares[i].Float()})
		}
	}
	p.Values = append(p.Values, f.others...)
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
