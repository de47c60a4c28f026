package importer

import (
	"fmt"
	"io"
	"strings"

	"github.com/backers/backers/models"
)

// listed is how many items of each kind WriteText names before it says "and N more".
const listed = 10

// WriteText writes the report for a person at a terminal.
func (rep *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	if rep.DryRun {
		b.WriteString("dry run: nothing was written\n")
	}
	verb := "imported"
	if rep.DryRun {
		verb = "would import"
	}
	created := "created"
	if rep.DryRun {
		created = "to create"
	}
	events := "events"
	if rep.Events == 1 {
		events = "event"
	}
	fmt.Fprintf(&b, "%s %d rows: %d %s %s (%d endorse, %d nominate, %d withdraw), %d already recorded",
		verb, rep.Rows, rep.Events, events, created, rep.Actions[models.ActionEndorse], rep.Actions[models.ActionNominate],
		rep.Actions[models.ActionWithdraw], len(rep.Recorded))
	if len(rep.Repeats) > 0 {
		fmt.Fprintf(&b, ", %d repeated in the file", len(rep.Repeats))
	}
	fmt.Fprintf(&b, "; %d without a source URL (marked unsourced)\n", rep.Unsourced)
	section(&b, "contests "+created, len(rep.Contests), func(i int) string {
		return fmt.Sprintf("%s %q", rep.Contests[i].Slug, rep.Contests[i].Title)
	})
	section(&b, "endorser kinds "+created, len(rep.Kinds), func(i int) string {
		return fmt.Sprintf("%s %q", rep.Kinds[i].Slug, rep.Kinds[i].Name)
	})
	section(&b, "contest rules "+created, len(rep.Rules), func(i int) string {
		return fmt.Sprintf("%s: %s weighs %g", rep.Rules[i].Contest, rep.Rules[i].Kind, rep.Rules[i].Weight)
	})
	section(&b, "candidates "+created, len(rep.Candidates), func(i int) string {
		return fmt.Sprintf("%s/%s %q", rep.Candidates[i].Contest, rep.Candidates[i].Slug, rep.Candidates[i].Name)
	})
	section(&b, "endorsers "+created, len(rep.Endorsers), func(i int) string {
		return fmt.Sprintf("%s %q (%s)", rep.Endorsers[i].Slug, rep.Endorsers[i].Name, rep.Endorsers[i].Kind)
	})
	section(&b, "endorsers that keep their kind although a row gives another", len(rep.KindConflicts), func(i int) string {
		c := rep.KindConflicts[i]
		return fmt.Sprintf("line %d: %q is %s, the row says %q", c.Line, c.Endorser, c.Has, c.Row)
	})
	section(&b, "already recorded, skipped", len(rep.Recorded), func(i int) string {
		return "line " + rep.Recorded[i].String()
	})
	section(&b, "repeated in the file, imported once", len(rep.Repeats), func(i int) string {
		return fmt.Sprintf("line %d repeats line %d: %s", rep.Repeats[i].Line, rep.Repeats[i].Of, rep.Repeats[i].event())
	})
	_, err := io.WriteString(w, b.String())
	return err
}

func section(b *strings.Builder, title string, n int, item func(int) string) {
	if n == 0 {
		return
	}
	fmt.Fprintf(b, "%s: %d\n", title, n)
	for i := range min(n, listed) {
		fmt.Fprintf(b, "  %s\n", item(i))
	}
	if n > listed {
		fmt.Fprintf(b, "  and %d more\n", n-listed)
	}
}

// String is the row's line and event, as the report lists it.
func (s Skipped) String() string { return fmt.Sprintf("%d: %s", s.Line, s.event()) }

func (s Skipped) event() string {
	return fmt.Sprintf("%q %s %q on %s", s.Endorser, s.Action, s.Candidate, s.Date)
}
