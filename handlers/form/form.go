// Package form holds the forms of the site as types: each is a struct of named fields built by
// its New function, filled from the request by Read, checked by Validate (field name to
// message, every value parsed once into the field's typed value) and applied to its model by
// Apply. A handler names a field by its Go name, so a mistyped one does not compile. The
// fields carry what the admin/fields template draws.
package form

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/internal/textrule"
	"github.com/backers/backers/models"
)

// Field is one input of an admin form: what the template draws, what the request sent, and
// the message when it is wrong. Validation follows from the type: required, length, choices,
// ISO dates not in the future, http(s) URLs only, numbers.
type Field struct {
	Name     string
	Label    string
	Type     string // text, textarea, date, url, email, number, decimal, points, percent, odds, select, checkbox, hidden
	Value    string
	Error    string
	Hint     string
	Required bool
	Max      int // characters; 0 means the type's default
	Options  []Choice
	// AllowFuture admits dates after today (a contest's closing date, say).
	AllowFuture  bool
	Autocomplete string // "endorser" wires the endorser search

	// What a valid value parsed to, by check: a number's, a decimal's or a percentage's value,
	// odds' two parts.
	n        *int
	x        *float64
	num, den int
}

// Int is a valid whole number field's value, nil when it is empty.
func (fl *Field) Int() *int { return fl.n }

// IntOr0 is a valid whole number field's value, 0 when it is empty.
func (fl *Field) IntOr0() int {
	if fl.n == nil {
		return 0
	}
	return *fl.n
}

// Float is a valid decimal or percentage field's value, 0 when it is empty.
func (fl *Field) Float() float64 {
	if fl.x == nil {
		return 0
	}
	return *fl.x
}

// Given reports whether the field has a value.
func (fl *Field) Given() bool { return fl.Value != "" }

// On reports whether a checkbox is ticked.
func (fl *Field) On() bool { return fl.Value != "" }

// Odds are a valid odds field's two parts: 9/2 is 9 and 2.
func (fl *Field) Odds() (num, den int) { return fl.num, fl.den }

// Fail attaches a message to the field unless it already has one.
func (fl *Field) Fail(msg string) {
	if fl.Error == "" {
		fl.Error = msg
	}
}

// SetInt fills a whole number field from a model's value; nil leaves it empty.
func (fl *Field) SetInt(n *int) {
	fl.Value = ""
	if n != nil {
		fl.Value = strconv.Itoa(*n)
	}
}

// SetFloat fills a decimal field from a model's value.
func (fl *Field) SetFloat(x float64) { fl.Value = strconv.FormatFloat(x, 'f', -1, 64) }

// SetOn ticks a checkbox or not.
func (fl *Field) SetOn(on bool) {
	fl.Value = ""
	if on {
		fl.Value = "on"
	}
}

// Choice is one option of a select.
type Choice struct{ Value, Label string }

// Form is a list of fields with where it posts; each typed form embeds one, its fields in
// the order they are drawn.
type Form struct {
	Action string
	Submit string
	Fields []*Field
	today  string // the latest date a date field takes, from Read
}

// Base is the form itself, for the admin/fields template.
func (f *Form) Base() *Form { return f }

// OK reports whether no field has an error.
func (f *Form) OK() bool {
	for _, fl := range f.Fields {
		if fl.Error != "" {
			return false
		}
	}
	return true
}

// Errors is every field's message, by field name.
func (f *Form) Errors() map[string]string {
	out := map[string]string{}
	for _, fl := range f.Fields {
		if fl.Error != "" {
			out[fl.Name] = fl.Error
		}
	}
	return out
}

// Read fills every field from the request body; now is the clock, whose day is the latest
// a date field takes.
func (f *Form) Read(c *fiber.Ctx, now time.Time) {
	f.today = now.Format("2006-01-02")
	for _, fl := range f.Fields {
		v := c.FormValue(fl.Name)
		if fl.Type != "textarea" {
			v = strings.TrimSpace(v)
		}
		fl.Value = v
	}
}

