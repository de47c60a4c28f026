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
