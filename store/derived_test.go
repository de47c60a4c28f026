package store_test

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/backers/backers/importer"
	"github.com/backers/backers/internal/names"
	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/models"
	"github.com/backers/backers/scripts/loadgen"
	"github.com/backers/backers/store"
)

// The derived tables (support spans, daily deltas) are kept by every write. These tests apply
// random sequences of every kind of write and check after each one that the tables equal a
// rebuild from the log, and that the totals read from them equal a plain reading of the log by
// the as-of rules, written below in Go without SQL.

// asOfModel is the as-of rules of DESIGN.md applied to a contest's log in Go: each endorser's
// events on or before the day, in date order, withdrawals before endorsements on one day, then
// as recorded; an endorse or nominate makes the endorser back its candidate, a withdraw of
// that candidate makes it back no one.
type asOfModel struct {
	events  []models.Event      // the contest's live events
	weights map[uint]float64    // kind -> weight in the contest's rules
	kinds   map[uint]uint       // endorser -> kind
	byKind  map[uint]string     // kind -> slug
	names   map[uint]string     // candidate -> slug, for messages
	cands   []*models.Candidate // the contest's candidates
	who     map[uint]string     // endorser -> name
}

// standing is an endorser's position on a day in the model: the deciding event.
type standing struct {
	event     models.Event
	candidate uint
	points    float64
}

// applied is each endorser's events on or before the day, in the order they apply.
func (m *asOfModel) applied(day string) map[uint][]models.Event {
	byEndorser := map[uint][]models.Event{}
	for _, e := range m.events {
		if day == "" || e.EffectiveOn <= day {
			byEndorser[e.EndorserID] = append(byEndorser[e.EndorserID], e)
		}
	}
	for _, es := range byEndorser {
		slices.SortStableFunc(es, func(a, b models.Event) int {
			if a.EffectiveOn != b.EffectiveOn {
				return strings.Compare(a.EffectiveOn, b.EffectiveOn)
			}
			aw, bw := a.Action == models.ActionWithdraw, b.Action == models.ActionWithdraw
			if aw != bw {
				if aw {
					return -1
				}
				return 1
			}
			return int(a.ID) - int(b.ID)
		})
	}
	return byEndorser
}

// withdrawn is the withdrawn rows on a day in the model: endorsers whose last applied event is
// a withdraw and who back no one, each with that withdraw.
func (m *asOfModel) withdrawn(day string) map[uint]models.Event {
	backing := m.positions(day)
	out := map[uint]models.Event{}
	for who, es := range m.applied(day) {
		last := es[len(es)-1]
		if _, ok := backing[who]; !ok && last.Action == models.ActionWithdraw {
			out[who] = last
		}
	}
	return out
}

func (m *asOfModel) positions(day string) map[uint]standing {
	out := map[uint]standing{}
	for who, es := range m.applied(day) {
		var cur *standing
		for _, e := range es {
			switch {
			case e.Positive():
				p := 1.0
				if w, ok := m.weights[m.kinds[who]]; ok {
					p = w
				}
				if e.Points != nil {
					p = *e.Points
				}
				cur = &standing{event: e, candidate: e.CandidateID, points: p}
			case cur != nil && cur.candidate == e.CandidateID:
				cur = nil
			}
		}
		if cur != nil {
			out[who] = *cur
		}
	}
	return out
}

// total is a candidate's support from one kind in the model.
type total struct {
	count  int
	points float64
}

type totalKey struct{ candidate, kind uint }

func (m *asOfModel) totals(day string) map[totalKey]total {
	out := map[totalKey]total{}
	for who, p := range m.positions(day) {
		k := totalKey{p.candidate, m.kinds[who]}
		t := out[k]
		out[k] = total{t.count + 1, t.points + p.points}
	}
	return out
}

// derivedWorld is a contest under random writes.
type derivedWorld struct {
	t         *testing.T
	rng       *rand.Rand
	st        *store.Store
	ed        *store.Editor
	contest   *models.Contest
	cands     []*models.Candidate
	kinds     []*models.Kind // clp and mp count by the rules; union is added by writes
	endorsers []*models.Endorser
	days      []string
	imports   int
}

func newDerivedWorld(t *testing.T, seed uint64, st *store.Store) *derivedWorld {
	w := &derivedWorld{t: t, rng: rand.New(rand.NewPCG(seed, 10)), st: st,
		ed: st.As(store.Actor{UserID: 7, Email: "ed@example.org"})}
	for _, k := range []models.Kind{{Slug: "clp", Name: "CLP", Plural: "CLPs", IsOrg: true},
		{Slug: "mp", Name: "MP", Plural: "MPs"}, {Slug: "union", Name: "Union", Plural: "Unions", IsOrg: true}} {
		kind, _, err := st.EnsureKind(k)
		if err != nil {
			t.Fatal(err)
		}
		w.kinds = append(w.kinds, kind)
	}
	w.contest = &models.Contest{Slug: "prop", Title: "Property contest", Kinds: []models.ContestKind{
		{KindID: w.kinds[0].ID, Weight: 2}, {KindID: w.kinds[1].ID, Weight: 1.5}}}
	if err := st.CreateContest(w.contest); err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"ann", "bea", "cal"} {
		c := &models.Candidate{ContestID: w.contest.ID, Slug: slug, Name: "Candidate " + slug}
		if slug == "cal" { // the table can hide her rows
			c.Status, c.WithdrawnOn = models.CandidateWithdrawn, "2016-07-05"
		}
		if err := st.CreateCandidate(c); err != nil {
			t.Fatal(err)
		}
		w.cands = append(w.cands, c)
	}
	for i := range 6 {
		e := &models.Endorser{Slug: fmt.Sprintf("e%d", i), Name: fmt.Sprintf("Endorser %d", i), KindID: w.kinds[i%3].ID, Region: w.region()}
		if err := st.CreateEndorser(e); err != nil {
			t.Fatal(err)
		}
		w.endorsers = append(w.endorsers, e)
	}
	for d := 1; d <= 10; d++ {
		w.days = append(w.days, fmt.Sprintf("2016-07-%02d", d))
	}
	return w
}

