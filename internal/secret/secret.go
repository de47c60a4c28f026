// Package secret makes and checks the secrets of sign-in: password hashes, random tokens, and
// the hashes sessions are looked up by. It sits below the HTTP layer so that the `user`
// command and the admin pages share one rule without the command importing handlers.
package secret

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/crypto/bcrypt"

	"github.com/backers/backers/models"
)

// maxPasswordBytes is bcrypt's limit: it ignores, or refuses, what comes after.
const maxPasswordBytes = 72

// HashPassword hashes a password with bcrypt, refusing ones shorter than
// models.MinPasswordLength characters or longer than bcrypt takes.
func HashPassword(password string) (string, error) {
	if len([]rune(password)) < models.MinPasswordLength {
		return "", fmt.Errorf("password: must be at least %d characters", models.MinPasswordLength)
	}
	if len(password) > maxPasswordBytes {
		return "", errors.New("password: must be at most 72 bytes (bcrypt's limit)")
	}
	b, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("password: %w", err)
	}
	return string(b), nil
}

// absentHash is compared against when there is no account, so a sign-in with an unknown
// address spends the same time as one with a wrong password and does not reveal which
// accounts exist. It is the hash of a random password made once per process.
var absentHash = sync.OnceValue(func() []byte {
	h, err := bcrypt.GenerateFromPassword([]byte(Token(16)), bcrypt.DefaultCost)
	if err != nil {
		panic("secret: hash a random password: " + err.Error())
	}
	return h
})

// CheckPassword reports whether password is the one hash was made from. An empty hash stands
// for "no such account": the answer is false, after the same work as a real check.
func CheckPassword(hash, password string) bool {
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword(absentHash(), []byte(password))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// Token returns n random bytes, URL-safe base64 encoded: session tokens, CSRF tokens,
// generated passwords and signing keys.
func Token(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the OS has no randomness: nothing is safe
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is what a session is stored under: the token's SHA-256, so a copy of the
// database does not hold live session tokens.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Equal compares two tokens in constant time; an empty token equals nothing.
func Equal(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// Sign is an HMAC-SHA256 of msg with key, URL-safe base64 encoded: forms carry a signed
// timestamp so the server can tell its own from forged ones.
func Sign(key []byte, msg string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
