package embed

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/handlers/kit"
)

// Bounds of an image's size in pixels; the default is kit.ImageWidth by kit.ImageHeight.
const (
	minImageWidth  = 200
	minImageHeight = 150
	maxImageWidth  = 2400
	maxImageHeight = 1600
)

// svgCSP is the policy of SVG images opened as documents: gonum's SVG styles its text with
// inline style attributes, and it has no script at all.
const svgCSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *"

// GET /c/:contest/charts/:chart.png|svg?width=&height=&as_of=&candidates=&kinds=&theme=
func (h *Handler) ChartImage(c *fiber.Ctx) error {
	format := c.Params("format")
	if format != charts.PNG && format != charts.SVG {
		return fiber.ErrNotFound
	}
	q := kit.RequestQuery(c)
	width, err := boundedInt(q.Get("width"), kit.ImageWidth, minImageWidth, maxImageWidth)
	if err != nil {
		return &kit.ParamError{Param: "width", Message: fmt.Sprintf("%q is not a width: use a number of pixels from %d to %d", q.Get("width"), minImageWidth, maxImageWidth)}
	}
	height, err := boundedInt(q.Get("height"), kit.ImageHeight, minImageHeight, maxImageHeight)
	if err != nil {
		return &kit.ParamError{Param: "height", Message: fmt.Sprintf("%q is not a height: use a number of pixels from %d to %d", q.Get("height"), minImageHeight, maxImageHeight)}
	}
	// height is the image's here, not the embed's chart height: chartRequest must not see it.
	q.Del("height")
	req, ch, err := h.requestedChart(c, c.Params("chart"), q)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	err = h.images.do(func() error {
		return ch.WriteImage(&buf, format, charts.ImageOptions{Width: width, Height: height, Dark: req.Theme == "dark"})
	})
	if err != nil {
		return err
	}
	if format == charts.SVG {
		c.Set(fiber.HeaderContentType, "image/svg+xml; charset=utf-8")
		c.Set("Content-Security-Policy", svgCSP)
	} else {
		c.Set(fiber.HeaderContentType, "image/png")
	}
	return c.Send(buf.Bytes())
}

// boundedInt parses an optional whole number within [lo, hi]; "" gives def.
func boundedInt(s string, def, lo, hi int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%q is out of range", s)
	}
	return n, nil
}
