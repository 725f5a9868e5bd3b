package dev.baton.store.internal;

import dev.baton.BatonException;
import dev.baton.store.SqliteDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Brings a SQLite file's schema to the latest version without Flyway, so that an application on
 * SQLite alone does not carry it: SQLite's schema changes are transactional, and the caller already
 * holds the file's migration lock (Flyway has none across processes for SQLite), so the whole
 * migration is one {@code BEGIN IMMEDIATE} transaction that either applies every missing version or
 * none.
 *
 * <p>The history is Flyway's table, {@code baton_schema_history}, with Flyway's columns: a store
 * migrated by Flyway before opens as it is, and PostgreSQL stores (migrated by Flyway, {@link
 * Migrations}) keep the same record. As Flyway does, a version applied with a different script, a
 * failed version, or a version newer than this Baton knows is refused, and nothing changes.
 */
final class SqliteMigrations {
  private static final String HISTORY =
      """
      CREATE TABLE IF NOT EXISTS baton_schema_history (
        installed_rank INT          NOT NULL PRIMARY KEY,
        version        VARCHAR(50),
        description    VARCHAR(200) NOT NULL,
        type           VARCHAR(20)  NOT NULL,
        script         VARCHAR(1000) NOT NULL,
        checksum       INT,
        installed_by   VARCHAR(100) NOT NULL,
        installed_on   TEXT         NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),
        execution_time INT          NOT NULL,
        success        BOOLEAN      NOT NULL
      )\
      """;

  private static final String HISTORY_INDEX =
      "CREATE INDEX IF NOT EXISTS baton_schema_history_s_idx ON baton_schema_history (success)";

  private static final String APPLIED =
      "SELECT installed_rank, version, checksum, success FROM baton_schema_history"
          + " ORDER BY installed_rank";

  private static final String RECORD =
      """
      INSERT INTO baton_schema_history
        (installed_rank, version, description, type, script, checksum, installed_by,
         execution_time, success)
      VALUES (?, ?, ?, 'JDBC', ?, ?, 'baton', ?, 1)
      """;

  private SqliteMigrations() {}

  static void migrate(DataSource dataSource) {
    SqliteDialect dialect = new SqliteDialect();
    List<String> schema = Schema.scripts(dialect);
    try (Connection c = dataSource.getConnection()) {
      dialect.begin(c);
      try {
        migrate(c, schema);
        dialect.commit(c);
      } catch (SQLException | RuntimeException e) {
        dialect.rollback(c);
        throw e;
      }
    } catch (SQLException e) {
      throw new BatonException("cannot migrate the store's schema: " + e.getMessage(), e);
    }
  }

  private static void migrate(Connection c, List<String> schema) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(HISTORY);
      st.execute(HISTORY_INDEX);
    }
    SchemaCheck.adoptOneDefinition(c, "sqlite", schema);
    Map<Integer, Integer> applied = new LinkedHashMap<>();
    int rank = 0;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(APPLIED)) {
      while (rs.next()) {
        rank = Math.max(rank, rs.getInt(1));
        String version = rs.getString(2);
        if (version == null) continue;
        if (!rs.getBoolean(4))
          throw refused("version " + version + " failed when it was applied; restore a backup");
        int v = Integer.parseInt(version);
        if (v > schema.size())
          throw refused(
              "it is at version "
                  + v
                  + ", newer than this Baton's "
                  + schema.size()
                  + ": open it with a newer Baton");
        applied.put(v, rs.getInt(3));
      }
    }
    for (var a : applied.entrySet()) {
      int expected = SchemaCheck.checksum(schema.get(a.getKey() - 1));
      if (a.getValue() != expected)
        throw refused(
            "version "
                + a.getKey()
                + " was applied with another script (checksum "
                + a.getValue()
                + ", this Baton's is "
                + expected
                + ")");
    }
    for (int v = 1; v <= schema.size(); v++) {
      if (applied.containsKey(v)) continue;
      String sql = schema.get(v - 1);
      long start = System.nanoTime();
      try (Statement st = c.createStatement()) {
        for (String statement : Schema.statements(sql)) st.execute(statement);
      }
      try (PreparedStatement ps = c.prepareStatement(RECORD)) {
        ps.setInt(1, ++rank);
        ps.setString(2, Integer.toString(v));
        ps.setString(3, "baton sqlite schema " + v);
        ps.setString(4, "baton-sqlite-V" + v);
        ps.setInt(5, SchemaCheck.checksum(sql));
        ps.setLong(6, (System.nanoTime() - start) / 1_000_000);
        ps.executeUpdate();
      }
    }
  }

  private static BatonException refused(String why) {
    return new BatonException("cannot migrate the store's schema: " + why);
  }
}
