package store

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/backers/backers/models"
)

// SearchHit is one thing a search found: an endorser, a candidate in a contest, or a contest.
type SearchHit struct {
	Type   string `json:"type"` // "endorser", "candidate" or "contest"
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	Detail string `json:"detail"` // the endorser's kind and region, the candidate's contest
	// ContestSlug is the candidate's contest (for its page's address).
	ContestSlug string `json:"contest,omitempty"`
}

// SearchResults are what a search found, by type.
type SearchResults struct {
	Endorsers, Candidates, Contests []SearchHit
}

// Search finds endorsers, candidates and contests by any part of their name, at most limit
// of each, names starting with it first. key is the query folded by the slug rule (accents
// and case folded, punctuation as hyphens: "Zoë O'B" is "zoe-o-b"); it is matched against
// slugs, which that rule made from the names, so "zoe" finds "Zoë" on any database. text is
// also matched against the names themselves, case folded as the database can, for slugs an
// editor chose by hand.
func (s *Store) Search(text, key string, limit int) (*SearchResults, error) {
	text = strings.ToLower(strings.TrimSpace(text))
	out := &SearchResults{}
	if text == "" && key == "" {
		return out, nil
	}
	like := "%" + likeEscaper.Replace(text) + "%"
	slugLike := "%" + likeEscaper.Replace(key) + "%"
	if key == "" {
		slugLike = like
	}
	prefix := likeEscaper.Replace(text) + "%"
	slugPrefix := likeEscaper.Replace(key) + "%"
	if key == "" {
		slugPrefix = prefix
	}
	args := map[string]any{"like": like, "slug": slugLike, "prefix": prefix, "slugprefix": slugPrefix, "limit": limit}
	// rank puts a name or slug that starts with the query before one that only contains it.
	rank := func(name, slug string) string {
		return `CASE WHEN LOWER(` + name + `) LIKE @prefix ESCAPE '\' OR ` + slug + ` LIKE @slugprefix ESCAPE '\' THEN 0 ELSE 1 END`
	}
	match := func(name, slug string) string {
		return `(LOWER(` + name + `) LIKE @like ESCAPE '\' OR ` + slug + ` LIKE @slug ESCAPE '\')`
	}
	queries := []struct {
		dest *[]SearchHit
		sql  string
	}{
		{&out.Endorsers, `SELECT 'endorser' AS type, en.slug, en.name,
  CASE WHEN en.region <> '' THEN k.name || ', ' || en.region ELSE k.name END AS detail, '' AS contest_slug
FROM endorsers en JOIN kinds k ON k.id = en.kind_id
WHERE ` + match("en.name", "en.slug") + `
ORDER BY ` + rank("en.name", "en.slug") + `, en.name, en.id LIMIT @limit`},
		{&out.Candidates, `SELECT 'candidate' AS type, ca.slug, ca.name, co.title AS detail, co.slug AS contest_slug
FROM candidates ca JOIN contests co ON co.id = ca.contest_id
WHERE ` + match("ca.name", "ca.slug") + `
ORDER BY ` + rank("ca.name", "ca.slug") + `, ca.name, co.opens_on DESC, ca.id LIMIT @limit`},
		{&out.Contests, `SELECT 'contest' AS type, co.slug, co.title AS name, co.party AS detail, '' AS contest_slug
FROM contests co
WHERE ` + match("co.title", "co.slug") + ` OR LOWER(co.party) LIKE @like ESCAPE '\'
ORDER BY ` + rank("co.title", "co.slug") + `, co.opens_on DESC, co.id LIMIT @limit`},
	}
	for _, q := range queries {
		if err := s.db.Raw(q.sql, args).Scan(q.dest).Error; err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
	}
	return out, nil
}

// EndorserIndexQuery selects a page of the index of endorsers. Empty fields do not filter.
type EndorserIndexQuery struct {
	KindIDs       []uint
	Regions       []string
	Limit, Offset int
}

// EndorserListing is one line of the index of endorsers.
type EndorserListing struct {
	Slug, Name, Role, Region string
	KindSlug, KindName       string
	// Contests is how many contests the endorser has events in.
	Contests int
}

// EndorserIndex lists endorsers by name, filtered by kind and region, one page of them, with
// the number of all that match.
func (s *Store) EndorserIndex(q EndorserIndexQuery) ([]EndorserListing, int, error) {
	db := s.db.Table("endorsers en").Joins("JOIN kinds k ON k.id = en.kind_id")
	if len(q.KindIDs) > 0 {
		db = db.Where("en.kind_id IN ?", q.KindIDs)
	}
	if len(q.Regions) > 0 {
		db = db.Where("en.region IN ?", q.Regions)
	}
	// A new session, so the count and the page each start from the same filtered query.
	db = db.Session(&gorm.Session{})
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: endorser index: %w", err)
	}
	var rows []EndorserListing
	err := db.Select(`en.slug, en.name, en.role, en.region, k.slug AS kind_slug, k.name AS kind_name,
  (SELECT COUNT(DISTINCT ev.contest_id) FROM events ev WHERE ev.endorser_id = en.id) AS contests`).
		Order("LOWER(en.name), en.id").Limit(q.Limit).Offset(q.Offset).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("store: endorser index: %w", err)
	}
	return rows, int(total), nil
}

// EndorserRegions lists the distinct regions of all endorsers, for the index's filter.
func (s *Store) EndorserRegions() ([]string, error) {
	var out []string
	err := s.db.Model(&models.Endorser{}).Distinct("region").Where("region <> ''").Order("region").Pluck("region", &out).Error
	if err != nil {
		return nil, fmt.Errorf("store: endorser regions: %w", err)
	}
	return out, nil
}
