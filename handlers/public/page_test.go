package public_test

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// A page's parts as a reader sees them, for tests that assert a figure in its context (its
// headline card, its chart's table row, its section) rather than anywhere on the page.

var (
	headlineRE = regexp.MustCompile(`(?s)<div class="headline">\s*<h3>(.*?)</h3>(.*?)</div>`)
	itemRE     = regexp.MustCompile(`(?s)<span class="label">(.*?)</span> <strong class="value">(.*?)</strong>`)
	rowRE      = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	cellRE     = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	blockRE    = regexp.MustCompile(`(?i)</?(li|ul|p|tr|td|th|br|h[1-6]|div|table|caption|summary|section|figure)\b[^>]*>`)
	tagRE      = regexp.MustCompile(`<[^>]+>`)
)

// text is a fragment of HTML as it reads: tags dropped (a block's as a space), entities
// decoded, spaces collapsed.
func text(fragment string) string {
	s := tagRE.ReplaceAllString(blockRE.ReplaceAllString(fragment, " "), "")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

// headline is a dashboard's headline card of this title: each label's value, as shown.
func headline(t *testing.T, body, title string) map[string]string {
	t.Helper()
	for _, m := range headlineRE.FindAllStringSubmatch(body, -1) {
		if text(m[1]) != title {
			continue
		}
		out := map[string]string{}
		for _, it := range itemRE.FindAllStringSubmatch(m[2], -1) {
			out[text(it[1])] = text(it[2])
		}
		return out
	}
	t.Errorf("no headline card %q", title)
	return nil
}

// figure is the part of a page that draws the chart name: its summary, table, notes and source.
func figure(t *testing.T, body, name string) string {
	t.Helper()
	start := strings.Index(body, `id="chart-`+name+`-figure"`)
	if start < 0 {
		t.Errorf("no chart %q on the page", name)
		return ""
	}
	end := strings.Index(body[start:], "</figure>")
	if end < 0 {
		t.Fatalf("chart %q does not end", name)
	}
	return body[start : start+end]
}

// section is the part of a page from the first marker to the next end after it.
func section(t *testing.T, body, marker, end string) string {
	t.Helper()
	start := strings.Index(body, marker)
	if start < 0 {
		t.Errorf("no %q on the page", marker)
		return ""
	}
	n := strings.Index(body[start:], end)
	if n < 0 {
		n = len(body) - start
	}
	return body[start : start+n]
}

// rows are the table rows of a fragment, each cell as it reads.
func rows(fragment string) [][]string {
	var out [][]string
	for _, r := range rowRE.FindAllStringSubmatch(fragment, -1) {
		var cells []string
		for _, c := range cellRE.FindAllStringSubmatch(r[1], -1) {
			cells = append(cells, text(c[1]))
		}
		out = append(out, cells)
	}
	return out
}

// rowOf is the first table row of a fragment whose first cell reads first: its cells as they
// read and its HTML, for its links.
func rowOf(fragment, first string) (cells []string, raw string, ok bool) {
	for _, r := range rowRE.FindAllStringSubmatch(fragment, -1) {
		cells = nil
		for _, c := range cellRE.FindAllStringSubmatch(r[1], -1) {
			cells = append(cells, text(c[1]))
		}
		if len(cells) > 0 && cells[0] == first {
			return cells, r[1], true
		}
	}
	return nil, "", false
}

// hasRow reports whether a fragment's tables have a row beginning with these cells.
func hasRow(fragment string, cells ...string) bool {
	return slices.ContainsFunc(rows(fragment), func(r []string) bool {
		return len(r) >= len(cells) && slices.Equal(r[:len(cells)], cells)
	})
}

// mapValues lists a map's values, for a failure message.
func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
