package dev.baton.store.internal;

import dev.baton.BatonException;
import dev.baton.journal.JournalConflictException;
import dev.baton.journal.JournalStore.Append;
import dev.baton.journal.JournalStore.Stats;
import dev.baton.store.SqlDialect;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one named thread drains the appends of all runs from a queue and writes whatever
 * has gathered in one transaction, so that one fsync makes many appends durable. While a flush
 * commits, the next appends queue up and make the next flush. The thread blocks on the queue when
 * idle: no sleeping, no polling.
 *
 * <p>When a flush hits a duplicate {@code (run, seq)}, it is rolled back, the offending appends
 * fail with {@link JournalConflictException}, and the rest is written again in one transaction.
 * Futures are completed by one completer thread of their own, in commit order, so a caller's
 * continuation never delays the next flush.
 *
 * <p>Nothing of a flush outlives its completion: the completer's queue drops each batch once its
 * futures are completed, so a process that never closes its store holds no journal of finished
 * runs. (An earlier design started a virtual thread per flush that joined the previous one; each
 * finished thread kept its task, and so every batch ever written stayed reachable.)
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_BATCH = 1024;
  private static final Pending STOP = new Pending(null, List.of(), null, new CompletableFuture<>());

  private final SqlDialect dialect;
  private final ConnectionFactory connections;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  // one thread, so futures complete in commit order and close() knows when the last has
  private final ExecutorService completer =
      Executors.newSingleThreadExecutor(
          Thread.ofVirtual().name("baton-journal-complete-", 0).factory());
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong commitNanos = new AtomicLong();
  private final Thread thread;
  private AppendSql session; // only touched by the writer thread
  private boolean closed; // guarded by lock

  GroupCommitWriter(String name, SqlDialect dialect, ConnectionFactory connections) {
    this.dialect = dialect;
    this.connections = connections;
    this.thread =
        Thread.ofPlatform().name("baton-journal-writer-" + name).daemon(true).unstarted(this::run);
    thread.start();
  }

  CompletableFuture<Void> submit(Append append) {
    return submit(Pending.of(append));
  }

  /** Appends a new run's first entries and takes its lease in the same transaction. */
  CompletableFuture<Void> create(Append append, Pending.Claim claim) {
    return submit(Pending.of(append, claim));
  }

  private CompletableFuture<Void> submit(Pending p) {
    lock.lock();
    try {
      if (closed)
        return CompletableFuture.failedFuture(new BatonException("the journal store is closed"));
      queue.add(p);
    } finally {
      lock.unlock();
    }
    return p.done();
  }

  Stats stats() {
    return new Stats(commits.get(), events.get(), Duration.ofNanos(commitNanos.get()));
  }

  /** Writes what is queued, then stops the thread. Appends submitted afterwards fail. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      queue.add(STOP);
    } finally {
      lock.unlock();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    completer.close(); // waits until every flushed append's future has completed
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only close() ends the writer: it must drain what callers wait for
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      int end = batch.indexOf(STOP);
      if (end >= 0) {
        stop = true;
        batch.subList(end, batch.size()).clear();
      }
      if (!batch.isEmpty()) flush(List.copyOf(batch));
      batch.clear();
    }
    if (session != null) session.close();
  }

  private void flush(List<Pending> batch) {
    List<Pending> todo = new ArrayList<>(batch);
    List<Pending> failed = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    while (!todo.isEmpty()) {
      try {
        long start = System.nanoTime();
        session().write(todo);
        commitNanos.addAndGet(System.nanoTime() - start);
        commits.incrementAndGet();
        events.addAndGet(todo.stream().mapToLong(Pending::events).sum());
        break;
      } catch (SQLException | RuntimeException e) {
        List<Pending> offenders = offenders(todo, e);
        if (offenders.isEmpty()) {
          LOG.warn("journal flush of {} appends failed", todo.size(), e);
          discardSession();
          BatonException error =
              new BatonException("cannot write the journal: " + e.getMessage(), e);
          todo.forEach(p -> {
            failed.add(p);
            failures.add(error);
          });
          todo.clear();
        } else {
          for (Pending p : offenders) {
            failed.add(p);
            failures.add(new JournalConflictException(conflictMessage(p.append())));
          }
          todo.removeAll(offenders);
        }
      }
    }
    completer.execute(() -> complete(batch, failed, failures));
  }

  private static void complete(
      List<Pending> batch, List<Pending> failed, List<Throwable> failures) {
    for (int i = 0; i < failed.size(); i++)
      failed.get(i).done().completeExceptionally(failures.get(i));
    for (Pending p : batch) p.done().complete(null);
  }

  /** The appends to fail for a duplicate key, or none when {@code e} is another error. */
  private List<Pending> offenders(List<Pending> todo, Exception e) {
    if (!(e instanceof SQLException sql) || !dialect.isUniqueViolation(sql)) return List.of();
    if (todo.size() == 1) return todo;
    try {
      List<Pending> found = session().conflicts(todo);
      return found.isEmpty() ? List.of(todo.getFirst()) : found;
    } catch (SQLException lookup) {
      e.addSuppressed(lookup);
      return List.of();
    }
  }

  private static String conflictMessage(Append a) {
    long first = a.entries().isEmpty() ? 0 : a.entries().getFirst().seq();
    return "run "
        + a.run()
        + ": seq "
        + first
        + " is already in the journal (another process appended to this run)";
  }

  private AppendSql session() throws SQLException {
    if (session == null) session = new AppendSql(dialect, connections.open());
    return session;
  }

  private void discardSession() {
    if (session != null) session.close();
    session = null;
  }
}
