package public

import (
	"fmt"
	"strconv"

	"github.com/backers/backers/charts"
	"github.com/backers/backers/models"
)

// asOfRules are how the state as of a day follows from the event log: the one statement of
// them, shown on the general methodology and on every contest's, so no page's prose can fall
// behind the code (store's spans apply them).
var asOfRules = []string{
	"Each endorser's latest event on or before the day decides where it stands.",
	"A switch is an endorse or nominate for another candidate than the endorser's previous one: it supersedes the earlier choice from its date.",
	"A withdraw ends support only for the candidate it names.",
	"On one day, withdrawals apply before endorsements (a switch is often recorded as both); otherwise events apply in date order, then in the order they were recorded.",
	"A date known only to a range is recorded on the range's last day, one known only to the month on the month's first day, and one known only from a report on the report's day, so an as-of total never counts a choice before it can have been made.",
	"Every table, total, chart, export and API answer takes an optional as_of=YYYY-MM-DD, so any past state can be reproduced; without it the state is today's, and the answer says which day that is.",
}

// countingRules says, in sentences made from a contest's rules as they are now, how its
// figures are counted: the weights, the denominators and the thresholds. It replaces prose
// that went stale when a weight changed.
func countingRules(c *models.Contest) []string {
	var out []string
	if len(c.Kinds) == 0 {
		return []string{"This contest defines no weights: every endorser counts 1 point, and no denominators are known."}
	}
	plural := func(ck models.ContestKind) string {
		if ck.Kind.Plural != "" {
			return ck.Kind.Plural
		}
		return ck.Kind.Name
	}
	// Weights: one sentence when every kind weighs the same, else each kind's.
	same := true
	for _, ck := range c.Kinds {
		same = same && ck.Weight == c.Kinds[0].Weight
	}
	var kinds []string
	for _, ck := range c.Kinds {
		kinds = append(kinds, plural(ck))
	}
	if same {
		out = append(out, fmt.Sprintf("Every kind that counts (%s) weighs %s per endorser.", charts.JoinList(kinds), points(c.Kinds[0].Weight)))
	} else {
		var ws []string
		for _, ck := range c.Kinds {
			ws = append(ws, plural(ck)+" "+points(ck.Weight))
		}
		out = append(out, "Each endorser counts once; its points are its kind's weight: "+charts.JoinList(ws)+".")
	}
	out = append(out, "An event that carries its own weight counts that instead; endorsers of any other kind count 1 point.")

	var known, unknown []string
	for _, ck := range c.Kinds {
		if ck.Denominator != nil && *ck.Denominator > 0 {
			known = append(known, charts.Number(int64(*ck.Denominator))+" "+plural(ck)+perOther(ck.OtherDenominator, ck.OtherSourceTitle, ck.OtherSourceURL))
		} else {
			unknown = append(unknown, plural(ck))
		}
	}
	if len(known) > 0 {
		out = append(out, "Shares are taken against the number of such endorsers, so those who backed no one are shown: "+charts.JoinList(known)+".")
	}
	if len(unknown) > 0 {
		out = append(out, "The number is not known for "+charts.JoinList(unknown)+": their figures are counts, not shares.")
	}
	for _, th := range c.Thresholds {
		s := th.Name + ": " + strconv.FormatFloat(th.Percent, 'f', -1, 64) + "%"
		if th.Of > 0 {
			s += " of " + charts.Number(int64(th.Of)) + perOther(th.OtherOf, th.OtherSourceTitle, th.OtherSourceURL)
		}
		if th.Required > 0 {
			s += ", " + charts.Number(int64(th.Required)) + " nominations" + perOther(th.OtherRequired, th.OtherSourceTitle, th.OtherSourceURL)
		}
		if th.AppliesTo == "challenger" {
			s += ", needed by each challenger (not the incumbent)"
		} else {
			s += ", needed by every candidate"
		}
		out = append(out, s+".")
	}
	return out
}

// perOther is another source's figure for the one before it, " (647 per Atlantic Sentinel)",
// or "" where there is none: the figure used comes first, the other is never left out.
func perOther(other *int, title, url string) string {
	if other == nil {
		return ""
	}
	who := title
	if who == "" {
		who = url
	}
	if who == "" {
		who = "another source"
	}
	return " (" + charts.Number(int64(*other)) + " per " + who + ")"
}

// points is a weight in words: "1 point", "2.5 points".
func points(w float64) string {
	s := strconv.FormatFloat(w, 'f', -1, 64)
	if w == 1 {
		return s + " point"
	}
	return s + " points"
}
