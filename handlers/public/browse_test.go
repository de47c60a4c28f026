package public_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
)

// tableNames is the endorser names in the table's rows, in order.
func tableNames(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<td><a href="/endorsers/[^"]+">([^<]*)</a>`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

const tbl = "/c/labour-2016/endorsements"

func TestEndorsementsTableFilters(t *testing.T) {
	app, _ := handlertest.NewBrowseFixture(t)
	const ts = "region=Testshire&"
	cases := []struct {
		name   string
		query  string
		want   []string // endorser names, in order
		has    []string
		hasNot []string
	}{
		{name: "region, newest first", query: ts,
			want: []string{handlertest.AtSumName, formulaNameHTML, "Testshire Workers Union", "Testshire Switcher MP"},
			has:  []string{"<strong>4</strong> matched", "Jeremy Corbyn 2", "Owen Smith 2"}},
		{name: "candidate", query: ts + "candidate=jeremy-corbyn", want: []string{formulaNameHTML, "Testshire Workers Union"}},
		{name: "two candidates", query: ts + "candidate=jeremy-corbyn&candidate=owen-smith&sort=oldest",
			want: []string{"Testshire Switcher MP", "Testshire Workers Union", formulaNameHTML, handlertest.AtSumName}},
		{name: "kind", query: ts + "kind=clp", want: []string{handlertest.AtSumName, formulaNameHTML}},
		{name: "kinds comma-separated", query: ts + "kind=clp,affiliated-union&sort=name", want: []string{formulaNameHTML, handlertest.AtSumName, "Testshire Workers Union"}},
		{name: "search any case", query: "q=testSHIRE+w", want: []string{"Testshire Workers Union"}},
		{name: "search escapes LIKE wildcards", query: "q=%25", want: nil, has: []string{"No endorser matches"}},
		{name: "from", query: ts + "from=2016-07-30", want: []string{handlertest.AtSumName, formulaNameHTML}},
		{name: "to", query: ts + "to=2016-07-20", want: []string{"Testshire Workers Union", "Testshire Switcher MP"}},
		{name: "from and to", query: ts + "from=2016-07-20&to=2016-07-30", want: []string{formulaNameHTML, "Testshire Workers Union"}},
		{name: "as_of before the withdrawal", query: ts + "as_of=2016-08-05&candidate=owen-smith",
			want: []string{handlertest.AtSumName, "Testshire Quitter CLP", "Testshire Switcher MP"}},
		{name: "as_of before the switch shows the withdrawn candidate greyed", query: ts + "as_of=2016-07-15",
			want: []string{"Testshire Switcher MP"}, has: []string{"candidate-withdrawn", "Angela Eagle</a> <small>(Withdrawn 19 Jul 2016)</small>"}},
		{name: "withdrawn=hide", query: ts + "as_of=2016-07-15&withdrawn=hide", want: nil, has: []string{"<strong>0</strong> matched"}},
		{name: "status=withdrawn", query: ts + "status=withdrawn", want: []string{"Testshire Quitter CLP"},
			has: []string{"withdrawn", "state-withdrawn", "Owen Smith 0 (1 withdrawn)"}},
		{name: "status current and withdrawn", query: ts + "status=current&status=withdrawn",
			want: []string{"Testshire Quitter CLP", handlertest.AtSumName, formulaNameHTML, "Testshire Workers Union", "Testshire Switcher MP"}},
		{name: "action=nominate keeps nominations only", query: ts + "action=nominate",
			want: []string{handlertest.AtSumName, formulaNameHTML, "Testshire Workers Union"},
			has:  []string{`<option value="nominate" selected>nominations</option>`, "action: nominations"}},
		{name: "action=endorse keeps declared support only", query: ts + "action=endorse", want: []string{"Testshire Switcher MP"}},
		{name: "action=withdraw finds the withdrawn rows", query: ts + "action=withdraw", want: []string{"Testshire Quitter CLP"}},
		{name: "two actions", query: ts + "action=endorse,withdraw&sort=name", want: []string{"Testshire Quitter CLP", "Testshire Switcher MP"}},
		{name: "status verification", query: ts + "status=confirmed", want: []string{"Testshire Workers Union", "Testshire Switcher MP"}},
		{name: "status disputed", query: ts + "status=disputed", want: []string{handlertest.AtSumName}, has: []string{`<span class="badge">disputed</span>`}},
		{name: "sort name", query: ts + "sort=name", want: []string{formulaNameHTML, handlertest.AtSumName, "Testshire Switcher MP", "Testshire Workers Union"}},
		{name: "sort candidate", query: ts + "sort=candidate",
			want: []string{formulaNameHTML, "Testshire Workers Union", handlertest.AtSumName, "Testshire Switcher MP"}},
		{name: "sort kind", query: ts + "sort=kind", want: []string{"Testshire Workers Union", formulaNameHTML, handlertest.AtSumName, "Testshire Switcher MP"}},
		{name: "page 1 of 2", query: ts + "per_page=3", want: []string{handlertest.AtSumName, formulaNameHTML, "Testshire Workers Union"},
			has:    []string{"Showing 1–3, page 1 of 2", `href="/c/labour-2016/endorsements?page=2&amp;per_page=3&amp;region=Testshire" rel="next"`},
			hasNot: []string{`rel="prev"`}},
		{name: "page 2 of 2", query: ts + "per_page=3&page=2", want: []string{"Testshire Switcher MP"},
			has: []string{"Showing 4–4, page 2 of 2", `rel="prev"`}, hasNot: []string{`rel="next"`}},
		{name: "page past the end", query: ts + "page=9", want: nil, has: []string{"no rows on this page", "<strong>4</strong> matched"}},
		{name: "form keeps typed values", query: ts + "q=work&kind=affiliated-union&from=2016-07-01",
			want: []string{"Testshire Workers Union"},
			has:  []string{`name="q" value="work"`, `<option value="affiliated-union" selected>`, `name="from" value="2016-07-01"`, `<option value="Testshire" selected>`}},
		{name: "source, quote and date", query: "q=Workers", want: []string{"Testshire Workers Union"},
			has: []string{`href="https://example.org/test-union"`, "Source for Testshire Workers Union", "nominated", `<time datetime="2016-07-20">20 Jul 2016</time>`,
				"Unions back &#34;Jeremy&#34; &amp; co &lt;b&gt;now&lt;/b&gt;"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := handlertest.BrowseGet(t, app, tbl+"?"+tc.query)
			if status != 200 {
				t.Fatalf("status %d\n%s", status, handlertest.Trim(body))
			}
			if got := tableNames(body); !slices.Equal(got, tc.want) {
				t.Errorf("rows %q, want %q", got, tc.want)
			}
			for _, s := range tc.has {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q", s)
				}
			}
			for _, s := range tc.hasNot {
				if strings.Contains(body, s) {
					t.Errorf("body has %q", s)
				}
			}
		})
	}
}

