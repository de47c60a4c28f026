package public

import (
	"net/url"
	"time"

	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// timeline is the dashboard's date control: a GET form with a date input that works without
// script, and the range of days a slider (static/timeline.js) moves over, with the contest's
// key dates, its milestones and the steps of its own timetable, marked at their offsets.
type timeline struct {
	Action        string // the dashboard's path
	Min, Max      string // ISO days the control spans
	Value         string // the day shown
	Given         bool   // as_of was asked for
	Days, Offset  int    // the span in days, and the shown day's offset in it
	Marks         []timelineMark
	HideWithdrawn bool
}

// timelineMark is a key date on the control, linked so it works without script too.
type timelineMark struct {
	kit.KeyDate
	Offset  int
	URL     string
	Current bool
}

// newTimeline spans a contest from the earliest of its milestones (marks, in date order) and
// its record (the first and last days of its events and reported tallies) to the latest, or to
// today while the contest runs (no result yet), so that every event and tally has a day on the
// slider: 2020's first events are of 1 Jan, before any day of its timetable. A contest with no
// dates gets the date input alone (Days 0).
func newTimeline(path string, c *models.Contest, marks []kit.KeyDate, record store.RecordDays, asOf, today string, hideWithdrawn bool) *timeline {
	t := &timeline{Action: path, Value: asOf, Given: asOf != "", HideWithdrawn: hideWithdrawn}
	if t.Value == "" {
		t.Value = today
	}
	t.Min, t.Max = record.First, record.Last
	for _, m := range marks {
		if t.Min == "" || m.Day < t.Min {
			t.Min = m.Day
		}
		t.Max = max(t.Max, m.Day)
	}
	if t.Min == "" {
		return t
	}
	if c.ResultOn == "" && today > t.Max {
		t.Max = today
	}
	start, err1 := time.Parse(time.DateOnly, t.Min)
	end, err2 := time.Parse(time.DateOnly, t.Max)
	if err1 != nil || err2 != nil || !end.After(start) {
		t.Min, t.Max = "", ""
		return t
	}
	t.Days = int(end.Sub(start).Hours() / 24)
	offset := func(day string) int {
		d, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return 0
		}
		return min(max(int(d.Sub(start).Hours()/24), 0), t.Days)
	}
	t.Offset = offset(t.Value)
	for _, m := range marks {
		o := offset(m.Day)
		q := url.Values{"as_of": {m.Day}}
		if hideWithdrawn {
			q.Set("withdrawn", "hide")
		}
		t.Marks = append(t.Marks, timelineMark{KeyDate: m, Offset: o, URL: path + "?" + q.Encode(), Current: m.Day == t.Value})
	}
	return t
}
