package main

import (
	"io"
	"testing"
	"time"
)

func TestParseConfigCacheAndBaseURL(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr bool
		maxAge  time.Duration
		baseURL string
	}{
		{name: "defaults", maxAge: 60 * time.Second},
		{name: "flags", args: []string{"-cache-max-age", "5m", "-base-url", "https://backers.example/"},
			maxAge: 5 * time.Minute, baseURL: "https://backers.example"},
		{name: "env in seconds", env: map[string]string{"BACKERS_CACHE_MAX_AGE": "120", "BACKERS_BASE_URL": "http://localhost:3000"},
			maxAge: 2 * time.Minute, baseURL: "http://localhost:3000"},
		{name: "env as a duration", env: map[string]string{"BACKERS_CACHE_MAX_AGE": "30s"}, maxAge: 30 * time.Second},
		{name: "flag beats env", env: map[string]string{"BACKERS_CACHE_MAX_AGE": "30s"}, args: []string{"-cache-max-age", "10s"}, maxAge: 10 * time.Second},
		{name: "bad env", env: map[string]string{"BACKERS_CACHE_MAX_AGE": "soon"}, wantErr: true},
		{name: "base URL without scheme", args: []string{"-base-url", "backers.example"}, wantErr: true},
		{name: "base URL with a path", args: []string{"-base-url", "https://backers.example/news"}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("BACKERS_CACHE_MAX_AGE", "")
			t.Setenv("BACKERS_BASE_URL", "")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			cfg, _, err := parseConfig("backers", tc.args, io.Discard)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && (cfg.CacheMaxAge != tc.maxAge || cfg.BaseURL != tc.baseURL) {
				t.Errorf("CacheMaxAge %v, BaseURL %q; want %v, %q", cfg.CacheMaxAge, cfg.BaseURL, tc.maxAge, tc.baseURL)
			}
		})
	}
}
