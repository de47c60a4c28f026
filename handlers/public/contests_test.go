package public_test

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/backers/backers/handlers"
	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
	"github.com/backers/backers/seed"
	"github.com/backers/backers/store"
)

// value is how a dashboard's headline shows a figure.
func value(v string) string { return `<strong class="value">` + v + `</strong>` }

// TestThreeDashboardsShowThePublishedFigures reads every published figure the three seeded
// dashboards show through the real app: results by voter section, CLP, PLP and affiliate
// counts, thresholds, the electorate, and where the sources disagree. The figures are the
// sources' (../shared/data/compiled_labour*.csv), not what the code printed last week.
func TestThreeDashboardsShowThePublishedFigures(t *testing.T) {
	app, _ := handlertest.NewAppAllContests(t)
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "2016 stays at /", URL: "/", WantStatus: 200,
			WantHas: []string{"<h1>2016 Labour Party leadership election</h1>", value("313,209 (61.8%)"), value("193,229 (38.2%)")}},
		{Name: "2016 result, CLPs, unions and PLP", URL: "/c/labour-2016", WantStatus: 200,
			WantHas: []string{
				value("313,209 (61.8%)"), value("193,229 (38.2%)"),
				// by voter section (Total Politics / Guardian)
				"168,216", "116,960", "84,918", "36,599", "60,075", "39,670",
				// CLP supporting nominations 285 / 53 / 308 of 646; unions 8 / 4 / 2 of 14
				value("285"), value("53"), value("308"), "308 of 646 did not nominate",
				"Jeremy Corbyn 8, Owen Smith 4 and 2 of 14 made no nomination",
				// PLP+EPLP: Smith 172 against 51 needed
				value("172 (51 needed)"),
				// who could vote, with dates and sources; membership verified or not
				"Who could vote", "640,000", "130,000", "343,500",
				`<span class="verified">verified</span>`, `<span class="unverified">reported, not verified</span>`,
				// the GMB's process and figures in the union chart's notes
				"GMB (Owen Smith): consultative members&#39; ballot: 25,969 for Owen Smith, 17,450 for the other candidates; turnout 43,419, or 43,635 per Morning Star.",
				// and the counted CLPs' meetings in the CLP chart's
				"South Swindon CLP (Owen Smith): all-members meeting ballot: 34 for Owen Smith, 23 for the other candidates.",
			}},
		{Name: "2015 result by section, CLPs, PLP and the disagreement", URL: "/c/labour-2015", WantStatus: 200,
			WantHas: []string{
				value("251,417 (59.5%)"), value("80,462 (19.0%)"), value("71,928 (17.0%)"), value("18,857 (4.5%)"),
				"121,751", "55,698", "54,470", "13,601", // members
				"88,449", "6,160", "8,415", "2,574", // registered supporters
				"41,217", "18,604", "9,043", "2,682", // affiliated supporters
				"422,871", "76.3",
				value("152"), value("111"), value("106"), value("18"), // CLPs, 387 in all
				value("68 (35 needed)"), value("35 (35 needed)"), // PLP: Burnham 68, Corbyn 35 of 35 needed
				"Nominations: 15% of Labour MPs",
				"Where the sources disagree", "<strong>35</strong> used", "the other figure, <strong>36</strong>: widely quoted; not confirmed in any source read",
				"<strong>6,160</strong> used", "the other figure, <strong>8,415</strong>: The Independent",
				"Key dates", "PLP nominations close", "31 Jul 2015 (day inferred)",
				// the Guardian's 9 June counts of declared backers are not nominations
				"Declared backers (not nominations)", "Liz Kendall: <strong>35</strong> MPs, declared PLP backers (interim)",
			},
			WantHasNot: []string{`<span class="label">Liz Kendall</span> ` + value("35 (35 needed)")}},
		{Name: "2020 result by section, CLPs, MPs, affiliates, thresholds, disagreements", URL: "/c/labour-2020", WantStatus: 200,
			WantHas: []string{
				value("275,780 (56.2%)"), value("135,218 (27.6%)"), value("79,597 (16.2%)"),
				"225,135", "117,598", "58,788", // members
				"10,228", "650 (5.0%)", "2,128", // registered supporters
				"40,417", "16,970", "18,681", // affiliated supporters
				value("373"), value("164"), value("72"), value("31"), "of 648",
				value("88 (22 needed)"), value("33 (22 needed)"), value("31 (22 needed)"), value("23 (22 needed)"),
				"Stage one: 10% of Labour MPs and MEPs", "Stage two: 5% of CLPs",
				"three affiliates incl. two trade unions with 5% of affiliated membership",
				"<td>Keir Starmer</td><td>15</td>", "<td>Rebecca Long-Bailey</td><td>7</td>", "<td>Lisa Nandy</td><td>4</td>",
				"Who could vote", "552,835", "13,626", "217,690", "784,151",
				"Where the sources disagree", "<strong>373</strong> used", "the other figure, <strong>374</strong>",
				"<strong>88</strong> used", "the other figure, <strong>89</strong>",
				"Keir Starmer qualifies for the ballot",
			}},
	})
}

