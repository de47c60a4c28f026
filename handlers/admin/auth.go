package admin

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/internal/secret"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// Sessions and sign-in limits.
const (
	SessionTTL          = 12 * time.Hour
	sessionCookie       = "backers_session"
	loginCSRFCookie     = "backers_login_csrf"
	loginWindow         = 15 * time.Minute
	maxFailsPerAccount  = 5
	maxFailsPerAddress  = 20
	csrfField           = "_csrf"
	csrfHeader          = "X-CSRF-Token"
	sessionLocal        = "session"
	loginRateLimitedMsg = "Too many failed sign-in attempts. Please wait 15 minutes and try again."
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
	return h.Store.Session(secret.HashToken(token), h.Now())
}

// Guard admits a request to an admin route only with a session whose role suffices and, for a
// state-changing method, the session's CSRF token in the form or the X-CSRF-Token header.
func (h *Handler) Guard(r Route) fiber.Handler {
	return func(c *fiber.Ctx) error {
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
				token = c.FormValue(csrfField)
			}
			if !secret.Equal(token, sess.CSRFToken) {
				return h.deny(c, r, "This form has expired or did not come from this site. Go back, reload the page and try again.")
			}
		}
		c.Locals(sessionLocal, sess)
		return c.Next()
	}
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

func (h *Handler) renderLogin(c *fiber.Ctx, status int, f loginForm, msg string) error {
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
	if !secret.Equal(c.FormValue(csrfField), c.Cookies(loginCSRFCookie)) {
		return h.renderLogin(c, fiber.StatusForbidden, f, "This form has expired. Please sign in again.")
	}
	now := h.Now()
	byAddr, byEmail, err := h.Store.FailedLogins(h.ClientIP(c), f.Email, now.Add(-loginWindow))
	if err != nil {
		return err
	}
	if byAddr >= maxFailsPerAddress || byEmail >= maxFailsPerAccount {
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
	ok := secret.CheckPassword(hash, c.FormValue("password"))
	if err := h.Store.RecordLoginAttempt(&models.LoginAttempt{Address: h.ClientIP(c), Email: strings.ToLower(f.Email), At: now, Success: ok}); err != nil {
		return err
	}
	if !ok {
		return h.renderLogin(c, fiber.StatusUnauthorized, f, "Wrong e-mail address or password.")
	}
	token := secret.Token(32)
	sess := &models.Session{TokenHash: secret.HashToken(token), UserID: user.ID, CSRFToken: secret.Token(32),
		CreatedAt: now, ExpiresAt: now.Add(SessionTTL)}
	if err := h.Store.CreateSession(sess); err != nil {
		return err
	}
	h.setCookie(c, sessionCookie, token, SessionTTL)
	h.setCookie(c, loginCSRFCookie, "", 0)
	return c.Redirect(safeNext(f.Next), fiber.StatusSeeOther)
}

// safeNext keeps a post-login redirect on this site's admin.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/admin") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/admin"
}

// POST /admin/logout
func (h *Handler) logout(c *fiber.Ctx) error {
	if err := h.Store.DeleteSession(secret.HashToken(c.Cookies(sessionCookie))); err != nil {
		return err
	}
	h.setCookie(c, sessionCookie, "", 0)
	return c.Redirect("/admin/login", fiber.StatusSeeOther)
}
