// Package public serves the pages readers browse: dashboards, who backs whom, candidates,
// endorsers, methodology, the change log, the report form, and the exports and feeds.
package public

import (
	"sync"

	"github.com/backers/backers/handlers/kit"
)

// Handler serves the public pages.
type Handler struct {
	*kit.Kit

	formKeyMu sync.Mutex
	formKey   []byte // signs the report form's timestamp; from the database (reportKey)
}

// New is the public pages' handler on the shared kit.
func New(k *kit.Kit) *Handler { return &Handler{Kit: k} }
