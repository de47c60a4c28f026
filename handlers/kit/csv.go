package kit

import "strings"

// ImportColumns are the CSV import format's columns, in order; the events export uses them so
// an export can be imported again.
var ImportColumns = []string{"contest", "contest_title", "candidate", "endorser", "kind", "region",
	"action", "date", "points", "source_url", "source_title", "quote", "status"}

// CurrentColumns are the columns of the current-state CSV.
var CurrentColumns = []string{"as_of", "contest", "endorser", "endorser_slug", "kind", "region", "candidate",
	"candidate_slug", "candidate_status", "state", "action", "date", "date_precision", "points",
	"verification", "source_url", "source_title", "quote", "event_id"}

// CSVSafe neutralises a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) by
// prefixing an apostrophe, as OWASP recommends.
func CSVSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
