package textrule

import (
	"strings"
	"testing"
)

func TestLineAndBlock(t *testing.T) {
	tests := []struct {
		name, in string
		line     string // what Line says, as a prefix; "" for allowed
		blockOK  bool
	}{
		{"plain", "Jeremy Corbyn", "", true},
		{"accents and scripts", "Zoë Ó Séaghdha, 李明, Ελένη", "", true},
		{"arabic with a right-to-left mark", "\u0635\u0627\u062f\u0642 \u062e\u0627\u0646\u200f", "", true},
		{"escape sequence", "a\x01b\x1b[31m", "contains a control character (U+0001)", false},
		{"nul", "a\x00b", "contains a control character (U+0000)", false},
		{"C1 control", "a\u0085b", "contains a control character (U+0085)", false},
		{"delete", "a\x7fb", "contains a control character (U+007F)", false},
		{"line feed", "two\nlines", "contains a control character (U+000A)", true},
		{"tab and carriage return", "a\tb\r\nc", "contains a control character (U+0009)", true},
		{"right-to-left override", "Corbyn\u202enyb", "contains a right-to-left or left-to-right override (U+202E)", false},
		{"left-to-right embedding", "\u202aSmith", "contains a right-to-left or left-to-right override (U+202A)", false},
		{"first strong isolate", "a\u2068b\u2069", "contains a right-to-left or left-to-right override (U+2068)", false},
		{"line separator", "a\u2028b", "contains a line or paragraph separator (U+2028)", false},
		{"not UTF-8", "caf\xe9", "is not valid UTF-8 text", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Line(tt.in)
			if tt.line == "" && got != "" || !strings.HasPrefix(got, tt.line) {
				t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.line)
			}
			if ok := Block(tt.in) == ""; ok != tt.blockOK {
				t.Errorf("Block(%q) = %q, want allowed=%v", tt.in, Block(tt.in), tt.blockOK)
			}
		})
	}
}
