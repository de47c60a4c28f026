package cli

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
)

// instance is one running app on a shared database, as a load balancer would see it: its own
// store (its own connections and caches), watching the database as serve does.
func startInstance(t *testing.T, dsn string) *fiber.App {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	st, err := openStore(Config{DB: dsn}, log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { st.Watch(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done; st.Close() })
	return newApp(Config{CacheMaxAge: time.Minute}, st, log)
}

// get fetches a page through app with the given cookies, failing the test on an error status.
func get(t *testing.T, app *fiber.App, target string, cookies map[string]string) string {
	t.Helper()
	status, body, _ := send(t, app, httptest.NewRequest("GET", target, nil), cookies)
	if status >= 400 {
		t.Fatalf("GET %s: status %d\n%.400s", target, status, body)
	}
	return body
}

// send sends req through app with the cookies, and keeps the cookies the answer sets.
func send(t *testing.T, app *fiber.App, req *http.Request, cookies map[string]string) (status int, body, location string) {
	t.Helper()
	for k, v := range cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	resp, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, ck := range resp.Cookies() {
		cookies[ck.Name] = ck.Value
	}
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// postForm sends a form with the CSRF token of the page at from.
func postForm(t *testing.T, app *fiber.App, from, target string, form url.Values, cookies map[string]string) (status int, body, location string) {
	t.Helper()
	m := csrfField.FindStringSubmatch(get(t, app, from, cookies))
	if m == nil {
		t.Fatalf("%s has no CSRF field", from)
	}
	form.Set("_csrf", m[1])
	req := httptest.NewRequest("POST", target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return send(t, app, req, cookies)
}

// post sends a form as postForm does and returns where it redirects, failing unless it does.
func post(t *testing.T, app *fiber.App, from, target string, form url.Values, cookies map[string]string) string {
	t.Helper()
	status, body, location := postForm(t, app, from, target, form, cookies)
	if status != http.StatusSeeOther {
		t.Fatalf("POST %s: status %d, want 303\n%.600s", target, status, body)
	}
	return location
}

// signIn sends the sign-in form through app and returns the status it answers.
func signIn(t *testing.T, app *fiber.App, email, password string) int {
	t.Helper()
	status, _, _ := postForm(t, app, "/admin/login", "/admin/login",
		url.Values{"email": {email}, "password": {password}}, map[string]string{})
	return status
}

// shows polls app's page until it contains want, for at most a second: a write through any
// instance or command must reach every instance's cached pages within a second.
func shows(t *testing.T, app *fiber.App, target, want string) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for !strings.Contains(get(t, app, target, map[string]string{}), want) {
		if time.Now().After(deadline) {
			t.Fatalf("after a second, %s does not show %q", target, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestInstancesInStep runs two instances on one database (PostgreSQL with BACKERS_TEST_POSTGRES,
// else one SQLite file), writes through one instance's admin and through `backers import`, and
// sees each write on the other instance's cached dashboard within a second; the sign-in limit
// counts failures on both.
func TestInstancesInStep(t *testing.T) {
	dsn := testdb.DSN(t)
	a, b := startInstance(t, dsn), startInstance(t, dsn)

	const dashboard = "/c/labour-2016"
	for _, name := range []string{"Ada Firstwrite", "Bea Commandline"} {
		for _, app := range []*fiber.App{a, b} {
			if body := get(t, app, dashboard, map[string]string{}); strings.Contains(body, name) {
				t.Fatalf("the dashboard shows %q before it is written", name)
			}
		}
	}

	// An editor adds an endorsement through instance a's admin.
	hash, err := bcrypt.GenerateFromPassword([]byte("correct horse battery staple"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	editor := testdb.OpenDSN(t, dsn)
	if err := editor.CreateUser(&models.User{Email: "editor@example.org", Role: models.RoleEditor, PasswordHash: string(hash)}); err != nil {
		t.Fatal(err)
	}
	cookies := map[string]string{}
	post(t, a, "/admin/login", "/admin/login",
		url.Values{"email": {"editor@example.org"}, "password": {"correct horse battery staple"}}, cookies)
	added := post(t, a, "/admin/quick?contest=labour-2016", "/admin/quick", url.Values{
		"contest": {"labour-2016"}, "endorser": {"Ada Firstwrite"}, "new_kind": {"public-figure"},
		"action": {"endorse"}, "candidate": {"owen-smith"}, "effective_on": {"2016-08-22"},
		"precision": {"day"}, "verification": {"reported"}, "source_url": {"https://example.org/ada"},
	}, cookies)
	if !strings.Contains(added, "added=") {
		t.Fatalf("quick add redirected to %q", added)
	}
	shows(t, b, dashboard, "Ada Firstwrite")

	// `backers import` in the same way as from a shell beside the running instances.
	csv := filepath.Join(t.TempDir(), "more.csv")
	if err := os.WriteFile(csv, []byte("contest,endorser,kind,candidate,action,date,source_url\n"+
		"labour-2016,Bea Commandline,mp,Jeremy Corbyn,endorse,2016-08-23,https://example.org/bea\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	if code := Run([]string{"import", "-db", dsn, csv}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("backers import: exit %d\n%s", code, stderr.String())
	}
	shows(t, a, dashboard, "Bea Commandline")
	shows(t, b, dashboard, "Bea Commandline")

	// The sign-in limit is kept in the database: three wrong passwords for one account from one
	// address, spread over both instances, make the next attempt on either wait, even with the
	// right password.
	for i := range 3 {
		app := []*fiber.App{a, b}[i%2]
		if status := signIn(t, app, "editor@example.org", "not the password"); status != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: status %d, want 401", i+1, status)
		}
	}
	for name, app := range map[string]*fiber.App{"a": a, "b": b} {
		if status := signIn(t, app, "editor@example.org", "correct horse battery staple"); status != http.StatusTooManyRequests {
			t.Errorf("sign-in on instance %s after three failures across both: status %d, want 429", name, status)
		}
	}
}
