package public

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// endorsersPerPage is the size of a page of the index of endorsers.
const endorsersPerPage = 100

// searchShown is how many of each type the search page lists.
const searchShown = 50

// GET /endorsers?kind=&region=&page=
func (h *Handler) Endorsers(c *fiber.Ctx) error {
	kinds, err := h.Store.Kinds()
	if err != nil {
		return err
	}
	regions, err := h.Store.EndorserRegions()
	if err != nil {
		return err
	}
	var q store.EndorserIndexQuery
	kind, region := c.Query("kind"), c.Query("region")
	if kind != "" {
		i := slices.IndexFunc(kinds, func(k models.Kind) bool { return k.Slug == kind })
		if i < 0 {
			return &kit.ParamError{Param: "kind", Message: fmt.Sprintf("no endorser kind %q", kind)}
		}
		q.KindIDs = []uint{kinds[i].ID}
	}
	if region != "" {
		if !slices.Contains(regions, region) {
			return &kit.ParamError{Param: "region", Message: fmt.Sprintf("no endorser has the region %q", region)}
		}
		q.Regions = []string{region}
	}
	page := 1
	if p := c.Query("page"); p != "" {
		if page, err = strconv.Atoi(p); err != nil || page < 1 || page > 1<<20 {
			return &kit.ParamError{Param: "page", Message: fmt.Sprintf("%q is not a whole number from 1", p)}
		}
	}
	q.Limit, q.Offset = endorsersPerPage, (page-1)*endorsersPerPage
	rows, total, err := h.Store.EndorserIndex(q)
	if err != nil {
		return err
	}
	pages := max(1, (total+endorsersPerPage-1)/endorsersPerPage)
	link := func(n int) string {
		v := url.Values{}
		if kind != "" {
			v.Set("kind", kind)
		}
		if region != "" {
			v.Set("region", region)
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return "/endorsers"
		}
		return "/endorsers?" + v.Encode()
	}
	var kindOpts, regionOpts []option
	for _, k := range kinds {
		kindOpts = append(kindOpts, option{k.Slug, k.Plural, k.Slug == kind})
	}
	for _, r := range regions {
		regionOpts = append(regionOpts, option{r, r, r == region})
	}
	data := fiber.Map{
		"Title": "Endorsers", "Rows": rows, "Total": total, "Page": page, "Pages": pages,
		"Kinds": kindOpts, "Regions": regionOpts, "Kind": kind, "Region": region,
		"First": q.Offset + 1, "Last": q.Offset + len(rows),
	}
	if page > 1 {
		data["PrevURL"] = link(page - 1)
	}
	if page < pages {
		data["NextURL"] = link(page + 1)
	}
	return c.Render("endorsers", data)
}

// searchSection is one type of thing the search page lists, each hit with its page.
type searchSection struct {
	Title string
	Hits  []searchLink
}

type searchLink struct {
	store.SearchHit
	URL string
}

// GET /search?q=
func (h *Handler) Search(c *fiber.Ctx) error {
	q := c.Query("q")
	res, err := h.Kit.Search(q, searchShown)
	if err != nil {
		return err
	}
	var sections []searchSection
	found := 0
	for _, s := range []struct {
		title string
		hits  []store.SearchHit
	}{{"Endorsers", res.Endorsers}, {"Candidates", res.Candidates}, {"Contests", res.Contests}} {
		sec := searchSection{Title: s.title}
		for _, hit := range s.hits {
			sec.Hits = append(sec.Hits, searchLink{SearchHit: hit, URL: kit.HitURL(hit)})
		}
		found += len(sec.Hits)
		sections = append(sections, sec)
	}
	title := "Search"
	if q != "" {
		title = "Search: " + q
	}
	return c.Render("search", fiber.Map{"Title": title, "Q": q, "Sections": sections, "Found": found, "Shown": searchShown})
}
