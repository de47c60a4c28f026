package static_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"io/fs"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/etag"

	"github.com/backers/backers/static"
	"github.com/backers/backers/templates"
)

// newApp serves assets as the real app does: behind its compress and etag middleware, which
// must leave the assets' own encodings and ETags alone.
func newApp(t *testing.T, a *static.Assets) *fiber.App {
	t.Helper()
	app := fiber.New()
	app.Use(compress.New())
	app.Use(etag.New())
	app.Use("/static", a.Handler("/static"))
	return app
}

func get(t *testing.T, app *fiber.App, path string, header ...string) (int, map[string]string, []byte) {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	h := map[string]string{}
	for k := range res.Header {
		h[k] = res.Header.Get(k)
	}
	return res.StatusCode, h, body
}

func TestAssetsContentNamesCachingAndEncodings(t *testing.T) {
	js := strings.Repeat("console.log('backers');\n", 100)
	a, err := static.New(fstest.MapFS{
		"charts.js":    {Data: []byte(js)},
		"dist/app.css": {Data: []byte("body{}")},
	})
	if err != nil {
		t.Fatal(err)
	}
	app := newApp(t, a)

	url := a.URL("charts.js")
	if !regexp.MustCompile(`^/static/charts\.[0-9a-f]{8}\.js$`).MatchString(url) {
		t.Fatalf("URL(charts.js) = %q, want /static/charts.<8 hex digits>.js", url)
	}
	if u := a.URL("dist/app.css"); !regexp.MustCompile(`^/static/dist/app\.[0-9a-f]{8}\.css$`).MatchString(u) {
		t.Errorf("URL(dist/app.css) = %q", u)
	}
	if u := a.URL("missing.js"); u != "/static/missing.js" {
		t.Errorf("URL of a missing file = %q, want its plain address", u)
	}
	// Another content is another name.
	b, _ := static.New(fstest.MapFS{"charts.js": {Data: []byte(js + "//")}})
	if b.URL("charts.js") == url {
		t.Errorf("two contents share the name %s", url)
	}

	for _, tc := range []struct {
		name, accept, wantEncoding string
		decode                     func([]byte) ([]byte, error)
	}{
		{"brotli", "gzip, deflate, br", "br", func(b []byte) ([]byte, error) { return io.ReadAll(brotli.NewReader(bytes.NewReader(b))) }},
		{"gzip", "gzip, deflate", "gzip", func(b []byte) ([]byte, error) {
			r, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			return io.ReadAll(r)
		}},
		{"identity", "", "", func(b []byte) ([]byte, error) { return b, nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, h, body := get(t, app, url, "Accept-Encoding", tc.accept)
			if status != 200 {
				t.Fatalf("status %d", status)
			}
			if h["Cache-Control"] != "public, max-age=31536000, immutable" {
				t.Errorf("Cache-Control %q", h["Cache-Control"])
			}
			if h["Content-Encoding"] != tc.wantEncoding {
				t.Errorf("Content-Encoding %q, want %q", h["Content-Encoding"], tc.wantEncoding)
			}
			if !strings.HasPrefix(h["Content-Type"], "text/javascript") {
				t.Errorf("Content-Type %q", h["Content-Type"])
			}
			if h["Vary"] != "Accept-Encoding" {
				t.Errorf("Vary %q", h["Vary"])
			}
			plain, err := tc.decode(body)
			if err != nil || string(plain) != js {
				t.Fatalf("body does not decode to the file (%v): %d bytes", err, len(plain))
			}
			if tc.wantEncoding != "" && len(body) >= len(js)/4 {
				t.Errorf("%s body %d bytes of %d: not compressed", tc.name, len(body), len(js))
			}
			etag := h["Etag"]
			if !regexp.MustCompile(`^"[0-9a-f]{16}(-br|-gz)?"$`).MatchString(etag) {
				t.Fatalf("ETag %q", etag)
			}
			for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag} {
				status, h2, body := get(t, app, url, "Accept-Encoding", tc.accept, "If-None-Match", inm)
				if status != 304 || len(body) != 0 || h2["Etag"] != etag {
					t.Errorf("If-None-Match %s: status %d, %d bytes, ETag %q; want 304 with the same ETag", inm, status, len(body), h2["Etag"])
				}
			}
			if status, _, _ := get(t, app, url, "Accept-Encoding", tc.accept, "If-None-Match", `"other"`); status != 200 {
				t.Errorf("a stale ETag got %d, want 200", status)
			}
		})
	}

	// Files the build compressed are served as built, and are not files of their own.
	pre, err := static.New(fstest.MapFS{
		"dist/big.js":    {Data: []byte(js)},
		"dist/big.js.br": {Data: []byte("built with brotli")},
		"dist/big.js.gz": {Data: []byte("built with gzip")},
	})
	if err != nil {
		t.Fatal(err)
	}
	preApp := newApp(t, pre)
	for accept, want := range map[string]string{"br": "built with brotli", "gzip": "built with gzip", "": js} {
		if _, _, body := get(t, preApp, pre.URL("dist/big.js"), "Accept-Encoding", accept); string(body) != want {
			t.Errorf("Accept-Encoding %q: body %.40q, want %.40q", accept, body, want)
		}
	}
	if pre.Has("dist/big.js.br") || pre.Has("dist/big.js.gz") {
		t.Error("the build's compressed files are served as files of their own")
	}

	// The plain name stays served, for embed code pasted into articles, but not for a year.
	status, h, _ := get(t, app, "/static/charts.js")
	if status != 200 || h["Cache-Control"] != "public, max-age=3600" || h["Etag"] == "" {
		t.Errorf("plain name: status %d, Cache-Control %q, ETag %q", status, h["Cache-Control"], h["Etag"])
	}
	for _, p := range []string{"/static/charts.00000000.js", "/static/../static.go", "/static/dist"} {
		if status, _, _ := get(t, app, p); status != 404 {
			t.Errorf("%s: status %d, want 404", p, status)
		}
	}
}

