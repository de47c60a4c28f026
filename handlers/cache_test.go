package handlers

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
	"github.com/backers/backers/seed"
	"github.com/backers/backers/store"
)

// TestCachePolicyOfEachRoute checks the policy each group of the site map declares, from what
// its responses carry: Cache-Control, whether they are kept in memory, and whether a request
// with credentials bypasses the cache.
func TestCachePolicyOfEachRoute(t *testing.T) {
	st := testdb.Open(t)
	if _, err := seed.Labour2016(st); err != nil {
		t.Fatal(err)
	}
	h := &Handler{Store: st, Now: func() time.Time { return time.Date(2016, 9, 25, 12, 0, 0, 0, time.UTC) }}
	app := NewApp(h)
	get := func(path string, header ...string) *http.Response {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if len(header) == 2 {
			req.Header.Set(header[0], header[1])
		}
		resp, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	// sep joins one more parameter to a path: a tracking one, which the cache leaves out of its
	// key, so the request with credentials asks for the response kept for the first.
	sep := func(path string) string {
		if strings.Contains(path, "?") {
			return "&"
		}
		return "?"
	}
	for _, tc := range []struct {
		path string
		want cachePolicy
	}{
		{"/embed/labour-2016/clp-nominations", cacheMemory},
		{"/c/labour-2016/charts/clp-nominations.png", cacheMemory},
		{"/c/labour-2016/charts/clp-nominations.svg", cacheMemory},
		{"/oembed?url=http://example.com/embed/labour-2016/clp-nominations", cacheMemory},
		{"/api/v1/contests/labour-2016/series/result", cacheMemory},
		{"/api/v1/contests/labour-2016/series/result.csv", cacheMemory},
		{"/api/v1/contests/labour-2016", cacheAPI},
		{"/api/v1/contests/labour-2016/totals", cacheAPI},
		{"/api/v1/openapi.json", cacheConditional},
		{"/c/labour-2016/endorsements.csv", cacheConditional},
		{"/c/labour-2016/endorsements.json", cacheConditional},
		{"/c/labour-2016/feed.atom", cacheConditional},
		{"/c/labour-2016", cachePage},
		{"/c/labour-2016/endorsements", cachePage},
		{"/c/labour-2016/endorsements?q=barrow&status=current&status=withdrawn", cachePage},
		{"/c/labour-2016/charts/x.png/more", cacheNone},
		{"/admin/events", cacheNone},
		{"/", cachePage},
		{"/c/", cacheNone},
		{"/c/labour-2016/candidates/owen-smith", cachePage},
		{"/c/labour-2016/candidates/", cacheNone},
		{"/endorsers/gmb", cachePage},
		{"/endorsers/", cacheNone},
	} {
		before := h.cache.len()
		cc := get(tc.path).Header.Get(fiber.HeaderCacheControl)
		kept := h.cache.len() > before
		var got cachePolicy
		switch {
		case cc == "" || cc == "no-store" && !kept: // admin pages say no-store themselves
			got = cacheNone
		case cc == "no-cache":
			got = cachePage
		case !kept:
			got = cacheConditional
		case get(tc.path+sep(tc.path)+"utm_source=policy-test", fiber.HeaderCookie, "backers_session=x").Header.Get(fiber.HeaderCacheControl) != "":
			got = cacheMemory // the same for everyone, credentials or not
		default:
			got = cacheAPI
		}
		if got != tc.want {
			t.Errorf("%s: policy %d (Cache-Control %q, kept %v), want %d", tc.path, got, cc, kept, tc.want)
		}
	}
}

func TestResponseCacheVersionsAndLRU(t *testing.T) {
	rc := newResponseCache()
	rc.put(1, "a", &cachedResponse{body: []byte("one")})
	if r, ok := rc.get(1, []byte("a")); !ok || string(r.body) != "one" {
		t.Fatalf("get(1, a) = %q, %v", r.body, ok)
	}
	// A newer version sees an older version's response only as stale (for the readers who
	// arrive while it is re-rendered), and it stays until the newer one replaces it.
	if r, current := rc.get(2, []byte("a")); current || r == nil || string(r.body) != "one" {
		t.Fatalf("get(2, a) = %v, current %v; want version 1's response, not current", r, current)
	}
	rc.put(2, "a", &cachedResponse{body: []byte("two")})
	if r, current := rc.get(2, []byte("a")); !current || string(r.body) != "two" || rc.len() != 1 {
		t.Fatalf("get(2, a) after put = %q, current %v, %d entries", r.body, current, rc.len())
	}
	if r, _ := rc.get(1, []byte("a")); r != nil {
		t.Fatal("an older version must not see a newer version's response")
	}
	rc = newResponseCache()
	// Entries of several versions live side by side: each contest has its own.
	rc.put(5, "contest-a", &cachedResponse{body: []byte("a5")})
	rc.put(9, "contest-b", &cachedResponse{body: []byte("b9")})
	if _, ok := rc.get(5, []byte("contest-a")); !ok {
		t.Fatal("a write to contest b evicted contest a's page")
	}
	// A response rendered from data older than what the cache holds for its key is not kept.
	rc.put(4, "contest-a", &cachedResponse{body: []byte("a4")})
	if r, ok := rc.get(5, []byte("contest-a")); !ok || string(r.body) != "a5" {
		t.Fatal("an older version's response replaced a newer one")
	}

	// The bound is in bytes; the least recently used entries make room.
	one := (&cachedResponse{key: "k1", body: make([]byte, 100)}).size()
	rc = newResponseCache()
	rc.maxBytes = 3 * one
	for _, k := range []string{"k1", "k2", "k3"} {
		rc.put(1, k, &cachedResponse{body: make([]byte, 100)})
	}
	rc.get(1, []byte("k1")) // k2 is now the least recently used
	rc.put(1, "k4", &cachedResponse{body: make([]byte, 100)})
	for k, want := range map[string]bool{"k1": true, "k2": false, "k3": true, "k4": true} {
		if _, ok := rc.get(1, []byte(k)); ok != want {
			t.Errorf("after filling up: %s kept = %v, want %v", k, ok, want)
		}
	}
	if rc.bytes > rc.maxBytes {
		t.Errorf("%d bytes kept, over the bound of %d", rc.bytes, rc.maxBytes)
	}
	rc.put(1, "huge", &cachedResponse{body: make([]byte, 4*one)})
	if _, ok := rc.get(1, []byte("huge")); ok || rc.len() != 3 {
		t.Fatalf("a response over the bound was kept, or evicted the others (%d entries)", rc.len())
	}
}

// TestWriteInvalidatesItsContestOnly: a write to one contest re-renders that contest's embed
// and leaves another contest's kept, as its unchanged entity tag shows.
func TestWriteInvalidatesItsContestOnly(t *testing.T) {
	st := testdb.Open(t)
	if _, err := seed.Labour2016(st); err != nil {
		t.Fatal(err)
	}
	other := &models.Contest{Slug: "other-2030", Title: "Another contest"}
	if err := st.CreateContest(other); err != nil {
		t.Fatal(err)
	}
	cand := &models.Candidate{ContestID: other.ID, Slug: "olive", Name: "Olive Other", Colour: "#123456"}
	if err := st.CreateCandidate(cand); err != nil {
		t.Fatal(err)
	}
	h := &Handler{Store: st, Now: func() time.Time { return time.Date(2016, 9, 25, 12, 0, 0, 0, time.UTC) }}
	app := NewApp(h)
	etag := func(path string) string {
		resp, err := app.Test(httptest.NewRequest(http.MethodGet, path, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, resp.StatusCode)
		}
		return resp.Header.Get("ETag")
	}
	labour, others := "/embed/labour-2016/clp-nominations", "/embed/other-2030/support-over-time"
	labourTag, otherTag := etag(labour), etag(others)
	kept := h.cache.len()

	labour2016, err := st.Contest("labour-2016")
	if err != nil {
		t.Fatal(err)
	}
	en, err := st.Endorser("unite")
	if err != nil {
		t.Fatal(err)
	}
	ed := st.As(store.Actor{UserID: 1, Email: "ed@example.org"})
	e := &models.Event{ContestID: other.ID, EndorserID: en.ID, CandidateID: cand.ID, Action: models.ActionEndorse,
		EffectiveOn: "2030-01-02", SourceURL: "https://example.org/other"}
	if err := ed.AddEvent(e); err != nil {
		t.Fatal(err)
	}
	if got := etag(labour); got != labourTag {
		t.Errorf("a write to another contest changed the 2016 embed's tag: %s then %s", labourTag, got)
	}
	if got := etag(others); got == otherTag {
		t.Errorf("a write to the contest left its embed's tag at %s", got)
	}
	if h.cache.len() != kept {
		t.Errorf("%d responses kept, want %d: the 2016 embed kept and the other re-rendered", h.cache.len(), kept)
	}
	e2 := &models.Event{ContestID: labour2016.ID, EndorserID: en.ID, CandidateID: labour2016.Candidates[0].ID,
		Action: models.ActionEndorse, EffectiveOn: "2016-09-01", SourceURL: "https://example.org/labour"}
	if err := ed.AddEvent(e2); err != nil {
		t.Fatal(err)
	}
	if got := etag(labour); got == labourTag {
		t.Errorf("a write to the 2016 contest left its embed's tag at %s", got)
	}
}

func TestEntityTag(t *testing.T) {
	a, b, c := entityTag(1, []byte("http://x/embed/a/b")), entityTag(2, []byte("http://x/embed/a/b")), entityTag(1, []byte("http://x/embed/a/c"))
	if a == b || a == c || !strings.HasPrefix(a, `W/"`) || !strings.HasSuffix(a, `"`) {
		t.Errorf("entity tags %s %s %s: want weak, distinct by version and URL", a, b, c)
	}
	if entityTag(1, []byte("http://x/embed/a/b")) != a {
		t.Error("entity tag is not stable")
	}
}

// TestHTTPCacheRendersOncePerVersion: many readers arriving together after a write wait for one
// render instead of each rendering from SQLite.
func TestHTTPCacheRendersOncePerVersion(t *testing.T) {
	st := testdb.Open(t)
	h := &Handler{Store: st, Now: time.Now, kit: &kit.Kit{}}
	h.CacheMaxAge, h.cache = DefaultCacheMaxAge, newResponseCache()
	var renders atomic.Int32
	app := fiber.New()
	app.Use(h.httpCache(cacheMemory))
	app.Get("/embed/a/b", func(c *fiber.Ctx) error {
		renders.Add(1)
		time.Sleep(50 * time.Millisecond)
		return c.SendString("chart")
	})
	request := func() string { return bodyOf(t, app, "/embed/a/b") }
	for round := int32(1); round <= 2; round++ {
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if got := request(); got != "chart" {
					t.Errorf("body %q", got)
				}
			})
		}
		wg.Wait()
		if n := renders.Load(); n != round {
			t.Fatalf("round %d: %d renders, want %d", round, n, round)
		}
		st.Touch() // a write: the next round renders once more
	}
}

