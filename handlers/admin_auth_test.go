package handlers_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/backers/backers/handlers"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// concrete fills a route pattern's parameters with records the seed holds.
func concrete(path string) string {
	return strings.NewReplacer(":contest", "labour-2016", ":slug", "unite", ":candidate", "owen-smith", ":id", "1").Replace(path)
}

// TestAdminRouteWalk walks every admin route from the one list that registers them.
func TestAdminRouteWalk(t *testing.T) {
	env := newAdminEnv(t, false)
	anon := env.client()
	editor := env.signedIn(editorEmail)
	admin := env.signedIn(adminEmail)
	// An upload of the admin's for /admin/import/:id.
	u, err := env.st.UserByEmail(adminEmail)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.st.CreateImportUpload(&models.ImportUpload{UserID: u.ID, Name: "x.csv", Data: []byte("contest,endorser,candidate,date\nlabour-2016,Unite,Jeremy Corbyn,2016-08-10\n"), CreatedAt: pinnedNow}); err != nil {
		t.Fatal(err)
	}
	routes := (&handlers.Handler{}).AdminRoutes()
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
			got := anon.do(r.Method, target, form)
			if r.JSON {
				if got.status != http.StatusUnauthorized || !strings.Contains(got.body, `"error"`) {
					t.Errorf("anonymous: %d %s, want 401 JSON", got.status, trim(got.body))
				}
			} else if got.status != http.StatusSeeOther || !strings.HasPrefix(got.header.Get("Location"), "/admin/login?next=") {
				t.Errorf("anonymous: %d to %q, want 303 to the sign-in page", got.status, got.header.Get("Location"))
			}
			// An editor on an admin-only route: 403.
			if r.Role == models.RoleAdmin {
				if got := editor.do(r.Method, target, form); got.status != http.StatusForbidden {
					t.Errorf("editor on admin-only route: %d, want 403", got.status)
				}
			}
			// A state-changing request without the CSRF token, or with a wrong one: 403.
			if r.Method != "GET" {
				if got := admin.do(r.Method, target, url.Values{}); got.status != http.StatusForbidden {
					t.Errorf("no CSRF token: %d, want 403", got.status)
				}
				if got := admin.do(r.Method, target, url.Values{"_csrf": {"forged"}}); got.status != http.StatusForbidden {
					t.Errorf("wrong CSRF token: %d, want 403", got.status)
				}
				if got := editor.do(r.Method, target, url.Values{"_csrf": {admin.csrf}}); got.status != http.StatusForbidden {
					t.Errorf("another session's CSRF token: %d, want 403", got.status)
				}
			}
			// Every page renders for an admin.
			if r.Method == "GET" {
				if got := admin.get(target); got.status != http.StatusOK {
					t.Errorf("admin: %d\n%s", got.status, trim(got.body))
				}
			}
		})
	}
}

