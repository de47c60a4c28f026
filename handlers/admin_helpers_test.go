package handlers_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"github.com/backers/backers/handlers"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// testClock is a clock a test can move forward.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *testClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// adminEnv is the real app on a real seeded database, with a movable clock and two accounts.
type adminEnv struct {
	t     *testing.T
	app   *fiber.App
	st    *store.Store
	clock *testClock
}

const (
	adminEmail  = "admin@example.org"
	editorEmail = "editor@example.org"
	testPass    = "correct horse battery staple"
)

func newAdminEnv(t *testing.T, secure bool) *adminEnv {
	t.Helper()
	clock := &testClock{t: pinnedNow}
	st := seededStore(t, "", clock.Now)
	// The lowest bcrypt cost keeps the tests quick; the app itself uses the default cost.
	hash, err := bcrypt.GenerateFromPassword([]byte(testPass), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []models.User{{Email: adminEmail, Role: models.RoleAdmin, PasswordHash: string(hash)},
		{Email: editorEmail, Role: models.RoleEditor, PasswordHash: string(hash)}} {
		if err := st.CreateUser(&u); err != nil {
			t.Fatal(err)
		}
	}
	app := handlers.NewApp(&handlers.Handler{Store: st, Now: clock.Now, SecureCookies: secure})
	return &adminEnv{t: t, app: app, st: st, clock: clock}
}

// client is a browser: it keeps cookies and the last CSRF token it saw in a page.
type client struct {
	env     *adminEnv
	cookies map[string]string
	csrf    string
}

func (e *adminEnv) client() *client { return &client{env: e, cookies: map[string]string{}} }

// response is what a request returned.
type response struct {
	status int
	body   string
	header http.Header
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// do sends a request; form values are posted url-encoded. It adds no CSRF token by itself.
func (c *client) do(method, target string, form url.Values) response {
	c.env.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return c.send(req)
}

// send sends a request with the client's cookies, and keeps the cookies and the CSRF token
// the response gives.
func (c *client) send(req *http.Request) response {
	c.env.t.Helper()
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	resp, err := c.env.app.Test(req, -1)
	if err != nil {
		c.env.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, ck := range resp.Cookies() {
		if ck.Value == "" || ck.MaxAge < 0 {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	if m := csrfInput.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	return response{status: resp.StatusCode, body: string(b), header: resp.Header}
}

func (c *client) get(target string) response { c.env.t.Helper(); return c.do("GET", target, nil) }

// post sends a form with the client's CSRF token.
func (c *client) post(target string, form url.Values) response {
	c.env.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("_csrf", c.csrf)
	return c.do("POST", target, form)
}

// login signs in through the real form.
func (c *client) login(email, password string) response {
	c.env.t.Helper()
	c.get("/admin/login")
	return c.post("/admin/login", url.Values{"email": {email}, "password": {password}})
}

// signedIn returns a client signed in as email, with a CSRF token from an admin page.
func (e *adminEnv) signedIn(email string) *client {
	e.t.Helper()
	c := e.client()
	if r := c.login(email, testPass); r.status != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d\n%s", email, r.status, trim(r.body))
	}
	if r := c.get("/admin"); r.status != 200 {
		e.t.Fatalf("GET /admin after login: %d", r.status)
	}
	return c
}

// expect checks a response's status and what its body holds and must not hold.
func expect(t *testing.T, what string, r response, status int, has []string, hasNot ...string) {
	t.Helper()
	if r.status != status {
		t.Errorf("%s: status %d, want %d\n%s", what, r.status, status, trim(r.body))
	}
	for _, s := range has {
		if !strings.Contains(r.body, s) {
			t.Errorf("%s: body lacks %q\n%s", what, s, trim(r.body))
		}
	}
	for _, s := range hasNot {
		if strings.Contains(r.body, s) {
			t.Errorf("%s: body has %q", what, s)
		}
	}
}

// audit returns the trail's entries matching f.
func (e *adminEnv) audit(f store.AuditFilter) []models.AuditEntry {
	e.t.Helper()
	es, err := e.st.AuditEntries(f)
	if err != nil {
		e.t.Fatal(err)
	}
	return es
}
