package dev.baton.store.internal;

import dev.baton.BatonException;
import dev.baton.store.JournalStore;
import dev.baton.store.PostgresDialect;
import dev.baton.store.SqliteDialect;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
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
   * connection, and so have the arbiter's claims once a claim is made; reads, leases and commands
   * share a small pool when HikariCP is on the class path (it is an optional dependency: without
   * it, each read opens a connection of its own).
   */
  public static JournalStore sqlite(Path file, Clock clock) {
    return sqlite(file, clock, true);
  }

  /**
   * As {@link #sqlite(Path, Clock)}, but every read opens a connection of its own instead of taking
   * one from a pool: for a command line that reads once or twice and exits, starting a pool costs
   * more than it saves. Appends still go through the group-commit writer.
   */
  public static JournalStore sqliteUnpooled(Path file, Clock clock) {
    return sqlite(file, clock, false);
  }

  private static JournalStore sqlite(Path file, Clock clock, boolean pooled) {
    Path absolute = file.toAbsolutePath();
    try {
      if (absolute.getParent() != null) Files.createDirectories(absolute.getParent());
    } catch (IOException e) {
      throw new BatonException(
          "cannot create the folder of " + absolute + ": " + e.getMessage(), e);
    }
    createPrivate(absolute);
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout((int) SQLITE_BUSY_TIMEOUT.toMillis());
    SQLiteDataSource file0 = new SQLiteDataSource(config);
    file0.setUrl("jdbc:sqlite:" + absolute);
    Pools.Pool pool =
        pooled && present("com.zaxxer.hikari.HikariDataSource")
            ? Pools.open("baton-sqlite-" + absolute.getFileName(), 4, file0)
            : new Pools.Pool(file0, () -> {});
    DataSource readers = pool.connections();
    AutoCloseable resources = pool.closer();
    try {
      migrateSqlite(absolute, readers);
      return new JdbcJournalStore(
          String.valueOf(absolute.getFileName()),
          new SqliteDialect(),
          readers,
          file0::getConnection,
          clock,
          resources,
          null);
    } catch (RuntimeException e) {
      closeQuietly(resources, e);
      throw e;
    }
  }

  /** Serializes this process's own SQLite migrations (a file lock is held per process). */
  private static final Object MIGRATING = new Object();

  /**
   * Migrates a SQLite file's schema ({@link SqliteMigrations}), one process at a time: several
   * processes opening a new file at once (servers of one store started together) would otherwise
   * race on the history table. The lock is {@code FILE-migrate.lock} beside the store, held only
   * while a schema that is not current is migrated.
   */
  private static void migrateSqlite(Path file, DataSource readers) {
    SqliteDialect dialect = new SqliteDialect();
    if (SchemaCheck.current(readers, dialect)) return;
    Path lock = file.resolveSibling(file.getFileName() + "-migrate.lock");
    synchronized (MIGRATING) {
      createPrivate(lock);
      try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
        FileLock held = channel.lock();
        try {
          SqliteMigrations.migrate(readers);
        } finally {
          held.release();
        }
      } catch (IOException e) {
        throw new BatonException("cannot lock " + lock + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * A new store file is readable by its user only (0600): it holds agents' outputs. SQLite gives
   * its {@code -wal} and {@code -shm} files the database file's permissions. An existing file is
   * left as its owner set it.
   */
  private static void createPrivate(Path file) {
    if (Files.exists(file)
        || !FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) return;
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      // another process created it first
    } catch (IOException e) {
      throw new BatonException("cannot create " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The PostgreSQL driver, Flyway with its PostgreSQL support and HikariCP are optional
   * dependencies of this module: an application on SQLite alone does not carry them.
   */
  private static void requirePostgresDriver() {
    for (String c :
        new String[] {
          "org.postgresql.Driver",
          "org.flywaydb.core.Flyway",
          "org.flywaydb.database.postgresql.PostgreSQLDatabaseType",
          "com.zaxxer.hikari.HikariDataSource"
        }) {
      if (!present(c))
        throw new BatonException(
            "a PostgreSQL store needs org.postgresql:postgresql,"
                + " org.flywaydb:flyway-database-postgresql and com.zaxxer:HikariCP on the class"
                + " path ("
                + c
                + " is missing); they are optional dependencies of baton-store");
    }
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, Databases.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void closeQuietly(AutoCloseable resources, RuntimeException pending) {
    try {
      resources.close();
    } catch (Exception e) {
      pending.addSuppressed(e);
    }
  }

  /**
   * Baton's transactions last milliseconds. One left open longer is a process paused (a long GC,
   * {@code SIGSTOP}, a frozen VM) in its middle, holding row and table locks (a run's lease row,
   * the claims table) that every other node would wait for as long as the pause lasts: the server
   * ends such a session after 10 s, which frees the locks and rolls its work back. The paused
   * process finds its connection closed when it resumes; its runs are taken over meanwhile.
   */
  static final String PAUSED_TRANSACTIONS = "SET idle_in_transaction_session_timeout = '10s'";

  /**
   * A PostgreSQL database: one pool; the writer keeps one of its connections. {@code jdbcUrl} is a
   * {@code jdbc:postgresql:} URL; user and password may be in {@code properties} or the URL's
   * query.
   */
  public static JournalStore postgres(String jdbcUrl, Properties properties, Clock clock) {
    requirePostgresDriver();
    Pools.Pool pool = Pools.open("baton-postgresql", 6, jdbcUrl, properties, PAUSED_TRANSACTIONS);
    DataSource connections = pool.connections();
    AutoCloseable resources = pool.closer();
    try {
      PostgresDialect dialect = new PostgresDialect();
      Migrations.migrate(connections, dialect);
      return new JdbcJournalStore(
          "postgresql",
          dialect,
          connections,
          connections::getConnection,
          clock,
          resources,
          () -> java.sql.DriverManager.getConnection(jdbcUrl, properties));
    } catch (RuntimeException e) {
      closeQuietly(resources, e);
      throw e;
    }
  }
}
