package public

import (
	"github.com/backers/backers/models"
)

// contestFacts are the dated facts a dashboard lists beside its charts, each with its source:
// the timetable, who could vote, party membership (verified or not), and the figures the
// sources disagree on, with the figure used and the other; as of the dashboard's day, those
// dated on or before it.
type contestFacts struct {
	AsOf           string // the day the figures are as of; "" for all the data
	KeyDates       []models.KeyDate
	Electorate     []models.Figure
	Membership     []models.Figure
	Declared       []models.Figure // declared backers counted before nominations: not nominations
	TallyDisputes  []models.ReportedTally
	FigureDisputes []models.Figure
	// RuleDisputes and ThresholdDisputes are the contest's rules and thresholds another source
	// gives other figures for (648 or 647 CLPs; 51 or 50 MPs and MEPs).
	RuleDisputes      []models.ContestKind
	ThresholdDisputes []models.Threshold
	// Candidates names a figure's candidate by ID (figures carry only the ID).
	Candidates map[uint]string
}

// CandidateName names a figure's candidate, "" for none.
func (f *contestFacts) CandidateName(id *uint) string {
	if id == nil {
		return ""
	}
	return f.Candidates[*id]
}

// Any reports whether there is anything to list.
func (f *contestFacts) Any() bool {
	return len(f.KeyDates)+len(f.Electorate)+len(f.Membership)+len(f.Declared)+f.Disputes() > 0
}

// Disputes counts the figures the sources disagree on.
func (f *contestFacts) Disputes() int {
	return len(f.TallyDisputes) + len(f.FigureDisputes) + len(f.RuleDisputes) + len(f.ThresholdDisputes)
}

// contestFacts gathers a dashboard's facts as of a day ("" for all the data): the figures and
// tallies dated after it are left out, as the rest of the page leaves them out, while the
// timetable (loaded once for the date control too) is listed whole, as the control marks it.
func (h *Handler) contestFacts(c *models.Contest, timetable []models.KeyDate, asOf string) (*contestFacts, error) {
	f := &contestFacts{KeyDates: timetable, AsOf: asOf, Candidates: map[uint]string{}}
	for _, cd := range c.Candidates {
		f.Candidates[cd.ID] = cd.Name
	}
	for _, ck := range c.Kinds {
		if ck.Disputed() {
			f.RuleDisputes = append(f.RuleDisputes, ck)
		}
	}
	for _, th := range c.Thresholds {
		if th.Disputed() {
			f.ThresholdDisputes = append(f.ThresholdDisputes, th)
		}
	}
	var err error
	if f.Electorate, err = h.Store.FiguresAsOf(c.ID, "electorate", asOf); err != nil {
		return nil, err
	}
	if f.Membership, err = h.Store.FiguresAsOf(c.ID, "membership", asOf); err != nil {
		return nil, err
	}
	if f.Declared, err = h.Store.FiguresAsOf(c.ID, "declared-backers", asOf); err != nil {
		return nil, err
	}
	if f.TallyDisputes, err = h.Store.DisputedTallies(c.ID, asOf); err != nil {
		return nil, err
	}
	if f.FigureDisputes, err = h.Store.DisputedFigures(c.ID, asOf); err != nil {
		return nil, err
	}
	return f, nil
}
