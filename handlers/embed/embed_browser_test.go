package embed_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/internal/browsertest"
)

// TestEmbedFramedByAnotherOrigin serves the app on one loopback port and a reporter's article
// on another (a different origin), which frames an embed with the responsive code: the chart
// must draw (Corbyn's red on screen inside the iframe) and the iframe must take the height of
// its content through embed-resize.js, ignoring messages from any other origin.
func TestEmbedFramedByAnotherOrigin(t *testing.T) {
	app, _ := handlertest.NewApp(t)

	appLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(appLn)
	t.Cleanup(func() { app.Shutdown() })
	appURL := "http://" + appLn.Addr().String()
	embedURL := appURL + "/embed/labour-2016/clp-nominations"

	article := `<!doctype html><html><head><meta charset="utf-8"><title>A reporter's article</title></head>
<body style="margin:0;font-family:sans-serif"><p>Paragraph before the chart.</p>
<div style="width:700px"><iframe id="embed" src="` + embedURL + `" title="CLP nominations" width="100%" height="150" frameborder="0" scrolling="no"></iframe>
<script src="` + appURL + `/static/embed-resize.js" async></script></div>
<p>Paragraph after the chart.</p></body></html>`
	siteLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	site := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, article)
	})}
	go site.Serve(siteLn)
	t.Cleanup(func() { site.Close() })
	articleURL := "http://" + siteLn.Addr().String() + "/article"

	// Started after the servers, so it is closed (with its connections) before they stop.
	ctx, errs := browsertest.NewTab(t, 1000, 1200)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()

	// The iframe starts 150 pixels tall; the embed tells the article its real height.
	err = chromedp.Do(ctx,
		chromedp.Navigate(articleURL),
		chromedp.WaitVisible("#embed"),
	)
	if err != nil {
		t.Fatalf("load the article: %v", err)
	}
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("embed").getAttribute("height") !== "150"`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatalf("the iframe was never resized from 150 pixels: %v", err)
	}
	attr, err := chromedp.Run(ctx, chromedp.AttributeValue("#embed", "height"))
	if err != nil {
		t.Fatal(err)
	}
	height := attr.Value
	framed, _ := strconv.Atoi(height)
	if framed < 360 || framed > 900 {
		t.Fatalf("iframe height %d, want the embed's content height (a 360-pixel chart plus title and footer)", framed)
	}

	// Wait for the chart to draw, then look at the iframe's pixels: the chart's bars in
	// Corbyn's colour must be on screen.
	var inked int
	deadline := time.Now().Add(30 * time.Second)
	for {
		shot, err := chromedp.Run(ctx, chromedp.Screenshot("#embed"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatal(err)
		}
		inked = 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if near(rgbAt(img, x, y), [3]uint8{0xc8, 0x10, 0x2e}) {
					inked++
				}
			}
		}
		if inked > 2000 || time.Now().After(deadline) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if inked <= 2000 {
		t.Fatalf("only %d pixels of Corbyn's red in the framed embed: the chart did not draw", inked)
	}
	t.Logf("iframe resized from 150 to %d pixels; %d pixels of Corbyn's red in it", framed, inked)
	t.Logf("screenshot: %s", browsertest.Screenshot(t, ctx, "embed-framed.png"))

	// A message from the article's own origin (not the app's) must not resize the iframe.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`window.postMessage({type: "backers:embed-height", height: 2000}, "*")`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if after, err := chromedp.Run(ctx, chromedp.AttributeValue("#embed", "height")); err != nil || after.Value != height {
		t.Errorf("a message from another origin resized the iframe from %s to %s (%v)", height, after.Value, err)
	}

	// The height it took is the embed's own: the same page opened at the iframe's width.
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(700, 1200),
		chromedp.Navigate(embedURL),
		chromedp.WaitReady("body"),
	)
	if err != nil {
		t.Fatal(err)
	}
	// Its height is read once the page has loaded and laid out, however busy the machine.
	var direct float64
	for settle := time.Now().Add(10 * time.Second); ; {
		direct, err = chromedp.Run(ctx, chromedp.Evaluate[float64](`document.readyState === 'complete'
  ? Math.ceil(document.documentElement.getBoundingClientRect().height) : -1`))
		if err != nil {
			t.Fatal(err)
		}
		if d := float64(framed) - direct; (d >= -4 && d <= 4) || time.Now().After(settle) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if d := float64(framed) - direct; d < -4 || d > 4 {
		t.Errorf("iframe height %d, but the embed's content is %.0f pixels tall at that width", framed, direct)
	}

	// On a phone-sized frame the chart narrows with it: nothing sticks out sideways.
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(320, 800),
		chromedp.Navigate(embedURL+"?theme=dark&height=300"),
		chromedp.WaitReady("body"),
	)
	if err != nil {
		t.Fatal(err)
	}
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('div.chart[data-rendered]') !== null`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatalf("the chart did not draw at 320 pixels: %v", err)
	}
	narrow, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[document.documentElement.scrollWidth, window.innerWidth,
		document.querySelector('div.chart canvas').getBoundingClientRect().width,
		document.querySelector('div.chart').getBoundingClientRect().height]`))
	if err != nil {
		t.Fatal(err)
	}
	if narrow[0] > narrow[1] || narrow[2] > narrow[1] {
		t.Errorf("at 320 pixels: page %v wide, canvas %v wide, viewport %v", narrow[0], narrow[2], narrow[1])
	}
	if narrow[3] != 300 {
		t.Errorf("height=300 gave a chart %v pixels tall", narrow[3])
	}
	if e := errs.Take(); len(e) > 0 {
		t.Errorf("page errors: %s", strings.Join(e, "\n"))
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatal("browser test timed out")
	}
}
