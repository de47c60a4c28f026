// Package importer loads endorsement events from a CSV file: Parse checks every row and builds
// a Plan, Preview says what applying it would create, and Apply writes it in one transaction.
// The command line (`backers import`) and the admin import preview both use it.
//
// The format is documented in README.md ("CSV import format").
package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/backers/backers/internal/names"
	"github.com/backers/backers/internal/textrule"
	"github.com/backers/backers/models"
)

// Columns are the column names the import format accepts, in their documented order.
var Columns = []string{"contest", "contest_title", "candidate", "endorser", "kind", "region",
	"action", "date", "points", "source_url", "source_title", "quote", "status"}

// requiredColumns must be in the header and filled on every row.
var requiredColumns = []string{"contest", "candidate", "endorser", "date"}

// MaxErrors is how many row errors Parse collects before it stops looking for more.
const MaxErrors = 100

// Field limits, from the sizes of the model columns they go into.
var maxLen = map[string]int{
	"contest": 80, "contest_title": 200, "candidate": 200, "endorser": 200, "kind": 120,
	"region": 120, "source_url": 1000, "source_title": 300, "quote": 4000,
}

// RowError is one problem with the file: where it is and what is wrong.
type RowError struct {
	Line   int    // 1-based line of the file; the header is line 1
	Column string // the column's name, or "" when the problem is the whole row
	Reason string
}

func (e *RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, e.Reason)
}

// Errors is every problem found in a file. Any one of them means nothing is written.
type Errors []*RowError

func (es Errors) Error() string {
	switch len(es) {
	case 0:
		return "no errors"
	case 1:
		return es[0].Error()
	}
	return fmt.Sprintf("%s (and %d more)", es[0].Error(), len(es)-1)
}

// Row is one checked row: names trimmed, the action and status normalised, the date valid.
type Row struct {
	Line         int
	Contest      string // the contest's slug, lower-case
	ContestTitle string
	Candidate    string
	Endorser     string
	Kind         string
	Region       string
	Action       string // models.ActionEndorse, ActionNominate or ActionWithdraw
	Date         string // YYYY-MM-DD
	Points       *float64
	SourceURL    string
	SourceTitle  string
	Quote        string
	Status       string // models.VerificationConfirmed, Reported or Disputed; "" if not given
}

// Plan is a checked file: its header, how many rows it has and the problems found in them.
// It holds no rows: Each reads them again from the file, so a file of any length is imported
// in the memory of a batch of rows.
type Plan struct {
	Header []string // the header's column names, normalised
	Errors Errors
	// src is the file, read again from start by Each; rows counts its rows.
	src   io.ReadSeeker
	start int64
	rows  int
	// titles holds each contest's title, from the first row of that contest that gives one.
	titles map[string]string
	// firstLine is the first line naming each contest.
	firstLine map[string]int
	// today is the latest date a row may have, YYYY-MM-DD.
	today string
}

// actions maps what a file may say to the event action it means.
var actions = map[string]string{
	"endorse": models.ActionEndorse, "endorsed": models.ActionEndorse, "endorsement": models.ActionEndorse,
	"nominate": models.ActionNominate, "nominated": models.ActionNominate, "nomination": models.ActionNominate,
	"withdraw": models.ActionWithdraw, "withdrawn": models.ActionWithdraw, "withdrawal": models.ActionWithdraw,
}

var statuses = map[string]string{
	"confirmed": models.VerificationConfirmed,
	"reported":  models.VerificationReported,
	"disputed":  models.VerificationDisputed,
}

// Parse reads a CSV file in the import format and checks every row on its own (that a
// contest or endorser exists is for Preview and Apply to find out), with today's date by the
// machine's clock as the latest an event may have. It returns the plan and, if any row is bad,
// an Errors listing them (up to MaxErrors) with line, column and reason; the plan is returned
// either way so a preview can show both. It keeps r to read the rows again (Plan.Each), from
// where it stands now: r must stay open, unchanged, while the plan is used.
func Parse(r io.ReadSeeker) (*Plan, error) { return ParseOn(r, time.Now()) }

