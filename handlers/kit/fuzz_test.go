package kit

import (
	"strings"
	"testing"
	"time"
)

// A day the table, the API and the embeds accept is a real calendar day written exactly as
// YYYY-MM-DD, so that it sorts and compares as text against the stored days.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2016-08-15", " 2016-08-15 ", "", "2016-02-30", "2016-8-15", "16-08-15",
		"2016-08-15T00:00:00Z", "+2016-08-15", "２０１６-08-15", "2016-08-15\x00", "9999-12-31", "0000-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		day, err := ParseDay("as_of", v)
		if err != nil {
			if !strings.Contains(err.Error(), "as_of") {
				t.Errorf("error %q does not name the parameter", err)
			}
			return
		}
		if day == "" {
			if strings.TrimSpace(v) != "" {
				t.Errorf("%q accepted as no day", v)
			}
			return
		}
		parsed, perr := time.Parse(time.DateOnly, day)
		if perr != nil || parsed.Format(time.DateOnly) != day {
			t.Errorf("%q accepted as %q, which is not a day written as YYYY-MM-DD", v, day)
		}
	})
}

// A CSV cell a spreadsheet would run as a formula is neutralised, and nothing else changes: the
// importer takes the apostrophe off again, so an export imports back as it was.
func FuzzCSVSafe(f *testing.F) {
	for _, s := range []string{"", "Unite", "=HYPERLINK(\"https://evil.example\")", "+SUM(1,2)", "-1", "@cmd",
		"\tindent", "\rreturn", "'quoted", "'=already", "ü=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := CSVSafe(s)
		if out != "" && strings.ContainsRune("=+-@\t\r", rune(out[0])) {
			t.Errorf("CSVSafe(%q) = %q starts a formula", s, out)
		}
		if out != s && out != "'"+s {
			t.Errorf("CSVSafe(%q) = %q: more changed than a leading apostrophe", s, out)
		}
		if out != s && !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			t.Errorf("CSVSafe(%q) = %q changed a harmless cell", s, out)
		}
	})
}