func (w *derivedWorld) day() string                  { return w.days[w.rng.IntN(len(w.days))] }
func (w *derivedWorld) region() string               { return []string{"", "North", "south", "NORTH"}[w.rng.IntN(4)] }
func (w *derivedWorld) candidate() *models.Candidate { return w.cands[w.rng.IntN(len(w.cands))] }
func (w *derivedWorld) endorser() *models.Endorser   { return w.endorsers[w.rng.IntN(len(w.endorsers))] }

func (w *derivedWorld) event(who *models.Endorser, cand *models.Candidate, action, day string) *models.Event {
	e := &models.Event{ContestID: w.contest.ID, EndorserID: who.ID, CandidateID: cand.ID, Action: action,
		EffectiveOn: day, SourceURL: "https://example.org/" + day, Verification: models.VerificationReported}
	if action != models.ActionWithdraw && w.rng.IntN(5) == 0 {
		p := float64(w.rng.IntN(7)) / 2
		e.Points = &p
	}
	return e
}

func (w *derivedWorld) positive() string {
	if w.rng.IntN(2) == 0 {
		return models.ActionNominate
	}
	return models.ActionEndorse
}

// liveEvents are the contest's events that are not retracted, oldest first.
func (w *derivedWorld) liveEvents() []models.Event {
	es, err := w.st.ContestEvents(w.contest.ID, 0, 100000)
	if err != nil {
		w.t.Fatal(err)
	}
	var live []models.Event
	for _, e := range es {
		if e.RetractedAt == nil {
			live = append(live, e)
		}
	}
	slices.SortFunc(live, func(a, b models.Event) int { return int(a.ID) - int(b.ID) })
	return live
}

// ok fails the test on an error other than the store's refusal of a duplicate.
func (w *derivedWorld) ok(what string, err error) {
	w.t.Helper()
	if err != nil && !errors.Is(err, store.ErrDuplicate) {
		w.t.Fatalf("%s: %v", what, err)
	}
}

// step makes one random write and says what it was.
func (w *derivedWorld) step() string {
	switch w.rng.IntN(11) {
	case 0, 1:
		e := w.event(w.endorser(), w.candidate(), w.positive(), w.day())
		w.ok("add", w.ed.AddEvent(e))
		return "add " + e.Action
	case 2:
		e := w.event(w.endorser(), w.candidate(), models.ActionWithdraw, w.day())
		w.ok("withdraw", w.ed.AddEvent(e))
		return "withdraw"
	case 3:
		e := w.event(w.endorser(), w.candidate(), w.positive(), w.day())
		w.ok("switch", w.ed.SwitchEvent(e))
		return "switch"
	case 4:
		// A switch recorded as a withdraw and an endorsement on one day, in either order.
		who, day := w.endorser(), w.day()
		from, to := w.candidate(), w.candidate()
		first, second := w.event(who, from, models.ActionWithdraw, day), w.event(who, to, w.positive(), day)
		if w.rng.IntN(2) == 0 {
			first, second = second, first
		}
		w.ok("same-day", w.ed.AddEvent(first))
		w.ok("same-day", w.ed.AddEvent(second))
		return "same-day withdraw and endorse"
	case 5:
		live := w.liveEvents()
		if len(live) == 0 {
			return "nothing to retract"
		}
		w.ok("retract", w.ed.RetractEvent(live[w.rng.IntN(len(live))].ID, "wrong"))
		return "retract"
	case 6, 7:
		return w.correct()
	case 8:
		ck := models.ContestKind{ContestID: w.contest.ID, KindID: w.kinds[w.rng.IntN(3)].ID,
			Weight: float64(1+w.rng.IntN(8)) / 2}
		w.ok("weight", w.ed.SaveContestKind(&ck))
		return fmt.Sprintf("weight %g", ck.Weight)
	case 9:
		return w.importRows()
	default:
		if w.rng.IntN(2) == 0 {
			n := &models.Endorser{Name: fmt.Sprintf("Quick %d", len(w.endorsers)), KindID: w.kinds[w.rng.IntN(3)].ID}
			e := w.event(n, w.candidate(), w.positive(), w.day())
			w.ok("quick add", w.ed.QuickAdd(n, e))
			w.endorsers = append(w.endorsers, n)
			return "quick add with a new endorser"
		}
		e := w.event(w.endorser(), w.candidate(), w.positive(), w.day())
		w.ok("create", w.st.CreateEvent(e))
		return "create event (as the seed does)"
	}
}