// formulaNameHTML is handlertest.FormulaName as html/template escapes it.
const formulaNameHTML = `=HYPERLINK(&#34;http://evil&#34;)`

func TestBrowseErrors(t *testing.T) {
	app, _ := handlertest.NewBrowseFixture(t)
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "bad as_of", URL: tbl + "?as_of=2016-13-01", WantStatus: 400, WantHas: []string{"as_of", "is not a date in the form YYYY-MM-DD"}},
		{Name: "bad from", URL: tbl + "?from=yesterday", WantStatus: 400, WantHas: []string{"from: &#34;yesterday&#34; is not a date"}},
		{Name: "from after to", URL: tbl + "?from=2016-08-01&to=2016-07-01", WantStatus: 400, WantHas: []string{"is after to"}},
		{Name: "unknown candidate", URL: tbl + "?candidate=boris", WantStatus: 400, WantHas: []string{"no candidate &#34;boris&#34; in labour-2016"}},
		{Name: "unknown kind", URL: tbl + "?kind=senator", WantStatus: 400, WantHas: []string{"no endorser kind &#34;senator&#34;"}},
		{Name: "unknown region", URL: tbl + "?region=Atlantis", WantStatus: 400, WantHas: []string{"region"}},
		{Name: "unknown status", URL: tbl + "?status=maybe", WantStatus: 400, WantHas: []string{"status"}},
		{Name: "unknown action", URL: tbl + "?action=support", WantStatus: 400,
			WantHas: []string{"action: &#34;support&#34; is not one of nominate, endorse, withdraw"}},
		{Name: "unknown action in the CSV export", URL: tbl + ".csv?action=support", WantStatus: 400},
		{Name: "unknown action in the API", URL: "/api/v1/contests/labour-2016/endorsements?action=%3Cb%3E", WantStatus: 400,
			WantHas: []string{`"param":"action"`}, WantHasNot: []string{"<b>"}},
		{Name: "bad withdrawn", URL: tbl + "?withdrawn=maybe", WantStatus: 400},
		{Name: "bad sort", URL: tbl + "?sort=random", WantStatus: 400, WantHas: []string{"sort"}},
		{Name: "bad page", URL: tbl + "?page=0", WantStatus: 400, WantHas: []string{"page"}},
		{Name: "bad per_page", URL: tbl + "?per_page=100000", WantStatus: 400},
		{Name: "hostile value echoed as text", URL: tbl + "?candidate=%3Cscript%3Ex", WantStatus: 400,
			WantHas: []string{"&lt;script&gt;x"}, WantHasNot: []string{"<script>x"}},
		{Name: "unknown contest table", URL: "/c/nope/endorsements", WantStatus: 404},
		{Name: "unknown contest csv", URL: "/c/nope/endorsements.csv", WantStatus: 404},
		{Name: "unknown contest feed", URL: "/c/nope/feed.atom", WantStatus: 404},
		{Name: "unknown contest methodology", URL: "/c/nope/methodology", WantStatus: 404},
		{Name: "unknown candidate page", URL: "/c/labour-2016/candidates/boris", WantStatus: 404},
		{Name: "unknown endorser page", URL: "/endorsers/nobody", WantStatus: 404},
		{Name: "bad export view", URL: tbl + ".csv?view=everything", WantStatus: 400, WantHas: []string{"view"}},
		{Name: "bad candidate page as_of", URL: "/c/labour-2016/candidates/owen-smith?as_of=soon", WantStatus: 400},
	})
}

