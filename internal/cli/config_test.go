package cli

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Every flag and its environment variable: defaults, env, flag over env, and bad values.
func TestParseConfig(t *testing.T) {
	defaults := Config{Addr: ":3000", DB: "backers.db", CacheMaxAge: 60 * time.Second}
	with := func(change func(*Config)) Config {
		cfg := defaults
		change(&cfg)
		return cfg
	}
	for _, tc := range []struct {
		name       string
		env        map[string]string
		args       []string
		want       Config
		wantErr    bool
		wantStderr string
	}{
		{name: "defaults", want: defaults},

		{name: "addr and db from the env", env: map[string]string{"BACKERS_ADDR": "127.0.0.1:8080", "BACKERS_DB": "/tmp/x.db"},
			want: with(func(c *Config) { c.Addr, c.DB = "127.0.0.1:8080", "/tmp/x.db" })},
		{name: "addr and db flags override the env", env: map[string]string{"BACKERS_ADDR": "127.0.0.1:8080"},
			args: []string{"-addr", ":9000", "-db", "y.db"}, want: with(func(c *Config) { c.Addr, c.DB = ":9000", "y.db" })},

		{name: "secure cookies from the env (1)", env: map[string]string{"BACKERS_SECURE_COOKIES": "1"},
			want: with(func(c *Config) { c.SecureCookies = true })},
		{name: "secure cookies from the env (true)", env: map[string]string{"BACKERS_SECURE_COOKIES": "true"},
			want: with(func(c *Config) { c.SecureCookies = true })},
		{name: "secure cookies: an env value that is not a boolean is refused, not read as off",
			env: map[string]string{"BACKERS_SECURE_COOKIES": "yes"}, wantErr: true, wantStderr: "BACKERS_SECURE_COOKIES"},
		{name: "secure cookies off from the env (0)", env: map[string]string{"BACKERS_SECURE_COOKIES": "0"}, want: defaults},
		{name: "secure cookies flag", args: []string{"-secure-cookies"}, want: with(func(c *Config) { c.SecureCookies = true })},
		{name: "secure cookies flag overrides the env", env: map[string]string{"BACKERS_SECURE_COOKIES": "1"},
			args: []string{"-secure-cookies=false"}, want: defaults},
		{name: "secure cookies flag: a bad value", args: []string{"-secure-cookies=maybe"}, wantErr: true,
			wantStderr: "invalid boolean value"},

		{name: "trusted proxies from the env", env: map[string]string{"BACKERS_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8"},
			want: with(func(c *Config) { c.TrustedProxies = []string{"127.0.0.1", "10.0.0.0/8"} })},
		{name: "trusted proxies flag overrides the env", env: map[string]string{"BACKERS_TRUSTED_PROXIES": "127.0.0.1"},
			args: []string{"-trusted-proxies", "192.0.2.1,fd00::/8"},
			want: with(func(c *Config) { c.TrustedProxies = []string{"192.0.2.1", "fd00::/8"} })},
		{name: "trusted proxies: a host name is refused", args: []string{"-trusted-proxies", "proxy.internal"}, wantErr: true,
			wantStderr: `"proxy.internal" is not an IP address`},
		{name: "trusted proxies: a bad range is refused", env: map[string]string{"BACKERS_TRUSTED_PROXIES": "10.0.0.0/40"}, wantErr: true,
			wantStderr: `"10.0.0.0/40" is not a CIDR range`},

		{name: "cache max age and base URL flags", args: []string{"-cache-max-age", "5m", "-base-url", "https://backers.example/"},
			want: with(func(c *Config) { c.CacheMaxAge, c.BaseURL = 5*time.Minute, "https://backers.example" })},
		{name: "cache max age env in seconds, base URL env",
			env:  map[string]string{"BACKERS_CACHE_MAX_AGE": "120", "BACKERS_BASE_URL": "http://localhost:3000"},
			want: with(func(c *Config) { c.CacheMaxAge, c.BaseURL = 2*time.Minute, "http://localhost:3000" })},
		{name: "cache max age env as a duration", env: map[string]string{"BACKERS_CACHE_MAX_AGE": "30s"},
			want: with(func(c *Config) { c.CacheMaxAge = 30 * time.Second })},
		{name: "cache max age flag overrides the env", env: map[string]string{"BACKERS_CACHE_MAX_AGE": "30s"},
			args: []string{"-cache-max-age", "10s"}, want: with(func(c *Config) { c.CacheMaxAge = 10 * time.Second })},
		{name: "cache max age: a bad env value", env: map[string]string{"BACKERS_CACHE_MAX_AGE": "soon"}, wantErr: true,
			wantStderr: "BACKERS_CACHE_MAX_AGE"},
		{name: "cache max age: a bad flag value", args: []string{"-cache-max-age", "soon"}, wantErr: true,
			wantStderr: "-cache-max-age"},
		{name: "base URL flag overrides the env", env: map[string]string{"BACKERS_BASE_URL": "http://localhost:3000"},
			args: []string{"-base-url", "https://backers.example"}, want: with(func(c *Config) { c.BaseURL = "https://backers.example" })},
		{name: "base URL without a scheme", args: []string{"-base-url", "backers.example"}, wantErr: true,
			wantStderr: "want a scheme and host"},
		{name: "base URL with a path", args: []string{"-base-url", "https://backers.example/news"}, wantErr: true,
			wantStderr: "want a scheme and host"},
		{name: "base URL env with a path", env: map[string]string{"BACKERS_BASE_URL": "https://backers.example/news"}, wantErr: true,
			wantStderr: "want a scheme and host"},

		{name: "an unknown flag", args: []string{"-no-such-flag"}, wantErr: true, wantStderr: "flag provided but not defined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{"BACKERS_ADDR", "BACKERS_DB", "BACKERS_SECURE_COOKIES", "BACKERS_TRUSTED_PROXIES",
				"BACKERS_CACHE_MAX_AGE", "BACKERS_BASE_URL"} {
				t.Setenv(k, tc.env[k])
			}
			var stderr strings.Builder
			cfg, _, err := parseConfig("backers", tc.args, &stderr, serverFlags)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v; got %+v", err, tc.wantErr, cfg)
			}
			if !strings.Contains(stderr.String(), tc.wantStderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tc.wantStderr)
			}
			if tc.wantErr {
				return
			}
			if cfg.Addr != tc.want.Addr || cfg.DB != tc.want.DB || cfg.SecureCookies != tc.want.SecureCookies ||
				!slices.Equal(cfg.TrustedProxies, tc.want.TrustedProxies) ||
				cfg.CacheMaxAge != tc.want.CacheMaxAge || cfg.BaseURL != tc.want.BaseURL {
				t.Errorf("got  %+v\nwant %+v", cfg, tc.want)
			}
		})
	}
}