// correct edits one field of a random live event, or its endorser's kind or name.
func (w *derivedWorld) correct() string {
	live := w.liveEvents()
	if len(live) == 0 {
		return "nothing to correct"
	}
	e := live[w.rng.IntN(len(live))]
	e.Endorser, e.Candidate, e.Contest = models.Endorser{}, models.Candidate{}, models.Contest{}
	var what string
	switch w.rng.IntN(8) {
	case 0:
		e.EffectiveOn, what = w.day(), "date"
	case 6:
		e.Verification, what = []string{models.VerificationConfirmed, models.VerificationReported, models.VerificationDisputed}[w.rng.IntN(3)], "verification"
	case 1:
		e.CandidateID, what = w.candidate().ID, "candidate"
	case 2:
		e.EndorserID, what = w.endorser().ID, "endorser"
	case 3:
		if e.Points != nil {
			e.Points, what = nil, "points removed"
		} else {
			p := float64(w.rng.IntN(9)) / 4
			e.Points, what = &p, "points"
		}
	case 4:
		e.Action, what = []string{models.ActionEndorse, models.ActionNominate, models.ActionWithdraw}[w.rng.IntN(3)], "action"
	case 5:
		en := w.endorsers[w.rng.IntN(len(w.endorsers))]
		en.Kind = models.Kind{}
		en.KindID = w.kinds[w.rng.IntN(3)].ID
		w.ok("kind", w.ed.UpdateEndorser(en))
		return "correct an endorser's kind"
	default:
		// A new name moves the endorser into or out of the table's searches ("DORSER 1"), and a
		// new region to another place in the table sorted by region.
		en := w.endorsers[w.rng.IntN(len(w.endorsers))]
		en.Kind = models.Kind{}
		en.Name = fmt.Sprintf("%s %d", []string{"Endorser", "Someone"}[w.rng.IntN(2)], w.rng.IntN(20))
		en.Region = w.region()
		w.ok("rename", w.ed.UpdateEndorser(en))
		return "rename an endorser"
	}
	w.ok("correct", w.ed.UpdateEvent(&e))
	return "correct an event's " + what
}

// importRows imports a few rows through the CSV importer, some naming new endorsers.
func (w *derivedWorld) importRows() string {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"contest", "candidate", "endorser", "kind", "action", "date", "points", "source_url"})
	n := 1 + w.rng.IntN(6)
	for range n {
		name := w.endorser().Name
		if w.rng.IntN(3) == 0 {
			w.imports++
			name = fmt.Sprintf("Imported %d", w.imports)
		}
		points := ""
		if w.rng.IntN(4) == 0 {
			points = strconv.Itoa(w.rng.IntN(4))
		}
		action := []string{"endorse", "nominate", "withdraw"}[w.rng.IntN(3)]
		cw.Write([]string{w.contest.Slug, w.candidate().Name, name, w.kinds[w.rng.IntN(3)].Slug, action, w.day(), points, "https://example.org/import"})
	}
	cw.Flush()
	plan, err := importer.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		w.t.Fatalf("import: %v", err)
	}
	if _, err := importer.Apply(w.st, plan, importer.Options{}); err != nil {
		w.t.Fatalf("import: %v", err)
	}
	// The import may have made endorsers; they take part in later writes.
	for i := 1; i <= w.imports; i++ {
		slugName := fmt.Sprintf("Imported %d", i)
		if slices.ContainsFunc(w.endorsers, func(e *models.Endorser) bool { return e.Name == slugName }) {
			continue
		}
		if e, err := w.st.EndorserByName(slugName); err == nil {
			w.endorsers = append(w.endorsers, e)
		}
	}
	return fmt.Sprintf("import %d rows", n)
}

// model reads the log back and builds the Go model of it.
func (w *derivedWorld) model() *asOfModel {
	c, err := w.st.Contest(w.contest.Slug)
	if err != nil {
		w.t.Fatal(err)
	}
	m := &asOfModel{events: w.liveEvents(), weights: map[uint]float64{}, kinds: map[uint]uint{},
		byKind: map[uint]string{}, names: map[uint]string{}, cands: w.cands, who: map[uint]string{}}
	for _, ck := range c.Kinds {
		m.weights[ck.KindID] = ck.Weight
	}
	for _, k := range w.kinds {
		m.byKind[k.ID] = k.Slug
	}
	for _, cd := range w.cands {
		m.names[cd.ID] = cd.Slug
	}
	for _, e := range w.endorsers {
		got, err := w.st.Endorser(e.Slug)
		if err != nil {
			w.t.Fatal(err)
		}
		m.kinds[got.ID] = got.KindID
		m.who[got.ID] = got.Name
	}
	return m
}

