package handlers_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/handlers/handlertest"
)

// openAPIDoc is the part of the OpenAPI document the tests read.
type openAPIDoc struct {
	Security []any `json:"security"`
	Paths    map[string]map[string]struct {
		Parameters []struct {
			Name   string `json:"name"`
			In     string `json:"in"`
			Schema struct {
				Pattern string `json:"pattern"`
			} `json:"schema"`
		} `json:"parameters"`
		Responses map[string]any `json:"responses"`
	} `json:"paths"`
}

// TestOpenAPIDescribesEveryRoute checks the document against the router itself: every GET
// route served under /api/v1 is a documented path, every documented path is served, and each
// operation documents exactly the query parameters the route takes (the router's 400 for an
// unknown parameter lists them).
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	_, body := handlertest.Fetch(t, app, "/api/v1/openapi.json")
	var doc openAPIDoc
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Security == nil {
		t.Error("the document declares no security; the public API should say security: []")
	}
	param := regexp.MustCompile(`:(\w+)`)
	served := map[string]bool{}
	for _, r := range app.GetRoutes(true) {
		if r.Method != "GET" || !strings.HasPrefix(r.Path, "/api/v1/") {
			continue
		}
		path := param.ReplaceAllString(r.Path, "{$1}")
		served[path] = true
		if _, ok := doc.Paths[path]["get"]; !ok {
			t.Errorf("GET %s is served but not in the OpenAPI document", path)
		}
	}
	examples := strings.NewReplacer("{contest}", "labour-2016", "{slug}", "unite", "{chart}", "clp-nominations")
	takes := regexp.MustCompile(`this address takes ([^"]*)"`)
	for path, ops := range doc.Paths {
		if !served[path] {
			t.Errorf("%s is documented but not served", path)
		}
		op, ok := ops["get"]
		if !ok {
			continue
		}
		if _, ok := op.Responses["400"]; !ok {
			t.Errorf("GET %s documents no 400, which every route answers to an unknown parameter", path)
		}
		var documented []string
		for _, p := range op.Parameters {
			if p.In == "query" {
				documented = append(documented, p.Name)
			}
		}
		_, answer := handlertest.Fetch(t, app, examples.Replace(path)+"?not_a_parameter=1")
		var accepted []string
		if m := takes.FindSubmatch(answer); m != nil && string(m[1]) != "none" {
			accepted = strings.Split(string(m[1]), ", ")
		}
		slices.Sort(documented)
		slices.Sort(accepted)
		if !slices.Equal(documented, accepted) {
			t.Errorf("GET %s documents the parameters %q; the route takes %q (%s)", path, documented, accepted, answer)
		}
	}

	// The chart series' chart names are the charts there are.
	for _, p := range doc.Paths["/api/v1/contests/{contest}/series/{chart}"]["get"].Parameters {
		if p.Name != "chart" {
			continue
		}
		re, err := regexp.Compile(p.Schema.Pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range charts.Names() {
			if !re.MatchString(name) || !re.MatchString(name+".csv") {
				t.Errorf("the chart parameter's pattern %q does not take %q", p.Schema.Pattern, name)
			}
		}
	}
}
