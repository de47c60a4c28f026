// Package admin serves the editors' rooms under /admin: sign-in, entry, import, corrections,
// reports, contests and users. Every route but the sign-in page is listed in Routes, behind
// its role and CSRF guard.
package admin

import "github.com/backers/backers/handlers/kit"

// Handler serves the admin pages.
type Handler struct {
	*kit.Kit
}

// New is the admin's handler on the shared kit.
func New(k *kit.Kit) *Handler { return &Handler{Kit: k} }
