package embed

import "github.com/backers/backers/handlers/kit"

// Handler serves embeds, chart images, oEmbed and chart series.
type Handler struct{ *kit.Kit }

// New is the embeds' handler on the shared kit.
func New(k *kit.Kit) *Handler { return &Handler{Kit: k} }