// The front-end build (make assets) is there, with an ECharts that has the tooltip escaping
// fix of 5.5.1, built from the npm package the lockfile pins.
func TestBuiltCharts(t *testing.T) {
	a := static.MustNew(static.FS)
	if !a.Has("dist/charts.js") {
		t.Fatal("static/dist/charts.js is missing: run make assets")
	}
	lock, err := os.ReadFile("../package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	var l struct {
		Packages map[string]struct {
			Version string `json:"version"`
		} `json:"packages"`
	}
	if err := json.Unmarshal(lock, &l); err != nil {
		t.Fatal(err)
	}
	v := strings.Split(l.Packages["node_modules/echarts"].Version, ".")
	if len(v) != 3 {
		t.Fatalf("echarts version %q in package-lock.json", l.Packages["node_modules/echarts"].Version)
	}
	major, _ := strconv.Atoi(v[0])
	minor, _ := strconv.Atoi(v[1])
	patch, _ := strconv.Atoi(v[2])
	if major < 5 || major == 5 && (minor < 5 || minor == 5 && patch < 1) {
		t.Errorf("echarts %s: want 5.5.1 or later (its tooltip escaping fix)", strings.Join(v, "."))
	}
	// The build has the parts the charts use, not the whole library.
	src, err := static.FS.ReadFile("dist/charts.js")
	if err != nil {
		t.Fatal(err)
	}
	whole := 1_000_000 // ECharts' own full minified build is about a megabyte
	if len(src) >= whole*6/10 {
		t.Errorf("dist/charts.js is %d bytes: not a build of only the parts the charts use", len(src))
	}
	if n := a.Size("dist/charts.js", "br"); n <= 0 || n > 155_000 {
		t.Errorf("dist/charts.js is %d bytes with Brotli; the embed budget leaves it 155,000", n)
	}
}

// The script newsrooms paste beside an iframe stays small: it loads on every article page.
func TestResizeScriptUnder2KB(t *testing.T) {
	a := static.MustNew(static.FS)
	for _, enc := range []string{"", "gzip", "br"} {
		if n := a.Size("embed-resize.js", enc); n <= 0 || n >= 2048 {
			t.Errorf("embed-resize.js is %d bytes (encoding %q), want under 2 KB", n, enc)
		}
	}
}

// Templates name static files by {{asset "..."}}: a plain /static/ address would be cached an
// hour and then fetched again, not kept for a year.
func TestTemplatesUseContentNames(t *testing.T) {
	plain := regexp.MustCompile(`(src|href)="/static/[^"{]*"`)
	err := fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return err
		}
		for _, m := range plain.FindAllString(string(b), -1) {
			t.Errorf("%s: %s: use {{asset \"...\"}}", p, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
