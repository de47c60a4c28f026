package public_test

import (
	"testing"

	"github.com/backers/backers/handlers/handlertest"
)

// tallyRow is how a candidate page shows one published count: the kind, the reported tally
// against the kind's number, and the day it was reported.
func tallyRow(kind, count, of, iso, day string) string {
	if of != "" {
		count += "</strong> of " + of
	} else {
		count += "</strong>"
	}
	return "<td>" + kind + `</td><td data-label="Reported tally" class="num"><span class="basis">Reported tally:</span> <strong>` + count +
		"</td>\n      " + `<td data-label="Reported on"><time datetime="` + iso + `">` + day + "</time></td>"
}

// counted is the counted records cell beside a published count: the nominations and the
// declared support recorded here one by one.
func counted(what string) string {
	return `<td data-label="Counted records here" class="num"><span class="basis">Counted records:</span> ` + what + "</td>"
}

// TestCandidatePagesShowReportedTallies: a candidate's page shows the published counts of their
// backers (reported tallies, with their sources and any other source's figure) beside the
// records counted here, each labelled with what it counts (nominations, declared support, and
// the kinds a tally of MPs and MEPs together covers), and follows the page's as_of day: a
// tally reported after it is not shown. The figures are the sources'
// (../shared/data/compiled_labour*.csv).
func TestCandidatePagesShowReportedTallies(t *testing.T) {
	app, _ := handlertest.NewAppAllContests(t)
	const (
		ns  = `<a href="http://newstatesman.com/politics/uk/2016/08/do-clp-nominations-show-jeremy-corbyn-winning-labour-leadership-contest" rel="nofollow noopener">Do CLP nominations show Jeremy Corbyn winning the Labour leadership contest? (New Statesman)</a>`
		aol = `<a href="https://www.aol.co.uk/news/2016/07/20/labour-receives-180000-new-applications-ahead-of-leadership-vote/" rel="nofollow noopener">Labour receives 180,000 new applications ahead of leadership vote (AOL / PA)</a>`
		bin = `<a href="https://www.binlabour.com/2020/02/phase-two-nominations-final-standings.html" rel="nofollow noopener">Phase two nominations: final standings (binlabour blog)</a>`
	)
	smith, corbyn, starmer := "/c/labour-2016/candidates/owen-smith", "/c/labour-2016/candidates/jeremy-corbyn", "/c/labour-2020/candidates/keir-starmer"
	labels := []string{"<h2 id=\"reported-tallies\">Reported tallies</h2>", "<h2 id=\"counted-records\">Backers by kind: counted records</h2>",
		"each is a <em>reported tally</em>, not a list of records, and is never added to the counted records below"}
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "Smith: 53 CLPs and 172 MPs and MEPs beside the counted records", URL: smith, WantStatus: 200, WantHas: append([]string{
			tallyRow("CLPs", "53", "646", "2016-08-15", "15 Aug 2016"), ns, counted("4 nominations recorded, 0 declared support"),
			// the 12 MPs listed below declared support; none of their nominations is recorded
			tallyRow("PLP and EPLP members", "172", "251", "2016-07-20", "20 Jul 2016"), aol,
			counted("0 nominations recorded, 12 declared support (MPs and MEPs)"),
			tallyRow("Affiliated unions", "4", "14", "2016-08-15", "15 Aug 2016"),
		}, labels...),
			// the disputed 41 of the same day is passed over for the undisputed 53
			WantHasNot: []string{"<strong>41</strong>", counted("0")}},
		{Name: "Smith as of 19 Jul: 90, not yet 172 or 53", URL: smith + "?as_of=2016-07-19", WantStatus: 200, WantHas: []string{
			tallyRow("PLP and EPLP members", "90", "251", "2016-07-19", "19 Jul 2016"),
			`<a href="https://www.scotsman.com/news/politics/angela-eagle-quits-labour-leadership-contest-and-backs-owen-smith-1471815" rel="nofollow noopener">`},
			WantHasNot: []string{"<strong>172</strong>", "<strong>53</strong>", aol, ns}},
		{Name: "Smith the day before any tally", URL: smith + "?as_of=2016-07-18", WantStatus: 200,
			WantHas:    []string{"No published tally of Owen Smith's backers as of this day."},
			WantHasNot: []string{"<strong>90</strong>", `<span class="basis">Reported tally:</span>`}},
		{Name: "Corbyn: 285 CLPs and 8 unions", URL: corbyn, WantStatus: 200, WantHas: append([]string{
			tallyRow("CLPs", "285", "646", "2016-08-15", "15 Aug 2016"), ns, counted("28 nominations recorded, 1 declared support"), // Southport's motion of support is not a nomination
			tallyRow("Affiliated unions", "8", "14", "2016-08-15", "15 Aug 2016"),
		}, labels...), WantHasNot: []string{"PLP and EPLP members</td>"}},
		{Name: "Corbyn as of 4 Aug: 100 CLPs, not 285", URL: corbyn + "?as_of=2016-08-04", WantStatus: 200,
			WantHas:    []string{tallyRow("CLPs", "100", "646", "2016-08-04", "4 Aug 2016")},
			WantHasNot: []string{"<strong>285</strong>", ns}},
		{Name: "Starmer: 373 CLPs or 374, and 88 MPs and MEPs or 89, both sources", URL: starmer, WantStatus: 200, WantHas: append([]string{
			tallyRow("CLPs", "373", "648", "2020-02-14", "14 Feb 2020"), bin,
			`; the other figure, <strong>374</strong>: <a href="https://gotechdaily.com/theres-a-distinct-favourite-for-the-labour-management-race-in-central-and-west-london/" rel="nofollow noopener">MyLondon report, reworded copy on gotechdaily.com</a>`,
			tallyRow("PLP and EPLP members", "88", "", "2020-01-13", "13 Jan 2020"), counted("1 nomination recorded, 0 declared support (MPs and MEPs)"),
			tallyRow("Affiliated organisations (unions and societies)", "15", "32", "2020-02-14", "14 Feb 2020"),
			counted("8 nominations recorded, 0 declared support (Affiliated unions and Socialist societies)"),
			`; the other figure, <strong>89</strong>: <a href="https://www.binlabour.com/2020/01/final-standings-round-one.html" rel="nofollow noopener">Final standings, round one (binlabour blog)</a>`,
		}, labels...)},
		{Name: "Starmer as of 13 Feb 2020: 340, not yet 373", URL: starmer + "?as_of=2020-02-13", WantStatus: 200,
			WantHas:    []string{tallyRow("CLPs", "340", "648", "2020-02-13", "13 Feb 2020")},
			WantHasNot: []string{"<strong>373</strong>", "<strong>374</strong>", bin}},
	})
}
