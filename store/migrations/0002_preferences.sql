-- ShiftGuard schema, version 2: agents' shift preferences (排班意愿).
-- shift '' means any shift (a wish for the day off); on is 1 for a wish to
-- work the shift and 0 for a wish not to. A preference is never deleted:
-- withdrawing it (by its agent, a manager, or a newer preference for the
-- same day) sets withdrawn_at, withdrawn_by and withdraw_reason. At most one
-- preference per employee and date is active (withdrawn_at = 0); the
-- service layer keeps that rule. The shift has no foreign key because ''
-- names no shift type; the service checks the code.

CREATE TABLE shift_preferences (
    id              INTEGER PRIMARY KEY,
    employee        TEXT NOT NULL REFERENCES employees(code),
    date            TEXT NOT NULL,
    shift           TEXT NOT NULL DEFAULT '',
    on_shift        INTEGER NOT NULL,
    weight          INTEGER NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    withdrawn_at    INTEGER NOT NULL DEFAULT 0,
    withdrawn_by    TEXT NOT NULL DEFAULT '',
    withdraw_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX shift_preferences_date ON shift_preferences(date, employee);
