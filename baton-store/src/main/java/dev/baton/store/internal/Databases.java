package dev.baton.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.baton.BatonException;
import dev.baton.journal.JournalStore;
import dev.baton.store.PostgresDialect;
import dev.baton.store.SqliteDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens the connections of each kind of store, migrates the schema, and starts the store. */
public final class Databases {
  /** How long a writer waits for another process's transaction on a SQLite file before failing. */
  static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(30);

  private Databases() {}

  /**
   * One SQLite file in WAL mode: readers never block the writer, and with {@code synchronous=FULL}
   * each commit is one fsync of the WAL, durable across power loss. The writer has its own
   * connection; reads, leases and commands share a small pool.
   */
  public static JournalStore sqlite(Path file, Clock clock) {
    Path absolute = file.toAbsolutePath();
    try {
      if (absolute.getParent() != null) Files.createDirectories(absolute.getParent());
    } catch (IOException e) {
      throw new BatonException(
          "cannot create the folder of " + absolute + ": " + e.getMessage(), e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout((int) SQLITE_BUSY_TIMEOUT.toMillis());
    SQLiteDataSource file0 = new SQLiteDataSource(config);
    file0.setUrl("jdbc:sqlite:" + absolute);
    HikariDataSource pool =
        pool("baton-sqlite-" + absolute.getFileName(), 4, hikari -> hikari.setDataSource(file0));
    try {
      Migrations.migrate(pool, new SqliteDialect());
      return new JdbcJournalStore(
          String.valueOf(absolute.getFileName()),
          new SqliteDialect(),
          pool,
          file0::getConnection,
          clock,
          pool,
          null);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * A PostgreSQL database: one pool; the writer keeps one of its connections. {@code jdbcUrl} is a
   * {@code jdbc:postgresql:} URL; user and password may be in {@code properties} or the URL's
   * query.
   */
  public static JournalStore postgres(String jdbcUrl, Properties properties, Clock clock) {
    HikariDataSource pool =
        pool(
            "baton-postgresql",
            6,
            hikari -> {
              hikari.setJdbcUrl(jdbcUrl);
              hikari.setDataSourceProperties(properties);
            });
    try {
      PostgresDialect dialect = new PostgresDialect();
      Migrations.migrate(pool, dialect);
      return new JdbcJournalStore(
          "postgresql",
          dialect,
          pool,
          pool::getConnection,
          clock,
          pool,
          () -> java.sql.DriverManager.getConnection(jdbcUrl, properties));
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static HikariDataSource pool(
      String name, int size, java.util.function.Consumer<HikariConfig> target) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    target.accept(config);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new BatonException("cannot open the store " + name + ": " + e.getMessage(), e);
    }
  }
}
