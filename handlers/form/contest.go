package form

import (
	"strings"

	"github.com/backers/backers/models"
)

// Contest creates a contest (with its slug) or edits one (without).
type Contest struct {
	Form
	Slug                                                                         *Field // nil when editing
	Title, Party, Summary, OpensOn, NominationsCloseOn, BallotClosesOn, ResultOn *Field
	Status, Methodology, Featured                                                *Field
}

// NewContest is the contest form posting to action; withSlug asks for the slug of a new one.
func NewContest(action string, withSlug bool) *Contest {
	f := &Contest{
		Title:              &Field{Name: "title", Label: "Title", Type: "text", Required: true},
		Party:              &Field{Name: "party", Label: "Party", Type: "text", Max: 120},
		Summary:            &Field{Name: "summary", Label: "Summary", Type: "textarea", Max: 2000},
		OpensOn:            &Field{Name: "opens_on", Label: "Opens", Type: "date", AllowFuture: true},
		NominationsCloseOn: &Field{Name: "nominations_close_on", Label: "Nominations close", Type: "date", AllowFuture: true},
		BallotClosesOn:     &Field{Name: "ballot_closes_on", Label: "Ballot closes", Type: "date", AllowFuture: true},
		ResultOn:           &Field{Name: "result_on", Label: "Result", Type: "date", AllowFuture: true},
		Status:             &Field{Name: "status", Label: "Status", Type: "select", Required: true, Options: Choices("upcoming", "open", "closed", "decided")},
		Methodology:        &Field{Name: "methodology", Label: "Methodology", Type: "textarea", Max: 8000},
		Featured:           &Field{Name: "featured", Label: "Featured on the home page", Type: "checkbox"},
	}
	f.Form = Form{Action: action, Submit: "Save"}
	if withSlug {
		f.Slug = &Field{Name: "slug", Label: "Slug", Type: "text", Required: true, Max: 80, Hint: "In the address: labour-2016."}
		f.Fields = append(f.Fields, f.Slug)
		f.Status.Value = "upcoming"
	}
	f.Fields = append(f.Fields, f.Title, f.Party, f.Summary, f.OpensOn, f.NominationsCloseOn, f.BallotClosesOn, f.ResultOn,
		f.Status, f.Methodology, f.Featured)
	return f
}

// Fill shows c in the form.
func (f *Contest) Fill(c *models.Contest) {
	f.Title.Value, f.Party.Value, f.Summary.Value = c.Title, c.Party, c.Summary
	f.OpensOn.Value, f.NominationsCloseOn.Value, f.BallotClosesOn.Value, f.ResultOn.Value = c.OpensOn, c.NominationsCloseOn, c.BallotClosesOn, c.ResultOn
	f.Status.Value, f.Methodology.Value = c.Status, c.Methodology
	f.Featured.SetOn(c.Featured)
}

// Validate checks every field by its type, and the slug's form.
func (f *Contest) Validate() map[string]string {
	f.Check()
	checkSlug(f.Slug, "labour-2016")
	return f.Errors()
}

// Apply copies a valid form into c, its slug too when the form has one.
func (f *Contest) Apply(c *models.Contest) {
	if f.Slug != nil {
		c.Slug = f.Slug.Value
	}
	c.Title, c.Party, c.Summary = f.Title.Value, f.Party.Value, f.Summary.Value
	c.OpensOn, c.NominationsCloseOn, c.BallotClosesOn, c.ResultOn = f.OpensOn.Value, f.NominationsCloseOn.Value, f.BallotClosesOn.Value, f.ResultOn.Value
	c.Status, c.Methodology, c.Featured = f.Status.Value, f.Methodology.Value, f.Featured.On()
}

// Rule sets the weight and denominator of one kind of endorser in a contest, and another
// source's count where the sources disagree.
type Rule struct {
	Form
	Kind, Weight, Denominator, DenominatorNote, SourceURL, SortOrder *Field
	OtherDenominator, OtherSourceURL, OtherSourceTitle               *Field

	kinds []models.Kind
}

