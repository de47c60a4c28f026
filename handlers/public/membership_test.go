package public_test

import (
	"testing"

	"github.com/backers/backers/handlers/handlertest"
)

// TestMembershipChartSaysWhatIsVerified: the party membership chart (the dashboard's, its
// embed and its data) says of each figure whether it is verified, and dates the House of
// Commons Library's 515,000 to its month, August 2016, not to a day it does not give.
func TestMembershipChartSaysWhatIsVerified(t *testing.T) {
	app, _ := handlertest.NewApp(t)
	const summary = "Party membership: 201,293 on 6 May 2015 (verified), 515,000 in Aug 2016 (reported, not verified)."
	rows := []string{
		`<th scope="row">6 May 2015</th><td>individual members</td><td>201,293</td><td>verified</td>`,
		`<th scope="row">10 Jan 2016</th><td>individual members</td><td>388,407</td><td>verified</td>`,
		`<th scope="row">Aug 2016</th><td>individual members</td><td>515,000</td><td>reported, not verified</td>`,
	}
	handlertest.RunCases(t, app, []handlertest.Case{
		{Name: "dashboard", URL: "/c/labour-2016", WantStatus: 200, WantHas: append([]string{summary}, rows...),
			WantHasNot: []string{"515,000 on 1 Aug 2016", "1 Aug 2016 (month only)"}},
		{Name: "embed", URL: "/embed/labour-2016/membership", WantStatus: 200, WantHas: append([]string{summary}, rows...)},
		{Name: "data", URL: "/api/v1/contests/labour-2016/series/membership", WantStatus: 200, WantHas: []string{summary,
			`"header":["Date","Category","Members","Verified","Source"]`, `["Aug 2016","individual members","515,000","reported, not verified",`}},
		{Name: "data as CSV", URL: "/api/v1/contests/labour-2016/series/membership.csv", WantStatus: 200, WantHas: []string{
			"Date,Category,Members,Verified,Source\n", "Aug 2016,individual members,\"515,000\",\"reported, not verified\","}},
	})
}
