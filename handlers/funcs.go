package handlers

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/backers/backers/models"
)

// templateFuncs are the helpers every template may call.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"day":      humanDay,
		"number":   thousands,
		"percent":  func(f float64) string { return fmt.Sprintf("%.1f%%", f*100) },
		"form":     formData,
		"socialOf": socialOf,
		"status":   statusLabel,
	}
}

// humanDay renders an ISO day as "15 Aug 2016"; anything else is returned as it is.
func humanDay(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return t.Format("2 Jan 2006")
}

// statusLabel names a status for readers: a candidate's ("on_ballot" is "On the ballot",
// "withdrawn" with its day is "Withdrawn 19 Jul 2016") or, capitalised, a contest's ("decided"
// is "Decided"). The API keeps the raw values.
func statusLabel(status string, withdrawnOn ...string) string {
	switch status {
	case models.CandidateOnBallot:
		return "On the ballot"
	case models.CandidateWithdrawn:
		if len(withdrawnOn) > 0 && withdrawnOn[0] != "" {
			return "Withdrawn " + humanDay(withdrawnOn[0])
		}
		return "Withdrawn"
	case "":
		return ""
	}
	s := strings.ReplaceAll(status, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// thousands renders 313209 as "313,209".
func thousands(n any) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}
