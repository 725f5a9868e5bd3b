package dev.baton.store;

import java.sql.SQLException;

/**
 * PostgreSQL 12 or newer: JSON as {@code jsonb}, instants as {@code bigint} microseconds since the
 * epoch (the same numbers as in SQLite, so both stores return identical entries), {@code bigserial}
 * keys for the creation order of runs and commands.
 */
public final class PostgresDialect implements SqlDialect {

  /** SQLSTATE of {@code unique_violation}. */
  private static final String UNIQUE_VIOLATION = "23505";

  private static final String DISK_FULL = "53100";
  private static final int MAX_REASON = 200;

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String word(Word word) {
    return switch (word) {
      case TEXT -> "text";
      case INT -> "integer";
      case BIGINT -> "bigint";
      case REAL -> "double precision";
      case JSON -> "jsonb";
      case KEY -> "bigserial PRIMARY KEY";
      case WITHOUT_ROWID -> "";
    };
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
