package embed

import (
	"errors"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/store"
)

// The size of the chart inside an embed's iframe (kit.EmbedFrameHeight) when the consumer sets
// no bound, and what the rest of the frame takes.
const (
	embedChartHeight  = 360
	embedChromeHeight = kit.EmbedFrameHeight - embedChartHeight // title, summary and footer
)

// oEmbedResponse is an oEmbed 1.0 "rich" response (https://oembed.com/, section 2.3.4).
type oEmbedResponse struct {
	Version         string `json:"version"`
	Type            string `json:"type"`
	ProviderName    string `json:"provider_name"`
	ProviderURL     string `json:"provider_url"`
	Title           string `json:"title"`
	HTML            string `json:"html"`
	Width           int    `json:"width"`
	Height          int    `json:"height"`
	CacheAge        int    `json:"cache_age"`
	ThumbnailURL    string `json:"thumbnail_url"`
	ThumbnailWidth  int    `json:"thumbnail_width"`
	ThumbnailHeight int    `json:"thumbnail_height"`
}

// GET /oembed?url=&maxwidth=&maxheight=&format=json
func (h *Handler) OEmbed(c *fiber.Ctx) error {
	if f := c.Query("format", "json"); f != "json" {
		return fiber.NewError(fiber.StatusNotImplemented, "Only format=json is supported.")
	}
	raw := c.Query("url")
	if raw == "" {
		return &kit.ParamError{Param: "url", Message: "the address of an embed, chart image or dashboard of this site is required"}
	}
	maxWidth, err := optionalPositive(c, "maxwidth")
	if err != nil {
		return err
	}
	maxHeight, err := optionalPositive(c, "maxheight")
	if err != nil {
		return err
	}
	target, ok := h.embedTarget(c, raw)
	if !ok {
		return fiber.ErrNotFound
	}
	// The URL names the chart, its contest and its day: a chart there is none of is not found.
	req, err := h.targetRequest(target)
	if errors.Is(err, store.ErrNotFound) || errors.As(err, new(*kit.ParamError)) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	view, err := h.chartView(req)
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}

	width, height := kit.EmbedWidth, kit.EmbedFrameHeight
	if view.Tall && target.query.Get("height") == "" {
		height += tallChartHeight - embedChartHeight
	}
	if maxWidth > 0 && maxWidth < width {
		width = maxWidth
	}
	q := req.query()
	if maxHeight > 0 && maxHeight < height {
		height = maxHeight
		q.Set("height", strconv.Itoa(max(height-embedChromeHeight, minChartHeight)))
	}
	base := h.BaseURL(c)
	src := base + "/embed/" + url.PathEscape(req.Contest.Slug) + "/" + url.PathEscape(req.Chart) + kit.EncodeQuery(q)
	title := view.Title + " · " + req.Contest.Title
	// As in the dashboard's embed code: what the chart shows, for a screen reader at the frame.
	label := view.Title + ": " + view.Summary
	if view.Empty {
		label = view.Title + ": " + view.EmptyText
	}

	thumbW, thumbH := kit.ImageWidth, kit.ImageHeight
	iq := req.imageQuery()
	if maxWidth > 0 && maxWidth < thumbW {
		thumbW, thumbH = maxWidth, maxWidth*kit.ImageHeight/kit.ImageWidth
	}
	if maxHeight > 0 && maxHeight < thumbH {
		thumbW, thumbH = thumbW*maxHeight/thumbH, maxHeight
	}
	if thumbW < minImageWidth || thumbH < minImageHeight {
		thumbW, thumbH = minImageWidth, minImageHeight
	}
	if thumbW != kit.ImageWidth {
		iq.Set("width", strconv.Itoa(thumbW))
		iq.Set("height", strconv.Itoa(thumbH))
	}
	return c.JSON(oEmbedResponse{
		Version:      "1.0",
		Type:         "rich",
		ProviderName: "backers",
		ProviderURL:  base + "/",
		Title:        title,
		HTML: `<iframe src="` + html.EscapeString(src) + `" width="` + strconv.Itoa(width) + `" height="` +
			strconv.Itoa(height) + `" title="` + html.EscapeString(title) + `" aria-label="` + html.EscapeString(label) +
			`" frameborder="0" scrolling="no" loading="lazy"></iframe>`,
		Width:           width,
		Height:          height,
		CacheAge:        int(h.CacheMaxAge / time.Second),
		ThumbnailURL:    base + kit.ChartImagePath(req.Contest.Slug, req.Chart, "png") + kit.EncodeQuery(iq),
		ThumbnailWidth:  thumbW,
		ThumbnailHeight: thumbH,
	})
}

// embedTarget names a chart of this site by a URL of it.
type embedTarget struct {
	contest, chart string
	query          url.Values
}

// embedTarget finds the chart a URL shows: an embed (/embed/:contest/:chart?options), a chart
// image, or a dashboard (/c/:contest, or / for the featured contest) whose fragment may name a
// chart (#chart-clp-nominations); a dashboard otherwise stands for its first chart. The URL must
// be on this site's host.
func (h *Handler) embedTarget(c *fiber.Ctx, raw string) (embedTarget, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return embedTarget{}, false
	}
	site, err := url.Parse(h.BaseURL(c))
	if err != nil || !strings.EqualFold(u.Host, site.Host) {
		return embedTarget{}, false
	}
	parts := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	for i, p := range parts {
		if parts[i], err = url.PathUnescape(p); err != nil {
			return embedTarget{}, false
		}
	}
	t := embedTarget{query: u.Query()}
	switch {
	case len(parts) == 3 && parts[0] == "embed":
		t.contest, t.chart = parts[1], parts[2]
	case len(parts) == 4 && parts[0] == "c" && parts[2] == "charts":
		name, ok := strings.CutSuffix(parts[3], ".png")
		if !ok {
			name, ok = strings.CutSuffix(parts[3], ".svg")
		}
		if !ok {
			return embedTarget{}, false
		}
		t.contest, t.chart = parts[1], name
		t.query.Del("width")
		t.query.Del("height")
	case len(parts) == 2 && parts[0] == "c", len(parts) == 1 && parts[0] == "":
		if len(parts) == 2 {
			t.contest = parts[1]
		} else {
			featured, err := h.Store.FeaturedContest()
			if err != nil {
				return embedTarget{}, false
			}
			t.contest = featured.Slug
		}
		t.chart = strings.TrimPrefix(u.Fragment, "chart-")
		if t.chart == "" {
			t.chart = defaultChart
		}
		// A dashboard's own filters are not embed options; the chart is embedded as it stands.
		t.query = url.Values{}
	default:
		return embedTarget{}, false
	}
	return t, true
}

// targetRequest is the chart request an oEmbed URL stands for: its contest, with the
// candidates' statuses as of the URL's day, and its options.
func (h *Handler) targetRequest(t embedTarget) (*chartRequest, error) {
	day, err := h.DayOf(t.query.Get("as_of"))
	if err != nil {
		return nil, err
	}
	contest, err := h.Store.Contest(t.contest)
	if err != nil {
		return nil, err
	}
	return newChartRequest(kit.AsOf(contest, day.ISO), day, t.chart, t.query)
}

// optionalPositive reads an optional positive whole number parameter; none is 0.
func optionalPositive(c *fiber.Ctx, param string) (int, error) {
	s := c.Query(param)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, &kit.ParamError{Param: param, Message: fmt.Sprintf("%q is not a positive whole number", s)}
	}
	return n, nil
}
