// Package api serves the read API under /api/v1 and its OpenAPI document.
package api

import "github.com/backers/backers/handlers/kit"

// Handler serves the read API.
type Handler struct{ *kit.Kit }

// New is the read API's handler on the shared kit.
func New(k *kit.Kit) *Handler { return &Handler{Kit: k} }
