package admin_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

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
	if _, err := env.Store.Session(token, env.Clock.Now()); err == nil {
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

	// Sessions expire.
	c3 := env.SignedIn(handlertest.EditorEmail)
	env.Clock.Advance(adminpkg.SessionTTL - time.Minute)
	handlertest.Expect(t, "before expiry", c3.Get("/admin"), 200, nil)
	env.Clock.Advance(2 * time.Minute)
	if r := c3.Get("/admin"); r.Status != http.StatusSeeOther {
		t.Errorf("after expiry: %d, want 303", r.Status)
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

func TestLoginRateLimit(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	c := env.Client()
	c.Get("/admin/login")
	for i := 0; i < 5; i++ {
		handlertest.Expect(t, "failed login", c.Post("/admin/login", url.Values{"email": {handlertest.EditorEmail}, "password": {"wrong password!!"}}), http.StatusUnauthorized, nil)
	}
	// The account is locked for a while, even with the right password...
	handlertest.Expect(t, "sixth try", c.Post("/admin/login", url.Values{"email": {handlertest.EditorEmail}, "password": {handlertest.Password}}),
		http.StatusTooManyRequests, []string{"Too many failed sign-in attempts"})
	// ...but another account from the same address still works (below the address limit).
	if r := c.Post("/admin/login", url.Values{"email": {handlertest.AdminEmail}, "password": {handlertest.Password}}); r.Status != http.StatusSeeOther {
		t.Errorf("other account: %d", r.Status)
	}
	// Per address: many failures over many accounts block the address.
	// (Failures against existing accounts, hashed at the lowest cost: unknown accounts cost a
	// full bcrypt comparison each, so that timing does not tell them apart.)
	d := env.Client()
	d.Get("/admin/login")
	for i := 0; i < 4; i++ {
		email := "guess" + string(rune('a'+i)) + "@example.org"
		hash, _ := bcrypt.GenerateFromPassword([]byte(handlertest.Password), bcrypt.MinCost)
		if err := env.Store.CreateUser(&models.User{Email: email, Role: models.RoleEditor, PasswordHash: string(hash)}); err != nil {
			t.Fatal(err)
		}
		for j := 0; j < 4; j++ {
			d.Post("/admin/login", url.Values{"email": {email}, "password": {"wrong password!!"}})
		}
	}
	// 5 failures from the first part and 16 here: over 20 from this address.
	handlertest.Expect(t, "address limit", d.Post("/admin/login", url.Values{"email": {handlertest.AdminEmail}, "password": {handlertest.Password}}),
		http.StatusTooManyRequests, []string{"Too many failed sign-in attempts"})
	// The window passes.
	env.Clock.Advance(16 * time.Minute)
	if r := d.Post("/admin/login", url.Values{"email": {handlertest.EditorEmail}, "password": {handlertest.Password}}); r.Status != http.StatusSeeOther {
		t.Errorf("after the window: %d", r.Status)
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
