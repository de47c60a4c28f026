package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// embedCSP is the policy of embed pages and chart images: as strict as the site's, except that
// any site may frame them.
const embedCSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors *; base-uri 'none'; form-action 'self'"

// framable reports whether a path may be framed by other sites: embed pages and chart images.
func framable(path string) bool {
	return strings.HasPrefix(path, "/embed/") || isChartImagePath(path)
}

// baseURL is the site's public address: the configured one, else the one the request came to.
func (h *Handler) baseURL(c *fiber.Ctx) string {
	if h.BaseURL != "" {
		return h.BaseURL
	}
	return c.Protocol() + "://" + c.Hostname()
}