// TestDashboardFactsFollowTheDay: as of a day, "Dates and figures, with their sources" lists
// only the figures dated on or before it, as every other figure on the page is the state as of
// that day; the timetable stays whole, as the date control marks it.
func TestDashboardFactsFollowTheDay(t *testing.T) {
	app, _ := handlertest.NewAppAllContests(t)
	const (
		electorate = "<h3>Who could vote</h3>"
		members515 = "<strong>515,000</strong> members" // Aug 2016
		members388 = "<strong>388,407</strong> members" // Jan 2016
		ballotsOut = "Ballots go out"                   // the timetable's 22 Aug
		starmer373 = "<strong>373</strong> used"        // his CLPs of 14 Feb 2020, disputed
		starmer88  = "<strong>88</strong> used"         // his MPs and MEPs of 13 Jan 2020, disputed
	)
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "2016 with all the data", URL: "/c/labour-2016", WantStatus: 200,
			WantHas:    []string{electorate, "<td>640,000</td>", members515, members388, ballotsOut},
			WantHasNot: []string{"Figures dated on or before"}},
		{Name: "2016 as of 25 Jul: no electorate of 12 and 22 Aug, no members of Aug", URL: "/c/labour-2016?as_of=2016-07-25", WantStatus: 200,
			WantHas:    []string{`Figures dated on or before <time datetime="2016-07-25">25 Jul 2016</time>; the timetable is listed whole.`, members388, ballotsOut},
			WantHasNot: []string{electorate, "<td>640,000</td>", "<td>130,000</td>", members515}},
		{Name: "2016 as of 12 Aug: the freeze's 130,000, not yet the 22 Aug figures", URL: "/c/labour-2016?as_of=2016-08-12", WantStatus: 200,
			WantHas:    []string{electorate, "<td>130,000</td>", members515},
			WantHasNot: []string{"<td>640,000</td>"}},
		{Name: "2020 as of 13 Jan: the MPs' disputed 88, not yet the CLPs' 373", URL: "/c/labour-2020?as_of=2020-01-13", WantStatus: 200,
			WantHas:    []string{"Where the sources disagree", starmer88, "the other figure, <strong>89</strong>"},
			WantHasNot: []string{starmer373, "the other figure, <strong>374</strong>", electorate}},
		{Name: "2020 with all the data", URL: "/c/labour-2020", WantStatus: 200,
			WantHas: []string{starmer88, starmer373, electorate}},
	})
}

