package handlers

import (
	"container/list"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/backers/backers/handlers/kit"
	"github.com/gofiber/fiber/v2"
)

// DefaultCacheMaxAge is how long browsers and CDNs may reuse an embed, image, API answer or
// export before revalidating it; stale copies may be served for staleWhileRevalidate more.
const DefaultCacheMaxAge = 60 * time.Second

const staleWhileRevalidate = 600

// cachePolicy says what httpCache does for the routes of a group; the router declares it on
// each group of routes.
type cachePolicy int

const (
	cacheNone        cachePolicy = iota // pages, admin: no validators from here
	cacheConditional                    // API and exports: ETag, Last-Modified, 304, Cache-Control
	cacheMemory                         // embeds, images, chart data: all that, and kept in memory
	// cachePage is for dashboards: kept in memory like embeds (on a 100,000-event contest the
	// charts take a second to build), but browsers must revalidate every time (no-cache), so an
	// editor who has just added an endorsement sees it at once.
	cachePage
	// cacheAPI is for the read API: kept in memory for anonymous readers (on a 100,000-event
	// contest the totals take most of a second), public to shared caches; a request carrying
	// credentials bypasses the cache altogether, as for cacheConditional.
	cacheAPI
)

// kept reports whether responses under the policy are served from memory.
func (p cachePolicy) kept() bool { return p == cacheMemory || p == cachePage || p == cacheAPI }

// perDay reports whether responses under the policy may depend on today's date (an as_of that
// defaults to today), so a kept copy is good for one day at most.
func (p cachePolicy) perDay() bool { return p == cachePage || p == cacheAPI }

// responseCache keeps rendered responses, each under the data version it was rendered from:
// the version of its contest, for a contest's pages, so a write to one contest leaves the
// others' kept. An entry whose version is no longer current is never served and is dropped
// when next asked for. Memory is bounded by maxBytes: when full, the least recently used
// entries make room, so a cache that fills up goes on keeping what readers ask for now.
type responseCache struct {
	mu        sync.Mutex // a lookup moves its entry to the front, so even reads write
	entries   map[string]*list.Element
	lru       *list.List               // of *cachedResponse, the most recently used first
	rendering map[string]chan struct{} // keys being rendered now, closed when done
	bytes     int
	maxBytes  int
}

// cachedResponse is one rendered response: its body, its validators, and every header to send
// with it (validators included), keys in the canonical form fasthttp sets without re-checking.
type cachedResponse struct {
	key        string
	version    int64 // the data version it was rendered from
	etag       string
	modified   time.Time
	validators [][2][]byte // ETag, Last-Modified, Cache-Control: what a 304 repeats
	headers    [][2][]byte // the validators and the handler's own headers
	body       []byte
}

// size is about what an entry holds in memory: its body, key and headers.
func (r *cachedResponse) size() int {
	n := len(r.body) + len(r.key) + 128
	for _, kv := range r.headers {
		n += len(kv[0]) + len(kv[1])
	}
	return n
}

// defaultCacheBytes bounds the memory of kept responses.
const defaultCacheBytes = 64 << 20

func newResponseCache() *responseCache {
	return &responseCache{entries: map[string]*list.Element{}, lru: list.New(),
		rendering: map[string]chan struct{}{}, maxBytes: defaultCacheBytes}
}

// get returns the response kept for key at this data version (current), or else the one kept
// for an older version (not current), which only a reader waiting for that key's re-render
// is given. The key is a byte slice so that the hot path looks it up without building a string.
func (rc *responseCache) get(version int64, key []byte) (r *cachedResponse, current bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	el, ok := rc.entries[string(key)]
	if !ok {
		return nil, false
	}
	r = el.Value.(*cachedResponse)
	if r.version > version {
		return nil, false
	}
	rc.lru.MoveToFront(el)
	return r, r.version == version
}

// claim makes the caller the one renderer of key at this version, or, when another request is
// rendering it already, returns a channel that closes when that one is done: after a write, a
// viral embed is rendered from SQLite once, not once per waiting reader.
func (rc *responseCache) claim(version int64, key string) (done func(), wait <-chan struct{}) {
	k := strconv.FormatInt(version, 36) + " " + key
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if ch, ok := rc.rendering[k]; ok {
		return nil, ch
	}
	ch := make(chan struct{})
	rc.rendering[k] = ch
	return func() {
		rc.mu.Lock()
		delete(rc.rendering, k)
		rc.mu.Unlock()
		close(ch)
	}, nil
}

