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

// dashboardSocial describes a dashboard: its card shows the first chart that has data, and
// says, as the image's alt text does, the strongest published figure with its date before the
// contest's own summary ("Published (reported tally): CLPs Jeremy Corbyn 285 and Owen Smith
// 53, as of 15 Aug 2016 …"), not the count of the records kept here.
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
	m.Description = strings.TrimSpace(ch.Published + " " + contest.Summary)
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
	AMP        string // for AMP pages: amp-iframe, resized by the embed's own messages
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
		// The title names the frame; aria-label tells a screen reader what the chart shows before
		// it enters the frame. The resize script keeps its plain name: pasted code cannot follow
		// a content name.
		label := html.EscapeString(ch.Title + ": " + alt)
		e.Responsive = `<iframe src="` + html.EscapeString(src) + `" title="` + title + `" aria-label="` + label +
			`" width="100%" height="` + strconv.Itoa(kit.EmbedFrameHeight) + `" frameborder="0" scrolling="no" loading="lazy"></iframe>` + "\n" +
			`<script src="` + html.EscapeString(base+"/static/embed-resize.js") + `" async></script>`
		e.Plain = `<iframe src="` + html.EscapeString(src) + `" title="` + title + `" aria-label="` + label +
			`" width="` + strconv.Itoa(kit.EmbedWidth) + `" height="` + strconv.Itoa(kit.EmbedFrameHeight) + `" frameborder="0" loading="lazy"></iframe>`
		// AMP resizes an amp-iframe marked resizable when the embed asks (embed.js posts AMP's
		// embed-size message); AMP wants an overflow element to offer when it cannot, and shows
		// the placeholder image until the frame has loaded.
		e.AMP = `<amp-iframe src="` + html.EscapeString(src) + `" title="` + title + `" aria-label="` + label +
			`" width="` + strconv.Itoa(kit.EmbedWidth) + `" height="` + strconv.Itoa(kit.EmbedFrameHeight) +
			`" layout="responsive" sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox" resizable frameborder="0">` + "\n" +
			`  <div overflow tabindex="0" role="button" aria-label="Show the whole chart">Show the whole chart</div>` + "\n" +
			`  <amp-img placeholder layout="fill" src="` + html.EscapeString(e.ImageURL) + `" alt="` + label + `"></amp-img>` + "\n" +
			`</amp-iframe>`
		e.Image = `<a href="` + html.EscapeString(base+"/c/"+url.PathEscape(contest.Slug)+dq+"#"+ch.DOMID()+"-figure") +
			`"><img src="` + html.EscapeString(e.ImageURL) + `" width="` + strconv.Itoa(kit.ImageWidth) + `" height="` +
			strconv.Itoa(kit.ImageHeight) + `" alt="` + html.EscapeString(ch.Title+": "+alt) + `"></a>`
		out[ch.Name] = e
	}
	return out
}
