package dev.baton.store.internal;

import dev.baton.BatonException;
import dev.baton.journal.JournalConflictException;
import dev.baton.journal.JournalWriteException;
import dev.baton.store.JournalStore.Stats;
import dev.baton.store.RunJournal.Append;
import dev.baton.store.RunJournal.Committed;
import dev.baton.store.SqlDialect;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>A run's appends are contiguous or not written at all: an append that does not continue its
 * run's journal where it stands (an earlier one failed) is refused, so a failed write never leaves
 * a hole that later appends jump over. When a flush hits a duplicate {@code (run, seq)}, it is
 * rolled back, the offending runs' appends fail with {@link JournalConflictException}, and the rest
 * is written again in one transaction. When it fails for another reason, each run's appends are
 * written again in a commit of their own, so one bad write fails only its run; a full disk fails
 * everything at once. Failures never carry the statement or its data. Futures are completed by one
 * completer thread of their own, in commit order, so a caller's continuation never delays the next
 * flush. A caller that passes a {@link Committed} instead (the engine's runs, whose continuation
 * only posts to their mailbox) is told on the writer thread itself when its append was alone in the
 * flush, sparing a thread hand-off per commit where latency is what counts; a future's continuation
 * may do anything, so it never runs here. A virtual thread appending with a {@link Committed} while
 * nothing is queued or being written writes its append itself ({@link #writtenHere}): with one run
 * in flight no thread is woken, on either side of the commit.
 *
 * <p>Nothing of a flush outlives its completion: the completer's queue drops each batch once its
 * futures are completed, so a process that never closes its store holds no journal of finished
 * runs. (An earlier design started a virtual thread per flush that joined the previous one; each
 * finished thread kept its task, and so every batch ever written stayed reachable.)
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_BATCH = 1024;
  private static final Pending STOP =
      new Pending(null, null, null, null, new CompletableFuture<>(), null);

  private final SqlDialect dialect;
  private final ConnectionFactory connections;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final ReentrantLock lock = new ReentrantLock();

  /**
   * Held while a flush writes and tells: by the writer thread, or by a caller writing its own
   * append ({@link #writtenHere}). It guards the session and {@link #nextSeq}.
   */
  private final ReentrantLock writing = new ReentrantLock();

  /** Appends queued and not yet written and told (their flush not over). */
  private final AtomicInteger unwritten = new AtomicInteger();

  // one thread, so futures complete in commit order and close() knows when the last has
  private final ExecutorService completer =
      Executors.newSingleThreadExecutor(
          Thread.ofVirtual().name("baton-journal-complete-", 0).factory());

  /**
   * Callers asking to be told ({@link Committed}) of a flush of at most this many appends are told
   * on the writer thread: with one run in flight, its next step waits for each commit, and a
   * hand-off to another thread is a wake-up on that path. A larger flush (several runs, throughput
   * bound by this thread) hands its telling to the completer, as its futures: telling a run starts
   * a thread for its mailbox, work this thread should not do for every run of a flush, and runs
   * told at once come back at once, in flushes too small to carry a commit's cost.
   */
  private static final int TELL_HERE_AT_MOST = 1;

  /**
   * Tasks given to the completer and not yet done. Only when there are none may a flush be told
   * here: a run with appends in two flushes hears of them in commit order.
   */
  private final AtomicInteger completing = new AtomicInteger();

  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong commitNanos = new AtomicLong();
  private final Thread thread;
  private final WriteGate gate;
  private AppendSql session; // guarded by writing

  /**
   * Per run, the seq its next append must start with, as last committed here (guarded by writing).
   */
  private final Map<String, Long> nextSeq = new HashMap<>();

  private boolean closed; // guarded by lock

  GroupCommitWriter(
      String name, SqlDialect dialect, WriteGate gate, ConnectionFactory connections) {
    this.dialect = dialect;
    this.gate = gate;
    this.connections = connections;
    this.thread =
        Thread.ofPlatform().name("baton-journal-writer-" + name).daemon(true).unstarted(this::run);
    thread.start();
  }

  /**
   * Appends entries; with a {@code fence} (the lease owner this process runs the run as), only
   * while the run's lease is still that owner's.
   */
  CompletableFuture<Void> submit(Append append, String fence) {
    return submit(Pending.of(append, null, fence, null));
  }

  /**
   * As {@link #submit(Append, String)}, telling {@code committed} once the append's commit is over
   * (see {@link Committed}): on the caller's own thread when it wrote the append itself ({@link
   * #writtenHere}), on the writer thread when the append was alone in its flush, else on the
   * completer's ({@link #TELL_HERE_AT_MOST}).
   */
  void submit(Append append, String fence, Committed committed) {
    Pending p = Pending.of(append, null, fence, committed);
    if (!writtenHere(p)) {
      var unused = submit(p);
    }
  }

  /** Appends a new run's first entries and takes its lease in the same transaction. */
  CompletableFuture<Void> create(Append append, Pending.Claim claim) {
    return submit(Pending.of(append, claim, null, null));
  }

  /** As {@link #create(Append, Pending.Claim)}, telling {@code committed} (as above). */
  void create(Append append, Pending.Claim claim, Committed committed) {
    var unused = submit(Pending.of(append, claim, null, committed));
  }

  private CompletableFuture<Void> submit(Pending p) {
    lock.lock();
    try {
      if (!closed) {
        unwritten.incrementAndGet();
        queue.add(p);
        return p.done();
      }
    } finally {
      lock.unlock();
    }
    var closedError = new BatonException("the journal store is closed");
    if (p.committed() == null) return CompletableFuture.failedFuture(closedError);
    p.committed().done(closedError);
    return null;
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
      // after a caller's own write (writtenHere), if one is under way: what queued meanwhile
      // joins this flush instead of waiting for the next
      writing.lock();
      try {
        queue.drainTo(batch, MAX_BATCH - 1);
        int end = stopAt(batch);
        if (end >= 0) {
          stop = true;
          batch.subList(end, batch.size()).clear();
        }
        if (!batch.isEmpty()) {
          List<Pending> flushed = List.copyOf(batch);
          try {
            flush(flushed);
          } finally {
            unwritten.addAndGet(-flushed.size());
          }
        }
        if (stop && session != null) session.close();
      } finally {
        writing.unlock();
      }
      batch.clear();
    }
  }

  /**
   * Writes {@code p} on the calling thread when nothing else is queued or being written: the run's
   * own virtual thread then commits its append and is told at once, with no thread woken on either
   * side. One run in flight thus never waits for the writer thread to wake; with many, appends
   * queue behind the one being written and the writer thread takes them, as before. Only virtual
   * threads write here (the engine's mailboxes), and only when no earlier append is still queued or
   * being told, so each run's appends are written, and told, in the order they were submitted.
   */
  private boolean writtenHere(Pending p) {
    if (!Thread.currentThread().isVirtual() || !writing.tryLock()) return false;
    try {
      if (unwritten.get() != 0 || completing.get() != 0) return false;
      lock.lock();
      try {
        if (closed) return false;
      } finally {
        lock.unlock();
      }
      flush(List.of(p));
      return true;
    } finally {
      writing.unlock();
    }
  }

  /**
   * Where {@link #STOP} is in {@code batch}, or -1. By identity: {@code indexOf} would call the
   * record's {@code equals}, whose first call costs a short command (that only closes its store)
   * about 20 ms of method-handle set-up.
   */
  @SuppressWarnings("ReferenceEquality") // the sentinel itself, not an equal record
  private static int stopAt(List<Pending> batch) {
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i) == STOP) return i;
    }
    return -1;
  }

  private void flush(List<Pending> batch) {
    Failed failed = new Failed();
    List<Pending> todo = contiguous(batch, failed);
    while (!todo.isEmpty()) {
      try {
        write(todo);
        break;
      } catch (SQLException | RuntimeException e) {
        List<Pending> offenders = offenders(todo, e);
        if (!offenders.isEmpty()) {
          // every append of an offending run goes: what follows a refused append would be a hole
          Set<String> runs = new HashSet<>();
          offenders.forEach(p -> runs.add(p.append().run()));
          List<Pending> rest = new ArrayList<>();
          for (Pending p : todo) {
            if (!runs.contains(p.append().run())) rest.add(p);
            else failed.add(p, new JournalConflictException(conflictMessage(p.append(), e)));
          }
          runs.forEach(nextSeq::remove); // another process wrote: ask the database next time
          todo = rest;
          continue;
        }
        discardSession();
        if (!(e instanceof SQLException sql && dialect.isDiskFull(sql)) && runs(todo) > 1) {
          // one bad write must not fail its neighbours: each run's appends in their own commit
          writeEachRun(todo, failed);
        } else {
          fail(todo, e, failed);
        }
        todo = List.of();
      }
    }
    if (batch.size() <= TELL_HERE_AT_MOST && completing.get() == 0) {
      failed.tell(batch); // here, on the flushing thread: nothing to hand over
      if (failed.anyFuture(batch)) completeLater(() -> failed.complete(batch));
    } else {
      completeLater(() -> {
        failed.tell(batch);
        failed.complete(batch);
      });
    }
  }

  private void completeLater(Runnable task) {
    completing.incrementAndGet();
    completer.execute(() -> {
      try {
        task.run();
      } finally {
        completing.decrementAndGet();
      }
    });
  }

  private void write(List<Pending> todo) throws SQLException {
    long start = System.nanoTime();
    session().write(todo);
    commitNanos.addAndGet(System.nanoTime() - start);
    commits.incrementAndGet();
    events.addAndGet(todo.stream().mapToLong(Pending::events).sum());
    for (Pending p : todo) {
      Append a = p.append();
      if (!a.entries().isEmpty()) nextSeq.put(a.run(), a.entries().getLast().seq() + 1);
      if (a.summary() != null && a.summary().state().finished()) nextSeq.remove(a.run());
    }
  }

  private void writeEachRun(List<Pending> todo, Failed failed) {
    Map<String, List<Pending>> byRun = new LinkedHashMap<>();
    for (Pending p : todo) byRun.computeIfAbsent(p.append().run(), k -> new ArrayList<>()).add(p);
    for (List<Pending> group : byRun.values()) {
      try {
        write(group);
      } catch (SQLException | RuntimeException e) {
        if (e instanceof SQLException sql && dialect.isUniqueViolation(sql)) {
          nextSeq.remove(group.getFirst().append().run());
          group.forEach(
              p -> failed.add(p, new JournalConflictException(conflictMessage(p.append()))));
        } else {
          discardSession();
          fail(group, e, failed);
        }
      }
    }
  }

  /** Fails {@code todo} for {@code e}: one line in the log, one line for each caller. */
  private void fail(List<Pending> todo, Exception e, Failed failed) {
    boolean full = e instanceof SQLException sql && dialect.isDiskFull(sql);
    String why = e instanceof SQLException sql ? dialect.describe(sql) : String.valueOf(e);
    // each caller gets the reason and reports it: the log says it once, at debug level
    LOG.debug("journal write of {} appends failed: {}", todo.size(), why, e);
    for (Pending p : todo) {
      String run = p.append().run();
      String what = p.append().ofRun() ? "journal of run " + run : "journal " + run;
      String resume = p.append().ofRun() ? " and run `baton resume " + run + "`" : "";
      String message =
          full
              ? "disk full writing the " + what + "; free space" + resume
              : "cannot write the "
                  + what
                  + " ("
                  + why
                  + ")"
                  + (resume.isEmpty()
                      ? ""
                      : "; once the store accepts writes again, run `baton resume " + run + "`");
      failed.add(p, new JournalWriteException(run, message, null));
    }
  }

  /**
   * The appends that continue their run's journal where it stands. A run's appends are contiguous
   * or not written at all: an append whose first seq does not follow the run's last stored one (an
   * earlier append of the run failed) is refused, and so is every later one of that run in the
   * batch. The last seq is remembered per run after each commit; the database is asked only for a
   * run this writer has not seen, or when the remembered one disagrees (another process wrote).
   */
  private List<Pending> contiguous(List<Pending> batch, Failed failed) {
    Map<String, Long> next = new HashMap<>(); // within this batch
    Set<String> broken = new HashSet<>();
    List<Pending> ok = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      Append a = p.append();
      String run = a.run();
      if (broken.contains(run)) {
        failed.add(p, gap(a, "an earlier append of this run was refused"));
        continue;
      }
      if (a.entries().isEmpty()) {
        ok.add(p);
        continue;
      }
      long first = a.entries().getFirst().seq();
      Long expected = next.get(run);
      if (expected == null) {
        expected = nextSeq.get(run);
        if (expected == null && first == 1) expected = 1L; // a new run: the primary key guards it
        if (expected == null || expected != first) {
          try {
            expected = session().lastSeq(run) + 1;
          } catch (SQLException | RuntimeException e) {
            discardSession();
            broken.add(run);
            fail(List.of(p), e, failed);
            continue;
          }
        }
      }
      if (first < expected && consecutive(a)) {
        // seqs already in the journal: another process appended (or this is a replay)
        broken.add(run);
        nextSeq.remove(run);
        failed.add(p, new JournalConflictException(conflictMessage(a)));
        continue;
      }
      if (first != expected || !consecutive(a)) {
        broken.add(run);
        failed.add(
            p,
            gap(
                a,
                "seq "
                    + first
                    + " does not follow the journal's last seq "
                    + (expected - 1)
                    + " (an earlier append of this run failed)"));
        continue;
      }
      next.put(run, first + a.entries().size());
      ok.add(p);
    }
    return ok;
  }

  private static boolean consecutive(Append a) {
    long seq = a.entries().getFirst().seq();
    for (var e : a.entries()) if (e.seq() != seq++) return false;
    return true;
  }

  private static JournalWriteException gap(Append a, String why) {
    String run = a.run();
    return new JournalWriteException(
        run,
        "refused to write the journal of run "
            + run
            + " with a hole: "
            + why
            + (a.ofRun() ? "; run `baton resume " + run + "`" : ""),
        null);
  }

  private static int runs(List<Pending> todo) {
    return (int) todo.stream().map(p -> p.append().run()).distinct().count();
  }

  /**
   * The appends that failed and why. Their callers hear of them before the callers of the appends
   * written: those told directly ({@link #tell}) on the writer thread, futures ({@link #complete})
   * on the completer's.
   */
  private static final class Failed {
    private final IdentityHashMap<Pending, Throwable> failures = new IdentityHashMap<>();
    private final List<Pending> order = new ArrayList<>();

    void add(Pending p, Throwable why) {
      if (failures.putIfAbsent(p, why) == null) order.add(p);
    }

    void tell(List<Pending> batch) {
      for (Pending p : order) if (p.committed() != null) tell(p, failures.get(p));
      for (Pending p : batch) if (p.committed() != null && !failures.containsKey(p)) tell(p, null);
    }

    private static void tell(Pending p, Throwable failure) {
      try {
        p.committed().done(failure);
      } catch (RuntimeException e) {
        // a caller's mistake must not stop the writer, which every run's appends wait for
        LOG.error(
            "journal {}: the append's caller failed to take its outcome", p.append().run(), e);
      }
    }

    boolean anyFuture(List<Pending> batch) {
      for (Pending p : batch) if (p.done() != null) return true;
      return false;
    }

    void complete(List<Pending> batch) {
      for (Pending p : order) if (p.done() != null) p.done().completeExceptionally(failures.get(p));
      for (Pending p : batch) if (p.done() != null) p.done().complete(null);
    }
  }

  /** The appends to fail for a duplicate key, or none when {@code e} is another error. */
  private List<Pending> offenders(List<Pending> todo, Exception e) {
    if (e instanceof AppendSql.LeaseLost lost) {
      return todo.stream().filter(p -> lost.runs().contains(p.append().run())).toList();
    }
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

  private static String conflictMessage(Append a, Exception cause) {
    if (cause instanceof AppendSql.LeaseLost) {
      return "run "
          + a.run()
          + ": another process has taken over its lease; this process stops executing it";
    }
    return conflictMessage(a);
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
    if (session == null) session = new AppendSql(dialect, gate, connections.open());
    return session;
  }

  private void discardSession() {
    if (session != null) session.close();
    session = null;
  }
}
