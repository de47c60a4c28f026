package handlers

import (
	"fmt"
	"html/template"
	"strings"
	"time"
)

// templateFuncs are the helpers every template may call.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"day":      humanDay,
		"number":   thousands,
		"percent":  func(f float64) string { return fmt.Sprintf("%.1f%%", f*100) },
		"form":     formData,
		"socialOf": socialOf,
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
