package handlers_test

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backers/backers/handlers"
	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// listening serves the real app on a loopback port, so requests come from 127.0.0.1 as they
// would from a reverse proxy on the same machine, and returns its base URL.
func listening(t *testing.T, trusted []string) (string, *store.Store, *handlertest.Clock) {
	t.Helper()
	return listeningWith(t, &handlers.Handler{TrustedProxies: trusted})
}

// listeningWith is listening with the handler's other settings too; it fills the store and clock.
func listeningWith(t *testing.T, h *handlers.Handler) (string, *store.Store, *handlertest.Clock) {
	t.Helper()
	clock := handlertest.NewClock(handlertest.PinnedNow)
	st := handlertest.SeededStore(t, "", clock.Now)
	h.Store, h.Now = st, clock.Now
	app := handlers.NewApp(h)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	return "http://" + ln.Addr().String(), st, clock
}

// sendReport posts a filled report form through a "proxy" that sets X-Forwarded-For.
func sendReport(t *testing.T, base, forwardedFor string, form url.Values) int {
	t.Helper()
	req, err := http.NewRequest("POST", base+"/report", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// filledReport loads the report form over HTTP and fills it in.
func filledReport(t *testing.T, base string) url.Values {
	t.Helper()
	resp, err := http.Get(base + "/report?endorser=unite")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	m := handlertest.StampInput.FindStringSubmatch(string(b))
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("GET /report: %d", resp.StatusCode)
	}
	return url.Values{"stamp": {m[1]}, "endorser": {"unite"}, "message": {"Unite's nomination date"},
		"source_url": {"https://www.ibtimes.co.uk/revealed-how-are-trade-unions-endorsing-jeremy-corbyn-1573889"}}
}

// addresses lists the addresses the stored reports were counted against.
func addresses(t *testing.T, st *store.Store) []string {
	t.Helper()
	rs, err := st.Reports(models.ReportOpen)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rs {
		out = append(out, r.Address)
	}
	return out
}

// TestForwardedForFromTrustedProxiesOnly checks the address that rate limits count: the
// client's from X-Forwarded-For when the request comes from a trusted proxy, the connection's
// otherwise, and never an address the client wrote into the header itself.
func TestForwardedForFromTrustedProxiesOnly(t *testing.T) {
	t.Run("trusted proxy", func(t *testing.T) {
		base, st, clock := listening(t, []string{"127.0.0.1", "10.0.0.0/8"})
		form := filledReport(t, base)
		clock.Advance(10 * time.Second)
		for i := 0; i < 5; i++ {
			if got := sendReport(t, base, "198.51.100.7", form); got != http.StatusSeeOther {
				t.Fatalf("report %d from 198.51.100.7: %d", i+1, got)
			}
		}
		if got := sendReport(t, base, "198.51.100.7", form); got != http.StatusTooManyRequests {
			t.Errorf("sixth report from 198.51.100.7: %d, want 429", got)
		}
		// Another reader behind the same proxy has their own allowance.
		if got := sendReport(t, base, "198.51.100.8", form); got != http.StatusSeeOther {
			t.Errorf("first report from 198.51.100.8: %d, want 303", got)
		}
		// A client that writes its own X-Forwarded-For gets the proxy's append counted, not
		// its invention; a chain of trusted proxies is skipped from the right.
		if got := sendReport(t, base, "203.0.113.1, 198.51.100.9", form); got != http.StatusSeeOther {
			t.Errorf("spoofed header: %d", got)
		}
		if got := sendReport(t, base, "198.51.100.10, 10.1.2.3", form); got != http.StatusSeeOther {
			t.Errorf("two proxies: %d", got)
		}
		if got := sendReport(t, base, "203.0.113.2, 198.51.100.7", form); got != http.StatusTooManyRequests {
			t.Errorf("a limited reader spoofing a new address: %d, want 429", got)
		}
		want := "198.51.100.7 198.51.100.7 198.51.100.7 198.51.100.7 198.51.100.7 198.51.100.8 198.51.100.9 198.51.100.10"
		if got := strings.Join(addresses(t, st), " "); got != want {
			t.Errorf("counted addresses\n got %s\nwant %s", got, want)
		}
	})
	t.Run("untrusted sender", func(t *testing.T) {
		base, st, clock := listening(t, []string{"10.0.0.0/8"})
		form := filledReport(t, base)
		clock.Advance(10 * time.Second)
		for i := 0; i < 5; i++ {
			if got := sendReport(t, base, "198.51.100."+strconv.Itoa(i+1), form); got != http.StatusSeeOther {
				t.Fatalf("report %d: %d", i+1, got)
			}
		}
		// A new X-Forwarded-For each time does not escape the limit: the header is ignored.
		if got := sendReport(t, base, "198.51.100.99", form); got != http.StatusTooManyRequests {
			t.Errorf("sixth report with a fresh header: %d, want 429", got)
		}
		for _, a := range addresses(t, st) {
			if a != "127.0.0.1" {
				t.Errorf("counted %s, want the connection's 127.0.0.1", a)
			}
		}
	})
	t.Run("no proxies configured", func(t *testing.T) {
		base, st, clock := listening(t, nil)
		form := filledReport(t, base)
		clock.Advance(10 * time.Second)
		if got := sendReport(t, base, "198.51.100.7", form); got != http.StatusSeeOther {
			t.Fatalf("report: %d", got)
		}
		if got := addresses(t, st); len(got) != 1 || got[0] != "127.0.0.1" {
			t.Errorf("counted %v, want [127.0.0.1]", got)
		}
	})
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := handlers.ParseTrustedProxies(" 127.0.0.1, 10.0.0.0/8 ,,::1, fd00::/8")
	if err != nil || strings.Join(got, " ") != "127.0.0.1 10.0.0.0/8 ::1 fd00::/8" {
		t.Errorf("got %q, %v", got, err)
	}
	for _, bad := range []string{"proxy.local", "10.0.0.0/33", "127.0.0.1; 10.0.0.1", "*"} {
		if _, err := handlers.ParseTrustedProxies(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if got, err := handlers.ParseTrustedProxies(""); err != nil || len(got) != 0 {
		t.Errorf("empty: %q, %v", got, err)
	}
}

// Links in the read API, the feed and the exports come from -base-url, else from the request's
// own host and scheme; X-Forwarded-Host and X-Forwarded-Proto count only from a trusted proxy,
// and then only http or https. The API's answer is kept in memory: before, one anonymous
// request with X-Forwarded-Host: evil.example made it link every later reader there.
func TestLinksFollowForwardedHeadersFromTrustedProxiesOnly(t *testing.T) {
	poison := []string{"X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "javascript"}
	pages := []string{"/api/v1/contests", "/api/v1/contests/labour-2016/endorsements?per_page=1",
		"/c/labour-2016/feed.atom", "/c/labour-2016/endorsements.csv", "/c/labour-2016/endorsements.json"}
	for _, tc := range []struct {
		name    string
		h       handlers.Handler
		headers []string
		want    string // the links' base; "" is the address the test server listens on
	}{
		{"no proxies configured", handlers.Handler{}, poison, ""},
		{"from an untrusted sender", handlers.Handler{TrustedProxies: []string{"10.0.0.0/8"}}, poison, ""},
		{"base URL set", handlers.Handler{BaseURL: "https://backers.example"}, poison, "https://backers.example"},
		{"base URL set, trusted proxy", handlers.Handler{BaseURL: "https://backers.example", TrustedProxies: []string{"127.0.0.1"}},
			poison, "https://backers.example"},
		{"trusted proxy", handlers.Handler{TrustedProxies: []string{"127.0.0.1"}},
			[]string{"X-Forwarded-Host", "news.example", "X-Forwarded-Proto", "https"}, "https://news.example"},
		{"trusted proxy, not a web scheme", handlers.Handler{TrustedProxies: []string{"127.0.0.1"}},
			[]string{"X-Forwarded-Host", "news.example", "X-Forwarded-Proto", "javascript"}, "http://news.example"},
		{"trusted proxy, not a host", handlers.Handler{TrustedProxies: []string{"127.0.0.1"}},
			[]string{"X-Forwarded-Host", "evil.example/<script>", "X-Forwarded-Proto", "https"}, "https://"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.h
			base, _, _ := listeningWith(t, &h)
			forwarded := tc.want
			switch forwarded {
			case "":
				forwarded = base
			case "https://":
				forwarded += strings.TrimPrefix(base, "http://")
			}
			for _, page := range pages {
				for _, headers := range [][]string{tc.headers, nil} { // the second reader sends none
					want := forwarded
					if headers == nil && tc.h.BaseURL == "" {
						want = base
					}
					links := fetchLinks(t, base+page, headers)
					if !strings.Contains(links, want+"/") {
						t.Errorf("%s (headers %q): no link to %s/ in\n%.600s", page, headers, want, links)
					}
					for _, bad := range []string{"evil.example", "javascript:"} {
						if strings.Contains(links, bad) {
							t.Errorf("%s (headers %q): links to %s:\n%.600s", page, headers, bad, links)
						}
					}
				}
			}
		})
	}
}

// fetchLinks GETs target with the header pairs and returns its Link header and body.
func fetchLinks(t *testing.T, target string, headers []string) string {
	t.Helper()
	req, err := http.NewRequest("GET", target, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", target, resp.StatusCode)
	}
	return resp.Header.Get("Link") + "\n" + string(b)
}
