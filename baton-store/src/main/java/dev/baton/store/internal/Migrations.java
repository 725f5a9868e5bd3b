package dev.baton.store.internal;

import dev.baton.BatonException;
import dev.baton.store.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Brings a database's schema to the dialect's latest version with Flyway. Flyway 13 handles SQLite
 * in {@code flyway-core} and PostgreSQL with {@code flyway-database-postgresql} (advisory locks
 * keep two nodes from migrating at once). The scripts are {@link Schema}'s, in the dialect's words,
 * registered as Java migrations: no classpath scan at start-up.
 *
 * <p>SQLite has no cross-process migration lock in Flyway: two processes opening a new file at the
 * same moment can both try; the loser fails on an existing table or a busy file and simply tries
 * again, when it finds the schema current.
 */
final class Migrations {
  private static final int ATTEMPTS = 5;

  private static final String MOVE_CHECKSUM =
      "UPDATE baton_schema_history SET checksum = ? WHERE version = ? AND checksum = ?";

  private Migrations() {}

  static void migrate(DataSource dataSource, SqlDialect dialect) {
    if (SchemaCheck.current(dataSource, dialect)) return;
    List<String> schema = Schema.scripts(dialect);
    adoptOneDefinition(dataSource, dialect, schema);
    JavaMigration[] migrations =
        IntStream.range(0, schema.size())
            .mapToObj(i -> new Script(i + 1, dialect.name(), schema.get(i)))
            .toArray(JavaMigration[]::new);
    Flyway flyway =
        Flyway.configure()
            .dataSource(dataSource)
            .loggers("slf4j")
            .table("baton_schema_history")
            .skipDefaultResolvers(true)
            .skipDefaultCallbacks(true)
            .locations(new String[0])
            .javaMigrations(migrations)
            .load();
    for (int attempt = 1; ; attempt++) {
      try {
        flyway.migrate();
        return;
      } catch (FlywayException e) {
        if (attempt == ATTEMPTS)
          throw new BatonException("cannot migrate the store's schema: " + e.getMessage(), e);
      }
    }
  }

  /**
   * The checksum migration: a store whose history records a version with the checksum of the script
   * its dialect released before the schema had one definition gets that version's new checksum, in
   * one transaction. Only an exact released checksum is moved; any other difference is left for
   * Flyway's validation to report. Nothing to do on a new store or one already moved.
   */
  private static void adoptOneDefinition(
      DataSource dataSource, SqlDialect dialect, List<String> schema) {
    List<Integer> released = Schema.RELEASED_PER_DIALECT.getOrDefault(dialect.name(), List.of());
    try (Connection c = dataSource.getConnection()) {
      dialect.begin(c);
      try (PreparedStatement ps = c.prepareStatement(MOVE_CHECKSUM)) {
        for (int i = 0; i < released.size(); i++) {
          ps.setInt(1, SchemaCheck.checksum(schema.get(i)));
          ps.setString(2, Integer.toString(i + 1));
          ps.setInt(3, released.get(i));
          ps.addBatch();
        }
        ps.executeBatch();
        dialect.commit(c);
      } catch (SQLException e) {
        dialect.rollback(c);
        throw e;
      }
    } catch (SQLException noHistoryYet) {
      // a new store: Flyway creates the history with the current checksums
    }
  }

  /** One versioned script; statements are separated by semicolons at line ends. */
  record Script(int version, String dialect, String sql) implements JavaMigration {
    @Override
    public MigrationVersion getVersion() {
      return MigrationVersion.fromVersion(Integer.toString(version));
    }

    @Override
    public String getDescription() {
      return "baton " + dialect + " schema " + version;
    }

    @Override
    public Integer getChecksum() {
      return SchemaCheck.checksum(sql);
    }

    @Override
    public boolean canExecuteInTransaction() {
      return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
      try (Statement st = context.getConnection().createStatement()) {
        for (String statement : sql.split(";\\s*\\n")) {
          if (!statement.isBlank()) st.execute(statement);
        }
      }
    }
  }
}
