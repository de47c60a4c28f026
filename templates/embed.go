// Package templates embeds the HTML templates, so the binary is self-contained.
package templates

import "embed"

// FS holds every page and layout template.
//
//go:embed *.html layouts/*.html admin/*.html
var FS embed.FS
