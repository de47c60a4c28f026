package form

import (
	"regexp"
	"slices"
	"strings"

	"github.com/backers/backers/internal/names"
	"github.com/backers/backers/models"
)

// Choices are options whose labels are their values, underscores as spaces.
func Choices(values ...string) []Choice {
	opts := make([]Choice, len(values))
	for i, v := range values {
		opts[i] = Choice{v, strings.ReplaceAll(v, "_", " ")}
	}
	return opts
}

// options lists items for a select, with an optional empty first choice.
func options[T any](items []T, empty string, choice func(T) Choice) []Choice {
	var opts []Choice
	if empty != "" {
		opts = append(opts, Choice{"", empty})
	}
	for _, it := range items {
		opts = append(opts, choice(it))
	}
	return opts
}

// kindOptions lists endorser kinds for a select, with an optional empty first choice.
func kindOptions(kinds []models.Kind, empty string) []Choice {
	return options(kinds, empty, func(k models.Kind) Choice { return Choice{k.Slug, k.Name} })
}

// candidateOptions lists candidates for a select, with an optional empty first choice.
func candidateOptions(cs []models.Candidate, empty string) []Choice {
	return options(cs, empty, func(c models.Candidate) Choice { return Choice{c.Slug, c.Name} })
}

func positiveActions() []Choice { return Choices(models.ActionEndorse, models.ActionNominate) }

func verifications() []Choice {
	return Choices(models.VerificationReported, models.VerificationConfirmed, models.VerificationDisputed)
}

// allPrecisions are the date precisions of events corrected and of contest data.
func allPrecisions() []Choice {
	return Choices(models.PrecisionDay, models.PrecisionMonth, models.PrecisionRange, models.PrecisionReported)
}

// kindOf is the kind of a valid select's slug; the select's options are the kinds.
func kindOf(kinds []models.Kind, slug string) models.Kind {
	if i := slices.IndexFunc(kinds, func(k models.Kind) bool { return k.Slug == slug }); i >= 0 {
		return kinds[i]
	}
	return models.Kind{}
}

// candidateOf is the candidate of a valid select's slug, nil for none ("" or not one of them).
func candidateOf(cs []models.Candidate, slug string) *models.Candidate {
	if i := slices.IndexFunc(cs, func(c models.Candidate) bool { return c.Slug == slug }); i >= 0 {
		return &cs[i]
	}
	return nil
}

// candidateID is the ID of a valid optional candidate select's choice, nil for none.
func candidateID(cs []models.Candidate, slug string) *uint {
	if cd := candidateOf(cs, slug); cd != nil {
		id := cd.ID
		return &id
	}
	return nil
}

// candidateSlug is the slug of the candidate with id, "" for none.
func candidateSlug(cs []models.Candidate, id *uint) string {
	if id != nil {
		for _, cd := range cs {
			if cd.ID == *id {
				return cd.Slug
			}
		}
	}
	return ""
}

// orDay is a record's date precision: day unless the form says otherwise.
func orDay(precision string) string {
	if precision == "" {
		return models.PrecisionDay
	}
	return precision
}

// colourPattern is a CSS hex colour; it ends up in SVG attributes and chart options.
var colourPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// checkSlug fails a slug that is not lower-case letters, digits and single hyphens.
func checkSlug(fl *Field, example string) {
	if fl != nil && fl.Value != "" && !names.IsSlug(fl.Value) {
		fl.Fail("Use lower-case letters, digits and single hyphens, like " + example + ".")
	}
}

// nonNegative fails the number fields that are below zero.
func nonNegative(fields ...*Field) {
	for _, fl := range fields {
		if (fl.n != nil && *fl.n < 0) || (fl.x != nil && *fl.x < 0) {
			fl.Fail("This cannot be negative.")
		}
	}
}
