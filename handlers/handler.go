// Package handlers is the router: it builds the Fiber app with its middleware and registers
// every route in one list that reads like the site map, each group of routes with its cache
// policy. The handlers themselves live in one package per audience (public, embed, api,
// admin), which share the kit and never import each other.
package handlers

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/etag"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/template/html/v2"
	"github.com/valyala/fasthttp"

	"github.com/backers/backers/handlers/admin"
	"github.com/backers/backers/handlers/api"
	"github.com/backers/backers/handlers/embed"
	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/handlers/public"
	"github.com/backers/backers/static"
	"github.com/backers/backers/store"
	"github.com/backers/backers/templates"
)

// Handler is the app's configuration: what main reads from flags and the environment, and
// what tests set.
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

	kit    *kit.Kit
	cache  *responseCache // rendered responses of the current data version
	assets *static.Assets // the static files under their content names
}

// MaxImportSize is the largest CSV file the admin's import takes.
const MaxImportSize = admin.MaxImportSize

// ParseTrustedProxies reads a comma-separated list of IP addresses and CIDR ranges.
func ParseTrustedProxies(list string) ([]string, error) { return kit.ParseTrustedProxies(list) }

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
	h.kit = &kit.Kit{Store: h.Store, Log: h.Log, Now: h.Now, CacheMaxAge: h.CacheMaxAge, SiteURL: h.BaseURL,
		SecureCookies: h.SecureCookies, TrustedProxies: h.TrustedProxies}
	h.cache = newResponseCache()
	engine := html.NewFileSystem(http.FS(templates.FS), ".html")
	engine.AddFuncMap(kit.TemplateFuncs())
	h.assets = static.MustNew(static.FS)
	engine.AddFunc("asset", h.assets.URL) // {{asset "embed.css"}}: the file's content address
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
		// Forwarded headers are believed from the trusted proxies only (kit.ClientIP,
		// kit.AppendBaseURL). Without the check Fiber trusts every sender, so it is on even
		// with no proxies: then nobody is trusted, and c.Protocol and c.Hostname are the
		// connection's own.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          h.TrustedProxies,
		ProxyHeader:             h.proxyHeader(),
		EnableIPValidation:      true,
	})
	app.Use(recover.New())
	app.Use(h.requestLog)
	app.Use(securityHeaders(h.SecureCookies))
	app.Use(compress.New())
	app.Use(etag.New())
	app.Use("/static", h.assets.Handler("/static"))
	h.routes(app)
	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
	warmUp(app, engine)
	return app
}

// warmUp does before the first request what Fiber v2 and html/template otherwise do lazily,
// unguarded, on the first render, so that two first requests at once do not race (found by
// TestConcurrentWritersAndReaders under -race): Fiber fills the list of mounted apps that
// Render consults, and html/template escapes each template in place the first time it runs,
// while the engine copies that template for another request. Executing every template once
// with no data escapes them all; what the execution itself says is of no interest.
func warmUp(app *fiber.App, engine *html.Engine) {
	if err := engine.Load(); err == nil {
		for _, t := range engine.Templates.Templates() {
			_ = t.Execute(io.Discard, nil)
		}
	}
	c := app.AcquireCtx(&fasthttp.RequestCtx{})
	_ = c.Render("", nil) // no such template: it draws nothing, but fills Fiber's list
	app.ReleaseCtx(c)
}

// group registers routes that share middleware, so a policy (caching, framing, the shape of
// errors) is declared once, where its routes are listed, rather than inferred from paths.
// Each route also names the query parameters it reads: the request context middleware
// answers any other with a 400, parses as_of once and loads the path's contest once.
type group struct {
	h      *Handler
	app    *fiber.App
	policy cachePolicy
	mw     []fiber.Handler // before the cache, so they hold for answers from memory too
}

func (h *Handler) group(app *fiber.App, policy cachePolicy, mw ...fiber.Handler) group {
	return group{h: h, app: app, policy: policy, mw: mw}
}

func (g group) chain(handler fiber.Handler, params []string) []fiber.Handler {
	chain := append([]fiber.Handler(nil), g.mw...)
	return append(chain, g.h.httpCache(g.policy), g.h.kit.Context(params...), handler)
}

// get registers a GET route that reads the query parameters params.
func (g group) get(path string, handler fiber.Handler, params ...string) {
	g.app.Get(path, g.chain(handler, params)...)
}

// post registers a POST route that reads the query parameters params.
func (g group) post(path string, handler fiber.Handler, params ...string) {
	g.app.Post(path, g.chain(handler, params)...)
}

// errorsBy has fn shape the errors of a group's routes (the embeds' framable error page).
func errorsBy(fn func(*fiber.Ctx, error) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := c.Next(); err != nil {
			return fn(c, err)
		}
		return nil
	}
}