func TestBrowsePages(t *testing.T) {
	app, f := handlertest.NewBrowseFixture(t)
	hostile := []string{"<script>alert", "<img src=x", `"><img`, "<b>now"}
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "contests", URL: "/contests", WantStatus: 200,
			WantHas: []string{"2016 Labour Party leadership election", `href="/c/labour-2016/endorsements"`, `href="/c/labour-2016/candidates/angela-eagle"`, "candidate-withdrawn",
				"Jeremy Corbyn</a> <small>(Winner)</small>", "Owen Smith</a> <small>(On the ballot)</small>",
				"Angela Eagle</a> <small>(Withdrawn 19 Jul 2016)</small>", `<td data-label="Status">Decided</td>`},
			WantHasNot: []string{"on_ballot", ">decided</td>"}},
		{Name: "candidate page draws the support chart for the candidate alone", URL: "/c/labour-2016/candidates/owen-smith", WantStatus: 200,
			WantHas: []string{`id="chart-support-over-time" role="img"`, `id="chart-support-over-time-options">`,
				`"name":"Owen Smith · reported"`, `"name":"Owen Smith · counted"`, `<script src="/static/dist/charts.`,
				"Status: <strong>On the ballot</strong>",
				// The table stays, as the accessible version with links to each day.
				`href="/c/labour-2016/candidates/owen-smith?as_of=2016-07-19"`},
			WantHasNot: []string{`"name":"Jeremy Corbyn`, `"name":"Angela Eagle`, "on_ballot"}},
		{Name: "candidate chart as of a day", URL: "/c/labour-2016/candidates/angela-eagle?as_of=2016-07-15", WantStatus: 200,
			WantHas: []string{`as of <time datetime="2016-07-15">15 Jul 2016</time>`, `"name":"Angela Eagle`}},
		{Name: "dashboard labels statuses", URL: "/c/labour-2016", WantStatus: 200,
			WantHas: []string{"<em>Winner · incumbent</em>", "<em>On the ballot</em>", "<em>Withdrawn 19 Jul 2016: "}, WantHasNot: []string{"on_ballot</"}},
		{Name: "table escapes hostile names", URL: tbl + "?status=current&status=withdrawn&q=Hostile", WantStatus: 200,
			WantHas:    []string{"&lt;script&gt;alert(1)&lt;/script&gt; Hostile MP", "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;", `type="application/atom+xml"`},
			WantHasNot: hostile},
		{Name: "candidate page", URL: "/c/labour-2016/candidates/owen-smith", WantStatus: 200,
			WantHas: []string{"Owen Smith", "Backers by kind", "Over time",
				"Gained <a href=\"/endorsers/switcher-mp\">Testshire Switcher MP</a> from Angela Eagle",
				"Testshire Quitter CLP</a> withdrew support", "1 gained, 0 lost by switches; 1 withdrawn",
				// each move with its day and source, gains and losses marked
				`<tr class="move-gain"><td><time datetime="2016-07-19">19 Jul 2016</time></td>`, `<span class="badge">gain</span> Gained`,
				`<tr class="move-withdraw"><td><time datetime="2016-08-10">10 Aug 2016</time></td>`,
				`<a href="https://example.org/switcher-mp" rel="nofollow noopener">Source for Testshire Switcher MP</a>`,
				"&lt;script&gt;alert(1)&lt;/script&gt; Hostile MP"},
			WantHasNot: hostile},
		{Name: "withdrawn candidate page", URL: "/c/labour-2016/candidates/angela-eagle", WantStatus: 200,
			WantHas: []string{"Status: <strong>Withdrawn 19 Jul 2016</strong>", "Lost <a href=\"/endorsers/switcher-mp\">Testshire Switcher MP</a> to Owen Smith",
				`<span class="badge">loss</span>`, "0 gained, 1 lost by switches; 1 withdrawn"}},
		{Name: "candidate page as of", URL: "/c/labour-2016/candidates/angela-eagle?as_of=2016-07-15", WantStatus: 200,
			WantHas: []string{"Testshire Switcher MP", "No switches or withdrawals"}},
		{Name: "endorser page with switch", URL: "/endorsers/switcher-mp", WantStatus: 200,
			WantHas: []string{"endorsed Owen Smith in 2016",
				"endorsed Angela Eagle", "withdrew support from Angela Eagle", "endorsed Owen Smith, switching from Angela Eagle", `<span class="badge">switch</span>`}},
		{Name: "endorser page withdrawn", URL: "/endorsers/quitter-clp", WantStatus: 200,
			WantHas: []string{"withdrew support from Owen Smith in 2016"}},
		{Name: "endorser page hostile", URL: "/endorsers/hostile-mp", WantStatus: 200,
			WantHas: []string{"&lt;script&gt;alert(1)&lt;/script&gt; Hostile MP", "&lt;script&gt;alert(&#34;quote&#34;)&lt;/script&gt;"}, WantHasNot: hostile},
		{Name: "contest methodology", URL: "/c/labour-2016/methodology", WantStatus: 200,
			WantHas: []string{"Kinds that count, weights and denominators", "CLPs", "646", "Affiliated unions", "14", "Angela Eagle"}},
		{Name: "general methodology", URL: "/methodology", WantStatus: 200,
			WantHas: []string{"withdrawals apply before endorsements", `href="/c/labour-2016/methodology"`}},
		{Name: "data dictionary", URL: "/data-dictionary", WantStatus: 200, WantHas: []string{"<code>source_url</code>", "<code>as_of</code>"}},
		{Name: "nav links", URL: "/c/labour-2016/endorsements", WantStatus: 200,
			WantHas: []string{`<a href="/contests">Contests</a>`, `<a href="/methodology">Methodology</a>`, `<a href="/data-dictionary">`}},
	})
	_ = f
}

