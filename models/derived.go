package models

import "time"

// The tables below are derived: they hold what the event log implies, so that an aggregate as
// of any day reads a few rows instead of replaying the log. The store keeps them true in the
// same transaction as every write and can rebuild them from the log; nothing else writes them.

// SupportSpan is the time one endorse or nominate event stands: from its day (StartOn) until
// the endorser's next endorse or nominate, or a later withdraw of the same candidate (EndOn,
// exclusive; "9999-12-31" while it still stands). Kind and Points are the endorser's kind and
// the event's points under the contest's rules, as they are now.
type SupportSpan struct {
	EventID     uint `gorm:"primaryKey;autoIncrement:false;index:idx_span_walk,priority:3"`
	ContestID   uint `gorm:"not null;index:idx_span_standing,priority:1;index:idx_span_contest_start,priority:1;index:idx_span_endorser,priority:2;index:idx_span_kind,priority:1;index:idx_span_walk,priority:1;index:idx_span_switch_in,priority:1,where:prev_candidate_id IS NOT NULL AND prev_candidate_id <> candidate_id;index:idx_span_switch_out,priority:1,where:prev_candidate_id IS NOT NULL AND prev_candidate_id <> candidate_id"`
	EndorserID  uint `gorm:"not null;index:idx_span_endorser,priority:1;index:idx_span_standing,priority:6;index:idx_span_contest_start,priority:6;index:idx_span_walk,priority:5"`
	CandidateID uint `gorm:"not null;index:idx_span_standing,priority:4;index:idx_span_contest_start,priority:4;index:idx_span_walk,priority:6;index:idx_span_switch_in,priority:2,where:prev_candidate_id IS NOT NULL AND prev_candidate_id <> candidate_id;index:idx_span_switch_out,priority:4,where:prev_candidate_id IS NOT NULL AND prev_candidate_id <> candidate_id"`
	KindID      uint `gorm:"not null;index:idx_span_standing,priority:5;index:idx_span_kind,priority:2;index:idx_span_contest_start,priority:5;index:idx_span_walk,priority:7"`
	// Action is the event's, endorse or nominate: the indexes that find the standing spans hold
	// it, for the table filtered by one of the two.
	Action  string  `gorm:"size:16;not null;index:idx_span_standing,priority:11;index:idx_span_contest_start,priority:11;index:idx_span_walk,priority:12"`
	Points  float64 `gorm:"index:idx_span_standing,priority:7;index:idx_span_contest_start,priority:7;index:idx_span_walk,priority:8"`
	StartOn string  `gorm:"size:10;not null;index:idx_span_standing,priority:3;index:idx_span_contest_start,priority:2;index:idx_span_kind,priority:3;index:idx_span_endorser,priority:4;index:idx_span_walk,priority:2;index:idx_span_switch_in,priority:3,where:prev_candidate_id IS NOT NULL AND prev_candidate_id <> candidate_id;index:idx_span_switch_out,priority:3,where:prev_candidate_id IS NOT NULL AND prev_candidate_id <> candidate_id"`
	// The contest's indexes lead with the end day, with the start day, and with the kind and
	// then the start day: the spans standing on a late day (today, most often) are a short
	// range of the first; those on any other day, a short range of the second (or, for one
	// kind, the third) for each day a span starts on. The first two also hold what the counts
	// of the who-backs-whom table read (candidate, kind, endorser, points, and the name a
	// search matches), so they never visit the table. The last (idx_span_walk) is in the
	// table's order by day, the start day and then the event, so a page by day walks it and
	// stops after the page, where the start-day index would sort each day's spans first; it
	// holds every column the walk reads, so the walk reads the index in order and never the
	// spans' rows, one page apiece wherever they lie.
	EndOn string `gorm:"size:10;not null;index:idx_span_standing,priority:2;index:idx_span_contest_start,priority:3;index:idx_span_endorser,priority:3;index:idx_span_kind,priority:4;index:idx_span_walk,priority:4"`
	// NameKey is the endorser's folded name (Endorser.NameKey) as it is now, kept here as the
	// kind is, so a search of the table by name reads the contest's standing spans from one
	// index, not the spans of each matching endorser in turn.
	NameKey string `gorm:"not null;default:'';index:idx_span_standing,priority:8;index:idx_span_contest_start,priority:8;index:idx_span_walk,priority:9"`
	// Verification is the event's (Event.Verification), kept here for the table filtered by
	// it, as the name is.
	Verification string `gorm:"size:20;not null;default:'';index:idx_span_standing,priority:9;index:idx_span_contest_start,priority:9;index:idx_span_walk,priority:10"`
	// Region is the endorser's (Endorser.Region) as it is now, for the table sorted by it.
	Region string `gorm:"size:120;not null;default:'';index:idx_span_standing,priority:10;index:idx_span_contest_start,priority:10;index:idx_span_walk,priority:11"`
	// PrevCandidateID is the candidate of the endorser's previous endorse or nominate in the
	// contest (nil for its first): where it differs from CandidateID the span is a switch, a
	// gain for the one candidate and a loss for the other. The two partial indexes hold the
	// switches alone, by the candidate gained and by the one lost, so a candidate's page counts
	// and lists them without reading the log.
	PrevCandidateID *uint `gorm:"index:idx_span_switch_in,priority:4,where:prev_candidate_id IS NOT NULL AND prev_candidate_id <> candidate_id;index:idx_span_switch_out,priority:2,where:prev_candidate_id IS NOT NULL AND prev_candidate_id <> candidate_id"`
}

