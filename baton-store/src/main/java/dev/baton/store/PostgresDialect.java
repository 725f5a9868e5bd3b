package dev.baton.store;

import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL 12 or newer: JSON as {@code jsonb}, instants as {@code bigint} microseconds since the
 * epoch (the same numbers as in SQLite, so both stores return identical entries), {@code bigserial}
 * keys for the creation order of runs and commands.
 */
public final class PostgresDialect implements SqlDialect {

  private static final String V1 =
      """
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
      """;

  /** Claims on resources and agent slots (the arbiter), and specialists created from templates. */
  private static final String V3 =
      """
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
      """;

  /** SQLSTATE of {@code unique_violation}. */
  private static final String UNIQUE_VIOLATION = "23505";

  private static final String DISK_FULL = "53100";
  private static final int MAX_REASON = 200;

  /** Monitoring (docs/monitoring.md): per-minute metric buckets and the alerts projection. */
  private static final String V2 =
      """
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
      """;

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public List<String> schema() {
    return List.of(V1, V2, V3);
  }

  @Override
  public boolean isUniqueViolation(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if (UNIQUE_VIOLATION.equals(s.getSQLState())) return true;
      if (s.getCause() instanceof SQLException c && UNIQUE_VIOLATION.equals(c.getSQLState()))
        return true;
    }
    return false;
  }

  @Override
  public boolean isDiskFull(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if (DISK_FULL.equals(s.getSQLState())) return true;
      if (s.getCause() instanceof SQLException c && DISK_FULL.equals(c.getSQLState())) return true;
    }
    return false;
  }

  /**
   * The first line of the server's message (its primary text, never the detail or context lines,
   * which quote the data) with the SQLSTATE. A batch error's own message is skipped: it quotes the
   * whole statement with its parameters.
   */
  @Override
  public String describe(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if (s instanceof java.sql.BatchUpdateException || s.getMessage() == null) continue;
      String m = s.getMessage().strip().lines().findFirst().orElse("").replaceFirst("^ERROR: ", "");
      if (m.isEmpty() || m.contains("INSERT ") || m.contains("UPDATE ")) continue;
      if (m.length() > MAX_REASON) m = m.substring(0, MAX_REASON) + "…";
      return m + " (SQLSTATE " + s.getSQLState() + ")";
    }
    return "database error (SQLSTATE " + e.getSQLState() + ")";
  }

  /** Serialises arbiters of every node: one claim decision at a time, readers not blocked. */
  @Override
  public void lockClaims(java.sql.Connection c) throws SQLException {
    try (java.sql.Statement st = c.createStatement()) {
      st.execute("LOCK TABLE claims IN SHARE ROW EXCLUSIVE MODE");
    }
  }

  @Override
  public String jsonParameter() {
    return "CAST(? AS jsonb)";
  }

  @Override
  public String lockRows() {
    return " FOR UPDATE";
  }
}
