// Package models holds the plain GORM structs of backers: contests and their rules, candidates,
// endorsers, the append-only endorsement event log, reported tallies and context series.
// Nothing here knows about HTTP.
package models

import (
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/backers/backers/internal/names"
)

// Dates are stored as ISO calendar days ("2016-08-15") in plain text columns: they sort and
// compare correctly as strings in SQLite and PostgreSQL alike, so grouping by day needs no
// dialect-specific date functions.

// Date precisions say how exactly a recorded date is known.
const (
	PrecisionDay      = "day"         // the exact day is known
	PrecisionMonth    = "month"       // only the month is known; the date is its first day
	PrecisionRange    = "range"       // known to lie within a range; the date is its last day
	PrecisionReported = "reported_by" // the date is when a source first reported it
	PrecisionInferred = "inferred"    // the day is inferred from the source's wording ("tonight" in a post)
)

// Event actions.
const (
	ActionEndorse  = "endorse"  // declared support
	ActionNominate = "nominate" // a formal nomination that counts toward a threshold
	ActionWithdraw = "withdraw" // ends the endorser's support for the named candidate
)

// MaxPoints is the most one event or one kind of endorser may weigh. Real points systems give
// tens (538's governor is 10); a million leaves room for a weight of members while the sum of a
// million such events stays an exact float64, where 1e308 twice would overflow to infinity.
const MaxPoints = 1_000_000

// Verification states of an event or figure.
const (
	VerificationConfirmed = "confirmed"
	VerificationReported  = "reported"
	VerificationDisputed  = "disputed"
)

// Candidate statuses.
const (
	CandidateDeclared   = "declared"
	CandidateOnBallot   = "on_ballot"
	CandidateWithdrawn  = "withdrawn"
	CandidateEliminated = "eliminated"
	CandidateWinner     = "winner"
)

// Contest is one leadership election, such as labour-2016.
type Contest struct {
	ID                 uint   `gorm:"primaryKey"`
	Slug               string `gorm:"size:80;uniqueIndex;not null"`
	Party              string `gorm:"size:120"`
	Title              string `gorm:"size:200;not null"`
	Summary            string `gorm:"size:2000"`
	OpensOn            string `gorm:"size:10"`
	NominationsCloseOn string `gorm:"size:10"`
	BallotsOutOn       string `gorm:"size:10"` // the day ballot papers were sent to voters
	BallotClosesOn     string `gorm:"size:10"`
	ResultOn           string `gorm:"size:10"`
	Status             string `gorm:"size:40"` // upcoming, open, closed, decided
	Methodology        string `gorm:"size:8000"`
	Featured           bool
	CreatedAt          time.Time
	UpdatedAt          time.Time

	Candidates []Candidate   `gorm:"constraint:OnDelete:CASCADE"`
	Kinds      []ContestKind `gorm:"constraint:OnDelete:CASCADE"`
	Thresholds []Threshold   `gorm:"constraint:OnDelete:CASCADE"`
}

// Kind is a kind of endorser ("clp", "affiliated-union", "senator"). Kinds are data, so a
// contest in another country needs no code change.
type Kind struct {
	ID     uint   `gorm:"primaryKey" json:"-"`
	Slug   string `gorm:"size:80;uniqueIndex;not null" json:"slug"`
	Name   string `gorm:"size:120;not null" json:"name"` // singular, "Constituency Labour Party"
	Plural string `gorm:"size:120" json:"plural"`        // "CLPs"
	IsOrg  bool   `json:"is_org"`                        // organisations may carry a membership size
	// Covers names, by slug and separated by commas, the kinds a source counts together as
	// this one ("mp,mep" for PLP and EPLP members): a tally of this kind stands beside the
	// counted records of those kinds, which are recorded one by one under their own.
	Covers string `gorm:"size:300;not null;default:''" json:"covers,omitempty"`
}

