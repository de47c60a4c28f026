package kit

import (
	"cmp"
	"slices"

	"github.com/backers/backers/models"
)

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

// Milestones are a contest's milestones (KeyDates) and the steps of its own timetable
// (2020's "MP and MEP nominations close" on 13 Jan), in date order. A step on a day already
// marked is left out: one mark a day, a milestone named as on every contest.
func Milestones(c *models.Contest, timetable []models.KeyDate) []KeyDate {
	out := KeyDates(c)
	marked := map[string]bool{}
	for _, kd := range out {
		marked[kd.Day] = true
	}
	for _, k := range timetable {
		if k.Date == "" || marked[k.Date] {
			continue
		}
		marked[k.Date] = true
		out = append(out, KeyDate{Label: k.Name, Day: k.Date})
	}
	slices.SortStableFunc(out, func(a, b KeyDate) int { return cmp.Compare(a.Day, b.Day) })
	return out
}