func TestRunRejectsUnknownFlag(t *testing.T) {
	if code := Run([]string{"-no-such-flag"}, strings.NewReader(""), io.Discard, io.Discard); code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
}

// newApp hands every Config field to the handlers: the cache max-age, the public address and
// Secure cookies show in what a client receives.
func TestNewAppUsesConfig(t *testing.T) {
	logger := slog.New(slog.DiscardHandler)
	cfg := Config{DB: filepath.Join(t.TempDir(), "backers.db"), CacheMaxAge: 5 * time.Minute,
		BaseURL: "https://backers.example", SecureCookies: true}
	st, err := openStore(cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	app := newApp(cfg, st, logger)
	for _, tc := range []struct {
		url, header, want string
	}{
		{"/api/v1/contests", "Cache-Control", "max-age=300"},
		{"/oembed?url=https://backers.example/embed/labour-2016/result", "", `https://backers.example/embed/labour-2016/result`},
		{"/admin/login", "Set-Cookie", "secure"},
	} {
		resp, err := app.Test(httptest.NewRequest("GET", tc.url, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		got := resp.Header.Get(tc.header)
		if tc.header == "" {
			b, _ := io.ReadAll(resp.Body)
			got = string(b)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(got, tc.want) {
			t.Errorf("GET %s: status %d, %s %q lacks %q", tc.url, resp.StatusCode, tc.header, got, tc.want)
		}
	}
}
