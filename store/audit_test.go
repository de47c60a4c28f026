package store_test

import (
	"errors"
	"testing"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

func TestEditorNeedsAnActor(t *testing.T) {
	f := newFixture(t)
	e := &models.Endorser{Name: "Anonymous change", KindID: f.kind.ID}
	if err := f.st.As(store.Actor{}).AddEndorser(e); !errors.Is(err, store.ErrNoActor) {
		t.Fatalf("no actor: %v", err)
	}
	if got, _ := f.st.Endorsers("Anonymous", 10); len(got) != 0 {
		t.Errorf("written without an actor: %v", got)
	}
}
