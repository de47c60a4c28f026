package cli

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
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

// Budgets of what a reader's browser transfers, compressed, headers included. The embed's first
// paint is its HTML (with the inline SVG) and CSS.
const (
	embedFirstPaintBudget = 40_000
	embedTotalBudget      = 160_000
	dashboardTotalBudget  = 300_000
)

// TestBrowserLoadBudgets loads an embed and the dashboard in headless Chromium with a cold
// cache over loopback, reports what each transferred and when it painted, and fails when a
// page is over its budget, raises a CSP violation or a script error.
func TestBrowserLoadBudgets(t *testing.T) {
	ctx, errs := browsertest.NewTab(t, 1000, 800)
	base := startServer(t)
	for _, p := range []struct {
		name, path        string
		firstPaint, total int
	}{
		{"embed", "/embed/labour-2016/support-over-time", embedFirstPaintBudget, embedTotalBudget},
		{"embed-auto", "/embed/labour-2016/union-nominations?theme=auto", embedFirstPaintBudget, embedTotalBudget},
		{"dashboard", "/c/labour-2016", dashboardTotalBudget, dashboardTotalBudget},
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
			if l.FirstPaintBytes > p.firstPaint {
				t.Errorf("%s: the first paint takes %d bytes, over its budget of %d", p.path, l.FirstPaintBytes, p.firstPaint)
			}
			if l.TotalBytes > p.total {
				t.Errorf("%s: the page loads %d bytes, over its budget of %d", p.path, l.TotalBytes, p.total)
			}
			for _, r := range runs {
				if len(r.Violations) > 0 {
					t.Errorf("%d CSP violations: %v", len(r.Violations), r.Violations[:min(len(r.Violations), 5)])
					break
				}
			}
			if e := errs.Take(); len(e) > 0 {
				t.Errorf("page errors: %s", strings.Join(e, "\n"))
			}
		})
	}
}

// stableScript runs in every document before the page's own scripts: it keeps the layout
// shifts the page makes and the chart box as it is at DOMContentLoaded (its stylesheet
// applied, as deferred scripts wait for it; the interactive chart not yet loaded, as embed.js
// only asks for it then), so a test can compare it with the box once that chart has drawn.
const stableScript = `(function () {
  var w = window.__stable = {shift: 0, box: null};
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) { w.shift += e.value; });
  }).observe({type: 'layout-shift', buffered: true});
  document.addEventListener('DOMContentLoaded', function () {
    var c = document.querySelector('div.chart');
    if (!w.box && c) {
      var r = c.getBoundingClientRect();
      w.box = [r.x, r.y, r.width, r.height, document.documentElement.getBoundingClientRect().height];
    }
  });
})()`

