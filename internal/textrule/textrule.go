// Package textrule is the one rule for text that people type or import: names, titles, quotes
// and notes. The importer, the admin forms and the public report form all apply it, so what one
// door refuses no other door lets in, and whatever is stored exports and imports back.
//
// Refused: text that is not UTF-8; control characters (an ESC sequence recolours a terminal
// that prints the log, a NUL cuts a string short in C libraries, and our own CSV export would
// not import back); the Unicode bidirectional embeddings, overrides and isolates, which make a
// name read differently from its letters ("Corbyn\u202Enyb" shows as one thing and sorts as
// another); and the line and paragraph separators U+2028 and U+2029, which break a line where
// no reader expects one. Text that may run over several lines (a quote, a note) keeps its line
// breaks and tabs. Bidirectional marks (U+200E, U+200F, U+061C) are allowed: names in Arabic
// or Hebrew need them and they cannot reorder a name's letters.
package textrule

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Line reports what is wrong with one-line text (a name, a title, a URL), as a phrase that
// completes "This ..." or "column X ...", such as "contains a control character (U+001B)";
// it is "" when the text is allowed.
func Line(s string) string { return check(s, false) }

// Block reports what is wrong with text that may span lines (a quote, a note): like Line, but
// line feeds, carriage returns and tabs are allowed.
func Block(s string) string { return check(s, true) }

func check(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8 text"
	}
	for _, r := range s {
		switch {
		case multiline && (r == '\n' || r == '\r' || r == '\t'):
		case unicode.IsControl(r):
			return fmt.Sprintf("contains a control character (%U)", r)
		case isBidiControl(r):
			return fmt.Sprintf("contains a right-to-left or left-to-right override (%U), which makes text read differently from its letters", r)
		case r == '\u2028' || r == '\u2029':
			return fmt.Sprintf("contains a line or paragraph separator (%U)", r)
		}
	}
	return ""
}

// isBidiControl is true for the embeddings and overrides (U+202A to U+202E) and the isolates
// (U+2066 to U+2069): the characters of the "Trojan Source" attacks, CVE-2021-42574.
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}
