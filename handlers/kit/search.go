package kit

import (
	"strings"

	"github.com/backers/backers/internal/names"
	"github.com/backers/backers/store"
)

// MaxSearch is the longest search the site takes, in bytes.
const MaxSearch = 200

// Search finds endorsers, candidates and contests by any part of a name, accents and case
// folded; the search page and the suggestions answer both ask it. The query is folded by the
// slug rule the names' slugs were made with, so "zoe" finds "Zoë" and "O'BRIEN" finds
// "O’Brien".
func (k *Kit) Search(q string, limit int) (*store.SearchResults, error) {
	q = strings.TrimSpace(q)
	if len(q) > MaxSearch {
		return nil, &ParamError{Param: "q", Message: "the search is longer than 200 characters"}
	}
	return k.Store.Search(q, names.Slug(q), limit)
}

// HitURL is the page of a search hit.
func HitURL(h store.SearchHit) string {
	switch h.Type {
	case "candidate":
		return "/c/" + h.ContestSlug + "/candidates/" + h.Slug
	case "contest":
		return "/c/" + h.Slug
	}
	return "/endorsers/" + h.Slug
}
