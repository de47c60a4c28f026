package admin

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/kit"
	"github.com/backers/backers/internal/secret"
	"github.com/backers/backers/models"
)

func userForm() *kit.Form {
	return &kit.Form{Action: "/admin/users", Submit: "Create account", Fields: []*kit.Field{
		{Name: "email", Label: "E-mail", Type: "email", Required: true, Max: 254},
		{Name: "role", Label: "Role", Type: "select", Required: true, Value: models.RoleEditor, Options: choices(models.RoleEditor, models.RoleAdmin)},
	}}
}

func (h *Handler) renderUsers(c *fiber.Ctx, status int, f *kit.Form, created, password string) error {
	users, err := h.Store.Users()
	if err != nil {
		return err
	}
	return h.renderAdmin(c, status, "admin/users", fiber.Map{"Title": "Accounts", "Users": users, "Form": f,
		"Created": created, "Password": password})
}

// GET /admin/users
func (h *Handler) adminUsers(c *fiber.Ctx) error {
	return h.renderUsers(c, fiber.StatusOK, userForm(), "", "")
}

// POST /admin/users
func (h *Handler) createUser(c *fiber.Ctx) error {
	f := userForm()
	f.Read(c)
	f.Validate(h.Now())
	if !f.OK() {
		return h.renderUsers(c, fiber.StatusUnprocessableEntity, f, "", "")
	}
	// The password is generated and shown once, on this response only (no redirect to carry it).
	password := secret.Token(18)
	hash, err := secret.HashPassword(password)
	if err != nil {
		return err
	}
	u := &models.User{Email: strings.ToLower(f.Get("email")), Role: f.Get("role"), PasswordHash: hash}
	if err := h.editor(c).AddUser(u); err != nil {
		if isDuplicate(err) {
			f.Fail("email", "There is already an account with this address.")
			return h.renderUsers(c, fiber.StatusUnprocessableEntity, f, "", "")
		}
		return err
	}
	c.Set("Cache-Control", "no-store")
	return h.renderUsers(c, fiber.StatusCreated, userForm(), u.Email, password)
}
