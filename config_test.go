package main

import (
	"io"
	"testing"
)

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantAddr string
		wantDB   string
	}{
		{name: "defaults", wantAddr: ":3000", wantDB: "backers.db"},
		{name: "env overrides defaults", env: map[string]string{"BACKERS_ADDR": "127.0.0.1:8080", "BACKERS_DB": "/tmp/x.db"},
			wantAddr: "127.0.0.1:8080", wantDB: "/tmp/x.db"},
		{name: "flags override env", env: map[string]string{"BACKERS_ADDR": "127.0.0.1:8080"},
			args: []string{"-addr", ":9000", "-db", "y.db"}, wantAddr: ":9000", wantDB: "y.db"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("BACKERS_ADDR", "")
			t.Setenv("BACKERS_DB", "")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			cfg, _, err := parseConfig("backers", tc.args, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Addr != tc.wantAddr || cfg.DB != tc.wantDB {
				t.Errorf("got addr %q db %q, want %q %q", cfg.Addr, cfg.DB, tc.wantAddr, tc.wantDB)
			}
		})
	}
}

func TestRunRejectsUnknownFlag(t *testing.T) {
	if code := run([]string{"-no-such-flag"}, io.Discard, io.Discard); code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
}
