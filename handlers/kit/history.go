package kit

import (
	"strings"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/models"
)

// contestYear is the year a contest is known by ("2015"): of its result, else of its opening.
func contestYear(c models.Contest) string {
	for _, d := range []string{c.ResultOn, c.BallotClosesOn, c.NominationsCloseOn, c.OpensOn} {
		if len(d) >= 4 {
			return d[:4]
		}
	}
	return c.Title
}

// rosterVerbs say in words what a source records of an endorser that backed no one.
var rosterVerbs = map[string]string{
	models.RosterNoNomination: "made no nomination",
	models.RosterSuspended:    "was suspended (nomination not known)",
	models.RosterDeclined:     "declined to endorse anyone",
	models.RosterNeutral:      "stayed neutral",
	models.RosterUndeclared:   "had not declared",
}

// RosterLabel is a roster status in words, "" for an endorser merely eligible.
func RosterLabel(status string) string { return rosterVerbs[status] }

// profileSummary reads an endorser's choices across contests, oldest first, as one sentence:
// "nominated Andy Burnham in 2015, Jeremy Corbyn in 2016 and Keir Starmer in 2020". Runs of
// the same verb share it; a contest where a source says it backed no one says so.
func profileSummary(pcs []ProfileContest) string {
	type choice struct{ verb, what string }
	var groups [][]choice
	for _, pc := range pcs {
		var c choice
		switch {
		case pc.Position != nil && pc.Position.State == "withdrawn":
			c = choice{"withdrew support from", pc.Position.CandidateName + " in " + pc.Year}
		case pc.Position != nil:
			c = choice{VerbOf(pc.Position.Action), pc.Position.CandidateName + " in " + pc.Year}
		case RosterLabel(pc.Roster.Status) != "":
			c = choice{RosterLabel(pc.Roster.Status) + " in", pc.Year}
		default:
			continue
		}
		if n := len(groups); n > 0 && groups[n-1][0].verb == c.verb {
			groups[n-1] = append(groups[n-1], c)
			continue
		}
		groups = append(groups, []choice{c})
	}
	var parts []string
	for _, g := range groups {
		var whats []string
		for _, c := range g {
			whats = append(whats, c.what)
		}
		parts = append(parts, g[0].verb+" "+charts.JoinList(whats))
	}
	return strings.Join(parts, "; ")
}