func TestLoginLogoutExpiry(t *testing.T) {
	env := newAdminEnv(t, false)
	c := env.client()

	expect(t, "sign-in page", c.get("/admin/login"), 200, []string{"Sign in", `name="_csrf"`})
	expect(t, "wrong password", c.post("/admin/login", url.Values{"email": {adminEmail}, "password": {"not the password!"}}),
		http.StatusUnauthorized, []string{"Wrong e-mail address or password."})
	expect(t, "unknown account", c.post("/admin/login", url.Values{"email": {"nobody@example.org"}, "password": {testPass}}),
		http.StatusUnauthorized, []string{"Wrong e-mail address or password."})
	// Without the login CSRF cookie (a cross-site post) the form is refused.
	bare := env.client()
	expect(t, "login without CSRF", bare.do("POST", "/admin/login", url.Values{"email": {adminEmail}, "password": {testPass}}),
		http.StatusForbidden, []string{"expired"})

	r := c.post("/admin/login", url.Values{"email": {adminEmail}, "password": {testPass}, "next": {"/admin/audit"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/audit" {
		t.Fatalf("login: %d to %q", r.status, r.header.Get("Location"))
	}
	var cookie string
	for _, v := range r.header.Values("Set-Cookie") {
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
	token := c.cookies["backers_session"]
	if _, err := env.st.Session(token, env.clock.Now()); err == nil {
		t.Error("the raw session token is stored")
	}
	expect(t, "admin home", c.get("/admin"), 200, []string{adminEmail, "Sign out"})
	// An open redirect after login is refused.
	c2 := env.client()
	c2.get("/admin/login")
	if r := c2.post("/admin/login", url.Values{"email": {adminEmail}, "password": {testPass}, "next": {"//evil.example/admin"}}); r.header.Get("Location") != "/admin" {
		t.Errorf("next=//evil.example: redirected to %q", r.header.Get("Location"))
	}

	// Logout ends the session in the database, not just in the browser.
	stolen := c.cookies["backers_session"]
	expect(t, "logout", c.post("/admin/logout", nil), http.StatusSeeOther, nil)
	thief := env.client()
	thief.cookies["backers_session"] = stolen
	if r := thief.get("/admin"); r.status != http.StatusSeeOther {
		t.Errorf("old session after logout: %d, want 303 to sign in", r.status)
	}

	// Sessions expire.
	c3 := env.signedIn(editorEmail)
	env.clock.Advance(handlers.SessionTTL - time.Minute)
	expect(t, "before expiry", c3.get("/admin"), 200, nil)
	env.clock.Advance(2 * time.Minute)
	if r := c3.get("/admin"); r.status != http.StatusSeeOther {
		t.Errorf("after expiry: %d, want 303", r.status)
	}
}

func TestSecureCookies(t *testing.T) {
	env := newAdminEnv(t, true)
	c := env.client()
	c.get("/admin/login")
	r := c.post("/admin/login", url.Values{"email": {adminEmail}, "password": {testPass}})
	found := false
	for _, v := range r.header.Values("Set-Cookie") {
		if strings.HasPrefix(v, "backers_session=") {
			found = strings.Contains(v, "secure") || strings.Contains(v, "Secure")
		}
	}
	if !found {
		t.Errorf("session cookie not Secure: %q", r.header.Values("Set-Cookie"))
	}
}

func TestLoginRateLimit(t *testing.T) {
	env := newAdminEnv(t, false)
	c := env.client()
	c.get("/admin/login")
	for i := 0; i < 5; i++ {
		expect(t, "failed login", c.post("/admin/login", url.Values{"email": {editorEmail}, "password": {"wrong password!!"}}), http.StatusUnauthorized, nil)
	}
	// The account is locked for a while, even with the right password...
	expect(t, "sixth try", c.post("/admin/login", url.Values{"email": {editorEmail}, "password": {testPass}}),
		http.StatusTooManyRequests, []string{"Too many failed sign-in attempts"})
	// ...but another account from the same address still works (below the address limit).
	if r := c.post("/admin/login", url.Values{"email": {adminEmail}, "password": {testPass}}); r.status != http.StatusSeeOther {
		t.Errorf("other account: %d", r.status)
	}
	// Per address: many failures over many accounts block the address.
	// (Failures against existing accounts, hashed at the lowest cost: unknown accounts cost a
	// full bcrypt comparison each, so that timing does not tell them apart.)
	d := env.client()
	d.get("/admin/login")
	for i := 0; i < 4; i++ {
		email := "guess" + string(rune('a'+i)) + "@example.org"
		hash, _ := bcrypt.GenerateFromPassword([]byte(testPass), bcrypt.MinCost)
		if err := env.st.CreateUser(&models.User{Email: email, Role: models.RoleEditor, PasswordHash: string(hash)}); err != nil {
			t.Fatal(err)
		}
		for j := 0; j < 4; j++ {
			d.post("/admin/login", url.Values{"email": {email}, "password": {"wrong password!!"}})
		}
	}
	// 5 failures from the first part and 16 here: over 20 from this address.
	expect(t, "address limit", d.post("/admin/login", url.Values{"email": {adminEmail}, "password": {testPass}}),
		http.StatusTooManyRequests, []string{"Too many failed sign-in attempts"})
	// The window passes.
	env.clock.Advance(16 * time.Minute)
	if r := d.post("/admin/login", url.Values{"email": {editorEmail}, "password": {testPass}}); r.status != http.StatusSeeOther {
		t.Errorf("after the window: %d", r.status)
	}
}

func TestEndorserSearchJSON(t *testing.T) {
	env := newAdminEnv(t, false)
	c := env.signedIn(editorEmail)
	expect(t, "search", c.get("/admin/endorsers/search?q=uni"), 200, []string{`"slug":"unite"`, `"name":"Unite"`, `"kind":`})
	expect(t, "wildcards are literal", c.get("/admin/endorsers/search?q=%25"), 200, []string{"[]"})
	expect(t, "empty", c.get("/admin/endorsers/search?q="), 200, []string{"[]"})
}

func TestAdminCreatesAccount(t *testing.T) {
	env := newAdminEnv(t, false)
	admin := env.signedIn(adminEmail)
	admin.get("/admin/users")
	expect(t, "bad address", admin.post("/admin/users", url.Values{"email": {hostileImg}, "role": {"editor"}}),
		http.StatusUnprocessableEntity, []string{"This is not an e-mail address.", html.EscapeString(hostileImg)}, hostileImg)
	expect(t, "bad role", admin.post("/admin/users", url.Values{"email": {"new@example.org"}, "role": {"root"}}),
		http.StatusUnprocessableEntity, []string{"Pick one of the choices.", `value="new@example.org"`})
	expect(t, "existing", admin.post("/admin/users", url.Values{"email": {"Editor@Example.org"}, "role": {"editor"}}),
		http.StatusUnprocessableEntity, []string{"There is already an account with this address."})
	r := admin.post("/admin/users", url.Values{"email": {"new@example.org"}, "role": {"editor"}})
	m := regexp.MustCompile(`<code class="password">([^<]+)</code>`).FindStringSubmatch(r.body)
	if r.status != http.StatusCreated || m == nil || r.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create: %d %q\n%s", r.status, r.header.Get("Cache-Control"), trim(r.body))
	}
	fresh := env.client()
	if got := fresh.login("new@example.org", html.UnescapeString(m[1])); got.status != http.StatusSeeOther {
		t.Errorf("the new account cannot sign in: %d", got.status)
	}
	es := env.audit(store.AuditFilter{Entity: "user"})
	if len(es) != 1 || strings.Contains(es[0].After, "PasswordHash") || strings.Contains(es[0].After, "$2a$") || !strings.Contains(es[0].After, `"Role":"editor"`) {
		t.Errorf("user audit: %+v", es)
	}
}