func TestExportsCSV(t *testing.T) {
	app, _ := handlertest.NewBrowseFixture(t)

	t.Run("current", func(t *testing.T) {
		status, body, h := handlertest.BrowseGet(t, app, tbl+".csv?region=Testshire&as_of=2016-08-05")
		if status != 200 {
			t.Fatalf("status %d: %s", status, body)
		}
		if h["Content-Type"] != "text/csv; charset=utf-8" {
			t.Errorf("content type %q", h["Content-Type"])
		}
		if !strings.Contains(h["Content-Disposition"], `filename="labour-2016-endorsements-current-as-of-2016-08-05.csv"`) {
			t.Errorf("content disposition %q", h["Content-Disposition"])
		}
		if !strings.Contains(h["Link"], `/data-dictionary>; rel="describedby"`) {
			t.Errorf("link %q", h["Link"])
		}
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if recs[0][0] != "as_of" || len(recs) != 6 {
			t.Fatalf("got %d records, header %q", len(recs), recs[0])
		}
		byName := map[string][]string{}
		for _, r := range recs[1:] {
			if r[0] != "2016-08-05" {
				t.Errorf("as_of cell %q", r[0])
			}
			byName[r[2]] = r
		}
		// Formula injection: the cells are neutralised with a leading apostrophe.
		for _, name := range []string{"'" + handlertest.FormulaName, "'" + handlertest.AtSumName} {
			if _, ok := byName[name]; !ok {
				t.Errorf("no neutralised row %q in %q", name, slices.Collect(mapsKeys(byName)))
			}
		}
		if q := byName["'"+handlertest.FormulaName][17]; q != "'-2+3" {
			t.Errorf("quote cell %q, want '-2+3", q)
		}
		for _, r := range recs[1:] {
			for _, cell := range r {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("cell %q starts with a formula character", cell)
				}
			}
		}
	})

	t.Run("events in the import format", func(t *testing.T) {
		status, body, h := handlertest.BrowseGet(t, app, tbl+".csv?view=events&as_of=2016-09-25")
		if status != 200 {
			t.Fatalf("status %d: %s", status, body)
		}
		if !strings.Contains(h["Content-Disposition"], "labour-2016-endorsements-events-as-of-2016-09-25.csv") {
			t.Errorf("content disposition %q", h["Content-Disposition"])
		}
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"contest", "contest_title", "candidate", "endorser", "kind", "region", "action", "date", "points",
			"source_url", "source_title", "quote", "status"}
		if !slices.Equal(recs[0], want) {
			t.Fatalf("header %q", recs[0])
		}
		var switcher [][]string
		for _, r := range recs[1:] {
			if r[3] == "Testshire Switcher MP" {
				switcher = append(switcher, r[2:9])
			}
		}
		// Same day: the withdraw comes before the endorse, as the as-of rules apply them.
		wantRows := [][]string{
			{"Angela Eagle", "Testshire Switcher MP", "mp", "Testshire", "endorse", "2016-07-12", "1"},
			{"Angela Eagle", "Testshire Switcher MP", "mp", "Testshire", "withdraw", "2016-07-19", ""},
			{"Owen Smith", "Testshire Switcher MP", "mp", "Testshire", "endorse", "2016-07-19", "1"},
		}
		if !slices.EqualFunc(switcher, wantRows, slices.Equal) {
			t.Errorf("switcher rows %q, want %q", switcher, wantRows)
		}
		if !strings.Contains(body, `"'=HYPERLINK(""http://evil"")"`) || !strings.Contains(body, ",'@SUM(1),") {
			t.Errorf("formula cells not neutralised:\n%s", body)
		}
	})

	t.Run("events as of an earlier day", func(t *testing.T) {
		_, body, _ := handlertest.BrowseGet(t, app, tbl+".csv?view=events&as_of=2016-07-19")
		if strings.Contains(body, "Testshire Quitter CLP") || !strings.Contains(body, "Testshire Switcher MP") {
			t.Errorf("as_of not applied:\n%s", body)
		}
	})
}

