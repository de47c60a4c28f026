package store

// SQLite plans without statistics here (no ANALYZE is run), by the shape of the query and the
// indexes alone, so where it would choose an index that reads far more than another, the query
// says which. These are the two ways it is told that PostgreSQL, which plans by its statistics,
// is spared; a third, a text column joined to '' (start_on || ''), keeps SQLite off an index on
// it and means the same to both, so it is written in place.

// indexedBy is SQLite's clause naming the one index a table (written just before it) is read
// through, for a plan known to be right; empty on PostgreSQL.
func indexedBy(dialect, index string) string {
	if dialect == DialectPostgres {
		return ""
	}
	return " INDEXED BY " + index
}

// unindexed is expr, a condition's column or an ORDER BY list, behind SQLite's unary plus,
// which keeps any index from answering the condition or giving rows in the order of the list's
// first column; expr as it is on PostgreSQL, which has no unary plus for a date held as text.
func unindexed(dialect, expr string) string {
	if dialect == DialectPostgres {
		return expr
	}
	return "+" + expr
}