// verify checks the derived tables against a rebuild and the reads against the model.
func (w *derivedWorld) verify(after string) {
	w.t.Helper()
	diffs, err := w.st.CheckDerived()
	if err != nil {
		w.t.Fatal(err)
	}
	if len(diffs) > 0 {
		w.t.Fatalf("after %s the derived tables differ from a rebuild: %+v", after, diffs)
	}
	m := w.model()
	days := []string{"", w.day(), w.day(), "2016-06-30", "2016-07-10"}
	// The table under every filter, by every plan, is checked on one of the days, at random:
	// on all five it was nine tenths of the store's test time (its statements, not its rows),
	// and the steps and seeds cover every day many times.
	filteredOn := w.rng.IntN(len(days))
	for i, day := range days {
		want := m.totals(day)
		rows, err := w.st.SupportAsOf(w.contest.ID, day, store.SupportFilter{})
		if err != nil {
			w.t.Fatal(err)
		}
		got := map[totalKey]total{}
		for _, r := range rows {
			got[totalKey{r.CandidateID, r.KindID}] = total{r.Count, r.Points}
		}
		if !sameTotals(got, want) {
			w.t.Fatalf("after %s, support as of %q:\n got %v\nwant %v", after, day, got, want)
		}
		wantPos := m.positions(day)
		pos, err := w.st.Positions(w.contest.ID, day, store.SupportFilter{})
		if err != nil {
			w.t.Fatal(err)
		}
		if len(pos) != len(wantPos) {
			w.t.Fatalf("after %s, positions as of %q: got %d, want %d", after, day, len(pos), len(wantPos))
		}
		for _, p := range pos {
			if wp, ok := wantPos[p.EndorserID]; !ok || wp.event.ID != p.EventID || math.Abs(wp.points-p.Points) > 1e-9 {
				w.t.Fatalf("after %s, position of endorser %d as of %q: got event %d (%g points), want %+v", after, p.EndorserID, day, p.EventID, p.Points, wp)
			}
		}
		w.verifyTable(after, day, wantPos, m.who)
		if i == filteredOn {
			w.verifyFilteredTable(after, day, m)
		}
		w.verifyLatestChanges(after, day)
		w.verifyCandidateMoves(after, day)
		nominations := map[uint]int{}
		for _, s := range wantPos {
			if s.event.Action == models.ActionNominate {
				nominations[s.candidate]++
			}
		}
		noms, err := w.st.NominationsAsOf(w.contest.ID, nil, day)
		if err != nil {
			w.t.Fatal(err)
		}
		for _, n := range noms {
			if n.Count != nominations[n.CandidateID] {
				w.t.Fatalf("after %s, nominations of %s as of %q: got %d, want %d", after, m.names[n.CandidateID], day, n.Count, nominations[n.CandidateID])
			}
			delete(nominations, n.CandidateID)
		}
		for cand, n := range nominations {
			if n != 0 {
				w.t.Fatalf("after %s, nominations of %s as of %q: missing, want %d", after, m.names[cand], day, n)
			}
		}
	}
	// Each point of the series is the candidate's total on its day.
	series, _, err := w.st.SupportOverTime(w.contest.ID, "", store.SupportFilter{})
	if err != nil {
		w.t.Fatal(err)
	}
	for _, p := range series {
		var want total
		for k, t := range m.totals(p.Day) {
			if k.candidate == p.CandidateID {
				want = total{want.count + t.count, want.points + t.points}
			}
		}
		if p.Count != want.count || math.Abs(p.Points-want.points) > 1e-6 {
			w.t.Fatalf("after %s, series of %s on %s: got %d (%g), want %d (%g)", after, m.names[p.CandidateID], p.Day, p.Count, p.Points, want.count, want.points)
		}
	}
}

// verifyTable checks the who-backs-whom table's first page and counts, unfiltered and for one
// candidate, against the model's positions newest first.
func (w *derivedWorld) verifyTable(after, day string, positions map[uint]standing, who map[uint]string) {
	w.t.Helper()
	for _, only := range []*models.Candidate{nil, w.cands[0]} {
		var want []standing
		for _, p := range positions {
			if only == nil || p.candidate == only.ID {
				want = append(want, p)
			}
		}
		slices.SortFunc(want, func(a, b standing) int {
			if c := strings.Compare(b.event.EffectiveOn, a.event.EffectiveOn); c != 0 {
				return c
			}
			return int(b.event.ID) - int(a.event.ID)
		})
		q := store.EndorsementQuery{AsOf: day, Limit: 3}
		if only != nil {
			q.CandidateIDs = []uint{only.ID}
		}
		page, err := w.st.Endorsements(w.contest.ID, q)
		if err != nil {
			w.t.Fatal(err)
		}
		if page.Total != len(want) {
			w.t.Fatalf("after %s, the table as of %q (candidate %v) counts %d, want %d", after, day, only != nil, page.Total, len(want))
		}
		for i, r := range page.Rows {
			if i >= len(want) || r.EventID != want[i].event.ID || r.State != store.StateCurrent {
				w.t.Fatalf("after %s, the table as of %q row %d: event %d, want %+v", after, day, i, r.EventID, want)
			}
		}
		if len(page.Rows) != min(len(want), 3) {
			w.t.Fatalf("after %s, the table as of %q has %d rows, want %d", after, day, len(page.Rows), min(len(want), 3))
		}

		// By name, from the second row: the folded name, then the endorser; by either plan.
		slices.SortFunc(want, func(a, b standing) int {
			return cmp.Or(strings.Compare(names.Fold(who[a.event.EndorserID]), names.Fold(who[b.event.EndorserID])),
				cmp.Compare(a.event.EndorserID, b.event.EndorserID))
		})
		q.Sort, q.Offset = store.SortName, 1
		for _, walk := range []bool{false, true} {
			was := w.st.SetNameWalk(&walk)
			page, err := w.st.Endorsements(w.contest.ID, q)
			w.st.SetNameWalk(was)
			if err != nil {
				w.t.Fatal(err)
			}
			var got, wantIDs []uint
			for _, r := range page.Rows {
				got = append(got, r.EventID)
			}
			for _, p := range want[min(1, len(want)):min(4, len(want))] {
				wantIDs = append(wantIDs, p.event.ID)
			}
			if page.Total != len(want) || !slices.Equal(got, wantIDs) {
				w.t.Fatalf("after %s, the table as of %q by name (walk %v, candidate %v): rows %v of %d, want %v of %d",
					after, day, walk, only != nil, got, page.Total, wantIDs, len(want))
			}
		}
	}
}

