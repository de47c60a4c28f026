package kit

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/handlers/form"
	"github.com/backers/backers/models"
)

// TemplateFuncs are the helpers every template may call.
func TemplateFuncs() template.FuncMap {
	return template.FuncMap{
		"day":      charts.Day,
		"number":   thousands,
		"percent":  func(f float64) string { return fmt.Sprintf("%.1f%%", f*100) },
		"form":     form.TemplateData,
		"socialOf": socialOf,
		"status":   StatusLabel,
		"process":  charts.ProcessNote,
		"dated":    Dated,
		"verified": charts.Verified,
		"roster":   RosterLabel,
	}
}

// HumanDay renders an ISO day as "15 Aug 2016", as charts and the templates' day do.
func HumanDay(iso string) string { return charts.Day(iso) }

// Dated renders a day with its precision, as charts do: "15 Aug 2016", "Aug 2016", "by 15 Aug
// 2016", "28 Jul 2016 (day inferred)".
func Dated(iso, precision string) string { return charts.Dated(iso, precision) }

// StatusLabel names a status for readers: a candidate's ("on_ballot" is "On the ballot",
// "withdrawn" with its day is "Withdrawn 19 Jul 2016") or, capitalised, a contest's ("decided"
// is "Decided"). The API keeps the raw values.
func StatusLabel(status string, withdrawnOn ...string) string {
	switch status {
	case models.CandidateOnBallot:
		return "On the ballot"
	case models.CandidateWithdrawn:
		if len(withdrawnOn) > 0 && withdrawnOn[0] != "" {
			return "Withdrawn " + HumanDay(withdrawnOn[0])
		}
		return "Withdrawn"
	case "":
		return ""
	}
	s := strings.ReplaceAll(status, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// thousands renders any number with thousands separators: 313209 as "313,209", "1234.5" as
// "1,234.5". The whole part is written by charts.Number, as on charts; what is not written in
// digits is returned as it is. A pointer (a poll's *int sample size) is written as what it
// points to.
func thousands(n any) string {
	if v := reflect.ValueOf(n); v.Kind() == reflect.Pointer && !v.IsNil() {
		n = v.Elem().Interface()
	}
	s := fmt.Sprint(n)
	whole, frac, hasFrac := strings.Cut(s, ".")
	digits, neg := strings.CutPrefix(whole, "-")
	i, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || strings.Trim(digits, "0123456789") != "" {
		return s
	}
	out := charts.Number(i)
	if neg {
		out = "-" + out
	}
	if hasFrac {
		out += "." + frac
	}
	return out
}
