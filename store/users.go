package store

import (
	"fmt"

	"github.com/backers/backers/models"
)

// CreateUser inserts an account; the caller has hashed the password.
func (s *Store) CreateUser(u *models.User) error {
	if err := s.db.Create(u).Error; err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	return nil
}

// UserByEmail returns the account with this e-mail address, ignoring case.
func (s *Store) UserByEmail(email string) (*models.User, error) {
	var u models.User
	if err := s.db.Where("LOWER(email) = LOWER(?)", email).First(&u).Error; err != nil {
		return nil, fmt.Errorf("store: user by email: %w", notFound(err))
	}
	return &u, nil
}

// Users lists every account.
func (s *Store) Users() ([]models.User, error) {
	var us []models.User
	if err := s.db.Order("email").Find(&us).Error; err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	return us, nil
}

// AddUser creates an account; the caller has hashed the password (which the trail never holds).
func (ed *Editor) AddUser(u *models.User) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		n, err := tx.count(&models.User{}, "LOWER(email) = LOWER(?)", u.Email)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, ErrDuplicate
		}
		return tx.createAudited("user", 0, "New "+u.Role+": "+u.Email, u, func() uint { return u.ID })
	})
}

// DisableUser disables an account and ends every session of it, in one transaction: it can no
// longer sign in, and a browser signed in as it is signed out at its next request.
func (ed *Editor) DisableUser(id uint) error {
	return ed.audited(func(tx *Store) ([]change, error) {
		var u models.User
		if err := tx.db.First(&u, id).Error; err != nil {
			return nil, fmt.Errorf("store: disable user: %w", notFound(err))
		}
		if u.DisabledAt != nil {
			return nil, nil
		}
		before := u
		at := tx.now().UTC()
		if err := tx.db.Model(&u).Update("disabled_at", at).Error; err != nil {
			return nil, fmt.Errorf("store: disable user: %w", err)
		}
		u.DisabledAt = &at
		if err := tx.db.Where("user_id = ?", id).Delete(&models.Session{}).Error; err != nil {
			return nil, fmt.Errorf("store: end sessions of a disabled user: %w", err)
		}
		return []change{{action: models.AuditDisable, entity: "user", entityID: id,
			summary: "Disabled " + u.Email, before: before, after: u}}, nil
	})
}
