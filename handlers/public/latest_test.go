package public_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// The dashboard's latest changes come in the order they were recorded, so an entry backdated
// today is not buried under what took effect later; each says when it took effect, in words.
func TestDashboardLatestChangesByRecording(t *testing.T) {
	app, f := handlertest.NewBrowseFixture(t)
	f.Endorser("late-union", "Testshire <Late> Union", "affiliated-union", "Testshire")
	e, err := f.Store.Endorser("late-union")
	if err != nil {
		t.Fatal(err)
	}
	// Recorded after the seed and the fixture, effective six weeks earlier.
	backdated := &models.Event{ContestID: f.Contest.ID, EndorserID: e.ID, CandidateID: f.Cands["jeremy-corbyn"].ID,
		Action: models.ActionNominate, EffectiveOn: "2016-08-10", DatePrecision: models.PrecisionDay,
		RecordedAt: handlertest.PinnedNow.Add(time.Hour), SourceURL: "https://example.org/late", Verification: models.VerificationConfirmed}
	if err := f.Store.CreateEvent(backdated); err != nil {
		t.Fatal(err)
	}
	status, body, _ := handlertest.BrowseGet(t, app, "/c/labour-2016")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	latest := body[strings.Index(body, `<section class="latest">`):]
	first := `recorded <time datetime="2016-09-25">25 Sep 2016</time>: <a href="/endorsers/late-union">Testshire &lt;Late&gt; Union</a> nominated Jeremy Corbyn, effective <time datetime="2016-08-10">10 Aug 2016</time>`
	if i := strings.Index(latest, "<li>"); i < 0 || !strings.HasPrefix(latest[i+len("<li>"):], first) {
		t.Errorf("the backdated entry is not first in the latest changes:\n%s", handlertest.Trim(latest))
	}
	for _, want := range []string{
		"Testshire Quitter CLP</a> withdrew support from Owen Smith, effective",
		"Testshire Switcher MP</a> endorsed Owen Smith, switching from Angela Eagle, effective",
	} {
		if !strings.Contains(latest, want) {
			t.Errorf("latest changes lack %q", want)
		}
	}
	if strings.Contains(latest, "withdraws") || strings.Contains(latest, "<Late>") {
		t.Errorf("latest changes read as code, not English, or hold raw markup:\n%s", handlertest.Trim(latest))
	}

	// As of a day, the list holds what had taken effect by then.
	_, old, _ := handlertest.BrowseGet(t, app, "/c/labour-2016?as_of=2016-08-01")
	oldLatest := old[strings.Index(old, `<section class="latest">`):]
	if strings.Contains(oldLatest, "late-union") || strings.Contains(oldLatest, "Quitter CLP</a> withdrew") {
		t.Errorf("latest changes as of 1 Aug list later events:\n%s", handlertest.Trim(oldLatest))
	}
	// ... nearest the day first, by the day each took effect: every row of the seeded contest
	// was recorded on one day, long after, which says nothing about 1 Aug.
	if !strings.Contains(oldLatest, `What took effect up to <time datetime="2016-08-01">1 Aug 2016</time>, nearest the day first`) {
		t.Errorf("latest changes as of 1 Aug do not say how they are ordered:\n%s", handlertest.Trim(oldLatest))
	}
	days := regexp.MustCompile(`effective <time datetime="([0-9-]+)">`).FindAllStringSubmatch(oldLatest, -1)
	if len(days) < 2 {
		t.Fatalf("latest changes as of 1 Aug: %d rows", len(days))
	}
	for i := 1; i < len(days); i++ {
		if days[i][1] > days[i-1][1] {
			t.Errorf("latest changes as of 1 Aug: %s listed after %s", days[i][1], days[i-1][1])
		}
	}
	if days[0][1] > "2016-08-01" {
		t.Errorf("latest changes as of 1 Aug begin with %s", days[0][1])
	}
}

// The public change log says what each change changed, field by field, names the rule's
// kind, links to the page that shows it, and never shows who made it.
func TestChangeLogSaysWhatChanged(t *testing.T) {
	app, f := handlertest.NewBrowseFixture(t)
	var rule models.ContestKind
	for _, ck := range f.Contest.Kinds {
		if ck.Kind.Slug == "mayor" {
			rule = ck
		}
	}
	if rule.ID == 0 {
		t.Fatal("the seeded contest has no rule for mayors")
	}
	rule.Weight = 5
	ed := f.Store.As(store.Actor{UserID: 1, Email: "editor@example.org"})
	if err := ed.SaveContestKind(&rule); err != nil {
		t.Fatal(err)
	}
	handlertest.RunCases(t, app, []handlertest.Case{{Name: "change log", URL: "/c/labour-2016/changes", WantStatus: 200,
		WantHas: []string{`<a href="/c/labour-2016/methodology">Rule for Mayors changed</a>`, "<li>weight: 1 to 5</li>"},
		// the order and the source did not move, and the editor is not named
		WantHasNot: []string{"source URL:", "order:", "editor@example.org", "ContestID", "kind ID"}}})
}
