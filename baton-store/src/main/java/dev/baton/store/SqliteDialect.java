package dev.baton.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite 3.35 or newer: JSON as text, instants as integer microseconds since the epoch, {@code
 * AUTOINCREMENT} keys for the creation order of runs and commands.
 *
 * <p>Write transactions start with {@code BEGIN IMMEDIATE}: the write lock is taken up front, so a
 * writer that meets another process's transaction waits in SQLite's busy handler instead of failing
 * at once with {@code SQLITE_BUSY} when a deferred read transaction tries to become a write.
 */
public final class SqliteDialect implements SqlDialect {

  private static final String V1 =
      """
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
      """;

  /** Monitoring (docs/monitoring.md): per-minute metric buckets and the alerts projection. */
  private static final String V2 =
      """
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
      """;

  /** Claims on resources and agent slots (the arbiter), and specialists created from templates. */
  private static final String V3 =
      """
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
      """;

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public List<String> schema() {
    return List.of(V1, V2, V3);
  }

  @Override
  public void begin(Connection c) throws SQLException {
    execute(c, "BEGIN IMMEDIATE");
  }

  @Override
  public void commit(Connection c) throws SQLException {
    execute(c, "COMMIT");
  }

  @Override
  public void rollback(Connection c) throws SQLException {
    try {
      execute(c, "ROLLBACK");
    } catch (SQLException e) {
      // SQLite may have rolled back by itself (e.g. after an I/O error): nothing is left to undo.
      if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) throw e;
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  @Override
  public boolean isDiskFull(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException s && s.getResultCode() == SQLiteErrorCode.SQLITE_FULL)
        return true;
      if (t instanceof SQLException q
          && q.getMessage() != null
          && q.getMessage().contains("SQLITE_FULL")) return true;
    }
    return false;
  }

  /**
   * SQLite's result code and its meaning ({@code SQLITE_FULL: Insertion failed because database is
   * full}); never the driver's message, which may quote the statement.
   */
  @Override
  public String describe(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException s && s.getResultCode() != SQLiteErrorCode.UNKNOWN_ERROR)
        return s.getResultCode().name() + ": " + s.getResultCode().message;
    }
    String m = e.getMessage() == null ? "" : e.getMessage();
    java.util.regex.Matcher code =
        java.util.regex.Pattern.compile("\\[(SQLITE_[A-Z_]+)]").matcher(m);
    if (code.find()) {
      for (SQLiteErrorCode c : SQLiteErrorCode.values())
        if (c.name().equals(code.group(1))) return c.name() + ": " + c.message;
      return code.group(1);
    }
    return "database error (" + e.getClass().getSimpleName() + ")";
  }

  @Override
  public boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException s
          && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
              || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)) {
        return true;
      }
      if (t instanceof SQLException q
          && q.getMessage() != null
          && q.getMessage().contains("UNIQUE constraint failed")) {
        return true;
      }
    }
    return false;
  }
}
