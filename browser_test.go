package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/backers/backers/charts"
)

// chromiumPath is where Debian's chromium lives; BACKERS_CHROMIUM overrides it.
func chromiumPath() string {
	if p := os.Getenv("BACKERS_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// requireBrowser finds Chromium, skipping the test where there is none unless
// BACKERS_REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure.
func requireBrowser(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath(chromiumPath())
	if err == nil {
		return path
	}
	if os.Getenv("BACKERS_REQUIRE_BROWSER") == "1" {
		t.Fatalf("BACKERS_REQUIRE_BROWSER=1 but no Chromium at %s: %v", chromiumPath(), err)
	}
	t.Skipf("skipping the browser test: no Chromium at %s (install Debian's chromium, or set BACKERS_CHROMIUM)", chromiumPath())
	return ""
}

// startServer runs the real app on 127.0.0.1:0 over a freshly seeded SQLite file.
func startServer(t *testing.T) string {
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
	return "http://" + ln.Addr().String()
}

// pageErrors collects the JavaScript exceptions, console errors and browser log errors (CSP
// violations, failed loads) of a tab.
type pageErrors struct {
	mu   sync.Mutex
	msgs []string
}

func (p *pageErrors) listen(ev any) {
	var msg string
	switch e := ev.(type) {
	case *runtime.EventExceptionThrown:
		msg = "exception: " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			msg += " " + e.ExceptionDetails.Exception.Description
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			msg = "console." + string(e.Type) + ": " + strings.Join(parts, " ")
		}
	case *log.EventEntryAdded:
		// Chromium asks for /favicon.ico on its own; the site has none, and that is no page error.
		if e.Entry.Level == log.EntryLevelError && !strings.HasSuffix(e.Entry.URL, "/favicon.ico") {
			msg = "log: " + e.Entry.Text + " " + e.Entry.URL
		}
	}
	if msg != "" {
		p.mu.Lock()
		p.msgs = append(p.msgs, msg)
		p.mu.Unlock()
	}
}

func (p *pageErrors) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.msgs
	p.msgs = nil
	return out
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
	execPath := requireBrowser(t)
	base := startServer(t)

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil { // start the browser and open the tab
		t.Fatalf("start chromium: %v", err)
	}
	var errs pageErrors
	if err := chromedp.Listen(ctx, errs.listen); err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("BACKERS_SCREENSHOT_DIR")
	if shots == "" {
		shots = t.TempDir()
	}

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
			// Wait until every chart has finished drawing (charts.js marks it).
			_, err = chromedp.Run(stepCtx, chromedp.Poll[bool](`document.querySelectorAll('div.chart').length > 0 &&
				document.querySelectorAll('div.chart:not([data-rendered])').length === 0`,
				chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
			if err != nil {
				n, _ := chromedp.Run(stepCtx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('div.chart:not([data-rendered])')).map(function (e) { return e.id; })`))
				t.Fatalf("charts not drawn: %v (waiting: %v; errors: %v)", err, n, errs.take())
			}
			inks, err := chromedp.Run(stepCtx, chromedp.Evaluate[[]chartInk](inkScript))
			if err != nil {
				t.Fatal(err)
			}
			if len(inks) != len(charts.Names()) {
				t.Errorf("%d charts drawn, want %d: %+v", len(inks), len(charts.Names()), inks)
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
			overflow, err := chromedp.Run(stepCtx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if overflow > 0 {
				t.Errorf("the page is %dpx wider than the %dpx viewport", overflow, vp.width)
			}
			png, err := chromedp.Run(stepCtx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(shots, fmt.Sprintf("dashboard-%s.png", vp.name))
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot: %s; ink per chart: %v", file, inks)
			if e := errs.take(); len(e) > 0 {
				t.Errorf("page errors: %s", strings.Join(e, "\n"))
			}
		})
	}
	if err := chromedp.Cancel(ctx); err != nil && !errors.Is(err, context.Canceled) {
		t.Logf("close chromium: %v", err)
	}
}
