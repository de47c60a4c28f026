package models

import "time"

// DataVersion counts the writes to the data, so that every running instance of the app (and a
// server beside a `backers import` in another process) can tell its in-memory caches are stale:
// each write bumps the row in the transaction that makes it, and each instance watches the rows.
// ContestID 0 is the whole database; a row per contest lets a change be narrowed to its contest.
type DataVersion struct {
	ContestID uint  `gorm:"primaryKey;autoIncrement:false"`
	Version   int64 `gorm:"not null;default:0"`
	ChangedAt time.Time
}

// SchemaState records the fingerprint of the models the database was last migrated to, so an
// instance or a command starting on a database with nothing to migrate asks nothing of the
// catalog (GORM's AutoMigrate inspects every column and index, seconds on a busy PostgreSQL).
type SchemaState struct {
	Name        string `gorm:"primaryKey;size:64"`
	Fingerprint string `gorm:"size:64;not null"`
	MigratedAt  time.Time
}
