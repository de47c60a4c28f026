package public

import (
	"html"
	"net/url"
	"strconv"
	"strings"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/models"
	"github.com/gofiber/fiber/v2"
)

// dashboardSocial describes a dashboard: its card shows the first chart that has data.
func (h *Handler) dashboardSocial(c *fiber.Ctx, contest *models.Contest, built []*charts.Chart, q url.Values) *kit.SocialMeta {
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
	base := h.BaseURL(c)
	page := base + c.Path() + kit.EncodeQuery(q)
	m := kit.NewSocialMeta(base, page, contest.Title, contest.Slug, ch, q)
	m.Description = contest.Summary
	return m
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
	base := h.BaseURL(c)
	dq := kit.EncodeQuery(q)
	out := map[string]*embedCode{}
	for _, ch := range built {
		src := base + kit.EmbedPath(contest.Slug, ch.Name) + dq
		title := html.EscapeString(ch.Title + " · " + contest.Title)
		alt := ch.Summary
		if ch.Empty {
			alt = ch.EmptyText
		}
		e := &embedCode{
			Chart:    ch.Name,
			EmbedURL: src,
			ImageURL: base + kit.ChartImagePath(contest.Slug, ch.Name, charts.PNG) + dq,
			SVGURL:   base + kit.ChartImagePath(contest.Slug, ch.Name, charts.SVG) + dq,
			CSVURL:   base + kit.SeriesPath(contest.Slug, ch.Name) + ".csv" + dq,
			JSONURL:  base + kit.SeriesPath(contest.Slug, ch.Name) + dq,
		}
		e.Responsive = `<iframe src="` + html.EscapeString(src) + `" title="` + title + `" width="100%" height="` +
			strconv.Itoa(kit.EmbedFrameHeight) + `" frameborder="0" scrolling="no" loading="lazy"></iframe>` + "\n" +
			`<script src="` + html.EscapeString(base+"/static/embed-resize.js") + `" async></script>`
		e.Plain = `<iframe src="` + html.EscapeString(src) + `" title="` + title + `" width="` + strconv.Itoa(kit.EmbedWidth) +
			`" height="` + strconv.Itoa(kit.EmbedFrameHeight) + `" frameborder="0" loading="lazy"></iframe>`
		e.Image = `<a href="` + html.EscapeString(base+"/c/"+url.PathEscape(contest.Slug)+dq+"#"+ch.DOMID()+"-figure") +
			`"><img src="` + html.EscapeString(e.ImageURL) + `" width="` + strconv.Itoa(kit.ImageWidth) + `" height="` +
			strconv.Itoa(kit.ImageHeight) + `" alt="` + html.EscapeString(ch.Title+": "+alt) + `"></a>`
		out[ch.Name] = e
	}
	return out
}
