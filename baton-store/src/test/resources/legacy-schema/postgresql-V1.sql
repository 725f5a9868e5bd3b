CREATE TABLE events (
  run  text   NOT NULL,
  seq  bigint NOT NULL,
  time bigint NOT NULL,
  type text   NOT NULL,
  data jsonb  NOT NULL,
  PRIMARY KEY (run, seq)
);

CREATE TABLE runs (
  id            bigserial PRIMARY KEY,
  run           text NOT NULL UNIQUE,
  workflow      text,
  state         text,
  priority      text,
  primary_agent text,
  started       bigint,
  ended         bigint,
  lease_owner   text,
  lease_until   bigint
);
CREATE INDEX runs_state ON runs (state);
CREATE INDEX runs_lease_owner ON runs (lease_owner);

CREATE TABLE commands (
  id      bigserial PRIMARY KEY,
  run     text   NOT NULL,
  kind    text   NOT NULL,
  task    text,
  action  text,
  args    jsonb  NOT NULL,
  by_name text   NOT NULL,
  note    text   NOT NULL,
  created bigint NOT NULL,
  done    bigint
);
CREATE INDEX commands_pending ON commands (run, id) WHERE done IS NULL;

CREATE TABLE human_tasks (
  id       text PRIMARY KEY,
  run      text   NOT NULL,
  kind     text   NOT NULL,
  question text   NOT NULL,
  options  jsonb  NOT NULL,
  step     text,
  reason   text,
  opened   bigint NOT NULL,
  decision text,
  args     jsonb,
  by_name  text,
  note     text,
  resolved bigint
);
CREATE INDEX human_tasks_open ON human_tasks (opened) WHERE decision IS NULL;

CREATE TABLE agent_status (
  agent    text PRIMARY KEY,
  run      text    NOT NULL,
  step     text,
  attempt  integer NOT NULL,
  progress integer,
  status   jsonb,
  time     bigint  NOT NULL
);
