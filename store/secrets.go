package store

import (
	"fmt"

	"gorm.io/gorm/clause"

	"github.com/backers/backers/models"
)

// Secret returns the secret called name, making it with generate on first use. Several
// instances may start at once on one database: each offers its own value, the first insert
// wins (the others do nothing on the conflict), and all of them read back the winner.
func (s *Store) Secret(name string, generate func() string) (string, error) {
	row := models.Secret{Name: name, Value: generate(), CreatedAt: s.now().UTC()}
	if err := s.db.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
		return "", fmt.Errorf("store: secret %s: %w", name, err)
	}
	var kept models.Secret
	if err := s.db.Where("name = ?", name).First(&kept).Error; err != nil {
		return "", fmt.Errorf("store: secret %s: %w", name, notFound(err))
	}
	return kept.Value, nil
}
