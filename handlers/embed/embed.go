// Package embed serves what reporters put in articles: embed pages, chart images, oEmbed
// answers and the data behind each chart.
package embed

import (
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// CSP is the policy of embed pages and chart images: as strict as the site's, except that
// any site may frame them.
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors *; base-uri 'none'; form-action 'self'"

// defaultChart is the chart a dashboard URL stands for when it names none.
const defaultChart = "support-over-time"

// Bounds of the embed's chart height (pixels), from ?height=.
const (
	minChartHeight  = 200
	maxChartHeight  = 1200
	tallChartHeight = 560 // the default for charts with many categories (charts.Chart.Tall)
)

// chartRequest is one chart of a contest with the options of an embed, image or series request.
type chartRequest struct {
	Contest *models.Contest
	Chart   string
	Options charts.Options
	Theme   string // "light", "dark" or "auto" (the reader's prefers-color-scheme)
	Height  int    // chart height in pixels (embeds)
}

// newChartRequest checks the chart name of a contest (404 when unknown) and parses the options
// candidates, kinds, theme and height (a kit.ParamError when a value is unknown). The day is
// the request's, or for oEmbed the one its URL names.
func newChartRequest(contest *models.Contest, day kit.Day, chart string, q url.Values) (*chartRequest, error) {
	var err error
	if !slices.Contains(charts.Names(), chart) {
		return nil, fmt.Errorf("chart %q: %w", chart, store.ErrNotFound)
	}
	req := &chartRequest{Contest: contest, Chart: chart, Theme: "light", Height: embedChartHeight}
	// Without as_of a chart shows all the data (the state as of today) and ends where the
	// data does.
	req.Options.AsOf = day.Query()
	var candSlugs, kindSlugs []string
	for _, cd := range contest.Candidates {
		candSlugs = append(candSlugs, cd.Slug)
	}
	for _, k := range contest.Kinds {
		kindSlugs = append(kindSlugs, k.Kind.Slug)
	}
	if req.Options.Candidates, err = slugList("candidates", q.Get("candidates"), candSlugs); err != nil {
		return nil, err
	}
	if req.Options.Kinds, err = slugList("kinds", q.Get("kinds"), kindSlugs); err != nil {
		return nil, err
	}
	switch v := q.Get("theme"); v {
	case "", "light":
	case "dark", "auto":
		req.Theme = v
	default:
		return nil, &kit.ParamError{Param: "theme", Message: fmt.Sprintf("%q is not a theme: use light, dark or auto", v)}
	}
	if v := q.Get("height"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < minChartHeight || n > maxChartHeight {
			return nil, &kit.ParamError{Param: "height", Message: fmt.Sprintf("%q is not a height: use a number of pixels from %d to %d",
				v, minChartHeight, maxChartHeight)}
		}
		req.Height = n
	}
	return req, nil
}

// slugList parses a comma-separated list of slugs, each of which must be one of known.
func slugList(option, v string, known []string) ([]string, error) {
	var out []string
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !slices.Contains(known, s) {
			return nil, &kit.ParamError{Param: option, Message: fmt.Sprintf("%q is not one of this contest's %s: use %s",
				s, option, strings.Join(known, ", "))}
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}

// chartOptionsQuery is the data options of a request, as a query string: what the chart shows.
func (r *chartRequest) dataQuery() url.Values {
	q := url.Values{}
	if r.Options.AsOf != "" {
		q.Set("as_of", r.Options.AsOf)
	}
	if len(r.Options.Candidates) > 0 {
		q.Set("candidates", strings.Join(r.Options.Candidates, ","))
	}
	if len(r.Options.Kinds) > 0 {
		q.Set("kinds", strings.Join(r.Options.Kinds, ","))
	}
	return q
}

// query is every option of the request that differs from the default, for embed URLs.
func (r *chartRequest) query() url.Values {
	q := r.dataQuery()
	if r.Theme != "light" {
		q.Set("theme", r.Theme)
	}
	if r.Height != embedChartHeight {
		q.Set("height", strconv.Itoa(r.Height))
	}
	return q
}

// imageQuery is the options of the request that images take.
func (r *chartRequest) imageQuery() url.Values {
	q := r.dataQuery()
	if r.Theme != "light" {
		q.Set("theme", r.Theme)
	}
	return q
}

// chartView builds the requested chart. A chart about something the contest's rules do not have
// (CLP nominations in a US primary) is not there: the dashboard leaves it out, and so do embeds.
func (h *Handler) chartView(r *chartRequest) (*charts.Chart, error) {
	snap, err := h.Store.Snapshot(r.Contest, charts.Query([]string{r.Chart}, r.Options))
	if err != nil {
		return nil, err
	}
	ch, err := charts.Build(snap, r.Chart, r.Options)
	if err != nil {
		return nil, err
	}
	if ch.NotApplicable {
		return nil, fmt.Errorf("chart %q of %s does not apply: %w", r.Chart, r.Contest.Slug, store.ErrNotFound)
	}
	return ch, nil
}

// requestedChart builds the chart of the request's contest and day that an embed, image or
// series request asks for.
func (h *Handler) requestedChart(c *fiber.Ctx, chart string, q url.Values) (*chartRequest, *charts.Chart, error) {
	r := kit.RequestOf(c)
	req, err := newChartRequest(r.Contest, r.Day, chart, q)
	if err != nil {
		return nil, nil, err
	}
	ch, err := h.chartView(req)
	return req, ch, err
}

// embedPageData is what templates/embed.html shows.
type embedPageData struct {
	Title      string
	Contest    *models.Contest
	Chart      *charts.Chart
	Request    *chartRequest
	ContestURL string
	Social     *kit.SocialMeta
	Height     int
	Theme      string // "light", "dark" or "auto"
	// SVG and SVGDark are the server's drawings of the chart in the light and dark theme, for
	// the page's first paint: one of them, or both for theme=auto (CSS shows the reader's).
	SVG, SVGDark template.HTML
}

// GET /embed/:contest/:chart?as_of=&candidates=&kinds=&theme=light|dark|auto&height=
func (h *Handler) Embed(c *fiber.Ctx) error {
	req, ch, err := h.requestedChart(c, c.Params("chart"), kit.RequestQuery(c))
	if err != nil {
		return err
	}
	if ch.Tall && c.Query("height") == "" {
		// Many categories (a poll per row) need more room than the usual chart.
		req.Height = tallChartHeight
	}
	base := h.BaseURL(c)
	page := embedPageData{
		Title:      ch.Title + " · " + req.Contest.Title,
		Contest:    req.Contest,
		Chart:      ch,
		Request:    req,
		ContestURL: base + "/c/" + url.PathEscape(req.Contest.Slug) + kit.EncodeQuery(req.dataQuery()) + "#" + ch.DOMID() + "-figure",
		Social:     h.socialMetaFor(c, req, ch),
		Height:     req.Height,
		Theme:      req.Theme,
	}
	if !ch.Empty {
		o := charts.ImageOptions{Width: kit.EmbedWidth, Height: req.Height}
		if req.Theme != "dark" {
			if page.SVG, err = ch.InlineSVG(o, "chart-svg chart-svg-light"); err != nil {
				return err
			}
		}
		if req.Theme != "light" {
			o.Dark = true
			if page.SVGDark, err = ch.InlineSVG(o, "chart-svg chart-svg-dark"); err != nil {
				return err
			}
		}
	}
	return c.Render("embed", page, "layouts/embed")
}

// Errors renders the errors of embed pages in the embed layout, which may be framed: 400 for
// an option it cannot honour, naming it, 404 for an unknown contest or chart; anything else
// goes on to the error handler.
func Errors(c *fiber.Ctx, err error) error {
	var pe *kit.ParamError
	switch {
	case errors.As(err, &pe):
		c.Status(fiber.StatusBadRequest)
		return c.Render("embed_error", fiber.Map{"Title": "Bad embed option", "Status": fiber.StatusBadRequest,
			"Option": pe.Param, "Message": pe.Message}, "layouts/embed")
	case errors.Is(err, store.ErrNotFound):
		c.Status(fiber.StatusNotFound)
		return c.Render("embed_error", fiber.Map{"Title": "No such chart", "Status": fiber.StatusNotFound,
			"Message": "There is no such contest or chart here. Chart names: " + strings.Join(charts.Names(), ", ") + "."},
			"layouts/embed")
	}
	return err
}

// socialMetaFor describes an embed page: its chart's PNG is the card's image.
func (h *Handler) socialMetaFor(c *fiber.Ctx, req *chartRequest, ch *charts.Chart) *kit.SocialMeta {
	base := h.BaseURL(c)
	page := base + kit.EmbedPath(req.Contest.Slug, ch.Name) + kit.EncodeQuery(req.query())
	return kit.NewSocialMeta(base, page, ch.Title+" · "+req.Contest.Title, req.Contest.Slug, ch, req.imageQuery())
}

// Framable lets any site frame the routes of its group (embed pages and chart images), in
// place of the site's own "only this site may frame it".
func Framable(c *fiber.Ctx) error {
	c.Response().Header.Del("X-Frame-Options")
	c.Set("Content-Security-Policy", CSP)
	return c.Next()
}
