package public_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
)

// TestRealDataAsOf checks the table, the API and the exports against the published 2016
// figures: the affiliated unions' nominations were Corbyn 4, Smith 1 by 5 August 2016
// (FBU, UCATT, Aslef and CWU; Community) and Corbyn 8, Smith 4, none 2 when nominations
// closed on 15 August (BBC, Total Politics, LabourList).
func TestRealDataAsOf(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	unions := tbl + "?kind=affiliated-union&sort=name&as_of="
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "unions as of 5 Aug", URL: unions + "2016-08-05", WantStatus: 200,
			WantHas:    []string{"<strong>5</strong> matched", "Jeremy Corbyn 4", "Owen Smith 1", ">Aslef</a>", ">Community</a>"},
			WantHasNot: []string{">GMB</a>", ">Unite</a>", ">Unison</a>"}},
		{Name: "unions as of 15 Aug", URL: unions + "2016-08-15", WantStatus: 200,
			WantHas: []string{"<strong>12</strong> matched", "Jeremy Corbyn 8", "Owen Smith 4", ">GMB</a>", ">Unite</a>", ">Unison</a>"}},
		{Name: "date precision shown", URL: tbl + "?q=aslef", WantStatus: 200, WantHas: []string{"on or before 4 Aug 2016"}},
		{Name: "union with no nomination: roster note", URL: "/endorsers/bectu", WantStatus: 200,
			WantHas: []string{"Bectu", "in keeping with past practice", "No recorded choice as of this day."}},
		{Name: "union membership with its note", URL: "/endorsers/gmb", WantStatus: 200,
			WantHas: []string{"Membership", "nominated Owen Smith in 2016"}},
		{Name: "Eagle backs Smith after withdrawing", URL: "/endorsers/angela-eagle", WantStatus: 200,
			WantHas: []string{"endorsed Owen Smith"}},
		// the BBC's June 2016 conference motion, not "not found in the sources"
		{Name: "a union's process as its source gives it", URL: "/endorsers/bfawu", WantStatus: 200,
			WantHas:    []string{"How: annual conference motion (June 2016) to back the incumbent, per the BBC"},
			WantHasNot: []string{"not found in the sources"}},
		// its page's "Saturday 14th August" was a Sunday
		{Name: "an inferred day says so", URL: "/endorsers/labour-movement-for-europe", WantStatus: 200,
			WantHas: []string{`<time datetime="2016-08-14">14 Aug 2016 (day inferred)</time>`, "but 14 Aug 2016 was a Sunday (13 Aug was the Saturday)"}},
		{Name: "unions on the methodology page", URL: "/c/labour-2016/methodology", WantStatus: 200,
			WantHas: []string{"Affiliated unions", "14 trade unions affiliated to Labour in 2016"}},
	})

	for _, tc := range []struct {
		asOf                      string
		corbyn, smith, undeclared float64
	}{{"2016-08-05", 4, 1, 9}, {"2016-08-15", 8, 4, 2}} {
		status, body, _ := handlertest.BrowseGet(t, app, "/api/v1/contests/labour-2016/totals?as_of="+tc.asOf)
		if status != 200 {
			t.Fatalf("status %d: %s", status, body)
		}
		var m struct {
			AsOf       string `json:"as_of"`
			Candidates []struct {
				Candidate string `json:"candidate"`
				ByKind    map[string]struct {
					Count float64 `json:"count"`
				} `json:"by_kind"`
			} `json:"candidates"`
			Kinds []struct {
				Kind       string   `json:"kind"`
				Undeclared *float64 `json:"undeclared"`
			} `json:"kinds"`
		}
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Fatal(err)
		}
		got := map[string]float64{}
		for _, c := range m.Candidates {
			got[c.Candidate] = c.ByKind["affiliated-union"].Count
		}
		if m.AsOf != tc.asOf || got["jeremy-corbyn"] != tc.corbyn || got["owen-smith"] != tc.smith {
			t.Errorf("as of %s: unions %v", tc.asOf, got)
		}
		for _, k := range m.Kinds {
			if k.Kind == "affiliated-union" && (k.Undeclared == nil || *k.Undeclared != tc.undeclared) {
				t.Errorf("as of %s: undeclared unions %v, want %v", tc.asOf, k.Undeclared, tc.undeclared)
			}
		}
	}

	_, body, _ := handlertest.BrowseGet(t, app, tbl+".csv?view=current&kind=affiliated-union&as_of=2016-08-15")
	if n := strings.Count(body, "\n"); n != 13 {
		t.Errorf("current CSV as of 15 Aug has %d lines, want a header and 12 unions:\n%s", n, body)
	}
}