// ParseOn is Parse with the clock given: no event may be dated after now's day, as in the
// admin forms (an event is recorded once it has happened).
func ParseOn(r io.ReadSeeker, now time.Time) (*Plan, error) {
	start, err := r.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, fmt.Errorf("importer: %w", err)
	}
	p := &Plan{src: r, start: start, titles: map[string]string{}, firstLine: map[string]int{}, today: now.Format(time.DateOnly)}
	header, err := p.scan(r, func(Row) error { p.rows++; return nil })
	if err != nil {
		return nil, err
	}
	if header && len(p.Errors) == 0 && p.rows == 0 {
		p.add(2, "", "the file has a header but no rows")
	}
	if len(p.Errors) > 0 {
		return p, p.Errors
	}
	return p, nil
}

// Len is how many rows the file has, blank lines aside.
func (p *Plan) Len() int { return p.rows }

// Each reads the file again and calls fn with every row, in file order, stopping at the first
// error fn returns. Call it only on a plan without errors: it checks the rows as Parse did, and
// so finds them all good.
func (p *Plan) Each(fn func(Row) error) error {
	if _, err := p.src.Seek(p.start, io.SeekStart); err != nil {
		return fmt.Errorf("importer: read the file again: %w", err)
	}
	again := &Plan{titles: map[string]string{}, firstLine: map[string]int{}, today: p.today}
	_, err := again.scan(p.src, fn)
	return err
}

// scan reads the file from r, checks its header and each of its rows and hands every good row
// to fn; problems go to p.Errors, and it stops looking after MaxErrors of them. It reports
// whether the file had a header; a returned error is fn's.
func (p *Plan) scan(r io.Reader, fn func(Row) error) (bool, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // counted below, for a clearer message
	cr.ReuseRecord = true

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		p.add(1, "", "the file is empty: it needs a header row naming its columns")
		return false, nil
	}
	if err != nil {
		p.addCSV(err)
		return false, nil
	}
	index := p.parseHeader(header)
	if len(p.Errors) > 0 {
		return true, nil
	}

	for len(p.Errors) < MaxErrors {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			p.addCSV(err)
			continue
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) != len(p.Header) {
			p.add(line, "", fmt.Sprintf("has %d fields but the header has %d", len(rec), len(p.Header)))
			continue
		}
		if row, ok := p.parseRow(line, rec, index); ok {
			if err := fn(row); err != nil {
				return true, err
			}
		}
	}
	return true, nil
}

// parseHeader checks the column names and returns each known column's position.
func (p *Plan) parseHeader(header []string) map[string]int {
	index := map[string]int{}
	for i, h := range header {
		if i == 0 {
			h = string(bytes.TrimPrefix([]byte(h), []byte("\ufeff"))) // a BOM from Excel
		}
		name := strings.ToLower(strings.TrimSpace(h))
		p.Header = append(p.Header, name)
		switch {
		case name == "":
			p.add(1, "", fmt.Sprintf("column %d has no name", i+1))
		case !slices.Contains(Columns, name):
			p.add(1, name, fmt.Sprintf("unknown column %q (the columns are: %s)", h, strings.Join(Columns, ", ")))
		case index[name] != 0:
			p.add(1, name, "column given twice")
		default:
			index[name] = i + 1 // +1 so that 0 means absent
		}
	}
	for _, name := range requiredColumns {
		if index[name] == 0 {
			p.add(1, name, "required column is missing")
		}
	}
	return index
}

