package embed

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The gate lets no more than its capacity run at once, and every caller gets its turn.
func TestImageGate(t *testing.T) {
	g := make(gate, 2)
	var running, peak, done atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			err := g.do(func() error {
				n := running.Add(1)
				for {
					p := peak.Load()
					if n <= p || peak.CompareAndSwap(p, n) {
						break
					}
				}
				time.Sleep(2 * time.Millisecond)
				running.Add(-1)
				done.Add(1)
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if peak.Load() > 2 || done.Load() != 20 {
		t.Fatalf("peak %d at once (want at most 2), %d of 20 done", peak.Load(), done.Load())
	}
}
