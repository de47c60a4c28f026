package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/backers/backers/handlers/handlertest"
)

func TestAPI(t *testing.T) {
	app, f := handlertest.NewBrowseFixture(t)
	decode := func(t *testing.T, url string, wantStatus int) map[string]any {
		t.Helper()
		status, body, h := handlertest.BrowseGet(t, app, url)
		if status != wantStatus {
			t.Fatalf("GET %s: status %d, want %d\n%s", url, status, wantStatus, handlertest.Trim(body))
		}
		if !strings.HasPrefix(h["Content-Type"], "application/json") {
			t.Errorf("GET %s: content type %q", url, h["Content-Type"])
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Fatalf("GET %s: %v\n%s", url, err, body)
		}
		if wantStatus < 300 && !strings.HasSuffix(url, "openapi.json") {
			if _, ok := m["as_of"]; !ok {
				t.Errorf("GET %s: no as_of in %s", url, handlertest.Trim(body))
			}
		}
		return m
	}

	t.Run("contests", func(t *testing.T) {
		m := decode(t, "/api/v1/contests", 200)
		cs := m["contests"].([]any)
		c0 := cs[0].(map[string]any)
		if c0["slug"] != "labour-2016" || m["as_of"] != "2016-09-25" || len(c0["candidates"].([]any)) != 3 {
			t.Errorf("got %v", m)
		}
	})
	t.Run("contest", func(t *testing.T) {
		m := decode(t, "/api/v1/contests/labour-2016", 200)
		c := m["contest"].(map[string]any)
		rules := c["rules"].([]any)
		found := false
		for _, r := range rules {
			r := r.(map[string]any)
			if r["kind"] == "clp" && r["denominator"] == float64(646) {
				found = true
			}
		}
		if !found {
			t.Errorf("no clp rule with denominator 646 in %v", rules)
		}
	})
	t.Run("totals as of", func(t *testing.T) {
		// No seeded Smith CLP nominates between 9 and 10 August (South Swindon on the 6th,
		// Blaenau Gwent and Richmond Park by the 15th).
		before := decode(t, "/api/v1/contests/labour-2016/totals?as_of=2016-08-09", 200)
		after := decode(t, "/api/v1/contests/labour-2016/totals?as_of=2016-08-10", 200)
		smithCLPs := func(m map[string]any) float64 {
			for _, c := range m["candidates"].([]any) {
				c := c.(map[string]any)
				if c["candidate"] == "owen-smith" {
					bk := c["by_kind"].(map[string]any)
					if clp, ok := bk["clp"].(map[string]any); ok {
						return clp["count"].(float64)
					}
				}
			}
			return 0
		}
		// The fixture's Quitter CLP withdrew from Smith on 10 August.
		if b, a := smithCLPs(before), smithCLPs(after); b != a+1 {
			t.Errorf("Smith CLPs %v on 9 Aug, %v on 10 Aug; want one fewer after the withdrawal", b, a)
		}
		if before["as_of"] != "2016-08-09" {
			t.Errorf("as_of %v", before["as_of"])
		}
		var clp map[string]any
		for _, k := range after["kinds"].([]any) {
			if k := k.(map[string]any); k["kind"] == "clp" {
				clp = k
			}
		}
		if clp == nil || clp["denominator"] != float64(646) || clp["undeclared"] != float64(646)-clp["backing"].(float64) {
			t.Errorf("clp kind total %v", clp)
		}
	})
	t.Run("endorsements filters", func(t *testing.T) {
		m := decode(t, "/api/v1/contests/labour-2016/endorsements?region=Testshire&candidate=owen-smith&as_of=2016-08-05&per_page=2", 200)
		if m["total"] != float64(3) || m["pages"] != float64(2) || m["per_page"] != float64(2) || m["as_of"] != "2016-08-05" {
			t.Errorf("got %v", m)
		}
		rows := m["endorsements"].([]any)
		if len(rows) != 2 || rows[0].(map[string]any)["endorser"] != "@SUM(1)" {
			t.Errorf("rows %v", rows)
		}
		if next, _ := m["next"].(string); !strings.HasSuffix(next, "/api/v1/contests/labour-2016/endorsements?as_of=2016-08-05&candidate=owen-smith&page=2&per_page=2&region=Testshire") {
			t.Errorf("next %q", next)
		}
		row := rows[0].(map[string]any)
		for _, k := range []string{"event_id", "endorser", "endorser_slug", "kind", "region", "candidate", "candidate_slug",
			"state", "action", "date", "date_precision", "points", "verification", "source_url", "source_title", "quote"} {
			if _, ok := row[k]; !ok {
				t.Errorf("row lacks %q: %v", k, row)
			}
		}
		w := decode(t, "/api/v1/contests/labour-2016/endorsements?region=Testshire&status=withdrawn", 200)
		if w["total"] != float64(1) || w["endorsements"].([]any)[0].(map[string]any)["state"] != "withdrawn" {
			t.Errorf("withdrawn %v", w)
		}
		noms := decode(t, "/api/v1/contests/labour-2016/endorsements?region=Testshire&action=nominate", 200)
		for _, r := range noms["endorsements"].([]any) {
			if a := r.(map[string]any)["action"]; a != "nominate" {
				t.Errorf("action=nominate gave a row with action %v", a)
			}
		}
		if noms["total"] != float64(3) {
			t.Errorf("action=nominate: %v rows, want 3 (two CLPs and the union)", noms["total"])
		}
	})
	t.Run("endorser", func(t *testing.T) {
		m := decode(t, "/api/v1/endorsers/switcher-mp", 200)
		cs := m["contests"].([]any)
		c := cs[0].(map[string]any)
		pos := c["position"].(map[string]any)
		evs := c["events"].([]any)
		if pos["candidate_slug"] != "owen-smith" || len(evs) != 3 || evs[2].(map[string]any)["change"] != "switch" {
			t.Errorf("got %v", m)
		}
		old := decode(t, "/api/v1/endorsers/switcher-mp?as_of=2016-07-15", 200)
		if p := old["contests"].([]any)[0].(map[string]any)["position"].(map[string]any); p["candidate_slug"] != "angela-eagle" {
			t.Errorf("as of 15 July: %v", p)
		}
		_ = f
	})
	t.Run("openapi", func(t *testing.T) {
		m := decode(t, "/api/v1/openapi.json", 200)
		paths := m["paths"].(map[string]any)
		for _, p := range []string{"/api/v1/contests", "/api/v1/contests/{contest}", "/api/v1/contests/{contest}/totals",
			"/api/v1/contests/{contest}/endorsements", "/api/v1/endorsers/{slug}"} {
			if _, ok := paths[p]; !ok {
				t.Errorf("openapi lacks %s", p)
			}
		}
	})

	errCases := []struct {
		url, param, has string
		status          int
	}{
		{"/api/v1/contests/nope", "", `no contest "nope"`, 404},
		{"/api/v1/contests/nope/totals", "", `no contest "nope"`, 404},
		{"/api/v1/contests/nope/endorsements", "", `no contest "nope"`, 404},
		{"/api/v1/endorsers/nobody", "", `no endorser "nobody"`, 404},
		{"/api/v1/contests/labour-2016/totals?as_of=15-08-2016", "as_of", "is not a date", 400},
		{"/api/v1/endorsers/switcher-mp?as_of=2016-02-30", "as_of", "is not a date", 400},
		{"/api/v1/contests/labour-2016/endorsements?as_of=x", "as_of", "is not a date", 400},
		{"/api/v1/contests/labour-2016/endorsements?candidate=boris", "candidate", `no candidate "boris"`, 400},
		{"/api/v1/contests/labour-2016/endorsements?kind=senator", "kind", `no endorser kind "senator"`, 400},
		{"/api/v1/contests/labour-2016/endorsements?region=Atlantis", "region", "Atlantis", 400},
		{"/api/v1/contests/labour-2016/endorsements?status=maybe", "status", "maybe", 400},
		{"/api/v1/contests/labour-2016/endorsements?sort=x", "sort", "is not one of", 400},
		{"/api/v1/contests/labour-2016/endorsements?action=support", "action", "is not one of nominate, endorse, withdraw", 400},
		{"/api/v1/contests/labour-2016/endorsements?page=-1", "page", "whole number", 400},
		{"/api/v1/contests/labour-2016/endorsements?from=2016-09-01&to=2016-08-01", "from", "is after", 400},
		{"/c/labour-2016/endorsements.json?as_of=nope", "as_of", "is not a date", 400},
		{"/api/v1/nothing", "", "", 404},
	}
	for _, tc := range errCases {
		t.Run("error "+tc.url, func(t *testing.T) {
			m := decode(t, tc.url, tc.status)
			msg, _ := m["error"].(string)
			if !strings.Contains(msg, tc.has) || m["status"] != float64(tc.status) {
				t.Errorf("error %v, want it to say %q", m, tc.has)
			}
			if p, _ := m["param"].(string); p != tc.param {
				t.Errorf("param %q, want %q", p, tc.param)
			}
		})
	}
}