// NewRule is the rule form of contest slug.
func NewRule(slug string, kinds []models.Kind) *Rule {
	f := &Rule{kinds: kinds,
		Kind:             &Field{Name: "kind", Label: "Kind", Type: "select", Required: true, Options: kindOptions(kinds, "")},
		Weight:           &Field{Name: "weight", Label: "Weight (points)", Type: "points", Required: true, Value: "1"},
		Denominator:      &Field{Name: "denominator", Label: "How many exist", Type: "number"},
		DenominatorNote:  &Field{Name: "denominator_note", Label: "Denominator note", Type: "text", Max: 500},
		SourceURL:        &Field{Name: "source_url", Label: "Source URL", Type: "url"},
		SortOrder:        &Field{Name: "sort_order", Label: "Order", Type: "number"},
		OtherDenominator: &Field{Name: "other_denominator", Label: "How many exist, per another source", Type: "number", Hint: "Where the sources disagree: shown beside the figure used, never used."},
		OtherSourceURL:   &Field{Name: "other_source_url", Label: "Other source URL", Type: "url"},
		OtherSourceTitle: &Field{Name: "other_source_title", Label: "Other source title", Type: "text", Max: 300},
	}
	f.Form = Form{Action: "/admin/contests/" + slug + "/rules", Submit: "Save rule",
		Fields: []*Field{f.Kind, f.Weight, f.Denominator, f.DenominatorNote, f.SourceURL, f.SortOrder,
			f.OtherDenominator, f.OtherSourceURL, f.OtherSourceTitle}}
	return f
}

// Validate checks every field by its type; neither the weight nor a denominator is negative,
// and another source's count comes with its source.
func (f *Rule) Validate() map[string]string {
	f.Check()
	nonNegative(f.Denominator, f.Weight, f.OtherDenominator)
	checkOtherFigure(f.OtherSourceURL, f.OtherSourceTitle, [2]*Field{f.Denominator, f.OtherDenominator})
	return f.Errors()
}

// Apply copies a valid form into ck, the rule of contest contestID: into the rule as it stands
// when the kind already counts, so a field the request did not carry (a form that shows only
// the weight) keeps its value rather than being wiped.
func (f *Rule) Apply(contestID uint, ck *models.ContestKind) {
	ck.ContestID, ck.KindID, ck.Weight = contestID, kindOf(f.kinds, f.Kind.Value).ID, f.Weight.Float()
	f.Denominator.keepInt(&ck.Denominator)
	f.DenominatorNote.keepText(&ck.DenominatorNote)
	f.SourceURL.keepText(&ck.SourceURL)
	if f.SortOrder.Said() {
		ck.SortOrder = f.SortOrder.IntOr0()
	}
	f.OtherDenominator.keepInt(&ck.OtherDenominator)
	f.OtherSourceURL.keepText(&ck.OtherSourceURL)
	f.OtherSourceTitle.keepText(&ck.OtherSourceTitle)
}

// keepText sets *dst to the field's value where the form says anything about the field, and
// keeps it otherwise: a form that does not show a field does not wipe it.
func (fl *Field) keepText(dst *string) {
	if fl.Said() {
		*dst = fl.Value
	}
}

// keepInt is keepText for an optional whole number; an empty field clears it.
func (fl *Field) keepInt(dst **int) {
	if fl.Said() {
		*dst = fl.Int()
	}
}

// checkOtherFigure holds another source's figures to their source: each pair is a figure used
// and the other source's figure for it. Other figures need a source (a title, an address or
// both), a source needs a figure, and an other figure must differ from the one used.
func checkOtherFigure(url, title *Field, pairs ...[2]*Field) {
	given := false
	for _, p := range pairs {
		used, other := p[0], p[1]
		given = given || other.Given()
		if other.Given() && used.Given() && other.Value == used.Value {
			other.Fail("This is the figure used: give another source's figure only where it differs.")
		}
	}
	switch {
	case given && !url.Given() && !title.Given():
		title.Fail("Name the other figure's source: its title, its address or both.")
	case !given && (url.Given() || title.Given()):
		pairs[0][1].Fail("Give the other source's figure, or leave its source empty.")
	}
}

