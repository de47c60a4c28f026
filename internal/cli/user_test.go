package cli

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/backers/backers/internal/testdb"
)

func TestUserAdd(t *testing.T) {
	db := testdb.DSN(t)
	var out, errb bytes.Buffer
	if code := Run([]string{"user", "add", "-email", "lead@example.org", "-role", "admin", "-db", db}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	m := regexp.MustCompile(`Password \(shown only now, keep it safe\): (\S+)`).FindStringSubmatch(out.String())
	if m == nil || len(m[1]) < 12 {
		t.Fatalf("no generated password in %q", out.String())
	}
	// From stdin; then the refusals.
	if code := Run([]string{"user", "add", "-email", "ed@example.org", "-role", "editor", "-password-stdin", "-db", db},
		strings.NewReader("a long enough passphrase\n"), &out, &errb); code != 0 {
		t.Fatalf("stdin: exit %d: %s", code, errb.String())
	}
	for _, tc := range []struct {
		args  []string
		stdin string
		want  string
	}{
		{[]string{"add", "-email", "x@example.org", "-role", "admin", "-password-stdin", "-db", db}, "short\n", "at least 12"},
		{[]string{"add", "-email", "x@example.org", "-role", "admin", "-password-stdin", "-db", db}, "zzzzzzzzzzzzzzzz\n", "repeated"},
		{[]string{"add", "-email", "x@example.org", "-role", "admin", "-password-stdin", "-db", db}, "Password1234\n", "most common passwords"},
		{[]string{"add", "-email", "lead@example.org", "-role", "admin", "-db", db}, "", "already exists"},
		{[]string{"add", "-email", "x@example.org", "-role", "root", "-db", db}, "", "-role must be admin or editor"},
		{[]string{"add", "-email", "nobody", "-role", "admin", "-db", db}, "", "-email must be"},
	} {
		errb.Reset()
		if code := Run(append([]string{"user"}, tc.args...), strings.NewReader(tc.stdin), &out, &errb); code == 0 || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, errb.String(), tc.want)
		}
	}
	st := testdb.OpenDSN(t, db)
	for email, pw := range map[string]string{"lead@example.org": m[1], "ed@example.org": "a long enough passphrase"} {
		u, err := st.UserByEmail(email)
		if err != nil {
			t.Fatal(err)
		}
		if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(pw)) != nil {
			t.Errorf("%s: stored hash does not match the password", email)
		}
	}
	if us, _ := st.Users(); len(us) != 2 {
		t.Errorf("%d users, want 2", len(us))
	}
}

func TestSecureCookiesConfig(t *testing.T) {
	var errb bytes.Buffer
	cfg, _, err := parseConfig("backers", []string{"-secure-cookies"}, &errb, serverFlags)
	if err != nil || !cfg.SecureCookies {
		t.Errorf("-secure-cookies: %+v %v", cfg, err)
	}
	t.Setenv("BACKERS_SECURE_COOKIES", "1")
	if cfg, _, _ := parseConfig("backers", nil, &errb, serverFlags); !cfg.SecureCookies {
		t.Error("BACKERS_SECURE_COOKIES=1 did not set it")
	}
	t.Setenv("BACKERS_SECURE_COOKIES", "")
	if cfg, _, _ := parseConfig("backers", nil, &errb, serverFlags); cfg.SecureCookies {
		t.Error("secure cookies on by default")
	}
}
