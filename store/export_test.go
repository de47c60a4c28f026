package store

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
