// Package static embeds the CSS, JavaScript and images the pages use, ECharts included, so
// readers behind firewalls that block third-party scripts still see charts, and serves them
// under names made from their content (Assets), so browsers keep them for a year.
package static

import "embed"

// FS holds the static assets, served under /static.
//
//go:embed *.css *.js dist
var FS embed.FS
