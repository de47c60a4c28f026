package public

import (
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/store"
)

// feedEntries is how many of the newest events a feed carries.
const feedEntries = 50

// atomFeed is an Atom 1.0 feed (RFC 4287); encoding/xml does the escaping.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Content    atomText       `xml:"content"`
}

// entryID is an event's permanent Atom id; it never changes, whatever is edited.
func entryID(eventID uint) string { return fmt.Sprintf("tag:backers,2016:event/%d", eventID) }

// GET /c/:contest/feed.atom
func (h *Handler) Feed(c *fiber.Ctx) error {
	contest := kit.RequestOf(c).Contest
	events, err := h.Store.Changes(store.ChangeQuery{ContestID: contest.ID, Order: store.NewestRecorded, Limit: feedEntries})
	if err != nil {
		return err
	}
	base := h.BaseURL(c)
	f := atomFeed{
		ID:    "tag:backers,2016:contest/" + contest.Slug,
		Title: contest.Title + ": endorsements, switches and withdrawals",
		Links: []atomLink{
			{Href: base + "/c/" + contest.Slug + "/feed.atom", Rel: "self", Type: "application/atom+xml"},
			{Href: base + "/c/" + contest.Slug + "/endorsements", Rel: "alternate", Type: "text/html"},
		},
		Author: atomPerson{Name: "backers"},
	}
	var updated time.Time
	for _, e := range events {
		at := e.RecordedAt.UTC()
		if at.After(updated) {
			updated = at
		}
		var content strings.Builder
		about := e.KindName
		if e.Region != "" {
			about += ", " + e.Region
		}
		fmt.Fprintf(&content, "%s (%s) %s on %s.", e.EndorserName, about, kit.Sentence(e), kit.Dated(e.EffectiveOn, e.DatePrecision))
		if e.Quote != "" {
			fmt.Fprintf(&content, "\n\n“%s”", e.Quote)
		}
		if e.SourceURL != "" {
			fmt.Fprintf(&content, "\n\nSource: %s %s", e.SourceTitle, e.SourceURL)
		} else {
			content.WriteString("\n\nUnsourced.")
		}
		entry := atomEntry{
			ID:         entryID(e.EventID),
			Title:      e.EndorserName + " " + kit.Sentence(e),
			Updated:    at.Format(time.RFC3339),
			Published:  at.Format(time.RFC3339),
			Links:      []atomLink{{Href: base + "/endorsers/" + e.EndorserSlug, Rel: "alternate", Type: "text/html"}},
			Categories: []atomCategory{{Term: e.Change}, {Term: e.KindSlug}},
			Content:    atomText{Type: "text", Body: content.String()},
		}
		if e.SourceURL != "" {
			entry.Links = append(entry.Links, atomLink{Href: e.SourceURL, Rel: "related"})
		}
		f.Entries = append(f.Entries, entry)
	}
	if updated.IsZero() {
		updated = h.Now().UTC()
	}
	f.Updated = updated.Format(time.RFC3339)
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/atom+xml; charset=utf-8")
	return c.Send(append([]byte(xml.Header), out...))
}
