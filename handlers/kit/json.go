package kit

import (
	"time"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// APIEndorsement is one row of the endorsements table, as the API and the JSON export give it.
type APIEndorsement struct {
	EventID              uint    `json:"event_id"`
	Endorser             string  `json:"endorser"`
	EndorserSlug         string  `json:"endorser_slug"`
	Kind                 string  `json:"kind"`
	KindName             string  `json:"kind_name"`
	Region               string  `json:"region"`
	Role                 string  `json:"role"`
	Candidate            string  `json:"candidate"`
	CandidateSlug        string  `json:"candidate_slug"`
	CandidateStatus      string  `json:"candidate_status"`
	CandidateWithdrawnOn string  `json:"candidate_withdrawn_on,omitempty"`
	State                string  `json:"state"`
	Action               string  `json:"action"`
	Date                 string  `json:"date"`
	DatePrecision        string  `json:"date_precision"`
	Points               float64 `json:"points"`
	Verification         string  `json:"verification"`
	SourceURL            string  `json:"source_url"`
	SourceTitle          string  `json:"source_title"`
	Quote                string  `json:"quote"`
}

// ToAPIEndorsements shapes rows of the endorsements table for JSON.
func ToAPIEndorsements(rows []store.EndorsementRow) []APIEndorsement {
	out := make([]APIEndorsement, len(rows))
	for i, r := range rows {
		out[i] = APIEndorsement{EventID: r.EventID, Endorser: r.EndorserName, EndorserSlug: r.EndorserSlug,
			Kind: r.KindSlug, KindName: r.KindName, Region: r.Region, Role: r.Role, Candidate: r.CandidateName,
			CandidateSlug: r.CandidateSlug, CandidateStatus: r.CandidateStatus, CandidateWithdrawnOn: r.CandidateWithdrawnOn,
			State: r.State, Action: r.Action, Date: r.EffectiveOn, DatePrecision: r.DatePrecision, Points: r.Points,
			Verification: r.Verification, SourceURL: r.SourceURL, SourceTitle: r.SourceTitle, Quote: r.Quote}
	}
	return out
}

// APIEvent is one event of the log, as the API and the JSON export give it.
type APIEvent struct {
	EventID           uint       `json:"event_id"`
	Contest           string     `json:"contest"`
	ContestTitle      string     `json:"contest_title"`
	Endorser          string     `json:"endorser"`
	EndorserSlug      string     `json:"endorser_slug"`
	Kind              string     `json:"kind"`
	Region            string     `json:"region"`
	Candidate         string     `json:"candidate"`
	CandidateSlug     string     `json:"candidate_slug"`
	Action            string     `json:"action"`
	Change            string     `json:"change"`
	PreviousCandidate string     `json:"previous_candidate,omitempty"`
	Date              string     `json:"date"`
	DatePrecision     string     `json:"date_precision"`
	Points            *float64   `json:"points"`
	Verification      string     `json:"verification"`
	SourceURL         string     `json:"source_url"`
	SourceTitle       string     `json:"source_title"`
	Quote             string     `json:"quote"`
	RecordedAt        time.Time  `json:"recorded_at"`
	RetractedAt       *time.Time `json:"retracted_at,omitempty"`
}

// ToAPIEvent shapes an event of the log for JSON.
func ToAPIEvent(e store.ChangeRow) APIEvent {
	out := APIEvent{EventID: e.EventID, Contest: e.ContestSlug, ContestTitle: e.ContestTitle, Endorser: e.EndorserName,
		EndorserSlug: e.EndorserSlug, Kind: e.KindSlug, Region: e.Region, Candidate: e.CandidateName,
		CandidateSlug: e.CandidateSlug, Action: e.Action, Change: e.Change, Date: e.EffectiveOn,
		DatePrecision: e.DatePrecision, Verification: e.Verification, SourceURL: e.SourceURL,
		SourceTitle: e.SourceTitle, Quote: e.Quote, RecordedAt: e.RecordedAt.UTC(), RetractedAt: e.RetractedAt}
	if e.Change == store.ChangeSwitch {
		out.PreviousCandidate = e.PrevCandidateSlug
	}
	if e.Action != models.ActionWithdraw {
		p := e.Points
		out.Points = &p
	}
	return out
}
