package kit

import (
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// ChangeView is an event of the log with its date label and a sentence saying what it did.
type ChangeView struct {
	store.ChangeRow
	When     string
	Sentence string
	// Recorded is the day the event was entered, in the site's words ("3 Sep 2016").
	Recorded    string
	RecordedDay string // ISO
}

// Sentence says what an event did, in words: "switched from Angela Eagle to Owen Smith".
func Sentence(e store.ChangeRow) string {
	switch e.Change {
	case store.ChangeSwitch:
		return VerbOf(e.Action) + " " + e.CandidateName + ", switching from " + e.PrevCandidateName
	case store.ChangeWithdraw:
		return "withdrew support from " + e.CandidateName
	default:
		return VerbOf(e.Action) + " " + e.CandidateName
	}
}

// VerbOf is an action in the past tense, as pages and feeds say it.
func VerbOf(action string) string {
	if action == models.ActionNominate {
		return "nominated"
	}
	return "endorsed"
}

// ChangeViews labels events of the log for a page.
func ChangeViews(rows []store.ChangeRow) []ChangeView {
	out := make([]ChangeView, len(rows))
	for i, r := range rows {
		day := r.RecordedAt.UTC().Format("2006-01-02")
		out[i] = ChangeView{ChangeRow: r, When: Dated(r.EffectiveOn, r.DatePrecision), Sentence: Sentence(r),
			Recorded: HumanDay(day), RecordedDay: day}
	}
	return out
}

// ProfileContest is an endorser's record in one contest.
type ProfileContest struct {
	Contest         models.Contest
	Year            string
	Position        *store.EndorsementRow
	PositionLabel   string
	Events          []ChangeView
	RosterNote      string
	RosterSourceURL string
	OnRoster        bool
	Roster          models.RosterEntry // with what a source says of a choice not made, if anything
}

// EndorserProfile is an endorser's choices in every contest as of a day.
type EndorserProfile struct {
	Summary  string
	Contests []ProfileContest
	// Details are the endorser's events in full, by ID: process, votes, turnout, the role at
	// the time, a second source, how the date is known.
	Details map[uint]models.Event
}

// EndorserProfile gathers an endorser's position and history in each contest it appears in;
// the endorser's page and the API's answer about it both show it.
func (k *Kit) EndorserProfile(e *models.Endorser, day string) (*EndorserProfile, error) {
	contests, err := k.Store.EndorserContests(e.ID)
	if err != nil {
		return nil, err
	}
	roster, err := k.Store.EndorserRoster(e.ID)
	if err != nil {
		return nil, err
	}
	events, err := k.Store.Changes(store.ChangeQuery{EndorserID: e.ID, AsOf: day})
	if err != nil {
		return nil, err
	}
	full, err := k.Store.EndorserEvents(e.ID)
	if err != nil {
		return nil, err
	}
	p := &EndorserProfile{Details: make(map[uint]models.Event, len(full))}
	for _, ev := range full {
		p.Details[ev.ID] = ev
	}
	for _, ct := range contests {
		pc := ProfileContest{Contest: ct, Year: contestYear(ct)}
		page, err := k.Store.Endorsements(ct.ID, store.EndorsementQuery{AsOf: day, EndorserIDs: []uint{e.ID},
			States: []string{store.StateCurrent, store.StateWithdrawn}})
		if err != nil {
			return nil, err
		}
		rowsAsOf(AsOf(&ct, day), page.Rows)
		if len(page.Rows) > 0 {
			pos := page.Rows[0]
			pc.Position = &pos
			if pos.State == store.StateWithdrawn {
				pc.PositionLabel = "withdrew support from " + pos.CandidateName
			} else {
				pc.PositionLabel = VerbOf(pos.Action) + " " + pos.CandidateName
			}
		}
		for _, r := range roster {
			if r.ContestID == ct.ID {
				pc.OnRoster, pc.RosterNote, pc.RosterSourceURL, pc.Roster = true, r.Note, r.SourceURL, r
			}
		}
		var mine []store.ChangeRow
		for _, ev := range events {
			if ev.ContestID == ct.ID {
				mine = append(mine, ev)
			}
		}
		pc.Events = ChangeViews(mine)
		p.Contests = append(p.Contests, pc)
	}
	p.Summary = profileSummary(p.Contests)
	return p, nil
}