// Covered are the kinds the kind counts together (Covers), by slug; none for most.
func (k Kind) Covered() []string {
	var out []string
	for _, p := range strings.Split(k.Covers, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ContestKind is one rule of a contest: an endorser kind that counts, its weight in points and,
// where known, how many such endorsers exist (the denominator for shares).
type ContestKind struct {
	ID              uint    `gorm:"primaryKey"`
	ContestID       uint    `gorm:"uniqueIndex:idx_contest_kind;not null"`
	KindID          uint    `gorm:"uniqueIndex:idx_contest_kind;not null"`
	Kind            Kind    `gorm:"constraint:OnDelete:RESTRICT"`
	Weight          float64 `gorm:"not null;default:1"`
	Denominator     *int
	DenominatorNote string `gorm:"size:500"`
	SourceURL       string `gorm:"size:1000"`
	SortOrder       int
	// OtherDenominator is another source's count of such endorsers, where sources disagree
	// (2020's CLPs: 648 used, 647 in the Atlantic Sentinel): shown beside it, never used.
	OtherDenominator *int
	OtherSourceURL   string `gorm:"size:1000"`
	OtherSourceTitle string `gorm:"size:300"`
}

// Threshold is a nomination rule, such as "a challenger needs 20% of MPs and MEPs".
type Threshold struct {
	ID        uint   `gorm:"primaryKey"`
	ContestID uint   `gorm:"index;not null"`
	Name      string `gorm:"size:200;not null"`
	KindSlugs string `gorm:"size:300"` // comma-separated kinds it counts, e.g. "mp,mep"
	AppliesTo string `gorm:"size:80"`  // "challenger", "all"
	Percent   float64
	Required  int    // the number of nominations needed, where published
	Of        int    // the size of the body the percentage is of
	Note      string `gorm:"size:1000"`
	SourceURL string `gorm:"size:1000"`
	// OtherRequired and OtherOf are another source's figures for Required and Of, where
	// sources disagree (2016's challenger threshold: 51 used, 50 in LabourList and ITV): shown
	// beside them, never used. Either may be nil.
	OtherRequired    *int
	OtherOf          *int
	OtherSourceURL   string `gorm:"size:1000"`
	OtherSourceTitle string `gorm:"size:300"`
}

// Disputed reports whether another source gives a different figure for the rule.
func (ck ContestKind) Disputed() bool { return ck.OtherDenominator != nil }

// Disputed reports whether another source gives a different figure for the threshold.
func (t Threshold) Disputed() bool { return t.OtherRequired != nil || t.OtherOf != nil }

// Kinds are the slugs of the kinds the threshold counts.
func (t Threshold) Kinds() []string {
	var out []string
	for _, p := range strings.Split(t.KindSlugs, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Candidate stands in one contest.
type Candidate struct {
	ID               uint   `gorm:"primaryKey"`
	ContestID        uint   `gorm:"uniqueIndex:idx_candidate_slug;not null"`
	Slug             string `gorm:"size:80;uniqueIndex:idx_candidate_slug;not null"`
	Name             string `gorm:"size:200;not null"`
	Colour           string `gorm:"size:7"` // "#rrggbb"
	Incumbent        bool
	Status           string `gorm:"size:40;not null;default:declared"`
	WithdrawnOn      string `gorm:"size:10"`
	WithdrawalReason string `gorm:"size:1000"`
	SortOrder        int
}

// Endorser is a person or organisation that exists across contests.
type Endorser struct {
	// The kind's and the region's indexes go on in name order (NameKey, ID), so the
	// who-backs-whom table sorted by kind or by region walks them a kind or a region at a time.
	ID   uint   `gorm:"primaryKey;index:idx_endorser_kind_name,priority:3;index:idx_endorser_region_name,priority:3"`
	Slug string `gorm:"size:120;uniqueIndex;not null"`
	Name string `gorm:"size:200;not null;index"`
	// NameKey is names.Fold(Name), kept by BeforeSave: lookups by name compare it, so the
	// matching rule is Go's Unicode fold on every database, not each one's LOWER().
	NameKey             string `gorm:"size:200;index;index:idx_endorser_kind_name,priority:2;index:idx_endorser_region_name,priority:2;not null;default:''" json:"-"`
	KindID              uint   `gorm:"not null;index:idx_endorser_kind_name,priority:1"`
	Kind                Kind   `gorm:"constraint:OnDelete:RESTRICT"`
	Region              string `gorm:"size:120;index:idx_endorser_region_name,priority:1"`
	Role                string `gorm:"size:200"`
	Membership          *int   // organisations only
	MembershipNote      string `gorm:"size:500"` // what the figure is and when, e.g. "total membership, TUC Directory 2015"
	MembershipSourceURL string `gorm:"size:1000"`
	ExternalURL         string `gorm:"size:1000"`
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// BeforeSave keeps NameKey in step with Name on every insert and save, batched ones included.
func (e *Endorser) BeforeSave(*gorm.DB) error {
	e.NameKey = names.Fold(e.Name)
	return nil
}

// Event is one endorsement event, the unit of record. The log is append-only: a switch is a new
// endorse or nominate for another candidate, and a wrong record is corrected by an audited edit
// or retracted (kept, marked, with the reason), never deleted. idx_event_live, a partial unique
// index, lets the database refuse a second live event of the same endorser, candidate, action
// and day in the contest, however many writers race to record it. idx_event_recorded gives a
// contest's latest changes (by when recorded, newest first) as the first entries of an index;
// idx_event_process, a partial index, the events that record a process (RecordsProcess).
type Event struct {
	ID               uint      `gorm:"primaryKey;index:idx_event_recorded,priority:3"`
	ContestID        uint      `gorm:"index:idx_event_withdrawals,priority:1,where:action = 'withdraw' AND retracted_at IS NULL;index:idx_event_contest_day;uniqueIndex:idx_event_live,priority:4,where:retracted_at IS NULL;index:idx_event_recorded,priority:1;index:idx_event_process,where:process <> '' OR votes_for IS NOT NULL OR votes_against IS NOT NULL OR turnout IS NOT NULL;not null"`
	Contest          Contest   `gorm:"constraint:OnDelete:CASCADE"`
	EndorserID       uint      `gorm:"index:idx_event_endorser;uniqueIndex:idx_event_live,priority:1;not null"`
	Endorser         Endorser  `gorm:"constraint:OnDelete:RESTRICT"`
	CandidateID      uint      `gorm:"index:idx_event_withdrawals,priority:2,where:action = 'withdraw' AND retracted_at IS NULL;index:idx_event_endorser;uniqueIndex:idx_event_live,priority:2;not null"`
	Candidate        Candidate `gorm:"constraint:OnDelete:RESTRICT"`
	Action           string    `gorm:"size:16;not null;uniqueIndex:idx_event_live,priority:5"`
	EffectiveOn      string    `gorm:"size:10;not null;index:idx_event_withdrawals,priority:3,where:action = 'withdraw' AND retracted_at IS NULL;index:idx_event_contest_day;index:idx_event_endorser;uniqueIndex:idx_event_live,priority:3"`
	DatePrecision    string    `gorm:"size:16;not null;default:day"`
	DateNote         string    `gorm:"size:1000"`
	RecordedAt       time.Time `gorm:"not null;index:idx_event_recorded,priority:2"`
	SourceURL        string    `gorm:"size:1000"`
	SourceTitle      string    `gorm:"size:300"`
	Quote            string    `gorm:"size:4000"`
	Verification     string    `gorm:"size:16;not null;default:reported"`
	VerificationNote string    `gorm:"size:1000"`
	Process          string    `gorm:"size:300"` // executive, conference, members' ballot, consultation
	VotesFor         *int      // votes for this candidate in the endorser's own process
	VotesAgainst     *int      // votes for the other candidate(s)
	Turnout          *int
	// A second source giving another turnout for the same process (GMB 2016: BBC 43,419,
	// Morning Star 43,635): both are kept, the first is the one used.
	TurnoutOther          *int
	TurnoutOtherSource    string `gorm:"size:300"`
	TurnoutOtherSourceURL string `gorm:"size:1000"`
	// Role is the endorser's role when the event happened, as the source gives it ("MP for
	// Tooting" for Sadiq Khan in 2015), since an endorser's own Role is its latest.
	Role string `gorm:"size:200"`
	// AlsoSourceURL and AlsoSourceTitle name a second source for the same event, so a
	// corroborating row adds its source rather than a duplicate event.
	AlsoSourceURL    string     `gorm:"size:1000"`
	AlsoSourceTitle  string     `gorm:"size:300"`
	Points           *float64   // overrides the contest's weight for this event's kind
	RetractedAt      *time.Time `gorm:"index:idx_event_retracted"`
	RetractionReason string     `gorm:"size:1000"`
}

// RecordsProcess is the condition that an event (alias e) records its endorser's process, vote
// figures or a turnout. idx_event_process holds those events alone, a few per contest; a query
// reaches it by this condition written exactly as the index's.
const RecordsProcess = "(e.process <> '' OR e.votes_for IS NOT NULL OR e.votes_against IS NOT NULL OR e.turnout IS NOT NULL)"

// Positive reports whether the event declares support (endorse or nominate).
func (e Event) Positive() bool { return e.Action == ActionEndorse || e.Action == ActionNominate }

// RosterEntry says an endorser is eligible to back someone in a contest (one of the 14
// affiliated unions, say) even if it never does: it is how "2 unions did not nominate" and the
// membership of the undeclared are known from data rather than guessed.
type RosterEntry struct {
	ID         uint     `gorm:"primaryKey"`
	ContestID  uint     `gorm:"uniqueIndex:idx_roster;not null"`
	EndorserID uint     `gorm:"uniqueIndex:idx_roster;not null"`
	Endorser   Endorser `gorm:"constraint:OnDelete:CASCADE"`
	Note       string   `gorm:"size:1000"` // "no nomination, in keeping with past practice"
	SourceURL  string   `gorm:"size:1000"`
	// Status says what a source records of an endorser that backed no one, where it records
	// anything: kept as what it is, never counted as a nomination.
	Status        string `gorm:"size:40"` // one of the Roster* constants, or "" for merely eligible
	Date          string `gorm:"size:10"`
	DatePrecision string `gorm:"size:16"`
	SourceTitle   string `gorm:"size:300"`
}

// Roster statuses: what a source says of an endorser that backed no one.
const (
	RosterNoNomination = "no_nomination" // did not nominate
	RosterSuspended    = "suspended"     // the CLP was suspended; its nomination status is unknown
	RosterDeclined     = "declined"      // declined to endorse anyone
	RosterNeutral      = "neutral"       // stayed neutral
	RosterUndeclared   = "undeclared"    // had not declared when the source was written
)

// ReportedTally is a published count when individual rows are not available ("CLP supporting
// nominations: Corbyn 285, Smith 53, as of 15 Aug 2016"). CandidateID nil is the undeclared.
// idx_tally_contest_day gives a contest's first and last tally day as one seek each.
type ReportedTally struct {
	ID            uint  `gorm:"primaryKey"`
	ContestID     uint  `gorm:"index;index:idx_tally_contest_day;not null"`
	KindID        uint  `gorm:"index;not null"`
	Kind          Kind  `gorm:"constraint:OnDelete:RESTRICT"`
	CandidateID   *uint `gorm:"index"`
	Candidate     *Candidate
	Count         int    `gorm:"not null"`
	AsOf          string `gorm:"size:10;not null;index;index:idx_tally_contest_day"`
	DatePrecision string `gorm:"size:16;not null;default:day"`
	SourceURL     string `gorm:"size:1000"`
	SourceTitle   string `gorm:"size:300"`
	Verification  string `gorm:"size:16;not null;default:reported"`
	Note          string `gorm:"size:1000"`
	// OtherCount is another source's figure for the same count, where sources disagree
	// (Starmer's 2020 CLPs: 373 used, 374 elsewhere): shown beside it, never summed.
	OtherCount       *int
	OtherSourceURL   string `gorm:"size:1000"`
	OtherSourceTitle string `gorm:"size:300"`
}

// Poll is one published poll of a contest's electorate.
type Poll struct {
	ID                uint   `gorm:"primaryKey"`
	ContestID         uint   `gorm:"index;not null"`
	Pollster          string `gorm:"size:120;not null"`
	Population        string `gorm:"size:200"` // "Labour members who joined before Jan 2016"
	FieldworkStart    string `gorm:"size:10"`
	FieldworkEnd      string `gorm:"size:10;not null;index"`
	DatePrecision     string `gorm:"size:16;not null;default:day"`
	SampleSize        *int
	IncludesDontKnows bool
	SourceURL         string      `gorm:"size:1000"`
	Note              string      `gorm:"size:1000"`
	Values            []PollValue `gorm:"constraint:OnDelete:CASCADE"`
}

// PollValue is one option's share in a poll; CandidateID nil is another option ("Don't know").
type PollValue struct {
	ID          uint   `gorm:"primaryKey"`
	PollID      uint   `gorm:"index;not null"`
	CandidateID *uint  `gorm:"index"`
	Option      string `gorm:"size:120"`
	Percent     float64
}

// Odds is one bookmaker's fractional price on a candidate on a day.
type Odds struct {
	ID            uint   `gorm:"primaryKey"`
	ContestID     uint   `gorm:"index;not null"`
	CandidateID   uint   `gorm:"index;not null"`
	Bookmaker     string `gorm:"size:120;not null"`
	QuotedOn      string `gorm:"size:10;not null;index"`
	DatePrecision string `gorm:"size:16;not null;default:day"`
	Numerator     int    `gorm:"not null"`
	Denominator   int    `gorm:"not null"`
	SourceURL     string `gorm:"size:1000"`
	Note          string `gorm:"size:1000"`
}

// ImpliedProbability is the chance the price implies: odds of a/b give b/(a+b), so 9/2 is 2/11.
func (o Odds) ImpliedProbability() float64 {
	if o.Numerator+o.Denominator == 0 {
		return 0
	}
	return float64(o.Denominator) / float64(o.Numerator+o.Denominator)
}

// Figure is a dated figure in a named series: party membership, the electorate, the result by
// voter category. Series and Category are data ("result", "members").
type Figure struct {
	ID            uint   `gorm:"primaryKey"`
	ContestID     uint   `gorm:"index;not null"`
	Series        string `gorm:"size:80;not null;index"`
	Category      string `gorm:"size:200"`
	CandidateID   *uint  `gorm:"index"`
	Value         float64
	Unit          string `gorm:"size:80"`
	AsOf          string `gorm:"size:10;not null"`
	DatePrecision string `gorm:"size:16;not null;default:day"`
	SourceURL     string `gorm:"size:1000"`
	Verification  string `gorm:"size:16;not null;default:reported"`
	Note          string `gorm:"size:1000"`
	// OtherValue is another source's figure for the same thing, where sources disagree.
	OtherValue       *float64
	OtherSourceURL   string `gorm:"size:1000"`
	OtherSourceTitle string `gorm:"size:300"`
}

// KeyDate is one dated step of a contest's timetable ("PLP nominations close"), with its source.
type KeyDate struct {
	ID            uint   `gorm:"primaryKey"`
	ContestID     uint   `gorm:"index;not null"`
	Name          string `gorm:"size:200;not null"`
	Date          string `gorm:"size:10;not null"`
	DatePrecision string `gorm:"size:16;not null;default:day"`
	SourceURL     string `gorm:"size:1000"`
	Note          string `gorm:"size:1000"`
	SortOrder     int
}

// All lists every model, in an order AutoMigrate can create them.
func All() []any {
	return []any{&Kind{}, &Contest{}, &ContestKind{}, &Threshold{}, &Candidate{}, &Endorser{},
		&Event{}, &RosterEntry{}, &ReportedTally{}, &Poll{}, &PollValue{}, &Odds{}, &Figure{}, &KeyDate{},
		&User{}, &Session{}, &LoginLimit{}, &AuditEntry{}, &Report{}, &ImportUpload{}, &Secret{},
		&SupportSpan{}, &SupportDelta{}, &WithdrawnSpan{}, &EndorserTrigram{}, &DerivedState{}, &DataVersion{}, &SchemaState{}, &SeedRecord{}}
}

// StatusOn is the candidate's status as it stood on day (an ISO date): a winner or an
// eliminated candidate was on the ballot before the contest's result. A withdrawal keeps its
// label, which carries its own date ("Withdrawn 19 Jul 2016"); an unknown result date changes
// nothing.
func (c Candidate) StatusOn(contest *Contest, day string) string {
	if (c.Status == CandidateWinner || c.Status == CandidateEliminated) && contest.ResultOn != "" && day < contest.ResultOn {
		return CandidateOnBallot
	}
	return c.Status
}
