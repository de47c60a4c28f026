package store

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

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

// Session returns the live session whose token hashes to tokenHash, with its user: not past
// its absolute end (ExpiresAt), used within idle, and of an account not disabled. Its LastSeenAt
// moves to now, at most once a minute, so that a page and its requests do not each write.
func (s *Store) Session(tokenHash string, now time.Time, idle time.Duration) (*models.Session, error) {
	var sess models.Session
	err := s.db.Preload("User").Where("token_hash = ? AND expires_at > ? AND last_seen_at > ?", tokenHash, now, now.Add(-idle)).
		First(&sess).Error
	if err != nil {
		return nil, fmt.Errorf("store: session: %w", notFound(err))
	}
	if sess.User.DisabledAt != nil {
		return nil, fmt.Errorf("store: session of a disabled account: %w", ErrNotFound)
	}
	if now.Sub(sess.LastSeenAt) >= time.Minute {
		if err := s.db.Model(&models.Session{}).Where("id = ?", sess.ID).Update("last_seen_at", now).Error; err != nil {
			return nil, fmt.Errorf("store: touch session: %w", err)
		}
		sess.LastSeenAt = now
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

// LoginKey is one count a sign-in attempt is held to: its name (which address, account, or
// both) and the most attempts it may have in one window.
type LoginKey struct {
	Name string
	Max  int
	// Delay, when set, is how long to wait after the n-th attempt of the window (n from 1)
	// before the next: the growing delays of OWASP ASVS 2.2.1.
	Delay func(n int) time.Duration
}

// ReserveLogin counts one sign-in attempt against every key, atomically and before the password
// is checked, in one transaction: the row of each key is created if need be, its window started
// again once it has passed, then taken by a conditional update (attempts below the maximum, no
// delay pending). If any key refuses, nothing is counted and ok is false. Two attempts at once
// cannot both take the last place: SQLite runs one write transaction at a time, and PostgreSQL
// makes the second update wait for the first's row lock and check its condition again.
func (s *Store) ReserveLogin(keys []LoginKey, now time.Time, window time.Duration) (ok bool, err error) {
	// A key with no delay pending has its next attempt allowed from long ago, not from now: an
	// attempt whose clock read a moment earlier, and whose transaction runs just after this one,
	// must not find itself too early.
	noDelay := time.Unix(0, 0).UTC()
	err = s.db.Transaction(func(tx *gormDB) error {
		for _, k := range keys {
			if err := tx.Clauses(clause.OnConflict{DoNothing: true}).
				Create(&models.LoginLimit{Name: k.Name, WindowStart: now, NextAt: noDelay}).Error; err != nil {
				return err
			}
			if err := tx.Model(&models.LoginLimit{}).Where("name = ? AND window_start <= ?", k.Name, now.Add(-window)).
				Updates(map[string]any{"attempts": 0, "window_start": now, "next_at": noDelay}).Error; err != nil {
				return err
			}
			res := tx.Model(&models.LoginLimit{}).Where("name = ? AND attempts < ? AND next_at <= ?", k.Name, k.Max, now).
				Update("attempts", gorm.Expr("attempts + 1"))
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				return errRefused
			}
			if k.Delay == nil {
				continue
			}
			// The row is this transaction's until it commits, so the count read is the one just made.
			var row models.LoginLimit
			if err := tx.Where("name = ?", k.Name).First(&row).Error; err != nil {
				return err
			}
			if d := k.Delay(row.Attempts); d > 0 {
				if err := tx.Model(&row).Update("next_at", now.Add(d)).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
	if errors.Is(err, errRefused) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: reserve login: %w", err)
	}
	return true, nil
}

// errRefused rolls back a reservation that a key refused.
var errRefused = errors.New("store: login limit reached")

// LoginSucceeded gives back what a successful attempt counted: the keys in clear start again
// from nothing (an address and account that signed in owe no delay); the others lose the one
// attempt it took.
func (s *Store) LoginSucceeded(clear, giveBack []string, now time.Time) error {
	err := s.db.Transaction(func(tx *gormDB) error {
		if len(clear) > 0 {
			if err := tx.Model(&models.LoginLimit{}).Where("name IN ?", clear).
				Updates(map[string]any{"attempts": 0, "window_start": now, "next_at": now}).Error; err != nil {
				return err
			}
		}
		if len(giveBack) > 0 {
			return tx.Model(&models.LoginLimit{}).Where("name IN ? AND attempts > 0", giveBack).
				Update("attempts", gorm.Expr("attempts - 1")).Error
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: login succeeded: %w", err)
	}
	return nil
}

// ForgetLoginLimits removes the counts whose window ended before a time, so the table holds
// only recent addresses.
func (s *Store) ForgetLoginLimits(before time.Time) error {
	if err := s.db.Where("window_start < ? AND next_at < ?", before, before).Delete(&models.LoginLimit{}).Error; err != nil {
		return fmt.Errorf("store: forget login limits: %w", err)
	}
	return nil
}
