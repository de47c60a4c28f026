package secret_test

import (
	"strings"
	"testing"

	"github.com/backers/backers/internal/secret"
)

func TestPasswords(t *testing.T) {
	for _, bad := range []string{"", "short", "elevenchars", strings.Repeat("x", 73), strings.Repeat("é", 37)} {
		if _, err := secret.HashPassword(bad); err == nil {
			t.Errorf("HashPassword(%q) accepted", bad)
		}
	}
	hash, err := secret.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(hash, "correct") {
		t.Fatalf("hash %q holds the password", hash)
	}
	if !secret.CheckPassword(hash, "correct horse battery") {
		t.Error("the right password is refused")
	}
	for _, wrong := range []string{"correct horse batter", "Correct horse battery", ""} {
		if secret.CheckPassword(hash, wrong) {
			t.Errorf("wrong password %q accepted", wrong)
		}
	}
	if secret.CheckPassword("", "correct horse battery") || secret.CheckPassword("", "") {
		t.Error("no account accepted a password")
	}
}

func TestTokens(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		tok := secret.Token(32)
		if len(tok) != 43 || strings.ContainsAny(tok, "+/=") {
			t.Fatalf("token %q: want 43 URL-safe characters", tok)
		}
		if seen[tok] {
			t.Fatalf("token %q made twice", tok)
		}
		seen[tok] = true
	}
	tok := secret.Token(32)
	if h := secret.HashToken(tok); len(h) != 64 || h == tok || h != secret.HashToken(tok) {
		t.Errorf("HashToken(%q) = %q: want a stable 64-digit hex digest", tok, h)
	}
	if !secret.Equal(tok, tok) || secret.Equal(tok, secret.Token(32)) || secret.Equal("", "") {
		t.Error("Equal: same tokens must match, different or empty ones must not")
	}
}