// TestBrowserEmbedFirstPaint opens embeds with JavaScript off: the chart is there, drawn by the
// server in the candidates' colours, with its summary and table. With JavaScript on, the
// interactive chart takes the drawing's place in the same box: nothing on the page moves.
func TestBrowserEmbedFirstPaint(t *testing.T) {
	ctx, errs := browsertest.NewTab(t, 700, 900)
	base := startServer(t)
	stepCtx, cancel := context.WithTimeout(ctx, 120*time.Second)
	defer cancel()
	embed := base + "/embed/labour-2016/clp-nominations"

	if _, err := chromedp.Call(stepCtx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query, scheme string
		bg            [3]uint8 // the drawing's background
	}{
		{"", "light", [3]uint8{0xff, 0xff, 0xff}},
		{"?theme=dark", "light", [3]uint8{0x1e, 0x1f, 0x22}},
		{"?theme=auto", "dark", [3]uint8{0x1e, 0x1f, 0x22}},
		{"?theme=auto", "light", [3]uint8{0xff, 0xff, 0xff}},
	} {
		if _, err := chromedp.Call(stepCtx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: tc.scheme}}}); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(stepCtx, chromedp.Navigate(embed+tc.query), chromedp.WaitReady("body")); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(stepCtx, chromedp.Evaluate[struct {
			Visible []float64 `json:"visible"` // width, height of each shown drawing
			Summary string    `json:"summary"`
			Rows    int       `json:"rows"`
			Canvas  bool      `json:"canvas"`
		}](`({visible: Array.from(document.querySelectorAll('svg.chart-svg')).filter(function (s) { return s.getBoundingClientRect().height > 0; })
  .map(function (s) { var r = s.getBoundingClientRect(); return [r.width, r.height]; }).flat(),
  summary: document.getElementById('embed-summary').textContent,
  rows: document.querySelectorAll('table tbody tr').length, canvas: !!document.querySelector('canvas')})`))
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Visible) != 2 || got.Visible[1] != 360 || got.Visible[0] < 600 {
			t.Errorf("%s (%s): want one drawing 360 pixels tall across the page, got %v", tc.query, tc.scheme, got.Visible)
		}
		if !strings.Contains(got.Summary, "Jeremy Corbyn 285, Owen Smith 53 and 308 of 646 did not nominate") || got.Rows == 0 || got.Canvas {
			t.Errorf("%s: summary %q, %d table rows, canvas %v", tc.query, got.Summary, got.Rows, got.Canvas)
		}
		shot, err := chromedp.Run(stepCtx, chromedp.Screenshot("svg.chart-svg"+map[bool]string{true: "-dark", false: "-light"}[tc.bg[0] < 0x80]))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatal(err)
		}
		red, bg := 0, 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				px := [3]int{int(r >> 8), int(g >> 8), int(bl >> 8)}
				if near(px, [3]int{0xc8, 0x10, 0x2e}) {
					red++
				}
				if near(px, [3]int{int(tc.bg[0]), int(tc.bg[1]), int(tc.bg[2])}) {
					bg++
				}
			}
		}
		if red < 1000 || bg < b.Dx()*b.Dy()/3 {
			t.Errorf("%s (%s): %d pixels of Corbyn's red and %d of the background %x in the drawing: not the chart", tc.query, tc.scheme, red, bg, tc.bg)
		}
		t.Logf("%s (%s): screenshot %s", tc.query, tc.scheme, browsertest.Screenshot(t, stepCtx, "embed-nojs"+strings.ReplaceAll(tc.query, "?theme=", "-")+"-"+tc.scheme+".png"))
	}
	if _, err := chromedp.Call(stepCtx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}

	// With JavaScript: the box the drawing was first laid out in is the interactive chart's.
	script, err := chromedp.Call(stepCtx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: stableScript})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		_, _ = chromedp.Call(stepCtx, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams(script))
	}()
	for _, path := range []string{"/embed/labour-2016/clp-nominations", "/embed/labour-2016/support-over-time?height=300", "/embed/labour-2016/polls"} {
		if err := chromedp.Do(stepCtx, chromedp.Navigate(base+path)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(stepCtx, chromedp.Poll[bool](`document.querySelector('div.chart[data-rendered]') !== null`,
			chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
			t.Fatalf("%s: the interactive chart did not draw: %v", path, err)
		}
		got, err := chromedp.Run(stepCtx, chromedp.Evaluate[struct {
			First  []float64 `json:"first"`
			Now    []float64 `json:"now"`
			Shift  float64   `json:"shift"`
			SVGs   int       `json:"svgs"`
			Canvas []float64 `json:"canvas"`
		}](`(function () { var c = document.querySelector('div.chart'), r = c.getBoundingClientRect(), k = c.querySelector('canvas').getBoundingClientRect();
  return {first: window.__stable.box, now: [r.x, r.y, r.width, r.height, document.documentElement.getBoundingClientRect().height],
    shift: window.__stable.shift, svgs: c.querySelectorAll('svg.chart-svg').length, canvas: [k.width, k.height]}; })()`))
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got.First) != fmt.Sprint(got.Now) || got.Shift != 0 {
			t.Errorf("%s: the chart box moved from %v to %v (x, y, width, height, page height); layout shift %v", path, got.First, got.Now, got.Shift)
		}
		if got.SVGs != 0 || got.Canvas[0] != got.Now[2] || got.Canvas[1] != got.Now[3] {
			t.Errorf("%s: %d drawings left; canvas %v in a box %v", path, got.SVGs, got.Canvas, got.Now)
		}
	}
	if e := errs.Take(); len(e) > 0 {
		t.Errorf("page errors: %s", strings.Join(e, "\n"))
	}
}

// near reports whether two colours are within a small distance on each channel.
func near(a, b [3]int) bool {
	for i := range a {
		if d := a[i] - b[i]; d < -12 || d > 12 {
			return false
		}
	}
	return true
}

// tooltipStyle is what the open tooltip looks like, as the browser computed it.
type tooltipStyle struct {
	Shown      bool     `json:"shown"`
	Background string   `json:"background"`
	Head       string   `json:"head"`
	Rows       int      `json:"rows"`
	Mark       []string `json:"mark"` // width, height, border-radius, background-color of the first row's swatch
	Display    string   `json:"display"`
	ValueBold  string   `json:"valueBold"`
	Violations []string `json:"violations"`
}

