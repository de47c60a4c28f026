package public_test

import (
	"testing"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
)

// The dashboard's date control works without script: a GET form with a date input and the
// key dates as links; the slider the script shows spans the contest from the earliest of its
// events, reported tallies and key dates to the latest, its value the day shown, its key dates
// (the contest's milestones and the steps of its own timetable) marked.
func TestDashboardDateControl(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	keyDates := []string{
		`<a href="/c/labour-2016?as_of=2016-07-11">Nominations open <time datetime="2016-07-11">11 Jul 2016</time></a>`,
		`<a href="/c/labour-2016?as_of=2016-07-20">PLP and EPLP nominations close <time datetime="2016-07-20">20 Jul 2016</time></a>`,
		`<a href="/c/labour-2016?as_of=2016-08-15">Nominations close <time datetime="2016-08-15">15 Aug 2016</time></a>`,
		`<a href="/c/labour-2016?as_of=2016-08-22">Ballots out <time datetime="2016-08-22">22 Aug 2016</time></a>`,
		`<a href="/c/labour-2016?as_of=2016-09-24">Result <time datetime="2016-09-24">24 Sep 2016</time></a>`,
		`<option value="10" label="Nominations open"></option>`, `<option value="19" label="PLP and EPLP nominations close"></option>`,
		`<option value="45" label="Nominations close"></option>`, `<option value="52" label="Ballots out"></option>`,
	}
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "today", URL: "/c/labour-2016", WantStatus: 200,
			WantHas: append([]string{`<form class="timeline" method="get" action="/c/labour-2016"`,
				`<input type="date" id="as-of-date" name="as_of" value="2016-09-25">`,
				`min="0" max="85" step="1" value="85"`, `<script src="/static/timeline.`}, keyDates...),
			// one mark a day: the timetable's own name for a milestone's day is not a second mark
			WantHasNot: []string{"Back to today", `aria-current="date"`, `label="Contest triggered`, `label="Ballots go out"`}},
		// The first counted record (a CLP for Corbyn) is of 1 Jul, ten days before nominations
		// opened: the slider starts there, so the page as of then is on it.
		{Name: "the slider starts at the first event, 1 Jul", URL: "/c/labour-2016?as_of=2016-07-01", WantStatus: 200,
			WantHas: []string{`data-min="2016-07-01" data-days="85"`, `aria-label="Day to show, from 1 Jul 2016 to 24 Sep 2016"`,
				`min="0" max="85" step="1" value="0"`, `aria-valuetext="1 Jul 2016"`}},
		{Name: "as of a day", URL: "/c/labour-2016?as_of=2016-07-20", WantStatus: 200,
			WantHas: []string{`name="as_of" value="2016-07-20"`, `value="19"`, `aria-valuetext="20 Jul 2016"`,
				`<a class="timeline-today" href="/c/labour-2016">Back to today</a>`,
				"Showing the state as of <time datetime=\"2016-07-20\">20 Jul 2016</time>"}},
		{Name: "as of a key date marks it", URL: "/c/labour-2016?as_of=2016-08-15", WantStatus: 200,
			WantHas: []string{`<a href="/c/labour-2016?as_of=2016-08-15" aria-current="date">Nominations close`}},
		{Name: "hidden withdrawn candidates stay hidden", URL: "/c/labour-2016?withdrawn=hide&as_of=2016-08-01", WantStatus: 200,
			WantHas: []string{`<input type="hidden" name="withdrawn" value="hide">`,
				`<a href="/c/labour-2016?as_of=2016-08-15&amp;withdrawn=hide">Nominations close`}},
		{Name: "the home page's form comes back to it", URL: "/?as_of=2016-08-01", WantStatus: 200,
			WantHas: []string{`<form class="timeline" method="get" action="/"`, `<a href="/?as_of=2016-08-22">Ballots out`}},
		{Name: "a bad day is a 400", URL: "/c/labour-2016?as_of=2016-02-30", WantStatus: 400},
	})

	// 2020 records no opening day, and nominations closed on 14 Feb, after every event and
	// tally (1 Jan to 14 Feb): the slider runs from the first event, 1 Jan, to the result, with
	// the timetable's MP and MEP close of 13 Jan marked, and a day on it shows that day's state.
	all, _ := handlertest.NewAppAllContests(t)
	const (
		mpClose   = `<a href="/c/labour-2020?as_of=2020-01-13">MP and MEP nominations close <time datetime="2020-01-13">13 Jan 2020</time></a>`
		starmer88 = `<span class="label">Keir Starmer</span> <strong class="value">88 (22 needed)</strong>` // his MPs and MEPs, reported on 13 Jan
	)
	handlertest.RunCases(t, all, []handlertest.Case{
		{Name: "2020 spans its record", URL: "/c/labour-2020", WantStatus: 200,
			WantHas: []string{`data-min="2020-01-01" data-days="94"`, `aria-label="Day to show, from 1 Jan 2020 to 4 Apr 2020"`,
				`min="0" max="94" step="1" value="94"`, `<option value="12" label="MP and MEP nominations close"></option>`,
				`<option value="44" label="Nominations close"></option>`, mpClose,
				`<a href="/c/labour-2020?as_of=2020-01-20">Keir Starmer qualifies for the ballot <time datetime="2020-01-20">20 Jan 2020</time></a>`}},
		{Name: "2020 as of the MPs' close", URL: "/c/labour-2020?as_of=2020-01-13", WantStatus: 200,
			WantHas: []string{`value="12"`, `aria-valuetext="13 Jan 2020"`,
				`<a href="/c/labour-2020?as_of=2020-01-13" aria-current="date">MP and MEP nominations close`,
				starmer88},
			WantHasNot: []string{"CLP supporting nominations"}},
		{Name: "2020 before the MPs' close", URL: "/c/labour-2020?as_of=2020-01-05", WantStatus: 200,
			WantHas:    []string{`value="4"`, `aria-valuetext="5 Jan 2020"`},
			WantHasNot: []string{starmer88, "CLP supporting nominations"}},
	})

	// A step of the timetable is data an admin enters: its name is text on the slider and in
	// its link, never markup.
	hostile, st := handlertest.NewApp(t)
	c, err := st.Contest("labour-2016")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateKeyDate(&models.KeyDate{ContestID: c.ID, Name: handlertest.ScriptName, Date: "2016-07-05", DatePrecision: models.PrecisionDay}); err != nil {
		t.Fatal(err)
	}
	const escaped = "&lt;script&gt;alert(1)&lt;/script&gt; Hostile MP"
	handlertest.RunCases(t, hostile, []handlertest.Case{
		{Name: "a hostile step of the timetable", URL: "/c/labour-2016", WantStatus: 200,
			WantHas:    []string{`<option value="4" label="` + escaped + `"></option>`, `<a href="/c/labour-2016?as_of=2016-07-05">` + escaped + ` <time`},
			WantHasNot: []string{handlertest.ScriptName}},
	})
}
