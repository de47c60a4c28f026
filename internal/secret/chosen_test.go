package secret

import (
	"errors"
	"testing"
)

func TestCheckChosen(t *testing.T) {
	for _, tc := range []struct {
		password string
		want     error
	}{
		{"correct horse battery staple", nil},
		{"Tr0ub4dor&3 and more", nil},
		{"aaaaaaaaaaaa", ErrRepeatedPassword},
		{"ßßßßßßßßßßßßßß", ErrRepeatedPassword},
		{"abababababab", ErrRepeatedPassword},
		{"abcdabcdabcd", ErrRepeatedPassword},
		{"abcdeabcdeab", nil}, // a five-letter group: not refused by this rule, nor listed
		{"qwertyuiopasdfgh", ErrCommonPassword},
		{"QwertyUiop123", ErrCommonPassword},
		{"123456789012", ErrCommonPassword},
		{"1q2w3e4r5t6y", ErrCommonPassword},
		{"iloveyou1234", ErrCommonPassword},
	} {
		if got := CheckChosen(tc.password); !errors.Is(got, tc.want) {
			t.Errorf("CheckChosen(%q) = %v, want %v", tc.password, got, tc.want)
		}
	}
	if n := len(commonSet()); n < 40000 {
		t.Errorf("the common list has %d passwords", n)
	}
}