// mapsKeys yields a map's keys.
func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestExportsJSON(t *testing.T) {
	app, f := handlertest.NewBrowseFixture(t)
	status, body, h := handlertest.BrowseGet(t, app, tbl+".json?region=Testshire&status=current&status=withdrawn&as_of=2016-08-15")
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	if !strings.Contains(h["Content-Disposition"], "labour-2016-endorsements-current-as-of-2016-08-15.json") {
		t.Errorf("content disposition %q", h["Content-Disposition"])
	}
	var cur struct {
		AsOf           string `json:"as_of"`
		View           string `json:"view"`
		DataDictionary string `json:"data_dictionary"`
		Count          int    `json:"count"`
		Endorsements   []struct {
			Endorser string `json:"endorser"`
			State    string `json:"state"`
			Action   string `json:"action"`
			EventID  uint   `json:"event_id"`
		} `json:"endorsements"`
	}
	if err := json.Unmarshal([]byte(body), &cur); err != nil {
		t.Fatal(err)
	}
	if cur.AsOf != "2016-08-15" || cur.View != "current" || cur.Count != 5 || len(cur.Endorsements) != 5 ||
		!strings.HasSuffix(cur.DataDictionary, "/data-dictionary") {
		t.Errorf("got %+v", cur)
	}
	if cur.Endorsements[0].Endorser != "Testshire Quitter CLP" || cur.Endorsements[0].State != "withdrawn" ||
		cur.Endorsements[0].Action != "withdraw" || cur.Endorsements[0].EventID != f.Events["quitter-clp"] {
		t.Errorf("first row %+v", cur.Endorsements[0])
	}
	// encoding/json escapes < and >, so the hostile name cannot open a tag in a sniffing client.
	_, body, _ = handlertest.BrowseGet(t, app, tbl+".json?view=events")
	if strings.Contains(body, "<script>") || !strings.Contains(body, `\u003cscript\u003ealert(1)\u003c/script\u003e Hostile MP`) {
		t.Errorf("hostile name not escaped in JSON events")
	}
	var ev struct {
		Events []struct {
			Endorser          string   `json:"endorser"`
			Change            string   `json:"change"`
			PreviousCandidate string   `json:"previous_candidate"`
			Points            *float64 `json:"points"`
		} `json:"events"`
	}
	if err := json.Unmarshal([]byte(body), &ev); err != nil {
		t.Fatal(err)
	}
	var changes []string
	for _, e := range ev.Events {
		if e.Endorser == "Testshire Switcher MP" {
			changes = append(changes, e.Change+":"+e.PreviousCandidate)
		}
	}
	if want := []string{"endorse:", "withdraw:", "switch:angela-eagle"}; !slices.Equal(changes, want) {
		t.Errorf("switcher changes %q, want %q", changes, want)
	}
}