// verifyCandidateMoves checks each candidate's moves up to the day (the switch indexes and the
// withdrawals index) against the log's changes read through the window: the gains, losses and
// withdrawals it counts, and the latest of them, newest first, with a limit short of them all.
func (w *derivedWorld) verifyCandidateMoves(after, day string) {
	w.t.Helper()
	for _, cand := range w.cands {
		changes, err := w.st.Changes(store.ChangeQuery{ContestID: w.contest.ID, CandidateID: cand.ID, AsOf: day})
		if err != nil {
			w.t.Fatal(err)
		}
		var want store.MoveCounts
		var moves []uint
		for _, ch := range changes {
			switch {
			case ch.Change == store.ChangeSwitch && ch.CandidateID == cand.ID:
				want.Gains++
			case ch.Change == store.ChangeSwitch:
				want.Losses++
			case ch.Change == store.ChangeWithdraw:
				want.Withdrawals++
			default:
				continue
			}
			moves = append(moves, ch.EventID)
		}
		// Newest first: by day, then as recorded (the log's order within a day puts
		// withdrawals first; the latest list orders by day and event alone).
		slices.SortStableFunc(changes, func(a, b store.ChangeRow) int {
			return cmp.Or(strings.Compare(b.EffectiveOn, a.EffectiveOn), cmp.Compare(b.EventID, a.EventID))
		})
		var newest []uint
		for _, ch := range changes {
			if slices.Contains(moves, ch.EventID) {
				newest = append(newest, ch.EventID)
			}
		}
		limit := max(1, len(newest)-1)
		got, latest, err := w.st.CandidateMoves(w.contest.ID, cand.ID, day, limit)
		if err != nil {
			w.t.Fatal(err)
		}
		var gotIDs []uint
		for _, r := range latest {
			gotIDs = append(gotIDs, r.EventID)
		}
		if got != want || !slices.Equal(gotIDs, newest[:min(limit, len(newest))]) {
			w.t.Fatalf("after %s, moves of %s as of %q: got %+v %v, want %+v %v", after, cand.Slug, day, got, gotIDs, want, newest)
		}
	}
}

// verifyLatestChanges checks that the latest changes, read newest first through the index on
// when events were recorded or on their day (with a limit), are the log's changes by the window
// (without one), and that newest by day is in the order of the days.
func (w *derivedWorld) verifyLatestChanges(after, day string) {
	w.t.Helper()
	for _, c := range []struct {
		cand  uint
		order store.ChangeOrder
	}{{0, store.NewestRecorded}, {w.cands[1].ID, store.NewestRecorded}, {0, store.NewestEffective}, {w.cands[1].ID, store.NewestEffective}} {
		cand := c.cand
		q := store.ChangeQuery{ContestID: w.contest.ID, AsOf: day, CandidateID: cand, Retracted: true, Order: c.order}
		all, err := w.st.Changes(q)
		if err != nil {
			w.t.Fatal(err)
		}
		q.Limit = 7
		latest, err := w.st.Changes(q)
		if err != nil {
			w.t.Fatal(err)
		}
		label := func(rows []store.ChangeRow) []string {
			var out []string
			for _, r := range rows {
				out = append(out, fmt.Sprintf("%d %s %s<%s", r.EventID, r.Change, r.CandidateSlug, r.PrevCandidateSlug))
			}
			return out
		}
		if got, want := label(latest), label(all[:min(len(all), 7)]); !slices.Equal(got, want) {
			w.t.Fatalf("after %s, latest changes (order %d) as of %q (candidate %d):\n got %q\nwant %q", after, c.order, day, cand, got, want)
		}
		if c.order == store.NewestEffective && !slices.IsSortedFunc(all, func(a, b store.ChangeRow) int {
			return cmp.Or(cmp.Compare(b.EffectiveOn, a.EffectiveOn), cmp.Compare(b.EventID, a.EventID))
		}) {
			w.t.Fatalf("after %s, changes newest by day as of %q are out of order: %q", after, day, label(all))
		}
	}
}

