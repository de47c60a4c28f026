package admin_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/backers/backers/handlers"
	adminpkg "github.com/backers/backers/handlers/admin"
	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// concrete fills a route pattern's parameters with records the seed holds.
func concrete(path string) string {
	return strings.NewReplacer(":contest", "labour-2016", ":slug", "unite", ":candidate", "owen-smith", ":id", "1").Replace(path)
}

// TestAdminRouteWalk walks every admin route from the one list that registers them.
func TestAdminRouteWalk(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	anon := env.Client()
	editor := env.SignedIn(handlertest.EditorEmail)
	admin := env.SignedIn(handlertest.AdminEmail)
	// An upload of the admin's for /admin/import/:id.
	u, err := env.Store.UserByEmail(handlertest.AdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Store.CreateImportUpload(&models.ImportUpload{UserID: u.ID, Name: "x.csv", Data: []byte("contest,endorser,candidate,date\nlabour-2016,Unite,Jeremy Corbyn,2016-08-10\n"), CreatedAt: handlertest.PinnedNow}); err != nil {
		t.Fatal(err)
	}
	routes := (&adminpkg.Handler{}).Routes()
	if len(routes) < 30 {
		t.Fatalf("only %d admin routes", len(routes))
	}
	for _, r := range routes {
		target := concrete(r.Path)
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			var form url.Values
			if r.Method != "GET" {
				form = url.Values{}
			}
			// Anonymous: a page redirects to the sign-in page, JSON says 401.
			got := anon.Do(r.Method, target, form)
			if r.JSON {
				if got.Status != http.StatusUnauthorized || !strings.Contains(got.Body, `"error"`) {
					t.Errorf("anonymous: %d %s, want 401 JSON", got.Status, handlertest.Trim(got.Body))
				}
			} else if got.Status != http.StatusSeeOther || !strings.HasPrefix(got.Header.Get("Location"), "/admin/login?next=") {
				t.Errorf("anonymous: %d to %q, want 303 to the sign-in page", got.Status, got.Header.Get("Location"))
			}
			// An editor on an admin-only route: 403.
			if r.Role == models.RoleAdmin {
				if got := editor.Do(r.Method, target, form); got.Status != http.StatusForbidden {
					t.Errorf("editor on admin-only route: %d, want 403", got.Status)
				}
			}
			// A state-changing request without the CSRF token, or with a wrong one: 403.
			if r.Method != "GET" {
				if got := admin.Do(r.Method, target, url.Values{}); got.Status != http.StatusForbidden {
					t.Errorf("no CSRF token: %d, want 403", got.Status)
				}
				if got := admin.Do(r.Method, target, url.Values{"_csrf": {"forged"}}); got.Status != http.StatusForbidden {
					t.Errorf("wrong CSRF token: %d, want 403", got.Status)
				}
				if got := editor.Do(r.Method, target, url.Values{"_csrf": {admin.CSRF}}); got.Status != http.StatusForbidden {
					t.Errorf("another session's CSRF token: %d, want 403", got.Status)
				}
				// The right token in the query string, not the body: a URL leaks into logs,
				// history and Referer headers, so it is not where a token counts.
				sep := "?"
				if strings.Contains(target, "?") {
					sep = "&"
				}
				if got := admin.Do(r.Method, target+sep+"_csrf="+url.QueryEscape(admin.CSRF), url.Values{}); got.Status != http.StatusForbidden {
					t.Errorf("CSRF token in the query string: %d, want 403", got.Status)
				}
			}
			// Every page renders for an admin.
			if r.Method == "GET" {
				if got := admin.Get(target); got.Status != http.StatusOK {
					t.Errorf("admin: %d\n%s", got.Status, handlertest.Trim(got.Body))
				}
			}
		})
	}
}

