package models

import "time"

// User roles. An admin may do everything, including users, contests and their rules; an editor
// keeps endorsers, endorsements, tallies, polls, odds, figures and public reports current.
const (
	RoleAdmin  = "admin"
	RoleEditor = "editor"
)

// MinPasswordLength is the shortest password an account may have.
const MinPasswordLength = 12

// User is an account that may sign in to /admin. Addresses are unique ignoring case, as sign-in
// matches them, held by an index on LOWER(email), which both databases compute alike for ASCII.
type User struct {
	ID           uint   `gorm:"primaryKey"`
	Email        string `gorm:"size:254;uniqueIndex;uniqueIndex:idx_users_email_folded,expression:LOWER(email);not null"`
	Role         string `gorm:"size:16;not null"`
	PasswordHash string `gorm:"size:200;not null" json:"-"`
	// DisabledAt, once set, stops the account signing in; its sessions ended when it was set.
	DisabledAt *time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Can reports whether the user's role grants what role requires: admins may do what editors may.
func (u User) Can(role string) bool {
	return u.Role == RoleAdmin || (u.Role == role && role == RoleEditor)
}

// Session is a signed-in browser. Only a hash of its token is stored, so a leaked database does
// not hand out live sessions; sessions live in the database so several instances can share them.
type Session struct {
	ID        uint   `gorm:"primaryKey"`
	TokenHash string `gorm:"size:64;uniqueIndex;not null"`
	UserID    uint   `gorm:"index;not null"`
	User      User   `gorm:"constraint:OnDelete:CASCADE"`
	// CSRFToken is sent back in every state-changing form or JSON write of this session.
	CSRFToken string    `gorm:"size:64;not null"`
	CreatedAt time.Time `gorm:"not null"`
	ExpiresAt time.Time `gorm:"not null;index"` // the absolute end, whatever the use
	// LastSeenAt is the session's last request (to the minute): an idle session ends.
	LastSeenAt time.Time
}

// LoginLimit counts the sign-in attempts of one key (an address, an account, or an address and
// an account together) in its current window, and says when the next may come. An attempt is
// counted before its password is checked, by a conditional update, so parallel attempts cannot
// all slip under the limit; a success gives its count back.
type LoginLimit struct {
	Name        string    `gorm:"primaryKey;size:400"`
	Attempts    int       `gorm:"not null"`
	WindowStart time.Time `gorm:"not null"`
	NextAt      time.Time `gorm:"not null"` // no attempt before this time (the growing delay)
}

// AuditEntry records one change made through the admin: who, when, what, and the record before
// and after as JSON. ContestID, where set, puts the change in that contest's public change log,
// which shows Summary and never the user.
type AuditEntry struct {
	ID        uint      `gorm:"primaryKey"`
	At        time.Time `gorm:"not null;index"`
	UserID    *uint     `gorm:"index"`
	UserEmail string    `gorm:"size:254"` // kept even if the account goes
	Action    string    `gorm:"size:32;not null;index"`
	Entity    string    `gorm:"size:32;not null;index"`
	EntityID  uint      `gorm:"index"`
	ContestID *uint     `gorm:"index"`
	Summary   string    `gorm:"size:1000"`
	Before    string    `gorm:"type:text"`
	After     string    `gorm:"type:text"`
}

// Audit actions.
const (
	AuditCreate   = "create"
	AuditEdit     = "edit"
	AuditWithdraw = "withdraw"
	AuditSwitch   = "switch"
	AuditRetract  = "retract"
	AuditAccept   = "accept"
	AuditReject   = "reject"
	AuditDisable  = "disable"
)

// Report states.
const (
	ReportOpen     = "open"
	ReportAccepted = "accepted"
	ReportRejected = "rejected"
)

// Report is a correction sent by a reader from /report: something missing or wrong, with a
// source. Editors accept it (and enter the change) or reject it with a note.
type Report struct {
	ID           uint   `gorm:"primaryKey"`
	EndorserSlug string `gorm:"size:120"`
	EventID      *uint
	Message      string    `gorm:"size:4000;not null"`
	SourceURL    string    `gorm:"size:1000;not null"`
	Contact      string    `gorm:"size:254"`
	Address      string    `gorm:"size:64;index"`
	CreatedAt    time.Time `gorm:"not null;index"`
	Status       string    `gorm:"size:16;not null;default:open;index"`
	ReviewNote   string    `gorm:"size:1000"`
	ReviewedBy   *uint
	ReviewedAt   *time.Time
}

// ImportUpload is a CSV file uploaded for import, kept between its preview and the user's
// confirmation, in the database so that any instance can finish the import.
type ImportUpload struct {
	ID        uint      `gorm:"primaryKey"`
	UserID    uint      `gorm:"index;not null"`
	Name      string    `gorm:"size:255"`
	Data      []byte    `gorm:"not null"`
	CreatedAt time.Time `gorm:"not null;index"`
}

// Secret is a random value the app makes once and keeps in the database, so that every
// instance sharing the database uses the same one: the key that signs the public report form's
// timestamp, for one.
type Secret struct {
	Name      string    `gorm:"primaryKey;size:64"`
	Value     string    `gorm:"size:200;not null" json:"-"`
	CreatedAt time.Time `gorm:"not null"`
}
