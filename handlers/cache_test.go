package handlers

import (
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
	"github.com/backers/backers/seed"
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
		{"/c/labour-2016/endorsements", cacheNone},
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
		case cc == "":
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

func TestResponseCacheKeepsOneVersion(t *testing.T) {
	rc := newResponseCache()
	rc.put(1, "a", &cachedResponse{body: []byte("one")})
	if r, ok := rc.get(1, []byte("a")); !ok || string(r.body) != "one" {
		t.Fatalf("get(1, a) = %q, %v", r.body, ok)
	}
	if _, ok := rc.get(2, []byte("a")); ok {
		t.Fatal("a newer version must not see an older version's response")
	}
	rc.put(2, "b", &cachedResponse{body: []byte("two")})
	if _, ok := rc.get(1, []byte("a")); ok || rc.len() != 1 {
		t.Fatalf("a newer version must empty the cache; %d entries", rc.len())
	}
	// A response rendered from data older than what the cache holds is not kept.
	rc.put(1, "c", &cachedResponse{body: []byte("old")})
	if _, ok := rc.get(2, []byte("c")); ok || rc.len() != 1 {
		t.Fatal("an older version's response was kept")
	}
	rc.maxEntries, rc.maxBytes = 2, 10
	rc.put(2, "d", &cachedResponse{body: []byte("12345678901")})
	if _, ok := rc.get(2, []byte("d")); ok {
		t.Fatal("a response over the byte bound was kept")
	}
	rc.put(2, "e", &cachedResponse{body: []byte("x")})
	rc.put(2, "f", &cachedResponse{body: []byte("y")})
	if rc.len() != 2 {
		t.Fatalf("%d entries, want the bound of 2", rc.len())
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
	request := func() string {
		resp, err := app.Test(httptest.NewRequest(http.MethodGet, "/embed/a/b", nil), -1)
		if err != nil {
			t.Error(err)
			return ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
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