// routes registers every route; the list reads like the site map. After each handler come
// the query parameters it reads.
func (h *Handler) routes(app *fiber.App) {
	pub, emb, read, adm := public.New(h.kit), embed.New(h.kit), api.New(h.kit), admin.New(h.kit)
	table := kit.TableParams
	export := append(slices.Clip(table), "view")
	chart := []string{"as_of", "candidates", "kinds", "theme", "height"}
	image := append(slices.Clip(chart), "width")

	app.Get("/healthz", h.healthz)

	// Dashboards and the pages built from the same derived tables, the who-backs-whom table
	// among them (its pages are linked to and shared, filters and all): kept in memory per
	// data version and day, revalidated by browsers on every visit.
	charted := h.group(app, cachePage)
	charted.get("/", pub.Home, "as_of", "withdrawn")
	charted.get("/c/:contest", pub.Dashboard, "as_of", "withdrawn")
	charted.get("/c/:contest/endorsements", pub.Endorsements, table...)
	charted.get("/c/:contest/candidates/:slug", pub.Candidate, "as_of")
	charted.get("/endorsers/:slug", pub.Endorser, "as_of")

	// Other pages for readers: rendered on every request.
	pages := h.group(app, cacheNone)
	pages.get("/contests", pub.Contests)
	pages.get("/endorsers", pub.Endorsers, "kind", "region", "page")
	pages.get("/search", pub.Search, "q")
	pages.get("/methodology", pub.Methodology)
	pages.get("/data-dictionary", pub.DataDictionary)
	pages.get("/c/:contest/methodology", pub.ContestMethodology)
	pages.get("/c/:contest/changes", pub.ContestChanges)
	pages.get("/report", pub.ReportPage, "endorser", "event", "sent")
	pages.post("/report", pub.Report)

	// Data to take away, exports and the feed: validators and Cache-Control, not kept.
	exports := h.group(app, cacheConditional)
	exports.get("/c/:contest/endorsements.csv", pub.EndorsementsCSV, export...)
	exports.get("/c/:contest/feed.atom", pub.Feed)
	h.group(app, cacheConditional, kit.AnswersJSON).get("/c/:contest/endorsements.json", pub.EndorsementsJSON, export...)

	// For reporters. Embed pages and chart images may be framed by any site; they, oEmbed
	// answers and chart data are kept in memory per data version.
	h.group(app, cacheMemory, embed.Framable, errorsBy(embed.Errors)).get("/embed/:contest/:chart", emb.Embed, chart...)
	h.group(app, cacheMemory, embed.Framable).get("/c/:contest/charts/:chart.:format", emb.ChartImage, image...)
	reporters := h.group(app, cacheMemory, kit.AnswersJSON)
	reporters.get("/oembed", emb.OEmbed, "url", "maxwidth", "maxheight", "format")
	reporters.get("/api/v1/contests/:contest/series/:chart", emb.ChartSeries, chart...)

	// The read API: kept in memory per data version and day for anonymous readers.
	h.group(app, cacheConditional, kit.AnswersJSON).get("/api/v1/openapi.json", read.OpenAPI)
	readAPI := h.group(app, cacheAPI, kit.AnswersJSON)
	readAPI.get("/api/v1/contests", read.Contests, "as_of")
	readAPI.get("/api/v1/contests/:contest", read.Contest, "as_of")
	readAPI.get("/api/v1/contests/:contest/totals", read.Totals, "as_of")
	readAPI.get("/api/v1/contests/:contest/endorsements", read.Endorsements, table...)
	readAPI.get("/api/v1/endorsers/:slug", read.Endorser, "as_of")
	readAPI.get("/api/v1/search", read.Search, "q")

	// Admin: sign-in, then every route of admin.Routes behind its role and CSRF guard; never
	// cached.
	app.Get("/admin/login", adm.LoginPage)
	app.Post("/admin/login", adm.Login)
	for _, r := range adm.Routes() {
		app.Add(r.Method, r.Path, adm.Guard(r), r.Handle)
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

// proxyHeader is the header c.IP() reads the client's address from: X-Forwarded-For when
// proxies are trusted, none otherwise.
func (h *Handler) proxyHeader() string {
	if len(h.TrustedProxies) == 0 {
		return ""
	}
	return fiber.HeaderXForwardedFor
}

// securityHeaders sets the headers every response carries. Pages may only be framed by this
// site; the embeds' group (embed.Framable) overrides that for its routes. With secure cookies
// the site is served over HTTPS, so browsers are told to use nothing else for a year (HSTS): a
// first request over plain HTTP could otherwise be intercepted and the session cookie with it.
func securityHeaders(https bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Set("X-Content-Type-Options", "nosniff")
		c.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		c.Set("X-Frame-Options", "SAMEORIGIN")
		c.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'")
		if https {
			c.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000")
		}
		return c.Next()
	}
}

// errorHandler logs the real error once and shows the reader a page without internals. A
// parameter the route cannot honour is a 400 naming it, as a page or, on routes that answer
// JSON, as {"error","param","status"}.
func (h *Handler) errorHandler(c *fiber.Ctx, err error) error {
	code := fiber.StatusInternalServerError
	msg := "Something went wrong on our side. Please try again later."
	var fe *fiber.Error
	var pe *kit.ParamError
	switch {
	case errors.As(err, &pe):
		code = fiber.StatusBadRequest
		msg = pe.Error()
	case errors.As(err, &fe):
		code = fe.Code
		msg = fe.Message
	case errors.Is(err, store.ErrNotFound):
		code = fiber.StatusNotFound
	case errors.Is(err, store.ErrBusy):
		code, msg = fiber.StatusServiceUnavailable, kit.BusyMessage
		c.Set(fiber.HeaderRetryAfter, kit.RetryAfterBusy)
	}
	if code == fiber.StatusNotFound {
		msg = "There is no such page here."
	}
	if code >= 500 {
		h.Log.Error("request failed", "method", c.Method(), "path", c.Path(), "err", err)
	}
	c.Status(code)
	if kit.WantsJSON(c) {
		body := fiber.Map{"error": msg, "status": code}
		var nf *kit.NotFound
		switch {
		case pe != nil:
			body["error"], body["param"] = pe.Message, pe.Param
		case errors.As(err, &nf):
			body["error"] = nf.Error()
		}
		return c.JSON(body)
	}
	data := fiber.Map{"Title": http.StatusText(code), "Status": code, "Message": msg}
	if pe != nil {
		data["Param"] = pe.Param
	}
	return c.Render("error", data)
}
