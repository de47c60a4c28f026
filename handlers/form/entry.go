package form

import (
	"fmt"
	"strconv"

	"github.com/backers/backers/models"
)

// QuickAdd is "X endorses / nominates Y on date D, source S, quote Q", with the kind and
// region of a new endorser when X is not one yet.
type QuickAdd struct {
	Form
	Contest, Endorser, EndorserSlug, NewKind, NewRegion, Action, Candidate *Field
	EffectiveOn, Precision, SourceURL, SourceTitle, Quote, Verification    *Field
	// ConfirmWithdrawn is hidden until support for a candidate who had withdrawn by the
	// event's date is asked for; then it is the box that says "record it anyway".
	ConfirmWithdrawn *Field

	contest *models.Contest
	kinds   []models.Kind
}

// NewQuickAdd is the quick-add form of a contest.
func NewQuickAdd(contest *models.Contest, kinds []models.Kind) *QuickAdd {
	f := &QuickAdd{contest: contest, kinds: kinds,
		Contest: &Field{Name: "contest", Type: "hidden", Value: contest.Slug},
		Endorser: &Field{Name: "endorser", Label: "Endorser", Type: "text", Required: true, Autocomplete: "endorser",
			Hint: "Start typing to pick an endorser; a name not in the list creates a new one (give its kind)."},
		EndorserSlug: &Field{Name: "endorser_slug", Type: "hidden"},
		NewKind:      &Field{Name: "new_kind", Label: "Kind, for a new endorser", Type: "select", Options: kindOptions(kinds, "(an existing endorser)")},
		NewRegion:    &Field{Name: "new_region", Label: "Region, for a new endorser", Type: "text", Max: 120},
		Action:       &Field{Name: "action", Label: "Action", Type: "select", Required: true, Options: positiveActions(), Value: models.ActionEndorse},
		Candidate:    &Field{Name: "candidate", Label: "Candidate", Type: "select", Required: true, Options: candidateOptions(contest.Candidates, "")},
		EffectiveOn:  &Field{Name: "effective_on", Label: "Date", Type: "date", Required: true},
		Precision: &Field{Name: "precision", Label: "Date precision", Type: "select", Required: true,
			Options: Choices(models.PrecisionDay, models.PrecisionMonth, models.PrecisionReported), Value: models.PrecisionDay},
		SourceURL:        &Field{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		SourceTitle:      &Field{Name: "source_title", Label: "Source title", Type: "text", Max: 300},
		Quote:            &Field{Name: "quote", Label: "Quote", Type: "textarea"},
		Verification:     &Field{Name: "verification", Label: "Verification", Type: "select", Required: true, Options: verifications(), Value: models.VerificationReported},
		ConfirmWithdrawn: &Field{Name: "confirm_withdrawn", Type: "hidden"},
	}
	f.Form = Form{Action: "/admin/quick", Submit: "Record", Fields: []*Field{f.Contest, f.Endorser, f.EndorserSlug, f.NewKind,
		f.NewRegion, f.Action, f.Candidate, f.EffectiveOn, f.Precision, f.SourceURL, f.SourceTitle, f.Quote, f.Verification,
		f.ConfirmWithdrawn}}
	return f
}

// PickEndorser fills in an endorser picked beforehand (from a link or a report).
func (f *QuickAdd) PickEndorser(e *models.Endorser) {
	f.Endorser.Value, f.EndorserSlug.Value = e.Name, e.Slug
}

// Validate checks every field by its type.
func (f *QuickAdd) Validate() map[string]string { return f.Check() }

// WithdrawnBefore says, when the form records support for cand on a day after cand withdrew
// and the editor has not yet confirmed it, why it must be confirmed, and turns the
// confirmation into a box to tick; "" when there is nothing to confirm. Support for a withdrawn
// candidate is usually a mistake (a late report of an earlier choice, or the wrong name), and
// recording it silently moves the endorser.
func (f *QuickAdd) WithdrawnBefore(cand *models.Candidate) string {
	if cand == nil || cand.Status != models.CandidateWithdrawn || cand.WithdrawnOn == "" ||
		f.EffectiveOn.Value <= cand.WithdrawnOn || f.ConfirmWithdrawn.On() {
		return ""
	}
	f.ConfirmWithdrawn.Type, f.ConfirmWithdrawn.Value = "checkbox", ""
	f.ConfirmWithdrawn.Label = "Record it anyway: the source says so on this date"
	return fmt.Sprintf("%s withdrew on %s, before %s. Check the date and the candidate; if the source really says this, tick the box and record it again.",
		cand.Name, cand.WithdrawnOn, f.EffectiveOn.Value)
}

// NewEndorser is the endorser the form creates, named and of the kind given, or nil when no
// kind is given (the name must then be an existing endorser's).
func (f *QuickAdd) NewEndorser() *models.Endorser {
	if !f.NewKind.Given() {
		return nil
	}
	kind := kindOf(f.kinds, f.NewKind.Value)
	return &models.Endorser{Name: f.Endorser.Value, KindID: kind.ID, Region: f.NewRegion.Value}
}

// Apply copies a valid form into ev: the contest's event for the chosen candidate.
func (f *QuickAdd) Apply(ev *models.Event) *models.Candidate {
	cand := candidateOf(f.contest.Candidates, f.Candidate.Value)
	ev.ContestID, ev.CandidateID, ev.Action = f.contest.ID, cand.ID, f.Action.Value
	ev.EffectiveOn, ev.DatePrecision = f.EffectiveOn.Value, f.Precision.Value
	ev.SourceURL, ev.SourceTitle, ev.Quote, ev.Verification = f.SourceURL.Value, f.SourceTitle.Value, f.Quote.Value, f.Verification.Value
	return cand
}

// Endorser edits an endorser's own fields.
type Endorser struct {
	Form
	Name, Kind, Region, Role, Membership, MembershipNote, MembershipSourceURL, ExternalURL *Field

	kinds []models.Kind
}

// NewEndorser is the endorser form posting to action.
func NewEndorser(action string, kinds []models.Kind) *Endorser {
	f := &Endorser{kinds: kinds,
		Name:                &Field{Name: "name", Label: "Name", Type: "text", Required: true},
		Kind:                &Field{Name: "kind", Label: "Kind", Type: "select", Required: true, Options: kindOptions(kinds, "")},
		Region:              &Field{Name: "region", Label: "Region", Type: "text", Max: 120},
		Role:                &Field{Name: "role", Label: "Role", Type: "text", Hint: "Such as \"Mayor of London\"."},
		Membership:          &Field{Name: "membership", Label: "Membership", Type: "number", Hint: "Organisations only."},
		MembershipNote:      &Field{Name: "membership_note", Label: "What the membership figure is", Type: "text", Max: 500},
		MembershipSourceURL: &Field{Name: "membership_source_url", Label: "Membership source URL", Type: "url"},
		ExternalURL:         &Field{Name: "external_url", Label: "External link", Type: "url"},
	}
	f.Form = Form{Action: action, Submit: "Save", Fields: []*Field{f.Name, f.Kind, f.Region, f.Role, f.Membership,
		f.MembershipNote, f.MembershipSourceURL, f.ExternalURL}}
	return f
}

// Fill shows e in the form.
func (f *Endorser) Fill(e *models.Endorser) {
	f.Name.Value, f.Kind.Value, f.Region.Value, f.Role.Value = e.Name, e.Kind.Slug, e.Region, e.Role
	f.Membership.SetInt(e.Membership)
	f.MembershipNote.Value, f.MembershipSourceURL.Value, f.ExternalURL.Value = e.MembershipNote, e.MembershipSourceURL, e.ExternalURL
}

// Validate checks every field by its type.
func (f *Endorser) Validate() map[string]string { return f.Check() }

// Apply copies a valid form into e.
func (f *Endorser) Apply(e *models.Endorser) {
	kind := kindOf(f.kinds, f.Kind.Value)
	e.Name, e.KindID, e.Kind = f.Name.Value, kind.ID, kind
	e.Region, e.Role, e.Membership = f.Region.Value, f.Role.Value, f.Membership.Int()
	e.MembershipNote, e.MembershipSourceURL, e.ExternalURL = f.MembershipNote.Value, f.MembershipSourceURL.Value, f.ExternalURL.Value
}

// Position is what the withdraw and switch forms of one of an endorser's current positions
// share: the event that began it, the date, the source and the quote.
type Position struct {
	Form
	Event, EffectiveOn, SourceURL, Quote *Field

	startOn string // the day the support began; a withdrawal or switch cannot be earlier
}

func newPosition(action, submit string, eventID uint, startOn string) Position {
	return Position{Form: Form{Action: action, Submit: submit}, startOn: startOn,
		Event:       &Field{Name: "event", Type: "hidden", Value: strconv.Itoa(int(eventID))},
		EffectiveOn: &Field{Name: "effective_on", Label: "Date", Type: "date", Required: true},
		SourceURL:   &Field{Name: "source_url", Label: "Source URL", Type: "url", Required: true},
		Quote:       &Field{Name: "quote", Label: "Quote", Type: "textarea"},
	}
}

// Validate checks every field by its type, and that the date is not before the support began.
func (f *Position) Validate() map[string]string {
	f.Check()
	if d := f.EffectiveOn.Value; f.EffectiveOn.Error == "" && d != "" && d < f.startOn {
		f.EffectiveOn.Fail("This is before the support began (" + f.startOn + ").")
	}
	return f.Errors()
}

// apply copies the shared fields into ev.
func (f *Position) apply(ev *models.Event) {
	ev.EffectiveOn, ev.DatePrecision, ev.SourceURL, ev.Quote = f.EffectiveOn.Value, models.PrecisionDay, f.SourceURL.Value, f.Quote.Value
	ev.Verification = models.VerificationReported
}

// Withdraw ends one of an endorser's current positions.
type Withdraw struct{ Position }

// NewWithdraw is the withdraw form of endorser slug's position begun by event eventID on startOn.
func NewWithdraw(slug string, eventID uint, startOn string) *Withdraw {
	f := &Withdraw{newPosition("/admin/endorsers/"+slug+"/withdraw", "Withdraw", eventID, startOn)}
	f.Fields = []*Field{f.Event, f.EffectiveOn, f.SourceURL, f.Quote}
	return f
}

// Apply copies a valid form into ev, the withdrawal.
func (f *Withdraw) Apply(ev *models.Event) {
	f.apply(ev)
	ev.Action = models.ActionWithdraw
}

// Switch moves one of an endorser's current positions to another candidate.
type Switch struct {
	Position
	Candidate, Action *Field

	others []models.Candidate
}

// NewSwitch is the switch form of endorser slug's position for candidate from, begun by event
// eventID on startOn; the endorser may switch to any other candidate of the contest.
func NewSwitch(slug string, eventID uint, startOn string, contest *models.Contest, from uint) *Switch {
	f := &Switch{Position: newPosition("/admin/endorsers/"+slug+"/switch", "Switch", eventID, startOn)}
	for _, c := range contest.Candidates {
		if c.ID != from {
			f.others = append(f.others, c)
		}
	}
	f.Candidate = &Field{Name: "candidate", Label: "To", Type: "select", Required: true, Options: candidateOptions(f.others, "")}
	f.Action = &Field{Name: "action", Label: "Action", Type: "select", Required: true, Options: positiveActions(), Value: models.ActionEndorse}
	f.Fields = []*Field{f.Event, f.Candidate, f.Action, f.EffectiveOn, f.SourceURL, f.Quote}
	return f
}

// Apply copies a valid form into ev, the new support, and returns its candidate.
func (f *Switch) Apply(ev *models.Event) *models.Candidate {
	f.apply(ev)
	cand := candidateOf(f.others, f.Candidate.Value)
	ev.CandidateID, ev.Action = cand.ID, f.Action.Value
	return cand
}

// Event corrects an event.
type Event struct {
	Form
	Candidate, Action, EffectiveOn, Precision, DateNote, SourceURL, SourceTitle, Quote, Verification, VerificationNote *Field

	contest *models.Contest
}

// NewEvent is the correction form of e, an event of contest, filled from it.
func NewEvent(e *models.Event, contest *models.Contest) *Event {
	f := &Event{contest: contest,
		Candidate: &Field{Name: "candidate", Label: "Candidate", Type: "select", Required: true, Options: candidateOptions(contest.Candidates, ""), Value: e.Candidate.Slug},
		Action: &Field{Name: "action", Label: "Action", Type: "select", Required: true, Value: e.Action,
			Options: Choices(models.ActionEndorse, models.ActionNominate, models.ActionWithdraw)},
		EffectiveOn:      &Field{Name: "effective_on", Label: "Date", Type: "date", Required: true, Value: e.EffectiveOn},
		Precision:        &Field{Name: "precision", Label: "Date precision", Type: "select", Required: true, Value: e.DatePrecision, Options: allPrecisions()},
		DateNote:         &Field{Name: "date_note", Label: "Date note", Type: "text", Max: 1000, Value: e.DateNote},
		SourceURL:        &Field{Name: "source_url", Label: "Source URL", Type: "url", Required: true, Value: e.SourceURL},
		SourceTitle:      &Field{Name: "source_title", Label: "Source title", Type: "text", Max: 300, Value: e.SourceTitle},
		Quote:            &Field{Name: "quote", Label: "Quote", Type: "textarea", Value: e.Quote},
		Verification:     &Field{Name: "verification", Label: "Verification", Type: "select", Required: true, Options: verifications(), Value: e.Verification},
		VerificationNote: &Field{Name: "verification_note", Label: "Verification note", Type: "text", Max: 1000, Value: e.VerificationNote},
	}
	f.Form = Form{Action: "/admin/events/" + strconv.Itoa(int(e.ID)), Submit: "Save correction", Fields: []*Field{f.Candidate,
		f.Action, f.EffectiveOn, f.Precision, f.DateNote, f.SourceURL, f.SourceTitle, f.Quote, f.Verification, f.VerificationNote}}
	return f
}

// Validate checks every field by its type.
func (f *Event) Validate() map[string]string { return f.Check() }

// Apply copies a valid form into e and returns its candidate.
func (f *Event) Apply(e *models.Event) *models.Candidate {
	cand := candidateOf(f.contest.Candidates, f.Candidate.Value)
	e.CandidateID, e.Candidate = cand.ID, *cand
	e.Action, e.EffectiveOn, e.DatePrecision, e.DateNote = f.Action.Value, f.EffectiveOn.Value, f.Precision.Value, f.DateNote.Value
	e.SourceURL, e.SourceTitle, e.Quote = f.SourceURL.Value, f.SourceTitle.Value, f.Quote.Value
	e.Verification, e.VerificationNote = f.Verification.Value, f.VerificationNote.Value
	return cand
}

// Retract retracts an event, with the reason shown to the public.
type Retract struct {
	Form
	Reason *Field
}

// NewRetract is the retraction form of event id.
func NewRetract(id uint) *Retract {
	f := &Retract{Reason: &Field{Name: "reason", Label: "Reason (shown to the public)", Type: "text", Required: true, Max: 1000}}
	f.Form = Form{Action: "/admin/events/" + strconv.Itoa(int(id)) + "/retract", Submit: "Retract", Fields: []*Field{f.Reason}}
	return f
}

// Validate checks the reason.
func (f *Retract) Validate() map[string]string { return f.Check() }