// Threshold adds a nomination threshold to a contest or, given the name of one it has,
// changes that one; another source's figures go beside those used where the sources disagree.
type Threshold struct {
	Form
	Name, KindSlugs, AppliesTo, Percent, Required, Of, Note, SourceURL *Field
	OtherRequired, OtherOf, OtherSourceURL, OtherSourceTitle           *Field

	kinds []models.Kind
	slugs []string // the kinds counted, as Validate read them
}

// NewThreshold is the threshold form of contest slug; the kinds are those it may count.
func NewThreshold(slug string, kinds []models.Kind) *Threshold {
	f := &Threshold{kinds: kinds,
		Name:             &Field{Name: "name", Label: "Name", Type: "text", Required: true, Hint: "The name of a threshold the contest has changes that one."},
		KindSlugs:        &Field{Name: "kind_slugs", Label: "Kinds counted (comma-separated slugs)", Type: "text", Max: 300},
		AppliesTo:        &Field{Name: "applies_to", Label: "Applies to", Type: "select", Required: true, Options: Choices("challenger", "all")},
		Percent:          &Field{Name: "percent", Label: "Percent", Type: "decimal"},
		Required:         &Field{Name: "required", Label: "Nominations required", Type: "number"},
		Of:               &Field{Name: "of", Label: "Of a body of", Type: "number"},
		Note:             &Field{Name: "note", Label: "Note", Type: "text", Max: 1000},
		SourceURL:        &Field{Name: "source_url", Label: "Source URL", Type: "url"},
		OtherRequired:    &Field{Name: "other_required", Label: "Nominations required, per another source", Type: "number", Hint: "Where the sources disagree: shown beside the figure used, never used."},
		OtherOf:          &Field{Name: "other_of", Label: "Of a body of, per another source", Type: "number"},
		OtherSourceURL:   &Field{Name: "other_source_url", Label: "Other source URL", Type: "url"},
		OtherSourceTitle: &Field{Name: "other_source_title", Label: "Other source title", Type: "text", Max: 300},
	}
	f.Form = Form{Action: "/admin/contests/" + slug + "/thresholds", Submit: "Save threshold",
		Fields: []*Field{f.Name, f.KindSlugs, f.AppliesTo, f.Percent, f.Required, f.Of, f.Note, f.SourceURL,
			f.OtherRequired, f.OtherOf, f.OtherSourceURL, f.OtherSourceTitle}}
	return f
}

// Validate checks every field by its type, that each kind counted is a kind, that no figure
// is negative, and that another source's figures come with their source.
func (f *Threshold) Validate() map[string]string {
	f.Check()
	f.slugs = nil
	for _, s := range strings.Split(f.KindSlugs.Value, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if kindOf(f.kinds, s).Slug == "" {
			f.KindSlugs.Fail("There is no kind " + s + ".")
		}
		f.slugs = append(f.slugs, s)
	}
	nonNegative(f.Percent, f.Required, f.Of, f.OtherRequired, f.OtherOf)
	checkOtherFigure(f.OtherSourceURL, f.OtherSourceTitle, [2]*Field{f.Required, f.OtherRequired}, [2]*Field{f.Of, f.OtherOf})
	return f.Errors()
}

// Apply copies a valid form into t, a threshold of contest contestID: into the threshold as it
// stands when the contest has one of that name, so a field the request did not carry keeps its
// value rather than being wiped.
func (f *Threshold) Apply(contestID uint, t *models.Threshold) {
	t.ContestID, t.Name, t.AppliesTo = contestID, f.Name.Value, f.AppliesTo.Value
	if f.KindSlugs.Said() {
		t.KindSlugs = strings.Join(f.slugs, ",")
	}
	if f.Percent.Said() {
		t.Percent = f.Percent.Float()
	}
	if f.Required.Said() {
		t.Required = f.Required.IntOr0()
	}
	if f.Of.Said() {
		t.Of = f.Of.IntOr0()
	}
	f.Note.keepText(&t.Note)
	f.SourceURL.keepText(&t.SourceURL)
	f.OtherRequired.keepInt(&t.OtherRequired)
	f.OtherOf.keepInt(&t.OtherOf)
	f.OtherSourceURL.keepText(&t.OtherSourceURL)
	f.OtherSourceTitle.keepText(&t.OtherSourceTitle)
}