// put keeps a response for key at this data version, unless a response of a newer version is
// kept for it already (this one was rendered from older data), then evicts the least recently
// used entries until the cache is within its bound. A response larger than the bound is not
// kept.
func (rc *responseCache) put(version int64, key string, r *cachedResponse) {
	r.key, r.version = key, version
	size := r.size()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if size > rc.maxBytes {
		return
	}
	if el, ok := rc.entries[key]; ok {
		if el.Value.(*cachedResponse).version > version {
			return
		}
		rc.remove(el)
	}
	rc.entries[key] = rc.lru.PushFront(r)
	rc.bytes += size
	for rc.bytes > rc.maxBytes {
		rc.remove(rc.lru.Back())
	}
}

// remove drops one entry; the caller holds mu.
func (rc *responseCache) remove(el *list.Element) {
	r := rc.lru.Remove(el).(*cachedResponse)
	delete(rc.entries, r.key)
	rc.bytes -= r.size()
}

// len is how many responses are kept (for tests through the benchmark and stats).
func (rc *responseCache) len() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.entries)
}

// httpCache gives embeds, images, chart data, the API and exports validators a CDN can use: an
// ETag from the data version and the URL, Last-Modified from the last write, 304 answers to
// If-None-Match / If-Modified-Since, and Cache-Control. Embeds, images and chart data are also
// served from memory while the data version stands. It sets the ETag itself, so the global etag
// middleware (which leaves responses that already have one alone) does not hash these bodies.
func (h *Handler) httpCache(policy cachePolicy) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if policy == cacheNone || (c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead) {
			return c.Next()
		}
		return h.serveCached(c, policy)
	}
}

// serveCached answers a GET or HEAD under a policy other than cacheNone.
func (h *Handler) serveCached(c *fiber.Ctx, policy cachePolicy) error {
	// An API answer to a signed-in client may be for that client alone: never mark it public.
	// (Embeds, images and chart data are the same for everyone, whatever the request carries.)
	if (policy == cacheConditional || policy == cacheAPI) && (len(c.Request().Header.Peek(fiber.HeaderAuthorization)) > 0 ||
		len(c.Request().Header.Peek(fiber.HeaderCookie)) > 0) {
		return c.Next()
	}
	// The version is read before rendering: what is rendered is at least that fresh, so keeping
	// it under this version never serves older data than the version promises.
	version, modified := h.dataVersion(c)
	// The key is the full address, host included: absolute URLs in a page depend on it.
	var buf [512]byte
	key := appendRequestURI(h.kit.AppendBaseURL(buf[:0], c), c)
	if policy.perDay() {
		// Pages and API answers default their as-of day to today: keep each day's copy apart, so a page kept
		// before midnight is not served as today's when no write came in between.
		key = h.Now().UTC().AppendFormat(append(key, '#'), "2006-01-02")
	}
	if policy.kept() {
		kept, current := h.cache.get(version, key)
		if current {
			return h.sendCached(c, kept)
		}
		done, wait := h.cache.claim(version, string(key))
		if wait != nil {
			// Another request is rendering this version. A reader that arrives meanwhile gets
			// the response of the version before (stale by at most that render, and as current
			// as if it had come a moment earlier) rather than wait: after a write, the readers
			// of a million-event dashboard do not queue behind its re-render.
			if kept != nil {
				return h.sendCached(c, kept)
			}
			<-wait
			if r, ok := h.cache.get(version, key); ok {
				return h.sendCached(c, r)
			}
			// The other request did not leave a response to share (an error): render here.
		} else {
			defer done()
		}
	}
	modified = modified.UTC().Truncate(time.Second)
	etag := entityTag(version, key)
	if notModified(c, etag, modified) {
		h.setValidators(c, policy, etag, modified)
		c.Response().Header.DelAllCookies()
		return c.SendStatus(fiber.StatusNotModified)
	}
	if err := c.Next(); err != nil {
		return err
	}
	if policy.kept() {
		// Embeds may be framed anywhere, and a kept response is everyone's: never a cookie.
		c.Response().Header.DelAllCookies()
	}
	if c.Response().StatusCode() != fiber.StatusOK {
		return nil
	}
	h.setValidators(c, policy, etag, modified)
	if policy.kept() {
		r := &cachedResponse{etag: etag, modified: modified, body: append([]byte(nil), c.Response().Body()...)}
		// The headers a handler may set that a cached response must repeat, and the validators.
		for _, k := range []string{fiber.HeaderContentType, fiber.HeaderContentDisposition, "Content-Security-Policy",
			fiber.HeaderETag, fiber.HeaderLastModified, fiber.HeaderCacheControl} {
			if v := c.Response().Header.Peek(k); len(v) > 0 {
				kv := [2][]byte{[]byte(http.CanonicalHeaderKey(k)), append([]byte(nil), v...)}
				r.headers = append(r.headers, kv)
				if k == fiber.HeaderETag || k == fiber.HeaderLastModified || k == fiber.HeaderCacheControl {
					r.validators = append(r.validators, kv)
				}
			}
		}
		h.cache.put(version, string(key), r)
	}
	return nil
}