func TestLoginLogoutExpiry(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	c := env.Client()

	handlertest.Expect(t, "sign-in page", c.Get("/admin/login"), 200, []string{"Sign in", `name="_csrf"`})
	handlertest.Expect(t, "wrong password", c.Post("/admin/login", url.Values{"email": {handlertest.AdminEmail}, "password": {"not the password!"}}),
		http.StatusUnauthorized, []string{"Wrong e-mail address or password."})
	handlertest.Expect(t, "unknown account", c.Post("/admin/login", url.Values{"email": {"nobody@example.org"}, "password": {handlertest.Password}}),
		http.StatusUnauthorized, []string{"Wrong e-mail address or password."})
	// Without the login CSRF cookie (a cross-site post) the form is refused.
	bare := env.Client()
	handlertest.Expect(t, "login without CSRF", bare.Do("POST", "/admin/login", url.Values{"email": {handlertest.AdminEmail}, "password": {handlertest.Password}}),
		http.StatusForbidden, []string{"expired"})
	// Nor does a token in the query string count, with the cookie set.
	q := env.Client()
	q.Get("/admin/login")
	handlertest.Expect(t, "login with the CSRF token in the query string",
		q.Do("POST", "/admin/login?_csrf="+url.QueryEscape(q.CSRF), url.Values{"email": {handlertest.AdminEmail}, "password": {handlertest.Password}}),
		http.StatusForbidden, []string{"expired"})

	r := c.Post("/admin/login", url.Values{"email": {handlertest.AdminEmail}, "password": {handlertest.Password}, "next": {"/admin/audit"}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/admin/audit" {
		t.Fatalf("login: %d to %q", r.Status, r.Header.Get("Location"))
	}
	var cookie string
	for _, v := range r.Header.Values("Set-Cookie") {
		if strings.HasPrefix(v, "backers_session=") {
			cookie = v
		}
	}
	for _, want := range []string{"httponly", "samesite=lax", "max-age=43200"} {
		if !strings.Contains(strings.ToLower(cookie), want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if strings.Contains(cookie, "Secure") {
		t.Errorf("session cookie %q is Secure without -secure-cookies", cookie)
	}
	// The DB keeps only a hash of the session token.
	token := c.Cookies["backers_session"]
	if _, err := env.Store.Session(token, env.Clock.Now(), adminpkg.SessionIdle); err == nil {
		t.Error("the raw session token is stored")
	}
	handlertest.Expect(t, "admin home", c.Get("/admin"), 200, []string{handlertest.AdminEmail, "Sign out"})
	// An open redirect after login is refused.
	c2 := env.Client()
	c2.Get("/admin/login")
	if r := c2.Post("/admin/login", url.Values{"email": {handlertest.AdminEmail}, "password": {handlertest.Password}, "next": {"//evil.example/admin"}}); r.Header.Get("Location") != "/admin" {
		t.Errorf("next=//evil.example: redirected to %q", r.Header.Get("Location"))
	}

	// Logout ends the session in the database, not just in the browser.
	stolen := c.Cookies["backers_session"]
	handlertest.Expect(t, "logout", c.Post("/admin/logout", nil), http.StatusSeeOther, nil)
	thief := env.Client()
	thief.Cookies["backers_session"] = stolen
	if r := thief.Get("/admin"); r.Status != http.StatusSeeOther {
		t.Errorf("old session after logout: %d, want 303 to sign in", r.Status)
	}

	// Sessions end after 12 hours however busy (ASVS 3.3.2): a request every 20 minutes keeps
	// one alive until then, not after.
	c3 := env.SignedIn(handlertest.EditorEmail)
	for lived := time.Duration(0); lived < adminpkg.SessionTTL-20*time.Minute; lived += 20 * time.Minute {
		env.Clock.Advance(20 * time.Minute)
		if r := c3.Get("/admin"); r.Status != http.StatusOK {
			t.Fatalf("active session after %v: %d, want 200", lived+20*time.Minute, r.Status)
		}
	}
	env.Clock.Advance(21 * time.Minute)
	if r := c3.Get("/admin"); r.Status != http.StatusSeeOther {
		t.Errorf("after 12 hours: %d, want 303", r.Status)
	}
}

// A session left alone for 30 minutes ends; one used within them goes on.
func TestIdleSessionEnds(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	c := env.SignedIn(handlertest.EditorEmail)
	env.Clock.Advance(adminpkg.SessionIdle - time.Minute)
	handlertest.Expect(t, "29 minutes idle", c.Get("/admin"), http.StatusOK, nil)
	env.Clock.Advance(adminpkg.SessionIdle - time.Minute)
	handlertest.Expect(t, "29 minutes idle again", c.Get("/admin"), http.StatusOK, nil)
	env.Clock.Advance(adminpkg.SessionIdle + time.Minute)
	if r := c.Get("/admin"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/login") {
		t.Errorf("31 minutes idle: %d to %q, want 303 to sign in", r.Status, r.Header.Get("Location"))
	}
}

// An admin disables an account: its sessions end at once, everywhere, and it cannot sign in.
func TestDisableAccountEndsItsSessions(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	admin := env.SignedIn(handlertest.AdminEmail)
	laptop, phone := env.SignedIn(handlertest.EditorEmail), env.SignedIn(handlertest.EditorEmail)
	editor, err := env.Store.UserByEmail(handlertest.EditorEmail)
	if err != nil {
		t.Fatal(err)
	}
	self, err := env.Store.UserByEmail(handlertest.AdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	admin.Get("/admin/users")
	handlertest.Expect(t, "an editor may not disable", laptop.Post(fmt.Sprintf("/admin/users/%d/disable", self.ID), nil), http.StatusForbidden, nil)
	handlertest.Expect(t, "disabling oneself", admin.Post(fmt.Sprintf("/admin/users/%d/disable", self.ID), nil),
		http.StatusUnprocessableEntity, []string{"You cannot disable your own account"})
	r := admin.Post(fmt.Sprintf("/admin/users/%d/disable", editor.ID), nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("disable: %d\n%s", r.Status, handlertest.Trim(r.Body))
	}
	handlertest.Expect(t, "accounts page", admin.Get("/admin/users"), http.StatusOK, []string{"disabled " + handlertest.PinnedNow.Format("2006-01-02")})
	for name, c := range map[string]*handlertest.Client{"laptop": laptop, "phone": phone} {
		if r := c.Get("/admin"); r.Status != http.StatusSeeOther {
			t.Errorf("%s's session after the account was disabled: %d, want 303 to sign in", name, r.Status)
		}
	}
	again := env.Client()
	handlertest.Expect(t, "sign in to a disabled account", again.Login(handlertest.EditorEmail, handlertest.Password),
		http.StatusUnauthorized, []string{"Wrong e-mail address or password."})
	if u, err := env.Store.UserByEmail(handlertest.EditorEmail); err != nil || u.DisabledAt == nil {
		t.Errorf("the account is not marked disabled: %+v, %v", u, err)
	}
	if es := env.Audit(store.AuditFilter{Entity: "user"}); len(es) == 0 || es[0].Action != models.AuditDisable {
		t.Errorf("audit trail: %+v", es)
	}
}

// Admin pages are kept by no cache, the browser's included; with -secure-cookies every response
// tells browsers to use HTTPS only.
func TestAdminNoStoreAndHSTS(t *testing.T) {
	for _, secure := range []bool{false, true} {
		env := handlertest.NewAdminEnv(t, secure)
		c := env.Client()
		for _, r := range []handlertest.Response{c.Get("/admin/login"), env.SignedIn(handlertest.AdminEmail).Get("/admin/audit"), c.Get("/admin")} {
			if got := r.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("admin response %d: Cache-Control %q, want no-store", r.Status, got)
			}
		}
		for _, r := range []handlertest.Response{c.Get("/admin/login"), c.Get("/c/labour-2016")} {
			hsts := r.Header.Get("Strict-Transport-Security")
			if secure && hsts != "max-age=31536000" || !secure && hsts != "" {
				t.Errorf("secure cookies %v: Strict-Transport-Security %q", secure, hsts)
			}
		}
	}
}

func TestSecureCookies(t *testing.T) {
	env := handlertest.NewAdminEnv(t, true)
	c := env.Client()
	c.Get("/admin/login")
	r := c.Post("/admin/login", url.Values{"email": {handlertest.AdminEmail}, "password": {handlertest.Password}})
	found := false
	for _, v := range r.Header.Values("Set-Cookie") {
		if strings.HasPrefix(v, "backers_session=") {
			found = strings.Contains(v, "secure") || strings.Contains(v, "Secure")
		}
	}
	if !found {
		t.Errorf("session cookie not Secure: %q", r.Header.Values("Set-Cookie"))
	}
}

// loginFrom posts the sign-in form as a reader at addr behind the trusted proxy.
func loginFrom(c *handlertest.Client, addr, email, password string) handlertest.Response {
	c.Env.T.Helper()
	form := url.Values{"_csrf": {c.CSRF}, "email": {email}, "password": {password}}
	req := httptest.NewRequest("POST", "/admin/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", addr)
	return c.Send(req)
}

// behindProxy is an admin environment whose app trusts app.Test's connections (from 0.0.0.0)
// as a reverse proxy, so X-Forwarded-For says which reader is which.
func behindProxy(t *testing.T) *handlertest.AdminEnv {
	env := handlertest.NewAdminEnv(t, false)
	env.App = handlers.NewApp(&handlers.Handler{Store: env.Store, Now: env.Clock.Now, TrustedProxies: []string{"0.0.0.0"}})
	return env
}

// A stranger's wrong guesses slow down and stop that stranger, by address and account
// together (OWASP ASVS 2.2.1), and never lock out the account's owner signing in from elsewhere.
func TestLoginLimitGrowingDelaysPerAddressAndAccount(t *testing.T) {
	env := behindProxy(t)
	const stranger, owner = "198.51.100.1", "203.0.113.5"
	c := env.Client()
	c.Get("/admin/login")
	try := func(what, addr, password string, want int) {
		t.Helper()
		handlertest.Expect(t, what, loginFrom(c, addr, handlertest.EditorEmail, password), want, nil)
		if want == http.StatusSeeOther {
			c.Get("/admin/login") // a fresh form: signing in used up the last
		}
	}
	try("first wrong guess", stranger, "wrong password!!", http.StatusUnauthorized)
	try("second wrong guess", stranger, "wrong password!!", http.StatusUnauthorized)
	try("third wrong guess", stranger, "wrong password!!", http.StatusUnauthorized)
	// After the third, five seconds before the next; even the right password waits.
	try("fourth at once", stranger, handlertest.Password, http.StatusTooManyRequests)
	env.Clock.Advance(5 * time.Second)
	try("fourth after 5 s", stranger, "wrong password!!", http.StatusUnauthorized)
	env.Clock.Advance(5 * time.Second)
	try("fifth after 5 s more", stranger, "wrong password!!", http.StatusTooManyRequests)
	env.Clock.Advance(5 * time.Second)
	try("fifth after 10 s", stranger, "wrong password!!", http.StatusUnauthorized)
	// The owner, from another address, signs in at once: the stranger locked out only himself.
	try("the owner from elsewhere", owner, handlertest.Password, http.StatusSeeOther)
	try("the stranger again", stranger, handlertest.Password, http.StatusTooManyRequests)
	// A success clears the delays of its address and account.
	try("the owner's typo", owner, "wrong password!!", http.StatusUnauthorized)
	try("the owner again", owner, handlertest.Password, http.StatusSeeOther)
	// The window passes.
	env.Clock.Advance(16 * time.Minute)
	try("the stranger after the window", stranger, handlertest.Password, http.StatusSeeOther)
}

// One address trying many accounts is stopped after 20 tries, and one account tried from many
// addresses after 50, whatever the pair counts say.
func TestLoginLimitPerAddressAndPerAccount(t *testing.T) {
	env := behindProxy(t)
	hash, err := bcrypt.GenerateFromPassword([]byte(handlertest.Password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	c := env.Client()
	c.Get("/admin/login")
	for i := range 20 {
		email := fmt.Sprintf("guess%d@example.org", i)
		if err := env.Store.CreateUser(&models.User{Email: email, Role: models.RoleEditor, PasswordHash: string(hash)}); err != nil {
			t.Fatal(err)
		}
		handlertest.Expect(t, "guess "+email, loginFrom(c, "198.51.100.2", email, "wrong password!!"), http.StatusUnauthorized, nil)
	}
	handlertest.Expect(t, "the address's 21st try", loginFrom(c, "198.51.100.2", handlertest.AdminEmail, handlertest.Password),
		http.StatusTooManyRequests, []string{"Too many failed sign-in attempts"})

	for i := range 50 {
		handlertest.Expect(t, "spread guess", loginFrom(c, fmt.Sprintf("192.0.2.%d", i+1), handlertest.EditorEmail, "wrong password!!"),
			http.StatusUnauthorized, nil)
	}
	handlertest.Expect(t, "the account's 51st try", loginFrom(c, "192.0.2.200", handlertest.EditorEmail, handlertest.Password),
		http.StatusTooManyRequests, []string{"Too many failed sign-in attempts"})
	handlertest.Expect(t, "another account", loginFrom(c, "192.0.2.200", handlertest.AdminEmail, handlertest.Password),
		http.StatusSeeOther, nil)
}

// Wrong passwords sent all at once are counted before any is checked: only the free tries
// reach bcrypt, where before all 30 did (the count was read, the password checked, and only
// then the failure written).
func TestLoginLimitHoldsUnderParallelRequests(t *testing.T) {
	env := behindProxy(t)
	c := env.Client()
	c.Get("/admin/login")
	const parallel = 30
	statuses := make(chan int, parallel)
	var wg sync.WaitGroup
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := url.Values{"_csrf": {c.CSRF}, "email": {handlertest.EditorEmail}, "password": {"wrong password!!"}}
			req := httptest.NewRequest("POST", "/admin/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", "198.51.100.3")
			req.AddCookie(&http.Cookie{Name: "backers_login_csrf", Value: c.Cookies["backers_login_csrf"]})
			resp, err := env.App.Test(req, -1)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[http.StatusUnauthorized] > 3 || count[http.StatusUnauthorized]+count[http.StatusTooManyRequests] != parallel {
		t.Errorf("of %d wrong passwords at once, %d were checked (401) and %d refused (429); want at most 3 checked: %v",
			parallel, count[http.StatusUnauthorized], count[http.StatusTooManyRequests], count)
	}
}

func TestEndorserSearchJSON(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	c := env.SignedIn(handlertest.EditorEmail)
	handlertest.Expect(t, "search", c.Get("/admin/endorsers/search?q=uni"), 200, []string{`"slug":"unite"`, `"name":"Unite"`, `"kind":`})
	handlertest.Expect(t, "wildcards are literal", c.Get("/admin/endorsers/search?q=%25"), 200, []string{"[]"})
	handlertest.Expect(t, "empty", c.Get("/admin/endorsers/search?q="), 200, []string{"[]"})
}

func TestAdminCreatesAccount(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	admin := env.SignedIn(handlertest.AdminEmail)
	admin.Get("/admin/users")
	handlertest.Expect(t, "bad address", admin.Post("/admin/users", url.Values{"email": {hostileImg}, "role": {"editor"}}),
		http.StatusUnprocessableEntity, []string{"This is not an e-mail address.", html.EscapeString(hostileImg)}, hostileImg)
	handlertest.Expect(t, "bad role", admin.Post("/admin/users", url.Values{"email": {"new@example.org"}, "role": {"root"}}),
		http.StatusUnprocessableEntity, []string{"Pick one of the choices.", `value="new@example.org"`})
	handlertest.Expect(t, "existing", admin.Post("/admin/users", url.Values{"email": {"Editor@Example.org"}, "role": {"editor"}}),
		http.StatusUnprocessableEntity, []string{"There is already an account with this address."})
	r := admin.Post("/admin/users", url.Values{"email": {"new@example.org"}, "role": {"editor"}})
	m := regexp.MustCompile(`<code class="password">([^<]+)</code>`).FindStringSubmatch(r.Body)
	if r.Status != http.StatusCreated || m == nil || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create: %d %q\n%s", r.Status, r.Header.Get("Cache-Control"), handlertest.Trim(r.Body))
	}
	fresh := env.Client()
	if got := fresh.Login("new@example.org", html.UnescapeString(m[1])); got.Status != http.StatusSeeOther {
		t.Errorf("the new account cannot sign in: %d", got.Status)
	}
	es := env.Audit(store.AuditFilter{Entity: "user"})
	if len(es) != 1 || strings.Contains(es[0].After, "PasswordHash") || strings.Contains(es[0].After, "$2a$") || !strings.Contains(es[0].After, `"Role":"editor"`) {
		t.Errorf("user audit: %+v", es)
	}
}
