package charts

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// InlineSVG draws the chart as the SVG image of WriteImage (the same drawing: colours, title,
// axes, source line) for placing inside an HTML page, so that the page shows its chart before
// any script runs. The page's strict CSP (style-src 'self') refuses style attributes, so each
// style declaration of the drawing becomes the SVG presentation attribute of the same name
// (style="fill:#C8102E" becomes fill="#C8102E"), which no policy governs. The SVG fills the
// width of its box at o.Height pixels, keeping its proportions; class names the element for CSS.
//
// The drawing is parsed as XML and written anew, so every text and attribute of it is escaped
// here, whatever the drawing library did with a candidate's name.
func (c *Chart) InlineSVG(o ImageOptions, class string) (template.HTML, error) {
	var img bytes.Buffer
	if err := c.WriteImage(&img, SVG, o); err != nil {
		return "", err
	}
	var out strings.Builder
	dec := xml.NewDecoder(&img)
	root := true
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("charts: inline svg: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			out.WriteString("<" + t.Name.Local)
			if root {
				// The size in pixels the page asked for becomes the box's height; the width
				// follows the page.
				fmt.Fprintf(&out, ` class="%s" width="100%%" height="%d" aria-hidden="true" focusable="false"`,
					template.HTMLEscapeString(class), o.Height)
			}
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "xmlns" || a.Name.Local == "xmlns":
					// The HTML parser puts <svg> in the SVG namespace by itself.
				case root && (a.Name.Local == "width" || a.Name.Local == "height"):
				case a.Name.Local == "style" && a.Name.Space == "":
					writePresentation(&out, a.Value)
				default:
					name := a.Name.Local
					if a.Name.Space != "" {
						name = "xlink:" + name // the one namespace SVG drawings use
					}
					value := a.Value
					if geometry[name] {
						value = roundNumbers(value)
					}
					writeAttr(&out, name, value)
				}
			}
			if root {
				out.WriteString(` preserveAspectRatio="xMidYMid meet"`)
			}
			root = false
			out.WriteString(">")
		case xml.EndElement:
			out.WriteString("</" + t.Name.Local + ">")
		case xml.CharData:
			// The line breaks between elements are dropped: the page is smaller without them.
			if len(bytes.TrimSpace(t)) > 0 {
				out.WriteString(template.HTMLEscapeString(string(t)))
			}
		}
		// Comments, the XML declaration and directives have no place in an HTML page.
	}
	// The page's own markup is made by html/template; this markup was escaped above, token by
	// token, so it is safe as HTML.
	return template.HTML(out.String()), nil
}

// geometry names the attributes of coordinates and sizes, which the drawing library writes to
// five significant figures: a tenth of a point is finer than any screen shows, and the page is
// smaller (small multiples draw many paths).
var geometry = map[string]bool{"d": true, "x": true, "y": true, "transform": true, "stroke-width": true, "font-size": true}

// number is a decimal with more than one digit after the point.
var number = regexp.MustCompile(`-?\d+\.\d{2,}`)

// roundNumbers writes each number of an attribute to one decimal place, without a trailing ".0".
func roundNumbers(v string) string {
	return number.ReplaceAllStringFunc(v, func(n string) string {
		f, err := strconv.ParseFloat(n, 64)
		if err != nil {
			return n
		}
		s := strconv.FormatFloat(math.Round(f*10)/10, 'f', 1, 64)
		s = strings.TrimSuffix(s, ".0")
		if s == "-0" {
			s = "0"
		}
		return s
	})
}

// writePresentation writes each declaration of a style attribute ("fill:#FFF;stroke:none") as a
// presentation attribute. Every property the drawing library writes (fill, stroke, stroke-width,
// the font properties, opacity and dashes) is one.
func writePresentation(out *strings.Builder, style string) {
	for _, decl := range strings.Split(style, ";") {
		name, value, ok := strings.Cut(decl, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || name == "" || strings.ContainsFunc(name, func(r rune) bool {
			return !(r == '-' || r >= 'a' && r <= 'z')
		}) {
			continue
		}
		if value == "normal" && (name == "font-variant" || name == "font-style" || name == "font-weight") {
			continue // SVG's default already
		}
		if geometry[name] {
			value = roundNumbers(value)
		}
		writeAttr(out, name, value)
	}
}

// writeAttr writes ` name="value"` with the value escaped for an HTML attribute.
func writeAttr(out *strings.Builder, name, value string) {
	out.WriteString(" " + name + `="` + template.HTMLEscapeString(value) + `"`)
}
