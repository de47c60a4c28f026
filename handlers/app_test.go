package handlers_test

import (
	"testing"

	"github.com/backers/backers/handlers/handlertest"
)

func TestPages(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "healthz", URL: "/healthz", WantStatus: 200, WantHas: []string{`"ok"`}},
		{Name: "home shows featured contest", URL: "/", WantStatus: 200, WantHas: []string{"2016 Labour Party leadership election"}},
		{Name: "dashboard", URL: "/c/labour-2016", WantStatus: 200, WantHas: []string{"Jeremy Corbyn", "Owen Smith", "Angela Eagle"},
			WantHeaders: map[string]string{"X-Frame-Options": "SAMEORIGIN"}},
		{Name: "unknown contest", URL: "/c/no-such-contest", WantStatus: 404, WantHas: []string{"no such page"}, WantHasNot: []string{"record not found"}},
		{Name: "unknown path", URL: "/nope", WantStatus: 404},
	})
}
