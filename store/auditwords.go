package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/backers/backers/models"
)

// FieldChange is one field an audited edit changed, in words: "weight: 1 to 5".
type FieldChange struct {
	Field, Before, After string
}

// String says the change as the trail and the change log show it; a field shown for what it
// says of the record, not because it changed, is said as it stands ("reader's address: …").
func (f FieldChange) String() string {
	switch {
	case f.Before == f.After:
		return f.Field + ": " + f.After
	case f.Before == "":
		return f.Field + ": set to " + f.After
	case f.After == "":
		return f.Field + ": " + f.Before + " removed"
	}
	return f.Field + ": " + f.Before + " to " + f.After
}

// hiddenFields are kept in the trail's JSON for the record but say nothing to a reader: keys,
// bookkeeping timestamps and secrets.
var hiddenFields = []string{"ID", "CreatedAt", "UpdatedAt", "PasswordHash", "TokenHash", "CSRFToken", "Data", "NameKey"}

// privateFields are readers' personal data: shown to admins only, never in the public log.
var privateFields = []string{"Address", "Contact"}

// senderFields say who sent a record (a reader's report): shown, where they may be shown at
// all, whether or not the change moved them, so that an admin reviewing the trail of a report
// sees where it came from.
var senderFields = []string{"Address", "Contact"}

// fieldNames are the words for fields whose Go names do not read well split.
var fieldNames = map[string]string{
	"EffectiveOn": "effective date", "SortOrder": "order", "KindSlugs": "kinds", "Address": "reader's address", "Contact": "reader's contact",
	"OwnPoints": "points", "VotesFor": "votes for", "VotesAgainst": "votes against", "AsOf": "as of",
	"ReviewedBy": "reviewed by", "EventID": "event", "CandidateID": "candidate", "EndorserID": "endorser",
	"KindID": "kind", "ContestID": "contest", "UserID": "user",
	"OtherDenominator": "denominator per another source", "OtherRequired": "nominations required per another source",
	"OtherOf": "size of the body per another source",
}

// FieldChanges says, field by field, what an audit entry changed, in words, with the names of
// the candidates, endorsers and kinds its ids point to. Readers' addresses and contact
// details are left out unless private is true (the trail as admins see it), and then shown
// changed or not.
func (s *Store) FieldChanges(e models.AuditEntry, private bool) ([]FieldChange, error) {
	var before, after map[string]any
	if e.Before != "" {
		if err := json.Unmarshal([]byte(e.Before), &before); err != nil {
			return nil, nil // an entry whose record is not JSON has only its summary
		}
	}
	if e.After != "" {
		if err := json.Unmarshal([]byte(e.After), &after); err != nil {
			return nil, nil
		}
	}
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	var out []FieldChange
	for _, k := range sortedKeys(keys) {
		if slices.Contains(hiddenFields, k) || (!private && slices.Contains(privateFields, k)) {
			continue
		}
		b, a := before[k], after[k]
		sender := slices.Contains(senderFields, k)
		if e.Before != "" && jsonEqual(b, a) && !sender {
			continue // an edit shows what moved; a creation shows what was set
		}
		bw, err := s.fieldWords(k, b)
		if err != nil {
			return nil, err
		}
		aw, err := s.fieldWords(k, a)
		if err != nil {
			return nil, err
		}
		if bw == aw && (!sender || aw == "") {
			continue
		}
		out = append(out, FieldChange{Field: fieldName(k), Before: bw, After: aw})
	}
	return out, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// fieldName splits a Go field name into words: "DenominatorNote" is "denominator note",
// "SourceURL" is "source URL".
func fieldName(k string) string {
	if n, ok := fieldNames[k]; ok {
		return n
	}
	var words []string
	rs := []rune(k)
	start := 0
	for i := 1; i <= len(rs); i++ {
		if i == len(rs) || (unicode.IsUpper(rs[i]) && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1])))) {
			words = append(words, string(rs[start:i]))
			start = i
		}
	}
	for i, w := range words {
		if len(w) > 1 && strings.ToUpper(w) == w {
			continue // an initialism stays as it is
		}
		words[i] = strings.ToLower(w)
	}
	return strings.Join(words, " ")
}

// fieldWords renders one value of a field for a reader: names for ids, days for times,
// numbers without a trailing ".0"; "" for none.
func (s *Store) fieldWords(k string, v any) (string, error) {
	if v == nil {
		return "", nil
	}
	if n, ok := v.(float64); ok {
		table := map[string]string{"CandidateID": "candidates", "EndorserID": "endorsers", "KindID": "kinds", "ContestID": "contests"}[k]
		if table != "" {
			col := "name"
			if table == "contests" {
				col = "title"
			}
			var name string
			if err := s.db.Table(table).Where("id = ?", uint(n)).Select(col).Scan(&name).Error; err != nil {
				return "", fmt.Errorf("store: field words: %w", err)
			}
			if name != "" {
				return name, nil
			}
		}
		return strconv.FormatFloat(n, 'f', -1, 64), nil
	}
	switch v := v.(type) {
	case bool:
		if v {
			return "yes", nil
		}
		return "no", nil
	case string:
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			if t.IsZero() {
				return "", nil
			}
			return t.UTC().Format("2 Jan 2006 15:04"), nil
		}
		return v, nil
	}
	b, _ := json.Marshal(v)
	return string(b), nil
}
