package public_test

import (
	"testing"

	"github.com/backers/backers/handlers/handlertest"
)

// The dashboard's date control works without script: a GET form with a date input and the
// key dates as links; the slider the script shows spans the contest from nominations opening
// to the result, its value the day shown.
func TestDashboardDateControl(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	keyDates := []string{
		`<a href="/c/labour-2016?as_of=2016-07-11">Nominations open <time datetime="2016-07-11">11 Jul 2016</time></a>`,
		`<a href="/c/labour-2016?as_of=2016-08-15">Nominations close <time datetime="2016-08-15">15 Aug 2016</time></a>`,
		`<a href="/c/labour-2016?as_of=2016-08-22">Ballots out <time datetime="2016-08-22">22 Aug 2016</time></a>`,
		`<a href="/c/labour-2016?as_of=2016-09-24">Result <time datetime="2016-09-24">24 Sep 2016</time></a>`,
		`<option value="35" label="Nominations close"></option>`, `<option value="42" label="Ballots out"></option>`,
	}
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "today", URL: "/c/labour-2016", WantStatus: 200,
			WantHas: append([]string{`<form class="timeline" method="get" action="/c/labour-2016"`,
				`<input type="date" id="as-of-date" name="as_of" value="2016-09-25">`,
				`min="0" max="75" step="1" value="75"`, `<script src="/static/timeline.`}, keyDates...),
			WantHasNot: []string{"Back to today", `aria-current="date"`}},
		{Name: "as of a day", URL: "/c/labour-2016?as_of=2016-07-20", WantStatus: 200,
			WantHas: []string{`name="as_of" value="2016-07-20"`, `value="9"`, `aria-valuetext="20 Jul 2016"`,
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
}
