package main

import (
	"io"
	"strings"
	"testing"
)

func TestParseConfigTrustedProxies(t *testing.T) {
	tests := []struct {
		name    string
		env     string
		args    []string
		want    string
		wantErr bool
	}{
		{name: "none by default", want: ""},
		{name: "from the env", env: "127.0.0.1, 10.0.0.0/8", want: "127.0.0.1 10.0.0.0/8"},
		{name: "flag overrides env", env: "127.0.0.1", args: []string{"-trusted-proxies", "192.0.2.1,fd00::/8"}, want: "192.0.2.1 fd00::/8"},
		{name: "a host name is refused", args: []string{"-trusted-proxies", "proxy.internal"}, wantErr: true},
		{name: "a bad range is refused", env: "10.0.0.0/40", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("BACKERS_TRUSTED_PROXIES", tc.env)
			cfg, _, err := parseConfig("backers", tc.args, io.Discard)
			if tc.wantErr {
				if err == nil {
					t.Errorf("accepted: %q", cfg.TrustedProxies)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(cfg.TrustedProxies, " "); got != tc.want {
				t.Errorf("trusted proxies %q, want %q", got, tc.want)
			}
		})
	}
}
