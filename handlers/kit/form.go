package kit

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
)

// Field is one input of an admin form: what the template draws, what the request sent, and
// the message when it is wrong. Validation follows from the type: required, length, choices,
// ISO dates not in the future, http(s) URLs only, numbers.
type Field struct {
	Name     string
	Label    string
	Type     string // text, textarea, date, url, email, number, decimal, percent, odds, select, checkbox, hidden
	Value    string
	Error    string
	Hint     string
	Required bool
	Max      int // characters; 0 means the type's default
	Options  []Choice
	// AllowFuture admits dates after today (a contest's closing date, say).
	AllowFuture  bool
	Autocomplete string // "endorser" wires the endorser search
}

// Choice is one option of a select.
type Choice struct{ Value, Label string }

// Form is a list of fields with where it posts.
type Form struct {
	Action string
	Submit string
	Fields []*Field
}

// Field is the field of that name; there is no such field only by a programming error.
func (f *Form) Field(name string) *Field {
	for _, fl := range f.Fields {
		if fl.Name == name {
			return fl
		}
	}
	panic("form: no field " + name) // a programming error, caught by every form's test
}

// Get is the trimmed value of a field.
func (f *Form) Get(name string) string { return f.Field(name).Value }

// Set fills a field's value.
func (f *Form) Set(name, value string) { f.Field(name).Value = value }

// Fail attaches a message to a field unless it already has one.
func (f *Form) Fail(name, msg string) {
	if fl := f.Field(name); fl.Error == "" {
		fl.Error = msg
	}
}

// OK reports whether no field has an error.
func (f *Form) OK() bool {
	for _, fl := range f.Fields {
		if fl.Error != "" {
			return false
		}
	}
	return true
}

// Read fills every field from the request body.
func (f *Form) Read(c *fiber.Ctx) {
	for _, fl := range f.Fields {
		v := c.FormValue(fl.Name)
		if fl.Type != "textarea" {
			v = strings.TrimSpace(v)
		}
		fl.Value = v
	}
}

// Validate checks every field against its type and marks errors; today is the latest allowed
// date.
func (f *Form) Validate(now time.Time) {
	today := now.Format("2006-01-02")
	for _, fl := range f.Fields {
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
		switch {
		case !utf8.ValidString(v):
			fl.Error = "This is not valid text."
		case strings.ContainsRune(v, 0):
			fl.Error = "This contains a character that is not allowed."
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
			if _, err := strconv.Atoi(v); err != nil {
				fl.Error = "Use a whole number, like 646."
			}
		case fl.Type == "decimal":
			if _, ok := ParseDecimal(v); !ok {
				fl.Error = "Use a number, like 2.5."
			}
		case fl.Type == "percent":
			if p, ok := ParseDecimal(v); !ok || p < 0 || p > 100 {
				fl.Error = "Use a percentage between 0 and 100, like 54."
			}
		case fl.Type == "odds":
			if _, _, ok := ParseOdds(v); !ok {
				fl.Error = "Use fractional odds like 9/2, with whole numbers of 1 or more."
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

// ParseDecimal reads a finite number: "NaN" and "Inf" parse as floats but are no figure.
func ParseDecimal(v string) (float64, bool) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// ParseOdds reads fractional odds such as "9/2" (a stake of 2 wins 9): two whole numbers of
// at least 1.
func ParseOdds(v string) (num, den int, ok bool) {
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

// formData bundles a form with the CSRF token for the admin/fields template.
func formData(f *Form, csrf string) map[string]any { return map[string]any{"F": f, "CSRF": csrf} }

// Failed reports whether a field has an error, so the page can open the form that failed.
func (f *Form) Failed() bool { return !f.OK() }
