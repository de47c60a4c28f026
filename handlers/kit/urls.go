package kit

import (
	"net/url"

	"github.com/gofiber/fiber/v2"
)

// Sizes in pixels shared by the dashboard's embed code and the embeds themselves: 1200x630 is
// the image size social cards (Open Graph, Twitter) ask for; an embed's iframe is 640x480 when
// the consumer sets no bound.
const (
	ImageWidth       = 1200
	ImageHeight      = 630
	EmbedWidth       = 640
	EmbedFrameHeight = 480
)

// EmbedPath is the address of a chart's embed page.
func EmbedPath(contest, chart string) string {
	return "/embed/" + url.PathEscape(contest) + "/" + url.PathEscape(chart)
}

// ChartImagePath is the address of a chart's image.
func ChartImagePath(contest, chart, format string) string {
	return "/c/" + url.PathEscape(contest) + "/charts/" + url.PathEscape(chart) + "." + format
}

// SeriesPath is the address of a chart's data (JSON; add .csv for CSV).
func SeriesPath(contest, chart string) string {
	return "/api/v1/contests/" + contest + "/series/" + chart
}

// EncodeQuery renders a query string with its "?", or nothing for no values.
func EncodeQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// RequestQuery copies the request's query string.
func RequestQuery(c *fiber.Ctx) url.Values {
	q := url.Values{}
	for k, v := range c.Context().QueryArgs().All() {
		q.Add(string(k), string(v))
	}
	return q
}
