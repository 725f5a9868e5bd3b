package dev.baton.store;

import dev.baton.journal.JournalStore;
import dev.baton.store.internal.JdbcJournalStore;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A SQLite store on a disk that can be filled and freed. As root, a real 2 MiB tmpfs filled by a
 * file until the kernel says ENOSPC; otherwise a store whose writer's connection reports {@code
 * SQLITE_FULL} for every write while the disk is "full".
 */
final class FullDisk implements AutoCloseable {
  private final Path dir;
  private final boolean tmpfs;
  private final AtomicBoolean full = new AtomicBoolean();

  private FullDisk(Path dir, boolean tmpfs) {
    this.dir = dir;
    this.tmpfs = tmpfs;
  }

  static FullDisk in(Path parent) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(parent.resolve("disk"));
    if ("root".equals(System.getProperty("user.name"))
        && run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", dir.toString()))
      return new FullDisk(dir, true);
    return new FullDisk(dir, false);
  }

  boolean real() {
    return tmpfs;
  }

  Path dir() {
    return dir;
  }

  JournalStore open(Clock clock) {
    Path file = dir.resolve("baton.db");
    if (tmpfs) return Stores.sqlite(file, clock);
    Stores.sqlite(file, clock).close(); // creates and migrates
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(30_000);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + file);
    return new JdbcJournalStore(
        "full", new SqliteDialect(), ds, () -> failing(ds.getConnection()), clock, () -> {}, null);
  }

  /** Takes every free byte of the disk. */
  void fill() throws IOException {
    full.set(true);
    if (!tmpfs) return;
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(dir.resolve("filler"))) {
      while (true) out.write(block);
    } catch (IOException noSpace) {
      // the disk is full
    }
  }

  void free() throws IOException {
    full.set(false);
    Files.deleteIfExists(dir.resolve("filler"));
  }

  @Override
  public void close() throws IOException {
    if (tmpfs) {
      try {
        run("umount", "-l", dir.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Connection failing(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, m, args) -> {
              Object out = invoke(c, m, args);
              if (out instanceof PreparedStatement ps) return failing(ps);
              return out;
            });
  }

  private PreparedStatement failing(PreparedStatement ps) {
    return (PreparedStatement)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (proxy, m, args) -> {
              if (full.get() && List.of("executeBatch", "executeUpdate").contains(m.getName()))
                throw new SQLiteException(
                    "[SQLITE_FULL] Insertion failed because database is full (database or disk is full)",
                    SQLiteErrorCode.SQLITE_FULL);
              return invoke(ps, m, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args)
      throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static boolean run(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