// TestAPIStatusAsOfDay checks that the API's candidate statuses are those of its day: the
// winner was on the ballot before the result.
func TestAPIStatusAsOfDay(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	status := func(url string) map[string]string {
		t.Helper()
		_, body := handlertest.Fetch(t, app, url)
		// A contest's answer lists its candidates under "contest"; the totals, under "candidates".
		var got struct {
			Contest    json.RawMessage
			Candidates []struct{ Candidate, Status string }
		}
		var contest struct {
			Candidates []struct{ Slug, Status string }
		}
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		out := map[string]string{}
		if json.Unmarshal(got.Contest, &contest) == nil {
			for _, c := range contest.Candidates {
				out[c.Slug] = c.Status
			}
		}
		for _, c := range got.Candidates {
			out[c.Candidate] = c.Status
		}
		return out
	}
	for url, want := range map[string]string{
		"/api/v1/contests/labour-2016?as_of=2016-07-25":        "on_ballot",
		"/api/v1/contests/labour-2016":                         "winner",
		"/api/v1/contests/labour-2016/totals?as_of=2016-09-23": "on_ballot",
		"/api/v1/contests/labour-2016/totals?as_of=2016-09-24": "winner",
	} {
		if got := status(url)["jeremy-corbyn"]; got != want {
			t.Errorf("%s: Corbyn is %q, want %q", url, got, want)
		}
	}
}
