package public

import (
	"net/url"
	"time"

	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/models"
)

// timeline is the dashboard's date control: a GET form with a date input that works without
// script, and the range of days a slider (static/timeline.js) moves over, with the contest's
// key dates marked at their offsets.
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

// newTimeline spans a contest from its first key date to its result (or today, while it
// runs); a contest without dates gets the date input alone (Days 0).
func newTimeline(path string, c *models.Contest, asOf, today string, hideWithdrawn bool) *timeline {
	t := &timeline{Action: path, Value: asOf, Given: asOf != "", HideWithdrawn: hideWithdrawn}
	if t.Value == "" {
		t.Value = today
	}
	marks := kit.KeyDates(c)
	if len(marks) == 0 {
		return t
	}
	t.Min, t.Max = marks[0].Day, marks[len(marks)-1].Day
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
