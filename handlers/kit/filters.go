package kit

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// DefaultPerPage and MaxPerPage are the default and largest page sizes of the endorsements table and API.
const (
	DefaultPerPage = 50
	MaxPerPage     = 500
)

// EndorsementFilter is the parsed query string of the endorsements table, its exports and the
// API: what the reader asked for (kept for the form and links) and the store query it means.
type EndorsementFilter struct {
	AsOf                                 string // the day the state is computed for; today when not asked
	AsOfGiven                            bool
	Candidates, Kinds, Regions, Statuses []string
	Actions                              []string // endorse, nominate, withdraw
	Q, From, To, Sort                    string
	HideWithdrawn                        bool
	Page, PerPage                        int
	Query                                store.EndorsementQuery
}

// StatusValues are the accepted values of status=: row states and verification states.
var StatusValues = []string{store.StateCurrent, store.StateWithdrawn,
	models.VerificationConfirmed, models.VerificationReported, models.VerificationDisputed}

// ActionValues are the accepted values of action=: what the deciding event did.
var ActionValues = []string{models.ActionNominate, models.ActionEndorse, models.ActionWithdraw}

// queryValues returns every value of a repeatable parameter; "a,b" counts as two and empty
// values (a form's "any") as none.
func queryValues(c *fiber.Ctx, name string) []string {
	var out []string
	for _, raw := range c.Context().QueryArgs().PeekMulti(name) {
		for v := range strings.SplitSeq(string(raw), ",") {
			if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// ParseEndorsementFilter reads and validates the table's query string against the request's contest's
// candidates, the known kinds and the contest's regions. Unknown values are errors, not
// silently empty results, so a mistyped link says what is wrong.
func (k *Kit) ParseEndorsementFilter(c *fiber.Ctx) (*EndorsementFilter, error) {
	r := RequestOf(c)
	contest := r.Contest
	f := &EndorsementFilter{Page: 1, PerPage: DefaultPerPage, AsOf: r.Day.ISO, AsOfGiven: r.Day.Given}
	var err error
	if f.From, err = ParseDay("from", c.Query("from")); err != nil {
		return nil, err
	}
	if f.To, err = ParseDay("to", c.Query("to")); err != nil {
		return nil, err
	}
	if f.From != "" && f.To != "" && f.From > f.To {
		return nil, &ParamError{"from", fmt.Sprintf("%s is after to (%s)", f.From, f.To)}
	}
	q := store.EndorsementQuery{AsOf: f.AsOf, From: f.From, To: f.To}

	f.Candidates = queryValues(c, "candidate")
	for _, slug := range f.Candidates {
		i := slices.IndexFunc(contest.Candidates, func(cd models.Candidate) bool { return cd.Slug == slug })
		if i < 0 {
			return nil, &ParamError{"candidate", fmt.Sprintf("no candidate %q in %s", slug, contest.Slug)}
		}
		q.CandidateIDs = append(q.CandidateIDs, contest.Candidates[i].ID)
	}

	f.Kinds = queryValues(c, "kind")
	if len(f.Kinds) > 0 {
		kinds, err := k.Store.Kinds()
		if err != nil {
			return nil, err
		}
		for _, slug := range f.Kinds {
			i := slices.IndexFunc(kinds, func(k models.Kind) bool { return k.Slug == slug })
			if i < 0 {
				return nil, &ParamError{"kind", fmt.Sprintf("no endorser kind %q", slug)}
			}
			q.KindIDs = append(q.KindIDs, kinds[i].ID)
		}
	}

	f.Regions = queryValues(c, "region")
	if len(f.Regions) > 0 {
		regions, err := k.Store.Regions(contest.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range f.Regions {
			if !slices.Contains(regions, r) {
				return nil, &ParamError{"region", fmt.Sprintf("no endorser in %s has the region %q", contest.Slug, r)}
			}
		}
		q.Regions = f.Regions
	}

	f.Statuses = queryValues(c, "status")
	for _, s := range f.Statuses {
		switch {
		case s == store.StateCurrent || s == store.StateWithdrawn:
			q.States = append(q.States, s)
		case slices.Contains(StatusValues, s):
			q.Verifications = append(q.Verifications, s)
		default:
			return nil, &ParamError{"status", fmt.Sprintf("%q is not one of %s", s, strings.Join(StatusValues, ", "))}
		}
	}

	f.Actions = queryValues(c, "action")
	for _, a := range f.Actions {
		if !slices.Contains(ActionValues, a) {
			return nil, &ParamError{"action", fmt.Sprintf("%q is not one of %s", a, strings.Join(ActionValues, ", "))}
		}
	}
	q.Actions = f.Actions

	if f.HideWithdrawn, err = HideWithdrawn(c); err != nil {
		return nil, err
	}
	q.HideWithdrawnCandidates = f.HideWithdrawn

	f.Q = strings.TrimSpace(c.Query("q"))
	if len(f.Q) > 200 {
		return nil, &ParamError{"q", "the search is longer than 200 characters"}
	}
	q.Search = f.Q

	f.Sort = c.Query("sort")
	if f.Sort != "" && !slices.Contains(store.SortOrders, f.Sort) {
		return nil, &ParamError{"sort", fmt.Sprintf("%q is not one of %s", f.Sort, strings.Join(store.SortOrders, ", "))}
	}
	q.Sort = f.Sort

	if f.Page, err = positiveInt(c, "page", 1, 1<<20); err != nil {
		return nil, err
	}
	if f.PerPage, err = positiveInt(c, "per_page", DefaultPerPage, MaxPerPage); err != nil {
		return nil, err
	}
	q.Limit = f.PerPage
	q.Offset = (f.Page - 1) * f.PerPage
	f.Query = q
	return f, nil
}

// positiveInt reads an optional integer parameter between 1 and most.
func positiveInt(c *fiber.Ctx, param string, fallback, most int) (int, error) {
	v := strings.TrimSpace(c.Query(param))
	if v == "" {
		return fallback, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > most {
		return 0, &ParamError{param, fmt.Sprintf("%q is not a whole number from 1 to %d", v, most)}
	}
	return n, nil
}

// Values encodes the filter back into a query string, leaving defaults out so links stay
// short; set overrides single parameters ("" removes one).
func (f *EndorsementFilter) Values(set map[string]string) url.Values {
	v := url.Values{}
	if f.AsOfGiven {
		v.Set("as_of", f.AsOf)
	}
	for param, list := range map[string][]string{"candidate": f.Candidates, "kind": f.Kinds, "region": f.Regions, "status": f.Statuses, "action": f.Actions} {
		for _, s := range list {
			v.Add(param, s)
		}
	}
	if f.Q != "" {
		v.Set("q", f.Q)
	}
	if f.From != "" {
		v.Set("from", f.From)
	}
	if f.To != "" {
		v.Set("to", f.To)
	}
	if f.HideWithdrawn {
		v.Set("withdrawn", "hide")
	}
	if f.Sort != "" {
		v.Set("sort", f.Sort)
	}
	if f.PerPage != DefaultPerPage {
		v.Set("per_page", strconv.Itoa(f.PerPage))
	}
	if f.Page > 1 {
		v.Set("page", strconv.Itoa(f.Page))
	}
	for k, val := range set {
		if val == "" {
			v.Del(k)
		} else {
			v.Set(k, val)
		}
	}
	return v
}

// TableParams are the query parameters of the endorsements table, its exports and the API's
// endorsements.
var TableParams = []string{"as_of", "candidate", "kind", "region", "status", "action", "q", "from", "to", "withdrawn",
	"sort", "page", "per_page"}

// FilterParams are the parameters that narrow the rows; as_of, sort and paging are not among
// them.
var FilterParams = []string{"candidate", "kind", "region", "status", "action", "q", "from", "to", "withdrawn"}

// Link is path with the filter's query string, changed by set.
func (f *EndorsementFilter) Link(path string, set map[string]string) string {
	if q := f.Values(set).Encode(); q != "" {
		return path + "?" + q
	}
	return path
}

// Pages is the number of pages the total fills (at least one).
func (f *EndorsementFilter) Pages(total int) int {
	return max(1, (total+f.PerPage-1)/f.PerPage)
}

// HideWithdrawn reads withdrawn=show|hide, whether candidates who have withdrawn are left out.
func HideWithdrawn(c *fiber.Ctx) (bool, error) {
	switch w := c.Query("withdrawn"); w {
	case "", "show":
		return false, nil
	case "hide":
		return true, nil
	default:
		return false, &ParamError{Param: "withdrawn", Message: fmt.Sprintf("%q is not show or hide", w)}
	}
}
