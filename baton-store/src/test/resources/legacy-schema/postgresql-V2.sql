CREATE TABLE metric_buckets (
  agent             text    NOT NULL,
  task_type         text    NOT NULL,
  minute            bigint  NOT NULL,
  attempts          bigint  NOT NULL,
  succeeded         bigint  NOT NULL,
  success_millis    bigint  NOT NULL,
  steps             bigint  NOT NULL,
  escalated         bigint  NOT NULL,
  quality_sum       bigint  NOT NULL,
  quality_n         bigint  NOT NULL,
  collaboration_sum bigint  NOT NULL,
  collaboration_n   bigint  NOT NULL,
  satisfaction_sum  bigint  NOT NULL,
  satisfaction_n    bigint  NOT NULL,
  PRIMARY KEY (agent, task_type, minute)
);
CREATE INDEX metric_buckets_minute ON metric_buckets (minute);

CREATE TABLE alerts (
  id        text PRIMARY KEY,
  seq       bigint  NOT NULL,
  rule      text    NOT NULL,
  agent     text,
  task_type text,
  run       text,
  step      text,
  value     double precision NOT NULL,
  threshold double precision NOT NULL,
  message   text,
  raised    bigint  NOT NULL,
  resolved  bigint
);
CREATE INDEX alerts_seq ON alerts (seq);
