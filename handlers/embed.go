package handlers

import (
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// embedCSP is the policy of embed pages and chart images: as strict as the site's, except that
// any site may frame them.
const embedCSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors *; base-uri 'none'; form-action 'self'"

// framable reports whether a path may be framed by other sites: embed pages and chart images.
func framable(path string) bool {
	return strings.HasPrefix(path, "/embed/") || isChartImagePath(path)
}

// appendBaseURL appends baseURL to b without building a string, for the cache's hot path.
func (h *Handler) appendBaseURL(b []byte, c *fiber.Ctx) []byte {
	if h.BaseURL != "" {
		return append(b, h.BaseURL...)
	}
	// The Host header, not X-Forwarded-Host: the cache keys pages by it, so a client must not be
	// able to have a page rendered for another host than the one it is kept under.
	return append(append(append(b, c.Protocol()...), "://"...), c.Request().URI().Host()...)
}

// baseURL is the site's public address: the configured one (-base-url), else the scheme and
// host the request came to.
func (h *Handler) baseURL(c *fiber.Ctx) string {
	if h.BaseURL != "" {
		return h.BaseURL
	}
	return string(h.appendBaseURL(nil, c))
}

// defaultChart is the chart a dashboard URL stands for when it names none.
const defaultChart = "support-over-time"

// Bounds of the embed's chart height (pixels), from ?height=.
const (
	minChartHeight  = 200
	maxChartHeight  = 1200
	tallChartHeight = 560 // the default for charts with many categories (charts.Chart.Tall)
)

// optionError is a query option an embed, image or series request cannot honour: a 400 with a
// message that says which option and what it accepts.
type optionError struct {
	option, msg string
}

func (e optionError) Error() string { return e.option + ": " + e.msg }

// chartRequest is one chart of a contest with the options of an embed, image or series request.
type chartRequest struct {
	Contest *models.Contest
	Chart   string
	Options charts.Options
	Theme   string // "light", "dark" or "auto" (the reader's prefers-color-scheme)
	Height  int    // chart height in pixels (embeds)
}

// chartRequest loads the contest, checks the chart name (both 404 when unknown) and parses the
// options as_of, candidates, kinds, theme and height (an optionError when a value is unknown).
func (h *Handler) chartRequest(contestSlug, chart string, q url.Values) (*chartRequest, error) {
	contest, err := h.Store.Contest(contestSlug)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(charts.Names(), chart) {
		return nil, fmt.Errorf("chart %q: %w", chart, store.ErrNotFound)
	}
	req := &chartRequest{Contest: contest, Chart: chart, Theme: "light", Height: embedChartHeight}
	if v := q.Get("as_of"); v != "" {
		t, err := time.Parse("2006-01-02", v)
		if err != nil || t.Format("2006-01-02") != v {
			return nil, optionError{"as_of", fmt.Sprintf("%q is not a date like 2016-08-15", v)}
		}
		req.Options.AsOf = v
	}
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
		return nil, optionError{"theme", fmt.Sprintf("%q is not a theme: use light, dark or auto", v)}
	}
	if v := q.Get("height"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < minChartHeight || n > maxChartHeight {
			return nil, optionError{"height", fmt.Sprintf("%q is not a height: use a number of pixels from %d to %d",
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
			return nil, optionError{option, fmt.Sprintf("%q is not one of this contest's %s: use %s",
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
	ch, err := charts.Build(h.Store, r.Contest, r.Chart, r.Options)
	if err != nil {
		return nil, err
	}
	if ch.NotApplicable {
		return nil, fmt.Errorf("chart %q of %s does not apply: %w", r.Chart, r.Contest.Slug, store.ErrNotFound)
	}
	return ch, nil
}

// requestedChart builds the chart a series or image request asks for; an option it cannot
// read is the client's mistake (400), where embeds and oEmbed answer otherwise.
func (h *Handler) requestedChart(contest, chart string, q url.Values) (*chartRequest, *charts.Chart, error) {
	req, err := h.chartRequest(contest, chart, q)
	if oe := (optionError{}); errors.As(err, &oe) {
		return nil, nil, fiber.NewError(fiber.StatusBadRequest, oe.Error())
	}
	if err != nil {
		return nil, nil, err
	}
	ch, err := h.chartView(req)
	return req, ch, err
}

// requestQuery copies the request's query string.
func requestQuery(c *fiber.Ctx) url.Values {
	q := url.Values{}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) { q.Add(string(k), string(v)) })
	return q
}

// embedPath is the address of a chart's embed page.
func embedPath(contest, chart string) string {
	return "/embed/" + url.PathEscape(contest) + "/" + url.PathEscape(chart)
}

// chartImagePath is the address of a chart's image.
func chartImagePath(contest, chart, format string) string {
	return "/c/" + url.PathEscape(contest) + "/charts/" + url.PathEscape(chart) + "." + format
}

// embedPageData is what templates/embed.html shows.
type embedPageData struct {
	Title      string
	Contest    *models.Contest
	Chart      *charts.Chart
	Request    *chartRequest
	ContestURL string
	Social     *socialMeta
	Height     int
	Theme      string // "light", "dark" or "auto"
	// SVG and SVGDark are the server's drawings of the chart in the light and dark theme, for
	// the page's first paint: one of them, or both for theme=auto (CSS shows the reader's).
	SVG, SVGDark template.HTML
}

// GET /embed/:contest/:chart?as_of=&candidates=&kinds=&theme=light|dark&height=
func (h *Handler) embed(c *fiber.Ctx) error {
	req, err := h.chartRequest(c.Params("contest"), c.Params("chart"), requestQuery(c))
	if err != nil {
		return h.embedError(c, err)
	}
	ch, err := h.chartView(req)
	if err != nil {
		return h.embedError(c, err)
	}
	base := h.baseURL(c)
	if ch.Tall && c.Query("height") == "" {
		// Many categories (a poll per row) need more room than the usual chart.
		req.Height = tallChartHeight
	}
	page := embedPageData{
		Title:      ch.Title + " · " + req.Contest.Title,
		Contest:    req.Contest,
		Chart:      ch,
		Request:    req,
		ContestURL: base + "/c/" + url.PathEscape(req.Contest.Slug) + encodeQuery(req.dataQuery()) + "#" + ch.DOMID() + "-figure",
		Social:     h.socialMetaFor(c, req, ch),
		Height:     req.Height,
		Theme:      req.Theme,
	}
	if !ch.Empty {
		o := charts.ImageOptions{Width: embedWidth, Height: req.Height}
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

// embedError renders an embed's error page in the embed layout: 400 for an unknown option
// value, 404 for an unknown contest or chart, anything else to the error handler.
func (h *Handler) embedError(c *fiber.Ctx, err error) error {
	var oe optionError
	switch {
	case errors.As(err, &oe):
		c.Status(fiber.StatusBadRequest)
		return c.Render("embed_error", fiber.Map{"Title": "Bad embed option", "Status": fiber.StatusBadRequest,
			"Option": oe.option, "Message": oe.msg}, "layouts/embed")
	case errors.Is(err, store.ErrNotFound):
		c.Status(fiber.StatusNotFound)
		return c.Render("embed_error", fiber.Map{"Title": "No such chart", "Status": fiber.StatusNotFound,
			"Message": "There is no such contest or chart here. Chart names: " + strings.Join(charts.Names(), ", ") + "."},
			"layouts/embed")
	}
	return err
}

// socialMeta is what the Open Graph, Twitter card and oEmbed discovery tags of a page say.
type socialMeta struct {
	Title       string
	Description string
	PageURL     string
	ImageURL    string
	ImageWidth  int
	ImageHeight int
	ImageAlt    string
	OEmbedURL   string
}

// socialMetaFor describes an embed page: its chart's PNG is the card's image.
func (h *Handler) socialMetaFor(c *fiber.Ctx, req *chartRequest, ch *charts.Chart) *socialMeta {
	base := h.baseURL(c)
	page := base + embedPath(req.Contest.Slug, ch.Name) + encodeQuery(req.query())
	return newSocialMeta(base, page, ch.Title+" · "+req.Contest.Title, req.Contest.Slug, ch, req.imageQuery())
}

func newSocialMeta(base, page, title, contest string, ch *charts.Chart, imageQuery url.Values) *socialMeta {
	desc := ch.Summary
	if ch.Empty {
		desc = ch.EmptyText
	}
	return &socialMeta{
		Title:       title,
		Description: desc,
		PageURL:     page,
		ImageURL:    base + chartImagePath(contest, ch.Name, charts.PNG) + encodeQuery(imageQuery),
		ImageWidth:  imageWidth,
		ImageHeight: imageHeight,
		ImageAlt:    ch.Title + ": " + desc,
		OEmbedURL:   base + "/oembed?format=json&url=" + url.QueryEscape(page),
	}
}

// dashboardSocial describes a dashboard: its card shows the first chart that has data.
func (h *Handler) dashboardSocial(c *fiber.Ctx, contest *models.Contest, built []*charts.Chart, q url.Values) *socialMeta {
	var ch *charts.Chart
	for _, b := range built {
		if !b.Empty {
			ch = b
			break
		}
	}
	if ch == nil {
		return nil
	}
	base := h.baseURL(c)
	page := base + c.Path() + encodeQuery(q)
	m := newSocialMeta(base, page, contest.Title, contest.Slug, ch, q)
	m.Description = contest.Summary
	return m
}

// socialOf finds the social meta of whatever a page was rendered with, so the main layout can
// show it for the pages that have it and skip the rest, whatever their binding.
func socialOf(v any) *socialMeta {
	switch b := v.(type) {
	case fiber.Map:
		m, _ := b["Social"].(*socialMeta)
		return m
	case map[string]any:
		m, _ := b["Social"].(*socialMeta)
		return m
	case embedPageData:
		return b.Social
	}
	return nil
}

// dashboardChartQuery is the query that reproduces a dashboard's charts in an embed or image:
// its as-of day, and its candidates when withdrawn ones are hidden.
func dashboardChartQuery(o charts.Options, hideWithdrawn bool) url.Values {
	q := url.Values{}
	if o.AsOf != "" {
		q.Set("as_of", o.AsOf)
	}
	if hideWithdrawn && len(o.Candidates) > 0 {
		q.Set("candidates", strings.Join(o.Candidates, ","))
	}
	return q
}

// embedCode is the copy-ready code a dashboard offers for one chart.
type embedCode struct {
	Chart      string
	Responsive string
	Plain      string
	Image      string
	EmbedURL   string
	ImageURL   string
	SVGURL     string
	CSVURL     string
	JSONURL    string
}

// embedCodes builds the embed code of every chart of a dashboard, keyed by chart name.
func (h *Handler) embedCodes(c *fiber.Ctx, contest *models.Contest, built []*charts.Chart, q url.Values) map[string]*embedCode {
	base := h.baseURL(c)
	dq := encodeQuery(q)
	out := map[string]*embedCode{}
	for _, ch := range built {
		src := base + embedPath(contest.Slug, ch.Name) + dq
		title := html.EscapeString(ch.Title + " · " + contest.Title)
		alt := ch.Summary
		if ch.Empty {
			alt = ch.EmptyText
		}
		e := &embedCode{
			Chart:    ch.Name,
			EmbedURL: src,
			ImageURL: base + chartImagePath(contest.Slug, ch.Name, charts.PNG) + dq,
			SVGURL:   base + chartImagePath(contest.Slug, ch.Name, charts.SVG) + dq,
			CSVURL:   base + seriesPath(contest.Slug, ch.Name) + ".csv" + dq,
			JSONURL:  base + seriesPath(contest.Slug, ch.Name) + dq,
		}
		e.Responsive = `<iframe src="` + html.EscapeString(src) + `" title="` + title + `" width="100%" height="` +
			strconv.Itoa(embedFrameHeight) + `" frameborder="0" scrolling="no" loading="lazy"></iframe>` + "\n" +
			`<script src="` + html.EscapeString(base+"/static/embed-resize.js") + `" async></script>`
		e.Plain = `<iframe src="` + html.EscapeString(src) + `" title="` + title + `" width="` + strconv.Itoa(embedWidth) +
			`" height="` + strconv.Itoa(embedFrameHeight) + `" frameborder="0" loading="lazy"></iframe>`
		e.Image = `<a href="` + html.EscapeString(base+"/c/"+url.PathEscape(contest.Slug)+dq+"#"+ch.DOMID()+"-figure") +
			`"><img src="` + html.EscapeString(e.ImageURL) + `" width="` + strconv.Itoa(imageWidth) + `" height="` +
			strconv.Itoa(imageHeight) + `" alt="` + html.EscapeString(ch.Title+": "+alt) + `"></a>`
		out[ch.Name] = e
	}
	return out
}
