// Package handlers turns HTTP requests into store calls and rendered pages or JSON. Handlers are
// thin: parse and validate input, call the store, pick a template.
package handlers

import (
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/etag"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/template/html/v2"

	"github.com/backers/backers/static"
	"github.com/backers/backers/store"
	"github.com/backers/backers/templates"
)

// Handler holds what every handler needs.
type Handler struct {
	Store *store.Store
	Log   *slog.Logger
	// Now is the clock; tests pin it.
	Now func() time.Time
	// CacheMaxAge is the max-age of embeds, images, API answers and exports (DefaultCacheMaxAge if 0).
	CacheMaxAge time.Duration
	// BaseURL is the site's public address ("https://backers.example"), used in embed code,
	// oEmbed and social cards; empty means the address the request came to.
	BaseURL string
	// SecureCookies marks cookies Secure, for sites served over HTTPS.
	SecureCookies bool
	// TrustedProxies are the reverse proxies (IP addresses and CIDR ranges) whose
	// X-Forwarded-For header gives the client's address (ParseTrustedProxies reads them).
	TrustedProxies []string

	formKeyMu sync.Mutex
	formKey   []byte         // signs the public report form's timestamp; from the database (reportKey)
	cache     *responseCache // rendered embeds, images and chart data of the current data version
}

// NewApp builds the Fiber app with its middleware and every route. main and the tests both
// call it, so the tests exercise the real thing.
func NewApp(h *Handler) *fiber.App {
	if h.Now == nil {
		h.Now = time.Now
	}
	if h.Log == nil {
		h.Log = slog.New(slog.DiscardHandler)
	}
	if h.CacheMaxAge <= 0 {
		h.CacheMaxAge = DefaultCacheMaxAge
	}
	h.cache = newResponseCache()
	engine := html.NewFileSystem(http.FS(templates.FS), ".html")
	engine.AddFuncMap(templateFuncs())
	app := fiber.New(fiber.Config{
		Views:                 engine,
		ViewsLayout:           "layouts/main",
		ErrorHandler:          h.errorHandler,
		DisableStartupMessage: true,
		// Values from c.Params and c.Query outlive the handler in templates and logs.
		Immutable:   true,
		ReadTimeout: 30 * time.Second,
		// The admin's CSV import takes files up to 20 MB (MaxImportSize), with room for the form.
		BodyLimit:    MaxImportSize + 1<<20,
		WriteTimeout: 60 * time.Second,
		// X-Forwarded-For is believed from the trusted proxies only (proxies.go).
		EnableTrustedProxyCheck: len(h.TrustedProxies) > 0,
		TrustedProxies:          h.TrustedProxies,
		ProxyHeader:             h.proxyHeader(),
		EnableIPValidation:      true,
	})
	app.Use(recover.New())
	app.Use(h.requestLog)
	app.Use(securityHeaders)
	app.Use(compress.New())
	app.Use(etag.New())
	app.Use(h.httpCache)
	app.Use("/static", filesystem.New(filesystem.Config{
		Root:   http.FS(static.FS),
		MaxAge: 3600,
	}))
	h.routes(app)
	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
	return app
}

// routes registers every route; the list reads like the site map.
func (h *Handler) routes(app *fiber.App) {
	app.Get("/healthz", h.healthz)

	// Pages for readers.
	app.Get("/", h.home)
	app.Get("/contests", h.contests)
	app.Get("/methodology", h.methodology)
	app.Get("/data-dictionary", h.dataDictionary)
	app.Get("/c/:contest", h.dashboard)
	app.Get("/c/:contest/endorsements", h.endorsements)
	app.Get("/c/:contest/candidates/:slug", h.candidate)
	app.Get("/c/:contest/methodology", h.contestMethodology)
	app.Get("/c/:contest/changes", h.contestChanges)
	app.Get("/endorsers/:slug", h.endorser)
	app.Get("/report", h.reportPage)
	app.Post("/report", h.report)

	// Data to take away: exports and the feed.
	app.Get("/c/:contest/endorsements.csv", h.endorsementsCSV)
	app.Get("/c/:contest/endorsements.json", h.endorsementsJSON)
	app.Get("/c/:contest/feed.atom", h.feed)

	// For reporters: embeds, chart images, oEmbed.
	app.Get("/embed/:contest/:chart", h.embed)
	app.Get("/c/:contest/charts/:chart.:format", h.chartImage)
	app.Get("/oembed", h.oembed)

	// The read API.
	app.Get("/api/v1/openapi.json", h.openAPI)
	app.Get("/api/v1/contests", h.apiContests)
	app.Get("/api/v1/contests/:contest", h.apiContest)
	app.Get("/api/v1/contests/:contest/totals", h.apiTotals)
	app.Get("/api/v1/contests/:contest/endorsements", h.apiEndorsements)
	app.Get("/api/v1/contests/:contest/series/:chart", h.chartSeries)
	app.Get("/api/v1/endorsers/:slug", h.apiEndorser)

	// Admin: sign-in, then every route of AdminRoutes behind its role and CSRF guard.
	app.Get("/admin/login", h.loginPage)
	app.Post("/admin/login", h.login)
	for _, r := range h.AdminRoutes() {
		app.Add(r.Method, r.Path, h.guard(r), r.handle)
	}
}

// GET /healthz
func (h *Handler) healthz(c *fiber.Ctx) error {
	if err := h.Store.Ping(); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable"})
	}
	return c.JSON(fiber.Map{"status": "ok"})
}

// requestLog logs each request once, after it is served.
func (h *Handler) requestLog(c *fiber.Ctx) error {
	if !h.Log.Enabled(c.Context(), slog.LevelDebug) {
		return c.Next()
	}
	start := time.Now()
	err := c.Next()
	h.Log.Debug("request", "method", c.Method(), "path", c.Path(), "status", c.Response().StatusCode(),
		"duration", time.Since(start))
	return err
}

// securityHeaders sets the headers every response carries. Pages may only be framed by this
// site; embeds override that for themselves.
func securityHeaders(c *fiber.Ctx) error {
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	if framable(c.Path()) {
		c.Set("Content-Security-Policy", embedCSP)
		return c.Next()
	}
	c.Set("X-Frame-Options", "SAMEORIGIN")
	c.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'")
	return c.Next()
}

// errorHandler logs the real error once and shows the reader a page without internals.
func (h *Handler) errorHandler(c *fiber.Ctx, err error) error {
	code := fiber.StatusInternalServerError
	msg := "Something went wrong on our side. Please try again later."
	var fe *fiber.Error
	switch {
	case errors.As(err, &fe):
		code = fe.Code
		msg = fe.Message
	case errors.Is(err, store.ErrNotFound):
		code = fiber.StatusNotFound
	}
	if code == fiber.StatusNotFound {
		msg = "There is no such page here."
	}
	if code >= 500 {
		h.Log.Error("request failed", "method", c.Method(), "path", c.Path(), "err", err)
	}
	c.Status(code)
	if wantsJSON(c) {
		return c.JSON(fiber.Map{"error": msg, "status": code})
	}
	return c.Render("error", fiber.Map{"Title": http.StatusText(code), "Status": code, "Message": msg})
}

// wantsJSON reports whether a request is for the JSON API rather than a page.
func wantsJSON(c *fiber.Ctx) bool {
	return len(c.Path()) >= 5 && c.Path()[:5] == "/api/"
}
