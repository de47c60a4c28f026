// Package loadgen generates a large synthetic contest for benchmarks and load tests. Its data is
// plainly labelled as generated; it is never seeded into a real database.
package loadgen

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// Slug is the slug of the generated contest.
const Slug = "load-test"

// batchEvents is how many generated events are held in memory and written at once: a
// million-event contest is generated in the memory of one batch.
const batchEvents = 5000

// Generate creates the contest Slug with three candidates and n endorsement events spread over
// n/20 endorsers (CLPs and MPs) and the 70 days of a contest: endorsements, switches and
// withdrawals, deterministically from a fixed seed, so every run measures the same data. It
// writes in one transaction, streaming the events in batches, so the derived tables are
// brought up to date once, at the end.
func Generate(st *store.Store, n int) (*models.Contest, error) {
	var c *models.Contest
	err := st.Transaction(func(tx *store.Store) error {
		var err error
		c, err = generate(tx, Slug, n)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("loadgen: %w", err)
	}
	return c, nil
}

// contestsPerTransaction is how many contests GenerateMany writes in one transaction.
const contestsPerTransaction = 100

// GenerateMany creates contests contests of n events each, as Generate makes one: the first is
// Slug, the others Slug-2, Slug-3 and so on, each with endorsers of its own. It returns the
// last, the one a measurement of a database of many contests reads.
func GenerateMany(st *store.Store, contests, n int) (*models.Contest, error) {
	var last *models.Contest
	for from := 1; from <= contests; from += contestsPerTransaction {
		err := st.Transaction(func(tx *store.Store) error {
			for i := from; i < from+contestsPerTransaction && i <= contests; i++ {
				var err error
				if last, err = generate(tx, ManySlug(i), n); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("loadgen: %w", err)
		}
	}
	return last, nil
}

// ManySlug is the slug of the i-th contest (from 1) GenerateMany makes.
func ManySlug(i int) string {
	if i == 1 {
		return Slug
	}
	return fmt.Sprintf("%s-%d", Slug, i)
}

func generate(st *store.Store, slug string, n int) (*models.Contest, error) {
	clp, _, err := st.EnsureKind(models.Kind{Slug: "clp", Name: "Constituency Labour Party", Plural: "CLPs", IsOrg: true})
	if err != nil {
		return nil, err
	}
	mp, _, err := st.EnsureKind(models.Kind{Slug: "mp", Name: "Member of Parliament", Plural: "MPs"})
	if err != nil {
		return nil, err
	}
	nEndorsers := max(n/20, 1)
	den := nEndorsers
	c := &models.Contest{
		Slug: slug, Party: "Generated", Title: "Generated load-test contest " + slug,
		Summary: fmt.Sprintf("Synthetic data for load tests: %d generated events, not a real contest.", n),
		OpensOn: "2030-01-01", NominationsCloseOn: "2030-02-15", BallotClosesOn: "2030-03-10",
		Status: "open",
		Kinds: []models.ContestKind{
			{KindID: clp.ID, Weight: 1, Denominator: &den, SortOrder: 1},
			{KindID: mp.ID, Weight: 1, SortOrder: 2},
		},
	}
	if err := st.CreateContest(c); err != nil {
		return nil, err
	}
	cands := []*models.Candidate{
		{ContestID: c.ID, Slug: "ada", Name: "Ada Example", Colour: "#d50000", SortOrder: 1},
		{ContestID: c.ID, Slug: "ben", Name: "Ben Example", Colour: "#ffab00", SortOrder: 2},
		{ContestID: c.ID, Slug: "cy", Name: "Cy Example", Colour: "#2962ff", SortOrder: 3},
	}
	for _, cd := range cands {
		if err := st.CreateCandidate(cd); err != nil {
			return nil, err
		}
	}
	rng := rand.New(rand.NewPCG(2016, 9))
	endorsers := make([]*models.Endorser, nEndorsers)
	for i := range endorsers {
		k := clp.ID
		if i%4 == 0 {
			k = mp.ID
		}
		endorsers[i] = &models.Endorser{Slug: fmt.Sprintf("%s-endorser-%06d", slug, i+1),
			Name: fmt.Sprintf("Generated endorser %d", i+1), KindID: k}
		if slug != Slug {
			endorsers[i].Name = fmt.Sprintf("Generated endorser %d of %s", i+1, slug)
		}
	}
	if err := st.CreateEndorsers(endorsers); err != nil {
		return nil, err
	}
	start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	recorded := time.Date(2030, 3, 11, 0, 0, 0, 0, time.UTC)
	events := make([]models.Event, 0, min(n, batchEvents))
	for i := 0; i < n; i++ {
		e := endorsers[i%nEndorsers]
		// The k-th event of an endorser falls in the k-th stretch of the 70 days, so each
		// endorser's events are in date order: an endorsement, then switches and withdrawals.
		round := i / nEndorsers
		rounds := (n + nEndorsers - 1) / nEndorsers
		day := start.AddDate(0, 0, round*70/rounds+rng.IntN(max(70/rounds, 1)))
		action := models.ActionEndorse
		switch {
		case round > 0 && rng.IntN(10) == 0:
			action = models.ActionWithdraw
		case e.KindID == clp.ID:
			action = models.ActionNominate
		}
		events = append(events, models.Event{
			ContestID: c.ID, EndorserID: e.ID, CandidateID: cands[rng.IntN(len(cands))].ID,
			Action: action, EffectiveOn: day.Format("2006-01-02"), DatePrecision: models.PrecisionDay,
			RecordedAt: recorded, Verification: models.VerificationReported,
			SourceURL: "https://example.org/generated", SourceTitle: "Generated for a load test",
		})
		if len(events) == batchEvents {
			if err := st.CreateEvents(events); err != nil {
				return nil, err
			}
			events = events[:0]
		}
	}
	if err := st.CreateEvents(events); err != nil {
		return nil, err
	}
	return c, nil
}
