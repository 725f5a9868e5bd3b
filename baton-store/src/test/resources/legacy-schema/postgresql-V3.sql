CREATE TABLE claims (
  id           bigserial PRIMARY KEY,
  holder       text    NOT NULL UNIQUE,
  run          text    NOT NULL,
  step         text    NOT NULL,
  owner        text    NOT NULL,
  lease_until  bigint  NOT NULL,
  priority     integer NOT NULL,
  may_preempt  integer NOT NULL,
  needs        text    NOT NULL,
  granted      bigint,
  since        bigint  NOT NULL,
  preempted_by text
);
CREATE INDEX claims_owner ON claims (owner);

CREATE TABLE created_agents (
  name         text PRIMARY KEY,
  template     text   NOT NULL,
  role         text   NOT NULL,
  kind         text   NOT NULL,
  capabilities text   NOT NULL,
  run          text,
  reason       text   NOT NULL,
  created      bigint NOT NULL
);
