package kit

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/store"
)

// ParamError says which query parameter was wrong and why; pages show it with a 400, the API
// returns it as JSON.
type ParamError struct {
	Param   string
	Message string
}

// Error says which parameter and why.
func (e *ParamError) Error() string { return e.Param + ": " + e.Message }

// BadRequest turns a parameter error into a 400 page; other errors pass through.
func BadRequest(err error) error {
	var pe *ParamError
	if errors.As(err, &pe) {
		return fiber.NewError(fiber.StatusBadRequest, "Bad filter: "+pe.Error())
	}
	return err
}

// APIError writes a JSON error naming the parameter that was wrong. Store failures are left to
// the error handler, which logs them and answers a generic 500.
func APIError(c *fiber.Ctx, err error) error {
	var pe *ParamError
	switch {
	case errors.As(err, &pe):
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": pe.Message, "param": pe.Param, "status": fiber.StatusBadRequest})
	case errors.Is(err, store.ErrNotFound):
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": notFoundMessage(c), "status": fiber.StatusNotFound})
	}
	return err
}

// notFoundMessage says which thing in the path does not exist.
func notFoundMessage(c *fiber.Ctx) string {
	if s := c.Params("slug"); s != "" {
		return fmt.Sprintf("no endorser %q", s)
	}
	return fmt.Sprintf("no contest %q", c.Params("contest"))
}
