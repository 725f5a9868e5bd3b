package dev.baton.store.internal;

import dev.baton.BatonException;
import dev.baton.store.SqlDialect;
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
 * keep two nodes from migrating at once). The scripts are the dialect's text blocks, registered as
 * Java migrations: no classpath scan at start-up, and the SQL stays beside the dialect that owns
 * it.
 *
 * <p>SQLite has no cross-process migration lock in Flyway: two processes opening a new file at the
 * same moment can both try; the loser fails on an existing table or a busy file and simply tries
 * again, when it finds the schema current.
 */
final class Migrations {
  private static final int ATTEMPTS = 5;

  private Migrations() {}

  static void migrate(DataSource dataSource, SqlDialect dialect) {
    if (SchemaCheck.current(dataSource, dialect)) return;
    List<String> schema = dialect.schema();
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

  /** One versioned script; statements are separated by semicolons at line ends. */
  private record Script(int version, String dialect, String sql) implements JavaMigration {
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
