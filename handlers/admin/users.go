package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/form"
	"github.com/backers/backers/internal/secret"
	"github.com/backers/backers/models"
)

func (h *Handler) renderUsers(c *fiber.Ctx, status int, f *form.User, created, password string) error {
	users, err := h.Store.Users()
	if err != nil {
		return err
	}
	return h.renderAdmin(c, status, "admin/users", fiber.Map{"Title": "Accounts", "Users": users, "Form": f,
		"Created": created, "Password": password})
}

// GET /admin/users
func (h *Handler) adminUsers(c *fiber.Ctx) error {
	return h.renderUsers(c, fiber.StatusOK, form.NewUser(), "", "")
}

// POST /admin/users
func (h *Handler) createUser(c *fiber.Ctx) error {
	f := form.NewUser()
	f.Read(c, h.Now())
	if len(f.Validate()) > 0 {
		return h.renderUsers(c, fiber.StatusUnprocessableEntity, f, "", "")
	}
	// The password is generated and shown once, on this response only (no redirect to carry it).
	password := secret.Token(18)
	hash, err := secret.HashPassword(password)
	if err != nil {
		return err
	}
	u := &models.User{PasswordHash: hash}
	f.Apply(u)
	if err := h.editor(c).AddUser(u); err != nil {
		if isDuplicate(err) {
			f.Email.Fail("There is already an account with this address.")
			return h.renderUsers(c, fiber.StatusUnprocessableEntity, f, "", "")
		}
		return err
	}
	c.Set("Cache-Control", "no-store")
	return h.renderUsers(c, fiber.StatusCreated, form.NewUser(), u.Email, password)
}

// POST /admin/users/:id/disable
func (h *Handler) disableUser(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	if sess, err := h.currentSession(c); err == nil && sess.UserID == id {
		return fiber.NewError(fiber.StatusUnprocessableEntity, "You cannot disable your own account: another admin must.")
	}
	if err := h.editor(c).DisableUser(id); err != nil {
		return err
	}
	return c.Redirect("/admin/users", fiber.StatusSeeOther)
}
