package form

import (
	"strconv"
	"strings"

	"github.com/backers/backers/models"
)

// User creates an account; its password is generated, not typed.
type User struct {
	Form
	Email, Role *Field
}

// NewUser is the new account form.
func NewUser() *User {
	f := &User{
		Email: &Field{Name: "email", Label: "E-mail", Type: "email", Required: true, Max: 254},
		Role:  &Field{Name: "role", Label: "Role", Type: "select", Required: true, Value: models.RoleEditor, Options: Choices(models.RoleEditor, models.RoleAdmin)},
	}
	f.Form = Form{Action: "/admin/users", Submit: "Create account", Fields: []*Field{f.Email, f.Role}}
	return f
}

// Validate checks both fields.
func (f *User) Validate() map[string]string { return f.Check() }

// Apply copies a valid form into u: the address in lower case, the role. Nothing else of u
// comes from the form.
func (f *User) Apply(u *models.User) { u.Email, u.Role = strings.ToLower(f.Email.Value), f.Role.Value }

// Report is the public correction form: what is missing or wrong, a source, and a way to ask.
type Report struct {
	Form
	Endorser, Event, Message, SourceURL, Contact *Field

	eventID *uint // the event it is about, as Validate read it
}

// NewReport is the report form, about endorser slug and event id when they are given.
func NewReport(endorser, event string) *Report {
	f := &Report{
		Endorser:  &Field{Name: "endorser", Type: "hidden", Max: 120, Value: endorser},
		Event:     &Field{Name: "event", Type: "hidden", Max: 12, Value: event},
		Message:   &Field{Name: "message", Label: "What is missing or wrong?", Type: "textarea", Required: true, Max: 2000},
		SourceURL: &Field{Name: "source_url", Label: "A source that shows it (URL)", Type: "url", Required: true},
		Contact:   &Field{Name: "contact", Label: "Your e-mail, if we may ask you about it (optional)", Type: "text", Max: 254},
	}
	f.Form = Form{Action: "/report", Submit: "Send report", Fields: []*Field{f.Endorser, f.Event, f.Message, f.SourceURL, f.Contact}}
	return f
}

// EventID is the event the report names, when it names one that could be an event; for
// showing it before Validate.
func (f *Report) EventID() uint {
	n, _ := strconv.ParseUint(f.Event.Value, 10, 32)
	return uint(n)
}

// Validate checks every field by its type, and that the event named is a number.
func (f *Report) Validate() map[string]string {
	f.Check()
	f.eventID = nil
	if f.Event.Given() {
		if n, err := strconv.ParseUint(f.Event.Value, 10, 32); err != nil {
			f.Message.Fail("The endorsement this report is about is not known.")
		} else {
			id := uint(n)
			f.eventID = &id
		}
	}
	return f.Errors()
}

// Apply copies a valid form into r; where it came from and when are the handler's to say.
func (f *Report) Apply(r *models.Report) {
	r.EndorserSlug, r.EventID, r.Message = f.Endorser.Value, f.eventID, f.Message.Value
	r.SourceURL, r.Contact, r.Status = f.SourceURL.Value, f.Contact.Value, models.ReportOpen
}

// Reject turns down a public report, with a note.
type Reject struct {
	Form
	Note *Field
}

// NewReject is the rejection form of report id.
func NewReject(id uint) *Reject {
	f := &Reject{Note: &Field{Name: "note", Label: "Note", Type: "text", Required: true, Max: 1000}}
	f.Form = Form{Action: "/admin/reports/" + strconv.Itoa(int(id)) + "/reject", Submit: "Reject", Fields: []*Field{f.Note}}
	return f
}

// Validate checks the note.
func (f *Reject) Validate() map[string]string { return f.Check() }
