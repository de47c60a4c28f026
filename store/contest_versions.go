package store

import (
	"sync"
	"time"

	"github.com/backers/backers/models"
)

// Data versions say when cached answers are stale. Every write bumps the store's version
// (Version), which pages showing everything (the contest list, endorsers' pages, search) are
// kept under. A write that touches one contest also stamps that contest with the new version,
// and pages of one contest are kept under its stamp (ContestVersion), so a busy night's
// endorsements in one contest leave the others' cached pages alone. A write whose reach is
// not known (a new kind, a renamed contest, the seed) stamps every contest at once: the epoch.

// contestStamp is the version and wall-clock time of a contest's last write.
type contestStamp struct {
	version  int64
	modified int64 // Unix nanoseconds
}

// versions holds the stamps of the contests written since the store opened, and the contests'
// IDs by slug for the handlers that know a contest by its address.
type versions struct {
	mu       sync.RWMutex
	epoch    contestStamp
	contests map[uint]contestStamp
	slugs    map[string]uint // loaded on demand; emptied with every epoch (a slug may change)
}

// scope is what a transaction's writes reach: some contests, or everything.
type scope struct {
	contests map[uint]bool
	all      bool
}

func (sc *scope) touch(contestID uint) {
	if sc.contests == nil {
		sc.contests = map[uint]bool{}
	}
	sc.contests[contestID] = true
}

// touchContest records, inside a transaction, that a write changed what a contest's pages show;
// outside one (where nothing narrower is known of the write) it counts as Touch.
func (s *Store) touchContest(contestID uint) {
	if s.pending != nil {
		s.pending.scope.touch(contestID)
		return
	}
	s.Touch()
}

// commitScope bumps the version once a transaction's writes are committed and stamps the
// contests they reached (all of them when the reach is unknown or nothing narrower was said).
func (s *Store) commitScope(sc *scope) {
	now := time.Now().UnixNano()
	s.modified.Store(now)
	v := s.version.Add(1)
	stamp := contestStamp{version: v, modified: now}
	s.versions.mu.Lock()
	defer s.versions.mu.Unlock()
	if sc.all || len(sc.contests) == 0 {
		s.versions.epoch = stamp
		s.versions.contests = map[uint]contestStamp{}
		s.versions.slugs = map[string]uint{}
		return
	}
	for c := range sc.contests {
		s.versions.contests[c] = stamp
	}
}

// ContestVersion is the data version of one contest's pages (its dashboard, embeds, images,
// exports and API answers) and when its data last changed: it changes with every write that
// touches the contest, and with writes that may touch any, but not with another contest's.
func (s *Store) ContestVersion(contestID uint) (int64, time.Time) {
	s.versions.mu.RLock()
	defer s.versions.mu.RUnlock()
	st, ok := s.versions.contests[contestID]
	if !ok {
		st = s.versions.epoch
	}
	return st.version, time.Unix(0, st.modified)
}

// ContestVersionBySlug is ContestVersion for a contest known by its slug. For a slug that
// names no contest it gives the store's version, which no other contest's write leaves alone
// either. The slug is looked up once per epoch.
func (s *Store) ContestVersionBySlug(slug string) (int64, time.Time) {
	s.versions.mu.RLock()
	id, ok := s.versions.slugs[slug]
	s.versions.mu.RUnlock()
	if !ok {
		var c models.Contest
		if err := s.db.Select("id").Where("slug = ?", slug).Limit(1).Find(&c).Error; err != nil || c.ID == 0 {
			return s.Version(), s.LastModified()
		}
		id = c.ID
		s.versions.mu.Lock()
		s.versions.slugs[slug] = id
		s.versions.mu.Unlock()
	}
	return s.ContestVersion(id)
}
