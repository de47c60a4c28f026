package kit

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// Day is the day a request asks about. It always has a date: the one as_of gives, or today.
// "All the data" is not a third meaning: it is the state as of the last day, today.
type Day struct {
	ISO   string // "2016-08-15"
	Given bool   // as_of named it; links and charts carry it on only then
}

// Query is the day as links carry it: the as_of value when one was given, else "".
func (d Day) Query() string {
	if d.Given {
		return d.ISO
	}
	return ""
}

// ParseDay reads an ISO calendar day ("2016-08-15") from parameter param; "" is no day.
func ParseDay(param, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	if t, err := time.Parse("2006-01-02", v); err != nil || t.Format("2006-01-02") != v {
		return "", &ParamError{Param: param, Message: fmt.Sprintf("%q is not a date in the form YYYY-MM-DD, like 2016-08-15", v)}
	}
	return v, nil
}

// DayOf reads an as_of value: the day it names, or today when it is empty.
func (k *Kit) DayOf(asOf string) (Day, error) {
	day, err := ParseDay("as_of", asOf)
	if err != nil || day == "" {
		return Day{ISO: k.Today()}, err
	}
	return Day{ISO: day, Given: true}, nil
}

// Request is what the request context middleware reads once per request, before any handler:
// the contest the path names (its candidates' statuses as of the day) and the day.
type Request struct {
	Contest *models.Contest // nil on routes without :contest
	Day     Day
}

const requestLocal = "kit.request"

// RequestOf is the request's context, as the middleware left it; a route registered without
// the middleware gets today and no contest.
func RequestOf(c *fiber.Ctx) *Request {
	if r, ok := c.Locals(requestLocal).(*Request); ok {
		return r
	}
	return &Request{}
}

// trackingParam reports whether a query parameter is one that links pick up on their way
// (utm_source, fbclid): no page reads them, and they are no reason to refuse a page.
func trackingParam(name string) bool {
	return strings.HasPrefix(name, "utm_") || name == "fbclid" || name == "gclid"
}

// TrackingParam reports whether a query parameter is only a link's tracking, which the cache
// leaves out of its key.
func TrackingParam(name []byte) bool { return trackingParam(string(name)) }

// Context is the request context middleware of a route that reads the query parameters
// params: a parameter it does not read is a 400 naming it and those it reads; as_of, when it
// is one of them, is parsed once into the day; the contest of :contest is loaded once, with
// its candidates' statuses as of that day.
func (k *Kit) Context(params ...string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var unknown string
		for key := range c.Context().QueryArgs().All() {
			if name := string(key); unknown == "" && !slices.Contains(params, name) && !trackingParam(name) {
				unknown = name
			}
		}
		if unknown != "" {
			allowed := "none"
			if len(params) > 0 {
				allowed = strings.Join(params, ", ")
			}
			return &ParamError{Param: unknown, Message: fmt.Sprintf("%q is not a parameter here; this address takes %s", unknown, allowed)}
		}
		r := &Request{Day: Day{ISO: k.Today()}}
		if slices.Contains(params, "as_of") {
			day, err := k.DayOf(c.Query("as_of"))
			if err != nil {
				return err
			}
			r.Day = day
		}
		if slug := c.Params("contest"); slug != "" {
			contest, err := k.Store.Contest(slug)
			if err != nil {
				return NotFoundAs(err, "contest", slug)
			}
			r.Contest = AsOf(contest, r.Day.ISO)
		}
		c.Locals(requestLocal, r)
		return c.Next()
	}
}

// AsOf is a copy of contest whose candidates have the statuses they had on day, so that no
// page, embed, export or answer calls a candidate the winner before the result.
func AsOf(contest *models.Contest, day string) *models.Contest {
	ct := *contest
	ct.Candidates = slices.Clone(contest.Candidates)
	for i := range ct.Candidates {
		ct.Candidates[i].Status = ct.Candidates[i].StatusOn(contest, day)
	}
	return &ct
}

// AsOfRows gives rows of the contest's endorsements their candidates' statuses as of the
// request's day; the store's rows carry the statuses of today.
func (r *Request) AsOfRows(rows []store.EndorsementRow) { rowsAsOf(r.Contest, rows) }

// rowsAsOf gives rows the statuses of contest's candidates (a contest made by asOf).
func rowsAsOf(contest *models.Contest, rows []store.EndorsementRow) {
	if contest == nil {
		return
	}
	for i := range rows {
		if j := slices.IndexFunc(contest.Candidates, func(cd models.Candidate) bool { return cd.Slug == rows[i].CandidateSlug }); j >= 0 {
			rows[i].CandidateStatus = contest.Candidates[j].Status
		}
	}
}

// Use makes contest the request's, its candidates' statuses as of the day, for a route whose
// contest is not in the path (the home page's featured contest).
func (r *Request) Use(contest *models.Contest) *models.Contest {
	r.Contest = AsOf(contest, r.Day.ISO)
	return r.Contest
}
