package admin

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// parseID reads a positive numeric route parameter, or 404s.
func parseID(c *fiber.Ctx, name string) (uint, error) {
	n, err := strconv.ParseUint(c.Params(name), 10, 32)
	if err != nil || n == 0 {
		return 0, fiber.ErrNotFound
	}
	return uint(n), nil
}

// routeRecord loads the record named by the route's :id; an id that is not a number is a 404.
func routeRecord[T any](c *fiber.Ctx, load func(id uint) (*T, error)) (*T, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return nil, err
	}
	return load(id)
}