// Candidate adds a candidate to a contest (with its slug) or edits one (without).
type Candidate struct {
	Form
	Slug                                                                      *Field // nil when editing
	Name, Colour, Incumbent, Status, WithdrawnOn, WithdrawalReason, SortOrder *Field
}

// NewCandidate is the candidate form posting to action; withSlug asks for the slug of a new one.
func NewCandidate(action string, withSlug bool) *Candidate {
	f := &Candidate{
		Name:      &Field{Name: "name", Label: "Name", Type: "text", Required: true},
		Colour:    &Field{Name: "colour", Label: "Colour", Type: "text", Required: true, Max: 7, Hint: "#rrggbb", Value: "#777777"},
		Incumbent: &Field{Name: "incumbent", Label: "Incumbent", Type: "checkbox"},
		Status: &Field{Name: "status", Label: "Status", Type: "select", Required: true, Value: models.CandidateDeclared,
			Options: Choices(models.CandidateDeclared, models.CandidateOnBallot, models.CandidateWithdrawn, models.CandidateEliminated, models.CandidateWinner)},
		WithdrawnOn:      &Field{Name: "withdrawn_on", Label: "Withdrew on", Type: "date"},
		WithdrawalReason: &Field{Name: "withdrawal_reason", Label: "Reason for withdrawing", Type: "text", Max: 1000},
		SortOrder:        &Field{Name: "sort_order", Label: "Order", Type: "number"},
	}
	f.Form = Form{Action: action, Submit: "Save"}
	if withSlug {
		f.Slug = &Field{Name: "slug", Label: "Slug", Type: "text", Required: true, Max: 80, Hint: "In the address: jeremy-corbyn."}
		f.Fields = append(f.Fields, f.Slug)
	}
	f.Fields = append(f.Fields, f.Name, f.Colour, f.Incumbent, f.Status, f.WithdrawnOn, f.WithdrawalReason, f.SortOrder)
	return f
}

// Fill shows cd in the form.
func (f *Candidate) Fill(cd *models.Candidate) {
	f.Name.Value, f.Colour.Value, f.Status.Value = cd.Name, cd.Colour, cd.Status
	f.Incumbent.SetOn(cd.Incumbent)
	f.WithdrawnOn.Value, f.WithdrawalReason.Value = cd.WithdrawnOn, cd.WithdrawalReason
	f.SortOrder.SetInt(&cd.SortOrder)
}

// Validate checks every field by its type, the colour, the slug, and that a withdrawn
// candidate, and only a withdrawn one, has a withdrawal date.
func (f *Candidate) Validate() map[string]string {
	f.Check()
	if v := f.Colour.Value; v != "" && !colourPattern.MatchString(v) {
		f.Colour.Fail("Use a colour like #dc241f.")
	}
	withdrawn := f.Status.Value == models.CandidateWithdrawn
	if withdrawn && !f.WithdrawnOn.Given() {
		f.WithdrawnOn.Fail("Give the date a withdrawn candidate withdrew.")
	}
	if !withdrawn && f.WithdrawnOn.Given() {
		f.Status.Fail("A candidate with a withdrawal date must have the status withdrawn.")
	}
	checkSlug(f.Slug, "owen-smith")
	return f.Errors()
}

// Apply copies a valid form into cd, its slug too when the form has one.
func (f *Candidate) Apply(cd *models.Candidate) {
	if f.Slug != nil {
		cd.Slug = f.Slug.Value
	}
	cd.Name, cd.Colour, cd.Incumbent, cd.Status = f.Name.Value, strings.ToLower(f.Colour.Value), f.Incumbent.On(), f.Status.Value
	cd.WithdrawnOn, cd.WithdrawalReason, cd.SortOrder = f.WithdrawnOn.Value, f.WithdrawalReason.Value, f.SortOrder.IntOr0()
}
