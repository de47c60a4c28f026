package admin

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// intPtr parses an optional whole number (already validated).
func intPtr(v string) *int {
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return nil
	}
	return &n
}

func atoi(v string) int { n, _ := strconv.Atoi(v); return n }

func atof(v string) float64 { f, _ := strconv.ParseFloat(v, 64); return f }

func itoa(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func checked(b bool) string {
	if b {
		return "on"
	}
	return ""
}

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