// verifyFilteredTable checks the table's withdrawn rows, and its rows of both states for a
// search by part of a name, by a range of days, by candidate or by kind, against the model: every row,
// its state and its place in the order, whole and a page at a time, by each plan.
func (w *derivedWorld) verifyFilteredTable(after, day string, m *asOfModel) {
	w.t.Helper()
	type row struct {
		event uint
		state string
	}
	// rows are the rows the model says q matches, in the table's order.
	rows := func(q store.EndorsementQuery) []row {
		keep := func(who uint, e models.Event) bool {
			return strings.Contains(strings.ToLower(m.who[who]), strings.ToLower(q.Search)) &&
				(len(q.EndorserIDs) == 0 || slices.Contains(q.EndorserIDs, who)) &&
				(len(q.CandidateIDs) == 0 || slices.Contains(q.CandidateIDs, e.CandidateID)) &&
				(len(q.KindIDs) == 0 || slices.Contains(q.KindIDs, m.kinds[who])) &&
				(!q.HideWithdrawnCandidates || e.CandidateID != w.cands[2].ID) &&
				(len(q.Verifications) == 0 || slices.Contains(q.Verifications, e.Verification)) &&
				(q.From == "" || e.EffectiveOn >= q.From) && (q.To == "" || e.EffectiveOn <= q.To)
		}
		var events []models.Event
		state := map[uint]string{}
		for who, p := range m.positions(day) {
			if keep(who, p.event) && (len(q.Actions) == 0 || slices.Contains(q.Actions, p.event.Action)) &&
				(len(q.States) == 0 || slices.Contains(q.States, store.StateCurrent)) {
				events, state[p.event.ID] = append(events, p.event), store.StateCurrent
			}
		}
		withdrawnToo := slices.Contains(q.States, store.StateWithdrawn) || (len(q.States) == 0 && slices.Contains(q.Actions, models.ActionWithdraw))
		for who, e := range m.withdrawn(day) {
			if keep(who, e) && withdrawnToo && (len(q.Actions) == 0 || slices.Contains(q.Actions, models.ActionWithdraw)) {
				events, state[e.ID] = append(events, e), store.StateWithdrawn
			}
		}
		region, kindName := map[uint]string{}, map[uint]string{}
		for _, en := range w.endorsers {
			region[en.ID] = en.Region
		}
		for _, k := range w.kinds {
			kindName[k.ID] = k.Name
		}
		byName := func(a, b models.Event) int {
			return cmp.Or(cmp.Compare(names.Fold(m.who[a.EndorserID]), names.Fold(m.who[b.EndorserID])),
				cmp.Compare(a.EndorserID, b.EndorserID), cmp.Compare(a.ID, b.ID))
		}
		slices.SortFunc(events, func(a, b models.Event) int {
			switch q.Sort {
			case store.SortName:
				return byName(a, b)
			case store.SortKind:
				return cmp.Or(cmp.Compare(strings.ToLower(kindName[m.kinds[a.EndorserID]]), strings.ToLower(kindName[m.kinds[b.EndorserID]])), byName(a, b))
			case store.SortRegion:
				ra, rb := region[a.EndorserID], region[b.EndorserID]
				none := func(r string) int { // no region last
					if r == "" {
						return 1
					}
					return 0
				}
				return cmp.Or(cmp.Compare(none(ra), none(rb)), cmp.Compare(strings.ToLower(ra), strings.ToLower(rb)), byName(a, b))
			case store.SortCandidate: // the candidates' sort order is their ids here
				return cmp.Or(cmp.Compare(a.CandidateID, b.CandidateID),
					cmp.Compare(b.EffectiveOn, a.EffectiveOn), cmp.Compare(b.ID, a.ID))
			case store.SortOldest:
				return cmp.Or(cmp.Compare(a.EffectiveOn, b.EffectiveOn), cmp.Compare(a.ID, b.ID))
			}
			return cmp.Or(cmp.Compare(b.EffectiveOn, a.EffectiveOn), cmp.Compare(b.ID, a.ID))
		})
		var out []row
		for _, e := range events {
			out = append(out, row{e.ID, state[e.ID]})
		}
		return out
	}
	// Every other endorser, some of them searched for by name as well.
	var some []uint
	for i, e := range w.endorsers {
		if i%2 == 0 {
			some = append(some, e.ID)
		}
	}
	both := []string{store.StateCurrent, store.StateWithdrawn}
	first := w.cands[0].ID
	var allCandidates, allKinds []uint
	for _, c := range w.cands {
		allCandidates = append(allCandidates, c.ID)
	}
	kinds, err := w.st.Kinds()
	if err != nil {
		w.t.Fatal(err)
	}
	for _, k := range kinds {
		allKinds = append(allKinds, k.ID)
	}
	for _, q := range []store.EndorsementQuery{
		{AsOf: day, States: []string{store.StateWithdrawn}},
		{AsOf: day, States: both, Search: "DORSER 1"},
		{AsOf: day, States: both, Search: "dorser"},
		// Renamed endorsers, by a part of a name, a whole one, and one no endorser has.
		{AsOf: day, States: both, Search: "someone 1", Sort: store.SortName},
		{AsOf: day, Search: "meo"},
		{AsOf: day, States: both, Search: "Endorser 3", Sort: store.SortRegion},
		{AsOf: day, Search: "nobody"},
		{AsOf: day, States: both, Search: "Dorser", Sort: store.SortOldest, CandidateIDs: []uint{first}},
		{AsOf: day, States: both, From: "2016-07-03", To: "2016-07-09"},
		{AsOf: day, Search: "ser", To: "2016-07-06"},
		// A range that may rule out nothing (from the first day a span can start, to the day
		// itself) and one that may rule out the first day's rows only.
		{AsOf: day, States: both, From: "2016-07-01", To: day, Sort: store.SortKind},
		{AsOf: day, From: "2016-07-02", Sort: store.SortName},
		{AsOf: day, HideWithdrawnCandidates: true},
		{AsOf: day, States: both, Verifications: []string{models.VerificationConfirmed}},
		{AsOf: day, Verifications: []string{models.VerificationReported, models.VerificationDisputed}, Sort: store.SortOldest, Search: "1"},
		{AsOf: day, HideWithdrawnCandidates: true, Sort: store.SortName},
		{AsOf: day, States: both, Sort: store.SortCandidate},
		{AsOf: day, States: both, Sort: store.SortCandidate, CandidateIDs: []uint{first}, Search: "dorser"},
		// Every box of a filter ticked: every action, every candidate, every kind.
		{AsOf: day, States: both, Sort: store.SortCandidate, CandidateIDs: allCandidates, KindIDs: allKinds,
			Actions: []string{models.ActionWithdraw, models.ActionNominate, models.ActionEndorse}},
		{AsOf: day, States: both, Sort: store.SortKind, Search: "e"},
		{AsOf: day, Sort: store.SortRegion},
		{AsOf: day, Sort: store.SortKind},
		{AsOf: day, Sort: store.SortName, Search: "dorser"},
		{AsOf: day, States: both, Sort: store.SortName, From: "2016-07-04"},
		{AsOf: day, Sort: store.SortRegion, Search: "r", KindIDs: []uint{w.kinds[0].ID}},
		{AsOf: day, States: both, Sort: store.SortRegion, Verifications: []string{models.VerificationReported}},
		{AsOf: day, States: both, HideWithdrawnCandidates: true, Search: "endorser"},
		{AsOf: day, Actions: []string{models.ActionWithdraw}, Search: "ser"},
		{AsOf: day, Actions: []string{models.ActionNominate}, Sort: store.SortOldest},
		{AsOf: day, Actions: []string{models.ActionNominate, models.ActionWithdraw}, Sort: store.SortKind},
		{AsOf: day, Actions: []string{models.ActionEndorse}, From: "2016-07-03"},
		{AsOf: day, States: both, Actions: []string{models.ActionEndorse, models.ActionWithdraw}, Search: "dorser", Sort: store.SortOldest},
		{AsOf: day, States: both, EndorserIDs: some},
		{AsOf: day, Actions: []string{models.ActionWithdraw}, EndorserIDs: some, Search: "dorser"},
	} {
		want := rows(q)
		// One plan of six, chosen at random each time: a small contest's one statement; a
		// large contest's (a filter by endorser from the endorsers it matches, a filter on what
		// the spans hold counted and paged apart), its page decided by the numbers, the
		// matching spans sorted, walked in the table's order (by day, or the endorsers by name)
		// to the end, a walk cut after a page's worth, which is right only where it walks in
		// the table's order, or one that visits too few to fill the page and sorts after all.
		sortThem, walkFar, walkPage, walkShort := 0, 1<<20, 3+w.rng.IntN(6), 2
		plans := []struct {
			large int
			walk  *int
		}{{1 << 30, nil}, {1, nil}, {1, &sortThem}, {1, &walkFar}, {1, &walkPage}, {1, &walkShort}}
		plan := plans[w.rng.IntN(len(plans))]
		wasLarge, wasWalk := w.st.SetLargeSpans(plan.large), w.st.SetWalkCap(plan.walk)
		// A large contest's search finds its endorsers first by a trigram (every search is
		// rare) or tests the name of every standing span (none is).
		rare := []int{0, 1 << 20}[w.rng.IntN(2)]
		wasRare := w.st.SetRareSearch(rare)
		// The whole table, then pages of three: each the model's rows from its offset, and
		// one past the last, which is empty.
		pages := []store.EndorsementQuery{q}
		for offset := 0; offset < len(want); offset += 3 {
			pq := q
			pq.Limit, pq.Offset = 3, offset
			pages = append(pages, pq)
		}
		past := q
		past.Limit, past.Offset = 3, len(want)
		pages = append(pages, past)
		for _, pq := range pages {
			page, err := w.st.Endorsements(w.contest.ID, pq)
			if err != nil {
				w.t.Fatal(err)
			}
			var got []row
			for _, r := range page.Rows {
				got = append(got, row{r.EventID, r.State})
			}
			wantPage := want[pq.Offset:]
			if pq.Limit > 0 {
				wantPage = wantPage[:min(pq.Limit, len(wantPage))]
			}
			if page.Total != len(want) || !slices.Equal(got, wantPage) {
				w.t.Fatalf("after %s, the table as of %q for %+v (large from %d spans, walk %v, rare search %d): got %v (total %d), want %v",
					after, day, pq, plan.large, plan.walk, rare, got, page.Total, wantPage)
			}
		}
		w.st.SetLargeSpans(wasLarge)
		w.st.SetWalkCap(wasWalk)
		w.st.SetRareSearch(wasRare)
	}
}

