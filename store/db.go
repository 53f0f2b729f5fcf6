// Package store keeps ShiftGuard's data in SQLite (modernc.org/sqlite, no
// cgo) and offers the one service layer through which every change passes,
// with role checks and an append-only audit trail in the same transaction.
//
// SQL is kept portable: plain TEXT and INTEGER columns, instants as unix
// seconds, dates as 'YYYY-MM-DD' text, '?' placeholders and RETURNING.
// What differs between SQLite and PostgreSQL lives in dialect.go and the
// migrations folder.
package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" driver

	"shiftguard/roster"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open ShiftGuard database.
type DB struct {
	path string
	rw   *sql.DB // one connection, BEGIN IMMEDIATE: every write
	ro   *sql.DB // readers; WAL lets them run beside the writer
}

// DefaultPath returns the default database file: ShiftGuard/shiftguard.db
// in the user's configuration folder ($XDG_CONFIG_HOME or ~/.config on
// Linux), or in $XDG_DATA_HOME when that is set, or the working folder as a
// last resort.
func DefaultPath() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "ShiftGuard", "shiftguard.db")
	}
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "ShiftGuard", "shiftguard.db")
	}
	return "shiftguard.db"
}

// Open opens (creating if needed) the database at path and applies pending
// migrations, each in its own transaction.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, roster.FieldErrorf("db", "database path is empty")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
	}
	rw, err := sql.Open(driverName, dsn(path, true))
	if err != nil {
		return nil, err
	}
	rw.SetMaxOpenConns(1)
	rw.SetConnMaxIdleTime(0)
	ro, err := sql.Open(driverName, dsn(path, false))
	if err != nil {
		rw.Close()
		return nil, err
	}
	ro.SetMaxOpenConns(4)
	db := &DB{path: path, rw: rw, ro: ro}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error {
	err1 := db.ro.Close()
	err2 := db.rw.Close()
	if err1 != nil {
		return err1
	}
	return err2
}

// Backup writes a consistent copy of the database to destPath, which must
// not exist yet.
func (db *DB) Backup(ctx context.Context, destPath string) error {
	if _, err := os.Stat(destPath); err == nil {
		return roster.Errorf(roster.ECONFLICT, "backup file %s already exists", destPath)
	}
	if err := os.MkdirAll(filepath.Dir(destPath), 0o755); err != nil {
		return err
	}
	_, err := db.rw.ExecContext(ctx, backupSQL, destPath)
	return err
}

// Checkpoint folds the write-ahead log into the database file, e.g. after
// a bulk load.
func (db *DB) Checkpoint(ctx context.Context) error {
	_, err := db.rw.ExecContext(ctx, checkpointSQL)
	return err
}

// migration is one numbered file of migrations/.
type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, f := range files {
		base := filepath.Base(f)
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its number", base)
		}
		b, err := migrationFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{n, base, string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// SchemaVersion returns the highest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := db.ro.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	return int(v.Int64), err
}

func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.rw.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return err
	}
	ms, err := migrations()
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := db.apply(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

func (db *DB) apply(ctx context.Context, m migration) error {
	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, time.Now().Unix()); err != nil {
		return err
	}
	return tx.Commit()
}
