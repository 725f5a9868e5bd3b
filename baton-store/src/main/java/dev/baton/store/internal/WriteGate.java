package dev.baton.store.internal;

import dev.baton.store.SqlDialect;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The order in which this process's writers take a database that has one write lock (SQLite): the
 * group-commit writer and the claim decisions queue here, in arrival order, and each is woken the
 * moment the one before it has committed. Without it they meet in SQLite's busy handler, which
 * sleeps 1, 2, 5, 10… ms between tries, so a claim decision that arrives while the writer syncs a
 * commit waits several times as long as the commit takes. Other processes' writers still meet this
 * process's in the busy handler.
 */
final class WriteGate {
  private final ReentrantLock lock;

  private WriteGate(ReentrantLock lock) {
    this.lock = lock;
  }

  /** A gate where {@code dialect}'s database lets one writer in at a time; else none. */
  static WriteGate of(SqlDialect dialect) {
    return new WriteGate(dialect.oneWriterAtATime() ? new ReentrantLock(true) : null);
  }

  /** Waits for this process's writer before; {@link #exit} must follow, in a finally. */
  void enter() {
    if (lock != null) lock.lock();
  }

  void exit() {
    if (lock != null) lock.unlock();
  }
}