// parseRow checks one row; problems are added to p.Errors.
func (p *Plan) parseRow(line int, rec []string, index map[string]int) (Row, bool) {
	before := len(p.Errors)
	get := func(col string) string {
		i := index[col]
		if i == 0 {
			return ""
		}
		return unneutralise(strings.TrimSpace(rec[i-1]))
	}
	text := func(col string, name bool) string {
		v := get(col)
		// Names are one line; a quote may hold line breaks and tabs, nothing else unseen.
		rule := textrule.Block
		if name {
			rule = textrule.Line
		}
		if reason := rule(v); reason != "" {
			p.add(line, col, reason)
			return ""
		}
		if limit := maxLen[col]; limit > 0 && utf8.RuneCountInString(v) > limit {
			p.add(line, col, fmt.Sprintf("is %d characters long; at most %d are allowed", utf8.RuneCountInString(v), limit))
			return ""
		}
		if name {
			v = strings.Join(strings.Fields(v), " ") // inner runs of spaces count as one
		}
		return v
	}
	row := Row{Line: line,
		ContestTitle: text("contest_title", true),
		Candidate:    text("candidate", true),
		Endorser:     text("endorser", true),
		Kind:         text("kind", true),
		Region:       text("region", true),
		SourceTitle:  text("source_title", true),
		Quote:        text("quote", false),
	}
	for _, col := range requiredColumns {
		if get(col) == "" {
			p.add(line, col, "is required")
		}
	}

	if c := text("contest", true); c != "" {
		row.Contest = strings.ToLower(c)
		if !names.IsSlug(row.Contest) {
			p.add(line, "contest", fmt.Sprintf("%q is not a contest slug (lower-case letters, digits and single hyphens, such as %q)", c, names.Slug(c)))
		}
	}

	switch a := strings.ToLower(get("action")); {
	case a == "":
		row.Action = models.ActionEndorse
	case actions[a] != "":
		row.Action = actions[a]
	default:
		p.add(line, "action", fmt.Sprintf("unknown action %q (use endorse, nominate or withdraw)", get("action")))
	}

	if d := get("date"); d != "" {
		if t, err := time.Parse(time.DateOnly, d); err != nil || t.Format(time.DateOnly) != d {
			p.add(line, "date", fmt.Sprintf("%q is not an ISO date: write it as YYYY-MM-DD, such as 2016-07-21", d))
		} else if d > p.today {
			p.add(line, "date", fmt.Sprintf("%s is in the future (today is %s): an event is recorded once it has happened", d, p.today))
		} else {
			row.Date = d
		}
	}

	if s := get("points"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		switch {
		case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
			p.add(line, "points", fmt.Sprintf("%q is not a number", s))
		case v < 0:
			p.add(line, "points", fmt.Sprintf("%s is negative: a withdrawal is action withdraw, not negative points", s))
		case v > models.MaxPoints:
			p.add(line, "points", fmt.Sprintf("%s is more than %g, the most one event may weigh", s, float64(models.MaxPoints)))
		default:
			row.Points = &v
		}
	}

	if u := text("source_url", false); u != "" {
		if reason := checkURL(u); reason != "" {
			p.add(line, "source_url", reason)
		} else {
			row.SourceURL = u
		}
	}

	switch s := strings.ToLower(get("status")); {
	case s == "":
	case statuses[s] != "":
		row.Status = statuses[s]
	default:
		p.add(line, "status", fmt.Sprintf("unknown status %q (use confirmed, reported or disputed)", get("status")))
	}

	if row.Contest != "" {
		if _, seen := p.firstLine[row.Contest]; !seen {
			p.firstLine[row.Contest] = line
		}
		if row.ContestTitle != "" {
			if t, ok := p.titles[row.Contest]; !ok {
				p.titles[row.Contest] = row.ContestTitle
			} else if t != row.ContestTitle {
				p.add(line, "contest_title", fmt.Sprintf("%q differs from the title given earlier for %s, %q", row.ContestTitle, row.Contest, t))
			}
		}
	}
	return row, len(p.Errors) == before
}

// checkURL says what is wrong with a source URL, or "" if it is an http(s) address.
func checkURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Sprintf("%q is not a URL", s)
	}
	if sc := strings.ToLower(u.Scheme); sc != "http" && sc != "https" {
		return fmt.Sprintf("%q is not an http or https URL", s)
	}
	if u.Host == "" {
		return fmt.Sprintf("%q has no host", s)
	}
	if strings.ContainsAny(s, " \t\r\n") {
		return fmt.Sprintf("%q contains spaces", s)
	}
	return ""
}

// unneutralise undoes the apostrophe that CSV exports (ours included) put before a cell that
// starts with =, +, - or @ so that spreadsheets do not run it as a formula: an exported file
// imports back to the same text. Any other leading apostrophe is kept.
func unneutralise(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		return s[1:]
	}
	return s
}

func (p *Plan) add(line int, col, reason string) {
	if len(p.Errors) < MaxErrors {
		p.Errors = append(p.Errors, &RowError{Line: line, Column: col, Reason: reason})
	}
}

// addCSV reports a CSV syntax error (a stray quote) at the line and column where it is.
func (p *Plan) addCSV(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		col := ""
		if pe.Column > 0 {
			col = fmt.Sprintf("at character %d", pe.Column)
		}
		reason := pe.Err.Error()
		if col != "" {
			reason += " " + col
		}
		p.add(pe.Line, "", reason)
		return
	}
	p.add(0, "", err.Error())
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
