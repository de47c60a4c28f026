package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/backers/backers/internal/browsertest"
)

// watchScript runs in every document before the page's own scripts: it notes the moment the
// first interactive chart put its canvas on the page (ECharts draws its first frame in the same
// task), the moment one finished drawing (charts.js sets data-rendered once the animation is
// over) and every CSP violation.
const watchScript = `(function () {
  var w = window.__backers = {canvas: 0, chart: 0, violations: []};
  document.addEventListener('securitypolicyviolation', function (e) {
    w.violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
  });
  new MutationObserver(function () {
    if (!w.canvas && document.querySelector('div.chart canvas')) { w.canvas = performance.now(); }
    if (!w.chart && document.querySelector('[data-rendered]')) { w.chart = performance.now(); }
  }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-rendered']});
})()`

// pageLoad is what a cold load of one page cost: the bytes on the wire (headers and compressed
// bodies, as Chromium counts them) and when it painted.
type pageLoad struct {
	FirstPaintBytes int      // the document and its stylesheets: what the first paint needs
	TotalBytes      int      // everything the page loaded
	Resources       []string // each resource with its bytes, for the log
	FCP             float64  // first contentful paint, ms after navigation
	Canvas          float64  // the first interactive chart's first frame, ms after navigation
	Chart           float64  // the first interactive chart done drawing, ms after navigation
	Violations      []string // securitypolicyviolation events
}

// loadCold opens url in the tab with the browser cache disabled, waits for its interactive
// charts to draw (when wantChart) and for the network to fall quiet, and reports the load.
func loadCold(t *testing.T, ctx context.Context, url string, wantChart bool) pageLoad {
	t.Helper()
	var mu sync.Mutex
	types := map[network.RequestID]network.ResourceType{}
	urls := map[network.RequestID]string{}
	sizes := map[network.RequestID]int{}
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	if err := chromedp.Listen(lctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			types[e.RequestID] = e.Type
			urls[e.RequestID] = e.Request.URL
		case *network.EventLoadingFinished:
			sizes[e.RequestID] = int(e.EncodedDataLength)
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatal(err)
	}
	script, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchScript})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		_, _ = chromedp.Call(ctx, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams(script))
	}()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("load %s: %v", url, err)
	}
	if wantChart {
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`window.__backers.chart > 0`,
			chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
			t.Fatalf("%s: no interactive chart was drawn: %v", url, err)
		}
	}
	// Quiet: no request started or finished for half a second.
	last := -1
	for i := 0; i < 100; i++ {
		mu.Lock()
		n := len(types) + len(sizes)
		mu.Unlock()
		if n == last {
			break
		}
		last = n
		time.Sleep(500 * time.Millisecond)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		FCP        float64  `json:"fcp"`
		Canvas     float64  `json:"canvas"`
		Chart      float64  `json:"chart"`
		Violations []string `json:"violations"`
	}](`({fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: 0}).startTime,
  canvas: window.__backers.canvas, chart: window.__backers.chart, violations: window.__backers.violations})`))
	if err != nil {
		t.Fatal(err)
	}
	l := pageLoad{FCP: got.FCP, Canvas: got.Canvas, Chart: got.Chart, Violations: got.Violations}
	mu.Lock()
	defer mu.Unlock()
	for id, n := range sizes {
		if strings.HasSuffix(urls[id], "/favicon.ico") {
			continue // Chromium's own request, for a file the site does not have
		}
		l.TotalBytes += n
		if ty := types[id]; ty == network.ResourceTypeDocument || ty == network.ResourceTypeStylesheet {
			l.FirstPaintBytes += n
		}
		l.Resources = append(l.Resources, fmt.Sprintf("%s %s %d", types[id], strings.TrimPrefix(urls[id], url), n))
	}
	sort.Strings(l.Resources)
	return l
}

// TestBrowserLoadBudgets loads an embed and the dashboard in headless Chromium with a cold
// cache over loopback and reports what each transferred and when it painted.
func TestBrowserLoadBudgets(t *testing.T) {
	ctx, errs := browsertest.NewTab(t, 1000, 800)
	base := startServer(t)
	for _, p := range []struct {
		name, path string
	}{
		{"embed", "/embed/labour-2016/support-over-time"},
		{"dashboard", "/c/labour-2016"},
	} {
		t.Run(p.name, func(t *testing.T) {
			stepCtx, cancel := context.WithTimeout(ctx, 90*time.Second)
			defer cancel()
			// The first request renders the page on the server and keeps it in memory; the
			// reader's cold cache is the browser's, so warm the server first, then take the
			// median of three cold loads.
			loadCold(t, stepCtx, base+p.path, true)
			var runs []pageLoad
			for range 3 {
				runs = append(runs, loadCold(t, stepCtx, base+p.path, true))
			}
			sort.Slice(runs, func(i, j int) bool { return runs[i].Canvas < runs[j].Canvas })
			l := runs[1]
			t.Logf("%s: first paint %d bytes, total %d bytes, first contentful paint %.0f ms, "+
				"first interactive chart's first frame %.0f ms, done %.0f ms\n%s",
				p.path, l.FirstPaintBytes, l.TotalBytes, l.FCP, l.Canvas, l.Chart, strings.Join(l.Resources, "\n"))
			if len(l.Violations) > 0 {
				t.Logf("%d CSP violations: %v", len(l.Violations), l.Violations[:min(len(l.Violations), 5)])
			}
			if e := errs.Take(); len(e) > 0 {
				t.Logf("page errors: %s", strings.Join(e, "\n"))
			}
		})
	}
}
