package public_test

import (
	"context"
	"encoding/json"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
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

// tab drives one page of a test's browser, failing the test on any error.
type tab struct {
	t   *testing.T
	ctx context.Context
}

func (b tab) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func (b tab) eval(js string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return s
}

// TestBrowserDateSlider moves the dashboard's date slider with the keyboard and then with the
// mouse: each time the page loads the day chosen, its cards and date input follow it.
func TestBrowserDateSlider(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	base := serve(t, app)
	ctx := browser(t)
	b := tab{t, ctx}
	run, value := b.run, b.eval
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

	run("open", chromedp.Navigate(base+"/c/labour-2016"), chromedp.WaitVisible(`#as-of-range`))
	// Home is the first day (the first counted record, 1 Jul, before nominations opened);
	// nineteen steps right is 20 Jul, loaded once the reader stops pressing.
	run("keyboard", chromedp.Focus(`#as-of-range`), chromedp.KeyEvent(kb.Home))
	for range 19 {
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

// TestBrowserSearchSuggestions types in the header's search box: suggestions come as the
// reader types, accents folded, hostile names as text; the arrow keys and Enter open one.
func TestBrowserSearchSuggestions(t *testing.T) {
	app, f := handlertest.NewBrowseFixture(t)
	f.Endorser("zoe-o-brien", "Zoë O’Brien", "mp", "Testshire")
	base := serve(t, app)
	ctx := browser(t)
	b := tab{t, ctx}
	run, eval := b.run, b.eval
	suggestions := `Array.from(document.querySelectorAll("#site-search-suggestions [role=option] a")).map(a => a.textContent).join("|")`
	// waitSuggested waits for the answer to query q, which must suggest want.
	waitSuggested := func(q, want string) string {
		t.Helper()
		var got string
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if eval(`document.getElementById("site-search-suggestions").getAttribute("data-query") || ""`) != q {
				continue
			}
			if got = eval(suggestions); strings.Contains(got, want) {
				return got
			}
		}
		t.Fatalf("no suggestion %q; suggested %q", want, got)
		return ""
	}

	run("open", chromedp.Navigate(base+"/contests"), chromedp.WaitVisible(`#site-search-q`))
	run("type", chromedp.SendKeys(`#site-search-q`, "hostile"))
	waitSuggested("hostile", "<script>alert(1)</script> Hostile MP")
	if n := eval(`String(document.querySelectorAll("#site-search-suggestions img, #site-search-suggestions script").length)`); n != "0" {
		t.Errorf("a hostile name became %s elements in the suggestions", n)
	}
	if got := eval(`document.getElementById("site-search-q").getAttribute("aria-expanded")`); got != "true" {
		t.Errorf("aria-expanded %q while suggesting", got)
	}

	// A new query replaces the suggestions; "zoe" finds "Zoë".
	eval(`document.getElementById("site-search-q").value = ""`)
	run("retype", chromedp.SendKeys(`#site-search-q`, "zoe"))
	if got := waitSuggested("zoe", "Zoë O’Brien"); strings.Contains(got, "Hostile") {
		t.Errorf("suggestions for zoe still hold the last query's: %q", got)
	}
	run("down", chromedp.KeyEvent(kb.ArrowDown))
	if got := eval(`document.getElementById("site-search-q").getAttribute("aria-activedescendant") || "none"`); got != "site-search-option-0" {
		t.Errorf("after ArrowDown the active suggestion is %q; focused %s, list hidden %s", got, eval(`document.activeElement.id`), eval(`String(document.getElementById("site-search-suggestions").hidden)`))
	}
	run("choose", chromedp.KeyEvent(kb.Enter))
	var loc string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if l, err := chromedp.Run(ctx, chromedp.Location()); err == nil {
			if loc = l; strings.HasSuffix(loc, "/endorsers/zoe-o-brien") {
				break
			}
		}
	}
	if !strings.HasSuffix(loc, "/endorsers/zoe-o-brien") {
		t.Fatalf("Enter on the suggestion went to %q", loc)
	}

	// Without waiting for suggestions, the form itself searches.
	run("submit", chromedp.Navigate(base+"/contests"), chromedp.WaitVisible(`#site-search-q`),
		chromedp.SendKeys(`#site-search-q`, "corbyn\r"), chromedp.WaitVisible(`.search-results`))
	if got := eval(`document.querySelector(".search-page").textContent`); !strings.Contains(got, "Jeremy Corbyn") {
		t.Errorf("the search page for corbyn: %q", got)
	}
}

// TestBrowserSearchSuggestionsDebounced types a burst of keys into the header's search box:
// the suggestions script waits for the pause and asks its JSON endpoint once, for what the box
// then holds, not once a key; a second burst after the answer asks once more. Requests are
// counted as the browser sends them.
func TestBrowserSearchSuggestionsDebounced(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	base := serve(t, app)
	ctx := browser(t)
	b := tab{t, ctx}
	var mu sync.Mutex
	var asked []string // the q of each request to the suggestions endpoint, in order
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			if u, err := url.Parse(e.Request.URL); err == nil && u.Path == "/api/v1/search" {
				mu.Lock()
				asked = append(asked, u.Query().Get("q"))
				mu.Unlock()
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	requests := func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), asked...) }
	// burst types keys into the box as a fast typist does, a key every 40 ms (the page's own
	// timers keep the pace, whatever the test's round trips cost): each an input event, no gap
	// the length of the script's 200 ms wait for the end of typing, the whole burst longer.
	burst := func(keys string, backspaces int) {
		t.Helper()
		q, _ := json.Marshal(keys)
		b.eval(`(function (keys, back) {
			var input = document.getElementById("site-search-q");
			input.focus();
			var steps = [];
			for (var i = 0; i < back; i++) {
				steps.push(function () { input.value = input.value.slice(0, -1); });
			}
			keys.split("").forEach(function (k) { steps.push(function () { input.value += k; }); });
			(function next() {
				if (!steps.length) {
					return;
				}
				steps.shift()();
				input.dispatchEvent(new Event("input", { bubbles: true }));
				setTimeout(next, 40);
			})();
			return "typing";
		})(` + string(q) + `, ` + strconv.Itoa(backspaces) + `)`)
	}
	// answered waits for the suggestions to answer q, then as long again as the script waits,
	// so that any request a key still had pending has been sent.
	answered := func(q string) {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if b.eval(`document.getElementById("site-search-suggestions").getAttribute("data-query") || ""`) == q {
				time.Sleep(600 * time.Millisecond) // three times the script's 200 ms
				return
			}
		}
		t.Fatalf("no suggestions for %q; requests %q", q, requests())
	}

	b.run("open", chromedp.Navigate(base+"/contests"), chromedp.WaitVisible(`#site-search-q`))
	burst("corbyn", 0)
	answered("corbyn")
	if got := requests(); len(got) != 1 || got[0] != "corbyn" {
		t.Fatalf("six keys typed in quick succession asked %q, want one request, for \"corbyn\"", got)
	}
	burst("", 3)
	answered("cor")
	if got := requests(); len(got) != 2 || got[1] != "cor" {
		t.Errorf("three quick backspaces after the first answer: requests %q, want one more, for \"cor\"", got)
	}
}
