package models

import "time"

// SeedRecord says the seed has applied one record of its data files, so that it never applies
// it again. Key names the record by the data file's own fields
// ("labour-2016/event/southport-clp/jeremy-corbyn/endorse"), never by what its row holds now:
// an admin may correct any field of the row, retract the event or remove the row, and the next
// start still finds the record applied. RowID is the row of table Entity the record became or,
// on a database seeded before seed records were kept, the row it was matched to once.
type SeedRecord struct {
	Key       string    `gorm:"primaryKey;size:500"`
	Entity    string    `gorm:"size:40;not null;index:idx_seed_record_row,priority:1"`
	RowID     uint      `gorm:"not null;index:idx_seed_record_row,priority:2"`
	AppliedAt time.Time `gorm:"not null"`
}
