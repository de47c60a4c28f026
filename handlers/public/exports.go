package public

import (
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// Export views: the current state (one row per endorser) or the whole event log.
const (
	viewCurrent = "current"
	viewEvents  = "events"
)

// number formats points without a needless ".000000".
func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// exportRequest is what an export was asked for.
type exportRequest struct {
	contest *models.Contest
	view    string
	filter  *kit.EndorsementFilter
}

// parseExport reads view= and the table's filters. view=current exports the table's rows;
// view=events exports the events the same filters match, each filter applied to the event
// (store.ChangeQuery's Match).
func (h *Handler) parseExport(c *fiber.Ctx) (*exportRequest, error) {
	contest := kit.RequestOf(c).Contest
	view := c.Query("view", viewCurrent)
	if view != viewCurrent && view != viewEvents {
		return nil, &kit.ParamError{Param: "view", Message: fmt.Sprintf("%q is not current or events", view)}
	}
	f, err := h.ParseEndorsementFilter(c)
	if err != nil {
		return nil, err
	}
	// An export is every matching row, not a page of them.
	f.Query.Limit, f.Query.Offset = 0, 0
	return &exportRequest{contest: contest, view: view, filter: f}, nil
}

// events is the event log an events export holds: as of its day, narrowed by its filters.
func (h *Handler) events(r *exportRequest) ([]store.ChangeRow, error) {
	return h.Store.Changes(store.ChangeQuery{ContestID: r.contest.ID, AsOf: r.filter.AsOf, Match: &r.filter.Query})
}

// exportHeaders say what the file is: its name carries the contest, view and as-of day, and a
// Link header points at the data dictionary.
func exportHeaders(c *fiber.Ctx, base string, r *exportRequest, ext string) {
	name := fmt.Sprintf("%s-endorsements-%s-as-of-%s.%s", r.contest.Slug, r.view, r.filter.AsOf, ext)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set("Link", `<`+base+`/data-dictionary>; rel="describedby"`)
	c.Set("X-As-Of", r.filter.AsOf)
}

// GET /c/:contest/endorsements.csv?view=current|events&as_of=&(table filters)
func (h *Handler) EndorsementsCSV(c *fiber.Ctx) error {
	r, err := h.parseExport(c)
	if err != nil {
		return err
	}
	var records [][]string
	if r.view == viewEvents {
		events, err := h.events(r)
		if err != nil {
			return err
		}
		records = append(records, kit.ImportColumns)
		for _, e := range events {
			points := ""
			if e.Action != models.ActionWithdraw {
				points = number(e.Points)
			}
			records = append(records, []string{r.contest.Slug, r.contest.Title, e.CandidateName, e.EndorserName,
				e.KindSlug, e.Region, e.Action, e.EffectiveOn, points, e.SourceURL, e.SourceTitle, e.Quote, e.Verification})
		}
	} else {
		page, err := h.Store.Endorsements(r.contest.ID, r.filter.Query)
		if err != nil {
			return err
		}
		kit.RequestOf(c).AsOfRows(page.Rows)
		records = append(records, kit.CurrentColumns)
		for _, e := range page.Rows {
			records = append(records, []string{r.filter.AsOf, r.contest.Slug, e.EndorserName, e.EndorserSlug, e.KindSlug,
				e.Region, e.CandidateName, e.CandidateSlug, e.CandidateStatus, e.State, e.Action, e.EffectiveOn,
				e.DatePrecision, number(e.Points), e.Verification, e.SourceURL, e.SourceTitle, e.Quote,
				strconv.FormatUint(uint64(e.EventID), 10)})
		}
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	for i, rec := range records {
		if i > 0 {
			for j := range rec {
				rec[j] = kit.CSVSafe(rec[j])
			}
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	exportHeaders(c, h.BaseURL(c), r, "csv")
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	return c.SendString(b.String())
}

// GET /c/:contest/endorsements.json?view=current|events&as_of=&(table filters)
func (h *Handler) EndorsementsJSON(c *fiber.Ctx) error {
	r, err := h.parseExport(c)
	if err != nil {
		return err
	}
	out := fiber.Map{
		"as_of":           r.filter.AsOf,
		"contest":         r.contest.Slug,
		"view":            r.view,
		"data_dictionary": h.BaseURL(c) + "/data-dictionary",
	}
	if r.view == viewEvents {
		events, err := h.events(r)
		if err != nil {
			return err
		}
		list := make([]kit.APIEvent, len(events))
		for i, e := range events {
			list[i] = kit.ToAPIEvent(e)
		}
		out["count"] = len(list)
		out["events"] = list
	} else {
		page, err := h.Store.Endorsements(r.contest.ID, r.filter.Query)
		if err != nil {
			return err
		}
		kit.RequestOf(c).AsOfRows(page.Rows)
		out["count"] = page.Total
		out["endorsements"] = kit.ToAPIEndorsements(page.Rows)
	}
	exportHeaders(c, h.BaseURL(c), r, "json")
	return c.JSON(out)
}