// TestContestsNewestFirst: /contests lists all three, 2020 first, 2015 last.
func TestContestsNewestFirst(t *testing.T) {
	app, _ := handlertest.NewAppAllContests(t)
	resp, err := app.Test(httptest.NewRequest("GET", "/contests", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	body := string(b)
	i20 := strings.Index(body, `href="/c/labour-2020"`)
	i16 := strings.Index(body, `href="/c/labour-2016"`)
	i15 := strings.Index(body, `href="/c/labour-2015"`)
	if i20 < 0 || i16 < 0 || i15 < 0 || !(i20 < i16 && i16 < i15) {
		t.Errorf("/contests order: 2020 at %d, 2016 at %d, 2015 at %d; want all three, newest first", i20, i16, i15)
	}
}

// TestEndorserAcrossContests: a CLP and a union present in two or three contests show each
// choice with its source on their page and in the API.
func TestEndorserAcrossContests(t *testing.T) {
	app, _ := handlertest.NewAppAllContests(t)
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "a CLP in three contests", URL: "/endorsers/barrow-and-furness-clp", WantStatus: 200,
			WantHas: []string{"nominated Andy Burnham in 2015, Jeremy Corbyn in 2016 and Keir Starmer in 2020",
				"Which CLPs are nominating who in the 2016 Labour leadership contest? (New Statesman)",
				"Labour leadership election: How many CLPs and trade unions have nominated their candidates (inews, 14 Feb 2020)",
				// how the dates are known
				"on or before 31 Jul 2015", "on or before 15 Aug 2016", "on or before 14 Feb 2020"}},
		{Name: "a choice not made, then one made", URL: "/endorsers/bosworth-clp", WantStatus: 200,
			WantHas: []string{"made no nomination in 2015 and 2016; nominated Keir Starmer in 2020",
				"Bosworth CLP made no nomination in 2015</strong> (recorded as such, not counted as a nomination)"}},
		{Name: "a union's process, votes and both turnouts", URL: "/endorsers/gmb", WantStatus: 200,
			WantHas: []string{"made no nomination in 2015; nominated Owen Smith in 2016 and Lisa Nandy in 2020",
				"How: consultative members&#39; ballot: 25,969 for Owen Smith, 17,450 for the other candidates; turnout 43,419, or 43,635 per Morning Star",
				"GMB union backs Owen Smith (BBC News)", "also <a href=\"https://labourlist.org/2020/01/which-labour-leadership-candidates-have-unions-and-affiliates-backed/\""}},
		{Name: "a CLP meeting's vote", URL: "/endorsers/south-swindon-clp", WantStatus: 200,
			WantHas: []string{"How: all-members meeting ballot: 34 for Owen Smith, 23 for the other candidates"}},
		{Name: "a suspended CLP is not a nomination", URL: "/endorsers/wallasey-clp", WantStatus: 200,
			WantHas: []string{"Wallasey CLP was suspended (nomination not known) in 2016</strong>", "No recorded choice as of this day."}},
		{Name: "a role at the time", URL: "/endorsers/sadiq-khan", WantStatus: 200,
			WantHas: []string{"nominated Jeremy Corbyn in 2015; endorsed Owen Smith in 2016", "(as MP for Tooting)"}},
	})

	resp, err := app.Test(httptest.NewRequest("GET", "/api/v1/endorsers/aldridge-brownhills-clp", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Summary  string `json:"summary"`
		Contests []struct {
			Contest string `json:"contest"`
			Year    string `json:"year"`
			Events  []struct {
				Candidate     string `json:"candidate_slug"`
				Action        string `json:"action"`
				SourceURL     string `json:"source_url"`
				DatePrecision string `json:"date_precision"`
				DateNote      string `json:"date_note"`
			} `json:"events"`
		} `json:"contests"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if want := "nominated Jeremy Corbyn in 2015, Jeremy Corbyn in 2016 and Keir Starmer in 2020"; got.Summary != want {
		t.Errorf("summary %q, want %q", got.Summary, want)
	}
	want := []struct{ contest, year, candidate, source string }{
		{"labour-2015", "2015", "jeremy-corbyn", "http://www.newstatesman.com/politics/staggers/2016/08/which-clps-are-nominating-who-2016-labour-leadership-contest"},
		{"labour-2016", "2016", "jeremy-corbyn", "http://www.newstatesman.com/politics/staggers/2016/08/which-clps-are-nominating-who-2016-labour-leadership-contest"},
		{"labour-2020", "2020", "keir-starmer", "https://inews.co.uk/news/politics/labour-leadership-election-candidates-clps-trade-unions-nominations-who-selected-list-387783"},
	}
	if len(got.Contests) != len(want) {
		t.Fatalf("API contests: %+v, want %d", got.Contests, len(want))
	}
	for i, w := range want {
		c := got.Contests[i]
		if c.Contest != w.contest || c.Year != w.year || len(c.Events) != 1 {
			t.Errorf("API contest %d: %+v, want %s (%s) with one event", i, c, w.contest, w.year)
			continue
		}
		ev := c.Events[0]
		if ev.Candidate != w.candidate || ev.Action != "nominate" || ev.SourceURL != w.source || ev.DatePrecision != "range" || ev.DateNote == "" {
			t.Errorf("API %s event: %+v, want a nomination of %s from %s, its range date explained", w.contest, ev, w.candidate, w.source)
		}
	}
}

// TestUpgradedDatabaseServesEverything: a database seeded before the 2015 and 2020 contests
// existed, with an admin's record added since, is brought up to date as a start does it
// (seed.All), twice; then the pages show the new contests, the admin's record once, and the
// 2016 figures unchanged.
func TestUpgradedDatabaseServesEverything(t *testing.T) {
	st := testdb.Open(t)
	now := func() time.Time { return handlertest.AllContestsNow }
	st.SetClock(now)
	old, err := os.ReadFile("../../seed/testdata/labour-2016-before-issue-9.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Load(st, old); err != nil {
		t.Fatal(err)
	}
	user := &models.User{Email: "admin@example.org", Role: models.RoleAdmin, PasswordHash: "x"}
	if err := st.CreateUser(user); err != nil {
		t.Fatal(err)
	}
	ed := st.As(store.Actor{UserID: user.ID, Email: user.Email})
	c, _ := st.Contest("labour-2016")
	clp, _ := st.Kind("clp")
	e := &models.Endorser{Slug: "admin-entered-clp", Name: "Admin-entered CLP (test record)", KindID: clp.ID}
	if err := ed.AddEndorser(e); err != nil {
		t.Fatal(err)
	}
	if err := ed.AddEvent(&models.Event{ContestID: c.ID, EndorserID: e.ID, CandidateID: c.Candidates[1].ID, Action: models.ActionNominate,
		EffectiveOn: "2016-08-12", SourceURL: "https://example.org/admin-entered", SourceTitle: "Admin's source"}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := seed.All(st); err != nil {
			t.Fatal(err)
		}
	}
	app := handlers.NewApp(&handlers.Handler{Store: st, Now: now})
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "the admin's record, once", URL: "/endorsers/admin-entered-clp", WantStatus: 200,
			WantHas: []string{"nominated Owen Smith in 2016", "Admin&#39;s source"}},
		{Name: "the 2016 figures still hold", URL: "/c/labour-2016", WantStatus: 200,
			WantHas: []string{value("285"), value("53"), value("308"), value("313,209 (61.8%)"), value("193,229 (38.2%)"),
				"Jeremy Corbyn 8, Owen Smith 4 and 2 of 14 made no nomination"}},
		{Name: "the 2020 contest is there", URL: "/c/labour-2020", WantStatus: 200, WantHas: []string{value("373"), value("275,780 (56.2%)")}},
		{Name: "the 2015 contest is there", URL: "/c/labour-2015", WantStatus: 200, WantHas: []string{value("152"), value("251,417 (59.5%)")}},
	})
	resp, err := app.Test(httptest.NewRequest("GET", "/api/v1/endorsers/admin-entered-clp", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Contests []struct {
			Events []struct {
				SourceURL string `json:"source_url"`
			} `json:"events"`
		} `json:"contests"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if len(got.Contests) != 1 || len(got.Contests[0].Events) != 1 || got.Contests[0].Events[0].SourceURL != "https://example.org/admin-entered" {
		t.Errorf("the admin's endorser in the API: %+v, want its one event", got)
	}
}