// tooltipScript reports the tooltip open in the chart container CHART, if any.
const tooltipScript = `(function () {
  var tips = Array.from(document.querySelector('CHART').querySelectorAll('.chart-tooltip')).filter(function (e) {
    var s = getComputedStyle(e); return s.display !== 'none' && s.visibility !== 'hidden' && e.querySelector('.tt-row'); });
  var out = {shown: tips.length > 0, violations: window.__backers.violations, mark: []};
  if (!tips.length) { return out; }
  var tip = tips[0], mark = tip.querySelector('.tt-mark'), ms = getComputedStyle(mark);
  out.background = getComputedStyle(tip).backgroundColor;
  out.head = (tip.querySelector('.tt-head') || {}).textContent || '';
  out.rows = tip.querySelectorAll('.tt-row').length;
  out.mark = [ms.width, ms.height, ms.borderTopLeftRadius, ms.backgroundColor];
  out.display = getComputedStyle(tip.querySelector('.tt-row')).display;
  out.valueBold = getComputedStyle(tip.querySelector('.tt-value')).fontWeight;
  return out;
})()`

// TestBrowserTooltips opens a tooltip on an embed and on the dashboard, under the app's strict
// CSP: it must be styled (a swatch in the series' colour, rows laid out, values in bold) and the
// page must report no securitypolicyviolation event.
func TestBrowserTooltips(t *testing.T) {
	ctx, errs := browsertest.NewTab(t, 1000, 900)
	base := startServer(t)
	stepCtx, cancel := context.WithTimeout(ctx, 120*time.Second)
	defer cancel()
	if _, err := chromedp.Call(stepCtx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchScript}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path, chart string
		colours           []string // the series' colours, one of which the first swatch has
		background        string
		head              *regexp.Regexp
		scheme            string // the reader's prefers-color-scheme
	}{
		{"embed line", "/embed/labour-2016/support-over-time", "#chart-support-over-time", []string{"rgb(200, 16, 46)", "rgb(31, 119, 180)", "rgb(127, 127, 127)"},
			"rgb(255, 255, 255)", regexp.MustCompile(`^\d{1,2} [A-Z][a-z]{2} 2016$`), "light"},
		{"embed dark bars", "/embed/labour-2016/by-kind?theme=dark", "#chart-by-kind", []string{"rgb(200, 16, 46)", "rgb(31, 119, 180)", "rgb(127, 127, 127)"},
			"rgb(43, 45, 49)", regexp.MustCompile(`^(MPs|Affiliated unions|Socialist societies|Other affiliates|Mayors|Party leaders|MEPs|CLPs)$`), "light"},
		// theme=auto follows a reader who prefers dark, in the interactive chart too.
		{"embed auto bars, dark reader", "/embed/labour-2016/by-kind?theme=auto", "#chart-by-kind", []string{"rgb(200, 16, 46)", "rgb(31, 119, 180)", "rgb(127, 127, 127)"},
			"rgb(43, 45, 49)", regexp.MustCompile(`^(MPs|Affiliated unions|Socialist societies|Other affiliates|Mayors|Party leaders|MEPs|CLPs)$`), "dark"},
		{"embed auto bars, light reader", "/embed/labour-2016/by-kind?theme=auto", "#chart-by-kind", []string{"rgb(200, 16, 46)", "rgb(31, 119, 180)", "rgb(127, 127, 127)"},
			"rgb(255, 255, 255)", regexp.MustCompile(`^(MPs|Affiliated unions|Socialist societies|Other affiliates|Mayors|Party leaders|MEPs|CLPs)$`), "light"},
		{"dashboard", "/c/labour-2016", "#chart-union-nominations", []string{"rgb(200, 16, 46)", "rgb(31, 119, 180)", "rgb(127, 127, 127)", "rgb(191, 191, 191)"},
			"rgb(255, 255, 255)", regexp.MustCompile(`^(Jeremy Corbyn|Owen Smith|Angela Eagle|No nomination)$`), "light"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := chromedp.Call(stepCtx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: tc.scheme}}}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(stepCtx, chromedp.Navigate(base+tc.path)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(stepCtx, chromedp.Poll[bool](`document.querySelector('`+tc.chart+`[data-rendered]') !== null`,
				chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
				t.Fatalf("the chart did not draw: %v", err)
			}
			got := openTooltip(t, stepCtx, tc.chart)
			t.Logf("tooltip: %+v", got)
			if !tc.head.MatchString(got.Head) {
				t.Errorf("tooltip head %q", got.Head)
			}
			if !slices.Contains(tc.colours, got.Mark[3]) {
				t.Errorf("swatch in %v, want one of %v", got.Mark[3], tc.colours)
			}
			if got.Background != tc.background {
				t.Errorf("tooltip background %q, want %q", got.Background, tc.background)
			}
			if len(got.Violations) > 0 {
				t.Errorf("%d securitypolicyviolation events: %v", len(got.Violations), got.Violations)
			}
			if e := errs.Take(); len(e) > 0 {
				t.Errorf("page errors: %s", strings.Join(e, "\n"))
			}
		})
	}
}

