package models

// A Snapshot is one contest as of one day, as plain data: every aggregate the dashboard, the
// candidate page, embeds, images and the totals API draw from, each computed once by
// store.Snapshot. Charts build from it and never ask the database themselves, so a page that
// shows ten charts computes the support spans once, not once per chart.
type Snapshot struct {
	Contest *Contest // with its candidates, kinds (rules) and thresholds
	Query   SnapshotQuery

	// Kinds is every endorser kind, for their names and plurals.
	Kinds []Kind
	// Support is who backs whom on the day: a row per candidate and kind, of every kind.
	Support []SupportRow
	// Series is each candidate's cumulative support on every day it changed, up to the day,
	// counting only Query.Kinds where it names some.
	Series []SeriesPoint
	// SeriesByKind is the same per kind of endorser: each candidate's cumulative support from
	// each kind, on every day it changed, ordered by kind, then day.
	SeriesByKind []SeriesPoint
	// Shares is support by every kind the contest's rules name, against its denominator.
	Shares []KindShare
	// Backing is, per organisation kind in Query.OrgKinds, the event that decides each backing
	// endorser's standing on the day (with its endorser and candidate), newest first; Unbacked
	// names the roster endorsers of that kind backing no one, sorted.
	Backing  map[string][]Event
	Unbacked map[string][]string
	// Processes is, per kind in Query.ProcessKinds, the deciding events (as Backing holds them)
	// of the backing endorsers whose event records how they decided: a process, vote figures
	// or a turnout. A chart of a kind too many to name (646 CLPs) notes these alone, and a
	// contest of 50,000 generated CLPs need not load them all.
	Processes map[string][]Event
	// Membership is, per organisation kind in Query.MembershipKinds, the membership of the
	// organisations backing each candidate (CandidateID 0: the roster's undeclared).
	Membership map[string][]MembershipRow
	// Tallies is every published count up to the day, oldest first; LatestTallies is the most
	// recent one per kind and candidate (the undeclared included), an undisputed one winning
	// among several on that day.
	Tallies       []ReportedTally
	LatestTallies []ReportedTally
	// Nominations counts, per threshold of the contest (in order), the endorsers of its kinds
	// whose standing on the day is a formal nomination.
	Nominations [][]NominationCount
	Polls       []Poll
	OddsByDay   []OddsDay
	Odds        []Odds
	// Figures is every dated figure up to the day, of every series, oldest first.
	Figures []Figure
}

// SnapshotQuery says which snapshot to compute: the day, and only the parts wanted, so an
// embed of one chart does not pay for the dashboard's ten.
type SnapshotQuery struct {
	AsOf  string   // ISO day; "" for all the data
	Kinds []string // endorser kind slugs the support series counts; empty for all
	// OrgKinds are the organisation kinds whose backers and roster gaps are wanted
	// (PartBackers, PartUnbacked); MembershipKinds those whose membership weighting is
	// (PartMembership).
	OrgKinds        []string
	MembershipKinds []string
	// ProcessKinds are the kinds whose backers' processes are wanted (PartProcesses).
	ProcessKinds []string
	Parts        SnapshotPart
}

// SnapshotPart names one part of a snapshot; parts combine with |.
type SnapshotPart uint

// The parts of a snapshot.
const (
	PartSupport       SnapshotPart = 1 << iota // Kinds and Support
	PartSeries                                 // Series and SeriesByKind
	PartShares                                 // Shares (and Support, which they are made from)
	PartBackers                                // Backing of Query.OrgKinds
	PartUnbacked                               // Unbacked of Query.OrgKinds
	PartMembership                             // Membership of Query.MembershipKinds
	PartTallies                                // Tallies
	PartLatestTallies                          // LatestTallies (and Tallies, which they are picked from)
	PartNominations                            // Nominations, per threshold
	PartPolls                                  // Polls
	PartOdds                                   // OddsByDay and Odds
	PartFigures                                // Figures
	PartProcesses                              // Processes of Query.ProcessKinds
)

// Has reports whether p includes every part of q.
func (p SnapshotPart) Has(q SnapshotPart) bool { return p&q == q }

// FiguresOf is the snapshot's figures of one series ("membership", "result"), oldest first.
func (s *Snapshot) FiguresOf(series string) []Figure {
	var out []Figure
	for _, f := range s.Figures {
		if f.Series == series {
			out = append(out, f)
		}
	}
	return out
}

// TalliesOf is the snapshot's published counts whose kind is one of kindSlugs, oldest first;
// latest picks LatestTallies instead of the whole history.
func (s *Snapshot) TalliesOf(kindSlugs []string, latest bool) []ReportedTally {
	from := s.Tallies
	if latest {
		from = s.LatestTallies
	}
	var out []ReportedTally
	for _, t := range from {
		for _, k := range kindSlugs {
			if t.Kind.Slug == k {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// LastChange is the latest day the counted support changed, up to the snapshot's day, or ""
// when it never has.
func (s *Snapshot) LastChange() string {
	if len(s.Series) == 0 {
		return ""
	}
	return s.Series[len(s.Series)-1].Day
}

// SupportRow is the support one candidate has from one kind of endorser on a day.
type SupportRow struct {
	CandidateID uint
	KindID      uint
	KindSlug    string
	Count       int
	Points      float64
	// Nominating is how many of Count stand by a formal nomination; the rest declared support.
	Nominating int
}

// SeriesPoint is a candidate's cumulative support on a day when it changed.
type SeriesPoint struct {
	Day         string
	CandidateID uint
	KindID      uint // 0 where the point sums every kind counted
	Count       int
	Points      float64
}

// KindShare is one kind's support against its denominator as of a day.
type KindShare struct {
	Kind        Kind
	Weight      float64
	Denominator *int // nil where the number of such endorsers is not known
	ByCandidate map[uint]int
	Backing     int // endorsers of this kind backing anyone
	// NominatedBy is, per candidate, how many of ByCandidate stand by a formal nomination, and
	// Nominating their sum: charts titled "nominating" count these, never declared support.
	NominatedBy map[uint]int
	Nominating  int
	// Undeclared is Denominator - Backing where the denominator is known, else the roster
	// entries of this kind that back no one.
	Undeclared int
}

// MembershipRow is the summed membership of organisations backing a candidate. CandidateID 0
// is the undeclared (roster organisations backing no one).
type MembershipRow struct {
	CandidateID uint
	Members     int64
	Orgs        int
	Missing     int // organisations whose membership is not known
}

// NominationCount is how many endorsers of the given kinds formally nominate a candidate.
type NominationCount struct {
	CandidateID uint
	Count       int
}

// OddsDay is the mean implied probability of a candidate winning across the bookmakers that
// quoted a price on one day.
type OddsDay struct {
	Day         string
	CandidateID uint
	Probability float64 // 0..1, the mean of b/(a+b) over the day's a/b prices
	Quotes      int     // how many prices went into the mean
}
