// Package kit is what the handlers of every audience share: their dependencies, rendering
// helpers, the shape of errors, URL building and request parsing. It imports no audience
// package, and no audience package imports another: each imports the kit and the layers below.
package kit

import (
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/store"
)

// Kit holds what every handler needs; each audience's Handler embeds it.
type Kit struct {
	Store *store.Store
	Log   *slog.Logger
	// Now is the clock; tests pin it.
	Now func() time.Time
	// CacheMaxAge is the max-age of embeds, images, API answers and exports.
	CacheMaxAge time.Duration
	// SiteURL is the site's public address ("https://backers.example"), used in embed code,
	// oEmbed and social cards; empty means the address the request came to.
	SiteURL string
	// SecureCookies marks cookies Secure, for sites served over HTTPS.
	SecureCookies bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For gives the client's address.
	TrustedProxies []string
}

// AppendBaseURL appends the site's address to b without building a string, for the cache's
// hot path.
func (k *Kit) AppendBaseURL(b []byte, c *fiber.Ctx) []byte {
	if k.SiteURL != "" {
		return append(b, k.SiteURL...)
	}
	// The Host header, not X-Forwarded-Host: the cache keys pages by it, so a client must not be
	// able to have a page rendered for another host than the one it is kept under.
	return append(append(append(b, c.Protocol()...), "://"...), c.Request().URI().Host()...)
}

// BaseURL is the site's public address: the configured one (-base-url), else the scheme and
// host the request came to.
func (k *Kit) BaseURL(c *fiber.Ctx) string {
	if k.SiteURL != "" {
		return k.SiteURL
	}
	return string(k.AppendBaseURL(nil, c))
}

// Today is the clock's day in UTC, as an ISO date.
func (k *Kit) Today() string { return k.Now().UTC().Format("2006-01-02") }
