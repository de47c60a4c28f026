package kit

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/store"
)

// BusyMessage is what a writer that met a long import on SQLite (store.ErrBusy) is told, with
// RetryAfterBusy seconds in its Retry-After header.
const (
	BusyMessage    = "An import is running, so nothing was saved. Try again shortly."
	RetryAfterBusy = "5"
)

// ParamError is the one error of a query parameter a route cannot honour: a day that is not a
// date, a slug that is not the contest's, a page out of range, a sort order or a parameter
// the route does not read. The router answers it with a 400 naming the parameter and what it
// takes: a page, or {"error","param","status"} on routes that answer JSON.
type ParamError struct {
	Param   string
	Message string
}

// Error says which parameter and why.
func (e *ParamError) Error() string { return e.Param + ": " + e.Message }

const jsonLocal = "kit.json"

// AnswersJSON marks the routes of its group as answering JSON, errors included.
func AnswersJSON(c *fiber.Ctx) error {
	c.Locals(jsonLocal, true)
	return c.Next()
}

// WantsJSON reports whether the request's errors are answered in JSON: on routes marked by
// AnswersJSON, and anywhere under /api/.
func WantsJSON(c *fiber.Ctx) bool {
	if b, _ := c.Locals(jsonLocal).(bool); b {
		return true
	}
	return len(c.Path()) >= 5 && c.Path()[:5] == "/api/"
}

// NotFound is a record the path names that is not there ("no contest \"x\""); it is a
// store.ErrNotFound, and JSON answers say which.
type NotFound struct{ What, Name string }

// Error names what is missing.
func (e *NotFound) Error() string { return fmt.Sprintf("no %s %q", e.What, e.Name) }

// Unwrap makes it a store.ErrNotFound.
func (e *NotFound) Unwrap() error { return store.ErrNotFound }

// NotFoundAs names what is missing when err is a store.ErrNotFound: NotFoundAs(err,
// "endorser", slug); other errors pass through.
func NotFoundAs(err error, what, name string) error {
	if errors.Is(err, store.ErrNotFound) {
		return &NotFound{What: what, Name: name}
	}
	return err
}