// WithdrawnSpan is the time an endorser stands withdrawn in a contest: its deciding event is a
// withdraw (the last it applied on its day) and it backs no one, from that day (StartOn) until
// its next event on a later day (EndOn, exclusive; "9999-12-31" while it still stands). These
// are the withdrawn rows of the who-backs-whom table, found through an index instead of a
// window over the whole log. KindID is the endorser's kind as it is now.
type WithdrawnSpan struct {
	EventID     uint   `gorm:"primaryKey;autoIncrement:false"`
	ContestID   uint   `gorm:"not null;index:idx_withdrawn_standing,priority:1;index:idx_withdrawn_start,priority:1;index:idx_withdrawn_endorser,priority:2"`
	EndorserID  uint   `gorm:"not null;index:idx_withdrawn_endorser,priority:1;index:idx_withdrawn_standing,priority:6;index:idx_withdrawn_start,priority:6"`
	CandidateID uint   `gorm:"not null;index:idx_withdrawn_standing,priority:4;index:idx_withdrawn_start,priority:4"`
	KindID      uint   `gorm:"not null;index:idx_withdrawn_standing,priority:5;index:idx_withdrawn_start,priority:5"`
	StartOn     string `gorm:"size:10;not null;index:idx_withdrawn_standing,priority:3;index:idx_withdrawn_start,priority:2"`
	// Indexed as the support spans are: by end day (late days) and by start day (other days),
	// both holding what the table's counts and filters read, and by endorser for a write's
	// upkeep and the table's endorser-first filters.
	EndOn string `gorm:"size:10;not null;index:idx_withdrawn_standing,priority:2;index:idx_withdrawn_start,priority:3;index:idx_withdrawn_endorser,priority:3"`
	// NameKey is the endorser's folded name as it is now, as in SupportSpan.
	NameKey string `gorm:"not null;default:'';index:idx_withdrawn_standing,priority:7;index:idx_withdrawn_start,priority:7"`
	// Verification is the withdraw's, as in SupportSpan.
	Verification string `gorm:"size:20;not null;default:'';index:idx_withdrawn_standing,priority:8;index:idx_withdrawn_start,priority:8"`
	// Region is the endorser's, as in SupportSpan.
	Region string `gorm:"size:120;not null;default:'';index:idx_withdrawn_standing,priority:9;index:idx_withdrawn_start,priority:9"`
}

// SupportDelta is how support for a candidate from one kind of endorser, by one action
// (endorse or nominate), changed on a day: spans starting that day add to it, spans ending
// that day take away. The support as of a day is the sum of the deltas up to it, so the rows
// grow with days x candidates x kinds, not with events. Rows that net to nothing are absent.
type SupportDelta struct {
	ContestID   uint   `gorm:"primaryKey;autoIncrement:false"`
	Day         string `gorm:"primaryKey;size:10"`
	CandidateID uint   `gorm:"primaryKey;autoIncrement:false"`
	KindID      uint   `gorm:"primaryKey;autoIncrement:false"`
	Action      string `gorm:"primaryKey;size:16"`
	Count       int    `gorm:"not null"`
	Points      float64
}

// TableName is support_deltas: GORM's inflection would make "support_delta" of it.
func (SupportDelta) TableName() string { return "support_deltas" }

// EndorserTrigram is one run of three characters (runes) in an endorser's folded name
// (Endorser.NameKey): a search of the who-backs-whom table by a rare name finds the few
// endorsers whose names hold its rarest run here, and reads their spans one by one, instead of
// testing the name of every standing span of a large contest. It is derived from the
// endorsers table, not the log: the store keeps it wherever an endorser is written.
type EndorserTrigram struct {
	Trigram    string `gorm:"primaryKey;size:12"`
	EndorserID uint   `gorm:"primaryKey;autoIncrement:false;index"`
}

// DerivedState records which version of the derived tables' definition built them, so that a
// binary whose rules or columns changed rebuilds them from the log on start.
type DerivedState struct {
	Name    string `gorm:"primaryKey;size:64"`
	Version int    `gorm:"not null"`
	BuiltAt time.Time
}

// Derived lists the models derived from each contest's log, which a rebuild drops and
// recreates (and EndorserTrigram, which it rebuilds from the endorsers).
func Derived() []any { return []any{&SupportSpan{}, &SupportDelta{}, &WithdrawnSpan{}} }
