package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
)

// Cache policies of the two kinds of address. A content-named file never changes, so browsers
// and CDNs may keep it for a year without asking again. A plain name ("embed-resize.js") is what
// newsrooms paste into articles, so it must stay at its address and pick up new versions: it
// is kept an hour, then revalidated with its ETag.
const (
	immutableCache = "public, max-age=31536000, immutable"
	plainCache     = "public, max-age=3600"
)

// hashLen is how many hex digits of a file's SHA-256 its content name carries: 32 bits, enough
// that two versions of one file never share a name.
const hashLen = 8

// minCompress is the smallest file worth compressing: below it, the encoding's framing and the
// Vary header cost more than they save.
const minCompress = 256

// Assets serves the static files under content names (charts.3f9a1c2e.js) and their plain
// names, each compressed once with Brotli and gzip the first time it is asked for.
type Assets struct {
	byPath map[string]*asset // plain path ("dist/charts.js") -> the file
	byName map[string]*asset // content path ("dist/charts.3f9a1c2e.js") -> the file
}

// asset is one file with its encodings, made on first use and then kept.
type asset struct {
	name  string // content path, without /static/
	ctype string
	body  []byte
	hash  string // hex digits of the SHA-256 of body

	brOnce, gzOnce sync.Once
	br, gz         []byte
}

// New reads every file of fsys and names each by its content. A file compressed by the build
// (charts.js.br and charts.js.gz beside charts.js) is that file's encoding, not a file of its own:
// a large bundle is compressed once, when built, rather than by every process that serves it.
func New(fsys fs.FS) (*Assets, error) {
	a := &Assets{byPath: map[string]*asset{}, byName: map[string]*asset{}}
	files := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files[p], err = fs.ReadFile(fsys, p)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("static: read assets: %w", err)
	}
	for p, body := range files {
		if _, ok := files[strings.TrimSuffix(p, ".br")]; ok && strings.HasSuffix(p, ".br") {
			continue
		}
		if _, ok := files[strings.TrimSuffix(p, ".gz")]; ok && strings.HasSuffix(p, ".gz") {
			continue
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(p)
		f := &asset{
			hash:  hex.EncodeToString(sum[:]),
			body:  body,
			ctype: mime.TypeByExtension(ext),
		}
		if f.ctype == "" {
			f.ctype = "application/octet-stream"
		}
		f.name = strings.TrimSuffix(p, ext) + "." + f.hash[:hashLen] + ext
		if br, ok := files[p+".br"]; ok {
			f.brOnce.Do(func() { f.br = br })
		}
		if gz, ok := files[p+".gz"]; ok {
			f.gzOnce.Do(func() { f.gz = gz })
		}
		a.byPath[p] = f
		a.byName[f.name] = f
	}
	return a, nil
}

// URL is the content address of a static file ("dist/charts.js" gives
// "/static/dist/charts.3f9a1c2e.js"), for templates. A file that is not there (the front-end
// build has not run: make assets) keeps its plain address, which answers 404, so the pages
// still render and the browser tests say what is missing.
func (a *Assets) URL(p string) string {
	if f, ok := a.byPath[p]; ok {
		return "/static/" + f.name
	}
	return "/static/" + p
}

// Has reports whether the file at the plain path p is there.
func (a *Assets) Has(p string) bool {
	_, ok := a.byPath[p]
	return ok
}

// Size is the size of the file at the plain path p in bytes, as served with encoding ("br",
// "gzip" or "" for none), for budgets; -1 when there is no such file.
func (a *Assets) Size(p, encoding string) int {
	f, ok := a.byPath[p]
	if !ok {
		return -1
	}
	body, _ := f.encoded(encoding)
	return len(body)
}

// Handler serves GET and HEAD under prefix ("/static"): content names immutably, plain names
// for an hour, each with a strong ETag of its content that answers If-None-Match with 304.
func (a *Assets) Handler(prefix string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			return c.Next()
		}
		p := strings.TrimPrefix(c.Path(), prefix+"/")
		f, cache := a.byName[p], immutableCache
		if f == nil {
			f, cache = a.byPath[p], plainCache
		}
		if f == nil {
			return fiber.ErrNotFound
		}
		encoding := ""
		if len(f.body) >= minCompress {
			c.Vary(fiber.HeaderAcceptEncoding)
			switch {
			case c.Request().Header.HasAcceptEncoding("br"):
				encoding = "br"
			case c.Request().Header.HasAcceptEncoding("gzip"):
				encoding = "gzip"
			}
		}
		body, etag := f.encoded(encoding)
		c.Set(fiber.HeaderCacheControl, cache)
		c.Set(fiber.HeaderETag, etag)
		if match := c.Get(fiber.HeaderIfNoneMatch); match != "" && etagMatches(match, etag) {
			return c.SendStatus(fiber.StatusNotModified)
		}
		c.Set(fiber.HeaderContentType, f.ctype)
		if encoding != "" {
			c.Set(fiber.HeaderContentEncoding, encoding)
		}
		return c.Send(body)
	}
}

// etagMatches reports whether an If-None-Match header names etag (or is "*"). The comparison
// is weak, as RFC 9110 asks of If-None-Match: W/"x" matches "x".
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// encoded is the body in the encoding ("br", "gzip" or "") with its ETag. Each encoding is
// one representation, so each has its own tag, all made from the content's hash.
func (f *asset) encoded(encoding string) ([]byte, string) {
	switch encoding {
	case "br":
		f.brOnce.Do(func() {
			var b bytes.Buffer
			w := brotli.NewWriterLevel(&b, brotli.BestCompression)
			_, _ = w.Write(f.body) // writes to memory do not fail
			_ = w.Close()
			f.br = b.Bytes()
		})
		return f.br, `"` + f.hash[:16] + `-br"`
	case "gzip":
		f.gzOnce.Do(func() {
			var b bytes.Buffer
			w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression) // a valid level: no error
			_, _ = w.Write(f.body)
			_ = w.Close()
			f.gz = b.Bytes()
		})
		return f.gz, `"` + f.hash[:16] + `-gz"`
	}
	return f.body, `"` + f.hash[:16] + `"`
}

// MustNew is New for the files embedded in the binary, which are there or the binary would not
// have built: an error is a bug, as with template.Must.
func MustNew(fsys fs.FS) *Assets {
	a, err := New(fsys)
	if err != nil {
		panic(err)
	}
	return a
}
