// Package kit is what the handlers of every audience share: their dependencies, rendering
// helpers, the shape of errors, URL building and request parsing. It imports no audience
// package, and no audience package imports another: each imports the kit and the layers below.
package kit

import (
	"log/slog"
	"strings"
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
// hot path. It is the configured one (-base-url); else the scheme and host the request came to,
// where a trusted proxy's X-Forwarded-Proto (http or https) and X-Forwarded-Host stand for the
// connection's. A forwarded header from anyone else is the client's invention: believed, it
// would put links to another site (or javascript://) into answers the cache hands to everyone.
// The cache keys answers by this same address, so none is rendered for one address and kept
// under another.
func (k *Kit) AppendBaseURL(b []byte, c *fiber.Ctx) []byte {
	if k.SiteURL != "" {
		return append(b, k.SiteURL...)
	}
	scheme, host := "http", c.Request().URI().Host()
	if c.Context().IsTLS() {
		scheme = "https"
	}
	if len(k.TrustedProxies) > 0 && c.IsProxyTrusted() {
		switch p, _, _ := strings.Cut(c.Get(fiber.HeaderXForwardedProto), ","); strings.TrimSpace(p) {
		case "https":
			scheme = "https"
		case "http":
			scheme = "http"
		}
		if fh, _, _ := strings.Cut(c.Get(fiber.HeaderXForwardedHost), ","); ValidHost(strings.TrimSpace(fh)) {
			host = []byte(strings.TrimSpace(fh))
		}
	}
	return append(append(append(b, scheme...), "://"...), host...)
}

// BaseURL is the site's public address: the configured one (-base-url), else the scheme and
// host the request came to (AppendBaseURL).
func (k *Kit) BaseURL(c *fiber.Ctx) string {
	if k.SiteURL != "" {
		return k.SiteURL
	}
	return string(k.AppendBaseURL(nil, c))
}

// ValidHost reports whether s is a host name or address with an optional port, and nothing
// else: no path, user, spaces or markup.
func ValidHost(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-:[]", r)) {
			return false
		}
	}
	return true
}

// Today is the clock's day in UTC, as an ISO date.
func (k *Kit) Today() string { return k.Now().UTC().Format("2006-01-02") }
