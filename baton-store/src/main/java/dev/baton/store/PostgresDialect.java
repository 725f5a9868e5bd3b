package dev.baton.store;

import java.sql.SQLException;

/**
 * PostgreSQL 12 or newer: JSON as {@code jsonb}, instants as {@code bigint} microseconds since the
 * epoch (the same numbers as in SQLite, so both stores return identical entries), {@code bigserial}
 * keys for the creation order of runs and commands.
 */
public final class PostgresDialect implements SqlDialect {
  /** The first key of the advisory locks of claim decisions ("BTN"). */
  private static final int CLAIMS_LOCK_CLASS = 0x42544E;

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

  /**
   * Transaction-level advisory locks, one per name (its {@link String#hashCode}, under a key class
   * of Baton's own), taken in increasing key order so that two decisions never wait for each other
   * in a cycle. Decisions on other resources and every reader go on; two names with the same hash
   * only share a lock.
   */
  @Override
  public void lockClaims(java.sql.Connection c, java.util.Collection<String> names)
      throws SQLException {
    int[] keys = names.stream().mapToInt(String::hashCode).distinct().sorted().toArray();
    try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
      for (int key : keys) {
        ps.setInt(1, CLAIMS_LOCK_CLASS);
        ps.setInt(2, key);
        ps.execute();
      }
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