// TestHTTPCacheServesTheVersionBeforeDuringARender: after a write, the reader that renders the
// new version waits for it; a reader arriving meanwhile gets the previous version's response at
// once; once the render is done, everyone gets the new one.
func TestHTTPCacheServesTheVersionBeforeDuringARender(t *testing.T) {
	st := testdb.Open(t)
	h := &Handler{Store: st, Now: time.Now, kit: &kit.Kit{}}
	h.CacheMaxAge, h.cache = DefaultCacheMaxAge, newResponseCache()
	var renders atomic.Int32
	started, release := make(chan struct{}, 1), make(chan struct{})
	app := fiber.New()
	app.Use(h.httpCache(cacheMemory))
	app.Get("/embed/a/b", func(c *fiber.Ctx) error {
		n := renders.Add(1)
		if n == 2 { // the render after the write: held until the test has read meanwhile
			started <- struct{}{}
			<-release
		}
		return c.SendString(fmt.Sprintf("render %d", n))
	})
	request := func() string { return bodyOf(t, app, "/embed/a/b") }
	if got := request(); got != "render 1" {
		t.Fatalf("first request: %q", got)
	}
	st.Touch() // a write
	rendering := make(chan string)
	go func() { rendering <- request() }()
	<-started
	if got := request(); got != "render 1" {
		t.Errorf("a reader during the re-render got %q, want the version before", got)
	}
	close(release)
	if got := <-rendering; got != "render 2" {
		t.Errorf("the reader that rendered got %q", got)
	}
	if got := request(); got != "render 2" || renders.Load() != 2 {
		t.Errorf("after the render: %q (%d renders)", got, renders.Load())
	}
}

// bodyOf is the body of a GET of path; a failure is reported and gives "".
func bodyOf(t *testing.T, app *fiber.App, path string) string {
	resp, err := app.Test(httptest.NewRequest(http.MethodGet, path, nil), -1)
	if err != nil {
		t.Error(err)
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
