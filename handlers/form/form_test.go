package form

import (
	"reflect"
	"testing"

	"github.com/backers/backers/models"
)

// testContest is a contest of two candidates, as the store loads one.
func testContest() *models.Contest {
	return &models.Contest{ID: 3, Slug: "labour-2016", Candidates: []models.Candidate{
		{ID: 11, Slug: "jeremy-corbyn", Name: "Jeremy Corbyn"}, {ID: 12, Slug: "owen-smith", Name: "Owen Smith"}}}
}

var testKinds = []models.Kind{{ID: 1, Slug: "mp", Name: "MP"}, {ID: 2, Slug: "clp", Name: "CLP"}}

// everyForm is one of each form, as the handlers build them.
func everyForm() map[string]Drawn {
	ct := testContest()
	return map[string]Drawn{
		"quick add": NewQuickAdd(ct, testKinds), "endorser": NewEndorser("/admin/endorsers", testKinds),
		"withdraw": NewWithdraw("unite", 5, "2016-07-01"), "switch": NewSwitch("unite", 5, "2016-07-01", ct, 11),
		"event": NewEvent(&models.Event{ID: 5}, ct), "retract": NewRetract(5), "user": NewUser(),
		"report": NewReport("", ""), "reject": NewReject(2), "new contest": NewContest("/admin/contests", true),
		"contest": NewContest("/admin/contests/x", false), "rule": NewRule("x", testKinds), "threshold": NewThreshold("x", testKinds),
		"new candidate": NewCandidate("/c", true), "candidate": NewCandidate("/c", false), "tally": NewTally(ct, testKinds),
		"odds": NewOdds(ct), "figure": NewFigure(ct), "poll": NewPoll(ct),
	}
}

// namedFields is every *Field a form names, embedded structs and lists included.
func namedFields(v reflect.Value) []*Field {
	var out []*Field
	for i := range v.NumField() {
		switch f := v.Field(i); {
		case f.Type() == reflect.TypeFor[*Field]() && !f.IsNil():
			out = append(out, f.Interface().(*Field))
		case f.Type() == reflect.TypeFor[[]*Field]() && v.Type().Field(i).Name != "Fields":
			out = append(out, f.Interface().([]*Field)...)
		case f.Kind() == reflect.Struct && v.Type().Field(i).Anonymous:
			out = append(out, namedFields(f)...)
		}
	}
	return out
}

// TestEveryNamedFieldIsDrawn checks that each form draws exactly the fields it names, each
// under a name of its own: a field left out of the list would never be read.
func TestEveryNamedFieldIsDrawn(t *testing.T) {
	for name, f := range everyForm() {
		named := namedFields(reflect.ValueOf(f).Elem())
		drawn := f.Base().Fields
		if len(named) != len(drawn) {
			t.Errorf("%s: names %d fields, draws %d", name, len(named), len(drawn))
		}
		seen := map[string]bool{}
		for _, fl := range drawn {
			if seen[fl.Name] {
				t.Errorf("%s: two fields named %q", name, fl.Name)
			}
			seen[fl.Name] = true
		}
		for _, fl := range named {
			if !seen[fl.Name] {
				t.Errorf("%s: field %q is not drawn", name, fl.Name)
			}
		}
	}
}

// TestValuesParsedOnce checks that Validate parses each value into its field's typed value,
// which Apply uses as it is, and keeps what was typed when it is wrong.
func TestValuesParsedOnce(t *testing.T) {
	r := NewRule("labour-2016", testKinds)
	r.today = "2016-09-25"
	r.Kind.Value, r.Weight.Value, r.Denominator.Value = "clp", "2.5", "646"
	if errs := r.Validate(); len(errs) != 0 {
		t.Fatalf("rule: %v", errs)
	}
	var ck models.ContestKind
	r.Apply(3, &ck)
	if ck.ContestID != 3 || ck.KindID != 2 || ck.Weight != 2.5 || ck.Denominator == nil || *ck.Denominator != 646 || ck.SortOrder != 0 {
		t.Errorf("rule applied as %+v", ck)
	}
	r.Denominator.Value = "-1"
	if got := r.Validate()["denominator"]; got != "This cannot be negative." {
		t.Errorf("negative denominator: %q", got)
	}

	e := NewEndorser("/admin/endorsers", testKinds)
	e.Name.Value, e.Kind.Value, e.Membership.Value, e.ExternalURL.Value = "Unite", "mp", "12x", "javascript:alert(1)"
	errs := e.Validate()
	if errs["membership"] != "Use a whole number, like 646." || errs["external_url"] == "" || len(errs) != 2 {
		t.Errorf("endorser errors %v", errs)
	}
	if e.Membership.Value != "12x" || e.Membership.Int() != nil {
		t.Errorf("membership kept as %q, parsed to %v", e.Membership.Value, e.Membership.Int())
	}

	o := NewOdds(testContest())
	o.today = "2016-09-25"
	o.Candidate.Value, o.Bookmaker.Value, o.QuotedOn.Value, o.Price.Value, o.SourceURL.Value = "owen-smith", "William Hill", "2016-08-22", "9/2", "https://example.org/odds"
	if errs := o.Validate(); len(errs) != 0 {
		t.Fatalf("odds: %v", errs)
	}
	var odds models.Odds
	o.Apply(&odds)
	if odds.CandidateID != 12 || odds.Numerator != 9 || odds.Denominator != 2 || odds.DatePrecision != models.PrecisionDay {
		t.Errorf("odds applied as %+v", odds)
	}

	p := NewPoll(testContest())
	p.today = "2016-09-25"
	p.Pollster.Value, p.FieldworkEnd.Value, p.SourceURL.Value = "YouGov", "2016-08-20", "https://example.org/poll"
	p.Shares[0].Value, p.Shares[1].Value, p.Others.Value = "62", "38", "Don't know: 9"
	if got := p.Validate()["pct_jeremy-corbyn"]; got != "The shares add up to more than 100%." {
		t.Errorf("poll over 100%%: %q", got)
	}
	p.Others.Value = ""
	if errs := p.Validate(); len(errs) != 0 {
		t.Fatalf("poll: %v", errs)
	}
	var poll models.Poll
	p.Apply(&poll)
	if len(poll.Values) != 2 || *poll.Values[1].CandidateID != 12 || poll.Values[1].Percent != 38 {
		t.Errorf("poll values %+v", poll.Values)
	}
}

// TestApplySetsOnlyWhatTheFormHas checks that a form cannot set what it does not show: an
// account's ID and password hash stay as they were.
func TestApplySetsOnlyWhatTheFormHas(t *testing.T) {
	f := NewUser()
	f.Email.Value, f.Role.Value = "Editor@Example.org", models.RoleAdmin
	if errs := f.Validate(); len(errs) != 0 {
		t.Fatal(errs)
	}
	u := models.User{ID: 7, PasswordHash: "hash"}
	f.Apply(&u)
	if u != (models.User{ID: 7, PasswordHash: "hash", Email: "editor@example.org", Role: models.RoleAdmin}) {
		t.Errorf("applied as %+v", u)
	}
}
