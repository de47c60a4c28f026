package cli

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/backers/backers/models"
)

// Eight editors record endorsements at once through the real server while readers load the
// dashboard, the table, the exports and the API: SQLite has one writer at a time, and the busy
// timeout and immediate transactions must make the others wait, never fail. Every request must
// succeed and every write must be in the database afterwards.
func TestConcurrentWritersAndReaders(t *testing.T) {
	if testing.Short() {
		t.Skip("runs many requests against a real server")
	}
	const writers, writes, readers = 8, 15, 4
	base, st, db := startServerStore(t)
	// The lowest bcrypt cost keeps sign-in quick; the app itself uses the default cost.
	hash, err := bcrypt.GenerateFromPassword([]byte("a long passphrase for the test"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	for w := range writers {
		u := models.User{Email: fmt.Sprintf("editor%d@example.org", w), Role: models.RoleEditor, PasswordHash: string(hash)}
		if err := st.CreateUser(&u); err != nil {
			t.Fatal(err)
		}
	}
	before := checkDatabase(t, db)

	var failures atomic.Int64
	fail := func(format string, args ...any) {
		failures.Add(1)
		t.Errorf(format, args...)
	}
	var done atomic.Bool
	var reads atomic.Int64
	var wg, readWG sync.WaitGroup
	for r := range readers {
		readWG.Add(1)
		go func() {
			defer readWG.Done()
			pages := []string{"/c/labour-2016", "/c/labour-2016/endorsements?kind=clp", "/c/labour-2016/endorsements.csv",
				"/api/v1/contests/labour-2016/totals", "/c/labour-2016/feed.atom", "/embed/labour-2016/support-over-time"}
			for i := r; !done.Load(); i++ {
				page := pages[i%len(pages)]
				resp, err := http.Get(base + page)
				if err != nil {
					fail("GET %s: %v", page, err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					fail("GET %s: status %d", page, resp.StatusCode)
				}
				reads.Add(1)
			}
		}()
	}
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ed := browserSignIn(t, base, fmt.Sprintf("editor%d@example.org", w), "a long passphrase for the test")
			if ed == nil {
				failures.Add(1)
				return
			}
			for i := range writes {
				form := url.Values{"contest": {"labour-2016"}, "endorser": {fmt.Sprintf("Writer %d endorser %d", w, i)},
					"new_kind": {"councillor"}, "action": {"endorse"}, "candidate": {[]string{"jeremy-corbyn", "owen-smith"}[i%2]},
					"effective_on": {fmt.Sprintf("2016-08-%02d", 1+i%28)}, "precision": {"day"},
					"source_url": {fmt.Sprintf("https://example.org/%d/%d", w, i)}, "verification": {"reported"}}
				if status, body := ed.post("/admin/quick", form); status != http.StatusSeeOther {
					fail("writer %d, write %d: status %d\n%.400s", w, i, status, body)
				}
			}
		}()
	}
	wg.Wait()
	done.Store(true)
	readWG.Wait()

	if failures.Load() > 0 {
		return
	}
	if got, want := checkDatabase(t, db), before+writers*writes; got != want {
		t.Errorf("%d events after %d writes, want %d: writes were lost", got, writers*writes, want)
	}
	for w := range writers {
		for i := range writes {
			if _, err := st.EndorserByName(fmt.Sprintf("Writer %d endorser %d", w, i)); err != nil {
				t.Errorf("writer %d's endorser %d: %v", w, i, err)
			}
		}
	}
	t.Logf("%d writes and %d reads, none failed", writers*writes, reads.Load())
}

// browser is a signed-in HTTP client with the CSRF token of the last admin page it loaded.
type browser struct {
	base   string
	client *http.Client
	csrf   string
}

// browserSignIn signs in through the real login form; nil (with the test failed) if it cannot.
func browserSignIn(t *testing.T, base, email, password string) *browser {
	jar, _ := cookiejar.New(nil)
	b := &browser{base: base, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	b.get("/admin/login")
	if status, body := b.post("/admin/login", url.Values{"email": {email}, "password": {password}}); status != http.StatusSeeOther {
		t.Errorf("sign in %s: status %d\n%.400s", email, status, body)
		return nil
	}
	if status, _ := b.get("/admin/quick?contest=labour-2016"); status != http.StatusOK || b.csrf == "" {
		t.Errorf("quick add page for %s: status %d, token %q", email, status, b.csrf)
		return nil
	}
	return b
}

func (b *browser) get(path string) (int, string) {
	resp, err := b.client.Get(b.base + path)
	if err != nil {
		return 0, err.Error()
	}
	return b.read(resp)
}

// post sends a form with the browser's CSRF token in the body.
func (b *browser) post(path string, form url.Values) (int, string) {
	form.Set("_csrf", b.csrf)
	resp, err := b.client.Post(b.base+path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err.Error()
	}
	return b.read(resp)
}

func (b *browser) read(resp *http.Response) (int, string) {
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if m := csrfField.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return resp.StatusCode, string(body)
}
