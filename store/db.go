// Package store keeps ShiftGuard's data in SQLite (modernc.org/sqlite, no
// cgo) and offers the one service layer through which every change passes,
// with role checks and an append-only audit trail.
package store

import (
	"context"
	"database/sql"
)

// DB is an open ShiftGuard database.
type DB struct {
	path string
	rw   *sql.DB // one connection, BEGIN IMMEDIATE: every write
	ro   *sql.DB // readers (WAL lets them run beside the writer)
}

// Open opens (creating if needed) the database at path and applies pending
// migrations.
func Open(ctx context.Context, path string) (*DB, error) { return nil, errNotYet }

// Close closes the database.
func (db *DB) Close() error { return nil }
