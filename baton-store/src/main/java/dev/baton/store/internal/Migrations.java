package dev.baton.store.internal;

import dev.baton.BatonException;
import dev.baton.store.SqlDialect;
import java.sql.Connection;
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
 * Brings a PostgreSQL database's schema to the latest version with Flyway and {@code
 * flyway-database-postgresql} (advisory locks keep two nodes from migrating at once). The scripts
 * are {@link Schema}'s, in the dialect's words, registered as Java migrations: no classpath scan at
 * start-up. A node that loses a race with another simply tries again, and finds the schema current.
 * SQLite files migrate without Flyway ({@link SqliteMigrations}), in the same history table.
 */
final class Migrations {
  private static final int ATTEMPTS = 5;

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
   * {@link SchemaCheck#adoptOneDefinition} in a transaction of its own, when there is a history.
   */
  private static void adoptOneDefinition(
      DataSource dataSource, SqlDialect dialect, List<String> schema) {
    try (Connection c = dataSource.getConnection()) {
      dialect.begin(c);
      try {
        SchemaCheck.adoptOneDefinition(c, dialect.name(), schema);
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
        for (String statement : Schema.statements(sql)) st.execute(statement);
      }
    }
  }
}
