package public

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// option is one choice of a select or checkbox in the filter form.
type option struct {
	Value, Label string
	Selected     bool
}

// selectField is one drop-down of the filter form; one with no options is left out.
type selectField struct {
	Name, Label string
	Options     []option
}

// tableRow is a row of the endorsements table with its labels worked out.
type tableRow struct {
	store.EndorsementRow
	When        string
	ActionLabel string
}

// activeFilter is one filter the reader has set, in words, with a link that drops it.
type activeFilter struct {
	Label, RemoveURL string
}

// activeFilters lists the filters in force, each named in words from the form's fields, with
// a link that removes it; as_of, sort and paging are not filters and stay.
func activeFilters(f *kit.EndorsementFilter, base string, fields []selectField) []activeFilter {
	var out []activeFilter
	add := func(param, label string) {
		out = append(out, activeFilter{label, f.Link(base, map[string]string{param: "", "page": ""})})
	}
	for _, field := range fields {
		var chosen []string
		for _, o := range field.Options {
			if o.Selected {
				chosen = append(chosen, o.Label)
			}
		}
		if len(chosen) > 0 {
			add(field.Name, strings.ToLower(field.Label)+": "+strings.Join(chosen, " or "))
		}
	}
	if f.Q != "" {
		add("q", "name contains “"+f.Q+"”")
	}
	if f.From != "" {
		add("from", "decided on or after "+kit.HumanDay(f.From))
	}
	if f.To != "" {
		add("to", "decided on or before "+kit.HumanDay(f.To))
	}
	if f.HideWithdrawn {
		add("withdrawn", "withdrawn candidates hidden")
	}
	return out
}

// clearFilters is the link to the table with every filter dropped, keeping as_of and sort.
func clearFilters(f *kit.EndorsementFilter, base string) string {
	set := map[string]string{"page": ""}
	for _, p := range kit.FilterParams {
		set[p] = ""
	}
	return f.Link(base, set)
}

// candidateCount is how many matching rows concern one candidate.
type candidateCount struct {
	Slug, Name, Colour   string
	Current, Withdrawn   int
	CandidateWithdrawnOn string
}

// actionLabels name an event's action as the table reads it.
var actionLabels = map[string]string{
	models.ActionEndorse:  "endorsed",
	models.ActionNominate: "nominated",
	models.ActionWithdraw: "withdrawn",
}

