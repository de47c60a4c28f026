package store_test

import (
	"strconv"
	"sync"
	"testing"

	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/store"
)

// TestSecretSharedByInstances opens two stores on one database, as two app instances
// would, and asks both for the same secret at once: every caller gets the one value that was
// stored first, and later calls never replace it.
func TestSecretSharedByInstances(t *testing.T) {
	dsn := testdb.DSN(t)
	stores := []*store.Store{testdb.OpenDSN(t, dsn), testdb.OpenDSN(t, dsn)}
	const callers = 8
	got := make([]string, callers)
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for i := 0; i < callers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			got[i], errs[i] = stores[i%2].Secret("report-form-key", func() string { return "value-" + strconv.Itoa(i) })
		}(i)
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if got[i] == "" || got[i] != got[0] {
			t.Fatalf("callers got different secrets: %q", got)
		}
	}
	again, err := stores[1].Secret("report-form-key", func() string { return "a new one" })
	if err != nil || again != got[0] {
		t.Errorf("a later call: %q, %v; want the stored %q", again, err, got[0])
	}
	other, err := stores[0].Secret("another", func() string { return "another value" })
	if err != nil || other != "another value" {
		t.Errorf("a second secret: %q, %v", other, err)
	}
}
