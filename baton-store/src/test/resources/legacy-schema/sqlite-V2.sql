CREATE TABLE metric_buckets (
  agent             TEXT    NOT NULL,
  task_type         TEXT    NOT NULL,
  minute            INTEGER NOT NULL,
  attempts          INTEGER NOT NULL,
  succeeded         INTEGER NOT NULL,
  success_millis    INTEGER NOT NULL,
  steps             INTEGER NOT NULL,
  escalated         INTEGER NOT NULL,
  quality_sum       INTEGER NOT NULL,
  quality_n         INTEGER NOT NULL,
  collaboration_sum INTEGER NOT NULL,
  collaboration_n   INTEGER NOT NULL,
  satisfaction_sum  INTEGER NOT NULL,
  satisfaction_n    INTEGER NOT NULL,
  PRIMARY KEY (agent, task_type, minute)
) WITHOUT ROWID;
CREATE INDEX metric_buckets_minute ON metric_buckets (minute);

CREATE TABLE alerts (
  id        TEXT PRIMARY KEY,
  seq       INTEGER NOT NULL,
  rule      TEXT    NOT NULL,
  agent     TEXT,
  task_type TEXT,
  run       TEXT,
  step      TEXT,
  value     REAL    NOT NULL,
  threshold REAL    NOT NULL,
  message   TEXT,
  raised    INTEGER NOT NULL,
  resolved  INTEGER
);
CREATE INDEX alerts_seq ON alerts (seq);
