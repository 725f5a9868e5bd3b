package dev.baton.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * A raw SQLite journal writer, as a hand-written durable engine would have it: the same {@code
 * events} table as Baton's, WAL, {@code synchronous=FULL}, one connection. Either every event is
 * its own transaction, or a writer thread commits whatever has gathered (group commit).
 */
abstract sealed class FloorWriter implements AutoCloseable {
  /** One row of the journal. */
  record Event(String run, long seq, String type, String data) {}

  private static final String SCHEMA =
      """
      CREATE TABLE IF NOT EXISTS events (
        run TEXT NOT NULL, seq INTEGER NOT NULL, time INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (run, seq)) WITHOUT ROWID
      """;
  private static final String INSERT =
      "INSERT INTO events (run, seq, time, type, data) VALUES (?, ?, ?, ?, ?)";

  final Connection c;
  final PreparedStatement insert;
  final AtomicLong commits = new AtomicLong();
  final AtomicLong events = new AtomicLong();

  /** Time spent in transactions, from their begin to their commit's end (as Baton's writer's). */
  final AtomicLong busyNanos = new AtomicLong();

  FloorWriter(Path file) {
    try {
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      c =
          DriverManager.getConnection(
              "jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
      try (Statement st = c.createStatement()) {
        st.execute(SCHEMA);
      }
      insert = c.prepareStatement(INSERT);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open " + file, e);
    }
  }

  /** Completes once {@code batch} is committed. */
  abstract CompletableFuture<Void> append(List<Event> batch);

  void begin() throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
    }
  }

  void commit() throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("COMMIT");
    }
    commits.incrementAndGet();
  }

  void add(Event e) throws SQLException {
    insert.setString(1, e.run());
    insert.setLong(2, e.seq());
    insert.setLong(3, System.currentTimeMillis() * 1000);
    insert.setString(4, e.type());
    insert.setString(5, e.data());
    insert.addBatch();
    events.incrementAndGet();
  }

  Row.Journal journal() {
    return new Row.Journal(commits.get(), events.get());
  }

  @Override
  public void close() {
    try {
      c.close();
    } catch (SQLException ignored) {
      // the file is thrown away after the run
    }
  }

  /** One transaction, hence one fsync, per event; callers take turns on the connection. */
  static final class PerEvent extends FloorWriter {
    private final ReentrantLock lock = new ReentrantLock();

    PerEvent(Path file) {
      super(file);
    }

    @Override
    CompletableFuture<Void> append(List<Event> batch) {
      lock.lock();
      try {
        for (Event e : batch) {
          long start = System.nanoTime();
          begin();
          add(e);
          insert.executeBatch();
          commit();
          busyNanos.addAndGet(System.nanoTime() - start);
        }
        return CompletableFuture.completedFuture(null);
      } catch (SQLException e) {
        return CompletableFuture.failedFuture(e);
      } finally {
        lock.unlock();
      }
    }
  }

  /** A writer thread drains the queue and commits each drained batch at once. */
  static final class Group extends FloorWriter {
    private record Pending(List<Event> events, CompletableFuture<Void> done) {}

    private static final Pending STOP = new Pending(List.of(), new CompletableFuture<>());
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread =
        Thread.ofPlatform().name("floor-writer").daemon(true).unstarted(this::write);

    Group(Path file) {
      super(file);
      thread.start();
    }

    @Override
    CompletableFuture<Void> append(List<Event> batch) {
      Pending p = new Pending(batch, new CompletableFuture<>());
      queue.add(p);
      return p.done();
    }

    private void write() {
      List<Pending> batch = new ArrayList<>();
      while (true) {
        try {
          batch.add(queue.take());
        } catch (InterruptedException e) {
          return;
        }
        queue.drainTo(batch, 1023);
        boolean stop = batch.remove(STOP);
        List<Pending> done = List.copyOf(batch);
        batch.clear();
        try {
          long start = System.nanoTime();
          begin();
          for (Pending p : done) for (Event e : p.events()) add(e);
          insert.executeBatch();
          commit();
          busyNanos.addAndGet(System.nanoTime() - start);
          Thread.ofVirtual().start(() -> done.forEach(p -> p.done().complete(null)));
        } catch (SQLException e) {
          done.forEach(p -> p.done().completeExceptionally(e));
        }
        if (stop) return;
      }
    }

    @Override
    public void close() {
      queue.add(STOP);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      super.close();
    }
  }
}