func TestFeed(t *testing.T) {
	app, f := handlertest.NewBrowseFixture(t)
	status, body, h := handlertest.BrowseGet(t, app, "/c/labour-2016/feed.atom")
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	if h["Content-Type"] != "application/atom+xml; charset=utf-8" {
		t.Errorf("content type %q", h["Content-Type"])
	}
	var feed struct {
		XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string     `xml:"id"`
		Title   string     `xml:"title"`
		Updated string     `xml:"updated"`
		Links   []feedLink `xml:"link"`
		Author  string     `xml:"author>name"`
		Entries []struct {
			ID      string     `xml:"id"`
			Title   string     `xml:"title"`
			Updated string     `xml:"updated"`
			Links   []feedLink `xml:"link"`
			Content struct {
				Type string `xml:"type,attr"`
				Body string `xml:",chardata"`
			} `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatalf("not XML: %v\n%s", err, body)
	}
	if feed.ID != "tag:backers,2016:contest/labour-2016" || feed.Author == "" || feed.Updated == "" {
		t.Errorf("feed head %q %q %q", feed.ID, feed.Author, feed.Updated)
	}
	if !slices.ContainsFunc(feed.Links, func(l feedLink) bool {
		return l.Rel == "self" && strings.HasSuffix(l.Href, "/c/labour-2016/feed.atom")
	}) {
		t.Errorf("no self link in %+v", feed.Links)
	}
	titles := map[string]string{}
	for _, e := range feed.Entries {
		titles[e.ID] = e.Title
		if e.Updated == "" || len(e.Links) == 0 || e.Content.Type != "text" {
			t.Errorf("entry %s incomplete: %+v", e.ID, e)
		}
	}
	want := map[string]string{
		"hostile-mp":  handlertest.ScriptName + " endorsed Owen Smith",
		"switcher-mp": "Testshire Switcher MP endorsed Owen Smith, switching from Angela Eagle",
		"quitter-clp": "Testshire Quitter CLP withdrew support from Owen Smith",
		"test-union":  "Testshire Workers Union nominated Jeremy Corbyn",
	}
	for slug, title := range want {
		id := "tag:backers,2016:event/" + itoa(f.Events[slug])
		if titles[id] != title {
			t.Errorf("entry %s title %q, want %q", id, titles[id], title)
		}
	}
	// The raw XML never carries a hostile name as markup.
	if strings.Contains(body, "<script>") || strings.Contains(body, "<img") {
		t.Errorf("feed has unescaped markup")
	}
	// Entry ids are stable: the same event keeps its id in a second fetch.
	_, again, _ := handlertest.BrowseGet(t, app, "/c/labour-2016/feed.atom")
	if again != body {
		t.Errorf("feed changed between two fetches")
	}
}

// feedLink is an Atom link as a reader decodes it.
type feedLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
}

func itoa(n uint) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestExportsEventsFilters checks that the event log export applies the table's filters, each
// to the event itself, in both formats.
func TestExportsEventsFilters(t *testing.T) {
	app, _ := handlertest.NewBrowseFixture(t)
	const (
		eagle      = "switcher-mp:endorse:angela-eagle"
		leaveEagle = "switcher-mp:withdraw:angela-eagle"
		toSmith    = "switcher-mp:endorse:owen-smith"
		union      = "test-union:nominate:jeremy-corbyn"
		quitter    = "quitter-clp:nominate:owen-smith"
		formula    = "formula-clp:nominate:jeremy-corbyn"
		atSum      = "at-clp:nominate:owen-smith"
		quit       = "quitter-clp:withdraw:owen-smith"
	)
	const ts = "view=events&region=Testshire&"
	cases := []struct {
		name, query string
		want        []string // endorser:action:candidate, in the log's order
	}{
		{"region", ts, []string{eagle, leaveEagle, toSmith, union, quitter, formula, atSum, quit}},
		{"candidate is the event's", ts + "candidate=owen-smith", []string{toSmith, quitter, atSum, quit}},
		{"kind", ts + "kind=clp", []string{quitter, formula, atSum, quit}},
		{"search", "view=events&q=SWITCHER", []string{eagle, leaveEagle, toSmith}},
		{"from and to are the event's day", ts + "from=2016-07-19&to=2016-07-25", []string{leaveEagle, toSmith, union, quitter}},
		{"status withdrawn keeps withdraw events", ts + "status=withdrawn", []string{leaveEagle, quit}},
		{"status current keeps endorse and nominate events", ts + "status=current&kind=mp", []string{eagle, toSmith}},
		{"verification", ts + "status=disputed", []string{atSum}},
		{"action=nominate keeps nominations only", ts + "action=nominate", []string{union, quitter, formula, atSum}},
		{"action=endorse keeps declared support only", ts + "action=endorse", []string{eagle, toSmith}},
		{"action=withdraw keeps withdrawals only", ts + "action=withdraw", []string{leaveEagle, quit}},
		{"verification and state together", ts + "status=reported&status=withdrawn", []string{quit}},
		{"withdrawn candidates hidden", ts + "withdrawn=hide", []string{toSmith, union, quitter, formula, atSum, quit}},
		{"as_of", ts + "as_of=2016-07-20", []string{eagle, leaveEagle, toSmith, union}},
		{"nothing matches", ts + "q=nobody", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := handlertest.BrowseGet(t, app, tbl+".json?"+tc.query)
			if status != 200 {
				t.Fatalf("status %d: %s", status, body)
			}
			var out struct {
				Count  int `json:"count"`
				Events []struct {
					EndorserSlug  string `json:"endorser_slug"`
					Action        string `json:"action"`
					CandidateSlug string `json:"candidate_slug"`
				} `json:"events"`
			}
			if err := json.Unmarshal([]byte(body), &out); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range out.Events {
				got = append(got, e.EndorserSlug+":"+e.Action+":"+e.CandidateSlug)
			}
			if !slices.Equal(got, tc.want) || out.Count != len(tc.want) {
				t.Errorf("events %q (count %d), want %q", got, out.Count, tc.want)
			}

			// The CSV export of the same query holds the same events: endorser name, action, candidate.
			status, body, _ = handlertest.BrowseGet(t, app, tbl+".csv?"+tc.query)
			if status != 200 {
				t.Fatalf("csv status %d: %s", status, body)
			}
			recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs)-1 != len(tc.want) {
				t.Errorf("csv has %d events, want %d:\n%s", len(recs)-1, len(tc.want), body)
			}
			for i, r := range recs[1:] {
				if i < len(out.Events) && r[6] != out.Events[i].Action {
					t.Errorf("csv row %d action %q, json %q", i+1, r[6], out.Events[i].Action)
				}
			}
		})
	}
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "events export checks its filters", URL: tbl + ".csv?view=events&kind=senator", WantStatus: 400, WantHas: []string{"no endorser kind"}},
		{Name: "events JSON names the bad filter", URL: tbl + ".json?view=events&from=soon", WantStatus: 400, WantHas: []string{`"param":"from"`}},
	})
}

// TestTableKeptUntilAWrite: the who-backs-whom table is kept in memory like the dashboard, so
// a shared link to a filtered table is answered from memory, and a write to the contest makes
// the next request render it afresh, with the new row.
func TestTableKeptUntilAWrite(t *testing.T) {
	app, f := handlertest.NewBrowseFixture(t)
	const url = "/c/labour-2016/endorsements?q=testshire&status=current&status=withdrawn"
	status, body, headers := handlertest.BrowseGet(t, app, url)
	if status != 200 || headers["Cache-Control"] != "no-cache" || headers["Etag"] == "" {
		t.Fatalf("table: %d, Cache-Control %q, ETag %q; want 200, no-cache and an ETag", status, headers["Cache-Control"], headers["Etag"])
	}
	if strings.Contains(body, "Testshire Latecomer CLP") {
		t.Fatal("the table shows an endorser not yet recorded")
	}
	_, again, againHeaders := handlertest.BrowseGet(t, app, url)
	if again != body || againHeaders["Etag"] != headers["Etag"] {
		t.Fatalf("a second request with no write between answers differently (ETag %q, then %q)", headers["Etag"], againHeaders["Etag"])
	}

	f.Endorser("latecomer-clp", "Testshire Latecomer CLP", "clp", "Testshire")
	f.Event("latecomer-clp", "jeremy-corbyn", models.ActionNominate, "2016-08-12", "", models.VerificationConfirmed)
	_, body, after := handlertest.BrowseGet(t, app, url)
	if !strings.Contains(body, "Testshire Latecomer CLP") || after["Etag"] == headers["Etag"] {
		t.Fatalf("after a write the table still misses the new row (ETag %q, before %q)", after["Etag"], headers["Etag"])
	}
}
