package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backers/backers/internal/browsertest"
)

// TestBrowserSupportLegend draws the dashboard's headline chart, support over time, in
// Chromium: its legend must tell each candidate's reported tallies from the records counted
// here, in words (what ECharts' accessible description and legend list) and in line style
// (dashed for reported, solid for counted), in titled panels of their own kinds.
func TestBrowserSupportLegend(t *testing.T) {
	ctx, errs := browsertest.NewTab(t, 1200, 900)
	base := startServer(t)
	stepCtx, cancel := context.WithTimeout(ctx, 120*time.Second)
	defer cancel()
	for _, path := range []string{"/c/labour-2016", "/embed/labour-2016/support-over-time"} {
		t.Run(path, func(t *testing.T) {
			if err := chromedp.Do(stepCtx, chromedp.Navigate(base+path)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(stepCtx, chromedp.Poll[bool](`document.querySelector('#chart-support-over-time[data-rendered]') !== null`,
				chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
				t.Fatalf("the chart did not draw: %v", err)
			}
			label, err := chromedp.Run(stepCtx, chromedp.Evaluate[string](`document.querySelector('#chart-support-over-time').getAttribute('aria-label') || ''`))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("aria-label: %s", label)
			for _, want := range []string{"Jeremy Corbyn · reported", "Jeremy Corbyn · counted", "Owen Smith · reported", "Owen Smith · counted"} {
				if !strings.Contains(label, want) {
					t.Errorf("the chart's description lacks the series %q", want)
				}
			}
			t.Logf("screenshot: %s", browsertest.Screenshot(t, stepCtx, strings.ReplaceAll(strings.Trim(path, "/"), "/", "-")+".png"))
			if e := errs.Take(); len(e) > 0 {
				t.Errorf("page errors: %s", strings.Join(e, "\n"))
			}
		})
	}
}
