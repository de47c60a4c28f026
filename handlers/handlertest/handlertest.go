// Package handlertest is what the HTTP tests of every audience share: the real app on a real,
// seeded database (testdb: SQLite, or PostgreSQL), a pinned or movable clock, table-driven
// cases, a signed-in browser-like client and a fixture of hostile names.
package handlertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backers/backers/handlers"
	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
	"github.com/backers/backers/seed"
	"github.com/backers/backers/store"
	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"
)

// PinnedNow is the clock of every HTTP test.
var PinnedNow = time.Date(2016, 9, 25, 12, 0, 0, 0, time.UTC)

// SeededStore opens the database dsn (from testdb.DSN; a new one when dsn is "") with the 2016
// contest seeded, on the clock now; it is closed when the test ends.
func SeededStore(t testing.TB, dsn string, now func() time.Time) *store.Store {
	t.Helper()
	return openSeeded(t, dsn, now, func(st *store.Store) error { _, err := seed.Labour2016(st); return err })
}

// openSeeded opens the database dsn (a new one when "") on the clock now and loads it; it is
// closed when the test ends.
func openSeeded(t testing.TB, dsn string, now func() time.Time, load func(*store.Store) error) *store.Store {
	t.Helper()
	if dsn == "" {
		dsn = testdb.DSN(t)
	}
	st := testdb.OpenDSN(t, dsn)
	st.SetClock(now)
	if err := load(st); err != nil {
		t.Fatal(err)
	}
	return st
}

// AllContestsNow is a clock after every seeded contest, so that "today" shows each one whole.
var AllContestsNow = time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)

// NewAppAllContests builds the real app on a database of the test's own (testdb) holding the
// whole seed (the 2015, 2016 and 2020 contests), its clock after all of them.
func NewAppAllContests(t testing.TB) (*fiber.App, *store.Store) {
	t.Helper()
	now := func() time.Time { return AllContestsNow }
	st := openSeeded(t, "", now, func(st *store.Store) error { _, err := seed.All(st); return err })
	return handlers.NewApp(&handlers.Handler{Store: st, Now: now}), st
}

// NewApp builds the real app on a real, seeded database of the test's own (testdb).
func NewApp(t testing.TB) (*fiber.App, *store.Store) {
	t.Helper()
	now := func() time.Time { return PinnedNow }
	st := SeededStore(t, "", now)
	return handlers.NewApp(&handlers.Handler{Store: st, Now: now}), st
}

// Case is one row of a table-driven HTTP test.
type Case struct {
	Name        string
	Method      string // GET when empty
	URL         string
	Form        url.Values // posted url-encoded when set
	WantStatus  int
	WantHas     []string
	WantHasNot  []string
	WantHeaders map[string]string
}

// RunCases sends each case through the app and checks status, body and headers.
func RunCases(t *testing.T, app *fiber.App, cases []Case) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			method := tc.Method
			if method == "" {
				method = http.MethodGet
			}
			var body io.Reader
			if tc.Form != nil {
				body = strings.NewReader(tc.Form.Encode())
			}
			req := httptest.NewRequest(method, tc.URL, body)
			if tc.Form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			resp, err := app.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			got := string(b)
			if resp.StatusCode != tc.WantStatus {
				t.Errorf("%s %s: status %d, want %d\n%s", method, tc.URL, resp.StatusCode, tc.WantStatus, Trim(got))
			}
			for _, want := range tc.WantHas {
				if !strings.Contains(got, want) {
					t.Errorf("%s %s: body lacks %q\n%s", method, tc.URL, want, Trim(got))
				}
			}
			for _, bad := range tc.WantHasNot {
				if strings.Contains(got, bad) {
					t.Errorf("%s %s: body has %q", method, tc.URL, bad)
				}
			}
			for k, v := range tc.WantHeaders {
				if g := resp.Header.Get(k); !strings.Contains(g, v) {
					t.Errorf("%s %s: header %s = %q, want it to contain %q", method, tc.URL, k, g, v)
				}
			}
		})
	}
}

// Trim shortens a body for a failure message.
func Trim(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "..."
	}
	return s
}

// Clock is a clock a test can move forward.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock is a clock showing t until moved.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// AdminEnv is the real app on a real seeded database, with a movable clock and two accounts.
type AdminEnv struct {
	T     *testing.T
	App   *fiber.App
	Store *store.Store
	Clock *Clock
	// DSN is the database Store is open on, for a second store beside the app (a command).
	DSN string
}

// The accounts of NewAdminEnv, both with Password.
const (
	AdminEmail  = "admin@example.org"
	EditorEmail = "editor@example.org"
	Password    = "correct horse battery staple"
)

