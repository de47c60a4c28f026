package charts_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/models"
)

// svgTexts lists the text of every <text> element of an SVG document, and counts its elements.
func svgTexts(t *testing.T, doc string) (texts []string, elements int) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(doc))
	in := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return texts, elements
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, doc)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			elements++
			in = e.Name.Local == "text"
		case xml.CharData:
			if in {
				texts = append(texts, string(e))
			}
		case xml.EndElement:
			in = false
		}
	}
}

// The inline SVG is the .svg image's drawing (the same elements and texts) with no style
// attribute left for the CSP to refuse, its colours as presentation attributes, and hostile
// names escaped.
func TestInlineSVG(t *testing.T) {
	st := openStore(t)
	hostile := `Evil </svg><script>alert(1)</script>`
	f := newContest(t, st, "hostile", hostile, "Bob Birch")
	u := f.endorser("u", `"><img src=x onerror=alert(1)>`, "affiliated-union", ptr(10))
	f.event(u, "bob", models.ActionEndorse, "2016-07-20")
	mp := f.endorser("mp", "MP One", "mp", nil)
	f.event(mp, "evil", models.ActionEndorse, "2016-07-21")
	for name, ch := range f.build(charts.Options{}) {
		if ch.Empty {
			continue
		}
		for _, dark := range []bool{false, true} {
			o := charts.ImageOptions{Width: 640, Height: 360, Dark: dark}
			var img bytes.Buffer
			if err := ch.WriteImage(&img, charts.SVG, o); err != nil {
				t.Fatal(err)
			}
			inline, err := ch.InlineSVG(o, "chart-svg")
			if err != nil {
				t.Fatal(err)
			}
			s := string(inline)
			if strings.Contains(s, " style=") || strings.Contains(s, "<?xml") || strings.Contains(s, "<!--") {
				t.Errorf("%s: inline SVG keeps a style attribute, declaration or comment:\n%.400s", name, s)
			}
			if !strings.HasPrefix(s, `<svg class="chart-svg" width="100%" height="360" aria-hidden="true"`) {
				t.Errorf("%s: inline SVG starts %.120q", name, s)
			}
			if strings.Contains(s, "<script") || strings.Contains(s, "<img") {
				t.Errorf("%s: a hostile name became markup:\n%s", name, s)
			}
			wantTexts, wantN := svgTexts(t, img.String())
			gotTexts, gotN := svgTexts(t, s)
			if gotN != wantN || !slices.Equal(gotTexts, wantTexts) {
				t.Errorf("%s: inline SVG has %d elements and texts %q, the image %d and %q", name, gotN, gotTexts, wantN, wantTexts)
			}
			// Every colour of the image's style attributes is there as an attribute.
			for _, m := range regexp.MustCompile(`fill:(#[0-9A-Fa-f]{6})`).FindAllStringSubmatch(img.String(), -1) {
				if !strings.Contains(s, `fill="`+m[1]+`"`) {
					t.Errorf("%s: colour %s of the image is not in the inline SVG", name, m[1])
				}
			}
			if name == "support-over-time" && !dark && !strings.Contains(s, "&lt;/svg&gt;&lt;script&gt;") {
				t.Errorf("%s: the hostile candidate's name is not in the legend, escaped:\n%s", name, s)
			}
		}
	}
}
