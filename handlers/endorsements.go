package handlers

import (
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// option is one choice of a select or checkbox in the filter form.
type option struct {
	Value, Label string
	Selected     bool
}

// tableRow is a row of the endorsements table with its labels worked out.
type tableRow struct {
	store.EndorsementRow
	When        string
	ActionLabel string
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

// dated renders a day with its precision: "15 Aug 2016", "Aug 2016", "by 15 Aug 2016".
func dated(iso, precision string) string {
	switch precision {
	case models.PrecisionMonth:
		if t, err := time.Parse("2006-01-02", iso); err == nil {
			return t.Format("Jan 2006")
		}
	case models.PrecisionReported:
		return "by " + humanDay(iso)
	case models.PrecisionRange:
		return "on or before " + humanDay(iso)
	}
	return humanDay(iso)
}

// contestParam loads the contest named in the path.
func (h *Handler) contestParam(c *fiber.Ctx) (*models.Contest, error) {
	return h.Store.Contest(c.Params("contest"))
}

// badRequest turns a parameter error into a 400 page; other errors pass through.
func badRequest(err error) error {
	var pe *paramError
	if errors.As(err, &pe) {
		return fiber.NewError(fiber.StatusBadRequest, "Bad filter: "+pe.Error())
	}
	return err
}

// GET /c/:contest/endorsements?candidate=&kind=&region=&q=&from=&to=&as_of=&status=&withdrawn=&sort=&page=
func (h *Handler) endorsements(c *fiber.Ctx) error {
	contest, err := h.contestParam(c)
	if err != nil {
		return err
	}
	f, err := h.parseEndorsementFilter(c, contest)
	if err != nil {
		return badRequest(err)
	}
	page, err := h.Store.Endorsements(contest.ID, f.Query)
	if err != nil {
		return err
	}
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
		rows[i] = tableRow{EndorsementRow: r, When: dated(r.EffectiveOn, r.DatePrecision), ActionLabel: actionLabels[r.Action]}
		if r.State == store.StateWithdrawn {
			rows[i].ActionLabel = actionLabels[models.ActionWithdraw]
		}
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

	var candidateOpts, kindOpts, regionOpts, statusOpts, sortOpts []option
	for _, cd := range contest.Candidates {
		label := cd.Name
		if cd.Status == models.CandidateWithdrawn {
			label += " (withdrew " + humanDay(cd.WithdrawnOn) + ")"
		}
		candidateOpts = append(candidateOpts, option{cd.Slug, label, slices.Contains(f.Candidates, cd.Slug)})
	}
	for _, k := range kinds {
		kindOpts = append(kindOpts, option{k.Slug, k.Name, slices.Contains(f.Kinds, k.Slug)})
	}
	for _, r := range regions {
		regionOpts = append(regionOpts, option{r, r, slices.Contains(f.Regions, r)})
	}
	statusLabels := map[string]string{store.StateCurrent: "current backers", store.StateWithdrawn: "withdrawn",
		models.VerificationConfirmed: "confirmed", models.VerificationReported: "reported", models.VerificationDisputed: "disputed"}
	for _, s := range statusValues {
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
	pages := f.pages(page.Total)
	data := fiber.Map{
		"Title":         "Endorsements · " + contest.Title,
		"Contest":       contest,
		"FeedURL":       "/c/" + contest.Slug + "/feed.atom",
		"Filter":        f,
		"Rows":          rows,
		"Total":         page.Total,
		"Counts":        counts,
		"Candidates":    candidateOpts,
		"Kinds":         kindOpts,
		"Regions":       regionOpts,
		"Statuses":      statusOpts,
		"Sorts":         sortOpts,
		"Page":          f.Page,
		"Pages":         pages,
		"FirstRow":      f.Query.Offset + 1,
		"LastRow":       f.Query.Offset + len(rows),
		"CSVURL":        f.link(base+".csv", map[string]string{"page": "", "per_page": "", "view": "current"}),
		"JSONURL":       f.link(base+".json", map[string]string{"page": "", "per_page": "", "view": "current"}),
		"EventsCSVURL":  f.link(base+".csv", map[string]string{"page": "", "per_page": "", "view": "events"}),
		"EventsJSONURL": f.link(base+".json", map[string]string{"page": "", "per_page": "", "view": "events"}),
		"APIURL":        f.link("/api/v1/contests/"+contest.Slug+"/endorsements", nil),
		"Retractions":   retractions,
	}
	if f.Page > 1 {
		data["PrevURL"] = f.link(base, map[string]string{"page": pageParam(f.Page - 1)})
	}
	if f.Page < pages {
		data["NextURL"] = f.link(base, map[string]string{"page": strconv.Itoa(f.Page + 1)})
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
