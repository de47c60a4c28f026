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
// here, in words (the series names ECharts' legend and its accessible description give) and in
// line style (the options it drew give reported series dashed lines with points, counted
// series solid steps).
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
			styles, err := chromedp.Run(stepCtx, chromedp.Evaluate[[]string](`JSON.parse(document.getElementById('chart-support-over-time-options').textContent)
  .series.map(function (s) { return s.name + '=' + ((s.lineStyle && s.lineStyle.type) || 'solid') + (s.step ? ' step' : '') })`))
			if err != nil {
				t.Fatal(err)
			}
			reported, counted := 0, 0
			for _, st := range styles {
				name, style, _ := strings.Cut(st, "=")
				switch {
				case strings.HasSuffix(name, " · reported") && style == "dashed":
					reported++
				case strings.HasSuffix(name, " · counted") && style == "solid step":
					counted++
				default:
					t.Errorf("series %q is drawn %q", name, style)
				}
			}
			if reported == 0 || counted == 0 {
				t.Errorf("%d reported and %d counted series, want both: %q", reported, counted, styles)
			}
			if e := errs.Take(); len(e) > 0 {
				t.Errorf("page errors: %s", strings.Join(e, "\n"))
			}
		})
	}
}
