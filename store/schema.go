package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"reflect"
	"time"

	"gorm.io/gorm"

	"github.com/backers/backers/models"
)

// schemaName is the SchemaState row of the models' schema.
const schemaName = "models"

// migrateLock is the PostgreSQL advisory lock instances starting together take in turn to
// migrate, so that two never create the same table at once.
const migrateLock = 7_401_826_157

// supersededIndexes are indexes the models no longer name, whose columns lead a wider one now.
var supersededIndexes = []string{"idx_endorsers_kind_id", "idx_endorsers_region"}

// migrate brings the database to the schema of models.All, unless it records that it is there.
func migrate(db *gorm.DB, dialect string) error {
	want := SchemaFingerprint()
	if db.Migrator().HasTable(&models.SchemaState{}) {
		var got []string
		if err := db.Raw("SELECT fingerprint FROM schema_states WHERE name = ?", schemaName).Scan(&got).Error; err != nil {
			return fmt.Errorf("store: schema state: %w", err)
		}
		if len(got) == 1 && got[0] == want {
			return nil
		}
	}
	apply := func(tx *gorm.DB) error {
		if err := tx.AutoMigrate(models.All()...); err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
		for _, index := range supersededIndexes {
			if err := tx.Exec("DROP INDEX IF EXISTS " + index).Error; err != nil {
				return fmt.Errorf("store: migrate: drop %s: %w", index, err)
			}
		}
		err := tx.Exec(`INSERT INTO schema_states (name, fingerprint, migrated_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint, migrated_at = excluded.migrated_at`,
			schemaName, want, time.Now().UTC()).Error
		if err != nil {
			return fmt.Errorf("store: record schema state: %w", err)
		}
		return nil
	}
	if dialect != DialectPostgres {
		// SQLite migrates as it always has: one process at a time holds its write lock anyway.
		return apply(db)
	}
	// DDL is transactional in PostgreSQL: the lock and the migration end with the commit.
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", migrateLock).Error; err != nil {
			return fmt.Errorf("store: migration lock: %w", err)
		}
		return apply(tx)
	})
}

// SchemaFingerprint names the schema models.All describes: every model's fields, with their
// types and GORM tags, in order. Any change to a model changes it, and the next Open migrates.
// Tests name the template database they copy fresh databases from by it.
func SchemaFingerprint() string {
	h := sha256.New()
	for _, m := range models.All() {
		writeFields(h, reflect.TypeOf(m).Elem())
	}
	return hex.EncodeToString(h.Sum(nil))
}

func writeFields(h hash.Hash, t reflect.Type) {
	fmt.Fprintf(h, "%s{", t.String())
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			writeFields(h, f.Type)
			continue
		}
		fmt.Fprintf(h, "%s %s %q;", f.Name, f.Type.String(), f.Tag)
	}
	fmt.Fprint(h, "}")
}