// GET /c/:contest/endorsements?candidate=&kind=&region=&action=&q=&from=&to=&as_of=&status=&withdrawn=&sort=&page=
func (h *Handler) Endorsements(c *fiber.Ctx) error {
	contest := kit.RequestOf(c).Contest
	f, err := h.ParseEndorsementFilter(c)
	if err != nil {
		return err
	}
	page, err := h.Store.Endorsements(contest.ID, f.Query)
	if err != nil {
		return err
	}
	kit.RequestOf(c).AsOfRows(page.Rows)
	kinds, err := h.Store.Kinds()
	if err != nil {
		return err
	}
	regions, err := h.Store.Regions(contest.ID)
	if err != nil {
		return err
	}

	rows := make([]tableRow, len(page.Rows))
	for i, r := range page.Rows {
		rows[i] = tableRow{EndorsementRow: r, When: kit.Dated(r.EffectiveOn, r.DatePrecision), ActionLabel: actionLabels[r.Action]}
	}
	var counts []candidateCount
	for _, cd := range contest.Candidates {
		cc := candidateCount{Slug: cd.Slug, Name: cd.Name, Colour: cd.Colour}
		if cd.Status == models.CandidateWithdrawn {
			cc.CandidateWithdrawnOn = cd.WithdrawnOn
		}
		for _, m := range page.Counts {
			if m.CandidateID != cd.ID {
				continue
			}
			if m.State == store.StateWithdrawn {
				cc.Withdrawn += m.Count
			} else {
				cc.Current += m.Count
			}
		}
		if cc.Current+cc.Withdrawn > 0 {
			counts = append(counts, cc)
		}
	}

	var candidateOpts, kindOpts, regionOpts, actionOpts, statusOpts, sortOpts []option
	for _, cd := range contest.Candidates {
		label := cd.Name
		if cd.Status == models.CandidateWithdrawn {
			label += " (" + kit.StatusLabel(cd.Status, cd.WithdrawnOn) + ")"
		}
		candidateOpts = append(candidateOpts, option{cd.Slug, label, slices.Contains(f.Candidates, cd.Slug)})
	}
	for _, k := range kinds {
		kindOpts = append(kindOpts, option{k.Slug, k.Name, slices.Contains(f.Kinds, k.Slug)})
	}
	for _, r := range regions {
		regionOpts = append(regionOpts, option{r, r, slices.Contains(f.Regions, r)})
	}
	// Nominations and declared support are told apart: a nomination counts toward a
	// threshold, an endorsement does not.
	actionOptLabels := map[string]string{models.ActionNominate: "nominations", models.ActionEndorse: "declared support",
		models.ActionWithdraw: "withdrawals"}
	for _, a := range kit.ActionValues {
		actionOpts = append(actionOpts, option{a, actionOptLabels[a], slices.Contains(f.Actions, a)})
	}
	statusLabels := map[string]string{store.StateCurrent: "current backers", store.StateWithdrawn: "withdrawn",
		models.VerificationConfirmed: "confirmed", models.VerificationReported: "reported", models.VerificationDisputed: "disputed"}
	for _, s := range kit.StatusValues {
		statusOpts = append(statusOpts, option{s, statusLabels[s], slices.Contains(f.Statuses, s)})
	}
	sortLabels := map[string]string{store.SortNewest: "newest first", store.SortOldest: "oldest first",
		store.SortName: "name", store.SortCandidate: "candidate", store.SortKind: "kind", store.SortRegion: "region"}
	for _, s := range store.SortOrders {
		sortOpts = append(sortOpts, option{s, sortLabels[s], f.Sort == s || (f.Sort == "" && s == store.SortNewest)})
	}

	retractions, err := h.Store.Retractions(contest.ID, 0, maxRetractionsShown)
	if err != nil {
		return err
	}
	base := "/c/" + contest.Slug + "/endorsements"
	pages := f.Pages(page.Total)
	// An empty table says why: nothing recorded yet, or nothing matching the filters.
	recorded := page.Total > 0
	if !recorded {
		if recorded, err = h.Store.HasEvents(contest.ID); err != nil {
			return err
		}
	}
	selects := []selectField{{"candidate", "Candidate", candidateOpts}, {"kind", "Kind", kindOpts}, {"region", "Region", regionOpts},
		{"action", "Action", actionOpts}}
	active := activeFilters(f, base, append(selects, selectField{"status", "Show", statusOpts}))
	// Exports carry the same filters: every matching row, not a page of them.
	exportURL := func(ext, view string) string {
		return f.Link(base+ext, map[string]string{"page": "", "per_page": "", "view": view})
	}
	data := fiber.Map{
		"Title":         "Endorsements · " + contest.Title,
		"Contest":       contest,
		"FeedURL":       "/c/" + contest.Slug + "/feed.atom",
		"Filter":        f,
		"Rows":          rows,
		"Total":         page.Total,
		"Counts":        counts,
		"Selects":       selects,
		"Statuses":      statusOpts,
		"Sorts":         sortOpts,
		"Active":        active,
		"ClearURL":      clearFilters(f, base),
		"FirstPageURL":  f.Link(base, map[string]string{"page": ""}),
		"LatestURL":     f.Link(base, map[string]string{"as_of": "", "page": ""}),
		"Recorded":      recorded,
		"Page":          f.Page,
		"Pages":         pages,
		"FirstRow":      f.Query.Offset + 1,
		"LastRow":       f.Query.Offset + len(rows),
		"CSVURL":        exportURL(".csv", viewCurrent),
		"JSONURL":       exportURL(".json", viewCurrent),
		"EventsCSVURL":  exportURL(".csv", viewEvents),
		"EventsJSONURL": exportURL(".json", viewEvents),
		"APIURL":        f.Link("/api/v1/contests/"+contest.Slug+"/endorsements", nil),
		"Retractions":   retractions,
	}
	if f.Page > 1 {
		data["PrevURL"] = f.Link(base, map[string]string{"page": pageParam(f.Page - 1)})
	}
	if f.Page < pages {
		data["NextURL"] = f.Link(base, map[string]string{"page": strconv.Itoa(f.Page + 1)})
	}
	return c.Render("endorsements", data)
}

// pageParam is the page parameter for page n: none for the first.
func pageParam(n int) string {
	if n <= 1 {
		return ""
	}
	return strconv.Itoa(n)
}

// maxRetractionsShown bounds a page's list of retracted records: the endorsements table and an
// endorser's page keep retracted events visible, marked with the reason, under what they were
// part of.
const maxRetractionsShown = 200
