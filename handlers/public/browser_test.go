package public_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/internal/browsertest"
)

// serve runs app on a loopback port until the test ends and returns its address.
func serve(t *testing.T, app *fiber.App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	return "http://" + ln.Addr().String()
}

// browser starts headless Chromium for one test of at most a minute, after the server so it
// closes first, and fails the test on any page error it collected.
func browser(t *testing.T) context.Context {
	t.Helper()
	ctx, errs := browsertest.NewTab(t, 1000, 900)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		cancel()
		if e := errs.Take(); len(e) > 0 {
			t.Errorf("page errors: %v", e)
		}
	})
	return ctx
}

// TestBrowserDateSlider moves the dashboard's date slider with the keyboard and then with the
// mouse: each time the page loads the day chosen, its cards and date input follow it.
func TestBrowserDateSlider(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	base := serve(t, app)
	ctx := browser(t)
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	// waitFor asks until js is true; a page navigating away in between is asked again.
	waitFor := func(what, js string) {
		t.Helper()
		var err error
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			var ok bool
			if ok, err = chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
				return
			}
		}
		t.Fatalf("%s: never true (%v)", what, err)
	}
	value := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return s
	}

	run("open", chromedp.Navigate(base+"/c/labour-2016"), chromedp.WaitVisible(`#as-of-range`))
	// Home is the first day (nominations open, 11 Jul); nine steps right is 20 Jul, loaded once
	// the reader stops pressing.
	run("keyboard", chromedp.Focus(`#as-of-range`), chromedp.KeyEvent(kb.Home))
	for range 9 {
		run("arrow", chromedp.KeyEvent(kb.ArrowRight))
	}
	if got := value(`document.getElementById("as-of-output").textContent`); got != "20 Jul 2016" {
		t.Errorf("the slider's label says %q while on 20 Jul 2016", got)
	}
	waitFor("the keyboard's day loads", `location.search === "?as_of=2016-07-20"`)
	run("loaded", chromedp.WaitVisible(`#as-of-range`))
	if got := value(`document.getElementById("as-of-date").value`); got != "2016-07-20" {
		t.Errorf("date input %q after loading 20 Jul", got)
	}
	if got := value(`document.querySelector(".as-of-note").textContent`); !strings.Contains(got, "20 Jul 2016") {
		t.Errorf("the page does not say it shows 20 Jul 2016: %q", got)
	}
	// No CLP had nominated by 20 Jul: the 285 to 53 of 15 Aug is not among the cards.
	if cards := value(`document.querySelector("section.headlines") ? document.querySelector("section.headlines").textContent : ""`); strings.Contains(cards, "285") {
		t.Errorf("cards as of 20 Jul show the CLP count of 15 Aug: %q", cards)
	}

	// A click three quarters along the track picks a day in September, after the nominations.
	box, err := chromedp.Run(ctx, chromedp.Dimensions(`#as-of-range`))
	if err != nil {
		t.Fatal(err)
	}
	q := box.Content
	x0, y0, width, height := q[0], q[1], q[2]-q[0], q[5]-q[1]
	run("mouse", chromedp.MouseClickXY(x0+width*0.75, y0+height/2))
	waitFor("the mouse's day loads", `/^\?as_of=2016-09-\d\d$/.test(location.search)`)
	run("loaded", chromedp.WaitVisible(`#as-of-range`))
	day := strings.TrimPrefix(value(`location.search`), "?as_of=")
	if got := value(`document.getElementById("as-of-date").value`); got != day {
		t.Errorf("date input %q, page as of %q", got, day)
	}
	if cards := value(`document.querySelector("section.headlines").textContent`); !strings.Contains(cards, "285") {
		t.Errorf("cards as of %s lack the CLP count of 15 Aug: %q", day, cards)
	}
}
