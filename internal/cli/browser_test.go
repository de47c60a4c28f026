package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/internal/browsertest"
	"github.com/backers/backers/store"
)

// startServer runs the real app on 127.0.0.1:0 over a freshly seeded SQLite file.
// charts2016 names the charts of the seeded 2016 contest: every chart but the points view,
// since every endorsement in 2016 counts one (a points view would repeat the count).
func charts2016() []string {
	var out []string
	for _, name := range charts.Names() {
		if name != "points-over-time" {
			out = append(out, name)
		}
	}
	return out
}

func startServer(t *testing.T) string {
	t.Helper()
	base, _, _ := startServerStore(t)
	return base
}

// startServerStore is startServer that also hands back the open store and the database file.
func startServerStore(t *testing.T) (base string, st *store.Store, db string) {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := Config{DB: filepath.Join(t.TempDir(), "backers.db")}
	st, err := openStore(cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	app := newApp(cfg, st, logger)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String(), st, cfg.DB
}

// chartInk is what the page reports of one drawn chart.
type chartInk struct {
	ID     string `json:"id"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Ink    int    `json:"ink"` // pixels drawn on the canvas (not transparent, not white)
}

// inkScript counts, for each chart container, the pixels its canvas has drawn.
const inkScript = `Array.from(document.querySelectorAll('div.chart')).map(function (el) {
  var c = el.querySelector('canvas');
  if (!c || !c.width || !c.height) { return {id: el.id, width: 0, height: 0, ink: 0}; }
  var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, ink = 0;
  for (var i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 0 && !(d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245)) { ink++; }
  }
  return {id: el.id, width: c.width, height: c.height, ink: ink};
})`

// TestBrowserDashboard loads the seeded dashboard in headless Chromium, on a desktop and a
// phone-sized viewport, and checks that every chart is drawn with ink on its canvas, that the
// page does not overflow sideways, and that no script error or CSP violation occurs.
func TestBrowserDashboard(t *testing.T) {
	ctx, errs := browsertest.NewTab(t, 1280, 900)
	base := startServer(t)

	for _, vp := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{
		{"desktop", 1280, 900, false},
		{"phone", 390, 844, true},
	} {
		t.Run(vp.name, func(t *testing.T) {
			stepCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
			defer cancel()
			opts := []chromedp.EmulateViewportOption{}
			if vp.mobile {
				opts = append(opts, chromedp.EmulateScale(2), chromedp.EmulatePortrait)
			}
			err := chromedp.Do(stepCtx,
				chromedp.EmulateViewport(vp.width, vp.height, opts...),
				chromedp.Navigate(base+"/c/labour-2016"),
			)
			if err != nil {
				t.Fatalf("load dashboard: %v", err)
			}
			inks := drawnCharts(t, stepCtx, errs)
			if len(inks) != len(charts2016()) {
				t.Errorf("%d charts drawn, want %d: %+v", len(inks), len(charts2016()), inks)
			}
			for _, c := range inks {
				// A chart with axes, a legend and data covers thousands of pixels; an empty
				// canvas has none.
				if c.Ink < 2000 {
					t.Errorf("%s: only %d pixels of ink on a %dx%d canvas", c.ID, c.Ink, c.Width, c.Height)
				}
				if int64(c.Width) > vp.width*2*2 {
					t.Errorf("%s: canvas %dpx wide on a %dpx viewport", c.ID, c.Width, vp.width)
				}
			}
			if overflow, wide := overflowX(t, stepCtx); overflow > 0 {
				t.Errorf("the page is %dpx wider than the %dpx viewport (widest: %v)", overflow, vp.width, wide)
			}
			file := browsertest.Screenshot(t, stepCtx, fmt.Sprintf("dashboard-%s.png", vp.name))
			t.Logf("screenshot: %s; ink per chart: %v", file, inks)
			if e := errs.Take(); len(e) > 0 {
				t.Errorf("page errors: %s", strings.Join(e, "\n"))
			}
		})
	}
}

// TestBrowserPhoneWidth loads the public pages at a phone's width (390 CSS pixels) and checks
// that none is wider than the screen: the endorsements table, stacked into one block per row,
// must show the 12 affiliated unions that nominated without any sideways scrolling.
func TestBrowserPhoneWidth(t *testing.T) {
	ctx, errs := browsertest.NewTab(t, 390, 844)
	base := startServer(t)
	pages := []struct {
		name, path string
		rows       int  // rows the endorsements table must show; -1 where there is no such table
		chart      bool // the page draws a chart
	}{
		{"unions", "/c/labour-2016/endorsements?kind=affiliated-union", 12, false},
		{"table", "/c/labour-2016/endorsements?status=current&status=withdrawn", -1, false},
		{"no-match", "/c/labour-2016/endorsements?kind=clp&q=nobody-at-all", 0, false},
		{"contests", "/contests", -1, false},
		{"candidate", "/c/labour-2016/candidates/owen-smith", -1, true},
		{"endorser", "/endorsers/gmb", -1, false},
		{"methodology", "/c/labour-2016/methodology", -1, false},
		{"data-dictionary", "/data-dictionary", -1, false},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			stepCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
			defer cancel()
			err := chromedp.Do(stepCtx,
				chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulatePortrait),
				chromedp.Navigate(base+p.path),
			)
			if err != nil {
				t.Fatalf("load %s: %v", p.path, err)
			}
			if p.chart {
				if inks := drawnCharts(t, stepCtx, errs); len(inks) != 1 || inks[0].Ink < 2000 {
					t.Errorf("want one chart with ink, got %+v", inks)
				}
			}
			if overflow, wide := overflowX(t, stepCtx); overflow > 0 {
				t.Errorf("%s is %dpx wider than the 390px viewport (widest: %v)", p.path, overflow, wide)
			}
			if p.rows >= 0 {
				n, err := chromedp.Run(stepCtx, chromedp.Evaluate[int](`document.querySelectorAll('table.data tbody tr').length`))
				if err != nil {
					t.Fatal(err)
				}
				if n != p.rows {
					t.Errorf("%s shows %d rows, want %d", p.path, n, p.rows)
				}
				if p.rows > 0 {
					// Stacked: each row is as wide as the screen's column, and every row's cells
					// are on the screen.
					off, err := chromedp.Run(stepCtx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll('table.data tbody td')).filter(function (e) {
  var r = e.getBoundingClientRect(); return r.width > 0 && (r.left < 0 || r.right > window.innerWidth); }).length`))
					if err != nil {
						t.Fatal(err)
					}
					if off > 0 {
						t.Errorf("%d table cells are off the screen", off)
					}
				}
			}
			t.Logf("screenshot: %s", browsertest.Screenshot(t, stepCtx, "phone-"+p.name+".png"))
			if e := errs.Take(); len(e) > 0 {
				t.Errorf("page errors: %s", strings.Join(e, "\n"))
			}
		})
	}
}

// drawnCharts waits until every chart on the page has finished drawing (charts.js marks it)
// and returns the ink on each canvas.
func drawnCharts(t *testing.T, ctx context.Context, errs *browsertest.Errors) []chartInk {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('div.chart').length > 0 &&
		document.querySelectorAll('div.chart:not([data-rendered])').length === 0`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		n, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('div.chart:not([data-rendered])')).map(function (e) { return e.id; })`))
		t.Fatalf("charts not drawn: %v (waiting: %v; errors: %v)", err, n, errs.Take())
	}
	inks, err := chromedp.Run(ctx, chromedp.Evaluate[[]chartInk](inkScript))
	if err != nil {
		t.Fatal(err)
	}
	return inks
}

// overflowX is how many pixels the page is wider than the viewport, with the first elements
// that stick out, to say what to fix.
func overflowX(t *testing.T, ctx context.Context) (int, []string) {
	t.Helper()
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if overflow <= 0 {
		return overflow, nil
	}
	wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('body *')).filter(function (e) {
  return e.getBoundingClientRect().right > window.innerWidth + 1; }).slice(0, 5).map(function (e) { return e.tagName + '.' + e.className; })`))
	return overflow, wide
}