// openTooltip sweeps the pointer across the chart container chart (a CSS selector) until its
// tooltip opens, and checks the tooltip is styled: rows laid out, values in bold, a round
// 10-pixel swatch.
func openTooltip(t *testing.T, ctx context.Context, chart string) tooltipStyle {
	t.Helper()
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(function () { var e = document.querySelector('`+chart+`');
  e.scrollIntoView({block: 'center'}); var r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	var got tooltipStyle
	for _, fy := range []float64{0.55, 0.3, 0.8} {
		for _, fx := range []float64{0.5, 0.6, 0.4, 0.75, 0.3, 0.9} {
			x, y := box[0]+box[2]*fx, box[1]+box[3]*fy
			if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x-5, y), chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y),
				chromedp.Sleep(300*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
			if got, err = chromedp.Run(ctx, chromedp.Evaluate[tooltipStyle](strings.ReplaceAll(tooltipScript, "CHART", chart))); err != nil {
				t.Fatal(err)
			}
			if got.Shown {
				break
			}
		}
		if got.Shown {
			break
		}
	}
	if !got.Shown {
		t.Fatalf("no tooltip opened over %s", chart)
	}
	if got.Rows == 0 || got.Display != "flex" || got.ValueBold != "600" {
		t.Errorf("%s: tooltip not laid out as styled: %+v", chart, got)
	}
	if len(got.Mark) != 4 || got.Mark[0] != "10px" || got.Mark[1] != "10px" || got.Mark[2] != "50%" || !strings.HasPrefix(got.Mark[3], "rgb(") {
		t.Errorf("%s: swatch %v: want 10px by 10px, round, in a colour", chart, got.Mark)
	}
	return got
}

// TestBrowserTooltipsEveryChart opens a tooltip on every chart of the dashboard and of a
// candidate's page: each is styled, and no page reports a securitypolicyviolation event.
func TestBrowserTooltipsEveryChart(t *testing.T) {
	ctx, errs := browsertest.NewTab(t, 1000, 900)
	base := startServer(t)
	stepCtx, cancel := context.WithTimeout(ctx, 240*time.Second)
	defer cancel()
	if _, err := chromedp.Call(stepCtx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchScript}); err != nil {
		t.Fatal(err)
	}
	opened := 0
	for _, path := range []string{"/c/labour-2016", "/c/labour-2016/candidates/owen-smith"} {
		if err := chromedp.Do(stepCtx, chromedp.Navigate(base+path)); err != nil {
			t.Fatal(err)
		}
		ids, err := chromedp.Run(stepCtx, chromedp.Poll[[]string](`(function () { var all = document.querySelectorAll('div.chart[id^="chart-"]');
  if (!all.length || document.querySelectorAll('div.chart[id^="chart-"]:not([data-rendered])').length) { return null; }
  return Array.from(all).map(function (e) { return e.id; }); })()`,
			chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			t.Fatalf("%s: the charts did not draw: %v", path, err)
		}
		for _, id := range ids {
			got := openTooltip(t, stepCtx, "#"+id)
			t.Logf("%s #%s: %q, %d rows", path, id, got.Head, got.Rows)
			opened++
		}
		v, err := chromedp.Run(stepCtx, chromedp.Evaluate[[]string](`window.__backers.violations`))
		if err != nil {
			t.Fatal(err)
		}
		if len(v) > 0 {
			t.Errorf("%s: %d securitypolicyviolation events after %d tooltips: %v", path, len(v), len(ids), v[:min(len(v), 5)])
		}
	}
	if opened < len(charts2016()) {
		t.Errorf("%d tooltips opened, want one on each of the %d charts and more", opened, len(charts2016()))
	}
	if e := errs.Take(); len(e) > 0 {
		t.Errorf("page errors: %s", strings.Join(e, "\n"))
	}
}

// axeResult is one violation axe-core reports, with the first few elements it found it on.
type axeResult struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// TestBrowserAccessibility runs axe-core (from npm, pinned by package-lock.json) in headless
// Chromium on the reader's pages and on embeds in each theme, before and after their scripts:
// it must find no violation.
func TestBrowserAccessibility(t *testing.T) {
	axe, err := os.ReadFile("../../node_modules/axe-core/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core is not installed: run make assets (%v)", err)
	}
	ctx, errs := browsertest.NewTab(t, 1000, 900)
	base := startServer(t)
	pages := []string{
		"/c/labour-2016",
		"/c/labour-2016/endorsements",
		"/c/labour-2016/candidates/owen-smith",
		"/endorsers/gmb",
		"/methodology",
		"/c/labour-2016/methodology",
		"/report",
		"/contests",
		"/endorsers",
		"/search?q=corbyn",
		"/c/labour-2016/changes",
		"/data-dictionary",
		"/embed/labour-2016/nope",
	}
	for _, name := range charts2016() {
		pages = append(pages, "/embed/labour-2016/"+name)
	}
	pages = append(pages, "/embed/labour-2016/support-over-time?theme=dark", "/embed/labour-2016/clp-nominations?theme=auto")
	run := func(t *testing.T, ctx context.Context) []axeResult {
		t.Helper()
		// DevTools evaluates outside the page's CSP, so axe needs no script-src exception.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](string(axe))); err != nil {
			t.Fatalf("load axe-core: %v", err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeResult](`axe.run(document, {resultTypes: ['violations']}).then(function (r) {
  return r.violations.map(function (v) { return {id: v.id, impact: v.impact || '', help: v.help,
    nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); })}; }); })`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("axe.run: %v", err)
		}
		return got
	}
	scripts := func(ctx context.Context, on bool) {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on}); err != nil {
			t.Fatal(err)
		}
	}
	for _, script := range []bool{false, true} {
		for _, p := range pages {
			t.Run(fmt.Sprintf("%s script=%v", strings.ReplaceAll(strings.TrimPrefix(p, "/"), "/", "_"), script), func(t *testing.T) {
				stepCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
				defer cancel()
				// Without script, the page is loaded as it first paints; scripts are then
				// switched back on for axe alone (the page's own have been passed over).
				scripts(stepCtx, script)
				if err := chromedp.Do(stepCtx, chromedp.Navigate(base+p), chromedp.WaitReady("body")); err != nil {
					t.Fatal(err)
				}
				scripts(stepCtx, true)
				if script && strings.Contains(p, "/embed/") && !strings.HasSuffix(p, "/nope") {
					if _, err := chromedp.Run(stepCtx, chromedp.Poll[bool](`document.querySelector('div.chart[data-rendered]') !== null || document.querySelector('div.chart') === null`,
						chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
						t.Fatalf("the interactive chart did not draw: %v", err)
					}
				}
				for _, v := range run(t, stepCtx) {
					t.Errorf("%s (%s): %s, on %v", v.ID, v.Impact, v.Help, v.Nodes)
				}
				// The error page's own 404 is the one load that may fail.
				if e := errs.Take(); len(e) > 0 && script && !strings.HasSuffix(p, "/nope") {
					t.Errorf("page errors: %s", strings.Join(e, "\n"))
				}
			})
		}
	}
}

