package store

// SetLargeSpans makes a contest of n support spans or more large, so a test can run the
// who-backs-whom table's endorser filters by either plan (largeContest) on a small contest; it
// returns the number it replaced.
func (s *Store) SetLargeSpans(n int) (was int) {
	was, s.largeSpans = s.largeSpans, n
	return was
}
