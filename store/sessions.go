package store

import (
	"fmt"
	"time"

	"github.com/backers/backers/models"
)

// CreateSession stores a new session and clears expired ones.
func (s *Store) CreateSession(sess *models.Session) error {
	if err := s.db.Where("expires_at <= ?", sess.CreatedAt).Delete(&models.Session{}).Error; err != nil {
		return fmt.Errorf("store: clear expired sessions: %w", err)
	}
	if err := s.db.Omit("User").Create(sess).Error; err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// Session returns the unexpired session whose token hashes to tokenHash, with its user.
func (s *Store) Session(tokenHash string, now time.Time) (*models.Session, error) {
	var sess models.Session
	err := s.db.Preload("User").Where("token_hash = ? AND expires_at > ?", tokenHash, now).First(&sess).Error
	if err != nil {
		return nil, fmt.Errorf("store: session: %w", notFound(err))
	}
	return &sess, nil
}

// DeleteSession ends a session (logout).
func (s *Store) DeleteSession(tokenHash string) error {
	if err := s.db.Where("token_hash = ?", tokenHash).Delete(&models.Session{}).Error; err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// RecordLoginAttempt remembers one try at signing in, forgetting those older than a day.
func (s *Store) RecordLoginAttempt(a *models.LoginAttempt) error {
	if err := s.db.Where("at < ?", a.At.Add(-24*time.Hour)).Delete(&models.LoginAttempt{}).Error; err != nil {
		return fmt.Errorf("store: forget old login attempts: %w", err)
	}
	if err := s.db.Create(a).Error; err != nil {
		return fmt.Errorf("store: record login attempt: %w", err)
	}
	return nil
}

// FailedLogins counts failed sign-ins since a time from one address and for one account.
func (s *Store) FailedLogins(address, email string, since time.Time) (byAddress, byEmail int64, err error) {
	failed := func() *gormDB {
		return s.db.Model(&models.LoginAttempt{}).Where("success = ? AND at > ?", false, since)
	}
	if err := failed().Where("address = ?", address).Count(&byAddress).Error; err != nil {
		return 0, 0, fmt.Errorf("store: failed logins: %w", err)
	}
	if err := failed().Where("LOWER(email) = LOWER(?)", email).Count(&byEmail).Error; err != nil {
		return 0, 0, fmt.Errorf("store: failed logins: %w", err)
	}
	return byAddress, byEmail, nil
}
