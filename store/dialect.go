package store

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"shiftguard/roster"
)

// Everything that is specific to SQLite lives here (and in the
// migrations). Queries elsewhere use '?' placeholders, INSERT … RETURNING
// and ON CONFLICT … DO UPDATE, which PostgreSQL understands too once the
// placeholders are rebound to $n.

const driverName = "sqlite"

// backupSQL copies the live database into a new file.
const backupSQL = `VACUUM INTO ?`

// checkpointSQL moves the write-ahead log into the database file and
// empties the log.
const checkpointSQL = `PRAGMA wal_checkpoint(TRUNCATE)`

// dsn builds the modernc.org/sqlite connection string: WAL, foreign keys,
// a busy timeout and synchronous NORMAL on every connection; the writer
// pool starts its transactions with BEGIN IMMEDIATE so that two writers
// never deadlock on a lock upgrade.
func dsn(path string, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// A 64 MiB page cache and in-memory temporary files (statement
	// journals of multi-row inserts) keep bulk writes off the disk.
	q.Add("_pragma", "cache_size(-65536)")
	q.Add("_pragma", "temp_store(MEMORY)")
	// After a big import the write-ahead log shrinks back to 64 MiB.
	q.Add("_pragma", "journal_size_limit(67108864)")
	if writer {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// mapErr turns SQLite constraint failures into coded errors.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"):
		return roster.Errorf(roster.ECONFLICT, "already exists (%s)", constraintName(msg))
	case strings.Contains(msg, "FOREIGN KEY constraint failed"):
		return roster.Errorf(roster.EINVALID, "refers to something that does not exist")
	}
	return err
}

func constraintName(msg string) string {
	if i := strings.Index(msg, "failed: "); i >= 0 {
		s := msg[i+8:]
		if j := strings.IndexAny(s, " )"); j >= 0 {
			s = s[:j]
		}
		return s
	}
	return msg
}

// Column encodings shared by every query.

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func fromUnix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

func dateText(d roster.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// parseDate decodes a stored date; "" is the zero Date. Stored dates are
// always well-formed, so a fast fixed-position parse is enough.
func parseDate(s string) roster.Date {
	if len(s) != 10 {
		return roster.Date{}
	}
	n := func(a, b int) int {
		v := 0
		for i := a; i < b; i++ {
			v = v*10 + int(s[i]-'0')
		}
		return v
	}
	return roster.Date{Year: n(0, 4), Month: time.Month(n(5, 7)), Day: n(8, 10)}
}

func monthText(m roster.Month) string {
	if m.Year == 0 {
		return ""
	}
	return m.String()
}

func parseMonth(s string) roster.Month {
	if len(s) != 7 {
		return roster.Month{}
	}
	d := parseDate(s + "-01")
	return roster.MonthOf(d)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func itoa64(v int64) string { return strconv.FormatInt(v, 10) }
