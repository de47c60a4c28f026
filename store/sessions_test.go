package store_test

import (
	"testing"
	"time"

	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/store"
)

// Two sign-ins from one address at once: the one whose clock was read a moment earlier may run
// its transaction second, and must not be refused as too early by the row the other created.
func TestReserveLoginOutOfOrderClocks(t *testing.T) {
	st := testdb.Open(t)
	later := time.Date(2026, 12, 1, 15, 0, 0, 500, time.UTC)
	keys := []store.LoginKey{{Name: "address:192.0.2.1", Max: 20}}
	for _, now := range []time.Time{later, later.Add(-time.Millisecond)} {
		ok, err := st.ReserveLogin(keys, now, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			t.Errorf("sign-in with the clock at %s refused", now.Format(time.StampMicro))
		}
	}
}
