package embed

import (
	"bytes"
	"encoding/csv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/handlers/kit"
)

// seriesResponse is the data behind one chart: its figures as plotted, the same figures as the
// accessible table, and where they come from.
type seriesResponse struct {
	Contest   string         `json:"contest"`
	Chart     string         `json:"chart"`
	Title     string         `json:"title"`
	Basis     string         `json:"basis"`
	Source    string         `json:"source"`
	SourceURL string         `json:"source_url,omitempty"`
	AsOf      string         `json:"as_of"`
	Summary   string         `json:"summary"`
	Empty     bool           `json:"empty"`
	EmptyText string         `json:"empty_text,omitempty"`
	Notes     []string       `json:"notes"`
	Options   seriesOptions  `json:"options"`
	Data      *charts.Data   `json:"data"`
	Table     seriesTable    `json:"table"`
	Links     map[string]any `json:"links"`
}

type seriesOptions struct {
	AsOf       string   `json:"as_of,omitempty"`
	Candidates []string `json:"candidates"`
	Kinds      []string `json:"kinds"`
}

type seriesTable struct {
	Caption string     `json:"caption"`
	Header  []string   `json:"header"`
	Rows    [][]string `json:"rows"`
}

// GET /api/v1/contests/:contest/series/:chart (JSON), or :chart.csv (the table as CSV);
// options as_of=, candidates=, kinds= as for embeds.
func (h *Handler) ChartSeries(c *fiber.Ctx) error {
	name, isCSV := strings.CutSuffix(c.Params("chart"), ".csv")
	name = strings.TrimSuffix(name, ".json")
	q := kit.RequestQuery(c)
	// Display options of embeds mean nothing here; they are not errors either.
	q.Del("theme")
	q.Del("height")
	req, ch, err := h.requestedChart(c, name, q)
	if err != nil {
		return err
	}
	if isCSV {
		return sendTableCSV(c, req.Contest.Slug+"-"+ch.Name+".csv", ch.Table)
	}
	data, err := ch.Data()
	if err != nil {
		return err
	}
	base := h.BaseURL(c)
	dq := kit.EncodeQuery(req.dataQuery())
	return c.JSON(seriesResponse{
		Contest: req.Contest.Slug, Chart: ch.Name, Title: ch.Title, Basis: ch.Basis,
		Source: ch.Source, SourceURL: ch.SourceURL, AsOf: ch.AsOf, Summary: ch.Summary,
		Empty: ch.Empty, EmptyText: ch.EmptyText, Notes: nonNil(ch.Notes),
		Options: seriesOptions{AsOf: req.Options.AsOf, Candidates: nonNil(req.Options.Candidates), Kinds: nonNil(req.Options.Kinds)},
		Data:    data,
		Table:   seriesTable{Caption: ch.Table.Caption, Header: nonNil(ch.Table.Header), Rows: nonNilRows(ch.Table.Rows)},
		Links: map[string]any{
			"embed": base + kit.EmbedPath(req.Contest.Slug, ch.Name) + dq,
			"png":   base + kit.ChartImagePath(req.Contest.Slug, ch.Name, charts.PNG) + dq,
			"svg":   base + kit.ChartImagePath(req.Contest.Slug, ch.Name, charts.SVG) + dq,
			"csv":   base + kit.SeriesPath(req.Contest.Slug, ch.Name) + ".csv" + dq,
		},
	})
}

// sendTableCSV sends a table as a CSV download, every cell made safe for spreadsheets.
func sendTableCSV(c *fiber.Ctx, filename string, t charts.Table) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := append([][]string{t.Header}, t.Rows...)
	for _, row := range rows {
		safe := make([]string, len(row))
		for i, cell := range row {
			safe[i] = kit.CSVSafe(cell)
		}
		if err := w.Write(safe); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	return c.Send(buf.Bytes())
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func nonNilRows(rows [][]string) [][]string {
	if rows == nil {
		return [][]string{}
	}
	return rows
}
