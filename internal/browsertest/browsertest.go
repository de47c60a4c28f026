// Package browsertest starts headless Chromium for the browser tests of package main and of
// handlers: one way to find the browser, one set of flags, one rule for skipping, one collector
// of page errors and one place for screenshots.
package browsertest

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium finds the browser: $BACKERS_CHROMIUM, else Debian's /usr/bin/chromium, another
// distribution's /usr/bin/chromium-browser, or chromium on the PATH.
func chromium() (string, bool) {
	for _, p := range []string{os.Getenv("BACKERS_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
	}
	p, err := exec.LookPath("chromium")
	return p, err == nil
}

// NewTab starts a fresh headless Chromium (the project's flags, a new profile, a width x height
// window) and returns its tab, with the tab's page errors collected from the start. The browser
// is closed when the test ends. Where there is no Chromium the test is skipped, unless
// BACKERS_REQUIRE_BROWSER=1 (as in CI), where it fails.
func NewTab(t testing.TB, width, height int) (context.Context, *Errors) {
	t.Helper()
	path, ok := chromium()
	if !ok {
		if os.Getenv("BACKERS_REQUIRE_BROWSER") == "1" {
			t.Fatal("BACKERS_REQUIRE_BROWSER=1 but there is no Chromium: not at $BACKERS_CHROMIUM, /usr/bin/chromium or on the PATH")
		}
		t.Skip("skipping the browser test: no Chromium at $BACKERS_CHROMIUM, /usr/bin/chromium or on the PATH " +
			"(install Debian's chromium; BACKERS_REQUIRE_BROWSER=1 makes this a failure)")
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
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
		chromedp.WindowSize(width, height),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		if err := chromedp.Cancel(ctx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("close chromium: %v", err)
		}
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // start the browser and open the tab
		t.Fatalf("start chromium: %v", err)
	}
	errs := &Errors{}
	if err := chromedp.Listen(ctx, errs.listen); err != nil {
		t.Fatal(err)
	}
	return ctx, errs
}

// Errors collects the JavaScript exceptions, console errors and browser log errors (CSP
// violations, failed loads) of a tab.
type Errors struct {
	mu   sync.Mutex
	msgs []string
}

func (p *Errors) listen(ev any) {
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

// Take returns the errors collected since the last Take.
func (p *Errors) Take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.msgs
	p.msgs = nil
	return out
}

// Screenshot saves the whole page as a PNG named name in $BACKERS_SCREENSHOT_DIR (else a
// temporary directory) and returns its path.
func Screenshot(t testing.TB, ctx context.Context, name string) string {
	t.Helper()
	dir := os.Getenv("BACKERS_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 gives a PNG
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}