func sameTotals(got, want map[totalKey]total) bool {
	for k, t := range want {
		if t.count == 0 {
			delete(want, k)
		}
	}
	if len(got) != len(want) {
		return false
	}
	for k, g := range got {
		wt, ok := want[k]
		if !ok || g.count != wt.count || math.Abs(g.points-wt.points) > 1e-6 {
			return false
		}
	}
	return true
}

func TestDerivedTablesFollowRandomWrites(t *testing.T) {
	seeds, steps := 8, 40
	if testing.Short() {
		seeds, steps = 2, 20
	}
	for seed := range seeds {
		t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
			w := newDerivedWorld(t, uint64(seed), openTestStore(t))
			w.verify("nothing")
			var done []string
			for range steps {
				what := w.step()
				done = append(done, what)
				w.verify(fmt.Sprintf("%q (steps: %q)", what, done))
			}
		})
	}
}

// A rebuild gives the tables the writes kept, and the check finds a damaged table.
func TestRebuildAndCheck(t *testing.T) {
	dsn := testdb.DSN(t)
	st := openTestStoreOn(t, dsn)
	w := newDerivedWorld(t, 99, st)
	for range 30 {
		w.step()
	}
	// Damage the tables behind the store's back, as a bug or a hand edit would.
	raw := testdb.SQL(t, dsn)
	if _, err := raw.Exec(`UPDATE support_deltas SET count = count + 1 WHERE day = (SELECT MIN(day) FROM support_deltas)`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM support_spans WHERE event_id = (SELECT MAX(event_id) FROM support_spans)`); err != nil {
		t.Fatal(err)
	}
	diffs, err := st.CheckDerived()
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) != 1 || diffs[0].ContestSlug != "prop" || diffs[0].Spans != 1 || diffs[0].Deltas == 0 {
		t.Fatalf("check of damaged tables: got %+v, want one span and some deltas of prop", diffs)
	}
	if err := w.st.RebuildDerived(); err != nil {
		t.Fatal(err)
	}
	w.verify("a rebuild")
	recorded, current, err := w.st.DerivedVersion()
	if err != nil || recorded != current {
		t.Fatalf("derived version: recorded %d, current %d, %v", recorded, current, err)
	}
}

// A database whose derived rows an older definition built is rebuilt when it is opened, and
// the log says so, since a server waits for it before it listens.
func TestOpenRebuildsAnOlderDerivedVersion(t *testing.T) {
	dsn := testdb.DSN(t)
	w := newDerivedWorld(t, 7, openTestStoreOn(t, dsn))
	for range 20 {
		w.step()
	}
	raw := testdb.SQL(t, dsn)
	if _, err := raw.Exec(`UPDATE derived_states SET version = 1`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM endorser_trigrams`); err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	st, err := store.Open(dsn, slog.New(slog.NewTextHandler(&logged, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, want := range []string{"rebuilding the derived tables from the log", "recorded_version=1", "rebuilt the derived tables"} {
		if !strings.Contains(logged.String(), want) {
			t.Errorf("the log on opening lacks %q: %s", want, logged.String())
		}
	}
	if recorded, current, err := st.DerivedVersion(); err != nil || recorded != current {
		t.Fatalf("derived version after opening: recorded %d, current %d, %v", recorded, current, err)
	}
	if diffs, err := st.CheckDerived(); err != nil || len(diffs) > 0 {
		t.Fatalf("after opening, the derived rows: %+v, %v", diffs, err)
	}
}

// A write that makes stale more endorsers than a contest held spans (a bulk load into a new
// contest) rebuilds the contest's derived rows whole instead of endorser by endorser; either
// way they must equal a rebuild from the log, and a later small write refreshes them as usual.
func TestBulkWriteRebuildsItsContest(t *testing.T) {
	st := openTestStore(t)
	if _, err := loadgen.Generate(st, 20*2000); err != nil { // 2,000 endorsers: the whole-contest path
		t.Fatal(err)
	}
	c, err := st.Contest(loadgen.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if diffs, err := st.CheckDerived(); err != nil || len(diffs) > 0 {
		t.Fatalf("after the bulk load: %+v, %v", diffs, err)
	}
	page, err := st.Endorsements(c.ID, store.EndorsementQuery{States: []string{store.StateWithdrawn}, Limit: 1})
	if err != nil || page.Total == 0 || len(page.Rows) != 1 {
		t.Fatalf("withdrawn rows after the bulk load: %+v, %v", page, err)
	}
	row := page.Rows[0]
	e := &models.Event{ContestID: c.ID, EndorserID: row.EndorserID, CandidateID: c.Candidates[0].ID, Action: models.ActionEndorse,
		EffectiveOn: "2030-03-10", SourceURL: "https://example.org/late", Verification: models.VerificationReported}
	if err := st.As(store.Actor{UserID: 1, Email: "ed@example.org"}).QuickAdd(nil, e); err != nil {
		t.Fatal(err)
	}
	if diffs, err := st.CheckDerived(); err != nil || len(diffs) > 0 {
		t.Fatalf("after a quick add: %+v, %v", diffs, err)
	}
}
