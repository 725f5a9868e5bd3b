package dev.baton.cli;

import dev.baton.journal.StoreSignal;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes a {@code --watch} command when the store changes, from a signal wherever one exists rather
 * than by polling:
 *
 * <ul>
 *   <li>a SQLite file: every commit of any process writes the file or its write-ahead log, and the
 *       operating system's file notifications (inotify on Linux, through {@link WatchService})
 *       report it. Reads do not write either file, so the command's own reads do not wake it;
 *   <li>the store's own signals ({@link dev.baton.store.JournalStore#listen}), which on PostgreSQL
 *       cross processes ({@code LISTEN/NOTIFY}) for commands, claims and new runs.
 * </ul>
 *
 * Where no signal covers every change (PostgreSQL's signals do not cover agents' status reports; a
 * server is read through its API), {@link #await} also returns after a short fallback interval.
 */
final class StoreChanges implements AutoCloseable {
  /** With file notifications nothing is missed; a rare look again guards a lost one (overflow). */
  private static final Duration FILE_FALLBACK = Duration.ofMinutes(5);

  /** Where signals do not cover status reports. */
  private static final Duration POLL_FALLBACK = Duration.ofSeconds(2);

  private final Semaphore changes = new Semaphore(0);
  private final StoreSignal.Subscription subscription;
  private final WatchService files;
  private final Duration fallback;

  private StoreChanges(Context ctx, Path sqlite) throws IOException {
    this.subscription = ctx.store.listen(signal -> changes.release());
    this.files = sqlite == null ? null : watch(sqlite);
    this.fallback = files != null ? FILE_FALLBACK : POLL_FALLBACK;
  }

  private StoreChanges() {
    this.subscription = StoreSignal.NONE;
    this.files = null;
    this.fallback = POLL_FALLBACK;
  }

  /**
   * A server's board, read through its API: no signal reaches this process, so it looks again every
   * 2 s.
   */
  static StoreChanges polling() {
    return new StoreChanges();
  }

  /**
   * Changes of the store {@code ctx} opened from {@code spec}: a SQLite file's path, a PostgreSQL
   * URL, or (through a server) anything.
   */
  static StoreChanges of(Context ctx, String spec) {
    Path file = ctx.remote.isEmpty() && !spec.contains(":") ? Path.of(spec) : null;
    try {
      return new StoreChanges(ctx, file != null && Files.exists(file) ? file : null);
    } catch (IOException e) {
      throw new dev.baton.BatonException("cannot watch " + spec + ": " + e.getMessage(), e);
    }
  }

  private WatchService watch(Path db) throws IOException {
    Path dir = db.toAbsolutePath().getParent();
    String name = db.getFileName().toString();
    WatchService service = FileSystems.getDefault().newWatchService();
    // modifications only: a reader's connection creates (and at its end deletes) an empty log
    dir.register(service, StandardWatchEventKinds.ENTRY_MODIFY);
    Thread.ofPlatform()
        .daemon()
        .name("baton-watch-store")
        .start(() -> {
          try {
            while (true) {
              WatchKey key = service.take();
              boolean ours = false;
              for (WatchEvent<?> e : key.pollEvents()) {
                if (e.kind().equals(StandardWatchEventKinds.OVERFLOW)) ours = true;
                else if (e.context() instanceof Path p) {
                  String f = p.toString();
                  // the database and its write-ahead log; not the shared-memory index, which
                  // readers touch too
                  ours |= f.equals(name) || f.equals(name + "-wal");
                }
              }
              if (ours) changes.release();
              if (!key.reset()) return;
            }
          } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
          }
        });
    return service;
  }

  /**
   * Waits until the store changed since the last call (or the fallback interval passed), then
   * forgets the changes signalled meanwhile: the caller reads the store afresh.
   *
   * <p>A SQLite file is notified when a commit's pages are written to the log, a moment before the
   * commit is published to readers (the log's index is shared memory, which no notification
   * covers): a read at once may still see the state before. So a wake waits for a short quiet
   * ({@link #SETTLE}, which also makes one wake of a burst of commits), and after each wake the
   * next call returns after {@link #RECHECK} at the latest, for one more read. Idle, nothing wakes.
   */
  void await() throws InterruptedException {
    Duration wait = recheck ? RECHECK : fallback;
    boolean woke = changes.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (woke) {
      long end = System.nanoTime() + SETTLE.toNanos() * 10;
      while (changes.tryAcquire(SETTLE.toMillis(), TimeUnit.MILLISECONDS)
          && System.nanoTime() < end) {
        // more commits in the burst
      }
      changes.drainPermits();
    }
    recheck = woke;
  }

  private static final Duration SETTLE = Duration.ofMillis(100);
  private static final Duration RECHECK = Duration.ofSeconds(1);
  private boolean recheck;

  @Override
  public void close() {
    subscription.close();
    if (files != null) {
      try {
        files.close();
      } catch (IOException e) {
        // nothing left to watch
      }
    }
  }
}