// NewAdminEnv builds the app on a seeded database with an admin and an editor account;
// secure marks cookies Secure.
func NewAdminEnv(t *testing.T, secure bool) *AdminEnv {
	t.Helper()
	clock := &Clock{t: PinnedNow}
	dsn := testdb.DSN(t)
	st := SeededStore(t, dsn, clock.Now)
	// The lowest bcrypt cost keeps the tests quick; the app itself uses the default cost.
	hash, err := bcrypt.GenerateFromPassword([]byte(Password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []models.User{{Email: AdminEmail, Role: models.RoleAdmin, PasswordHash: string(hash)},
		{Email: EditorEmail, Role: models.RoleEditor, PasswordHash: string(hash)}} {
		if err := st.CreateUser(&u); err != nil {
			t.Fatal(err)
		}
	}
	app := handlers.NewApp(&handlers.Handler{Store: st, Now: clock.Now, SecureCookies: secure})
	return &AdminEnv{T: t, App: app, Store: st, Clock: clock, DSN: dsn}
}

// Client is a browser: it keeps cookies and the last CSRF token it saw in a page.
type Client struct {
	Env     *AdminEnv
	Cookies map[string]string
	CSRF    string
}

// Client is a new browser with no cookies.
func (e *AdminEnv) Client() *Client { return &Client{Env: e, Cookies: map[string]string{}} }

// Response is what a request returned.
type Response struct {
	Status int
	Body   string
	Header http.Header
}

// StampInput finds the report form's signed timestamp in a page.
var StampInput = regexp.MustCompile(`name="stamp" value="([^"]+)"`)

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// Do sends a request; form values are posted url-encoded. It adds no CSRF token by itself.
func (c *Client) Do(method, target string, form url.Values) Response {
	c.Env.T.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return c.Send(req)
}

// Send sends a request with the client's cookies, and keeps the cookies and the CSRF token
// the response gives.
func (c *Client) Send(req *http.Request) Response {
	c.Env.T.Helper()
	for k, v := range c.Cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	resp, err := c.Env.App.Test(req, -1)
	if err != nil {
		c.Env.T.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, ck := range resp.Cookies() {
		if ck.Value == "" || ck.MaxAge < 0 {
			delete(c.Cookies, ck.Name)
		} else {
			c.Cookies[ck.Name] = ck.Value
		}
	}
	if m := csrfInput.FindStringSubmatch(string(b)); m != nil {
		c.CSRF = m[1]
	}
	return Response{Status: resp.StatusCode, Body: string(b), Header: resp.Header}
}

// Get sends a GET.
func (c *Client) Get(target string) Response { c.Env.T.Helper(); return c.Do("GET", target, nil) }

// Post sends a form with the client's CSRF token.
func (c *Client) Post(target string, form url.Values) Response {
	c.Env.T.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("_csrf", c.CSRF)
	return c.Do("POST", target, form)
}

// Login signs in through the real form.
func (c *Client) Login(email, password string) Response {
	c.Env.T.Helper()
	c.Get("/admin/login")
	return c.Post("/admin/login", url.Values{"email": {email}, "password": {password}})
}

// SignedIn returns a client signed in as email, with a CSRF token from an admin page.
func (e *AdminEnv) SignedIn(email string) *Client {
	e.T.Helper()
	c := e.Client()
	if r := c.Login(email, Password); r.Status != http.StatusSeeOther {
		e.T.Fatalf("login %s: status %d\n%s", email, r.Status, Trim(r.Body))
	}
	if r := c.Get("/admin"); r.Status != 200 {
		e.T.Fatalf("GET /admin after login: %d", r.Status)
	}
	return c
}

// Expect checks a response's status and what its body holds and must not hold.
func Expect(t *testing.T, what string, r Response, status int, has []string, hasNot ...string) {
	t.Helper()
	if r.Status != status {
		t.Errorf("%s: status %d, want %d\n%s", what, r.Status, status, Trim(r.Body))
	}
	for _, s := range has {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s: body lacks %q\n%s", what, s, Trim(r.Body))
		}
	}
	for _, s := range hasNot {
		if strings.Contains(r.Body, s) {
			t.Errorf("%s: body has %q", what, s)
		}
	}
}

// Audit returns the trail's entries matching f.
func (e *AdminEnv) Audit(f store.AuditFilter) []models.AuditEntry {
	e.T.Helper()
	es, err := e.Store.AuditEntries(f)
	if err != nil {
		e.T.Fatal(err)
	}
	return es
}

// Hostile names: each must come out as text everywhere, never as markup or a formula.
const (
	ScriptName  = `<script>alert(1)</script> Hostile MP`
	ImgRegion   = `"><img src=x onerror=alert(1)>`
	FormulaName = `=HYPERLINK("http://evil")`
	AtSumName   = `@SUM(1)`
)

// BrowseFixture adds, to the seeded 2016 contest, a few endorsers in the region "Testshire"
// (so assertions hold whatever the real seed holds) with hostile names, a switch and a
// withdrawal, each event through the store as an editor would record it.
type BrowseFixture struct {
	T       testing.TB
	Store   *store.Store
	Contest *models.Contest
	Cands   map[string]*models.Candidate
	Events  map[string]uint // by endorser slug, its last event
}

// NewBrowseFixture is the app on the seeded 2016 contest with the fixture's endorsers and events.
func NewBrowseFixture(t testing.TB) (*fiber.App, *BrowseFixture) {
	t.Helper()
	app, st := NewApp(t)
	contest, err := st.Contest("labour-2016")
	if err != nil {
		t.Fatal(err)
	}
	f := &BrowseFixture{T: t, Store: st, Contest: contest, Cands: map[string]*models.Candidate{}, Events: map[string]uint{}}
	for i := range contest.Candidates {
		f.Cands[contest.Candidates[i].Slug] = &contest.Candidates[i]
	}
	f.Endorser("test-union", "Testshire Workers Union", "affiliated-union", "Testshire")
	f.Endorser("hostile-mp", ScriptName, "mp", ImgRegion)
	f.Endorser("formula-clp", FormulaName, "clp", "Testshire")
	f.Endorser("at-clp", AtSumName, "clp", "Testshire")
	f.Endorser("switcher-mp", "Testshire Switcher MP", "mp", "Testshire")
	f.Endorser("quitter-clp", "Testshire Quitter CLP", "clp", "Testshire")

	f.Event("test-union", "jeremy-corbyn", models.ActionNominate, "2016-07-20", `Unions back "Jeremy" & co <b>now</b>`, models.VerificationConfirmed)
	f.Event("hostile-mp", "owen-smith", models.ActionEndorse, "2016-07-21", `<script>alert("quote")</script>`, models.VerificationReported)
	f.Event("formula-clp", "jeremy-corbyn", models.ActionNominate, "2016-07-30", "-2+3", models.VerificationReported)
	f.Event("at-clp", "owen-smith", models.ActionNominate, "2016-08-02", "+1", models.VerificationDisputed)
	f.Event("switcher-mp", "angela-eagle", models.ActionEndorse, "2016-07-12", "", models.VerificationConfirmed)
	f.Event("switcher-mp", "angela-eagle", models.ActionWithdraw, "2016-07-19", "", models.VerificationConfirmed)
	f.Event("switcher-mp", "owen-smith", models.ActionEndorse, "2016-07-19", "", models.VerificationConfirmed)
	f.Event("quitter-clp", "owen-smith", models.ActionNominate, "2016-07-25", "", models.VerificationReported)
	f.Event("quitter-clp", "owen-smith", models.ActionWithdraw, "2016-08-10", "", models.VerificationReported)
	return app, f
}

// Endorser adds an endorser of a kind and region.
func (f *BrowseFixture) Endorser(slug, name, kind, region string) {
	f.T.Helper()
	k, err := f.Store.Kind(kind)
	if err != nil {
		f.T.Fatal(err)
	}
	if err := f.Store.CreateEndorser(&models.Endorser{Slug: slug, Name: name, KindID: k.ID, Region: region}); err != nil {
		f.T.Fatal(err)
	}
}

// Event records an event of an endorser for a candidate on a day, as an editor would.
func (f *BrowseFixture) Event(endorser, candidate, action, day, quote, verification string) {
	f.T.Helper()
	e, err := f.Store.Endorser(endorser)
	if err != nil {
		f.T.Fatal(err)
	}
	ev := &models.Event{ContestID: f.Contest.ID, EndorserID: e.ID, CandidateID: f.Cands[candidate].ID, Action: action,
		EffectiveOn: day, DatePrecision: models.PrecisionDay, SourceURL: "https://example.org/" + endorser,
		SourceTitle: "Source for " + e.Name, Quote: quote, Verification: verification}
	if err := f.Store.CreateEvent(ev); err != nil {
		f.T.Fatal(err)
	}
	f.Events[endorser] = ev.ID
}

// BrowseGet sends a GET and returns the status, body and response headers.
func BrowseGet(t *testing.T, app *fiber.App, url string) (int, string, map[string]string) {
	t.Helper()
	resp, err := app.Test(httptest.NewRequest("GET", url, nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	h := map[string]string{}
	for k := range resp.Header {
		h[k] = resp.Header.Get(k)
	}
	return resp.StatusCode, string(b), h
}

// Fetch sends one GET with optional headers and returns the response and its body.
func Fetch(t testing.TB, app *fiber.App, target string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// FetchJSON sends one GET, fails the test unless it is answered 200, and decodes the JSON
// body into v.
func FetchJSON(t testing.TB, app *fiber.App, target string, v any) {
	t.Helper()
	resp, b := Fetch(t, app, target)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d: %s", target, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", target, err)
	}
}

// Serve runs the app on a local port and returns its base URL.
func (e *AdminEnv) Serve(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go e.App.Listener(ln)
	t.Cleanup(func() { e.App.ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String()
}

// With copies form values v with the pairs kv set.
func With(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// Dugdale is a valid quick-add form: Kezia Dugdale endorsing Owen Smith, as reported.
var Dugdale = url.Values{
	"contest": {"labour-2016"}, "endorser": {"Kezia Dugdale"}, "action": {"endorse"}, "candidate": {"owen-smith"},
	"effective_on": {"2016-08-22"}, "precision": {"day"}, "verification": {"reported"},
	"source_url": {"https://talkradio.co.uk/news/labour-leadership-contest-jeremy-corbyn-loses-another-key-figure-scottish-leader-kezia-dugdale"},
}

// Upload posts a file to /admin/import as the page's form does.
func (c *Client) Upload(name string, data []byte, accept string) Response {
	c.Env.T.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("_csrf", c.CSRF)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", "/admin/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return c.Send(req)
}

// RequestLineFits reports whether a GET of target, with httptest's few headers, fits the
// 4096-byte buffer the server reads a request's line and headers into (fasthttp's default
// ReadBufferSize, which the app keeps). A longer request is refused before any handler runs, so
// a fuzz input that long tests fasthttp, not the app: fuzz tests skip it.
func RequestLineFits(target string) bool { return len(target) <= 3500 }

// WeightedContest creates "weighted-primary", a contest whose rules weight kinds differently, as
// FiveThirtyEight's did (governors 10, representatives 1): a governor endorses "Dee <b>Dale</b>"
// on 1 Feb 2016 and three representatives Eve Elm on 2 and 3 Feb, so Dee has 1 endorsement and
// 10 points, Eve 3 and 3.
func WeightedContest(t testing.TB, st *store.Store) *models.Contest {
	t.Helper()
	gov, _, err := st.EnsureKind(models.Kind{Slug: "governor", Name: "Governor", Plural: "Governors"})
	if err != nil {
		t.Fatal(err)
	}
	rep, _, err := st.EnsureKind(models.Kind{Slug: "representative", Name: "Representative", Plural: "Representatives"})
	if err != nil {
		t.Fatal(err)
	}
	c := &models.Contest{Slug: "weighted-primary", Title: "A weighted primary", Kinds: []models.ContestKind{
		{KindID: gov.ID, Weight: 10}, {KindID: rep.ID, Weight: 1, SortOrder: 1}}}
	if err := st.CreateContest(c); err != nil {
		t.Fatal(err)
	}
	cands := map[string]uint{}
	for i, name := range []string{"Dee <b>Dale</b>", "Eve Elm"} {
		cd := &models.Candidate{ContestID: c.ID, Slug: []string{"dee", "eve"}[i], Name: name, Status: models.CandidateOnBallot, SortOrder: i}
		if err := st.CreateCandidate(cd); err != nil {
			t.Fatal(err)
		}
		cands[cd.Slug] = cd.ID
	}
	for i, e := range []struct{ name, cand, day string }{
		{"Governor One", "dee", "2016-02-01"}, {"Rep One", "eve", "2016-02-02"}, {"Rep Two", "eve", "2016-02-03"}, {"Rep Three", "eve", "2016-02-03"},
	} {
		kind := rep.ID
		if i == 0 {
			kind = gov.ID
		}
		en := &models.Endorser{Slug: fmt.Sprintf("weighted-%d", i), Name: e.name, KindID: kind}
		if err := st.CreateEndorser(en); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateEvent(&models.Event{ContestID: c.ID, EndorserID: en.ID, CandidateID: cands[e.cand], Action: models.ActionEndorse,
			EffectiveOn: e.day, SourceURL: "https://news.example.org/" + en.Slug}); err != nil {
			t.Fatal(err)
		}
	}
	return c
}
