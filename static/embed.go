// Package static embeds the CSS, JavaScript and images the pages use, ECharts included, so
// readers behind firewalls that block third-party scripts still see charts.
package static

import "embed"

// FS holds the static assets, served under /static.
//
//go:embed *.css *.js vendor
var FS embed.FS
