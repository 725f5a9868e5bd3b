CREATE TABLE events (
  run  TEXT    NOT NULL,
  seq  INTEGER NOT NULL,
  time INTEGER NOT NULL,
  type TEXT    NOT NULL,
  data TEXT    NOT NULL,
  PRIMARY KEY (run, seq)
) WITHOUT ROWID;

CREATE TABLE runs (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  run           TEXT NOT NULL UNIQUE,
  workflow      TEXT,
  state         TEXT,
  priority      TEXT,
  primary_agent TEXT,
  started       INTEGER,
  ended         INTEGER,
  lease_owner   TEXT,
  lease_until   INTEGER
);
CREATE INDEX runs_state ON runs (state);
CREATE INDEX runs_lease_owner ON runs (lease_owner);

CREATE TABLE commands (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  run     TEXT    NOT NULL,
  kind    TEXT    NOT NULL,
  task    TEXT,
  action  TEXT,
  args    TEXT    NOT NULL,
  by_name TEXT    NOT NULL,
  note    TEXT    NOT NULL,
  created INTEGER NOT NULL,
  done    INTEGER
);
CREATE INDEX commands_pending ON commands (run, id) WHERE done IS NULL;

CREATE TABLE human_tasks (
  id       TEXT PRIMARY KEY,
  run      TEXT    NOT NULL,
  kind     TEXT    NOT NULL,
  question TEXT    NOT NULL,
  options  TEXT    NOT NULL,
  step     TEXT,
  reason   TEXT,
  opened   INTEGER NOT NULL,
  decision TEXT,
  args     TEXT,
  by_name  TEXT,
  note     TEXT,
  resolved INTEGER
);
CREATE INDEX human_tasks_open ON human_tasks (opened) WHERE decision IS NULL;

CREATE TABLE agent_status (
  agent    TEXT PRIMARY KEY,
  run      TEXT    NOT NULL,
  step     TEXT,
  attempt  INTEGER NOT NULL,
  progress INTEGER,
  status   TEXT,
  time     INTEGER NOT NULL
);
