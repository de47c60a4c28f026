package admin

import (
	"errors"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/internal/secret"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// Sessions and sign-in limits.
const (
	// SessionTTL is a session's absolute life, SessionIdle how long it lasts without a
	// request (OWASP ASVS 3.3.2).
	SessionTTL      = 12 * time.Hour
	SessionIdle     = 30 * time.Minute
	sessionCookie   = "backers_session"
	loginCSRFCookie = "backers_login_csrf"
	loginWindow     = 15 * time.Minute
	// An address and an account together get a few tries, then growing delays (loginDelay),
	// then no more in the window: a stranger guessing from one address locks out only that
	// address, never the account's owner signing in from elsewhere.
	maxTriesPerPair = 10
	// One address trying many accounts is refused after this many, whatever the accounts.
	maxTriesPerAddress = 20
	// One account tried from many addresses: far more than one stranger has, so only a spread
	// attack reaches it.
	maxTriesPerAccount  = 50
	csrfField           = "_csrf"
	csrfHeader          = "X-CSRF-Token"
	sessionLocal        = "session"
	loginRateLimitedMsg = "Too many failed sign-in attempts. Please wait a few minutes and try again."
)

// setCookie sets an HttpOnly, SameSite=Lax cookie, Secure when the site is served over HTTPS,
// that lasts for maxAge; zero or less deletes it. Max-Age is relative, so a browser whose clock
// differs from the server's keeps it as long; the server enforces session expiry itself.
func (h *Handler) setCookie(c *fiber.Ctx, name, value string, maxAge time.Duration) {
	ck := &fiber.Cookie{Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: h.SecureCookies}
	if maxAge <= 0 {
		ck.Value, ck.MaxAge, ck.Expires = "", -1, time.Unix(1, 0)
	}
	c.Cookie(ck)
}

// currentSession is the signed-in session of the request, or store.ErrNotFound.
func (h *Handler) currentSession(c *fiber.Ctx) (*models.Session, error) {
	if s, ok := c.Locals(sessionLocal).(*models.Session); ok {
		return s, nil
	}
	token := c.Cookies(sessionCookie)
	if token == "" {
		return nil, store.ErrNotFound
	}
	return h.Store.Session(secret.HashToken(token), h.Now(), SessionIdle)
}

// Guard admits a request to an admin route only with a session whose role suffices and, for a
// state-changing method, the session's CSRF token in the form or the X-CSRF-Token header.
func (h *Handler) Guard(r Route) fiber.Handler {
	return func(c *fiber.Ctx) error {
		noStore(c)
		sess, err := h.currentSession(c)
		if errors.Is(err, store.ErrNotFound) {
			if r.JSON {
				return c.Status(fiber.StatusUnauthorized).JSON(fiber.Map{"error": "sign in first", "status": 401})
			}
			next := "/admin"
			if c.Method() == fiber.MethodGet {
				next = c.OriginalURL()
			}
			return c.Redirect("/admin/login?next="+url.QueryEscape(next), fiber.StatusSeeOther)
		}
		if err != nil {
			return err
		}
		if !sess.User.Can(r.Role) {
			return h.deny(c, r, "Your account may not do this: it needs the "+r.Role+" role.")
		}
		switch c.Method() {
		case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		default:
			token := c.Get(csrfHeader)
			if token == "" {
				token = bodyValue(c, csrfField)
			}
			if !secret.Equal(token, sess.CSRFToken) {
				return h.deny(c, r, "This form has expired or did not come from this site. Go back, reload the page and try again.")
			}
		}
		c.Locals(sessionLocal, sess)
		return c.Next()
	}
}

// bodyValue is a field of the request body, url-encoded or multipart, and never of the query
// string, which c.FormValue also reads: a token in a URL is written to logs, browser history
// and Referer headers, and a link could carry it.
func bodyValue(c *fiber.Ctx, name string) string {
	if v := c.Request().PostArgs().Peek(name); len(v) > 0 {
		return string(v)
	}
	if mf, err := c.MultipartForm(); err == nil && len(mf.Value[name]) > 0 {
		return mf.Value[name][0]
	}
	return ""
}

func (h *Handler) deny(c *fiber.Ctx, r Route, msg string) error {
	if r.JSON {
		return c.Status(fiber.StatusForbidden).JSON(fiber.Map{"error": msg, "status": 403})
	}
	return fiber.NewError(fiber.StatusForbidden, msg)
}

// loginForm is what the sign-in page shows.
type loginForm struct {
	Email, Next string
}

// GET /admin/login
func (h *Handler) LoginPage(c *fiber.Ctx) error {
	return h.renderLogin(c, fiber.StatusOK, loginForm{Next: c.Query("next")}, "")
}

// noStore keeps admin pages out of every cache, the browser's included: after sign-out, or on a
// shared computer, the back button must not show them.
func noStore(c *fiber.Ctx) { c.Set(fiber.HeaderCacheControl, "no-store") }

func (h *Handler) renderLogin(c *fiber.Ctx, status int, f loginForm, msg string) error {
	noStore(c)
	// The login form has no session yet: its CSRF token is a double-submit cookie.
	token := secret.Token(24)
	h.setCookie(c, loginCSRFCookie, token, time.Hour)
	return c.Status(status).Render("admin/login", fiber.Map{
		"Title": "Sign in", "Form": f, "Message": msg, "CSRF": token,
	})
}

// POST /admin/login
func (h *Handler) Login(c *fiber.Ctx) error {
	f := loginForm{Email: strings.TrimSpace(c.FormValue("email")), Next: c.FormValue("next")}
	if !secret.Equal(bodyValue(c, csrfField), c.Cookies(loginCSRFCookie)) {
		return h.renderLogin(c, fiber.StatusForbidden, f, "This form has expired. Please sign in again.")
	}
	now := h.Now()
	address, account := h.ClientIP(c), strings.ToLower(f.Email)
	pair, byAddress, byAccount := "pair:"+address+" "+account, "address:"+address, "account:"+account
	ok, err := h.Store.ReserveLogin([]store.LoginKey{
		{Name: pair, Max: maxTriesPerPair, Delay: loginDelay},
		{Name: byAddress, Max: maxTriesPerAddress},
		{Name: byAccount, Max: maxTriesPerAccount},
	}, now, loginWindow)
	if err != nil {
		return err
	}
	if !ok {
		return h.renderLogin(c, fiber.StatusTooManyRequests, f, loginRateLimitedMsg)
	}
	user, err := h.Store.UserByEmail(f.Email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	hash := "" // no account: the check still spends its time, so timing does not reveal which exist
	if user != nil {
		hash = user.PasswordHash
	}
	// A disabled account answers like a wrong password, after the same work.
	ok = secret.CheckPassword(hash, bodyValue(c, "password")) && user != nil && user.DisabledAt == nil
	if !ok {
		return h.renderLogin(c, fiber.StatusUnauthorized, f, "Wrong e-mail address or password.")
	}
	if err := h.Store.LoginSucceeded([]string{pair}, []string{byAddress, byAccount}, now); err != nil {
		return err
	}
	if err := h.Store.ForgetLoginLimits(now.Add(-24 * time.Hour)); err != nil {
		return err
	}
	token := secret.Token(32)
	sess := &models.Session{TokenHash: secret.HashToken(token), UserID: user.ID, CSRFToken: secret.Token(32),
		CreatedAt: now, ExpiresAt: now.Add(SessionTTL), LastSeenAt: now}
	if err := h.Store.CreateSession(sess); err != nil {
		return err
	}
	h.setCookie(c, sessionCookie, token, SessionTTL)
	h.setCookie(c, loginCSRFCookie, "", 0)
	return c.Redirect(safeNext(f.Next), fiber.StatusSeeOther)
}

// loginDelay is the wait after the n-th attempt of a window from one address at one account:
// none after the first two (a typo or two), then 5 seconds, doubling each time, at most 15
// minutes. It is set when the attempt is counted, before its password is checked, so attempts
// sent at once meet it too; a success clears it.
func loginDelay(n int) time.Duration {
	if n < 3 {
		return 0
	}
	return min(5*time.Second<<(n-3), loginWindow)
}

// safeNext keeps a post-login redirect on this site's admin.
func safeNext(next string) string {
	// A next that does not parse as a URL (a stray "%") is refused too: the redirect would carry
	// it as it is, and what a browser makes of it is anyone's guess.
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(next, "/admin") ||
		strings.HasPrefix(next, "//") || strings.ContainsFunc(next, func(r rune) bool { return r == '\\' || unicode.IsControl(r) }) {
		return "/admin"
	}
	return next
}

// POST /admin/logout
func (h *Handler) logout(c *fiber.Ctx) error {
	if err := h.Store.DeleteSession(secret.HashToken(c.Cookies(sessionCookie))); err != nil {
		return err
	}
	h.setCookie(c, sessionCookie, "", 0)
	return c.Redirect("/admin/login", fiber.StatusSeeOther)
}