// dataVersion is the version a route's answers are kept under, and when that data last
// changed: a contest's own (Store.ContestVersion) for the routes of one contest, else the
// store's, which every write changes (the contest list, endorsers' pages, oEmbed).
func (h *Handler) dataVersion(c *fiber.Ctx) (int64, time.Time) {
	if slug := c.Params("contest"); slug != "" {
		return h.Store.ContestVersionBySlug(slug)
	}
	return h.Store.Version(), h.Store.LastModified()
}

// sendCached answers from memory: a 304 when the client's copy is current, else the response.
func (h *Handler) sendCached(c *fiber.Ctx, r *cachedResponse) error {
	c.Response().Header.DelAllCookies()
	if notModified(c, r.etag, r.modified) {
		for _, kv := range r.validators {
			c.Response().Header.SetCanonical(kv[0], kv[1])
		}
		return c.SendStatus(fiber.StatusNotModified)
	}
	for _, kv := range r.headers {
		c.Response().Header.SetCanonical(kv[0], kv[1])
	}
	c.Response().SetBodyRaw(r.body)
	return nil
}

// setValidators sets ETag, Last-Modified and Cache-Control.
func (h *Handler) setValidators(c *fiber.Ctx, policy cachePolicy, etag string, modified time.Time) {
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderLastModified, modified.Format(http.TimeFormat))
	if policy == cachePage {
		c.Set(fiber.HeaderCacheControl, "no-cache")
		return
	}
	c.Set(fiber.HeaderCacheControl, h.cacheControl())
}

// cacheControl is the Cache-Control of cacheable responses.
func (h *Handler) cacheControl() string {
	return "public, max-age=" + strconv.Itoa(int(h.CacheMaxAge/time.Second)) +
		", stale-while-revalidate=" + strconv.Itoa(staleWhileRevalidate)
}

// entityTag derives a weak ETag from the data version and the URL. It is weak because the
// compress middleware may send the same entity gzip- or brotli-encoded.
func entityTag(version int64, key []byte) string {
	f := fnv.New64a()
	f.Write(key)
	return fmt.Sprintf(`W/"%s-%s"`, strconv.FormatInt(version, 36), strconv.FormatUint(f.Sum64(), 36))
}

// notModified applies RFC 9110's conditional GET: If-None-Match wins when present (weak
// comparison), else If-Modified-Since against the last write.
func notModified(c *fiber.Ctx, etag string, modified time.Time) bool {
	if len(c.Request().Header.Peek(fiber.HeaderIfNoneMatch)) == 0 && len(c.Request().Header.Peek(fiber.HeaderIfModifiedSince)) == 0 {
		return false
	}
	if inm := c.Get(fiber.HeaderIfNoneMatch); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
				return true
			}
		}
		return false
	}
	if ims := c.Get(fiber.HeaderIfModifiedSince); ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !modified.After(t)
	}
	return false
}

// appendRequestURI appends the request's path and query to a cache key, less the tracking
// parameters (utm_source, fbclid) that no page reads: a link shared with them is the same page,
// not one more to render.
func appendRequestURI(b []byte, c *fiber.Ctx) []byte {
	args := c.Context().QueryArgs()
	tracked := false
	for k := range args.All() {
		tracked = tracked || kit.TrackingParam(k)
	}
	if !tracked {
		return append(b, c.Request().RequestURI()...)
	}
	b = append(b, c.Request().URI().PathOriginal()...)
	sep := byte('?')
	for k, v := range args.All() {
		if !kit.TrackingParam(k) {
			b = append(append(append(append(b, sep), url.QueryEscape(string(k))...), '='), url.QueryEscape(string(v))...)
			sep = '&'
		}
	}
	return b
}
