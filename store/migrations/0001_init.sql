-- ShiftGuard schema, version 1.
-- Plain types only: TEXT, INTEGER. Instants are INTEGER unix seconds (UTC),
-- calendar dates TEXT 'YYYY-MM-DD', months TEXT 'YYYY-MM', booleans INTEGER 0/1.
-- SQLite-only parts (INTEGER PRIMARY KEY as rowid, the append-only triggers)
-- are marked; a PostgreSQL migration set uses BIGSERIAL and rules instead.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE employees (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    team       TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1,
    max_nights INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX employees_team ON employees(team, code);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    employee_code TEXT REFERENCES employees(code),
    password_hash TEXT NOT NULL,
    pin_hash      TEXT NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL
);
CREATE INDEX users_employee ON users(employee_code);

CREATE TABLE shift_types (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL DEFAULT '',
    start_min      INTEGER NOT NULL,
    end_min        INTEGER NOT NULL,
    post           TEXT NOT NULL DEFAULT '',
    handover       INTEGER NOT NULL DEFAULT 1,
    meal_break_min INTEGER NOT NULL DEFAULT 0,
    color          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE coverage (
    id       INTEGER PRIMARY KEY,
    shift    TEXT NOT NULL REFERENCES shift_types(code),
    weekday  INTEGER NOT NULL DEFAULT -1,
    date     TEXT NOT NULL DEFAULT '',
    required INTEGER NOT NULL
);

CREATE TABLE assignments (
    id       INTEGER PRIMARY KEY,
    employee TEXT NOT NULL REFERENCES employees(code),
    date     TEXT NOT NULL,
    shift    TEXT NOT NULL REFERENCES shift_types(code),
    locked   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (employee, date)
);
-- Covering index: the roster grid and evaluation read a period's cells from it alone.
CREATE INDEX assignments_date ON assignments(date, employee, shift, locked);

CREATE TABLE published_months (
    month        TEXT PRIMARY KEY,
    published_by TEXT NOT NULL,
    published_at INTEGER NOT NULL
);

CREATE TABLE leaves (
    id          INTEGER PRIMARY KEY,
    employee    TEXT NOT NULL REFERENCES employees(code),
    date        TEXT NOT NULL,
    type        TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    approved_by TEXT NOT NULL,
    UNIQUE (employee, date)
);
CREATE INDEX leaves_date ON leaves(date);

CREATE TABLE post_leaves (
    id          INTEGER PRIMARY KEY,
    employee    TEXT NOT NULL REFERENCES employees(code),
    from_at     INTEGER NOT NULL,
    to_at       INTEGER NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    approved_by TEXT NOT NULL
);
CREATE INDEX post_leaves_from ON post_leaves(from_at);

-- Events are append-only: a correction is a new row naming the row it supersedes.
-- The hottest table: a million rows a year. It has no foreign key on employee
-- (the service layer checks every code; employees are never deleted) and one
-- index on time; per-employee queries always carry a time range.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    employee    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    at          INTEGER NOT NULL,
    recorded_by TEXT NOT NULL,
    source      TEXT NOT NULL,
    supersedes  INTEGER REFERENCES events(id),
    void        INTEGER NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL DEFAULT '',
    recorded_at INTEGER NOT NULL
);
CREATE INDEX events_at ON events(at);
CREATE INDEX events_supersedes ON events(supersedes) WHERE supersedes IS NOT NULL;

CREATE TABLE handover_notes (
    id         INTEGER PRIMARY KEY,
    employee   TEXT NOT NULL REFERENCES employees(code),
    date       TEXT NOT NULL,
    shift      TEXT NOT NULL,
    written_at INTEGER NOT NULL,
    text       TEXT NOT NULL
);
CREATE INDEX handover_notes_date ON handover_notes(date);

CREATE TABLE handover_acks (
    note_id  INTEGER NOT NULL REFERENCES handover_notes(id),
    employee TEXT NOT NULL REFERENCES employees(code),
    at       INTEGER NOT NULL,
    PRIMARY KEY (note_id, employee)
);

CREATE TABLE daily_logs (
    id       INTEGER PRIMARY KEY,
    employee TEXT NOT NULL REFERENCES employees(code),
    at       INTEGER NOT NULL,
    mood     INTEGER NOT NULL DEFAULT 0,
    text     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX daily_logs_at ON daily_logs(at);

CREATE TABLE swap_requests (
    id           INTEGER PRIMARY KEY,
    requester    TEXT NOT NULL REFERENCES employees(code),
    date         TEXT NOT NULL,
    other        TEXT NOT NULL REFERENCES employees(code),
    other_date   TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    decided_by   TEXT NOT NULL DEFAULT '',
    decided_at   INTEGER NOT NULL DEFAULT 0,
    decide_note  TEXT NOT NULL DEFAULT '',
    requested_at INTEGER NOT NULL
);

CREATE TABLE policy_versions (
    version    INTEGER PRIMARY KEY,
    policy     TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    reason     TEXT NOT NULL DEFAULT ''
);

-- Judged violations: never deleted; a re-evaluation that no longer finds one
-- sets superseded = 1 and keeps its status and decision.
CREATE TABLE violations (
    id             INTEGER PRIMARY KEY,
    employee       TEXT NOT NULL REFERENCES employees(code),
    date           TEXT NOT NULL,
    shift          TEXT NOT NULL,
    rule           TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    minutes        INTEGER NOT NULL,
    points         INTEGER NOT NULL,
    policy_version INTEGER NOT NULL,
    evidence       TEXT NOT NULL DEFAULT '[]',
    status         TEXT NOT NULL,
    judged_at      INTEGER NOT NULL,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     INTEGER NOT NULL DEFAULT 0,
    reason         TEXT NOT NULL DEFAULT '',
    superseded     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (employee, date, shift, rule, seq)
);
CREATE INDEX violations_date ON violations(date);

CREATE TABLE discipline_actions (
    id          INTEGER PRIMARY KEY,
    employee    TEXT NOT NULL REFERENCES employees(code),
    level       INTEGER NOT NULL,
    points      INTEGER NOT NULL,
    proposed_at INTEGER NOT NULL,
    status      TEXT NOT NULL,
    decided_by  TEXT NOT NULL DEFAULT '',
    decided_at  INTEGER NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL DEFAULT '',
    fine_cents  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX discipline_actions_employee ON discipline_actions(employee);

CREATE TABLE rewards (
    id         INTEGER PRIMARY KEY,
    employee   TEXT NOT NULL REFERENCES employees(code),
    kind       TEXT NOT NULL,
    month      TEXT NOT NULL DEFAULT '',
    date       TEXT NOT NULL DEFAULT '',
    points     INTEGER NOT NULL DEFAULT 0,
    reason     TEXT NOT NULL DEFAULT '',
    awarded_by TEXT NOT NULL,
    awarded_at INTEGER NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rewards_employee ON rewards(employee);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL DEFAULT '',
    before    TEXT NOT NULL DEFAULT '',
    after     TEXT NOT NULL DEFAULT '',
    reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_at ON audit_log(at);

-- SQLite only: the audit log and the events are append-only.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
