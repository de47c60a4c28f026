package embed

import (
	"runtime"

	"github.com/backers/backers/handlers/kit"
)

// Handler serves embeds, chart images, oEmbed and chart series.
type Handler struct {
	*kit.Kit
	// images lets a few server-drawn images be rendered at once: a 2400x1600 PNG holds tens of
	// megabytes while it is drawn, and 200 of them in parallel took the server to 3.6 GB.
	images gate
}

// New is the embeds' handler on the shared kit.
func New(k *kit.Kit) *Handler {
	return &Handler{Kit: k, images: make(gate, max(runtime.NumCPU(), 2))}
}

// gate runs at most cap(g) functions at once; the others wait their turn.
type gate chan struct{}

func (g gate) do(fn func() error) error {
	g <- struct{}{}
	defer func() { <-g }()
	return fn()
}
