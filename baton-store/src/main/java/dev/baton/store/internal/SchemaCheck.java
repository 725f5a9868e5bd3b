package dev.baton.store.internal;

import dev.baton.store.SqlDialect;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Whether a database's schema is already at the latest version, every script applied as written.
 * Then opening the store needs no Flyway at all, which spares a command line most of a second of
 * class loading; anything else (a new database, a missing or changed script, a schema from a newer
 * Baton) goes through {@link Migrations}, which migrates or explains.
 */
final class SchemaCheck {
  private static final String APPLIED =
      """
      SELECT version, checksum FROM baton_schema_history WHERE success = ? AND version IS NOT NULL
      """;

  private SchemaCheck() {}

  static boolean current(DataSource dataSource, SqlDialect dialect) {
    Map<String, Integer> applied = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(APPLIED)) {
      ps.setBoolean(1, true);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) applied.put(rs.getString(1), rs.getInt(2));
      }
    } catch (SQLException noHistoryYet) {
      return false;
    }
    List<String> schema = Schema.scripts(dialect);
    if (applied.size() != schema.size()) return false;
    for (int i = 0; i < schema.size(); i++) {
      Integer sum = applied.get(Integer.toString(i + 1));
      if (sum == null || sum != checksum(schema.get(i))) return false;
    }
    return true;
  }

  private static final String MOVE_CHECKSUM =
      "UPDATE baton_schema_history SET checksum = ? WHERE version = ? AND checksum = ?";

  /**
   * The checksum migration: a store whose history records a version with the checksum of the script
   * its dialect released before the schema had one definition gets that version's new checksum, on
   * {@code c}'s transaction. Only an exact released checksum is moved; any other difference is left
   * for the migration's validation to report. Nothing to do on a store already moved.
   */
  static void adoptOneDefinition(Connection c, String dialect, List<String> schema)
      throws SQLException {
    List<Integer> released = Schema.RELEASED_PER_DIALECT.getOrDefault(dialect, List.of());
    try (PreparedStatement ps = c.prepareStatement(MOVE_CHECKSUM)) {
      for (int i = 0; i < released.size(); i++) {
        ps.setInt(1, checksum(schema.get(i)));
        ps.setString(2, Integer.toString(i + 1));
        ps.setInt(3, released.get(i));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The checksum Flyway records for a script: CRC-32 of its UTF-8 text. */
  static int checksum(String sql) {
    CRC32 crc = new CRC32();
    crc.update(sql.getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }
}
