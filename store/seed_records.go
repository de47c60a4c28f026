package store

import (
	"fmt"

	"gorm.io/gorm"

	"github.com/backers/backers/models"
)

// The seed is loaded on every start, into a database that may already hold an older seed and
// what admins have entered since. Each record of its files has a seed key computed from the
// file's own fields, and a seed record (models.SeedRecord) once it has been applied: a record
// with one is never applied again, however an admin has since corrected, retracted or removed
// its row. The Unkeyed* questions beside each entity serve a database seeded before seed keys
// were kept: they find, once, the row an older seed made of a record by its natural key (as
// the seed matched records then), among the rows no seed record names yet.

// SeedRecords lists the records the seed has applied, by key.
func (s *Store) SeedRecords() (map[string]models.SeedRecord, error) {
	var rs []models.SeedRecord
	if err := s.db.Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("store: seed records: %w", err)
	}
	out := make(map[string]models.SeedRecord, len(rs))
	for _, r := range rs {
		out[r.Key] = r
	}
	return out, nil
}

// RecordSeed notes that the seed has applied the record key as the row rowID of model's table.
func (s *Store) RecordSeed(key string, model any, rowID uint) (models.SeedRecord, error) {
	table, err := s.table(model)
	if err != nil {
		return models.SeedRecord{}, err
	}
	r := models.SeedRecord{Key: key, Entity: table, RowID: rowID, AppliedAt: s.now().UTC()}
	if err := s.db.Create(&r).Error; err != nil {
		return r, fmt.Errorf("store: record seed %s: %w", key, err)
	}
	return r, nil
}

// table is the name of model's table, as seed records name it.
func (s *Store) table(model any) (string, error) {
	stmt := &gorm.Statement{DB: s.db}
	if err := stmt.Parse(model); err != nil {
		return "", fmt.Errorf("store: table of %T: %w", model, err)
	}
	return stmt.Schema.Table, nil
}

// unkeyedRow is the condition that no seed record names a row of the table given as its
// parameter.
const unkeyedRow = "id NOT IN (SELECT row_id FROM seed_records WHERE entity = ?)"

// unkeyed is the ID of the first row of model matching the condition that no seed record
// names, 0 for none.
func (s *Store) unkeyed(model any, where string, args ...any) (uint, error) {
	table, err := s.table(model)
	if err != nil {
		return 0, err
	}
	var ids []uint
	err = s.db.Model(model).Select("id").Where(where, args...).
		Where(unkeyedRow, table).
		Order("id").Limit(1).Scan(&ids).Error
	if err != nil {
		return 0, fmt.Errorf("store: unkeyed %s: %w", table, err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}
