CREATE TABLE claims (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  holder       TEXT    NOT NULL UNIQUE,
  run          TEXT    NOT NULL,
  step         TEXT    NOT NULL,
  owner        TEXT    NOT NULL,
  lease_until  INTEGER NOT NULL,
  priority     INTEGER NOT NULL,
  may_preempt  INTEGER NOT NULL,
  needs        TEXT    NOT NULL,
  granted      INTEGER,
  since        INTEGER NOT NULL,
  preempted_by TEXT
);
CREATE INDEX claims_owner ON claims (owner);

CREATE TABLE created_agents (
  name         TEXT PRIMARY KEY,
  template     TEXT    NOT NULL,
  role         TEXT    NOT NULL,
  kind         TEXT    NOT NULL,
  capabilities TEXT    NOT NULL,
  run          TEXT,
  reason       TEXT    NOT NULL,
  created      INTEGER NOT NULL
);
