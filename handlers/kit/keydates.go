package kit

import "github.com/backers/backers/models"

// KeyDate is one of a contest's milestones: nominations open and close, ballots out, ballot
// closes, result.
type KeyDate struct {
	Label string
	Day   string // ISO
}

// KeyDates lists the milestones a contest records, in order; the dashboard's date control
// marks them and the contest's methodology lists them.
func KeyDates(c *models.Contest) []KeyDate {
	var out []KeyDate
	for _, kd := range []KeyDate{
		{"Nominations open", c.OpensOn},
		{"Nominations close", c.NominationsCloseOn},
		{"Ballots out", c.BallotsOutOn},
		{"Ballot closes", c.BallotClosesOn},
		{"Result", c.ResultOn},
	} {
		if kd.Day != "" {
			out = append(out, kd)
		}
	}
	return out
}
