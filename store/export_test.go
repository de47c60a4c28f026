package store

import "github.com/backers/backers/models"

// SetLargeSpans makes a contest of n support spans or more large, so a test can run the
// who-backs-whom table by its large contests' plans (standingSized) on a small contest; it
// returns the number it replaced.
func (s *Store) SetLargeSpans(n int) (was int) {
	was, s.largeSpans = s.largeSpans, n
	return was
}

// SetNameWalk fixes how a large-or-small decision of the table sorted by name goes: true walks
// the endorsers' name index, false sorts the matched rows, nil decides by their numbers
// (currentByName). It returns the setting it replaced.
func (s *Store) SetNameWalk(walk *bool) (was *bool) {
	was, s.nameWalk = s.nameWalk, walk
	return was
}

// SetWalkCap fixes how a large contest's table page finds its current rows (walkPlan): a walk
// in the table's order (by day, or the endorsers by name) visiting at most *visits spans or
// endorsers (falling back to sorting where they hold too few), a sort where it is 0, or nil to
// decide by their numbers. It returns the setting it replaced.
func (s *Store) SetWalkCap(visits *int) (was *int) {
	was, s.walkCap = s.walkCap, visits
	return was
}

// SetRareSearch makes a search whose rarest trigram at most n endorsers hold rare, so that a
// large contest's table finds its endorsers first (rarestTrigram); 0 makes none rare. It
// returns the number it replaced.
func (s *Store) SetRareSearch(n int) (was int) {
	was, s.rareSearch = s.rareSearch, n
	return was
}

// EndorserTrigrams are the trigrams the table holds for an endorser, sorted.
func (s *Store) EndorserTrigrams(endorserID uint) ([]string, error) {
	var out []string
	err := s.db.Model(&models.EndorserTrigram{}).Where("endorser_id = ?", endorserID).Order("trigram").Pluck("trigram", &out).Error
	return out, err
}

// RarestTrigram is rarestTrigram, for a test of its choice.
func (s *Store) RarestTrigram(key string) (string, error) { return s.rarestTrigram(key) }

// RenameEndorsersWhere renames every endorser that cond picks in one UPDATE by condition, as
// no store method does, to show the store refuses it.
func (s *Store) RenameEndorsersWhere(cond, name string) error {
	return s.db.Model(&models.Endorser{}).Where(cond).Update("name", name).Error
}

// TrigramsOf is trigramsOf.
func TrigramsOf(key string) []string { return trigramsOf(key) }
