package kit

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/charts"
)

// SocialMeta is what the Open Graph, Twitter card and oEmbed discovery tags of a page say.
type SocialMeta struct {
	Title       string
	Description string
	PageURL     string
	ImageURL    string
	ImageWidth  int
	ImageHeight int
	ImageAlt    string
	OEmbedURL   string
}

// NewSocialMeta describes a page showing chart ch of a contest: the chart's PNG is the card's
// image.
func NewSocialMeta(base, page, title, contest string, ch *charts.Chart, imageQuery url.Values) *SocialMeta {
	desc := ch.Summary
	if ch.Empty {
		desc = ch.EmptyText
	}
	return &SocialMeta{
		Title:       title,
		Description: desc,
		PageURL:     page,
		ImageURL:    base + ChartImagePath(contest, ch.Name, charts.PNG) + EncodeQuery(imageQuery),
		ImageWidth:  ImageWidth,
		ImageHeight: ImageHeight,
		ImageAlt:    ch.Title + ": " + desc,
		OEmbedURL:   base + "/oembed?format=json&url=" + url.QueryEscape(page),
	}
}

// SocialPage is page data that carries its own social meta (an embed page's).
type SocialPage interface{ SocialMeta() *SocialMeta }

// socialOf finds the social meta of whatever a page was rendered with, so the main layout can
// show it for the pages that have it and skip the rest, whatever their binding.
func socialOf(v any) *SocialMeta {
	switch b := v.(type) {
	case fiber.Map:
		m, _ := b["Social"].(*SocialMeta)
		return m
	case map[string]any:
		m, _ := b["Social"].(*SocialMeta)
		return m
	case SocialPage:
		return b.SocialMeta()
	}
	return nil
}