// TestBrowserEmbedAMPResize frames an embed from another origin and listens as AMP's
// amp-iframe does: the embed must ask for its content height with AMP's embed-size message.
func TestBrowserEmbedAMPResize(t *testing.T) {
	base := startServer(t)
	article := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><meta charset="utf-8"><title>An AMP article</title></head><body>
<script>window.ampHeight = 0; window.addEventListener('message', function (e) {
  if (e.data && e.data.sentinel === 'amp' && e.data.type === 'embed-size') { window.ampHeight = e.data.height; } });</script>
<iframe id="embed" src="`+base+`/embed/labour-2016/clp-nominations" title="CLP nominations" width="640" height="150"></iframe></body></html>`)
	}))
	t.Cleanup(article.Close)
	ctx, errs := browsertest.NewTab(t, 900, 900)
	stepCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(stepCtx, chromedp.Navigate(article.URL)); err != nil {
		t.Fatal(err)
	}
	h, err := chromedp.Run(stepCtx, chromedp.Poll[float64](`window.ampHeight > 0 ? window.ampHeight : null`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatalf("no embed-size message reached the page: %v", err)
	}
	// A 360-pixel chart with its title, summary and footer.
	if h < 420 || h > 900 {
		t.Errorf("embed-size asked for %v pixels", h)
	}
	if e := errs.Take(); len(e) > 0 {
		t.Errorf("page errors: %s", strings.Join(e, "\n"))
	}
}