// Check checks every field against its type, parsing each value once into the field's typed
// value, marks the errors (in place of any from before) and returns them by field name. A typed form's Validate calls it
// before its own rules.
func (f *Form) Check() map[string]string {
	today := f.today
	for _, fl := range f.Fields {
		fl.Error, fl.n, fl.x, fl.num, fl.den = "", nil, nil, 0, 0
		v := fl.Value
		max := fl.Max
		if max == 0 {
			switch fl.Type {
			case "textarea":
				max = 4000
			case "url":
				max = 1000
			default:
				max = 200
			}
		}
		// One rule for text everywhere (internal/textrule, as the importer): a textarea may hold
		// line breaks and tabs, any other field is one line.
		rule := textrule.Line
		if fl.Type == "textarea" {
			rule = textrule.Block
		}
		switch reason := rule(v); {
		case reason != "":
			fl.Error = "This " + reason + "."
		case v == "" && fl.Required:
			fl.Error = "This is required."
		case v == "":
		case utf8.RuneCountInString(v) > max:
			fl.Error = "This is too long: at most " + strconv.Itoa(max) + " characters."
		case fl.Type == "date":
			t, err := time.Parse("2006-01-02", v)
			if err != nil || t.Format("2006-01-02") != v {
				fl.Error = "Use a date like 2016-08-15."
			} else if v > today && !fl.AllowFuture {
				fl.Error = "This date is in the future."
			}
		case fl.Type == "url":
			if msg := checkURL(v); msg != "" {
				fl.Error = msg
			}
		case fl.Type == "email":
			if at := strings.Index(v, "@"); at < 1 || at == len(v)-1 || strings.ContainsAny(v, " <>\"") {
				fl.Error = "This is not an e-mail address."
			}
		case fl.Type == "number":
			if n, err := strconv.Atoi(v); err != nil {
				fl.Error = "Use a whole number, like 646."
			} else {
				fl.n = &n
			}
		case fl.Type == "decimal":
			if x, ok := parseDecimal(v); !ok {
				fl.Error = "Use a number, like 2.5."
			} else {
				fl.x = &x
			}
		case fl.Type == "points":
			// As the importer: a weight beyond this is a typo, and 1e308 twice sums to infinity.
			if p, ok := parseDecimal(v); !ok || p < 0 || p > models.MaxPoints {
				fl.Error = "Use a number of points from 0 to 1,000,000, like 2.5."
			} else {
				fl.x = &p
			}
		case fl.Type == "percent":
			if p, ok := parseDecimal(v); !ok || p < 0 || p > 100 {
				fl.Error = "Use a percentage between 0 and 100, like 54."
			} else {
				fl.x = &p
			}
		case fl.Type == "odds":
			if num, den, ok := parseOdds(v); !ok {
				fl.Error = "Use fractional odds like 9/2, with whole numbers of 1 or more."
			} else {
				fl.num, fl.den = num, den
			}
		case fl.Type == "select":
			found := false
			for _, o := range fl.Options {
				found = found || o.Value == v
			}
			if !found {
				fl.Error = "Pick one of the choices."
			}
		}
	}
	return f.Errors()
}

// checkURL admits absolute http and https links only: javascript:, data: and the like could
// run in a reader's browser when the link is followed.
func checkURL(v string) string {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "Use a web address starting with http:// or https://."
	}
	return ""
}

// parseDecimal reads a finite number: "NaN" and "Inf" parse as floats but are no figure.
func parseDecimal(v string) (float64, bool) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// parseOdds reads fractional odds such as "9/2" (a stake of 2 wins 9): two whole numbers of
// at least 1.
func parseOdds(v string) (num, den int, ok bool) {
	a, b, found := strings.Cut(v, "/")
	num, errA := strconv.Atoi(strings.TrimSpace(a))
	den, errB := strconv.Atoi(strings.TrimSpace(b))
	if !found || errA != nil || errB != nil || num < 1 || den < 1 || num > 1_000_000 || den > 1_000_000 ||
		strings.ContainsAny(a+b, "+-") {
		return 0, 0, false
	}
	return num, den, true
}

// ID is a prefix for the ids of the form's inputs, unique on a page with several forms.
func (f *Form) ID() string {
	return strings.Trim(strings.NewReplacer("/", "-", ":", "-").Replace(f.Action), "-")
}

// InputType is the HTML input type that draws the field.
func (fl *Field) InputType() string {
	switch fl.Type {
	case "date", "url", "email", "number", "hidden", "checkbox":
		return fl.Type
	}
	return "text"
}

// Drawn is any form the admin/fields template draws: a Form, or a typed form embedding one.
type Drawn interface{ Base() *Form }

// TemplateData bundles a form with the CSRF token for the admin/fields template.
func TemplateData(f Drawn, csrf string) map[string]any {
	return map[string]any{"F": f.Base(), "CSRF": csrf}
}

// Failed reports whether a field has an error, so the page can open the form that failed.
func (f *Form) Failed() bool { return !f.OK() }
