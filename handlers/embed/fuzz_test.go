package embed_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
)

// oEmbed's url parameter is anything a consumer sends: the answer is a rich embed of one of
// this site's charts, or a 404 or 400, never a server error, and its HTML frames only this
// site (example.com is the host httptest's requests come to).
func FuzzOEmbedURL(f *testing.F) {
	for _, u := range []string{"http://example.com/embed/labour-2016/clp-nominations", "http://example.com/c/labour-2016#chart-result",
		"http://example.com/", "http://example.com/c/labour-2016/charts/clp-nominations.png?width=99999",
		"https://evil.example/embed/labour-2016/clp-nominations", "javascript:alert(1)//example.com/embed/labour-2016/result",
		"http://example.com/embed/labour-2016/%3Cscript%3E", "http://example.com/embed/%2e%2e/%2e%2e", "http://EXAMPLE.com:80/c/labour-2016",
		"http://example.com/embed/labour-2016/clp-nominations?theme=%22%3E%3Cimg%20src=x%3E", "//example.com/embed/labour-2016/result", ""} {
		f.Add(u, "")
	}
	f.Add("http://example.com/embed/labour-2016/result", "320")
	app, _ := handlertest.NewApp(f)
	f.Fuzz(func(t *testing.T, target, maxwidth string) {
		q := url.Values{"url": {target}, "format": {"json"}}
		if maxwidth != "" {
			q.Set("maxwidth", maxwidth)
		}
		if !handlertest.RequestLineFits("/oembed?" + q.Encode()) {
			return
		}
		resp, err := app.Test(httptest.NewRequest(http.MethodGet, "/oembed?"+q.Encode(), nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusOK:
		case http.StatusNotFound, http.StatusBadRequest, http.StatusNotImplemented:
			return
		default:
			t.Fatalf("url %q maxwidth %q: status %d\n%.300s", target, maxwidth, resp.StatusCode, body)
		}
		var answer struct {
			Type, HTML string
			Width      int
		}
		if err := json.Unmarshal(body, &answer); err != nil || answer.Type != "rich" {
			t.Fatalf("url %q: not a rich oEmbed answer: %v %.300s", target, err, body)
		}
		for _, src := range strings.Split(answer.HTML, `src="`)[1:] {
			if !strings.HasPrefix(src, "http://example.com/") {
				t.Errorf("url %q: the embed code loads %.80s", target, src)
			}
		}
		if strings.Contains(answer.HTML, "<script>") || strings.Contains(answer.HTML, "<img") {
			t.Errorf("url %q: markup from the URL in the embed code: %s", target, answer.HTML)
		}
	})
}
