package admin

import (
	"net/url"
	"strings"
	"testing"
)

// The page a sign-in returns to is always on this site's admin: never another host (//evil,
// /\evil, a scheme), whatever the next parameter holds.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"", "/admin", "/admin/audit?entity=user", "//evil.example/admin", "/admin//evil.example",
		"/admin\\@evil.example", "https://evil.example/admin", "/admin\r\nSet-Cookie: x=1", "/\t/evil.example",
		"/admin/../..//evil.example", "javascript:alert(1)//admin", "/adminx", "%2F%2Fevil.example"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got != "/admin" && got != next {
			t.Fatalf("safeNext(%q) = %q: neither the request nor the default", next, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
			t.Errorf("safeNext(%q) = %q leaves the site (%v)", next, got, err)
		}
		// Browsers drop tabs and line breaks from a URL and read \ as /: none may make "//".
		cleaned := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(got)
		if !strings.HasPrefix(cleaned, "/admin") || strings.HasPrefix(cleaned, "//") {
			t.Errorf("safeNext(%q) = %q, which a browser reads as %q", next, got, cleaned)
		}
	})
}
